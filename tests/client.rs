//! The `finerworks` client end to end against `finerworks-mock`: filters, sorts, paging, the fault
//! matrix, concurrency, validation before I/O, and keys that never leak.

mod support;

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::NaiveDate;
use finerworks::{
    Client, ClientBuilder, Error, Image, Library, LibraryName, RequestField, RetryPolicy, Setting,
    SortDirection, SortField,
};
use finerworks_mock::{Fault, MockConfig, MockServer};
use futures_util::{StreamExt as _, TryStreamExt as _};
use support::canned::{Canned, CannedServer};
use uuid::Uuid;

/// Retries that do not slow the tests down.
fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
}

fn builder_for(mock: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(mock.base_url())
        .web_api_key(mock.web_api_key())
        .app_key(mock.app_key())
        .session_id("test-session-0001")
        .site_id(2)
        .retry(fast_retries())
}

fn client_for(mock: &MockServer) -> Client {
    builder_for(mock).build().expect("client")
}

async fn mock_with(images: usize) -> MockServer {
    MockServer::start_with(MockConfig::new().images(images).seed(7))
        .await
        .expect("mock starts")
}

fn guids(images: &[Image]) -> Vec<Uuid> {
    images.iter().map(|i| i.guid.expect("guid")).collect()
}

fn ids(images: &[Image]) -> Vec<i64> {
    images.iter().map(|i| i.id.expect("id")).collect()
}

// ---------------------------------------------------------------------------------------------
// Filters, sorts and paging.

#[tokio::test]
async fn one_page_reports_the_total_and_the_reference_id() {
    let mock = mock_with(123).await;
    let page = client_for(&mock)
        .images()
        .list()
        .per_page(20)
        .send()
        .await
        .unwrap();
    assert_eq!(page.images.len(), 20);
    assert_eq!(page.total, Some(123));
    assert_eq!(page.total_pages(), Some(7));
    assert!(!page.is_last());
    let id = page.reference_id.expect("reference id");
    assert_eq!(id.len(), 32);
    assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
}

#[tokio::test]
async fn the_default_order_is_id_descending_and_pages_partition_the_result() {
    let mock = mock_with(95).await;
    let client = client_for(&mock);
    let mut expected = ids(mock.dataset().inventory());
    expected.sort_unstable_by(|a, b| b.cmp(a));

    let mut paged = Vec::new();
    for number in 1..=10 {
        let page = client
            .images()
            .list()
            .page_number(number)
            .per_page(10)
            .send()
            .await
            .unwrap();
        assert_eq!(page.page_number, number);
        paged.extend(ids(&page.images));
    }
    assert_eq!(paged, expected);
    let past_the_end = client
        .images()
        .list()
        .page_number(11)
        .per_page(10)
        .send()
        .await
        .unwrap();
    assert!(past_the_end.images.is_empty());
    assert_eq!(past_the_end.total, Some(95));
}

#[tokio::test]
async fn search_filter_matches_title_or_description_case_insensitively() {
    let mock = mock_with(300).await;
    let client = client_for(&mock);
    let word = mock.dataset().inventory()[0]
        .title
        .as_deref()
        .and_then(|t| t.split_whitespace().next())
        .expect("a titled image")
        .to_string();
    let found = client
        .images()
        .list()
        .search_filter(word.to_uppercase())
        .collect_all()
        .await
        .unwrap();
    let needle = word.to_lowercase();
    let expected: HashSet<Uuid> = mock
        .dataset()
        .inventory()
        .iter()
        .filter(|i| {
            [&i.title, &i.description].iter().any(|text| {
                text.as_deref()
                    .is_some_and(|t| t.to_lowercase().contains(&needle))
            })
        })
        .map(|i| i.guid.unwrap())
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(guids(&found).into_iter().collect::<HashSet<_>>(), expected);
    assert_eq!(found.len(), expected.len());
}

