//! The HTTP behaviour of the mock: the state every connection shares, then routing, faults and
//! the rate limit, as FinerWorks' ASP.NET stack would answer (each operation's own answer is in
//! [`crate::operations`]).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts};
use axum::response::Response;
use tokio::sync::{Notify, watch};
use tokio::time::Instant;

use crate::data::Store;
use crate::log::RequestLog;
use crate::ratelimit::{TokenBucket, retry_after_seconds};
use crate::request::Reading;
use crate::route::Operation;
use crate::wire::message;
use crate::{CountMode, Dataset, Echo, Fault, Faults, MockConfig, Nulls, RecordedRequest};
use crate::{fault_response, operations, page};

/// The largest request body the mock reads.
const MAX_BODY: usize = 1 << 20;

/// How the server reads what the docs leave open (see [`MockConfig`]).
pub(crate) struct Profile {
    pub(crate) count: CountMode,
    pub(crate) reading: Reading,
    pub(crate) page_size_cap: Option<u32>,
    pub(crate) echo: Echo,
    pub(crate) nulls: Nulls,
    pub(crate) strict: bool,
}

/// What every connection shares: the data, the faults, the log and the keys.
pub(crate) struct Shared {
    pub(crate) store: Store,
    pub(crate) faults: Faults,
    pub(crate) log: RequestLog,
    pub(crate) web_api_key: String,
    pub(crate) app_key: String,
    pub(crate) profile: Profile,
    limiter: Option<TokenBucket>,
    /// How long a request's body may take to arrive.
    body_timeout: Duration,
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
        Shared {
            store: Store::new(dataset, config.seed, config.indexing_delay),
            faults,
            log: RequestLog::new(config.log_body_budget),
            web_api_key: config.web_api_key,
            app_key: config.app_key,
            profile: Profile {
                count: config.count,
                reading: Reading {
                    over_limit: config.over_limit,
                    nullable_value_types: config.nulls == Nulls::Accept,
                },
                page_size_cap: config.page_size_cap,
                echo: config.echo,
                nulls: config.nulls,
                strict: config.strict,
            },
            limiter: config.rate_limit.map(TokenBucket::new),
            body_timeout: config.body_timeout,
            seed: config.seed,
            calls: AtomicU64::new(0),
            stop,
        }
    }

    /// Waits until `deadline`, or less if the server is stopping.
    async fn pause_until(&self, deadline: Instant) {
        if deadline <= Instant::now() {
            return;
        }
        let mut stop = self.stop.clone();
        tokio::select! {
            () = tokio::time::sleep_until(deadline) => {}
            () = stopped(&mut stop) => {}
        }
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

/// One connection's view of the server: the shared state, and a way to drop the connection.
#[derive(Clone)]
pub(crate) struct Connection {
    pub(crate) shared: Arc<Shared>,
    /// Notified to close the connection without answering.
    pub(crate) drop: Arc<Notify>,
}

/// Every request, whatever its route, comes here.
pub(crate) async fn handle(State(connection): State<Connection>, request: Request) -> Response {
    let shared = &connection.shared;
    let (parts, body) = request.into_parts();
    // The whole body must arrive in time, however slowly it trickles: a client that stalls or
    // dribbles cannot hold the connection and its buffers for ever.
    let body = tokio::time::timeout(shared.body_timeout, axum::body::to_bytes(body, MAX_BODY))
        .await
        .ok();
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    let path = Operation::at(parts.uri.path());
    // Only the operation's own method is that operation.
    let operation = path.filter(|operation| operation.method() == parts.method);
    let record = || RecordedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        operation: operation.map(|operation| operation.id().to_owned()),
        body: None,
        status: 0,
        fault: None,
        had_web_api_key: parts.headers.contains_key("web_api_key"),
        had_app_key: parts.headers.contains_key("app_key"),
        user_agent: header("user-agent").map(str::to_owned),
    };
    let Some(body) = body else {
        // Logged, without a body, so that a test sees the request it cut short.
        let sequence = shared.log.begin(record(), None);
        let response = crate::wire::body_timeout(shared.body_timeout);
        shared
            .log
            .finish(sequence, response.status().as_u16(), None);
        return response;
    };
    // The body of a request without both keys is not kept, whatever it is answered (a fault
    // comes before the keys): a client with a wrong key could otherwise fill the log.
    let kept = body
        .as_ref()
        .ok()
        .filter(|_| shared.keys_match(&parts.headers));
    let sequence = shared.log.begin(record(), kept.map(|bytes| &bytes[..]));

    // Latency is the time from the request to the answer, like a round trip to a real server:
    // the answer is built at once and sent at `respond_at` (or when ready, if building it took
    // longer), so the cost of building it does not add to the latency asked for.
    let respond_at = Instant::now() + shared.faults.next_delay();
    // Faults meet every operation, and nothing else.
    let fault = operation.and_then(|_| shared.faults.next_fault());
    if fault.is_some() {
        // Logged now, so that a request still stalled shows what it met.
        shared.log.finish(sequence, 0, fault.clone());
    }
    let response = match (&fault, operation) {
        (Some(Fault::DropConnection), _) => {
            shared.pause_until(respond_at).await;
            shared.log.finish(sequence, 0, fault);
            connection.drop.notify_one();
            // The connection task drops this request with the connection.
            return std::future::pending().await;
        }
        (Some(Fault::Stall(duration)), _) => {
            shared.pause_until(respond_at + *duration).await;
            answer(shared, &parts, path, body)
        }
        // A fault replaces the operation: nothing is added, changed or deleted.
        (Some(fault), Some(operation)) => fault_response::response(
            fault,
            || shared.reference_id(),
            || operations::unsuccessful_body(shared, operation),
            || operations::plain_body(shared, operation),
        ),
        _ => answer(shared, &parts, path, body),
    };
    shared.pause_until(respond_at).await;
    shared
        .log
        .finish(sequence, response.status().as_u16(), fault);
    response
}

/// The answer to a request for the operation at `path` (if any), once it met no fault.
fn answer(
    shared: &Shared,
    parts: &Parts,
    path: Option<Operation>,
    body: Result<Bytes, axum::Error>,
) -> Response {
    // The rate limit comes after the faults and before everything else, on every route.
    if let Some(limiter) = &shared.limiter
        && let Err(wait) = limiter.take()
    {
        return crate::wire::too_many_requests(retry_after_seconds(wait));
    }
    match path {
        None => {
            let host = parts
                .headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("localhost");
            let uri = parts
                .uri
                .path_and_query()
                .map_or("/", |p| p.as_str())
                .to_owned();
            message(
                StatusCode::NOT_FOUND,
                &format!(
                    "No HTTP resource was found that matches the request URI 'http://{host}{uri}'."
                ),
            )
        }
        Some(operation) if parts.method != operation.method() => {
            let mut response = message(
                StatusCode::METHOD_NOT_ALLOWED,
                &format!(
                    "The requested resource does not support http method '{}'.",
                    parts.method
                ),
            );
            let allow = HeaderValue::from_str(operation.method().as_str())
                .expect("a method is a valid header value");
            response.headers_mut().insert(header::ALLOW, allow);
            response
        }
        Some(operation) => operations::answer(shared, operation, &parts.headers, body),
    }
}
