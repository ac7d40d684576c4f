//! The HTTP behaviour of the mock: each request logged, then met by a fault, the rate limit, a
//! 404 or a 405, or handed to its operation (see [`crate::operations`]), as FinerWorks' ASP.NET
//! stack would answer.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header, request::Parts};
use axum::response::Response;
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::ratelimit::retry_after_seconds;
use crate::route::Operation;
use crate::state::Shared;
use crate::wire::message;
use crate::{Fault, RecordedRequest};
use crate::{fault_response, operations};

/// The largest request body the mock reads.
const MAX_BODY: usize = 1 << 20;

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
    let fault = operation.and_then(|operation| shared.faults.next_fault_for(operation));
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
        (Some(Fault::DropConnectionAfter), _) => {
            // The operation acts; its answer is lost with the connection.
            drop(answer(shared, &parts, path, body));
            shared.pause_until(respond_at).await;
            shared.log.finish(sequence, 0, fault);
            connection.drop.notify_one();
            return std::future::pending().await;
        }
        (Some(Fault::InternalServerErrorAfter), _) => {
            drop(answer(shared, &parts, path, body));
            message(StatusCode::INTERNAL_SERVER_ERROR, "An error has occurred.")
        }
        (Some(Fault::StallAfter(duration)), _) => {
            let response = answer(shared, &parts, path, body);
            shared.pause_until(respond_at + *duration).await;
            response
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
