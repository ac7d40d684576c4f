//! Faults aimed at one operation: only a request for that operation meets them, so a test can
//! let a credentials check or a listing pass and make the add that follows fail.

use crate::support;

use std::time::Duration;

use finerworks_mock::Fault;
use reqwest::StatusCode;
use serde_json::{Value, json};

use support::{body, call, call_text, start, vendor, vendor_text};

#[tokio::test]
async fn the_credentials_check_passes_then_the_add_fails() {
    let server = start().await;
    server
        .faults()
        .push_for("add_images", Fault::InternalServerError)
        .unwrap();
    let before = server.inventory().len();

    let credentials = call_text(&server, "test_my_credentials", None).await;
    assert_eq!(credentials.status(), StatusCode::OK);
    let listing = call(&server, "list_images", &body(json!({}))).await;
    assert_eq!(listing.status(), StatusCode::OK);
    assert_eq!(server.faults().pending_for("add_images"), Ok(1));

    let add = call_text(&server, "add_images", Some(vendor_text("add_images"))).await;
    assert_eq!(add.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let error: Value = add.json().await.unwrap();
    assert_eq!(error, json!({"Message": "An error has occurred."}));
    // The fault replaced the add: nothing was added.
    assert_eq!(server.inventory().len(), before);
    assert_eq!(server.faults().pending(), 0);

    // Used once: the same add now succeeds.
    let again = call_text(&server, "add_images", Some(vendor_text("add_images"))).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(server.inventory().len(), before + 1);

    let log = server.requests();
    let met: Vec<(&str, Option<Fault>)> = log
        .iter()
        .map(|r| (r.operation.as_deref().unwrap(), r.fault.clone()))
        .collect();
    assert_eq!(
        met,
        [
            ("test_my_credentials", None),
            ("list_images", None),
            ("add_images", Some(Fault::InternalServerError)),
            ("add_images", None),
        ]
    );
}

#[tokio::test]
async fn an_aimed_fault_comes_before_one_for_any_operation() {
    let server = start().await;
    let unavailable = Fault::ServiceUnavailable {
        retry_after: Duration::ZERO,
    };
    server.faults().push(unavailable);
    server
        .faults()
        .push_n_for("delete_images", Fault::Unsuccessful, 2)
        .unwrap();
    assert_eq!(server.faults().pending(), 3);

    let delete = vendor("delete_images");
    let mut statuses = Vec::new();
    for _ in 0..2 {
        let response = call(&server, "delete_images", &delete).await;
        let status = response.status();
        let answer: Value = response.json().await.unwrap();
        statuses.push((status.as_u16(), answer["status"]["success"].clone()));
    }
    assert_eq!(statuses, [(200, json!(false)), (200, json!(false))]);
    // The fault for any operation waited for the next request, whatever its operation.
    let credentials = call_text(&server, "test_my_credentials", None).await;
    assert_eq!(credentials.status(), StatusCode::SERVICE_UNAVAILABLE);
    let credentials = call_text(&server, "test_my_credentials", None).await;
    assert_eq!(credentials.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_fault_aimed_at_no_operation_is_refused_and_queues_nothing() {
    let server = start().await;
    let error = server
        .faults()
        .push_for("add_image", Fault::InternalServerError)
        .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("unknown operation `add_image`"),
        "{error}"
    );
    assert_eq!(server.faults().pending(), 0);
    let add = call_text(&server, "add_images", Some(vendor_text("add_images"))).await;
    assert_eq!(add.status(), StatusCode::OK);
}
