//! `POST /v3/add_images`: the body read as ASP.NET would, and the images added to the library
//! named, answered with their new ids and guids.

use std::num::NonZeroU32;

use axum::body::Bytes;
use axum::response::Response;
use finerworks_api::limits::add_image_details::{FILE_SIZE_MIN, PIX_H_MIN, PIX_W_MIN};
use finerworks_api::limits::add_images_request;
use finerworks_api::schema;
use finerworks_api::types::{AddImageDetails, ImageDetails, LibraryName};
use serde_json::Value;

use crate::edit::{array, number, object, text};
use crate::request::{Errors, INT_MAX, ModelState, library, present};
use crate::state::Shared;
use crate::wire::Envelope;

/// A valid `add_images` request.
#[derive(Debug)]
pub(crate) struct Add {
    pub(crate) library: LibraryName,
    pub(crate) images: Vec<AddImageDetails>,
}

/// The answer to a valid or invalid `add_images` body.
pub(super) fn answer(shared: &Shared, _body: &Bytes, json: &Value) -> Response {
    super::ok_or_invalid(add(json).map(|add| {
        let images = add.images.into_iter().map(new_image).collect();
        super::ok_images(shared, shared.store.insert(add.library, images))
    }))
}

/// The fields of `add_image_details` that the spec requires.
fn required_image_fields() -> Vec<&'static str> {
    schema::openapi()["components"]["schemas"]["add_image_details"]["required"]
        .as_array()
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The answer with no images.
pub(super) fn plain(shared: &Shared) -> Vec<u8> {
    super::ok_images(shared, Vec::new())
}

/// An answer whose status reports a failure.
pub(super) fn unsuccessful(shared: &Shared) -> Vec<u8> {
    super::failed(shared, Envelope::Images, "adding the images")
}

/// Reads an `add_images` body.
pub(crate) fn add(body: &Value) -> Result<Add, ModelState> {
    let mut errors = Errors::default();
    let Some(request) = object(body, "add_images_request", &mut errors) else {
        return Err(errors.0);
    };
    let library = library(request, &mut errors);
    let limits = (
        add_images_request::IMAGES_MIN_ITEMS,
        Some(add_images_request::IMAGES_MAX_ITEMS),
    );
    let list = "System.Collections.Generic.List`1[ApiC.Models.add_image_details]";
    let items = array(request, "images", list, limits, &mut errors).unwrap_or_default();
    let required = required_image_fields();
    let mut images = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let at = format!("images[{index}]");
        let Some(image) = item.as_object() else {
            errors.conversion(&at, item, "ApiC.Models.add_image_details");
            continue;
        };
        for name in &required {
            if present(image, name).is_none() {
                errors.required(&format!("{at}.{name}"));
            }
        }
        let mut field = |name: &str| text(image, &format!("{at}.{name}"), &mut errors);
        let (title, description) = (field("title"), field("description"));
        let names = [
            field("file_name"),
            field("thumbnail_file_name"),
            field("preview_file_name"),
            field("hires_file_name"),
            field("public_thumbnail_uri"),
            field("public_preview_uri"),
            field("private_hires_uri"),
        ];
        let file_size = number(
            image,
            &format!("{at}.file_size"),
            (FILE_SIZE_MIN, i64::MAX),
            "System.Int64",
            &mut errors,
        );
        let mut pixels = |name: &str, min: u32| {
            number(
                image,
                &format!("{at}.{name}"),
                (i64::from(min), INT_MAX),
                "System.Int32",
                &mut errors,
            )
            .and_then(|n| u32::try_from(n).ok())
            .and_then(NonZeroU32::new)
        };
        let (pix_w, pix_h) = (pixels("pix_w", PIX_W_MIN), pixels("pix_h", PIX_H_MIN));
        // A field left out is reported above (when the spec requires it); its value is empty.
        let [
            file_name,
            thumbnail,
            preview,
            hires,
            public_thumbnail,
            public_preview,
            private_hires,
        ] = names.map(Option::unwrap_or_default);
        if let (Some(file_size), Some(pix_w), Some(pix_h)) = (file_size, pix_w, pix_h) {
            images.push(AddImageDetails {
                title,
                description,
                file_name,
                file_size,
                thumbnail_file_name: thumbnail,
                preview_file_name: preview,
                hires_file_name: hires,
                public_thumbnail_uri: public_thumbnail,
                public_preview_uri: public_preview,
                private_hires_uri: private_hires,
                pix_w,
                pix_h,
            });
        }
    }
    if errors.0.is_empty() {
        Ok(Add { library, images })
    } else {
        Err(errors.0)
    }
}

/// The image `add_images` makes of `details` (the store gives it an id, a guid and a date).
fn new_image(details: AddImageDetails) -> ImageDetails {
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
