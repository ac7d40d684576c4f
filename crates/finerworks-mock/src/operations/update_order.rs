//! `PUT /v3/update_order`: `hold`, `cancel` or `pending` (release) an order before it is in
//! production, found by the id [`MockConfig::order_id_kind`](crate::MockConfig::order_id_kind)
//! says; the answer is the status block alone. Setting the status an order has changes nothing
//! and succeeds (a cancelled order may be cancelled again).
//!
//! Refused (assumed, as ASP.NET refuses bad input): an id no order has, and any other change to
//! an order in production, shipped or cancelled (the vendor: "changes go through customer
//! support"), each HTTP 400 with a `ModelState` naming `request.order_id`.

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::Response;
use finerworks_api::types::UpdateOrderRequest;
use serde_json::Value;

use crate::orders::Refusal;
use crate::orders::read::read;
use crate::request::ModelState;
use crate::state::Shared;
use crate::wire::{invalid, json_response};

/// The answer to a valid or invalid `update_order` body.
pub(super) fn answer(shared: &Shared, _body: &Bytes, json: &Value) -> Response {
    let request = match read::<UpdateOrderRequest>(json, "update_order_request") {
        Ok(request) => request,
        Err(model_state) => return invalid(model_state),
    };
    let kind = shared.profile.orders.id_kind;
    let id = request.order_id;
    match shared.orders.update(kind, id, request.update_command) {
        Ok(changed) => {
            if let Some(order) = changed {
                shared.orders_changed(&[order]);
            }
            json_response(StatusCode::OK, plain(shared))
        }
        Err(refusal) => {
            let message = match refusal {
                Refusal::Unknown => format!("No order has the {kind} {id}."),
                Refusal::TooLate(status) => format!(
                    "The order {id} is {status}: it can no longer be changed here; contact \
                     customer support."
                ),
            };
            invalid(ModelState::from([("request.order_id".to_owned(), vec![message])]))
        }
    }
}

/// The status block of a success.
pub(super) fn plain(shared: &Shared) -> Vec<u8> {
    super::ok_status(shared, "status_response")
}

/// An answer whose status reports a failure.
pub(super) fn unsuccessful(shared: &Shared) -> Vec<u8> {
    super::failed(shared, "status_response", "updating the order")
}
