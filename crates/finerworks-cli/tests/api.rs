//! `finerworks api OPERATION` run as a process: every operation of the spec with `--demo`, bodies
//! checked before sending, `--paginate` yielding every image once, and the usage errors.

use crate::hostile::serve;
use crate::support;

use std::collections::BTreeSet;

use finerworks_mock::{Fault, MockConfig};
use serde_json::{Value, json};
use support::{Mock, exec, exec_with_stdin, finerworks, guids_of, ndjson, ok};

const VENDOR_ADD_IMAGES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/vendor_add_images_request.json"
);

fn json_of(stdout: &str) -> Value {
    serde_json::from_str(stdout).expect("stdout is one JSON document")
}

fn demo(args: &[&str]) -> Value {
    let mut all = vec!["api"];
    all.extend_from_slice(args);
    all.push("--demo");
    json_of(&ok(&mut finerworks(), &all).stdout)
}

#[test]
fn every_operation_of_the_spec_runs_with_the_demo() {
    let page = demo(&["list_images", "--body", r#"{"per_page": 5}"#]);
    assert_eq!(page["status"]["success"], true, "{page}");
    assert_eq!(page["images"].as_array().map(Vec::len), Some(5), "{page}");
    assert_eq!(page["count"], 320, "{page}");

    let test = demo(&["test_my_credentials"]);
    assert_eq!(test["status"]["success"], true, "{test}");

    // FinerWorks' own example request, sent as it is.
    let added = demo(&["add_images", "--body", VENDOR_ADD_IMAGES]);
    let vendor: Value =
        serde_json::from_str(&std::fs::read_to_string(VENDOR_ADD_IMAGES).unwrap()).unwrap();
    let titles = |body: &Value| -> Vec<Value> {
        body["images"]
            .as_array()
            .expect("images")
            .iter()
            .map(|image| image["title"].clone())
            .collect()
    };
    assert_eq!(titles(&added), titles(&vendor), "{added}");
    assert!(added["images"][0]["guid"].is_string(), "{added}");

    // The demo's images are the same on every run: one listed is there to update and delete.
    let guid = page["images"][0]["guid"]
        .as_str()
        .expect("a guid")
        .to_owned();
    let update = json!({"images": [{"guid": guid, "title": "Renamed"}]}).to_string();
    let updated = demo(&["update_images", "--body", &update]);
    assert_eq!(updated["images"][0]["guid"], guid.as_str(), "{updated}");
    assert_eq!(updated["images"][0]["title"], "Renamed", "{updated}");

    let delete = json!({"guids": [guid]}).to_string();
    let deleted = demo(&["delete_images", "--body", &delete]);
    assert_eq!(deleted["status"]["success"], true, "{deleted}");
}

/// The payload field of an operation's answer, as the spec names it.
struct Payload;

impl finerworks_api::Visitor for Payload {
    type Output = Option<&'static str>;

    fn visit<O: finerworks_api::Operation>(self) -> Self::Output {
        <O::Response as finerworks_api::Answer>::PAYLOAD
    }
}

/// Every operation of the spec whose vendor example request is in the workspace's fixtures
/// answers it through the demo with its payload, so an operation added to the spec with its
/// example is tried here with no line of its own.
#[test]
fn every_vendor_example_runs_with_the_demo() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut ran = Vec::new();
    for operation in finerworks::OPERATIONS {
        let example = fixtures.join(format!("vendor_{}_request.json", operation.id));
        let served = finerworks_mock::implemented_operation_ids().any(|id| id == operation.id);
        if operation.request_schema.is_none() || !example.exists() || !served {
            continue;
        }
        let answer = demo(&[
            operation.id,
            "--body",
            example.to_str().expect("a UTF-8 path"),
        ]);
        assert_eq!(
            answer["status"]["success"], true,
            "{}: {answer}",
            operation.id
        );
        if let Some(payload) = finerworks_api::operations::visit(operation.id, Payload).flatten() {
            assert!(answer[payload].is_array(), "{}: {answer}", operation.id);
        }
        ran.push(operation.id);
    }
    assert!(
        ["add_images", "update_images", "delete_images"]
            .iter()
            .all(|id| ran.contains(id)),
        "{ran:?}"
    );
}

#[test]
fn the_calls_change_the_library_and_the_body_may_come_from_stdin() {
    let mock = Mock::start(MockConfig::new().images(12));
    let before = guids_of(&mock.server.inventory());
    let doomed: Vec<String> = before.iter().take(2).cloned().collect();
    let body = json!({"guids": doomed}).to_string();
    let run = exec_with_stdin(
        &mut mock.finerworks(),
        &["api", "delete_images", "--body", "-"],
        &body,
    );
    assert_eq!(run.code, 0, "{run:?}");
    let after = guids_of(&mock.server.inventory());
    assert_eq!(after.len(), 10);
    assert!(doomed.iter().all(|guid| !after.contains(guid)), "{after:?}");
    // The library left out of the body was filled in: the client's default one.
    let requests = mock.server.requests();
    let sent = requests
        .last()
        .and_then(|request| request.body.clone())
        .expect("a request with a body");
    assert_eq!(sent["library"]["name"], "inventory", "{sent}");
}

#[test]
fn a_body_that_breaks_the_schema_is_named_and_nothing_is_sent() {
    let mock = Mock::start(MockConfig::new().images(3));
    for (body, field) in [
        (
            r#"{"per_page": 51}"#,
            "per_page: 51 is greater than the maximum 50",
        ),
        (
            r#"{"sort_field": "size"}"#,
            "sort_field: \"size\" is not one of",
        ),
        (
            r#"{"library": {"session_id": "short", "site_id": 2}}"#,
            "library.session_id",
        ),
    ] {
        let run = exec(
            &mut mock.finerworks(),
            &["api", "list_images", "--body", body],
        );
        assert_eq!(run.code, 3, "{body}: {run:?}");
        assert!(run.stderr.contains(field), "{body}: {run:?}");
        assert_eq!(run.stdout, "", "{run:?}");
    }
    let run = exec(
        &mut mock.finerworks(),
        &["api", "add_images", "--body", r#"{"images": "none"}"#],
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stderr.contains("images: expected array"), "{run:?}");
    let run = exec(
        &mut mock.finerworks(),
        &["api", "list_images", "--body", "{not json"],
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stderr.contains("is not JSON"), "{run:?}");
    assert_eq!(mock.server.request_count(), 0);
}

#[test]
fn paginate_yields_every_image_exactly_once() {
    let mock = Mock::start(MockConfig::new().images(137));
    let run = ok(
        &mut mock.finerworks(),
        &[
            "api",
            "list_images",
            "--paginate",
            "--body",
            r#"{"per_page": 10}"#,
        ],
    );
    let images = ndjson(&run.stdout);
    assert_eq!(images.len(), 137, "{}", run.stderr);
    let listed: BTreeSet<String> = images
        .iter()
        .map(|image| image["guid"].as_str().expect("a guid").to_owned())
        .collect();
    assert_eq!(listed, guids_of(&mock.server.inventory()));
    // The body's filters go through the walk: only active images, from page 3 on.
    let active = mock
        .server
        .inventory()
        .iter()
        .filter(|image| image.active == Some(true))
        .count();
    let run = ok(
        &mut mock.finerworks(),
        &[
            "api",
            "list_images",
            "--paginate",
            "--body",
            r#"{"per_page": 10, "active": true}"#,
        ],
    );
    assert_eq!(ndjson(&run.stdout).len(), active);
    let run = ok(
        &mut mock.finerworks(),
        &[
            "api",
            "list_images",
            "--paginate",
            "--body",
            r#"{"per_page": 50, "page_number": 3}"#,
        ],
    );
    assert_eq!(ndjson(&run.stdout).len(), 37);
}

#[test]
fn unknown_operations_and_misplaced_flags_are_usage_errors() {
    let run = exec(&mut finerworks(), &["api", "list_imagez", "--demo"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("unknown operation `list_imagez`"),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains("list_images, test_my_credentials, add_images, update_images, delete_images"),
        "{run:?}"
    );

    let mock = Mock::start(MockConfig::new().images(3));
    let run = exec(
        &mut mock.finerworks(),
        &["api", "delete_images", "--paginate", "--body", "{}"],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("--paginate needs a paged operation, and delete_images is not"),
        "{run:?}"
    );
    let run = exec(
        &mut mock.finerworks(),
        &["api", "test_my_credentials", "--body", "{}"],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("takes no body"), "{run:?}");
    let run = exec(
        &mut mock.finerworks(),
        &[
            "api",
            "list_images",
            "--paginate",
            "--body",
            r#"{"colour": 1}"#,
        ],
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stderr.contains("colour is not a field"), "{run:?}");
    assert_eq!(mock.server.request_count(), 0);
}

#[test]
fn adding_is_not_resent_after_a_server_error_and_listing_is() {
    let mock = Mock::start(MockConfig::new().images(3));
    mock.server.faults().push(Fault::InternalServerError);
    let run = exec(
        &mut mock.finerworks(),
        &["api", "add_images", "--body", VENDOR_ADD_IMAGES],
    );
    assert_eq!(run.code, 5, "{run:?}");
    assert_eq!(mock.server.request_count(), 1);
    assert_eq!(mock.server.inventory().len(), 3);

    mock.server.faults().push(Fault::InternalServerError);
    let run = ok(
        &mut mock.finerworks(),
        &["api", "list_images", "--retries", "2"],
    );
    assert_eq!(
        json_of(&run.stdout)["images"].as_array().map(Vec::len),
        Some(3)
    );
    assert_eq!(mock.server.request_count(), 3);
}

#[test]
fn a_200_that_is_not_an_answer_is_an_api_error() {
    let base = serve(200, "Content-Type: application/json\r\n", "{}".to_owned());
    let run = exec(
        finerworks()
            .env("FINERWORKS_BASE_URL", &base)
            .env("FINERWORKS_WEB_API_KEY", "web-key-0123456789abcdef")
            .env("FINERWORKS_APP_KEY", "app-key-fedcba9876543210"),
        &["api", "list_images"],
    );
    assert_eq!(run.code, 5, "{run:?}");
    assert_eq!(run.stdout, "", "{run:?}");
    assert!(
        run.stderr
            .contains("unexpected answer to list_images: http 200 without `status` or `images`"),
        "{run:?}"
    );
}

#[test]
fn keys_a_server_echoes_are_hidden_in_the_answer() {
    let web = "web-key-0123456789abcdef";
    let app = "app-key-fedcba9876543210";
    let body = json!({"status": {"success": true, "message": format!("hello {web} and {app}")}});
    let base = serve(200, "Content-Type: application/json\r\n", body.to_string());
    let run = ok(
        finerworks()
            .env("FINERWORKS_BASE_URL", &base)
            .env("FINERWORKS_WEB_API_KEY", web)
            .env("FINERWORKS_APP_KEY", app),
        &["api", "test_my_credentials"],
    );
    assert_eq!(
        json_of(&run.stdout)["status"]["message"],
        "hello <redacted> and <redacted>",
        "{run:?}"
    );
}

#[test]
fn ctrl_c_during_paginate_ends_between_two_lines() {
    // Each page takes a while: the signal comes while pages are still being read.
    let mock = Mock::start(
        MockConfig::new()
            .images(100)
            .latency(std::time::Duration::from_millis(300)),
    );
    let run = support::interrupted_run(
        "INT",
        &mock,
        &[
            "api",
            "list_images",
            "--paginate",
            "--body",
            r#"{"per_page": 10}"#,
        ],
        3,
    );
    assert_eq!(run.code, 130, "{run:?}");
    // Every line printed is whole JSON, and the walk did not get to the end.
    let printed = ndjson(&run.stdout).len();
    assert!(printed < 100, "{printed} lines");
    assert!(
        run.stderr.contains(&format!(
            "error: interrupted after {printed} item(s) had been printed"
        )),
        "{run:?}"
    );
}
