//! The one call path of every operation: [`Operation`] describes an endpoint once (method, path,
//! request and response types, whether a resend is safe) and [`call`] sends it over a
//! [`Connection`]: the keys, a limit on requests in flight, timeouts, retries with backoff and
//! `Retry-After`, decoding that names the JSON path of a bad value, error mapping and tracing.
//!
//! The request and response bodies are the generated `finerworks-api` types. The HTTP exchange is
//! done here rather than by the generated client, because that one drops the HTTP status of an
//! error body that is not JSON (an HTML 502 page), which the retry decision needs, and cannot name
//! the JSON path of a field that fails to decode.

use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use finerworks_api::HttpMethod;
use finerworks_api::types::{ErrorBody, ResponseStatus};
use reqwest::Method;
use reqwest::header::{CONTENT_TYPE, HeaderValue, LOCATION, RETRY_AFTER, USER_AGENT};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, DecodeError, Error, Result};
use crate::input::RequestField;
use crate::limiter::Limiter;
use crate::redact::Redactor;
use crate::retry::{RetryPolicy, parse_retry_after};
use crate::settings::{ApiKey, Environment, Library};
use crate::telemetry::{self, Span};

/// An API endpoint as the exchange sends it. Every operation the spec describes is one:
/// `cargo xtask generate` writes them (`finerworks_api::operations`, from each operation's method,
/// path, bodies and `x-idempotent`), and the blanket implementation below reads them, so nothing
/// here restates a path, a method or whether a resend is safe.
pub(crate) trait Operation {
    /// The operation's name in the spec (`list_images`), for tracing.
    const NAME: &'static str;
    /// The HTTP method.
    const METHOD: Method;
    /// The path after the base URL (`/v3/list_images`).
    const PATH: &'static str;
    /// Whether a call that may have reached the server can be sent again: reading, updating and
    /// deleting can; adding cannot (the images would be added twice).
    const IDEMPOTENT: bool;
    /// The request body.
    type Request: Serialize + Sync;
    /// The response body.
    type Response: DeserializeOwned + Envelope;
}

impl<O> Operation for O
where
    O: finerworks_api::Operation,
    <O as finerworks_api::Operation>::Request: Serialize + Sync,
    <O as finerworks_api::Operation>::Response: DeserializeOwned + Envelope,
{
    const NAME: &'static str = <O as finerworks_api::Operation>::ID;
    const METHOD: Method = http_method(<O as finerworks_api::Operation>::METHOD);
    const PATH: &'static str = <O as finerworks_api::Operation>::PATH;
    const IDEMPOTENT: bool = <O as finerworks_api::Operation>::IDEMPOTENT;
    type Request = <O as finerworks_api::Operation>::Request;
    type Response = <O as finerworks_api::Operation>::Response;
}

/// The `reqwest` method of a method of the spec.
const fn http_method(method: HttpMethod) -> Method {
    match method {
        HttpMethod::Get => Method::GET,
        HttpMethod::Post => Method::POST,
        HttpMethod::Put => Method::PUT,
        HttpMethod::Patch => Method::PATCH,
        HttpMethod::Delete => Method::DELETE,
    }
}

/// A response body with FinerWorks' `status` block.
pub(crate) trait Envelope {
    /// The operation's own payload field (`images`), for messages; `None` when the answer is
    /// the `status` block alone.
    const PAYLOAD: Option<&'static str>;
    /// The `status` block, if the body had one.
    fn status(&self) -> Option<&ResponseStatus>;
    /// The `status` block, to redact it.
    fn status_mut(&mut self) -> Option<&mut ResponseStatus>;
    /// Whether the body holds the operation's payload.
    fn has_payload(&self) -> bool;
    /// What makes a decoded answer impossible, if anything (an image without a GUID).
    fn flaw(&self) -> Option<String> {
        None
    }
}

/// What every call of a client shares: where to send, the keys, the limits.
pub(crate) struct Connection {
    pub(crate) http: reqwest::Client,
    /// The base URL without a trailing slash; the operations' paths are appended.
    pub(crate) base: String,
    pub(crate) environment: Environment,
    pub(crate) web_api_key: ApiKey,
    pub(crate) app_key: ApiKey,
    pub(crate) user_agent: HeaderValue,
    /// The library of requests that do not name one.
    pub(crate) library: Library,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) concurrency: usize,
    /// The requests in flight, at most `concurrency`; fewer while the API rate-limits.
    pub(crate) limiter: Limiter,
    /// Hides the keys in whatever a server echoes back.
    pub(crate) redactor: Redactor,
    /// The body form FinerWorks reads for each list of products, as learned.
    pub(crate) body_forms: crate::catalog::BodyForms,
}

