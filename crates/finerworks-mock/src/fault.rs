//! [`Fault`]: the failures the mock can act out, and how the `--fault` flag spells them (their
//! runtime control is [`crate::Faults`]).

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// A failure the mock acts out instead of (or before) answering a request for an operation.
///
/// A fault replaces the operation: an `add_images`, `update_images`, `delete_images` or a
/// submission of orders that meets one changes nothing, except [`Fault::Stall`], which then
/// answers (and changes) as usual, and the failures after the fact
/// ([`Fault::InternalServerErrorAfter`], [`Fault::DropConnectionAfter`], [`Fault::StallAfter`]),
/// which let the operation act first, as a real timeout would ([`Fault::acts`]).
///
/// Each kind is something a client meets in the wild: FinerWorks' own error bodies, pages from
/// the web server in front of it, broken bodies, and network trouble.
///
/// A fault is parsed from the text the `finerworks-mock` binary takes with `--fault`: `500`,
/// `502`, `503` or `503=SECS`, `504`, `429` or `429=SECS` (`Retry-After` 1 s unless given),
/// `unsuccessful`, `malformed`, `truncated`, `html`, `drop`, `stall` or `stall=MS` (30 s unless
/// given), and the failures after the fact `500-after`, `drop-after`, `stall-after` or
/// `stall-after=MS`; and displayed the same way.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use finerworks_mock::Fault;
///
/// assert_eq!(
///     "503=0".parse(),
///     Ok(Fault::ServiceUnavailable { retry_after: Duration::ZERO })
/// );
/// assert_eq!(
///     "429=2".parse(),
///     Ok(Fault::TooManyRequests { retry_after: Duration::from_secs(2) })
/// );
/// assert_eq!("stall=250".parse(), Ok(Fault::Stall(Duration::from_millis(250))));
/// assert_eq!(Fault::Stall(Duration::from_millis(250)).to_string(), "stall=250");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// HTTP 500 with ASP.NET's `{"Message":"An error has occurred."}`.
    InternalServerError,
    /// HTTP 502 with an HTML page from the web server in front of the API.
    BadGateway,
    /// HTTP 503 with `Retry-After` in whole seconds (rounded up; zero is allowed) and an HTML
    /// page. `Duration::from_secs(1)` is what a web server in front of FinerWorks typically
    /// sends (and what `"503".parse()` gives); `Duration::ZERO` lets a client that honours
    /// `Retry-After` retry at once, for fast tests.
    ServiceUnavailable {
        /// How long the client is told to wait.
        retry_after: Duration,
    },
    /// HTTP 504 with an HTML page.
    GatewayTimeout,
    /// HTTP 429 with `Retry-After` in whole seconds (rounded up; zero is allowed).
    TooManyRequests {
        /// How long the client is told to wait.
        retry_after: Duration,
    },
    /// HTTP 200 whose `status` reports a failure: `success: false`, `status_code: 500`, a message
    /// and a `reference_id`.
    Unsuccessful,
    /// HTTP 200 with a JSON content type and a body that is not JSON.
    MalformedJson,
    /// HTTP 200 with the first half of a valid response: a `Content-Length` that matches the bytes
    /// sent, and a body that ends in the middle of the JSON.
    TruncatedBody,
    /// HTTP 500 with an IIS-style HTML error page (`text/html`).
    HtmlErrorPage,
    /// The connection is closed without any HTTP response.
    DropConnection,
    /// Wait this long, then answer normally (to outlast a client's timeout).
    Stall(Duration),
    /// The operation acts (an order is recorded, an image added), then the answer is replaced
    /// by HTTP 500 with ASP.NET's `{"Message":"An error has occurred."}`: a failure after the
    /// fact, whose effect a client cannot see.
    InternalServerErrorAfter,
    /// The operation acts, then the connection is closed without any HTTP response, as when a
    /// gateway times out after the server did the work.
    DropConnectionAfter,
    /// The operation acts at once, then its answer waits this long (to outlast a client's
    /// timeout after the effect happened).
    StallAfter(Duration),
}

impl Fault {
    /// The transient failures a random failure rate draws from.
    pub(crate) const RANDOM_KINDS: usize = 5;

