//! The reading `get_prices` and `get_product_details` share: a list of products, each a SKU and
//! a quantity, sent in either of the two body forms the vendor's pages show (an object holding
//! them in `products`, or a bare array of them), as the configured [`BodyForm`] allows.

use finerworks_api::Field;
use serde_json::Value;

use crate::BodyForm;
use crate::edit::array;
use crate::request::{Errors, ModelState, integer, present};

/// How one operation's body is read.
pub(crate) struct Shape {
    /// The .NET model of the object form (`get_prices_request`).
    pub(crate) request_model: &'static str,
    /// The .NET model of an item (`pricing_item`).
    pub(crate) item_model: &'static str,
    /// The spec's schema of an item, for strict mode.
    pub(crate) item_schema: &'static str,
    /// The fields of the object form.
    pub(crate) fields: &'static [Field],
    /// The fewest and most items a call.
    pub(crate) items: (usize, usize),
    /// The smallest and largest quantity.
    pub(crate) qty: (u32, u32),
}

/// One product asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Item {
    /// Its place in the body, from 0.
    pub(crate) index: usize,
    pub(crate) sku: String,
    pub(crate) qty: u32,
}

/// The items of a body, and whether it came as a bare array (for the keys of the `ModelState`).
pub(crate) struct Items {
    pub(crate) items: Vec<Item>,
    pub(crate) array: bool,
}

impl Items {
    /// The `ModelState` key of `field` of the item at `index`.
    pub(crate) fn key(&self, index: usize, field: &str) -> String {
        key(self.array, index, field)
    }
}

/// The `ModelState` key of `field` of the item at `index`, in either form.
fn key(array: bool, index: usize, field: &str) -> String {
    if array {
        format!("request[{index}].{field}")
    } else {
        format!("request.products[{index}].{field}")
    }
}

/// Reads `body` as `shape` says, in the forms `form` allows; `strict` checks each item of a bare
/// array against the spec (an object body was checked whole before).
pub(crate) fn read(
    body: &Value,
    shape: &Shape,
    form: BodyForm,
    strict: bool,
) -> Result<Items, ModelState> {
    let mut errors = Errors::default();
    let list = format!(
        "System.Collections.Generic.List`1[ApiC.Models.{}]",
        shape.item_model
    );
    let (values, array): (&[Value], bool) = match body {
        Value::Object(object) if form.object() => {
            let (min, max) = shape.items;
            match array(
                object,
                (shape.fields, "products"),
                &list,
                (min, Some(max)),
                &mut errors,
            ) {
                Some(values) => (values, false),
                None => return Err(errors.0),
            }
        }
        Value::Array(values) if form.array() => {
            let (min, max) = shape.items;
            if values.len() < min || values.len() > max {
                errors.add(
                    "",
                    format!("The request must list between {min} and {max} products."),
                );
            }
            (values.as_slice(), true)
        }
        other => {
            let (found, target, needs) = if other.is_array() {
                (
                    "array (e.g. [1,2,3])",
                    format!("ApiC.Models.{}", shape.request_model),
                    "object (e.g. {\"name\":\"value\"})",
                )
            } else {
                (
                    "object (e.g. {\"name\":\"value\"})",
                    list,
                    "array (e.g. [1,2,3])",
                )
            };
            errors.add(
                "",
                format!(
                    "Cannot deserialize the current JSON {found} into type '{target}' because \
                     the type requires a JSON {needs} to deserialize correctly."
                ),
            );
            return Err(errors.0);
        }
    };
    let mut items = Vec::with_capacity(values.len());
    for (index, value) in values.iter().enumerate() {
        if array
            && strict
            && let Some(found) = crate::strict::violations(value, shape.item_schema)
        {
            for (field, messages) in found {
                let field = field.strip_prefix("request.").unwrap_or("");
                let key = key(true, index, field).trim_end_matches('.').to_owned();
                errors.0.entry(key).or_default().extend(messages);
            }
            continue;
        }
        let mut add = |field: &str, message: String| {
            errors
                .0
                .entry(key(array, index, field))
                .or_default()
                .push(message);
        };
        let Some(object) = value.as_object() else {
            add(
                "",
                format!(
                    "Error converting value {value} to type 'ApiC.Models.{}'.",
                    shape.item_model
                ),
            );
            continue;
        };
        let sku = match present(object, "product_sku") {
            Some(Value::String(sku)) => Some(sku.clone()),
            None => {
                add(
                    "product_sku",
                    "The product_sku field is required.".to_owned(),
                );
                None
            }
            Some(other) => {
                add(
                    "product_sku",
                    format!("Error converting value {other} to type 'System.String'."),
                );
                None
            }
        };
        let (min, max) = shape.qty;
        let qty = match present(object, "product_qty") {
            None => {
                add(
                    "product_qty",
                    "The product_qty field is required.".to_owned(),
                );
                None
            }
            Some(value) => match integer(value) {
                Some(qty) if (i64::from(min)..=i64::from(max)).contains(&qty) => {
                    u32::try_from(qty).ok()
                }
                Some(_) => {
                    add(
                        "product_qty",
                        format!("The field product_qty must be between {min} and {max}."),
                    );
                    None
                }
                None => {
                    add(
                        "product_qty",
                        format!("Error converting value {value} to type 'System.Int32'."),
                    );
                    None
                }
            },
        };
        if let (Some(sku), Some(qty)) = (sku, qty) {
            items.push(Item { index, sku, qty });
        }
    }
    if errors.0.is_empty() {
        Ok(Items { items, array })
    } else {
        Err(errors.0)
    }
}

