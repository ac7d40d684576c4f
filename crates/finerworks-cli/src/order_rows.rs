//! The rows of the order commands as the output formats print them ([`Printable`]): the fate of
//! each order submitted ([`SubmitRow`]), order statuses, status definitions, pending orders and
//! shipping options ([`ShippingRow`]).

use console::Alignment;
use finerworks::{
    OrderStatus, OrderStatusDefinition, Outcome, PendingOrder, ShippingOption, SubmittedOrder,
};
use finerworks_api::fields::{
    calculated_total, order_status, order_status_definition, pending_order, shipping_option,
};
use serde::Serialize;

use crate::catalog_rows::money;
use crate::printable::Printable;
use crate::table::{Column, none, text};

fn cell<T: ToString>(value: Option<T>) -> Option<String> {
    value.map(|value| value.to_string())
}

fn id(value: Option<i64>) -> String {
    value.map_or_else(none, |id| id.to_string())
}

fn column<T>(header: &'static str, cell: fn(&T) -> String, drop_rank: Option<u8>) -> Column<T> {
    Column {
        header,
        cell,
        align: Alignment::Left,
        shrink_to: None,
        drop_rank,
    }
}

fn shrinking<T>(header: &'static str, cell: fn(&T) -> String, min: usize) -> Column<T> {
    Column {
        header,
        cell,
        align: Alignment::Left,
        shrink_to: Some(min),
        drop_rank: None,
    }
}

/// What happened to one order of `orders submit`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct SubmitRow {
    /// Its index in the file, from 0.
    pub(crate) index: usize,
    pub(crate) order_po: String,
    pub(crate) po_generated: bool,
    /// `placed`, `found_after_lookup`, `already_present`, `valid`, `not_placed` or `unknown`.
    pub(crate) fate: &'static str,
    /// FinerWorks' order id, when known (several when the PO matches several orders).
    pub(crate) order_ids: Vec<i64>,
    /// Why it was not placed, and what the lookup by PO found.
    pub(crate) detail: Option<String>,
}

impl SubmitRow {
    pub(crate) fn new(order: &SubmittedOrder) -> Self {
        let found = |statuses: &[OrderStatus]| statuses.iter().filter_map(|s| s.order_id).collect();
        let (fate, order_ids, detail) = match &order.outcome {
            Outcome::Placed(received) => ("placed", received.order_id.into_iter().collect(), None),
            Outcome::FoundAfterLookup { lookup, .. } => (
                "found_after_lookup",
                found(&lookup.found),
                Some(order.outcome.to_string()),
            ),
            Outcome::AlreadyPresent { lookup } => (
                "already_present",
                found(&lookup.found),
                Some(order.outcome.to_string()),
            ),
            Outcome::Valid => ("valid", Vec::new(), None),
            Outcome::NotPlaced { .. } => {
                ("not_placed", Vec::new(), Some(order.outcome.to_string()))
            }
            _ => ("unknown", Vec::new(), Some(order.outcome.to_string())),
        };
        Self {
            index: order.index,
            order_po: order.order_po.clone(),
            po_generated: order.po_generated,
            fate,
            order_ids,
            detail,
        }
    }
}

impl Printable for SubmitRow {
    const NOUN: (&'static str, &'static str) = ("order", "orders");
    const JSON_KEY: &'static str = "orders";

    fn csv_columns(_products: bool) -> &'static [&'static str] {
        &[
            "index",
            "order_po",
            "po_generated",
            "fate",
            "order_ids",
            "detail",
        ]
    }

    fn csv_cell(&self, column: &str) -> Option<String> {
        match column {
            "index" => Some(self.index.to_string()),
            "order_po" => Some(self.order_po.clone()),
            "po_generated" => Some(self.po_generated.to_string()),
            "fate" => Some(self.fate.to_owned()),
            "order_ids" => Some(ids(&self.order_ids)).filter(|ids| !ids.is_empty()),
            "detail" => self.detail.clone(),
            _ => None,
        }
    }

    fn table_columns(_rows: &[Self]) -> Vec<Column<Self>> {
        vec![
            column("#", |row| row.index.to_string(), None),
            shrinking("PO", |row| text(Some(&row.order_po)), 12),
            column("FATE", |row| row.fate.to_owned(), None),
            column(
                "ORDER ID",
                |row| {
                    if row.order_ids.is_empty() {
                        none()
                    } else {
                        ids(&row.order_ids)
                    }
                },
                Some(1),
            ),
            Column {
                header: "DETAIL",
                cell: |row| text(row.detail.as_deref()),
                align: Alignment::Left,
                shrink_to: Some(20),
                drop_rank: Some(0),
            },
        ]
    }
}

fn ids(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(" ")
}

/// The tracking numbers of an order's shipments, space-separated.
fn tracking(status: &OrderStatus) -> Option<String> {
    let numbers: Vec<&str> = status
        .shipments
        .iter()
        .flatten()
        .filter_map(|shipment| shipment.tracking_number.as_deref())
        .collect();
    (!numbers.is_empty()).then(|| numbers.join(" "))
}

/// The CSV column of the tracking numbers (the command line's own).
const TRACKING: &str = "tracking_numbers";

impl Printable for OrderStatus {
    const NOUN: (&'static str, &'static str) = ("order", "orders");
    const JSON_KEY: &'static str = "orders";

