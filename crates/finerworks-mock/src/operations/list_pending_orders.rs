//! `POST /v3/list_pending_orders`: the orders of `ids` (the id
//! [`MockConfig::order_id_kind`](crate::MockConfig::order_id_kind) says) not yet in production
//! (received or on hold), each with its `id` (of that kind), `order_po` and `order_key`; an id
//! of no such order gets no entry. Assumed: FinerWorks documents no answer, and its "pending
//! orders" may be drafts held before submission, which the mock does not have.

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::Response;
use finerworks_api::types::{ListPendingOrdersRequest, ListPendingOrdersResponse, PendingOrder};
use serde_json::Value;

use crate::orders::read::read;
use crate::page;
use crate::state::Shared;
use crate::wire::{encode_schema, invalid, json_response};

/// The answer to a valid or invalid `list_pending_orders` body.
pub(super) fn answer(shared: &Shared, _body: &Bytes, json: &Value) -> Response {
    let request = match read::<ListPendingOrdersRequest>(json, "list_pending_orders_request") {
        Ok(request) => request,
        Err(model_state) => return invalid(model_state),
    };
    let kind = shared.profile.orders.id_kind;
    let pending = shared
        .orders
        .by_ids(kind, &request.ids)
        .into_iter()
        .filter(|order| order.before_production())
        .map(|order| PendingOrder {
            id: Some(order.id(kind)),
            order_po: order.order_po().map(str::to_owned),
            order_key: Some(order.order_key()),
        })
        .collect();
    json_response(StatusCode::OK, ok(shared, pending))
}

/// An answer that finds no order.
pub(super) fn plain(shared: &Shared) -> Vec<u8> {
    ok(shared, Vec::new())
}

/// An answer whose status reports a failure.
pub(super) fn unsuccessful(shared: &Shared) -> Vec<u8> {
    let failed = page::failed("listing the pending orders", shared.reference_id());
    encoded(&ListPendingOrdersResponse { status: failed.status, orders: None })
}

fn ok(shared: &Shared, orders: Vec<PendingOrder>) -> Vec<u8> {
    encoded(&ListPendingOrdersResponse {
        status: page::ok(shared.reference_id()).status,
        orders: Some(orders),
    })
}

fn encoded(answer: &ListPendingOrdersResponse) -> Vec<u8> {
    encode_schema(answer, "list_pending_orders_response", &[])
}
