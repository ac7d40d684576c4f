//! One paging suite, run against every reading of what the FinerWorks docs leave open: what
//! `count` says, whether the server serves fewer images a page than asked for, and what it echoes.
//! Under each, `stream()`, `pages()` and `collect_all()` yield every image exactly once, in
//! order, and succeed. Every request is checked against the spec (the mock's strict mode) and
//! refused if it sends `null` for a defaulted field.
//!
//! The number of requests each listing costs is snapshotted as a table (`paging__costs.snap`):
//! a change in what paging costs shows up in review.
//!
//! Then the library changes during the walk, through the mock's in-process hooks, between the
//! pages the stream yields: no image is ever yielded twice, and an image that was there all
//! along is either listed or the stream ends with `Error::MayBeIncomplete`; `until_stable`
//! lists again until the library settles.

use std::collections::HashSet;
use std::fmt::Write as _;

use finerworks::{Change, Client, Error, Image, ListImages};

use crate::support::walk::{pages_asked, walk_every_way};
use finerworks_mock::{CountMode, MockConfig, MockServer, Nulls, Reading};
use futures_util::StreamExt as _;
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
            let expected: Vec<String> = expected.iter().map(Uuid::to_string).collect();
            let requests = walk_every_way(
                &mock,
                &client,
                reading,
                request,
                (&expected, per_page),
                &case,
            )
            .await;
            let _ = write!(costs, " | {requests:>9}");
        }
        costs.push('\n');
        mock.shutdown().await;
    }
    insta::assert_snapshot!("costs", costs);
}

/// When `count` is right and the last page is short, nothing past the last page is fetched: the
/// three pages, then the first page and the probe (page 3) read again to check for changes.
#[tokio::test]
async fn a_consistent_count_costs_no_request_past_the_pages() {
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
    let asked = pages_asked(&mock, None);
    let mut sorted = asked.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, [1, 1, 2, 3, 3], "{asked:?}");
}

fn client_at(mock: &MockServer, concurrency: usize) -> Client {
    Client::builder()
        .base_url(mock.base_url())
        .web_api_key(mock.web_api_key())
        .app_key(mock.app_key())
        .session_id("paging-suite-session")
        .concurrency(concurrency)
        .build()
        .unwrap()
}

/// At every concurrency, a right `count` costs no request past the end of the listing (its short
/// last page, or the empty page after a full one): the pages, then the first page and the probe
/// read again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consistent_count_costs_no_request_past_the_end_at_any_concurrency() {
    let mock = MockServer::start_with(base()).await.unwrap();
    for concurrency in [1, 2, 3, 8, 16] {
        let client = client_at(&mock, concurrency);
        for (seed, matching) in (1..).zip([137, 150]) {
            let case = format!("{matching} images at concurrency {concurrency}");
            let (filter, expected) = pick(mock.dataset().inventory(), matching, seed);
            mock.reset_log();
            let listed = client
                .images()
                .list()
                .guid_filter(filter)
                .per_page(10)
                .collect_all()
                .await
                .unwrap_or_else(|error| panic!("{case}: {error}"));
            assert_eq!(guids(listed), expected, "{case}");
            let end = matching.div_ceil(10) as u64 + u64::from(matching % 10 == 0);
            let mut asked = pages_asked(&mock, None);
            asked.sort_unstable();
            let mut wanted: Vec<u64> = (1..=end).collect();
            wanted.extend([1, matching.div_ceil(10) as u64]);
            wanted.sort_unstable();
            assert_eq!(asked, wanted, "{case}");
        }
    }
}

/// A `count` larger than the truth (the whole library's, 300 images, beside a listing of 137)
/// costs fewer requests past the end than the concurrency (at concurrency 1, one: the probe).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_count_too_large_costs_fewer_requests_past_the_end_than_the_concurrency() {
    let mock = MockServer::start_with(base().count(CountMode::Unfiltered))
        .await
        .unwrap();
    let (filter, expected) = pick(mock.dataset().inventory(), 137, 4);
    for concurrency in [1, 2, 3, 4, 8, 16] {
        let case = format!("concurrency {concurrency}");
        let client = client_at(&mock, concurrency);
        mock.reset_log();
        let listed = client
            .images()
            .list()
            .guid_filter(filter.clone())
            .per_page(10)
            .collect_all()
            .await
            .unwrap_or_else(|error| panic!("{case}: {error}"));
        assert_eq!(guids(listed), expected, "{case}");
        let asked = pages_asked(&mock, None);
        let past_the_end = asked.iter().filter(|&&page| page > 14).count();
        assert!(
            past_the_end < concurrency.max(2),
            "{case}: {past_the_end} past the end: {asked:?}"
        );
    }
}

