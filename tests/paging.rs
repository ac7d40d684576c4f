//! One paging suite, run against every reading of what the FinerWorks docs leave open: what
//! `count` says, whether the server serves fewer images a page than asked for, and what it echoes.
//! Under each, `stream()`, `pages()` and `collect_all()` yield every image exactly once, in
//! order, and succeed. Every request is checked against the spec (the mock's strict mode) and
//! refused if it sends `null` for a defaulted field.
//!
//! The number of requests each listing costs is snapshotted as a table (`paging__costs.snap`):
//! a change in what paging costs shows up in review.

use std::collections::HashSet;
use std::fmt::Write as _;

use finerworks::{Client, Image};
use finerworks_mock::{MockConfig, MockServer, Nulls, Reading};
use futures_util::{StreamExt as _, TryStreamExt as _};
use uuid::Uuid;

/// How many images the mock's library holds; the listings below match fewer, so that a `count`
/// of the whole library is larger than the truth.
const LIBRARY: usize = 300;

fn base() -> MockConfig {
    MockConfig::new()
        .images(LIBRARY)
        .seed(5)
        .strict(true)
        .nulls(Nulls::Reject)
}

/// The listings: how many images match, and the page size asked for.
const LISTINGS: [(usize, u32); 3] = [(137, 50), (150, 50), (137, 10)];

fn client_for(mock: &MockServer) -> Client {
    Client::builder()
        .base_url(mock.base_url())
        .web_api_key(mock.web_api_key())
        .app_key(mock.app_key())
        .session_id("paging-suite-session")
        .build()
        .unwrap()
}

/// `matching` images of the library, picked by a seeded shuffle, and the order the API lists
/// them in (id, descending).
fn pick(library: &[Image], matching: usize, seed: u64) -> (Vec<Uuid>, Vec<Uuid>) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut chosen: Vec<&Image> = library.iter().collect();
    rng.shuffle(&mut chosen);
    chosen.truncate(matching);
    let filter = chosen.iter().map(|image| image.guid.unwrap()).collect();
    chosen.sort_by_key(|image| std::cmp::Reverse(image.id));
    (
        filter,
        chosen.iter().map(|image| image.guid.unwrap()).collect(),
    )
}

