//! Repository automation, run as `cargo xtask <command>`.
//!
//! - `cargo xtask generate` regenerates `crates/finerworks-api/src/generated.rs` from
//!   `openapi/finerworks.yaml`;
//! - `cargo xtask generate --check` fails, with a diff, when the committed file is stale;
//! - `cargo xtask operations` prints the spec's operation table (id, method, path, idempotent,
//!   request and response schemas), tab-separated, for scripts such as `.ci/prism-check`;
//! - `cargo xtask drift [--record] [--mutate]` compares live answers of the FinerWorks test API
//!   with the spec (only when the API keys are set), with `finerworks_api::schema`; `--mutate`
//!   also adds, renames and deletes a throwaway image.
//!
//! `cargo xtask` builds `finerworks-api` for `drift`. Should a generated file ever stop compiling,
//! `cargo run -p xtask --no-default-features -- generate` rewrites it without building it.

// The xtask is a command-line tool: printing is its job.
#![allow(clippy::print_stdout)]

use std::process::ExitCode;

#[cfg(feature = "drift")]
mod drift;
mod fields;
mod generate;
mod limits;
mod operations;
mod paged;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  generate           regenerate crates/finerworks-api/src/generated.rs from openapi/finerworks.yaml
  generate --check   fail with a diff if the committed generated code is stale
  operations         print every operation of openapi/finerworks.yaml, one a line, tab-separated:
                     id, method, path, idempotent, request schema (- for none), response schema
  drift [--record] [--mutate]
                     call the FinerWorks test API and report, per operation, the answer fields
                     the spec does not describe, describes differently, or misses. By default it
                     only reads: test_my_credentials and one list_images page.
                     --record  also save the key-free list_images answer as
                               tests/fixtures/live_<date>.json
                     --mutate  WARNING: changes the test account's image library. Also adds one
                               throwaway image (titled \"finerworks-rs drift check <time>\"),
                               renames it and deletes it, checking each answer; it always tries
                               to delete what it added, and prints what it changed
                     Needs FINERWORKS_WEB_API_KEY, FINERWORKS_APP_KEY, FINERWORKS_SESSION_ID
                     (FINERWORKS_SITE_ID defaults to 2); without them it sends nothing and exits
                     with code 3 (skipped)";

/// What the arguments ask for.
#[derive(Debug, PartialEq, Eq)]
enum Command {
    Generate,
    GenerateCheck,
    Operations,
    #[cfg(feature = "drift")]
    Drift(drift::Options),
    #[cfg(not(feature = "drift"))]
    DriftUnavailable,
    Help,
    /// Arguments that make no sense, with what is wrong when there is more to say than the usage.
    Usage(Option<String>),
}

fn parse(args: &[&str]) -> Command {
    match args {
        ["generate"] => Command::Generate,
        ["generate", "--check"] => Command::GenerateCheck,
        ["operations"] => Command::Operations,
        #[cfg(feature = "drift")]
        ["drift", flags @ ..] => match drift::Options::parse(flags) {
            Ok(options) => Command::Drift(options),
            Err(message) => Command::Usage(Some(message)),
        },
        #[cfg(not(feature = "drift"))]
        ["drift", ..] => Command::DriftUnavailable,
        ["help" | "--help" | "-h"] => Command::Help,
        _ => Command::Usage(None),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match parse(&args) {
        Command::Generate => generate::write(),
        Command::GenerateCheck => generate::check(),
        Command::Operations => operations::print(),
        #[cfg(feature = "drift")]
        Command::Drift(options) => return drift::run(options),
        #[cfg(not(feature = "drift"))]
        Command::DriftUnavailable => {
            Err("this xtask was built without its `drift` feature".to_string())
        }
        Command::Help => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Command::Usage(message) => {
            if let Some(message) = message {
                eprintln!("error: {message}\n");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(all(test, feature = "drift"))]
mod tests {
    use super::{Command, USAGE, parse};
    use crate::drift::Options;

    #[test]
    fn drift_takes_record_and_mutate() {
        let drift = |record, mutate| Command::Drift(Options { record, mutate });
        assert_eq!(parse(&["drift"]), drift(false, false));
        assert_eq!(parse(&["drift", "--record"]), drift(true, false));
        assert_eq!(parse(&["drift", "--mutate"]), drift(false, true));
        assert_eq!(parse(&["drift", "--mutate", "--record"]), drift(true, true));
    }

    #[test]
    fn unknown_arguments_get_the_usage() {
        for args in [
            &["drift", "--force"][..],
            &["drift", "record"],
            &["drift", "--record", "--record"],
        ] {
            assert!(matches!(parse(args), Command::Usage(Some(_))), "{args:?}");
        }
        assert_eq!(parse(&["--record", "drift"]), Command::Usage(None));
        assert_eq!(parse(&["generate", "--mutate"]), Command::Usage(None));
        assert_eq!(parse(&[]), Command::Usage(None));
        assert_eq!(parse(&["generate", "--check"]), Command::GenerateCheck);
        assert_eq!(parse(&["operations"]), Command::Operations);
        assert_eq!(parse(&["operations", "--json"]), Command::Usage(None));
        assert_eq!(parse(&["-h"]), Command::Help);
    }

    #[test]
    fn the_usage_names_both_flags_and_warns_about_mutate() {
        assert!(USAGE.contains("--record"));
        assert!(USAGE.contains("--mutate  WARNING: changes the test account's image library"));
    }
}
