//! `finerworks`: the command line for the [FinerWorks](https://finerworks.com) print-on-demand
//! API, built on the [`finerworks`] crate.
//!
//! ```text
//! finerworks images list --demo --all            # try it: made-up images, no account needed
//! finerworks images list --search harbor --sort title --direction asc
//! finerworks images list --all --format ndjson > images.ndjson
//! finerworks credentials test                    # exit 0 when FinerWorks accepts the keys, 4 if not
//! finerworks images add --from images.csv        # or .json, .ndjson; or one image as flags
//! finerworks images update GUID --title "New title"
//! finerworks images delete GUID --yes
//! finerworks api list_images --body '{"per_page": 5}'   # any operation of the spec, as JSON
//! finerworks inventory list --all --format ndjson # the virtual inventory's products, each with its sku
//! ```
//!
//! `images list` has a flag for every field of FinerWorks' `list_images` request (filters,
//! sorting, paging, the library), lists one page or, with `--all`, every page (fetched a few at a
//! time, with a progress bar on stderr when it is a terminal), and prints a table fitted to the
//! terminal (`COLUMNS`, else the terminal's width, else 100 columns) followed by a summary line on
//! stdout, or JSON, NDJSON or CSV. JSON, NDJSON and CSV are written as pages arrive, so `--all`
//! needs little memory however large the library; the table is drawn once every image is in. A
//! page that fails part-way is named, and leaves well-formed output (the JSON document closed
//! with an `error` member). When the library changes during `--all`, the listing is printed
//! whole but a `warning:` line says it may miss images and the exit status is 8; `--consistent`
//! lists again until the library settles. A `--page` past the last one is not
//! an error: stderr says how many pages there are.
//!
//! Output is safe where it lands: the table shows no control characters or bidi controls from the
//! data and names on stderr any column it left out to fit; CSV cells that a spreadsheet would read
//! as formulas start with `'`; JSON and NDJSON keep the exact text. Flags that do nothing where
//! they are given (`--concurrency` without `--all`...) are pointed out with a `warning:` line.
//!
//! `images add`, `update` and `delete` change the library. Rows of `--from` files (a JSON array,
//! NDJSON or CSV with the API's field names) are checked before anything is sent, and errors name
//! the file, line and field. `images add` sends batches through the `finerworks` client, a few at a
//! time, with a progress bar and,
//! when some batches fail, prints the images created and lists the rest on stderr with their fate.
//! `images update` says that FinerWorks removes the products of updated inventory images;
//! `images delete` asks on a terminal and needs `--yes` otherwise.
//!
//! Credentials come from the same environment variables as `finerworks::Client::from_env`
//! (`FINERWORKS_WEB_API_KEY`, `FINERWORKS_APP_KEY`, `FINERWORKS_BASE_URL`,
//! `FINERWORKS_SESSION_ID`, `FINERWORKS_SITE_ID`) or from flags, which win. The keys are never
//! printed. `--demo` starts the bundled [`finerworks_mock`] server in-process instead.
//!
//! Errors are one line on stderr, `error: ...`, with FinerWorks' reference id when there is one,
//! often followed by a `hint: ...` line.
//!
//! # Exit status
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success (also when the reader of the output goes away, as with `| head`) |
//! | 1 | any other failure, such as writing the output; a deletion that was not confirmed |
//! | 2 | the command line is wrong: an unknown flag, a value that does not parse (a date, a GUID), a missing flag (`--yes` when stdin is not a terminal) |
//! | 3 | invalid input: a value breaks a rule of the API (`--per-page 51`, `--page 0`), a row of `--from` is malformed, a setting is missing or malformed (no keys), and nothing was sent; or FinerWorks refused a value (HTTP 400 with a `ModelState` naming the field) |
//! | 4 | FinerWorks refused the API keys |
//! | 5 | FinerWorks answered with an error (or `success: false`), rate-limited every retry, or sent a response that cannot be read |
//! | 6 | the network: no connection, or no answer in time, after retries |
//! | 7 | stopped short: `images add` added some images (printed), others were not or may have been (listed on stderr); `images delete` could not see every deletion happen; `inventory update` had a call fail; `inventory add` could not settle a lost answer; `orders submit` placed some orders and not others, or maybe not (each order's fate is printed) |
//! | 8 | `images list --all` printed every page, but the library changed while it was listed, so images may be missing (a `warning:` line says what changed; list again, or add `--consistent`) |
//! | 9 | `images update` or `images delete`: some GUIDs matched no image (named on stderr); the others were updated or deleted; `inventory update`: some SKUs matched no product |
//! | 130 | interrupted by Ctrl-C or SIGTERM (`images add`, `orders submit`), after saying what was done |

mod add_report;
mod catalog_rows;
mod choices;
mod cli;
mod commands;
mod failure;
mod input;
mod interrupt;
mod order_rows;
mod output;
mod printable;
mod progress;
mod run;
mod safe;
mod table;
mod warnings;

use std::process::ExitCode;

use clap::Parser as _;

use crate::failure::{Failure, exit};

fn main() -> ExitCode {
    // Usage errors exit with 2 here, `--help` and `--version` with 0.
    let cli = cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            run::note(&format!("error: cannot start the async runtime: {error}"));
            return ExitCode::from(exit::OTHER);
        }
    };
    match runtime.block_on(run::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => fail(&failure),
    }
}

/// Tells the user what went wrong, and exits with the matching status.
fn fail(failure: &Failure) -> ExitCode {
    if failure.is_closed_pipe() {
        return ExitCode::SUCCESS;
    }
    let report = failure.report();
    // Error texts may quote FinerWorks (a message, a title): nothing in them may drive the terminal.
    let line = |text: &str| safe::for_terminal(text).into_owned();
    run::note(&format!("{}: {}", failure.label(), line(&report.error)));
    for detail in &report.details {
        run::note(&format!("  {}", line(detail)));
    }
    if let Some(hint) = report.hint {
        run::note(&format!("hint: {}", line(&hint)));
    }
    ExitCode::from(failure.exit_code())
}