    /// The failures after the fact a random failure rate adds for an operation that is not
    /// idempotent, when asked to ([`MockConfig::random_faults_after`](crate::MockConfig::random_faults_after)).
    pub(crate) const RANDOM_AFTER_KINDS: usize = 2;

    /// The `index`-th failure after the fact (modulo [`Fault::RANDOM_AFTER_KINDS`]).
    pub(crate) fn after(index: usize) -> Fault {
        if index.is_multiple_of(Self::RANDOM_AFTER_KINDS) {
            Fault::InternalServerErrorAfter
        } else {
            Fault::DropConnectionAfter
        }
    }

    /// Whether the operation acts before the fault strikes (or, for [`Fault::Stall`], after it
    /// waited): the fault does not replace it.
    #[must_use]
    pub fn acts(&self) -> bool {
        matches!(
            self,
            Fault::Stall(_)
                | Fault::InternalServerErrorAfter
                | Fault::DropConnectionAfter
                | Fault::StallAfter(_)
        )
    }

    /// The `index`-th transient failure (modulo [`Fault::RANDOM_KINDS`]). The 503 and the 429
    /// say `Retry-After: 1`, as a real server would: a random rate models the wild, not a fast
    /// test (script faults with `Retry-After: 0` for that).
    pub(crate) fn transient(index: usize) -> Fault {
        match index % Self::RANDOM_KINDS {
            0 => Fault::InternalServerError,
            1 => Fault::BadGateway,
            2 => Fault::ServiceUnavailable {
                retry_after: Duration::from_secs(1),
            },
            3 => Fault::GatewayTimeout,
            _ => Fault::TooManyRequests {
                retry_after: Duration::from_secs(1),
            },
        }
    }
}

/// The error for text that names no [`Fault`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseFaultError {
    input: String,
}

impl fmt::Display for ParseFaultError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown fault `{}`: expected 500, 502, 503[=SECS], 504, 429[=SECS], unsuccessful, \
             malformed, truncated, html, drop, stall[=MS], 500-after, drop-after or \
             stall-after[=MS]",
            self.input
        )
    }
}

impl std::error::Error for ParseFaultError {}

impl FromStr for Fault {
    type Err = ParseFaultError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || ParseFaultError {
            input: text.chars().take(40).collect(),
        };
        let (kind, value) = match text.split_once('=') {
            Some((kind, value)) => (kind, Some(value.parse::<u64>().map_err(|_| error())?)),
            None => (text, None),
        };
        let fault = match (kind.to_ascii_lowercase().as_str(), value) {
            ("500", None) => Fault::InternalServerError,
            ("502", None) => Fault::BadGateway,
            ("503", seconds) => Fault::ServiceUnavailable {
                retry_after: Duration::from_secs(seconds.unwrap_or(1)),
            },
            ("504", None) => Fault::GatewayTimeout,
            ("429", seconds) => Fault::TooManyRequests {
                retry_after: Duration::from_secs(seconds.unwrap_or(1)),
            },
            ("unsuccessful", None) => Fault::Unsuccessful,
            ("malformed", None) => Fault::MalformedJson,
            ("truncated", None) => Fault::TruncatedBody,
            ("html", None) => Fault::HtmlErrorPage,
            ("drop", None) => Fault::DropConnection,
            ("stall", millis) => Fault::Stall(Duration::from_millis(millis.unwrap_or(30_000))),
            ("500-after", None) => Fault::InternalServerErrorAfter,
            ("drop-after", None) => Fault::DropConnectionAfter,
            ("stall-after", millis) => {
                Fault::StallAfter(Duration::from_millis(millis.unwrap_or(30_000)))
            }
            _ => return Err(error()),
        };
        Ok(fault)
    }
}

