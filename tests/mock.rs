//! The mock server, seen from outside with a plain HTTP client: it speaks the contract, implements
//! every documented rule over its seeded data, acts out each fault as specified, and counts and
//! logs requests without keeping the keys.

use std::collections::HashSet;
use std::sync::LazyLock;
use std::time::Duration;

use chrono::NaiveDate;
use finerworks_api::Timestamp;
use finerworks_api::types::{ImageDetails, ListImagesResponse};
use finerworks_mock::{Dataset, Fault, MockConfig, MockServer};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, RETRY_AFTER};
use serde_json::{Value, json};

/// FinerWorks' own example request, byte for byte.
const SEED_REQUEST: &str = include_str!("fixtures/seed_list_images_request.json");
const CREDENTIALS_BODY: &str = r#"{"Message":"The request is invalid.","ModelState":{"ApiC.Models.authorization_credentials":["Missing or unauthorized api credentials"]}}"#;

/// The contract, as JSON.
static SPEC: LazyLock<Value> = LazyLock::new(|| {
    serde_norway::from_str(include_str!("../openapi/finerworks.yaml")).expect("the spec is YAML")
});

async fn start() -> MockServer {
    MockServer::start().await.expect("the mock starts")
}

fn url(server: &MockServer) -> String {
    format!("{}/v3/list_images", server.base_url())
}

/// The seed's example request with `changes` applied (a `null` change removes the field).
fn body(changes: Value) -> Value {
    let mut body: Value = serde_json::from_str(SEED_REQUEST).expect("the fixture is JSON");
    merge(&mut body, changes);
    body
}

fn merge(target: &mut Value, changes: Value) {
    match (target, changes) {
        (Value::Object(target), Value::Object(changes)) => {
            for (key, change) in changes {
                match change {
                    Value::Null => {
                        target.remove(&key);
                    }
                    Value::Object(_) if target.get(&key).is_some_and(Value::is_object) => {
                        merge(target.get_mut(&key).expect("checked"), change);
                    }
                    change => {
                        target.insert(key, change);
                    }
                }
            }
        }
        (target, changes) => *target = changes,
    }
}

/// Sends `body` with the server's keys.
async fn post(server: &MockServer, body: &Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(url(server))
        .header("web_api_key", server.web_api_key())
        .header("app_key", server.app_key())
        .json(body)
        .send()
        .await
        .expect("the mock answers")
}

/// Sends `body`, expects a 200 that conforms to the spec, and returns it raw and decoded.
async fn list(server: &MockServer, body: &Value) -> (Value, ListImagesResponse) {
    let response = post(server, body).await;
    assert_eq!(response.status(), StatusCode::OK, "{body}");
    let raw: Value = response.json().await.expect("a JSON body");
    assert_conforms(&raw, "list_images_response");
    let page = serde_json::from_value(raw.clone()).expect("decodes as ListImagesResponse");
    (raw, page)
}

fn images(page: &ListImagesResponse) -> &[ImageDetails] {
    page.images.as_deref().unwrap_or_default()
}

fn ids(images: &[ImageDetails]) -> Vec<i64> {
    images
        .iter()
        .map(|i| i.id.expect("every image has an id"))
        .collect()
}

