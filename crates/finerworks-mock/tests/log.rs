//! Counting and logging: every request is counted and logged (without the keys), concurrent
//! ones too, the bodies kept stay within a byte budget and never include those of requests with
//! wrong keys, and a server that has shut down no longer listens.

use crate::support;

use std::sync::Arc;
use std::time::Duration;

use finerworks_api::limits::list_images_request::PER_PAGE_DEFAULT;
use finerworks_mock::{Fault, MockConfig};
use serde_json::{Value, json};
use tokio::task::JoinSet;

use support::{body, by_default_order, ids, images, keyed, list, start, start_with, url};

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
    let unavailable = Fault::ServiceUnavailable {
        retry_after: Duration::ZERO,
    };
    server.faults().push(unavailable.clone());
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
    assert_eq!(log[5].fault, Some(unavailable));
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

/// A `list_images` body of about `len` bytes (its search filter makes up the rest).
fn large_body(len: usize) -> Value {
    body(json!({"search_filter": "x".repeat(len)}))
}

#[tokio::test]
async fn a_flood_of_large_bodies_with_wrong_keys_keeps_none_of_them() {
    let server = start().await;
    let client = reqwest::Client::new();
    let flood = large_body(256 << 10);
    for n in 0..50 {
        let request = client
            .post(url(&server))
            .header("web_api_key", server.web_api_key())
            .header("app_key", "a-wrong-key");
        // Some meet a fault first: their bodies are not kept either.
        if n % 10 == 0 {
            server.faults().push(Fault::InternalServerError);
        }
        let response = request.json(&flood).send().await.unwrap();
        assert!([400, 500].contains(&response.status().as_u16()));
        assert_eq!(server.log_bytes(), 0, "after request {n}");
    }
    let log = server.requests();
    assert_eq!(log.len(), 50);
    assert!(log.iter().all(|r| r.body.is_none() && r.had_app_key));
    assert_eq!(log[0].fault, Some(Fault::InternalServerError));
    // Not kept for the keys is not dropped for the budget.
    assert_eq!(server.log_bodies_dropped(), 0);

    // The same body with the right keys is kept, and counted as the bytes sent.
    let sent = serde_json::to_vec(&flood).unwrap();
    let response = keyed(&server, &client).json(&flood).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(server.log_bytes(), sent.len());
    assert_eq!(server.requests()[50].body.as_ref(), Some(&flood));

    server.reset_log();
    assert_eq!(server.log_bytes(), 0);
}

#[tokio::test]
async fn the_bodies_kept_stay_within_the_budget_the_newest_first() {
    let server = start_with(MockConfig::new().log_body_budget(1_500)).await;
    let client = reqwest::Client::new();
    let mut sizes = Vec::new();
    for n in 0..6 {
        let request = large_body(300 + n);
        sizes.push(serde_json::to_vec(&request).unwrap().len());
        let response = keyed(&server, &client).json(&request).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(server.log_bytes() <= 1_500, "{}", server.log_bytes());
    }
    let log = server.requests();
    assert_eq!(log.len(), 6);
    let kept: Vec<usize> = log
        .iter()
        .enumerate()
        .filter(|(_, r)| r.body.is_some())
        .map(|(n, _)| n)
        .collect();
    // Each body is about 610 bytes: the last two fit.
    assert_eq!(kept, [4, 5]);
    assert_eq!(server.log_bytes(), sizes[4] + sizes[5]);
    assert_eq!(server.log_bodies_dropped(), 4);
    let filter = &log[5].body.as_ref().unwrap()["search_filter"];
    assert_eq!(filter.as_str().map(str::len), Some(305));

    // A budget of zero keeps no body at all, and still logs every request.
    let server = start_with(MockConfig::new().log_body_budget(0)).await;
    list(&server, &body(json!({}))).await;
    assert_eq!(server.log_bytes(), 0);
    assert_eq!(server.log_bodies_dropped(), 1);
    assert_eq!(server.requests()[0].body, None);
    assert_eq!(server.requests()[0].status, 200);
}
