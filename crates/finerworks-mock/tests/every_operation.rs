//! What every operation of the spec shares (each test goes through
//! `finerworks_api::operations::ALL`, so a new operation is covered once it has its vendor
//! example request in `tests/fixtures/`, or, where every copy of the vendor's is cut short, a
//! complete one of the mock's own in `crates/finerworks-mock/tests/fixtures/`): scripted faults (which replace the operation), the rate
//! limit, the request log naming the operation, answers that conform to the spec, 405 for another
//! method, and strict mode checking each body against its own request schema.

use crate::support;

use std::time::Duration;

use finerworks_api::operations::ALL;
use finerworks_mock::{Fault, MockConfig, MockServer};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use support::{SEED_REQUEST, body, call, call_text, route, start, start_with, vendor};

/// Every operation of the spec, by `operationId`.
fn operations() -> impl Iterator<Item = &'static str> {
    ALL.iter().map(|operation| operation.id)
}

/// A valid body for `operation`: the vendor's example request (for `list_images`, the seed's),
/// none for an operation sent without a body.
fn valid(operation: &str) -> Option<String> {
    let info = finerworks_api::OperationInfo::find(operation)?;
    info.request_schema?;
    if operation == "list_images" {
        Some(SEED_REQUEST.to_owned())
    } else if support::has_vendor(operation) {
        Some(vendor(operation).to_string())
    } else {
        // The vendor's example is cut short: the mock's own fixture, its first order.
        Some(support::order_fixture(operation).to_string())
    }
}

#[tokio::test]
async fn a_fault_meets_every_operation_and_replaces_it() {
    let server = start().await;
    let unavailable = Fault::ServiceUnavailable {
        retry_after: Duration::ZERO,
    };
    for operation in operations() {
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
    for info in ALL {
        let response = call_text(&server, info.id, valid(info.id)).await;
        assert_eq!(response.status(), StatusCode::OK, "{}", info.id);
        let answer: Value = response.json().await.unwrap();
        support::assert_conforms(&answer, info.response_schema);
        assert_eq!(answer["status"]["success"], true, "{}: {answer}", info.id);
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
    let mut expected: Vec<(Option<String>, u16)> = operations()
        .map(|operation| (Some(operation.to_owned()), 200))
        .collect();
    expected.extend([(None, 405), (None, 404)]);
    assert_eq!(logged, expected);
}

#[tokio::test]
async fn another_method_is_405_naming_the_right_one() {
    let server = start().await;
    let client = reqwest::Client::new();
    for operation in operations() {
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

/// `body` with its first field (of the spec's request schema `schema`) set to a value of
/// another JSON type than the spec's, and the name of that field.
fn mistyped(mut body: Value, schema: &str) -> (Value, &'static str) {
    let field = finerworks_api::Field::of(schema).expect("a schema with fields")[0].name;
    let spec = &finerworks_api::schema::openapi()["components"]["schemas"][schema];
    let wrong = if spec["properties"][field]["type"] == "string" {
        json!(7)
    } else {
        json!("not what the spec says")
    };
    body[field] = wrong;
    (body, field)
}

#[tokio::test]
async fn strict_mode_checks_each_body_against_its_own_schema() {
    let strict = start_with(MockConfig::new().strict(true)).await;
    for info in ALL {
        let Some(schema) = info.request_schema else {
            // Sent without a body: whatever is sent is ignored.
            let response = call_text(&strict, info.id, Some("[1, 2]".to_owned())).await;
            assert_eq!(response.status(), StatusCode::OK, "{}", info.id);
            continue;
        };
        let text = valid(info.id).expect("a vendor example");
        let response = call_text(&strict, info.id, Some(text.clone())).await;
        assert_eq!(response.status(), StatusCode::OK, "{}: {text}", info.id);
        let (body, field) = mistyped(serde_json::from_str(&text).unwrap(), schema);
        let response = call(&strict, info.id, &body).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{}", info.id);
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["Message"], "The request is invalid.", "{error}");
        let messages = &error["ModelState"][format!("request.{field}")];
        assert!(
            messages[0]
                .as_str()
                .is_some_and(|m| m.starts_with("Not allowed by the spec (type): ")),
            "{}: {error}",
            info.id
        );
    }
    // The vendor's add example added its one image; the refused bodies changed nothing.
    assert_eq!(
        strict.inventory().len(),
        strict.dataset().inventory().len() + 1
    );
}

#[tokio::test]
async fn strict_mode_refuses_nulls_asp_net_reads_as_unset() {
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
    // And a body both readings accept passes strict mode too.
    let guid = Uuid::from_u128(1);
    let request = json!({"guids": [guid], "library": null});
    assert_eq!(
        call(&strict, "delete_images", &request).await.status(),
        StatusCode::OK
    );
}
