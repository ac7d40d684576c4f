//! `POST /v3/list_shipping_options`: the body is one order (`order_details`, not wrapped); the
//! answer is its options, cheapest first, each with a `calculated_total` (see
//! [`crate::orders::quote`] for the rates and the tax, all assumed). The order's
//! `shipping_code` must be there (vendor) but may be any code.

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::Response;
use finerworks_api::types::{ListShippingOptionsResponse, OrderDetails, ShippingOption};
use serde_json::Value;

use crate::orders::quote::options;
use crate::orders::read::{prose_rules, read};
use crate::page;
use crate::request::ModelState;
use crate::state::Shared;
use crate::wire::{encode_schema, invalid, json_response};

/// The answer to a valid or invalid `list_shipping_options` body.
pub(super) fn answer(shared: &Shared, _body: &Bytes, json: &Value) -> Response {
    let order = match read::<OrderDetails>(json, "order_details") {
        Ok(order) => order,
        Err(model_state) => return invalid(model_state),
    };
    let mut model_state = ModelState::new();
    prose_rules(&order, "", false, &mut model_state);
    if !model_state.is_empty() {
        return invalid(model_state);
    }
    json_response(StatusCode::OK, ok(shared, options(&order)))
}

/// An answer with no options.
pub(super) fn plain(shared: &Shared) -> Vec<u8> {
    ok(shared, Vec::new())
}

/// An answer whose status reports a failure.
pub(super) fn unsuccessful(shared: &Shared) -> Vec<u8> {
    let failed = page::failed("listing the shipping options", shared.reference_id());
    encoded(&ListShippingOptionsResponse { status: failed.status, options: None })
}

fn ok(shared: &Shared, options: Vec<ShippingOption>) -> Vec<u8> {
    encoded(&ListShippingOptionsResponse {
        status: page::ok(shared.reference_id()).status,
        options: Some(options),
    })
}

fn encoded(answer: &ListShippingOptionsResponse) -> Vec<u8> {
    encode_schema(answer, "list_shipping_options_response", &[])
}
