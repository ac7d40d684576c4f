//! What each operation answers once a request has met no fault and no rate limit: the steps every
//! operation shares (the keys, then the body: content type, JSON, strict mode), then one module
//! per operation with its reading of the body and its answer, reached from [`answer`].

pub(crate) mod add_images;
pub(crate) mod delete_images;
mod list_images;
mod test_my_credentials;
pub(crate) mod update_images;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use finerworks_api::types::ImageDetails;
use serde_json::Value;

use crate::page;
use crate::request::ModelState;
use crate::route::Operation;
use crate::state::Shared;
use crate::wire::{Envelope, encode, encode_as, invalid, json_response, message};

/// The kind of answer `operation` gives.
pub(crate) fn envelope(operation: Operation) -> Envelope {
    match operation {
        Operation::ListImages => Envelope::List,
        Operation::AddImages | Operation::UpdateImages => Envelope::Images,
        Operation::TestMyCredentials | Operation::DeleteImages => Envelope::Status,
    }
}

/// The body of a successful answer of `operation` that changes nothing: for `list_images`,
/// the first page of a plain request; for the others, the envelope with no images.
pub(crate) fn plain_body(shared: &Shared, operation: Operation) -> Vec<u8> {
    match envelope(operation) {
        Envelope::List => list_images::page(shared, list_images::Query::default()),
        Envelope::Images => ok_images(shared, Vec::new()),
        Envelope::Status => encode_as(&page::ok(shared.reference_id()), Envelope::Status, &[]),
    }
}

/// The body of an HTTP 200 answer of `operation` whose status reports a failure.
pub(crate) fn unsuccessful_body(shared: &Shared, operation: Operation) -> Vec<u8> {
    match envelope(operation) {
        Envelope::List => encode(&page::unsuccessful(shared.reference_id()), &[]),
        other => encode_as(
            &page::failed(operation.id(), shared.reference_id()),
            other,
            &[],
        ),
    }
}

/// The body of a successful answer listing `images`.
pub(crate) fn ok_images(shared: &Shared, images: Vec<ImageDetails>) -> Vec<u8> {
    encode_as(
        &page::images(images, shared.reference_id()),
        Envelope::Images,
        &[],
    )
}

/// The answer to a request for `operation` with these headers and body: the keys, then the body
/// (content type, JSON, strict mode), then the operation's own module. This match is the one
/// place a route meets its module.
pub(crate) fn answer(
    shared: &Shared,
    operation: Operation,
    headers: &HeaderMap,
    body: Result<Bytes, axum::Error>,
) -> Response {
    if !shared.keys_match(headers) {
        return invalid(ModelState::from([(
            "ApiC.Models.authorization_credentials".to_owned(),
            vec!["Missing or unauthorized api credentials".to_owned()],
        )]));
    }
    if operation == Operation::TestMyCredentials {
        return test_my_credentials::answer(shared);
    }
    let (body, json) = match json_body(headers, body) {
        Ok(read) => read,
        Err(response) => return *response,
    };
    if shared.profile.strict
        && let Some(schema) = operation.request_schema()
        && let Some(model_state) = crate::strict::violations(&json, schema)
    {
        return invalid(model_state);
    }
    match operation {
        Operation::ListImages => list_images::answer(shared, &body, &json),
        Operation::TestMyCredentials => unreachable!("answered above"),
        Operation::AddImages => add_images::answer(shared, &json),
        Operation::UpdateImages => update_images::answer(shared, &json),
        Operation::DeleteImages => delete_images::answer(shared, &json),
    }
}

/// An HTTP 200 answer with `body`, or HTTP 400 naming every bad field.
fn ok_or_invalid(changed: Result<Vec<u8>, ModelState>) -> Response {
    match changed {
        Ok(body) => json_response(StatusCode::OK, body),
        Err(model_state) => invalid(model_state),
    }
}

/// The body, as bytes and as JSON, or ASP.NET's answer to a body it cannot read: too large,
/// empty, of another content type, or not JSON.
fn json_body(
    headers: &HeaderMap,
    body: Result<Bytes, axum::Error>,
) -> Result<(Bytes, Value), Box<Response>> {
    let Ok(body) = body else {
        return Err(Box::new(message(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The request entity is too large.",
        )));
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Box::new(invalid(ModelState::from([(
            "request".to_owned(),
            vec!["A non-empty request body is required.".to_owned()],
        )]))));
    }
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .map_or(Some("application/octet-stream"), |v| v.to_str().ok())
        .unwrap_or_default();
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    if !essence.eq_ignore_ascii_case("application/json")
        && !essence.eq_ignore_ascii_case("text/json")
    {
        return Err(Box::new(message(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            &format!(
                "The request entity's media type '{essence}' is not supported for this resource."
            ),
        )));
    }
    match serde_json::from_slice(&body) {
        Ok(json) => Ok((body, json)),
        Err(error) => Err(Box::new(invalid(ModelState::from([(
            "request".to_owned(),
            vec![format!("Unexpected JSON: {error}.")],
        )])))),
    }
}
