//! Orders: a submission never places an order twice, under faults before and after the server
//! acted and under both readings of a duplicate PO; every order not placed is reported; input is
//! checked before anything is sent; status, hold and the webhook's payload.

use crate::support;

use finerworks::{Client, Error, OrderField, Outcome, RequestField, SubmitReport};
use support::canned::{Canned, CannedServer};
use support::client::fast_retries;
use support::orders::{Faults, OrderServer, order};

fn client_for(server: &CannedServer, concurrency: usize) -> Client {
    Client::builder()
        .base_url(&server.base_url)
        .web_api_key("web-key-0123456789abcdef")
        .app_key("app-key-fedcba9876543210")
        .concurrency(concurrency)
        .retry(fast_retries())
        .build()
        .expect("client")
}

fn report_of(result: Result<SubmitReport, Error>) -> SubmitReport {
    match result {
        Ok(report) => report,
        Err(Error::SubmitIncomplete(report)) => *report,
        Err(error) => panic!("expected a report, got {error}"),
    }
}

/// Each order of the report agrees with what the store holds: placed once when reported placed,
/// absent when reported not placed, at most once when unknown; and no PO is placed twice.
fn assert_never_twice_and_nothing_lost(server: &OrderServer, report: &SubmitReport) {
    for (po, count) in server.counts() {
        assert!(count <= 1, "po {po} was placed {count} times");
    }
    for order in &report.orders {
        let placed = server.placed(&order.order_po);
        match &order.outcome {
            Outcome::Placed(_) | Outcome::FoundAfterLookup { .. } => {
                assert_eq!(placed, 1, "{order}");
            }
            Outcome::NotPlaced { .. } => assert_eq!(placed, 0, "lost without a report: {order}"),
            Outcome::Unknown { .. } => assert!(placed <= 1, "{order}"),
            other => panic!("unexpected outcome {other} for {order}"),
        }
    }
}

async fn submit_under_faults(refuse_duplicates: bool, seed: u64, v2: bool) {
    let server = OrderServer::start(Faults {
        submit_rate: 0.3,
        lookup_rate: 0.1,
        refuse_duplicates,
        seed,
    })
    .await;
    let client = client_for(&server.server, 8);
    let orders: Vec<_> = (0..250)
        .map(|n| order((n % 10 != 0).then(|| format!("PO-{n:04}")).as_deref()))
        .collect();
    let submit = if v2 {
        client.orders().submit_v2(orders, "xxxx")
    } else {
        client.orders().submit(orders)
    };
    let report = report_of(submit.send().await);
    assert_eq!(report.orders.len(), 250);
    assert_never_twice_and_nothing_lost(&server, &report);
    let (after, before) = server.faults();
    assert!(
        after > 0 && before > 0,
        "faults after acting {after}, before {before}"
    );
    // The faults after acting were settled by lookups, not by sending again: most orders went in.
    let placed = report.placed().count();
    let unsettled = report.unknown().count() + report.not_placed().count();
    assert_eq!(placed + unsettled, 250, "{report}");
    assert!(placed >= 200, "{report}");
    let generated = report.orders.iter().filter(|o| o.po_generated).count();
    assert_eq!(generated, 25);
    let limit = if v2 { 50 } else { 5 };
    for body in server.submissions() {
        assert!(body["orders"].as_array().unwrap().len() <= limit);
    }
}

#[tokio::test]
async fn two_hundred_fifty_orders_under_faults_are_placed_once_when_duplicates_are_refused() {
    for seed in [1, 2, 3] {
        submit_under_faults(true, seed, false).await;
    }
}

#[tokio::test]
async fn two_hundred_fifty_orders_under_faults_are_placed_once_when_duplicates_are_placed() {
    for seed in [4, 5, 6] {
        submit_under_faults(false, seed, false).await;
    }
}

#[tokio::test]
async fn submissions_v2_go_fifty_a_call_and_are_placed_once_under_faults() {
    submit_under_faults(false, 7, true).await;
}

