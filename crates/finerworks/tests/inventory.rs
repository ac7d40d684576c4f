//! Listing the virtual inventory through the SDK, against the mock: the paging suite of
//! `paging.rs` run on `list_virtual_inventory` under every reading of what the docs leave open
//! (each product exactly once, in order, at a bounded cost), its filters, and the checks made
//! before anything is sent.

use std::collections::HashSet;
use std::fmt::Write as _;

use chrono::NaiveDate;
use finerworks::{Client, Error, Image, RequestField};
use finerworks_mock::{MockConfig, MockServer, Nulls, Reading};
use futures_util::StreamExt as _;

use crate::support::walk::walk_every_way;

/// How many images the mock's inventory holds (0 to 4 products each).
const LIBRARY: usize = 300;

fn base() -> MockConfig {
    MockConfig::new()
        .images(LIBRARY)
        .seed(5)
        .strict(true)
        .nulls(Nulls::Reject)
}

fn client_for(mock: &MockServer) -> Client {
    Client::builder()
        .base_url(mock.base_url())
        .web_api_key(mock.web_api_key())
        .app_key(mock.app_key())
        .session_id("inventory-suite-session")
        .build()
        .unwrap()
}

/// Images picked by a seeded shuffle until they hold at least `products` products, and the SKUs
/// of their products in the order the API lists them (images by id, descending, then each
/// image's products in its order).
fn pick(library: &[Image], products: usize, seed: u64) -> (Vec<uuid::Uuid>, Vec<String>) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut shuffled: Vec<&Image> = library.iter().collect();
    rng.shuffle(&mut shuffled);
    let mut chosen = Vec::new();
    let mut held = 0;
    for image in shuffled {
        if held >= products {
            break;
        }
        held += image.products.as_ref().map_or(0, Vec::len);
        chosen.push(image);
    }
    let filter = chosen.iter().map(|image| image.guid.unwrap()).collect();
    chosen.sort_by_key(|image| std::cmp::Reverse(image.id));
    let skus = chosen
        .iter()
        .flat_map(|image| image.products.iter().flatten())
        .map(|product| product.sku.clone().unwrap())
        .collect();
    (filter, skus)
}

