//! `PUT /v3/update_virtual_inventory`: the body read as ASP.NET would, and the products changed
//! by SKU.
//!
//! Assumed, as the vendor does not say (the spec marks each): a field left out keeps its value
//! ([`OmittedFields`] for the other reading); a SKU no product has is no error but is left out of
//! the answer ([`UnknownInventorySku`] for the other reading); the answer lists the products changed in the
//! order sent.

use axum::body::Bytes;
use axum::response::Response;
use finerworks_api::Money;
use finerworks_api::Operation as _;
use finerworks_api::fields::product_details_update::{
    ASKING_PRICE, DESCRIPTION, NAME, QUANTITY_IN_STOCK, SKU, THIRD_PARTY_INTEGRATIONS,
    TRACK_INVENTORY,
};
use finerworks_api::fields::update_virtual_inventory_request::{self as request_fields, VIRTUAL_INVENTORY};
use finerworks_api::limits::update_virtual_inventory_request::{
    VIRTUAL_INVENTORY_MAX_ITEMS, VIRTUAL_INVENTORY_MIN_ITEMS,
};
use finerworks_api::operations::UpdateVirtualInventory;
use finerworks_api::types::{Product, ProductDetailsUpdate, ProductsResponse};
use serde_json::Value;

use crate::edit::{array, number, object, text};
use crate::{OmittedFields, UnknownInventorySku};
use crate::page;
use crate::request::{Errors, INT_MAX, ModelState, boolean, present};
use crate::state::Shared;
use crate::wire::encode_schema;

/// The answer to a valid or invalid `update_virtual_inventory` body: the products changed, or
/// (with [`UnknownInventorySku::Refuse`]) a 400 naming each SKU no product has, nothing changed.
pub(super) fn answer(shared: &Shared, _body: &Bytes, json: &Value) -> Response {
    let profile = &shared.profile;
    let changed = update(json).and_then(|changes| {
        if profile.unknown_inventory_sku == UnknownInventorySku::Refuse {
            let mut errors = Errors::default();
            for (index, change) in changes.iter().enumerate() {
                if !shared.store.has_sku(&change.sku) {
                    errors.add(
                        &format!("{VIRTUAL_INVENTORY}[{index}].{SKU}"),
                        format!("No product has the SKU '{}'.", change.sku),
                    );
                }
            }
            if !errors.0.is_empty() {
                return Err(errors.0);
            }
        }
        let clear = profile.omitted_fields == OmittedFields::Clear;
        Ok(ok(shared, shared.store.update_products(&changes, clear)))
    });
    super::ok_or_invalid(changed)
}

/// The answer with no products.
pub(super) fn plain(shared: &Shared) -> Vec<u8> {
    ok(shared, Vec::new())
}

/// An answer whose status reports a failure.
pub(super) fn unsuccessful(shared: &Shared) -> Vec<u8> {
    super::failed(
        shared,
        UpdateVirtualInventory::RESPONSE_SCHEMA,
        "updating the virtual inventory",
    )
}

/// A successful answer listing `products`.
fn ok(shared: &Shared, products: Vec<Product>) -> Vec<u8> {
    let answer = ProductsResponse {
        status: page::ok(shared.reference_id()).status,
        products: Some(products),
    };
    encode_schema(&answer, UpdateVirtualInventory::RESPONSE_SCHEMA, &[])
}

