//! `POST /v3/get_prices`: the price of each product asked for, derived from its SKU
//! ([`crate::catalog::unit_price`]) so that any SKU has one, times its quantity.
//!
//! FinerWorks publishes neither the answer nor its prices. Assumed here: a line per item, in
//! the order asked (the same SKU twice gets two lines); every amount (the product, each add-on
//! and `total_price`, their sum) is for `product_qty` copies; `product_code` repeats the SKU. The
//! body is read in the forms [`MockConfig::prices_body`](crate::MockConfig::prices_body) allows,
//! and an unknown SKU gets what [`MockConfig::unknown_sku`](crate::MockConfig::unknown_sku)
//! says.

use axum::body::Bytes;
use axum::response::Response;
use finerworks_api::Operation as _;
use finerworks_api::fields::get_prices_request;
use finerworks_api::limits::{get_prices_request as limits, price_request_item as qty};
use finerworks_api::operations::GetPrices;
use finerworks_api::types::{GetPricesResponse, Price};
use serde_json::Value;

use crate::UnknownSku;
use crate::catalog::unit_price;
use crate::items::{self, Item, Items, Shape};
use crate::page;
use crate::request::ModelState;
use crate::state::Shared;
use crate::wire::encode_schema;

/// How a `get_prices` body is read.
const SHAPE: Shape = Shape {
    request_model: "get_prices_request",
    item_model: "pricing_item",
    item_schema: "price_request_item",
    fields: get_prices_request::ALL,
    items: (limits::PRODUCTS_MIN_ITEMS, limits::PRODUCTS_MAX_ITEMS),
    qty: (qty::PRODUCT_QTY_MIN, qty::PRODUCT_QTY_MAX),
};

/// The answer to a valid or invalid `get_prices` body.
pub(super) fn answer(shared: &Shared, _body: &Bytes, json: &Value) -> Response {
    let profile = &shared.profile;
    let read = items::read(json, &SHAPE, profile.prices_body, profile.strict)
        .and_then(|items| known(&items, profile.unknown_sku).map(|()| items));
    super::ok_or_invalid(read.map(|items| ok(shared, prices(&items.items, profile.unknown_sku))))
}

/// The prices of the vendor's example: one copy of `sample string 2`.
pub(super) fn plain(shared: &Shared) -> Vec<u8> {
    let item = Item { index: 0, sku: "sample string 2".to_owned(), qty: 1 };
    ok(shared, prices(&[item], UnknownSku::Priced))
}

/// An answer whose status reports a failure, with `prices: null`.
pub(super) fn unsuccessful(shared: &Shared) -> Vec<u8> {
    let failed = page::failed("pricing the products", shared.reference_id());
    encoded(&GetPricesResponse { status: failed.status, prices: None })
}

/// Refuses the unknown SKUs of `items` when the reading says so.
pub(super) fn known(items: &Items, unknown: UnknownSku) -> Result<(), ModelState> {
    if unknown != UnknownSku::Refused {
        return Ok(());
    }
    let model_state: ModelState = items
        .items
        .iter()
        .filter(|item| unknown.unknown(&item.sku))
        .map(|item| {
            let message = format!("No product matches the SKU or product code '{}'.", item.sku);
            (items.key(item.index, "product_sku"), vec![message])
        })
        .collect();
    if model_state.is_empty() { Ok(()) } else { Err(model_state) }
}

/// A line per item (an unknown one as the reading says).
fn prices(items: &[Item], unknown: UnknownSku) -> Vec<Price> {
    items
        .iter()
        .filter_map(|item| {
            let qty = i32::try_from(item.qty).ok();
            if unknown.unknown(&item.sku) {
                return (unknown == UnknownSku::Empty).then(|| Price {
                    product_qty: qty,
                    product_sku: Some(item.sku.clone()),
                    info: Some("Product not found.".to_owned()),
                    ..Price::default()
                });
            }
            Some(line(&item.sku, item.qty))
        })
        .collect()
}

