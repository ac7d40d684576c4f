//! `DELETE /v3/delete_images`: the body read as ASP.NET would, and the images removed by guid
//! from the library named (a `null` library is the inventory; a missing guid is no error).

use finerworks_api::Operation as _;
use finerworks_api::operations::DeleteImages;
use axum::body::Bytes;
use axum::response::Response;
use finerworks_api::fields::delete_images_request::{self as request_fields, GUIDS, LIBRARY};
use finerworks_api::limits::delete_images_request;
use finerworks_api::types::LibraryName;
use serde_json::Value;
use uuid::Uuid;

use crate::edit::{array, guid, object};
use crate::request::{Errors, ModelState, is_required, library};
use crate::state::Shared;

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
    super::ok_status(shared, DeleteImages::RESPONSE_SCHEMA)
}

/// An answer whose status reports a failure.
pub(super) fn unsuccessful(shared: &Shared) -> Vec<u8> {
    super::failed(shared, DeleteImages::RESPONSE_SCHEMA, "deleting the images")
}

/// Reads a `delete_images` body.
pub(crate) fn delete(body: &Value) -> Result<Delete, ModelState> {
    let mut errors = Errors::default();
    let Some(request) = object(body, "delete_images_request", &mut errors) else {
        return Err(errors.0);
    };
    let limits = (delete_images_request::GUIDS_MIN_ITEMS, None);
    let list = "System.Collections.Generic.List`1[System.Guid]";
    let items = array(
        request,
        (request_fields::ALL, GUIDS),
        list,
        limits,
        &mut errors,
    )
    .unwrap_or_default();
    // The spec types each as a GUID (`format: uuid`, not nullable); the vendor's table says
    // text, which a GUID is too.
    let guids = items
        .iter()
        .enumerate()
        .filter_map(|(index, item)| guid(Some(item), &format!("{GUIDS}[{index}]"), &mut errors))
        .collect();
    // Required, yet `null` in the vendor's own example: present, as `null` or a library.
    let library = match request.get(LIBRARY) {
        None => {
            if is_required(request_fields::ALL, LIBRARY) {
                errors.required(LIBRARY);
            }
            None
        }
        Some(Value::Null) => None,
        Some(_) => Some(library(request, request_fields::ALL, &mut errors)),
    };
    if errors.0.is_empty() {
        Ok(Delete { library, guids })
    } else {
        Err(errors.0)
    }
}
