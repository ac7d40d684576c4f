//! [`Client`]: the entry point, cheap to clone and shared across tasks.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use crate::config::{ApiKey, ClientBuilder, Environment, Library};
use crate::error::Result;
use crate::images::ListImages;
use crate::limiter::Limiter;
use crate::retry::RetryPolicy;

/// A FinerWorks API client.
///
/// Cloning is cheap (one `Arc`), and clones share one connection pool and configuration, so make one
/// client and pass clones to every task. `Client` is `Send + Sync`.
///
/// # Examples
///
/// ```no_run
/// # async fn run() -> Result<(), finerworks::Error> {
/// let client = finerworks::Client::from_env()?;
/// let page = client.images().search_filter("sunset").per_page(20).send().await?;
/// for image in &page.images {
///     println!("{}", image.title.as_deref().unwrap_or("(untitled)"));
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

/// What every clone of a client shares.
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) list_images_url: String,
    pub(crate) environment: Environment,
    pub(crate) web_api_key: ApiKey,
    pub(crate) app_key: ApiKey,
    pub(crate) user_agent: HeaderValue,
    pub(crate) library: Library,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) concurrency: usize,
    /// The requests in flight, at most `concurrency`; fewer while the API rate-limits.
    pub(crate) limiter: Limiter,
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the `FINERWORKS_*` environment variables alone (see
    /// [`ClientBuilder::apply_env`]).
    ///
    /// # Errors
    ///
    /// [`Error::Config`](crate::Error::Config) naming the variable that is missing or malformed.
    pub fn from_env() -> Result<Self> {
        Self::builder().apply_env()?.build()
    }

    /// Lists images: returns a request builder for `POST /v3/list_images`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use finerworks::{SortDirection, SortField};
    /// # async fn run(client: finerworks::Client) -> Result<(), finerworks::Error> {
    /// let newest = client
    ///     .images()
    ///     .sort_field(SortField::DateAdded)
    ///     .sort_direction(SortDirection::Desc)
    ///     .per_page(5)
    ///     .send()
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn images(&self) -> ListImages {
        ListImages::new(self.clone())
    }

    /// The API this client talks to.
    #[must_use]
    pub fn environment(&self) -> &Environment {
        &self.inner.environment
    }

    /// The library used by requests that do not name one.
    #[must_use]
    pub fn default_library(&self) -> &Library {
        &self.inner.library
    }

    /// The most requests this client and its clones have in flight at once; pages of a listing
    /// are fetched this many at a time. While the API answers 429 the client sends fewer (see
    /// [`ClientBuilder::concurrency`](crate::ClientBuilder::concurrency)).
    #[must_use]
    pub fn concurrency(&self) -> usize {
        self.inner.concurrency
    }

    /// How failed calls are retried.
    #[must_use]
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("url", &inner.list_images_url)
            .field("web_api_key", &inner.web_api_key)
            .field("app_key", &inner.app_key)
            .field("library", &inner.library)
            .field("timeout", &inner.timeout)
            .field("retry", &inner.retry)
            .field("concurrency", &inner.concurrency)
            .finish_non_exhaustive()
    }
}