/// The price line of `qty` copies of `sku` (every amount for all of them).
pub(crate) fn line(sku: &str, qty: u32) -> Price {
    let line = unit_price(sku).times(qty);
    Price {
        product_qty: i32::try_from(qty).ok(),
        product_sku: Some(sku.to_owned()),
        product_code: Some(sku.to_owned()),
        product_price: Some(line.product),
        add_frame_price: Some(line.frame),
        add_mat_1_price: Some(line.mat_1),
        add_mat_2_price: Some(line.mat_2),
        add_glazing_price: Some(line.glazing),
        add_color_correct_price: Some(line.color_correct),
        total_price: Some(line.total()),
        info: Some(String::new()),
        debug: None,
    }
}

/// A successful answer listing `prices`.
fn ok(shared: &Shared, prices: Vec<Price>) -> Vec<u8> {
    encoded(&GetPricesResponse {
        status: page::ok(shared.reference_id()).status,
        prices: Some(prices),
    })
}

/// `answer` as .NET writes it: the fields in the spec's order, `null` where there is no value.
fn encoded(answer: &GetPricesResponse) -> Vec<u8> {
    encode_schema(answer, GetPrices::RESPONSE_SCHEMA, &[])
}

#[cfg(test)]
mod tests {
    use finerworks_api::{Money, schema};
    use serde_json::json;

    use super::*;
    use crate::BodyForm;

    fn priced(body: Value, unknown: UnknownSku) -> Result<Vec<Price>, ModelState> {
        let items = items::read(&body, &SHAPE, BodyForm::Both, false)?;
        known(&items, unknown)?;
        Ok(prices(&items.items, unknown))
    }

    #[test]
    fn a_line_per_item_its_parts_adding_up_to_its_total_for_its_quantity() {
        let body = json!({"products": [
            {"product_qty": 1, "product_sku": "sample string 2"},
            {"product_qty": 3, "product_sku": "sample string 2"},
        ]});
        let lines = priced(body, UnknownSku::Priced).unwrap();
        assert_eq!(lines.len(), 2);
        for line in &lines {
            let parts: Money = [
                line.product_price, line.add_frame_price, line.add_mat_1_price,
                line.add_mat_2_price, line.add_glazing_price, line.add_color_correct_price,
            ]
            .iter()
            .flatten()
            .sum();
            assert_eq!(Some(parts), line.total_price);
        }
        let one = lines[0].total_price.unwrap().amount();
        assert_eq!(lines[1].total_price.unwrap().amount(), one * rust_decimal::Decimal::from(3));
    }

    #[test]
    fn an_unknown_sku_gets_what_the_reading_says() {
        let body = json!([{"product_qty": 1, "product_sku": "A1"}, {"product_qty": 1, "product_sku": "no-such-1"}]);
        assert_eq!(priced(body.clone(), UnknownSku::Priced).unwrap().len(), 2);
        assert_eq!(priced(body.clone(), UnknownSku::Omitted).unwrap().len(), 1);
        let empty = priced(body.clone(), UnknownSku::Empty).unwrap();
        assert_eq!((empty[1].total_price, empty[1].product_sku.as_deref()), (None, Some("no-such-1")));
        let refused = priced(body, UnknownSku::Refused).unwrap_err();
        assert_eq!(refused.keys().collect::<Vec<_>>(), ["request[1].product_sku"]);
    }

    #[test]
    fn the_answer_conforms_to_the_spec() {
        let body = json!({"products": [{"product_qty": 2, "product_sku": "AP1"}, {"product_qty": 1, "product_sku": "no-such-2"}]});
        let answer = GetPricesResponse {
            status: page::ok("0123".to_owned()).status,
            prices: Some(priced(body, UnknownSku::Empty).unwrap()),
        };
        let value = serde_json::to_value(&answer).unwrap();
        let found = schema::Validator::new(schema::openapi())
            .report_unknown_properties(true)
            .validate("get_prices_response", &value);
        assert!(found.is_empty(), "{found:?}");
    }
}