// The keys' own `Debug` is redacted; the HTTP client says nothing useful.
impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("base_url", &self.base)
            .field("web_api_key", &self.web_api_key)
            .field("app_key", &self.app_key)
            .field("library", &self.library)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("concurrency", &self.concurrency)
            .finish_non_exhaustive()
    }
}

/// Sends one call of `O`, retrying according to the connection's policy. `page` is recorded in
/// the call's span when the call reads a page.
pub(crate) async fn call<O: Operation>(
    connection: &Connection,
    request: &O::Request,
    page: Option<u32>,
) -> Result<O::Response> {
    let span = telemetry::request_span(O::NAME, page);
    telemetry::instrument(call_with_retries::<O>(connection, request), &span)
        .await
        .inspect(|response| {
            if let Some(id) = response.status().and_then(|s| s.reference_id.as_deref()) {
                span.record("reference_id", id);
            }
        })
        .inspect_err(|error| {
            if let Some(id) = error.reference_id() {
                span.record("reference_id", id);
            }
        })
}

async fn call_with_retries<O: Operation>(
    connection: &Connection,
    request: &O::Request,
) -> Result<O::Response> {
    // A GET carries no body (`test_my_credentials`); every other operation a JSON one.
    let body: Option<Bytes> = if O::METHOD == Method::GET {
        None
    } else {
        let bytes = serde_json::to_vec(request).map_err(|e| {
            Error::invalid(RequestField::Body, format!("cannot be serialized: {e}"))
        })?;
        Some(bytes.into())
    };
    let url = format!("{}{}", connection.base, O::PATH);
    let policy = &connection.retry;
    let started = Instant::now();
    // Every attempt, and the attempts that count against `max_attempts`: a 429 does not, so
    // that a listing slows down under a rate limit instead of failing (`max_elapsed` bounds it).
    let mut attempt = 0;
    let mut counted = 0;
    loop {
        attempt += 1;
        let permit = connection.limiter.acquire().await;
        let span = telemetry::attempt_span(attempt);
        let attempt_started = Instant::now();
        let outcome =
            telemetry::instrument(attempt_once::<O>(connection, &url, body.clone()), &span).await;
        span.record("elapsed_ms", elapsed_ms(attempt_started));
        let current = Span::current();
        current.record("attempts", attempt);
        current.record("elapsed_ms", elapsed_ms(started));
        let error = match outcome {
            Ok((status, response)) => {
                permit.succeeded();
                current.record("http.status", status);
                return Ok(response);
            }
            Err(error) => error,
        };
        let rate_limited = matches!(error, Error::RateLimited { .. });
        let retry_after = error.retry_after();
        if rate_limited {
            // What the server asked for, as the policy caps it (without a `Retry-After`, the
            // first backoff): the limiter slows the whole client down by it.
            let wait = retry_after.map_or(policy.initial_backoff(), |wait| {
                wait.min(policy.max_retry_after())
            });
            permit.rate_limited(wait);
        } else {
            counted += 1;
        }
        drop(permit);
        if let Some(status) = error.http_status() {
            current.record("http.status", status);
        }
        // One attempt means one, rate limits included.
        let single = policy.max_attempts() == 1;
        if !may_resend(&error, O::IDEMPOTENT) || counted >= policy.max_attempts() || single {
            return Err(error.after_attempts(attempt, started.elapsed()));
        }
        // A server that says when to come back is believed: its rate-limit answers do not make
        // the backoff grow (they may be many, and are no sign of trouble).
        let step = if rate_limited && retry_after.is_some() {
            counted.max(1)
        } else {
            attempt
        };
        let wait = policy.backoff(step, retry_after, fastrand::f64());
        if started.elapsed() + wait > policy.max_elapsed() {
            return Err(error.after_attempts(attempt, started.elapsed()));
        }
        telemetry::retrying(attempt, u64::try_from(wait.as_millis()).unwrap_or(u64::MAX));
        tokio::time::sleep(wait).await;
    }
}

/// Whether a failed call may be sent again. An idempotent call may whenever trying again can
/// help; another only when the server certainly did not act on it: the connection was never
/// made, or it answered 429 or 503, which a server sends before doing anything.
fn may_resend(error: &Error, idempotent: bool) -> bool {
    if idempotent {
        return error.is_retryable();
    }
    match error {
        Error::Transport { source, .. } => source.is_connect(),
        Error::RateLimited { .. } => true,
        Error::Api(e) => e.http_status == 503,
        _ => false,
    }
}

