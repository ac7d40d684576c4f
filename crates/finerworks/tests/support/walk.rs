//! The paging suite's checks for any paged list (images, products): [`Listing`], what the suite
//! needs of a list builder, and [`walk_every_way`], which lists through `stream()`,
//! `collect_all()` and `pages()` and checks that each item comes exactly once, in order, at a
//! bounded cost.

use finerworks::{Client, Error, Image, ListImages, ListInventory, Page, Product};
use finerworks_mock::{MockServer, Reading};
use futures_util::future::BoxFuture;
use futures_util::stream::BoxStream;
use futures_util::{StreamExt as _, TryStreamExt as _};

/// A list builder of the SDK, walked the three ways a caller can walk it.
pub trait Listing: Clone + Send + 'static {
    /// What it lists.
    type Item: Send + 'static;
    /// What tells its items apart (the GUID of an image, the SKU of a product).
    fn key(item: &Self::Item) -> String;
    fn stream(self) -> BoxStream<'static, Result<Self::Item, Error>>;
    fn pages(self) -> BoxStream<'static, Result<Page<Self::Item>, Error>>;
    fn collect_all(self) -> BoxFuture<'static, Result<Vec<Self::Item>, Error>>;
}

impl Listing for ListImages {
    type Item = Image;

    fn key(item: &Image) -> String {
        item.guid.expect("a guid").to_string()
    }

    fn stream(self) -> BoxStream<'static, Result<Image, Error>> {
        ListImages::stream(self).boxed()
    }

    fn pages(self) -> BoxStream<'static, Result<Page<Image>, Error>> {
        ListImages::pages(self).boxed()
    }

    fn collect_all(self) -> BoxFuture<'static, Result<Vec<Image>, Error>> {
        Box::pin(ListImages::collect_all(self))
    }
}

impl Listing for ListInventory {
    type Item = Product;

    fn key(item: &Product) -> String {
        item.sku.clone().expect("a sku")
    }

    fn stream(self) -> BoxStream<'static, Result<Product, Error>> {
        ListInventory::stream(self).boxed()
    }

    fn pages(self) -> BoxStream<'static, Result<Page<Product>, Error>> {
        ListInventory::pages(self).boxed()
    }

    fn collect_all(self) -> BoxFuture<'static, Result<Vec<Product>, Error>> {
        Box::pin(ListInventory::collect_all(self))
    }
}

/// The keys of `items`, in order.
pub fn keys<L: Listing>(items: &[L::Item]) -> Vec<String> {
    items.iter().map(L::key).collect()
}

/// The page numbers of the first `requests` requests the mock logged (all of them if `None`), in
/// the order they came.
pub fn pages_asked(mock: &MockServer, requests: Option<u64>) -> Vec<u64> {
    let logged = mock.requests();
    let take = requests.map_or(logged.len(), |n| usize::try_from(n).unwrap());
    logged
        .iter()
        .take(take)
        .map(|request| {
            request.body.as_ref().unwrap()["page_number"]
                .as_u64()
                .unwrap()
        })
        .collect()
}

/// Lists `request` (`per_page` a page) through `stream()`, `collect_all()` and `pages()` on a
/// mock under `reading`, checks that each gives exactly `expected` (keys, in order), and that
/// the stream's cost is bounded: no request past the end of the listing when `count` is
/// consistent, fewer than the concurrency when it may be too large, and besides the pages up to
/// the end at most four requests (the first page and the probe read again, twice when `count`
/// was short). Returns the number of requests the stream cost.
pub async fn walk_every_way<L: Listing>(
    mock: &MockServer,
    client: &Client,
    reading: &Reading,
    request: L,
    (expected, per_page): (&[String], u32),
    case: &str,
) -> u64 {
    mock.reset_log();
    let streamed: Vec<L::Item> = request
        .clone()
        .stream()
        .try_collect()
        .await
        .unwrap_or_else(|error| panic!("{case}: stream: {error}"));
    assert_eq!(keys::<L>(&streamed), expected, "{case}: stream");
    let requests = mock.request_count();

    let collected = request.clone().collect_all().await;
    let collected = collected.unwrap_or_else(|error| panic!("{case}: collect_all: {error}"));
    assert_eq!(keys::<L>(&collected), expected, "{case}: collect_all");

    let pages: Vec<_> = request.pages().collect().await;
    let mut paged = Vec::new();
    for page in pages {
        let page = page.unwrap_or_else(|error| panic!("{case}: pages: {error}"));
        paged.extend(keys::<L>(&page.items));
    }
    assert_eq!(paged, expected, "{case}: pages");

    // The end of the listing is its first short or empty page (after a full last page, the
    // empty page that follows it).
    let matching = expected.len();
    let size = per_page.min(reading.page_size_cap.unwrap_or(per_page)) as usize;
    let needed = matching.div_ceil(size) as u64;
    let end = needed + u64::from(matching % size == 0);
    let asked = pages_asked(mock, Some(requests));
    let past_the_end = asked.iter().filter(|&&page| page > end).count() as u64;
    if reading.count_may_be_too_large {
        assert!(
            past_the_end < client.concurrency() as u64,
            "{case}: {past_the_end} requests past the end (page {end}): {asked:?}"
        );
    } else {
        assert_eq!(
            past_the_end, 0,
            "{case}: past the end (page {end}): {asked:?}"
        );
    }
    assert!(
        (end..=end + 4).contains(&(requests - past_the_end)),
        "{case}: {requests} requests to reach page {end}: {asked:?}"
    );
    requests
}
