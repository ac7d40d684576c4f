//! [`SubmitOrders`]: submitting any number of orders, a batch a call, a few calls at a time,
//! without ever placing an order twice; and [`SubmitReport`], what happened to each order.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use finerworks_api::limits::{
    order_details::ORDER_ITEMS_MIN_ITEMS, order_product::PRODUCT_QTY_MAX,
    submit_orders_request as v1, submit_orders_v2_request as v2,
};
use finerworks_api::operations::{FetchOrderStatus, SubmitOrders as SubmitV1, SubmitOrdersV2};
use finerworks_api::types::{
    FetchOrderStatusRequest, OrderDetailsOrderPo, SubmitOrdersRequest, SubmitOrdersResponse,
    SubmitOrdersV2Request,
};
use futures_util::{StreamExt as _, stream};
use tokio::sync::watch;

use crate::error::{Error, Result};
use crate::exchange::{self, Connection};
use crate::input::{OrderField, RequestField};
use crate::submit_report::{Lookup, Outcome, SubmitReport, SubmittedOrder};
use crate::{Order, OrderStatus, ReceivedOrder};

/// How many POs one `fetch_order_status` call asks for (no limit is documented: assumed, as the
/// other lists of the API, 50).
pub(crate) const LOOKUP_CHUNK: usize = 50;
/// How many times the orders of one batch are sent at most: the first time, and again for those
/// a lookup showed FinerWorks does not have after a call of unknown fate.
const MAX_SENDS: usize = 3;
/// The prefix of the POs this client makes for orders without one.
pub const GENERATED_PO_PREFIX: &str = "fw-";

/// A submission of orders, made by [`Orders::submit`](crate::Orders::submit) or
/// [`Orders::submit_v2`](crate::Orders::submit_v2).
///
/// Submitting is not idempotent, and FinerWorks takes no idempotency key, so this call never
/// resends blindly. Every order is known by its `order_po`: an order without one gets a generated
/// PO (`fw-` and 32 hex digits of a hash of the order and its index, so that the same submission
/// sent again gets the same POs; [`SubmittedOrder::po_generated`] says so). Then:
///
/// 1. the POs are looked up first (`fetch_order_status`); an order whose PO FinerWorks already
///    has is not sent ([`Outcome::AlreadyPresent`]): a submission run again after a failure never
///    places an order twice, whether FinerWorks refuses a second order with a PO it has or not;
/// 2. the other orders are sent 5 a call (`submit_orders`) or 50 (`submit_orders_v2`),
///    [`concurrency`](crate::ClientBuilder::concurrency) calls at a time;
/// 3. when a call's fate is unknown (a timeout, a dropped connection, a server error after
///    sending, an answer that cannot be read), its orders are looked
///    up by PO: those found are placed; only those FinerWorks does not have are sent again (at most
///    three sends in all). When the call was refused (HTTP 4xx, `success: false`), its orders are
///    looked up too, and those not found are not sent again; so are those a successful answer
///    leaves out (reported as unknown when not found: a third party reports `orders: null` for
///    test orders).
///
/// What still cannot be settled is reported per order with the evidence of the lookup. That an
/// order FinerWorks accepted is found by its PO at once is assumed (FinerWorks does not say).
#[must_use = "a request does nothing until it is sent"]
pub struct SubmitOrders {
    connection: Arc<Connection>,
    orders: Vec<Order>,
    payment_token: Option<String>,
    validate_only: bool,
    interrupt: Option<Pin<Box<dyn Future<Output = ()> + Send>>>,
}

impl fmt::Debug for SubmitOrders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SubmitOrders")
            .field("orders", &self.orders.len())
            .field("v2", &self.payment_token.is_some())
            .field("validate_only", &self.validate_only)
            .finish_non_exhaustive()
    }
}

impl SubmitOrders {
    pub(crate) fn new(
        connection: Arc<Connection>,
        orders: Vec<Order>,
        payment_token: Option<String>,
    ) -> Self {
        Self {
            connection,
            orders,
            payment_token,
            validate_only: false,
            interrupt: None,
        }
    }

    /// Checks the orders without submitting them (`validate_only`): FinerWorks says whether they
    /// are complete, and nothing is placed. No lookup is made.
    pub fn validate_only(mut self) -> Self {
        self.validate_only = true;
        self
    }

