//! One API call: send, classify the answer, decode it, and retry what is worth retrying.
//!
//! The request and response bodies are the generated `finerworks-api` types. The HTTP exchange is
//! done here rather than by the generated `send()`, because that one drops the HTTP status of an
//! error body that is not JSON (an HTML 502 page), which the retry decision needs, and cannot name
//! the JSON path of a field that fails to decode.

use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use finerworks_api::types::{ErrorBody, ListImagesRequest, ListImagesResponse};
use reqwest::header::{CONTENT_TYPE, HeaderValue, RETRY_AFTER, USER_AGENT};

use crate::client::Inner;
use crate::error::{ApiError, DecodeError, Error, Result, is_retryable_status};
use crate::retry::parse_retry_after;
use crate::telemetry::{self, Span};

/// How one attempt failed.
enum Failure {
    Timeout,
    Transport(reqwest::Error),
    Unauthorized(ApiError),
    /// An error answer, with its `Retry-After` (sent with 503 as well as 429).
    Api(ApiError, Option<Duration>),
    RateLimited(ApiError, Option<Duration>),
    Decode(DecodeError),
}

impl Failure {
    fn is_retryable(&self) -> bool {
        match self {
            Self::Timeout | Self::Transport(_) | Self::RateLimited(..) => true,
            Self::Api(error, _) => is_retryable_status(error.http_status),
            Self::Unauthorized(_) | Self::Decode(_) => false,
        }
    }

    fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited(_, after) | Self::Api(_, after) => *after,
            _ => None,
        }
    }

    fn into_error(self, attempts: u32, elapsed: Duration) -> Error {
        match self {
            Self::Timeout => Error::Timeout { attempts, elapsed },
            Self::Transport(source) => Error::Transport { attempts, source },
            Self::Unauthorized(error) => Error::Unauthorized(Box::new(error)),
            Self::Api(error, _) => Error::Api(Box::new(error)),
            Self::RateLimited(error, retry_after) => Error::RateLimited {
                retry_after,
                error: Box::new(error),
            },
            Self::Decode(error) => Error::Decode(Box::new(error)),
        }
    }
}

/// Sends one `list_images` call, retrying according to the client's policy.
pub(crate) async fn list_images(
    inner: &Inner,
    request: &ListImagesRequest,
) -> Result<ListImagesResponse> {
    let page = request.page_number.map_or(1, std::num::NonZeroU32::get);
    let span = telemetry::request_span(page);
    telemetry::instrument(call_with_retries(inner, request), &span)
        .await
        .inspect(|response| {
            if let Some(id) = response
                .status
                .as_ref()
                .and_then(|s| s.reference_id.as_deref())
            {
                span.record("reference_id", id);
            }
        })
        .inspect_err(|error| {
            if let Some(id) = error.reference_id() {
                span.record("reference_id", id);
            }
        })
}

async fn call_with_retries(
    inner: &Inner,
    request: &ListImagesRequest,
) -> Result<ListImagesResponse> {
    let body: Bytes = serde_json::to_vec(request)
        .map_err(|e| Error::invalid("body", format!("cannot be serialized: {e}")))?
        .into();
    let policy = &inner.retry;
    let started = Instant::now();
    // Every attempt, and the attempts that count against `max_attempts`: a 429 does not, so
    // that a listing slows down under a rate limit instead of failing (`max_elapsed` bounds it).
    let mut attempt = 0;
    let mut counted = 0;
    loop {
        attempt += 1;
        let permit = inner.limiter.acquire().await;
        let span = telemetry::attempt_span(attempt);
        let attempt_started = Instant::now();
        let outcome = telemetry::instrument(attempt_once(inner, body.clone()), &span).await;
        span.record("elapsed_ms", elapsed_ms(attempt_started));
        let current = Span::current();
        current.record("attempts", attempt);
        current.record("elapsed_ms", elapsed_ms(started));
        let failure = match outcome {
            Ok((status, response)) => {
                permit.succeeded();
                current.record("http.status", status);
                return Ok(response);
            }
            Err(failure) => failure,
        };
        let rate_limited = matches!(failure, Failure::RateLimited(..));
        if rate_limited {
            permit.rate_limited();
        } else {
            counted += 1;
        }
        drop(permit);
        if let Some(status) = failure_status(&failure) {
            current.record("http.status", status);
        }
        if !failure.is_retryable() || counted >= policy.get_max_attempts() {
            return Err(failure.into_error(attempt, started.elapsed()));
        }
        // A server that says when to come back is believed: its rate-limit answers do not make
        // the backoff grow (they may be many, and are no sign of trouble).
        let step = if rate_limited && failure.retry_after().is_some() {
            counted.max(1)
        } else {
            attempt
        };
        let wait = policy.backoff(step, failure.retry_after(), fastrand::f64());
        if started.elapsed() + wait > policy.get_max_elapsed() {
            return Err(failure.into_error(attempt, started.elapsed()));
        }
        telemetry::retrying(attempt, u64::try_from(wait.as_millis()).unwrap_or(u64::MAX));
        tokio::time::sleep(wait).await;
    }
}

