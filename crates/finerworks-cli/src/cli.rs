//! The command line's grammar: commands, flags and their help, parsed by clap. The flags of each
//! `images` command live in a submodule.

mod api;
mod catalog;
mod duration;
mod edit;
mod inventory;
mod list;
mod orders;

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use chrono::NaiveDate;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use finerworks::limits::image_library::{SESSION_ID_MAX_LENGTH, SESSION_ID_MIN_LENGTH};
use finerworks::{Environment, LibraryName};
use uuid::Uuid;

pub(crate) use self::api::ApiArgs;
pub(crate) use self::catalog::{CatalogCommand, CatalogListArgs, PricesArgs, ProductArgs};
pub(crate) use self::edit::{
    AddArgs, DeleteArgs, InputFormat, NewImageFlags, Reading, UpdateArgs, file_name_of,
};
pub(crate) use self::inventory::{
    InventoryAddArgs, InventoryCommand, InventoryListArgs, InventoryUpdateArgs,
};
pub(crate) use self::list::ListArgs;
pub(crate) use self::orders::{
    FormatArgs, OrderIdArgs, OrdersCommand, PendingArgs, ShippingArgs, ShippingCommand, StatusArgs,
    SubmitArgs,
};
use crate::choices;

/// Shown at the end of each command's `--help`: what the exit status means.
pub(crate) const EXIT_CODES: &str = "\
Exit status:
  0  success
  1  any other failure (such as writing the output), or a deletion that was not confirmed
  2  the command line is wrong (unknown flag, a value that does not parse, --yes missing)
  3  invalid input: a value breaks a rule of the API (--per-page 51), a row of --from is
     malformed, or a setting is missing, and nothing was sent; or FinerWorks refused a value
     (HTTP 400 naming the field)
  4  FinerWorks refused the API keys
  5  FinerWorks answered with an error, or with a response that cannot be read
  6  the network: no connection, or no answer in time
  7  stopped short: images add added some images (printed) and not others, or maybe not
     (listed on stderr); images delete could not see every deletion happen; inventory update
     had a call fail; inventory add could not settle a lost answer; orders submit placed some
     orders and not others, or maybe not (each order's fate is printed)
  8  images list --all printed every page, but the library changed while it was listed,
     so images may be missing (list again, or add --consistent)
  9  images update or delete: some GUIDs matched no image (named on stderr); the others
     were updated or deleted; inventory update: some SKUs matched no product
130  interrupted by Ctrl-C or SIGTERM, after saying what was done";

/// Shown at the end of `finerworks --help`.
const ROOT_AFTER_HELP: &str = "\
Credentials come from FINERWORKS_WEB_API_KEY and FINERWORKS_APP_KEY (or --web-api-key and
--app-key, which win); FINERWORKS_BASE_URL, FINERWORKS_SESSION_ID and FINERWORKS_SITE_ID are read
too. No account? Try: finerworks images list --demo

Exit status:
  0 success, 1 other failure, 2 usage, 3 invalid input (found before sending, or refused by
  FinerWorks with HTTP 400), 4 keys refused, 5 API error, 6 network, 7 stopped short,
  8 listing may be incomplete, 9 GUIDs not found, 130 interrupted";