    /// Stops submitting when `interrupt` completes (a Ctrl-C, a deadline): no call starts after
    /// it, and the calls in flight are no longer awaited (their orders are reported as
    /// [`Outcome::Unknown`]; the orders not sent as [`Outcome::NotPlaced`], each with
    /// [`Error::Interrupted`]).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: finerworks::Client, orders: Vec<finerworks::Order>) {
    /// let ctrl_c = async {
    ///     let _ = tokio::signal::ctrl_c().await;
    /// };
    /// match client.orders().submit(orders).interrupt_on(ctrl_c).send().await {
    ///     Ok(report) => println!("{report}"),
    ///     Err(finerworks::Error::SubmitIncomplete(report)) => eprintln!("{report}"),
    ///     Err(error) => eprintln!("{error}"),
    /// }
    /// # }
    /// ```
    pub fn interrupt_on(mut self, interrupt: impl Future<Output = ()> + Send + 'static) -> Self {
        self.interrupt = Some(Box::pin(interrupt));
        self
    }

    /// Submits the orders, and says what happened to each.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] naming the first field that breaks a rule, before anything is
    /// sent; the error of the first lookup, when it fails (nothing was sent then).
    /// [`Error::SubmitIncomplete`] when an order was not placed (or not found valid): its
    /// [`SubmitReport`] holds every order's [`Outcome`].
    pub async fn send(self) -> Result<SubmitReport> {
        let report = self.send_all().await?;
        if report.is_complete() {
            Ok(report)
        } else {
            Err(Error::SubmitIncomplete(Box::new(report)))
        }
    }

    async fn send_all(mut self) -> Result<SubmitReport> {
        let batch = if let Some(token) = &self.payment_token {
            if token.chars().count() < v2::PAYMENT_TOKEN_MIN_LENGTH {
                return Err(Error::invalid(
                    RequestField::PaymentToken,
                    format!(
                        "must hold at least {} character",
                        v2::PAYMENT_TOKEN_MIN_LENGTH
                    ),
                ));
            }
            v2::ORDERS_MAX_ITEMS
        } else {
            v1::ORDERS_MAX_ITEMS
        };
        check_orders(&self.orders)?;
        let mut report = SubmitReport {
            orders: Vec::with_capacity(self.orders.len()),
        };
        for (index, order) in self.orders.iter_mut().enumerate() {
            let po_generated = order.order_po.is_none();
            let po = match &order.order_po {
                Some(po) => po.to_string(),
                None => {
                    let po = generated_po(order, index);
                    order.order_po =
                        Some(OrderDetailsOrderPo::try_from(po.as_str()).map_err(|e| {
                            Error::invalid(order_field(index, OrderField::OrderPo), e.to_string())
                        })?);
                    po
                }
            };
            report.orders.push(SubmittedOrder {
                index,
                order_po: po,
                po_generated,
                outcome: Outcome::NotPlaced {
                    error: Arc::new(Error::Interrupted { started: false }),
                    lookup: None,
                },
            });
        }

        let (stop, stopped) = watch::channel(false);
        let mut interrupt = self.interrupt.take();
        let connection = &*self.connection;
        let mut to_send: Vec<usize> = (0..self.orders.len()).collect();
        if !self.validate_only {
            // The POs FinerWorks already has are not sent.
            let pos: Vec<String> = report.orders.iter().map(|o| o.order_po.clone()).collect();
            let lookup = lookup_all(connection, &pos);
            let existing = match interrupt.as_mut() {
                None => lookup.await?,
                Some(interrupt) => tokio::select! {
                    existing = lookup => existing?,
                    // Nothing was sent: every order stays not placed.
                    () = interrupt.as_mut() => return Ok(report),
                },
            };
            to_send.retain(|&index| {
                let po = &report.orders[index].order_po;
                let Some(found) = existing.get(po) else {
                    return true;
                };
                report.orders[index].outcome = Outcome::AlreadyPresent {
                    lookup: Lookup {
                        asked: vec![po.clone()],
                        found: found.clone(),
                        error: None,
                    },
                };
                false
            });
        }

        let shared = Shared {
            connection,
            orders: &self.orders,
            pos: report.orders.iter().map(|o| o.order_po.clone()).collect(),
            payment_token: self.payment_token.as_deref(),
            validate_only: self.validate_only,
            stopped: &stopped,
        };
        let shared = &shared;
        let calls: Vec<_> = to_send
            .chunks(batch)
            .map(|chunk| settle_batch(shared, chunk.to_vec()))
            .collect();
        let outcomes = stream::iter(calls)
            .buffer_unordered(connection.concurrency)
            .collect::<Vec<Vec<(usize, Outcome)>>>();
        let outcomes = match interrupt.take() {
            None => outcomes.await,
            Some(interrupt) => {
                tokio::pin!(outcomes);
                tokio::select! {
                    outcomes = &mut outcomes => outcomes,
                    () = interrupt => {
                        stop.send_replace(true);
                        outcomes.await
                    }
                }
            }
        };
        for (index, outcome) in outcomes.into_iter().flatten() {
            report.orders[index].outcome = outcome;
        }
        Ok(report)
    }
}

