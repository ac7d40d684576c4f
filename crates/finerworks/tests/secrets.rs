//! The keys never appear in logs, `Debug` output or errors.
//!
//! This binary holds one test on purpose: `tracing` caches which call sites are enabled, and a
//! test running beside it without a subscriber could make it miss the spans it captures.

mod support;

use std::sync::{Arc, Mutex};

use finerworks_mock::{Fault, MockConfig, MockServer};
use support::canned::{Canned, CannedServer};
use support::client::builder_for;

// ---------------------------------------------------------------------------------------------
// Secrets.

/// A `tracing` writer that keeps everything written to it.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn keys_never_appear_in_logs_debug_output_or_errors() {
    let web_api_key = "5ecre7-web-key-0f-the-test";
    let app_key = "5ecre7-app-key-0f-the-test";
    let mock = MockServer::start_with(MockConfig::new().images(40).keys(web_api_key, app_key))
        .await
        .unwrap();
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        // Spans are printed when they close too, with every field recorded on them.
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let builder = builder_for(&mock);
    let mut seen = vec![format!("{builder:?}")];
    let client = builder.build().unwrap();
    seen.push(format!("{client:?}"));
    mock.faults().push(Fault::InternalServerError);
    let page = client
        .images()
        .list()
        .list_products(true)
        .send()
        .await
        .unwrap();
    seen.push(format!("{page:?}"));
    let request = client.images().list().search_filter("x");
    seen.push(format!("{request:?}"));
    for fault in [
        Fault::Unsuccessful,
        Fault::MalformedJson,
        Fault::DropConnection,
    ] {
        mock.faults().clear();
        mock.faults().push_n(fault, 4);
        let error = client.images().list().send().await.unwrap_err();
        seen.push(format!("{error:?}"));
        seen.push(error.to_string());
    }
    mock.faults().clear();
    let refused = builder_for(&mock).app_key("wrong-app-key").build().unwrap();
    let error = refused.images().list().send().await.unwrap_err();
    seen.push(format!("{error:?} {error}"));
    seen.push(format!("{:?}", mock.requests()));

    // A server that echoes the keys: in the reference id of an answer (which the request's span
    // records), and in error bodies that are retried (which the retries log).
    let echoing = CannedServer::start(move |_, index| match index {
        0 => Canned::json(
            500,
            format!(r#"{{"Message": "no such key {web_api_key} or {app_key}"}}"#),
        ),
        _ => Canned::json(
            200,
            format!(
                r#"{{"status": {{"success": true, "reference_id": "{app_key}"}}, "images": []}}"#
            ),
        ),
    })
    .await;
    let echoed = finerworks::Client::builder()
        .base_url(&echoing.base_url)
        .web_api_key(web_api_key)
        .app_key(app_key)
        .session_id("test-session-0001")
        .retry(support::client::fast_retries())
        .build()
        .unwrap();
    let page = echoed.images().list().send().await.unwrap();
    seen.push(format!("{page:?}"));
    assert_eq!(echoing.requests(), 2);

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("finerworks.request"),
        "tracing spans were captured: {logs}"
    );
    assert!(logs.contains("attempt"), "{logs}");
    assert!(logs.contains(r#"reference_id="<redacted>""#), "{logs}");
    seen.push(logs);
    for text in &seen {
        assert!(!text.contains(web_api_key), "web key leaked in: {text}");
        assert!(!text.contains(app_key), "app key leaked in: {text}");
    }
}
