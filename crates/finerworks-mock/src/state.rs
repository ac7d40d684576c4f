//! [`Shared`]: the state every connection and every operation shares (the store, the log, the
//! faults, the rate limit, the keys and the profile of the configuration), and [`stopped`].

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::http::{HeaderMap, HeaderValue};
use tokio::sync::watch;
use tokio::time::Instant;

use crate::data::Store;
use crate::log::RequestLog;
use crate::orders::webhook::Webhooks;
use crate::orders::{DuplicatePo, OrderBook, OrderIdKind, PlacedOrder, TestOrders, ValidateAnswer};
use crate::page;
use crate::ratelimit::TokenBucket;
use crate::request::Reading;
use crate::{
    BodyForm, CountMode, Dataset, Echo, Faults, MockConfig, Nulls, OmittedFields, ProductAnswer,
    UnknownInventorySku, UnknownSku,
};

/// How the server reads what the docs leave open (see [`MockConfig`]).
pub(crate) struct Profile {
    pub(crate) count: CountMode,
    pub(crate) reading: Reading,
    pub(crate) page_size_cap: Option<u32>,
    pub(crate) echo: Echo,
    pub(crate) nulls: Nulls,
    pub(crate) product_answer: ProductAnswer,
    pub(crate) unknown_inventory_sku: UnknownInventorySku,
    pub(crate) omitted_fields: OmittedFields,
    pub(crate) strict: bool,
    pub(crate) prices_body: BodyForm,
    pub(crate) details_body: BodyForm,
    pub(crate) unknown_sku: UnknownSku,
    pub(crate) orders: OrderProfile,
}

/// How the server reads what the docs leave open about orders.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct OrderProfile {
    pub(crate) validate_answer: ValidateAnswer,
    pub(crate) test_orders: TestOrders,
    pub(crate) id_kind: OrderIdKind,
    pub(crate) duplicate_po: DuplicatePo,
}

/// What every connection shares: the data, the faults, the log and the keys.
pub(crate) struct Shared {
    pub(crate) store: Store,
    pub(crate) faults: Faults,
    pub(crate) log: RequestLog,
    pub(crate) web_api_key: String,
    pub(crate) app_key: String,
    pub(crate) profile: Profile,
    /// The orders received.
    pub(crate) orders: OrderBook,
    /// The sender of the orders' webhooks.
    pub(crate) webhooks: Webhooks,
    /// How long an order stays in a status before it moves on by itself, if it does.
    pub(crate) order_pace: Option<Duration>,
    /// The rate limit, if one is set.
    pub(crate) limiter: Option<TokenBucket>,
    /// How long a request's body may take to arrive.
    pub(crate) body_timeout: Duration,
    seed: u64,
    calls: AtomicU64,
    stop: watch::Receiver<bool>,
}

impl Shared {
    pub(crate) fn new(config: MockConfig, dataset: Dataset, stop: watch::Receiver<bool>) -> Self {
        let faults = Faults::new(
            config.latency,
            config.jitter,
            config.seed,
            config.fault_rate,
            config.fault_seed.unwrap_or(config.seed),
        );
        faults.set_random_after(config.fault_after);
        Shared {
            store: Store::new(dataset, config.seed, config.indexing_delay),
            faults,
            log: RequestLog::new(config.log_body_budget),
            web_api_key: config.web_api_key,
            app_key: config.app_key,
            orders: OrderBook::with_samples(config.seed, config.sample_orders),
            webhooks: Webhooks::new(),
            order_pace: config.order_pace,
            profile: Profile {
                count: config.count,
                reading: Reading {
                    over_limit: config.over_limit,
                    nullable_value_types: config.nulls == Nulls::Accept,
                },
                page_size_cap: config.page_size_cap,
                echo: config.echo,
                nulls: config.nulls,
                product_answer: config.product_answer,
                unknown_inventory_sku: config.unknown_inventory_sku,
                omitted_fields: config.omitted_fields,
                strict: config.strict,
                prices_body: config.prices_body,
                details_body: config.details_body,
                unknown_sku: config.unknown_sku,
                orders: config.orders,
            },
            limiter: config.rate_limit.map(TokenBucket::new),
            body_timeout: config.body_timeout,
            seed: config.seed,
            calls: AtomicU64::new(0),
            stop,
        }
    }

    /// Waits until `deadline`, or less if the server is stopping.
    pub(crate) async fn pause_until(&self, deadline: Instant) {
        if deadline <= Instant::now() {
            return;
        }
        let mut stop = self.stop.clone();
        tokio::select! {
            () = tokio::time::sleep_until(deadline) => {}
            () = stopped(&mut stop) => {}
        }
    }

    /// Tells the webhooks of `orders`, whose status just changed.
    pub(crate) fn orders_changed(&self, orders: &[PlacedOrder]) {
        self.webhooks.notify(orders);
    }

    /// Whether both keys in `headers` are the ones the server expects.
    pub(crate) fn keys_match(&self, headers: &HeaderMap) -> bool {
        let key = |name: &str| headers.get(name).map(HeaderValue::as_bytes);
        key("web_api_key") == Some(self.web_api_key.as_bytes())
            && key("app_key") == Some(self.app_key.as_bytes())
    }

    /// A fresh reference id; a function of the seed and a counter.
    pub(crate) fn reference_id(&self) -> String {
        page::reference_id(self.seed, self.calls.fetch_add(1, Ordering::Relaxed))
    }
}

/// Returns once the server is told to stop (or its handle is gone).
pub(crate) async fn stopped(stop: &mut watch::Receiver<bool>) {
    // The guard `wait_for` returns must not be held across an await: it is not `Send`.
    let _ = stop.wait_for(|stopping| *stopping).await.map(|_| ());
}
