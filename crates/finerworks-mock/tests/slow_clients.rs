//! Slow clients and connection floods: a body that does not arrive in time gets HTTP 408 and its
//! connection closed, a connection beyond the cap gets HTTP 503 at once, and a normal request is
//! answered once they are gone. Loopback only; every wait is bounded.

use crate::support;

use std::time::Duration;

use finerworks_mock::{MockConfig, MockServer};
use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use serde_json::Value;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;
use tokio::time::{Instant, timeout};

use support::{SEED_REQUEST, call_ok, keyed, start_with};

/// The longest any step may take before the test fails instead of hanging.
const BOUND: Duration = Duration::from_secs(30);

/// Opens a connection and sends the headers of a `list_images` request that announces a body of
/// 1 000 bytes, and the first 11 of them.
async fn slow_request(server: &MockServer) -> TcpStream {
    let mut stream = TcpStream::connect(server.addr()).await.unwrap();
    let head = format!(
        "POST /v3/list_images HTTP/1.1\r\nhost: {}\r\nweb_api_key: {}\r\napp_key: {}\r\n\
         content-type: application/json\r\ncontent-length: 1000\r\n\r\n{{\"library\":",
        server.addr(),
        server.web_api_key(),
        server.app_key()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream
}

/// Reads until the server closes the connection (or resets it); what was read.
async fn until_closed(mut stream: impl tokio::io::AsyncRead + Unpin) -> String {
    let mut answer = Vec::new();
    let mut chunk = [0_u8; 4096];
    let read = async {
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&chunk[..n]),
            }
        }
    };
    timeout(BOUND, read)
        .await
        .expect("the server closes the connection");
    String::from_utf8_lossy(&answer).into_owned()
}

/// The status code of a raw HTTP/1.1 answer.
fn status(answer: &str) -> u16 {
    answer
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP/1.1 answer: {answer:?}"))
}

/// The JSON body of a raw HTTP/1.1 answer.
fn json_body(answer: &str) -> Value {
    let (_, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
    serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body:?}"))
}

/// Waits, within [`BOUND`], until the server has no connection open.
async fn all_closed(server: &MockServer) {
    let deadline = Instant::now() + BOUND;
    while server.open_connections() > 0 {
        assert!(Instant::now() < deadline, "connections still open");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn a_flood_of_stalled_bodies_is_capped_timed_out_and_then_served_normally() {
    const CAP: usize = 24;
    const STALLED: usize = 40;
    let body_timeout = Duration::from_secs(2);
    let server = start_with(
        MockConfig::new()
            .images(30)
            .body_timeout(body_timeout)
            .max_connections(CAP),
    )
    .await;

    let mut readers = Vec::new();
    for _ in 0..STALLED {
        let stream = slow_request(&server).await;
        let sent = Instant::now();
        readers.push(tokio::spawn(async move {
            let answer = until_closed(stream).await;
            (answer, sent.elapsed())
        }));
    }
    let mut timed_out = 0;
    let mut refused = 0;
    for reader in readers {
        let (answer, waited) = reader.await.unwrap();
        match status(&answer) {
            408 => {
                timed_out += 1;
                assert!(waited >= body_timeout, "closed after {waited:?}");
                assert!(answer.contains("\r\nconnection: close\r\n"), "{answer}");
                let message = json_body(&answer)["Message"].as_str().unwrap().to_owned();
                assert!(message.contains("2000 ms"), "{message}");
            }
            503 => {
                refused += 1;
                assert!(answer.contains("\r\nretry-after: 1\r\n"), "{answer}");
                let message = json_body(&answer)["Message"].as_str().unwrap().to_owned();
                assert!(message.contains("24 connections"), "{message}");
            }
            other => panic!("HTTP {other}: {answer}"),
        }
    }
    assert_eq!((timed_out, refused), (CAP, STALLED - CAP));
    assert_eq!(server.refused_connections(), (STALLED - CAP) as u64);
    // The requests cut short are logged, without a body; the refused ones are not requests.
    let log = server.requests();
    assert_eq!(log.len(), CAP);
    assert!(log.iter().all(|r| r.status == 408 && r.body.is_none()));

    all_closed(&server).await;
    let answer = timeout(
        BOUND,
        call_ok(
            &server,
            "list_images",
            &serde_json::from_str(SEED_REQUEST).unwrap(),
            "list_images_response",
        ),
    )
    .await
    .expect("a normal request is answered");
    assert_eq!(answer["count"], 30);
    assert_eq!(server.request_count(), CAP as u64 + 1);
}

#[tokio::test]
async fn a_body_that_trickles_in_is_cut_at_the_timeout() {
    let body_timeout = Duration::from_millis(600);
    let server = start_with(MockConfig::new().images(5).body_timeout(body_timeout)).await;
    let (read, mut write) = slow_request(&server).await.into_split();
    let sent = Instant::now();
    // One byte every 50 ms: never idle for long, yet never done (1 000 bytes would take 50 s).
    let trickle = tokio::spawn(async move {
        for _ in 0..600 {
            if write.write_all(b" ").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    let answer = until_closed(read).await;
    let waited = sent.elapsed();
    trickle.abort();
    assert_eq!(status(&answer), 408, "{answer}");
    assert!(waited >= body_timeout, "cut after {waited:?}");
    all_closed(&server).await;
}

#[tokio::test]
async fn a_body_sent_at_once_is_never_near_the_timeout() {
    // A short timeout still leaves room for a client that sends its body with its headers,
    // request after request on one connection.
    let server = start_with(
        MockConfig::new()
            .images(5)
            .body_timeout(Duration::from_secs(1))
            .max_connections(1),
    )
    .await;
    // One client: its requests go over one kept-alive connection, the only one allowed.
    let client = reqwest::Client::new();
    for _ in 0..5 {
        let response = keyed(&server, &client)
            .header(CONTENT_TYPE, "application/json")
            .body(SEED_REQUEST)
            .send()
            .await
            .expect("the mock answers");
        assert_eq!(response.status(), StatusCode::OK);
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer["count"], 5);
    }
    assert_eq!(server.refused_connections(), 0);
    assert_eq!(server.request_count(), 5);
}

#[tokio::test]
async fn a_cap_of_any_size_starts() {
    for cap in [0, usize::MAX] {
        let server = start_with(MockConfig::new().images(1).max_connections(cap)).await;
        let request: Value = serde_json::from_str(SEED_REQUEST).unwrap();
        let answer = call_ok(&server, "list_images", &request, "list_images_response").await;
        assert_eq!(answer["count"], 1, "served with a cap of {cap}");
    }
}
