//! The command line's grammar: commands, flags and their help, parsed by clap.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use finerworks::limits::image_library::{SESSION_ID_MAX_LENGTH, SESSION_ID_MIN_LENGTH};
use finerworks::limits::list_images_request::{PER_PAGE_DEFAULT, PER_PAGE_MAX, PER_PAGE_MIN};
use finerworks::{
    DEFAULT_CONCURRENCY, Environment, LibraryName, MAX_CONCURRENCY, STREAM_PER_PAGE, SortDirection,
    SortField,
};

use crate::choices;
use uuid::Uuid;

/// Shown at the end of `--help`: what the exit status means.
const EXIT_CODES: &str = "\
Exit status:
  0  success
  1  any other failure (such as writing the output)
  2  the command line is wrong (unknown flag, a value that does not parse)
  3  invalid input: a value breaks a rule of the API (--per-page 51), or a setting is missing
  4  FinerWorks refused the API keys
  5  FinerWorks answered with an error, or with a response that cannot be read
  6  the network: no connection, or no answer in time";

/// Shown at the end of `finerworks --help`.
const ROOT_AFTER_HELP: &str = "\
Credentials come from FINERWORKS_WEB_API_KEY and FINERWORKS_APP_KEY (or --web-api-key and
--app-key, which win); FINERWORKS_BASE_URL, FINERWORKS_SESSION_ID and FINERWORKS_SITE_ID are read
too. No account? Try: finerworks images list --demo

Exit status:
  0 success, 1 other failure, 2 usage, 3 invalid input, 4 keys refused, 5 API error, 6 network";

/// List your FinerWorks image library from the command line.
///
/// finerworks lists the images of a FinerWorks print-on-demand account (the inventory library, or
/// a session's temporary uploads) as a table, JSON, NDJSON or CSV, one page at a time or all of
/// them. Add --demo to try it against a built-in mock with made-up images, no account needed.
#[derive(Debug, Parser)]
#[command(name = "finerworks", version, after_help = ROOT_AFTER_HELP)]
pub(crate) struct Cli {
    /// Where to connect and with which keys (accepted after any command).
    #[command(flatten)]
    pub(crate) connection: Connection,
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Images in your FinerWorks library.
    #[command(subcommand)]
    Images(ImagesCommand),
}

/// The commands about images.
#[derive(Debug, Subcommand)]
pub(crate) enum ImagesCommand {
    /// List images: one page (10 unless --per-page says otherwise), or every page with --all.
    ///
    /// Without filters, every image of the library is listed, newest first (sorted by id,
    /// descending). Filters combine: an image is listed when it matches all of them.
    #[command(after_long_help = EXIT_CODES)]
    List(ListArgs),
}

/// Where to connect, and the keys. Global, so they may follow any command.
#[derive(Debug, Args)]
pub(crate) struct Connection {
    /// Try it out: serve made-up images from a built-in mock of FinerWorks (no account, no
    /// network); keys and FINERWORKS_* variables are then ignored.
    #[arg(long, global = true, conflicts_with_all = ["env", "base_url"], help_heading = "Connection")]
    pub(crate) demo: bool,

    /// Your FinerWorks web API key [default: $FINERWORKS_WEB_API_KEY]
    #[arg(long, global = true, value_name = "KEY", help_heading = "Connection")]
    pub(crate) web_api_key: Option<Secret>,

    /// Your FinerWorks app key [default: $FINERWORKS_APP_KEY]
    #[arg(long, global = true, value_name = "KEY", help_heading = "Connection")]
    pub(crate) app_key: Option<Secret>,

    /// Which FinerWorks API to use [default: $FINERWORKS_BASE_URL, else production]
    #[arg(
        long,
        global = true,
        value_enum,
        ignore_case = true,
        help_heading = "Connection"
    )]
    pub(crate) env: Option<Env>,

    /// Send requests to this base URL instead, such as a local finerworks-mock (plain http only
    /// to this machine)
    #[arg(long, global = true, value_name = "URL", help_heading = "Connection")]
    pub(crate) base_url: Option<String>,

    /// Seconds to wait for each answer before trying again [default: 30]
    #[arg(
        long,
        global = true,
        value_name = "SECS",
        value_parser = clap::value_parser!(u64).range(1..),
        help_heading = "Connection"
    )]
    pub(crate) timeout: Option<u64>,

    /// How many times to retry a failed request (connection failures, timeouts, rate limits,
    /// server errors) [default: 3]
    #[arg(long, global = true, value_name = "N", help_heading = "Connection")]
    pub(crate) retries: Option<u32>,
}