/// Lists every page of `request`, calling `after_page` with the GUIDs listed so far after each
/// page the stream yields; returns the GUIDs listed, in order, and the error the stream ended
/// with, if any.
async fn walk(
    request: ListImages,
    mut after_page: impl FnMut(&[Uuid]),
) -> (Vec<Uuid>, Option<Error>) {
    let mut pages = request.pages();
    let mut listed = Vec::new();
    while let Some(page) = pages.next().await {
        match page {
            Ok(page) => {
                listed.extend(page.items.iter().map(|image| image.guid.unwrap()));
                after_page(&listed);
            }
            Err(error) => return (listed, Some(error)),
        }
    }
    (listed, None)
}

fn current(mock: &MockServer) -> HashSet<Uuid> {
    mock.inventory().iter().map(|i| i.guid.unwrap()).collect()
}

/// Asserts that no image came twice, and returns those listed.
fn once(case: &str, listed: &[Uuid]) -> HashSet<Uuid> {
    let unique: HashSet<Uuid> = listed.iter().copied().collect();
    assert_eq!(unique.len(), listed.len(), "{case}: an image came twice");
    unique
}

/// The changes an `Error::MayBeIncomplete` reports; panics on any other ending.
fn changes_reported(case: &str, ended: Option<Error>) -> Vec<Change> {
    match ended {
        Some(Error::MayBeIncomplete(incomplete)) => {
            assert!(!incomplete.changes.is_empty(), "{case}: {incomplete}");
            assert!(
                incomplete.images().is_empty(),
                "{case}: pages yielded them already"
            );
            incomplete.changes
        }
        Some(error) => panic!("{case}: {error}"),
        None => panic!("{case}: the change went unreported"),
    }
}

/// Images are removed anywhere and added at the top at the same rate while the pages are
/// fetched concurrently (`count` stays the same): no image comes twice, and the walk notices.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn churn_at_a_steady_count_never_lists_an_image_twice_and_is_reported() {
    for seed in 1..=8 {
        let case = format!("seed {seed}");
        let mock = MockServer::start_with(base().seed(seed)).await.unwrap();
        let client = client_for(&mock);
        let before = current(&mock);
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut removed = HashSet::new();
        let (listed, ended) = walk(client.images().list().per_page(10), |_| {
            let now = mock.inventory();
            let gone: Vec<Uuid> = (0..3)
                .map(|_| now[rng.usize(..now.len())].guid.unwrap())
                .collect();
            removed.extend(mock.delete_images(&gone).iter().map(|i| i.guid.unwrap()));
            mock.add_images(3);
        })
        .await;
        let unique = once(&case, &listed);
        let missing = before
            .iter()
            .filter(|guid| !removed.contains(guid) && !unique.contains(guid))
            .count();
        let changes = changes_reported(&case, ended);
        assert!(
            changes.contains(&Change::FirstPage { page: 1 }),
            "{case}: {missing} missing, {changes:?}"
        );
        mock.shutdown().await;
    }
}

/// Under the same churn, `until_stable` does not loop: after five walks it says the library
/// did not settle, still without listing an image twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn until_stable_reports_a_library_that_does_not_settle() {
    let mock = MockServer::start_with(base().images(60).seed(3))
        .await
        .unwrap();
    let client = client_for(&mock);
    let mut rng = fastrand::Rng::with_seed(3);
    let (listed, ended) = walk(client.images().list().per_page(10).until_stable(), |_| {
        let now = mock.inventory();
        let gone = [now[rng.usize(..now.len())].guid.unwrap()];
        mock.delete_images(&gone);
        mock.add_images(1);
    })
    .await;
    once("churn", &listed);
    let Some(Error::MayBeIncomplete(incomplete)) = ended else {
        panic!("{ended:?}");
    };
    assert!(incomplete.until_stable);
    assert_eq!(incomplete.walks, 5);
    assert_eq!(incomplete.listed, listed.len() as u64);
    assert!(
        incomplete
            .to_string()
            .starts_with("the library did not settle after 5 walks"),
        "{incomplete}"
    );
}

