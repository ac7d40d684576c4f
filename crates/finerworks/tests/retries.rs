//! The fault matrix: every fault the mock injects ends in success after retries or in the right
//! error after every attempt; rate limits slow a listing down; what cannot be fixed is not retried.

use crate::support;

use std::collections::HashSet;
use std::time::Duration;

use finerworks::{Error, RetryPolicy};
use finerworks_mock::{Fault, MockConfig, MockServer};
use futures_util::TryStreamExt as _;
use support::canned::{Canned, CannedServer};
use support::client::{
    builder_for, canned_client, client_for, fast_retries, guids, mock_with, page_body,
};
use uuid::Uuid;

// ---------------------------------------------------------------------------------------------
// The fault matrix: every fault the mock injects ends in success after retries or the right
// typed error, never a panic, with the attempts counted.

#[tokio::test]
async fn transient_faults_are_retried_to_success() {
    let mock = mock_with(30).await;
    let client = client_for(&mock);
    for fault in [
        Fault::InternalServerError,
        Fault::BadGateway,
        Fault::GatewayTimeout,
        Fault::TooManyRequests {
            retry_after: Duration::ZERO,
        },
        Fault::HtmlErrorPage,
        Fault::DropConnection,
    ] {
        mock.reset_log();
        mock.faults().push_n(fault.clone(), 2);
        let page = client.images().list().send().await;
        assert!(page.is_ok(), "{fault:?}: {:?}", page.err());
        assert_eq!(mock.request_count(), 3, "{fault:?}");
    }
}

#[tokio::test]
async fn service_unavailable_is_retried_after_its_retry_after() {
    let mock = mock_with(30).await;
    mock.faults().push(Fault::ServiceUnavailable {
        retry_after: Duration::from_secs(1),
    });
    let started = std::time::Instant::now();
    client_for(&mock).images().list().send().await.unwrap();
    // The mock's 503 says `Retry-After: 1`.
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(mock.request_count(), 2);
}

/// What the error of a case must look like.
type ErrorCheck = fn(&Error) -> bool;

#[tokio::test]
async fn persistent_faults_end_in_the_right_error_after_every_attempt() {
    let mock = mock_with(30).await;
    let client = client_for(&mock);
    let attempts = client.retry_policy().max_attempts();
    let cases: Vec<(Fault, ErrorCheck)> = vec![
        (
            Fault::InternalServerError,
            |e| matches!(e, Error::Api(a) if a.http_status == 500),
        ),
        (
            Fault::BadGateway,
            |e| matches!(e, Error::Api(a) if a.http_status == 502),
        ),
        (
            Fault::GatewayTimeout,
            |e| matches!(e, Error::Api(a) if a.http_status == 504),
        ),
        (Fault::HtmlErrorPage, |e| {
            // Summarised by its title, never dumped.
            matches!(e, Error::Api(a) if a.http_status == 500
                && a.body_excerpt.is_none()
                && a.message.as_deref().is_some_and(|m| m.contains("Internal server error") && m.contains("HTML page")))
        }),
        (Fault::DropConnection, |e| {
            matches!(e, Error::Transport { .. })
        }),
    ];
    for (fault, expected) in cases {
        mock.reset_log();
        mock.faults().clear();
        mock.faults().push_n(fault.clone(), attempts as usize);
        let error = client.images().list().send().await.unwrap_err();
        assert!(expected(&error), "{fault:?} gave {error:?}");
        assert!(error.is_retryable(), "{fault:?}");
        assert_eq!(mock.request_count(), u64::from(attempts), "{fault:?}");
    }
}

#[tokio::test]
async fn faults_that_retrying_cannot_fix_are_not_retried() {
    let mock = mock_with(30).await;
    let client = client_for(&mock);

    mock.faults().push(Fault::Unsuccessful);
    let error = client.images().list().send().await.unwrap_err();
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.http_status, 200);
    assert!(api.status_code.is_some());
    assert!(error.reference_id().is_some(), "{error}");
    assert_eq!(mock.request_count(), 1);

    for fault in [Fault::MalformedJson, Fault::TruncatedBody] {
        mock.reset_log();
        mock.faults().push(fault.clone());
        let error = client.images().list().send().await.unwrap_err();
        let Error::Decode(decode) = &error else {
            panic!("{fault:?} gave {error:?}")
        };
        assert_eq!(decode.http_status, 200);
        assert!(
            !decode.excerpt.is_empty() || fault == Fault::TruncatedBody,
            "{error}"
        );
        assert_eq!(mock.request_count(), 1, "{fault:?}");
    }
}

