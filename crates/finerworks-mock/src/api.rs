//! The HTTP behaviour of the mock: the state every connection shares, then routing, faults, the
//! rate limit, keys, validation and the `list_images` page, as FinerWorks' ASP.NET stack would
//! answer.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header, request::Parts};
use axum::response::Response;
use finerworks_api::types::LibraryName;
use serde_json::Value;
use tokio::sync::{Notify, watch};
use tokio::time::Instant;

use crate::log::RequestLog;
use crate::ratelimit::{TokenBucket, retry_after_seconds};
use crate::request::{self, ModelState, Query, Reading};
use crate::wire::{encode, invalid, json_response, message};
use crate::{CountMode, Dataset, Echo, Fault, Faults, MockConfig, Nulls, RecordedRequest};
use crate::{fault_response, page};

/// The largest request body the mock reads.
const MAX_BODY: usize = 1 << 20;

/// How the server reads what the docs leave open (see [`MockConfig`]).
struct Profile {
    count: CountMode,
    reading: Reading,
    page_size_cap: Option<u32>,
    echo: Echo,
    nulls: Nulls,
    strict: bool,
}

/// What every connection shares: the data, the faults, the log and the keys.
pub(crate) struct Shared {
    pub(crate) dataset: Dataset,
    pub(crate) faults: Faults,
    pub(crate) log: RequestLog,
    pub(crate) web_api_key: String,
    pub(crate) app_key: String,
    profile: Profile,
    limiter: Option<TokenBucket>,
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
            dataset,
            faults,
            log: RequestLog::default(),
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

    /// A fresh reference id; a function of the seed and a counter.
    fn reference_id(&self) -> String {
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Route {
    ListImages,
    Unknown,
}

/// ASP.NET routes ignore case and a trailing slash.
fn route(path: &str) -> Route {
    let path = path.strip_suffix('/').unwrap_or(path);
    if path.eq_ignore_ascii_case("/v3/list_images") {
        Route::ListImages
    } else {
        Route::Unknown
    }
}

/// Every request, whatever its route, comes here.
pub(crate) async fn handle(State(connection): State<Connection>, request: Request) -> Response {
    let shared = &connection.shared;
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, MAX_BODY).await;
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    let sequence = shared.log.begin(RecordedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        body: body
            .as_ref()
            .ok()
            .and_then(|bytes| serde_json::from_slice(bytes).ok()),
        status: 0,
        fault: None,
        had_web_api_key: parts.headers.contains_key("web_api_key"),
        had_app_key: parts.headers.contains_key("app_key"),
        user_agent: header("user-agent").map(str::to_owned),
    });

    // Latency is the time from the request to the answer, like a round trip to a real server:
    // the answer is built at once and sent at `respond_at` (or when ready, if building it took
    // longer), so the cost of building it does not add to the latency asked for.
    let respond_at = Instant::now() + shared.faults.next_delay();
    let route = route(parts.uri.path());
    let fault = match route {
        Route::ListImages => shared.faults.next_fault(),
        Route::Unknown => None,
    };
    if fault.is_some() {
        // Logged now, so that a request still stalled shows what it met.
        shared.log.finish(sequence, 0, fault.clone());
    }
    let response = match &fault {
        Some(Fault::DropConnection) => {
            shared.pause_until(respond_at).await;
            shared.log.finish(sequence, 0, fault);
            connection.drop.notify_one();
            // The connection task drops this request with the connection.
            return std::future::pending().await;
        }
        Some(Fault::Stall(duration)) => {
            shared.pause_until(respond_at + *duration).await;
            answer(shared, &parts, route, body)
        }
        Some(fault) => fault_response::response(
            fault,
            || shared.reference_id(),
            || page(shared, Query::default()),
        ),
        None => answer(shared, &parts, route, body),
    };
    shared.pause_until(respond_at).await;
    shared
        .log
        .finish(sequence, response.status().as_u16(), fault);
    response
}