#[cfg(test)]
mod tests {
    use finerworks_api::fields;
    use serde_json::json;

    use super::*;

    const SHAPE: Shape = Shape {
        request_model: "get_prices_request",
        item_model: "pricing_item",
        item_schema: "price_request_item",
        fields: fields::get_prices_request::ALL,
        items: (1, 50),
        qty: (1, 999),
    };

    fn keys(body: Value, form: BodyForm) -> Vec<String> {
        match read(&body, &SHAPE, form, false) {
            Ok(_) => Vec::new(),
            Err(model_state) => model_state.into_keys().collect(),
        }
    }

    #[test]
    fn each_form_is_read_when_allowed_and_the_other_is_a_400_naming_request() {
        let item = json!({"product_sku": "AP1", "product_qty": 2});
        let object = json!({"products": [item.clone()]});
        let array = json!([item]);
        assert_eq!(keys(object.clone(), BodyForm::Both), Vec::<String>::new());
        assert_eq!(keys(array.clone(), BodyForm::Both), Vec::<String>::new());
        assert_eq!(keys(object, BodyForm::Array), ["request"]);
        assert_eq!(keys(array.clone(), BodyForm::Object), ["request"]);
        let read = read(&array, &SHAPE, BodyForm::Array, false).unwrap();
        assert!(read.array);
        assert_eq!(
            read.items,
            [Item {
                index: 0,
                sku: "AP1".into(),
                qty: 2
            }]
        );
    }

    #[test]
    fn bad_items_are_named_by_their_place_in_either_form() {
        let bad = [
            json!({"product_sku": "A", "product_qty": 0}),
            json!({"product_qty": 1}),
        ];
        assert_eq!(
            keys(json!({"products": bad.clone()}), BodyForm::Both),
            [
                "request.products[0].product_qty",
                "request.products[1].product_sku"
            ]
        );
        assert_eq!(
            keys(json!(bad), BodyForm::Both),
            ["request[0].product_qty", "request[1].product_sku"]
        );
        assert_eq!(
            keys(json!({"products": []}), BodyForm::Both),
            ["request.products"]
        );
        let unknown_field = json!([{"product_sku": "A", "product_qty": 1, "extra": 1}]);
        assert!(read(&unknown_field, &SHAPE, BodyForm::Both, false).is_ok());
        assert!(
            read(
                &json!([{"product_sku": 1, "product_qty": 1}]),
                &SHAPE,
                BodyForm::Both,
                true
            )
            .is_err()
        );
    }
}
