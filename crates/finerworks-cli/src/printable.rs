//! What the output formats need of a type of row ([`Printable`]): its noun, its JSON key, its CSV
//! columns and cells, and its table columns; and the implementation for images. A new listing
//! (products, product types) implements it and prints through the same
//! [`Printer`](crate::output::Printer).

mod product;

use console::Alignment;
use finerworks::Image;
use finerworks_api::fields::{image_details, list_images_response};
use serde::Serialize;

use crate::table::{Column, human_size, none, text};

/// A type of row the [`Printer`](crate::output::Printer) writes in every output format.
pub(crate) trait Printable: Serialize + Clone {
    /// What one row is and what several are, in summary lines: `("image", "images")`.
    const NOUN: (&'static str, &'static str);

    /// The key of the rows in the JSON document: the field of the API's answer that holds them
    /// (`images`).
    const JSON_KEY: &'static str;

    /// The CSV columns, in order: the spec's field names (from `finerworks_api::fields`), and
    /// the command line's own columns last. `products` says whether the rows' products were
    /// asked for (`--products`); a column only they fill is left out otherwise.
    fn csv_columns(products: bool) -> &'static [&'static str];

    /// The CSV cell of `column` (one of [`csv_columns`](Self::csv_columns)), as the API wrote
    /// the value; `None` for an empty cell.
    fn csv_cell(&self, column: &str) -> Option<String>;

    /// The table's columns for these rows, in order (a column may depend on the rows, such as
    /// one that only some answers fill).
    fn table_columns(rows: &[Self]) -> Vec<Column<Self>>;
}

/// The command line's own CSV column of images: how many `products` an image has.
const PRODUCT_COUNT: &str = "product_count";

/// The image CSV columns; [`PRODUCT_COUNT`] is last, written only when products were asked for.
const IMAGE_CSV_COLUMNS: [&str; 10] = [
    image_details::ID,
    image_details::TITLE,
    image_details::GUID,
    image_details::FILE_NAME,
    image_details::FILE_SIZE,
    image_details::PIX_W,
    image_details::PIX_H,
    image_details::DATE_ADDED,
    image_details::ACTIVE,
    PRODUCT_COUNT,
];

impl Printable for Image {
    const NOUN: (&'static str, &'static str) = ("image", "images");
    const JSON_KEY: &'static str = list_images_response::IMAGES;

    fn csv_columns(products: bool) -> &'static [&'static str] {
        // Without `--products`, a `product_count` column would be empty in every row.
        if products {
            &IMAGE_CSV_COLUMNS
        } else {
            &IMAGE_CSV_COLUMNS[..IMAGE_CSV_COLUMNS.len() - 1]
        }
    }

    fn csv_cell(&self, column: &str) -> Option<String> {
        fn cell<T: ToString>(value: Option<T>) -> Option<String> {
            value.map(|value| value.to_string())
        }
        match column {
            image_details::ID => cell(self.id),
            image_details::TITLE => self.title.clone(),
            image_details::GUID => cell(self.guid),
            image_details::FILE_NAME => self.file_name.clone(),
            image_details::FILE_SIZE => cell(self.file_size),
            image_details::PIX_W => cell(self.pix_w),
            image_details::PIX_H => cell(self.pix_h),
            image_details::DATE_ADDED => cell(self.date_added),
            image_details::ACTIVE => cell(self.active),
            PRODUCT_COUNT => cell(self.products.as_ref().map(Vec::len)),
            _ => None,
        }
    }

    /// TITLE, GUID, FILE NAME, SIZE, PIXELS, ADDED, ACTIVE, and PRODUCTS when products were
    /// fetched. The title and file name are cut to fit; the file name is left out first, then
    /// the pixels, the size, the products, the active flag and the date; the title and GUID
    /// always stay.
    fn table_columns(images: &[Image]) -> Vec<Column<Image>> {
        let mut columns: Vec<Column<Image>> = vec![
            Column {
                header: "TITLE",
                cell: |image| text(image.title.as_deref()),
                align: Alignment::Left,
                shrink_to: Some(20),
                drop_rank: None,
            },
            Column {
                header: "GUID",
                cell: |image| image.guid.map_or_else(none, |guid| guid.to_string()),
                align: Alignment::Left,
                shrink_to: None,
                drop_rank: None,
            },
            Column {
                header: "FILE NAME",
                cell: |image| text(image.file_name.as_deref()),
                align: Alignment::Left,
                shrink_to: Some(12),
                drop_rank: Some(0),
            },
            Column {
                header: "SIZE",
                cell: |image| image.file_size.map_or_else(none, human_size),
                align: Alignment::Right,
                shrink_to: None,
                drop_rank: Some(2),
            },
            Column {
                header: "PIXELS",
                cell: |image| match (image.pix_w, image.pix_h) {
                    (Some(w), Some(h)) => format!("{w}x{h}"),
                    _ => none(),
                },
                align: Alignment::Right,
                shrink_to: None,
                drop_rank: Some(1),
            },
            Column {
                header: "ADDED",
                cell: |image| {
                    image.date_added.map_or_else(none, |added| {
                        added.naive_local().date().format("%Y-%m-%d").to_string()
                    })
                },
                align: Alignment::Left,
                shrink_to: None,
                drop_rank: Some(5),
            },
            Column {
                header: "ACTIVE",
                cell: |image| match image.active {
                    Some(true) => "yes".to_owned(),
                    Some(false) => "no".to_owned(),
                    None => none(),
                },
                align: Alignment::Left,
                shrink_to: None,
                drop_rank: Some(4),
            },
        ];
        // Without `--products` the API sends no products at all: a column of dashes would say
        // nothing.
        if images.iter().any(|image| image.products.is_some()) {
            columns.push(Column {
                header: "PRODUCTS",
                cell: |image| {
                    image
                        .products
                        .as_ref()
                        .map_or_else(none, |p| p.len().to_string())
                },
                align: Alignment::Right,
                shrink_to: None,
                drop_rank: Some(3),
            });
        }
        columns
    }
}

