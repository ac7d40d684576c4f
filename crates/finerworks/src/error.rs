//! [`Error`], the one error type of this crate, and the details it carries.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use crate::add::AddReport;
use crate::inventory::{InventoryUpdated, UnsettledProduct};
use crate::submit_report::SubmitReport;
pub use incomplete::{Change, Incomplete};

mod incomplete;
use crate::input::{Origin, RequestField, Setting, setting_name};

/// The `Result` of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong, from a bad setting to a response that does not decode.
///
/// Each variant says what a caller can do about it: fix a setting or a request field
/// ([`Error::Config`], [`Error::InvalidRequest`], both found before anything is sent), fix the keys
/// ([`Error::Unauthorized`]), wait ([`Error::RateLimited`]), try again later ([`Error::Timeout`],
/// [`Error::Transport`]) or report the problem to FinerWorks quoting [`Error::reference_id`]
/// ([`Error::Api`], [`Error::Decode`]).
///
/// Retryable failures have already been retried according to the client's
/// [`RetryPolicy`](crate::RetryPolicy) when they reach the caller.
///
/// `Display` is one lowercase line; the API keys never appear in it nor in `Debug`.
///
/// # Examples
///
/// ```no_run
/// # async fn run(client: finerworks::Client) {
/// match client.images().list().send().await {
///     Ok(page) => println!("{} images", page.items.len()),
///     Err(error) if error.is_unauthorized() => eprintln!("check FINERWORKS_WEB_API_KEY and FINERWORKS_APP_KEY"),
///     Err(error) => eprintln!("error: {error} (reference id: {:?})", error.reference_id()),
/// }
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A client setting is missing or malformed. Nothing was sent.
    ///
    /// `Display` names the setting as the user set it: the environment variable when it came
    /// from the environment, the builder method otherwise.
    #[error("{}", config_message(*setting, *origin, problem))]
    Config {
        /// The setting.
        setting: Setting,
        /// Where its value came from.
        origin: Origin,
        /// What is wrong with it.
        problem: String,
    },

    /// A request field breaks a rule of the API. Nothing was sent.
    #[error("invalid request: {field} {rule}")]
    InvalidRequest {
        /// The request field.
        field: RequestField,
        /// The rule it breaks, with the offending value.
        rule: String,
    },

    /// FinerWorks refused the API keys (HTTP 400 with a credentials error, 401 or 403).
    #[error("unauthorized: {0}")]
    Unauthorized(Box<ApiError>),

    /// FinerWorks answered with an error, or with HTTP 200 and `success: false`.
    #[error("api error: {0}")]
    Api(Box<ApiError>),

    /// FinerWorks answered HTTP 429 until the retry budget ran out.
    #[error("rate limited{}: {error}", retry_after_text(*.retry_after))]
    RateLimited {
        /// How long the server asked to wait (`Retry-After`), if it said.
        retry_after: Option<Duration>,
        /// The response.
        error: Box<ApiError>,
    },

    /// No response arrived in time, on every attempt.
    #[error(
        "request timed out after {attempts} attempt(s) ({elapsed:.1?} in all){}",
        page_text(*.page)
    )]
    Timeout {
        /// How many attempts were made.
        attempts: u32,
        /// The time spent on all attempts, backoff included.
        elapsed: Duration,
        /// The page of a listing being fetched, if it was one (see [`Error::page`]).
        page: Option<u32>,
    },

    /// The connection failed: DNS, connect, TLS, or the connection dropped mid-response.
    #[error(
        "transport error after {attempts} attempt(s): {}{}",
        with_causes(source),
        page_text(*.page)
    )]
    Transport {
        /// How many attempts were made.
        attempts: u32,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
        /// The page of a listing being fetched, if it was one (see [`Error::page`]).
        page: Option<u32>,
    },

    /// The response body does not match the contract.
    #[error("{0}")]
    Decode(Box<DecodeError>),

    /// Some calls of an [`Images::add`](crate::Images::add) failed. The [`AddReport`] holds the
    /// images that were created, and for each failed call its images, its error and whether they
    /// may have been added all the same: nothing is dropped silently, and nothing should be sent
    /// again without checking.
    #[error("adding images stopped short: {0}")]
    AddIncomplete(Box<AddReport>),

    /// Some calls of an [`Inventory::update`](crate::Inventory::update) failed. The
    /// [`InventoryUpdated`] holds the products the other calls updated, the SKUs that matched
    /// none, and for each failed call its SKUs and its error (updating is idempotent: they can
    /// be sent again).
    #[error("updating the virtual inventory stopped short: {0}")]
    InventoryUpdateIncomplete(Box<InventoryUpdated>),

    /// An [`Inventory::add_product`](crate::Inventory::add_product) whose outcome the lookup
    /// after it could not settle: FinerWorks reported success without naming the product, or
    /// the call's fate is unknown. The [`UnsettledProduct`] says what is known; nothing was sent
    /// again.
    #[error("adding a product was not settled: {0}")]
    ProductUnsettled(Box<UnsettledProduct>),
    /// Some orders of an [`Orders::submit`](crate::Orders::submit) were not placed. The
    /// [`SubmitReport`] says for each order whether it was placed, not placed, already at
    /// FinerWorks, or may or may not have been placed, with the evidence of the lookup by PO
    /// made for it: nothing is dropped silently, and no order is sent twice.
    #[error("submitting orders stopped short: {0}")]
    SubmitIncomplete(Box<SubmitReport>),

    /// [`Images::wait_until_listed`](crate::Images::wait_until_listed) ran out of time.
    #[error("{} image(s) still not listed after {waited:.1?}", missing.len())]
    NotListed {
        /// The GUIDs that were not listed yet.
        missing: Vec<uuid::Uuid>,
        /// How long it waited.
        waited: Duration,
    },

    /// The server redirected the call to another origin (another scheme, host or port), and the
    /// redirect was not followed: the API keys travel in headers, and would have gone along.
    /// Redirects within the API's origin are followed.
    #[error(
        "not following a redirect (http {http_status}) to {location}: it leads away from the API's \
         address, and the API keys would go along"
    )]
    Redirected {
        /// The HTTP status of the redirect.
        http_status: u16,
        /// Where it pointed (its `Location` header).
        location: String,
    },

    /// The call was stopped by the caller's interrupt (see
    /// [`AddImages::interrupt_on`](crate::AddImages::interrupt_on)) before its answer arrived.
    #[error("{}", if *.started {
        "interrupted while the call was in flight: its answer never arrived"
    } else {
        "interrupted before the call was sent"
    })]
    Interrupted {
        /// Whether the call had started: it may then have reached FinerWorks.
        started: bool,
    },

    /// An answer that decodes but cannot be right, such as fewer images than were added.
    #[error("unexpected answer to {operation}: {problem}")]
    UnexpectedResponse {
        /// The operation.
        operation: &'static str,
        /// What is wrong with the answer.
        problem: String,
    },

    /// Walking the pages could not go on without yielding an image twice or dropping some
    /// silently (for example the server ignores `page_number`).
    #[error("paging stopped: {0}")]
    Paging(PagingError),

    /// A listing reached its end, but the library changed while it was listed, so the walk
    /// cannot vouch that it holds every image (offset paging shifts under a changing library).
    /// It is the last item of [`ListImages::pages`](crate::ListImages::pages) and
    /// [`stream`](crate::ListImages::stream), after every page; from
    /// [`collect_all`](crate::ListImages::collect_all) it holds the images collected. See
    /// [`Incomplete`] for what was noticed, and
    /// [`ListImages::until_stable`](crate::ListImages::until_stable) for a walk that lists again
    /// until the library settles.
    #[error("{0}")]
    MayBeIncomplete(Box<Incomplete>),
}

