//! What every operation shares: scripted faults (which replace the operation), the rate limit,
//! the request log naming the operation, 405 for another method, and strict mode checking each
//! body against its own request schema.

use crate::support;

use std::time::Duration;

use finerworks_mock::{Fault, MockConfig, MockServer};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use support::{SEED_REQUEST, body, call, call_text, route, start, start_with, vendor};

const OPERATIONS: [&str; 5] = [
    "list_images",
    "test_my_credentials",
    "add_images",
    "update_images",
    "delete_images",
];

/// A valid body for `operation` (none for `test_my_credentials`).
fn valid(operation: &str) -> Option<String> {
    match operation {
        "list_images" => Some(SEED_REQUEST.to_owned()),
        "test_my_credentials" => None,
        other => Some(vendor(other).to_string()),
    }
}

#[tokio::test]
async fn a_fault_meets_every_operation_and_replaces_it() {
    let server = start().await;
    let unavailable = Fault::ServiceUnavailable {
        retry_after: Duration::ZERO,
    };
    for operation in OPERATIONS {
        server.faults().push(unavailable.clone());
        let response = call_text(&server, operation, valid(operation)).await;
        assert_eq!(
            response.status(),
            StatusCode::SERVICE_UNAVAILABLE,
            "{operation}"
        );
        let logged = server.requests().pop().unwrap();
        assert_eq!(logged.operation.as_deref(), Some(operation));
        assert_eq!(logged.fault.as_ref(), Some(&unavailable));
        assert_eq!(logged.status, 503);
    }
    // An add that met a fault added nothing; one that reports a failure neither.
    server.faults().push(Fault::Unsuccessful);
    let response = call_text(&server, "add_images", valid("add_images")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let answer: Value = response.json().await.unwrap();
    support::assert_conforms(&answer, "images_response");
    assert_eq!(answer["status"]["success"], false);
    assert_eq!(answer["images"], Value::Null);
    assert_eq!(server.inventory().len(), server.dataset().inventory().len());

    // A truncated answer is cut from the operation's own envelope.
    server.faults().push(Fault::TruncatedBody);
    let response = call_text(&server, "delete_images", valid("delete_images")).await;
    let text = response.text().await.unwrap();
    assert!(text.starts_with("{\"status\":{"), "{text}");
    assert!(serde_json::from_str::<Value>(&text).is_err());
}

#[tokio::test]
async fn a_stall_answers_and_changes_as_usual_afterwards() {
    let server = start().await;
    let stall = std::time::Duration::from_millis(150);
    server.faults().push(Fault::Stall(stall));
    let asked = std::time::Instant::now();
    let response = call_text(&server, "add_images", valid("add_images")).await;
    assert!(asked.elapsed() >= stall, "{:?}", asked.elapsed());
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(server.requests()[0].fault, Some(Fault::Stall(stall)));
    assert_eq!(
        server.inventory().len(),
        server.dataset().inventory().len() + 1
    );
}

#[tokio::test]
async fn the_log_names_each_operation_and_not_a_404_or_405() {
    let server = start().await;
    for operation in OPERATIONS {
        call_text(&server, operation, valid(operation)).await;
    }
    let client = reqwest::Client::new();
    for path in ["/v3/add_images", "/v3/nowhere"] {
        client
            .get(format!("{}{path}", server.base_url()))
            .send()
            .await
            .unwrap();
    }
    let logged: Vec<(Option<String>, u16)> = server
        .requests()
        .into_iter()
        .map(|request| (request.operation, request.status))
        .collect();
    let mut expected: Vec<(Option<String>, u16)> = OPERATIONS
        .iter()
        .map(|operation| (Some((*operation).to_owned()), 200))
        .collect();
    expected.extend([(None, 405), (None, 404)]);
    assert_eq!(logged, expected);
}

#[tokio::test]
async fn another_method_is_405_naming_the_right_one() {
    let server = start().await;
    let client = reqwest::Client::new();
    for operation in OPERATIONS {
        let (method, path) = route(operation);
        let other = if method == reqwest::Method::POST {
            reqwest::Method::PUT
        } else {
            reqwest::Method::POST
        };
        let response = client
            .request(
                other,
                format!("{}{}/", server.base_url(), path.to_uppercase()),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{operation}"
        );
        assert_eq!(response.headers()["allow"], method.as_str());
    }
}

#[tokio::test]
async fn the_rate_limit_counts_every_operation() {
    let server = start_with(MockConfig::new().rate_limit(0.001, 2)).await;
    for operation in ["test_my_credentials", "add_images"] {
        let response = call_text(&server, operation, valid(operation)).await;
        assert_eq!(response.status(), StatusCode::OK, "{operation}");
    }
    let response = call_text(&server, "delete_images", valid("delete_images")).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key("retry-after"));
}

/// Bodies ASP.NET reads but the spec forbids, one per operation.
fn forbidden(operation: &str) -> Value {
    let mut request = vendor_or_seed(operation);
    match operation {
        "list_images" => request["per_page"] = Value::Null,
        "add_images" => request["images"][0]["title"] = Value::Null,
        "update_images" => request["images"][0]["description"] = json!(null),
        // ASP.NET reads a `null` string as unset; the spec's `account_key` is not nullable.
        "delete_images" => {
            request["library"] = json!({
                "name": "inventory",
                "session_id": "1234567890",
                "site_id": 2,
                "account_key": null
            });
        }
        _ => unreachable!(),
    }
    request
}

fn vendor_or_seed(operation: &str) -> Value {
    if operation == "list_images" {
        body(json!({}))
    } else {
        vendor(operation)
    }
}

async fn check(server: &MockServer, operation: &str) -> (StatusCode, Value) {
    let response = call(server, operation, &forbidden(operation)).await;
    let status = response.status();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn strict_mode_checks_each_body_against_its_own_schema() {
    let strict = start_with(
        MockConfig::new()
            .strict(true)
            .nulls(finerworks_mock::Nulls::Accept),
    )
    .await;
    let lenient = start_with(MockConfig::new().nulls(finerworks_mock::Nulls::Accept)).await;
    for operation in [
        "list_images",
        "add_images",
        "update_images",
        "delete_images",
    ] {
        let (status, error) = check(&strict, operation).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{operation}");
        assert_eq!(error["Message"], "The request is invalid.", "{error}");
        let model_state = error["ModelState"].as_object().expect("a ModelState");
        assert_eq!(model_state.len(), 1, "{error}");
        let (field, messages) = model_state.iter().next().unwrap();
        assert!(field.starts_with("request."), "{error}");
        assert!(
            messages[0]
                .as_str()
                .unwrap()
                .starts_with("Not allowed by the spec (nullable): "),
            "{error}"
        );
        let (status, answer) = check(&lenient, operation).await;
        assert_eq!(status, StatusCode::OK, "{operation}: {answer}");
    }
    // Nothing was changed by the refused bodies.
    assert_eq!(strict.inventory().len(), strict.dataset().inventory().len());
    // test_my_credentials has no body to check: whatever is sent is ignored.
    let response = call_text(&strict, "test_my_credentials", Some("[1, 2]".to_owned())).await;
    assert_eq!(response.status(), StatusCode::OK);
    // And a body both readings accept passes strict mode too.
    let guid = Uuid::from_u128(1);
    let request = json!({"guids": [guid], "library": null});
    assert_eq!(
        call(&strict, "delete_images", &request).await.status(),
        StatusCode::OK
    );
}
