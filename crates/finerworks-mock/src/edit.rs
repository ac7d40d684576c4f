//! The readers the bodies of `add_images`, `update_images` and `delete_images` share, as ASP.NET
//! model binding reads: every invalid field is reported under its `request.<path>` key (such as
//! `request.images[0].pix_w`). Each operation's own reading is in its module of
//! [`crate::operations`].

use finerworks_api::Field;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::request::{Errors, integer, is_required, present};

/// The body as an object, or the error ASP.NET gives for another JSON value.
pub(crate) fn object<'a>(
    body: &'a Value,
    model: &str,
    errors: &mut Errors,
) -> Option<&'a Map<String, Value>> {
    let object = body.as_object();
    if object.is_none() {
        errors.conversion("", body, &format!("ApiC.Models.{model}"));
    }
    object
}

/// The array `name` of `object` (a field of the schema whose fields are `fields`, required when
/// the spec says so), with its length within `min..=max`: ASP.NET's `[MinLength]` and
/// `[MaxLength]` messages otherwise.
pub(crate) fn array<'a>(
    object: &'a Map<String, Value>,
    (fields, name): (&[Field], &str),
    type_name: &str,
    (min, max): (usize, Option<usize>),
    errors: &mut Errors,
) -> Option<&'a [Value]> {
    let items = match present(object, name) {
        None => {
            if is_required(fields, name) {
                errors.required(name);
            }
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
pub(crate) fn text(object: &Map<String, Value>, path: &str, errors: &mut Errors) -> Option<String> {
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
pub(crate) fn number(
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

/// A GUID field (required).
pub(crate) fn guid(value: Option<&Value>, path: &str, errors: &mut Errors) -> Option<Uuid> {
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use finerworks_api::limits::add_image_details::PIX_W_MIN;
    use finerworks_api::types::LibraryName;

    use super::*;
    use crate::operations::add_images::add;
    use crate::operations::delete_images::delete;
    use crate::operations::update_images::update;
    use crate::request::INT_MAX;

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
