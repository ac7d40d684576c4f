//! An order's life over HTTP: the status definitions, advancing (by a call or by the pace),
//! `update_order` before and after production, pending orders, shipping quotes, webhooks, and
//! the faults that strike after an order was recorded.

use crate::support;

use std::time::Duration;

use axum::Json;
use axum::routing::post;
use finerworks_mock::{FIRST_ORDER_ID, Fault, MockConfig, MockServer, SALES_TAX_PERCENT};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use support::{call, call_ok, call_text, order_fixture, refused, start, start_with};

fn order(po: &str) -> Value {
    let mut order = order_fixture("list_shipping_options");
    order["order_po"] = json!(po);
    order
}

async fn submit(server: &MockServer, orders: Vec<Value>) -> Value {
    call_ok(
        server,
        "submit_orders",
        &json!({ "orders": orders }),
        "submit_orders_response",
    )
    .await
}

async fn status_of(server: &MockServer, id: i64) -> Value {
    let body = json!({ "order_ids": [id] });
    let answer = call_ok(
        server,
        "fetch_order_status",
        &body,
        "fetch_order_status_response",
    )
    .await;
    answer["orders"][0].clone()
}

async fn update(server: &MockServer, id: i64, command: &str) -> reqwest::Response {
    call(
        server,
        "update_order",
        &json!({"order_id": id, "update_command": command}),
    )
    .await
}

