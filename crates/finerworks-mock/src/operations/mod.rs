//! What each operation answers once a request has met no fault and no rate limit: the steps every
//! operation shares (the keys, then the body: content type, JSON, strict mode), then one module
//! per operation with its reading of the body and its answer, reached from [`answer`].

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use finerworks_api::types::ImageDetails;
use serde_json::Value;

use crate::page;
use crate::request::ModelState;
use crate::route::Operation;
use crate::state::Shared;
use crate::wire::{encode_schema, invalid, json_response, message};

/// Declares the module of each operation the mock implements (named by its `operationId`) and
/// [`IMPLEMENTED`], the table that routes a request to it. Each module has
///
/// - `answer(shared, body, json)`: the answer to a request whose keys matched and whose body is
///   JSON (and passed strict mode); an operation without a request schema gets an empty body
///   and `null`, as its body is not read;
/// - `plain(shared)`: the body of a successful answer that changes nothing (what a truncated
///   body fault cuts in half);
/// - `unsuccessful(shared)`: the body of an HTTP 200 answer whose status reports a failure.
macro_rules! operations {
    ($($module:ident),* $(,)?) => {
        $(pub(crate) mod $module;)*

        /// The operations the mock implements, by `operationId`, each with its module.
        static IMPLEMENTED: &[Implemented] = &[$(
            Implemented {
                id: stringify!($module),
                answer: $module::answer,
                plain: $module::plain,
                unsuccessful: $module::unsuccessful,
            },
        )*];
    };
}

// The one place an operation of the spec meets the module that implements it.
operations! {
    list_images,
    test_my_credentials,
    add_images,
    update_images,
    delete_images,
    list_product_types,
    list_style_types,
    get_product_details,
    get_prices,
    submit_orders,
    submit_orders_v2,
    fetch_order_status,
    list_shipping_options,
    list_shipping_options_multiple,
    list_order_status_definitions,
    update_order,
    list_pending_orders,
}

/// An operation the mock implements: its `operationId` and its module's functions.
struct Implemented {
    id: &'static str,
    answer: fn(&Shared, &Bytes, &Value) -> Response,
    plain: fn(&Shared) -> Vec<u8>,
    unsuccessful: fn(&Shared) -> Vec<u8>,
}

/// The ids of the operations the mock implements.
pub(crate) fn implemented_ids() -> impl ExactSizeIterator<Item = &'static str> {
    IMPLEMENTED.iter().map(|row| row.id)
}

/// The module of `operation`, if the mock implements it.
fn implemented(operation: Operation) -> Option<&'static Implemented> {
    IMPLEMENTED.iter().find(|row| row.id == operation.id())
}

/// The body of a successful answer of `operation` that changes nothing, as its module says (for
/// `list_images`, the first page of a plain request; for `add_images`, no image); the `status`
/// block alone for an operation the mock does not implement.
pub(crate) fn plain_body(shared: &Shared, operation: Operation) -> Vec<u8> {
    match implemented(operation) {
        Some(row) => (row.plain)(shared),
        None => ok_status(shared, operation.info().response_schema),
    }
}

/// The body of an HTTP 200 answer of `operation` whose status reports a failure.
pub(crate) fn unsuccessful_body(shared: &Shared, operation: Operation) -> Vec<u8> {
    match implemented(operation) {
        Some(row) => (row.unsuccessful)(shared),
        None => failed(
            shared,
            operation.info().response_schema,
            &format!("calling {}", operation.id()),
        ),
    }
}

/// The body of a successful answer of the schema `schema` that carries the `status` block alone
/// (its payload, if it has one, `null`).
fn ok_status(shared: &Shared, schema: &str) -> Vec<u8> {
    encode_schema(&page::ok(shared.reference_id()), schema, &[])
}

/// The body of a successful answer of the schema `schema` listing `images`.
fn ok_images(shared: &Shared, schema: &str, images: Vec<ImageDetails>) -> Vec<u8> {
    encode_schema(&page::images(images, shared.reference_id()), schema, &[])
}

/// The body of an HTTP 200 answer of the schema `schema` whose status reports a failure while
/// `doing` ("adding the images"), its payload `null`.
fn failed(shared: &Shared, schema: &str, doing: &str) -> Vec<u8> {
    encode_schema(&page::failed(doing, shared.reference_id()), schema, &[])
}

/// The answer to a request for `operation` with these headers and body: the keys, then (for an
/// operation that is sent with a body) the body: content type, JSON, strict mode; then the
/// operation's own module, or HTTP 501 for an operation the mock does not implement.
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
    let Some(row) = implemented(operation) else {
        return not_implemented(operation);
    };
    let Some(schema) = operation.request_schema() else {
        // The operation is sent without a body: whatever came is not read.
        return (row.answer)(shared, &Bytes::new(), &Value::Null);
    };
    let (body, json) = match json_body(headers, body) {
        Ok(read) => read,
        Err(response) => return *response,
    };
    // A bare array is checked by the operation that reads one (`get_prices`), item by item; any
    // other operation refuses it as not its object.
    if shared.profile.strict
        && !json.is_array()
        && let Some(model_state) = crate::strict::violations(&json, schema)
    {
        return invalid(model_state);
    }
    (row.answer)(shared, &body, &json)
}

/// ASP.NET's answer to an action that throws `NotImplementedException`, naming the operation.
fn not_implemented(operation: Operation) -> Response {
    message(
        StatusCode::NOT_IMPLEMENTED,
        &format!(
            "The method or operation is not implemented: the mock does not serve {} ({} {}).",
            operation.id(),
            operation.method(),
            operation.info().path
        ),
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The operations of the spec the mock deliberately does not implement: it answers them with
    /// HTTP 501 (after the faults, the rate limit and the keys, as any operation).
    const NOT_IMPLEMENTED: &[&str] = &[];

    /// Every operation of the spec is either implemented by a module of its own or deliberately
    /// answered with a 501, and every module is an operation of the spec.
    #[test]
    fn every_operation_of_the_spec_is_implemented_or_listed_as_not() {
        for operation in Operation::all() {
            let served = implemented(operation).is_some();
            let listed = NOT_IMPLEMENTED.contains(&operation.id());
            assert!(
                served != listed,
                "{operation:?}: implemented {served}, listed as not implemented {listed}: add it \
                 to `operations!` in src/operations/mod.rs, or to NOT_IMPLEMENTED"
            );
        }
        for row in IMPLEMENTED {
            assert!(
                Operation::with_id(row.id).is_some(),
                "{} is not in the spec",
                row.id
            );
        }
        for id in NOT_IMPLEMENTED {
            assert!(Operation::with_id(id).is_some(), "{id} is not in the spec");
        }
    }

    #[tokio::test]
    async fn an_operation_not_implemented_is_a_501_naming_it() {
        let operation = Operation::with_id("add_images").unwrap();
        let response = not_implemented(operation);
        assert_eq!(response.status(), StatusCode::NOT_IMPLEMENTED);
        let body = axum::body::to_bytes(response.into_body(), 4096)
            .await
            .unwrap();
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            body["Message"],
            "The method or operation is not implemented: the mock does not serve add_images \
             (POST /v3/add_images)."
        );
    }
}
