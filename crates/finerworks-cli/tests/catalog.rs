//! `finerworks catalog` and `finerworks prices` run as processes: every format, exact money and a
//! total that adds up, batches under the body form the server reads, and unknown SKUs named
//! with exit status 9.

use crate::support;

use finerworks::Money;
use finerworks_mock::{BodyForm, MockConfig, UnknownSku};
use serde_json::Value;
use support::{Mock, exec, finerworks, ndjson, ok};

fn json_of(stdout: &str) -> Value {
    serde_json::from_str(stdout).expect("stdout is one JSON document")
}

fn money(value: &Value) -> Money {
    value.to_string().parse().expect("an amount")
}

#[test]
fn prices_print_every_line_and_an_exact_total_in_every_format() {
    let args = [
        "prices",
        "--demo",
        "sample string 2",
        "sample string 2:3",
        "AP1234P:2",
    ];
    let json = json_of(
        &ok(
            &mut finerworks(),
            &[&args[..], &["--format", "json"]].concat(),
        )
        .stdout,
    );
    let prices = json["prices"].as_array().expect("prices");
    let skus: Vec<&str> = prices
        .iter()
        .map(|p| p["product_sku"].as_str().unwrap())
        .collect();
    assert_eq!(skus, ["sample string 2", "sample string 2", "AP1234P"]);
    let one = money(&prices[0]["total_price"]).amount();
    assert_eq!(
        money(&prices[1]["total_price"]).amount(),
        one * finerworks::rust_decimal::Decimal::from(3)
    );
    let total: Money = prices.iter().map(|p| money(&p["total_price"])).sum();

    let table = ok(&mut finerworks(), &args);
    let last = table.stdout.lines().last().expect("a total line");
    assert_eq!(
        last,
        format!("total {total:.2} for 3 products (amounts in the account's currency)")
    );
    assert!(
        table
            .stdout
            .contains(&format!("{:.2}", money(&prices[2]["total_price"]))),
        "{}",
        table.stdout
    );

    let lines = ndjson(
        &ok(
            &mut finerworks(),
            &[&args[..], &["--format", "ndjson"]].concat(),
        )
        .stdout,
    );
    assert_eq!(lines.len(), 3);
    let csv = ok(
        &mut finerworks(),
        &[&args[..], &["--format", "csv"]].concat(),
    );
    let mut rows = csv.stdout.lines();
    assert!(
        rows.next()
            .unwrap()
            .starts_with("product_sku,product_qty,product_code,product_price")
    );
    assert_eq!(rows.count(), 3);
    assert!(
        csv.stderr.contains(&format!("total {total:.2}")),
        "{}",
        csv.stderr
    );
}

#[test]
fn unknown_skus_are_named_with_exit_9_and_the_rest_is_printed() {
    for unknown in [UnknownSku::Omitted, UnknownSku::Empty, UnknownSku::Refused] {
        let mock = Mock::start(
            MockConfig::new()
                .unknown_sku(unknown)
                .prices_body(BodyForm::Array),
        );
        let run = exec(
            &mut mock.finerworks(),
            &["prices", "AP1", "no-such-sku:2", "--format", "json"],
        );
        assert_eq!(run.code, 9, "{unknown}: {run:?}");
        assert!(
            run.stderr
                .contains("1 product was not priced by FinerWorks"),
            "{unknown}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("no-such-sku: "),
            "{unknown}: {}",
            run.stderr
        );
        let json = json_of(&run.stdout);
        assert_eq!(
            json["prices"][1]["product_sku"], "no-such-sku",
            "{unknown}: {json}"
        );
        assert_eq!(
            json["prices"][1]["total_price"],
            Value::Null,
            "{unknown}: {json}"
        );
        assert!(
            json["prices"][0]["total_price"].is_number(),
            "{unknown}: {json}"
        );
    }
}

#[test]
fn a_hundred_prices_go_in_batches_of_fifty() {
    let mock = Mock::start(MockConfig::new());
    let skus: Vec<String> = (0..120).map(|n| format!("SKU{n}:{}", n % 5 + 1)).collect();
    let mut args = vec!["prices", "--format", "ndjson"];
    args.extend(skus.iter().map(String::as_str));
    let lines = ndjson(&ok(&mut mock.finerworks(), &args).stdout);
    assert_eq!(lines.len(), 120);
    assert_eq!(lines[119]["product_sku"], "SKU119");
    let calls = mock
        .server
        .requests()
        .iter()
        .filter(|r| r.operation.as_deref() == Some("get_prices"))
        .count();
    assert_eq!(calls, 3);
}

#[test]
fn catalog_listings_print_in_every_format() {
    let types = json_of(
        &ok(
            &mut finerworks(),
            &["catalog", "types", "--demo", "--format", "json"],
        )
        .stdout,
    );
    assert!(
        types["product_types"]
            .as_array()
            .is_some_and(|t| !t.is_empty()),
        "{types}"
    );
    let filtered = json_of(
        &ok(
            &mut finerworks(),
            &[
                "catalog", "types", "--demo", "--id", "2", "--format", "json",
            ],
        )
        .stdout,
    );
    assert_eq!(filtered["count"], 1, "{filtered}");
    let styles = ok(
        &mut finerworks(),
        &["catalog", "styles", "--demo", "--format", "csv"],
    );
    assert!(
        styles.stdout.starts_with("id,name,can_frame"),
        "{}",
        styles.stdout
    );
    let table = ok(&mut finerworks(), &["catalog", "styles", "--demo"]);
    assert!(
        table.stdout.trim_end().ends_with("style types"),
        "{}",
        table.stdout
    );
    let product = ndjson(
        &ok(
            &mut finerworks(),
            &[
                "catalog", "product", "--demo", "AP1:2", "CV9", "--format", "ndjson",
            ],
        )
        .stdout,
    );
    assert_eq!(product.len(), 2);
    assert_eq!(product[0]["quantity"], 2);
    assert_eq!(
        money(&product[0]["total_price"]).amount(),
        money(&product[0]["per_item_price"]).amount() * finerworks::rust_decimal::Decimal::from(2)
    );
}

#[test]
fn a_bad_quantity_is_a_usage_error_and_nothing_is_sent() {
    let mock = Mock::start(MockConfig::new());
    let run = exec(&mut mock.finerworks(), &["prices", "AP1:0"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("between 1 and 999"), "{}", run.stderr);
    assert_eq!(mock.server.request_count(), 0);
}
