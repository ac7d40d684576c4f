//! `finerworks inventory` run as a process: listing products (one page, every page, each
//! format), updating them by SKU from a file (SKUs that match nothing named, exit 9), adding one
//! from an image (sent once), and `--demo`.

use crate::support;

use std::collections::BTreeSet;

use finerworks_mock::{Fault, MockConfig};
use serde_json::Value;
use support::{Mock, TempDir, exec, finerworks, ndjson, ok};

fn mock() -> Mock {
    Mock::start(MockConfig::new().images(40).seed(3).strict(true))
}

/// Every SKU of the mock's inventory as it is now.
fn skus(mock: &Mock) -> BTreeSet<String> {
    mock.server
        .inventory()
        .iter()
        .flat_map(|image| image.products.iter().flatten())
        .map(|product| product.sku.clone().unwrap())
        .collect()
}

#[test]
fn list_all_as_ndjson_gives_every_product_once_with_its_sku() {
    let mock = mock();
    let run = ok(
        &mut mock.finerworks(),
        &[
            "inventory",
            "list",
            "--all",
            "--per-page",
            "7",
            "--format",
            "ndjson",
        ],
    );
    let rows = ndjson(&run.stdout);
    let listed: Vec<String> = rows
        .iter()
        .map(|row| {
            row["sku"]
                .as_str()
                .expect("each row has its sku")
                .to_owned()
        })
        .collect();
    let unique: BTreeSet<String> = listed.iter().cloned().collect();
    assert_eq!(unique.len(), listed.len(), "no product twice");
    assert_eq!(unique, skus(&mock));
}

#[test]
fn one_page_as_a_table_ends_with_its_summary_and_json_holds_the_count() {
    let mock = mock();
    let total = skus(&mock).len();
    let run = ok(&mut mock.finerworks(), &["inventory", "list"]);
    assert!(run.stdout.starts_with("SKU "), "{run:?}");
    assert!(
        run.stdout.ends_with(&format!(
            "showing 10 of {total} products (page 1 of {})\n",
            total.div_ceil(10)
        )),
        "{run:?}"
    );
    let run = ok(
        &mut mock.finerworks(),
        &["inventory", "list", "--format", "json", "--per-page", "3"],
    );
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["count"], total);
    assert_eq!(json["products"].as_array().unwrap().len(), 3);
}

#[test]
fn filters_reach_the_request() {
    let mock = mock();
    let image = mock
        .inventory()
        .iter()
        .find(|image| image.products.as_ref().is_some_and(|p| p.len() >= 2))
        .unwrap()
        .clone();
    let guid = image.guid.unwrap().to_string();
    let run = ok(
        &mut mock.finerworks(),
        &["inventory", "list", "--image", &guid, "--format", "csv"],
    );
    assert_eq!(
        run.stdout.lines().count(),
        1 + image.products.unwrap().len()
    );
    let body = mock.server.requests().pop().unwrap().body.unwrap();
    assert_eq!(body["guid_filter"], serde_json::json!([guid]));
}

#[test]
fn bad_input_exits_3_before_anything_is_sent() {
    let mock = mock();
    let many: Vec<String> = (0..51).map(|n| format!("S{n}")).collect();
    let run = exec(
        &mut mock.finerworks(),
        &["inventory", "list", "--sku", &many.join(",")],
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stderr.contains("sku_filter must hold at most 50"),
        "{run:?}"
    );
    let run = exec(
        &mut mock.finerworks(),
        &["inventory", "list", "--per-page", "51"],
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert_eq!(mock.server.request_count(), 0);
}

#[test]
fn update_from_a_file_changes_the_skus_and_names_those_that_matched_nothing() {
    let mock = mock();
    let known: Vec<String> = skus(&mock).into_iter().take(2).collect();
    let dir = TempDir::new();
    let csv = format!(
        "sku,asking_price,quantity_in_stock,product_code\n{},99.5,3,ignored\n{},,7,\nNO-SUCH,1,,\n",
        known[0], known[1]
    );
    let path = dir.file("prices.csv", &csv);
    let run = exec(
        &mut mock.finerworks(),
        &["inventory", "update", "--from", &path, "--format", "ndjson"],
    );
    assert_eq!(run.code, 9, "{run:?}");
    let rows = ndjson(&run.stdout);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["asking_price"], 99.5);
    assert_eq!(rows[1]["quantity_in_stock"], 7);
    assert!(run.stderr.contains("NO-SUCH: no such product"), "{run:?}");
    assert!(
        run.stderr.contains("product_code"),
        "the skipped column is named: {run:?}"
    );
}

