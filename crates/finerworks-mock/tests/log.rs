//! Counting and logging: every request is counted and logged (without the keys), concurrent
//! ones too, and a server that has shut down no longer listens.

mod support;

use std::sync::Arc;

use finerworks_api::limits::list_images_request::PER_PAGE_DEFAULT;
use finerworks_mock::{Fault, MockConfig};
use serde_json::json;
use tokio::task::JoinSet;

use support::{body, by_default_order, ids, images, list, start, start_with, url};

#[tokio::test]
async fn every_request_is_counted_and_logged_without_the_keys() {
    let web_api_key = "web-key-5f0c2d";
    let app_key = "app-key-9a7e41";
    let server = start_with(MockConfig::new().keys(web_api_key, app_key)).await;
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
    let server = Arc::new(start().await);
    let pages = server
        .dataset()
        .inventory()
        .len()
        .div_ceil(PER_PAGE_DEFAULT as usize);
    let mut requests = JoinSet::new();
    for page_number in 1..=pages {
        let server = Arc::clone(&server);
        requests.spawn(async move {
            let (_, page) = list(&server, &body(json!({"page_number": page_number}))).await;
            (page_number, ids(images(&page)))
        });
    }
    let mut answers = requests.join_all().await;
    answers.sort_unstable();
    let all: Vec<i64> = answers.into_iter().flat_map(|(_, ids)| ids).collect();
    assert_eq!(all, by_default_order(server.dataset().inventory()));
    assert_eq!(server.request_count(), pages as u64);
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
