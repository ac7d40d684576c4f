//! `POST /v3/submit_orders`: up to 5 orders read and checked, then recorded (each with a new
//! `order_id` and `order_confirmation_id`, status `3 Order Received`) and answered as
//! `orders: [received_order]`, or only checked with `validate_only` (see
//! [`crate::orders::submit`] for the rules and the switches).

use axum::body::Bytes;
use axum::response::Response;
use finerworks_api::types::SubmitOrdersRequest;
use serde_json::Value;

use crate::orders::read::read;
use crate::orders::submit::{self, Submission};
use crate::state::Shared;
use crate::wire::invalid;

/// The answer to a valid or invalid `submit_orders` body.
pub(super) fn answer(shared: &Shared, _body: &Bytes, json: &Value) -> Response {
    match read::<SubmitOrdersRequest>(json, "submit_orders_request") {
        Err(model_state) => invalid(model_state),
        Ok(request) => submit::answer(
            shared,
            Submission {
                orders: request.orders,
                validate_only: request.validate_only == Some(true),
                all_test: false,
            },
        ),
    }
}

/// An answer that places nothing: `orders: []`.
pub(super) fn plain(shared: &Shared) -> Vec<u8> {
    submit::body(shared, Some(Vec::new()))
}

/// An answer whose status reports a failure.
pub(super) fn unsuccessful(shared: &Shared) -> Vec<u8> {
    submit::unsuccessful(shared)
}
