//! [`GetProductDetails`]: the details of any number of products, 25 a call, a few calls at a
//! time, in whichever body form FinerWorks reads; and [`ProductDetails`], an entry per product
//! asked for.

use std::num::NonZeroU32;
use std::sync::Arc;

use finerworks_api::limits::get_product_details_request::PRODUCTS_MAX_ITEMS;
use finerworks_api::limits::order_product as qty;
use finerworks_api::operations::GetProductDetails as GetDetailsOp;
use finerworks_api::types::{GetProductDetailsRequest, GetProductDetailsResponse, OrderProduct};
use finerworks_api::{HttpMethod, Operation};
use futures_util::{StreamExt as _, TryStreamExt as _, stream};

use crate::Product;
use crate::catalog::{SkuQty, refused_skus, same_sku, send_items, validate};
use crate::error::{Error, Result};
use crate::exchange::Connection;

/// `get_product_details` with the bare array of items as its body (the vendor's page's form).
struct GetDetailsArray;

impl Operation for GetDetailsArray {
    const ID: &'static str = GetDetailsOp::ID;
    const METHOD: HttpMethod = GetDetailsOp::METHOD;
    const PATH: &'static str = GetDetailsOp::PATH;
    const IDEMPOTENT: bool = GetDetailsOp::IDEMPOTENT;
    const REQUEST_SCHEMA: Option<&'static str> = None;
    const RESPONSE_SCHEMA: &'static str = GetDetailsOp::RESPONSE_SCHEMA;
    type Request = Vec<OrderProduct>;
    type Response = GetProductDetailsResponse;
}

/// A call describing products, made by
/// [`Catalog::product_details`](crate::Catalog::product_details).
///
/// The products go
/// [`PRODUCTS_MAX_ITEMS`](crate::limits::get_product_details_request::PRODUCTS_MAX_ITEMS) (25) a
/// call, [`concurrency`](crate::ClientBuilder::concurrency) calls at a time, and come back in the
/// order given. The body is sent as `{"products": [...]}` first and, if FinerWorks answers that
/// it cannot read it (HTTP 400 naming `request`), as the bare array its page shows; the client
/// keeps to the form that was read.
///
/// # Examples
///
/// ```no_run
/// # async fn run(client: finerworks::Client) -> Result<(), finerworks::Error> {
/// let details = client.catalog().product_details(["AP1234P"]).send().await?;
/// for entry in &details.products {
///     match &entry.product {
///         Some(product) => println!("{}: {:?}", entry.sku, product.name),
///         None => eprintln!("{}: {}", entry.sku, entry.problem.as_deref().unwrap_or("not found")),
///     }
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct GetProductDetails {
    connection: Arc<Connection>,
    items: Vec<SkuQty>,
}

impl GetProductDetails {
    pub(crate) fn new(connection: Arc<Connection>, items: Vec<SkuQty>) -> Self {
        Self { connection, items }
    }

    /// Sends the calls and returns an entry per product, in the order given.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] naming the first product that breaks a rule (no products, a
    /// blank SKU, a quantity outside 1 to 999), before anything is sent. Otherwise the first error
    /// of a call (see [`Error`]), or [`Error::UnexpectedResponse`] when an answer describes a SKU
    /// that was not asked for. A SKU FinerWorks does not know is no error: its entry has no
    /// product and says why ([`ProductDetails::not_found`]).
    pub async fn send(self) -> Result<ProductDetails> {
        validate(&self.items, (qty::PRODUCT_QTY_MIN, qty::PRODUCT_QTY_MAX))?;
        let connection = &*self.connection;
        // The calls are made up front (a future does nothing until polled) and run
        // `concurrency` at a time, in order.
        let calls: Vec<_> = self
            .items
            .chunks(PRODUCTS_MAX_ITEMS)
            .map(|chunk| describe_batch(connection, chunk))
            .collect();
        let batches: Vec<Vec<ProductDetail>> = stream::iter(calls)
            .buffered(connection.concurrency)
            .try_collect()
            .await?;
        Ok(ProductDetails {
            products: batches.into_iter().flatten().collect(),
        })
    }
}

impl std::future::IntoFuture for GetProductDetails {
    type Output = Result<ProductDetails>;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// The details of the products asked for, an entry per product in the order given. Each
/// product's prices are in its own `monetary_format` (a currency code such as `USD`): add them
/// per currency.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ProductDetails {
    /// An entry per product asked for, in the order given.
    pub products: Vec<ProductDetail>,
}

