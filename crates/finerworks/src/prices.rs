//! [`GetPrices`]: the prices of any number of products, 50 a call, a few calls at a time, in
//! whichever body form FinerWorks reads; and [`Prices`], a line per product asked for with an
//! exact total.

use std::num::NonZeroU32;
use std::sync::Arc;

use finerworks_api::limits::get_prices_request::PRODUCTS_MAX_ITEMS;
use finerworks_api::limits::price_request_item as qty;
use finerworks_api::operations::GetPrices as GetPricesOp;
use finerworks_api::types::{GetPricesRequest, GetPricesResponse, Price, PriceRequestItem};
use finerworks_api::{HttpMethod, Money, Operation};
use futures_util::{StreamExt as _, TryStreamExt as _, stream};

use crate::catalog::{SkuQty, refused_skus, same_sku, send_items, validate};
use crate::error::{Error, Result};
use crate::exchange::Connection;

/// `get_prices` with the bare array of items as its body: the other form the vendor's pages show.
struct GetPricesArray;

impl Operation for GetPricesArray {
    const ID: &'static str = GetPricesOp::ID;
    const METHOD: HttpMethod = GetPricesOp::METHOD;
    const PATH: &'static str = GetPricesOp::PATH;
    const IDEMPOTENT: bool = GetPricesOp::IDEMPOTENT;
    const REQUEST_SCHEMA: Option<&'static str> = None;
    const RESPONSE_SCHEMA: &'static str = GetPricesOp::RESPONSE_SCHEMA;
    type Request = Vec<PriceRequestItem>;
    type Response = GetPricesResponse;
}

/// A call pricing products, made by [`Catalog::prices`](crate::Catalog::prices).
///
/// The products go [`PRODUCTS_MAX_ITEMS`](crate::limits::get_prices_request::PRODUCTS_MAX_ITEMS)
/// (50) a call, [`concurrency`](crate::ClientBuilder::concurrency) calls at a time, and come
/// back in the order given, each with its price or the reason it has none.
///
/// Which body FinerWorks reads is not documented (its pages show `{products, account_key}` and a
/// bare array): the object is sent first; if FinerWorks answers that it cannot read it (HTTP 400
/// naming `request`), the bare array is sent, and the client keeps to the form that was read.
/// A call with an [`account_key`](Self::account_key) is only ever sent as the object, which is
/// the only form that carries it.
///
/// # Examples
///
/// ```no_run
/// # async fn run(client: finerworks::Client) -> Result<(), finerworks::Error> {
/// let prices = client.catalog().prices([("AP1234P", 2)]).send().await?;
/// assert_eq!(prices.lines.len(), 1);
/// for line in prices.not_priced() {
///     eprintln!("{}: {}", line.sku, line.problem.as_deref().unwrap_or("no price"));
/// }
/// println!("total {:.2}", prices.total);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct GetPrices {
    connection: Arc<Connection>,
    items: Vec<SkuQty>,
    account_key: Option<String>,
}

impl GetPrices {
    pub(crate) fn new(connection: Arc<Connection>, items: Vec<SkuQty>) -> Self {
        Self {
            connection,
            items,
            account_key: None,
        }
    }

    /// Prices for this FinerWorks account instead of the key owner's (ignored by FinerWorks
    /// unless the app key may act for other accounts).
    pub fn account_key(mut self, account_key: impl Into<String>) -> Self {
        self.account_key = Some(account_key.into());
        self
    }

