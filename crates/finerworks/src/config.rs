//! Client configuration: [`ClientBuilder`], [`Environment`], [`Library`] and the environment variables.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::HeaderValue;

use crate::LibraryName;
use crate::client::{Client, Inner};
use crate::error::{Error, Result};
use crate::limiter::Limiter;
use crate::retry::RetryPolicy;

/// The FinerWorks web API key (environment variable).
pub const ENV_WEB_API_KEY: &str = "FINERWORKS_WEB_API_KEY";
/// The FinerWorks app key (environment variable).
pub const ENV_APP_KEY: &str = "FINERWORKS_APP_KEY";
/// A base URL, or an environment name: `production` or `test` (environment variable).
pub const ENV_BASE_URL: &str = "FINERWORKS_BASE_URL";
/// The default library's session id (environment variable).
pub const ENV_SESSION_ID: &str = "FINERWORKS_SESSION_ID";
/// The default library's site id (environment variable).
pub const ENV_SITE_ID: &str = "FINERWORKS_SITE_ID";

/// The default number of pages fetched at once by [`ListImages::pages`](crate::ListImages::pages).
pub const DEFAULT_CONCURRENCY: usize = 4;
/// The most pages that may be fetched at once.
pub const MAX_CONCURRENCY: usize = 64;

/// Which FinerWorks API to talk to.
///
/// # Examples
///
/// ```
/// use finerworks::Environment;
///
/// assert_eq!("test".parse::<Environment>()?, Environment::Test);
/// assert_eq!(Environment::Production.base_url().as_str(), "https://api.finerworks.com/");
/// let local: Environment = "http://127.0.0.1:8787".parse()?;
/// assert_eq!(local.base_url().port(), Some(8787));
/// # Ok::<(), finerworks::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Environment {
    /// `https://api.finerworks.com`: real orders, real money.
    Production,
    /// `https://test-api.finerworks.com`: the sandbox.
    Test,
    /// Any other base URL, such as a local [`finerworks-mock`](https://docs.rs/finerworks-mock).
    Custom(Url),
}

impl Environment {
    /// The base URL requests are sent to (the API paths are appended to it).
    #[must_use]
    pub fn base_url(&self) -> Url {
        match self {
            Self::Production => Url::parse("https://api.finerworks.com/").expect("valid URL"),
            Self::Test => Url::parse("https://test-api.finerworks.com/").expect("valid URL"),
            Self::Custom(url) => url.clone(),
        }
    }

    /// The site id to use when none is configured: 2 on the test API (as its docs say), 0 elsewhere
    /// (as in the production docs' example; FinerWorks assigns production site ids).
    fn default_site_id(&self) -> i32 {
        match self {
            Self::Test => 2,
            _ => 0,
        }
    }
}

impl std::str::FromStr for Environment {
    type Err = Error;

    /// `production` (or `prod`), `test` (or `sandbox`), or an `http(s)://` base URL.
    fn from_str(text: &str) -> Result<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "production" | "prod" => Ok(Self::Production),
            "test" | "sandbox" => Ok(Self::Test),
            _ => {
                let url = Url::parse(text.trim()).map_err(|e| {
                    Error::config(
                        "base_url",
                        format!("`{text}` is neither `production`, `test` nor a valid URL ({e})"),
                    )
                })?;
                if !matches!(url.scheme(), "http" | "https") {
                    return Err(Error::config(
                        "base_url",
                        format!("`{text}` must be an http or https URL"),
                    ));
                }
                Ok(Self::Custom(url))
            }
        }
    }
}

/// The image library to read, and on whose behalf: the `library` object of every request.
///
/// A client has a default library ([`ClientBuilder::library`]); a request can override it
/// ([`ListImages::library`](crate::ListImages::library)).
///
/// # Examples
///
/// ```
/// use finerworks::{Library, LibraryName};
///
/// let uploads = Library::new("my-session-0001", 2).name(LibraryName::Temporary);
/// assert_eq!(uploads.get_name(), LibraryName::Temporary);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Library {
    pub(crate) name: LibraryName,
    pub(crate) session_id: String,
    pub(crate) site_id: i32,
    pub(crate) account_key: Option<String>,
}