#[tokio::test]
async fn guid_filter_returns_exactly_those_images() {
    let mock = mock_with(200).await;
    let wanted: Vec<Uuid> = guids(mock.dataset().inventory())
        .into_iter()
        .step_by(37)
        .collect();
    let found = client_for(&mock)
        .images()
        .list()
        .guid_filter(wanted.iter().copied())
        .collect_all()
        .await
        .unwrap();
    let found: HashSet<Uuid> = guids(&found).into_iter().collect();
    assert_eq!(found, wanted.into_iter().collect());
}

#[tokio::test]
async fn upload_dates_filter_inclusively() {
    let mock = mock_with(400).await;
    let day = |image: &Image| image.date_added.expect("date").naive_local().date();
    let mut days: Vec<NaiveDate> = mock.dataset().inventory().iter().map(day).collect();
    days.sort_unstable();
    let (from, to) = (days[100], days[250]);
    let found = client_for(&mock)
        .images()
        .list()
        .upload_date_from(from)
        .upload_date_to(to)
        .collect_all()
        .await
        .unwrap();
    let expected = mock
        .dataset()
        .inventory()
        .iter()
        .filter(|i| (from..=to).contains(&day(i)))
        .count();
    assert_eq!(found.len(), expected);
    assert!(found.iter().all(|i| (from..=to).contains(&day(i))));
}

#[tokio::test]
async fn active_filters_both_ways() {
    let mock = mock_with(200).await;
    let client = client_for(&mock);
    let active = client
        .images()
        .list()
        .active(true)
        .collect_all()
        .await
        .unwrap();
    let inactive = client
        .images()
        .list()
        .active(false)
        .collect_all()
        .await
        .unwrap();
    assert!(active.iter().all(|i| i.active == Some(true)));
    assert!(inactive.iter().all(|i| i.active == Some(false)));
    assert!(!inactive.is_empty());
    assert_eq!(active.len() + inactive.len(), 200);
}

#[tokio::test]
async fn products_only_when_asked_and_only_for_the_inventory() {
    let mock = mock_with(60).await;
    let client = client_for(&mock);
    let without = client.images().list().collect_all().await.unwrap();
    assert!(without.iter().all(|i| i.products.is_none()));
    let with = client
        .images()
        .list()
        .list_products(true)
        .collect_all()
        .await
        .unwrap();
    let products: usize = with
        .iter()
        .map(|i| i.products.as_ref().map_or(0, Vec::len))
        .sum();
    assert!(products > 0);
    for image in &with {
        for product in image.products.as_deref().unwrap_or_default() {
            assert_eq!(product.image_guid, image.guid);
        }
    }
    let temporary = client
        .images()
        .list()
        .library_name(LibraryName::Temporary)
        .list_products(true)
        .collect_all()
        .await
        .unwrap();
    assert!(!temporary.is_empty());
    assert!(temporary.iter().all(|i| i.products.is_none()));
}

#[tokio::test]
async fn the_temporary_library_is_a_different_set() {
    let mock = mock_with(100).await;
    let client = client_for(&mock);
    let temporary = client
        .images()
        .list()
        .library(Library::new("another-session-01", 2).with_name(LibraryName::Temporary))
        .collect_all()
        .await
        .unwrap();
    let expected: HashSet<Uuid> = guids(mock.dataset().temporary()).into_iter().collect();
    assert_eq!(
        guids(&temporary).into_iter().collect::<HashSet<_>>(),
        expected
    );
    let inventory: HashSet<Uuid> = guids(mock.dataset().inventory()).into_iter().collect();
    assert!(expected.is_disjoint(&inventory));
    let sent = mock.requests();
    let library = &sent.last().unwrap().body.as_ref().unwrap()["library"];
    assert_eq!(library["name"], "temporary");
    assert_eq!(library["session_id"], "another-session-01");
}