fn guids(images: impl IntoIterator<Item = Image>) -> Vec<Uuid> {
    images
        .into_iter()
        .map(|image| image.guid.unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_reading_lists_each_image_exactly_once_at_a_bounded_cost() {
    let mut costs =
        String::from("reading                       | 137 at 50 | 150 at 50 | 137 at 10\n");
    for reading in Reading::PAGING {
        let name = reading.name;
        let cap = reading.page_size_cap.unwrap_or(50);
        let _ = write!(costs, "{name:<29}");
        let mock = MockServer::start_with(reading.apply(base())).await.unwrap();
        let client = client_for(&mock);
        for (seed, (matching, per_page)) in (1..).zip(LISTINGS) {
            let case = format!("{name}, {matching} images at {per_page} a page");
            let (filter, expected) = pick(mock.dataset().inventory(), matching, seed);
            let request = client
                .images()
                .list()
                .guid_filter(filter)
                .per_page(per_page);

            mock.reset_log();
            let streamed: Vec<Uuid> = request
                .clone()
                .stream()
                .map_ok(|image| image.guid.unwrap())
                .try_collect()
                .await
                .unwrap_or_else(|error| panic!("{case}: stream: {error}"));
            assert_eq!(streamed, expected, "{case}: stream");
            let requests = mock.request_count();

            let collected = request.clone().collect_all().await;
            let collected =
                collected.unwrap_or_else(|error| panic!("{case}: collect_all: {error}"));
            assert_eq!(guids(collected), expected, "{case}: collect_all");

            let pages: Vec<_> = request.pages().collect().await;
            let mut paged = Vec::new();
            for page in pages {
                let page = page.unwrap_or_else(|error| panic!("{case}: pages: {error}"));
                paged.extend(guids(page.images));
            }
            assert_eq!(paged, expected, "{case}: pages");

            // The pages themselves, and at most one request past the last of them. The one
            // exception: a `count` larger than the truth is found out by one request (the page it
            // says is last is empty), and a full last page still needs the empty page after it.
            let size = per_page.min(cap) as usize;
            let needed = matching.div_ceil(size) as u64;
            let full_last_page = matching % size == 0;
            let past = if reading.count_may_be_too_large && full_last_page {
                2
            } else {
                1
            };
            assert!(
                (needed..=needed + past).contains(&requests),
                "{case}: {requests} requests for {needed} pages"
            );
            let _ = write!(costs, " | {requests:>9}");
        }
        costs.push('\n');
        mock.shutdown().await;
    }
    insta::assert_snapshot!("costs", costs);
}

/// When `count` is right and the last page is short, the pages are all there is to fetch.
#[tokio::test]
async fn a_consistent_count_costs_no_request_beyond_the_pages() {
    let mock = MockServer::start_with(base()).await.unwrap();
    let client = client_for(&mock);
    let (filter, expected) = pick(mock.dataset().inventory(), 137, 9);
    let listed = client
        .images()
        .list()
        .guid_filter(filter)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(guids(listed), expected);
    assert_eq!(mock.request_count(), 3);
}

/// The library changes during the walk: images added at the top push the later pages back, and
/// images removed from pages already read pull them forward. One stream never yields an image
/// twice, and yields every image that was there all along (or ends with `ListingChanged`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_library_that_changes_during_the_walk_is_listed_once_without_gaps() {
    #[derive(Clone, Copy, Debug)]
    enum Change {
        AddAtTop,
        DeleteFromFirstPage,
        Both,
    }
    for concurrency in [1, 8] {
        for change in [Change::AddAtTop, Change::DeleteFromFirstPage, Change::Both] {
            let case = format!("{change:?} at concurrency {concurrency}");
            let mock = MockServer::start_with(base()).await.unwrap();
            let client = Client::builder()
                .base_url(mock.base_url())
                .web_api_key(mock.web_api_key())
                .app_key(mock.app_key())
                .session_id("paging-suite-session")
                .concurrency(concurrency)
                .build()
                .unwrap();
            let before: Vec<Uuid> = mock.inventory().iter().map(|i| i.guid.unwrap()).collect();
            let mut pages = client.images().list().pages();
            let mut listed: Vec<Uuid> = Vec::new();
            let mut deleted: Vec<Uuid> = Vec::new();
            let mut number = 0;
            let mut ended_with = None;
            while let Some(page) = pages.next().await {
                let page = match page {
                    Ok(page) => page,
                    Err(error) => {
                        ended_with = Some(error);
                        break;
                    }
                };
                number += 1;
                listed.extend(page.images.iter().map(|image| image.guid.unwrap()));
                if number == 2 {
                    if matches!(change, Change::AddAtTop | Change::Both) {
                        mock.add_images(7);
                    }
                    if matches!(change, Change::DeleteFromFirstPage | Change::Both) {
                        deleted = listed[..3].to_vec();
                        mock.delete_images(&deleted);
                    }
                }
            }
            let unique: HashSet<Uuid> = listed.iter().copied().collect();
            assert_eq!(unique.len(), listed.len(), "{case}: an image came twice");
            if let Some(error) = ended_with {
                assert!(
                    matches!(
                        error,
                        finerworks::Error::Paging(finerworks::PagingError::ListingChanged { .. })
                    ),
                    "{case}: {error}"
                );
                continue;
            }
            let missing: Vec<&Uuid> = before
                .iter()
                .filter(|guid| !deleted.contains(guid) && !unique.contains(guid))
                .collect();
            assert!(
                missing.is_empty(),
                "{case}: {} images skipped",
                missing.len()
            );
            mock.shutdown().await;
        }
    }
}