#[test]
fn a_row_without_a_sku_is_refused_with_its_line() {
    let mock = mock();
    let dir = TempDir::new();
    let path = dir.file(
        "bad.ndjson",
        "{\"sku\": \"A\", \"name\": \"x\"}\n{\"name\": \"y\"}\n",
    );
    let run = exec(
        &mut mock.finerworks(),
        &["inventory", "update", "--from", &path],
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stderr.contains("bad.ndjson line 2"), "{run:?}");
    assert!(run.stderr.contains("sku"), "{run:?}");
    assert_eq!(mock.server.request_count(), 0);
}

#[test]
fn add_prints_the_new_product_and_a_lost_answer_is_never_sent_again() {
    let mock = mock();
    let image = mock
        .inventory()
        .iter()
        .find(|image| image.products.as_ref().is_some_and(|p| !p.is_empty()))
        .unwrap()
        .clone();
    let guid = image.guid.unwrap().to_string();
    let code = image.products.unwrap()[0].product_code.clone().unwrap();
    let before = skus(&mock);
    let run = ok(
        &mut mock.finerworks(),
        &[
            "inventory",
            "add",
            "--image",
            &guid,
            "--sku",
            &code,
            "--title",
            "Harbor",
            "--format",
            "ndjson",
        ],
    );
    let added = ndjson(&run.stdout);
    let sku = added[0]["sku"].as_str().unwrap().to_owned();
    assert!(!before.contains(&sku));
    assert!(skus(&mock).contains(&sku));

    mock.server
        .faults()
        .push_for("submit_product", Fault::InternalServerError)
        .unwrap();
    mock.server.reset_log();
    let run = exec(
        &mut mock.finerworks(),
        &["inventory", "add", "--image", &guid, "--sku", &code],
    );
    assert_eq!(run.code, 7, "{run:?}");
    assert!(
        run.stderr.contains("may or may not have been added"),
        "{run:?}"
    );
    let submitted = mock
        .server
        .requests()
        .iter()
        .filter(|r| r.operation.as_deref() == Some("submit_product"))
        .count();
    assert_eq!(submitted, 1, "sent once");
}

#[test]
fn every_inventory_command_works_with_demo() {
    let run = ok(
        &mut finerworks(),
        &["inventory", "list", "--demo", "--format", "json"],
    );
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    let first = &json["products"][0];
    let (image, code, sku) = (
        first["image_guid"].as_str().unwrap(),
        first["product_code"].as_str().unwrap(),
        first["sku"].as_str().unwrap(),
    );
    ok(
        &mut finerworks(),
        &[
            "inventory",
            "add",
            "--demo",
            "--image",
            image,
            "--sku",
            code,
        ],
    );
    let dir = TempDir::new();
    let path = dir.file(
        "one.json",
        &format!("[{{\"sku\": \"{sku}\", \"name\": \"Renamed\"}}]"),
    );
    let run = ok(
        &mut finerworks(),
        &[
            "inventory",
            "update",
            "--demo",
            "--from",
            &path,
            "--format",
            "csv",
        ],
    );
    assert!(run.stdout.contains("Renamed"), "{run:?}");
}

#[test]
fn api_paginate_walks_the_inventory_through_the_client() {
    let mock = mock();
    let run = ok(
        &mut mock.finerworks(),
        &[
            "api",
            "list_virtual_inventory",
            "--paginate",
            "--body",
            r#"{"per_page": 9, "sort_field": "title"}"#,
        ],
    );
    let listed: Vec<String> = ndjson(&run.stdout)
        .iter()
        .map(|row| row["sku"].as_str().unwrap().to_owned())
        .collect();
    let unique: BTreeSet<String> = listed.iter().cloned().collect();
    assert_eq!(unique.len(), listed.len(), "no product twice");
    assert_eq!(unique, skus(&mock));
    let sent = mock.server.requests();
    assert!(
        sent.iter()
            .all(|r| r.operation.as_deref() == Some("list_virtual_inventory"))
    );
    assert!(
        sent.iter()
            .all(|r| r.body.as_ref().unwrap()["sort_field"] == "title")
    );
}
