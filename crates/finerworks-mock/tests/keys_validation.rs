//! What comes before a page: the keys, the body (each invalid field named as ASP.NET names it),
//! the media type, and the routes.

use crate::support;

use finerworks_api::limits::image_library::{SESSION_ID_MAX_LENGTH, SESSION_ID_MIN_LENGTH};
use finerworks_api::limits::list_images_request::{PAGE_NUMBER_MIN, PER_PAGE_MAX, PER_PAGE_MIN};
use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};

use support::{CREDENTIALS_BODY, SEED_REQUEST, body, keyed, post, start, url};

#[tokio::test]
async fn missing_or_wrong_keys_get_the_credentials_model_state() {
    let server = start().await;
    let client = reqwest::Client::new();
    let right = (server.web_api_key().to_owned(), server.app_key().to_owned());
    let cases: [(Option<&str>, Option<&str>); 6] = [
        (None, None),
        (None, Some(&right.1)),
        (Some(&right.0), None),
        (Some("wrong"), Some(&right.1)),
        (Some(&right.0), Some("wrong")),
        (Some(&right.1), Some(&right.0)), // swapped
    ];
    for (web_api_key, app_key) in cases {
        let mut request = client
            .post(url(&server))
            .json(&body(json!({"per_page": PER_PAGE_MAX + 1})));
        if let Some(key) = web_api_key {
            request = request.header("web_api_key", key);
        }
        if let Some(key) = app_key {
            request = request.header("app_key", key);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        // The keys are checked before the body (whose per_page is invalid here).
        assert_eq!(response.text().await.unwrap(), CREDENTIALS_BODY);
    }
}

#[tokio::test]
async fn each_invalid_field_is_a_400_naming_it() {
    let server = start().await;
    let short = "x".repeat(SESSION_ID_MIN_LENGTH - 1);
    let long = "x".repeat(SESSION_ID_MAX_LENGTH + 1);
    let cases = [
        (json!({"library": null}), "request.library"),
        (json!({"library": "inventory"}), "request.library"),
        (
            json!({"library": {"session_id": null}}),
            "request.library.session_id",
        ),
        (
            json!({"library": {"session_id": short}}),
            "request.library.session_id",
        ),
        (
            json!({"library": {"session_id": long}}),
            "request.library.session_id",
        ),
        (
            json!({"library": {"site_id": null}}),
            "request.library.site_id",
        ),
        (
            json!({"library": {"name": "archive"}}),
            "request.library.name",
        ),
        (json!({"per_page": PER_PAGE_MIN - 1}), "request.per_page"),
        (json!({"per_page": PER_PAGE_MAX + 1}), "request.per_page"),
        (json!({"per_page": "many"}), "request.per_page"),
        (
            json!({"page_number": PAGE_NUMBER_MIN - 1}),
            "request.page_number",
        ),
        (json!({"page_number": -3}), "request.page_number"),
        (json!({"sort_field": "size"}), "request.sort_field"),
        (json!({"sort_direction": "UP"}), "request.sort_direction"),
        (
            json!({"guid_filter": ["not-a-guid"]}),
            "request.guid_filter[0]",
        ),
        (json!({"guid_filter": "everything"}), "request.guid_filter"),
        (
            json!({"upload_date_from": "yesterday"}),
            "request.upload_date_from",
        ),
        (
            json!({"upload_date_to": 20250101}),
            "request.upload_date_to",
        ),
        (json!({"list_products": "maybe"}), "request.list_products"),
        (json!({"active": 1}), "request.active"),
        (json!({"search_filter": ["a"]}), "request.search_filter"),
    ];
    for (changes, field) in cases {
        let request = body(changes.clone());
        let response = post(&server, &request).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{changes}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["Message"], "The request is invalid.", "{changes}");
        let model_state = error["ModelState"].as_object().unwrap();
        assert_eq!(model_state.keys().collect::<Vec<_>>(), [field], "{changes}");
        assert!(
            model_state[field][0]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
    }
}

#[tokio::test]
async fn bodies_that_are_not_json_objects_are_reported_under_request() {
    let server = start().await;
    let client = reqwest::Client::new();
    for text in ["{\"library\": ", "not json", "[1, 2]", "", "   "] {
        let response = keyed(&server, &client)
            .header(CONTENT_TYPE, "application/json")
            .body(text)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{text:?}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["Message"], "The request is invalid.");
        assert!(
            error["ModelState"]["request"][0].is_string(),
            "{text:?}: {error}"
        );
    }
}

#[tokio::test]
async fn only_json_media_types_are_accepted() {
    let server = start().await;
    let client = reqwest::Client::new();
    for (content_type, status) in [
        (Some("application/json"), StatusCode::OK),
        (Some("application/json; charset=utf-8"), StatusCode::OK),
        (Some("text/json"), StatusCode::OK),
        (Some("text/plain"), StatusCode::UNSUPPORTED_MEDIA_TYPE),
        (
            Some("application/x-www-form-urlencoded"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (None, StatusCode::UNSUPPORTED_MEDIA_TYPE),
    ] {
        let mut request = keyed(&server, &client).body(SEED_REQUEST);
        if let Some(content_type) = content_type {
            request = request.header(CONTENT_TYPE, content_type);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), status, "{content_type:?}");
        if status == StatusCode::UNSUPPORTED_MEDIA_TYPE {
            let essence = content_type.unwrap_or("application/octet-stream");
            let error: Value = response.json().await.unwrap();
            assert_eq!(
                error,
                json!({"Message": format!("The request entity's media type '{essence}' is not supported for this resource.")})
            );
        }
    }
}

#[tokio::test]
async fn unknown_routes_are_404_and_other_methods_405() {
    let server = start().await;
    let client = reqwest::Client::new();
    let response = client
        .post(format!("{}/v3/list_orders?x=1", server.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let error: Value = response.json().await.unwrap();
    assert_eq!(
        error,
        json!({"Message": format!(
            "No HTTP resource was found that matches the request URI 'http://{}/v3/list_orders?x=1'.",
            server.addr()
        )})
    );

    for method in [
        reqwest::Method::GET,
        reqwest::Method::PUT,
        reqwest::Method::DELETE,
    ] {
        let response = client
            .request(method.clone(), url(&server))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method}"
        );
        assert_eq!(response.headers()["allow"], "POST");
        let error: Value = response.json().await.unwrap();
        assert_eq!(
            error["Message"],
            format!("The requested resource does not support http method '{method}'.")
        );
    }
}
