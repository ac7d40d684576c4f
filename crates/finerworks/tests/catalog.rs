//! The catalog against the mock: product and style types, product details and prices, in
//! batches, under every reading of what the docs leave open (which body form FinerWorks reads,
//! what an unknown SKU gets), with exact totals, and bad input refused before sending.

use finerworks::{Error, Money, ProductField, RequestField, SkuQty};
use finerworks_mock::{BodyForm, MockConfig, MockServer, UnknownSku};

use crate::support::client::client_for;

async fn mock(config: MockConfig) -> MockServer {
    MockServer::start_with(config.images(0).seed(7))
        .await
        .expect("mock starts")
}

/// 120 products (three calls of 50 at most): the vendor's example SKU twice, an unknown SKU, and
/// made-up SKUs with quantities 1 to 4.
fn order() -> Vec<SkuQty> {
    let mut items: Vec<SkuQty> = (0..117)
        .map(|n| SkuQty::new(format!("AP{n:04}P"), n % 4 + 1))
        .collect();
    items.insert(3, SkuQty::new("sample string 2", 1));
    items.insert(60, SkuQty::new("no-such-print", 2));
    items.push(SkuQty::new("sample string 2", 1));
    items
}

fn calls_to(mock: &MockServer, operation: &str) -> usize {
    mock.requests()
        .iter()
        .filter(|r| r.operation.as_deref() == Some(operation))
        .count()
}

#[tokio::test]
async fn prices_come_in_order_with_an_exact_total_under_every_reading() {
    let reference = mock(MockConfig::new()).await;
    let expected = client_for(&reference)
        .catalog()
        .prices(order())
        .send()
        .await
        .unwrap();
    assert_eq!(expected.lines.len(), 120);
    assert!(expected.is_complete(), "every SKU is priced by default");
    for strict in [false, true] {
        for form in BodyForm::ALL {
            for unknown in UnknownSku::ALL {
                let reading = format!("body {form}, unknown SKU {unknown}, strict {strict}");
                let config = MockConfig::new()
                    .prices_body(form)
                    .unknown_sku(unknown)
                    .strict(strict);
                let mock = mock(config).await;
                let client = client_for(&mock);
                let prices = client
                    .catalog()
                    .prices(order())
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("{reading}: {e}"));
                let skus: Vec<&str> = prices.lines.iter().map(|line| line.sku.as_str()).collect();
                let asked: Vec<String> = order().into_iter().map(|item| item.sku).collect();
                assert_eq!(skus, asked, "{reading}");
                for (line, reference) in prices.lines.iter().zip(&expected.lines) {
                    if line.sku == "no-such-print" && unknown != UnknownSku::Priced {
                        assert_eq!(line.total(), None, "{reading}");
                        assert!(
                            line.problem.is_some(),
                            "{reading}: an unpriced line says why"
                        );
                    } else {
                        assert_eq!(line.total(), reference.total(), "{reading}: {}", line.sku);
                    }
                }
                let sum: Money = prices.lines.iter().filter_map(|line| line.total()).sum();
                assert_eq!(prices.total, sum, "{reading}");
                assert_eq!(
                    prices.is_complete(),
                    unknown == UnknownSku::Priced,
                    "{reading}"
                );

                // The form FinerWorks reads is remembered: a second call sends one request a batch.
                let before = calls_to(&mock, "get_prices");
                let again = client.catalog().prices(order()).send().await.unwrap();
                assert_eq!(again, prices, "{reading}");
                let refused_resend = usize::from(unknown == UnknownSku::Refused);
                assert_eq!(
                    calls_to(&mock, "get_prices") - before,
                    3 + refused_resend,
                    "{reading}"
                );
            }
        }
    }
}

#[tokio::test]
async fn a_line_is_its_quantity_times_one_copy_and_its_parts_add_up() {
    let mock = mock(MockConfig::new()).await;
    let catalog = client_for(&mock).catalog();
    let prices = catalog
        .prices([("AP1234P", 1), ("ap1234p", 7)])
        .await
        .unwrap();
    let one = prices.lines[0].total().unwrap().amount();
    assert_eq!(
        prices.lines[1].total().unwrap().amount(),
        one * rust_decimal::Decimal::from(7)
    );
    assert_eq!(prices.total.amount(), one * rust_decimal::Decimal::from(8));
    let price = prices.lines[1].price.as_ref().unwrap();
    let parts: Money = [
        price.product_price,
        price.add_frame_price,
        price.add_mat_1_price,
        price.add_mat_2_price,
        price.add_glazing_price,
        price.add_color_correct_price,
    ]
    .into_iter()
    .flatten()
    .sum();
    assert_eq!(Some(parts), price.total_price);
}

