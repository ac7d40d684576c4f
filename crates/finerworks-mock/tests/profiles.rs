//! The behaviour profiles, seen over plain HTTP as a user of the mock sees them: each reading of
//! what the FinerWorks docs leave open, the rate limit, and strict validation against the spec.

use crate::support;

use std::collections::BTreeSet;
use std::time::Duration;

use finerworks_api::limits::list_images_request::{PER_PAGE_MAX, PER_PAGE_MIN};
use finerworks_api::types::{SortDirection, SortField};
use finerworks_mock::{CountMode, Echo, Fault, MockConfig, MockServer, Nulls, OverLimit};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, RETRY_AFTER};
use serde_json::{Value, json};

use support::{SEED_REQUEST, body, post, post_text, raw_ids, sorted, start_with, url};

/// The number of inventory images of these tests, and the seed of their data.
const IMAGES: usize = 137;
const SEED: u64 = 7;

fn config() -> MockConfig {
    MockConfig::new().images(IMAGES).seed(SEED)
}

/// Sends `body`, expects a 200 that conforms to the spec, and returns the JSON answer.
async fn list(server: &MockServer, body: &Value) -> Value {
    support::list(server, body).await.0
}

/// The ids of the whole inventory, ascending.
fn ascending_ids(server: &MockServer) -> Vec<i64> {
    sorted(
        server.dataset().inventory(),
        SortField::Id,
        SortDirection::Asc,
    )
}

#[tokio::test]
async fn each_count_mode_says_what_it_names() {
    let filter = json!({"active": true});
    let modes = [
        CountMode::Exact,
        CountMode::Zero,
        CountMode::Null,
        CountMode::Missing,
        CountMode::Negative,
        CountMode::Under(5),
        CountMode::Under(10_000),
        CountMode::Over(5),
        CountMode::Unfiltered,
    ];
    for mode in modes {
        let server = start_with(config().count(mode)).await;
        let active = server
            .dataset()
            .inventory()
            .iter()
            .filter(|image| image.active == Some(true))
            .count() as i64;
        // The filter must filter, or `Exact` and `Unfiltered` would look the same.
        assert!(0 < active && active < IMAGES as i64, "{active}");

        let page = list(&server, &body(filter.clone())).await;
        assert_eq!(
            raw_ids(&page).len(),
            10,
            "{mode}: the page itself does not change"
        );
        let expected = match mode {
            CountMode::Exact => json!(active),
            CountMode::Zero => json!(0),
            CountMode::Null | CountMode::Missing => Value::Null,
            CountMode::Negative => json!(-1),
            CountMode::Under(5) => json!(active - 5),
            CountMode::Under(_) => json!(0),
            CountMode::Over(n) => json!(active + n as i64),
            CountMode::Unfiltered => json!(IMAGES),
            _ => unreachable!("every mode is listed"),
        };
        assert_eq!(page["count"], expected, "{mode}");
        // `null` is written; `missing` leaves the field out.
        let has_count = page.as_object().expect("an object").contains_key("count");
        assert_eq!(has_count, mode != CountMode::Missing, "{mode}");
        server.shutdown().await;
    }
}

#[tokio::test]
async fn a_page_size_cap_serves_fewer_than_asked_and_pages_still_partition_the_result() {
    for echo in [Echo::Used, Echo::Asked] {
        let server = start_with(config().page_size_cap(Some(25)).echo(echo)).await;
        let expected = ascending_ids(&server);
        let mut seen = Vec::new();
        for page_number in 1.. {
            let page = list(
                &server,
                &body(json!({"per_page": PER_PAGE_MAX, "page_number": page_number,
                             "sort_direction": "ASC"})),
            )
            .await;
            let got = raw_ids(&page);
            // Page k holds the matches (k-1)*25..k*25, whatever per_page asked.
            let from = ((page_number - 1) * 25).min(expected.len());
            let to = (page_number * 25).min(expected.len());
            assert_eq!(got, expected[from..to], "page {page_number}");
            assert_eq!(page["count"], json!(IMAGES));
            assert_eq!(page["page_number"], json!(page_number));
            let echoed = if echo == Echo::Used { 25 } else { PER_PAGE_MAX };
            assert_eq!(page["per_page"], json!(echoed), "{echo}");
            if got.is_empty() {
                break;
            }
            seen.extend(got);
        }
        // Every image exactly once: 25, 25, 25, 25, 25, 12, then an empty page.
        assert_eq!(seen, expected);
        // A request within the cap is served in full.
        let page = list(&server, &body(json!({"per_page": 7}))).await;
        assert_eq!((raw_ids(&page).len(), &page["per_page"]), (7, &json!(7)));
        server.shutdown().await;
    }
}