    fn csv_columns(_products: bool) -> &'static [&'static str] {
        &[
            order_status::ORDER_ID,
            order_status::ORDER_PO,
            order_status::ORDER_CONFIRMATION_ID,
            order_status::ORDER_STATUS_ID,
            order_status::ORDER_STATUS_LABEL,
            TRACKING,
        ]
    }

    fn csv_cell(&self, column: &str) -> Option<String> {
        match column {
            order_status::ORDER_ID => cell(self.order_id),
            order_status::ORDER_PO => self.order_po.clone(),
            order_status::ORDER_CONFIRMATION_ID => cell(self.order_confirmation_id),
            order_status::ORDER_STATUS_ID => cell(self.order_status_id),
            order_status::ORDER_STATUS_LABEL => self.order_status_label.clone(),
            TRACKING => tracking(self),
            _ => None,
        }
    }

    fn table_columns(_rows: &[Self]) -> Vec<Column<Self>> {
        vec![
            column("ORDER ID", |s| id(s.order_id), None),
            shrinking("PO", |s| text(s.order_po.as_deref()), 12),
            column("STATUS ID", |s| id(s.order_status_id), Some(1)),
            shrinking("STATUS", |s| text(s.order_status_label.as_deref()), 12),
            Column {
                header: "TRACKING",
                cell: |s| text(tracking(s).as_deref()),
                align: Alignment::Left,
                shrink_to: Some(12),
                drop_rank: Some(0),
            },
        ]
    }
}

impl Printable for OrderStatusDefinition {
    const NOUN: (&'static str, &'static str) = ("status", "statuses");
    const JSON_KEY: &'static str = "definitions";

    fn csv_columns(_products: bool) -> &'static [&'static str] {
        &[
            order_status_definition::ORDER_STATUS_ID,
            order_status_definition::ORDER_STATUS_LABEL,
        ]
    }

    fn csv_cell(&self, column: &str) -> Option<String> {
        match column {
            order_status_definition::ORDER_STATUS_ID => cell(self.order_status_id),
            order_status_definition::ORDER_STATUS_LABEL => self.order_status_label.clone(),
            _ => None,
        }
    }

    fn table_columns(_rows: &[Self]) -> Vec<Column<Self>> {
        vec![
            column("ID", |d| id(d.order_status_id), None),
            shrinking("LABEL", |d| text(d.order_status_label.as_deref()), 12),
        ]
    }
}

impl Printable for PendingOrder {
    const NOUN: (&'static str, &'static str) = ("pending order", "pending orders");
    const JSON_KEY: &'static str = "orders";

    fn csv_columns(_products: bool) -> &'static [&'static str] {
        &[
            pending_order::ID,
            pending_order::ORDER_PO,
            pending_order::ORDER_KEY,
        ]
    }

    fn csv_cell(&self, column: &str) -> Option<String> {
        match column {
            pending_order::ID => cell(self.id),
            pending_order::ORDER_PO => self.order_po.clone(),
            pending_order::ORDER_KEY => cell(self.order_key),
            _ => None,
        }
    }

    fn table_columns(_rows: &[Self]) -> Vec<Column<Self>> {
        vec![
            column("ID", |p| id(p.id), None),
            shrinking("PO", |p| text(p.order_po.as_deref()), 12),
            column(
                "KEY",
                |p| p.order_key.map_or_else(none, |key| key.to_string()),
                Some(0),
            ),
        ]
    }
}

/// One shipping option of one order.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ShippingRow {
    /// The order's PO, when it has one.
    pub(crate) order_po: Option<String>,
    /// The option.
    #[serde(flatten)]
    pub(crate) option: ShippingOption,
}

impl Printable for ShippingRow {
    const NOUN: (&'static str, &'static str) = ("shipping option", "shipping options");
    const JSON_KEY: &'static str = "options";

    fn csv_columns(_products: bool) -> &'static [&'static str] {
        &[
            calculated_total::ORDER_PO,
            shipping_option::SHIPPING_CODE,
            shipping_option::SHIPPING_METHOD,
            shipping_option::RATE,
            calculated_total::ORDER_GRAND_TOTAL,
        ]
    }

    fn csv_cell(&self, column: &str) -> Option<String> {
        let total = self.option.calculated_total.as_ref();
        match column {
            calculated_total::ORDER_PO => self.order_po.clone(),
            shipping_option::SHIPPING_CODE => self.option.shipping_code.clone(),
            shipping_option::SHIPPING_METHOD => self.option.shipping_method.clone(),
            shipping_option::RATE => cell(self.option.rate),
            calculated_total::ORDER_GRAND_TOTAL => cell(total.and_then(|t| t.order_grand_total)),
            _ => None,
        }
    }

    fn table_columns(rows: &[Self]) -> Vec<Column<Self>> {
        let mut columns = Vec::new();
        if rows.iter().any(|row| row.order_po.is_some()) {
            columns.push(shrinking("PO", |r: &Self| text(r.order_po.as_deref()), 12));
        }
        columns.extend([
            column(
                "CODE",
                |r: &Self| text(r.option.shipping_code.as_deref()),
                None,
            ),
            shrinking(
                "METHOD",
                |r: &Self| text(r.option.shipping_method.as_deref()),
                12,
            ),
            Column {
                header: "RATE",
                cell: |r: &Self| money(r.option.rate),
                align: Alignment::Right,
                shrink_to: None,
                drop_rank: None,
            },
            Column {
                header: "TOTAL",
                cell: |r: &Self| {
                    money(
                        r.option
                            .calculated_total
                            .as_ref()
                            .and_then(|t| t.order_grand_total),
                    )
                },
                align: Alignment::Right,
                shrink_to: None,
                drop_rank: Some(0),
            },
        ]);
        columns
    }
}
