//! `POST /v3/list_product_types`: the product types of a small built-in catalog, all of them or
//! those whose ids the body lists.
//!
//! FinerWorks publishes neither this answer nor its catalog: the answer's shape is the spec's
//! (assumed, from a third-party client), and the five types below are illustrative, not
//! FinerWorks' own. Assumed too, as the vendor does not say: `ids` left out, `null` or empty lists
//! every type; an id no type has is no error but is left out of the answer (compare the ids you
//! get back with those you sent); the types come in the catalog's order (by id), each once
//! however often `ids` names it. `ids` is read as ASP.NET would: a list of whole numbers (or
//! strings holding one), anything else a 400 naming `request.ids` or `request.ids[i]`.

use finerworks_api::Operation as _;
use finerworks_api::operations::ListProductTypes;
use axum::body::Bytes;
use axum::response::Response;
use finerworks_api::types::{ListProductTypesResponse, ProductType};
use serde_json::Value;

use crate::edit::object;
use crate::page;
use crate::request::{Errors, ModelState, integer, present};
use crate::state::Shared;
use crate::wire::encode_schema;

/// One product type of the catalog.
struct Entry {
    id: i64,
    name: &'static str,
    description: &'static str,
    media_ids: &'static [i64],
    printable_ids: &'static [i64],
    color_code: &'static str,
}

/// The catalog the mock serves, by id (illustrative).
const CATALOG: &[Entry] = &[
    Entry {
        id: 1,
        name: "Fine Art Paper Prints",
        description: "Giclee prints on archival fine art papers.",
        media_ids: &[1, 2, 3],
        printable_ids: &[101, 102],
        color_code: "#4A7BB7",
    },
    Entry {
        id: 2,
        name: "Canvas Prints",
        description: "Giclee prints on canvas, rolled or gallery wrapped.",
        media_ids: &[4, 5],
        printable_ids: &[201, 202, 203],
        color_code: "#B7744A",
    },
    Entry {
        id: 3,
        name: "Framed Prints",
        description: "Paper prints framed with a mat and glazing.",
        media_ids: &[1, 2],
        printable_ids: &[301],
        color_code: "#5A5A5A",
    },
    Entry {
        id: 4,
        name: "Metal Prints",
        description: "Prints dye-sublimated on aluminum.",
        media_ids: &[6],
        printable_ids: &[401, 402],
        color_code: "#9AA5B1",
    },
    Entry {
        id: 5,
        name: "Acrylic Prints",
        description: "Prints face-mounted behind acrylic.",
        media_ids: &[7],
        printable_ids: &[501],
        color_code: "#2E8B8B",
    },
];

/// The answer to a valid or invalid `list_product_types` body.
pub(super) fn answer(shared: &Shared, _body: &Bytes, json: &Value) -> Response {
    super::ok_or_invalid(ids(json).map(|ids| ok(shared, select(&ids))))
}

/// Every product type.
pub(super) fn plain(shared: &Shared) -> Vec<u8> {
    ok(shared, select(&[]))
}

/// An answer whose status reports a failure, with `product_types: null`.
pub(super) fn unsuccessful(shared: &Shared) -> Vec<u8> {
    let failed = page::failed("listing the product types", shared.reference_id());
    encoded(&ListProductTypesResponse {
        status: failed.status,
        product_types: None,
    })
}

/// A successful answer listing `types`.
fn ok(shared: &Shared, types: Vec<ProductType>) -> Vec<u8> {
    encoded(&ListProductTypesResponse {
        status: page::ok(shared.reference_id()).status,
        product_types: Some(types),
    })
}

/// `answer` as .NET writes it: the fields in the spec's order, the payload `null` when there is
/// none.
fn encoded(answer: &ListProductTypesResponse) -> Vec<u8> {
    encode_schema(answer, ListProductTypes::RESPONSE_SCHEMA, &[])
}

/// The product types of the catalog whose id is in `ids` (every one when `ids` is empty), in
/// the catalog's order.
fn select(ids: &[i64]) -> Vec<ProductType> {
    CATALOG
        .iter()
        .filter(|entry| ids.is_empty() || ids.contains(&entry.id))
        .map(|entry| ProductType {
            id: Some(entry.id),
            name: Some(entry.name.to_owned()),
            description: Some(entry.description.to_owned()),
            media_ids: Some(entry.media_ids.to_vec()),
            printable_ids: Some(entry.printable_ids.to_vec()),
            icon_url: Some(format!(
                "https://somewhere.com/product_types/{}/icon.png",
                entry.id
            )),
            color_code: Some(entry.color_code.to_owned()),
        })
        .collect()
}

/// Reads a `list_product_types` body: its `ids` (empty when left out or `null`).
pub(super) fn ids(body: &Value) -> Result<Vec<i64>, ModelState> {
    let mut errors = Errors::default();
    let Some(request) = object(body, "list_product_types_request", &mut errors) else {
        return Err(errors.0);
    };
    let ids = match present(request, "ids") {
        None => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| {
                let id = integer(item);
                if id.is_none() {
                    errors.conversion(&format!("ids[{index}]"), item, "System.Int64");
                }
                id
            })
            .collect(),
        Some(other) => {
            let list = "System.Collections.Generic.List`1[System.Int64]";
            errors.conversion("ids", other, list);
            Vec::new()
        }
    };
    if errors.0.is_empty() {
        Ok(ids)
    } else {
        Err(errors.0)
    }
}

#[cfg(test)]
mod tests {
    use finerworks_api::schema;
    use serde_json::json;

    use super::*;

    fn listed(body: Value) -> Vec<i64> {
        let ids = ids(&body).expect("a valid body");
        select(&ids).iter().map(|t| t.id.unwrap()).collect()
    }

    #[test]
    fn ids_filter_the_catalog_in_its_order_and_unknown_ids_are_left_out() {
        let every: Vec<i64> = CATALOG.iter().map(|entry| entry.id).collect();
        assert_eq!(every, [1, 2, 3, 4, 5]);
        assert_eq!(listed(json!({"ids": [1, 2]})), [1, 2]);
        assert_eq!(listed(json!({"ids": [4, 99, 2, 4]})), [2, 4]);
        assert_eq!(listed(json!({"ids": [99]})), Vec::<i64>::new());
        assert_eq!(listed(json!({"ids": ["3"]})), [3]);
        for body in [json!({}), json!({"ids": null}), json!({"ids": []})] {
            assert_eq!(listed(body.clone()), every, "{body}");
        }
    }

    #[test]
    fn what_is_not_a_list_of_ids_is_refused_naming_it() {
        let refused = |body: Value| {
            let model_state = ids(&body).unwrap_err();
            model_state.keys().cloned().collect::<Vec<_>>()
        };
        assert_eq!(refused(json!({"ids": "1,2"})), ["request.ids"]);
        assert_eq!(refused(json!({"ids": [1, "two", 2.5]})), ["request.ids[1]", "request.ids[2]"]);
        assert_eq!(refused(json!([1, 2])), ["request"]);
    }

    #[test]
    fn the_catalog_conforms_to_the_spec() {
        let answer = ListProductTypesResponse {
            status: page::ok("0123".to_owned()).status,
            product_types: Some(select(&[])),
        };
        let value = serde_json::to_value(&answer).unwrap();
        let found = schema::Validator::new(schema::openapi())
            .report_unknown_properties(true)
            .validate("list_product_types_response", &value);
        assert!(found.is_empty(), "{found:?}");
        let types = value["product_types"].as_array().unwrap();
        assert_eq!(types.len(), CATALOG.len());
        assert!(types.iter().all(|t| t.as_object().unwrap().len() == 7), "{value}");
    }
}
