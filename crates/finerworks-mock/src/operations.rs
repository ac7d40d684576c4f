//! What each operation answers once a request has met no fault and no rate limit: the keys, the
//! body (content type, JSON, strict mode, ASP.NET's reading), then `list_images`' page,
//! `test_my_credentials`' envelope, and the changes of `add_images`, `update_images` and
//! `delete_images` to the libraries.

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use finerworks_api::types::{ImageDetails, LibraryName};
use serde_json::Value;

use crate::api::Shared;
use crate::request::{self, ModelState, Query};
use crate::route::Operation;
use crate::wire::{Envelope, encode, encode_as, invalid, json_response, message};
use crate::{CountMode, Echo, Nulls, edit, page};

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
        Envelope::List => page(shared, Query::default()),
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

fn ok_images(shared: &Shared, images: Vec<ImageDetails>) -> Vec<u8> {
    encode_as(
        &page::images(images, shared.reference_id()),
        Envelope::Images,
        &[],
    )
}

/// The answer to a request for `operation` with these headers and body.
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
        // The documented `credentials` body, if sent, says nothing the headers do not.
        return json_response(StatusCode::OK, plain_body(shared, operation));
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
    let store = &shared.store;
    let changed = match operation {
        Operation::ListImages => return list_images(shared, &body, &json),
        Operation::TestMyCredentials => unreachable!("answered above"),
        Operation::AddImages => edit::add(&json).map(|add| {
            let images = add.images.into_iter().map(new_image).collect();
            ok_images(shared, store.insert(add.library, images))
        }),
        Operation::UpdateImages => {
            edit::update(&json).map(|changes| ok_images(shared, store.update(&changes)))
        }
        Operation::DeleteImages => edit::delete(&json).map(|delete| {
            // A `null` library is the inventory, the default library of `image_library`.
            let library = delete.library.unwrap_or(LibraryName::Inventory);
            store.delete(Some(library), &delete.guids);
            plain_body(shared, operation)
        }),
    };
    match changed {
        Ok(body) => json_response(StatusCode::OK, body),
        Err(model_state) => invalid(model_state),
    }
}

/// The image `add_images` makes of `details` (the store gives it an id, a guid and a date).
fn new_image(details: finerworks_api::types::AddImageDetails) -> ImageDetails {
    ImageDetails {
        title: details.title,
        description: details.description,
        file_name: Some(details.file_name),
        file_size: Some(details.file_size),
        thumbnail_file_name: Some(details.thumbnail_file_name),
        preview_file_name: Some(details.preview_file_name),
        hires_file_name: Some(details.hires_file_name),
        public_thumbnail_uri: Some(details.public_thumbnail_uri),
        public_preview_uri: Some(details.public_preview_uri),
        private_hires_uri: Some(details.private_hires_uri),
        pix_w: i32::try_from(details.pix_w.get()).ok(),
        pix_h: i32::try_from(details.pix_h.get()).ok(),
        ..ImageDetails::default()
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

fn list_images(shared: &Shared, body: &Bytes, json: &Value) -> Response {
    let profile = &shared.profile;
    let mut refused = match profile.nulls {
        Nulls::Reject => crate::nulls::refused(body, json),
        Nulls::Accept => ModelState::new(),
    };
    match request::parse(json, profile.reading) {
        Ok(query) if refused.is_empty() => json_response(StatusCode::OK, page(shared, query)),
        Ok(_) => invalid(refused),
        Err(model_state) => {
            refused.extend(model_state);
            invalid(refused)
        }
    }
}

/// The body of a successful `list_images` answer to `query`, from the libraries as they are
/// now (without the images not indexed yet).
fn page(shared: &Shared, query: Query) -> Vec<u8> {
    let profile = &shared.profile;
    let mut selection = query.selection;
    if let Some(cap) = profile.page_size_cap {
        selection.per_page = selection.per_page.min(cap);
    }
    let with_products = query.list_products && query.library == LibraryName::Inventory;
    let (count, listed, images) = shared.store.with_library(query.library, |library, hidden| {
        let (count, positions) = library.select(&selection, hidden);
        let images: Vec<ImageDetails> = positions
            .iter()
            .map(|&position| {
                let mut image = library.image(position).clone();
                if !with_products {
                    image.products = None;
                }
                image
            })
            .collect();
        let listed = library.len().saturating_sub(
            hidden
                .iter()
                .filter(|g| library.position(g).is_some())
                .count(),
        );
        (count, listed, images)
    });
    let mut response = page::success(
        images,
        selection.page_number,
        selection.per_page,
        profile.count.count(count as u64, listed as u64),
        shared.reference_id(),
    );
    match profile.echo {
        Echo::Used => {}
        Echo::Asked => response.per_page = i32::try_from(query.asked_per_page).ok(),
        Echo::Zero => (response.page_number, response.per_page) = (Some(0), Some(0)),
    }
    let omit: &[&str] = match profile.count {
        CountMode::Missing => &["count"],
        _ => &[],
    };
    encode(&response, omit)
}