/// Every id the request matches, walking its pages 50 at a time; checks `count` on every page.
async fn all_ids(server: &MockServer, request: &Value) -> Vec<i64> {
    let mut all = Vec::new();
    let mut total = None;
    for page_number in 1.. {
        let changes = json!({"page_number": page_number, "per_page": 50});
        let mut request = request.clone();
        merge(&mut request, changes);
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

fn day(image: &ImageDetails) -> NaiveDate {
    image.date_added.expect("date_added").naive_local().date()
}

fn lower(text: &Option<String>) -> String {
    text.as_deref().unwrap_or_default().to_lowercase()
}

/// The documented order: by the field (text case-insensitively, dates by instant), ties by id in
/// the same direction.
fn sorted(images: &[ImageDetails], field: &str, ascending: bool) -> Vec<i64> {
    #[derive(PartialEq, Eq, PartialOrd, Ord)]
    enum Key {
        None,
        Text(String),
        Number(Option<i64>),
        Instant(Option<chrono::DateTime<chrono::Utc>>),
    }
    let key = |image: &ImageDetails| match field {
        "id" => Key::None,
        "title" => Key::Text(lower(&image.title)),
        "file_name" => Key::Text(lower(&image.file_name)),
        "file_size" => Key::Number(image.file_size),
        "date_added" => Key::Instant(image.date_added.and_then(|t| t.to_utc())),
        other => panic!("no sort field {other}"),
    };
    let mut keyed: Vec<(Key, i64)> = images.iter().map(|i| (key(i), i.id.expect("id"))).collect();
    keyed.sort();
    if !ascending {
        keyed.reverse();
    }
    keyed.into_iter().map(|(_, id)| id).collect()
}

// --- The contract -------------------------------------------------------------------------------

fn schema(name: &str) -> &'static Value {
    &SPEC["components"]["schemas"][name]
}

fn resolve(schema: &Value) -> &Value {
    match schema["$ref"].as_str() {
        Some(reference) => {
            let name = reference
                .strip_prefix("#/components/schemas/")
                .expect("local references only");
            resolve(self::schema(name))
        }
        None => schema,
    }
}

/// Checks that `value` has only the properties `schema` names, at every level, with their types.
fn conform(schema: &Value, value: &Value, path: &str, problems: &mut Vec<String>) {
    let schema = resolve(schema);
    if value.is_null() {
        if schema["nullable"] != true && schema.get("type").is_some() {
            problems.push(format!("{path}: null but not nullable"));
        }
        return;
    }
    if let Some(parts) = schema["allOf"].as_array() {
        for part in parts {
            conform(part, value, path, problems);
        }
    }
    if let Some(choices) = schema["enum"].as_array()
        && !choices.contains(value)
    {
        problems.push(format!("{path}: {value} is not one of {choices:?}"));
    }
    let format = schema["format"].as_str().unwrap_or_default();
    match schema["type"].as_str() {
        Some("object") => {
            let Some(object) = value.as_object() else {
                problems.push(format!("{path}: not an object"));
                return;
            };
            let properties = schema["properties"].as_object();
            let additional = schema.get("additionalProperties");
            if properties.is_none() && additional.is_none() {
                return; // described by its allOf
            }
            for (key, child) in object {
                let child_path = format!("{path}.{key}");
                match (properties.and_then(|p| p.get(key)), additional) {
                    (Some(property), _) => conform(property, child, &child_path, problems),
                    (None, Some(additional)) => conform(additional, child, &child_path, problems),
                    (None, None) => problems.push(format!("{child_path}: not in the spec")),
                }
            }
        }
        Some("array") => match value.as_array() {
            Some(items) => {
                for (index, item) in items.iter().enumerate() {
                    conform(
                        &schema["items"],
                        item,
                        &format!("{path}[{index}]"),
                        problems,
                    );
                }
            }
            None => problems.push(format!("{path}: not an array")),
        },
        Some("string") => {
            let Some(text) = value.as_str() else {
                problems.push(format!("{path}: not a string"));
                return;
            };
            let parses = match format {
                "uuid" => uuid::Uuid::parse_str(text).is_ok(),
                "date-time" => text.parse::<Timestamp>().is_ok(),
                "date" => NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok(),
                _ => true,
            };
            if !parses {
                problems.push(format!("{path}: {text:?} is not a {format}"));
            }
        }
        Some("integer") => {
            let fits = match format {
                "int32" => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
                _ => value.as_i64().is_some(),
            };
            if !fits {
                problems.push(format!("{path}: {value} is not an {format} integer"));
            }
        }
        Some("number") if !value.is_number() => problems.push(format!("{path}: not a number")),
        Some("boolean") if !value.is_boolean() => problems.push(format!("{path}: not a boolean")),
        _ => {}
    }
}

fn assert_conforms(value: &Value, schema_name: &str) {
    let mut problems = Vec::new();
    conform(schema(schema_name), value, "$", &mut problems);
    assert!(problems.is_empty(), "{schema_name}: {problems:#?}");
}

#[test]
fn the_conformance_check_catches_what_the_spec_does_not_say() {
    let mut problems = Vec::new();
    let bad = json!({
        "status": {"success": "yes", "surprise": 1},
        "images": [{"guid": "not-a-guid", "pix_w": 3_000_000_000_i64, "products": [{"labels": [{"key": null, "color": "red"}]}]}],
        "count": null,
        "page_number": 1.5
    });
    conform(schema("list_images_response"), &bad, "$", &mut problems);
    problems.sort();
    assert_eq!(
        problems,
        [
            "$.images[0].guid: \"not-a-guid\" is not a uuid",
            "$.images[0].pix_w: 3000000000 is not an int32 integer",
            "$.images[0].products[0].labels[0].color: not in the spec",
            "$.page_number: 1.5 is not an int32 integer",
            "$.status.success: not a boolean",
            "$.status.surprise: not in the spec",
        ]
    );
}

#[tokio::test]
async fn the_seed_example_request_sent_verbatim_gets_a_valid_page() {
    let server = start().await;
    let response = reqwest::Client::new()
        .post(url(&server))
        .header("web_api_key", server.web_api_key())
        .header("app_key", server.app_key())
        .header(CONTENT_TYPE, "application/json")
        .body(SEED_REQUEST)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[CONTENT_TYPE],
        "application/json; charset=utf-8"
    );
    let raw: Value = response.json().await.unwrap();
    assert_conforms(&raw, "list_images_response");
    let page: ListImagesResponse = serde_json::from_value(raw.clone()).unwrap();

    let status = page.status.as_ref().unwrap();
    assert_eq!(status.success, Some(true));
    assert_eq!(status.status_code, Some(200));
    assert_eq!(status.message.as_deref(), Some(""));
    // .NET writes every documented field, null or not.
    assert_eq!(raw["status"]["debug"], Value::Null);
    assert_eq!(raw["status"]["domain"], Value::Null);
    assert!(raw["status"].as_object().unwrap().contains_key("domain"));
    assert_eq!(
        (page.page_number, page.per_page, page.count),
        (Some(1), Some(10), Some(250))
    );
    // Its `list_products: true` brings the products, exactly as the dataset has them.
    let expected_ids = sorted(server.dataset().inventory(), "id", false);
    assert_eq!(ids(images(&page)), expected_ids[..10]);
    for image in images(&page) {
        let original = server
            .dataset()
            .inventory()
            .iter()
            .find(|i| i.id == image.id)
            .unwrap();
        assert_eq!(image, original);
        assert!(image.products.is_some());
    }
    server.shutdown().await;
}