#[tokio::test]
async fn every_sort_field_in_both_directions() {
    let mock = mock_with(180).await;
    let client = client_for(&mock);
    for field in [
        SortField::Id,
        SortField::Title,
        SortField::FileName,
        SortField::FileSize,
        SortField::DateAdded,
    ] {
        let list = |direction| {
            client
                .images()
                .list()
                .sort_field(field)
                .sort_direction(direction)
                .per_page(17)
                .collect_all()
        };
        let ascending = list(SortDirection::Asc).await.unwrap();
        let descending = list(SortDirection::Desc).await.unwrap();
        assert_eq!(ascending.len(), 180, "{field}");
        // Ties are broken by id in the same direction, so one order is the other reversed.
        let mut reversed = guids(&descending);
        reversed.reverse();
        assert_eq!(guids(&ascending), reversed, "{field}");
        let sorted = |images: &[Image]| match field {
            SortField::Id => images.windows(2).all(|w| w[0].id < w[1].id),
            SortField::FileSize => images.windows(2).all(|w| w[0].file_size <= w[1].file_size),
            SortField::DateAdded => images
                .windows(2)
                .all(|w| w[0].date_added.unwrap().to_utc() <= w[1].date_added.unwrap().to_utc()),
            SortField::Title | SortField::FileName => true,
        };
        assert!(sorted(&ascending), "{field} ascending");
    }
}

#[tokio::test]
async fn streaming_yields_every_image_once_in_order_at_any_concurrency() {
    let mock = mock_with(1_234).await;
    let expected = {
        let mut all = ids(mock.dataset().inventory());
        all.sort_unstable_by(|a, b| b.cmp(a));
        all
    };
    for concurrency in [1, 3, 8] {
        mock.reset_log();
        let client = builder_for(&mock).concurrency(concurrency).build().unwrap();
        let streamed: Vec<Image> = client.images().list().stream().try_collect().await.unwrap();
        assert_eq!(ids(&streamed), expected, "concurrency {concurrency}");
        // 1,234 images at 50 a page: 25 requests, no more.
        assert_eq!(mock.request_count(), 25, "concurrency {concurrency}");
    }
}

#[tokio::test]
async fn pages_start_where_asked_and_report_their_numbers() {
    let mock = mock_with(100).await;
    let pages: Vec<_> = client_for(&mock)
        .images()
        .list()
        .page_number(3)
        .per_page(20)
        .pages()
        .try_collect()
        .await
        .unwrap();
    let numbers: Vec<u32> = pages.iter().map(|p| p.page_number).collect();
    assert_eq!(numbers, [3, 4, 5]);
    assert!(pages.last().unwrap().is_last());
}

#[tokio::test]
async fn an_empty_result_is_one_empty_page() {
    let mock = mock_with(50).await;
    let pages: Vec<_> = client_for(&mock)
        .images()
        .list()
        .search_filter("no image is called this")
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 1);
    assert!(pages[0].images.is_empty());
    assert_eq!(pages[0].total, Some(0));
    assert_eq!(mock.request_count(), 1);
}

// ---------------------------------------------------------------------------------------------
// Paging guards, against servers that misbehave in ways the mock does not.

fn page_body(first_id: i64, count: usize, total: Option<u64>) -> String {
    let images: Vec<serde_json::Value> = (0..count)
        .map(|n| {
            let id = first_id + n as i64;
            serde_json::json!({"id": id, "guid": Uuid::from_u128(id as u128), "title": format!("image {id}")})
        })
        .collect();
    serde_json::json!({
        "status": {"success": true, "status_code": 200, "message": "", "reference_id": "00112233445566778899aabbccddeeff"},
        "images": images,
        "count": total,
    })
    .to_string()
}