/// The listings: at least this many products, and the page size asked for.
const LISTINGS: [(usize, u32); 3] = [(137, 50), (150, 50), (137, 10)];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_reading_lists_each_product_exactly_once_at_a_bounded_cost() {
    let mut costs =
        String::from("reading                       | 50 a page | 50 a page | 10 a page\n");
    for reading in Reading::PAGING {
        let name = reading.name;
        let _ = write!(costs, "{name:<29}");
        let mock = MockServer::start_with(reading.apply(base())).await.unwrap();
        let client = client_for(&mock);
        for (seed, (at_least, per_page)) in (1..).zip(LISTINGS) {
            let (filter, expected) = pick(mock.dataset().inventory(), at_least, seed);
            let case = format!("{name}, {} products at {per_page} a page", expected.len());
            let request = client
                .inventory()
                .list()
                .guid_filter(filter)
                .per_page(per_page);
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
    insta::assert_snapshot!("inventory_costs", costs);
}

#[tokio::test]
async fn the_whole_inventory_is_listed_in_order_and_a_page_says_its_total() {
    let mock = MockServer::start_with(base()).await.unwrap();
    let client = client_for(&mock);
    let mut images = mock.dataset().inventory().to_vec();
    images.sort_by_key(|image| std::cmp::Reverse(image.id));
    let every: Vec<String> = images
        .iter()
        .flat_map(|image| image.products.iter().flatten())
        .map(|product| product.sku.clone().unwrap())
        .collect();
    let listed = client.inventory().list().collect_all().await.unwrap();
    let skus: Vec<String> = listed.iter().map(|p| p.sku.clone().unwrap()).collect();
    assert_eq!(skus, every);

    let page = client
        .inventory()
        .list()
        .page_number(2)
        .send()
        .await
        .unwrap();
    assert_eq!(page.total, Some(every.len() as u64));
    assert_eq!(page.per_page, 10, "the API's default page size");
    let second: Vec<String> = page.items.iter().map(|p| p.sku.clone().unwrap()).collect();
    assert_eq!(second, every[10..20]);
    assert!(page.reference_id.is_some());
}

#[tokio::test]
async fn filters_reach_the_products_they_name() {
    let mock = MockServer::start_with(base()).await.unwrap();
    let client = client_for(&mock);
    let image = mock
        .dataset()
        .inventory()
        .iter()
        .find(|image| image.products.as_ref().is_some_and(|p| p.len() >= 2))
        .unwrap();
    let products = image.products.clone().unwrap();
    let by_image = client
        .inventory()
        .list()
        .guid_filter([image.guid.unwrap()])
        .collect_all()
        .await
        .unwrap();
    assert_eq!(by_image, products);

    let sku = products[1].sku.clone().unwrap();
    let by_sku = client
        .inventory()
        .list()
        .sku_filter([&sku])
        .send()
        .await
        .unwrap();
    assert_eq!(by_sku.items, [products[1].clone()]);

    let code = products[0].product_code.clone().unwrap();
    let by_code = client
        .inventory()
        .list()
        .product_code_filter([&code])
        .collect_all()
        .await
        .unwrap();
    assert!(!by_code.is_empty());
    assert!(
        by_code
            .iter()
            .all(|p| p.product_code.as_deref() == Some(&code))
    );

    // The created dates are the image's upload day (assumed).
    let day = image.date_added.unwrap().naive_local().date();
    let that_day = client
        .inventory()
        .list()
        .created_date_from(day)
        .created_date_to(day)
        .collect_all()
        .await
        .unwrap();
    assert!(that_day.contains(&products[0]));
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_sent() {
    let mock = MockServer::start_with(base()).await.unwrap();
    let client = client_for(&mock);
    let field = |error: Error| match error {
        Error::InvalidRequest { field, rule } => (field, rule),
        other => panic!("not an invalid request: {other}"),
    };
    let skus: Vec<String> = (0..51).map(|n| format!("SKU{n}")).collect();
    let (name, rule) = field(
        client
            .inventory()
            .list()
            .sku_filter(&skus)
            .send()
            .await
            .unwrap_err(),
    );
    assert_eq!(name, RequestField::SkuFilter);
    assert!(rule.contains("at most 50"), "{rule}");
    let (name, _) = field(
        client
            .inventory()
            .list()
            .product_code_filter(&skus)
            .send()
            .await
            .unwrap_err(),
    );
    assert_eq!(name.to_string(), "product_code_filter");
    let (name, rule) = field(
        client
            .inventory()
            .list()
            .per_page(51)
            .send()
            .await
            .unwrap_err(),
    );
    assert_eq!(
        (name, rule.as_str()),
        (RequestField::PerPage, "must be between 1 and 50 (got 51)")
    );
    let (name, _) = field(
        client
            .inventory()
            .list()
            .page_number(0)
            .send()
            .await
            .unwrap_err(),
    );
    assert_eq!(name, RequestField::PageNumber);
    let day = |d| NaiveDate::from_ymd_opt(2025, 1, d).unwrap();
    let error = client
        .inventory()
        .list()
        .created_date_from(day(2))
        .created_date_to(day(1))
        .collect_all()
        .await
        .unwrap_err();
    assert_eq!(field(error).0.to_string(), "created_date_from");
    assert_eq!(mock.request_count(), 0, "nothing was sent");
}

/// Images with products added at the top while the pages are walked move every product to a
/// later page: no product is listed twice, none that was there all along is missed, and the
/// walk reports the change (as it does for images).
#[tokio::test]
async fn products_added_at_the_top_during_the_walk_are_not_listed_twice() {
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
        let before: HashSet<String> = mock
            .inventory()
            .iter()
            .flat_map(|image| image.products.iter().flatten())
            .map(|product| product.sku.clone().unwrap())
            .collect();
        let mut pages = client.inventory().list().per_page(10).pages();
        let (mut listed, mut ended, mut seen) = (Vec::new(), None, 0);
        while let Some(page) = pages.next().await {
            match page {
                Ok(page) => {
                    listed.extend(page.items.into_iter().map(|p| p.sku.unwrap()));
                    seen += 1;
                    if seen == 2 {
                        mock.add_images(20);
                    }
                }
                Err(error) => {
                    ended = Some(error);
                    break;
                }
            }
        }
        let unique: HashSet<String> = listed.iter().cloned().collect();
        assert_eq!(unique.len(), listed.len(), "{case}: a product listed twice");
        assert!(before.is_subset(&unique), "{case}: products skipped");
        match ended {
            Some(Error::MayBeIncomplete(incomplete)) => {
                assert!(!incomplete.changes.is_empty(), "{case}: {incomplete}");
            }
            other => panic!("{case}: the change went unreported: {other:?}"),
        }
        mock.shutdown().await;
    }
}
