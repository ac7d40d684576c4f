//! [`Orders`]: the orders of a client, made by [`Client::orders`](crate::Client::orders):
//! shipping options, submissions, status by id or PO, status definitions, hold, cancel and
//! release, pending orders; and [`order_status_from_webhook`], the webhook's payload.

use std::sync::Arc;

use finerworks_api::operations::{
    FetchOrderStatus, ListOrderStatusDefinitions, ListPendingOrders, ListShippingOptions,
    ListShippingOptionsMultiple, UpdateOrder as UpdateOrderOp,
};
use finerworks_api::types::{
    FetchOrderStatusRequest, ListPendingOrdersRequest, ListShippingOptionsMultipleRequest,
    UpdateCommand, UpdateOrderRequest,
};
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::exchange::{self, Connection};
use crate::input::RequestField;
use crate::submit::{LOOKUP_CHUNK, SubmitOrders, check_orders, lookup_all};
use crate::{
    Order, OrderShippingOptions, OrderStatus, OrderStatusDefinition, PendingOrder, ShippingOption,
};

/// The orders: shipping options, submissions, status, and changes before production. Cheap to
/// make; made by [`Client::orders`](crate::Client::orders).
///
/// # Examples
///
/// ```no_run
/// # async fn run(client: finerworks::Client, orders: Vec<finerworks::Order>) -> Result<(), finerworks::Error> {
/// client.orders().submit(orders.clone()).validate_only().send().await?;
/// let report = client.orders().submit(orders).send().await?;
/// for order in report.placed() {
///     println!("{}: {}", order.order_po, order.outcome);
/// }
/// let pos: Vec<String> = report.orders.iter().map(|o| o.order_po.clone()).collect();
/// for status in client.orders().status_by_po(pos).send().await? {
///     println!("{:?} {:?}", status.order_po, status.order_status_label);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct Orders {
    connection: Arc<Connection>,
}

impl Orders {
    pub(crate) fn new(connection: Arc<Connection>) -> Self {
        Self { connection }
    }

    /// The shipping options of one order (`POST /v3/list_shipping_options`), each with the
    /// `shipping_code` to submit it with. The order's own `shipping_code` is required even for a
    /// quote (vendor): any code will do (`SD`).
    pub fn shipping_options(&self, order: Order) -> GetShippingOptions {
        GetShippingOptions {
            connection: Arc::clone(&self.connection),
            order,
        }
    }

    /// The shipping options of several orders (`POST /v3/list_shipping_options_multiple`), by
    /// PO: each order needs a PO of its own here.
    pub fn shipping_options_many(
        &self,
        orders: impl IntoIterator<Item = Order>,
    ) -> GetShippingOptionsMany {
        GetShippingOptionsMany {
            connection: Arc::clone(&self.connection),
            orders: orders.into_iter().collect(),
        }
    }

    /// Submits orders with `submit_orders`, 5 a call: see [`SubmitOrders`], which never places
    /// an order twice.
    pub fn submit(&self, orders: impl IntoIterator<Item = Order>) -> SubmitOrders {
        SubmitOrders::new(
            Arc::clone(&self.connection),
            orders.into_iter().collect(),
            None,
        )
    }

    /// Submits orders with `submit_orders_v2`, 50 a call, paid with `payment_token` (a payment
    /// processor's token, `invoice`, or `xxxx`, which makes every order a test order): see
    /// [`SubmitOrders`].
    pub fn submit_v2(
        &self,
        orders: impl IntoIterator<Item = Order>,
        payment_token: impl Into<String>,
    ) -> SubmitOrders {
        SubmitOrders::new(
            Arc::clone(&self.connection),
            orders.into_iter().collect(),
            Some(payment_token.into()),
        )
    }

    /// The status of the orders with these ids (`POST /v3/fetch_order_status`, `order_ids`; the
    /// id is assumed to be the `order_id`). An id FinerWorks does not know gets no entry.
    pub fn status_by_id(&self, ids: impl IntoIterator<Item = i64>) -> GetOrderStatus {
        GetOrderStatus {
            connection: Arc::clone(&self.connection),
            keys: Keys::Ids(ids.into_iter().collect()),
        }
    }

    /// The status of every order with one of these POs (`POST /v3/fetch_order_status`,
    /// `order_pos`): a PO may match several orders.
    pub fn status_by_po<S: Into<String>>(
        &self,
        pos: impl IntoIterator<Item = S>,
    ) -> GetOrderStatus {
        GetOrderStatus {
            connection: Arc::clone(&self.connection),
            keys: Keys::Pos(pos.into_iter().map(Into::into).collect()),
        }
    }

    /// Every production status an order can have (`GET /v3/list_order_status_definitions`).
    pub fn status_definitions(&self) -> ListStatusDefinitions {
        ListStatusDefinitions {
            connection: Arc::clone(&self.connection),
        }
    }

    /// Puts an order on hold before production (`PUT /v3/update_order`, `hold`).
    pub fn hold(&self, order_id: i64) -> UpdateOrder {
        self.update(order_id, UpdateCommand::Hold)
    }

