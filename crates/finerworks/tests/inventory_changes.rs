//! Changing the virtual inventory through the SDK, against the mock: updates by SKU in batches
//! of 50 (with the SKUs that matched nothing and the calls that failed reported), products added
//! from an image without ever being submitted twice (an unknown fate is looked up), and an image
//! update removing its products. What the SDK sent is read from the mock's log.

use std::time::Duration;

use finerworks::{Client, Error, Money, ProductFate, ProductUpdate, RequestField, RetryPolicy};
use finerworks_mock::{Fault, MockConfig, MockServer, ProductAnswer, UnknownInventorySku};
use uuid::Uuid;

fn client_for(mock: &MockServer, concurrency: usize) -> Client {
    Client::builder()
        .base_url(mock.base_url())
        .web_api_key(mock.web_api_key())
        .app_key(mock.app_key())
        .session_id("inventory-changes-session")
        .concurrency(concurrency)
        .retry(
            RetryPolicy::default()
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(5)),
        )
        .build()
        .unwrap()
}

async fn mock(config: MockConfig) -> MockServer {
    MockServer::start_with(config.images(120).seed(23).strict(true))
        .await
        .unwrap()
}

/// Every SKU of the mock's inventory as it is now, in upload order.
fn skus(mock: &MockServer) -> Vec<String> {
    mock.inventory()
        .iter()
        .flat_map(|image| image.products.iter().flatten())
        .map(|product| product.sku.clone().unwrap())
        .collect()
}

/// How many requests for `operation` the mock logged.
fn calls(mock: &MockServer, operation: &str) -> usize {
    mock.requests()
        .iter()
        .filter(|request| request.operation.as_deref() == Some(operation))
        .count()
}

fn price(text: &str) -> Money {
    text.parse().unwrap()
}

#[tokio::test]
async fn an_update_of_any_size_goes_fifty_a_call_and_names_the_skus_that_matched_nothing() {
    let mock = mock(MockConfig::new()).await;
    let client = client_for(&mock, 2);
    let known = skus(&mock);
    assert!(known.len() >= 110, "{}", known.len());
    let mut updates: Vec<ProductUpdate> = known[..110]
        .iter()
        .map(|sku| {
            ProductUpdate::new(sku)
                .asking_price(price("49.99"))
                .track_inventory(true)
        })
        .collect();
    updates.insert(7, ProductUpdate::new("NO-SUCH-SKU").name("nothing"));
    let updated = client.inventory().update(updates).send().await.unwrap();
    assert_eq!(updated.products.len(), 110);
    assert_eq!(updated.not_found, ["NO-SUCH-SKU"]);
    assert!(updated.failed.is_empty() && !updated.is_complete());
    assert_eq!(
        calls(&mock, "update_virtual_inventory"),
        3,
        "111 updates: 50 + 50 + 11"
    );
    for request in mock.requests() {
        if let Some(body) = &request.body {
            assert!(
                body["virtual_inventory"]
                    .as_array()
                    .is_none_or(|a| a.len() <= 50)
            );
        }
    }
    let listed = client
        .inventory()
        .list()
        .sku_filter(&known[..3])
        .send()
        .await
        .unwrap();
    for product in &listed.items {
        assert_eq!(product.asking_price, Some(price("49.99")));
        assert_eq!(product.track_inventory, Some(true));
    }
    assert_eq!(listed.items.len(), 3);
}

#[tokio::test]
async fn a_failed_update_call_is_reported_with_its_skus_and_the_others_stand() {
    let mock = mock(MockConfig::new()).await;
    let client = client_for(&mock, 1);
    let known = skus(&mock);
    let updates = known[..60]
        .iter()
        .map(|sku| ProductUpdate::new(sku).quantity_in_stock(4));
    mock.faults()
        .push_for("update_virtual_inventory", Fault::Unsuccessful)
        .unwrap();
    let error = client.inventory().update(updates).send().await.unwrap_err();
    let Error::InventoryUpdateIncomplete(report) = error else {
        panic!("not an incomplete update: {error}");
    };
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].skus, known[..50]);
    assert_eq!(report.products.len(), 10);
    assert!(
        report.to_string().contains("50 skus in calls that failed"),
        "{report}"
    );
}

