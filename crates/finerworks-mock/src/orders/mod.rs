//! The orders the mock received: [`OrderBook`] (their ids, statuses and shipments, in the shared
//! state), [`PlacedOrder`] (what a test sees of one), the production statuses
//! ([`STATUS_DEFINITIONS`]) and how an order moves through them.
//!
//! The lifecycle is assumed (the vendor documents the ids 1 to 3 only): a new order is
//! `3 Order Received`; advancing moves it to `5 In Production`, then to `6 Shipped` (with a
//! shipment and its tracking), which is final. `update_order` holds it (`4 On Hold`, where it
//! stays until released with `pending`, back to `3`) or cancels it (`7 Cancelled`, final), but
//! only before production. `1 Waiting Customer Response` and `2 Pending Payment` are listed and
//! never reached by the mock.

pub(crate) mod quote;
pub(crate) mod read;
pub(crate) mod submit;
mod switches;
pub(crate) mod webhook;

use std::sync::Mutex;
use std::time::Duration;

use finerworks_api::types::{OrderDetails, OrderStatus, Shipment, UpdateCommand};
use rand::{Rng as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;
use tokio::time::Instant;
use uuid::Uuid;

pub use switches::{DuplicatePo, OrderIdKind, TestOrders, ValidateAnswer};

/// Every production status an order can have, as `list_order_status_definitions` lists them:
/// the vendor's three, then the mock's (assumed ids and labels).
pub const STATUS_DEFINITIONS: &[(i64, &str)] = &[
    (1, "Waiting Customer Response"),
    (2, "Pending Payment"),
    (RECEIVED, "Order Received"),
    (ON_HOLD, "On Hold"),
    (IN_PRODUCTION, "In Production"),
    (SHIPPED, "Shipped"),
    (CANCELLED, "Cancelled"),
];

/// A new order's status.
pub(crate) const RECEIVED: i64 = 3;
/// An order held by `update_order` (`hold`).
pub(crate) const ON_HOLD: i64 = 4;
/// An order being made: too late for `update_order`.
pub(crate) const IN_PRODUCTION: i64 = 5;
/// An order shipped, with its shipment (final).
pub(crate) const SHIPPED: i64 = 6;
/// An order cancelled by `update_order` (final).
pub(crate) const CANCELLED: i64 = 7;

/// The first `order_id` the mock gives (assumed; the vendor's `update_order` example names it,
/// so that example finds the first order placed).
pub const FIRST_ORDER_ID: i64 = 1_234_567;
/// The first `order_confirmation_id` the mock gives (assumed; far from the order ids, so that a
/// client that sends one for the other finds nothing).
pub const FIRST_CONFIRMATION_ID: i64 = 7_000_001;

/// The label of the status `id`.
fn label(id: i64) -> &'static str {
    STATUS_DEFINITIONS
        .iter()
        .find(|(known, _)| *known == id)
        .map_or("Unknown", |(_, label)| label)
}

/// An order the mock recorded, as it is now.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct PlacedOrder {
    /// FinerWorks' order number.
    pub order_id: i64,
    /// The reference of the submission.
    pub order_confirmation_id: i64,
    /// The order's guid (also its `order_key`, unless the submission gave one).
    pub order_guid: Uuid,
    /// A test order (`test_mode: true`, or `payment_token: "xxxx"`).
    pub test: bool,
    /// Its production status: one of [`STATUS_DEFINITIONS`].
    pub status_id: i64,
    /// The packages shipped (one, once shipped).
    pub shipments: Vec<Shipment>,
    /// When it was received, as FinerWorks writes a timestamp (Texas time with its offset):
    /// the `order_confirmation_datetime` of the answer.
    pub order_confirmation_datetime: String,
    /// The order as submitted.
    pub details: OrderDetails,
}

impl PlacedOrder {
    /// The order's PO, if it has one.
    #[must_use]
    pub fn order_po(&self) -> Option<&str> {
        self.details.order_po.as_deref().map(String::as_str)
    }

