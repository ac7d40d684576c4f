//! `POST /v3/submit_product`: the body read as ASP.NET would; in store mode, a product added to
//! an inventory image with a new SKU.
//!
//! FinerWorks documents neither the answer nor what store mode creates, so this module reads it
//! as the spec assumes: the image is `product.product_image.library_file.guid` (an image of the
//! inventory library: another GUID is a 400 naming that field, and so is none), the product code
//! is `product.product_sku` (required in store mode), and the new product gets the SKU
//! `AP<image id>P<n>` (the `n`-th product added, five digits) and a seeded product GUID.
//! `order_key` and `cart_id` are read (they are required) but not used. The answer is the product
//! created, or the `status` block alone ([`ProductAnswer`]). Order mode adds to a shopping cart
//! the mock does not keep: it answers success with the `status` block alone and changes nothing.

use axum::body::Bytes;
use axum::response::Response;
use finerworks_api::Operation as _;
use finerworks_api::fields::image_details::GUID as IMAGE_GUID;
use finerworks_api::fields::order_product::{
    self as product_fields, CUSTOM_DATA_1, CUSTOM_DATA_2, CUSTOM_DATA_3, PRODUCT_GUID,
    PRODUCT_IMAGE, PRODUCT_ORDER_PO, PRODUCT_QTY, PRODUCT_SKU, PRODUCT_TITLE,
};
use finerworks_api::fields::product_image_file::LIBRARY_FILE;
use finerworks_api::fields::submit_product_request::{
    self as request_fields, ACCOUNT_KEY, CART_ID, MODE, ORDER_KEY, PRODUCT,
};
use finerworks_api::limits::order_product::{
    PRODUCT_ORDER_PO_MAX_LENGTH, PRODUCT_QTY_MAX, PRODUCT_QTY_MIN, PRODUCT_TITLE_MAX_LENGTH,
};
use finerworks_api::operations::SubmitProduct;
use finerworks_api::types::{Product, SubmitProductMode, SubmitProductResponse};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::ProductAnswer;
use crate::edit::{guid, number, object, text};
use crate::page;
use crate::request::{Errors, ModelState, choice, is_required, present};
use crate::state::Shared;
use crate::wire::encode_schema;

/// A valid `submit_product` request, as far as the mock uses it.
#[derive(Debug)]
pub(crate) struct Submission {
    pub(crate) mode: SubmitProductMode,
    /// The inventory image the product is made from (store mode).
    pub(crate) image: Option<Uuid>,
    /// The product to store: its code, name and quantity.
    pub(crate) product: Product,
}

/// The answer to a valid or invalid `submit_product` body.
pub(super) fn answer(shared: &Shared, _body: &Bytes, json: &Value) -> Response {
    let submitted = submission(json).and_then(|submission| match submission.mode {
        SubmitProductMode::Order => Ok(None),
        SubmitProductMode::Store => {
            let image = submission.image.unwrap_or_default();
            shared
                .store
                .add_product(image, submission.product)
                .map(Some)
                .ok_or_else(|| {
                    let mut errors = Errors::default();
                    errors.add(
                        &image_path(),
                        format!("No image of the inventory library has the guid {image}."),
                    );
                    errors.0
                })
        }
    });
    super::ok_or_invalid(submitted.map(|product| {
        let product = product.filter(|_| shared.profile.product_answer == ProductAnswer::Product);
        ok(shared, product)
    }))
}

/// A successful answer with no product.
pub(super) fn plain(shared: &Shared) -> Vec<u8> {
    ok(shared, None)
}

/// An answer whose status reports a failure.
pub(super) fn unsuccessful(shared: &Shared) -> Vec<u8> {
    super::failed(shared, SubmitProduct::RESPONSE_SCHEMA, "submitting the product")
}

/// A successful answer with `product`.
fn ok(shared: &Shared, product: Option<Product>) -> Vec<u8> {
    let answer = SubmitProductResponse {
        status: page::ok(shared.reference_id()).status,
        product,
    };
    encode_schema(&answer, SubmitProduct::RESPONSE_SCHEMA, &[])
}

/// Where the image of a stored product is named.
fn image_path() -> String {
    format!("{PRODUCT}.{PRODUCT_IMAGE}.{LIBRARY_FILE}.{IMAGE_GUID}")
}

/// Reads a `submit_product` body.
pub(crate) fn submission(body: &Value) -> Result<Submission, ModelState> {
    let mut errors = Errors::default();
    let Some(request) = object(body, "submit_product_request", &mut errors) else {
        return Err(errors.0);
    };
    guid(request.get(ORDER_KEY), ORDER_KEY, &mut errors);
    match present(request, CART_ID) {
        None => errors.required(CART_ID),
        Some(value) if crate::request::decimal(value).is_none() => {
            errors.conversion(CART_ID, value, "System.Decimal");
        }
        Some(_) => {}
    }
    let mode = choice(request, MODE, SubmitProductMode::ALL, &mut errors);
    if present(request, MODE).is_none() && is_required(request_fields::ALL, MODE) {
        errors.required(MODE);
    }
    text(request, ACCOUNT_KEY, &mut errors);
    let read = match present(request, PRODUCT) {
        None => {
            errors.required(PRODUCT);
            None
        }
        Some(Value::Object(product)) => Some(read_product(product, &mut errors)),
        Some(other) => {
            errors.conversion(PRODUCT, other, "ApiC.Models.product");
            None
        }
    };
    if mode == Some(SubmitProductMode::Store)
        && let Some((product, image)) = &read
    {
        if image.is_none() && !errors.0.contains_key(&format!("request.{}", image_path())) {
            errors.required(&image_path());
        }
        if product.product_code.is_none()
            && !errors.0.contains_key(&format!("request.{PRODUCT}.{PRODUCT_SKU}"))
        {
            errors.add(
                &format!("{PRODUCT}.{PRODUCT_SKU}"),
                format!("The {PRODUCT_SKU} field is required to store a product."),
            );
        }
    }
    match (errors.0.is_empty(), mode, read) {
        (true, Some(mode), Some((product, image))) => Ok(Submission {
            mode,
            image,
            product,
        }),
        _ => Err(errors.0),
    }
}

