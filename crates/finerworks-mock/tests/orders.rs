//! Orders over HTTP: submissions recorded with new ids, found by id and by PO, checked only with
//! `validate_only`, test orders, duplicate POs, the lifecycle and `update_order`.

use crate::support;

use finerworks_mock::{
    DuplicatePo, FIRST_CONFIRMATION_ID, FIRST_ORDER_ID, MockConfig, OrderIdKind, TestOrders,
    ValidateAnswer,
};
use serde_json::{Value, json};

use support::{call, call_ok, order_fixture, refused, start, start_with};

/// The fixture's order with `po` as its PO.
fn order(po: &str) -> Value {
    let mut order = order_fixture("list_shipping_options");
    order["order_po"] = json!(po);
    order
}

fn submission(orders: &[Value]) -> Value {
    json!({ "orders": orders })
}

async fn submit(server: &finerworks_mock::MockServer, body: &Value) -> Value {
    call_ok(server, "submit_orders", body, "submit_orders_response").await
}

async fn fetch(server: &finerworks_mock::MockServer, body: &Value) -> Vec<Value> {
    let answer = call_ok(
        server,
        "fetch_order_status",
        body,
        "fetch_order_status_response",
    )
    .await;
    answer["orders"].as_array().expect("orders").clone()
}

#[tokio::test]
async fn a_submission_records_each_order_with_new_ids_found_by_id_and_po() {
    let server = start().await;
    let answer = submit(&server, &submission(&[order("A-1"), order("A-2")])).await;
    let received = answer["orders"].as_array().unwrap();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0]["order_po"], "A-1");
    assert_eq!(received[0]["order_id"], FIRST_ORDER_ID);
    assert_eq!(received[1]["order_id"], FIRST_ORDER_ID + 1);
    assert_eq!(
        received[1]["order_confirmation_id"],
        FIRST_CONFIRMATION_ID + 1
    );
    assert!(received[0]["order_guid"].is_string());
    assert_eq!(server.orders().len(), 2);

    let found = fetch(
        &server,
        &json!({"order_ids": [FIRST_ORDER_ID + 1, 999], "order_pos": null}),
    )
    .await;
    assert_eq!(found.len(), 1, "an unknown id gets no entry");
    assert_eq!(found[0]["order_po"], "A-2");
    assert_eq!(found[0]["order_status_id"], 3);
    assert_eq!(found[0]["order_status_label"], "Order Received");
    let found = fetch(&server, &json!({"order_pos": ["A-1"]})).await;
    assert_eq!(found[0]["order_id"], FIRST_ORDER_ID);
    // The default id kind is the order id: a confirmation id finds nothing.
    assert!(
        fetch(&server, &json!({"order_ids": [FIRST_CONFIRMATION_ID]}))
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn the_confirmation_id_kind_finds_orders_by_their_confirmation_id() {
    let server = start_with(MockConfig::new().order_id_kind(OrderIdKind::ConfirmationId)).await;
    submit(&server, &submission(&[order("K-1")])).await;
    assert!(
        fetch(&server, &json!({"order_ids": [FIRST_ORDER_ID]}))
            .await
            .is_empty()
    );
    let found = fetch(&server, &json!({"order_ids": [FIRST_CONFIRMATION_ID]})).await;
    assert_eq!(found[0]["order_po"], "K-1");
}

#[tokio::test]
async fn validate_only_records_nothing_and_answers_as_the_switch_says() {
    let server = start().await;
    let mut body = submission(&[order("V-1")]);
    body["validate_only"] = json!(true);
    let answer = submit(&server, &body).await;
    assert_eq!(answer["orders"], Value::Null);
    assert!(server.orders().is_empty());

    let listing = start_with(MockConfig::new().validate_answer(ValidateAnswer::Orders)).await;
    let answer = submit(&listing, &body).await;
    assert_eq!(answer["orders"][0]["order_po"], "V-1");
    assert_eq!(answer["orders"][0]["order_id"], Value::Null);
    assert!(listing.orders().is_empty());
    // A bad order is still refused, naming its field.
    body["orders"][0]["recipient"]["state_code"] = Value::Null;
    let model_state = refused(&server, "submit_orders", &body).await;
    assert!(
        model_state["request.orders[0].recipient.state_code"].is_array(),
        "{model_state}"
    );
}

#[tokio::test]
async fn test_orders_are_recorded_and_answered_as_the_switch_says() {
    for mode in TestOrders::ALL {
        let server = start_with(MockConfig::new().test_orders(*mode)).await;
        let mut test = order("T-1");
        test["test_mode"] = json!(true);
        let answer = submit(&server, &submission(&[test])).await;
        let v2 = json!({"orders": [order("T-2")], "payment_token": "xxxx"});
        let answer_v2 = call_ok(&server, "submit_orders_v2", &v2, "submit_orders_response").await;
        let orders = server.orders();
        assert!(orders.iter().all(|order| order.test), "{mode}");
        assert_eq!(orders.len(), 2);
        for answer in [answer, answer_v2] {
            match mode {
                TestOrders::Null => assert_eq!(answer["orders"], Value::Null, "{mode}"),
                _ => assert_eq!(answer["orders"].as_array().map(Vec::len), Some(1), "{mode}"),
            }
        }
        // A real token places a real order, answered in every mode.
        let real = json!({"orders": [order("T-3")], "payment_token": "invoice"});
        let answer = call_ok(&server, "submit_orders_v2", &real, "submit_orders_response").await;
        assert_eq!(answer["orders"][0]["order_po"], "T-3");
        assert!(!server.orders()[2].test);
    }
}

#[tokio::test]
async fn limits_and_required_fields_are_refused_naming_the_field() {
    let server = start().await;
    let six: Vec<Value> = (0..6).map(|n| order(&format!("L-{n}"))).collect();
    let model_state = refused(&server, "submit_orders", &submission(&six)).await;
    assert!(model_state["request.orders"].is_array(), "{model_state}");
    let fifty_one: Vec<Value> = (0..51).map(|n| order(&format!("L-{n}"))).collect();
    let body = json!({"orders": fifty_one, "payment_token": "invoice"});
    let model_state = refused(&server, "submit_orders_v2", &body).await;
    assert!(model_state["request.orders"].is_array(), "{model_state}");
    let model_state = refused(&server, "submit_orders_v2", &submission(&six[..2])).await;
    assert_eq!(
        model_state["request.payment_token"][0],
        "The payment_token field is required."
    );
    let mut bad = order("L-9");
    bad["shipping_code"] = json!("ZZ");
    bad["order_items"][0]["product_qty"] = json!(0);
    let model_state = refused(&server, "submit_orders", &submission(&[order("L-8"), bad])).await;
    let keys: Vec<&String> = model_state.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["request.orders[1].order_items[0].product_qty"],
        "{model_state}"
    );
    assert!(
        server.orders().is_empty(),
        "nothing is recorded from a refused submission"
    );
    let mut bad = order("L-10");
    bad["shipping_code"] = json!("ZZ");
    let model_state = refused(&server, "submit_orders", &submission(&[bad])).await;
    assert!(
        model_state["request.orders[0].shipping_code"][0]
            .as_str()
            .unwrap()
            .contains("EC, SD, EX, FS")
    );
}