async fn canned_client(server: &CannedServer) -> Client {
    Client::builder()
        .base_url(&server.base_url)
        .web_api_key("k")
        .app_key("k")
        .session_id("test-session-0001")
        .retry(fast_retries())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_server_that_ignores_page_number_is_caught() {
    let server = CannedServer::start(|_, _| Canned::json(200, page_body(1, 10, Some(1_000)))).await;
    let client = canned_client(&server).await;
    let results: Vec<_> = client.images().list().per_page(10).pages().collect().await;
    assert!(results[0].is_ok());
    let error = results
        .iter()
        .find_map(|r| r.as_ref().err())
        .expect("an error");
    assert!(matches!(error, Error::Paging(_)), "{error}");
    assert!(error.to_string().contains("ignore page_number"), "{error}");
    // The stream ended instead of walking all 100 pages: the first page, the probe of the last
    // one `count` promises, and one round of the pages between.
    assert!(results.len() <= 3, "{} results", results.len());
    assert!(server.requests() <= 2 + client.concurrency());
}

/// A server that serves 10 a page whatever `per_page` asks (as a sibling FinerWorks endpoint
/// documents for values it does not accept): the page size is learned from the first two pages.
#[tokio::test]
async fn a_server_that_serves_fewer_per_page_than_asked_is_listed_whole() {
    let server = CannedServer::start(|request, _| {
        let page = request["page_number"].as_i64().unwrap_or(1);
        let first = (page - 1) * 10 + 1;
        let count = usize::try_from((96 - first).clamp(0, 10)).unwrap();
        Canned::json(200, page_body(first, count, Some(95)))
    })
    .await;
    let client = canned_client(&server).await;
    let images = client
        .images()
        .list()
        .per_page(50)
        .collect_all()
        .await
        .unwrap();
    let ids: Vec<i64> = images.iter().map(|image| image.id.unwrap()).collect();
    assert_eq!(ids, (1..=95).collect::<Vec<_>>());
    // Ten pages, not one more: page 2 told the page size, and page 10 was short.
    assert_eq!(server.requests(), 10);
}

#[tokio::test]
async fn without_a_total_paging_stops_at_a_short_page() {
    let server = CannedServer::start(|request, _| {
        let page = request["page_number"].as_i64().unwrap_or(1);
        let count = if page < 3 { 10 } else { 4 };
        Canned::json(200, page_body((page - 1) * 10 + 1, count, None))
    })
    .await;
    let client = canned_client(&server).await;
    let images = client
        .images()
        .list()
        .per_page(10)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(ids(&images), (1..=24).collect::<Vec<_>>());
}

#[tokio::test]
async fn a_library_that_shrinks_while_listed_ends_at_the_short_page() {
    // The first page says 100 images; page 2 is the last one that is full.
    let server = CannedServer::start(|request, _| {
        let page = request["page_number"].as_i64().unwrap_or(1);
        let count = match page {
            1 | 2 => 10,
            3 => 5,
            _ => 0,
        };
        Canned::json(200, page_body((page - 1) * 10 + 1, count, Some(100)))
    })
    .await;
    let client = canned_client(&server).await;
    let images = client
        .images()
        .list()
        .per_page(10)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(images.len(), 25);
}

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
    mock.faults().push(Fault::ServiceUnavailable);
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
        // 10 pages, plus one to make sure nothing follows the last (full) one.
        assert_eq!(mock.request_count() as usize, 11 + refused);
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
    mock.faults().push(Fault::ServiceUnavailable);
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
    let server = CannedServer::start(|_, index| {
        if index == 0 {
            let now = httpdate_now();
            Canned::json(429, "{}").header("Retry-After", &now)
        } else {
            Canned::json(200, page_body(1, 3, Some(3)))
        }
    })
    .await;
    let page = canned_client(&server)
        .await
        .images()
        .list()
        .send()
        .await
        .unwrap();
    assert_eq!(page.images.len(), 3);
    assert_eq!(server.requests(), 2);
}

