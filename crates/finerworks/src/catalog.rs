//! [`Catalog`]: what FinerWorks makes and what it costs, made by
//! [`Client::catalog`](crate::Client::catalog): the product and style types, product details and
//! prices; and what the last two share: their input ([`SkuQty`]), its checks, and sending a list
//! of products in whichever body form FinerWorks reads.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use finerworks_api::operations::{ListProductTypes as ListTypesOp, ListStyleTypes as ListStylesOp};
use finerworks_api::types::{ListProductTypesRequest, ListStyleTypesRequest};

use crate::details::GetProductDetails;
use crate::error::{Error, Result};
use crate::exchange::{self, Connection};
use crate::input::{ProductField, RequestField};
use crate::prices::GetPrices;
use crate::{ProductType, StyleType};

/// The catalog: product types, style types, product details and prices. Cheap to make; made by
/// [`Client::catalog`](crate::Client::catalog).
///
/// # Examples
///
/// ```no_run
/// # async fn run(client: finerworks::Client) -> Result<(), finerworks::Error> {
/// let types = client.catalog().product_types().send().await?;
/// let prices = client.catalog().prices([("AP1234P", 2), ("AP5678C", 1)]).send().await?;
/// for line in &prices.lines {
///     println!("{} x{}: {:?}", line.sku, line.qty, line.total());
/// }
/// println!("{} types; total {:.2}", types.len(), prices.total);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct Catalog {
    connection: Arc<Connection>,
}

impl Catalog {
    pub(crate) fn new(connection: Arc<Connection>) -> Self {
        Self { connection }
    }

    /// Lists the product types (`POST /v3/list_product_types`): every one, or those
    /// [`ids`](ListProductTypes::ids) names.
    pub fn product_types(&self) -> ListProductTypes {
        ListProductTypes {
            connection: Arc::clone(&self.connection),
            ids: None,
        }
    }

    /// Lists the style types (`POST /v3/list_style_types`): every one, or those
    /// [`ids`](ListStyleTypes::ids) names.
    pub fn style_types(&self) -> ListStyleTypes {
        ListStyleTypes {
            connection: Arc::clone(&self.connection),
            ids: None,
        }
    }

    /// The details of any number of products (`POST /v3/get_product_details`), each a SKU (one
    /// copy) or a `(SKU, quantity)`: sent 25 a call, a few calls at a time. See
    /// [`GetProductDetails`].
    pub fn product_details<I>(&self, items: I) -> GetProductDetails
    where
        I: IntoIterator,
        I::Item: Into<SkuQty>,
    {
        GetProductDetails::new(Arc::clone(&self.connection), collect(items))
    }

    /// The prices of any number of products (`POST /v3/get_prices`), each a SKU (one copy) or a
    /// `(SKU, quantity)`: sent 50 a call, a few calls at a time, with a total. See [`GetPrices`].
    pub fn prices<I>(&self, items: I) -> GetPrices
    where
        I: IntoIterator,
        I::Item: Into<SkuQty>,
    {
        GetPrices::new(Arc::clone(&self.connection), collect(items))
    }
}

fn collect<I>(items: I) -> Vec<SkuQty>
where
    I: IntoIterator,
    I::Item: Into<SkuQty>,
{
    items.into_iter().map(Into::into).collect()
}