    /// The label of its status.
    #[must_use]
    pub fn status_label(&self) -> &'static str {
        label(self.status_id)
    }

    /// Its `order_key`: the submission's, or its guid.
    pub(crate) fn order_key(&self) -> Uuid {
        self.details.order_key.unwrap_or(self.order_guid)
    }

    /// The id of the kind `kind`.
    pub(crate) fn id(&self, kind: OrderIdKind) -> i64 {
        match kind {
            OrderIdKind::ConfirmationId => self.order_confirmation_id,
            _ => self.order_id,
        }
    }

    /// What `fetch_order_status` answers for it, and its webhook posts.
    #[must_use]
    pub fn order_status(&self) -> OrderStatus {
        OrderStatus {
            order_confirmation_id: Some(self.order_confirmation_id),
            order_po: self.details.order_po.as_deref().cloned(),
            order_id: Some(self.order_id),
            order_status_id: Some(self.status_id),
            order_status_label: Some(self.status_label().to_owned()),
            shipments: Some(self.shipments.clone()),
        }
    }

    /// Whether `update_order` may still change it.
    pub(crate) fn before_production(&self) -> bool {
        self.status_id < IN_PRODUCTION
    }
}

/// One recorded order and when its status last changed.
struct Entry {
    order: PlacedOrder,
    changed_at: Instant,
}

struct Book {
    orders: Vec<Entry>,
    next_order_id: i64,
    next_confirmation_id: i64,
    rng: ChaCha8Rng,
}

/// Why `update_order` refused a change.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// No order has the id.
    Unknown,
    /// The order is past the point where it can be changed, with its status label.
    TooLate(&'static str),
}

/// The orders received, shared by every request.
pub(crate) struct OrderBook {
    book: Mutex<Book>,
}

