//! Each fault as the mock acts it out over HTTP: FinerWorks' and its web server's error pages,
//! 429, an unsuccessful 200, broken bodies, a dropped connection, a stall; scripted or at a seeded
//! random rate; and latency.

use crate::support;

use std::time::Duration;

use finerworks_mock::{Fault, MockConfig, MockServer};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, RETRY_AFTER};
use serde_json::{Value, json};

use support::{assert_conforms, body, keyed, list, post, start, start_with, url};

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
        (
            Fault::ServiceUnavailable {
                retry_after: Duration::from_secs(1),
            },
            503,
            "text/html",
        ),
        (Fault::GatewayTimeout, 504, "text/html"),
        (Fault::HtmlErrorPage, 500, "text/html"),
    ] {
        server.faults().push(fault.clone());
        let response = post(&server, &body(json!({}))).await;
        assert_eq!(response.status().as_u16(), status, "{fault:?}");
        assert_eq!(response.headers()[CONTENT_TYPE], content_type, "{fault:?}");
        let retry_after = response.headers().get(RETRY_AFTER).cloned();
        assert_eq!(retry_after.is_some(), status == 503, "{fault:?}");
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
async fn too_many_requests_and_unavailable_say_when_to_retry_in_whole_seconds() {
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

        server
            .faults()
            .push(Fault::ServiceUnavailable { retry_after });
        let response = post(&server, &body(json!({}))).await;
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[RETRY_AFTER], header);
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
    let send = || keyed(&server, &client).json(&body(json!({}))).send();
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
    let stall = Duration::from_millis(150);
    server.faults().push(Fault::Stall(stall));
    let asked = std::time::Instant::now();
    let (_, page) = list(&server, &body(json!({}))).await;
    // It answered, as usual, but no sooner than the stall.
    assert!(asked.elapsed() >= stall, "{:?}", asked.elapsed());
    assert_eq!(page.count, Some(250));
    assert_eq!(server.requests()[0].fault, Some(Fault::Stall(stall)));

    server
        .faults()
        .push(Fault::Stall(Duration::from_secs(3_600)));
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let error = keyed(&server, &impatient)
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
    let unavailable = Fault::ServiceUnavailable {
        retry_after: Duration::ZERO,
    };
    server.faults().push_n(unavailable, 2);
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
        let server = start_with(MockConfig::new().random_faults(0.5, seed)).await;
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

    let server = start_with(MockConfig::new().random_faults(1.0, 3)).await;
    assert!(statuses(&server, 10).await.iter().all(|s| *s != 200));
    assert!(server.requests().iter().all(|r| r.fault.is_some()));
    server.faults().set_random_rate(0.0);
    assert_eq!(statuses(&server, 5).await, [200; 5]);
}

#[tokio::test]
async fn latency_delays_but_does_not_change_answers() {
    let latency = Duration::from_millis(150);
    let server = start_with(
        MockConfig::new()
            .latency(latency)
            .jitter(Duration::from_millis(3)),
    )
    .await;
    // The answer comes no sooner than the latency (a lower bound: a busy machine only adds).
    let asked = std::time::Instant::now();
    let (_, slow) = list(&server, &body(json!({}))).await;
    assert!(asked.elapsed() >= latency, "{:?}", asked.elapsed());
    server.faults().set_latency(Duration::ZERO, Duration::ZERO);
    let (_, fast) = list(&server, &body(json!({}))).await;
    assert!(!fast.images.as_deref().unwrap_or_default().is_empty());
    assert_eq!(slow.images, fast.images);
}
