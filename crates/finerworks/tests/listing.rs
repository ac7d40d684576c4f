//! Listing through the SDK against the mock: every filter and sort reaches the API and what it
//! answers comes back whole; paging from any page; a failure part-way says where it happened.

use crate::support;

use chrono::NaiveDate;
use finerworks::{Error, Image, LibraryName, RetryPolicy, SortDirection, SortField};
use finerworks_mock::Fault;
use futures_util::{StreamExt as _, TryStreamExt as _};
use support::client::{builder_for, client_for, ids, mock_with};

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
    assert_eq!(page.items.len(), 20);
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
        paged.extend(ids(&page.items));
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
    assert!(past_the_end.items.is_empty());
    assert_eq!(past_the_end.total, Some(95));
}

/// Every filter, sort and paging field reaches the API, spelt as the vendor's example spells
/// it, and nothing else is sent (what each filter selects is the mock's business, tested there).
#[tokio::test]
async fn every_filter_and_sort_is_sent_as_the_api_spells_it() {
    let mock = mock_with(30).await;
    let guid = mock.dataset().inventory()[0].guid.unwrap();
    let day = |d| NaiveDate::from_ymd_opt(2025, 1, d).unwrap();
    client_for(&mock)
        .images()
        .library_name(LibraryName::Temporary)
        .list()
        .search_filter("Harbor")
        .guid_filter([guid])
        .upload_date_from(day(2))
        .upload_date_to(day(9))
        .active(false)
        .list_products(true)
        .sort_field(SortField::FileSize)
        .sort_direction(SortDirection::Asc)
        .page_number(2)
        .per_page(7)
        .send()
        .await
        .unwrap();
    let sent = mock.requests()[0].body.clone().unwrap();
    assert_eq!(
        sent,
        serde_json::json!({
            "library": {"name": "temporary", "session_id": "test-session-0001", "site_id": 2},
            "search_filter": "Harbor",
            "guid_filter": [guid],
            "upload_date_from": "2025-01-02",
            "upload_date_to": "2025-01-09",
            "active": false,
            "list_products": true,
            "sort_field": "file_size",
            "sort_direction": "ASC",
            "page_number": 2,
            "per_page": 7,
        })
    );
}

#[tokio::test]
async fn products_only_when_asked_and_only_for_the_inventory() {
    let mock = mock_with(60).await;
    let client = client_for(&mock);
    let without = client.images().list().collect_all().await.unwrap();
    assert_eq!(without.len(), 60);
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
        // 1,234 images at 50 a page: 25 requests, then page 1 and the probe (page 25, fetched
        // early) read again to check that the library did not change: 27, no more.
        assert_eq!(mock.request_count(), 27, "concurrency {concurrency}");
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
    assert!(pages[0].items.is_empty());
    assert_eq!(pages[0].total, Some(0));
    assert_eq!(mock.request_count(), 1);
}