/// Reads an `update_virtual_inventory` body.
pub(crate) fn update(body: &Value) -> Result<Vec<ProductDetailsUpdate>, ModelState> {
    let mut errors = Errors::default();
    let Some(request) = object(body, "update_virtual_inventory_request", &mut errors) else {
        return Err(errors.0);
    };
    let limits = (VIRTUAL_INVENTORY_MIN_ITEMS, Some(VIRTUAL_INVENTORY_MAX_ITEMS));
    let list = "System.Collections.Generic.List`1[ApiC.Models.product_details_update]";
    let items = array(
        request,
        (request_fields::ALL, VIRTUAL_INVENTORY),
        list,
        limits,
        &mut errors,
    )
    .unwrap_or_default();
    let mut changes = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let at = format!("{VIRTUAL_INVENTORY}[{index}]");
        let Some(product) = item.as_object() else {
            errors.conversion(&at, item, "ApiC.Models.product_details_update");
            continue;
        };
        let sku = text(product, &format!("{at}.{SKU}"), &mut errors);
        if sku.is_none() && present(product, SKU).is_none() {
            errors.required(&format!("{at}.{SKU}"));
        }
        let asking_price = present(product, ASKING_PRICE).and_then(|value| {
            let price = serde_json::from_value::<Money>(value.clone()).ok();
            if price.is_none() {
                errors.conversion(&format!("{at}.{ASKING_PRICE}"), value, "System.Decimal");
            }
            price
        });
        let name = text(product, &format!("{at}.{NAME}"), &mut errors);
        let description = text(product, &format!("{at}.{DESCRIPTION}"), &mut errors);
        let quantity_in_stock = number(
            product,
            &format!("{at}.{QUANTITY_IN_STOCK}"),
            (-INT_MAX - 1, INT_MAX),
            "System.Int32",
            &mut errors,
        )
        .and_then(|n| i32::try_from(n).ok());
        let track_inventory = present(product, TRACK_INVENTORY).and_then(|value| {
            let flag = boolean(value);
            if flag.is_none() {
                errors.conversion(&format!("{at}.{TRACK_INVENTORY}"), value, "System.Boolean");
            }
            flag
        });
        let third_party_integrations = present(product, THIRD_PARTY_INTEGRATIONS).cloned();
        if let Some(sku) = sku {
            changes.push(ProductDetailsUpdate {
                sku,
                asking_price,
                name,
                description,
                quantity_in_stock,
                track_inventory,
                third_party_integrations,
            });
        }
    }
    if errors.0.is_empty() {
        Ok(changes)
    } else {
        Err(errors.0)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_vendor_example_reads_whole() {
        let example = include_str!(
            "../../../../tests/fixtures/vendor_update_virtual_inventory_request.json"
        );
        let changes = update(&serde_json::from_str(example).unwrap()).unwrap();
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].sku, "AP1556P79511");
        assert_eq!(changes[0].asking_price.map(|p| p.to_string()), Some("200.0".to_owned()));
        assert_eq!(changes[0].quantity_in_stock, Some(10));
        assert_eq!(changes[0].track_inventory, Some(true));
        assert_eq!(
            changes[0].third_party_integrations.as_ref().unwrap()["shopify_product_id"],
            123_456_789
        );
    }

    #[test]
    fn reports_every_bad_item_and_the_batch_limit() {
        let errors = update(&json!({"virtual_inventory": [
            {"asking_price": "cheap"}, {"sku": 5, "quantity_in_stock": "many", "track_inventory": "maybe"}
        ]}))
        .unwrap_err();
        assert_eq!(
            errors.keys().collect::<Vec<_>>(),
            [
                "request.virtual_inventory[0].asking_price",
                "request.virtual_inventory[0].sku",
                "request.virtual_inventory[1].quantity_in_stock",
                "request.virtual_inventory[1].sku",
                "request.virtual_inventory[1].track_inventory",
            ]
        );
        let too_many: Vec<Value> = (0..=VIRTUAL_INVENTORY_MAX_ITEMS)
            .map(|n| json!({"sku": format!("S{n}")}))
            .collect();
        let errors = update(&json!({"virtual_inventory": too_many})).unwrap_err();
        assert!(errors.contains_key("request.virtual_inventory"), "{errors:?}");
        let errors = update(&json!({})).unwrap_err();
        assert_eq!(
            errors["request.virtual_inventory"],
            ["The virtual_inventory field is required."]
        );
    }
}