#[tokio::test]
async fn an_update_that_changes_nothing_or_names_no_sku_is_refused_before_sending() {
    let mock = mock(MockConfig::new()).await;
    let client = client_for(&mock, 2);
    let error = client
        .inventory()
        .update([
            ProductUpdate::new("AP1P10000").name("x"),
            ProductUpdate::new("AP1P10001"),
        ])
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            &error,
            Error::InvalidRequest {
                field: RequestField::Sku { index: 1 },
                ..
            }
        ),
        "{error}"
    );
    assert!(
        error
            .to_string()
            .starts_with("invalid request: virtual_inventory[1].sku"),
        "{error}"
    );
    let error = client.inventory().update([]).send().await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("virtual_inventory must hold at least 1"),
        "{error}"
    );
    assert_eq!(mock.request_count(), 0);
}

/// An inventory image and the product code of one of its products.
fn image_and_code(mock: &MockServer) -> (Uuid, String) {
    let image = mock
        .inventory()
        .into_iter()
        .find(|image| image.products.as_ref().is_some_and(|p| !p.is_empty()))
        .unwrap();
    let code = image.products.unwrap()[0].product_code.clone().unwrap();
    (image.guid.unwrap(), code)
}

#[tokio::test]
async fn a_product_is_added_once_with_a_new_sku_and_listed() {
    let mock = mock(MockConfig::new()).await;
    let client = client_for(&mock, 2);
    let (image, code) = image_and_code(&mock);
    let before = skus(&mock);
    let added = client
        .inventory()
        .add_product(image, &code)
        .title("Harbor at dawn")
        .send()
        .await
        .unwrap();
    let sku = added.sku().unwrap().to_owned();
    assert!(!before.contains(&sku));
    assert!(!added.found_by_lookup);
    assert_eq!(added.product.product_code.as_deref(), Some(code.as_str()));
    assert_eq!(added.product.image_guid, Some(image));
    assert_eq!(calls(&mock, "submit_product"), 1);
    let listed = client
        .inventory()
        .list()
        .sku_filter([&sku])
        .send()
        .await
        .unwrap();
    assert_eq!(listed.items.len(), 1);
}

#[tokio::test]
async fn an_answer_without_the_product_is_settled_by_a_lookup() {
    let mock = mock(MockConfig::new().product_answer(ProductAnswer::Status)).await;
    let client = client_for(&mock, 2);
    let (image, code) = image_and_code(&mock);
    let before = skus(&mock);
    let added = client
        .inventory()
        .add_product(image, &code)
        .send()
        .await
        .unwrap();
    assert!(added.found_by_lookup);
    let after = skus(&mock);
    let new: Vec<&String> = after.iter().filter(|sku| !before.contains(sku)).collect();
    assert_eq!(new, [added.sku().unwrap()]);
}

#[tokio::test]
async fn a_call_that_certainly_did_not_act_is_sent_again_one_of_unknown_fate_never() {
    let mock = mock(MockConfig::new()).await;
    let client = client_for(&mock, 2);
    let (image, code) = image_and_code(&mock);

    // A 429: FinerWorks did not act, so the call is sent again, and adds one product.
    mock.faults()
        .push_for(
            "submit_product",
            Fault::TooManyRequests {
                retry_after: Duration::ZERO,
            },
        )
        .unwrap();
    let before = skus(&mock).len();
    client
        .inventory()
        .add_product(image, &code)
        .send()
        .await
        .unwrap();
    assert_eq!(calls(&mock, "submit_product"), 2);
    assert_eq!(skus(&mock).len(), before + 1);

    // A 500: it may have acted. Not sent again; the lookup finds no new product, so its fate
    // stays unknown, and says so.
    mock.reset_log();
    mock.faults()
        .push_for("submit_product", Fault::InternalServerError)
        .unwrap();
    let error = client
        .inventory()
        .add_product(image, &code)
        .send()
        .await
        .unwrap_err();
    assert_eq!(calls(&mock, "submit_product"), 1, "sent once");
    let Error::ProductUnsettled(unsettled) = error else {
        panic!("not unsettled: {error}");
    };
    assert_eq!(unsettled.fate, ProductFate::Unknown);
    assert!(unsettled.new_products.is_empty() && unsettled.lookup_error.is_none());
    assert!(
        unsettled
            .error
            .as_ref()
            .is_some_and(|e| e.http_status() == Some(500))
    );
    assert!(
        unsettled
            .to_string()
            .contains("may or may not have been added"),
        "{unsettled}"
    );
    assert_eq!(skus(&mock).len(), before + 1, "nothing more was added");
}