/// The flags of `images list`: one per request field, then output and paging.
#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// Only images whose title or description contains this text (not case-sensitive)
    #[arg(long, value_name = "TEXT", help_heading = "Filters")]
    pub(crate) search: Option<String>,

    /// Only the image with this GUID; repeat the flag or separate GUIDs with commas for several
    #[arg(
        long,
        value_name = "GUID",
        value_delimiter = ',',
        value_parser = parse_guid,
        help_heading = "Filters"
    )]
    pub(crate) guid: Vec<Uuid>,

    /// Only images uploaded on or after this day
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, help_heading = "Filters")]
    pub(crate) uploaded_from: Option<NaiveDate>,

    /// Only images uploaded on or before this day
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, help_heading = "Filters")]
    pub(crate) uploaded_to: Option<NaiveDate>,

    /// Only active images [default: active and inactive]
    #[arg(long, conflicts_with = "inactive", help_heading = "Filters")]
    pub(crate) active: bool,

    /// Only inactive images
    #[arg(long, help_heading = "Filters")]
    pub(crate) inactive: bool,

    /// What to sort by; the API's spellings (file_name...) work too [default: id]
    #[arg(
        long,
        value_parser = choices::api_enum(SortField::ALL, choices::sort_help),
        ignore_case = true,
        value_name = "FIELD",
        help_heading = "Sorting and paging"
    )]
    pub(crate) sort: Option<SortField>,

    /// The sort order [default: desc]
    #[arg(
        long,
        value_parser = choices::api_enum(SortDirection::ALL, choices::direction_help),
        ignore_case = true,
        help_heading = "Sorting and paging"
    )]
    pub(crate) direction: Option<SortDirection>,

    /// The page to show, counting from 1; with --all, the first page to fetch [default: 1]
    #[arg(long, value_name = "N", help_heading = "Sorting and paging")]
    pub(crate) page: Option<u32>,

    /// Images per page
    #[arg(
        long,
        value_name = "N",
        help = per_page_help(),
        help_heading = "Sorting and paging"
    )]
    pub(crate) per_page: Option<u32>,

    /// List every matching image: fetch all pages (with a progress bar on stderr when it is a
    /// terminal)
    #[arg(long, help_heading = "Sorting and paging")]
    pub(crate) all: bool,

    /// With --all, how many pages to fetch at once
    #[arg(
        long,
        value_name = "N",
        help = format!(
            "With --all, how many pages to fetch at once, 1 to {MAX_CONCURRENCY} \
             [default: {DEFAULT_CONCURRENCY}]"
        ),
        help_heading = "Sorting and paging"
    )]
    pub(crate) concurrency: Option<usize>,

    /// Which library to list [default: inventory]
    #[arg(
        long,
        value_parser = choices::api_enum(LibraryName::ALL, choices::library_help),
        ignore_case = true,
        help_heading = "Library"
    )]
    pub(crate) library: Option<LibraryName>,

    /// Your session id: identifies the temporary library of a session
    #[arg(
        long,
        value_name = "ID",
        help = format!(
            "Your session id, {SESSION_ID_MIN_LENGTH} to {SESSION_ID_MAX_LENGTH} characters: \
             identifies the temporary library of a session [default: $FINERWORKS_SESSION_ID, \
             else a new random id]"
        ),
        help_heading = "Library"
    )]
    pub(crate) session_id: Option<String>,

    /// Your FinerWorks site id [default: $FINERWORKS_SITE_ID, else 2 on the test API, 0 on
    /// production]
    #[arg(long, value_name = "N", help_heading = "Library")]
    pub(crate) site_id: Option<i32>,

    /// List the library of this FinerWorks account instead of your own (only if your app key
    /// may act for it)
    #[arg(long, value_name = "KEY", help_heading = "Library")]
    pub(crate) account_key: Option<String>,

    /// How to print the images
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table, help_heading = "Output")]
    pub(crate) format: Format,

    /// Also fetch each image's virtual inventory products (inventory library only): adds a
    /// PRODUCTS count to the table and CSV, and the products to JSON
    #[arg(long, help_heading = "Output")]
    pub(crate) products: bool,
}