#[tokio::test]
async fn a_duplicate_po_is_placed_again_or_refused_as_the_switch_says() {
    let placing = start().await;
    submit(&placing, &submission(&[order("D-1")])).await;
    submit(&placing, &submission(&[order("D-1")])).await;
    let found = fetch(&placing, &json!({"order_pos": ["D-1"]})).await;
    assert_eq!(found.len(), 2, "every order with the PO is answered");
    assert_ne!(found[0]["order_id"], found[1]["order_id"]);

    let refusing = start_with(MockConfig::new().duplicate_po(DuplicatePo::Refuse)).await;
    submit(&refusing, &submission(&[order("D-1")])).await;
    let model_state = refused(
        &refusing,
        "submit_orders",
        &submission(&[order("D-2"), order("D-1")]),
    )
    .await;
    assert_eq!(
        model_state.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["request.orders[1].order_po"]
    );
    // Twice in one submission is a duplicate too.
    let model_state = refused(
        &refusing,
        "submit_orders",
        &submission(&[order("D-3"), order("D-3")]),
    )
    .await;
    assert!(model_state["request.orders[1].order_po"].is_array());
    assert_eq!(
        refusing.orders().len(),
        1,
        "nothing of a refused submission is recorded"
    );
    // Once cancelled, the PO may be submitted again (vendor).
    let cancel = json!({"order_id": FIRST_ORDER_ID, "update_command": "cancel"});
    call_ok(&refusing, "update_order", &cancel, "status_response").await;
    submit(&refusing, &submission(&[order("D-1")])).await;
    assert_eq!(refusing.orders().len(), 2);
    let response = call(&refusing, "submit_orders", &submission(&[order("D-1")])).await;
    assert_eq!(response.status(), reqwest::StatusCode::BAD_REQUEST);
}
