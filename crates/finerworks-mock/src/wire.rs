//! The bytes on the wire: an answer written as .NET writes it, and ASP.NET's error bodies
//! (`Message`, `ModelState`), the rate limit's 429, and what slow or surplus connections get
//! (408, 503).

use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use finerworks_api::types::{ErrorBody, ListImagesResponse};
use serde::ser::{Serialize, SerializeMap as _};
use serde_json::Value;

use crate::request::ModelState;

const JSON: &str = "application/json; charset=utf-8";
pub(crate) const HTML: &str = "text/html";

/// The fields FinerWorks writes, in its order, `null` or not (its own example).
const RESPONSE_FIELDS: &[&str] = &["status", "images", "page_number", "per_page", "count"];
/// The fields of the answers of `add_images` and `update_images` (an assumed shape).
const IMAGES_RESPONSE_FIELDS: &[&str] = &["status", "images"];
/// The fields of an answer that carries only the outcome (an assumed shape).
const STATUS_RESPONSE_FIELDS: &[&str] = &["status"];
const STATUS_FIELDS: &[&str] = &[
    "success",
    "status_code",
    "message",
    "debug",
    "reference_id",
    "domain",
];
const IMAGE_FIELDS: &[&str] = &[
    "id",
    "guid",
    "title",
    "description",
    "file_name",
    "file_size",
    "thumbnail_file_name",
    "preview_file_name",
    "hires_file_name",
    "public_thumbnail_uri",
    "public_preview_uri",
    "personal_gallery_title",
    "members_gallery_category",
    "private_hires_uri",
    "pix_w",
    "pix_h",
    "date_added",
    "date_expires",
    "active",
    "products",
];
const PRODUCT_FIELDS: &[&str] = &[
    "monetary_format",
    "quantity",
    "quantity_in_stock",
    "sku",
    "product_code",
    "price_details",
    "per_item_price",
    "total_price",
    "asking_price",
    "name",
    "description_short",
    "description_long",
    "labels",
    "image_url_1",
    "image_url_2",
    "image_url_3",
    "image_url_4",
    "image_url_5",
    "image_guid",
    "product_size",
    "third_party_integrations",
    "framing_options",
    "product_guid",
    "debug",
];
const LABEL_FIELDS: &[&str] = &["key", "value", "priority"];

/// Which kind of answer a response is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Envelope {
    /// `list_images_response`.
    List,
    /// `images_response`.
    Images,
    /// `status_response`.
    Status,
}

/// Which object of an answer a JSON value is.
#[derive(Clone, Copy)]
enum Shape {
    Response(Envelope),
    Status,
    Image,
    Product,
    Label,
    Other,
}

impl Shape {
    fn fields(self) -> &'static [&'static str] {
        match self {
            Shape::Response(Envelope::List) => RESPONSE_FIELDS,
            Shape::Response(Envelope::Images) => IMAGES_RESPONSE_FIELDS,
            Shape::Response(Envelope::Status) => STATUS_RESPONSE_FIELDS,
            Shape::Status => STATUS_FIELDS,
            Shape::Image => IMAGE_FIELDS,
            Shape::Product => PRODUCT_FIELDS,
            Shape::Label => LABEL_FIELDS,
            Shape::Other => &[],
        }
    }

    fn child(self, key: &str) -> Shape {
        match (self, key) {
            (Shape::Response(_), "status") => Shape::Status,
            (Shape::Response(_), "images") => Shape::Image,
            (Shape::Image, "products") => Shape::Product,
            (Shape::Product, "labels") => Shape::Label,
            _ => Shape::Other,
        }
    }
}

/// A JSON value written as .NET writes the object it came from: the documented fields first, in
/// FinerWorks' order and `null` when absent (the generated types leave out what is `None`), then
/// any others; the fields named in `omit` (of this object only) are left out.
struct DotNet<'a> {
    value: &'a Value,
    shape: Shape,
    omit: &'a [&'a str],
}

impl<'a> DotNet<'a> {
    fn child(value: &'a Value, shape: Shape) -> Self {
        DotNet {
            value,
            shape,
            omit: &[],
        }
    }
}

