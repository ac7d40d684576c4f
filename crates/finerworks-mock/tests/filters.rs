//! The filters, each against the dataset and together: `search_filter`, `guid_filter`, the
//! upload dates and `active`.

use crate::support;

use finerworks_api::types::{ImageDetails, SortDirection, SortField};
use serde_json::{Value, json};

use support::{all_ids, body, by_default_order, day, ids, images, list, mentions, sorted, start};

#[tokio::test]
async fn search_filter_finds_text_in_titles_and_descriptions_ignoring_case() {
    let server = start().await;
    let inventory = server.dataset().inventory();
    let matches = |word: &str| -> Vec<ImageDetails> {
        inventory
            .iter()
            .filter(|i| mentions(i, word))
            .cloned()
            .collect()
    };
    // A word of a title, and one only found in descriptions.
    let title = inventory[0].title.as_deref().unwrap().to_lowercase();
    let word = title.split(' ').next().unwrap();
    for word in [word, "plein air"] {
        let expected = matches(word);
        assert!(expected.len() > 1, "{word} matches several images");
        let request = body(json!({"search_filter": word.to_uppercase(), "sort_direction": "ASC"}));
        let got = all_ids(&server, &request).await;
        assert_eq!(got, sorted(&expected, SortField::Id, SortDirection::Asc));
    }
    // Empty or null: no filter.
    for search in [json!(""), Value::Null] {
        let (_, page) = list(&server, &body(json!({"search_filter": search}))).await;
        assert_eq!(page.count, Some(inventory.len() as i64));
    }
}

#[tokio::test]
async fn guid_filter_lists_only_those_images() {
    let server = start().await;
    let inventory = server.dataset().inventory();
    let wanted = [&inventory[3], &inventory[100], &inventory[42]];
    let mut guids: Vec<String> = wanted.iter().map(|i| i.guid.unwrap().to_string()).collect();
    guids[0] = guids[0].to_uppercase(); // .NET reads GUIDs in any case
    guids.push(uuid::Uuid::nil().to_string()); // not in the library
    let (_, page) = list(
        &server,
        &body(json!({"guid_filter": guids, "sort_direction": "ASC"})),
    )
    .await;
    let mut expected: Vec<i64> = wanted.iter().map(|i| i.id.unwrap()).collect();
    expected.sort_unstable();
    assert_eq!(ids(images(&page)), expected);
    assert_eq!(page.count, Some(3));

    // An empty list filters nothing, like null.
    for filter in [json!([]), Value::Null] {
        let (_, page) = list(&server, &body(json!({"guid_filter": filter}))).await;
        assert_eq!(page.count, Some(inventory.len() as i64));
    }
}

#[tokio::test]
async fn upload_dates_are_inclusive_days_in_the_images_own_offset() {
    let server = start().await;
    let inventory = server.dataset().inventory();
    let from = day(&inventory[60]);
    let to = day(&inventory[90]);
    let expected: Vec<ImageDetails> = inventory
        .iter()
        .filter(|i| (from..=to).contains(&day(i)))
        .cloned()
        .collect();
    let request = body(json!({"upload_date_from": from, "upload_date_to": to}));
    let got = all_ids(&server, &request).await;
    assert_eq!(got, by_default_order(&expected));
    // The boundary days are in.
    assert!(got.contains(&inventory[60].id.unwrap()) && got.contains(&inventory[90].id.unwrap()));

    // One side only, and a backwards range (which matches nothing).
    let (_, page) = list(&server, &body(json!({"upload_date_from": to}))).await;
    let on_or_after = inventory.iter().filter(|i| day(i) >= to).count();
    assert_eq!(page.count, Some(on_or_after as i64));
    let (_, page) = list(
        &server,
        &body(json!({"upload_date_from": to, "upload_date_to": from})),
    )
    .await;
    assert_eq!(page.count, Some(0));
}

#[tokio::test]
async fn active_filters_active_or_inactive_images_and_null_lists_both() {
    let server = start().await;
    let inventory = server.dataset().inventory();
    let mut counts = Vec::new();
    for active in [true, false] {
        let expected: Vec<ImageDetails> = inventory
            .iter()
            .filter(|i| i.active == Some(active))
            .cloned()
            .collect();
        assert!(!expected.is_empty(), "some images are {active}");
        let got = all_ids(&server, &body(json!({"active": active}))).await;
        assert_eq!(got, by_default_order(&expected), "active {active}");
        counts.push(got.len());
    }
    let (_, both) = list(&server, &body(json!({"active": Value::Null}))).await;
    assert_eq!(both.count, Some((counts[0] + counts[1]) as i64));
    assert!(counts[0] > counts[1], "images are mostly active");
}

#[tokio::test]
async fn filters_combine() {
    let server = start().await;
    let inventory = server.dataset().inventory();
    let from = day(&inventory[50]);
    let expected: Vec<ImageDetails> = inventory
        .iter()
        .filter(|i| mentions(i, "golden") && i.active == Some(true) && day(i) >= from)
        .cloned()
        .collect();
    assert!(!expected.is_empty());
    let request = body(json!({
        "search_filter": "Golden", "active": true, "upload_date_from": from,
        "sort_field": "file_size", "sort_direction": "DESC"
    }));
    assert_eq!(
        all_ids(&server, &request).await,
        sorted(&expected, SortField::FileSize, SortDirection::Desc)
    );
}
