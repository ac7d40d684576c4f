//! The flags of `images list`: one per field of FinerWorks' `list_images` request, then paging
//! and output.

use chrono::NaiveDate;
use clap::Args;
use finerworks::limits::list_images_request::{
    PAGE_NUMBER_MAX, PAGE_NUMBER_MIN, PER_PAGE_DEFAULT, PER_PAGE_MAX, PER_PAGE_MIN,
};
use finerworks::{DEFAULT_CONCURRENCY, MAX_CONCURRENCY, STREAM_PER_PAGE, SortDirection, SortField};
use uuid::Uuid;

use super::{Format, LibraryArgs, Printing, format_parser, parse_date, parse_guid, whole_number};
use crate::choices;

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

    /// The page to show, counting from 1; with --all, the first page to fetch
    #[arg(
        long,
        value_name = "N",
        help = format!(
            "The page to show, {PAGE_NUMBER_MIN} to {PAGE_NUMBER_MAX}, counting from 1; with \
             --all, the first page to fetch [default: 1]"
        ),
        value_parser = whole_number::<u32>(page_rule()),
        allow_negative_numbers = true,
        help_heading = "Sorting and paging"
    )]
    pub(crate) page: Option<u32>,

    /// Images per page
    #[arg(
        long,
        value_name = "N",
        help = per_page_help(),
        value_parser = whole_number::<u32>(format!("must be between {PER_PAGE_MIN} and {PER_PAGE_MAX}")),
        allow_negative_numbers = true,
        help_heading = "Sorting and paging"
    )]
    pub(crate) per_page: Option<u32>,

    /// List every matching image: fetch all pages (with a progress bar on stderr when it is a
    /// terminal)
    #[arg(long, help_heading = "Sorting and paging")]
    pub(crate) all: bool,

    /// With --all, list again until a listing finds nothing new and notices no change (at most 5
    /// listings), so that images added or removed while it runs do not make it miss others;
    /// exit status 8 if the library would not settle
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
        help_heading = "Sorting and paging"
    )]
    pub(crate) concurrency: Option<usize>,

    /// Which library, and whose.
    #[command(flatten)]
    pub(crate) library: LibraryArgs,

    /// How to print the images
    #[arg(
        long,
        short = 'f',
        value_name = "FORMAT",
        value_parser = format_parser(Printing::Listing),
        default_value = "table",
        help_heading = "Output"
    )]
    pub(crate) format: Format,

    /// Also fetch each image's virtual inventory products (inventory library only): adds a
    /// PRODUCTS count to the table, a product_count column to CSV (which has none without
    /// --products), and the products to JSON
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

/// The rule of `--page`, from the spec: the API's page numbers are .NET `int`s from 1.
fn page_rule() -> String {
    format!("must be between {PAGE_NUMBER_MIN} and {PAGE_NUMBER_MAX}")
}

/// `--per-page`'s help, with the limits and default from the spec.
fn per_page_help() -> String {
    format!(
        "Images per page, {PER_PAGE_MIN} to {PER_PAGE_MAX} [default: {PER_PAGE_DEFAULT}; \
         {STREAM_PER_PAGE} with --all]"
    )
}
