//! Paging against servers that misbehave in ways the mock does not: a server that ignores
//! `page_number`, one that serves fewer images a page than asked for, none that gives a total.

mod support;

use finerworks::Error;
use futures_util::StreamExt as _;
use support::canned::{Canned, CannedServer};
use support::client::{canned_client, ids, page_body};

// ---------------------------------------------------------------------------------------------
// Paging guards, against servers that misbehave in ways the mock does not.

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