fn failure_status(failure: &Failure) -> Option<u16> {
    match failure {
        Failure::Unauthorized(e) | Failure::Api(e, _) | Failure::RateLimited(e, _) => {
            Some(e.http_status)
        }
        Failure::Decode(e) => Some(e.http_status),
        Failure::Timeout | Failure::Transport(_) => None,
    }
}

fn elapsed_ms(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// One HTTP exchange: the HTTP status and the decoded page, or how it failed.
async fn attempt_once(inner: &Inner, body: Bytes) -> Result<(u16, ListImagesResponse), Failure> {
    let response = inner
        .http
        .post(&inner.list_images_url)
        .timeout(inner.timeout)
        .header("web_api_key", inner.web_api_key.header().clone())
        .header("app_key", inner.app_key.header().clone())
        .header(USER_AGENT, inner.user_agent.clone())
        .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
        .body(body)
        .send()
        .await
        .map_err(transport_failure)?;
    let status = response.status().as_u16();
    Span::current().record("http.status", status);
    let retry_after = response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| parse_retry_after(value, SystemTime::now()));
    let bytes = response.bytes().await.map_err(transport_failure)?;

    if status == 200 {
        let page: ListImagesResponse = decode(status, &bytes).map_err(Failure::Decode)?;
        let reference_id = page.status.as_ref().and_then(|s| s.reference_id.clone());
        if let Some(id) = &reference_id {
            Span::current().record("reference_id", id.as_str());
        }
        return match page.status.as_ref().and_then(|s| s.success) {
            Some(false) => {
                let status_block = page.status.unwrap_or_default();
                Err(Failure::Api(
                    ApiError {
                        http_status: status,
                        status_code: status_block.status_code,
                        message: status_block.message,
                        reference_id,
                        ..ApiError::default()
                    },
                    None,
                ))
            }
            _ => Ok((status, page)),
        };
    }

    let error = api_error(status, &bytes);
    Err(match status {
        401 | 403 => Failure::Unauthorized(error),
        400 if is_credentials_error(&error) => Failure::Unauthorized(error),
        429 => Failure::RateLimited(error, retry_after),
        _ => Failure::Api(error, retry_after),
    })
}

fn transport_failure(error: reqwest::Error) -> Failure {
    if error.is_timeout() {
        Failure::Timeout
    } else {
        Failure::Transport(error)
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
            ..ApiError::default()
        },
        Err(_) => ApiError {
            http_status: status,
            body_excerpt: (!bytes.is_empty()).then(|| excerpt(bytes, 0)),
            ..ApiError::default()
        },
    }
}

/// Decodes a body, naming the JSON path of the first value that does not fit.
///
/// Tracking the path slows every decode down, so it is only done to explain a failure: the fast
/// decoder runs first, and on error the body is decoded again with path tracking.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(
    status: u16,
    bytes: &[u8],
) -> Result<T, DecodeError> {
    serde_json::from_slice(bytes).or_else(|_| decode_with_path(status, bytes))
}

fn decode_with_path<T: serde::de::DeserializeOwned>(
    status: u16,
    bytes: &[u8],
) -> Result<T, DecodeError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let error = |path: String, inner: serde_json::Error| {
        let offset = byte_offset(bytes, inner.line(), inner.column());
        DecodeError {
            http_status: status,
            path,
            message: inner.to_string(),
            excerpt: excerpt(bytes, offset.saturating_sub(40)),
        }
    };
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        error(path, e.into_inner())
    })?;
    deserializer.end().map_err(|e| error(".".to_string(), e))?;
    Ok(value)
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
    fn credential_errors_are_recognised() {
        let body = br#"{"Message":"The request is invalid.","ModelState":{"ApiC.Models.authorization_credentials":["Missing or unauthorized api credentials"]}}"#;
        let error = api_error(400, body);
        assert!(is_credentials_error(&error));
        assert_eq!(error.message.as_deref(), Some("The request is invalid."));
        let html = api_error(502, b"<html><body>Bad Gateway</body></html>");
        assert_eq!(
            html.body_excerpt.as_deref(),
            Some("<html><body>Bad Gateway</body></html>")
        );
        assert!(!is_credentials_error(&html));
    }
}
