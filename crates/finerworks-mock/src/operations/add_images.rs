//! `POST /v3/add_images`: the body read as ASP.NET would, and the images added to the library
//! named, answered with their new ids and guids.

use std::num::NonZeroU32;

use finerworks_api::Operation as _;
use finerworks_api::operations::AddImages;
use axum::body::Bytes;
use axum::response::Response;
use finerworks_api::fields::add_image_details::{
    self as details, DESCRIPTION, FILE_NAME, FILE_SIZE, HIRES_FILE_NAME, PIX_H, PIX_W,
    PREVIEW_FILE_NAME, PRIVATE_HIRES_URI, PUBLIC_PREVIEW_URI, PUBLIC_THUMBNAIL_URI,
    THUMBNAIL_FILE_NAME, TITLE,
};
use finerworks_api::fields::add_images_request::{self as request_fields, IMAGES};
use finerworks_api::limits::add_image_details::{FILE_SIZE_MIN, PIX_H_MIN, PIX_W_MIN};
use finerworks_api::limits::add_images_request;
use finerworks_api::types::{AddImageDetails, ImageDetails, LibraryName};
use serde_json::Value;

use crate::edit::{array, number, object, text};
use crate::request::{Errors, INT_MAX, ModelState, library, present};
use crate::state::Shared;

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
        super::ok_images(shared, AddImages::RESPONSE_SCHEMA, shared.store.insert(add.library, images))
    }))
}

/// The answer with no images.
pub(super) fn plain(shared: &Shared) -> Vec<u8> {
    super::ok_images(shared, AddImages::RESPONSE_SCHEMA, Vec::new())
}

/// An answer whose status reports a failure.
pub(super) fn unsuccessful(shared: &Shared) -> Vec<u8> {
    super::failed(shared, AddImages::RESPONSE_SCHEMA, "adding the images")
}

/// Reads an `add_images` body.
pub(crate) fn add(body: &Value) -> Result<Add, ModelState> {
    let mut errors = Errors::default();
    let Some(request) = object(body, "add_images_request", &mut errors) else {
        return Err(errors.0);
    };
    let library = library(request, request_fields::ALL, &mut errors);
    let limits = (
        add_images_request::IMAGES_MIN_ITEMS,
        Some(add_images_request::IMAGES_MAX_ITEMS),
    );
    let list = "System.Collections.Generic.List`1[ApiC.Models.add_image_details]";
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
            errors.conversion(&at, item, "ApiC.Models.add_image_details");
            continue;
        };
        for field in details::ALL.iter().filter(|field| field.required) {
            if present(image, field.name).is_none() {
                errors.required(&format!("{at}.{}", field.name));
            }
        }
        let mut field = |name: &str| text(image, &format!("{at}.{name}"), &mut errors);
        let (title, description) = (field(TITLE), field(DESCRIPTION));
        let names = [
            field(FILE_NAME),
            field(THUMBNAIL_FILE_NAME),
            field(PREVIEW_FILE_NAME),
            field(HIRES_FILE_NAME),
            field(PUBLIC_THUMBNAIL_URI),
            field(PUBLIC_PREVIEW_URI),
            field(PRIVATE_HIRES_URI),
        ];
        let file_size = number(
            image,
            &format!("{at}.{FILE_SIZE}"),
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
        let (pix_w, pix_h) = (pixels(PIX_W, PIX_W_MIN), pixels(PIX_H, PIX_H_MIN));
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
