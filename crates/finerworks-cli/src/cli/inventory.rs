//! The flags of the `inventory` commands: `list` (one per field of FinerWorks'
//! `list_virtual_inventory` request, then paging and output), `update --from` and `add`.

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use finerworks::limits::list_virtual_inventory_request::{
    PAGE_NUMBER_MAX, PAGE_NUMBER_MIN, PER_PAGE_DEFAULT, PER_PAGE_MAX, PER_PAGE_MIN,
    SKU_FILTER_MAX_ITEMS,
};
use finerworks::limits::order_product::{PRODUCT_QTY_MAX, PRODUCT_QTY_MIN};
use finerworks::{DEFAULT_CONCURRENCY, MAX_CONCURRENCY, SortDirection, SortField};
use uuid::Uuid;

use super::{
    EXIT_CODES, Format, InputFormat, Printing, format_parser, parse_date, parse_guid, whole_number,
};
use crate::choices;

/// The commands about the virtual inventory.
#[derive(Debug, Subcommand)]
pub(crate) enum InventoryCommand {
    /// List the products of your virtual inventory: one page (10 unless --per-page says
    /// otherwise), or every page with --all.
    ///
    /// The virtual inventory is the products made from the images of your inventory library.
    /// Filters combine: a product is listed when it matches all of them. Products come in the
    /// order of their images (FinerWorks sorts by image fields: assumed), highest image id first
    /// by default.
    #[command(after_long_help = EXIT_CODES)]
    List(InventoryListArgs),
    /// Change products, found by SKU, from a file of rows (--from).
    ///
    /// Each row has a sku and the fields to change (asking_price, name, description,
    /// quantity_in_stock, track_inventory, third_party_integrations); a field left out or empty
    /// keeps its value (assumed). Rows go 50 a call, a few calls at a time; the products updated
    /// are printed. SKUs no product has are named on stderr (exit status 9); a call that failed
    /// is named with its SKUs (exit status 7): updating is safe to repeat.
    #[command(after_long_help = EXIT_CODES)]
    Update(InventoryUpdateArgs),
    /// Add a product made from an image of your inventory library (FinerWorks' submit_product,
    /// in store mode); it gets a new SKU, printed with the product.
    ///
    /// Adding is not safe to repeat: the command first lists the image's products of that code,
    /// then sends the product once. When the answer is lost (a timeout, a dropped connection, a
    /// server error), it is not sent again: the image's products are listed again, and one new
    /// product settles it. What cannot be settled is said on stderr, with exit status 7: look
    /// with inventory list --image GUID before adding it again.
    #[command(after_long_help = EXIT_CODES)]
    Add(InventoryAddArgs),
}

/// The flags of `inventory list`: one per request field, then output and paging.
#[derive(Debug, Args)]
pub(crate) struct InventoryListArgs {
    /// Only products whose name or description contains this text (not case-sensitive: assumed)
    #[arg(long, value_name = "TEXT", help_heading = "Filters")]
    pub(crate) search: Option<String>,

    /// Only the product with this SKU; repeat the flag or separate SKUs with commas for several
    #[arg(
        long,
        value_name = "SKU",
        value_delimiter = ',',
        help = format!(
            "Only the product with this SKU; repeat the flag or separate SKUs with commas for \
             several, at most {SKU_FILTER_MAX_ITEMS}"
        ),
        help_heading = "Filters"
    )]
    pub(crate) sku: Vec<String>,

    /// Only products of this product code; repeat the flag or separate codes with commas
    #[arg(
        long,
        value_name = "CODE",
        value_delimiter = ',',
        help_heading = "Filters"
    )]
    pub(crate) product_code: Vec<String>,

    /// Only the products made from the image with this GUID; repeat or separate with commas
    #[arg(
        long,
        value_name = "GUID",
        value_delimiter = ',',
        value_parser = parse_guid,
        help_heading = "Filters"
    )]
    pub(crate) image: Vec<Uuid>,

    /// Only products added on or after this day (the day their image was added: assumed)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, help_heading = "Filters")]
    pub(crate) created_from: Option<NaiveDate>,

    /// Only products added on or before this day (the day their image was added: assumed)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, help_heading = "Filters")]
    pub(crate) created_to: Option<NaiveDate>,

    /// Which image field to sort by; the API's spellings (file_name...) work too [default: id]
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

    /// The page to show, counting from 1; with --all, the first page to fetch
    #[arg(
        long,
        value_name = "N",
        help = format!(
            "The page to show, {PAGE_NUMBER_MIN} to {PAGE_NUMBER_MAX}, counting from 1; with \
             --all, the first page to fetch [default: 1]"
        ),
        value_parser = whole_number::<u32>(format!("must be between {PAGE_NUMBER_MIN} and {PAGE_NUMBER_MAX}")),
        allow_negative_numbers = true,
        help_heading = "Sorting and paging"
    )]
    pub(crate) page: Option<u32>,

    /// Products per page
    #[arg(
        long,
        value_name = "N",
        help = format!(
            "Products per page, {PER_PAGE_MIN} to {PER_PAGE_MAX} [default: {PER_PAGE_DEFAULT}; \
             {PER_PAGE_MAX} with --all]"
        ),
        value_parser = whole_number::<u32>(format!("must be between {PER_PAGE_MIN} and {PER_PAGE_MAX}")),
        allow_negative_numbers = true,
        help_heading = "Sorting and paging"
    )]
    pub(crate) per_page: Option<u32>,

    /// List every matching product: fetch all pages (with a progress bar on stderr when it is a
    /// terminal)
    #[arg(long, help_heading = "Sorting and paging")]
    pub(crate) all: bool,

    /// With --all, list again until a listing finds nothing new and notices no change (at most 5
    /// listings); exit status 8 if the inventory would not settle
    #[arg(long, requires = "all", help_heading = "Sorting and paging")]
    pub(crate) consistent: bool,

    /// With --all, how many pages to fetch at once
    #[arg(
        long,
        value_name = "N",
        help = format!(
            "With --all, how many pages to fetch at once, 1 to {MAX_CONCURRENCY} \
             [default: {DEFAULT_CONCURRENCY}]"
        ),
        requires = "all",
        help_heading = "Sorting and paging"
    )]
    pub(crate) concurrency: Option<usize>,

    /// List the inventory of this FinerWorks account instead of your own (only if your app key
    /// may act for it)
    #[arg(long, value_name = "KEY", help_heading = "Library")]
    pub(crate) account_key: Option<String>,

    /// How to print the products
    #[arg(
        long,
        short = 'f',
        value_name = "FORMAT",
        value_parser = format_parser(Printing::Products),
        default_value = "table",
        help_heading = "Output"
    )]
    pub(crate) format: Format,
}