/// The connection drops after FinerWorks added the product (another submission, made while the
/// SDK's call is held, stands for the effect of the call): the lookup finds the one new product
/// and settles the call as added.
#[tokio::test]
async fn a_dropped_call_whose_product_was_added_is_settled_by_the_lookup() {
    let mock = mock(MockConfig::new()).await;
    let client = client_for(&mock, 2);
    let (image, code) = image_and_code(&mock);
    let before = skus(&mock);
    mock.faults()
        .set_latency(Duration::from_millis(500), Duration::ZERO);
    mock.faults()
        .push_for("submit_product", Fault::DropConnection)
        .unwrap();
    let adding = tokio::spawn(client.inventory().add_product(image, code.clone()).send());
    // Once the SDK's call has arrived (and is held until it is dropped), the product is added.
    while calls(&mock, "submit_product") == 0 {
        tokio::task::yield_now().await;
    }
    // Sent raw: one call, which adds the product as it arrives (the answer is held too).
    let body = serde_json::json!({
        "order_key": Uuid::nil(), "cart_id": 0, "mode": "store",
        "product": {"product_qty": 1, "product_sku": code,
                    "product_image": {"library_file": {"guid": image}}}
    });
    let submit = finerworks::OperationInfo::find("submit_product").unwrap();
    let made = tokio::spawn(client_for(&mock, 1).call_raw(submit, Some(body)).send());
    let added = adding.await.unwrap().unwrap();
    made.await.unwrap().unwrap();
    assert!(added.found_by_lookup);
    assert!(!before.contains(&added.sku().unwrap().to_owned()));
    assert_eq!(
        calls(&mock, "submit_product"),
        2,
        "the SDK's call was not sent again"
    );
}

#[tokio::test]
async fn updating_an_inventory_image_removes_its_products() {
    let mock = mock(MockConfig::new()).await;
    let client = client_for(&mock, 2);
    let (image, _) = image_and_code(&mock);
    let listed = |client: Client| async move {
        client
            .inventory()
            .list()
            .guid_filter([image])
            .collect_all()
            .await
            .unwrap()
    };
    assert!(!listed(client.clone()).await.is_empty());
    client
        .images()
        .update([finerworks::ImageUpdate::new(image).title("Renamed")])
        .send()
        .await
        .unwrap();
    assert!(listed(client).await.is_empty());
}

/// Under the other reading of an unknown SKU (a 400 naming it, nothing of the call updated), the
/// call holding it fails with FinerWorks' answer, and the other calls' products are updated.
#[tokio::test]
async fn a_server_that_refuses_an_unknown_sku_fails_only_its_call() {
    let mock = mock(MockConfig::new().unknown_inventory_sku(UnknownInventorySku::Refuse)).await;
    let client = client_for(&mock, 1);
    let known = skus(&mock);
    let mut updates: Vec<ProductUpdate> = known[..60]
        .iter()
        .map(|sku| ProductUpdate::new(sku).quantity_in_stock(5))
        .collect();
    updates[3] = ProductUpdate::new("NO-SUCH-SKU").quantity_in_stock(5);
    let error = client.inventory().update(updates).send().await.unwrap_err();
    let Error::InventoryUpdateIncomplete(report) = error else {
        panic!("not an incomplete update: {error}");
    };
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].skus[3], "NO-SUCH-SKU");
    assert_eq!(report.failed[0].error.http_status(), Some(400));
    assert!(
        report.failed[0]
            .error
            .to_string()
            .contains("virtual_inventory[3].sku"),
        "{}",
        report.failed[0].error
    );
    assert_eq!(report.products.len(), 10, "the second call's products");
    assert_eq!(
        calls(&mock, "update_virtual_inventory"),
        2,
        "a 400 is not retried"
    );
}
