//! [`RetryPolicy`]: when and how long to wait before trying a failed call again.

use std::time::Duration;

/// A wait after a `Retry-After` of `d` is `d` plus a random part of up to `d` times this.
const RETRY_AFTER_SPREAD: f64 = 0.5;

/// How failed calls are retried: exponential backoff with full jitter, bounded in attempts and in
/// total time, honouring the server's `Retry-After`.
///
/// Retried: connection failures (`list_images` only reads, so a call that may have reached the
/// server is safe to repeat), timeouts, and the HTTP statuses 408, 429, 500, 502, 503 and 504.
/// Never retried: invalid settings or requests, refused keys, other 4xx answers, HTTP 200 with
/// `success: false`, and bodies that do not decode.
///
/// Before attempt `n + 1` the client waits a random time between zero and
/// `min(max_backoff, initial_backoff * 2^(n - 1))` ("full jitter"), or, if that is longer, the
/// server's `Retry-After` plus a random part of up to half of it again: requests refused
/// together are all told the same `Retry-After`, and must not all come back at the same instant.
/// It gives up when `max_attempts` are used or when the next wait would end after `max_elapsed`
/// from the first attempt.
///
/// Rate limits are different: an HTTP 429 does not use up an attempt, because under a rate limit
/// a call fails only through its siblings' use of the budget. A call refused with 429 is retried
/// after its `Retry-After` (and the spread) for at most `max_elapsed` from its first attempt
/// (**60 s** by default), and then fails with [`Error::RateLimited`](crate::Error::RateLimited):
/// a 429 that never ends costs a call about one request per `Retry-After` for 60 s. Meanwhile the
/// client slows down as a whole: it halves how many requests it has in flight (see
/// [`ClientBuilder::concurrency`](crate::ClientBuilder::concurrency)) and spaces the starts of its
/// requests by the interval the API was seen to sustain, relaxing that as successes come back.
/// One attempt ([`RetryPolicy::none`], or `with_max_attempts(1)`) retries nothing, 429 included.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use finerworks::RetryPolicy;
///
/// let patient = RetryPolicy::default()
///     .with_max_attempts(8)
///     .with_max_elapsed(Duration::from_secs(120));
/// assert_eq!(patient.max_attempts(), 8);
/// assert_eq!(RetryPolicy::none().max_attempts(), 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 4 attempts, backoff from 250 ms up to 10 s, a `Retry-After` honoured up to 60 s, at most
    /// 60 s in all.
    fn default() -> Self {
        Self {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(10),
            max_elapsed: Duration::from_secs(60),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries: every call is attempted once, even when rate limited.
    #[must_use]
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            max_elapsed: Duration::ZERO,
            ..Self::default()
        }
    }

    /// The most attempts per call, the first included (at least 1); rate-limited attempts (429)
    /// are not counted (they are bounded by [`with_max_elapsed`](Self::with_max_elapsed)),
    /// except that with 1 nothing is retried at all.
    #[must_use]
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The upper bound of the first backoff.
    #[must_use]
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The cap on any one backoff (not on `Retry-After`).
    #[must_use]
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The most time a call may take, from its first attempt to the end of its last wait; this
    /// is what ends a call that is refused with 429 again and again (default 60 s).
    #[must_use]
    pub fn with_max_elapsed(mut self, elapsed: Duration) -> Self {
        self.max_elapsed = elapsed;
        self
    }

    /// The longest a server's `Retry-After` counts for (a longer one is cut to this, before the
    /// random spread of up to half of it is added). Tests against a local server that asks for
    /// a second can set it to a few milliseconds.
    #[must_use]
    pub fn with_max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// The longest a `Retry-After` counts for (see [`with_max_retry_after`](Self::with_max_retry_after)).
    #[must_use]
    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// The most attempts per call.
    #[must_use]
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The most time a call may take.
    #[must_use]
    pub fn max_elapsed(&self) -> Duration {
        self.max_elapsed
    }

    /// The upper bound of the first backoff.
    #[must_use]
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The cap on any one backoff.
    #[must_use]
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The wait before the attempt after `attempt` (1-based), given the server's `Retry-After`.
    /// `random` is a uniform sample from `[0, 1)`; it draws both the backoff and the spread
    /// after a `Retry-After`.
    pub(crate) fn backoff(
        &self,
        attempt: u32,
        retry_after: Option<Duration>,
        random: f64,
    ) -> Duration {
        let exponent = attempt.saturating_sub(1).min(31);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1_u32 << exponent)
            .min(self.max_backoff);
        let random = random.clamp(0.0, 1.0);
        let jittered = ceiling.mul_f64(random);
        retry_after.map_or(jittered, |server| {
            let server = server.min(self.max_retry_after);
            (server + server.mul_f64(RETRY_AFTER_SPREAD * random)).max(jittered)
        })
    }
}