/// A poisoned lock only means another request panicked; the orders are still usable.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl OrderBook {
    pub(crate) fn new(seed: u64) -> Self {
        OrderBook {
            book: Mutex::new(Book {
                orders: Vec::new(),
                next_order_id: FIRST_ORDER_ID,
                next_confirmation_id: FIRST_CONFIRMATION_ID,
                rng: ChaCha8Rng::seed_from_u64(seed ^ 0x6f72_6465_7273),
            }),
        }
    }

    /// A book holding `count` orders already received: the vendor's first example order, with
    /// POs `PO_0001`, `PO_0002`...
    pub(crate) fn with_samples(seed: u64, count: usize) -> Self {
        let book = Self::new(seed);
        let samples = (1..=count)
            .map(|n| {
                let po = format!("PO_{n:04}");
                let order = serde_json::json!({
                    "order_po": po,
                    "recipient": {
                        "first_name": "Bob", "last_name": "Ross",
                        "company_name": "Happy Little Trees, Inc",
                        "address_1": "742 Evergreen Terrace", "city": "Mountain Scene",
                        "state_code": "AK", "zip_postal_code": "88888", "country_code": "us",
                        "phone": "555-555-5555", "address_order_po": po,
                    },
                    "order_items": [{
                        "product_order_po": po, "product_qty": 1, "product_sku": "AP1234P1234",
                        "product_title": "The Big Blue Mountain",
                    }],
                    "shipping_code": "SD",
                });
                let details = serde_json::from_value(order).expect("the sample order is valid");
                (details, false)
            })
            .collect();
        let placed = book.place(samples, |_| Ok::<(), ()>(()));
        debug_assert!(placed.is_ok());
        book
    }

    /// Records `orders` (each with whether it is a test order), unless `refuse` finds a reason
    /// not to while the book is locked (so two submissions cannot both pass a duplicate check).
    pub(crate) fn place<E>(
        &self,
        orders: Vec<(OrderDetails, bool)>,
        refuse: impl FnOnce(&dyn Fn(&str) -> bool) -> Result<(), E>,
    ) -> Result<Vec<PlacedOrder>, E> {
        let mut book = lock(&self.book);
        let has_po = |po: &str| {
            book.orders.iter().any(|entry| {
                entry.order.status_id != CANCELLED && entry.order.order_po() == Some(po)
            })
        };
        refuse(&has_po)?;
        let now = Instant::now();
        let confirmed = crate::data::central_timestamp().to_string();
        let placed = orders
            .into_iter()
            .map(|(details, test)| {
                let order = PlacedOrder {
                    order_id: book.next_order_id,
                    order_confirmation_id: book.next_confirmation_id,
                    order_guid: Uuid::from_u128(book.rng.random()),
                    test,
                    status_id: RECEIVED,
                    shipments: Vec::new(),
                    order_confirmation_datetime: confirmed.clone(),
                    details,
                };
                book.next_order_id += 1;
                book.next_confirmation_id += 1;
                book.orders.push(Entry {
                    order: order.clone(),
                    changed_at: now,
                });
                order
            })
            .collect();
        Ok(placed)
    }

    /// Every order, oldest first.
    pub(crate) fn all(&self) -> Vec<PlacedOrder> {
        lock(&self.book)
            .orders
            .iter()
            .map(|entry| entry.order.clone())
            .collect()
    }

    /// The order with the id `id` of the kind `kind`, once per id asked, in the order asked;
    /// an id no order has gets nothing.
    pub(crate) fn by_ids(&self, kind: OrderIdKind, ids: &[i64]) -> Vec<PlacedOrder> {
        let book = lock(&self.book);
        ids.iter()
            .filter_map(|id| book.orders.iter().find(|entry| entry.order.id(kind) == *id))
            .map(|entry| entry.order.clone())
            .collect()
    }

    /// Every order with each PO asked (all of them: a PO placed twice answers twice), per PO
    /// in the order asked, oldest first.
    pub(crate) fn by_pos(&self, pos: &[String]) -> Vec<PlacedOrder> {
        let book = lock(&self.book);
        pos.iter()
            .flat_map(|po| {
                book.orders
                    .iter()
                    .filter(move |entry| entry.order.order_po() == Some(po.as_str()))
            })
            .map(|entry| entry.order.clone())
            .collect()
    }

    /// Applies `command` to the order with the id `id`: `Ok(Some(order))` when its status
    /// changed, `Ok(None)` when it already had that status.
    pub(crate) fn update(
        &self,
        kind: OrderIdKind,
        id: i64,
        command: UpdateCommand,
    ) -> Result<Option<PlacedOrder>, Refusal> {
        let mut book = lock(&self.book);
        let entry = book
            .orders
            .iter_mut()
            .find(|entry| entry.order.id(kind) == id)
            .ok_or(Refusal::Unknown)?;
        let target = match command {
            UpdateCommand::Hold => ON_HOLD,
            UpdateCommand::Cancel => CANCELLED,
            UpdateCommand::Pending => RECEIVED,
        };
        if entry.order.status_id == target {
            return Ok(None);
        }
        if !entry.order.before_production() {
            return Err(Refusal::TooLate(entry.order.status_label()));
        }
        entry.order.status_id = target;
        entry.changed_at = Instant::now();
        Ok(Some(entry.order.clone()))
    }

    /// Moves every order on by one step (`3` to `5`, `5` to `6`) whose status has lasted at
    /// least `pace` (every one such when `pace` is zero); returns those that changed.
    pub(crate) fn advance(&self, pace: Duration) -> Vec<PlacedOrder> {
        let mut book = lock(&self.book);
        let now = Instant::now();
        let mut changed = Vec::new();
        for entry in &mut book.orders {
            if now.duration_since(entry.changed_at) < pace {
                continue;
            }
            let order = &mut entry.order;
            match order.status_id {
                RECEIVED => order.status_id = IN_PRODUCTION,
                IN_PRODUCTION => {
                    order.status_id = SHIPPED;
                    order.shipments = vec![shipment(order)];
                }
                _ => continue,
            }
            entry.changed_at = now;
            changed.push(order.clone());
        }
        changed
    }
}