fn elapsed_ms(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// One HTTP exchange: the HTTP status and the decoded body, or how it failed (an error that
/// counts one attempt; the caller records the real count).
async fn attempt_once<O: Operation>(
    connection: &Connection,
    url: &str,
    body: Option<Bytes>,
) -> Result<(u16, O::Response)> {
    let mut request = connection
        .http
        .request(O::METHOD, url)
        .timeout(connection.timeout)
        .header("web_api_key", connection.web_api_key.header().clone())
        .header("app_key", connection.app_key.header().clone())
        .header(USER_AGENT, connection.user_agent.clone());
    if let Some(body) = body {
        request = request
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .body(body);
    }
    let response = request.send().await.map_err(transport_error)?;
    let status = response.status().as_u16();
    Span::current().record("http.status", status);
    let redactor = &connection.redactor;
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|value: &HeaderValue| value.to_str().ok())
            .map(str::to_owned)
    };
    let retry_after =
        header(RETRY_AFTER).and_then(|value| parse_retry_after(&value, SystemTime::now()));
    let location = header(LOCATION);
    let bytes = response.bytes().await.map_err(transport_error)?;

    if status == 200 {
        return answer::<O>(redactor, &bytes).map(|answer| (status, answer));
    }
    // The client follows redirects within the API's origin only (see `ClientBuilder::build`):
    // a redirect that reaches this point leads elsewhere, and following it would hand the keys
    // to whoever is there.
    if (300..400).contains(&status) {
        return Err(Error::Redirected {
            http_status: status,
            location: location.map_or_else(
                || "(no Location header)".to_owned(),
                |location| redactor.text(&location),
            ),
        });
    }

    let mut error = api_error(status, &bytes);
    redactor.api_error(&mut error);
    error.retry_after = retry_after;
    Err(match status {
        401 | 403 => Error::Unauthorized(Box::new(error)),
        400 if is_credentials_error(&error) => Error::Unauthorized(Box::new(error)),
        429 => Error::RateLimited {
            retry_after,
            error: Box::new(error),
        },
        _ => Error::Api(Box::new(error)),
    })
}

/// Reads an HTTP 200 answer of `O`: its payload, `success: false` as an API error, and a body
/// that is not the operation's answer at all (an ASP.NET error body, `{}`, an HTML page) as an
/// unexpected response, never as an empty result.
fn answer<O: Operation>(redactor: &Redactor, bytes: &[u8]) -> Result<O::Response> {
    let not_the_answer = |what: String| {
        let expected = O::Response::PAYLOAD.map_or_else(
            || "a `status`".to_owned(),
            |payload| format!("`status` or `{payload}`"),
        );
        Error::UnexpectedResponse {
            operation: O::NAME,
            problem: redactor.text(&format!("http 200 without {expected}: {what}")),
        }
    };
    let mut answer: O::Response = match decode(200, bytes) {
        Ok(answer) => answer,
        Err(_) if looks_like_html(bytes) => return Err(not_the_answer(html_summary(200, bytes))),
        Err(mut error) => {
            redactor.decode_error(&mut error);
            return Err(Error::Decode(Box::new(error)));
        }
    };
    if let Some(block) = answer.status_mut() {
        redactor.status(block);
    }
    let block = answer.status();
    if block.is_none() && !answer.has_payload() {
        return Err(not_the_answer(describe_body(bytes)));
    }
    if let Some(id) = block.and_then(|s| s.reference_id.as_deref()) {
        Span::current().record("reference_id", id);
    }
    if let Some(block) = block.filter(|block| block.success == Some(false)) {
        return Err(Error::Api(Box::new(ApiError {
            http_status: 200,
            status_code: block.status_code,
            message: block.message.clone(),
            reference_id: block.reference_id.clone(),
            debug: block.debug.clone(),
            domain: block.domain.clone(),
            attempts: 1,
            ..ApiError::default()
        })));
    }
    if let Some(flaw) = answer.flaw() {
        return Err(Error::UnexpectedResponse {
            operation: O::NAME,
            problem: redactor.text(&flaw),
        });
    }
    Ok(answer)
}

