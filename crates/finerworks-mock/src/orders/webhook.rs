//! [`Webhooks`]: the POST of an order's `order_status` to its `webhook_order_status_url` each
//! time its status changes, off the request path, with a short timeout; and
//! [`WebhookDelivery`], the record of each attempt.
//!
//! Assumed (the vendor says only that the URL gets the status "in the format of
//! `fetch_order_status`'s `orders`"): one `order_status` object as JSON, `POST`, with a
//! `Content-Type: application/json` header, sent once (no retry). A failure is recorded and
//! logged with `tracing`, never fatal. Plain `http://` URLs only (the mock has no TLS).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::PlacedOrder;

/// How long a webhook may take to be answered.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(2);

/// One attempt to post an order's status to its webhook.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct WebhookDelivery {
    /// The URL posted to.
    pub url: String,
    /// The order's `order_id`.
    pub order_id: i64,
    /// The status posted.
    pub order_status_id: i64,
    /// The HTTP status the receiver answered, or why there was none.
    pub outcome: Result<u16, String>,
}

/// The webhook sender and its record.
pub(crate) struct Webhooks {
    client: reqwest::Client,
    deliveries: Arc<Mutex<Vec<WebhookDelivery>>>,
}

impl Webhooks {
    pub(crate) fn new() -> Self {
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        Webhooks {
            client,
            deliveries: Arc::default(),
        }
    }

    /// Posts the status of each of `orders` that has a webhook, each in a task of its own.
    pub(crate) fn notify(&self, orders: &[PlacedOrder]) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        for order in orders {
            let Some(url) = order.details.webhook_order_status_url.clone() else {
                continue;
            };
            let body = crate::wire::encode_schema(&order.order_status(), "order_status", &[]);
            let request = self
                .client
                .post(&url)
                .header("content-type", "application/json")
                .body(body);
            let deliveries = Arc::clone(&self.deliveries);
            let (order_id, order_status_id) = (order.order_id, order.status_id);
            runtime.spawn(async move {
                let outcome = match request.send().await {
                    Ok(response) => Ok(response.status().as_u16()),
                    Err(error) => Err(error.to_string()),
                };
                if let Err(error) = &outcome {
                    tracing::warn!(%url, order_id, %error, "webhook delivery failed");
                }
                let delivery = WebhookDelivery {
                    url,
                    order_id,
                    order_status_id,
                    outcome,
                };
                super::lock(&deliveries).push(delivery);
            });
        }
    }

    /// Every attempt so far, in the order they ended.
    pub(crate) fn deliveries(&self) -> Vec<WebhookDelivery> {
        super::lock(&self.deliveries).clone()
    }
}
