//! Servers that misbehave on purpose: redirects to another origin, keys echoed back in every
//! place an answer can hold text, and HTTP 200 answers that are not the operation's answer.
//! The keys must stay with FinerWorks, and nothing may pass for an empty result.

use crate::support;

use finerworks::{Client, Error};
use support::canned::{Canned, CannedServer};
use support::client::{fast_retries, page_body};

const WEB_KEY: &str = "web-key-0123456789abcdef";
const APP_KEY: &str = "app-key-fedcba9876543210";

fn client_for(server: &CannedServer) -> Client {
    Client::builder()
        .base_url(&server.base_url)
        .web_api_key(WEB_KEY)
        .app_key(APP_KEY)
        .session_id("test-session-0001")
        .retry(fast_retries())
        .build()
        .expect("client")
}

/// Neither key, in any case, in the error's `Display` nor its `Debug`.
fn assert_no_key(error: &Error) {
    let shown = format!("{error} {error:?}").to_ascii_lowercase();
    for key in [WEB_KEY, APP_KEY] {
        assert!(!shown.contains(key), "a key leaked: {shown}");
    }
}

#[tokio::test]
async fn no_redirect_carries_the_keys_to_another_origin() {
    for status in [301, 302, 303, 307, 308] {
        let elsewhere =
            CannedServer::start(|_, _| Canned::json(200, page_body(1, 3, Some(3)))).await;
        let location = format!("{}/v3/list_images", elsewhere.base_url);
        let target = location.clone();
        let redirecting =
            CannedServer::start(move |_, _| Canned::json(status, "").header("Location", &target))
                .await;
        let error = client_for(&redirecting)
            .images()
            .list()
            .send()
            .await
            .unwrap_err();
        let Error::Redirected {
            http_status,
            location: named,
        } = &error
        else {
            panic!("http {status}: expected a redirect error, got {error:?}");
        };
        assert_eq!((*http_status, named.as_str()), (status, location.as_str()));
        assert!(error.to_string().contains(&location), "{error}");
        assert_eq!(elsewhere.requests(), 0, "http {status} was followed");
        // Not retried: a redirect is an answer, and the next one would say the same.
        assert_eq!(redirecting.requests(), 1);
        assert!(!error.is_retryable());
    }
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed() {
    let server = CannedServer::start(|_, index| {
        if index == 0 {
            Canned::json(307, "").header("Location", "/v3/list_images?moved=1")
        } else {
            Canned::json(200, page_body(1, 3, Some(3)))
        }
    })
    .await;
    let page = client_for(&server).images().list().send().await.unwrap();
    assert_eq!(page.items.len(), 3);
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn keys_a_server_echoes_back_are_redacted_from_every_error() {
    let both = format!("{WEB_KEY} {}", APP_KEY.to_ascii_uppercase());
    let echoes: Vec<(&str, Canned)> = vec![
        (
            "a credentials ModelState",
            Canned::json(
                400,
                serde_json::json!({
                    "Message": format!("Missing or unauthorized api credentials {both}"),
                    "ModelState": {
                        "ApiC.Models.authorization_credentials": [format!("unknown key {WEB_KEY}")],
                        APP_KEY: ["is not a key"],
                    },
                })
                .to_string(),
            ),
        ),
        (
            "an HTML title",
            Canned {
                status: 502,
                headers: vec![("Content-Type".into(), "text/html".into())],
                body: format!("<html><head><title>Bad key {both}</title></head></html>"),
            },
        ),
        (
            "a body excerpt",
            Canned {
                status: 500,
                headers: vec![("Content-Type".into(), "text/plain".into())],
                body: format!("{APP_KEY} is not allowed"),
            },
        ),
        (
            "a reference id, a message, debug and domain",
            Canned::json(
                200,
                serde_json::json!({
                    "status": {
                        "success": false,
                        "status_code": 401,
                        "message": format!("bad keys {both}"),
                        "reference_id": WEB_KEY,
                        "domain": APP_KEY,
                        "debug": {"headers": {"web_api_key": WEB_KEY, "app_key": [APP_KEY]}},
                    },
                })
                .to_string(),
            ),
        ),
        (
            "a body that does not decode",
            Canned::json(200, format!(r#"{{"images": [{{"id": "{WEB_KEY}"}}]}}"#)),
        ),
        (
            "a 200 that is not the answer",
            Canned::json(200, format!(r#"{{"Message": "who is {APP_KEY}?"}}"#)),
        ),
    ];
    for (channel, canned) in echoes {
        let canned = std::sync::Arc::new(canned);
        let answer = std::sync::Arc::clone(&canned);
        let server = CannedServer::start(move |_, _| Canned {
            status: answer.status,
            headers: answer.headers.clone(),
            body: answer.body.clone(),
        })
        .await;
        let client = client_for(&server);
        let error = client.images().list().send().await.unwrap_err();
        assert_no_key(&error);
        // The rest of what the server said is kept.
        assert!(
            format!("{error}").contains("<redacted>"),
            "{channel}: {error}"
        );
        let error = client.test_credentials().await.unwrap_err();
        assert_no_key(&error);
    }
}

#[tokio::test]
async fn a_200_that_is_not_the_answer_is_an_error_never_an_empty_listing() {
    let bodies = [
        (
            r#"{"Message":"The request is invalid.","ModelState":{"request.per_page":["bad"]}}"#,
            "an error body (The request is invalid. (request.per_page: bad))",
        ),
        ("{}", "an empty JSON object"),
        (r#"{"Result": []}"#, "an object with only `Result`"),
        (
            "<!DOCTYPE html><html><head><title>Sign in</title></head><body></body></html>",
            "Sign in (an HTML page from the web server)",
        ),
    ];
    for (body, described) in bodies {
        let server = CannedServer::start(move |_, _| Canned::json(200, body)).await;
        let client = client_for(&server);
        let error = client.images().list().send().await.unwrap_err();
        let Error::UnexpectedResponse { operation, problem } = &error else {
            panic!("{body}: expected an unexpected response, got {error:?}");
        };
        assert_eq!(*operation, "list_images");
        assert_eq!(
            problem,
            &format!("http 200 without `status` or `images`: {described}")
        );
        let error = client.images().list().collect_all().await.unwrap_err();
        assert!(
            matches!(error, Error::UnexpectedResponse { .. }),
            "{error:?}"
        );
        // An operation whose answer is the status block alone.
        let error = client.test_credentials().await.unwrap_err();
        assert!(
            error.to_string().contains("http 200 without a `status`"),
            "{error}"
        );
    }
}

#[tokio::test]
async fn an_image_without_a_guid_is_an_unexpected_answer() {
    let server = CannedServer::start(|_, _| {
        Canned::json(
            200,
            r#"{"status": {"success": true}, "images": [{"guid": "6f1c1a34-4d3e-4a51-9d3c-2b1f0e6a7d10", "title": "a"}, {"title": "b"}], "count": 2}"#,
        )
    })
    .await;
    let error = client_for(&server)
        .images()
        .list()
        .send()
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("1 of 2 images have no guid (the first at images[1])"),
        "{error}"
    );
}

#[tokio::test]
async fn a_listing_with_status_and_no_images_is_still_an_empty_page() {
    // The status block is the answer: FinerWorks said the call worked, and listed nothing.
    let server = CannedServer::start(|_, _| {
        Canned::json(200, r#"{"status": {"success": true, "status_code": 200}}"#)
    })
    .await;
    let page = client_for(&server).images().list().send().await.unwrap();
    assert!(page.items.is_empty());
}

#[tokio::test]
async fn a_delete_whose_check_fails_says_so_instead_of_claiming_it() {
    let guid = "6f1c1a34-4d3e-4a51-9d3c-2b1f0e6a7d10";
    let listed = format!(
        r#"{{"status": {{"success": true}}, "images": [{{"guid": "{guid}", "title": "a"}}], "count": 1}}"#
    );
    // The listing before and the deletion go through; the listing after fails.
    let server = CannedServer::start(move |_, index| match index {
        0 => Canned::json(200, listed.clone()),
        1 => Canned::json(200, r#"{"status": {"success": true, "status_code": 200}}"#),
        _ => Canned::json(500, r#"{"Message": "An error has occurred."}"#),
    })
    .await;
    let client = Client::builder()
        .base_url(&server.base_url)
        .web_api_key(WEB_KEY)
        .app_key(APP_KEY)
        .session_id("test-session-0001")
        .retry(finerworks::RetryPolicy::default().with_max_attempts(1))
        .build()
        .unwrap();
    let guid: uuid::Uuid = guid.parse().unwrap();
    let deleted = client.images().delete([guid]).send().await.unwrap();
    assert!(deleted.deleted.is_empty(), "{deleted:?}");
    assert_eq!(deleted.unchecked, [guid]);
    assert_eq!(deleted.check_error.unwrap().http_status(), Some(500));
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn a_delete_through_a_listing_that_cannot_be_trusted_is_sent_and_left_unchecked() {
    // Like a mock that answers every listing with the same example, whatever the page: the
    // listings before and after cannot be trusted, but the deletion the caller asked for is made.
    let example = r#"{"status": {"success": true}, "images": [{"guid": "5dbae1c2-addc-47ce-9468-843b9730aa52", "title": "My Image"}], "count": 0, "per_page": 0, "page_number": 0}"#;
    let server = CannedServer::start(move |body, _| {
        if body.get("guids").is_some() {
            Canned::json(200, r#"{"status": {"success": true, "status_code": 200}}"#)
        } else {
            Canned::json(200, example)
        }
    })
    .await;
    let asked = uuid::Uuid::from_u128(1);
    let deleted = client_for(&server)
        .images()
        .delete([asked])
        .send()
        .await
        .unwrap();
    assert!(deleted.deleted.is_empty() && deleted.not_found.is_empty());
    assert_eq!(deleted.unchecked, [asked]);
    assert!(
        matches!(deleted.check_error, Some(Error::Paging(_))),
        "{:?}",
        deleted.check_error
    );
    assert!(!deleted.is_complete());
}

#[tokio::test]
async fn a_delete_whose_listing_cannot_be_made_sends_nothing() {
    let server = CannedServer::start(|_, _| {
        Canned::json(
            401,
            r#"{"Message": "Authorization has been denied for this request."}"#,
        )
    })
    .await;
    let error = client_for(&server)
        .images()
        .delete([uuid::Uuid::from_u128(1)])
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Unauthorized(_)), "{error:?}");
    assert_eq!(server.requests(), 1, "only the listing before was sent");
}