#[tokio::test]
async fn the_definitions_list_the_vendors_three_and_the_later_statuses() {
    let server = start().await;
    let answer = call_text(&server, "list_order_status_definitions", None).await;
    let answer: Value = answer.json().await.unwrap();
    support::assert_conforms(&answer, "list_order_status_definitions_response");
    let labels: Vec<&str> = answer["definitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["order_status_label"].as_str().unwrap())
        .collect();
    assert_eq!(
        &labels[..3],
        [
            "Waiting Customer Response",
            "Pending Payment",
            "Order Received"
        ]
    );
    for later in ["In Production", "Shipped", "Cancelled", "On Hold"] {
        assert!(labels.contains(&later), "{labels:?}");
    }
}

#[tokio::test]
async fn orders_advance_to_shipped_with_tracking_and_updates_stop_at_production() {
    let server = start().await;
    submit(&server, vec![order("L-1"), order("L-2")]).await;
    let (first, second) = (FIRST_ORDER_ID, FIRST_ORDER_ID + 1);
    // Held before production: it waits while the other moves on.
    assert_eq!(update(&server, second, "hold").await.status(), 200);
    assert_eq!(
        status_of(&server, second).await["order_status_label"],
        "On Hold"
    );
    let pending = call_ok(
        &server,
        "list_pending_orders",
        &json!({"ids": [first, second, 1]}),
        "list_pending_orders_response",
    )
    .await;
    assert_eq!(pending["orders"].as_array().unwrap().len(), 2);
    assert_eq!(pending["orders"][1]["order_po"], "L-2");
    assert_eq!(server.advance_orders().len(), 1);
    assert_eq!(
        status_of(&server, first).await["order_status_label"],
        "In Production"
    );
    assert_eq!(
        status_of(&server, second).await["order_status_label"],
        "On Hold"
    );
    // In production: too late to hold or cancel, refused naming the id.
    let response = update(&server, first, "cancel").await;
    assert_eq!(response.status(), 400);
    let error: Value = response.json().await.unwrap();
    assert!(
        error["ModelState"]["request.order_id"][0]
            .as_str()
            .unwrap()
            .contains("In Production"),
        "{error}"
    );
    let pending = call_ok(
        &server,
        "list_pending_orders",
        &json!({"ids": [first, second]}),
        "list_pending_orders_response",
    )
    .await;
    assert_eq!(
        pending["orders"].as_array().unwrap().len(),
        1,
        "only the held one is pending"
    );
    server.advance_orders();
    let shipped = status_of(&server, first).await;
    assert_eq!(shipped["order_status_label"], "Shipped");
    let shipment = &shipped["shipments"][0];
    assert!(
        shipment["tracking_number"]
            .as_str()
            .unwrap()
            .starts_with("1Z"),
        "{shipment}"
    );
    assert!(
        shipment["tracking_url"]
            .as_str()
            .unwrap()
            .contains(shipment["tracking_number"].as_str().unwrap())
    );
    // Released, then cancelled (twice: the same status again changes nothing).
    assert_eq!(update(&server, second, "pending").await.status(), 200);
    assert_eq!(update(&server, second, "cancel").await.status(), 200);
    assert_eq!(update(&server, second, "cancel").await.status(), 200);
    server.advance_orders();
    assert_eq!(
        status_of(&server, second).await["order_status_label"],
        "Cancelled"
    );
    let model_state = refused(
        &server,
        "update_order",
        &json!({"order_id": 42, "update_command": "hold"}),
    )
    .await;
    assert!(model_state["request.order_id"].is_array());
    let model_state = refused(
        &server,
        "update_order",
        &json!({"order_id": first, "update_command": "stop"}),
    )
    .await;
    assert!(
        model_state["request.update_command"].is_array(),
        "{model_state}"
    );
}

#[tokio::test(start_paused = true)]
async fn with_a_pace_orders_move_on_by_themselves() {
    let server = start_with(MockConfig::new().order_pace(Some(Duration::from_secs(60)))).await;
    submit(&server, vec![order("P-1")]).await;
    tokio::time::sleep(Duration::from_secs(59)).await;
    assert_eq!(server.orders()[0].status_label(), "Order Received");
    tokio::time::sleep(Duration::from_secs(16)).await;
    assert_eq!(server.orders()[0].status_label(), "In Production");
    tokio::time::sleep(Duration::from_secs(75)).await;
    assert_eq!(server.orders()[0].status_label(), "Shipped");
    // Without a pace, time alone moves nothing.
    let still = start().await;
    submit(&still, vec![order("P-2")]).await;
    tokio::time::sleep(Duration::from_secs(3_600)).await;
    assert_eq!(still.orders()[0].status_label(), "Order Received");
}

#[tokio::test]
async fn shipping_options_price_the_order_from_the_catalog_with_tax() {
    let server = start().await;
    let mut quoted = order("S-1");
    quoted["order_items"][0]["product_qty"] = json!(3);
    let answer = call_ok(
        &server,
        "list_shipping_options",
        &quoted,
        "list_shipping_options_response",
    )
    .await;
    let options = answer["options"].as_array().unwrap();
    let codes: Vec<&str> = options
        .iter()
        .map(|o| o["shipping_code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["EC", "SD", "EX", "FS"]);
    let prices = call_ok(
        &server,
        "get_prices",
        &json!({"products": [{"product_qty": 3, "product_sku": "AP1234P1234"}]}),
        "get_prices_response",
    )
    .await;
    let decimal = |v: &Value| v.to_string().parse::<Decimal>().unwrap();
    let subtotal = decimal(&prices["prices"][0]["total_price"]);
    for option in options {
        let total = &option["calculated_total"];
        assert_eq!(decimal(&total["order_subtotal"]), subtotal);
        let rate = decimal(&option["rate"]);
        let tax = decimal(&total["order_sales_tax"]);
        assert_eq!(
            tax,
            ((subtotal + rate) * SALES_TAX_PERCENT / Decimal::ONE_HUNDRED)
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        );
        assert_eq!(decimal(&total["order_grand_total"]), subtotal + rate + tax);
    }
    let again = call_ok(
        &server,
        "list_shipping_options",
        &quoted,
        "list_shipping_options_response",
    )
    .await;
    assert_eq!(again["options"], answer["options"], "deterministic");
    let multiple = json!({"orders": [quoted, order("S-2")]});
    let answer = call_ok(
        &server,
        "list_shipping_options_multiple",
        &multiple,
        "list_shipping_options_multiple_response",
    )
    .await;
    assert_eq!(answer["orders"][1]["order_po"], "S-2");
    assert_eq!(answer["orders"][0]["options"], again["options"]);
}

#[tokio::test]
async fn a_webhook_gets_each_status_change_and_a_dead_one_is_not_fatal() {
    let (sent, mut received) = mpsc::unbounded_channel::<Value>();
    let app = axum::Router::new().route(
        "/hook",
        post(move |Json(body): Json<Value>| {
            let sent = sent.clone();
            async move {
                let _ = sent.send(body);
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });

    let server = start().await;
    let mut hooked = order("W-1");
    hooked["webhook_order_status_url"] = json!(url);
    let mut dead = order("W-2");
    dead["webhook_order_status_url"] = json!("http://127.0.0.1:9/nobody");
    submit(&server, vec![hooked, dead]).await;
    server.advance_orders();
    let posted = received.recv().await.unwrap();
    support::assert_conforms(&posted, "order_status");
    assert_eq!(
        (
            posted["order_po"].clone(),
            posted["order_status_label"].clone()
        ),
        (json!("W-1"), json!("In Production"))
    );
    server.advance_orders();
    let posted = received.recv().await.unwrap();
    assert_eq!(posted["order_status_label"], "Shipped");
    assert!(posted["shipments"][0]["tracking_number"].is_string());
    // Four attempts, the dead ones recorded as failures; the server still answers.
    for _ in 0..200 {
        if server.webhook_deliveries().len() == 4 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let deliveries = server.webhook_deliveries();
    assert_eq!(deliveries.len(), 4, "{deliveries:?}");
    assert_eq!(
        deliveries.iter().filter(|d| d.outcome == Ok(200)).count(),
        2
    );
    assert_eq!(deliveries.iter().filter(|d| d.outcome.is_err()).count(), 2);
    assert_eq!(
        status_of(&server, FIRST_ORDER_ID + 1).await["order_status_label"],
        "Shipped"
    );
}

#[tokio::test]
async fn a_fault_after_the_fact_records_the_order_and_loses_the_answer() {
    let server = start().await;
    let v2 = |po: &str| json!({"orders": [order(po)], "payment_token": "invoice"});
    server
        .faults()
        .push_for("submit_orders_v2", Fault::InternalServerErrorAfter)
        .unwrap();
    let response = call(&server, "submit_orders_v2", &v2("F-1")).await;
    assert_eq!(response.status(), 500);
    server
        .faults()
        .push_for("submit_orders_v2", Fault::DropConnectionAfter)
        .unwrap();
    assert!(
        reqwest::Client::new()
            .post(format!("{}/v3/submit_orders_v2", server.base_url()))
            .header("web_api_key", server.web_api_key())
            .header("app_key", server.app_key())
            .json(&v2("F-2"))
            .send()
            .await
            .is_err()
    );
    // A plain fault replaces the submission: nothing recorded.
    server
        .faults()
        .push_for("submit_orders_v2", Fault::InternalServerError)
        .unwrap();
    assert_eq!(
        call(&server, "submit_orders_v2", &v2("F-3")).await.status(),
        500
    );
    let pos: Vec<Option<String>> = server
        .orders()
        .iter()
        .map(|o| o.order_po().map(str::to_owned))
        .collect();
    assert_eq!(pos, [Some("F-1".to_owned()), Some("F-2".to_owned())]);
    // The lookup by PO finds what the lost answers would have said.
    let found = call_ok(
        &server,
        "fetch_order_status",
        &json!({"order_pos": ["F-1", "F-2", "F-3"]}),
        "fetch_order_status_response",
    )
    .await;
    assert_eq!(found["orders"].as_array().unwrap().len(), 2);
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn random_faults_after_the_fact_are_seeded_and_leave_orders_behind() {
    let run = || async {
        let server = start_with(
            MockConfig::new()
                .random_faults(0.5, 11)
                .random_faults_after(true),
        )
        .await;
        let client = reqwest::Client::new();
        let mut statuses = Vec::new();
        for n in 0..30 {
            let body = json!({"orders": [order(&format!("R-{n}"))], "payment_token": "invoice"});
            let sent = client
                .post(format!("{}/v3/submit_orders_v2", server.base_url()))
                .header("web_api_key", server.web_api_key())
                .header("app_key", server.app_key())
                .json(&body)
                .send()
                .await;
            statuses.push(sent.map_or(0, |response| response.status().as_u16()));
        }
        let recorded = server.orders().len();
        (statuses, recorded)
    };
    let (statuses, recorded) = run().await;
    assert_eq!(
        (statuses.clone(), recorded),
        run().await,
        "the same seed, the same faults"
    );
    let answered = statuses.iter().filter(|status| **status == 200).count();
    assert!(
        recorded > answered,
        "some orders were recorded without an answer: {statuses:?}"
    );
    assert!(
        statuses.contains(&0),
        "a dropped connection among 30: {statuses:?}"
    );
}

#[tokio::test]
async fn a_stall_after_the_fact_records_the_order_before_the_answer_comes() {
    let server = start().await;
    let stall = Duration::from_millis(400);
    server
        .faults()
        .push_for("submit_orders", Fault::StallAfter(stall))
        .unwrap();
    let client = reqwest::Client::new();
    let sending = client
        .post(format!("{}/v3/submit_orders", server.base_url()))
        .header("web_api_key", server.web_api_key())
        .header("app_key", server.app_key())
        .timeout(Duration::from_millis(100))
        .json(&json!({"orders": [order("ST-1")]}))
        .send();
    // The client gives up before the answer; the order is there all the same.
    let error = sending.await.unwrap_err();
    assert!(error.is_timeout(), "{error}");
    assert_eq!(server.orders()[0].order_po(), Some("ST-1"));
    assert_eq!(server.requests()[0].fault, Some(Fault::StallAfter(stall)));
}