/// The package of a shipped order (assumed: one, by USPS for economy and UPS otherwise, with a
/// tracking number derived from the order id, weighing 24 oz a copy, delivery date unknown).
fn shipment(order: &PlacedOrder) -> Shipment {
    let economy = order.details.shipping_code.eq_ignore_ascii_case("EC");
    let (carrier, tracking_number, tracking_url) = if economy {
        let number = format!("9400{:018}", order.order_id);
        let url = format!("https://tools.usps.com/go/TrackConfirmAction?tLabels={number}");
        ("USPS", number, url)
    } else {
        let number = format!("1ZFW{:012}", order.order_id);
        let url = format!("https://www.ups.com/track?tracknum={number}");
        ("UPS", number, url)
    };
    let copies: u32 = order
        .details
        .order_items
        .iter()
        .map(|item| item.product_qty.get())
        .sum();
    Shipment {
        carrier: Some(carrier.to_owned()),
        shipment_date: Some(crate::data::central_timestamp().to_string()),
        delivery_date: None,
        tracking_number: Some(tracking_number),
        tracking_url: Some(tracking_url),
        weight: Some(f64::from(copies) * 24.0),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn order(po: &str) -> OrderDetails {
        serde_json::from_value(json!({
            "order_po": po,
            "recipient": {"first_name": "Bob", "last_name": "Ross", "address_1": "1 Main St",
                          "zip_postal_code": "88888", "country_code": "us", "state_code": "AK"},
            "order_items": [{"product_qty": 2, "product_sku": "AP1234P1234"}],
            "shipping_code": "SD",
        }))
        .unwrap()
    }

    fn place(book: &OrderBook, po: &str) -> PlacedOrder {
        let placed = book.place(vec![(order(po), false)], |_| Ok::<(), ()>(()));
        placed.unwrap().remove(0)
    }

    #[test]
    fn orders_get_new_ids_and_move_through_production_to_shipped() {
        let book = OrderBook::new(1);
        let first = place(&book, "PO-1");
        let second = place(&book, "PO-1");
        assert_eq!(
            (first.order_id, first.order_confirmation_id),
            (FIRST_ORDER_ID, FIRST_CONFIRMATION_ID)
        );
        assert_eq!(second.order_id, FIRST_ORDER_ID + 1);
        assert_ne!(first.order_guid, second.order_guid);
        assert_eq!(book.by_pos(&["PO-1".to_owned()]).len(), 2);
        assert_eq!(
            book.by_ids(OrderIdKind::OrderId, &[first.order_confirmation_id]),
            []
        );
        assert_eq!(book.advance(Duration::ZERO).len(), 2);
        let shipped = book.advance(Duration::ZERO);
        assert!(shipped.iter().all(|order| order.status_id == SHIPPED));
        assert_eq!(shipped[0].shipments[0].weight, Some(48.0));
        assert!(book.advance(Duration::ZERO).is_empty(), "shipped is final");
    }

    #[test]
    fn updates_apply_only_before_production() {
        let book = OrderBook::new(1);
        let order = place(&book, "PO-2");
        let id = order.order_id;
        let held = book
            .update(OrderIdKind::OrderId, id, UpdateCommand::Hold)
            .unwrap();
        assert_eq!(held.unwrap().status_id, ON_HOLD);
        assert_eq!(
            book.update(OrderIdKind::OrderId, id, UpdateCommand::Hold),
            Ok(None)
        );
        assert!(
            book.advance(Duration::ZERO).is_empty(),
            "a held order waits"
        );
        book.update(OrderIdKind::OrderId, id, UpdateCommand::Pending)
            .unwrap();
        book.advance(Duration::ZERO);
        assert_eq!(
            book.update(OrderIdKind::OrderId, id, UpdateCommand::Cancel),
            Err(Refusal::TooLate("In Production"))
        );
        assert_eq!(
            book.update(OrderIdKind::ConfirmationId, id, UpdateCommand::Cancel),
            Err(Refusal::Unknown)
        );
    }
}