/// Parses a `Retry-After` header: whole seconds, or an HTTP date.
pub(crate) fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_exponentially_up_to_the_cap() {
        let policy = RetryPolicy::default()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_secs(1));
        let ceilings: Vec<u128> = (1..=6)
            .map(|attempt| policy.backoff(attempt, None, 0.999_999).as_millis())
            .collect();
        assert_eq!(ceilings, [99, 199, 399, 799, 999, 999]);
        assert_eq!(policy.backoff(3, None, 0.0), Duration::ZERO);
    }

    #[test]
    fn retry_after_wins_when_longer() {
        let policy = RetryPolicy::default();
        let wait = policy.backoff(1, Some(Duration::from_secs(5)), 0.0);
        assert_eq!(wait, Duration::from_secs(5));
        let wait = policy.backoff(1, Some(Duration::from_secs(5)), 0.5);
        assert_eq!(wait, Duration::from_millis(6_250));
        let wait = policy.backoff(1, Some(Duration::ZERO), 1.0);
        assert_eq!(wait, Duration::from_millis(250));
    }

    #[test]
    fn requests_refused_together_come_back_spread_out() {
        // Sixteen requests refused at once, all told `Retry-After: 1`.
        let policy = RetryPolicy::default();
        let second = Duration::from_secs(1);
        let mut rng = fastrand::Rng::with_seed(17);
        let mut waits: Vec<Duration> = (0..16)
            .map(|_| policy.backoff(1, Some(second), rng.f64()))
            .collect();
        waits.sort_unstable();
        // None comes back before the server said, none later than half as long again.
        assert!(waits[0] >= second, "{waits:?}");
        assert!(waits[15] < second.mul_f64(1.5), "{waits:?}");
        // Spread over that half second: no 100 ms window holds more than 6 of them (all 16 did).
        let crowd = waits
            .iter()
            .map(|from| {
                let to = *from + Duration::from_millis(100);
                waits.iter().filter(|w| **w >= *from && **w < to).count()
            })
            .max()
            .unwrap_or_default();
        assert!(crowd <= 6, "{crowd} of 16 within 100 ms: {waits:?}");
        assert!(
            waits[15] - waits[0] >= Duration::from_millis(300),
            "{waits:?}"
        );
    }

    #[test]
    fn retry_after_can_be_capped() {
        let policy = RetryPolicy::default()
            .with_initial_backoff(Duration::ZERO)
            .with_max_retry_after(Duration::from_millis(20));
        assert_eq!(
            policy.backoff(1, Some(Duration::from_secs(1)), 0.5),
            Duration::from_millis(25)
        );
        assert_eq!(
            RetryPolicy::default().backoff(1, Some(Duration::from_secs(1)), 0.0),
            Duration::from_secs(1)
        );
    }

    #[test]
    fn retry_after_accepts_seconds_and_dates() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn none_means_one_attempt() {
        assert_eq!(RetryPolicy::none().max_attempts(), 1);
        assert_eq!(
            RetryPolicy::default().with_max_attempts(0).max_attempts(),
            1
        );
    }
}
