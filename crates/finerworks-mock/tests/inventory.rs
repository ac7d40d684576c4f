//! The virtual inventory over HTTP: `list_virtual_inventory` lists the products of the inventory
//! images (filtered and paged), `update_virtual_inventory` changes them by SKU, `submit_product`
//! adds one to an image, and updating an image removes its products.

use crate::support;

use finerworks_api::limits::list_virtual_inventory_request::PER_PAGE_MAX;
use finerworks_mock::{MockConfig, MockServer, OmittedFields, ProductAnswer, UnknownInventorySku};
use serde_json::{Value, json};

use support::{call_ok, refused, start, start_with};

/// Every product of the inventory, in the default order (images by id, descending).
fn every_product(server: &MockServer) -> Vec<Value> {
    let mut images = server.inventory();
    images.sort_by_key(|image| std::cmp::Reverse(image.id));
    images
        .iter()
        .flat_map(|image| image.products.clone().unwrap_or_default())
        .map(|product| serde_json::to_value(product).unwrap())
        .collect()
}

fn skus(products: &[Value]) -> Vec<String> {
    products
        .iter()
        .map(|p| p["sku"].as_str().expect("a sku").to_owned())
        .collect()
}

async fn list(server: &MockServer, body: Value) -> Value {
    call_ok(
        server,
        "list_virtual_inventory",
        &body,
        "list_virtual_inventory_response",
    )
    .await
}

#[tokio::test]
async fn pages_partition_every_product_of_the_inventory_in_order() {
    let server = start().await;
    let expected = every_product(&server);
    assert!(
        expected.len() > 2 * PER_PAGE_MAX as usize,
        "{}",
        expected.len()
    );
    let mut listed = Vec::new();
    for page in 1.. {
        let answer = list(
            &server,
            json!({"page_number": page, "per_page": PER_PAGE_MAX}),
        )
        .await;
        assert_eq!(answer["count"], expected.len());
        let products = answer["products"].as_array().unwrap().clone();
        if products.is_empty() {
            break;
        }
        listed.extend(products);
    }
    assert_eq!(skus(&listed), skus(&expected));
}

#[tokio::test]
async fn filters_by_image_sku_and_code_and_ignores_a_list_of_more_than_fifty() {
    let server = start().await;
    let image = server
        .inventory()
        .into_iter()
        .find(|image| image.products.as_ref().is_some_and(|p| p.len() >= 2))
        .unwrap();
    let products = image.products.clone().unwrap();
    let answer = list(&server, json!({"guid_filter": [image.guid]})).await;
    assert_eq!(answer["count"], products.len());
    let sku = products[1].sku.clone().unwrap();
    let answer = list(&server, json!({"sku_filter": [sku]})).await;
    assert_eq!(skus(answer["products"].as_array().unwrap()), [sku.as_str()]);
    let code = products[0].product_code.clone().unwrap();
    let answer = list(
        &server,
        json!({"product_code_filter": [code], "per_page": 50}),
    )
    .await;
    assert!(
        answer["products"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["product_code"] == code.as_str())
    );
    let mut many: Vec<String> = (0..50).map(|n| format!("NONE{n}")).collect();
    many.push(sku);
    let answer = list(&server, json!({"sku_filter": many})).await;
    assert_eq!(
        answer["count"],
        every_product(&server).len(),
        "51 SKUs filter nothing"
    );
}

#[tokio::test]
async fn an_update_changes_the_skus_named_and_leaves_out_the_unknown() {
    let server = start().await;
    let product = every_product(&server).remove(0);
    let sku = product["sku"].as_str().unwrap();
    let answer = call_ok(
        &server,
        "update_virtual_inventory",
        &json!({"virtual_inventory": [
            {"sku": "NO-SUCH-SKU", "name": "x"},
            {"sku": sku, "asking_price": 19.99, "quantity_in_stock": 3, "track_inventory": true}
        ]}),
        "products_response",
    )
    .await;
    let changed = answer["products"].as_array().unwrap();
    assert_eq!(skus(changed), [sku]);
    let now = list(&server, json!({"sku_filter": [sku]})).await["products"][0].clone();
    assert_eq!(now["asking_price"], 19.99);
    assert_eq!(now["quantity_in_stock"], 3);
    assert_eq!(now["track_inventory"], true);
    assert_eq!(
        now["name"], product["name"],
        "a field left out keeps its value"
    );
}

