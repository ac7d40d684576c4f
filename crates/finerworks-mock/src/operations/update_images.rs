//! `PUT /v3/update_images`: the body read as ASP.NET would, and the titles and descriptions
//! changed by guid (an unknown guid is left out of the answer).

use finerworks_api::Operation as _;
use finerworks_api::operations::UpdateImages;
use axum::body::Bytes;
use axum::response::Response;
use finerworks_api::fields::update_image_details::{DESCRIPTION, GUID, TITLE};
use finerworks_api::fields::update_images_request::{self as request_fields, ACCOUNT_KEY, IMAGES};
use finerworks_api::limits::update_images_request;
use finerworks_api::types::UpdateImageDetails;
use serde_json::Value;

use crate::edit::{array, guid, object, text};
use crate::request::{Errors, ModelState};
use crate::state::Shared;

/// The answer to a valid or invalid `update_images` body.
pub(super) fn answer(shared: &Shared, _body: &Bytes, json: &Value) -> Response {
    super::ok_or_invalid(
        update(json).map(|changes| super::ok_images(shared, UpdateImages::RESPONSE_SCHEMA, shared.store.update(&changes))),
    )
}

/// The answer with no images.
pub(super) fn plain(shared: &Shared) -> Vec<u8> {
    super::ok_images(shared, UpdateImages::RESPONSE_SCHEMA, Vec::new())
}

/// An answer whose status reports a failure.
pub(super) fn unsuccessful(shared: &Shared) -> Vec<u8> {
    super::failed(shared, UpdateImages::RESPONSE_SCHEMA, "updating the images")
}

/// Reads an `update_images` body.
pub(crate) fn update(body: &Value) -> Result<Vec<UpdateImageDetails>, ModelState> {
    let mut errors = Errors::default();
    let Some(request) = object(body, "update_images_request", &mut errors) else {
        return Err(errors.0);
    };
    let limits = (update_images_request::IMAGES_MIN_ITEMS, None);
    let list = "System.Collections.Generic.List`1[ApiC.Models.update_image_details]";
    let items = array(
        request,
        (request_fields::ALL, IMAGES),
        list,
        limits,
        &mut errors,
    )
    .unwrap_or_default();
    let mut images = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let at = format!("{IMAGES}[{index}]");
        let Some(image) = item.as_object() else {
            errors.conversion(&at, item, "ApiC.Models.update_image_details");
            continue;
        };
        // Which image: required by the spec, and without it there is nothing to change.
        let guid = guid(image.get(GUID), &format!("{at}.{GUID}"), &mut errors);
        let title = text(image, &format!("{at}.{TITLE}"), &mut errors);
        let description = text(image, &format!("{at}.{DESCRIPTION}"), &mut errors);
        if let Some(guid) = guid {
            images.push(UpdateImageDetails {
                guid,
                title,
                description,
            });
        }
    }
    // Checked for its type only: the mock has one account.
    text(request, ACCOUNT_KEY, &mut errors);
    if errors.0.is_empty() {
        Ok(images)
    } else {
        Err(errors.0)
    }
}