impl Library {
    /// The inventory library of the key owner, for a session id (8 to 50 characters, checked when
    /// a request is built) and a site id.
    #[must_use]
    pub fn new(session_id: impl Into<String>, site_id: i32) -> Self {
        Self {
            name: LibraryName::Inventory,
            session_id: session_id.into(),
            site_id,
            account_key: None,
        }
    }

    /// Which library: [`LibraryName::Inventory`] (permanent) or [`LibraryName::Temporary`]
    /// (a session's uploads).
    #[must_use]
    pub fn name(mut self, name: LibraryName) -> Self {
        self.name = name;
        self
    }

    /// Act for another FinerWorks account (only if the app key may).
    #[must_use]
    pub fn account_key(mut self, account_key: impl Into<String>) -> Self {
        self.account_key = Some(account_key.into());
        self
    }

    /// The library name.
    #[must_use]
    pub fn get_name(&self) -> LibraryName {
        self.name
    }

    /// The session id.
    #[must_use]
    pub fn get_session_id(&self) -> &str {
        &self.session_id
    }

    /// The site id.
    #[must_use]
    pub fn get_site_id(&self) -> i32 {
        self.site_id
    }

    /// The account acted for, if not the key owner's.
    #[must_use]
    pub fn get_account_key(&self) -> Option<&str> {
        self.account_key.as_deref()
    }

    /// Checks the session id rule of the API.
    pub(crate) fn validate(&self) -> Result<()> {
        let length = self.session_id.chars().count();
        if !(8..=50).contains(&length) {
            return Err(Error::invalid(
                "library.session_id",
                format!("must be 8 to 50 characters long (got {length})"),
            ));
        }
        Ok(())
    }
}

/// An API key: sent as a sensitive header, never shown by `Debug` or `Display`.
#[derive(Clone)]
pub(crate) struct ApiKey(HeaderValue);

impl ApiKey {
    fn parse(setting: &'static str, key: &str) -> Result<Self> {
        if key.trim().is_empty() {
            return Err(Error::config(setting, "is empty"));
        }
        // Header values must be visible ASCII; say so without echoing the key.
        let mut value = HeaderValue::from_str(key).map_err(|_| {
            Error::config(
                setting,
                "is not a valid HTTP header value (use visible ASCII characters only)",
            )
        })?;
        if key.bytes().any(|b| !b.is_ascii_graphic()) {
            return Err(Error::config(
                setting,
                "is not a valid HTTP header value (use visible ASCII characters only)",
            ));
        }
        value.set_sensitive(true);
        Ok(Self(value))
    }

    pub(crate) fn header(&self) -> &HeaderValue {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
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
///     .retry(RetryPolicy::default().max_attempts(6))
///     .concurrency(8)
///     .build()?;
/// # Ok::<(), finerworks::Error>(())
/// ```
#[derive(Default)]
#[must_use]
pub struct ClientBuilder {
    web_api_key: Option<String>,
    app_key: Option<String>,
    environment: Option<Environment>,
    allow_insecure_http: bool,
    session_id: Option<String>,
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
        let redacted = |key: &Option<String>| key.as_ref().map(|_| "<redacted>");
        f.debug_struct("ClientBuilder")
            .field("web_api_key", &redacted(&self.web_api_key))
            .field("app_key", &redacted(&self.app_key))
            .field("environment", &self.environment)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("session_id", &self.session_id)
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
        self.web_api_key = Some(key.into());
        self
    }

    /// The app key (required). Never shown by `Debug`, errors or logs.
    pub fn app_key(mut self, key: impl Into<String>) -> Self {
        self.app_key = Some(key.into());
        self
    }

    /// Which API: [`Environment::Production`] (the default), [`Environment::Test`] or a base URL.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = Some(environment);
        self
    }