fn httpdate_now() -> String {
    // RFC 7231 IMF-fixdate of the current second, built without another dependency.
    let now = chrono::Utc::now();
    now.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

// ---------------------------------------------------------------------------------------------
// Scale and concurrency.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_over_10000_images_with_transient_faults_yields_each_guid_once() {
    let mock = MockServer::start_with(
        MockConfig::new()
            .images(10_000)
            .seed(11)
            .random_faults(0.2, 99),
    )
    .await
    .unwrap();
    let client = builder_for(&mock)
        .concurrency(8)
        .retry(fast_retries().with_max_attempts(12))
        .build()
        .unwrap();
    let streamed: Vec<Uuid> = client
        .images()
        .list()
        .list_products(true)
        .stream()
        .map_ok(|image| image.guid.unwrap())
        .try_collect()
        .await
        .unwrap();
    let unique: HashSet<Uuid> = streamed.iter().copied().collect();
    assert_eq!(streamed.len(), 10_000);
    assert_eq!(unique.len(), 10_000);
    assert_eq!(
        unique,
        guids(mock.dataset().inventory()).into_iter().collect()
    );
    // 200 pages, and some of them needed more than one attempt. The last page is full (10,000
    // is a multiple of 50), so one more request makes sure nothing follows it.
    let faulted = mock.requests().iter().filter(|r| r.fault.is_some()).count() as u64;
    assert!(faulted > 0);
    assert_eq!(mock.request_count(), 201 + faulted);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_tasks_share_one_client_for_2000_requests() {
    let mock = mock_with(500).await;
    let client = client_for(&mock);
    let tasks: Vec<_> = (0..64)
        .map(|task| {
            let client = client.clone();
            tokio::spawn(async move {
                let mut images = 0;
                for n in 0..(2_000 / 64 + usize::from(task < 2_000 % 64)) {
                    let page = client
                        .images()
                        .list()
                        .page_number(u32::try_from(n % 10 + 1).unwrap())
                        .per_page(50)
                        .send()
                        .await?;
                    images += page.images.len();
                }
                Ok::<_, Error>(images)
            })
        })
        .collect();
    let mut total = 0;
    for task in tasks {
        total += task.await.expect("task").expect("requests succeed");
    }
    assert_eq!(mock.request_count(), 2_000);
    assert_eq!(total, 2_000 * 50);
}

// ---------------------------------------------------------------------------------------------
// Bad input is refused before any request is sent.

#[tokio::test]
async fn bad_input_fails_before_any_request() {
    let mock = mock_with(10).await;
    let client = client_for(&mock);
    let jan = |day| NaiveDate::from_ymd_opt(2025, 1, day).unwrap();
    let cases: Vec<(finerworks::ListImages, RequestField, &str)> = vec![
        (
            client.images().list().per_page(0),
            RequestField::PerPage,
            "between 1 and 50",
        ),
        (
            client.images().list().per_page(51),
            RequestField::PerPage,
            "between 1 and 50 (got 51)",
        ),
        (
            client.images().list().page_number(0),
            RequestField::PageNumber,
            "between 1 and 2147483647 (got 0",
        ),
        (
            // The API reads page_number as a .NET int.
            client.images().list().page_number(1 << 31),
            RequestField::PageNumber,
            "between 1 and 2147483647 (got 2147483648",
        ),
        (
            client.images().list().library(Library::new("short", 2)),
            RequestField::SessionId,
            "8 to 50 characters long (got 5)",
        ),
        (
            client
                .images()
                .list()
                .library(Library::new("x".repeat(51), 2)),
            RequestField::SessionId,
            "(got 51)",
        ),
        (
            client
                .images()
                .list()
                .upload_date_from(jan(20))
                .upload_date_to(jan(10)),
            RequestField::UploadDateFrom,
            "must not be after upload_date_to",
        ),
    ];
    for (request, field, rule) in cases {
        for error in [
            request.clone().send().await.unwrap_err(),
            request.clone().pages().next().await.unwrap().unwrap_err(),
            request.collect_all().await.unwrap_err(),
        ] {
            let Error::InvalidRequest {
                field: named,
                rule: said,
            } = &error
            else {
                panic!("{error:?}")
            };
            assert_eq!(*named, field);
            assert!(said.contains(rule), "{said}");
            assert!(error.is_invalid_input());
        }
    }
    assert_eq!(mock.request_count(), 0);
}

#[tokio::test]
async fn a_refused_connection_says_so_in_one_line() {
    // Bind a port, then free it: nothing listens there any more.
    let address = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .web_api_key("k")
        .app_key("k")
        .retry(fast_retries().with_max_attempts(2))
        .build()
        .unwrap();
    let error = client.images().list().send().await.unwrap_err();
    assert!(
        matches!(error, Error::Transport { attempts: 2, .. }),
        "{error:?}"
    );
    let text = error.to_string();
    assert!(
        text.starts_with("transport error after 2 attempt(s): "),
        "{text}"
    );
    assert!(text.to_lowercase().contains("refused"), "{text}");
    assert!(!text.contains('\n'), "{text}");
}

#[tokio::test]
async fn a_key_that_is_not_a_header_value_fails_before_any_request() {
    let mock = mock_with(10).await;
    for (web, app, setting) in [
        ("bad key\n", "fine", Setting::WebApiKey),
        ("fine", "caf\u{e9}", Setting::AppKey),
        ("", "fine", Setting::WebApiKey),
    ] {
        let error = builder_for(&mock)
            .web_api_key(web)
            .app_key(app)
            .build()
            .unwrap_err();
        assert!(
            matches!(&error, Error::Config { setting: s, .. } if *s == setting),
            "{error:?}"
        );
    }
    assert_eq!(mock.request_count(), 0);
}

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

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("finerworks.request"),
        "tracing spans were captured: {logs}"
    );
    assert!(logs.contains("attempt"), "{logs}");
    seen.push(logs);
    for text in &seen {
        assert!(!text.contains(web_api_key), "web key leaked in: {text}");
        assert!(!text.contains(app_key), "app key leaked in: {text}");
    }
}

