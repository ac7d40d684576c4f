//! [`Client`], the entry point, cheap to clone and shared across tasks, and [`ClientBuilder`],
//! which checks every setting and makes one.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use finerworks_api::OperationInfo;
use reqwest::Url;
use reqwest::header::HeaderValue;

use crate::error::{Error, Result};
use crate::exchange::{self, Connection};
use crate::images::Images;
use crate::input::{
    ENV_APP_KEY, ENV_BASE_URL, ENV_SESSION_ID, ENV_SITE_ID, ENV_WEB_API_KEY, Origin, Setting,
};
use crate::limiter::Limiter;
use crate::operations;
use crate::raw::RawCall;
use crate::redact::Redactor;
use crate::retry::RetryPolicy;
use crate::settings::{
    ApiKey, DEFAULT_CONCURRENCY, Environment, Library, MAX_CONCURRENCY, random_session_id,
};

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
/// let page = client.images().list().search_filter("sunset").per_page(20).send().await?;
/// for image in &page.items {
///     println!("{}", image.title.as_deref().unwrap_or("(untitled)"));
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Connection>,
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

    /// The image library: list, look up, add, update and delete images.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use finerworks::{SortDirection, SortField};
    /// # async fn run(client: finerworks::Client) -> Result<(), finerworks::Error> {
    /// let newest = client
    ///     .images()
    ///     .list()
    ///     .sort_field(SortField::DateAdded)
    ///     .sort_direction(SortDirection::Desc)
    ///     .per_page(5)
    ///     .send()
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn images(&self) -> Images {
        Images::new(Arc::clone(&self.inner))
    }

    /// The catalog: product and style types, product details and prices.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: finerworks::Client) -> Result<(), finerworks::Error> {
    /// let prices = client.catalog().prices(["AP1234P", "AP5678C"]).send().await?;
    /// println!("{:.2}", prices.total);
    /// # Ok(())
    /// # }
    /// ```
    pub fn catalog(&self) -> crate::Catalog {
        crate::Catalog::new(Arc::clone(&self.inner))
    }

    /// The virtual inventory: the products made from the images of the inventory library, to
    /// list, update by SKU, or add to (see [`Inventory`](crate::Inventory) for an example).
    pub fn inventory(&self) -> crate::Inventory {
        crate::Inventory::new(Arc::clone(&self.inner))
    }

    /// The orders: shipping options, submissions that never place an order twice, status by id
    /// or PO, hold, cancel and release, pending orders.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: finerworks::Client) -> Result<(), finerworks::Error> {
    /// for definition in client.orders().status_definitions().send().await? {
    ///     println!("{:?} {:?}", definition.order_status_id, definition.order_status_label);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn orders(&self) -> crate::Orders {
        crate::Orders::new(Arc::clone(&self.inner))
    }

    /// Checks that FinerWorks accepts the keys (`GET /v3/test_my_credentials`): the first call to
    /// make with new keys.
    ///
    /// # Errors
    ///
    /// [`Error::Unauthorized`] when FinerWorks refuses the keys; otherwise whatever the call ends
    /// with (see [`Error`]).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: finerworks::Client) {
    /// match client.test_credentials().await {
    ///     Ok(()) => println!("the keys work"),
    ///     Err(error) if error.is_unauthorized() => eprintln!("wrong keys"),
    ///     Err(error) => eprintln!("could not tell: {error}"),
    /// }
    /// # }
    /// ```
    pub fn test_credentials(&self) -> TestCredentials {
        TestCredentials {
            connection: Arc::clone(&self.inner),
        }
    }

    /// Any operation of the spec, with a JSON body, answered with the JSON FinerWorks sent: for
    /// what the typed calls do not cover. See [`RawCall`] for what is checked before sending
    /// (the body against the operation's request schema), the library filled in, and how the
    /// answer is read. The call goes through the same exchange as the typed ones: it is retried
    /// only as far as the operation's idempotency allows, and fails with the same errors.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use finerworks::OperationInfo;
    /// # async fn run(client: finerworks::Client) -> Result<(), finerworks::Error> {
    /// let test = OperationInfo::find("test_my_credentials").expect("an operation of the spec");
    /// let answer = client.call_raw(test, None).await?;
    /// assert_eq!(answer["status"]["success"], true);
    /// # Ok(())
    /// # }
    /// ```
    pub fn call_raw(&self, operation: &OperationInfo, body: Option<serde_json::Value>) -> RawCall {
        RawCall::new(Arc::clone(&self.inner), *operation, body)
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
        f.debug_struct("Client")
            .field("connection", &self.inner)
            .finish()
    }
}