impl ProductDetails {
    /// The entries FinerWorks did not describe, each saying why in [`ProductDetail::problem`].
    pub fn not_found(&self) -> impl Iterator<Item = &ProductDetail> {
        self.products.iter().filter(|entry| entry.product.is_none())
    }
}

/// The details of one product asked for.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ProductDetail {
    /// The SKU or product code, as given.
    pub sku: String,
    /// The quantity, as given.
    pub qty: u32,
    /// FinerWorks' product, when it described one.
    pub product: Option<Product>,
    /// Why there is no product, if there is none.
    pub problem: Option<String>,
}

/// Describes one call's worth of products; products refused by their SKU are named so, and the
/// rest sent again, once.
async fn describe_batch(connection: &Connection, chunk: &[SkuQty]) -> Result<Vec<ProductDetail>> {
    let mut entries: Vec<ProductDetail> = chunk
        .iter()
        .map(|item| ProductDetail {
            sku: item.sku.clone(),
            qty: item.qty,
            product: None,
            problem: None,
        })
        .collect();
    let mut pending: Vec<usize> = (0..chunk.len()).collect();
    for round in 0..2 {
        let items: Vec<OrderProduct> = pending
            .iter()
            .map(|&index| order_product(&chunk[index]))
            .collect();
        let object = GetProductDetailsRequest {
            products: items.clone(),
        };
        let form = &connection.body_forms.details;
        match send_items::<GetDetailsOp, GetDetailsArray>(connection, form, &object, Some(&items))
            .await
        {
            Ok(answer) => {
                fill(
                    &mut entries,
                    &pending,
                    answer.product_list.unwrap_or_default(),
                )?;
                return Ok(entries);
            }
            Err(error) => {
                let refused = refused_skus(&error).filter(|refused| {
                    round == 0 && refused.iter().all(|(i, _)| *i < pending.len())
                });
                let Some(refused) = refused else {
                    return Err(error);
                };
                for (index, message) in &refused {
                    entries[pending[*index]].problem = Some(format!("refused: {message}"));
                }
                let refused: Vec<usize> =
                    refused.iter().map(|(index, _)| pending[*index]).collect();
                pending.retain(|index| !refused.contains(index));
                if pending.is_empty() {
                    return Ok(entries);
                }
            }
        }
    }
    Err(Error::UnexpectedResponse {
        operation: GetDetailsOp::ID,
        problem: "products were refused again after the refused ones were left out".to_owned(),
    })
}

fn order_product(item: &SkuQty) -> OrderProduct {
    OrderProduct {
        product_qty: NonZeroU32::new(item.qty).unwrap_or(NonZeroU32::MIN),
        product_sku: item.sku.clone(),
        custom_data_1: None,
        custom_data_2: None,
        custom_data_3: None,
        product_guid: None,
        product_image: None,
        product_order_po: None,
        product_title: None,
        template: None,
    }
}

/// Whether FinerWorks described the product or only echoed its SKU (no code, name or price).
fn described(product: &Product) -> bool {
    product.product_code.is_some()
        || product.name.is_some()
        || product.per_item_price.is_some()
        || product.total_price.is_some()
}

/// Gives each entry of `pending` its product from `products`, by SKU in order (by position when
/// no product names its SKU and there is one an entry).
fn fill(entries: &mut [ProductDetail], pending: &[usize], products: Vec<Product>) -> Result<()> {
    let unexpected = |problem: String| Error::UnexpectedResponse {
        operation: GetDetailsOp::ID,
        problem,
    };
    let positional = products.len() == pending.len() && products.iter().all(|p| p.sku.is_none());
    let mut taken = vec![false; entries.len()];
    for (position, product) in products.into_iter().enumerate() {
        let slot = if positional {
            Some(pending[position])
        } else {
            let sku = product
                .sku
                .as_deref()
                .ok_or_else(|| unexpected(format!("product_list[{position}] has no sku")))?;
            pending
                .iter()
                .copied()
                .find(|&index| !taken[index] && same_sku(&entries[index].sku, sku))
        };
        let Some(index) = slot else {
            return Err(unexpected(format!(
                "product_list[{position}] describes {:?}, which was not asked for (or not as often)",
                product.sku.as_deref().unwrap_or_default()
            )));
        };
        taken[index] = true;
        if described(&product) {
            entries[index].product = Some(product);
        } else {
            entries[index].problem =
                Some("answered without details (not a SKU FinerWorks knows, assumed)".to_owned());
        }
    }
    for &index in pending {
        if !taken[index] {
            entries[index].problem =
                Some("left out of the answer (not a SKU FinerWorks knows, assumed)".to_owned());
        }
    }
    Ok(())
}
