//! [`Printable`] for virtual inventory products: `inventory list`, `inventory update` and
//! `inventory add` print them in every output format.

use console::Alignment;
use finerworks::Product;
use finerworks_api::fields::{list_virtual_inventory_response, product};

use super::Printable;
use crate::table::{Column, none, text};

/// The product CSV columns: the spec's field names, the SKU first (what `inventory update
/// --from` reads a row by).
const PRODUCT_CSV_COLUMNS: [&str; 9] = [
    product::SKU,
    product::NAME,
    product::PRODUCT_CODE,
    product::ASKING_PRICE,
    product::PER_ITEM_PRICE,
    product::MONETARY_FORMAT,
    product::QUANTITY_IN_STOCK,
    product::TRACK_INVENTORY,
    product::IMAGE_GUID,
];

impl Printable for Product {
    const NOUN: (&'static str, &'static str) = ("product", "products");
    const JSON_KEY: &'static str = list_virtual_inventory_response::PRODUCTS;

    fn csv_columns(_products: bool) -> &'static [&'static str] {
        &PRODUCT_CSV_COLUMNS
    }

    fn csv_cell(&self, column: &str) -> Option<String> {
        fn cell<T: ToString>(value: Option<T>) -> Option<String> {
            value.map(|value| value.to_string())
        }
        match column {
            product::SKU => self.sku.clone(),
            product::NAME => self.name.clone(),
            product::PRODUCT_CODE => self.product_code.clone(),
            product::ASKING_PRICE => cell(self.asking_price),
            product::PER_ITEM_PRICE => cell(self.per_item_price),
            product::MONETARY_FORMAT => self.monetary_format.clone(),
            product::QUANTITY_IN_STOCK => cell(self.quantity_in_stock),
            product::TRACK_INVENTORY => cell(self.track_inventory),
            product::IMAGE_GUID => cell(self.image_guid),
            _ => None,
        }
    }

    /// SKU, NAME, PRICE (the asking price with its currency), COST (the price of one item),
    /// STOCK, CODE and IMAGE. The name and code are cut to fit; the image is left out first,
    /// then the code, the cost and the stock; the SKU, name and price always stay.
    fn table_columns(_products: &[Product]) -> Vec<Column<Product>> {
        vec![
            Column {
                header: "SKU",
                cell: |p| text(p.sku.as_deref()),
                align: Alignment::Left,
                shrink_to: None,
                drop_rank: None,
            },
            Column {
                header: "NAME",
                cell: |p| text(p.name.as_deref()),
                align: Alignment::Left,
                shrink_to: Some(16),
                drop_rank: None,
            },
            Column {
                header: "PRICE",
                cell: |p| money(p.asking_price, p.monetary_format.as_deref()),
                align: Alignment::Right,
                shrink_to: None,
                drop_rank: None,
            },
            Column {
                header: "COST",
                cell: |p| money(p.per_item_price, p.monetary_format.as_deref()),
                align: Alignment::Right,
                shrink_to: None,
                drop_rank: Some(2),
            },
            Column {
                header: "STOCK",
                cell: |p| p.quantity_in_stock.map_or_else(none, |q| q.to_string()),
                align: Alignment::Right,
                shrink_to: None,
                drop_rank: Some(3),
            },
            Column {
                header: "CODE",
                cell: |p| text(p.product_code.as_deref()),
                align: Alignment::Left,
                shrink_to: Some(12),
                drop_rank: Some(1),
            },
            Column {
                header: "IMAGE",
                cell: |p| p.image_guid.map_or_else(none, |guid| guid.to_string()),
                align: Alignment::Left,
                shrink_to: None,
                drop_rank: Some(0),
            },
        ]
    }
}

/// An amount with two decimals and its currency (`200.00 USD`); the currency is the API's text.
fn money(amount: Option<finerworks::Money>, currency: Option<&str>) -> String {
    match (amount, currency) {
        (Some(amount), Some(currency)) => format!("{amount:.2} {}", text(Some(currency))),
        (Some(amount), None) => format!("{amount:.2}"),
        (None, _) => none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Format;
    use crate::output::Printer;

    fn product() -> Product {
        serde_json::from_str(
            r#"{"sku": "AP1556P79511", "name": "Framed Giclee", "product_code": "5M41M9S8X10",
                "asking_price": 200.0, "per_item_price": 113.0, "monetary_format": "USD",
                "quantity_in_stock": 10, "track_inventory": true,
                "image_guid": "5dbae1c2-addc-47ce-9468-843b9730aa52"}"#,
        )
        .unwrap()
    }

    fn printed(format: Format) -> String {
        let mut printer = Printer::new(Vec::new(), format, 120);
        printer.all(&[product()], "1 product").unwrap();
        String::from_utf8(printer.into_inner()).unwrap()
    }

    #[test]
    fn a_product_prints_its_sku_price_and_stock() {
        let table = printed(Format::Table);
        assert!(table.starts_with("SKU "), "{table}");
        assert!(table.contains("AP1556P79511"), "{table}");
        assert!(table.contains("200.00 USD"), "{table}");
        assert_eq!(
            printed(Format::Csv),
            "sku,name,product_code,asking_price,per_item_price,monetary_format,quantity_in_stock,\
             track_inventory,image_guid\nAP1556P79511,Framed Giclee,5M41M9S8X10,200.0,113.0,USD,\
             10,true,5dbae1c2-addc-47ce-9468-843b9730aa52\n"
        );
        let line: serde_json::Value = serde_json::from_str(printed(Format::Ndjson).trim()).unwrap();
        assert_eq!(line["sku"], "AP1556P79511");
        assert_eq!(line["asking_price"], 200.0);
    }
}
