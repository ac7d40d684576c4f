//! The catalog's rows as the output formats print them ([`Printable`]): product types, style
//! types, product details ([`DetailRow`]) and prices ([`PriceRow`]).

use console::Alignment;
use finerworks::{Money, Price, Product, ProductType, StyleType};
use finerworks_api::fields::{price, product, product_type, style_type};
use serde::Serialize;

use crate::printable::Printable;
use crate::table::{Column, none, text};

fn cell<T: ToString>(value: Option<T>) -> Option<String> {
    value.map(|value| value.to_string())
}

fn ids(ids: Option<&Vec<i64>>) -> Option<String> {
    ids.map(|ids| ids.iter().map(i64::to_string).collect::<Vec<_>>().join(" "))
}

/// An amount with two decimals (exact: `Money` is a decimal), or `-`.
pub(crate) fn money(amount: Option<Money>) -> String {
    amount.map_or_else(none, |amount| format!("{amount:.2}"))
}

fn column<T>(
    header: &'static str,
    cell: fn(&T) -> String,
    align: Alignment,
    drop_rank: Option<u8>,
) -> Column<T> {
    Column {
        header,
        cell,
        align,
        shrink_to: None,
        drop_rank,
    }
}

fn name_column<T>(cell: fn(&T) -> String) -> Column<T> {
    Column {
        header: "NAME",
        cell,
        align: Alignment::Left,
        shrink_to: Some(16),
        drop_rank: None,
    }
}

impl Printable for ProductType {
    const NOUN: (&'static str, &'static str) = ("product type", "product types");
    const JSON_KEY: &'static str = "product_types";

    fn csv_columns(_products: bool) -> &'static [&'static str] {
        &[
            product_type::ID,
            product_type::NAME,
            product_type::DESCRIPTION,
            product_type::MEDIA_IDS,
            product_type::PRINTABLE_IDS,
            product_type::COLOR_CODE,
        ]
    }

    fn csv_cell(&self, column: &str) -> Option<String> {
        match column {
            product_type::ID => cell(self.id),
            product_type::NAME => self.name.clone(),
            product_type::DESCRIPTION => self.description.clone(),
            product_type::MEDIA_IDS => ids(self.media_ids.as_ref()),
            product_type::PRINTABLE_IDS => ids(self.printable_ids.as_ref()),
            product_type::COLOR_CODE => self.color_code.clone(),
            _ => None,
        }
    }

    fn table_columns(_rows: &[Self]) -> Vec<Column<Self>> {
        vec![
            column(
                "ID",
                |t| t.id.map_or_else(none, |id| id.to_string()),
                Alignment::Right,
                None,
            ),
            name_column(|t| text(t.name.as_deref())),
            Column {
                header: "DESCRIPTION",
                cell: |t| text(t.description.as_deref()),
                align: Alignment::Left,
                shrink_to: Some(12),
                drop_rank: Some(0),
            },
        ]
    }
}

impl Printable for StyleType {
    const NOUN: (&'static str, &'static str) = ("style type", "style types");
    const JSON_KEY: &'static str = "style_types";

    fn csv_columns(_products: bool) -> &'static [&'static str] {
        &[
            style_type::ID,
            style_type::NAME,
            style_type::CAN_FRAME,
            style_type::CAN_MAT,
            style_type::CAN_GLAZE,
            style_type::CUSTOM_SIZING,
            style_type::DEPTH,
            style_type::DESCRIPTION,
        ]
    }

    fn csv_cell(&self, column: &str) -> Option<String> {
        match column {
            style_type::ID => cell(self.id),
            style_type::NAME => self.name.clone(),
            style_type::CAN_FRAME => cell(self.can_frame),
            style_type::CAN_MAT => cell(self.can_mat),
            style_type::CAN_GLAZE => cell(self.can_glaze),
            style_type::CUSTOM_SIZING => cell(self.custom_sizing),
            style_type::DEPTH => cell(self.depth),
            style_type::DESCRIPTION => self.description.clone(),
            _ => None,
        }
    }

    fn table_columns(_rows: &[Self]) -> Vec<Column<Self>> {
        fn yes(value: Option<bool>) -> String {
            value.map_or_else(none, |yes| if yes { "yes" } else { "no" }.to_owned())
        }
        vec![
            column(
                "ID",
                |s| s.id.map_or_else(none, |id| id.to_string()),
                Alignment::Right,
                None,
            ),
            name_column(|s| text(s.name.as_deref())),
            column("FRAME", |s| yes(s.can_frame), Alignment::Left, Some(1)),
            column("MAT", |s| yes(s.can_mat), Alignment::Left, Some(1)),
            column("GLAZE", |s| yes(s.can_glaze), Alignment::Left, Some(1)),
            column(
                "CUSTOM SIZE",
                |s| yes(s.custom_sizing),
                Alignment::Left,
                Some(0),
            ),
        ]
    }
}

/// A product of `catalog product`, as FinerWorks described it.
#[derive(Clone, Debug, Serialize)]
#[serde(transparent)]
pub(crate) struct DetailRow(pub(crate) Product);

