//! What a client is configured with, apart from its builder: the [`Environment`] (which API), the
//! [`Library`] (whose images), the API keys and the environment variables that set them.

use std::fmt;

use finerworks_api::limits::image_library::{SESSION_ID_MAX_LENGTH, SESSION_ID_MIN_LENGTH};
use finerworks_api::types::ImageLibrary;
use reqwest::Url;
use reqwest::header::HeaderValue;

use crate::LibraryName;
use crate::error::{Error, Result};
use crate::input::{Origin, RequestField, Setting};

/// The default number of requests a client has in flight at once (and so of pages fetched at
/// once by [`ListImages::pages`](crate::ListImages::pages)).
pub const DEFAULT_CONCURRENCY: usize = 4;
/// The most requests a client may have in flight at once.
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
    pub(crate) fn default_site_id(&self) -> i32 {
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
                let invalid =
                    |problem: String| Error::config(Setting::BaseUrl, Origin::Builder, problem);
                let url = Url::parse(text.trim()).map_err(|e| {
                    let hint = if matches!(e, url::ParseError::RelativeUrlWithoutBase) {
                        format!(" (did you mean `http://{}`?)", text.trim())
                    } else {
                        String::new()
                    };
                    invalid(format!(
                        "`{text}` is neither `production`, `test` nor a valid URL ({e}){hint}"
                    ))
                })?;
                if !matches!(url.scheme(), "http" | "https") {
                    return Err(invalid(format!("`{text}` must be an http or https URL")));
                }
                Ok(Self::Custom(url))
            }
        }
    }
}

/// The image library to read, and on whose behalf: the `library` object of every request.
///
/// A client has a default library ([`ClientBuilder::library`](crate::ClientBuilder::library)); a
/// request can override it ([`ListImages::library`](crate::ListImages::library)).
///
/// # Examples
///
/// ```
/// use finerworks::{Library, LibraryName};
///
/// let uploads = Library::new("my-session-0001", 2).with_name(LibraryName::Temporary);
/// assert_eq!(uploads.name, LibraryName::Temporary);
/// assert_eq!(uploads.session_id, "my-session-0001");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Library {
    /// Which library: [`LibraryName::Inventory`] (the default; assumed to be kept for good) or
    /// [`LibraryName::Temporary`] (a session's uploads).
    pub name: LibraryName,
    /// The session id (the API's limits apply: see
    /// [`limits::image_library`](crate::limits::image_library); checked when a request is built).
    pub session_id: String,
    /// The site id.
    pub site_id: i32,
    /// The account acted for, if not the key owner's (only if the app key may).
    pub account_key: Option<String>,
}

impl Library {
    /// The inventory library of the key owner, for a session id and a site id.
    #[must_use]
    pub fn new(session_id: impl Into<String>, site_id: i32) -> Self {
        Self {
            name: LibraryName::Inventory,
            session_id: session_id.into(),
            site_id,
            account_key: None,
        }
    }

    /// The same library, under another name: [`LibraryName::Inventory`] or
    /// [`LibraryName::Temporary`].
    #[must_use]
    pub fn with_name(mut self, name: LibraryName) -> Self {
        self.name = name;
        self
    }

    /// The same library, acting for another FinerWorks account (only if the app key may).
    #[must_use]
    pub fn with_account_key(mut self, account_key: impl Into<String>) -> Self {
        self.account_key = Some(account_key.into());
        self
    }

    /// `library` (or `default` when none is set) under the name `name`.
    pub(crate) fn named(library: Option<Library>, default: &Library, name: LibraryName) -> Self {
        library.unwrap_or_else(|| default.clone()).with_name(name)
    }

    /// The `library` object of a request, after checking the API's rules.
    pub(crate) fn to_request(&self) -> Result<ImageLibrary> {
        self.validate()?;
        let session_id = self.session_id.as_str().try_into().map_err(|e| {
            Error::invalid(RequestField::SessionId, format!("is not accepted: {e}"))
        })?;
        Ok(ImageLibrary {
            name: Some(self.name),
            session_id,
            site_id: self.site_id,
            account_key: self.account_key.clone(),
        })
    }

    /// Checks the session id rule of the API.
    pub(crate) fn validate(&self) -> Result<()> {
        let length = self.session_id.chars().count();
        if !(SESSION_ID_MIN_LENGTH..=SESSION_ID_MAX_LENGTH).contains(&length) {
            return Err(Error::invalid(
                RequestField::SessionId,
                format!(
                    "must be {SESSION_ID_MIN_LENGTH} to {SESSION_ID_MAX_LENGTH} characters long \
                     (got {length})"
                ),
            ));
        }
        Ok(())
    }
}

/// An API key: sent as a sensitive header, never shown by `Debug` or `Display`.
#[derive(Clone)]
pub(crate) struct ApiKey(HeaderValue);

impl ApiKey {
    pub(crate) fn parse(setting: Setting, origin: Origin, key: &str) -> Result<Self> {
        if key.trim().is_empty() {
            return Err(Error::config(setting, origin, "is empty"));
        }
        // Header values must be visible ASCII; say so without echoing the key.
        let invalid = || {
            Error::config(
                setting,
                origin,
                "is not a valid HTTP header value (use visible ASCII characters only)",
            )
        };
        let mut value = HeaderValue::from_str(key).map_err(|_| invalid())?;
        if key.bytes().any(|b| !b.is_ascii_graphic()) {
            return Err(invalid());
        }
        value.set_sensitive(true);
        Ok(Self(value))
    }

    pub(crate) fn header(&self) -> &HeaderValue {
        &self.0
    }

    /// The key as text, to redact it from what a server echoes back.
    pub(crate) fn text(&self) -> &str {
        // Checked to be visible ASCII when parsed.
        self.0.to_str().unwrap_or_default()
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A 32-hex-digit session id, unique enough to keep temporary uploads apart.
pub(crate) fn random_session_id() -> String {
    uuid::Uuid::from_u128(fastrand::u128(..))
        .simple()
        .to_string()
}