/// What a body that is not an answer holds, in a few words.
fn describe_body(bytes: &[u8]) -> String {
    if let Ok(body) = serde_json::from_slice::<ErrorBody>(bytes) {
        let error = api_error(200, bytes);
        if body.message.is_some() || body.model_state.is_some() {
            return format!(
                "an error body ({})",
                error.to_string().trim_start_matches("http 200: ")
            );
        }
    }
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(serde_json::Value::Object(map)) if map.is_empty() => "an empty JSON object".to_owned(),
        Ok(serde_json::Value::Object(map)) => format!(
            "an object with only {}",
            map.keys()
                .map(|key| format!("`{key}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => format!("body {:?}", excerpt(bytes, 0)),
    }
}

fn transport_error(error: reqwest::Error) -> Error {
    if error.is_timeout() {
        Error::Timeout {
            attempts: 1,
            elapsed: Duration::ZERO,
            page: None,
        }
    } else {
        Error::Transport {
            attempts: 1,
            source: error,
            page: None,
        }
    }
}

/// FinerWorks reports bad credentials as HTTP 400 with this `ModelState` key.
fn is_credentials_error(error: &ApiError) -> bool {
    error.model_state.keys().any(|key| {
        key.to_ascii_lowercase()
            .contains("authorization_credentials")
    })
}

/// The details of an error answer: the ASP.NET body if it is one, else an excerpt of the body.
fn api_error(status: u16, bytes: &[u8]) -> ApiError {
    match serde_json::from_slice::<ErrorBody>(bytes) {
        Ok(body) => ApiError {
            http_status: status,
            message: body.message,
            model_state: body
                .model_state
                .unwrap_or_default()
                .into_iter()
                .map(|(field, errors)| (field, errors.unwrap_or_default()))
                .collect(),
            attempts: 1,
            ..ApiError::default()
        },
        Err(_) if looks_like_html(bytes) => ApiError {
            http_status: status,
            message: Some(html_summary(status, bytes)),
            attempts: 1,
            ..ApiError::default()
        },
        Err(_) => ApiError {
            http_status: status,
            body_excerpt: (!bytes.is_empty()).then(|| excerpt(bytes, 0)),
            attempts: 1,
            ..ApiError::default()
        },
    }
}

/// Whether a body is an HTML page (a web server's error page), not an API answer.
fn looks_like_html(bytes: &[u8]) -> bool {
    let start = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let start = start.trim_start();
    start.starts_with("<!doctype html") || start.starts_with("<html") || start.contains("<title")
}

/// What an HTML error page says, in a few words: its `<title>`, else the status's reason phrase.
fn html_summary(status: u16, bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
    let lower = text.to_ascii_lowercase();
    let title = lower
        .find("<title")
        .and_then(|at| lower[at..].find('>').map(|end| at + end + 1))
        .and_then(|start| {
            lower[start..]
                .find("</title")
                .map(|end| &text[start..start + end])
        })
        .map(|title| title.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|title| !title.is_empty());
    let reason = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason())
        .unwrap_or("an error page");
    let summary = title.unwrap_or_else(|| reason.to_owned());
    format!(
        "{} (an HTML page from the web server)",
        excerpt(summary.as_bytes(), 0)
    )
}

/// Decodes a body, naming the JSON path of the first value that does not fit.
///
/// Tracking the path slows every decode down, so it is only done to explain a failure: the fast
/// decoder runs first, and on error the body is decoded again with path tracking.
pub(crate) fn decode<T: DeserializeOwned>(status: u16, bytes: &[u8]) -> Result<T, DecodeError> {
    serde_json::from_slice(bytes).or_else(|_| decode_with_path(status, bytes))
}

fn decode_with_path<T: DeserializeOwned>(status: u16, bytes: &[u8]) -> Result<T, DecodeError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let error = |path: String, inner: serde_json::Error| {
        let offset = byte_offset(bytes, inner.line(), inner.column());
        DecodeError {
            http_status: status,
            path,
            message: inner.to_string(),
            excerpt: excerpt(bytes, offset.saturating_sub(40)),
            attempts: 1,
            page: None,
        }
    };
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = known_path(&e.path().to_string());
        error(path, e.into_inner())
    })?;
    deserializer.end().map_err(|e| error(".".to_string(), e))?;
    Ok(value)
}

/// A JSON path without the `?` segments `serde_path_to_error` writes where it could not tell
/// the key (a body cut short): `images[4].?` is `images[4]`.
fn known_path(path: &str) -> String {
    let kept: Vec<&str> = path.split('.').filter(|segment| *segment != "?").collect();
    let joined = kept.join(".");
    if joined.is_empty() {
        ".".to_owned()
    } else {
        joined
    }
}

