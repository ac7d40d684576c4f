//! `GET /v3/list_order_status_definitions`: every production status, the vendor's three (1 to 3)
//! and the mock's later ones (assumed; see [`crate::orders`] for how an order moves through
//! them).

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::Response;
use finerworks_api::types::{ListOrderStatusDefinitionsResponse, OrderStatusDefinition};
use serde_json::Value;

use crate::orders::STATUS_DEFINITIONS;
use crate::page;
use crate::state::Shared;
use crate::wire::{encode_schema, json_response};

/// The definitions (the operation takes no body).
pub(super) fn answer(shared: &Shared, _body: &Bytes, _json: &Value) -> Response {
    json_response(StatusCode::OK, plain(shared))
}

/// The definitions.
pub(super) fn plain(shared: &Shared) -> Vec<u8> {
    let definitions = STATUS_DEFINITIONS
        .iter()
        .map(|(id, label)| OrderStatusDefinition {
            order_status_id: Some(*id),
            order_status_label: Some((*label).to_owned()),
        })
        .collect();
    encoded(&ListOrderStatusDefinitionsResponse {
        status: page::ok(shared.reference_id()).status,
        definitions: Some(definitions),
    })
}

/// An answer whose status reports a failure.
pub(super) fn unsuccessful(shared: &Shared) -> Vec<u8> {
    let failed = page::failed("listing the status definitions", shared.reference_id());
    encoded(&ListOrderStatusDefinitionsResponse { status: failed.status, definitions: None })
}

fn encoded(answer: &ListOrderStatusDefinitionsResponse) -> Vec<u8> {
    encode_schema(answer, "list_order_status_definitions_response", &[])
}
