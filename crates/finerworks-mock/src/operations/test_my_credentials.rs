//! `GET /v3/test_my_credentials`: once the keys match, the status envelope.

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use crate::state::Shared;
use crate::wire::{Envelope, json_response};

/// The answer once the keys match. The documented `credentials` body, if sent, says nothing the
/// headers do not, so it is not read.
pub(super) fn answer(shared: &Shared, _body: &Bytes, _json: &Value) -> Response {
    json_response(StatusCode::OK, plain(shared))
}

/// The status envelope, reporting success.
pub(super) fn plain(shared: &Shared) -> Vec<u8> {
    super::ok_status(shared)
}

/// An answer whose status reports a failure.
pub(super) fn unsuccessful(shared: &Shared) -> Vec<u8> {
    super::failed(shared, Envelope::Status, "testing the credentials")
}
