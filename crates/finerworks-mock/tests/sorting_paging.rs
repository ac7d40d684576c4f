//! Sorting and paging: the spec's defaults, every sort field both ways over the whole library,
//! pages that partition the result, and a large library served a page at a time.

use crate::support;

use std::collections::HashSet;

use finerworks_api::limits::list_images_request::{
    PAGE_NUMBER_MIN, PER_PAGE_DEFAULT, PER_PAGE_MAX,
};
use finerworks_api::types::{SortDirection, SortField};
use finerworks_mock::MockConfig;
use serde_json::{Value, json};

use support::{
    all_ids, body, by_default_order, ids, images, list, lower, mentions, sorted, start, start_with,
};

#[tokio::test]
async fn a_request_that_sets_nothing_gets_the_first_page_in_the_default_order() {
    let server = start().await;
    let (raw, page) = list(
        &server,
        &json!({"library": {"session_id": "1234567890", "site_id": 2}}),
    )
    .await;
    let expected = by_default_order(server.dataset().inventory());
    assert_eq!(ids(images(&page)), expected[..PER_PAGE_DEFAULT as usize]);
    assert_eq!(
        (page.page_number, page.per_page),
        (
            i32::try_from(PAGE_NUMBER_MIN).ok(),
            i32::try_from(PER_PAGE_DEFAULT).ok()
        )
    );
    // Without list_products, products are null (written, not left out).
    for image in raw["images"].as_array().unwrap() {
        assert_eq!(image.get("products"), Some(&Value::Null));
    }
}

#[tokio::test]
async fn every_sort_field_in_both_directions_matches_the_dataset() {
    let server = start().await;
    let inventory = server.dataset().inventory();
    for &field in SortField::ALL {
        for &direction in SortDirection::ALL {
            let request = body(json!({
                "sort_field": field.to_string(), "sort_direction": direction.to_string()
            }));
            let got = all_ids(&server, &request).await;
            assert_eq!(
                got,
                sorted(inventory, field, direction),
                "{field} {direction}"
            );
        }
    }
    // Titles repeat, so the tie-break by id is exercised.
    let titles: HashSet<String> = inventory.iter().map(|i| lower(&i.title)).collect();
    assert!(titles.len() < inventory.len());
}

#[tokio::test]
async fn pages_partition_the_result_exactly_once() {
    let server = start().await;
    let total = server.dataset().inventory().len();
    let expected = sorted(
        server.dataset().inventory(),
        SortField::Title,
        SortDirection::Asc,
    );
    let per_page = 7;
    let mut seen = Vec::new();
    for page_number in 1..=total.div_ceil(per_page) {
        let (_, page) = list(
            &server,
            &body(json!({"sort_field": "title", "sort_direction": "ASC",
                         "page_number": page_number, "per_page": per_page})),
        )
        .await;
        assert_eq!(page.count, Some(total as i64));
        assert_eq!(page.page_number, Some(page_number as i32));
        assert_eq!(page.per_page, Some(per_page as i32));
        let on_page = images(&page).len();
        assert_eq!(on_page, per_page.min(total - seen.len()));
        seen.extend(ids(images(&page)));
    }
    assert_eq!(seen, expected);
    let unique: HashSet<i64> = seen.iter().copied().collect();
    assert_eq!(unique.len(), total);

    let (raw, past_the_end) = list(&server, &body(json!({"page_number": 999}))).await;
    assert_eq!(raw["images"], json!([]));
    assert_eq!(past_the_end.count, Some(total as i64));
}

#[tokio::test]
async fn a_hundred_thousand_images_are_served_a_page_at_a_time() {
    let server = start_with(MockConfig::new().images(100_000)).await;
    let inventory = server.dataset().inventory();
    assert_eq!(inventory.len(), 100_000);
    let per_page = PER_PAGE_MAX as usize;
    let pages = 100_000 / per_page;

    let (_, last) = list(
        &server,
        &body(json!({"page_number": pages, "per_page": per_page,
                     "sort_field": "file_name", "sort_direction": "ASC"})),
    )
    .await;
    assert_eq!(last.count, Some(100_000));
    assert_eq!(
        ids(images(&last)),
        sorted(inventory, SortField::FileName, SortDirection::Asc)[100_000 - per_page..]
    );

    let middle = pages / 2;
    let (_, page) = list(
        &server,
        &body(json!({"page_number": middle, "per_page": per_page})),
    )
    .await;
    assert_eq!(
        ids(images(&page)),
        by_default_order(inventory)[(middle - 1) * per_page..middle * per_page]
    );

    let (_, filtered) = list(
        &server,
        &body(json!({"search_filter": "lighthouse", "active": false})),
    )
    .await;
    let expected = inventory
        .iter()
        .filter(|i| mentions(i, "lighthouse") && i.active == Some(false))
        .count();
    assert_eq!(filtered.count, Some(expected as i64));
    assert!(expected > per_page);
}
