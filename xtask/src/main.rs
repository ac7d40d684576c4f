//! Repository automation, run as `cargo xtask <command>`.
//!
//! - `cargo xtask generate` regenerates `crates/finerworks-api/src/generated.rs` from
//!   `openapi/finerworks.yaml`;
//! - `cargo xtask generate --check` fails, with a diff, when the committed file is stale;
//! - `cargo xtask drift [--record]` compares a live response of the FinerWorks test API with the
//!   spec (only when the API keys are set), with `finerworks_api::schema`.
//!
//! `cargo xtask` builds `finerworks-api` for `drift`. Should a generated file ever stop compiling,
//! `cargo run -p xtask --no-default-features -- generate` rewrites it without building it.

// The xtask is a command-line tool: printing is its job.
#![allow(clippy::print_stdout)]

use std::process::ExitCode;

#[cfg(feature = "drift")]
mod drift;
mod generate;
mod limits;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  generate           regenerate crates/finerworks-api/src/generated.rs from openapi/finerworks.yaml
  generate --check   fail with a diff if the committed generated code is stale
  drift [--record]   send one real list_images request to the FinerWorks test API and report
                     fields the spec does not describe, describes differently, or misses;
                     --record saves the key-free response as tests/fixtures/live_<date>.json.
                     Needs FINERWORKS_WEB_API_KEY, FINERWORKS_APP_KEY, FINERWORKS_SESSION_ID
                     (FINERWORKS_SITE_ID defaults to 2); without them it exits with code 3";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["generate"] => generate::write(),
        ["generate", "--check"] => generate::check(),
        #[cfg(feature = "drift")]
        ["drift"] => return drift::run(false),
        #[cfg(feature = "drift")]
        ["drift", "--record"] => return drift::run(true),
        #[cfg(not(feature = "drift"))]
        ["drift", ..] => Err("this xtask was built without its `drift` feature".to_string()),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
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
