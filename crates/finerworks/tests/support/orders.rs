//! A FinerWorks that keeps orders: it places what `submit_orders` sends, finds orders by PO for
//! `fetch_order_status`, and fails on purpose at a seeded rate, before acting or after.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use finerworks::Order;
use serde_json::{Value, json};

use super::canned::{Canned, CannedServer};

/// How the store misbehaves.
#[derive(Clone, Copy, Debug)]
pub struct Faults {
    /// The share of submissions that fail (3 in 7 before acting, 4 in 7 after the orders were
    /// placed).
    pub submit_rate: f64,
    /// The share of lookups that fail (HTTP 500, nothing done).
    pub lookup_rate: f64,
    /// Whether a submission with a PO the store has is refused (HTTP 400, nothing placed)
    /// rather than placed again.
    pub refuse_duplicates: bool,
    pub seed: u64,
}

#[derive(Default)]
struct Store {
    /// The order ids placed under each PO.
    placed: HashMap<String, Vec<i64>>,
    next_id: i64,
    /// How many submissions failed after the orders were placed, and before.
    after_acting: usize,
    before_acting: usize,
}

/// A running order store.
pub struct OrderServer {
    pub server: CannedServer,
    store: Arc<Mutex<Store>>,
}

const OK: &str = r#"{"success": true, "status_code": 200, "message": ""}"#;

impl OrderServer {
    pub async fn start(faults: Faults) -> Self {
        Self::start_with(faults, |_| {}).await
    }

    /// As [`start`](Self::start), calling `on_submit(index)` for each submission received.
    pub async fn start_with(
        faults: Faults,
        on_submit: impl Fn(usize) + Send + Sync + 'static,
    ) -> Self {
        let store = Arc::new(Mutex::new(Store {
            next_id: 1000,
            ..Store::default()
        }));
        let submitted = std::sync::atomic::AtomicUsize::new(0);
        let rng = Mutex::new(fastrand::Rng::with_seed(faults.seed));
        let shared = Arc::clone(&store);
        let server = CannedServer::start(move |body, _| {
            let mut store = shared.lock().unwrap();
            let mut rng = rng.lock().unwrap();
            if body.get("order_pos").is_some() || body.get("order_ids").is_some() {
                if rng.f64() < faults.lookup_rate {
                    return Canned::json(500, r#"{"Message": "An error has occurred."}"#);
                }
                return Canned::json(200, store.lookup(body));
            }
            on_submit(submitted.fetch_add(1, std::sync::atomic::Ordering::SeqCst));
            let orders = body["orders"].as_array().cloned().unwrap_or_default();
            let pos: Vec<String> = orders
                .iter()
                .map(|o| o["order_po"].as_str().unwrap_or_default().to_owned())
                .collect();
            let fault = (rng.f64() < faults.submit_rate).then(|| rng.u8(0..7));
            if let Some(kind @ 0..3) = fault {
                store.before_acting += 1;
                return match kind {
                    0 => Canned::json(500, r#"{"Message": "An error has occurred."}"#),
                    1 => Canned::json(502, "<html><title>502 Bad Gateway</title></html>"),
                    _ => Canned::dropped(),
                };
            }
            if body["validate_only"] == json!(true) {
                return Canned::json(200, format!(r#"{{"status": {OK}, "orders": null}}"#));
            }
            if faults.refuse_duplicates && pos.iter().any(|po| store.placed.contains_key(po)) {
                return Canned::json(
                    400,
                    r#"{"Message": "The request is invalid.", "ModelState": {"order_po": ["An order with this PO exists."]}}"#,
                );
            }
            let received: Vec<Value> = pos.iter().map(|po| store.place(po)).collect();
            match fault {
                None => Canned::json(
                    200,
                    json!({"status": serde_json::from_str::<Value>(OK).unwrap(), "orders": received})
                        .to_string(),
                ),
                Some(kind) => {
                    store.after_acting += 1;
                    match kind {
                        3 => Canned::json(500, r#"{"Message": "An error has occurred."}"#),
                        4 => Canned::dropped(),
                        // An answer cut short.
                        5 => Canned::json(200, format!(r#"{{"status": {OK}, "orders": [{{"order_po"#)),
                        // Success, without the orders (as a third party reports in test mode).
                        _ => Canned::json(200, format!(r#"{{"status": {OK}, "orders": null}}"#)),
                    }
                }
            }
        })
        .await;
        Self { server, store }
    }

    /// An order the store already has under `po`.
    pub fn preload(&self, po: &str) {
        self.store.lock().unwrap().place(po);
    }

    /// How many orders the store placed under `po`.
    pub fn placed(&self, po: &str) -> usize {
        self.store
            .lock()
            .unwrap()
            .placed
            .get(po)
            .map_or(0, Vec::len)
    }

    /// How many orders the store placed under each PO.
    pub fn counts(&self) -> HashMap<String, usize> {
        let store = self.store.lock().unwrap();
        store
            .placed
            .iter()
            .map(|(po, ids)| (po.clone(), ids.len()))
            .collect()
    }

    /// How many submissions failed after placing their orders, and before.
    pub fn faults(&self) -> (usize, usize) {
        let store = self.store.lock().unwrap();
        (store.after_acting, store.before_acting)
    }

    /// The submission bodies received (lookups left out).
    pub fn submissions(&self) -> Vec<Value> {
        self.server
            .bodies()
            .into_iter()
            .filter(|body| body.get("orders").is_some())
            .collect()
    }
}

impl Store {
    fn place(&mut self, po: &str) -> Value {
        self.next_id += 1;
        self.placed
            .entry(po.to_owned())
            .or_default()
            .push(self.next_id);
        json!({"order_po": po, "order_id": self.next_id, "order_confirmation_id": self.next_id + 500_000})
    }

    fn lookup(&self, body: &Value) -> String {
        let mut found = Vec::new();
        for po in body["order_pos"].as_array().into_iter().flatten() {
            let po = po.as_str().unwrap_or_default();
            for id in self.placed.get(po).into_iter().flatten() {
                found.push(json!({"order_po": po, "order_id": id, "order_status_id": 3, "order_status_label": "Order Received"}));
            }
        }
        for id in body["order_ids"].as_array().into_iter().flatten() {
            for (po, ids) in &self.placed {
                if ids.iter().any(|placed| Some(*placed) == id.as_i64()) {
                    found.push(json!({"order_po": po, "order_id": id, "order_status_id": 3}));
                }
            }
        }
        json!({"status": serde_json::from_str::<Value>(OK).unwrap(), "orders": found}).to_string()
    }
}

/// An order as the vendor's example writes it, with this PO (or none).
pub fn order(po: Option<&str>) -> Order {
    let mut order = json!({
        "order_po": po,
        "recipient": {
            "first_name": "Bob", "last_name": "Ross", "company_name": "Happy Little Trees, Inc",
            "address_1": "742 Evergreen Terrace", "city": "Mountain Scene", "state_code": "AK",
            "zip_postal_code": "88888", "country_code": "us", "phone": "555-555-5555"
        },
        "order_items": [{"product_qty": 1, "product_sku": "AP1234P1234", "product_title": "The Big Blue Mountain"}],
        "shipping_code": "SD",
        "test_mode": true
    });
    if po.is_none() {
        order.as_object_mut().unwrap().remove("order_po");
    }
    serde_json::from_value(order).expect("an order")
}
