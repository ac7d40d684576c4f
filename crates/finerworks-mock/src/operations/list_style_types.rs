//! `POST /v3/list_style_types`: the style types of a small built-in catalog, all of them or
//! those whose ids the body lists.
//!
//! FinerWorks publishes neither this answer nor its catalog: the answer's shape is the spec's
//! (assumed, from third-party clients; the fields are the vendor's `style_type` model), and the
//! styles below are illustrative. `ids` is read as `list_product_types` reads it (left out,
//! `null` or empty lists every style; an unknown id is left out of the answer).

use axum::body::Bytes;
use axum::response::Response;
use finerworks_api::Money;
use finerworks_api::Operation as _;
use finerworks_api::operations::ListStyleTypes;
use finerworks_api::types::{ListStyleTypesResponse, Size, StyleAddOn, StyleType};
use rust_decimal::Decimal;
use serde_json::Value;

use crate::page;
use crate::state::Shared;
use crate::wire::encode_schema;

/// One style type of the catalog: id, name, whether it frames, mats and glazes, whether it is
/// sized freely, and its depth in inches.
struct Entry {
    id: i64,
    name: &'static str,
    framed: bool,
    custom: bool,
    depth: f64,
}

/// The catalog the mock serves, by id (illustrative).
const CATALOG: &[Entry] = &[
    Entry { id: 1, name: "Open Edition Print", framed: true, custom: true, depth: 0.0 },
    Entry { id: 2, name: "Gallery Wrapped Canvas", framed: false, custom: true, depth: 1.5 },
    Entry { id: 3, name: "Framed Print", framed: true, custom: false, depth: 1.25 },
    Entry { id: 4, name: "Metal Print", framed: false, custom: false, depth: 0.75 },
];

/// The answer to a valid or invalid `list_style_types` body.
pub(super) fn answer(shared: &Shared, _body: &Bytes, json: &Value) -> Response {
    super::ok_or_invalid(super::list_product_types::ids(json).map(|ids| ok(shared, select(&ids))))
}

/// Every style type.
pub(super) fn plain(shared: &Shared) -> Vec<u8> {
    ok(shared, select(&[]))
}

/// An answer whose status reports a failure, with `style_types: null`.
pub(super) fn unsuccessful(shared: &Shared) -> Vec<u8> {
    let failed = page::failed("listing the style types", shared.reference_id());
    encoded(&ListStyleTypesResponse { status: failed.status, style_types: None })
}

/// A successful answer listing `styles`.
fn ok(shared: &Shared, styles: Vec<StyleType>) -> Vec<u8> {
    encoded(&ListStyleTypesResponse {
        status: page::ok(shared.reference_id()).status,
        style_types: Some(styles),
    })
}

/// `answer` as .NET writes it.
fn encoded(answer: &ListStyleTypesResponse) -> Vec<u8> {
    encode_schema(answer, ListStyleTypes::RESPONSE_SCHEMA, &[])
}

/// A size in inches.
fn size(width: f64, height: f64) -> Size {
    Size { width: Some(width), height: Some(height) }
}

/// The style types of the catalog whose id is in `ids` (every one when `ids` is empty).
fn select(ids: &[i64]) -> Vec<StyleType> {
    CATALOG
        .iter()
        .filter(|entry| ids.is_empty() || ids.contains(&entry.id))
        .map(|entry| {
            let sizes = if entry.custom {
                Vec::new()
            } else {
                vec![size(8.0, 10.0), size(11.0, 14.0), size(16.0, 20.0)]
            };
            let add_on = StyleAddOn {
                id: Some(entry.id * 10 + 1),
                name: Some("Hanging wire".to_owned()),
                description: Some("A wire on the back, ready to hang.".to_owned()),
                icon_url: None,
                rate: Some(Money::new(Decimal::new(2, 2))),
                price: Some(Money::new(Decimal::new(450, 2))),
                min: Some(size(5.0, 7.0)),
                max: Some(size(40.0, 60.0)),
            };
            StyleType {
                id: Some(entry.id),
                name: Some(entry.name.to_owned()),
                description: Some(format!("{} (illustrative).", entry.name)),
                can_frame: Some(entry.framed),
                can_mat: Some(entry.framed),
                can_glaze: Some(entry.framed),
                frame_class_ids: Some(if entry.framed { vec![1, 2] } else { Vec::new() }),
                custom_sizing: Some(entry.custom),
                min: Some(size(4.0, 6.0)),
                max: Some(size(40.0, 60.0)),
                available_sizes: Some(sizes),
                border_size: Some(0.0),
                bleed_amt: Some(0.125),
                depth: Some(entry.depth),
                icon_url: Some(format!("https://somewhere.com/style_types/{}/icon.png", entry.id)),
                allow_decimal: Some(false),
                mounting_add_ons: Some(vec![add_on]),
                canvas_add_ons: Some(Vec::new()),
                allow_rotate: Some(!entry.custom),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use finerworks_api::schema;

    use super::*;

    #[test]
    fn ids_filter_the_catalog_and_the_answer_conforms_to_the_spec() {
        let ids = |styles: Vec<StyleType>| styles.iter().map(|s| s.id.unwrap()).collect::<Vec<_>>();
        assert_eq!(ids(select(&[])), [1, 2, 3, 4]);
        assert_eq!(ids(select(&[3, 99, 1])), [1, 3]);
        let answer = ListStyleTypesResponse {
            status: page::ok("0123".to_owned()).status,
            style_types: Some(select(&[])),
        };
        let value = serde_json::to_value(&answer).unwrap();
        let found = schema::Validator::new(schema::openapi())
            .report_unknown_properties(true)
            .validate("list_style_types_response", &value);
        assert!(found.is_empty(), "{found:?}");
    }
}
