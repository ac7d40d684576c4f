//! progenitor's generated `finerworks_api::Client`, the low-level layer under the SDK, against the
//! mock: one test per thing a user of `list_images` would notice (the page, the count, the keys,
//! the errors), and what it puts on the wire besides the body (`api-version`).

use std::num::NonZeroU32;

use finerworks_api::types::{
    ErrorBody, ImageDetails, ImageLibrary, LibraryName, ListImagesRequest, SortDirection, SortField,
};
use finerworks_api::{Client, ClientInfo as _, Error};
use finerworks_mock::{Fault, MockConfig, MockServer};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

const IMAGES: usize = 23;

async fn start(config: MockConfig) -> MockServer {
    MockServer::start_with(config.images(IMAGES).seed(11))
        .await
        .expect("the mock starts")
}

/// The generated client as its crate docs build it: the keys as sensitive default headers.
fn client(base_url: &str, web_api_key: &str, app_key: &str) -> Client {
    let mut headers = HeaderMap::new();
    for (name, key) in [("web_api_key", web_api_key), ("app_key", app_key)] {
        let mut value = HeaderValue::from_str(key).expect("a key is a header value");
        value.set_sensitive(true);
        headers.insert(name, value);
    }
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .expect("a reqwest client");
    Client::new_with_client(base_url, http)
}

fn client_for(mock: &MockServer) -> Client {
    client(mock.base_url(), mock.web_api_key(), mock.app_key())
}

fn request(page: u32, per_page: u32, list_products: bool) -> ListImagesRequest {
    ListImagesRequest::builder()
        .library(
            ImageLibrary::builder()
                .name(Some(LibraryName::Inventory))
                .session_id("1234567890")
                .site_id(2),
        )
        .page_number(NonZeroU32::new(page))
        .per_page(NonZeroU32::new(per_page))
        .list_products(Some(list_products))
        .try_into()
        .expect("a valid request")
}

/// The inventory ids, as the mock sorts them by default (id, descending).
fn ids_descending(mock: &MockServer) -> Vec<i64> {
    let mut ids: Vec<i64> = mock
        .dataset()
        .inventory()
        .iter()
        .map(|image| image.id.expect("every seeded image has an id"))
        .collect();
    ids.sort_unstable_by(|a, b| b.cmp(a));
    ids
}

fn ids(images: &[ImageDetails]) -> Vec<i64> {
    images
        .iter()
        .map(|image| image.id.expect("an id"))
        .collect()
}

/// The [`ErrorBody`] of an [`Error::ErrorResponse`], with its status; panics on any other error.
fn error_response(error: Error<ErrorBody>) -> (StatusCode, ErrorBody) {
    match error {
        Error::ErrorResponse(response) => (response.status(), response.into_inner()),
        other => panic!("expected an error response, got {other:?}"),
    }
}