/// Why a walk over the pages of a listing stopped (see [`Error::Paging`]).
///
/// Each variant names the page it happened on, counting from 1 as the API does.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PagingError {
    /// The page holds the same images as the page before, and so does the page before when
    /// read again: the server ignores `page_number`. (A library that grew by exactly one page
    /// between two pages repeats a page too, but the page before then holds other images.)
    #[error("page {page} holds the same images as page {}: the server seems to ignore page_number", .page - 1)]
    RepeatedPage {
        /// The repeated page.
        page: u32,
    },
    /// The page holds more images than the page size learned from the first pages.
    #[error(
        "page {page} holds {images} images where pages hold at most {page_size}: the page size \
         changed during the listing"
    )]
    PageSizeChanged {
        /// The page.
        page: u32,
        /// How many images it holds.
        images: usize,
        /// The page size the server used so far.
        page_size: u32,
    },
    /// A page before the last one is not full, yet a later page holds images: images were
    /// removed while the listing was read, and some would be skipped.
    #[error(
        "page {page} holds {images} of {page_size} images, yet page {later_page} is not empty: the \
         listing changed while it was read"
    )]
    ShortPageBeforeEnd {
        /// The short page.
        page: u32,
        /// How many images it holds.
        images: usize,
        /// The page size the server uses.
        page_size: u32,
        /// The later page that holds images.
        later_page: u32,
    },
    /// The walk reached its limit of pages without an end in sight (a server that never sends
    /// a short or empty page, and gives no usable `count`).
    #[error("gave up after {pages} pages without reaching the end of the listing")]
    TooManyPages {
        /// The limit that was reached.
        pages: u32,
    },
    /// The next page number is beyond what the API accepts (a .NET `int`).
    #[error("page {page} is the largest page number the API accepts, and the listing goes on")]
    PageNumberOverflow {
        /// The last page that could be asked for.
        page: u32,
    },
}

