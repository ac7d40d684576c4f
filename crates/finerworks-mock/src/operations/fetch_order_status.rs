//! `POST /v3/fetch_order_status`: the `order_status` of each order asked for, by `order_ids`
//! (the id [`MockConfig::order_id_kind`](crate::MockConfig::order_id_kind) says) and by
//! `order_pos` (every order with the PO: a PO placed twice answers twice), ids first; an id or a
//! PO no order has gets no entry (vendor). Each order is answered once, however many times it
//! is asked for; two orders with the PO asked for are both answered. Neither list given:
//! `orders: []` (assumed).

use std::collections::HashSet;

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::Response;
use finerworks_api::types::{FetchOrderStatusRequest, FetchOrderStatusResponse, OrderStatus};
use serde_json::Value;

use crate::orders::read::read;
use crate::page;
use crate::state::Shared;
use crate::wire::{encode_schema, invalid, json_response};

/// The answer to a valid or invalid `fetch_order_status` body.
pub(super) fn answer(shared: &Shared, _body: &Bytes, json: &Value) -> Response {
    let request = match read::<FetchOrderStatusRequest>(json, "fetch_order_status_request") {
        Ok(request) => request,
        Err(model_state) => return invalid(model_state),
    };
    let kind = shared.profile.orders.id_kind;
    let mut found = shared.orders.by_ids(kind, request.order_ids.as_deref().unwrap_or_default());
    found.extend(shared.orders.by_pos(request.order_pos.as_deref().unwrap_or_default()));
    // Each order once, however many times it was asked for (by id and by PO).
    let mut seen = HashSet::new();
    let statuses = found
        .iter()
        .filter(|order| seen.insert(order.order_id))
        .map(|order| order.order_status())
        .collect();
    json_response(StatusCode::OK, ok(shared, statuses))
}

/// An answer that finds no order.
pub(super) fn plain(shared: &Shared) -> Vec<u8> {
    ok(shared, Vec::new())
}

/// An answer whose status reports a failure.
pub(super) fn unsuccessful(shared: &Shared) -> Vec<u8> {
    let failed = page::failed("fetching the order status", shared.reference_id());
    encoded(&FetchOrderStatusResponse { status: failed.status, orders: None })
}

fn ok(shared: &Shared, orders: Vec<OrderStatus>) -> Vec<u8> {
    encoded(&FetchOrderStatusResponse {
        status: page::ok(shared.reference_id()).status,
        orders: Some(orders),
    })
}

fn encoded(answer: &FetchOrderStatusResponse) -> Vec<u8> {
    encode_schema(answer, "fetch_order_status_response", &[])
}
