//! Helpers shared by the mock's tests: FinerWorks' example requests and changes to them, sending
//! them to a server over plain HTTP, checking answers against the spec, and the documented order
//! of images to compare pages with.

#![allow(dead_code, unreachable_pub)]

use chrono::NaiveDate;
use finerworks_api::limits::list_images_request::PER_PAGE_MAX;
use finerworks_api::schema::{self, Validator};
use finerworks_api::types::{ImageDetails, ListImagesResponse, SortDirection, SortField};
use finerworks_mock::{MockConfig, MockServer};
use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};

/// FinerWorks' own example request, byte for byte (the workspace's fixture).
pub const SEED_REQUEST: &str =
    include_str!("../../../../tests/fixtures/seed_list_images_request.json");

/// The vendor's example body of an operation (`vendor_<operation>_request.json` in the
/// workspace's fixtures), as text, byte for byte.
pub fn vendor_text(operation: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(format!("vendor_{operation}_request.json"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Whether the vendor's example body of `operation` is in the workspace's fixtures.
pub fn has_vendor(operation: &str) -> bool {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!(
            "../../tests/fixtures/vendor_{operation}_request.json"
        ))
        .exists()
}

/// The mock's own valid body of an order operation whose vendor example is cut short in every
/// copy (`submit_orders`, `list_shipping_options`...): the vendor's first order, complete.
pub fn order_fixture(operation: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{operation}_request.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("the fixture is JSON")
}

/// The vendor's example body of an operation, as JSON.
pub fn vendor(operation: &str) -> Value {
    serde_json::from_str(&vendor_text(operation)).expect("the fixture is JSON")
}

/// The method and path of an operation, as the spec's table gives them.
pub fn route(operation: &str) -> (reqwest::Method, String) {
    let info = finerworks_api::OperationInfo::find(operation)
        .unwrap_or_else(|| panic!("{operation} is no operation of the spec"));
    let method = reqwest::Method::from_bytes(info.method.as_str().as_bytes()).expect("a method");
    (method, info.path.to_owned())
}

/// Sends `text` (a JSON body, if any) to `operation` with the server's keys.
pub async fn call_text(
    server: &MockServer,
    operation: &str,
    text: Option<String>,
) -> reqwest::Response {
    let (method, path) = route(operation);
    let mut request = reqwest::Client::new()
        .request(method, format!("{}{path}", server.base_url()))
        .header("web_api_key", server.web_api_key())
        .header("app_key", server.app_key());
    if let Some(text) = text {
        request = request.header(CONTENT_TYPE, "application/json").body(text);
    }
    request.send().await.expect("the mock answers")
}

/// Sends `body` to `operation` with the server's keys.
pub async fn call(server: &MockServer, operation: &str, body: &Value) -> reqwest::Response {
    call_text(server, operation, Some(body.to_string())).await
}

/// Sends `body` to `operation`, expects a 200 that conforms to the spec's `schema_name`, and
/// returns it.
pub async fn call_ok(
    server: &MockServer,
    operation: &str,
    body: &Value,
    schema_name: &str,
) -> Value {
    let response = call(server, operation, body).await;
    let status = response.status();
    let raw: Value = response.json().await.expect("a JSON body");
    assert_eq!(status, StatusCode::OK, "{body}\n{raw}");
    assert_conforms(&raw, schema_name);
    assert_eq!(raw["status"]["success"], true, "{raw}");
    raw
}

/// Sends `body` to `operation` and expects ASP.NET's 400; returns its `ModelState`.
pub async fn refused(server: &MockServer, operation: &str, body: &Value) -> Value {
    let response = call(server, operation, body).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
    let error: Value = response.json().await.expect("a JSON body");
    assert_eq!(error["Message"], "The request is invalid.");
    error["ModelState"].clone()
}

/// The guids of the images of a raw answer.
pub fn raw_guids(answer: &Value) -> Vec<String> {
    answer["images"]
        .as_array()
        .expect("images")
        .iter()
        .map(|image| image["guid"].as_str().expect("a guid").to_owned())
        .collect()
}

/// A page of the inventory with products, of the largest size, limited to `guids` if any.
pub async fn listed(server: &MockServer, guids: Option<&[String]>) -> Value {
    let request = body(json!({
        "per_page": PER_PAGE_MAX,
        "list_products": true,
        "guid_filter": guids,
    }));
    list(server, &request).await.0
}

/// The answer to a request without keys, or with a wrong one.
pub const CREDENTIALS_BODY: &str = r#"{"Message":"The request is invalid.","ModelState":{"ApiC.Models.authorization_credentials":["Missing or unauthorized api credentials"]}}"#;

/// A server with the default configuration (250 inventory images from seed 42).
pub async fn start() -> MockServer {
    start_with(MockConfig::new()).await
}

pub async fn start_with(config: MockConfig) -> MockServer {
    MockServer::start_with(config)
        .await
        .expect("the mock starts")
}

/// The `list_images` URL of `server`.
pub fn url(server: &MockServer) -> String {
    format!("{}/v3/list_images", server.base_url())
}

/// The seed's example request with `changes` merged in (objects field by field; a `null` sets
/// the field to `null`).
pub fn body(changes: Value) -> Value {
    let mut body: Value = serde_json::from_str(SEED_REQUEST).expect("the fixture is JSON");
    merge(&mut body, changes);
    body
}

/// `body` without its top-level field `name`.
pub fn without(mut body: Value, name: &str) -> Value {
    body.as_object_mut().expect("an object").remove(name);
    body
}

fn merge(target: &mut Value, changes: Value) {
    match (target, changes) {
        (Value::Object(target), Value::Object(changes)) => {
            for (key, change) in changes {
                match target.get_mut(&key) {
                    Some(existing) if existing.is_object() && change.is_object() => {
                        merge(existing, change);
                    }
                    _ => {
                        target.insert(key, change);
                    }
                }
            }
        }
        (target, changes) => *target = changes,
    }
}

/// A POST to `server`'s `list_images` with its keys, to finish.
pub fn keyed(server: &MockServer, client: &reqwest::Client) -> reqwest::RequestBuilder {
    client
        .post(url(server))
        .header("web_api_key", server.web_api_key())
        .header("app_key", server.app_key())
}

/// Sends `body` with the server's keys.
pub async fn post(server: &MockServer, body: &Value) -> reqwest::Response {
    post_text(server, body.to_string()).await
}

/// Sends `text` as a JSON body with the server's keys.
pub async fn post_text(server: &MockServer, text: String) -> reqwest::Response {
    keyed(server, &reqwest::Client::new())
        .header(CONTENT_TYPE, "application/json")
        .body(text)
        .send()
        .await
        .expect("the mock answers")
}

/// Sends `body`, expects a 200 that conforms to the spec, and returns it raw and decoded.
pub async fn list(server: &MockServer, body: &Value) -> (Value, ListImagesResponse) {
    let response = post(server, body).await;
    assert_eq!(response.status(), StatusCode::OK, "{body}");
    let raw: Value = response.json().await.expect("a JSON body");
    assert_conforms(&raw, "list_images_response");
    let page = serde_json::from_value(raw.clone()).expect("decodes as ListImagesResponse");
    (raw, page)
}

/// Checks `value` against the spec's schema `schema_name`: types, formats, `null`s, choices,
/// bounds, and no field the spec does not describe.
pub fn assert_conforms(value: &Value, schema_name: &str) {
    let found = Validator::new(schema::openapi())
        .report_unknown_properties(true)
        .validate(schema_name, value);
    let lines: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert!(lines.is_empty(), "{schema_name}: {lines:#?}\n{value}");
}

pub fn images(page: &ListImagesResponse) -> &[ImageDetails] {
    page.images.as_deref().unwrap_or_default()
}

pub fn ids(images: &[ImageDetails]) -> Vec<i64> {
    images
        .iter()
        .map(|i| i.id.expect("every image has an id"))
        .collect()
}

/// The ids of a raw answer's images.
pub fn raw_ids(page: &Value) -> Vec<i64> {
    page["images"]
        .as_array()
        .expect("images")
        .iter()
        .map(|image| image["id"].as_i64().expect("an id"))
        .collect()
}

/// Every id the request matches, walking its pages of the largest size; checks that `count` is
/// the same on every page and is the number of images.
pub async fn all_ids(server: &MockServer, request: &Value) -> Vec<i64> {
    let mut all = Vec::new();
    let mut total = None;
    for page_number in 1.. {
        let mut request = request.clone();
        merge(
            &mut request,
            json!({"page_number": page_number, "per_page": PER_PAGE_MAX}),
        );
        let (_, page) = list(server, &request).await;
        let count = page.count.expect("count");
        assert_eq!(
            *total.get_or_insert(count),
            count,
            "count is the same on every page"
        );
        if images(&page).is_empty() {
            break;
        }
        all.extend(ids(images(&page)));
    }
    assert_eq!(all.len() as i64, total.unwrap_or_default());
    all
}

/// The upload day of an image, in its own offset.
pub fn day(image: &ImageDetails) -> NaiveDate {
    image.date_added.expect("date_added").naive_local().date()
}

pub fn lower(text: &Option<String>) -> String {
    text.as_deref().unwrap_or_default().to_lowercase()
}

/// Whether `word` (lower case) is in the title or the description, ignoring case.
pub fn mentions(image: &ImageDetails, word: &str) -> bool {
    lower(&image.title).contains(word) || lower(&image.description).contains(word)
}

/// The ids of `images` in the documented order: by the field (text case-insensitively, dates by
/// instant), ties by id in the same direction.
pub fn sorted(images: &[ImageDetails], field: SortField, direction: SortDirection) -> Vec<i64> {
    #[derive(PartialEq, Eq, PartialOrd, Ord)]
    enum Key {
        None,
        Text(String),
        Number(Option<i64>),
        Instant(Option<chrono::DateTime<chrono::Utc>>),
    }
    let key = |image: &ImageDetails| match field {
        SortField::Id => Key::None,
        SortField::Title => Key::Text(lower(&image.title)),
        SortField::FileName => Key::Text(lower(&image.file_name)),
        SortField::FileSize => Key::Number(image.file_size),
        SortField::DateAdded => Key::Instant(image.date_added.and_then(|t| t.to_utc())),
    };
    let mut keyed: Vec<(Key, i64)> = images.iter().map(|i| (key(i), i.id.expect("id"))).collect();
    keyed.sort();
    if direction == SortDirection::Desc {
        keyed.reverse();
    }
    keyed.into_iter().map(|(_, id)| id).collect()
}

/// The ids of `images` in the spec's default order.
pub fn by_default_order(images: &[ImageDetails]) -> Vec<i64> {
    use finerworks_api::limits::list_images_request::{SORT_DIRECTION_DEFAULT, SORT_FIELD_DEFAULT};
    sorted(images, SORT_FIELD_DEFAULT, SORT_DIRECTION_DEFAULT)
}