#[tokio::test]
async fn a_stall_past_the_timeout_is_retried_and_then_reported_as_a_timeout() {
    let mock = mock_with(30).await;
    let client = builder_for(&mock)
        .timeout(Duration::from_millis(300))
        .retry(fast_retries().with_max_attempts(2))
        .build()
        .unwrap();
    mock.faults().push(Fault::Stall(Duration::from_secs(30)));
    assert!(client.images().list().send().await.is_ok());
    assert_eq!(mock.request_count(), 2);

    mock.reset_log();
    mock.faults()
        .push_n(Fault::Stall(Duration::from_secs(30)), 2);
    let error = client.images().list().send().await.unwrap_err();
    assert!(
        matches!(error, Error::Timeout { attempts: 2, .. }),
        "{error:?}"
    );
    assert!(error.is_timeout() && error.is_retryable());
    assert_eq!(mock.request_count(), 2);
}

/// Under a rate limit a call fails only because its siblings used the budget, so a 429 does not
/// use up an attempt: the call goes on until `max_elapsed`.
#[tokio::test]
async fn rate_limited_answers_do_not_use_up_attempts() {
    let mock = mock_with(30).await;
    let client = client_for(&mock);
    let attempts = client.retry_policy().max_attempts();
    let rate_limited = Fault::TooManyRequests {
        retry_after: Duration::ZERO,
    };
    mock.faults()
        .push_n(rate_limited.clone(), 2 * attempts as usize);
    client.images().list().send().await.unwrap();
    assert_eq!(mock.request_count(), 2 * u64::from(attempts) + 1);

    // A server that never stops refusing: the time budget ends it.
    mock.reset_log();
    let client = builder_for(&mock)
        .retry(fast_retries().with_max_elapsed(Duration::from_millis(300)))
        .build()
        .unwrap();
    mock.faults().push_n(rate_limited.clone(), 10_000);
    let error = client.images().list().send().await.unwrap_err();
    assert!(
        matches!(error, Error::RateLimited { retry_after: Some(d), .. } if d.is_zero()),
        "{error:?}"
    );
    assert!(mock.request_count() > u64::from(attempts));

    // No retries means none, rate limits included.
    mock.reset_log();
    mock.faults().clear();
    mock.faults().push(rate_limited);
    let client = builder_for(&mock)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let error = client.images().list().send().await.unwrap_err();
    assert_eq!(error.http_status(), Some(429));
    assert_eq!(mock.request_count(), 1);

    // Nor does a single attempt, however long the time budget.
    mock.reset_log();
    mock.faults().push(Fault::TooManyRequests {
        retry_after: Duration::ZERO,
    });
    let client = builder_for(&mock)
        .retry(fast_retries().with_max_attempts(1))
        .build()
        .unwrap();
    let error = client.images().list().send().await.unwrap_err();
    assert_eq!(error.http_status(), Some(429));
    assert_eq!(mock.request_count(), 1);
}

/// Against a server with a rate limit (a token bucket answering 429 with `Retry-After`), a
/// listing slows down instead of failing, even when many pages are in flight: the client sends
/// fewer at once, and no page fails because its siblings used the budget.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limited_listing_slows_down_instead_of_failing() {
    for concurrency in [4, 16] {
        let mock =
            MockServer::start_with(MockConfig::new().images(500).seed(3).rate_limit(20.0, 5))
                .await
                .unwrap();
        let client = builder_for(&mock).concurrency(concurrency).build().unwrap();
        let listed: Vec<Uuid> = client
            .images()
            .list()
            .stream()
            .map_ok(|image| image.guid.unwrap())
            .try_collect()
            .await
            .unwrap_or_else(|error| panic!("concurrency {concurrency}: {error}"));
        let unique: HashSet<Uuid> = listed.iter().copied().collect();
        assert_eq!(listed.len(), 500, "concurrency {concurrency}");
        assert_eq!(
            unique,
            guids(mock.dataset().inventory()).into_iter().collect(),
            "concurrency {concurrency}"
        );
        let refused = mock
            .requests()
            .iter()
            .filter(|request| request.status == 429)
            .count();
        assert!(
            refused > 0,
            "concurrency {concurrency}: the limit was never hit"
        );
        // 10 pages, plus one to make sure nothing follows the last (full) one, plus page 1 and
        // the probe (page 10) read again to check that the library did not change.
        assert_eq!(mock.request_count() as usize, 13 + refused);
        mock.shutdown().await;
    }
}

