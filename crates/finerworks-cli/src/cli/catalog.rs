//! The flags of `catalog types`, `catalog styles`, `catalog product` and `prices`.

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Subcommand, ValueEnum};
use finerworks::limits::get_prices_request::PRODUCTS_MAX_ITEMS as PRICES_PER_CALL;
use finerworks::limits::get_product_details_request::PRODUCTS_MAX_ITEMS as DETAILS_PER_CALL;
use finerworks::limits::price_request_item::{PRODUCT_QTY_MAX, PRODUCT_QTY_MIN};
use finerworks::{DEFAULT_CONCURRENCY, MAX_CONCURRENCY, SkuQty};

use super::{EXIT_CODES, Format};

/// The commands about the catalog.
#[derive(Debug, Subcommand)]
pub(crate) enum CatalogCommand {
    /// List the product types FinerWorks makes.
    #[command(after_long_help = EXIT_CODES)]
    Types(CatalogListArgs),
    /// List the style types (what can be framed, matted, glazed; sizes and add-ons).
    #[command(after_long_help = EXIT_CODES)]
    Styles(CatalogListArgs),
    /// Show the details and prices of products, by SKU or product code.
    ///
    /// Products are sent in batches (the API's limit per call), a few batches at a time, and
    /// printed in the order given. A SKU FinerWorks does not describe is named on stderr, and
    /// the exit status is 9 (the others are printed).
    #[command(after_long_help = EXIT_CODES)]
    Product(ProductArgs),
}

/// The flags of `catalog types` and `catalog styles`.
#[derive(Debug, Args)]
pub(crate) struct CatalogListArgs {
    /// Only these ids (repeatable, or comma-separated)
    #[arg(long = "id", value_name = "ID", value_delimiter = ',')]
    pub(crate) ids: Vec<i64>,
    /// How to print them
    #[arg(long, short = 'f', value_name = "FORMAT", value_parser = format_parser(), default_value = "table")]
    pub(crate) format: Format,
}

/// The flags of `catalog product`.
#[derive(Debug, Args)]
pub(crate) struct ProductArgs {
    /// The products: a SKU or product code, with :QTY for a quantity other than 1
    #[arg(value_name = "SKU[:QTY]", required = true, value_parser = sku_qty)]
    pub(crate) items: Vec<SkuQty>,
    /// How many calls to make at once
    #[arg(long, value_name = "N", help = concurrency_help(DETAILS_PER_CALL))]
    pub(crate) concurrency: Option<usize>,
    /// How to print them
    #[arg(long, short = 'f', value_name = "FORMAT", value_parser = format_parser(), default_value = "table")]
    pub(crate) format: Format,
}

/// The flags of `prices`.
#[derive(Debug, Args)]
pub(crate) struct PricesArgs {
    /// The products to price: a SKU or product code, with :QTY for a quantity other than 1
    #[arg(value_name = "SKU[:QTY]", required = true, value_parser = sku_qty)]
    pub(crate) items: Vec<SkuQty>,
    /// Price for this FinerWorks account (only for app keys allowed to act for others)
    #[arg(long, value_name = "KEY")]
    pub(crate) account_key: Option<String>,
    /// How many calls to make at once
    #[arg(long, value_name = "N", help = concurrency_help(PRICES_PER_CALL))]
    pub(crate) concurrency: Option<usize>,
    /// How to print them
    #[arg(long, short = 'f', value_name = "FORMAT", value_parser = format_parser(), default_value = "table")]
    pub(crate) format: Format,
}

fn concurrency_help(per_call: usize) -> String {
    format!(
        "How many calls ({per_call} products each) to make at once, 1 to {MAX_CONCURRENCY} \
         [default: {DEFAULT_CONCURRENCY}]"
    )
}

/// `SKU` or `SKU:QTY` (the last `:` and a whole number after it; a SKU may hold `:` itself).
pub(crate) fn sku_qty(text: &str) -> Result<SkuQty, String> {
    let (sku, qty) = match text.rsplit_once(':') {
        Some((sku, qty)) if !qty.is_empty() && qty.bytes().all(|b| b.is_ascii_digit()) => {
            let qty = qty
                .parse::<u32>()
                .ok()
                .filter(|qty| (PRODUCT_QTY_MIN..=PRODUCT_QTY_MAX).contains(qty));
            let qty = qty.ok_or_else(|| {
                format!("the quantity must be between {PRODUCT_QTY_MIN} and {PRODUCT_QTY_MAX}")
            })?;
            (sku, qty)
        }
        _ => (text, 1),
    };
    if sku.trim().is_empty() {
        return Err("the SKU must not be empty".to_owned());
    }
    Ok(SkuQty::new(sku, qty))
}

/// The four formats, described for the catalog's rows.
fn format_parser() -> impl TypedValueParser<Value = Format> {
    let values = Format::value_variants().iter().filter_map(|format| {
        let help = match format {
            Format::Table => {
                "A table fitted to the terminal (prices: exact amounts and a total line)"
            }
            Format::Json => "One JSON document with the API's own field names and exact numbers",
            Format::Ndjson => "One JSON object per line",
            Format::Csv => "A header, then one row per item",
        };
        Some(format.to_possible_value()?.help(help))
    });
    PossibleValuesParser::new(values)
        .try_map(|chosen: String| <Format as ValueEnum>::from_str(&chosen, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quantity_follows_the_last_colon() {
        assert_eq!(sku_qty("AP1234P"), Ok(SkuQty::new("AP1234P", 1)));
        assert_eq!(sku_qty("AP1234P:3"), Ok(SkuQty::new("AP1234P", 3)));
        assert_eq!(sku_qty("a:b:2"), Ok(SkuQty::new("a:b", 2)));
        assert_eq!(
            sku_qty("sample string 2"),
            Ok(SkuQty::new("sample string 2", 1))
        );
        assert_eq!(sku_qty("urn:x"), Ok(SkuQty::new("urn:x", 1)));
        assert!(sku_qty("A:0").unwrap_err().contains("between 1 and 999"));
        assert!(sku_qty("A:1000").is_err());
        assert!(sku_qty(":2").is_err());
    }
}