#[tokio::test]
async fn a_call_that_failed_after_placing_is_looked_up_and_not_sent_again() {
    // Every submission places its orders, then the connection drops.
    let server = OrderServer::start(Faults {
        submit_rate: 1.0,
        lookup_rate: 0.0,
        refuse_duplicates: false,
        seed: 11,
    })
    .await;
    let client = client_for(&server.server, 2);
    let orders: Vec<_> = (0..20).map(|n| order(Some(&format!("PO-{n}")))).collect();
    let report = report_of(client.orders().submit(orders).send().await);
    assert_never_twice_and_nothing_lost(&server, &report);
    for order in &report.orders {
        let placed = server.placed(&order.order_po);
        if placed == 1 {
            let Outcome::FoundAfterLookup { lookup, .. } = &order.outcome else {
                panic!("{order}");
            };
            assert_eq!(lookup.found.len(), 1);
            assert!(lookup.asked.contains(&order.order_po));
        }
    }
    // Each PO was sent at most the three times allowed, and once it was placed, never again.
    for n in 0..20 {
        let po = format!("PO-{n}");
        let sent: Vec<usize> = server
            .submissions()
            .iter()
            .enumerate()
            .filter(|(_, body)| body.to_string().contains(&format!("\"{po}\"")))
            .map(|(i, _)| i)
            .collect();
        assert!(sent.len() <= 3, "{po} sent {} times", sent.len());
    }
}

#[tokio::test]
async fn an_interrupt_stops_new_submissions_and_reports_every_order() {
    let (tell, told) = tokio::sync::oneshot::channel::<()>();
    let tell = std::sync::Mutex::new(Some(tell));
    let server = OrderServer::start_with(
        Faults {
            submit_rate: 0.0,
            lookup_rate: 0.0,
            refuse_duplicates: false,
            seed: 1,
        },
        move |_| {
            if let Some(tell) = tell.lock().unwrap().take() {
                let _ = tell.send(());
            }
        },
    )
    .await;
    let client = client_for(&server.server, 1);
    let orders: Vec<_> = (0..20).map(|n| order(Some(&format!("I-{n}")))).collect();
    let interrupt = async {
        let _ = told.await;
    };
    let report = report_of(
        client
            .orders()
            .submit(orders)
            .interrupt_on(interrupt)
            .send()
            .await,
    );
    assert_eq!(report.orders.len(), 20);
    assert_never_twice_and_nothing_lost(&server, &report);
    assert_eq!(
        server.submissions().len(),
        1,
        "no call starts after the interrupt"
    );
    for order in &report.orders[5..] {
        let Outcome::NotPlaced {
            error,
            lookup: None,
        } = &order.outcome
        else {
            panic!("{order}");
        };
        assert!(
            matches!(**error, Error::Interrupted { started: false }),
            "{order}"
        );
    }
}

#[tokio::test]
async fn orders_finerworks_already_has_are_not_sent() {
    let server = OrderServer::start(Faults {
        submit_rate: 0.0,
        lookup_rate: 0.0,
        refuse_duplicates: false,
        seed: 1,
    })
    .await;
    server.preload("PO-2");
    let client = client_for(&server.server, 4);
    let orders = ["PO-1", "PO-2", "PO-3"].map(|po| order(Some(po)));
    let error = client.orders().submit(orders).send().await.unwrap_err();
    let Error::SubmitIncomplete(report) = &error else {
        panic!("expected an incomplete submission, got {error}");
    };
    assert_eq!(server.placed("PO-2"), 1);
    assert_eq!(server.placed("PO-1"), 1);
    let present: Vec<&str> = report
        .already_present()
        .map(|o| o.order_po.as_str())
        .collect();
    assert_eq!(present, ["PO-2"]);
    assert!(
        !server
            .submissions()
            .iter()
            .any(|b| b.to_string().contains("PO-2"))
    );
    assert!(
        error.to_string().contains("1 already at finerworks"),
        "{error}"
    );
}

#[tokio::test]
async fn an_order_without_a_po_gets_one_and_the_report_says_so() {
    let server = OrderServer::start(Faults {
        submit_rate: 0.0,
        lookup_rate: 0.0,
        refuse_duplicates: false,
        seed: 1,
    })
    .await;
    let client = client_for(&server.server, 4);
    let report = client.orders().submit([order(None)]).send().await.unwrap();
    let only = &report.orders[0];
    assert!(only.po_generated);
    assert!(only.order_po.starts_with(finerworks::GENERATED_PO_PREFIX));
    assert!(only.order_po.len() <= 50);
    assert_eq!(server.placed(&only.order_po), 1);
    let sent = &server.submissions()[0];
    assert_eq!(sent["orders"][0]["order_po"], only.order_po.as_str());
}

