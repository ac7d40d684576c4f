//! Fault injection: [`Fault`], the failures the mock can act out, and [`Faults`], the runtime
//! control of scripted faults, latency and the random failure rate.

use std::collections::VecDeque;
use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;
use std::time::Duration;

use rand::{Rng as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;

/// A failure the mock acts out instead of (or before) answering a request for an operation.
///
/// A fault replaces the operation: an `add_images`, `update_images` or `delete_images` that
/// meets one changes nothing, except [`Fault::Stall`], which then answers (and changes) as
/// usual.
///
/// Each kind is something a client meets in the wild: FinerWorks' own error bodies, pages from
/// the web server in front of it, broken bodies, and network trouble.
///
/// A fault is parsed from the text the `finerworks-mock` binary takes with `--fault`: `500`,
/// `502`, `503` or `503=SECS`, `504`, `429` or `429=SECS` (`Retry-After` 1 s unless given),
/// `unsuccessful`, `malformed`, `truncated`, `html`, `drop`, `stall` or `stall=MS` (30 s unless
/// given); and displayed the same way.
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
}

impl Fault {
    /// The transient failures a random failure rate draws from.
    pub(crate) const RANDOM_KINDS: usize = 5;

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
             malformed, truncated, html, drop or stall[=MS]",
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
        }
    }
}

/// `duration` in whole seconds, rounded up: the value of a `Retry-After` header.
pub(crate) fn whole_seconds(duration: Duration) -> u64 {
    duration
        .as_secs()
        .saturating_add(u64::from(duration.subsec_nanos() > 0))
}

/// Runtime control of a running server's faults: a queue of scripted faults, latency, and a
/// seeded random failure rate.
///
/// Every method takes `&self` and is cheap; a test changes the faults of a server other tasks are
/// using, from any thread.
///
/// Scripted and random faults apply to the requests for every operation (each route with its own
/// method; not to a 404 or a 405), in the order they arrive whatever the operation, before the
/// keys and the body are checked; latency applies to every response. A scripted fault, when one is
/// queued, takes precedence over the random rate.
///
/// # Examples
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use std::time::Duration;
/// use finerworks_mock::{Fault, MockServer};
///
/// let server = MockServer::start().await?;
/// let unavailable = Fault::ServiceUnavailable { retry_after: Duration::ZERO };
/// server.faults().push_n(unavailable, 2); // the next two requests fail
/// assert_eq!(server.faults().pending(), 2);
/// server.faults().clear();
/// assert_eq!(server.faults().pending(), 0);
/// server.shutdown().await;
/// # Ok::<(), std::io::Error>(())
/// # }).unwrap();
/// ```
pub struct Faults {
    queue: Mutex<VecDeque<Fault>>,
    timing: Mutex<Timing>,
    random: Mutex<RandomFaults>,
}

struct Timing {
    latency: Duration,
    jitter: Duration,
    rng: ChaCha8Rng,
}

struct RandomFaults {
    rate: f64,
    rng: ChaCha8Rng,
}

/// A poisoned lock only means another request panicked; the state inside is still usable.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `rate` as a probability: clamped to 0..=1, NaN as 0.
fn probability(rate: f64) -> f64 {
    if rate.is_nan() {
        0.0
    } else {
        rate.clamp(0.0, 1.0)
    }
}

impl Faults {
    pub(crate) fn new(
        latency: Duration,
        jitter: Duration,
        jitter_seed: u64,
        rate: f64,
        fault_seed: u64,
    ) -> Faults {
        Faults {
            queue: Mutex::new(VecDeque::new()),
            timing: Mutex::new(Timing {
                latency,
                jitter,
                rng: ChaCha8Rng::seed_from_u64(jitter_seed),
            }),
            random: Mutex::new(RandomFaults {
                rate: probability(rate),
                rng: ChaCha8Rng::seed_from_u64(fault_seed),
            }),
        }
    }

    /// Scripts `fault` for the next request for an operation (after those already
    /// queued).
    pub fn push(&self, fault: Fault) {
        lock(&self.queue).push_back(fault);
    }

    /// Scripts `fault` for the next `n` requests for an operation (after those already
    /// queued).
    pub fn push_n(&self, fault: Fault, n: usize) {
        lock(&self.queue).extend(std::iter::repeat_n(fault, n));
    }

    /// Forgets every scripted fault not yet used. Latency and the random rate stay.
    pub fn clear(&self) {
        lock(&self.queue).clear();
    }