/// A listing that fails part-way ends with the error of the page's call, which says which page
/// it was.
#[tokio::test]
async fn a_stream_failure_is_the_error_of_the_call_and_names_the_page() {
    let mock = mock_with(150).await;
    let client = builder_for(&mock)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let mut pages = client.images().list().per_page(50).pages();
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(first.items.len(), 50);
    mock.faults().push_n(Fault::InternalServerError, 2);
    let error = pages.next().await.unwrap().unwrap_err();
    assert!(matches!(error, Error::Api(_)), "{error:?}");
    let page = error.page().expect("the page");
    assert!([2, 3].contains(&page), "page {page}");
    assert_eq!(error.http_status(), Some(500));
    assert!(
        error
            .to_string()
            .ends_with(&format!(", fetching page {page}")),
        "{error}"
    );
    assert!(
        pages.next().await.is_none(),
        "the stream ends after an error"
    );
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

/// Refused keys are `Error::Unauthorized` whatever the call: one page, every page, a stream, a
/// lookup. A listing's error names its page; a lookup's does not speak of pages at all.
#[tokio::test]
async fn refused_keys_are_unauthorized_from_every_call() {
    let mock = mock_with(20).await;
    let client = builder_for(&mock)
        .web_api_key("not-the-key")
        .build()
        .unwrap();
    let list = || client.images().list().per_page(10);

    let error = list().send().await.unwrap_err();
    assert!(matches!(error, Error::Unauthorized(_)), "send: {error:?}");
    assert_eq!(error.page(), None);

    let error = list().collect_all().await.unwrap_err();
    assert!(
        matches!(error, Error::Unauthorized(_)),
        "collect_all: {error:?}"
    );
    assert_eq!(error.page(), Some(1));
    assert!(error.to_string().ends_with(", fetching page 1"), "{error}");

    let error = list().stream().try_next().await.unwrap_err();
    assert!(matches!(error, Error::Unauthorized(_)), "stream: {error:?}");

    let error = list().pages().try_next().await.unwrap_err();
    assert!(matches!(error, Error::Unauthorized(_)), "pages: {error:?}");

    let guid = mock.dataset().inventory()[0].guid.unwrap();
    let error = client.images().get_many([guid]).await.unwrap_err();
    assert!(
        matches!(error, Error::Unauthorized(_)),
        "get_many: {error:?}"
    );
    assert_eq!(error.page(), None);
    assert!(!error.to_string().contains("page"), "{error}");
    let error = client.images().get(guid).await.unwrap_err();
    assert!(error.is_unauthorized(), "get: {error:?}");
}

// ---------------------------------------------------------------------------------------------
// Any paged list of the spec, by its id.

/// `call_raw(..).pages()` walks a paged list named by its id through the same walk as the typed
/// listing: under every reading of `count`, every image comes once, as the JSON of the image.
#[tokio::test]
async fn a_raw_walk_lists_every_item_once_under_every_count_reading() {
    use finerworks_mock::{CountMode, MockConfig, MockServer};
    let list = finerworks::OperationInfo::find("list_images").expect("list_images");
    for count in [
        CountMode::Exact,
        CountMode::Zero,
        CountMode::Null,
        CountMode::Missing,
        CountMode::Negative,
        CountMode::Under(25),
        CountMode::Over(45),
    ] {
        let mock = MockServer::start_with(MockConfig::new().images(137).seed(7).count(count))
            .await
            .unwrap();
        let pages: Vec<_> = client_for(&mock)
            .call_raw(list, Some(serde_json::json!({"per_page": 20})))
            .pages(false)
            .try_collect()
            .await
            .unwrap_or_else(|error| panic!("{count:?}: {error}"));
        let walked: Vec<i64> = pages
            .iter()
            .flat_map(|page| &page.items)
            .map(|item| item["id"].as_i64().expect("an id"))
            .collect();
        let mut expected = ids(mock.dataset().inventory());
        expected.sort_unstable_by(|a, b| b.cmp(a));
        assert_eq!(walked, expected, "{count:?}");
        assert!(pages.iter().all(|page| page.per_page == 20), "{count:?}");
    }
}

/// A body the walk cannot send whole, or an operation that is not a paged list, is refused
/// before anything is sent.
#[tokio::test]
async fn a_raw_walk_refuses_what_it_cannot_walk_before_sending() {
    let mock = mock_with(10).await;
    let client = client_for(&mock);
    let list = finerworks::OperationInfo::find("list_images").expect("list_images");
    let delete = finerworks::OperationInfo::find("delete_images").expect("delete_images");
    let refused = [
        (
            list,
            serde_json::json!({"per_page": 5, "colour": "red"}),
            "colour is not a field of list_images_request",
        ),
        (
            delete,
            serde_json::json!({"guids": [uuid::Uuid::nil()]}),
            "delete_images is not a paged list",
        ),
    ];
    for (operation, body, expected) in refused {
        let mut pages = client.call_raw(operation, Some(body)).pages(false);
        let error = pages.next().await.expect("an error").unwrap_err();
        assert!(error.to_string().contains(expected), "{error}");
        assert!(pages.next().await.is_none());
    }
    assert_eq!(mock.request_count(), 0);
}