impl ListArgs {
    /// The `active` filter: `Some(true)`, `Some(false)` or no filter.
    pub(crate) fn active_filter(&self) -> Option<bool> {
        match (self.active, self.inactive) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        }
    }
}

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// A table fitted to the terminal, then a summary line (with --all, printed once every page
    /// is in)
    Table,
    /// One JSON document.
    #[value(
        help = "One JSON document: {\"count\": <total>, \"images\": [...]} with the API's own \
                    field names, plus page_number and per_page for a single page (streamed as pages \
                    arrive)"
    )]
    Json,
    /// One JSON image per line, streamed as pages arrive
    Ndjson,
    /// A header, then one row per image: sizes in bytes, dates as the API wrote them (streamed)
    Csv,
}

/// `--env`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Env {
    /// The production API.
    #[value(alias = "prod", help = "https://api.finerworks.com: your real library")]
    Production,
    /// The test API.
    #[value(
        alias = "sandbox",
        help = "https://test-api.finerworks.com: the sandbox"
    )]
    Test,
}

impl From<Env> for Environment {
    fn from(env: Env) -> Self {
        match env {
            Env::Production => Environment::Production,
            Env::Test => Environment::Test,
        }
    }
}

/// `--per-page`'s help, with the limits and default from the spec.
fn per_page_help() -> String {
    format!(
        "Images per page, {PER_PAGE_MIN} to {PER_PAGE_MAX} [default: {PER_PAGE_DEFAULT}; \
         {STREAM_PER_PAGE} with --all]"
    )
}

/// A key given on the command line: its `Debug` output never shows it.
#[derive(Clone)]
pub(crate) struct Secret(String);

impl Secret {
    /// The key itself, to hand to the client.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl FromStr for Secret {
    type Err = std::convert::Infallible;

    fn from_str(key: &str) -> Result<Self, Self::Err> {
        Ok(Self(key.to_owned()))
    }
}

fn parse_guid(text: &str) -> Result<Uuid, String> {
    Uuid::parse_str(text.trim()).map_err(|_| {
        "not a GUID (expected 32 hex digits, such as 0f8fad5b-d9cb-469f-a165-70867728950e)"
            .to_owned()
    })
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|e| format!("not a date in the form YYYY-MM-DD ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory as _;

    #[test]
    fn the_grammar_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn sort_and_direction_accept_the_api_spellings() {
        let cli = Cli::try_parse_from([
            "finerworks",
            "images",
            "list",
            "--sort",
            "date_added",
            "--direction",
            "DESC",
        ])
        .unwrap();
        let Command::Images(ImagesCommand::List(args)) = cli.command;
        assert_eq!(args.sort, Some(SortField::DateAdded));
        assert_eq!(args.direction, Some(SortDirection::Desc));
    }

    #[test]
    fn guids_may_be_repeated_or_comma_separated() {
        let a = "0f8fad5b-d9cb-469f-a165-70867728950e";
        let b = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
        let c = "16fd2706-8baf-433b-82eb-8c7fada847da";
        let cli = Cli::try_parse_from([
            "finerworks",
            "images",
            "list",
            "--guid",
            &format!("{a},{b}"),
            "--guid",
            c,
        ])
        .unwrap();
        let Command::Images(ImagesCommand::List(args)) = cli.command;
        let guids: Vec<String> = args.guid.iter().map(Uuid::to_string).collect();
        assert_eq!(guids, [a, b, c]);
    }

    #[test]
    fn malformed_dates_and_guids_are_usage_errors() {
        for bad in [
            ["--uploaded-from", "2025-13-01"],
            ["--uploaded-to", "yesterday"],
            ["--guid", "not-a-guid"],
        ] {
            let error =
                Cli::try_parse_from(["finerworks", "images", "list", bad[0], bad[1]]).unwrap_err();
            assert_eq!(
                error.kind(),
                clap::error::ErrorKind::ValueValidation,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn active_and_inactive_exclude_each_other() {
        let error = Cli::try_parse_from(["finerworks", "images", "list", "--active", "--inactive"])
            .unwrap_err();
        assert_eq!(error.kind(), clap::error::ErrorKind::ArgumentConflict);
    }

    #[test]
    fn demo_excludes_another_api_and_keys_stay_out_of_debug_output() {
        let error =
            Cli::try_parse_from(["finerworks", "images", "list", "--demo", "--env", "test"])
                .unwrap_err();
        assert_eq!(error.kind(), clap::error::ErrorKind::ArgumentConflict);

        let cli = Cli::try_parse_from([
            "finerworks",
            "--web-api-key",
            "secret-web-key",
            "images",
            "list",
            "--app-key",
            "secret-app-key",
        ])
        .unwrap();
        let debug = format!("{cli:?}");
        assert!(
            !debug.contains("secret-web-key") && !debug.contains("secret-app-key"),
            "{debug}"
        );
    }
}