    /// Shorthand for [`Environment::Custom`] with a base URL.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming `base_url` when `url` is not an http(s) URL.
    pub fn base_url(self, url: &str) -> Result<Self> {
        let environment = url.parse()?;
        Ok(self.environment(environment))
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
        self.session_id = Some(session_id.into());
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
        if let Some(key) = get(ENV_WEB_API_KEY) {
            self.web_api_key = Some(key);
        }
        if let Some(key) = get(ENV_APP_KEY) {
            self.app_key = Some(key);
        }
        if let Some(url) = get(ENV_BASE_URL) {
            let environment = url.parse::<Environment>().map_err(|error| match error {
                Error::Config { problem, .. } => Error::config(ENV_BASE_URL, problem),
                other => other,
            })?;
            self.environment = Some(environment);
        }
        if let Some(session_id) = get(ENV_SESSION_ID) {
            self.session_id = Some(session_id);
        }
        if let Some(site_id) = get(ENV_SITE_ID) {
            let parsed = site_id.trim().parse().map_err(|_| {
                Error::config(ENV_SITE_ID, format!("`{site_id}` is not a whole number"))
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
    /// that is not a valid header value, plain http to a non-loopback host, a concurrency outside
    /// 1..=64, or a TLS backend that cannot start.
    pub fn build(self) -> Result<Client> {
        let missing = |what: &'static str, env: &str, method: &str| {
            Error::config(
                what,
                format!("is missing (set {env} or call ClientBuilder::{method})"),
            )
        };
        let web_api_key = self
            .web_api_key
            .as_deref()
            .ok_or_else(|| missing("web_api_key", ENV_WEB_API_KEY, "web_api_key"))?;
        let web_api_key = ApiKey::parse("web_api_key", web_api_key)?;
        let app_key = self
            .app_key
            .as_deref()
            .ok_or_else(|| missing("app_key", ENV_APP_KEY, "app_key"))?;
        let app_key = ApiKey::parse("app_key", app_key)?;

        let environment = self.environment.unwrap_or(Environment::Production);
        let base_url = environment.base_url();
        check_base_url(&base_url, self.allow_insecure_http)?;

        let library = match self.library {
            Some(library) => library,
            None => Library::new(
                self.session_id.unwrap_or_else(random_session_id),
                self.site_id
                    .unwrap_or_else(|| environment.default_site_id()),
            ),
        };
        library.validate().map_err(|error| match error {
            Error::InvalidRequest { rule, .. } => Error::config("session_id", rule),
            other => other,
        })?;

        let concurrency = self.concurrency.unwrap_or(DEFAULT_CONCURRENCY);
        if !(1..=MAX_CONCURRENCY).contains(&concurrency) {
            return Err(Error::config(
                "concurrency",
                format!("must be between 1 and {MAX_CONCURRENCY} (got {concurrency})"),
            ));
        }

        let own_agent = concat!("finerworks-rs/", env!("CARGO_PKG_VERSION"));
        let user_agent = match self.user_agent {
            Some(product) => format!("{product} {own_agent}"),
            None => own_agent.to_string(),
        };
        let user_agent = HeaderValue::from_str(&user_agent)
            .map_err(|_| Error::config("user_agent", "is not a valid HTTP header value"))?;

        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout.unwrap_or(Duration::from_secs(10)))
                .build()
                .map_err(|e| Error::config("http_client", format!("cannot start: {e}")))?,
        };

        let api_base = base_url.as_str().trim_end_matches('/').to_string();
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                list_images_url: format!("{api_base}/v3/list_images"),
                environment,
                web_api_key,
                app_key,
                user_agent,
                library,
                timeout: self.timeout.unwrap_or(Duration::from_secs(30)),
                retry: self.retry.unwrap_or_default(),
                concurrency,
                limiter: Limiter::new(concurrency),
            }),
        })
    }
}

/// A base URL is a scheme, a host and maybe a path: the API's paths are appended to it, so a
/// query string or a fragment would end up before them (`/?token=1/v3/list_images`).
///
/// Plain http sends the keys in the clear: allowed for loopback, or when explicitly asked for.
fn check_base_url(url: &Url, allow_insecure_http: bool) -> Result<()> {
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(
            "base_url",
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
            "base_url",
            format!(
                "`{url}` uses plain http to a host that is not loopback; use https or \
                 ClientBuilder::allow_insecure_http(true)"
            ),
        ))
    }
}