#[tokio::test]
async fn per_page_over_the_limit_is_refused_or_silently_capped() {
    let over = PER_PAGE_MAX + 30;
    let server = start_with(config()).await;
    let response = post(&server, &body(json!({"per_page": over}))).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error: Value = response.json().await.unwrap();
    assert_eq!(
        error["ModelState"]["request.per_page"],
        json!([format!(
            "The field per_page must be between {PER_PAGE_MIN} and {PER_PAGE_MAX}."
        )])
    );
    server.shutdown().await;

    let server = start_with(config().over_limit(OverLimit::Cap)).await;
    let expected = ascending_ids(&server);
    let max = PER_PAGE_MAX as usize;
    let request = |page_number| {
        body(json!({"per_page": over, "page_number": page_number, "sort_direction": "ASC"}))
    };
    let first = list(&server, &request(1)).await;
    assert_eq!(raw_ids(&first), expected[..max]);
    assert_eq!(first["per_page"], json!(PER_PAGE_MAX));
    let second = list(&server, &request(2)).await;
    assert_eq!(raw_ids(&second), expected[max..2 * max]);
    // Below the minimum is still an error.
    let response = post(&server, &body(json!({"per_page": PER_PAGE_MIN - 1}))).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    server.shutdown().await;
}

#[tokio::test]
async fn echo_zero_answers_zero_for_the_page_and_its_size() {
    let request = body(json!({"page_number": 2, "per_page": 7}));
    let server = start_with(config()).await;
    let used = list(&server, &request).await;
    assert_eq!(
        (&used["page_number"], &used["per_page"]),
        (&json!(2), &json!(7))
    );
    server.shutdown().await;

    let server = start_with(config().echo(Echo::Zero)).await;
    let zero = list(&server, &request).await;
    assert_eq!(
        (&zero["page_number"], &zero["per_page"]),
        (&json!(0), &json!(0))
    );
    assert_eq!(raw_ids(&zero), raw_ids(&used), "only the echo changes");
    server.shutdown().await;
}

#[tokio::test]
async fn a_null_for_a_value_type_is_refused_by_default_and_read_as_unset_on_request() {
    let text = concat!(
        r#"{"library":{"session_id":"1234567890","site_id":2},"#,
        r#""per_page":null,"list_products":null,"sort_field":null}"#
    );
    let position = |field: &str| text.find(&format!("\"{field}\":null")).unwrap() + field.len() + 7;

    let server = start_with(config()).await;
    let response = post_text(&server, text.to_owned()).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["Message"], "The request is invalid.");
    let model_state = error["ModelState"].as_object().unwrap();
    assert_eq!(
        model_state.keys().collect::<Vec<_>>(),
        ["request.list_products", "request.per_page"],
        "a string (sort_field) takes null"
    );
    assert_eq!(
        model_state["request.per_page"],
        json!([format!(
            "Error converting value {{null}} to type 'System.Int32'. Path 'per_page', line 1, \
             position {}.",
            position("per_page")
        )])
    );
    assert_eq!(
        model_state["request.list_products"],
        json!([format!(
            "Error converting value {{null}} to type 'System.Boolean'. Path 'list_products', \
             line 1, position {}.",
            position("list_products")
        )])
    );
    // Reported with the other bad fields.
    let response = post(
        &server,
        &body(json!({"page_number": null, "sort_direction": "UP"})),
    )
    .await;
    let error: Value = response.json().await.unwrap();
    let keys: BTreeSet<&String> = error["ModelState"].as_object().unwrap().keys().collect();
    assert_eq!(
        keys.into_iter().collect::<Vec<_>>(),
        ["request.page_number", "request.sort_direction"]
    );
    server.shutdown().await;

    let server = start_with(config().nulls(Nulls::Accept)).await;
    let page = list(&server, &serde_json::from_str(text).unwrap()).await;
    assert_eq!((raw_ids(&page).len(), &page["per_page"]), (10, &json!(10)));
    assert!(
        page["images"][0]["products"].is_null(),
        "list_products: null is false"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn the_rate_limit_refuses_past_the_burst_until_a_token_is_back() {
    let server = start_with(config().rate_limit(0.1, 3)).await;
    let request = body(json!({}));
    let client = reqwest::Client::new();
    for _ in 0..3 {
        assert_eq!(post(&server, &request).await.status(), StatusCode::OK);
    }
    let refused = post(&server, &request).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = refused.headers()[RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    // A token every 10 seconds: the wait is at most that, in whole seconds.
    assert!((1..=10).contains(&retry_after), "{retry_after}");
    let error: Value = refused.json().await.unwrap();
    assert!(
        error["Message"]
            .as_str()
            .unwrap()
            .contains(&format!("{retry_after} seconds")),
        "{error}"
    );

    // Every route, and before the keys.
    let other = client
        .get(format!("{}/v3/list_products", server.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::TOO_MANY_REQUESTS);
    let wrong_keys = client
        .post(url(&server))
        .header("web_api_key", "wrong")
        .header("app_key", "wrong")
        .json(&request)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_keys.status(), StatusCode::TOO_MANY_REQUESTS);
    // A scripted fault comes first, and takes no token.
    server.faults().push(Fault::ServiceUnavailable {
        retry_after: Duration::ZERO,
    });
    assert_eq!(
        post(&server, &request).await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );

    // After the wait, one more request gets through; the next waits again.
    tokio::time::pause();
    tokio::time::advance(Duration::from_secs(retry_after)).await;
    tokio::time::resume();
    assert_eq!(post(&server, &request).await.status(), StatusCode::OK);
    assert_eq!(
        post(&server, &request).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );

    // Refused requests are counted and logged like the others.
    let statuses: Vec<u16> = server.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 200, 200, 429, 429, 429, 503, 200, 429]);
    assert_eq!(server.request_count(), 9);
    server.shutdown().await;
}

