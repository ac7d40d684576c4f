//! `GET /v3/test_my_credentials`: once the keys match, the status envelope.

use axum::http::StatusCode;
use axum::response::Response;

use crate::route::Operation;
use crate::state::Shared;
use crate::wire::json_response;

/// The answer once the keys match. The documented `credentials` body, if sent, says nothing the
/// headers do not, so it is not read.
pub(super) fn answer(shared: &Shared) -> Response {
    json_response(
        StatusCode::OK,
        super::plain_body(shared, Operation::TestMyCredentials),
    )
}
