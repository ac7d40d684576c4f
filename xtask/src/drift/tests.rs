//! Offline tests of the live check: its flags, the keys, and whole runs against a tiny HTTP server
//! on 127.0.0.1 that answers canned JSON and records what it was sent.

mod server;

use std::time::Duration;

use finerworks_api::schema::violations;
use serde_json::{Value, json};

use server::Server;

use super::api::{ADD_IMAGES, LIST_IMAGES, TEST_MY_CREDENTIALS};
use super::mutate::{self, Lookup};
use super::*;

const GUID: &str = "b20d8d00-4134-4ba7-9558-c82a89a3a359";
const STAMP: &str = "2026-01-02T03:04:05Z";

fn env(name: &str) -> Option<String> {
    match name {
        "FINERWORKS_WEB_API_KEY" => Some("web-secret".to_string()),
        "FINERWORKS_APP_KEY" => Some("app-secret".to_string()),
        "FINERWORKS_SESSION_ID" => Some("session-0123456789".to_string()),
        _ => None,
    }
}

fn library() -> Value {
    json!({"name": "inventory", "session_id": "session-0123456789", "account_key": "", "site_id": 2})
}

fn ok_status() -> Value {
    json!({"success": true, "status_code": 200, "message": "", "debug": null,
           "reference_id": "0d3c5e7f9a1b4c2d8e6f0a1b2c3d4e5f", "domain": null})
}

fn status_answer() -> Value {
    json!({"status": ok_status()})
}

/// A clean `list_images` answer: an empty page has no image fields to miss.
fn empty_page() -> Value {
    json!({"status": ok_status(), "images": [], "page_number": 1, "per_page": 5, "count": 0})
}

/// An `images_response` with one image, every field of `image_details` present.
fn images_answer(title: &str, guid: &str) -> Value {
    json!({"status": ok_status(), "images": [{
        "id": 48213, "guid": guid, "title": title, "description": "d",
        "file_name": "abc.jpg", "file_size": 11_000_024,
        "thumbnail_file_name": "thumbnail.jpg", "preview_file_name": "preview.jpg",
        "hires_file_name": "hires.jpg",
        "public_thumbnail_uri": "https://somewhere.com/public_thumbnail_uri.jpg",
        "public_preview_uri": "https://somewhere.com/public_preview_uri.jpg",
        "personal_gallery_title": null, "members_gallery_category": null,
        "private_hires_uri": "https://somewhere.com/private_hires_uri.jpg",
        "pix_w": 1600, "pix_h": 2400,
        "date_added": "2026-01-02T03:04:05.1234567-06:00", "date_expires": null,
        "date_updated": null, "active": true, "username": "u", "account_key": "",
        "assigned_gallery_subcategory_ids": [], "assigned_personal_gallery_ids": [],
        "products": null
    }]})
}

/// Clean answers of the reads of the virtual inventory, the catalog and the order statuses (an
/// inventory page with one product, whose SKU the price and details calls then send).
fn catalog_answers() -> Vec<(&'static str, u16, Value)> {
    // Every field of `product` present (`null`), so that none is reported missing.
    let mut product: serde_json::Map<String, Value> = finerworks_api::fields::product::ALL
        .iter()
        .map(|field| (field.name.to_owned(), Value::Null))
        .collect();
    product.insert("sku".to_owned(), json!("AP1556P79511"));
    vec![
        (
            "/v3/list_virtual_inventory",
            200,
            json!({"status": ok_status(), "products": [product], "page_number": 1, "per_page": 5,
                   "count": 1}),
        ),
        (
            "/v3/list_product_types",
            200,
            json!({"status": ok_status(), "product_types": []}),
        ),
        (
            "/v3/list_style_types",
            200,
            json!({"status": ok_status(), "style_types": []}),
        ),
        (
            "/v3/list_order_status_definitions",
            200,
            json!({"status": ok_status(), "definitions": [
                {"order_status_id": 1, "order_status_label": "Waiting Customer Response"}]}),
        ),
        (
            "/v3/get_prices",
            200,
            json!({"status": ok_status(), "prices": []}),
        ),
        (
            "/v3/get_product_details",
            200,
            json!({"status": ok_status(), "product_list": []}),
        ),
    ]
}

