//! `POST /v3/submit_orders_v2`: as `submit_orders`, with up to 50 orders and a required
//! `payment_token`; `"xxxx"` makes every order a test order whatever its `test_mode` (vendor).
//! Any other token is accepted (assumed: the mock's account qualifies for `invoice`, and a
//! processor's token is not checked).

use axum::body::Bytes;
use axum::response::Response;
use finerworks_api::types::SubmitOrdersV2Request;
use serde_json::Value;

use crate::orders::read::read;
use crate::orders::submit::{self, Submission, TEST_PAYMENT_TOKEN};
use crate::state::Shared;
use crate::wire::invalid;

/// The answer to a valid or invalid `submit_orders_v2` body.
pub(super) fn answer(shared: &Shared, _body: &Bytes, json: &Value) -> Response {
    match read::<SubmitOrdersV2Request>(json, "submit_orders_v2_request") {
        Err(model_state) => invalid(model_state),
        Ok(request) => submit::answer(
            shared,
            Submission {
                all_test: request.payment_token.trim() == TEST_PAYMENT_TOKEN,
                orders: request.orders,
                validate_only: request.validate_only == Some(true),
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