/// An error and its causes on one line: reqwest's own message ("error sending request for url")
/// says little without the cause below it ("connection refused").
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        let line = inner.to_string();
        if !text.contains(&line) {
            text.push_str(": ");
            text.push_str(&line);
        }
        cause = inner.source();
    }
    text
}

fn config_message(setting: Setting, origin: Origin, problem: &str) -> String {
    match origin {
        Origin::Unset => format!("missing setting {}: {problem}", setting.builder_method()),
        _ => format!(
            "invalid setting {}: {problem}",
            setting_name(setting, origin)
        ),
    }
}

/// ", fetching page N" for an error met while fetching a page of a listing.
fn page_text(page: Option<u32>) -> String {
    page.map_or_else(String::new, |page| format!(", fetching page {page}"))
}

fn retry_after_text(retry_after: Option<Duration>) -> String {
    retry_after.map_or_else(String::new, |d| format!(" (retry after {}s)", d.as_secs()))
}

impl Error {
    /// Whether trying again later may succeed: rate limits, timeouts, transport errors and the HTTP
    /// statuses 408, 429, 500, 502, 503 and 504.
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::RateLimited { .. } | Self::Timeout { .. } | Self::Transport { .. } => true,
            Self::Api(error) => is_retryable_status(error.http_status),
            _ => false,
        }
    }

    /// Whether the API keys were refused.
    #[must_use]
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, Self::Unauthorized(_))
    }

    /// Whether the error was found before anything was sent (a bad setting or request field).
    #[must_use]
    pub fn is_invalid_input(&self) -> bool {
        matches!(self, Self::Config { .. } | Self::InvalidRequest { .. })
    }

    /// Whether no response arrived in time.
    #[must_use]
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout { .. })
    }

    /// The HTTP status of the response, when there was one.
    #[must_use]
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Self::Unauthorized(e) | Self::Api(e) | Self::RateLimited { error: e, .. } => {
                Some(e.http_status)
            }
            Self::Decode(e) => Some(e.http_status),
            _ => None,
        }
    }

    /// FinerWorks' id for the failed call (32 hex digits), when the response had one. Quote it
    /// when asking FinerWorks for help.
    #[must_use]
    pub fn reference_id(&self) -> Option<&str> {
        match self {
            Self::Unauthorized(e) | Self::Api(e) | Self::RateLimited { error: e, .. } => {
                e.reference_id.as_deref()
            }
            _ => None,
        }
    }

    /// The API's error details, for [`Error::Unauthorized`], [`Error::Api`] and
    /// [`Error::RateLimited`].
    #[must_use]
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Self::Unauthorized(e) | Self::Api(e) | Self::RateLimited { error: e, .. } => Some(e),
            _ => None,
        }
    }

    /// The page of a listing whose fetch ended with this error, counting from 1, when the error
    /// came from [`ListImages::pages`](crate::ListImages::pages) or what is built on it
    /// ([`stream`](crate::ListImages::stream), [`collect_all`](crate::ListImages::collect_all));
    /// `None` for one page ([`ListImages::send`](crate::ListImages::send)), where the caller
    /// knows the page, and for lookups such as [`Images::get_many`](crate::Images::get_many).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use futures_util::TryStreamExt as _;
    /// # async fn run(client: finerworks::Client) {
    /// let mut images = client.images().list().stream();
    /// loop {
    ///     match images.try_next().await {
    ///         Ok(Some(image)) => println!("{:?}", image.title),
    ///         Ok(None) => break,
    ///         Err(finerworks::Error::Unauthorized(_)) => {
    ///             eprintln!("check the keys");
    ///             break;
    ///         }
    ///         Err(error) => {
    ///             eprintln!("page {:?} failed: {error}", error.page());
    ///             break;
    ///         }
    ///     }
    /// }
    /// # }
    /// ```
    #[must_use]
    pub fn page(&self) -> Option<u32> {
        match self {
            Self::Unauthorized(e) | Self::Api(e) | Self::RateLimited { error: e, .. } => e.page,
            Self::Decode(e) => e.page,
            Self::Timeout { page, .. } | Self::Transport { page, .. } => *page,
            _ => None,
        }
    }

    /// Whether a listing reached its end but may miss images, because the library changed
    /// while it was listed ([`Error::MayBeIncomplete`]).
    #[must_use]
    pub fn may_be_incomplete(&self) -> bool {
        matches!(self, Self::MayBeIncomplete(_))
    }

    /// The error with `page` as the page it met (see [`page`](Self::page)).
    pub(crate) fn at_page(mut self, at: Option<u32>) -> Self {
        match &mut self {
            Self::Unauthorized(e) | Self::Api(e) | Self::RateLimited { error: e, .. } => {
                e.page = at;
            }
            Self::Decode(e) => e.page = at,
            Self::Timeout { page, .. } | Self::Transport { page, .. } => *page = at,
            _ => {}
        }
        self
    }

    pub(crate) fn invalid(field: RequestField, rule: impl Into<String>) -> Self {
        Self::InvalidRequest {
            field,
            rule: rule.into(),
        }
    }

    pub(crate) fn config(setting: Setting, origin: Origin, problem: impl Into<String>) -> Self {
        Self::Config {
            setting,
            origin,
            problem: problem.into(),
        }
    }

    /// Records how many attempts a call made, once it ends with this error.
    pub(crate) fn after_attempts(mut self, made: u32, spent: Duration) -> Self {
        match &mut self {
            Self::Timeout {
                attempts, elapsed, ..
            } => {
                *attempts = made;
                *elapsed = spent;
            }
            Self::Transport { attempts, .. } => *attempts = made,
            Self::Unauthorized(e) | Self::Api(e) | Self::RateLimited { error: e, .. } => {
                e.attempts = made;
            }
            Self::Decode(e) => e.attempts = made,
            _ => {}
        }
        self
    }

    /// The wait the server asked for (`Retry-After`, sent with 429 and 503).
    pub(crate) fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited { retry_after, .. } => *retry_after,
            Self::Api(e) => e.retry_after,
            _ => None,
        }
    }
}