fn store(image: &Value) -> Value {
    json!({
        "order_key": "00000000-0000-0000-0000-000000000000", "cart_id": 0, "mode": "store",
        "product": {"product_qty": 1, "product_sku": "5M41M1S8X10", "product_title": "Harbor",
                    "product_image": {"library_file": {"guid": image}}}
    })
}

#[tokio::test]
async fn store_mode_adds_a_product_with_a_new_sku_to_the_image() {
    let server = start().await;
    let image = server.inventory()[3].clone();
    let before = image.products.as_ref().map_or(0, Vec::len);
    let answer = call_ok(
        &server,
        "submit_product",
        &store(&json!(image.guid)),
        "submit_product_response",
    )
    .await;
    let sku = answer["product"]["sku"].as_str().unwrap().to_owned();
    assert_eq!(answer["product"]["image_guid"], json!(image.guid));
    let listed = list(&server, json!({"guid_filter": [image.guid]})).await;
    assert_eq!(listed["count"], before + 1);
    assert!(skus(listed["products"].as_array().unwrap()).contains(&sku));
    // A second submission is a second product.
    let again = call_ok(
        &server,
        "submit_product",
        &store(&json!(image.guid)),
        "submit_product_response",
    )
    .await;
    assert_ne!(again["product"]["sku"], sku.as_str());

    let errors = refused(&server, "submit_product", &store(&json!(uuid::Uuid::nil()))).await;
    assert!(
        errors["request.product.product_image.library_file.guid"].is_array(),
        "{errors}"
    );
}

#[tokio::test]
async fn the_status_answer_leaves_the_product_to_be_looked_up() {
    let server = start_with(MockConfig::new().product_answer(ProductAnswer::Status)).await;
    let image = server.inventory()[0].clone();
    let answer = call_ok(
        &server,
        "submit_product",
        &store(&json!(image.guid)),
        "submit_product_response",
    )
    .await;
    assert_eq!(answer["product"], Value::Null);
    let listed = list(&server, json!({"guid_filter": [image.guid]})).await;
    let before = image.products.as_ref().map_or(0, Vec::len);
    assert_eq!(listed["count"], before + 1);
}

#[tokio::test]
async fn updating_an_inventory_image_removes_its_products() {
    let server = start().await;
    let image = server
        .inventory()
        .into_iter()
        .find(|image| image.products.as_ref().is_some_and(|p| !p.is_empty()))
        .unwrap();
    call_ok(
        &server,
        "update_images",
        &json!({"images": [{"guid": image.guid, "title": "Renamed"}]}),
        "images_response",
    )
    .await;
    let listed = list(&server, json!({"guid_filter": [image.guid]})).await;
    assert_eq!(listed["count"], 0);
    assert_eq!(listed["products"], json!([]));
}

#[tokio::test]
async fn the_other_readings_refuse_an_unknown_sku_and_clear_what_is_left_out() {
    let server =
        start_with(MockConfig::new().unknown_inventory_sku(UnknownInventorySku::Refuse)).await;
    let product = every_product(&server).remove(0);
    let sku = product["sku"].as_str().unwrap();
    let body = json!({"virtual_inventory": [
        {"sku": sku, "name": "Renamed"}, {"sku": "NO-SUCH-SKU", "name": "x"}
    ]});
    let errors = refused(&server, "update_virtual_inventory", &body).await;
    assert_eq!(
        errors["request.virtual_inventory[1].sku"][0],
        "No product has the SKU 'NO-SUCH-SKU'."
    );
    let now = list(&server, json!({"sku_filter": [sku]})).await["products"][0].clone();
    assert_eq!(
        now["name"], product["name"],
        "nothing of the call was updated"
    );

    let server = start_with(MockConfig::new().omitted_fields(OmittedFields::Clear)).await;
    let product = every_product(&server).remove(0);
    let sku = product["sku"].as_str().unwrap();
    let answer = call_ok(
        &server,
        "update_virtual_inventory",
        &json!({"virtual_inventory": [{"sku": sku, "quantity_in_stock": 2}]}),
        "products_response",
    )
    .await;
    let changed = &answer["products"][0];
    assert_eq!(changed["quantity_in_stock"], 2);
    assert_eq!(changed["name"], Value::Null, "a field left out is cleared");
    assert_eq!(changed["asking_price"], Value::Null);
    assert_eq!(
        changed["product_code"], product["product_code"],
        "not a field of the update"
    );
}