/// The byte offset of a 1-based line and column reported by serde_json.
fn byte_offset(bytes: &[u8], line: usize, column: usize) -> usize {
    let line_start: usize = bytes
        .split(|&b| b == b'\n')
        .take(line.saturating_sub(1))
        .map(|l| l.len() + 1)
        .sum();
    (line_start + column.saturating_sub(1)).min(bytes.len())
}

/// About 80 characters of the body from `start`, as text.
fn excerpt(bytes: &[u8], start: usize) -> String {
    let start = start.min(bytes.len());
    let end = (start + 80).min(bytes.len());
    String::from_utf8_lossy(&bytes[start..end])
        .chars()
        .filter(|c| !c.is_control() || *c == ' ')
        .collect()
}

#[cfg(test)]
mod tests {
    use finerworks_api::types::ListImagesResponse;

    use super::*;

    #[test]
    fn decode_errors_name_the_path_and_show_the_place() {
        let body = br#"{"status": {"success": true}, "images": [{"title": "ok"}, {"date_added": "last tuesday"}]}"#;
        let error = decode::<ListImagesResponse>(200, body).unwrap_err();
        assert_eq!(error.path, "images[1].date_added");
        assert!(
            error
                .message
                .starts_with("invalid timestamp `last tuesday`"),
            "{}",
            error.message
        );
        assert!(error.excerpt.contains("last tuesday"), "{}", error.excerpt);
    }

    #[test]
    fn truncated_bodies_are_decode_errors() {
        let error = decode::<ListImagesResponse>(200, br#"{"status": {"succ"#).unwrap_err();
        assert!(error.message.contains("EOF"), "{}", error.message);
        let error = decode::<ListImagesResponse>(200, b"{} trailing").unwrap_err();
        assert!(error.message.contains("trailing"), "{}", error.message);
    }

    #[test]
    fn a_body_cut_short_names_the_last_known_place() {
        let body = br#"{"status": {"success": true}, "images": [{"title": "a"}, {"title": "b"#;
        let error = decode::<ListImagesResponse>(200, body).unwrap_err();
        assert!(!error.path.contains('?'), "{}", error.path);
        assert!(error.path.starts_with("images[1]"), "{}", error.path);
        assert_eq!(known_path("images[4].?"), "images[4]");
        assert_eq!(known_path("?"), ".");
    }

    #[test]
    fn an_html_error_page_is_summarised_not_dumped() {
        let page = b"<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><html><head>\n<title>503 Service\n Unavailable</title></head><body><h1>Service Unavailable</h1><p>The server is temporarily unable to service your request.</p></body></html>";
        let error = api_error(503, page);
        assert_eq!(
            error.message.as_deref(),
            Some("503 Service Unavailable (an HTML page from the web server)")
        );
        assert_eq!(error.body_excerpt, None);
        let untitled = api_error(502, b"<html><body>oops</body></html>");
        assert_eq!(
            untitled.message.as_deref(),
            Some("Bad Gateway (an HTML page from the web server)")
        );
    }

    #[test]
    fn credential_errors_are_recognised() {
        let body = br#"{"Message":"The request is invalid.","ModelState":{"ApiC.Models.authorization_credentials":["Missing or unauthorized api credentials"]}}"#;
        let error = api_error(400, body);
        assert!(is_credentials_error(&error));
        assert_eq!(error.message.as_deref(), Some("The request is invalid."));
        let text = api_error(502, b"upstream timed out");
        assert_eq!(text.body_excerpt.as_deref(), Some("upstream timed out"));
        assert!(!is_credentials_error(&text));
    }

    #[test]
    fn a_call_that_is_not_idempotent_is_resent_only_when_it_certainly_did_not_arrive() {
        let answered = |status| {
            Error::Api(Box::new(ApiError {
                http_status: status,
                ..ApiError::default()
            }))
        };
        let rate_limited = Error::RateLimited {
            retry_after: None,
            error: Box::new(ApiError::default()),
        };
        let timeout = Error::Timeout {
            attempts: 1,
            elapsed: Duration::ZERO,
            page: None,
        };
        assert!(may_resend(&answered(503), false));
        assert!(may_resend(&rate_limited, false));
        assert!(!may_resend(&answered(500), false));
        assert!(!may_resend(&answered(502), false));
        assert!(!may_resend(&timeout, false));
        assert!(may_resend(&answered(500), true));
        assert!(may_resend(&timeout, true));
    }
}