/// The flags of `inventory update`: a file of rows.
#[derive(Debug, Args)]
pub(crate) struct InventoryUpdateArgs {
    /// Read the updates from this file ('-' for stdin): rows with a sku and the fields to change,
    /// as a JSON array, NDJSON or CSV. Other columns are skipped and named on stderr, so the
    /// output of inventory list --format csv, edited, can be sent back
    #[arg(long, value_name = "FILE")]
    pub(crate) from: String,

    /// The format of --from [default: from the file's extension (.json, .ndjson, .jsonl, .csv),
    /// else from its first character: '[' JSON, '{' NDJSON, anything else CSV]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub(crate) input_format: Option<InputFormat>,

    /// How to print the updated products
    #[arg(
        long,
        short = 'f',
        value_name = "FORMAT",
        value_parser = format_parser(Printing::Products),
        default_value = "table",
        help_heading = "Output"
    )]
    pub(crate) format: Format,
}

/// The flags of `inventory add`: the image, the product code, and the product's details.
#[derive(Debug, Args)]
pub(crate) struct InventoryAddArgs {
    /// The GUID of the inventory image the product is made from (sent as
    /// product.product_image.library_file.guid: assumed)
    #[arg(long, value_name = "GUID", value_parser = parse_guid)]
    pub(crate) image: Uuid,

    /// The product code to make (FinerWorks' product_sku: a product code, or an existing SKU)
    #[arg(long, value_name = "CODE")]
    pub(crate) sku: String,

    /// A title or descriptive name, at most 50 characters
    #[arg(long, value_name = "TEXT")]
    pub(crate) title: Option<String>,

    /// The quantity
    #[arg(
        long,
        value_name = "N",
        help = format!("The quantity, {PRODUCT_QTY_MIN} to {PRODUCT_QTY_MAX} [default: 1]"),
        value_parser = whole_number::<u32>(format!("must be between {PRODUCT_QTY_MIN} and {PRODUCT_QTY_MAX}")),
        allow_negative_numbers = true
    )]
    pub(crate) quantity: Option<u32>,

    /// Add to the inventory of this FinerWorks account instead of your own (only if your app key
    /// may act for it)
    #[arg(long, value_name = "KEY", help_heading = "Library")]
    pub(crate) account_key: Option<String>,

    /// How to print the product added
    #[arg(
        long,
        short = 'f',
        value_name = "FORMAT",
        value_parser = format_parser(Printing::Products),
        default_value = "table",
        help_heading = "Output"
    )]
    pub(crate) format: Format,
}

/// What `format` prints for the `inventory` commands.
pub(super) fn products_format_help(format: Format) -> &'static str {
    match format {
        Format::Table => {
            "A table fitted to the terminal (SKU, name, price...), then a summary line; columns \
             that do not fit are left out, and stderr names them"
        }
        Format::Json => {
            "One JSON document: {\"count\": <total>, \"products\": [...]} with the API's own \
             field names and exact values"
        }
        Format::Ndjson => "One JSON product per line (each with its sku), with the API's values",
        Format::Csv => {
            "A header, then one row per product (sku first); inventory update --from reads it \
             back"
        }
    }
}