    /// Cancels an order's submission before production (`PUT /v3/update_order`, `cancel`); an
    /// order may then be submitted again with the same PO (vendor).
    pub fn cancel(&self, order_id: i64) -> UpdateOrder {
        self.update(order_id, UpdateCommand::Cancel)
    }

    /// Releases an order to the fulfilment centre (`PUT /v3/update_order`, `pending`): the way
    /// out of a hold.
    pub fn release(&self, order_id: i64) -> UpdateOrder {
        self.update(order_id, UpdateCommand::Pending)
    }

    fn update(&self, order_id: i64, command: UpdateCommand) -> UpdateOrder {
        UpdateOrder {
            connection: Arc::clone(&self.connection),
            order_id,
            command,
        }
    }

    /// The pending orders (drafts held before submission) with these ids
    /// (`POST /v3/list_pending_orders`).
    pub fn pending(&self, ids: impl IntoIterator<Item = i64>) -> ListPending {
        ListPending {
            connection: Arc::clone(&self.connection),
            ids: ids.into_iter().collect(),
        }
    }
}

/// A call for the shipping options of one order, made by [`Orders::shipping_options`].
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct GetShippingOptions {
    connection: Arc<Connection>,
    order: Order,
}

impl GetShippingOptions {
    /// Sends the call.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] naming the order field that breaks a rule, before anything is
    /// sent; any error of the call.
    pub async fn send(self) -> Result<Vec<ShippingOption>> {
        check_orders(std::slice::from_ref(&self.order))?;
        let answer =
            exchange::call::<ListShippingOptions>(&self.connection, &self.order, None).await?;
        Ok(answer.options.unwrap_or_default())
    }
}

/// A call for the shipping options of several orders, made by
/// [`Orders::shipping_options_many`].
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct GetShippingOptionsMany {
    connection: Arc<Connection>,
    orders: Vec<Order>,
}

impl GetShippingOptionsMany {
    /// Sends the call (one call: no limit on the number of orders is documented).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] naming the order field that breaks a rule (an order without a
    /// PO among them), before anything is sent; any error of the call.
    pub async fn send(self) -> Result<Vec<OrderShippingOptions>> {
        check_orders(&self.orders)?;
        if let Some(index) = self.orders.iter().position(|o| o.order_po.is_none()) {
            return Err(Error::invalid(
                crate::submit::order_field(index, crate::input::OrderField::OrderPo),
                "must be given: the options of several orders are told apart by po",
            ));
        }
        let request = ListShippingOptionsMultipleRequest {
            orders: self.orders,
        };
        let answer =
            exchange::call::<ListShippingOptionsMultiple>(&self.connection, &request, None).await?;
        Ok(answer.orders.unwrap_or_default())
    }
}

#[derive(Debug)]
enum Keys {
    Ids(Vec<i64>),
    Pos(Vec<String>),
}

/// A call for the status of orders by id or PO, made by [`Orders::status_by_id`] and
/// [`Orders::status_by_po`].
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct GetOrderStatus {
    connection: Arc<Connection>,
    keys: Keys,
}

impl GetOrderStatus {
    /// Sends the call (50 ids or POs a call, assumed: no limit is documented), and returns the
    /// orders found, in the order FinerWorks gives them; ids and POs it does not know get no
    /// entry.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when no id or PO is given, or a PO is blank; any error of the
    /// calls.
    pub async fn send(self) -> Result<Vec<OrderStatus>> {
        match self.keys {
            Keys::Ids(ids) => {
                if ids.is_empty() {
                    return Err(Error::invalid(
                        RequestField::OrderKeys,
                        "must hold at least 1 id",
                    ));
                }
                let mut found = Vec::new();
                for chunk in ids.chunks(LOOKUP_CHUNK) {
                    let request = FetchOrderStatusRequest {
                        order_ids: Some(chunk.to_vec()),
                        order_pos: None,
                        account_key: None,
                    };
                    let answer =
                        exchange::call::<FetchOrderStatus>(&self.connection, &request, None)
                            .await?;
                    found.extend(answer.orders.unwrap_or_default());
                }
                Ok(found)
            }
            Keys::Pos(pos) => {
                if pos.is_empty() || pos.iter().any(|po| po.trim().is_empty()) {
                    return Err(Error::invalid(
                        RequestField::OrderKeys,
                        "must hold at least 1 po, none blank",
                    ));
                }
                let mut by_po = lookup_all(&self.connection, &pos).await?;
                let mut found = Vec::new();
                for po in &pos {
                    found.extend(by_po.remove(po).unwrap_or_default());
                }
                Ok(found)
            }
        }
    }
}

/// A call for the production status definitions, made by [`Orders::status_definitions`].
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct ListStatusDefinitions {
    connection: Arc<Connection>,
}

