//! `PUT /v3/update_images`: the body read as ASP.NET would, and the titles and descriptions
//! changed by guid (an unknown guid is left out of the answer).

use axum::body::Bytes;
use axum::response::Response;
use finerworks_api::limits::update_images_request;
use finerworks_api::types::UpdateImageDetails;
use serde_json::Value;

use crate::edit::{array, guid, object, text};
use crate::request::{Errors, ModelState};
use crate::state::Shared;
use crate::wire::Envelope;

/// The answer to a valid or invalid `update_images` body.
pub(super) fn answer(shared: &Shared, _body: &Bytes, json: &Value) -> Response {
    super::ok_or_invalid(
        update(json).map(|changes| super::ok_images(shared, shared.store.update(&changes))),
    )
}

/// The answer with no images.
pub(super) fn plain(shared: &Shared) -> Vec<u8> {
    super::ok_images(shared, Vec::new())
}

/// An answer whose status reports a failure.
pub(super) fn unsuccessful(shared: &Shared) -> Vec<u8> {
    super::failed(shared, Envelope::Images, "updating the images")
}

/// Reads an `update_images` body.
pub(crate) fn update(body: &Value) -> Result<Vec<UpdateImageDetails>, ModelState> {
    let mut errors = Errors::default();
    let Some(request) = object(body, "update_images_request", &mut errors) else {
        return Err(errors.0);
    };
    let limits = (update_images_request::IMAGES_MIN_ITEMS, None);
    let list = "System.Collections.Generic.List`1[ApiC.Models.update_image_details]";
    let items = array(request, "images", list, limits, &mut errors).unwrap_or_default();
    let mut images = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let at = format!("images[{index}]");
        let Some(image) = item.as_object() else {
            errors.conversion(&at, item, "ApiC.Models.update_image_details");
            continue;
        };
        let guid = guid(image.get("guid"), &format!("{at}.guid"), &mut errors);
        let title = text(image, &format!("{at}.title"), &mut errors);
        let description = text(image, &format!("{at}.description"), &mut errors);
        if let Some(guid) = guid {
            images.push(UpdateImageDetails {
                guid,
                title,
                description,
            });
        }
    }
    // Checked for its type only: the mock has one account.
    text(request, "account_key", &mut errors);
    if errors.0.is_empty() {
        Ok(images)
    } else {
        Err(errors.0)
    }
}