#[cfg(test)]
mod tests {
    //! The printer with a second type of row, as the next listing would implement it: only
    //! [`Printable`], nothing in the printer or the table.

    use serde::Deserialize;

    use super::*;
    use crate::cli::Format;
    use crate::output::{Printer, Summary};

    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    struct ProductType {
        id: i64,
        name: Option<String>,
    }

    impl Printable for ProductType {
        const NOUN: (&'static str, &'static str) = ("product type", "product types");
        const JSON_KEY: &'static str = "product_types";

        fn csv_columns(_products: bool) -> &'static [&'static str] {
            &["id", "name"]
        }

        fn csv_cell(&self, column: &str) -> Option<String> {
            match column {
                "id" => Some(self.id.to_string()),
                "name" => self.name.clone(),
                _ => None,
            }
        }

        fn table_columns(_rows: &[Self]) -> Vec<Column<Self>> {
            vec![
                Column {
                    header: "ID",
                    cell: |row| row.id.to_string(),
                    align: Alignment::Right,
                    shrink_to: None,
                    drop_rank: None,
                },
                Column {
                    header: "NAME",
                    cell: |row| text(row.name.as_deref()),
                    align: Alignment::Left,
                    shrink_to: Some(10),
                    drop_rank: Some(0),
                },
            ]
        }
    }

    fn rows() -> Vec<ProductType> {
        vec![
            ProductType {
                id: 1,
                name: Some("Canvas \u{1b}[31mprint".to_owned()),
            },
            ProductType { id: 22, name: None },
        ]
    }

    fn printed(format: Format, width: usize) -> String {
        let mut printer = Printer::new(Vec::new(), format, width);
        let summary = Summary {
            shown: 2,
            total: Some(2),
            pages: (1, 1),
            per_page: 10,
            complete: true,
        };
        printer.begin(Some(2), None).unwrap();
        printer.page(&rows()[..1]).unwrap();
        printer.page(&rows()[1..]).unwrap();
        printer.end(&summary.line::<ProductType>()).unwrap();
        String::from_utf8(printer.into_inner()).unwrap()
    }

    #[test]
    fn a_table_of_another_row_type_has_its_columns_its_noun_and_safe_cells() {
        assert_eq!(
            printed(Format::Table, 100),
            "ID  NAME\n 1  Canvas  [31mprint\n22  -\n\nshowing 2 of 2 product types (page 1 of 1)\n"
        );
    }

    /// CSV, JSON and NDJSON keep the API's text (only the table makes it safe for a terminal).
    #[test]
    fn csv_json_and_ndjson_of_another_row_type() {
        assert_eq!(
            printed(Format::Csv, 100),
            "id,name\n1,Canvas \u{1b}[31mprint\n22,\n"
        );
        let json: serde_json::Value = serde_json::from_str(&printed(Format::Json, 100)).unwrap();
        assert_eq!(json["count"], 2);
        let listed: Vec<ProductType> =
            serde_json::from_value(json["product_types"].clone()).unwrap();
        assert_eq!(listed, rows());
        let ndjson = printed(Format::Ndjson, 100);
        let lines: Vec<ProductType> = ndjson
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(lines, rows());
    }

    #[test]
    fn summaries_take_their_noun_from_the_row_type() {
        let summary = Summary {
            shown: 0,
            total: Some(0),
            pages: (1, 1),
            per_page: 10,
            complete: false,
        };
        assert_eq!(summary.line::<ProductType>(), "no product types match");
        assert_eq!(summary.line::<Image>(), "no images match");
        let one = Summary {
            shown: 1,
            total: Some(1),
            ..summary
        };
        assert_eq!(
            one.line::<ProductType>(),
            "showing 1 of 1 product type (page 1 of 1)"
        );
    }
}