/// Builds a [`Client`]. Made by [`Client::builder`].
///
/// Every setting has a default except the two API keys. Settings can come from code, from the
/// environment ([`ClientBuilder::apply_env`]) or both; the last call wins.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use finerworks::{Client, Environment, Library, RetryPolicy};
///
/// let client = Client::builder()
///     .web_api_key("my-web-api-key")
///     .app_key("my-app-key")
///     .environment(Environment::Test)
///     .library(Library::new("a-session-id-of-mine", 2))
///     .timeout(Duration::from_secs(20))
///     .retry(RetryPolicy::default().with_max_attempts(6))
///     .concurrency(8)
///     .build()?;
/// # Ok::<(), finerworks::Error>(())
/// ```
#[derive(Default)]
#[must_use]
pub struct ClientBuilder {
    web_api_key: Option<(String, Origin)>,
    app_key: Option<(String, Origin)>,
    /// The environment, or the base URL text as given (checked by `build`).
    environment: Option<(Result<Environment>, Origin)>,
    allow_insecure_http: bool,
    session_id: Option<(String, Origin)>,
    site_id: Option<i32>,
    library: Option<Library>,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    concurrency: Option<usize>,
    user_agent: Option<String>,
    http_client: Option<reqwest::Client>,
}

// The keys are plain `String`s until `build`; keep them out of `Debug` all the same.
impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |key: &Option<(String, Origin)>| key.as_ref().map(|_| "<redacted>");
        f.debug_struct("ClientBuilder")
            .field("web_api_key", &redacted(&self.web_api_key))
            .field("app_key", &redacted(&self.app_key))
            .field(
                "environment",
                &self
                    .environment
                    .as_ref()
                    .map(|(environment, _)| environment),
            )
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("session_id", &self.session_id.as_ref().map(|(id, _)| id))
            .field("site_id", &self.site_id)
            .field("library", &self.library)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("concurrency", &self.concurrency)
            .field("user_agent", &self.user_agent)
            .field(
                "http_client",
                &self.http_client.as_ref().map(|_| "<custom>"),
            )
            .finish()
    }
}

impl ClientBuilder {
    /// The web API key (required). Never shown by `Debug`, errors or logs.
    pub fn web_api_key(mut self, key: impl Into<String>) -> Self {
        self.web_api_key = Some((key.into(), Origin::Builder));
        self
    }

    /// The app key (required). Never shown by `Debug`, errors or logs.
    pub fn app_key(mut self, key: impl Into<String>) -> Self {
        self.app_key = Some((key.into(), Origin::Builder));
        self
    }

