//! The mock speaks the contract: FinerWorks' own example request gets a page, every answer
//! (pages, failures and errors) conforms to the spec, bodies are written as .NET writes them, and
//! [`Dataset::page`](finerworks_mock::Dataset::page) is what the server serves.

use crate::support;

use std::collections::HashSet;

use finerworks_api::limits::list_images_request::PER_PAGE_DEFAULT;
use finerworks_api::types::ListImagesResponse;
use finerworks_mock::Fault;
use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};

use support::{
    SEED_REQUEST, assert_conforms, body, by_default_order, ids, images, keyed, list, post,
    post_text, start, url,
};

#[tokio::test]
async fn the_seed_example_request_sent_verbatim_gets_a_valid_page() {
    let server = start().await;
    let response = post_text(&server, SEED_REQUEST.to_owned()).await;
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
    let inventory = server.dataset().inventory();
    assert_eq!(
        (page.page_number, page.per_page, page.count),
        (Some(1), Some(10), Some(inventory.len() as i64))
    );
    // Its `list_products: true` brings the products, exactly as the dataset has them.
    assert_eq!(ids(images(&page)), by_default_order(inventory)[..10]);
    for image in images(&page) {
        let original = inventory.iter().find(|i| i.id == image.id).unwrap();
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
        keyed(&server, &client).json(&body(json!({"per_page": 0}))),
        client.post(format!("{}/v3/nothing", server.base_url())),
        client.get(url(&server)),
        keyed(&server, &client).body("x"),
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

#[tokio::test]
async fn the_page_builder_gives_what_the_server_serves() {
    let server = start().await;
    for (page_number, per_page) in [(1, PER_PAGE_DEFAULT), (2, 50), (9, 30), (99, 10)] {
        let request = body(json!({"page_number": page_number, "per_page": per_page}));
        let (_, mut served) = list(&server, &request).await;
        let mut built = server.dataset().page(page_number, per_page);
        assert_conforms(
            &serde_json::to_value(&built).unwrap(),
            "list_images_response",
        );
        // Only the reference ids differ: each answer has its own.
        for page in [&mut served, &mut built] {
            page.status.as_mut().unwrap().reference_id = None;
        }
        assert_eq!(built, served, "page {page_number} of {per_page}");
    }
}