/// The PO of an order without one: [`GENERATED_PO_PREFIX`] and 32 hex digits of a hash of the
/// order (as JSON) and its index, so that the same submission sent again gets the same POs, and
/// its orders are found instead of placed again.
fn generated_po(order: &Order, index: usize) -> String {
    // FNV-1a, twice with different offsets: stable across Rust versions and platforms, unlike
    // the standard library's hasher.
    fn fnv(bytes: &[u8], offset: u64) -> u64 {
        bytes.iter().fold(offset, |hash, &byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        })
    }
    let mut bytes = serde_json::to_vec(order).unwrap_or_default();
    bytes.extend_from_slice(&(index as u64).to_le_bytes());
    let high = fnv(&bytes, 0xcbf2_9ce4_8422_2325);
    let low = fnv(&bytes, 0x6c62_272e_07bb_0142);
    format!("{GENERATED_PO_PREFIX}{high:016x}{low:016x}")
}

/// Checks what the types do not: at least one order, items in each, quantities within the API's
/// range, SKUs given, POs not empty and not shared by two orders (a PO is how an order whose
/// call's fate is unknown is found).
pub(crate) fn check_orders(orders: &[Order]) -> Result<()> {
    if orders.len() < v1::ORDERS_MIN_ITEMS {
        return Err(Error::invalid(
            RequestField::Orders,
            format!("must hold at least {} order", v1::ORDERS_MIN_ITEMS),
        ));
    }
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(orders.len());
    for (index, order) in orders.iter().enumerate() {
        let invalid = |field, rule: String| Err(Error::invalid(order_field(index, field), rule));
        if let Some(po) = order.order_po.as_deref() {
            if po.trim().is_empty() {
                return invalid(
                    OrderField::OrderPo,
                    "must not be blank (leave it out to have one generated)".into(),
                );
            }
            if let Some(first) = seen.insert(po, index) {
                return invalid(
                    OrderField::OrderPo,
                    format!(
                        "`{po}` is also the PO of orders[{first}]: a PO must be unique within a \
                         submission, as it is how an order is found again"
                    ),
                );
            }
        }
        if order.order_items.len() < ORDER_ITEMS_MIN_ITEMS {
            return invalid(
                OrderField::OrderItems,
                format!("must hold at least {ORDER_ITEMS_MIN_ITEMS} item"),
            );
        }
        for (item, product) in order.order_items.iter().enumerate() {
            let qty = product.product_qty.get();
            if qty > PRODUCT_QTY_MAX {
                return invalid(
                    OrderField::ProductQty { item },
                    format!("must be at most {PRODUCT_QTY_MAX} (got {qty})"),
                );
            }
            if product.product_sku.trim().is_empty() && product.template.is_none() {
                return invalid(
                    OrderField::ProductSku { item },
                    "must not be blank unless a template is given".into(),
                );
            }
        }
    }
    Ok(())
}

pub(crate) fn order_field(index: usize, field: OrderField) -> RequestField {
    RequestField::Order { index, field }
}

/// What every batch of one submission shares.
struct Shared<'a> {
    connection: &'a Connection,
    orders: &'a [Order],
    /// Each order's PO, given or generated.
    pos: Vec<String>,
    payment_token: Option<&'a str>,
    validate_only: bool,
    /// Whether the submission was interrupted.
    stopped: &'a watch::Receiver<bool>,
}

/// How far a failed call got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reached {
    /// Certainly not acted on: never sent, or refused before anything was done.
    Never,
    /// Answered with a refusal (HTTP 4xx, `success: false`): looked up, not sent again.
    Refused,
    /// Unknown: looked up, and sent again only if not found.
    Unknown,
    /// Answered with success, but the answer leaves the order out (a third party reports
    /// `orders: null` for test orders): looked up, never sent again.
    LeftOut,
}

