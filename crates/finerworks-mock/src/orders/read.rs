//! The reading of an order body (`order_details`, or a request holding `orders`), as ASP.NET
//! binds it: a `null` is an unset field, then every rule of the spec's schema (required fields,
//! lengths, limits, formats) is checked, each broken rule reported under its field's key
//! (`request.orders[0].recipient.first_name`); then the rules the docs state in prose.

use finerworks_api::schema::{self, Rule, Validator};
use finerworks_api::types::OrderDetails;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::request::ModelState;

/// The shipping codes an order may be submitted with: those `list_shipping_options` offers.
pub(crate) fn known_shipping_code(code: &str) -> bool {
    super::quote::METHODS
        .iter()
        .any(|method| method.code.eq_ignore_ascii_case(code))
}

/// `json` read as the spec's schema `schema_name` into `T`, or the `ModelState` of every field
/// that breaks a rule of the schema.
pub(crate) fn read<T: DeserializeOwned>(json: &Value, schema_name: &str) -> Result<T, ModelState> {
    let mut json = json.clone();
    unset_nulls(&mut json);
    let violations = Validator::new(schema::openapi()).validate(schema_name, &json);
    if !violations.is_empty() {
        let mut model_state = ModelState::new();
        for violation in violations {
            let key = if violation.path.is_empty() {
                "request".to_owned()
            } else {
                format!("request.{}", violation.path)
            };
            let field = violation.path.rsplit('.').next().unwrap_or("request");
            // `orders[0]` names the field `orders`.
            let field = field.split('[').next().unwrap_or(field);
            let message = if violation.rule == Rule::Required {
                format!("The {field} field is required.")
            } else {
                format!(
                    "The field {field} is invalid ({}): {}.",
                    violation.rule,
                    violation.message.trim_end_matches('.')
                )
            };
            model_state.entry(key).or_default().push(message);
        }
        return Err(model_state);
    }
    serde_json::from_value(json).map_err(|error| {
        ModelState::from([(
            "request".to_owned(),
            vec![format!("Unexpected JSON: {error}.")],
        )])
    })
}

/// Removes every member whose value is `null`, at any depth: ASP.NET leaves such a field unset.
fn unset_nulls(value: &mut Value) {
    match value {
        Value::Object(members) => {
            members.retain(|_, member| !member.is_null());
            members.values_mut().for_each(unset_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(unset_nulls),
        _ => {}
    }
}

/// The rules the vendor states in prose, for the order at `at` (`orders[0]`, or empty for a
/// bare order): a U.S. address needs a `state_code`; a submission needs a shipping code the
/// mock offers (`submitting`; a quote takes any code, as the vendor asks for one anyway).
pub(crate) fn prose_rules(
    order: &OrderDetails,
    at: &str,
    submitting: bool,
    model_state: &mut ModelState,
) {
    let key = |field: &str| {
        if at.is_empty() {
            format!("request.{field}")
        } else {
            format!("request.{at}.{field}")
        }
    };
    let recipient = &order.recipient;
    let blank = recipient
        .state_code
        .as_deref()
        .is_none_or(|code| code.trim().is_empty());
    if recipient.country_code.eq_ignore_ascii_case("us") && blank {
        model_state
            .entry(key("recipient.state_code"))
            .or_default()
            .push("The state_code field is required when country_code is 'us'.".to_owned());
    }
    if submitting && !known_shipping_code(&order.shipping_code) {
        let codes: Vec<&str> = super::quote::METHODS
            .iter()
            .map(|method| method.code)
            .collect();
        model_state
            .entry(key("shipping_code"))
            .or_default()
            .push(format!(
                "The shipping code '{}' is not one of {}.",
                *order.shipping_code,
                codes.join(", ")
            ));
    }
}

#[cfg(test)]
mod tests {
    use finerworks_api::types::SubmitOrdersRequest;
    use serde_json::json;

    use super::*;

    fn order() -> Value {
        json!({
            "order_po": "PO_0001",
            "order_key": null,
            "recipient": {"first_name": "Bob", "last_name": "Ross", "address_1": "742 Evergreen Terrace",
                          "address_2": null, "zip_postal_code": "88888", "country_code": "us", "state_code": "AK"},
            "order_items": [{"product_qty": 1, "product_sku": "AP1234P1234", "product_image": null,
                             "template": null, "product_guid": "00000000-0000-0000-0000-000000000000"}],
            "shipping_code": "SD",
            "test_mode": null,
        })
    }

    #[test]
    fn nulls_are_unset_and_every_broken_rule_is_named() {
        let first: SubmitOrdersRequest =
            read(&json!({"orders": [order()]}), "submit_orders_request").unwrap();
        assert_eq!(first.orders[0].test_mode, None);
        let mut bad = order();
        bad["recipient"]["first_name"] = Value::Null;
        bad["order_items"][0]["product_qty"] = json!(1000);
        bad["order_po"] = json!("x".repeat(51));
        let error = read::<SubmitOrdersRequest>(
            &json!({"orders": [order(), bad]}),
            "submit_orders_request",
        )
        .unwrap_err();
        assert_eq!(
            error.keys().collect::<Vec<_>>(),
            [
                "request.orders[1].order_items[0].product_qty",
                "request.orders[1].order_po",
                "request.orders[1].recipient.first_name",
            ]
        );
        assert_eq!(
            error["request.orders[1].recipient.first_name"],
            ["The first_name field is required."]
        );
        let six = json!({"orders": [order(), order(), order(), order(), order(), order()]});
        let error = read::<SubmitOrdersRequest>(&six, "submit_orders_request").unwrap_err();
        assert_eq!(error.keys().collect::<Vec<_>>(), ["request.orders"]);
        let error = read::<SubmitOrdersRequest>(&json!({}), "submit_orders_request").unwrap_err();
        assert_eq!(error["request.orders"], ["The orders field is required."]);
    }

    #[test]
    fn prose_rules_name_their_field() {
        let mut order: OrderDetails = read(&order(), "order_details").unwrap();
        order.recipient.state_code = None;
        order.shipping_code = "ZZ".parse().unwrap();
        let mut model_state = ModelState::new();
        prose_rules(&order, "orders[2]", true, &mut model_state);
        assert_eq!(
            model_state.keys().collect::<Vec<_>>(),
            [
                "request.orders[2].recipient.state_code",
                "request.orders[2].shipping_code"
            ]
        );
        let mut quote = ModelState::new();
        order.recipient.country_code = "ca".to_owned();
        prose_rules(&order, "", false, &mut quote);
        assert!(quote.is_empty(), "{quote:?}");
    }
}