/// Manage your FinerWorks image library from the command line.
///
/// finerworks lists, adds, updates and deletes the images of a FinerWorks print-on-demand account
/// (the inventory library, or a session's temporary uploads), checks its API keys, and calls any
/// operation of the API with a JSON body (api). Listings print as a table, JSON, NDJSON or CSV. Add --demo to try it against a built-in mock with
/// made-up images, no account needed.
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
#[allow(
    clippy::large_enum_variant,
    reason = "made once per run, by the parser"
)]
pub(crate) enum Command {
    /// Images in your FinerWorks library: list, add, update, delete.
    #[command(subcommand)]
    Images(ImagesCommand),
    /// The products of your virtual inventory: list, update, add.
    #[command(subcommand)]
    Inventory(InventoryCommand),
    /// Your API keys.
    #[command(subcommand)]
    Credentials(CredentialsCommand),
    /// Call any operation of the FinerWorks API by its operationId, with a JSON body.
    ///
    /// The body (--body) is checked against the operation's request schema before anything is
    /// sent. When the operation's request has a library field (list_images, add_images,
    /// delete_images) and the body leaves it out, the library of --library, --session-id,
    /// --site-id and --account-key is filled in (by default the inventory library of your
    /// session and site, as for the images commands). The answer is printed as pretty JSON, the
    /// API's own, with the keys hidden. With --paginate, a paged operation (list_images,
    /// list_virtual_inventory) fetches every page and prints every item once, one JSON value per
    /// line.
    ///
    /// A call that adds images (add_images) is never sent twice: after a timeout or a server
    /// error it fails rather than risk adding the images twice. The others are retried as the
    /// images commands are.
    #[command(after_long_help = EXIT_CODES)]
    Api(ApiArgs),
    /// What FinerWorks makes: product types, style types, product details.
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Price products: a line per SKU[:QTY] given, with exact amounts and a total.
    ///
    /// Products are sent in batches (the API's limit per call), a few batches at a time, and
    /// printed in the order given. A SKU FinerWorks does not price is named on stderr, and the
    /// exit status is 9 (the others are printed, and the total is theirs).
    #[command(after_long_help = EXIT_CODES)]
    Prices(PricesArgs),
    /// Orders: submit (never twice), status, hold, cancel, release, pending, statuses.
    #[command(subcommand)]
    Orders(OrdersCommand),
    /// Shipping options of orders.
    #[command(subcommand)]
    Shipping(ShippingCommand),
}

/// The commands about images.
#[derive(Debug, Subcommand)]
pub(crate) enum ImagesCommand {
    /// List images: one page (10 unless --per-page says otherwise), or every page with --all.
    ///
    /// Without filters, every image of the library is listed, highest id first (--sort id
    /// --direction desc). Filters combine: an image is listed when it matches all of them. A
    /// --page past the last one is not an error: stderr says how many pages there are, and the
    /// exit status is 0.
    #[command(after_long_help = EXIT_CODES)]
    List(ListArgs),
    /// Add images whose files are already published at URLs: one from flags, or many with --from.
    ///
    /// FinerWorks does not receive the files: give the public URLs of a thumbnail and a preview,
    /// and the (private) URL of the high-resolution file. Every image is checked before anything
    /// is sent; a bad row of --from is named by its line and field. Images are sent in batches
    /// (the API's limit per call), a few batches at a time, and the images FinerWorks created are
    /// printed in the order given. A new image may not be listed at once (a third-party client
    /// reports a few seconds; --wait waits for it).
    ///
    /// If a batch fails, the images of the other batches are still added and printed, and each
    /// failed batch is listed on stderr with its rows, as "not added" (safe to send again) or as
    /// "may or may not have been added" (the request may have been acted on: list your images
    /// before sending those again). The exit status is then 7.
    ///
    /// Ctrl-C (or SIGTERM) stops it cleanly: no batch starts after it, the images added are
    /// printed, the batches in flight are listed as "may or may not have been added" and those
    /// not sent as "not added", and the exit status is 130. --report FILE writes the fate of
    /// every image as JSON.
    #[command(after_long_help = EXIT_CODES)]
    Add(Box<AddArgs>),
    /// Change the title or description of images, found by GUID. Removes the virtual inventory
    /// products of every inventory image updated.
    ///
    /// FinerWorks removes the virtual inventory products of an inventory image whenever it updates
    /// the image, whatever changes (as its documentation says): make them again afterwards if you
    /// need them. Give one GUID with --title and/or --description, or many rows with --from. The
    /// updated images are printed.
    #[command(after_long_help = EXIT_CODES)]
    Update(UpdateArgs),
    /// Delete images, found by GUID, with their virtual inventory products.
    ///
    /// Asks "Delete N images? [y/N]" when stdin is a terminal; otherwise (a script, a pipe, or
    /// --from -) nothing is deleted without --yes. Images already gone are not an error.
    #[command(after_long_help = EXIT_CODES)]
    Delete(DeleteArgs),
}

