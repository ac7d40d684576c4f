//! The flags of `orders submit`, `orders status`, `orders hold`, `orders cancel`,
//! `orders release`, `orders pending`, `orders statuses` and `shipping options`.

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Subcommand, ValueEnum};
use finerworks::limits::{submit_orders_request as v1, submit_orders_v2_request as v2};
use finerworks::{DEFAULT_CONCURRENCY, MAX_CONCURRENCY};

use super::{EXIT_CODES, Format};

/// The commands about orders.
#[derive(Debug, Subcommand)]
pub(crate) enum OrdersCommand {
    /// Submit orders from a JSON file, never placing one twice, and print what happened to each.
    ///
    /// The file (`-` for stdin) holds a JSON array of orders, an object with an `orders` array,
    /// or one order, each with the API's field names (`order_po`, `recipient`, `order_items`,
    /// `shipping_code`...). Every order is checked before anything is sent. An order without an
    /// `order_po` gets one (`fw-` and 32 hex digits, printed), because a PO is how an order is
    /// found again.
    ///
    /// The POs are looked up first: an order FinerWorks already has is not sent (so running the
    /// command again after a failure is safe). A call whose fate is unknown (a timeout, a dropped
    /// connection, a server error) is never sent again blindly: its orders are looked up by PO,
    /// and only those FinerWorks does not have are sent again. Each order is printed with its
    /// fate: placed, found_after_lookup, already_present, valid (--validate-only), not_placed or
    /// unknown (look it up with `orders status --po` before sending it again). The exit status is
    /// 7 when an order was not placed. Ctrl-C (or SIGTERM) stops it cleanly: no call starts after
    /// it, every order is printed with its fate, and the exit status is 130.
    #[command(after_long_help = EXIT_CODES)]
    Submit(SubmitArgs),
    /// Show the production status of orders, by id or (--po) by PO: every order with the PO.
    ///
    /// An id or PO FinerWorks does not know is left out; stderr says how many were found.
    #[command(after_long_help = EXIT_CODES)]
    Status(StatusArgs),
    /// Put an order on hold before production.
    #[command(after_long_help = EXIT_CODES)]
    Hold(OrderIdArgs),
    /// Cancel an order's submission before production (it may then be submitted again with the
    /// same PO).
    #[command(after_long_help = EXIT_CODES)]
    Cancel(OrderIdArgs),
    /// Release an order to production (FinerWorks' `pending` command): the way out of a hold.
    #[command(after_long_help = EXIT_CODES)]
    Release(OrderIdArgs),
    /// Show pending orders (drafts held before submission), by id.
    #[command(after_long_help = EXIT_CODES)]
    Pending(PendingArgs),
    /// List every production status an order can have.
    #[command(after_long_help = EXIT_CODES)]
    Statuses(FormatArgs),
}

/// The commands about shipping.
#[derive(Debug, Subcommand)]
pub(crate) enum ShippingCommand {
    /// Show the shipping options of an order (or of each order of a list), with their codes and
    /// totals.
    ///
    /// The file (`-` for stdin) holds one order as JSON (its `shipping_code` is required even for
    /// a quote: any code will do, such as SD), or a JSON array of orders (or an object with an
    /// `orders` array), each with its own `order_po`.
    #[command(after_long_help = EXIT_CODES)]
    Options(ShippingArgs),
}

/// The flags of `orders submit`.
#[derive(Debug, Args)]
pub(crate) struct SubmitArgs {
    /// The orders: a JSON file, or - for stdin
    #[arg(long, value_name = "ORDERS.json")]
    pub(crate) from: String,
    /// Only check the orders: FinerWorks says whether they are complete, and nothing is placed
    #[arg(long)]
    pub(crate) validate_only: bool,
    /// Submit with submit_orders_v2 and this payment token (a payment processor's token,
    /// `invoice`, or `xxxx` to make every order a test order)
    #[arg(
        long,
        value_name = "TOKEN",
        help = format!(
            "Submit with submit_orders_v2 ({} orders a call) and this payment token: a payment \
             processor's token, `invoice`, or `xxxx` to make every order a test order [default: \
             submit_orders, {} orders a call]",
            v2::ORDERS_MAX_ITEMS,
            v1::ORDERS_MAX_ITEMS
        )
    )]
    pub(crate) payment_token: Option<String>,
    /// How many calls to make at once
    #[arg(
        long,
        value_name = "N",
        help = format!("How many calls to make at once, 1 to {MAX_CONCURRENCY} [default: {DEFAULT_CONCURRENCY}]")
    )]
    pub(crate) concurrency: Option<usize>,
    /// How to print the fate of each order
    #[arg(long, short = 'f', value_name = "FORMAT", value_parser = format_parser(), default_value = "table")]
    pub(crate) format: Format,
}

/// The flags of `orders status`.
#[derive(Debug, Args)]
pub(crate) struct StatusArgs {
    /// The orders' ids
    #[arg(
        value_name = "ID",
        required_unless_present = "po",
        conflicts_with = "po"
    )]
    pub(crate) ids: Vec<i64>,
    /// Look the orders up by PO instead (repeatable, or comma-separated)
    #[arg(long, value_name = "PO", value_delimiter = ',')]
    pub(crate) po: Vec<String>,
    /// How to print them
    #[arg(long, short = 'f', value_name = "FORMAT", value_parser = format_parser(), default_value = "table")]
    pub(crate) format: Format,
}

/// The flags of `orders hold`, `cancel` and `release`.
#[derive(Debug, Args)]
pub(crate) struct OrderIdArgs {
    /// The order's id
    #[arg(value_name = "ID")]
    pub(crate) id: i64,
}

/// The flags of `orders pending`.
#[derive(Debug, Args)]
pub(crate) struct PendingArgs {
    /// The pending orders' ids
    #[arg(value_name = "ID", required = true)]
    pub(crate) ids: Vec<i64>,
    /// How to print them
    #[arg(long, short = 'f', value_name = "FORMAT", value_parser = format_parser(), default_value = "table")]
    pub(crate) format: Format,
}

/// Just `--format`.
#[derive(Debug, Args)]
pub(crate) struct FormatArgs {
    /// How to print them
    #[arg(long, short = 'f', value_name = "FORMAT", value_parser = format_parser(), default_value = "table")]
    pub(crate) format: Format,
}

/// The flags of `shipping options`.
#[derive(Debug, Args)]
pub(crate) struct ShippingArgs {
    /// The order (or orders): a JSON file, or - for stdin
    #[arg(long, value_name = "ORDER.json")]
    pub(crate) from: String,
    /// How to print the options
    #[arg(long, short = 'f', value_name = "FORMAT", value_parser = format_parser(), default_value = "table")]
    pub(crate) format: Format,
}

/// The four formats, described for rows of orders.
fn format_parser() -> impl TypedValueParser<Value = Format> {
    let values = Format::value_variants().iter().filter_map(|format| {
        let help = match format {
            Format::Table => "A table fitted to the terminal, then a summary line",
            Format::Json => "One JSON document with the API's own field names",
            Format::Ndjson => "One JSON object per line",
            Format::Csv => "A header, then one row per item",
        };
        Some(format.to_possible_value()?.help(help))
    });
    PossibleValuesParser::new(values)
        .try_map(|chosen: String| <Format as ValueEnum>::from_str(&chosen, true))
}