#[tokio::test]
async fn list_images_returns_a_decoded_page_with_the_count() {
    let mock = start(MockConfig::new()).await;
    let api = client_for(&mock);

    let response = api
        .list_images()
        .body(request(1, 10, true))
        .send()
        .await
        .expect("page 1");
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.into_inner();
    let status = page.status.as_ref().expect("a status");
    assert_eq!(status.success, Some(true));
    assert!(
        status
            .reference_id
            .as_deref()
            .is_some_and(|id| !id.is_empty())
    );
    assert_eq!(page.count, Some(IMAGES as i64));
    assert_eq!((page.page_number, page.per_page), (Some(1), Some(10)));
    let images = page.images.as_deref().expect("images");
    let expected = ids_descending(&mock);
    assert_eq!(ids(images), expected[..10]);
    // With `list_products`, each image is the mock's own, products and all.
    for image in images {
        let seeded = mock
            .dataset()
            .inventory()
            .iter()
            .find(|seeded| seeded.id == image.id)
            .expect("a seeded image");
        assert_eq!(image, seeded);
    }
    assert!(images.iter().any(|image| {
        image
            .products
            .as_deref()
            .is_some_and(|products| !products.is_empty())
    }));

    // The last page is short; past it, empty.
    let last = api
        .list_images()
        .body(request(3, 10, false))
        .send()
        .await
        .expect("page 3")
        .into_inner();
    assert_eq!(last.count, Some(IMAGES as i64));
    let images = last.images.as_deref().expect("images");
    assert_eq!(ids(images), expected[20..]);
    assert!(images.iter().all(|image| image.products.is_none()));
    let past = api
        .list_images()
        .body(request(4, 10, false))
        .send()
        .await
        .expect("page 4")
        .into_inner();
    assert_eq!(past.images.as_deref().map(<[_]>::len), Some(0));

    assert_eq!(mock.request_count(), 3);
    assert!(
        mock.requests()
            .iter()
            .all(|r| r.had_web_api_key && r.had_app_key && r.status == 200)
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn the_body_builder_sends_every_field_it_is_given() {
    let mock = start(MockConfig::new()).await;
    let api = client_for(&mock);
    let page = api
        .list_images()
        .body(request(1, 5, false))
        .body_map(|body| {
            body.sort_field(Some(SortField::Id))
                .sort_direction(Some(SortDirection::Asc))
        })
        .send()
        .await
        .expect("a page")
        .into_inner();
    let mut ascending = ids_descending(&mock);
    ascending.reverse();
    assert_eq!(ids(page.images.as_deref().expect("images")), ascending[..5]);
    let sent = mock.requests()[0].body.clone().expect("a JSON body");
    assert_eq!(sent["sort_direction"], "ASC");
    assert_eq!(sent["per_page"], 5);
    // Unset fields are left out, never sent as `null`.
    assert!(sent.get("search_filter").is_none(), "{sent}");
    mock.shutdown().await;
}

#[tokio::test]
async fn a_wrong_key_is_an_error_response_with_status_400() {
    let mock = start(MockConfig::new()).await;
    for api in [
        client(mock.base_url(), "wrong", mock.app_key()),
        client(mock.base_url(), mock.web_api_key(), "wrong"),
        // No keys at all: progenitor sends none by itself.
        Client::new(mock.base_url()),
    ] {
        let error = api
            .list_images()
            .body(request(1, 10, false))
            .send()
            .await
            .expect_err("refused");
        assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
        // The key is not in the error's text.
        assert!(!error.to_string().contains(mock.web_api_key()), "{error}");
        let (status, body) = error_response(error);
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body.message.as_deref(), Some("The request is invalid."));
        let model_state = body.model_state.expect("a ModelState");
        assert_eq!(
            model_state["ApiC.Models.authorization_credentials"].as_deref(),
            Some(&["Missing or unauthorized api credentials".to_owned()][..])
        );
    }
    assert_eq!(mock.request_count(), 3);
    mock.shutdown().await;
}

#[tokio::test]
async fn a_request_the_server_refuses_names_the_field() {
    let mock = start(MockConfig::new()).await;
    // The generated types do not enforce `per_page <= 50`; the server does.
    let error = client_for(&mock)
        .list_images()
        .body(request(1, 51, false))
        .send()
        .await
        .expect_err("refused");
    let (status, body) = error_response(error);
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let model_state = body.model_state.expect("a ModelState");
    assert!(
        model_state.contains_key("request.per_page"),
        "{model_state:?}"
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn an_incomplete_body_is_refused_before_sending() {
    let mock = start(MockConfig::new()).await;
    let api = client_for(&mock);
    // No body at all, and a body without its library.
    for builder in [
        api.list_images(),
        api.list_images()
            .body_map(|body| body.per_page(NonZeroU32::new(5))),
    ] {
        match builder.send().await {
            Err(Error::InvalidRequest(message)) => {
                assert!(message.contains("library"), "{message}");
            }
            other => panic!("expected an invalid request, got {other:?}"),
        }
    }
    assert_eq!(mock.request_count(), 0);
    mock.shutdown().await;
}

#[tokio::test]
async fn server_errors_keep_their_status_only_when_the_body_is_json() {
    let mock = start(MockConfig::new()).await;
    let api = client_for(&mock);
    let send = || api.list_images().body(request(1, 10, false)).send();

    // FinerWorks' own JSON 500: an error response with its status and message.
    mock.faults().push(Fault::InternalServerError);
    let (status, body) = error_response(send().await.expect_err("a 500"));
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body.message.as_deref(), Some("An error has occurred."));

    // An HTML 503 from a proxy: progenitor cannot decode it and drops the status, which is why
    // the `finerworks` crate does its own exchange (it must know a 503 to retry it).
    mock.faults().push(Fault::ServiceUnavailable {
        retry_after: std::time::Duration::ZERO,
    });
    let error = send().await.expect_err("a 503");
    assert!(
        matches!(error, Error::InvalidResponsePayload(..)),
        "{error:?}"
    );
    assert_eq!(error.status(), None);

    // A 200 that reports a failure is a success to the generated client.
    mock.faults().push(Fault::Unsuccessful);
    let page = send().await.expect("a 200").into_inner();
    assert_eq!(page.status.and_then(|status| status.success), Some(false));
    mock.shutdown().await;
}

/// Accepts one connection, answers it with an empty page, and returns the request's head.
async fn capture_one_request() -> (String, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base_url = format!("http://{}", listener.local_addr().expect("addr"));
    let task = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("a connection");
        let mut received = Vec::new();
        let mut chunk = [0_u8; 4096];
        let head = loop {
            let read = socket.read(&mut chunk).await.expect("read");
            assert!(read > 0, "the connection closed before the head ended");
            received.extend_from_slice(&chunk[..read]);
            if let Some(end) = received.windows(4).position(|w| w == b"\r\n\r\n") {
                break String::from_utf8_lossy(&received[..end]).into_owned();
            }
        };
        let body = r#"{"status":{"success":true},"images":[],"count":0}"#;
        let answer = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(answer.as_bytes()).await.expect("write");
        socket.shutdown().await.expect("shutdown");
        head
    });
    (base_url, task)
}