/// A 32-hex-digit session id, unique enough to keep temporary uploads apart.
fn random_session_id() -> String {
    uuid::Uuid::from_u128(fastrand::u128(..))
        .simple()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builder() -> ClientBuilder {
        ClientBuilder::default()
            .web_api_key("web-key-1")
            .app_key("app-key-1")
    }

    #[test]
    fn missing_keys_name_the_setting_and_the_variable() {
        let error = ClientBuilder::default().app_key("x").build().unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid setting web_api_key: is missing (set FINERWORKS_WEB_API_KEY or call \
             ClientBuilder::web_api_key)"
        );
        let error = ClientBuilder::default()
            .web_api_key("x")
            .build()
            .unwrap_err();
        assert!(error.to_string().contains("FINERWORKS_APP_KEY"), "{error}");
    }

    #[test]
    fn a_key_that_is_not_a_header_value_is_refused_without_echoing_it() {
        let error = builder().app_key("secret\nvalue").build().unwrap_err();
        let text = error.to_string();
        assert!(text.starts_with("invalid setting app_key: is not a valid HTTP header value"));
        assert!(!text.contains("secret") && !format!("{error:?}").contains("secret"));
    }

    #[test]
    fn plain_http_only_to_loopback() {
        assert!(
            builder()
                .base_url("http://127.0.0.1:9/")
                .unwrap()
                .build()
                .is_ok()
        );
        assert!(
            builder()
                .base_url("http://localhost:9")
                .unwrap()
                .build()
                .is_ok()
        );
        let error = builder()
            .base_url("http://example.com")
            .unwrap()
            .build()
            .unwrap_err();
        assert!(error.to_string().contains("allow_insecure_http"), "{error}");
        let client = builder()
            .base_url("http://example.com")
            .unwrap()
            .allow_insecure_http(true)
            .build();
        assert!(client.is_ok());
        assert!(builder().base_url("ftp://example.com").is_err());
    }

    #[test]
    fn a_base_url_with_a_query_or_fragment_is_refused() {
        for url in ["http://127.0.0.1:9/?token=1", "http://127.0.0.1:9/#top"] {
            let error = builder().base_url(url).unwrap().build().unwrap_err();
            assert!(
                matches!(
                    &error,
                    Error::Config {
                        setting: "base_url",
                        ..
                    }
                ),
                "{error}"
            );
            assert!(
                error.to_string().contains("query string or a fragment"),
                "{error}"
            );
        }
        assert!(
            builder()
                .base_url("http://127.0.0.1:9/proxy/")
                .unwrap()
                .build()
                .is_ok()
        );
    }

    #[test]
    fn session_ids_follow_the_api_rule() {
        let error = builder().session_id("short").build().unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid setting session_id: must be 8 to 50 characters long (got 5)"
        );
        let client = builder().build().unwrap();
        assert_eq!(client.default_library().get_session_id().len(), 32);
    }

    #[test]
    fn the_site_id_defaults_by_environment() {
        let test = builder().environment(Environment::Test).build().unwrap();
        assert_eq!(test.default_library().get_site_id(), 2);
        let production = builder().build().unwrap();
        assert_eq!(production.default_library().get_site_id(), 0);
    }

    #[test]
    fn environment_variables_apply_and_malformed_ones_are_named() {
        let vars = |name: &str| match name {
            ENV_WEB_API_KEY => Some("w".repeat(10)),
            ENV_APP_KEY => Some("a".repeat(10)),
            ENV_BASE_URL => Some("test".to_string()),
            ENV_SESSION_ID => Some("session-from-env".to_string()),
            ENV_SITE_ID => Some("7".to_string()),
            _ => None,
        };
        let client = ClientBuilder::default()
            .apply_env_from(vars)
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(client.environment(), &Environment::Test);
        assert_eq!(
            client.default_library().get_session_id(),
            "session-from-env"
        );
        assert_eq!(client.default_library().get_site_id(), 7);

        let error = ClientBuilder::default()
            .apply_env_from(|name| (name == ENV_BASE_URL).then(|| "not a url".to_string()))
            .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid setting FINERWORKS_BASE_URL:"),
            "{error}"
        );
    }

    #[test]
    fn concurrency_is_bounded() {
        assert!(builder().concurrency(0).build().is_err());
        assert!(builder().concurrency(65).build().is_err());
        assert!(builder().concurrency(64).build().is_ok());
    }

    #[test]
    fn debug_output_never_shows_the_keys() {
        let builder = builder();
        let client = ClientBuilder::default()
            .web_api_key("web-key-1")
            .app_key("app-key-1")
            .build()
            .unwrap();
        for text in [format!("{builder:?}"), format!("{client:?}")] {
            assert!(
                !text.contains("web-key-1") && !text.contains("app-key-1"),
                "{text}"
            );
        }
    }
}