/// The commands about the API keys.
#[derive(Debug, Subcommand)]
pub(crate) enum CredentialsCommand {
    /// Check that FinerWorks accepts the keys: exits with 0 if so, 4 if it refuses them.
    ///
    /// Calls FinerWorks' test_my_credentials with the keys from the flags or the environment, and
    /// prints one line saying which API accepted them. Nothing in the library changes.
    #[command(after_long_help = EXIT_CODES)]
    Test,
}

/// Which library a command works on, and whose: shared by the `images` commands.
#[derive(Debug, Default, Args)]
pub(crate) struct LibraryArgs {
    /// Which library [default: inventory]
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

    /// Work on the library of this FinerWorks account instead of your own (only if your app key
    /// may act for it)
    #[arg(long, value_name = "KEY", help_heading = "Library")]
    pub(crate) account_key: Option<String>,
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
    /// to this machine, unless --allow-insecure-http)
    #[arg(long, global = true, value_name = "URL", help_heading = "Connection")]
    pub(crate) base_url: Option<String>,

    /// Allow a plain-http base URL to another machine: the keys then cross the network
    /// unencrypted (plain http to this machine is always allowed)
    #[arg(long, global = true, help_heading = "Connection")]
    pub(crate) allow_insecure_http: bool,

    /// How long to wait for each answer before trying again
    #[arg(
        long,
        global = true,
        value_name = "DURATION",
        value_parser = duration::parse_duration,
        help = format!(
            "How long to wait for each answer before trying again: {} [default: 30s]",
            duration::ACCEPTED
        ),
        help_heading = "Connection"
    )]
    pub(crate) timeout: Option<Duration>,

    /// How many times to retry a failed request
    #[arg(
        long,
        global = true,
        value_name = "N",
        help = retries_help(),
        help_heading = "Connection"
    )]
    pub(crate) retries: Option<u32>,
}

/// An output format. Each command describes the formats in its own terms
/// ([`format_parser`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// A table fitted to the terminal, then a summary line.
    Table,
    /// One JSON document.
    Json,
    /// One JSON image per line.
    Ndjson,
    /// A header, then one row per image.
    Csv,
}

/// The command whose `--format` is described: what it prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Printing {
    /// `images list`: a page, or every page with `--all`.
    Listing,
    /// `images add`: the images created.
    Added,
    /// `images update`: the images updated.
    Updated,
    /// The `inventory` commands: products.
    Products,
}

/// What `format` prints for the command `printing`, for `--help`: a command that only prints
/// the images it changed says nothing of paging (`--all`) or products (`--products`).
fn format_help(format: Format, printing: Printing) -> String {
    if printing == Printing::Products {
        return inventory::products_format_help(format).to_owned();
    }
    let verb = match printing {
        Printing::Listing | Printing::Products => "",
        Printing::Added => "added",
        Printing::Updated => "updated",
    };
    match (format, printing) {
        (Format::Table, Printing::Listing) => "A table fitted to the terminal, then a summary \
            line (when listing with --all, drawn once every page is in). Long titles and file \
            names are cut with …; columns that still do not fit are left out, and stderr names \
            them. Control characters and bidi controls in the text are not shown"
            .to_owned(),
        (Format::Table, _) => format!(
            "A table fitted to the terminal, then a line such as \"{verb} 3 images\". Long \
             titles and file names are cut with …; columns that still do not fit are left out, \
             and stderr names them. Control characters and bidi controls in the text are not \
             shown"
        ),
        (Format::Json, Printing::Listing) => "One JSON document: {\"count\": <total>, \
            \"images\": [...]} with the API's own field names and exact text, plus page_number \
            and per_page for one page of a listing (streamed as pages arrive; if a page fails \
            part-way, the document is closed with an \"error\" member after the images)"
            .to_owned(),
        (Format::Json, _) => format!(
            "One JSON document: {{\"count\": <images {verb}>, \"images\": [...]}} with the \
             API's own field names and exact text"
        ),
        (Format::Ndjson, Printing::Listing) => {
            "One JSON image per line, with the API's exact text (streamed as pages arrive)"
                .to_owned()
        }
        (Format::Ndjson, _) => "One JSON image per line, with the API's exact text".to_owned(),
        (Format::Csv, printing) => {
            let columns = match printing {
                Printing::Listing => "product_count only with --products; ",
                _ => "",
            };
            let streamed = match printing {
                Printing::Listing => " (streamed)",
                _ => "",
            };
            format!(
                "A header, then one row per image: sizes in bytes, dates as the API wrote them, \
                 {columns}a cell a spreadsheet would read as a formula (=, +, -, @ first) starts \
                 with '{streamed}; images update --from reads it back"
            )
        }
    }
}