#[tokio::test]
async fn progenitor_adds_an_api_version_header_with_the_spec_version() {
    let (base_url, head) = capture_one_request().await;
    let page = client(&base_url, "web-key", "app-key")
        .list_images()
        .body(request(1, 10, false))
        .send()
        .await
        .expect("the canned page")
        .into_inner();
    assert_eq!(page.count, Some(0));
    let head = head.await.expect("the capture");
    let lines: Vec<String> = head.lines().map(str::to_ascii_lowercase).collect();
    assert_eq!(lines[0], "post /v3/list_images http/1.1");
    let spec_version = finerworks_api::schema::openapi()["info"]["version"]
        .as_str()
        .expect("info.version");
    assert_eq!(Client::api_version(), spec_version);
    for expected in [
        format!("api-version: {spec_version}"),
        "web_api_key: web-key".to_owned(),
        "app_key: app-key".to_owned(),
        "accept: application/json".to_owned(),
        "content-type: application/json".to_owned(),
    ] {
        assert!(lines.contains(&expected), "{expected:?} not in {head}");
    }
}

#[tokio::test]
async fn the_mock_accepts_the_api_version_header_even_when_strict() {
    // Strict mode checks the body against the spec; an extra header is not its business, as it
    // is not FinerWorks'.
    let mock = start(MockConfig::new().strict(true)).await;
    let page = client_for(&mock)
        .list_images()
        .body(request(2, 10, false))
        .send()
        .await
        .expect("a page")
        .into_inner();
    assert_eq!(page.count, Some(IMAGES as i64));
    assert_eq!(
        ids(page.images.as_deref().expect("images")),
        ids_descending(&mock)[10..20]
    );
    mock.shutdown().await;
}