impl ListStatusDefinitions {
    /// Sends the call.
    ///
    /// # Errors
    ///
    /// Any error of the call.
    pub async fn send(self) -> Result<Vec<OrderStatusDefinition>> {
        let answer =
            exchange::call::<ListOrderStatusDefinitions>(&self.connection, &(), None).await?;
        Ok(answer.definitions.unwrap_or_default())
    }
}

/// A change of an order's submission status, made by [`Orders::hold`], [`Orders::cancel`] and
/// [`Orders::release`].
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct UpdateOrder {
    connection: Arc<Connection>,
    order_id: i64,
    command: UpdateCommand,
}

impl UpdateOrder {
    /// Sends the change.
    ///
    /// # Errors
    ///
    /// Any error of the call (FinerWorks refuses a change once the order is in production).
    pub async fn send(self) -> Result<()> {
        let request = UpdateOrderRequest {
            order_id: self.order_id,
            update_command: self.command,
        };
        exchange::call::<UpdateOrderOp>(&self.connection, &request, None).await?;
        Ok(())
    }
}

/// A call for pending orders by id, made by [`Orders::pending`].
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct ListPending {
    connection: Arc<Connection>,
    ids: Vec<i64>,
}

impl ListPending {
    /// Sends the call.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when no id is given; any error of the call.
    pub async fn send(self) -> Result<Vec<PendingOrder>> {
        if self.ids.is_empty() {
            return Err(Error::invalid(
                RequestField::OrderKeys,
                "must hold at least 1 id",
            ));
        }
        let request = ListPendingOrdersRequest {
            ids: self.ids,
            account_key: None,
        };
        let answer = exchange::call::<ListPendingOrders>(&self.connection, &request, None).await?;
        Ok(answer.orders.unwrap_or_default())
    }
}

/// A webhook body in the form of `fetch_order_status`'s answer.
#[derive(Deserialize)]
struct Wrapped {
    orders: Vec<OrderStatus>,
}

/// Reads the body FinerWorks posts to an order's `webhook_order_status_url`.
///
/// FinerWorks says the body is in the format of `fetch_order_status`'s `orders`; whether that is
/// one `order_status` object or an array of them is not documented. Assumed: one object; an
/// array of them, and an object with an `orders` array, are accepted too. Every form gives a
/// list of statuses.
///
/// # Examples
///
/// ```
/// let body = br#"{"order_po": "PO_0001", "order_id": 123456, "order_status_id": 3, "order_status_label": "Order Received"}"#;
/// let statuses = finerworks::order_status_from_webhook(body)?;
/// assert_eq!(statuses[0].order_id, Some(123456));
/// # Ok::<(), finerworks::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Decode`] naming the JSON path of the first value that is not an order status, or
/// the place the body stops being JSON.
pub fn order_status_from_webhook(body: &[u8]) -> Result<Vec<OrderStatus>> {
    let trimmed = body.trim_ascii_start();
    if trimmed.starts_with(b"[") {
        return exchange::decode::<Vec<OrderStatus>>(200, body)
            .map_err(|e| Error::Decode(Box::new(e)));
    }
    let value: serde_json::Value =
        exchange::decode(200, body).map_err(|e| Error::Decode(Box::new(e)))?;
    if value.get("orders").is_some() {
        return exchange::decode::<Wrapped>(200, body)
            .map(|wrapped| wrapped.orders)
            .map_err(|e| Error::Decode(Box::new(e)));
    }
    exchange::decode::<OrderStatus>(200, body)
        .map(|one| vec![one])
        .map_err(|e| Error::Decode(Box::new(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_webhook_body_is_one_status_an_array_or_the_fetch_answer() {
        let one = br#"{"order_po": "A", "order_id": 1, "shipments": [{"tracking_number": "1Z"}]}"#;
        let many = br#"[{"order_po": "A", "order_id": 1}, {"order_po": "B", "order_id": 2}]"#;
        let wrapped = br#"{"status": {"success": true}, "orders": [{"order_po": "C"}]}"#;
        let pos = |body: &[u8]| -> Vec<String> {
            order_status_from_webhook(body)
                .unwrap()
                .into_iter()
                .map(|s| s.order_po.unwrap())
                .collect()
        };
        assert_eq!(pos(one), ["A"]);
        assert_eq!(pos(many), ["A", "B"]);
        assert_eq!(pos(wrapped), ["C"]);
        let shipped = order_status_from_webhook(one).unwrap();
        let shipments = shipped[0].shipments.as_ref().unwrap();
        assert_eq!(shipments[0].tracking_number.as_deref(), Some("1Z"));
    }

    #[test]
    fn a_bad_webhook_body_names_the_place() {
        let error =
            order_status_from_webhook(br#"[{"order_id": 1}, {"order_id": "x"}]"#).unwrap_err();
        let Error::Decode(decode) = &error else {
            panic!("expected a decode error, got {error:?}");
        };
        assert_eq!(decode.path, "[1].order_id");
        let error = order_status_from_webhook(br#"{"order_id": 1"#).unwrap_err();
        assert!(matches!(error, Error::Decode(_)), "{error:?}");
    }
}