fn reached(error: &Error) -> Reached {
    match error {
        Error::Transport { source, .. } if source.is_connect() => Reached::Never,
        Error::Unauthorized(_)
        | Error::RateLimited { .. }
        | Error::InvalidRequest { .. }
        | Error::Redirected { .. }
        | Error::Interrupted { started: false } => Reached::Never,
        Error::Api(e) if e.http_status == 503 => Reached::Never,
        // A third party reports that an order refused for its payment may exist all the same.
        Error::Api(e) if e.http_status < 500 => Reached::Refused,
        _ => Reached::Unknown,
    }
}

/// Sends one batch, and settles the fate of each of its orders: looked up when unknown, sent
/// again only when FinerWorks does not have it.
async fn settle_batch(shared: &Shared<'_>, mut to_send: Vec<usize>) -> Vec<(usize, Outcome)> {
    let mut settled = Vec::with_capacity(to_send.len());
    let mut stopped = shared.stopped.clone();
    for send in 1..=MAX_SENDS {
        if *stopped.borrow_and_update() {
            let error = Arc::new(Error::Interrupted { started: false });
            settled.extend(to_send.iter().map(|&i| (i, not_placed(&error, None))));
            return settled;
        }
        let answer = tokio::select! {
            biased;
            answer = submit(shared, &to_send) => answer,
            _ = stopped.wait_for(|stop| *stop) => Err(Error::Interrupted { started: true }),
        };
        let (unsure, cause, kind) = match answer {
            Ok(_) if shared.validate_only => {
                settled.extend(to_send.iter().map(|&i| (i, Outcome::Valid)));
                return settled;
            }
            Ok(answer) => {
                let mut received: HashMap<String, ReceivedOrder> = HashMap::new();
                for order in answer.orders.unwrap_or_default() {
                    if let Some(po) = order.order_po.clone() {
                        received.entry(po).or_insert(order);
                    }
                }
                let mut unsure = Vec::new();
                for index in to_send {
                    match received.remove(&shared.pos[index]) {
                        Some(order) => settled.push((index, Outcome::Placed(order))),
                        None => unsure.push(index),
                    }
                }
                if unsure.is_empty() {
                    return settled;
                }
                let cause = Error::UnexpectedResponse {
                    operation: "submit_orders",
                    problem: "the answer does not list this order".into(),
                };
                (unsure, Arc::new(cause), Reached::LeftOut)
            }
            Err(error) => {
                let kind = match &error {
                    Error::Interrupted { started: true } => {
                        let error = Arc::new(error);
                        settled.extend(to_send.iter().map(|&i| (i, unknown(&error, None))));
                        return settled;
                    }
                    _ if shared.validate_only => Reached::Never,
                    error => reached(error),
                };
                (to_send, Arc::new(error), kind)
            }
        };
        if kind == Reached::Never {
            settled.extend(unsure.iter().map(|&i| (i, not_placed(&cause, None))));
            return settled;
        }
        let asked: Vec<String> = unsure.iter().map(|&i| shared.pos[i].clone()).collect();
        let lookup = tokio::select! {
            biased;
            found = lookup_all(shared.connection, &asked) => found,
            _ = stopped.wait_for(|stop| *stop) => Err(Error::Interrupted { started: true }),
        };
        let found = match lookup {
            Ok(found) => found,
            Err(error) => {
                let error = Arc::new(error);
                for &index in &unsure {
                    let lookup = Lookup {
                        asked: asked.clone(),
                        found: Vec::new(),
                        error: Some(Arc::clone(&error)),
                    };
                    settled.push((index, unknown(&cause, Some(lookup))));
                }
                return settled;
            }
        };
        let mut missing = Vec::new();
        for index in unsure {
            let lookup = Lookup {
                asked: asked.clone(),
                found: found.get(&shared.pos[index]).cloned().unwrap_or_default(),
                error: None,
            };
            if lookup.found.is_empty() {
                match kind {
                    Reached::LeftOut => settled.push((index, unknown(&cause, Some(lookup)))),
                    Reached::Refused => settled.push((index, not_placed(&cause, Some(lookup)))),
                    _ if send == MAX_SENDS => {
                        settled.push((index, not_placed(&cause, Some(lookup))));
                    }
                    _ => missing.push(index),
                }
            } else {
                settled.push((
                    index,
                    Outcome::FoundAfterLookup {
                        cause: Arc::clone(&cause),
                        lookup,
                    },
                ));
            }
        }
        if missing.is_empty() {
            return settled;
        }
        to_send = missing;
    }
    settled
}

fn not_placed(error: &Arc<Error>, lookup: Option<Lookup>) -> Outcome {
    Outcome::NotPlaced {
        error: Arc::clone(error),
        lookup,
    }
}

