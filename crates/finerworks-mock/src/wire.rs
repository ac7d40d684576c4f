//! The bytes on the wire: an answer written as .NET writes it, and ASP.NET's error bodies
//! (`Message`, `ModelState`), the rate limit's 429, and what slow or surplus connections get
//! (408, 503).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use finerworks_api::operations::ListImages;
use finerworks_api::types::{ErrorBody, ListImagesResponse};
use finerworks_api::{Field, Operation, fields, schema};
use serde::ser::Serialize;
use serde_json::Value;

use crate::request::ModelState;

mod dotnet;

const JSON: &str = "application/json; charset=utf-8";
pub(crate) const HTML: &str = "text/html";

/// A component schema of the spec with fields, as an object of it is written: its fields in the
/// spec's order, and the schema of each field that holds an object (or an array of objects)
/// with fields of its own.
struct Model {
    fields: &'static [Field],
    children: Vec<(&'static str, &'static str)>,
    /// The position of each field in `fields`, by name.
    positions: HashMap<&'static str, usize, BuildHasherDefault<Fnv>>,
}

/// FNV-1a: a hasher much quicker than the default for the short field names looked up for every
/// field of every object written.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &byte in bytes {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

impl Model {
    fn position(&self, name: &str) -> Option<usize> {
        self.positions.get(name).copied()
    }

    fn child(&self, name: &str) -> Option<&'static Model> {
        let (_, schema) = self.children.iter().find(|(field, _)| *field == name)?;
        model(schema)
    }
}

/// The model of the generated type named `name` (`ImageDetails`), if it is a schema's.
fn model_of_type(name: &str) -> Option<&'static Model> {
    TYPES.get(name).and_then(|schema| model(schema))
}

/// The schema of each generated type, by the type's name (`ImageDetails`: `image_details`).
static TYPES: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    fields::SCHEMAS
        .iter()
        .map(|&(schema, _)| {
            let type_name: String = schema
                .split('_')
                .map(|word| {
                    let mut chars = word.chars();
                    chars.next().map_or_else(String::new, |first| {
                        first.to_ascii_uppercase().to_string() + chars.as_str()
                    })
                })
                .collect();
            (type_name, schema)
        })
        .collect()
});

/// Every schema of [`fields::SCHEMAS`], by name, with its children read from the spec.
static MODELS: LazyLock<HashMap<&'static str, Model>> = LazyLock::new(|| {
    let schemas = &schema::openapi()["components"]["schemas"];
    fields::SCHEMAS
        .iter()
        .map(|&(name, fields)| {
            let properties = &schemas[name]["properties"];
            let children = fields
                .iter()
                .filter_map(|field| {
                    let child = referenced(&properties[field.name])?;
                    Field::of(child).map(|_| (field.name, child))
                })
                .collect();
            let positions = fields
                .iter()
                .enumerate()
                .map(|(at, field)| (field.name, at))
                .collect();
            (
                name,
                Model {
                    fields,
                    children,
                    positions,
                },
            )
        })
        .collect()
});

fn model(schema: &str) -> Option<&'static Model> {
    MODELS.get(schema)
}