impl Serialize for DotNet<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let DotNet { value, shape, omit } = *self;
        match value {
            Value::Object(object) => {
                let fields: Vec<&str> = shape
                    .fields()
                    .iter()
                    .copied()
                    .filter(|field| !omit.contains(field))
                    .collect();
                let documented = |key: &str| shape.fields().contains(&key) || omit.contains(&key);
                let extra = object.keys().filter(|k| !documented(k));
                let mut map = serializer.serialize_map(Some(fields.len() + extra.count()))?;
                for field in &fields {
                    let value = object.get(*field).unwrap_or(&Value::Null);
                    map.serialize_entry(field, &DotNet::child(value, shape.child(field)))?;
                }
                for (key, value) in object {
                    if !documented(key) {
                        map.serialize_entry(key, &DotNet::child(value, shape.child(key)))?;
                    }
                }
                map.end()
            }
            Value::Array(items) => {
                serializer.collect_seq(items.iter().map(|i| DotNet::child(i, shape)))
            }
            other => other.serialize(serializer),
        }
    }
}

/// Serializes a response as FinerWorks would: the generated type's JSON, in FinerWorks' field
/// order, with `null` written where the type leaves a field out, and without the top-level fields
/// named in `omit`.
pub(crate) fn encode(response: &ListImagesResponse, omit: &[&str]) -> Vec<u8> {
    encode_as(response, Envelope::List, omit)
}

/// Serializes `response`, an answer of the kind `envelope`, as [`encode`] does.
pub(crate) fn encode_as(response: &impl Serialize, envelope: Envelope, omit: &[&str]) -> Vec<u8> {
    let value = serde_json::to_value(response).expect("the generated types serialize");
    let dotnet = DotNet {
        value: &value,
        shape: Shape::Response(envelope),
        omit,
    };
    serde_json::to_vec(&dotnet).expect("JSON values serialize")
}

pub(crate) fn json_response(status: StatusCode, body: Vec<u8>) -> Response {
    with_type(status, JSON, Body::from(body))
}

pub(crate) fn with_type(status: StatusCode, content_type: &'static str, body: Body) -> Response {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// ASP.NET's `{"Message": ...}`.
pub(crate) fn message(status: StatusCode, text: &str) -> Response {
    let body = ErrorBody {
        message: Some(text.to_owned()),
        model_state: None,
    };
    json_response(
        status,
        serde_json::to_vec(&body).expect("the generated types serialize"),
    )
}

/// ASP.NET's 400 with a `ModelState`, keys in order.
pub(crate) fn invalid(model_state: ModelState) -> Response {
    let body = ErrorBody {
        message: Some("The request is invalid.".to_owned()),
        model_state: Some(
            model_state
                .into_iter()
                .map(|(key, messages)| (key, Some(messages)))
                .collect(),
        ),
    };
    // Through `Value`, whose maps are sorted, so that the body is the same on every run.
    let value = serde_json::to_value(&body).expect("the generated types serialize");
    json_response(
        StatusCode::BAD_REQUEST,
        serde_json::to_vec(&value).expect("JSON values serialize"),
    )
}

/// HTTP 429 with `Retry-After: seconds` and the message of an API gateway's quota.
pub(crate) fn too_many_requests(seconds: u64) -> Response {
    let mut response = message(
        StatusCode::TOO_MANY_REQUESTS,
        &format!("API calls quota exceeded! Try again in {seconds} seconds."),
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    response
}

/// HTTP 408 for a request whose body did not arrive within `timeout`; `Connection: close`
/// makes the server close the connection once it is sent.
pub(crate) fn body_timeout(timeout: Duration) -> Response {
    let mut response = message(
        StatusCode::REQUEST_TIMEOUT,
        &format!(
            "The request body did not arrive within {} ms.",
            timeout.as_millis()
        ),
    );
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// The whole HTTP 503 a connection beyond the cap gets, written before its request is read.
pub(crate) fn busy(max_connections: usize) -> Vec<u8> {
    let body = format!(
        "{{\"Message\":\"The service is unavailable: {max_connections} connections are open.\"}}"
    );
    format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: {JSON}\r\nretry-after: 1\r\n\
         connection: close\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}