/// When the changes stop, `until_stable` settles: the walks after the first find what the first
/// missed, and every image of the library as it ends up is listed, once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn until_stable_settles_and_lists_the_library_whole() {
    for seed in 1..=4 {
        let case = format!("seed {seed}");
        let mock = MockServer::start_with(base().seed(seed)).await.unwrap();
        let client = client_for(&mock);
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut changed = 0;
        let (listed, ended) = walk(client.images().list().per_page(10).until_stable(), |_| {
            // Changes during the first 12 pages only.
            if changed < 12 {
                changed += 1;
                let now = mock.inventory();
                let gone: Vec<Uuid> = (0..3)
                    .map(|_| now[rng.usize(..now.len())].guid.unwrap())
                    .collect();
                mock.delete_images(&gone);
                mock.add_images(3);
            }
        })
        .await;
        assert!(ended.is_none(), "{case}: {ended:?}");
        let unique = once(&case, &listed);
        let after = current(&mock);
        let missing = after.iter().filter(|guid| !unique.contains(guid)).count();
        assert_eq!(missing, 0, "{case}: images of the settled library missing");
        mock.shutdown().await;
    }
}

/// 50 images added at the top between two pages of 10: none is listed twice (a walk that
/// remembered only its last pages listed 20 twice), every image that was there is listed, and
/// the change is reported.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_images_added_at_the_top_are_not_listed_twice() {
    for concurrency in [1, 4] {
        let case = format!("concurrency {concurrency}");
        let mock = MockServer::start_with(base()).await.unwrap();
        let client = Client::builder()
            .base_url(mock.base_url())
            .web_api_key(mock.web_api_key())
            .app_key(mock.app_key())
            .concurrency(concurrency)
            .build()
            .unwrap();
        let before = current(&mock);
        let mut pages = 0;
        let (listed, ended) = walk(client.images().list().per_page(10), |_| {
            pages += 1;
            if pages == 2 {
                mock.add_images(50);
            }
        })
        .await;
        let unique = once(&case, &listed);
        assert!(before.is_subset(&unique), "{case}: images skipped");
        let changes = changes_reported(&case, ended);
        assert!(
            changes.contains(&Change::FirstPage { page: 1 }),
            "{case}: {changes:?}"
        );
        mock.shutdown().await;
    }
}

/// Without a usable `count`, 3 images deleted from page 1 after it was read pull 3 images of
/// page 2 onto page 1, where the walk will not look: the first page read again at the end shows
/// the change, and `until_stable` lists those 3 images.
#[tokio::test]
async fn images_deleted_behind_the_walk_without_a_count_are_reported_or_listed_again() {
    for count in [CountMode::Zero, CountMode::Null, CountMode::Missing] {
        for until_stable in [false, true] {
            let case = format!("{count:?}, until_stable {until_stable}");
            let mock = MockServer::start_with(base().count(count)).await.unwrap();
            let client = client_for(&mock);
            let before = current(&mock);
            let mut deleted = Vec::new();
            let mut request = client.images().list().per_page(10);
            if until_stable {
                request = request.until_stable();
            }
            let (listed, ended) = walk(request, |listed| {
                if deleted.is_empty() {
                    deleted = listed[..3].to_vec();
                    mock.delete_images(&deleted);
                }
            })
            .await;
            let unique = once(&case, &listed);
            let missing: Vec<&Uuid> = before
                .iter()
                .filter(|guid| !deleted.contains(guid) && !unique.contains(guid))
                .collect();
            if until_stable {
                assert!(ended.is_none(), "{case}: {ended:?}");
                assert!(missing.is_empty(), "{case}: {} missing", missing.len());
            } else {
                let changes = changes_reported(&case, ended);
                assert_eq!(changes, [Change::FirstPage { page: 1 }], "{case}");
            }
            mock.shutdown().await;
        }
    }
}

/// The library changes during the walk: images added at the top push the later pages back, and
/// images removed from pages already read pull them forward (`count` shows both). One stream
/// never yields an image twice, yields every image that was there all along (the pages before
/// are read again when `count` falls), and reports the change at the end.
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
                listed.extend(page.items.iter().map(|image| image.guid.unwrap()));
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
            let unique = once(&case, &listed);
            changes_reported(&case, ended_with);
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