/// Whether an HTTP status is worth retrying for a read-only call.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

/// What FinerWorks said when a call failed.
///
/// Built from the ASP.NET error body (`Message`, `ModelState`) or, for HTTP 200 with
/// `success: false`, from the response's `status`. A body that is not JSON (an HTML error page)
/// is kept as a short excerpt.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status of the response.
    pub http_status: u16,
    /// `status.status_code` of a `success: false` response.
    pub status_code: Option<i32>,
    /// The message: `Message` of an error body or `status.message`.
    pub message: Option<String>,
    /// `status.reference_id`, FinerWorks' id for the call.
    pub reference_id: Option<String>,
    /// The offending fields and their errors (`ModelState`), sorted by field.
    pub model_state: BTreeMap<String, Vec<String>>,
    /// The start of a body that was not a JSON error body.
    pub body_excerpt: Option<String>,
    /// How long the server asked to wait (`Retry-After`), if it said.
    pub retry_after: Option<Duration>,
    /// How many attempts the call made before it ended with this answer.
    pub attempts: u32,
    /// `status.debug` of a `success: false` answer (diagnostic data of no published shape).
    pub debug: Option<serde_json::Value>,
    /// `status.domain` of a `success: false` answer.
    pub domain: Option<String>,
    /// The page of a listing being fetched, if it was one (see [`Error::page`]).
    pub page: Option<u32>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "http {}", self.http_status)?;
        if let Some(code) = self.status_code {
            write!(f, ", status code {code}")?;
        }
        let details: Vec<String> = self
            .model_state
            .iter()
            .map(|(field, errors)| format!("{field}: {}", errors.join("; ")))
            .collect();
        match (&self.message, details.is_empty()) {
            (Some(message), true) if !message.is_empty() => write!(f, ": {message}")?,
            (Some(message), false) if !message.is_empty() => {
                write!(f, ": {message} ({})", details.join(", "))?;
            }
            (_, false) => write!(f, ": {}", details.join(", "))?,
            _ => {}
        }
        if let Some(excerpt) = &self.body_excerpt {
            write!(f, ": body {excerpt:?}")?;
        }
        if let Some(id) = &self.reference_id {
            write!(f, " (reference id {id})")?;
        }
        if self.attempts > 1 {
            write!(f, " after {} attempts", self.attempts)?;
        }
        f.write_str(&page_text(self.page))
    }
}

