//! `GET /v3/test_my_credentials`: once the keys match, the status envelope.

use finerworks_api::Operation as _;
use finerworks_api::operations::TestMyCredentials;
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use crate::state::Shared;
use crate::wire::json_response;

/// The answer once the keys match. The documented `credentials` body, if sent, says nothing the
/// headers do not, so it is not read.
pub(super) fn answer(shared: &Shared, _body: &Bytes, _json: &Value) -> Response {
    json_response(StatusCode::OK, plain(shared))
}

/// The status envelope, reporting success.
pub(super) fn plain(shared: &Shared) -> Vec<u8> {
    super::ok_status(shared, TestMyCredentials::RESPONSE_SCHEMA)
}

/// An answer whose status reports a failure.
pub(super) fn unsuccessful(shared: &Shared) -> Vec<u8> {
    super::failed(shared, TestMyCredentials::RESPONSE_SCHEMA, "testing the credentials")
}