fn unknown(error: &Arc<Error>, lookup: Option<Lookup>) -> Outcome {
    Outcome::Unknown {
        error: Arc::clone(error),
        lookup,
    }
}

/// One `submit_orders` (or `submit_orders_v2`) call with these orders.
async fn submit(shared: &Shared<'_>, indexes: &[usize]) -> Result<SubmitOrdersResponse> {
    let orders = indexes.iter().map(|&i| shared.orders[i].clone()).collect();
    let validate_only = shared.validate_only.then_some(true);
    match shared.payment_token {
        None => {
            let request = SubmitOrdersRequest {
                orders,
                validate_only,
            };
            exchange::call::<SubmitV1>(shared.connection, &request, None).await
        }
        Some(token) => {
            let request = SubmitOrdersV2Request {
                orders,
                validate_only,
                payment_token: token.try_into().map_err(
                    |e: finerworks_api::types::error::ConversionError| {
                        Error::invalid(RequestField::PaymentToken, e.to_string())
                    },
                )?,
            };
            exchange::call::<SubmitOrdersV2>(shared.connection, &request, None).await
        }
    }
}

/// The orders FinerWorks has with each of these POs (a PO it does not have is absent), asked
/// [`LOOKUP_CHUNK`] at a time.
pub(crate) async fn lookup_all(
    connection: &Connection,
    pos: &[String],
) -> Result<HashMap<String, Vec<OrderStatus>>> {
    let wanted: HashSet<&str> = pos.iter().map(String::as_str).collect();
    let calls = pos.chunks(LOOKUP_CHUNK).map(|chunk| {
        let request = FetchOrderStatusRequest {
            order_pos: Some(chunk.to_vec()),
            order_ids: None,
            account_key: None,
        };
        async move { exchange::call::<FetchOrderStatus>(connection, &request, None).await }
    });
    let answers: Vec<_> = stream::iter(calls)
        .buffered(connection.concurrency)
        .collect()
        .await;
    let mut found: HashMap<String, Vec<OrderStatus>> = HashMap::new();
    for answer in answers {
        for order in answer?.orders.unwrap_or_default() {
            if let Some(po) = order
                .order_po
                .clone()
                .filter(|po| wanted.contains(po.as_str()))
            {
                found.entry(po).or_default().push(order);
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use finerworks_api::limits::order_details::ORDER_PO_MAX_LENGTH;

    use super::*;

    fn order() -> Order {
        serde_json::from_value(serde_json::json!({
            "recipient": {"first_name": "B", "last_name": "R", "address_1": "1 Main St",
                "zip_postal_code": "88888", "country_code": "us"},
            "order_items": [{"product_qty": 1, "product_sku": "AP1"}],
            "shipping_code": "SD"
        }))
        .unwrap()
    }

    /// The same order at the same place gets the same PO, which the API's length limit holds;
    /// another place or another order gets another.
    #[test]
    fn a_generated_po_is_stable_and_fits_the_limit() {
        let po = generated_po(&order(), 0);
        assert_eq!(po, generated_po(&order(), 0));
        assert!(po.starts_with(GENERATED_PO_PREFIX));
        assert!(po.len() <= ORDER_PO_MAX_LENGTH, "{po}");
        assert_ne!(po, generated_po(&order(), 1));
        let mut other = order();
        other.order_items[0].product_sku = "AP2".into();
        assert_ne!(po, generated_po(&other, 0));
    }

    /// Only a call that certainly did not reach FinerWorks is settled without a lookup; a
    /// refusal is looked up but not resent; anything else is looked up and resent if not found.
    #[test]
    fn how_far_a_failed_call_got() {
        let api = |status| {
            Error::Api(Box::new(crate::ApiError {
                http_status: status,
                ..crate::ApiError::default()
            }))
        };
        assert_eq!(reached(&api(503)), Reached::Never);
        assert_eq!(
            reached(&Error::Interrupted { started: false }),
            Reached::Never
        );
        assert_eq!(reached(&api(400)), Reached::Refused);
        assert_eq!(reached(&api(200)), Reached::Refused);
        assert_eq!(reached(&api(500)), Reached::Unknown);
        assert_eq!(reached(&api(502)), Reached::Unknown);
        let timeout = Error::Timeout {
            attempts: 1,
            elapsed: std::time::Duration::ZERO,
            page: None,
        };
        assert_eq!(reached(&timeout), Reached::Unknown);
    }
}