#[tokio::test]
async fn validate_only_places_nothing_and_looks_nothing_up() {
    let server = OrderServer::start(Faults {
        submit_rate: 0.0,
        lookup_rate: 0.0,
        refuse_duplicates: false,
        seed: 1,
    })
    .await;
    let client = client_for(&server.server, 4);
    let orders: Vec<_> = (0..7).map(|n| order(Some(&format!("V-{n}")))).collect();
    let report = client
        .orders()
        .submit(orders)
        .validate_only()
        .send()
        .await
        .unwrap();
    assert!(
        report
            .orders
            .iter()
            .all(|o| matches!(o.outcome, Outcome::Valid))
    );
    assert!(server.counts().is_empty());
    let bodies = server.server.bodies();
    assert_eq!(bodies.len(), 2, "two calls of up to 5 orders, no lookup");
    assert!(bodies.iter().all(|b| b["validate_only"] == true));
}

#[tokio::test]
async fn invalid_orders_are_refused_before_anything_is_sent() {
    let server = CannedServer::start(|_, _| Canned::json(500, "")).await;
    let client = client_for(&server, 4);
    let field = |error: Error| match error {
        Error::InvalidRequest { field, rule } => (field, rule),
        other => panic!("expected an invalid request, got {other}"),
    };

    let twice = [order(Some("A")), order(Some("B")), order(Some("A"))];
    let (named, rule) = field(client.orders().submit(twice).send().await.unwrap_err());
    assert_eq!(named.to_string(), "orders[2].order_po");
    assert!(rule.contains("orders[0]"), "{rule}");

    let mut too_many = order(Some("Q"));
    too_many.order_items[0].product_qty = 1000.try_into().unwrap();
    let (named, rule) = field(client.orders().submit([too_many]).send().await.unwrap_err());
    assert_eq!(named.to_string(), "orders[0].order_items[0].product_qty");
    assert!(rule.contains("999"), "{rule}");

    let mut empty = order(Some("E"));
    empty.order_items.clear();
    let (named, _) = field(
        client
            .orders()
            .submit([order(None), empty])
            .send()
            .await
            .unwrap_err(),
    );
    assert_eq!(
        named,
        RequestField::Order {
            index: 1,
            field: OrderField::OrderItems
        }
    );

    let (named, _) = field(client.orders().submit([]).send().await.unwrap_err());
    assert_eq!(named, RequestField::Orders);
    let (named, _) = field(
        client
            .orders()
            .submit_v2([order(None)], "")
            .send()
            .await
            .unwrap_err(),
    );
    assert_eq!(named, RequestField::PaymentToken);
    assert_eq!(server.requests(), 0);
}