/// The schema a property's value (or each item of an array) is, as the spec writes a reference:
/// `$ref`, or `allOf: [$ref]` beside `nullable`.
fn referenced(property: &'static Value) -> Option<&'static str> {
    let target = property.get("items").unwrap_or(property);
    let reference = target
        .get("$ref")
        .or_else(|| target.get("allOf")?.get(0)?.get("$ref"))?;
    reference.as_str()?.strip_prefix("#/components/schemas/")
}

/// Serializes a response as FinerWorks would: the generated type's JSON, in FinerWorks' field
/// order, with `null` written where the type leaves a field out, and without the top-level fields
/// named in `omit`.
pub(crate) fn encode(response: &ListImagesResponse, omit: &[&str]) -> Vec<u8> {
    encode_schema(response, ListImages::RESPONSE_SCHEMA, omit)
}

/// Serializes `response`, a value of the spec's component schema `schema` (an operation's
/// [`Operation::RESPONSE_SCHEMA`]), as [`encode`] does: the fields and their order come from
/// the spec ([`fields`]), those of nested objects too, so an operation's answer needs no list
/// of its own.
pub(crate) fn encode_schema(response: &impl Serialize, schema: &str, omit: &[&str]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4096);
    dotnet::write(&mut out, response, model(schema), omit).expect("the generated types serialize");
    out
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

#[cfg(test)]
mod tests {
    use finerworks_api::operations;
    use finerworks_api::types::{ImageDetails, Product, ProductLabel, ResponseStatus};
    use serde_json::json;

    use super::*;

    /// An object of `fields`, in their order, each `null` but those `set`, then `extra` as is.
    fn object(fields: &[Field], set: &[(&str, String)], extra: &str) -> String {
        let parts: Vec<String> = fields
            .iter()
            .map(|field| {
                let value = set
                    .iter()
                    .find(|(name, _)| *name == field.name)
                    .map_or("null", |(_, value)| value.as_str());
                format!("\"{}\":{value}", field.name)
            })
            .chain((!extra.is_empty()).then(|| extra.to_owned()))
            .collect();
        format!("{{{}}}", parts.join(","))
    }

    #[test]
    fn every_answer_of_the_spec_is_written_from_its_schema() {
        for operation in operations::ALL {
            assert!(model(operation.response_schema).is_some(), "{operation:?}");
        }
        let list = model(ListImages::RESPONSE_SCHEMA).unwrap();
        let image = list.child(fields::list_images_response::IMAGES).unwrap();
        assert_eq!(image.fields, fields::image_details::ALL);
        let product = image.child(fields::image_details::PRODUCTS).unwrap();
        assert_eq!(product.fields, fields::product::ALL);
        let label = product.child(fields::product::LABELS).unwrap();
        assert_eq!(label.fields, fields::product_label::ALL);
        // A raw JSON field (`debug`) and a plain one have no fields of their own.
        assert!(product.child(fields::product::DEBUG).is_none());
        assert!(product.child(fields::product::SKU).is_none());
    }

    /// Every object is written with the fields of its schema, in the spec's order, `null` where
    /// the generated type left one out, then the fields the spec does not know, as they came;
    /// `omit` leaves out a top-level field.
    #[test]
    fn objects_are_written_in_the_spec_order_with_nulls_then_unknown_fields() {
        let image = ImageDetails {
            id: Some(7),
            title: Some("Harbor".to_owned()),
            products: Some(vec![Product {
                labels: Some(vec![ProductLabel {
                    key: Some("media".to_owned()),
                    ..ProductLabel::default()
                }]),
                ..Product::default()
            }]),
            ..ImageDetails::default()
        };
        let response = ListImagesResponse {
            status: Some(ResponseStatus {
                success: Some(true),
                ..ResponseStatus::default()
            }),
            images: Some(vec![image]),
            count: Some(1),
            ..ListImagesResponse::default()
        };
        let mut value = serde_json::to_value(&response).unwrap();
        value["images"][0]["rank"] = json!(3);
        let written = encode_schema(
            &value,
            ListImages::RESPONSE_SCHEMA,
            &[fields::list_images_response::COUNT],
        );

        let label = object(
            fields::product_label::ALL,
            &[("key", "\"media\"".to_owned())],
            "",
        );
        let product = object(
            fields::product::ALL,
            &[("labels", format!("[{label}]"))],
            "",
        );
        let image = object(
            fields::image_details::ALL,
            &[
                ("id", "7".to_owned()),
                ("title", "\"Harbor\"".to_owned()),
                ("products", format!("[{product}]")),
            ],
            "\"rank\":3",
        );
        let status = object(
            fields::response_status::ALL,
            &[("success", "true".to_owned())],
            "",
        );
        let listed: Vec<Field> = fields::list_images_response::ALL
            .iter()
            .copied()
            .filter(|field| field.name != fields::list_images_response::COUNT)
            .collect();
        let expected = object(
            &listed,
            &[("status", status), ("images", format!("[{image}]"))],
            "",
        );
        assert_eq!(String::from_utf8(written).unwrap(), expected);
    }

    #[test]
    fn an_answer_without_its_payload_writes_it_null() {
        let body = encode_schema(&json!({"status": null}), "images_response", &[]);
        assert_eq!(body, br#"{"status":null,"images":null}"#);
    }
}
