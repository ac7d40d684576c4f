//! `finerworks orders` and `finerworks shipping` run as processes against the mock: a submission
//! prints every order's fate and never places one twice when run again, bad files are named by
//! order and field before anything is sent, Ctrl-C leaves a report, and the status commands print
//! in every format.

use crate::support;

use finerworks_mock::{DuplicatePo, MockConfig};
use serde_json::{Value, json};
use support::{Mock, TempDir, exec, finerworks, ndjson, ok};

/// An order as the vendor's example writes it, with this PO (or none).
fn order(po: Option<&str>) -> Value {
    let mut order = json!({
        "order_po": po,
        "recipient": {
            "first_name": "Bob", "last_name": "Ross", "address_1": "742 Evergreen Terrace",
            "city": "Mountain Scene", "state_code": "AK", "zip_postal_code": "88888",
            "country_code": "us"
        },
        "order_items": [{"product_qty": 1, "product_sku": "AP1234P1234"}],
        "shipping_code": "SD"
    });
    if po.is_none() {
        order.as_object_mut().unwrap().remove("order_po");
    }
    order
}

fn orders_file(dir: &TempDir, orders: &[Value]) -> String {
    dir.file("orders.json", &Value::from(orders.to_vec()).to_string())
}

#[test]
fn submit_prints_each_fate_and_a_second_run_places_nothing_twice() {
    for reading in DuplicatePo::ALL {
        let mock = Mock::start(MockConfig::new().duplicate_po(*reading));
        let dir = TempDir::new();
        let orders: Vec<Value> = (0..12)
            .map(|n| order((n % 4 != 0).then(|| format!("C-{n}")).as_deref()))
            .collect();
        let path = orders_file(&dir, &orders);
        let first = ok(
            &mut mock.finerworks(),
            &["orders", "submit", "--from", &path, "--format", "ndjson"],
        );
        let rows = ndjson(&first.stdout);
        assert_eq!(rows.len(), 12);
        assert!(rows.iter().all(|row| row["fate"] == "placed"), "{rows:?}");
        let generated: Vec<&Value> = rows.iter().filter(|r| r["po_generated"] == true).collect();
        assert_eq!(generated.len(), 3);
        assert!(
            generated[0]["order_po"]
                .as_str()
                .unwrap()
                .starts_with("fw-")
        );
        assert!(first.stderr.contains("12 of 12 orders placed"), "{first:?}");

        let again = exec(
            &mut mock.finerworks(),
            &["orders", "submit", "--from", &path, "--format", "json"],
        );
        assert_eq!(again.code, 7, "{reading}: {again:?}");
        let document: Value = serde_json::from_str(&again.stdout).unwrap();
        let fates: Vec<&str> = document["orders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row["fate"].as_str().unwrap())
            .collect();
        assert_eq!(fates, ["already_present"; 12], "{reading}");
        assert!(
            again
                .stderr
                .starts_with("error: 0 of 12 orders placed; 12 already at FinerWorks"),
            "{again:?}"
        );
        assert_eq!(mock.server.orders().len(), 12, "{reading}: placed twice");
    }
}

#[test]
fn a_bad_order_file_is_named_by_order_and_field_and_nothing_is_sent() {
    let mock = Mock::start(MockConfig::new());
    let dir = TempDir::new();
    let mut bad = order(Some("B-1"));
    bad["recipient"]["zip_postal_code"] = json!("12345678901");
    let path = orders_file(&dir, &[order(Some("B-0")), bad]);
    let run = exec(
        &mut mock.finerworks(),
        &["orders", "submit", "--from", &path],
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stderr.contains("orders[1].recipient.zip_postal_code"),
        "{run:?}"
    );

    let twice = orders_file(&dir, &[order(Some("D")), order(Some("D"))]);
    let run = exec(
        &mut mock.finerworks(),
        &["orders", "submit", "--from", &twice],
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stderr.contains("orders[1].order_po"), "{run:?}");
    assert_eq!(mock.server.request_count(), 0);
}

#[test]
fn validate_only_places_nothing() {
    let mock = Mock::start(MockConfig::new());
    let dir = TempDir::new();
    let path = orders_file(&dir, &[order(Some("V-1")), order(None)]);
    let run = ok(
        &mut mock.finerworks(),
        &[
            "orders",
            "submit",
            "--from",
            &path,
            "--validate-only",
            "--format",
            "csv",
        ],
    );
    let mut lines = run.stdout.lines();
    assert_eq!(
        lines.next(),
        Some("index,order_po,po_generated,fate,order_ids,detail")
    );
    assert!(lines.all(|line| line.contains(",valid,")), "{run:?}");
    assert!(mock.server.orders().is_empty());
}

#[test]
fn ctrl_c_during_the_first_lookup_sends_no_order() {
    let mock = Mock::start(MockConfig::new().latency(std::time::Duration::from_secs(60)));
    let dir = TempDir::new();
    let orders: Vec<Value> = (0..6).map(|n| order(Some(&format!("I-{n}")))).collect();
    let path = orders_file(&dir, &orders);
    let run = support::interrupted_run(
        "INT",
        &mock,
        &["orders", "submit", "--from", &path, "--format", "ndjson"],
        1,
    );
    assert_eq!(run.code, 130, "{run:?}");
    let rows = ndjson(&run.stdout);
    assert_eq!(rows.len(), 6);
    assert!(
        rows.iter().all(|row| row["fate"] == "not_placed"),
        "{rows:?}"
    );
    assert!(
        run.stderr
            .contains("error: interrupted: 0 of 6 orders placed"),
        "{run:?}"
    );
    assert_eq!(mock.server.request_count(), 1, "only the lookup was sent");
}

#[test]
fn status_hold_and_statuses_print_what_finerworks_has() {
    let mock = Mock::start(MockConfig::new());
    let dir = TempDir::new();
    let path = orders_file(&dir, &[order(Some("S-1")), order(Some("S-2"))]);
    ok(
        &mut mock.finerworks(),
        &["orders", "submit", "--from", &path],
    );
    let found = ok(
        &mut mock.finerworks(),
        &["orders", "status", "--po", "S-1,S-2", "--format", "ndjson"],
    );
    let found = ndjson(&found.stdout);
    assert_eq!(found.len(), 2);
    let id = found[0]["order_id"].as_i64().unwrap().to_string();
    let held = ok(&mut mock.finerworks(), &["orders", "hold", &id]);
    assert_eq!(held.stdout, format!("order {id} put on hold\n"));
    let status = ok(
        &mut mock.finerworks(),
        &["orders", "status", &id, "--format", "csv"],
    );
    assert!(status.stdout.contains(",On Hold,"), "{status:?}");
    let cancelled = ok(&mut mock.finerworks(), &["orders", "cancel", &id]);
    assert_eq!(cancelled.stdout, format!("order {id} cancelled\n"));

    let statuses = ok(
        &mut finerworks(),
        &["orders", "statuses", "--demo", "-f", "json"],
    );
    let document: Value = serde_json::from_str(&statuses.stdout).unwrap();
    assert!(document["definitions"].as_array().unwrap().len() >= 3);
}

#[test]
fn shipping_options_of_one_order_or_several() {
    let dir = TempDir::new();
    let one = dir.file("order.json", &order(Some("Q-1")).to_string());
    let run = ok(
        &mut finerworks(),
        &[
            "shipping", "options", "--from", &one, "--demo", "-f", "ndjson",
        ],
    );
    let options = ndjson(&run.stdout);
    assert!(!options.is_empty());
    assert!(
        options.iter().all(|o| o["shipping_code"].is_string()),
        "{options:?}"
    );
    let several = dir.file(
        "orders.json",
        &json!({"orders": [order(Some("Q-1")), order(Some("Q-2"))]}).to_string(),
    );
    let run = ok(
        &mut finerworks(),
        &[
            "shipping", "options", "--from", &several, "--demo", "-f", "ndjson",
        ],
    );
    let pos: std::collections::BTreeSet<String> = ndjson(&run.stdout)
        .iter()
        .map(|o| o["order_po"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(pos.into_iter().collect::<Vec<_>>(), ["Q-1", "Q-2"]);
}