#[tokio::test]
async fn an_account_key_is_never_dropped_to_send_the_bare_array() {
    let mock = mock(MockConfig::new().prices_body(BodyForm::Array)).await;
    let error = client_for(&mock)
        .catalog()
        .prices(["AP1"])
        .account_key("reseller-1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.http_status(), Some(400), "{error}");
    assert_eq!(mock.request_count(), 1);
}

#[tokio::test]
async fn product_details_come_in_order_under_every_reading() {
    let items: Vec<SkuQty> = (0..30)
        .map(|n| {
            if n == 7 {
                SkuQty::new("no-such-x", 1)
            } else {
                SkuQty::new(format!("CV{n:03}"), 2)
            }
        })
        .collect();
    for form in BodyForm::ALL {
        for unknown in UnknownSku::ALL {
            let reading = format!("body {form}, unknown SKU {unknown}");
            let mock = mock(MockConfig::new().details_body(form).unknown_sku(unknown)).await;
            let client = client_for(&mock);
            let details = client
                .catalog()
                .product_details(items.clone())
                .send()
                .await
                .unwrap_or_else(|e| panic!("{reading}: {e}"));
            assert_eq!(details.products.len(), 30, "{reading}");
            for (entry, item) in details.products.iter().zip(&items) {
                assert_eq!(
                    (entry.sku.as_str(), entry.qty),
                    (item.sku.as_str(), item.qty),
                    "{reading}"
                );
                let found = entry.product.as_ref();
                if item.sku == "no-such-x" && unknown != UnknownSku::Priced {
                    assert!(found.is_none() && entry.problem.is_some(), "{reading}");
                } else {
                    let product = found.unwrap_or_else(|| panic!("{reading}: {entry:?}"));
                    assert_eq!(product.sku.as_deref(), Some(item.sku.as_str()));
                    let each = product.per_item_price.unwrap().amount();
                    assert_eq!(
                        product.total_price.unwrap().amount(),
                        each * rust_decimal::Decimal::from(item.qty)
                    );
                }
            }
            let expected_missing = usize::from(unknown != UnknownSku::Priced);
            assert_eq!(details.not_found().count(), expected_missing, "{reading}");
        }
    }
}

#[tokio::test]
async fn product_and_style_types_are_listed_and_filtered_by_id() {
    let mock = mock(MockConfig::new()).await;
    let catalog = client_for(&mock).catalog();
    let types = catalog.product_types().await.unwrap();
    assert!(types.len() >= 2);
    let two = catalog.product_types().ids([2, 999]).await.unwrap();
    assert_eq!(two.iter().map(|t| t.id).collect::<Vec<_>>(), [Some(2)]);
    let styles = catalog.style_types().await.unwrap();
    assert!(styles.iter().all(|style| style.name.is_some()));
    let one = catalog.style_types().ids([1]).await.unwrap();
    assert_eq!(one.len(), 1);
    assert!(
        one[0]
            .mounting_add_ons
            .as_ref()
            .is_some_and(|a| a[0].price.is_some())
    );
}

#[tokio::test]
async fn bad_products_are_refused_before_anything_is_sent() {
    let mock = mock(MockConfig::new()).await;
    let catalog = client_for(&mock).catalog();
    let field = |error: Error| match error {
        Error::InvalidRequest { field, rule } => (field, rule),
        other => panic!("{other}"),
    };
    let (none, rule) = field(catalog.prices(Vec::<SkuQty>::new()).await.unwrap_err());
    assert_eq!(
        (none, rule.as_str()),
        (RequestField::Products, "must hold at least 1 product")
    );
    let (qty, rule) = field(catalog.prices([("A", 1), ("B", 0)]).await.unwrap_err());
    assert_eq!(
        qty,
        RequestField::Product {
            index: 1,
            field: ProductField::Qty
        }
    );
    assert_eq!(rule, "must be between 1 and 999 (got 0)");
    let (sku, _) = field(catalog.product_details([""]).await.unwrap_err());
    assert_eq!(sku.to_string(), "products[0].product_sku");
    assert_eq!(mock.request_count(), 0);
}