/// Through a strict rate limit (20 requests a second, one at a time; `Retry-After: 1`), the
/// client paces itself instead of stampeding: the server refuses the first round of requests
/// (sent together, before any 429 came back) and a few more while the client learns the pace,
/// not several for every page (about 100 for these 31 when each refused request came back at
/// its `Retry-After` with its siblings).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listing_through_a_strict_rate_limit_is_refused_only_a_few_times() {
    for concurrency in [4, 16] {
        let mock =
            MockServer::start_with(MockConfig::new().images(600).seed(5).rate_limit(20.0, 1))
                .await
                .unwrap();
        let client = builder_for(&mock).concurrency(concurrency).build().unwrap();
        let listed = client
            .images()
            .list()
            .per_page(20)
            .stream()
            .try_fold(0_usize, |n, _image| async move { Ok(n + 1) })
            .await
            .unwrap_or_else(|error| panic!("concurrency {concurrency}: {error}"));
        assert_eq!(listed, 600, "concurrency {concurrency}");
        let refused = mock
            .requests()
            .iter()
            .filter(|request| request.status == 429)
            .count();
        // 30 pages, plus one to make sure nothing follows the last (full) one, plus page 1 and
        // the probe (page 30) read again to check that the library did not change.
        assert_eq!(
            mock.request_count() as usize - refused,
            33,
            "concurrency {concurrency}"
        );
        assert!(
            refused <= concurrency + 6,
            "concurrency {concurrency}: {refused} requests refused for 31 pages"
        );
        mock.shutdown().await;
    }
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let mock = mock_with(30).await;
    let client = client_for(&mock);
    mock.faults().push(Fault::TooManyRequests {
        retry_after: Duration::from_secs(1),
    });
    let started = std::time::Instant::now();
    client.images().list().send().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(mock.request_count(), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_time_budget_gives_up_at_once() {
    let mock = mock_with(30).await;
    let client = builder_for(&mock)
        .retry(fast_retries().with_max_elapsed(Duration::from_secs(5)))
        .build()
        .unwrap();
    mock.faults().push(Fault::TooManyRequests {
        retry_after: Duration::from_secs(3_600),
    });
    let error = client.images().list().send().await.unwrap_err();
    assert!(
        matches!(error, Error::RateLimited { retry_after: Some(d), .. } if d.as_secs() == 3_600),
        "{error:?}"
    );
    assert_eq!(mock.request_count(), 1);
}

#[tokio::test]
async fn retries_can_be_turned_off() {
    let mock = mock_with(30).await;
    let client = builder_for(&mock)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    mock.faults().push(Fault::ServiceUnavailable {
        retry_after: Duration::ZERO,
    });
    let error = client.images().list().send().await.unwrap_err();
    assert_eq!(error.http_status(), Some(503));
    assert_eq!(mock.request_count(), 1);
}

#[tokio::test]
async fn refused_keys_are_unauthorized_and_not_retried() {
    let mock = mock_with(30).await;
    let client = builder_for(&mock)
        .app_key("not-the-app-key")
        .build()
        .unwrap();
    let error = client.images().list().send().await.unwrap_err();
    assert!(error.is_unauthorized(), "{error:?}");
    assert_eq!(error.http_status(), Some(400));
    assert!(
        error
            .to_string()
            .contains("Missing or unauthorized api credentials"),
        "{error}"
    );
    assert_eq!(mock.request_count(), 1);
}

#[tokio::test]
async fn http_401_and_403_are_unauthorized_too() {
    for status in [401, 403] {
        let server =
            CannedServer::start(move |_, _| Canned::json(status, r#"{"Message":"Denied."}"#)).await;
        let error = canned_client(&server)
            .await
            .images()
            .list()
            .send()
            .await
            .unwrap_err();
        assert!(error.is_unauthorized(), "{status}: {error:?}");
        assert_eq!(server.requests(), 1);
    }
}

#[tokio::test]
async fn an_undecodable_field_is_named_by_its_path() {
    let server = CannedServer::start(|_, _| {
        Canned::json(
            200,
            r#"{"status":{"success":true},"images":[{"id":1},{"id":2,"date_added":"yesterday"}],"count":2}"#,
        )
    })
    .await;
    let error = canned_client(&server)
        .await
        .images()
        .list()
        .send()
        .await
        .unwrap_err();
    let Error::Decode(decode) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(decode.path, "images[1].date_added");
    assert!(decode.excerpt.contains("yesterday"), "{}", decode.excerpt);
    assert!(
        error.to_string().contains("images[1].date_added"),
        "{error}"
    );
}

#[tokio::test]
async fn a_retry_after_date_is_understood() {
    // A date 3 s ahead, in whole seconds: at least 2 s from when it is read. A header that was
    // not understood would be retried after the test policy's few milliseconds.
    let server = CannedServer::start(|_, index| {
        if index == 0 {
            let later = httpdate(chrono::Utc::now() + chrono::Duration::seconds(3));
            Canned::json(429, "{}").header("Retry-After", &later)
        } else {
            Canned::json(200, page_body(1, 3, Some(3)))
        }
    })
    .await;
    let client = canned_client(&server).await;
    let asked = std::time::Instant::now();
    let page = client.images().list().send().await.unwrap();
    assert!(
        asked.elapsed() >= Duration::from_secs(2),
        "retried after {:?}",
        asked.elapsed()
    );
    assert_eq!(page.items.len(), 3);
    assert_eq!(server.requests(), 2);
}

fn httpdate(at: chrono::DateTime<chrono::Utc>) -> String {
    // RFC 7231 IMF-fixdate, built without another dependency.
    at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}
