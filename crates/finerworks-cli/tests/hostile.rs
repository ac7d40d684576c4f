//! `finerworks` against servers that misbehave on purpose: one that echoes the keys back, one
//! that answers HTTP 200 with something that is not an answer, one that redirects elsewhere.
//! The keys never reach the terminal, and nothing passes for an empty result.

use crate::support;

use std::io::{Read as _, Write as _};
use std::net::TcpListener;

use support::{exec, finerworks};

const WEB_KEY: &str = "web-key-0123456789abcdef";
const APP_KEY: &str = "app-key-fedcba9876543210";

/// A server answering every request with `status`, `headers` and `body`, on a thread of its own;
/// returns its base URL.
pub(crate) fn serve(status: u16, headers: &'static str, body: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            // Read the head and the body the request announces, then answer and close.
            let mut request = Vec::new();
            let mut chunk = [0_u8; 4096];
            while let Ok(read) = stream.read(&mut chunk) {
                if read == 0 {
                    break;
                }
                request.extend_from_slice(&chunk[..read]);
                let text = String::from_utf8_lossy(&request).to_ascii_lowercase();
                if let Some(end) = text.find("\r\n\r\n") {
                    let length: usize = text
                        .lines()
                        .find_map(|line| line.strip_prefix("content-length:"))
                        .and_then(|value| value.trim().parse().ok())
                        .unwrap_or(0);
                    if request.len() >= end + 4 + length {
                        break;
                    }
                }
            }
            let answer = format!(
                "HTTP/1.1 {status} Canned\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    base
}

fn finerworks_at(base: &str) -> std::process::Command {
    let mut command = finerworks();
    command
        .env("FINERWORKS_BASE_URL", base)
        .env("FINERWORKS_WEB_API_KEY", WEB_KEY)
        .env("FINERWORKS_APP_KEY", APP_KEY);
    command
}

#[test]
fn keys_echoed_by_a_server_never_reach_the_terminal() {
    let body = serde_json::json!({
        "Message": format!("Missing or unauthorized api credentials {WEB_KEY} {APP_KEY}"),
        "ModelState": {"ApiC.Models.authorization_credentials": [format!("bad {APP_KEY}")]},
    })
    .to_string();
    let base = serve(400, "Content-Type: application/json\r\n", body);
    for args in [
        &["credentials", "test"][..],
        &["images", "list"],
        &["images", "list", "--all"],
    ] {
        let run = exec(&mut finerworks_at(&base), args);
        assert_eq!(run.code, 4, "{args:?}: {run:?}");
        let shown = format!("{}{}", run.stdout, run.stderr);
        assert!(
            !shown.contains(WEB_KEY) && !shown.contains(APP_KEY),
            "{shown}"
        );
        assert!(
            run.stderr
                .contains("Missing or unauthorized api credentials <redacted> <redacted>"),
            "{run:?}"
        );
    }
}

#[test]
fn a_200_that_is_not_an_answer_is_an_api_error_not_an_empty_listing() {
    for body in [
        "{}",
        r#"{"Message":"The request is invalid.","ModelState":{"request":["bad"]}}"#,
        "<html><head><title>Welcome</title></head></html>",
    ] {
        let base = serve(200, "Content-Type: application/json\r\n", body.to_owned());
        let run = exec(&mut finerworks_at(&base), &["images", "list"]);
        assert_eq!(run.code, 5, "{body}: {run:?}");
        assert_eq!(run.stdout, "", "{run:?}");
        assert!(
            run.stderr.contains(
                "unexpected answer to list_images: http 200 without `status` or `images`"
            ),
            "{run:?}"
        );
        assert!(!run.stderr.contains("no images match"), "{run:?}");
    }
}

#[test]
fn a_redirect_elsewhere_is_reported_not_followed() {
    let elsewhere = serve(200, "Content-Type: application/json\r\n", "{}".to_owned());
    let location = format!("{elsewhere}/v3/list_images");
    let headers: &'static str = Box::leak(format!("Location: {location}\r\n").into_boxed_str());
    let base = serve(307, headers, String::new());
    let run = exec(&mut finerworks_at(&base), &["images", "list"]);
    assert_eq!(run.code, 5, "{run:?}");
    assert!(
        run.stderr.contains(&format!(
            "not following a redirect (http 307) to {location}"
        )),
        "{run:?}"
    );
}
