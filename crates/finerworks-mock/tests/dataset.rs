//! The seeded data: the same seed gives the same images and the same answers, and the images
//! and products look like FinerWorks' own.

use crate::support;

use std::collections::HashSet;

use finerworks_mock::{Dataset, MockConfig};
use serde_json::json;

use support::{body, post, start_with};

#[tokio::test]
async fn the_same_seed_gives_the_same_data_and_answers() {
    let json =
        |data: &Dataset| serde_json::to_string(&(data.inventory(), data.temporary())).unwrap();
    let a = Dataset::generate(5, 300);
    assert_eq!(json(&a), json(&Dataset::generate(5, 300)));
    assert_ne!(json(&a), json(&Dataset::generate(6, 300)));

    let answer = |seed| async move {
        let server = start_with(MockConfig::new().seed(seed)).await;
        let response = post(&server, &body(json!({"per_page": 50}))).await;
        response.bytes().await.unwrap()
    };
    assert_eq!(
        answer(9).await,
        answer(9).await,
        "byte for byte, reference id included"
    );
    assert_ne!(answer(9).await, answer(10).await);
}

#[test]
fn the_data_looks_like_finerworks() {
    let data = Dataset::generate(42, 500);
    let inventory = data.inventory();
    let everything = || inventory.iter().chain(data.temporary());
    // Ids and guids are unique across both libraries.
    let ids: HashSet<i64> = everything().map(|i| i.id.unwrap()).collect();
    let guids: HashSet<String> = everything().map(|i| i.guid.unwrap().to_string()).collect();
    let total = inventory.len() + data.temporary().len();
    assert_eq!((ids.len(), guids.len()), (total, total));
    // Temporary uploads expire and have no products.
    for image in data.temporary() {
        assert!(image.date_expires.is_some() && image.products.is_none());
    }
    for image in everything() {
        assert!(image.id.unwrap() > 0);
        let guid = image.guid.unwrap().to_string();
        assert_eq!(guid, guid.to_lowercase());
        // .NET timestamps in Central time, to the tick.
        let added = image.date_added.unwrap();
        let text = added.to_string();
        assert!(
            text.ends_with("-05:00") || text.ends_with("-06:00"),
            "{text}"
        );
        assert_eq!(added.fractional_digits(), 7, "{text}");
    }
    for image in inventory {
        let file_name = image.file_name.as_deref().unwrap();
        assert!(
            [".jpg", ".tif", ".png"]
                .iter()
                .any(|e| file_name.ends_with(e)),
            "{file_name}"
        );
        assert!(
            image.file_size.unwrap() > 0 && image.pix_w.unwrap() > 0 && image.pix_h.unwrap() > 0
        );
        assert!(
            image
                .public_thumbnail_uri
                .as_deref()
                .unwrap()
                .starts_with("https://")
        );
        assert_eq!(image.date_expires, None);
        let products = image.products.as_deref().unwrap();
        assert!(products.len() <= 4);
        for product in products {
            let sku = product.sku.as_deref().unwrap();
            let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
            assert!(
                sku.len() == 12 && sku.starts_with("AP") && &sku[6..7] == "P",
                "{sku}"
            );
            assert!(digits(&sku[2..6]) && digits(&sku[7..]), "{sku}");
            let price = product.per_item_price.unwrap().amount();
            assert!(price.scale() == 2 && price.is_sign_positive(), "{price}");
            let quantity = rust_decimal::Decimal::from(product.quantity.unwrap());
            assert_eq!(product.total_price.unwrap().amount(), price * quantity);
            assert_eq!(product.image_guid, image.guid);
        }
    }
    // Both summer and winter offsets occur, and most images are active.
    let offsets: HashSet<String> = inventory
        .iter()
        .map(|i| i.date_added.unwrap().to_string()[27..].to_owned())
        .collect();
    assert_eq!(offsets.len(), 2, "{offsets:?}");
    assert!(inventory.iter().filter(|i| i.active == Some(true)).count() > 400);
    // Prices with cents, such as 112.99, and whole ones, such as 113.00.
    let prices: Vec<String> = inventory
        .iter()
        .flat_map(|i| i.products.as_deref().unwrap_or_default())
        .map(|p| serde_json::to_string(&p.per_item_price).unwrap())
        .collect();
    assert!(prices.iter().any(|p| p.ends_with(".99")) && prices.iter().any(|p| p.ends_with(".0")));
}