impl Printable for DetailRow {
    const NOUN: (&'static str, &'static str) = ("product", "products");
    const JSON_KEY: &'static str = "product_list";

    fn csv_columns(_products: bool) -> &'static [&'static str] {
        &[
            product::SKU,
            product::PRODUCT_CODE,
            product::NAME,
            product::QUANTITY,
            product::MONETARY_FORMAT,
            product::PER_ITEM_PRICE,
            product::TOTAL_PRICE,
            product::ASKING_PRICE,
        ]
    }

    fn csv_cell(&self, column: &str) -> Option<String> {
        let p = &self.0;
        match column {
            product::SKU => p.sku.clone(),
            product::PRODUCT_CODE => p.product_code.clone(),
            product::NAME => p.name.clone(),
            product::QUANTITY => cell(p.quantity),
            product::MONETARY_FORMAT => p.monetary_format.clone(),
            product::PER_ITEM_PRICE => cell(p.per_item_price),
            product::TOTAL_PRICE => cell(p.total_price),
            product::ASKING_PRICE => cell(p.asking_price),
            _ => None,
        }
    }

    fn table_columns(_rows: &[Self]) -> Vec<Column<Self>> {
        vec![
            column("SKU", |r| text(r.0.sku.as_deref()), Alignment::Left, None),
            name_column(|r| text(r.0.name.as_deref())),
            column(
                "QTY",
                |r| r.0.quantity.map_or_else(none, |q| q.to_string()),
                Alignment::Right,
                Some(2),
            ),
            column(
                "CURRENCY",
                |r| text(r.0.monetary_format.as_deref()),
                Alignment::Left,
                Some(1),
            ),
            column(
                "EACH",
                |r| money(r.0.per_item_price),
                Alignment::Right,
                Some(0),
            ),
            column("TOTAL", |r| money(r.0.total_price), Alignment::Right, None),
        ]
    }
}

/// A line of `prices`: FinerWorks' price, or the SKU and quantity asked for with `info` saying
/// why there is none.
#[derive(Clone, Debug, Serialize)]
#[serde(transparent)]
pub(crate) struct PriceRow(pub(crate) Price);

impl Printable for PriceRow {
    const NOUN: (&'static str, &'static str) = ("price", "prices");
    const JSON_KEY: &'static str = "prices";

    fn csv_columns(_products: bool) -> &'static [&'static str] {
        &[
            price::PRODUCT_SKU,
            price::PRODUCT_QTY,
            price::PRODUCT_CODE,
            price::PRODUCT_PRICE,
            price::ADD_FRAME_PRICE,
            price::ADD_MAT_1_PRICE,
            price::ADD_MAT_2_PRICE,
            price::ADD_GLAZING_PRICE,
            price::ADD_COLOR_CORRECT_PRICE,
            price::TOTAL_PRICE,
            price::INFO,
        ]
    }

    fn csv_cell(&self, column: &str) -> Option<String> {
        let p = &self.0;
        match column {
            price::PRODUCT_SKU => p.product_sku.clone(),
            price::PRODUCT_QTY => cell(p.product_qty),
            price::PRODUCT_CODE => p.product_code.clone(),
            price::PRODUCT_PRICE => cell(p.product_price),
            price::ADD_FRAME_PRICE => cell(p.add_frame_price),
            price::ADD_MAT_1_PRICE => cell(p.add_mat_1_price),
            price::ADD_MAT_2_PRICE => cell(p.add_mat_2_price),
            price::ADD_GLAZING_PRICE => cell(p.add_glazing_price),
            price::ADD_COLOR_CORRECT_PRICE => cell(p.add_color_correct_price),
            price::TOTAL_PRICE => cell(p.total_price),
            price::INFO => p.info.clone().filter(|info| !info.is_empty()),
            _ => None,
        }
    }

    fn table_columns(_rows: &[Self]) -> Vec<Column<Self>> {
        fn mats(p: &Price) -> String {
            match (p.add_mat_1_price, p.add_mat_2_price) {
                (None, None) => none(),
                (one, two) => money(Some(one.unwrap_or_default() + two.unwrap_or_default())),
            }
        }
        vec![
            Column {
                header: "SKU",
                cell: |r| text(r.0.product_sku.as_deref()),
                align: Alignment::Left,
                shrink_to: Some(12),
                drop_rank: None,
            },
            column(
                "QTY",
                |r| r.0.product_qty.map_or_else(none, |q| q.to_string()),
                Alignment::Right,
                None,
            ),
            column(
                "PRODUCT",
                |r| money(r.0.product_price),
                Alignment::Right,
                Some(4),
            ),
            column(
                "FRAME",
                |r| money(r.0.add_frame_price),
                Alignment::Right,
                Some(3),
            ),
            column("MATS", |r| mats(&r.0), Alignment::Right, Some(2)),
            column(
                "GLAZING",
                |r| money(r.0.add_glazing_price),
                Alignment::Right,
                Some(1),
            ),
            column(
                "COLOR",
                |r| money(r.0.add_color_correct_price),
                Alignment::Right,
                Some(0),
            ),
            column("TOTAL", |r| money(r.0.total_price), Alignment::Right, None),
        ]
    }
}