fn answer(
    shared: &Shared,
    parts: &Parts,
    route: Route,
    body: Result<Bytes, axum::Error>,
) -> Response {
    // The rate limit comes after the faults and before everything else, on every route.
    if let Some(limiter) = &shared.limiter
        && let Err(wait) = limiter.take()
    {
        return crate::wire::too_many_requests(retry_after_seconds(wait));
    }
    match route {
        Route::Unknown => {
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
        Route::ListImages if parts.method != Method::POST => {
            let mut response = message(
                StatusCode::METHOD_NOT_ALLOWED,
                &format!(
                    "The requested resource does not support http method '{}'.",
                    parts.method
                ),
            );
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("POST"));
            response
        }
        Route::ListImages => list_images(shared, &parts.headers, body),
    }
}

fn list_images(shared: &Shared, headers: &HeaderMap, body: Result<Bytes, axum::Error>) -> Response {
    let key = |name: &str| headers.get(name).map(HeaderValue::as_bytes);
    if key("web_api_key") != Some(shared.web_api_key.as_bytes())
        || key("app_key") != Some(shared.app_key.as_bytes())
    {
        return invalid(ModelState::from([(
            "ApiC.Models.authorization_credentials".to_owned(),
            vec!["Missing or unauthorized api credentials".to_owned()],
        )]));
    }
    let Ok(body) = body else {
        return message(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The request entity is too large.",
        );
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return invalid(ModelState::from([(
            "request".to_owned(),
            vec!["A non-empty request body is required.".to_owned()],
        )]));
    }
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .map_or(Some("application/octet-stream"), |v| v.to_str().ok())
        .unwrap_or_default();
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    if !essence.eq_ignore_ascii_case("application/json")
        && !essence.eq_ignore_ascii_case("text/json")
    {
        return message(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            &format!(
                "The request entity's media type '{essence}' is not supported for this resource."
            ),
        );
    }
    let json: Value = match serde_json::from_slice(&body) {
        Ok(json) => json,
        Err(error) => {
            return invalid(ModelState::from([(
                "request".to_owned(),
                vec![format!("Unexpected JSON: {error}.")],
            )]));
        }
    };
    let profile = &shared.profile;
    if profile.strict
        && let Some(problem) = crate::strict::unprocessable(&json)
    {
        return crate::wire::unprocessable(&problem);
    }
    let mut refused = match profile.nulls {
        Nulls::Reject => crate::nulls::refused(&body, &json),
        Nulls::Accept => ModelState::new(),
    };
    match request::parse(&json, profile.reading) {
        Ok(query) if refused.is_empty() => json_response(StatusCode::OK, page(shared, query)),
        Ok(_) => invalid(refused),
        Err(model_state) => {
            refused.extend(model_state);
            invalid(refused)
        }
    }
}

/// The body of a successful `list_images` answer to `query`.
fn page(shared: &Shared, query: Query) -> Vec<u8> {
    let profile = &shared.profile;
    let library = shared.dataset.library(query.library);
    let mut selection = query.selection;
    if let Some(cap) = profile.page_size_cap {
        selection.per_page = selection.per_page.min(cap);
    }
    let (count, positions) = library.select(&selection);
    let with_products = query.list_products && query.library == LibraryName::Inventory;
    let images = positions
        .iter()
        .map(|&position| {
            let mut image = library.image(position).clone();
            if !with_products {
                image.products = None;
            }
            image
        })
        .collect();
    let mut response = page::success(
        images,
        selection.page_number,
        selection.per_page,
        profile.count.count(count as u64, library.len() as u64),
        shared.reference_id(),
    );
    match profile.echo {
        Echo::Used => {}
        Echo::Asked => response.per_page = i32::try_from(query.asked_per_page).ok(),
        Echo::Zero => (response.page_number, response.per_page) = (Some(0), Some(0)),
    }
    let omit: &[&str] = match profile.count {
        CountMode::Missing => &["count"],
        _ => &[],
    };
    encode(&response, omit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_ignore_case_and_a_trailing_slash() {
        for path in ["/v3/list_images", "/V3/List_Images", "/v3/LIST_IMAGES/"] {
            assert!(route(path) == Route::ListImages, "{path}");
        }
        for path in [
            "/",
            "/v3/list_image",
            "/v2/list_images",
            "/v3/list_images/x",
        ] {
            assert!(route(path) == Route::Unknown, "{path}");
        }
    }
}