#[tokio::test]
async fn the_body_is_written_in_finerworks_field_order() {
    let server = start().await;
    let response = post(&server, &body(json!({"per_page": 1}))).await;
    let text = response.text().await.unwrap();
    assert!(text.starts_with(r#"{"status":{"success":true,"status_code":200,"message":"","debug":null,"reference_id":""#), "{text}");
    assert!(text.contains(r#""images":[{"id":"#), "{text}");
    assert!(
        text.ends_with(r#""page_number":1,"per_page":1,"count":250}"#),
        "{text}"
    );
}

#[tokio::test]
async fn every_answer_conforms_to_the_spec() {
    let server = start().await;
    for request in [
        body(json!({})),
        body(json!({"list_products": false, "per_page": 50})),
        body(json!({"library": {"name": "temporary"}, "per_page": 50})),
        body(json!({"page_number": 1000})),
        body(json!({"search_filter": "no such words anywhere"})),
    ] {
        list(&server, &request).await;
    }
    server.faults().push(Fault::Unsuccessful);
    list(&server, &body(json!({}))).await;

    // Error answers are the spec's error_body.
    let client = reqwest::Client::new();
    let errors = [
        client.post(url(&server)).json(&body(json!({}))),
        post_with_keys(&server, &client).json(&body(json!({"per_page": 0}))),
        client.post(format!("{}/v3/nothing", server.base_url())),
        client.get(url(&server)),
        post_with_keys(&server, &client).body("x"),
    ];
    for request in errors {
        let response = request.send().await.unwrap();
        assert!(response.status().is_client_error(), "{}", response.status());
        let raw: Value = response.json().await.unwrap();
        assert_conforms(&raw, "error_body");
    }
    server.faults().push(Fault::InternalServerError);
    let response = post(&server, &body(json!({}))).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_conforms(&response.json().await.unwrap(), "error_body");
}

fn post_with_keys(server: &MockServer, client: &reqwest::Client) -> reqwest::RequestBuilder {
    client
        .post(url(server))
        .header("web_api_key", server.web_api_key())
        .header("app_key", server.app_key())
}

#[tokio::test]
async fn each_answer_has_a_fresh_reference_id() {
    let server = start().await;
    let mut seen = HashSet::new();
    for _ in 0..5 {
        let (_, page) = list(&server, &body(json!({}))).await;
        let id = page.status.unwrap().reference_id.unwrap();
        assert_eq!(id.len(), 32);
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
            "{id}"
        );
        assert!(seen.insert(id));
    }
}

// --- Sorting and paging -------------------------------------------------------------------------

#[tokio::test]
async fn the_default_is_the_first_ten_by_id_descending() {
    let server = start().await;
    let (raw, page) = list(
        &server,
        &json!({"library": {"session_id": "1234567890", "site_id": 2}}),
    )
    .await;
    let expected = sorted(server.dataset().inventory(), "id", false);
    assert_eq!(ids(images(&page)), expected[..10]);
    assert_eq!((page.page_number, page.per_page), (Some(1), Some(10)));
    // Without list_products, products are null (written, not left out).
    for image in raw["images"].as_array().unwrap() {
        assert_eq!(image.get("products"), Some(&Value::Null));
    }
}

#[tokio::test]
async fn every_sort_field_in_both_directions_matches_the_dataset() {
    let server = start().await;
    for field in ["id", "title", "file_name", "file_size", "date_added"] {
        for (direction, ascending) in [("ASC", true), ("DESC", false)] {
            let request = body(json!({"sort_field": field, "sort_direction": direction}));
            let got = all_ids(&server, &request).await;
            let expected = sorted(server.dataset().inventory(), field, ascending);
            assert_eq!(got, expected, "{field} {direction}");
        }
    }
    // Titles repeat, so the tie-break by id is exercised.
    let titles: HashSet<String> = server
        .dataset()
        .inventory()
        .iter()
        .map(|i| lower(&i.title))
        .collect();
    assert!(titles.len() < server.dataset().inventory().len());
}

#[tokio::test]
async fn pages_partition_the_result_exactly_once() {
    let server = start().await;
    let total = server.dataset().inventory().len();
    let expected = sorted(server.dataset().inventory(), "title", true);
    let per_page = 7;
    let mut seen = Vec::new();
    for page_number in 1..=total.div_ceil(per_page) {
        let (_, page) = list(
            &server,
            &body(json!({"sort_field": "title", "sort_direction": "ASC",
                         "page_number": page_number, "per_page": per_page})),
        )
        .await;
        assert_eq!(page.count, Some(total as i64));
        assert_eq!(page.page_number, Some(page_number as i32));
        assert_eq!(page.per_page, Some(per_page as i32));
        let on_page = images(&page).len();
        assert_eq!(on_page, per_page.min(total - seen.len()));
        seen.extend(ids(images(&page)));
    }
    assert_eq!(seen, expected);
    let unique: HashSet<i64> = seen.iter().copied().collect();
    assert_eq!(unique.len(), total);

    let (raw, past_the_end) =
        list(&server, &body(json!({"page_number": 999, "per_page": 50}))).await;
    assert_eq!(raw["images"], json!([]));
    assert_eq!(past_the_end.count, Some(total as i64));
}

// --- Filters ------------------------------------------------------------------------------------

#[tokio::test]
async fn search_filter_finds_text_in_titles_and_descriptions_ignoring_case() {
    let server = start().await;
    let inventory = server.dataset().inventory();
    let matches = |word: &str| -> Vec<&ImageDetails> {
        inventory
            .iter()
            .filter(|i| lower(&i.title).contains(word) || lower(&i.description).contains(word))
            .collect()
    };
    // A word of a title, and one only found in descriptions.
    let word = lower(&inventory[0].title)
        .split(' ')
        .next()
        .unwrap()
        .to_owned();
    for word in [word.as_str(), "plein air"] {
        let expected = matches(word);
        assert!(expected.len() > 1, "{word} matches several images");
        let request = body(json!({"search_filter": word.to_uppercase(), "sort_direction": "ASC"}));
        let got = all_ids(&server, &request).await;
        assert_eq!(
            got,
            sorted(
                &expected.into_iter().cloned().collect::<Vec<_>>(),
                "id",
                true
            )
        );
    }
    // Empty or null: no filter.
    for search in [json!(""), Value::Null] {
        let mut request = body(json!({}));
        request["search_filter"] = search;
        let (_, page) = list(&server, &request).await;
        assert_eq!(page.count, Some(inventory.len() as i64));
    }
}

#[tokio::test]
async fn guid_filter_lists_only_those_images() {
    let server = start().await;
    let inventory = server.dataset().inventory();
    let wanted = [&inventory[3], &inventory[100], &inventory[42]];
    let mut guids: Vec<String> = wanted.iter().map(|i| i.guid.unwrap().to_string()).collect();
    guids[0] = guids[0].to_uppercase(); // .NET reads GUIDs in any case
    guids.push(uuid::Uuid::nil().to_string()); // not in the library
    let (_, page) = list(
        &server,
        &body(json!({"guid_filter": guids, "sort_direction": "ASC"})),
    )
    .await;
    let mut expected: Vec<i64> = wanted.iter().map(|i| i.id.unwrap()).collect();
    expected.sort_unstable();
    assert_eq!(ids(images(&page)), expected);
    assert_eq!(page.count, Some(3));

    // An empty list filters nothing, like null.
    for filter in [json!([]), Value::Null] {
        let (_, page) = list(&server, &body(json!({"guid_filter": filter}))).await;
        assert_eq!(page.count, Some(inventory.len() as i64));
    }
}

#[tokio::test]
async fn upload_dates_are_inclusive_days_in_the_images_own_offset() {
    let server = start().await;
    let inventory = server.dataset().inventory();
    let from = day(&inventory[60]);
    let to = day(&inventory[90]);
    let expected: Vec<ImageDetails> = inventory
        .iter()
        .filter(|i| (from..=to).contains(&day(i)))
        .cloned()
        .collect();
    let request = body(json!({"upload_date_from": from, "upload_date_to": to}));
    let got = all_ids(&server, &request).await;
    assert_eq!(got, sorted(&expected, "id", false));
    // The boundary days are in.
    assert!(got.contains(&inventory[60].id.unwrap()) && got.contains(&inventory[90].id.unwrap()));

    // One side only, and a backwards range (which matches nothing).
    let (_, page) = list(&server, &body(json!({"upload_date_from": to}))).await;
    let on_or_after = inventory.iter().filter(|i| day(i) >= to).count();
    assert_eq!(page.count, Some(on_or_after as i64));
    let (_, page) = list(
        &server,
        &body(json!({"upload_date_from": to, "upload_date_to": from})),
    )
    .await;
    assert_eq!(page.count, Some(0));
}

#[tokio::test]
async fn active_filters_active_or_inactive_images_and_null_lists_both() {
    let server = start().await;
    let inventory = server.dataset().inventory();
    let mut counts = Vec::new();
    for active in [true, false] {
        let expected: Vec<ImageDetails> = inventory
            .iter()
            .filter(|i| i.active == Some(active))
            .cloned()
            .collect();
        assert!(!expected.is_empty(), "some images are {active}");
        let got = all_ids(&server, &body(json!({"active": active}))).await;
        assert_eq!(got, sorted(&expected, "id", false), "active {active}");
        counts.push(got.len());
    }
    let (_, both) = list(&server, &body(json!({"active": Value::Null}))).await;
    assert_eq!(both.count, Some((counts[0] + counts[1]) as i64));
    assert!(counts[0] > counts[1], "images are mostly active");
}

#[tokio::test]
async fn filters_combine() {
    let server = start().await;
    let inventory = server.dataset().inventory();
    let from = day(&inventory[50]);
    let expected: Vec<ImageDetails> = inventory
        .iter()
        .filter(|i| {
            (lower(&i.title).contains("golden") || lower(&i.description).contains("golden"))
                && i.active == Some(true)
                && day(i) >= from
        })
        .cloned()
        .collect();
    assert!(!expected.is_empty());
    let request = body(
        json!({"search_filter": "Golden", "active": true, "upload_date_from": from,
                              "sort_field": "file_size", "sort_direction": "DESC"}),
    );
    assert_eq!(
        all_ids(&server, &request).await,
        sorted(&expected, "file_size", false)
    );
}

// --- Libraries and products ---------------------------------------------------------------------

#[tokio::test]
async fn the_temporary_library_is_its_own_set_of_expiring_images_without_products() {
    let server = start().await;
    let temporary = server.dataset().temporary();
    assert_eq!(temporary.len(), 250 / 10 + 3);
    let request = body(json!({"library": {"name": "temporary"}, "list_products": true}));
    let got = all_ids(&server, &request).await;
    assert_eq!(got, sorted(temporary, "id", false));
    let inventory: HashSet<i64> = ids(server.dataset().inventory()).into_iter().collect();
    assert!(got.iter().all(|id| !inventory.contains(id)));

    let (raw, page) = list(
        &server,
        &body(json!({"library": {"name": "temporary"}, "list_products": true})),
    )
    .await;
    for image in images(&page) {
        assert!(image.date_expires.is_some());
        assert!(image.date_expires.unwrap().to_utc() > image.date_added.unwrap().to_utc());
    }
    for image in raw["images"].as_array().unwrap() {
        assert_eq!(image["products"], Value::Null);
    }
}

#[tokio::test]
async fn list_products_fills_products_for_the_inventory_only_when_asked() {
    let server = start().await;
    let dataset = server.dataset().inventory();
    let (_, with) = list(
        &server,
        &body(json!({"list_products": true, "per_page": 50})),
    )
    .await;
    let mut products = 0;
    for image in images(&with) {
        let original = dataset.iter().find(|i| i.id == image.id).unwrap();
        assert_eq!(image, original, "served exactly as generated");
        let list = image.products.as_deref().unwrap();
        assert!(list.len() <= 4);
        for product in list {
            assert_eq!(product.image_guid, image.guid);
            assert_eq!(product.monetary_format.as_deref(), Some("USD"));
            assert!(
                product
                    .labels
                    .as_ref()
                    .is_some_and(|l| l.iter().any(|l| l.key.as_deref() == Some("sku")))
            );
        }
        products += list.len();
    }
    assert!(products > 0);

    // `false`, or left out (`body` removes a field set to null; an explicit null is a 400 by
    // default, as for a .NET `bool`: see `finerworks_mock::Nulls`).
    for off in [json!(false), Value::Null] {
        let request = body(json!({"per_page": 50, "list_products": off}));
        let (raw, _) = list(&server, &request).await;
        for image in raw["images"].as_array().unwrap() {
            assert_eq!(image.get("products"), Some(&Value::Null));
        }
    }
}

// --- Keys and validation ------------------------------------------------------------------------

#[tokio::test]
async fn missing_or_wrong_keys_get_the_credentials_model_state() {
    let server = start().await;
    let client = reqwest::Client::new();
    let right = (server.web_api_key().to_owned(), server.app_key().to_owned());
    let cases: [(Option<&str>, Option<&str>); 6] = [
        (None, None),
        (None, Some(&right.1)),
        (Some(&right.0), None),
        (Some("wrong"), Some(&right.1)),
        (Some(&right.0), Some("wrong")),
        (Some(&right.1), Some(&right.0)), // swapped
    ];
    for (web_api_key, app_key) in cases {
        let mut request = client
            .post(url(&server))
            .json(&body(json!({"per_page": 999})));
        if let Some(key) = web_api_key {
            request = request.header("web_api_key", key);
        }
        if let Some(key) = app_key {
            request = request.header("app_key", key);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        // The keys are checked before the body (whose per_page is invalid here).
        assert_eq!(response.text().await.unwrap(), CREDENTIALS_BODY);
    }
}

#[tokio::test]
async fn each_invalid_field_is_a_400_naming_it() {
    let server = start().await;
    let long = "x".repeat(51);
    let cases = [
        (json!({"library": null}), "request.library"),
        (json!({"library": "inventory"}), "request.library"),
        (
            json!({"library": {"session_id": null}}),
            "request.library.session_id",
        ),
        (
            json!({"library": {"session_id": "1234567"}}),
            "request.library.session_id",
        ),
        (
            json!({"library": {"session_id": long}}),
            "request.library.session_id",
        ),
        (
            json!({"library": {"site_id": null}}),
            "request.library.site_id",
        ),
        (
            json!({"library": {"name": "archive"}}),
            "request.library.name",
        ),
        (json!({"per_page": 0}), "request.per_page"),
        (json!({"per_page": 51}), "request.per_page"),
        (json!({"per_page": "many"}), "request.per_page"),
        (json!({"page_number": 0}), "request.page_number"),
        (json!({"page_number": -3}), "request.page_number"),
        (json!({"sort_field": "size"}), "request.sort_field"),
        (json!({"sort_direction": "UP"}), "request.sort_direction"),
        (
            json!({"guid_filter": ["not-a-guid"]}),
            "request.guid_filter[0]",
        ),
        (json!({"guid_filter": "everything"}), "request.guid_filter"),
        (
            json!({"upload_date_from": "yesterday"}),
            "request.upload_date_from",
        ),
        (
            json!({"upload_date_to": 20250101}),
            "request.upload_date_to",
        ),
        (json!({"list_products": "maybe"}), "request.list_products"),
        (json!({"active": 1}), "request.active"),
        (json!({"search_filter": ["a"]}), "request.search_filter"),
    ];
    for (changes, field) in cases {
        let request = body(changes.clone());
        let response = post(&server, &request).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{changes}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["Message"], "The request is invalid.", "{changes}");
        let model_state = error["ModelState"].as_object().unwrap();
        assert_eq!(model_state.keys().collect::<Vec<_>>(), [field], "{changes}");
        assert!(
            model_state[field][0]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
    }

    // Several bad fields are all reported.
    let response = post(&server, &body(json!({"per_page": 0, "page_number": 0}))).await;
    let error: Value = response.json().await.unwrap();
    assert_eq!(
        error["ModelState"]["request.per_page"],
        json!(["The field per_page must be between 1 and 50."])
    );
    assert!(error["ModelState"]["request.page_number"].is_array());
}

#[tokio::test]
async fn bodies_that_are_not_json_objects_are_reported_under_request() {
    let server = start().await;
    let client = reqwest::Client::new();
    for text in ["{\"library\": ", "not json", "[1, 2]", "", "   "] {
        let response = post_with_keys(&server, &client)
            .header(CONTENT_TYPE, "application/json")
            .body(text)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{text:?}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["Message"], "The request is invalid.");
        assert!(
            error["ModelState"]["request"][0].is_string(),
            "{text:?}: {error}"
        );
    }
}

#[tokio::test]
async fn dotnet_leniency_enums_in_any_case_and_numbers_as_strings() {
    let server = start().await;
    let request = body(json!({
        "library": {"name": "INVENTORY", "site_id": "2"},
        "sort_field": "Date_Added", "sort_direction": "asc", "per_page": "5", "unknown_field": true
    }));
    let (_, page) = list(&server, &request).await;
    let expected = sorted(server.dataset().inventory(), "date_added", true);
    assert_eq!(ids(images(&page)), expected[..5]);
}

#[tokio::test]
async fn only_json_media_types_are_accepted() {
    let server = start().await;
    let client = reqwest::Client::new();
    for (content_type, status) in [
        (Some("application/json"), StatusCode::OK),
        (Some("application/json; charset=utf-8"), StatusCode::OK),
        (Some("text/json"), StatusCode::OK),
        (Some("text/plain"), StatusCode::UNSUPPORTED_MEDIA_TYPE),
        (
            Some("application/x-www-form-urlencoded"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (None, StatusCode::UNSUPPORTED_MEDIA_TYPE),
    ] {
        let mut request = post_with_keys(&server, &client).body(SEED_REQUEST);
        if let Some(content_type) = content_type {
            request = request.header(CONTENT_TYPE, content_type);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), status, "{content_type:?}");
        if status == StatusCode::UNSUPPORTED_MEDIA_TYPE {
            let essence = content_type.unwrap_or("application/octet-stream");
            let error: Value = response.json().await.unwrap();
            assert_eq!(
                error,
                json!({"Message": format!("The request entity's media type '{essence}' is not supported for this resource.")})
            );
        }
    }
}

// --- Routes -------------------------------------------------------------------------------------

#[tokio::test]
async fn the_route_ignores_case_like_aspnet() {
    let server = start().await;
    let client = reqwest::Client::new();
    for path in ["/V3/List_Images", "/v3/LIST_IMAGES", "/v3/list_images/"] {
        let response = client
            .post(format!("{}{path}", server.base_url()))
            .header("web_api_key", server.web_api_key())
            .header("app_key", server.app_key())
            .json(&body(json!({})))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
}

#[tokio::test]
async fn unknown_routes_are_404_and_other_methods_405() {
    let server = start().await;
    let client = reqwest::Client::new();
    let response = client
        .post(format!("{}/v3/list_orders?x=1", server.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let error: Value = response.json().await.unwrap();
    assert_eq!(
        error,
        json!({"Message": format!(
            "No HTTP resource was found that matches the request URI 'http://{}/v3/list_orders?x=1'.",
            server.addr()
        )})
    );

    for method in [
        reqwest::Method::GET,
        reqwest::Method::PUT,
        reqwest::Method::DELETE,
    ] {
        let response = client
            .request(method.clone(), url(&server))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method}"
        );
        assert_eq!(response.headers()["allow"], "POST");
        let error: Value = response.json().await.unwrap();
        assert_eq!(
            error["Message"],
            format!("The requested resource does not support http method '{method}'.")
        );
    }
}

// --- Faults -------------------------------------------------------------------------------------

#[tokio::test]
async fn server_errors_look_like_finerworks_and_its_web_server() {
    let server = start().await;
    for (fault, status, content_type) in [
        (
            Fault::InternalServerError,
            500,
            "application/json; charset=utf-8",
        ),
        (Fault::BadGateway, 502, "text/html"),
        (Fault::ServiceUnavailable, 503, "text/html"),
        (Fault::GatewayTimeout, 504, "text/html"),
        (Fault::HtmlErrorPage, 500, "text/html"),
    ] {
        server.faults().push(fault.clone());
        let response = post(&server, &body(json!({}))).await;
        assert_eq!(response.status().as_u16(), status, "{fault:?}");
        assert_eq!(response.headers()[CONTENT_TYPE], content_type, "{fault:?}");
        let retry_after = response.headers().get(RETRY_AFTER).cloned();
        assert_eq!(
            retry_after.is_some(),
            fault == Fault::ServiceUnavailable,
            "{fault:?}"
        );
        let text = response.text().await.unwrap();
        if status == 500 && fault == Fault::InternalServerError {
            assert_eq!(text, r#"{"Message":"An error has occurred."}"#);
        } else {
            assert!(text.starts_with("<!DOCTYPE"), "{fault:?}: {text}");
            assert!(text.contains(&status.to_string()), "{fault:?}: {text}");
        }
        if let Some(value) = retry_after {
            assert_eq!(value, "1");
        }
    }
    assert_eq!(server.faults().pending(), 0);
}

#[tokio::test]
async fn too_many_requests_says_when_to_retry_in_whole_seconds() {
    let server = start().await;
    for (retry_after, header) in [
        (Duration::from_secs(3), "3"),
        (Duration::from_millis(1_500), "2"),
        (Duration::ZERO, "0"),
    ] {
        server.faults().push(Fault::TooManyRequests { retry_after });
        let response = post(&server, &body(json!({}))).await;
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[RETRY_AFTER], header);
        let error: Value = response.json().await.unwrap();
        assert_conforms(&error, "error_body");
    }
}

#[tokio::test]
async fn unsuccessful_is_a_200_whose_status_reports_the_failure() {
    let server = start().await;
    server.faults().push(Fault::Unsuccessful);
    let (raw, page) = list(&server, &body(json!({}))).await;
    let status = page.status.unwrap();
    assert_eq!(status.success, Some(false));
    assert_eq!(status.status_code, Some(500));
    assert!(status.message.is_some_and(|m| !m.is_empty()));
    assert_eq!(status.reference_id.map(|id| id.len()), Some(32));
    assert_eq!(raw["images"], Value::Null);
}

#[tokio::test]
async fn malformed_and_truncated_bodies_do_not_parse() {
    let server = start().await;
    server.faults().push(Fault::MalformedJson);
    let response = post(&server, &body(json!({}))).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[CONTENT_TYPE],
        "application/json; charset=utf-8"
    );
    let bytes = response.bytes().await.unwrap();
    let error = serde_json::from_slice::<Value>(&bytes).unwrap_err();
    assert!(error.is_syntax(), "{error}");

    server.faults().push(Fault::TruncatedBody);
    let response = post(&server, &body(json!({}))).await;
    assert_eq!(response.status(), StatusCode::OK);
    let declared = response.content_length();
    let bytes = response
        .bytes()
        .await
        .expect("the whole declared body arrives");
    assert_eq!(declared, Some(bytes.len() as u64));
    let error = serde_json::from_slice::<Value>(&bytes).unwrap_err();
    assert!(error.is_eof(), "cut short, not garbled: {error}");
    assert!(bytes.starts_with(br#"{"status":{"success":true"#));
}

#[tokio::test]
async fn drop_connection_closes_it_without_a_response() {
    let server = start().await;
    let client = reqwest::Client::new();
    let send = || {
        post_with_keys(&server, &client)
            .json(&body(json!({})))
            .send()
    };
    // A first request, read to the end, so that the dropped one rides a kept-alive connection.
    let first = send().await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    first.bytes().await.unwrap();
    server.faults().push(Fault::DropConnection);
    let error = send().await.expect_err("no response");
    assert!(error.status().is_none() && !error.is_timeout(), "{error:?}");
    assert!(error.is_request() || error.is_connect(), "{error:?}");
    // The server goes on, on a new connection.
    assert_eq!(send().await.unwrap().status(), StatusCode::OK);
    let log = server.requests();
    assert_eq!(log.len(), 3);
    assert_eq!(
        (log[1].status, log[1].fault.clone()),
        (0, Some(Fault::DropConnection))
    );
    assert_eq!(log[2].status, 200);
}

#[tokio::test]
async fn a_stall_answers_late_or_outlasts_a_client_timeout() {
    let server = start().await;
    server
        .faults()
        .push(Fault::Stall(Duration::from_millis(20)));
    let (_, page) = list(&server, &body(json!({}))).await;
    assert_eq!(page.count, Some(250));

    server
        .faults()
        .push(Fault::Stall(Duration::from_secs(3_600)));
    let error = reqwest::Client::builder()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap()
        .post(url(&server))
        .header("web_api_key", server.web_api_key())
        .header("app_key", server.app_key())
        .json(&body(json!({})))
        .send()
        .await
        .expect_err("the stall outlasts the timeout");
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(
        server.requests()[1].fault,
        Some(Fault::Stall(Duration::from_secs(3_600)))
    );
    // Stopping does not wait out the stall (the bound only guards against a hang).
    tokio::time::timeout(Duration::from_secs(60), server.shutdown())
        .await
        .expect("shutdown cuts the stall short");
}

#[tokio::test]
async fn scripted_faults_hit_only_the_route_and_come_before_the_keys() {
    let server = start().await;
    server.faults().push_n(Fault::ServiceUnavailable, 2);
    assert_eq!(server.faults().pending(), 2);
    // Another route does not use one up.
    let response = reqwest::Client::new()
        .get(format!("{}/elsewhere", server.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(server.faults().pending(), 2);
    // A request without keys gets the fault, not the credentials error.
    let response = reqwest::Client::new()
        .post(url(&server))
        .json(&body(json!({})))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(server.faults().pending(), 1);
    server.faults().clear();
    assert_eq!(server.faults().pending(), 0);
    list(&server, &body(json!({}))).await;

    // In order, first in first out.
    server.faults().push(Fault::BadGateway);
    server.faults().push(Fault::GatewayTimeout);
    assert_eq!(
        post(&server, &body(json!({}))).await.status(),
        StatusCode::BAD_GATEWAY
    );
    assert_eq!(
        post(&server, &body(json!({}))).await.status(),
        StatusCode::GATEWAY_TIMEOUT
    );
    assert_eq!(
        post(&server, &body(json!({}))).await.status(),
        StatusCode::OK
    );
}

async fn statuses(server: &MockServer, n: usize) -> Vec<u16> {
    let mut statuses = Vec::new();
    for _ in 0..n {
        statuses.push(post(server, &body(json!({}))).await.status().as_u16());
    }
    statuses
}

#[tokio::test]
async fn random_faults_are_transient_and_seeded() {
    let run = |seed| async move {
        let server = MockServer::start_with(MockConfig::new().random_faults(0.5, seed))
            .await
            .unwrap();
        let statuses = statuses(&server, 40).await;
        server.shutdown().await;
        statuses
    };
    let first = run(11).await;
    assert_eq!(
        first,
        run(11).await,
        "the same seed fails the same requests"
    );
    assert_ne!(first, run(12).await);
    assert!(
        first
            .iter()
            .all(|s| [200, 429, 500, 502, 503, 504].contains(s)),
        "{first:?}"
    );
    assert!(
        first.contains(&200) && first.iter().any(|s| *s != 200),
        "{first:?}"
    );

    let server = MockServer::start_with(MockConfig::new().random_faults(1.0, 3))
        .await
        .unwrap();
    assert!(statuses(&server, 10).await.iter().all(|s| *s != 200));
    assert!(server.requests().iter().all(|r| r.fault.is_some()));
    server.faults().set_random_rate(0.0);
    assert_eq!(statuses(&server, 5).await, [200; 5]);
    server.faults().set_random_rate(1.0);
    server.faults().push(Fault::Unsuccessful);
    let (_, page) = list(&server, &body(json!({}))).await;
    assert_eq!(
        page.status.unwrap().success,
        Some(false),
        "a scripted fault comes first"
    );
}

#[tokio::test]
async fn latency_delays_but_does_not_change_answers() {
    let server = MockServer::start_with(
        MockConfig::new()
            .latency(Duration::from_millis(2))
            .jitter(Duration::from_millis(3)),
    )
    .await
    .unwrap();
    let (_, slow) = list(&server, &body(json!({}))).await;
    server.faults().set_latency(Duration::ZERO, Duration::ZERO);
    let (_, fast) = list(&server, &body(json!({}))).await;
    assert_eq!(slow.images, fast.images);
}

// --- Counting and the log -----------------------------------------------------------------------

#[tokio::test]
async fn every_request_is_counted_and_logged_without_the_keys() {
    let web_api_key = "web-key-5f0c2d";
    let app_key = "app-key-9a7e41";
    let server = MockServer::start_with(MockConfig::new().keys(web_api_key, app_key))
        .await
        .unwrap();
    let client = reqwest::Client::builder()
        .user_agent("mock-tests/1.0")
        .build()
        .unwrap();
    let keyed = |request: reqwest::RequestBuilder| {
        request
            .header("web_api_key", web_api_key)
            .header("app_key", app_key)
    };

    keyed(client.post(format!("{}/V3/List_Images", server.base_url())))
        .json(&body(json!({"per_page": 3})))
        .send()
        .await
        .unwrap();
    keyed(client.post(url(&server)))
        .json(&body(json!({"per_page": 0})))
        .send()
        .await
        .unwrap();
    client
        .post(url(&server))
        .header("web_api_key", "a-wrong-key-31f")
        .json(&body(json!({})))
        .send()
        .await
        .unwrap();
    client.get(url(&server)).send().await.unwrap();
    client
        .delete(format!("{}/nowhere", server.base_url()))
        .send()
        .await
        .unwrap();
    server.faults().push(Fault::ServiceUnavailable);
    keyed(client.post(url(&server)))
        .json(&body(json!({})))
        .send()
        .await
        .unwrap();

    assert_eq!(server.request_count(), 6);
    let log = server.requests();
    let summary: Vec<(&str, &str, u16, bool, bool)> = log
        .iter()
        .map(|r| {
            (
                r.method.as_str(),
                r.path.as_str(),
                r.status,
                r.had_web_api_key,
                r.had_app_key,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("POST", "/V3/List_Images", 200, true, true),
            ("POST", "/v3/list_images", 400, true, true),
            ("POST", "/v3/list_images", 400, true, false),
            ("GET", "/v3/list_images", 405, false, false),
            ("DELETE", "/nowhere", 404, false, false),
            ("POST", "/v3/list_images", 503, true, true),
        ]
    );
    assert_eq!(log[0].body.as_ref().unwrap()["per_page"], 3);
    assert_eq!(log[3].body, None);
    assert!(
        log.iter()
            .all(|r| r.user_agent.as_deref() == Some("mock-tests/1.0"))
    );
    assert_eq!(log[5].fault, Some(Fault::ServiceUnavailable));
    assert!(log[..5].iter().all(|r| r.fault.is_none()));

    // Neither the keys nor a wrong key sent are kept anywhere a test might print.
    let printed = format!(
        "{log:?} {server:?} {:?}",
        MockConfig::new().keys(web_api_key, app_key)
    );
    for secret in [web_api_key, app_key, "a-wrong-key-31f"] {
        assert!(!printed.contains(secret), "{secret} leaked");
    }

    server.reset_log();
    assert_eq!(server.request_count(), 0);
    assert!(server.requests().is_empty());
    client.get(url(&server)).send().await.unwrap();
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn concurrent_requests_are_all_served_and_counted() {
    let server = start().await;
    let pages = futures_util::future::join_all((1..=25).map(|page_number| {
        let server = &server;
        async move {
            let (_, page) = list(server, &body(json!({"page_number": page_number}))).await;
            ids(images(&page))
        }
    }))
    .await;
    let all: Vec<i64> = pages.into_iter().flatten().collect();
    assert_eq!(all, sorted(server.dataset().inventory(), "id", false));
    assert_eq!(server.request_count(), 25);
}

// --- Data ---------------------------------------------------------------------------------------

#[tokio::test]
async fn the_same_seed_gives_the_same_data_and_answers() {
    let json =
        |data: &Dataset| serde_json::to_string(&(data.inventory(), data.temporary())).unwrap();
    let a = Dataset::generate(5, 300);
    assert_eq!(json(&a), json(&Dataset::generate(5, 300)));
    assert_ne!(json(&a), json(&Dataset::generate(6, 300)));

    let answer = |seed| async move {
        let server = MockServer::start_with(MockConfig::new().seed(seed))
            .await
            .unwrap();
        let response = post(&server, &body(json!({"per_page": 50}))).await;
        response.bytes().await.unwrap()
    };
    assert_eq!(
        answer(9).await,
        answer(9).await,
        "byte for byte, reference id included"
    );
    assert_ne!(answer(9).await, answer(10).await);
}

#[test]
fn the_data_looks_like_finerworks() {
    let data = Dataset::generate(42, 500);
    let inventory = data.inventory();
    let unique = |values: Vec<String>| values.iter().collect::<HashSet<_>>().len();
    assert_eq!(
        unique(
            inventory
                .iter()
                .map(|i| i.guid.unwrap().to_string())
                .collect()
        ),
        500
    );
    for image in inventory {
        assert!(image.id.unwrap() > 0);
        let guid = image.guid.unwrap().to_string();
        assert_eq!(guid, guid.to_lowercase());
        let added = image.date_added.unwrap();
        let text = added.to_string();
        assert!(
            text.ends_with("-05:00") || text.ends_with("-06:00"),
            "{text}"
        );
        assert_eq!(added.fractional_digits(), 7, "{text}");
        let file_name = image.file_name.as_deref().unwrap();
        assert!(
            [".jpg", ".tif", ".png"]
                .iter()
                .any(|e| file_name.ends_with(e)),
            "{file_name}"
        );
        assert!(
            image.file_size.unwrap() > 0 && image.pix_w.unwrap() > 0 && image.pix_h.unwrap() > 0
        );
        assert!(
            image
                .public_thumbnail_uri
                .as_deref()
                .unwrap()
                .starts_with("https://")
        );
        assert_eq!(image.date_expires, None);
        let products = image.products.as_deref().unwrap();
        assert!(products.len() <= 4);
        for product in products {
            let sku = product.sku.as_deref().unwrap();
            let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
            assert!(
                sku.len() == 12 && sku.starts_with("AP") && &sku[6..7] == "P",
                "{sku}"
            );
            assert!(digits(&sku[2..6]) && digits(&sku[7..]), "{sku}");
            let price = product.per_item_price.unwrap().amount();
            assert!(price.scale() == 2 && price.is_sign_positive(), "{price}");
            let quantity = rust_decimal::Decimal::from(product.quantity.unwrap());
            assert_eq!(product.total_price.unwrap().amount(), price * quantity);
            assert_eq!(product.image_guid, image.guid);
        }
    }
    // Both summer and winter offsets occur, and most images are active.
    let offsets: HashSet<String> = inventory
        .iter()
        .map(|i| i.date_added.unwrap().to_string()[27..].to_owned())
        .collect();
    assert_eq!(offsets.len(), 2, "{offsets:?}");
    assert!(inventory.iter().filter(|i| i.active == Some(true)).count() > 400);
    // Prices with cents, such as 112.99, and whole ones, such as 113.00.
    let prices: Vec<String> = inventory
        .iter()
        .flat_map(|i| i.products.as_deref().unwrap_or_default())
        .map(|p| serde_json::to_string(&p.per_item_price).unwrap())
        .collect();
    assert!(prices.iter().any(|p| p.ends_with(".99")) && prices.iter().any(|p| p.ends_with(".0")));
}

#[tokio::test]
async fn a_hundred_thousand_images_are_served_a_page_at_a_time() {
    let server = MockServer::start_with(MockConfig::new().images(100_000))
        .await
        .unwrap();
    let inventory = server.dataset().inventory();
    assert_eq!(inventory.len(), 100_000);

    let (_, last) = list(&server, &body(json!({"page_number": 2_000, "per_page": 50, "sort_field": "file_name", "sort_direction": "ASC"}))).await;
    assert_eq!(last.count, Some(100_000));
    assert_eq!(
        ids(images(&last)),
        sorted(inventory, "file_name", true)[99_950..]
    );

    let (_, page) = list(
        &server,
        &body(json!({"page_number": 1_000, "per_page": 50})),
    )
    .await;
    assert_eq!(
        ids(images(&page)),
        sorted(inventory, "id", false)[49_950..50_000]
    );

    let (_, filtered) = list(
        &server,
        &body(json!({"search_filter": "lighthouse", "active": false, "per_page": 50})),
    )
    .await;
    let expected = inventory
        .iter()
        .filter(|i| {
            (lower(&i.title).contains("lighthouse") || lower(&i.description).contains("lighthouse"))
                && i.active == Some(false)
        })
        .count();
    assert_eq!(filtered.count, Some(expected as i64));
    assert!(expected > 50);
}

#[tokio::test]
async fn shutdown_stops_listening() {
    let server = start().await;
    let url = url(&server);
    list(&server, &body(json!({}))).await;
    server.shutdown().await;
    let error = reqwest::Client::new()
        .post(url)
        .json(&body(json!({})))
        .send()
        .await
        .expect_err("nothing listens any more");
    assert!(error.is_connect(), "{error:?}");
}