    /// Sends the calls and returns a line per product, in the order given, and their total.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] naming the first product that breaks a rule (no products, a
    /// blank SKU, a quantity outside 1 to 999), before anything is sent. Otherwise the first error
    /// of a call (see [`Error`]), or [`Error::UnexpectedResponse`] when an answer prices a SKU
    /// that was not asked for. A SKU FinerWorks does not price is no error: its line has no
    /// price and says why ([`Prices::not_priced`]).
    pub async fn send(self) -> Result<Prices> {
        validate(&self.items, (qty::PRODUCT_QTY_MIN, qty::PRODUCT_QTY_MAX))?;
        let connection = &*self.connection;
        let account_key = self.account_key.as_deref();
        // The calls are made up front (a future does nothing until polled) and run
        // `concurrency` at a time, in order.
        let calls: Vec<_> = self
            .items
            .chunks(PRODUCTS_MAX_ITEMS)
            .map(|chunk| price_batch(connection, chunk, account_key))
            .collect();
        let batches: Vec<Vec<PriceLine>> = stream::iter(calls)
            .buffered(connection.concurrency)
            .try_collect()
            .await?;
        let lines: Vec<PriceLine> = batches.into_iter().flatten().collect();
        let total = lines.iter().filter_map(PriceLine::total).sum();
        Ok(Prices { lines, total })
    }
}

impl std::future::IntoFuture for GetPrices {
    type Output = Result<Prices>;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// The prices of the products asked for: a line per product, in the order given, and the total
/// of the lines that have one.
///
/// **Currency.** FinerWorks' `price` has no currency field: every amount is assumed to be in the
/// account's currency (USD), so the lines are added as one currency. **Line or unit.**
/// `total_price` is assumed to be the line's total, for `qty` copies (the docs do not say).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Prices {
    /// A line per product asked for, in the order given.
    pub lines: Vec<PriceLine>,
    /// The sum of the lines' totals (exact), those without a price left out.
    pub total: Money,
}

impl Prices {
    /// The lines without a price (FinerWorks left the SKU out of its answer, answered it without
    /// a `total_price`, or refused it), each saying why in [`PriceLine::problem`].
    pub fn not_priced(&self) -> impl Iterator<Item = &PriceLine> {
        self.lines.iter().filter(|line| line.total().is_none())
    }

    /// Whether every line has a price, so that [`total`](Self::total) is the whole order's.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.not_priced().next().is_none()
    }
}

/// The price of one product asked for.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct PriceLine {
    /// The SKU or product code, as given.
    pub sku: String,
    /// The quantity, as given.
    pub qty: u32,
    /// FinerWorks' answer for it (the breakdown), if it answered one.
    pub price: Option<Price>,
    /// Why the line has no price, if it has none.
    pub problem: Option<String>,
}

impl PriceLine {
    fn new(item: &SkuQty) -> Self {
        Self {
            sku: item.sku.clone(),
            qty: item.qty,
            price: None,
            problem: None,
        }
    }

    /// The line's total, for [`qty`](Self::qty) copies (`total_price`, assumed to be the line's).
    #[must_use]
    pub fn total(&self) -> Option<Money> {
        self.price.as_ref()?.total_price
    }
}

/// Prices one call's worth of products. When FinerWorks refuses some of them by their SKU (an
/// unknown SKU, under one reading of the docs), those lines say so and the rest are sent again,
/// once.
async fn price_batch(
    connection: &Connection,
    chunk: &[SkuQty],
    account_key: Option<&str>,
) -> Result<Vec<PriceLine>> {
    let mut lines: Vec<PriceLine> = chunk.iter().map(PriceLine::new).collect();
    let mut pending: Vec<usize> = (0..chunk.len()).collect();
    for round in 0..2 {
        let items: Vec<PriceRequestItem> = pending
            .iter()
            .map(|&index| PriceRequestItem {
                product_qty: NonZeroU32::new(chunk[index].qty).unwrap_or(NonZeroU32::MIN),
                product_sku: chunk[index].sku.clone(),
            })
            .collect();
        let object = GetPricesRequest {
            products: items.clone(),
            account_key: account_key.map(str::to_owned),
        };
        let form = &connection.body_forms.prices;
        let array = account_key.is_none().then_some(&items);
        match send_items::<GetPricesOp, GetPricesArray>(connection, form, &object, array).await {
            Ok(answer) => {
                fill(&mut lines, &pending, answer.prices.unwrap_or_default())?;
                return Ok(lines);
            }
            Err(error) => {
                let refused = refused_skus(&error).filter(|refused| {
                    round == 0 && refused.iter().all(|(i, _)| *i < pending.len())
                });
                let Some(refused) = refused else {
                    return Err(error);
                };
                for (index, message) in &refused {
                    lines[pending[*index]].problem = Some(format!("refused: {message}"));
                }
                let refused: Vec<usize> =
                    refused.iter().map(|(index, _)| pending[*index]).collect();
                pending.retain(|index| !refused.contains(index));
                if pending.is_empty() {
                    return Ok(lines);
                }
            }
        }
    }
    Err(Error::UnexpectedResponse {
        operation: GetPricesOp::ID,
        problem: "products were refused again after the refused ones were left out".to_owned(),
    })
}

