//! `catalog types`, `catalog styles`, `catalog product` and `prices`: what FinerWorks makes and
//! what it costs, printed through the generic printer; an unknown SKU is named on stderr with
//! exit status 9.

use finerworks::Prices;

use crate::catalog_rows::{DetailRow, PriceRow, money};
use crate::cli::{CatalogListArgs, Connection, LibraryArgs, PricesArgs, ProductArgs};
use crate::failure::Failure;
use crate::run;

fn count(n: usize, (one, many): (&str, &str)) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `catalog types`.
pub(crate) async fn types(connection: &Connection, args: &CatalogListArgs) -> Result<(), Failure> {
    let (client, _demo) = run::connect(connection, &LibraryArgs::default(), None).await?;
    let types = client
        .catalog()
        .product_types()
        .ids(args.ids.iter().copied())
        .send()
        .await?;
    let closing = count(types.len(), ("product type", "product types"));
    run::printer(args.format)
        .all(&types, &closing)
        .map_err(Failure::Output)
}

/// `catalog styles`.
pub(crate) async fn styles(connection: &Connection, args: &CatalogListArgs) -> Result<(), Failure> {
    let (client, _demo) = run::connect(connection, &LibraryArgs::default(), None).await?;
    let styles = client
        .catalog()
        .style_types()
        .ids(args.ids.iter().copied())
        .send()
        .await?;
    let closing = count(styles.len(), ("style type", "style types"));
    run::printer(args.format)
        .all(&styles, &closing)
        .map_err(Failure::Output)
}

/// `catalog product SKU...`: the products FinerWorks describes, in the order given.
pub(crate) async fn product(connection: &Connection, args: &ProductArgs) -> Result<(), Failure> {
    let (client, _demo) =
        run::connect(connection, &LibraryArgs::default(), args.concurrency).await?;
    let details = client
        .catalog()
        .product_details(args.items.clone())
        .send()
        .await?;
    let rows: Vec<DetailRow> = details
        .products
        .iter()
        .filter_map(|entry| entry.product.clone().map(DetailRow))
        .collect();
    let closing = count(rows.len(), ("product", "products"));
    run::printer(args.format)
        .all(&rows, &closing)
        .map_err(Failure::Output)?;
    let missing: Vec<String> = details
        .not_found()
        .map(|entry| {
            format!(
                "{}: {}",
                entry.sku,
                entry.problem.as_deref().unwrap_or("not found")
            )
        })
        .collect();
    not_found(missing, "described", "products")
}

/// `prices SKU[:QTY]...`: a line per product, in the order given, and the exact total.
pub(crate) async fn prices(connection: &Connection, args: &PricesArgs) -> Result<(), Failure> {
    let (client, _demo) =
        run::connect(connection, &LibraryArgs::default(), args.concurrency).await?;
    let mut call = client.catalog().prices(args.items.clone());
    if let Some(account_key) = &args.account_key {
        call = call.account_key(account_key);
    }
    let prices = call.send().await?;
    let rows = rows(&prices);
    let closing = total_line(&prices);
    run::printer(args.format)
        .all(&rows, &closing)
        .map_err(Failure::Output)?;
    if args.format != crate::cli::Format::Table {
        run::note(&closing);
    }
    let missing: Vec<String> = prices
        .not_priced()
        .map(|line| {
            format!(
                "{}: {}",
                line.sku,
                line.problem.as_deref().unwrap_or("no price")
            )
        })
        .collect();
    not_found(missing, "priced", "prices")
}

/// A row per line: FinerWorks' price, or the SKU and quantity with `info` saying why there is
/// none (so that every format lists every product asked for).
fn rows(prices: &Prices) -> Vec<PriceRow> {
    prices
        .lines
        .iter()
        .map(|line| {
            let mut price = line.price.clone().unwrap_or_default();
            price.product_sku.get_or_insert_with(|| line.sku.clone());
            price
                .product_qty
                .get_or_insert(i32::try_from(line.qty).unwrap_or(i32::MAX));
            if price.total_price.is_none() {
                price.info = line.problem.clone().or(price.info);
            }
            PriceRow(price)
        })
        .collect()
}

/// `total 123.45 for 3 prices` (exact), and how many lines it leaves out.
fn total_line(prices: &Prices) -> String {
    let priced = prices
        .lines
        .iter()
        .filter(|line| line.total().is_some())
        .count();
    let mut line = format!(
        "total {} for {} (amounts in the account's currency)",
        money(Some(prices.total)),
        count(priced, ("product", "products"))
    );
    let unpriced = prices.lines.len() - priced;
    if unpriced > 0 {
        line.push_str(&format!(
            "; {} without a price",
            count(unpriced, ("product", "products"))
        ));
    }
    line
}

/// Exit status 9 naming the products FinerWorks did not describe or price, if any.
fn not_found(missing: Vec<String>, done: &str, command: &str) -> Result<(), Failure> {
    if missing.is_empty() {
        return Ok(());
    }
    Err(Failure::NotFound {
        error: format!(
            "{} not {done} by FinerWorks",
            count(missing.len(), ("product was", "products were"))
        ),
        details: missing,
        hint: format!(
            "check the SKUs (virtual-inventory SKUs or product codes); the {command} of the others are printed"
        ),
    })
}

#[cfg(test)]
mod tests {
    use finerworks::Money;

    use super::*;

    #[test]
    fn money_is_printed_exactly_with_two_decimals() {
        let amount = |text: &str| Some(text.parse::<Money>().unwrap());
        assert_eq!(money(amount("19.99")), "19.99");
        assert_eq!(money(amount("0.1")), "0.10");
        assert_eq!(money(amount("123456789012.35")), "123456789012.35");
        assert_eq!(money(None), "-");
    }
}