#[tokio::test]
async fn the_user_agent_names_the_crate_and_the_application() {
    let mock = mock_with(10).await;
    let client = builder_for(&mock)
        .user_agent("gallery-sync/2.1")
        .build()
        .unwrap();
    client.images().list().send().await.unwrap();
    let agent = mock.requests()[0].user_agent.clone().unwrap();
    let version = agent
        .strip_prefix("gallery-sync/2.1 finerworks-rs/")
        .expect(&agent);
    assert!(version.split('.').count() == 3, "{agent}");
}

// ---------------------------------------------------------------------------------------------
// Request building, property-tested: validation accepts exactly what the API's rules allow, names
// the first rule broken, and what is accepted is sent as given.

mod request_properties {
    use chrono::{Days, NaiveDate};
    use finerworks::{Client, Error, Library, RequestField, SortDirection, SortField};
    use proptest::prelude::*;
    use uuid::Uuid;

    fn client() -> Client {
        // Nothing is sent by `to_request`; the address is never contacted.
        Client::builder()
            .base_url("http://127.0.0.1:9")
            .web_api_key("k")
            .app_key("k")
            .build()
            .unwrap()
    }

    fn sort_field() -> impl Strategy<Value = Option<SortField>> {
        prop::option::of(prop::sample::select(vec![
            SortField::Id,
            SortField::Title,
            SortField::FileName,
            SortField::FileSize,
            SortField::DateAdded,
        ]))
    }