/// The `--fault` spelling of the fault, which [`FromStr`] reads back: the `Retry-After` of a
/// 503 or a 429 in whole seconds (rounded up), a stall in whole milliseconds (rounded up).
impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::InternalServerError => f.write_str("500"),
            Fault::BadGateway => f.write_str("502"),
            Fault::ServiceUnavailable { retry_after } => {
                write!(f, "503={}", whole_seconds(*retry_after))
            }
            Fault::GatewayTimeout => f.write_str("504"),
            Fault::TooManyRequests { retry_after } => {
                write!(f, "429={}", whole_seconds(*retry_after))
            }
            Fault::Unsuccessful => f.write_str("unsuccessful"),
            Fault::MalformedJson => f.write_str("malformed"),
            Fault::TruncatedBody => f.write_str("truncated"),
            Fault::HtmlErrorPage => f.write_str("html"),
            Fault::DropConnection => f.write_str("drop"),
            Fault::Stall(duration) => {
                let millis = duration.as_nanos().div_ceil(1_000_000);
                write!(f, "stall={millis}")
            }
            Fault::InternalServerErrorAfter => f.write_str("500-after"),
            Fault::DropConnectionAfter => f.write_str("drop-after"),
            Fault::StallAfter(duration) => {
                let millis = duration.as_nanos().div_ceil(1_000_000);
                write!(f, "stall-after={millis}")
            }
        }
    }
}

/// `duration` in whole seconds, rounded up: the value of a `Retry-After` header.
pub(crate) fn whole_seconds(duration: Duration) -> u64 {
    duration
        .as_secs()
        .saturating_add(u64::from(duration.subsec_nanos() > 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_kind() {
        for (text, fault) in [
            ("500", Fault::InternalServerError),
            ("502", Fault::BadGateway),
            (
                "503",
                Fault::ServiceUnavailable {
                    retry_after: Duration::from_secs(1),
                },
            ),
            (
                "503=0",
                Fault::ServiceUnavailable {
                    retry_after: Duration::ZERO,
                },
            ),
            ("504", Fault::GatewayTimeout),
            (
                "429",
                Fault::TooManyRequests {
                    retry_after: Duration::from_secs(1),
                },
            ),
            (
                "429=0",
                Fault::TooManyRequests {
                    retry_after: Duration::ZERO,
                },
            ),
            ("unsuccessful", Fault::Unsuccessful),
            ("malformed", Fault::MalformedJson),
            ("truncated", Fault::TruncatedBody),
            ("HTML", Fault::HtmlErrorPage),
            ("drop", Fault::DropConnection),
            ("stall", Fault::Stall(Duration::from_secs(30))),
            ("stall=5", Fault::Stall(Duration::from_millis(5))),
            ("500-after", Fault::InternalServerErrorAfter),
            ("Drop-After", Fault::DropConnectionAfter),
            ("stall-after", Fault::StallAfter(Duration::from_secs(30))),
            ("stall-after=7", Fault::StallAfter(Duration::from_millis(7))),
        ] {
            assert_eq!(text.parse::<Fault>(), Ok(fault), "{text}");
        }
        for text in [
            "",
            "418",
            "500=3",
            "stall=soon",
            "drop=1",
            "429=-1",
            "503=1.5",
            "500-after=1",
            "drop-after=2",
            "after",
        ] {
            let error = text.parse::<Fault>().unwrap_err();
            assert!(error.to_string().starts_with("unknown fault"), "{error}");
        }
    }

    #[test]
    fn displays_what_parses_back() {
        let faults = [
            Fault::InternalServerError,
            Fault::BadGateway,
            Fault::ServiceUnavailable {
                retry_after: Duration::ZERO,
            },
            Fault::ServiceUnavailable {
                retry_after: Duration::from_secs(7),
            },
            Fault::GatewayTimeout,
            Fault::TooManyRequests {
                retry_after: Duration::from_secs(2),
            },
            Fault::Unsuccessful,
            Fault::MalformedJson,
            Fault::TruncatedBody,
            Fault::HtmlErrorPage,
            Fault::DropConnection,
            Fault::Stall(Duration::from_millis(250)),
            Fault::InternalServerErrorAfter,
            Fault::DropConnectionAfter,
            Fault::StallAfter(Duration::from_millis(40)),
        ];
        for fault in faults {
            assert_eq!(fault.to_string().parse(), Ok(fault.clone()), "{fault}");
        }
        // What a header or a flag cannot say is rounded up.
        let odd = Fault::ServiceUnavailable {
            retry_after: Duration::from_millis(1_001),
        };
        assert_eq!(odd.to_string(), "503=2");
        assert_eq!(
            Fault::Stall(Duration::from_micros(1)).to_string(),
            "stall=1"
        );
        let longest = Fault::TooManyRequests {
            retry_after: Duration::MAX,
        };
        assert_eq!(longest.to_string(), format!("429={}", u64::MAX));
    }
}
