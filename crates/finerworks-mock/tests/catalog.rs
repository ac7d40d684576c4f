//! The catalog over HTTP: the vendor's `get_prices` example priced, either body form under each
//! `BodyForm`, strict mode on a bare array, and unknown SKUs under each `UnknownSku`.

use crate::support;

use finerworks_mock::{BodyForm, MockConfig, UnknownSku};
use serde_json::{Value, json};
use support::{call_ok, refused, start_with, vendor};

fn keys(model_state: &Value) -> Vec<String> {
    model_state
        .as_object()
        .expect("a ModelState")
        .keys()
        .cloned()
        .collect()
}

#[tokio::test]
async fn the_vendor_example_is_priced_and_each_body_form_is_read_as_configured() {
    let example = vendor("get_prices");
    let array = example["products"].clone();
    for form in BodyForm::ALL {
        let server = start_with(MockConfig::new().prices_body(form)).await;
        for (body, read) in [
            (&example, form != BodyForm::Array),
            (&array, form != BodyForm::Object),
        ] {
            if read {
                let answer = call_ok(&server, "get_prices", body, "get_prices_response").await;
                let prices = answer["prices"].as_array().expect("prices");
                assert_eq!(prices.len(), 2, "{form}: {answer}");
                assert_eq!(
                    prices[0], prices[1],
                    "{form}: the same SKU twice, the same price"
                );
                assert_eq!(prices[0]["product_sku"], "sample string 2");
            } else {
                let model_state = refused(&server, "get_prices", body).await;
                assert_eq!(keys(&model_state), ["request"], "{form}: {model_state}");
            }
        }
    }
}

#[tokio::test]
async fn strict_mode_checks_each_item_of_a_bare_array() {
    let server = start_with(MockConfig::new().strict(true)).await;
    let good = json!([{"product_qty": 2, "product_sku": "AP1"}]);
    call_ok(&server, "get_prices", &good, "get_prices_response").await;
    let bad =
        json!([{"product_qty": 2, "product_sku": 5}, {"product_qty": 1000, "product_sku": "B"}]);
    let model_state = refused(&server, "get_prices", &bad).await;
    assert_eq!(
        keys(&model_state),
        ["request[0].product_sku", "request[1].product_qty"],
        "{model_state}"
    );
}

#[tokio::test]
async fn an_unknown_sku_gets_what_the_reading_says() {
    let body = json!({"products": [{"product_qty": 1, "product_sku": "AP1"}, {"product_qty": 1, "product_sku": "no-such-1"}]});
    for unknown in UnknownSku::ALL {
        let server = start_with(MockConfig::new().unknown_sku(unknown)).await;
        if unknown == UnknownSku::Refused {
            let model_state = refused(&server, "get_prices", &body).await;
            assert_eq!(keys(&model_state), ["request.products[1].product_sku"]);
            continue;
        }
        let answer = call_ok(&server, "get_prices", &body, "get_prices_response").await;
        let prices = answer["prices"].as_array().unwrap();
        match unknown {
            UnknownSku::Priced => assert!(prices[1]["total_price"].is_number(), "{answer}"),
            UnknownSku::Omitted => assert_eq!(prices.len(), 1, "{answer}"),
            _ => assert_eq!(prices[1]["total_price"], Value::Null, "{answer}"),
        }
        let details = call_ok(
            &server,
            "get_product_details",
            &body,
            "get_product_details_response",
        )
        .await;
        let expected = if unknown == UnknownSku::Omitted { 1 } else { 2 };
        assert_eq!(
            details["product_list"].as_array().unwrap().len(),
            expected,
            "{unknown}: {details}"
        );
    }
}