    /// Which API: [`Environment::Production`] (the default), [`Environment::Test`] or a base URL.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = Some((Ok(environment), Origin::Builder));
        self
    }

    /// Shorthand for [`Environment::Custom`] with a base URL such as `http://127.0.0.1:8787`
    /// (or `production`, `test`). A URL that is not one is reported by [`build`](Self::build).
    pub fn base_url(mut self, url: impl AsRef<str>) -> Self {
        self.environment = Some((url.as_ref().parse(), Origin::Builder));
        self
    }

    /// Allow plain `http://` to hosts other than loopback (keys would travel unencrypted).
    /// Loopback addresses, such as a local mock, are always allowed.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// The default library for every request. Overrides [`session_id`](Self::session_id) and
    /// [`site_id`](Self::site_id).
    pub fn library(mut self, library: Library) -> Self {
        self.library = Some(library);
        self
    }

    /// The default library's session id (8 to 50 characters). Without one, the client makes up a
    /// random 32-character id, as FinerWorks suggests, and uses it for its lifetime.
    pub fn session_id(mut self, session_id: impl Into<String>) -> Self {
        self.session_id = Some((session_id.into(), Origin::Builder));
        self
    }

    /// The default library's site id. Defaults to 2 on the test API, 0 elsewhere.
    pub fn site_id(mut self, site_id: i32) -> Self {
        self.site_id = Some(site_id);
        self
    }

    /// The time allowed to connect (default 10 s). Ignored with [`http_client`](Self::http_client).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The time allowed for one attempt, from sending to the end of the body (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How failed calls are retried (default: [`RetryPolicy::default`]); [`RetryPolicy::none`]
    /// turns retries off.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The most requests the client and its clones have in flight at once (1 to 64; default 4):
    /// [`ListImages::pages`](crate::ListImages::pages) and
    /// [`ListImages::stream`](crate::ListImages::stream) fetch this many pages at a time, and
    /// other calls wait their turn.
    ///
    /// When the API answers HTTP 429 the client halves the number (once per round of requests,
    /// down to 1) and raises it by one after each window of as many successes, back up to this
    /// value: under a rate limit a listing slows down instead of failing.
    pub fn concurrency(mut self, pages: usize) -> Self {
        self.concurrency = Some(pages);
        self
    }

    /// Your application's name and version, sent before this crate's own in `User-Agent`
    /// (`myapp/1.2 finerworks-rs/0.1.0`).
    pub fn user_agent(mut self, product: impl Into<String>) -> Self {
        self.user_agent = Some(product.into());
        self
    }

    /// Use this `reqwest::Client` (its pool, proxy and TLS settings) instead of building one.
    /// The keys, user agent and per-attempt timeout are still set on every request.
    ///
    /// **Build it with a redirect policy that never leaves the API's origin**, such as
    /// `reqwest::redirect::Policy::none()`: the keys are headers of their own, which reqwest's
    /// default policy carries along to any host a redirect names. The client this crate builds
    /// follows redirects within the API's origin only, and reports any other as
    /// [`Error::Redirected`]; it cannot change the policy of a client given here.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Reads the `FINERWORKS_*` environment variables: [`ENV_WEB_API_KEY`], [`ENV_APP_KEY`],
    /// [`ENV_BASE_URL`] (a URL or `production`/`test`), [`ENV_SESSION_ID`] and [`ENV_SITE_ID`].
    /// Unset or empty variables leave the setting as it was.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the variable when one is set but malformed.
    pub fn apply_env(self) -> Result<Self> {
        self.apply_env_from(|name| std::env::var(name).ok())
    }

    /// Like [`apply_env`](Self::apply_env), reading variables through `lookup` (for tests, or
    /// another source of settings).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the variable when one is set but malformed.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use finerworks::Client;
    ///
    /// let vars = HashMap::from([
    ///     ("FINERWORKS_WEB_API_KEY", "k1"),
    ///     ("FINERWORKS_APP_KEY", "k2"),
    ///     ("FINERWORKS_BASE_URL", "test"),
    ///     ("FINERWORKS_SITE_ID", "two"),
    /// ]);
    /// let error = Client::builder()
    ///     .apply_env_from(|name| vars.get(name).map(|v| v.to_string()))
    ///     .unwrap_err();
    /// assert_eq!(error.to_string(), "invalid setting FINERWORKS_SITE_ID: `two` is not a whole number");
    /// ```
    pub fn apply_env_from(mut self, lookup: impl Fn(&str) -> Option<String>) -> Result<Self> {
        let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let from_env = Origin::Environment;
        if let Some(key) = get(ENV_WEB_API_KEY) {
            self.web_api_key = Some((key, from_env));
        }
        if let Some(key) = get(ENV_APP_KEY) {
            self.app_key = Some((key, from_env));
        }
        if let Some(url) = get(ENV_BASE_URL) {
            let environment = url.parse::<Environment>().map_err(|error| match error {
                Error::Config { problem, .. } => Error::config(Setting::BaseUrl, from_env, problem),
                other => other,
            })?;
            self.environment = Some((Ok(environment), from_env));
        }
        if let Some(session_id) = get(ENV_SESSION_ID) {
            self.session_id = Some((session_id, from_env));
        }
        if let Some(site_id) = get(ENV_SITE_ID) {
            let parsed = site_id.trim().parse().map_err(|_| {
                Error::config(
                    Setting::SiteId,
                    from_env,
                    format!("`{site_id}` is not a whole number"),
                )
            })?;
            self.site_id = Some(parsed);
        }
        Ok(self)
    }

    /// Checks every setting and builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the setting that is missing or malformed: a missing key, a key
    /// that is not a valid header value, a base URL that is not an http(s) URL (or has a query
    /// string), plain http to a non-loopback host, a session id outside the API's limits, a
    /// concurrency outside 1..=64, or a TLS backend that cannot start.
    pub fn build(self) -> Result<Client> {
        let key = |value: Option<(String, Origin)>, setting: Setting| match value {
            Some((key, origin)) => ApiKey::parse(setting, origin, &key),
            None => Err(Error::config(
                setting,
                Origin::Unset,
                format!(
                    "set {} or call ClientBuilder::{}",
                    setting.env_var().unwrap_or_default(),
                    setting.builder_method()
                ),
            )),
        };
        let web_api_key = key(self.web_api_key, Setting::WebApiKey)?;
        let app_key = key(self.app_key, Setting::AppKey)?;

        let (environment, origin) = match self.environment {
            Some((environment, origin)) => (environment?, origin),
            None => (Environment::Production, Origin::Unset),
        };
        let base_url = environment.base_url();
        check_base_url(&base_url, origin, self.allow_insecure_http)?;

        let library = match self.library {
            Some(library) => {
                library
                    .validate()
                    .map_err(|error| as_setting(error, Origin::Builder))?;
                library
            }
            None => {
                let (session_id, origin) = self
                    .session_id
                    .unwrap_or_else(|| (random_session_id(), Origin::Unset));
                let site_id = self
                    .site_id
                    .unwrap_or_else(|| environment.default_site_id());
                let library = Library::new(session_id, site_id);
                library
                    .validate()
                    .map_err(|error| as_setting(error, origin))?;
                library
            }
        };

        let concurrency = self.concurrency.unwrap_or(DEFAULT_CONCURRENCY);
        if !(1..=MAX_CONCURRENCY).contains(&concurrency) {
            return Err(Error::config(
                Setting::Concurrency,
                Origin::Builder,
                format!("must be between 1 and {MAX_CONCURRENCY} (got {concurrency})"),
            ));
        }

        let own_agent = concat!("finerworks-rs/", env!("CARGO_PKG_VERSION"));
        let user_agent = match self.user_agent {
            Some(product) => format!("{product} {own_agent}"),
            None => own_agent.to_string(),
        };
        let user_agent = HeaderValue::from_str(&user_agent).map_err(|_| {
            Error::config(
                Setting::UserAgent,
                Origin::Builder,
                "is not a valid HTTP header value",
            )
        })?;

        let redactor = Redactor::new([web_api_key.text(), app_key.text()]);
        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout.unwrap_or(Duration::from_secs(10)))
                .redirect(same_origin_redirects())
                .build()
                .map_err(|e| {
                    Error::config(
                        Setting::HttpClient,
                        Origin::Builder,
                        format!("cannot start: {e}"),
                    )
                })?,
        };

        Ok(Client {
            inner: Arc::new(Connection {
                http,
                base: base_url.as_str().trim_end_matches('/').to_string(),
                environment,
                web_api_key,
                app_key,
                user_agent,
                library,
                timeout: self.timeout.unwrap_or(Duration::from_secs(30)),
                retry: self.retry.unwrap_or_default(),
                concurrency,
                limiter: Limiter::new(concurrency),
                redactor,
                body_forms: crate::catalog::BodyForms::default(),
            }),
        })
    }
}