/// A response body that does not match the contract.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status of the response.
    pub http_status: u16,
    /// The JSON path of the offending value, such as `images[3].date_added` (`.` for the body
    /// itself).
    pub path: String,
    /// What the decoder said.
    pub message: String,
    /// The body around the offending place (at most about 80 characters).
    pub excerpt: String,
    /// How many attempts the call made; the last one got this body.
    pub attempts: u32,
    /// The page of a listing being fetched, if it was one (see [`Error::page`]).
    pub page: Option<u32>,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot decode the response (http {}) at {}: {} (near {:?})",
            self.http_status, self.path, self.message, self.excerpt
        )?;
        if self.attempts > 1 {
            write!(f, " after {} attempts", self.attempts)?;
        }
        f.write_str(&page_text(self.page))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_one_lowercase_line_with_the_reference_id() {
        let error = Error::Api(Box::new(ApiError {
            http_status: 400,
            message: Some("The request is invalid.".into()),
            model_state: BTreeMap::from([(
                "request.per_page".to_string(),
                vec!["must be between 1 and 50".to_string()],
            )]),
            reference_id: Some("0123456789abcdef0123456789abcdef".into()),
            ..ApiError::default()
        }));
        assert_eq!(
            error.to_string(),
            "api error: http 400: The request is invalid. (request.per_page: must be between 1 \
             and 50) (reference id 0123456789abcdef0123456789abcdef)"
        );
        assert_eq!(
            error.reference_id(),
            Some("0123456789abcdef0123456789abcdef")
        );
        assert_eq!(error.http_status(), Some(400));
        assert!(!error.is_retryable());
    }

    #[test]
    fn rate_limits_say_how_long_to_wait() {
        let error = Error::RateLimited {
            retry_after: Some(Duration::from_secs(3)),
            error: Box::new(ApiError {
                http_status: 429,
                ..ApiError::default()
            }),
        };
        assert_eq!(error.to_string(), "rate limited (retry after 3s): http 429");
        assert!(error.is_retryable());
    }

    #[test]
    fn the_page_of_a_listing_is_an_attribute_of_the_error_not_a_wrapper() {
        let refused = Error::Unauthorized(Box::new(ApiError {
            http_status: 401,
            ..ApiError::default()
        }))
        .at_page(Some(2));
        assert!(matches!(refused, Error::Unauthorized(_)));
        assert!(refused.is_unauthorized());
        assert_eq!(refused.page(), Some(2));
        assert_eq!(
            refused.to_string(),
            "unauthorized: http 401, fetching page 2"
        );
        let lookup = refused.at_page(None);
        assert_eq!(lookup.page(), None);
        assert_eq!(lookup.to_string(), "unauthorized: http 401");
        let timeout = Error::Timeout {
            attempts: 2,
            elapsed: Duration::from_secs(3),
            page: None,
        }
        .at_page(Some(7));
        assert_eq!(
            timeout.to_string(),
            "request timed out after 2 attempt(s) (3.0s in all), fetching page 7"
        );
        assert!(timeout.is_timeout());
    }

    #[test]
    fn invalid_input_names_the_field_and_the_rule() {
        let error = Error::invalid(RequestField::PerPage, "must be between 1 and 50 (got 51)");
        assert_eq!(
            error.to_string(),
            "invalid request: per_page must be between 1 and 50 (got 51)"
        );
        assert!(error.is_invalid_input());
    }
}
