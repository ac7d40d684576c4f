//! The two libraries and the products: the temporary library is its own set of expiring images,
//! and `list_products` fills in the inventory's products only when asked.

use crate::support;

use std::collections::HashSet;

use serde_json::{Value, json};

use support::{all_ids, body, by_default_order, ids, images, list, start, without};

#[tokio::test]
async fn the_temporary_library_is_its_own_set_of_expiring_images_without_products() {
    let server = start().await;
    let temporary = server.dataset().temporary();
    assert_eq!(temporary.len(), server.dataset().inventory().len() / 10 + 3);
    let request = body(json!({"library": {"name": "temporary"}, "list_products": true}));
    let got = all_ids(&server, &request).await;
    assert_eq!(got, by_default_order(temporary));
    let inventory: HashSet<i64> = ids(server.dataset().inventory()).into_iter().collect();
    assert!(got.iter().all(|id| !inventory.contains(id)));

    let (raw, page) = list(&server, &request).await;
    assert!(!images(&page).is_empty());
    for image in images(&page) {
        assert!(image.date_expires.is_some());
        assert!(image.date_expires.unwrap().to_utc() > image.date_added.unwrap().to_utc());
    }
    for image in raw["images"].as_array().unwrap() {
        assert_eq!(image["products"], Value::Null);
    }
}

#[tokio::test]
async fn list_products_fills_products_for_the_inventory_only_when_asked() {
    let server = start().await;
    let dataset = server.dataset().inventory();
    let (_, with) = list(
        &server,
        &body(json!({"list_products": true, "per_page": 50})),
    )
    .await;
    let mut products = 0;
    assert_eq!(images(&with).len(), 50);
    for image in images(&with) {
        let original = dataset.iter().find(|i| i.id == image.id).unwrap();
        assert_eq!(image, original, "served exactly as generated");
        let list = image.products.as_deref().unwrap();
        assert!(list.len() <= 4);
        for product in list {
            assert_eq!(product.image_guid, image.guid);
            assert_eq!(product.monetary_format.as_deref(), Some("USD"));
            assert!(
                product
                    .labels
                    .as_ref()
                    .is_some_and(|l| l.iter().any(|l| l.key.as_deref() == Some("sku")))
            );
        }
        products += list.len();
    }
    assert!(products > 0);

    // `false`, or left out (an explicit null is a 400 by default, as for a .NET `bool`: see
    // `finerworks_mock::Nulls`).
    let off = body(json!({"per_page": 50, "list_products": false}));
    for request in [without(off.clone(), "list_products"), off] {
        let (raw, _) = list(&server, &request).await;
        let served = raw["images"].as_array().unwrap();
        assert_eq!(served.len(), 50);
        for image in served {
            assert_eq!(image.get("products"), Some(&Value::Null));
        }
    }
}
