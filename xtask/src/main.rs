//! Repository automation, run as `cargo xtask <command>`.
//!
//! - `cargo xtask generate` regenerates `crates/finerworks-api/src/generated.rs` from
//!   `openapi/finerworks.yaml`;
//! - `cargo xtask generate --check` fails, with a diff, when the committed file is stale.

// The xtask is a command-line tool: printing is its job.
#![allow(clippy::print_stdout)]

use std::process::ExitCode;

mod generate;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  generate           regenerate crates/finerworks-api/src/generated.rs from openapi/finerworks.yaml
  generate --check   fail with a diff if the committed generated code is stale";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["generate"] => generate::write(),
        ["generate", "--check"] => generate::check(),
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
