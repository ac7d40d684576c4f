//! Reading the bodies of `add_images`, `update_images` and `delete_images` the way ASP.NET model
//! binding does: every invalid field is reported under its `request.<path>` key (such as
//! `request.images[0].pix_w`), and a valid body becomes the generated request type.

use std::num::NonZeroU32;

use finerworks_api::limits::add_image_details::{FILE_SIZE_MIN, PIX_H_MIN, PIX_W_MIN};
use finerworks_api::limits::{add_images_request, delete_images_request, update_images_request};
use finerworks_api::schema;
use finerworks_api::types::{AddImageDetails, LibraryName, UpdateImageDetails};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::request::{Errors, INT_MAX, ModelState, integer, library, present};

/// A valid `add_images` request.
#[derive(Debug)]
pub(crate) struct Add {
    pub(crate) library: LibraryName,
    pub(crate) images: Vec<AddImageDetails>,
}

/// A valid `delete_images` request.
#[derive(Debug)]
pub(crate) struct Delete {
    /// `None` when the request's `library` is `null`.
    pub(crate) library: Option<LibraryName>,
    /// The images to delete.
    pub(crate) guids: Vec<Uuid>,
}

/// The body as an object, or the error ASP.NET gives for another JSON value.
fn object<'a>(body: &'a Value, model: &str, errors: &mut Errors) -> Option<&'a Map<String, Value>> {
    let object = body.as_object();
    if object.is_none() {
        errors.conversion("", body, &format!("ApiC.Models.{model}"));
    }
    object
}

/// The array `name` of `object` (required), with its length within `min..=max`: ASP.NET's
/// `[MinLength]` and `[MaxLength]` messages otherwise.
fn array<'a>(
    object: &'a Map<String, Value>,
    name: &str,
    type_name: &str,
    (min, max): (usize, Option<usize>),
    errors: &mut Errors,
) -> Option<&'a [Value]> {
    let items = match present(object, name) {
        None => {
            errors.required(name);
            return None;
        }
        Some(Value::Array(items)) => items,
        Some(other) => {
            errors.conversion(name, other, type_name);
            return None;
        }
    };
    if items.len() < min {
        errors.add(
            name,
            format!(
                "The field {name} must be a string or array type with a minimum length of '{min}'."
            ),
        );
    }
    if let Some(max) = max
        && items.len() > max
    {
        errors.add(
            name,
            format!(
                "The field {name} must be a string or array type with a maximum length of '{max}'."
            ),
        );
    }
    Some(items)
}

/// An optional text field.
fn text(object: &Map<String, Value>, path: &str, errors: &mut Errors) -> Option<String> {
    let name = path.rsplit('.').next().unwrap_or(path);
    match present(object, name)? {
        Value::String(text) => Some(text.clone()),
        other => {
            errors.conversion(path, other, "System.String");
            None
        }
    }
}

/// A required integer field within `min..=max`.
fn number(
    object: &Map<String, Value>,
    path: &str,
    (min, max): (i64, i64),
    type_name: &str,
    errors: &mut Errors,
) -> Option<i64> {
    let name = path.rsplit('.').next().unwrap_or(path);
    let value = present(object, name)?;
    let Some(number) = integer(value) else {
        errors.conversion(path, value, type_name);
        return None;
    };
    if !(min..=max).contains(&number) {
        errors.add(
            path,
            format!("The field {name} must be between {min} and {max}."),
        );
        return None;
    }
    Some(number)
}

/// The fields of `add_image_details` that the spec requires.
fn required_image_fields() -> Vec<&'static str> {
    schema::openapi()["components"]["schemas"]["add_image_details"]["required"]
        .as_array()
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
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

/// A GUID field (required).
fn guid(value: Option<&Value>, path: &str, errors: &mut Errors) -> Option<Uuid> {
    let Some(value) = value.filter(|value| !value.is_null()) else {
        errors.required(path);
        return None;
    };
    let guid = value
        .as_str()
        .and_then(|text| Uuid::parse_str(text.trim()).ok());
    if guid.is_none() {
        errors.conversion(path, value, "System.Guid");
    }
    guid
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const ADD: &str = include_str!("../../../tests/fixtures/vendor_add_images_request.json");

    #[test]
    fn the_vendor_examples_are_valid() {
        let add = add(&serde_json::from_str(ADD).unwrap()).unwrap();
        assert_eq!(add.library, LibraryName::Inventory);
        assert_eq!(add.images[0].pix_w.get(), 1600);
        let delete =
            delete(&json!({"guids": ["77679295-6061-4890-8087-b6988d65d94b"], "library": null}))
                .unwrap();
        assert_eq!((delete.library, delete.guids.len()), (None, 1));
    }

    #[test]
    fn names_every_bad_field() {
        let mut body: Value = serde_json::from_str(ADD).unwrap();
        let image = body["images"][0].clone();
        body["images"] = json!([image.clone(), image.clone()]);
        body["images"][0]["pix_w"] = json!(0);
        body["images"][1]
            .as_object_mut()
            .unwrap()
            .remove("file_name");
        body["images"][1]["file_size"] = json!("big");
        body["library"]["session_id"] = json!("short");
        let errors = add(&body).unwrap_err();
        assert_eq!(
            errors.keys().collect::<Vec<_>>(),
            [
                "request.images[0].pix_w",
                "request.images[1].file_name",
                "request.images[1].file_size",
                "request.library.session_id",
            ]
        );
        assert_eq!(
            errors["request.images[0].pix_w"],
            [format!(
                "The field pix_w must be between {PIX_W_MIN} and {INT_MAX}."
            )]
        );
        assert_eq!(
            errors["request.images[1].file_name"],
            ["The file_name field is required."]
        );

        let errors = update(&json!({"images": [{"guid": "nope"}, {"title": 1}]})).unwrap_err();
        assert_eq!(
            errors.keys().collect::<Vec<_>>(),
            [
                "request.images[0].guid",
                "request.images[1].guid",
                "request.images[1].title"
            ]
        );
        let errors = delete(&json!({"guids": ["not-a-guid", null, 7]})).unwrap_err();
        assert_eq!(
            errors.keys().collect::<Vec<_>>(),
            [
                "request.guids[0]",
                "request.guids[1]",
                "request.guids[2]",
                "request.library"
            ]
        );
        assert_eq!(
            errors["request.guids[0]"],
            ["Error converting value \"not-a-guid\" to type 'System.Guid'. Path 'guids[0]'."]
        );
        assert_eq!(
            errors["request.library"],
            ["The library field is required."]
        );
        let errors = delete(&json!({"guids": [], "library": {"name": "x"}})).unwrap_err();
        assert_eq!(
            errors.keys().collect::<Vec<_>>(),
            [
                "request.guids",
                "request.library.name",
                "request.library.session_id",
                "request.library.site_id"
            ]
        );
    }
}
