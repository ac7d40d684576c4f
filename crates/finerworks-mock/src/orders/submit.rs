//! What `submit_orders` and `submit_orders_v2` share: the body read and checked, the duplicate
//! POs found, the orders recorded (or only checked, with `validate_only`), and the answer.

use std::collections::HashSet;

use axum::response::Response;
use finerworks_api::types::{OrderDetails, ReceivedOrder, SubmitOrdersResponse};

use super::read::prose_rules;
use super::{DuplicatePo, PlacedOrder, TestOrders, ValidateAnswer};
use crate::page;
use crate::request::ModelState;
use crate::state::Shared;
use crate::wire::{encode_schema, invalid, json_response};

/// The payment token that makes every order of a `submit_orders_v2` a test order (vendor).
pub(crate) const TEST_PAYMENT_TOKEN: &str = "xxxx";

/// A submission read from its body.
pub(crate) struct Submission {
    pub(crate) orders: Vec<OrderDetails>,
    pub(crate) validate_only: bool,
    /// Every order is a test order whatever its `test_mode` (`payment_token: "xxxx"`).
    pub(crate) all_test: bool,
}

/// The answer to a submission: HTTP 400 naming every bad field (nothing recorded), or the
/// orders received.
pub(crate) fn answer(shared: &Shared, submission: Submission) -> Response {
    let mut model_state = ModelState::new();
    for (index, order) in submission.orders.iter().enumerate() {
        prose_rules(order, &format!("orders[{index}]"), true, &mut model_state);
    }
    if !model_state.is_empty() {
        return invalid(model_state);
    }
    let refuse = shared.profile.orders.duplicate_po == DuplicatePo::Refuse;
    let pos: Vec<Option<String>> = submission
        .orders
        .iter()
        .map(|order| order.order_po.as_deref().cloned())
        .collect();
    let duplicates = |has_po: &dyn Fn(&str) -> bool| {
        let found = if refuse {
            duplicate_pos(&pos, has_po)
        } else {
            ModelState::new()
        };
        if found.is_empty() { Ok(()) } else { Err(found) }
    };
    if submission.validate_only {
        let checked = shared.orders.place(Vec::new(), duplicates);
        return match checked {
            Err(model_state) => invalid(model_state),
            Ok(_) => ok(shared, validated(shared, &submission.orders)),
        };
    }
    let orders: Vec<(OrderDetails, bool)> = submission
        .orders
        .into_iter()
        .map(|order| {
            let test = submission.all_test || order.test_mode == Some(true);
            (order, test)
        })
        .collect();
    match shared.orders.place(orders, duplicates) {
        Err(model_state) => invalid(model_state),
        Ok(placed) => {
            let all_test = placed.iter().all(|order| order.test);
            let answered = if all_test && shared.profile.orders.test_orders == TestOrders::Null {
                None
            } else {
                Some(placed.iter().map(received).collect())
            };
            ok(shared, answered)
        }
    }
}

/// The `ModelState` naming `orders[i].order_po` of each order whose PO the account has on an
/// order not cancelled (`has_po`), or an earlier order of the same submission has.
fn duplicate_pos(pos: &[Option<String>], has_po: &dyn Fn(&str) -> bool) -> ModelState {
    let mut seen = HashSet::new();
    let mut model_state = ModelState::new();
    for (index, po) in pos.iter().enumerate() {
        let Some(po) = po else { continue };
        if has_po(po) || !seen.insert(po.as_str()) {
            model_state
                .entry(format!("request.orders[{index}].order_po"))
                .or_default()
                .push(format!("An order with the order_po '{po}' already exists."));
        }
    }
    model_state
}

/// What a `validate_only` submission answers in `orders`, as the switch says.
fn validated(shared: &Shared, orders: &[OrderDetails]) -> Option<Vec<ReceivedOrder>> {
    match shared.profile.orders.validate_answer {
        ValidateAnswer::Orders => Some(
            orders
                .iter()
                .map(|order| ReceivedOrder {
                    order_po: order.order_po.as_deref().cloned(),
                    order_email: order.recipient.email.as_deref().cloned(),
                    ..ReceivedOrder::default()
                })
                .collect(),
        ),
        _ => None,
    }
}

/// What the answer says of an order placed.
pub(crate) fn received(order: &PlacedOrder) -> ReceivedOrder {
    ReceivedOrder {
        order_po: order.order_po().map(str::to_owned),
        order_id: Some(order.order_id),
        order_confirmation_id: Some(order.order_confirmation_id),
        order_guid: Some(order.order_guid),
        order_email: order.details.recipient.email.as_deref().cloned(),
        order_confirmation_datetime: Some(order.order_confirmation_datetime.clone()),
        order_source: Some("API".to_owned()),
    }
}

/// A successful answer with `orders`.
pub(crate) fn ok(shared: &Shared, orders: Option<Vec<ReceivedOrder>>) -> Response {
    json_response(axum::http::StatusCode::OK, body(shared, orders))
}

/// The body of a successful answer with `orders`.
pub(crate) fn body(shared: &Shared, orders: Option<Vec<ReceivedOrder>>) -> Vec<u8> {
    let answer = SubmitOrdersResponse {
        status: page::ok(shared.reference_id()).status,
        orders,
    };
    encode_schema(&answer, "submit_orders_response", &[])
}

/// The body of an answer whose status reports a failure, `orders: null`.
pub(crate) fn unsuccessful(shared: &Shared) -> Vec<u8> {
    let failed = page::failed("submitting the orders", shared.reference_id());
    let answer = SubmitOrdersResponse {
        status: failed.status,
        orders: None,
    };
    encode_schema(&answer, "submit_orders_response", &[])
}