/// Gives each line of `pending` its price from `prices`: by SKU, in order (the same SKU twice
/// takes two prices in turn); by position when no price names its SKU and there is one a line.
/// A line left without one says so.
fn fill(lines: &mut [PriceLine], pending: &[usize], prices: Vec<Price>) -> Result<()> {
    let unexpected = |problem: String| Error::UnexpectedResponse {
        operation: GetPricesOp::ID,
        problem,
    };
    let positional =
        prices.len() == pending.len() && prices.iter().all(|price| price.product_sku.is_none());
    for (position, price) in prices.into_iter().enumerate() {
        let slot = if positional {
            Some(pending[position])
        } else {
            let sku = price
                .product_sku
                .as_deref()
                .ok_or_else(|| unexpected(format!("prices[{position}] has no product_sku")))?;
            pending
                .iter()
                .copied()
                .find(|&index| lines[index].price.is_none() && same_sku(&lines[index].sku, sku))
        };
        let Some(index) = slot else {
            return Err(unexpected(format!(
                "prices[{position}] prices {:?}, which was not asked for (or not as often)",
                price.product_sku.as_deref().unwrap_or_default()
            )));
        };
        let line = &mut lines[index];
        if price.total_price.is_none() {
            let info = price.info.as_deref().filter(|info| !info.trim().is_empty());
            line.problem = Some(info.map_or_else(
                || "answered without a total_price".to_owned(),
                str::to_owned,
            ));
        }
        line.price = Some(price);
    }
    for &index in pending {
        if lines[index].price.is_none() {
            lines[index].problem =
                Some("left out of the answer (not a SKU FinerWorks knows, assumed)".to_owned());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn price(sku: Option<&str>, total: Option<i64>) -> Price {
        Price {
            product_sku: sku.map(str::to_owned),
            total_price: total.map(|cents| Money::new(rust_decimal::Decimal::new(cents, 2))),
            ..Price::default()
        }
    }

    fn lines(skus: &[&str]) -> Vec<PriceLine> {
        skus.iter()
            .map(|sku| PriceLine::new(&SkuQty::from(*sku)))
            .collect()
    }

    #[test]
    fn prices_find_their_lines_by_sku_in_turn_and_a_missing_one_is_named() {
        let mut got = lines(&["A", "B", "A", "C"]);
        let answer = vec![
            price(Some("a"), Some(100)),
            price(Some("A"), Some(200)),
            price(Some("B"), Some(300)),
        ];
        fill(&mut got, &[0, 1, 2, 3], answer).unwrap();
        let totals: Vec<_> = got
            .iter()
            .map(|l| l.total().map(|m| m.to_string()))
            .collect();
        assert_eq!(
            totals,
            [
                Some("1.00".into()),
                Some("3.00".into()),
                Some("2.00".into()),
                None
            ]
        );
        assert!(got[3].problem.as_deref().unwrap().contains("left out"));
    }

    #[test]
    fn prices_without_skus_go_by_position_and_a_stranger_is_an_error() {
        let mut got = lines(&["A", "B"]);
        fill(
            &mut got,
            &[0, 1],
            vec![price(None, Some(1)), price(None, Some(2))],
        )
        .unwrap();
        assert_eq!(
            got[1].total(),
            Some(Money::new(rust_decimal::Decimal::new(2, 2)))
        );
        let mut got = lines(&["A"]);
        let error = fill(&mut got, &[0], vec![price(Some("Z"), Some(1))]).unwrap_err();
        assert!(
            error.to_string().contains("\"Z\", which was not asked for"),
            "{error}"
        );
    }
}