/// A server answering `answers`, and the reads of the catalog as [`catalog_answers`] does.
fn server_with_catalog(answers: &[(&'static str, u16, Value)]) -> Server {
    let mut all = answers.to_vec();
    all.extend(catalog_answers());
    Server::start(&all)
}

fn server_error() -> Value {
    json!({"Message": "An error has occurred."})
}

fn spec() -> Value {
    load_spec().unwrap()
}

fn run_mutation(server: &Server) -> mutate::Mutation {
    let lookup = Lookup {
        tries: 2,
        delay: Duration::ZERO,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(mutate::run(
        &server.api(),
        &spec(),
        &library(),
        STAMP,
        lookup,
    ))
}

fn errors(mutation: &mutate::Mutation) -> Vec<(&'static str, bool)> {
    mutation
        .outcomes
        .iter()
        .map(|outcome| (outcome.operation, outcome.error.is_some()))
        .collect()
}

#[test]
fn flags_are_parsed_in_any_order_and_unknown_ones_refused() {
    assert_eq!(Options::parse(&[]), Ok(Options::default()));
    assert_eq!(
        Options::parse(&["--record"]),
        Ok(Options {
            record: true,
            mutate: false
        })
    );
    assert_eq!(
        Options::parse(&["--mutate"]),
        Ok(Options {
            record: false,
            mutate: true
        })
    );
    let both = Options {
        record: true,
        mutate: true,
    };
    assert_eq!(Options::parse(&["--mutate", "--record"]), Ok(both));
    assert_eq!(Options::parse(&["--record", "--mutate"]), Ok(both));
    for bad in [
        &["--force"][..],
        &["mutate"],
        &["--record", "--dry-run"],
        &["-m"],
    ] {
        let error = Options::parse(bad).unwrap_err();
        assert!(error.contains("unknown argument"), "{bad:?}: {error}");
    }
    assert!(
        Options::parse(&["--mutate", "--mutate"])
            .unwrap_err()
            .contains("twice")
    );
}

#[test]
fn without_keys_nothing_is_sent_and_the_exit_code_is_3() {
    let server = Server::start(&[("/v3/test_my_credentials", 200, status_answer())]);
    let none = |_: &str| None;
    let blank = |name: &str| env(name).map(|_| "  ".to_string());
    let no_session = |name: &str| env(name).filter(|_| name != "FINERWORKS_SESSION_ID");
    for options in [
        Options::default(),
        Options {
            record: true,
            mutate: true,
        },
        Options {
            record: false,
            mutate: true,
        },
    ] {
        for env in [
            &none as &dyn Fn(&str) -> Option<String>,
            &blank,
            &no_session,
        ] {
            assert_eq!(run_with(options, &server.base, env), EXIT_NO_KEYS);
        }
    }
    assert_eq!(
        Keys::from_env(&no_session).err(),
        Some(vec!["FINERWORKS_SESSION_ID"])
    );
    assert_eq!(Keys::from_env(&none).err(), Some(KEY_VARIABLES.to_vec()));
    assert!(server.calls().is_empty(), "{:?}", server.routes());
}

#[test]
fn by_default_it_only_reads() {
    let server = server_with_catalog(&[
        ("/v3/test_my_credentials", 200, status_answer()),
        ("/v3/list_images", 200, empty_page()),
    ]);
    assert_eq!(run_with(Options::default(), &server.base, &env), 0);
    assert_eq!(
        server.routes(),
        [
            "GET /v3/test_my_credentials",
            "POST /v3/list_images",
            "POST /v3/list_virtual_inventory",
            "POST /v3/list_product_types",
            "POST /v3/list_style_types",
            "GET /v3/list_order_status_definitions",
            "POST /v3/get_prices",
            "POST /v3/get_product_details",
        ]
    );
    // The price and details calls ask for the inventory's first product.
    let calls = server.calls();
    for call in &calls[6..] {
        assert_eq!(
            call.json()["products"],
            json!([{"product_qty": 1, "product_sku": "AP1556P79511"}])
        );
    }
    let calls = server.calls();
    for call in &calls {
        assert_eq!(call.headers["web_api_key"], "web-secret");
        assert_eq!(call.headers["app_key"], "app-secret");
    }
    // The GET has no body.
    assert_eq!(calls[0].body, "");
    assert!(
        calls[0]
            .headers
            .get("content-length")
            .is_none_or(|l| l == "0")
    );
    assert_eq!(calls[1].json()["library"], library());
}

#[test]
fn each_operation_is_reported_on_its_own() {
    let mut drifted = status_answer();
    drifted["status"]["elapsed_ms"] = json!(3);
    let server = server_with_catalog(&[
        ("/v3/test_my_credentials", 200, drifted),
        ("/v3/list_images", 200, empty_page()),
    ]);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (api, spec) = (server.api(), spec());
    let (credentials, _) = runtime.block_on(check(&api, &spec, TEST_MY_CREDENTIALS, None));
    let (list, _) = runtime.block_on(check(
        &api,
        &spec,
        LIST_IMAGES,
        Some(&list_body(&library(), None)),
    ));
    assert_eq!(
        credentials.lines(),
        [
            "drift: test_my_credentials: the answer disagrees with openapi/finerworks.yaml:",
            "  undescribed $.status.elapsed_ms: integer",
        ]
    );
    assert_eq!(
        list.lines(),
        ["drift: list_images: none, the answer matches openapi/finerworks.yaml"]
    );
    assert_eq!(exit_code(&[credentials, list]), EXIT_DRIFT);
    assert_eq!(run_with(Options::default(), &server.base, &env), EXIT_DRIFT);
}

#[test]
fn refused_keys_and_reported_failures_are_errors() {
    let mut failed = empty_page();
    failed["status"]["success"] = json!(false);
    failed["status"]["message"] = json!("Invalid session");
    let server = server_with_catalog(&[
        (
            "/v3/test_my_credentials",
            400,
            json!({"Message": "The request is invalid.", "ModelState": {
                "ApiC.Models.authorization_credentials": ["Missing or unauthorized api credentials"]}}),
        ),
        ("/v3/list_images", 200, failed),
    ]);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (api, spec) = (server.api(), spec());
    let (credentials, answer) = runtime.block_on(check(&api, &spec, TEST_MY_CREDENTIALS, None));
    assert!(answer.is_none());
    let error = credentials.error.unwrap();
    assert!(error.contains("HTTP 400"), "{error}");
    assert!(error.contains("unauthorized api credentials"), "{error}");
    assert!(!error.contains("secret"), "{error}");
    let (list, _) = runtime.block_on(check(&api, &spec, LIST_IMAGES, Some(&json!({}))));
    assert_eq!(list.report, Some(Report::default()));
    assert!(list.error.unwrap().contains("Invalid session"));
    assert_eq!(run_with(Options::default(), &server.base, &env), EXIT_ERROR);
}

#[test]
fn mutate_adds_renames_then_deletes_the_image_it_added() {
    let title = mutate::title(STAMP);
    let server = Server::start(&[
        ("/v3/add_images", 200, images_answer(&title, GUID)),
        ("/v3/update_images", 200, images_answer("renamed", GUID)),
        ("/v3/delete_images", 200, status_answer()),
    ]);
    let mutation = run_mutation(&server);
    assert_eq!(
        server.routes(),
        [
            "POST /v3/add_images",
            "PUT /v3/update_images",
            "DELETE /v3/delete_images"
        ]
    );
    let calls = server.calls();
    let added = calls[0].json();
    assert_eq!(
        added["images"][0]["title"],
        "finerworks-rs drift check 2026-01-02T03:04:05Z"
    );
    assert_eq!(
        added["images"][0]["private_hires_uri"],
        "https://somewhere.com/private_hires_uri.jpg"
    );
    assert_eq!(added["library"], library());
    assert_eq!(calls[1].json()["images"][0]["guid"], GUID);
    assert_eq!(
        calls[1].json()["images"][0]["title"],
        format!("{title} (renamed)")
    );
    assert_eq!(
        calls[2].json(),
        json!({"guids": [GUID], "library": library()})
    );
    assert_eq!(
        errors(&mutation),
        [
            ("add_images", false),
            ("update_images", false),
            ("delete_images", false)
        ]
    );
    assert!(
        mutation
            .outcomes
            .iter()
            .all(|o| o.report == Some(Report::default()))
    );
    assert_eq!(mutation.changes.len(), 3, "{:?}", mutation.changes);
    assert!(mutation.changes[0].starts_with(&format!("added image {GUID} titled")));
    assert!(mutation.changes[1].starts_with(&format!("renamed image {GUID}")));
    assert_eq!(mutation.changes[2], format!("deleted image {GUID}"));
}

#[test]
fn mutate_deletes_after_a_failing_update() {
    let title = mutate::title(STAMP);
    let server = Server::start(&[
        ("/v3/add_images", 200, images_answer(&title, GUID)),
        ("/v3/update_images", 500, server_error()),
        ("/v3/delete_images", 200, status_answer()),
    ]);
    let mutation = run_mutation(&server);
    assert_eq!(
        server.routes(),
        [
            "POST /v3/add_images",
            "PUT /v3/update_images",
            "DELETE /v3/delete_images"
        ]
    );
    assert_eq!(server.calls()[2].json()["guids"], json!([GUID]));
    assert_eq!(
        errors(&mutation),
        [
            ("add_images", false),
            ("update_images", true),
            ("delete_images", false)
        ]
    );
    assert!(
        mutation.outcomes[1]
            .error
            .as_ref()
            .unwrap()
            .contains("HTTP 500")
    );
    assert_eq!(
        mutation.changes.last().unwrap(),
        &format!("deleted image {GUID}")
    );
    assert!(!mutation.changes.iter().any(|c| c.starts_with("renamed")));
    assert_eq!(exit_code(&mutation.outcomes), EXIT_ERROR);
}

#[test]
fn mutate_finds_the_image_with_list_images_when_the_add_answer_does_not_name_it() {
    let title = mutate::title(STAMP);
    let mut page = images_answer(&title, GUID);
    page["images"].as_array_mut().unwrap().insert(
        0,
        images_answer("someone else's", "05a4ad9d-9494-4b2f-ae55-dd6f09081f3c")["images"][0]
            .clone(),
    );
    let server = Server::start(&[
        ("/v3/add_images", 500, server_error()),
        ("/v3/list_images", 200, page),
        ("/v3/update_images", 200, images_answer("renamed", GUID)),
        ("/v3/delete_images", 500, server_error()),
    ]);
    let mutation = run_mutation(&server);
    assert_eq!(
        server.routes(),
        [
            "POST /v3/add_images",
            "POST /v3/list_images",
            "PUT /v3/update_images",
            "DELETE /v3/delete_images"
        ]
    );
    assert_eq!(server.calls()[1].json()["search_filter"], title.as_str());
    assert_eq!(server.calls()[3].json()["guids"], json!([GUID]));
    // A failed delete is said plainly.
    let last = mutation.changes.last().unwrap();
    assert!(last.contains("delete it by hand"), "{last}");
    assert!(last.contains(GUID), "{last}");
}

#[test]
fn mutate_changes_nothing_more_when_the_added_image_cannot_be_found() {
    let server = Server::start(&[
        (
            "/v3/add_images",
            200,
            json!({"status": ok_status(), "images": null}),
        ),
        ("/v3/list_images", 200, empty_page()),
    ]);
    let mutation = run_mutation(&server);
    assert_eq!(
        server.routes(),
        [
            "POST /v3/add_images",
            "POST /v3/list_images",
            "POST /v3/list_images"
        ]
    );
    assert_eq!(
        errors(&mutation),
        [
            ("add_images", false),
            ("update_images", true),
            ("delete_images", true)
        ]
    );
    assert!(mutation.changes[0].contains("delete it by hand"));
}

#[test]
fn requests_conform_to_the_spec() {
    let spec = spec();
    let title = mutate::title(STAMP);
    for (schema, body) in [
        ("list_images_request", list_body(&library(), None)),
        ("list_virtual_inventory_request", inventory_body()),
        ("get_prices_request", products_body("AP1556P79511")),
        ("get_product_details_request", products_body("AP1556P79511")),
        ("list_images_request", list_body(&library(), Some(&title))),
        ("add_images_request", mutate::add_body(&title, &library())),
        ("update_images_request", mutate::update_body(GUID, &title)),
        (
            "delete_images_request",
            mutate::delete_body(GUID, &library()),
        ),
    ] {
        assert_eq!(violations(&spec, schema, &body), [], "{schema}: {body}");
    }
}

#[test]
fn operations_are_where_the_spec_puts_them() {
    let spec = spec();
    let schemas: Vec<(&str, String)> = finerworks_api::operations::ALL
        .iter()
        .map(|operation| {
            (
                operation.id,
                api::response_schema(*operation, &spec).unwrap(),
            )
        })
        .collect();
    let table: Vec<(&str, String)> = finerworks_api::operations::ALL
        .iter()
        .map(|operation| (operation.id, operation.response_schema.to_string()))
        .collect();
    assert_eq!(schemas, table);
    for expected in [
        ("list_images", "list_images_response".to_string()),
        ("test_my_credentials", "status_response".to_string()),
        ("add_images", "images_response".to_string()),
        ("delete_images", "status_response".to_string()),
    ] {
        assert!(schemas.contains(&expected), "{expected:?} in {schemas:?}");
    }
    // A table that lags behind the spec file is refused, with the command that fixes it.
    let mut moved = TEST_MY_CREDENTIALS;
    moved.method = finerworks_api::HttpMethod::Post;
    let error = api::response_schema(moved, &spec).unwrap_err();
    assert!(error.contains("cargo xtask generate"), "{error}");
    let mut answers = ADD_IMAGES;
    answers.response_schema = "status_response";
    let error = api::response_schema(answers, &spec).unwrap_err();
    assert!(error.contains("answers images_response"), "{error}");
}

#[test]
fn recorded_fixtures_are_scrubbed() {
    let mut body =
        json!({"images": [{"account_key": "acct-123", "title": "k1"}], "echo": "web-secret"});
    scrub(&mut body, &["web-secret", "app-secret"]);
    assert_eq!(
        body,
        json!({"images": [{"account_key": "redacted", "title": "k1"}], "echo": "redacted"})
    );
}