/// The call testing the keys, made by [`Client::test_credentials`]; send it with
/// [`send`](Self::send), or await it.
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct TestCredentials {
    connection: Arc<Connection>,
}

impl TestCredentials {
    /// Sends `GET /v3/test_my_credentials`: `Ok(())` when FinerWorks accepts the keys.
    ///
    /// # Errors
    ///
    /// [`Error::Unauthorized`] when FinerWorks refuses the keys; otherwise whatever the call
    /// ends with.
    pub async fn send(self) -> Result<()> {
        exchange::call::<operations::TestMyCredentials>(&self.connection, &(), None).await?;
        Ok(())
    }
}

/// How many redirects within the API's origin one call follows.
const MAX_REDIRECTS: usize = 5;

/// Redirects are followed within the origin of the first request only (the same scheme, host
/// and port; so never from https to http): the API keys are headers of their own, which reqwest
/// would carry to any host. Any other redirect comes back as the 3xx answer, which the exchange
/// reports as [`Error::Redirected`].
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if !same_origin {
            attempt.stop()
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
        } else {
            attempt.follow()
        }
    })
}

/// A library's session id that breaks the API's rule is a setting error when it is the
/// client's default library.
fn as_setting(error: Error, origin: Origin) -> Error {
    match error {
        Error::InvalidRequest { rule, .. } => Error::config(Setting::SessionId, origin, rule),
        other => other,
    }
}

/// A base URL is a scheme, a host and maybe a path: the API's paths are appended to it, so a
/// query string or a fragment would end up before them (`/?token=1/v3/list_images`).
///
/// Plain http sends the keys in the clear: allowed for loopback, or when explicitly asked for.
fn check_base_url(url: &Url, origin: Origin, allow_insecure_http: bool) -> Result<()> {
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(
            Setting::BaseUrl,
            origin,
            format!(
                "`{url}` has a query string or a fragment; give only the scheme, host and path"
            ),
        ));
    }
    if url.scheme() == "https" || allow_insecure_http {
        return Ok(());
    }
    let loopback = match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    if loopback {
        Ok(())
    } else {
        Err(Error::config(
            Setting::BaseUrl,
            origin,
            format!(
                "`{url}` uses plain http to a host that is not loopback; use https or \
                 ClientBuilder::allow_insecure_http(true)"
            ),
        ))
    }
}

#[cfg(test)]
mod tests;
