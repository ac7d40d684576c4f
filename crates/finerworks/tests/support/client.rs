//! The SDK's test helpers: a mock and a client for it, with retries that do not slow tests down.

use std::time::Duration;

use finerworks::{Client, ClientBuilder, Image, RetryPolicy};

use super::canned::CannedServer;
use finerworks_mock::{MockConfig, MockServer};
use uuid::Uuid;

/// Retries that do not slow the tests down.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
}

pub fn builder_for(mock: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(mock.base_url())
        .web_api_key(mock.web_api_key())
        .app_key(mock.app_key())
        .session_id("test-session-0001")
        .site_id(2)
        .retry(fast_retries())
}

pub fn client_for(mock: &MockServer) -> Client {
    builder_for(mock).build().expect("client")
}

pub async fn mock_with(images: usize) -> MockServer {
    MockServer::start_with(MockConfig::new().images(images).seed(7))
        .await
        .expect("mock starts")
}

pub fn guids(images: &[Image]) -> Vec<Uuid> {
    images.iter().map(|i| i.guid.expect("guid")).collect()
}

pub fn ids(images: &[Image]) -> Vec<i64> {
    images.iter().map(|i| i.id.expect("id")).collect()
}

/// A page of `count` made-up images from `first_id` on, as FinerWorks would write it.
pub fn page_body(first_id: i64, count: usize, total: Option<u64>) -> String {
    let images: Vec<serde_json::Value> = (0..count)
        .map(|n| {
            let id = first_id + n as i64;
            serde_json::json!({"id": id, "guid": Uuid::from_u128(id as u128), "title": format!("image {id}")})
        })
        .collect();
    serde_json::json!({
        "status": {"success": true, "status_code": 200, "message": "", "reference_id": "00112233445566778899aabbccddeeff"},
        "images": images,
        "count": total,
    })
    .to_string()
}

/// A client for a canned server.
pub async fn canned_client(server: &CannedServer) -> Client {
    Client::builder()
        .base_url(&server.base_url)
        .web_api_key("k")
        .app_key("k")
        .session_id("test-session-0001")
        .retry(fast_retries())
        .build()
        .unwrap()
}
