//! `POST /v3/get_product_details`: a product per SKU asked for, priced as `get_prices` prices it
//! (from the SKU itself, so that any SKU has details).
//!
//! FinerWorks publishes neither the answer nor its catalog. Assumed here: a product per item,
//! in the order asked; `per_item_price` is the price of one copy (the `total_price` of a
//! `get_prices` line for one copy), `total_price` that of `quantity` copies, `asking_price` twice
//! `per_item_price`, in USD; the name and descriptions are made up from the SKU. The body is read
//! in the forms [`MockConfig::details_body`](crate::MockConfig::details_body) allows, and an
//! unknown SKU gets what [`MockConfig::unknown_sku`](crate::MockConfig::unknown_sku) says (an
//! `empty` one: its SKU and quantity alone).

use axum::body::Bytes;
use axum::response::Response;
use finerworks_api::fields::get_product_details_request;
use finerworks_api::limits::{get_product_details_request as limits, order_product as qty};
use finerworks_api::operations::GetProductDetails;
use finerworks_api::types::{GetProductDetailsResponse, Product};
use finerworks_api::{Money, Operation as _};
use rust_decimal::Decimal;
use serde_json::Value;

use crate::UnknownSku;
use crate::catalog::unit_price;
use crate::items::{self, Item, Shape};
use crate::page;
use crate::state::Shared;
use crate::wire::encode_schema;

/// How a `get_product_details` body is read.
const SHAPE: Shape = Shape {
    request_model: "get_product_details_request",
    item_model: "product",
    item_schema: "order_product",
    fields: get_product_details_request::ALL,
    items: (limits::PRODUCTS_MIN_ITEMS, limits::PRODUCTS_MAX_ITEMS),
    qty: (qty::PRODUCT_QTY_MIN, qty::PRODUCT_QTY_MAX),
};

/// The answer to a valid or invalid `get_product_details` body.
pub(super) fn answer(shared: &Shared, _body: &Bytes, json: &Value) -> Response {
    let profile = &shared.profile;
    let read = items::read(json, &SHAPE, profile.details_body, profile.strict).and_then(|items| {
        super::get_prices::known(&items, profile.unknown_sku).map(|()| items)
    });
    super::ok_or_invalid(read.map(|items| ok(shared, details(&items.items, profile.unknown_sku))))
}

/// The details of one copy of `sample string 3` (the SKU of the vendor's example).
pub(super) fn plain(shared: &Shared) -> Vec<u8> {
    let item = Item { index: 0, sku: "sample string 3".to_owned(), qty: 1 };
    ok(shared, details(&[item], UnknownSku::Priced))
}

/// An answer whose status reports a failure, with `product_list: null`.
pub(super) fn unsuccessful(shared: &Shared) -> Vec<u8> {
    let failed = page::failed("describing the products", shared.reference_id());
    encoded(&GetProductDetailsResponse { status: failed.status, product_list: None })
}

/// A product per item (an unknown one as the reading says).
fn details(items: &[Item], unknown: UnknownSku) -> Vec<Product> {
    items
        .iter()
        .filter_map(|item| {
            let quantity = i32::try_from(item.qty).ok();
            if unknown.unknown(&item.sku) {
                return (unknown == UnknownSku::Empty).then(|| Product {
                    sku: Some(item.sku.clone()),
                    quantity,
                    ..Product::default()
                });
            }
            let each = unit_price(&item.sku).total();
            let times = |money: Money, n: u32| Money::new(money.amount() * Decimal::from(n));
            Some(Product {
                sku: Some(item.sku.clone()),
                product_code: Some(item.sku.clone()),
                name: Some(format!("Print {}", item.sku)),
                description_short: Some(format!("A print made to order ({}).", item.sku)),
                description_long: Some(format!(
                    "A giclee print made to order from the product {}.",
                    item.sku
                )),
                monetary_format: Some("USD".to_owned()),
                quantity,
                per_item_price: Some(each),
                total_price: Some(times(each, item.qty)),
                asking_price: Some(times(each, 2)),
                ..Product::default()
            })
        })
        .collect()
}

/// A successful answer listing `products`.
fn ok(shared: &Shared, products: Vec<Product>) -> Vec<u8> {
    encoded(&GetProductDetailsResponse {
        status: page::ok(shared.reference_id()).status,
        product_list: Some(products),
    })
}

/// `answer` as .NET writes it: the fields in the spec's order, `null` where there is no value.
fn encoded(answer: &GetProductDetailsResponse) -> Vec<u8> {
    encode_schema(answer, GetProductDetails::RESPONSE_SCHEMA, &[])
}

#[cfg(test)]
mod tests {
    use finerworks_api::schema;
    use serde_json::json;

    use super::*;
    use crate::BodyForm;

    #[test]
    fn each_product_is_priced_as_get_prices_prices_one_copy() {
        let body = json!([{"product_qty": 4, "product_sku": "AP1"}, {"product_qty": 1, "product_sku": "no-such-1"}]);
        let items = items::read(&body, &SHAPE, BodyForm::Both, false).unwrap();
        let products = details(&items.items, UnknownSku::Omitted);
        assert_eq!(products.len(), 1);
        let each = unit_price("AP1").total();
        assert_eq!(products[0].per_item_price, Some(each));
        assert_eq!(products[0].total_price, Some(unit_price("AP1").times(4).total()));
        let answer = GetProductDetailsResponse {
            status: page::ok("0123".to_owned()).status,
            product_list: Some(details(&items.items, UnknownSku::Empty)),
        };
        let value = serde_json::to_value(&answer).unwrap();
        let found = schema::Validator::new(schema::openapi())
            .report_unknown_properties(true)
            .validate("get_product_details_response", &value);
        assert!(found.is_empty(), "{found:?}");
    }
}