/// Reads the `product` of a body: the product it would store, and the image GUID it names.
fn read_product(product: &Map<String, Value>, errors: &mut Errors) -> (Product, Option<Uuid>) {
    let at = |name: &str| format!("{PRODUCT}.{name}");
    if present(product, PRODUCT_QTY).is_none() && is_required(product_fields::ALL, PRODUCT_QTY) {
        errors.required(&at(PRODUCT_QTY));
    }
    let quantity = number(
        product,
        &at(PRODUCT_QTY),
        (i64::from(PRODUCT_QTY_MIN), i64::from(PRODUCT_QTY_MAX)),
        "System.Int32",
        errors,
    );
    let code = text(product, &at(PRODUCT_SKU), errors);
    let title = text(product, &at(PRODUCT_TITLE), errors);
    for (name, value, max) in [
        (PRODUCT_TITLE, &title, PRODUCT_TITLE_MAX_LENGTH),
        (
            PRODUCT_ORDER_PO,
            &text(product, &at(PRODUCT_ORDER_PO), errors),
            PRODUCT_ORDER_PO_MAX_LENGTH,
        ),
    ] {
        if value.as_ref().is_some_and(|v| v.chars().count() > max) {
            errors.add(
                &at(name),
                format!(
                    "The field {name} must be a string or array type with a maximum length of \
                     '{max}'."
                ),
            );
        }
    }
    for name in [CUSTOM_DATA_1, CUSTOM_DATA_2, CUSTOM_DATA_3] {
        text(product, &at(name), errors);
    }
    if present(product, PRODUCT_GUID).is_some() {
        guid(product.get(PRODUCT_GUID), &at(PRODUCT_GUID), errors);
    }
    let library_file = present(product, PRODUCT_IMAGE)
        .and_then(Value::as_object)
        .and_then(|image| present(image, LIBRARY_FILE))
        .and_then(Value::as_object);
    let image = library_file
        .filter(|file| present(file, IMAGE_GUID).is_some())
        .and_then(|file| guid(file.get(IMAGE_GUID), &image_path(), errors));
    let stored = Product {
        monetary_format: Some("USD".to_owned()),
        quantity: quantity.and_then(|q| i32::try_from(q).ok()),
        quantity_in_stock: Some(0),
        product_code: code,
        name: title,
        track_inventory: Some(false),
        ..Product::default()
    };
    (stored, image)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn body(mode: &str, image: Value) -> Value {
        json!({
            "order_key": "00000000-0000-0000-0000-000000000000", "cart_id": 0, "mode": mode,
            "product": {
                "product_qty": 1, "product_sku": "5M41M1S8X10", "product_title": "Harbor print",
                "product_image": {"library_file": {"guid": image}}
            }
        })
    }

    #[test]
    fn store_mode_reads_the_image_and_the_product_code() {
        let guid = Uuid::from_u128(7);
        let submission = submission(&body("Store", json!(guid))).unwrap();
        assert_eq!(submission.mode, SubmitProductMode::Store);
        assert_eq!(submission.image, Some(guid));
        assert_eq!(submission.product.product_code.as_deref(), Some("5M41M1S8X10"));
        assert_eq!(submission.product.name.as_deref(), Some("Harbor print"));
        assert_eq!(submission.product.quantity, Some(1));
    }

    #[test]
    fn store_mode_needs_an_image_order_mode_does_not() {
        let errors = submission(&body("store", Value::Null)).unwrap_err();
        assert_eq!(
            errors.keys().collect::<Vec<_>>(),
            ["request.product.product_image.library_file.guid"]
        );
        assert!(submission(&body("order", Value::Null)).is_ok());
    }

    #[test]
    fn reports_every_bad_field() {
        let errors = submission(&json!({
            "order_key": "nope", "cart_id": "two", "mode": "shelf",
            "product": {"product_qty": 1000, "product_title": "x".repeat(51)}
        }))
        .unwrap_err();
        assert_eq!(
            errors.keys().collect::<Vec<_>>(),
            [
                "request.cart_id",
                "request.mode",
                "request.order_key",
                "request.product.product_qty",
                "request.product.product_title",
            ]
        );
        let errors = submission(&json!({})).unwrap_err();
        assert_eq!(
            errors.keys().collect::<Vec<_>>(),
            [
                "request.cart_id",
                "request.mode",
                "request.order_key",
                "request.product"
            ]
        );
    }
}