macro_rules! id_list {
    ($(#[$doc:meta])* $name:ident, $op:ty, $request:ident, $payload:ident, $item:ty) => {
        $(#[$doc])*
        #[derive(Clone, Debug)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct $name {
            connection: Arc<Connection>,
            ids: Option<Vec<i64>>,
        }

        impl $name {
            /// Lists only those with these ids (an id none has is left out of the answer,
            /// assumed).
            pub fn ids(mut self, ids: impl IntoIterator<Item = i64>) -> Self {
                self.ids = Some(ids.into_iter().collect());
                self
            }

            /// Sends the call.
            ///
            /// # Errors
            ///
            /// Whatever the call ends with (see [`Error`]); an answer without its list is
            /// [`Error::UnexpectedResponse`].
            pub async fn send(self) -> Result<Vec<$item>> {
                let request = $request { ids: self.ids.unwrap_or_default() };
                let answer = exchange::call::<$op>(&self.connection, &request, None).await?;
                Ok(answer.$payload.unwrap_or_default())
            }
        }

        impl std::future::IntoFuture for $name {
            type Output = Result<Vec<$item>>;
            type IntoFuture =
                std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send>>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    };
}

id_list!(
    /// A call listing the product types, made by [`Catalog::product_types`].
    ListProductTypes, ListTypesOp, ListProductTypesRequest, product_types, ProductType
);
id_list!(
    /// A call listing the style types, made by [`Catalog::style_types`].
    ListStyleTypes, ListStylesOp, ListStyleTypesRequest, style_types, StyleType
);

/// A product asked for: a virtual-inventory SKU or a product code, and a quantity.
///
/// # Examples
///
/// ```
/// use finerworks::SkuQty;
///
/// assert_eq!(SkuQty::from("AP1234P"), SkuQty::new("AP1234P", 1));
/// assert_eq!(SkuQty::from(("AP1234P", 3)).qty, 3);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SkuQty {
    /// The SKU or product code.
    pub sku: String,
    /// How many copies.
    pub qty: u32,
}

impl SkuQty {
    /// `qty` copies of `sku`.
    pub fn new(sku: impl Into<String>, qty: u32) -> Self {
        Self {
            sku: sku.into(),
            qty,
        }
    }
}

impl From<&str> for SkuQty {
    fn from(sku: &str) -> Self {
        Self::new(sku, 1)
    }
}

impl From<String> for SkuQty {
    fn from(sku: String) -> Self {
        Self::new(sku, 1)
    }
}

impl<S: Into<String>> From<(S, u32)> for SkuQty {
    fn from((sku, qty): (S, u32)) -> Self {
        Self::new(sku, qty)
    }
}

/// Checks a list of products before anything is sent: at least one; each SKU not blank
/// (assumed: the vendor says required) and each quantity within `qty`, the range the spec gives
/// the operation's item (`finerworks_api::limits`).
pub(crate) fn validate(items: &[SkuQty], qty: (u32, u32)) -> Result<()> {
    let (min, max) = qty;
    if items.is_empty() {
        return Err(Error::invalid(
            RequestField::Products,
            "must hold at least 1 product",
        ));
    }
    for (index, item) in items.iter().enumerate() {
        if item.sku.trim().is_empty() {
            let field = RequestField::Product {
                index,
                field: ProductField::Sku,
            };
            return Err(Error::invalid(field, "must not be empty"));
        }
        if !(min..=max).contains(&item.qty) {
            let field = RequestField::Product {
                index,
                field: ProductField::Qty,
            };
            let rule = format!("must be between {min} and {max} (got {})", item.qty);
            return Err(Error::invalid(field, rule));
        }
    }
    Ok(())
}

/// Whether two SKUs name the same product (assumed: case and surrounding spaces do not count).
pub(crate) fn same_sku(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Which body form an operation's list of products goes in, learned from FinerWorks' answers:
/// the object form (the spec's) until FinerWorks says it cannot read it and reads the bare array.
#[derive(Debug, Default)]
pub(crate) struct BodyForm {
    array: AtomicBool,
}

/// The body forms of the two operations that take a list of products, per client.
#[derive(Debug, Default)]
pub(crate) struct BodyForms {
    pub(crate) prices: BodyForm,
    pub(crate) details: BodyForm,
}

/// Sends a list of products in the form `form` says (`object`, the spec's, as `O`; the bare
/// array as `A`, when there is one: a body with more than the items has none). When FinerWorks
/// answers that it cannot read the body (HTTP 400 whose `ModelState` names the body as a whole,
/// `request`), the other form is sent once; if that one is read, it is remembered for the
/// client's later calls. When neither is read, the first error is returned.
pub(crate) async fn send_items<O, A>(
    connection: &Connection,
    form: &BodyForm,
    object: &O::Request,
    array: Option<&A::Request>,
) -> Result<O::Response>
where
    O: exchange::Operation,
    A: exchange::Operation<Response = O::Response>,
{
    let Some(array) = array else {
        return exchange::call::<O>(connection, object, None).await;
    };
    let as_array = form.array.load(Ordering::Relaxed);
    let send = |as_array: bool| async move {
        if as_array {
            exchange::call::<A>(connection, array, None).await
        } else {
            exchange::call::<O>(connection, object, None).await
        }
    };
    match send(as_array).await {
        Err(first) if unreadable_body(&first) => match send(!as_array).await {
            Ok(answer) => {
                form.array.store(!as_array, Ordering::Relaxed);
                Ok(answer)
            }
            Err(second) if unreadable_body(&second) => Err(first),
            Err(second) => Err(second),
        },
        other => other,
    }
}

/// Whether FinerWorks refused a body as a whole: HTTP 400 whose `ModelState` names `request`
/// alone (ASP.NET's answer to a body it cannot bind to the operation's model).
fn unreadable_body(error: &Error) -> bool {
    matches!(error, Error::Api(api) if api.http_status == 400
        && !api.model_state.is_empty()
        && api.model_state.keys().all(|key| key == "request"))
}

/// The products a refusal names by their SKU field (`request.products[1].product_sku` or, for a
/// bare array, `request[1].product_sku`), by index in the call, with FinerWorks' messages; `None`
/// when the error is anything else (or names any other field).
pub(crate) fn refused_skus(error: &Error) -> Option<Vec<(usize, String)>> {
    let Error::Api(api) = error else { return None };
    if api.http_status != 400 || api.model_state.is_empty() {
        return None;
    }
    api.model_state
        .iter()
        .map(|(key, messages)| {
            let rest = key
                .strip_prefix("request.products[")
                .or_else(|| key.strip_prefix("request["))?;
            let (index, field) = rest.split_once(']')?;
            (field == ".product_sku").then_some(())?;
            Some((index.parse().ok()?, messages.join("; ")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::ApiError;

    fn refusal(keys: &[&str]) -> Error {
        let model_state: BTreeMap<String, Vec<String>> = keys
            .iter()
            .map(|key| ((*key).to_owned(), vec!["no".to_owned()]))
            .collect();
        Error::Api(Box::new(ApiError {
            http_status: 400,
            model_state,
            ..ApiError::default()
        }))
    }

    #[test]
    fn a_body_refused_as_a_whole_is_told_from_a_refused_field() {
        assert!(unreadable_body(&refusal(&["request"])));
        assert!(!unreadable_body(&refusal(&["request.products"])));
        assert!(!unreadable_body(&refusal(&[])));
        assert_eq!(
            refused_skus(&refusal(&[
                "request.products[3].product_sku",
                "request[1].product_sku"
            ])),
            Some(vec![(3, "no".to_owned()), (1, "no".to_owned())])
        );
        assert_eq!(
            refused_skus(&refusal(&["request.products[3].product_qty"])),
            None
        );
        assert_eq!(refused_skus(&refusal(&["request"])), None);
    }

    #[test]
    fn input_is_checked_naming_the_field_and_the_rule() {
        let message = |items: Vec<SkuQty>| validate(&items, (1, 999)).unwrap_err().to_string();
        assert_eq!(
            message(vec![]),
            "invalid request: products must hold at least 1 product"
        );
        assert_eq!(
            message(vec!["A".into(), ("B", 1000).into()]),
            "invalid request: products[1].product_qty must be between 1 and 999 (got 1000)"
        );
        assert_eq!(
            message(vec![" ".into()]),
            "invalid request: products[0].product_sku must not be empty"
        );
        assert!(validate(&[("A", 999).into()], (1, 999)).is_ok());
    }
}