    proptest! {
        // A fixed seed: a failure replays the same cases on every machine.
        #![proptest_config(ProptestConfig {
            cases: 512,
            failure_persistence: None,
            rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed_f1e2),
            ..ProptestConfig::default()
        })]

        #[test]
        fn validation_matches_the_api_rules(
            page in prop::option::of(0_u32..5),
            per_page in prop::option::of(0_u32..80),
            session_length in 0_usize..60,
            from_offset in prop::option::of(0_u64..60),
            to_offset in prop::option::of(0_u64..60),
            search in prop::option::of(".{0,20}"),
            guids in prop::option::of(prop::collection::vec(any::<u128>(), 0..4)),
            field in sort_field(),
            ascending in any::<bool>(),
            active in prop::option::of(any::<bool>()),
            products in prop::option::of(any::<bool>()),
        ) {
            let base = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
            let from = from_offset.map(|d| base + Days::new(d));
            let to = to_offset.map(|d| base + Days::new(d));
            let session: String = "s".repeat(session_length);
            let mut request = client().images().list().library(Library::new(session.clone(), 2));
            if let Some(page) = page { request = request.page_number(page); }
            if let Some(per_page) = per_page { request = request.per_page(per_page); }
            if let Some(from) = from { request = request.upload_date_from(from); }
            if let Some(to) = to { request = request.upload_date_to(to); }
            if let Some(search) = &search { request = request.search_filter(search.clone()); }
            let guids: Option<Vec<Uuid>> = guids.map(|g| g.into_iter().map(Uuid::from_u128).collect());
            if let Some(guids) = &guids { request = request.guid_filter(guids.iter().copied()); }
            if let Some(field) = field { request = request.sort_field(field); }
            let direction = if ascending { SortDirection::Asc } else { SortDirection::Desc };
            request = request.sort_direction(direction);
            if let Some(active) = active { request = request.active(active); }
            if let Some(products) = products { request = request.list_products(products); }

            // The rules, in the order the client checks them.
            let broken: Vec<RequestField> = [
                (RequestField::PageNumber, page == Some(0)),
                (RequestField::PerPage, per_page.is_some_and(|p| !(1..=50).contains(&p))),
                (RequestField::UploadDateFrom, matches!((from, to), (Some(f), Some(t)) if f > t)),
                (RequestField::SessionId, !(8..=50).contains(&session_length)),
            ]
            .into_iter()
            .filter_map(|(field, broken)| broken.then_some(field))
            .collect();

            match request.to_request() {
                Ok(built) => {
                    prop_assert!(broken.is_empty(), "accepted despite {broken:?}");
                    let sent = serde_json::to_value(&built).unwrap();
                    prop_assert_eq!(&sent["library"]["session_id"], &serde_json::json!(session));
                    prop_assert_eq!(sent.get("page_number").and_then(|v| v.as_u64()), page.map(u64::from));
                    prop_assert_eq!(sent.get("per_page").and_then(|v| v.as_u64()), per_page.map(u64::from));
                    prop_assert_eq!(sent.get("search_filter").and_then(|v| v.as_str()), search.as_deref());
                    prop_assert_eq!(&sent["sort_direction"], &serde_json::json!(if ascending { "ASC" } else { "DESC" }));
                    prop_assert_eq!(built.guid_filter.clone(), guids);
                    prop_assert_eq!(built.upload_date_from, from);
                    prop_assert_eq!(built.sort_field, field);
                    prop_assert_eq!(built.active, active);
                    // What is sent decodes back to the same request.
                    let decoded: finerworks_api::types::ListImagesRequest = serde_json::from_value(sent).unwrap();
                    prop_assert_eq!(decoded, built);
                }
                Err(Error::InvalidRequest { field, rule }) => {
                    prop_assert_eq!(Some(&field), broken.first(), "{}", rule);
                }
                Err(other) => prop_assert!(false, "unexpected error {other:?}"),
            }
        }
    }
}

/// A listing that fails part-way says which page failed and how many images had arrived; the
/// predicates look at what the page's call ended with.
#[tokio::test]
async fn a_stream_failure_says_which_page_and_how_many_images_came_before() {
    let mock = mock_with(150).await;
    let client = builder_for(&mock)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let mut pages = client.images().list().per_page(50).pages();
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(first.images.len(), 50);
    mock.faults().push_n(Fault::InternalServerError, 2);
    let error = pages.next().await.unwrap().unwrap_err();
    let Error::Listing { page, yielded, .. } = &error else {
        panic!("{error:?}");
    };
    assert!([2, 3].contains(page), "page {page}");
    assert_eq!(*yielded, 50);
    assert_eq!(error.http_status(), Some(500));
    assert!(
        error
            .to_string()
            .contains("failed after 50 image(s) had been listed"),
        "{error}"
    );
    assert!(
        pages.next().await.is_none(),
        "the stream ends after an error"
    );
}
