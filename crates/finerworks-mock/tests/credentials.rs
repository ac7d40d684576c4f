//! `GET /v3/test_my_credentials`: the status envelope when both keys match, the credentials 400
//! otherwise; a body, if sent, changes nothing.

use crate::support;

use reqwest::StatusCode;
use serde_json::Value;

use support::{CREDENTIALS_BODY, assert_conforms, call_text, start, vendor_text};

#[tokio::test]
async fn both_keys_get_the_status_envelope_with_or_without_a_body() {
    let server = start().await;
    // As third-party clients call it (headers alone), and with the vendor's documented body.
    for body in [None, Some(vendor_text("test_my_credentials"))] {
        let response = call_text(&server, "test_my_credentials", body).await;
        assert_eq!(response.status(), StatusCode::OK);
        let answer: Value = response.json().await.unwrap();
        assert_conforms(&answer, "status_response");
        assert_eq!(answer["status"]["success"], true);
        assert_eq!(answer["status"]["status_code"], 200);
        assert_eq!(
            answer["status"]["reference_id"].as_str().map(str::len),
            Some(32)
        );
        assert_eq!(answer.as_object().unwrap().len(), 1, "{answer}");
    }
}

#[tokio::test]
async fn a_wrong_or_missing_key_gets_the_credentials_error() {
    let server = start().await;
    let url = format!("{}/V3/Test_My_Credentials/", server.base_url());
    let client = reqwest::Client::new();
    for request in [
        client.get(&url),
        client.get(&url).header("web_api_key", server.web_api_key()),
        client
            .get(&url)
            .header("web_api_key", server.web_api_key())
            .header("app_key", "not-the-app-key"),
        // The keys in the documented body are not read: the headers are.
        client
            .get(&url)
            .header("content-type", "application/json")
            .body(vendor_text("test_my_credentials")),
    ] {
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_eq!(response.text().await.unwrap(), CREDENTIALS_BODY);
    }
}

#[tokio::test]
async fn another_method_is_405() {
    let server = start().await;
    let response = reqwest::Client::new()
        .post(format!("{}/v3/test_my_credentials", server.base_url()))
        .header("web_api_key", server.web_api_key())
        .header("app_key", server.app_key())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers()["allow"], "GET");
}
