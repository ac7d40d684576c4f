//! Paging against servers that misbehave in ways the mock does not: a server that ignores
//! `page_number`, one that serves fewer images a page than asked for, none that gives a total;
//! and, against the mock, a library that grew by exactly one page, which the guard against the
//! first must not mistake for it.

use crate::support;

use std::collections::HashSet;

use finerworks::{Change, Error};
use finerworks_mock::{CountMode, MockConfig, MockServer};
use futures_util::StreamExt as _;
use support::canned::{Canned, CannedServer};
use support::client::{canned_client, client_for, ids, page_body};
use uuid::Uuid;

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
    // The stream ended instead of walking all 100 pages: the first page, one round of requests
    // (the probe of the last page `count` promises, with the pages after the first), and page 1
    // read again to tell a server that ignores `page_number` from a library that grew by a page.
    assert!(results.len() <= 3, "{} results", results.len());
    assert!(server.requests() <= 2 + client.concurrency());
}

/// The same without a usable `count`: page 2 repeats page 1, and so does page 1 read again.
#[tokio::test]
async fn a_server_that_ignores_page_number_without_a_count_is_caught() {
    let server = CannedServer::start(|_, _| Canned::json(200, page_body(1, 10, None))).await;
    let client = canned_client(&server).await;
    let results: Vec<_> = client.images().list().per_page(10).pages().collect().await;
    let error = results.last().unwrap().as_ref().unwrap_err();
    assert!(error.to_string().contains("ignore page_number"), "{error}");
    assert_eq!(server.requests(), 3, "page 1, page 2, page 1 again");
}

/// Without a usable `count`, exactly one page of images added at the top between two pages makes
/// the next page repeat the page before. That page, read again, holds other images: the library
/// grew, so the walk goes on (it used to stop, blaming the server for ignoring `page_number`),
/// lists every image once, and reports the change; `until_stable` lists the new images too.
#[tokio::test]
async fn a_library_that_grew_by_exactly_one_page_is_listed_whole() {
    for count in [CountMode::Zero, CountMode::Null, CountMode::Missing] {
        for until_stable in [false, true] {
            let case = format!("{count:?}, until_stable {until_stable}");
            let mock = MockServer::start_with(MockConfig::new().images(95).seed(4).count(count))
                .await
                .unwrap();
            let client = client_for(&mock);
            let guids = |mock: &MockServer| -> HashSet<Uuid> {
                mock.inventory().iter().map(|i| i.guid.unwrap()).collect()
            };
            let before = guids(&mock);
            let mut request = client.images().list().per_page(10);
            if until_stable {
                request = request.until_stable();
            }
            let mut pages = request.pages();
            let (mut listed, mut yielded, mut ended) = (Vec::new(), 0, None);
            while let Some(page) = pages.next().await {
                match page {
                    Ok(page) => listed.extend(page.items.iter().map(|i| i.guid.unwrap())),
                    Err(error) => {
                        ended = Some(error);
                        break;
                    }
                }
                yielded += 1;
                if yielded == 2 {
                    mock.add_images(10);
                }
            }
            let unique: HashSet<Uuid> = listed.iter().copied().collect();
            assert_eq!(unique.len(), listed.len(), "{case}: an image came twice");
            assert!(before.is_subset(&unique), "{case}: images skipped");
            if until_stable {
                assert!(ended.is_none(), "{case}: {ended:?}");
                assert_eq!(unique, guids(&mock), "{case}");
            } else {
                let Some(Error::MayBeIncomplete(incomplete)) = ended else {
                    panic!("{case}: {ended:?}");
                };
                assert!(
                    incomplete.changes.contains(&Change::Repeats {
                        page: 3,
                        images: 10
                    }),
                    "{case}: {incomplete}"
                );
                assert!(
                    incomplete.changes.contains(&Change::FirstPage { page: 1 }),
                    "{case}: {incomplete}"
                );
            }
            mock.shutdown().await;
        }
    }
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
    // Ten pages, not one more: page 2 told the page size, and page 10 was short. Then page 1
    // and the probe (page 10, fetched early) read again to check for changes: 12 requests.
    assert_eq!(server.requests(), 12);
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
    // The probe of page 10 (the last one `count` names) went with pages 2 to 4, as many as the
    // concurrency (4) allows: empty, so `count` is too large, and the walk went on with one page
    // fewer in flight (page 5 went out when page 3 was asked for) until the short page 3. Then
    // page 1 read again at the end to check that the library held still. Past the short page:
    // pages 4, 5 and 10, fewer requests than the concurrency.
    assert_eq!(client.concurrency(), 4);
    let mut pages = server.pages_asked();
    pages.sort_unstable();
    assert_eq!(pages, [1, 1, 2, 3, 4, 5, 10]);
}