    /// How many scripted faults are still queued.
    #[must_use]
    pub fn pending(&self) -> usize {
        lock(&self.queue).len()
    }

    /// From now on, answers every request `fixed` plus a random `0..=jitter` (seeded) after it
    /// arrived.
    pub fn set_latency(&self, fixed: Duration, jitter: Duration) {
        let mut timing = lock(&self.timing);
        timing.latency = fixed;
        timing.jitter = jitter;
    }

    /// Makes each request for an operation fail with probability `rate` (clamped to
    /// 0..=1), with a transient failure: 500, 502, 503 or 429 (both with `Retry-After: 1`), or
    /// 504.
    ///
    /// The draws come from the generator seeded by [`MockConfig::random_faults`]
    /// (`MockConfig`'s seed when that was not called), so a given sequence of requests meets the
    /// same faults on every run.
    ///
    /// [`MockConfig::random_faults`]: crate::MockConfig::random_faults
    pub fn set_random_rate(&self, rate: f64) {
        lock(&self.random).rate = probability(rate);
    }

    /// How long to wait before the next response.
    pub(crate) fn next_delay(&self) -> Duration {
        let mut timing = lock(&self.timing);
        if timing.jitter.is_zero() {
            return timing.latency;
        }
        let max = u64::try_from(timing.jitter.as_nanos()).unwrap_or(u64::MAX);
        let extra = Duration::from_nanos(timing.rng.random_range(0..=max));
        timing.latency + extra
    }

    /// The fault for the next request for an operation, if any: a scripted one first, then a draw.
    pub(crate) fn next_fault(&self) -> Option<Fault> {
        if let Some(fault) = lock(&self.queue).pop_front() {
            return Some(fault);
        }
        let mut random = lock(&self.random);
        let rate = random.rate;
        if rate > 0.0 && random.rng.random_bool(rate) {
            let kind = random.rng.random_range(0..Fault::RANDOM_KINDS as u32);
            return Some(Fault::transient(kind as usize));
        }
        None
    }
}

impl fmt::Debug for Faults {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let timing = lock(&self.timing);
        f.debug_struct("Faults")
            .field("pending", &lock(&self.queue).len())
            .field("latency", &timing.latency)
            .field("jitter", &timing.jitter)
            .field("random_rate", &lock(&self.random).rate)
            .finish()
    }
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

    #[test]
    fn scripted_faults_come_first_and_in_order() {
        let faults = Faults::new(Duration::ZERO, Duration::ZERO, 1, 1.0, 1);
        faults.push(Fault::MalformedJson);
        faults.push_n(Fault::DropConnection, 2);
        assert_eq!(faults.pending(), 3);
        assert_eq!(faults.next_fault(), Some(Fault::MalformedJson));
        assert_eq!(faults.next_fault(), Some(Fault::DropConnection));
        assert_eq!(faults.next_fault(), Some(Fault::DropConnection));
        // Then the random rate (1.0 here) takes over, with transient kinds only: those a server
        // in trouble sends, the 503 and the 429 asking for a second as a real one would.
        let second = Duration::from_secs(1);
        let transient = [
            Fault::InternalServerError,
            Fault::BadGateway,
            Fault::ServiceUnavailable {
                retry_after: second,
            },
            Fault::GatewayTimeout,
            Fault::TooManyRequests {
                retry_after: second,
            },
        ];
        let drawn: Vec<Fault> = (0..40).map(|_| faults.next_fault().unwrap()).collect();
        for fault in &drawn {
            assert!(transient.contains(fault), "{fault:?}");
        }
        for kind in &transient {
            assert!(
                drawn.contains(kind),
                "{kind:?} never drawn in 40: {drawn:?}"
            );
        }
        faults.set_random_rate(f64::NAN);
        assert_eq!(faults.next_fault(), None);
    }

    #[test]
    fn jitter_is_seeded_and_bounded() {
        let delays = |seed| {
            let faults = Faults::new(
                Duration::from_millis(5),
                Duration::from_millis(10),
                seed,
                0.0,
                0,
            );
            (0..50).map(|_| faults.next_delay()).collect::<Vec<_>>()
        };
        let first = delays(3);
        assert_eq!(first, delays(3));
        assert_ne!(first, delays(4));
        assert!(
            first
                .iter()
                .all(|d| *d >= Duration::from_millis(5) && *d <= Duration::from_millis(15))
        );
    }
}
