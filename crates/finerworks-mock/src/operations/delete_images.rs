//! `DELETE /v3/delete_images`: the body read as ASP.NET would, and the images removed by guid
//! from the library named (a `null` library is the inventory; a missing guid is no error).

use axum::body::Bytes;
use axum::response::Response;
use finerworks_api::limits::delete_images_request;
use finerworks_api::types::LibraryName;
use serde_json::Value;
use uuid::Uuid;

use crate::edit::{array, guid, object};
use crate::request::{Errors, ModelState, library};
use crate::state::Shared;
use crate::wire::Envelope;

/// A valid `delete_images` request.
#[derive(Debug)]
pub(crate) struct Delete {
    /// `None` when the request's `library` is `null`.
    pub(crate) library: Option<LibraryName>,
    /// The images to delete.
    pub(crate) guids: Vec<Uuid>,
}

/// The answer to a valid or invalid `delete_images` body.
pub(super) fn answer(shared: &Shared, _body: &Bytes, json: &Value) -> Response {
    super::ok_or_invalid(delete(json).map(|delete| {
        // A `null` library is the inventory, the default library of `image_library`.
        let library = delete.library.unwrap_or(LibraryName::Inventory);
        shared.store.delete(Some(library), &delete.guids);
        plain(shared)
    }))
}

/// The answer with its status alone.
pub(super) fn plain(shared: &Shared) -> Vec<u8> {
    super::ok_status(shared)
}

/// An answer whose status reports a failure.
pub(super) fn unsuccessful(shared: &Shared) -> Vec<u8> {
    super::failed(shared, Envelope::Status, "deleting the images")
}

/// Reads a `delete_images` body.
pub(crate) fn delete(body: &Value) -> Result<Delete, ModelState> {
    let mut errors = Errors::default();
    let Some(request) = object(body, "delete_images_request", &mut errors) else {
        return Err(errors.0);
    };
    let limits = (delete_images_request::GUIDS_MIN_ITEMS, None);
    let list = "System.Collections.Generic.List`1[System.Guid]";
    let items = array(request, "guids", list, limits, &mut errors).unwrap_or_default();
    // The spec types each as a GUID (`format: uuid`, not nullable); the vendor's table says
    // text, which a GUID is too.
    let guids = items
        .iter()
        .enumerate()
        .filter_map(|(index, item)| guid(Some(item), &format!("guids[{index}]"), &mut errors))
        .collect();
    // Required, yet `null` in the vendor's own example: present, as `null` or a library.
    let library = match request.get("library") {
        None => {
            errors.required("library");
            None
        }
        Some(Value::Null) => None,
        Some(_) => Some(library(request, &mut errors)),
    };
    if errors.0.is_empty() {
        Ok(Delete { library, guids })
    } else {
        Err(errors.0)
    }
}