#[tokio::test]
async fn status_by_po_gives_every_order_with_the_po() {
    let server = OrderServer::start(Faults {
        submit_rate: 0.0,
        lookup_rate: 0.0,
        refuse_duplicates: false,
        seed: 1,
    })
    .await;
    server.preload("TWICE");
    server.preload("TWICE");
    server.preload("ONCE");
    let client = client_for(&server.server, 4);
    let found = client
        .orders()
        .status_by_po(["TWICE", "ONCE", "NONE"])
        .send()
        .await
        .unwrap();
    let pos: Vec<_> = found
        .iter()
        .map(|o| o.order_po.as_deref().unwrap())
        .collect();
    assert_eq!(pos, ["TWICE", "TWICE", "ONCE"]);
    let ids: Vec<i64> = found.iter().map(|o| o.order_id.unwrap()).collect();
    let by_id = client
        .orders()
        .status_by_id(ids.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(by_id.len(), 3);
}

#[tokio::test]
async fn hold_cancel_and_release_send_their_command() {
    let server = CannedServer::start(|_, _| {
        Canned::json(200, r#"{"status": {"success": true, "status_code": 200}}"#)
    })
    .await;
    let client = client_for(&server, 4);
    client.orders().hold(7).send().await.unwrap();
    client.orders().cancel(8).send().await.unwrap();
    client.orders().release(9).send().await.unwrap();
    let sent: Vec<(i64, String)> = server
        .bodies()
        .iter()
        .map(|b| {
            (
                b["order_id"].as_i64().unwrap(),
                b["update_command"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        sent,
        [
            (7, "hold".into()),
            (8, "cancel".into()),
            (9, "pending".into())
        ]
    );
}

#[tokio::test]
async fn the_same_submission_sent_again_places_nothing_twice() {
    let server = OrderServer::start(Faults {
        submit_rate: 0.0,
        lookup_rate: 0.0,
        refuse_duplicates: false,
        seed: 1,
    })
    .await;
    let client = client_for(&server.server, 4);
    let orders: Vec<_> = (0..8)
        .map(|n| order((n % 2 == 0).then(|| format!("R-{n}")).as_deref()))
        .collect();
    let first = client.orders().submit(orders.clone()).send().await.unwrap();
    assert_eq!(first.placed().count(), 8);
    let again = report_of(client.orders().submit(orders).send().await);
    assert_eq!(again.already_present().count(), 8, "{again}");
    // Orders without a PO get the same generated one each time.
    let pos = |report: &SubmitReport| -> Vec<String> {
        report.orders.iter().map(|o| o.order_po.clone()).collect()
    };
    assert_eq!(pos(&first), pos(&again));
    assert_eq!(server.counts().len(), 8);
    assert!(server.counts().values().all(|&count| count == 1));
}

/// Against the mock, under both of its readings of a PO it already has: a submission sent twice
/// places each order once, and the second says they were there.
#[tokio::test]
async fn against_the_mock_a_resubmission_places_nothing_under_either_reading() {
    use finerworks_mock::{DuplicatePo, MockConfig, MockServer};
    for reading in DuplicatePo::ALL {
        let mock = MockServer::start_with(MockConfig::new().duplicate_po(*reading))
            .await
            .expect("mock starts");
        let client = support::client::client_for(&mock);
        let orders: Vec<_> = (0..12)
            .map(|n| order((n % 3 != 0).then(|| format!("M-{n}")).as_deref()))
            .collect();
        let first = client.orders().submit(orders.clone()).send().await.unwrap();
        assert_eq!(first.placed().count(), 12, "{reading}: {first}");
        let again = report_of(client.orders().submit(orders).send().await);
        assert_eq!(again.already_present().count(), 12, "{reading}: {again}");
        let placed = mock.orders();
        assert_eq!(placed.len(), 12, "{reading}");
        let found = client
            .orders()
            .status_by_po(first.orders.iter().map(|o| o.order_po.clone()))
            .send()
            .await
            .unwrap();
        assert_eq!(found.len(), 12, "{reading}");
        let id = found[0].order_id.unwrap();
        client.orders().hold(id).send().await.unwrap();
        let held = client.orders().status_by_id([id]).send().await.unwrap();
        assert_eq!(held[0].order_status_label.as_deref(), Some("On Hold"));
    }
}

/// Against the mock with a fifth of its answers faults (server errors, 429, malformed bodies,
/// dropped connections, and for submissions failures after the orders were recorded), under both
/// readings of a PO it already has: 250 orders at concurrency 8, each placed at most once in the
/// mock's own book, and each order not placed reported.
#[tokio::test]
async fn against_the_mock_with_faults_after_acting_no_order_is_placed_twice() {
    use std::collections::HashMap;

    use finerworks_mock::{DuplicatePo, Fault, MockConfig, MockServer};
    for (reading, seed) in DuplicatePo::ALL.iter().zip([17, 18]) {
        let config = MockConfig::new()
            .duplicate_po(*reading)
            .random_faults(0.2, seed)
            .random_faults_after(true);
        let mock = MockServer::start_with(config).await.expect("mock starts");
        let client = support::client::builder_for(&mock)
            .concurrency(8)
            .build()
            .unwrap();
        let orders: Vec<_> = (0..250)
            .map(|n| order((n % 10 != 0).then(|| format!("F-{n:04}")).as_deref()))
            .collect();
        let report = report_of(client.orders().submit(orders).send().await);
        let after = mock
            .requests()
            .iter()
            .filter(|r| {
                matches!(
                    r.fault,
                    Some(Fault::InternalServerErrorAfter | Fault::DropConnectionAfter)
                )
            })
            .count();
        assert!(after > 0, "{reading}: no fault after acting");
        let mut book: HashMap<String, usize> = HashMap::new();
        for placed in mock.orders() {
            *book
                .entry(placed.order_po().unwrap().to_owned())
                .or_default() += 1;
        }
        for order in &report.orders {
            let count = book.get(&order.order_po).copied().unwrap_or(0);
            match &order.outcome {
                Outcome::Placed(_) | Outcome::FoundAfterLookup { .. } => {
                    assert_eq!(count, 1, "{reading}: {order}");
                }
                Outcome::NotPlaced { .. } => assert_eq!(count, 0, "{reading}: {order}"),
                Outcome::Unknown { .. } => assert!(count <= 1, "{reading}: {order}"),
                other => panic!("{other}"),
            }
        }
        assert!(
            book.values().all(|&count| count == 1),
            "{reading}: placed twice"
        );
        assert!(report.placed().count() >= 200, "{reading}: {report}");
        assert!(
            report
                .orders
                .iter()
                .any(|o| matches!(o.outcome, Outcome::FoundAfterLookup { .. })),
            "{reading}: no order was found after a fault"
        );
    }
}

/// The body the mock posts to an order's webhook when its status changes reads as that order's
/// status, with its tracking once it ships.
#[tokio::test]
async fn the_webhook_body_the_mock_posts_reads_as_the_order_status() {
    use finerworks_mock::{MockConfig, MockServer};
    let receiver = CannedServer::start(|_, _| Canned::json(200, "{}")).await;
    let mock = MockServer::start_with(MockConfig::new())
        .await
        .expect("mock starts");
    let client = support::client::client_for(&mock);
    let mut hooked = order(Some("W-1"));
    hooked.webhook_order_status_url = Some(format!("{}/hook", receiver.base_url));
    let report = client.orders().submit([hooked]).send().await.unwrap();
    let Outcome::Placed(placed) = &report.orders[0].outcome else {
        panic!("{report}");
    };
    mock.advance_orders();
    mock.advance_orders();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while mock.webhook_deliveries().len() < 2 {
        assert!(tokio::time::Instant::now() < deadline, "no webhook came");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let bodies = receiver.bodies();
    assert_eq!(bodies.len(), 2);
    // The two posts run in tasks of their own: either may arrive first.
    let statuses: Vec<finerworks::OrderStatus> = bodies
        .iter()
        .flat_map(|body| {
            finerworks::order_status_from_webhook(body.to_string().as_bytes()).unwrap()
        })
        .collect();
    assert_eq!(statuses.len(), 2);
    assert!(
        statuses
            .iter()
            .all(|s| s.order_id == placed.order_id && s.order_po.as_deref() == Some("W-1"))
    );
    let shipped = statuses
        .iter()
        .filter(|s| {
            s.shipments
                .iter()
                .flatten()
                .any(|shipment| shipment.tracking_number.is_some())
        })
        .count();
    assert_eq!(shipped, 1, "{statuses:?}");
}

/// A submission that times out after the mock recorded it is settled by a lookup, not sent again;
/// when the lookup fails too, each order is reported unknown with what was asked and why the
/// lookup failed.
#[tokio::test]
async fn a_timeout_after_acting_is_settled_by_po_or_reported_with_the_failed_lookup() {
    use std::time::Duration;

    use finerworks_mock::{Fault, MockConfig, MockServer};
    let mock = std::sync::Arc::new(
        MockServer::start_with(MockConfig::new())
            .await
            .expect("mock starts"),
    );
    let client = support::client::builder_for(&mock)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let stall = Fault::StallAfter(Duration::from_secs(5));
    mock.faults()
        .push_for("submit_orders", stall.clone())
        .unwrap();
    let orders: Vec<_> = (0..3).map(|n| order(Some(&format!("T-{n}")))).collect();
    let report = client.orders().submit(orders).send().await.unwrap();
    assert!(
        report
            .orders
            .iter()
            .all(|o| matches!(o.outcome, Outcome::FoundAfterLookup { .. })),
        "{report}"
    );
    assert_eq!(mock.orders().len(), 3);
    let submissions = |mock: &MockServer| {
        mock.requests()
            .iter()
            .filter(|r| r.operation.as_deref() == Some("submit_orders"))
            .count()
    };
    assert_eq!(submissions(&mock), 1, "sent again");

    // Again, with every lookup after the submission failing.
    mock.faults()
        .push_for("submit_orders", stall.clone())
        .unwrap();
    let orders: Vec<_> = (0..3).map(|n| order(Some(&format!("U-{n}")))).collect();
    let pos: Vec<String> = orders
        .iter()
        .map(|o| o.order_po.as_deref().unwrap().to_string())
        .collect();
    // The first lookup (before sending) succeeds; those after the submission all fail.
    let shared = std::sync::Arc::clone(&mock);
    let watcher = tokio::spawn(async move {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while shared.faults().pending_for("submit_orders").unwrap() > 0 {
            assert!(tokio::time::Instant::now() < deadline, "never submitted");
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        shared
            .faults()
            .push_n_for("fetch_order_status", Fault::InternalServerError, 50)
            .unwrap();
    });
    let error = client.orders().submit(orders).send().await.unwrap_err();
    watcher.await.unwrap();
    let Error::SubmitIncomplete(report) = error else {
        panic!("expected an incomplete submission, got {error}");
    };
    assert_eq!(report.unknown().count(), 3, "{report}");
    for order in report.unknown() {
        let lookup = order.outcome.lookup().expect("a lookup was made");
        assert_eq!(lookup.asked, pos);
        assert!(lookup.found.is_empty());
        assert!(lookup.error.is_some(), "{order}");
        assert!(order.to_string().contains("the lookup failed"), "{order}");
    }
    assert_eq!(submissions(&mock), 2, "sent again");
}

/// Against the mock under every reading of what a dry run and a submission of test orders answer
/// (the status block or an entry per order; `orders` or `null`): a dry run places nothing and
/// says every order is valid, and a submission places each order once and reports it placed,
/// from the answer or, when the answer names none, from the lookup by PO.
#[tokio::test]
async fn dry_runs_and_test_orders_are_reported_as_they_happened_under_every_reading() {
    use finerworks_mock::{MockConfig, MockServer, TestOrders, ValidateAnswer};
    for validate in ValidateAnswer::ALL {
        for test_orders in TestOrders::ALL {
            let case = format!("validate {validate}, test orders {test_orders}");
            let mock = MockServer::start_with(
                MockConfig::new()
                    .validate_answer(*validate)
                    .test_orders(*test_orders),
            )
            .await
            .expect("mock starts");
            let client = support::client::client_for(&mock);
            let orders: Vec<_> = (0..7).map(|n| order(Some(&format!("R-{n}")))).collect();
            let dry = client
                .orders()
                .submit(orders.clone())
                .validate_only()
                .send()
                .await
                .unwrap_or_else(|error| panic!("{case}: {error}"));
            assert!(
                dry.orders
                    .iter()
                    .all(|o| matches!(o.outcome, Outcome::Valid)),
                "{case}: {dry}"
            );
            assert!(mock.orders().is_empty(), "{case}: a dry run placed orders");
            let report = client
                .orders()
                .submit(orders)
                .send()
                .await
                .unwrap_or_else(|error| panic!("{case}: {error}"));
            assert_eq!(report.placed().count(), 7, "{case}: {report}");
            let placed = mock.orders();
            assert_eq!(placed.len(), 7, "{case}");
            for order in &report.orders {
                let with_po = placed
                    .iter()
                    .filter(|p| p.order_po() == Some(order.order_po.as_str()))
                    .count();
                assert_eq!(with_po, 1, "{case}: {order}");
            }
        }
    }
}

/// Under each reading of which id the lookups take, an order is found by that id, and the other
/// id finds nothing: an empty answer, not an error and not another order.
#[tokio::test]
async fn status_by_id_finds_an_order_by_the_id_the_server_takes() {
    use finerworks_mock::{MockConfig, MockServer, OrderIdKind};
    for kind in OrderIdKind::ALL {
        let mock = MockServer::start_with(MockConfig::new().order_id_kind(*kind))
            .await
            .expect("mock starts");
        let client = support::client::client_for(&mock);
        let report = client
            .orders()
            .submit([order(Some("K-1"))])
            .send()
            .await
            .unwrap();
        assert_eq!(report.placed().count(), 1, "{kind}: {report}");
        let placed = &mock.orders()[0];
        let (taken, other) = match kind {
            OrderIdKind::OrderId => (placed.order_id, placed.order_confirmation_id),
            _ => (placed.order_confirmation_id, placed.order_id),
        };
        let found = client.orders().status_by_id([taken]).send().await.unwrap();
        assert_eq!(found.len(), 1, "{kind}");
        assert_eq!(found[0].order_po.as_deref(), Some("K-1"), "{kind}");
        let none = client.orders().status_by_id([other]).send().await.unwrap();
        assert!(none.is_empty(), "{kind}: {none:?}");
    }
}
