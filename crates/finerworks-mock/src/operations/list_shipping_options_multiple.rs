//! `POST /v3/list_shipping_options_multiple`: the options of each order of `orders` (at least
//! one; no maximum is documented), in the order sent, each under its `order_po`, as
//! `list_shipping_options` quotes one.

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::Response;
use finerworks_api::types::{
    ListShippingOptionsMultipleRequest, ListShippingOptionsMultipleResponse, OrderShippingOptions,
};
use serde_json::Value;

use crate::orders::quote::options;
use crate::orders::read::{prose_rules, read};
use crate::page;
use crate::request::ModelState;
use crate::state::Shared;
use crate::wire::{encode_schema, invalid, json_response};

/// The answer to a valid or invalid `list_shipping_options_multiple` body.
pub(super) fn answer(shared: &Shared, _body: &Bytes, json: &Value) -> Response {
    let request = match read::<ListShippingOptionsMultipleRequest>(
        json,
        "list_shipping_options_multiple_request",
    ) {
        Ok(request) => request,
        Err(model_state) => return invalid(model_state),
    };
    let mut model_state = ModelState::new();
    for (index, order) in request.orders.iter().enumerate() {
        prose_rules(order, &format!("orders[{index}]"), false, &mut model_state);
    }
    if !model_state.is_empty() {
        return invalid(model_state);
    }
    let quoted = request
        .orders
        .iter()
        .map(|order| OrderShippingOptions {
            order_po: order.order_po.as_deref().cloned(),
            options: Some(options(order)),
        })
        .collect();
    json_response(StatusCode::OK, ok(shared, quoted))
}

/// An answer with no orders.
pub(super) fn plain(shared: &Shared) -> Vec<u8> {
    ok(shared, Vec::new())
}

/// An answer whose status reports a failure.
pub(super) fn unsuccessful(shared: &Shared) -> Vec<u8> {
    let failed = page::failed("listing the shipping options", shared.reference_id());
    encoded(&ListShippingOptionsMultipleResponse { status: failed.status, orders: None })
}

fn ok(shared: &Shared, orders: Vec<OrderShippingOptions>) -> Vec<u8> {
    encoded(&ListShippingOptionsMultipleResponse {
        status: page::ok(shared.reference_id()).status,
        orders: Some(orders),
    })
}

fn encoded(answer: &ListShippingOptionsMultipleResponse) -> Vec<u8> {
    encode_schema(answer, "list_shipping_options_multiple_response", &[])
}