/// Sends `body` to a strict server; expects ASP.NET's 400 and returns its `ModelState`.
async fn strictly_refused(server: &MockServer, body: &Value) -> Value {
    let response = post(server, body).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
    assert!(
        response.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["Message"], "The request is invalid.", "{error}");
    error["ModelState"].clone()
}

/// The `(field, rule)` of each violation of a strict 400.
fn violations(model_state: &Value) -> BTreeSet<(String, String)> {
    model_state
        .as_object()
        .expect("a ModelState")
        .iter()
        .flat_map(|(key, messages)| {
            messages.as_array().unwrap().iter().map(move |message| {
                let rule = message
                    .as_str()
                    .unwrap()
                    .strip_prefix("Not allowed by the spec (")
                    .and_then(|rest| rest.split_once(')'))
                    .map(|(rule, _)| rule.to_owned())
                    .unwrap_or_else(|| panic!("not a strict message: {message}"));
                (key.clone(), rule)
            })
        })
        .collect()
}

fn set(pairs: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    pairs
        .iter()
        .map(|(field, rule)| ((*field).to_owned(), (*rule).to_owned()))
        .collect()
}

#[tokio::test]
async fn strict_mode_refuses_what_the_spec_forbids_and_passes_the_vendor_example() {
    let server = start_with(config().strict(true)).await;
    // The vendor's example, sent verbatim: its nulls are ones the spec allows.
    let response = post_text(&server, SEED_REQUEST.to_owned()).await;
    assert_eq!(response.status(), StatusCode::OK);

    let model_state = strictly_refused(&server, &body(json!({"per_page": null}))).await;
    assert_eq!(
        model_state,
        json!({"request.per_page": [
            "Not allowed by the spec (nullable): null is not allowed (not nullable)."
        ]})
    );

    let model_state = strictly_refused(&server, &body(json!({"sort_field": "size"}))).await;
    assert_eq!(
        violations(&model_state),
        set(&[("request.sort_field", "enum")])
    );

    // Every violation is listed.
    let model_state = strictly_refused(
        &server,
        &body(json!({
            "library": {"session_id": "short", "site_id": 2, "name": "archive"},
            "per_page": 51,
            "guid_filter": ["not-a-guid"],
            "search_filter": null
        })),
    )
    .await;
    assert_eq!(
        violations(&model_state),
        set(&[
            ("request.library.session_id", "minLength"),
            ("request.library.name", "enum"),
            ("request.per_page", "maximum"),
            ("request.guid_filter[0]", "format"),
            ("request.search_filter", "nullable"),
        ])
    );

    // The keys still come first.
    let response = reqwest::Client::new()
        .post(url(&server))
        .json(&body(json!({"per_page": null})))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    server.shutdown().await;

    // Without strict mode, the same body is read as ASP.NET would: a 400 with a ModelState.
    let server = start_with(config()).await;
    let response = post(&server, &body(json!({"sort_field": "size"}))).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error: Value = response.json().await.unwrap();
    assert!(
        error["ModelState"]["request.sort_field"].is_array(),
        "{error}"
    );
    server.shutdown().await;
}

#[test]
fn every_profile_shows_in_the_configuration_debug_output() {
    let config = config()
        .count(CountMode::Under(3))
        .over_limit(OverLimit::Cap)
        .page_size_cap(Some(25))
        .echo(Echo::Zero)
        .nulls(Nulls::Accept)
        .rate_limit(2.0, 4)
        .strict(true);
    let debug = format!("{config:?}");
    for field in [
        "count: Under(3)",
        "over_limit: Cap",
        "page_size_cap: Some(25)",
        "echo: Zero",
        "nulls: Accept",
        "rate_limit: Some(2/s, burst 4)",
        "strict: true",
    ] {
        assert!(debug.contains(field), "{field} in {debug}");
    }
    let defaults = format!("{:?}", MockConfig::new());
    for field in [
        "count: Exact",
        "over_limit: Reject",
        "page_size_cap: None",
        "echo: Used",
        "nulls: Reject",
        "rate_limit: None",
        "strict: false",
    ] {
        assert!(defaults.contains(field), "{field} in {defaults}");
    }
}