/// The parser of `--format` for `printing`: the four formats, each described for that command.
pub(crate) fn format_parser(printing: Printing) -> impl TypedValueParser<Value = Format> {
    let values = Format::value_variants().iter().filter_map(move |format| {
        let value = format.to_possible_value()?;
        Some(value.help(format_help(*format, printing)))
    });
    PossibleValuesParser::new(values)
        .try_map(|chosen: String| <Format as ValueEnum>::from_str(&chosen, true))
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

/// A parser of a whole number for a flag whose rule is `rule` (such as "must be between 1 and
/// 50"): a number that `T` holds goes on (the client checks it against the API's rule, and the
/// exit status is that of invalid input); any other whole number (negative, or too large) is
/// refused here with the rule; anything else as not a whole number.
pub(crate) fn whole_number<T>(rule: String) -> impl TypedValueParser<Value = T>
where
    T: FromStr + Clone + Send + Sync + 'static,
{
    move |text: &str| -> Result<T, String> {
        let text = text.trim();
        if let Ok(value) = text.parse::<T>() {
            return Ok(value);
        }
        let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
        if !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit()) {
            Err(rule.clone())
        } else {
            Err(format!("`{text}` is not a whole number"))
        }
    }
}

/// The help of `--retries`, with the numbers of the SDK's default retry policy.
fn retries_help() -> String {
    let policy = finerworks::RetryPolicy::default();
    format!(
        "How many times to retry a failed request: connection failures, timeouts, server errors \
         [default: {}]. Rate-limited answers (HTTP 429) do not count: such a request is retried \
         after its Retry-After for at most {} s, then fails (exit 5). With 0 nothing is retried, \
         429 included",
        policy.max_attempts().saturating_sub(1),
        policy.max_elapsed().as_secs()
    )
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
    use finerworks::{SortDirection, SortField};

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
        let Command::Images(ImagesCommand::List(args)) = cli.command else {
            panic!("images list")
        };
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
        let Command::Images(ImagesCommand::List(args)) = cli.command else {
            panic!("images list")
        };
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
    fn a_file_and_flags_for_one_image_exclude_each_other() {
        let guid = "0f8fad5b-d9cb-469f-a165-70867728950e";
        for args in [
            &["images", "add", "--from", "a.csv", "--title", "t"][..],
            &["images", "add", "--input-format", "csv", "--width", "5"],
            &["images", "update", guid, "--from", "a.csv"],
            &["images", "update", "--from", "a.csv", "--title", "t"],
        ] {
            let error = Cli::try_parse_from(["finerworks"].iter().chain(args)).unwrap_err();
            assert_eq!(
                error.kind(),
                clap::error::ErrorKind::ArgumentConflict,
                "{args:?}"
            );
        }
        // A GUID needs something to change.
        let error = Cli::try_parse_from(["finerworks", "images", "update", guid]).unwrap_err();
        assert_eq!(
            error.kind(),
            clap::error::ErrorKind::MissingRequiredArgument
        );
        let cli =
            Cli::try_parse_from(["finerworks", "images", "delete", guid, guid, "-y"]).unwrap();
        let Command::Images(ImagesCommand::Delete(args)) = cli.command else {
            panic!("images delete")
        };
        assert_eq!(args.guids.len(), 2);
        assert!(args.yes);
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
