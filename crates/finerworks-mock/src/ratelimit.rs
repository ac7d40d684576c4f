//! The optional rate limit of the mock: a token bucket on Tokio's clock, so that a test with a
//! paused clock can move time instead of sleeping.

use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// A rate limit: `per_second` requests on average, up to `burst` at once.
#[derive(Clone, Copy, PartialEq)]
pub(crate) struct RateLimit {
    pub(crate) per_second: f64,
    pub(crate) burst: u32,
}

impl fmt::Debug for RateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/s, burst {}", self.per_second, self.burst)
    }
}

/// A token bucket: it holds up to `burst` tokens, starts full, gains `per_second` tokens a second,
/// and each request takes one.
pub(crate) struct TokenBucket {
    limit: RateLimit,
    state: Mutex<State>,
}

struct State {
    tokens: f64,
    /// When `tokens` was last brought up to date.
    at: Instant,
}

impl TokenBucket {
    pub(crate) fn new(limit: RateLimit) -> Self {
        TokenBucket {
            limit,
            state: Mutex::new(State {
                tokens: f64::from(limit.burst),
                at: Instant::now(),
            }),
        }
    }

    /// Takes a token, or says how long until one is there.
    pub(crate) fn take(&self) -> Result<(), Duration> {
        let now = Instant::now();
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let elapsed = now.saturating_duration_since(state.at).as_secs_f64();
        state.tokens =
            (state.tokens + elapsed * self.limit.per_second).min(f64::from(self.limit.burst));
        state.at = now;
        if state.tokens >= 1.0 {
            state.tokens -= 1.0;
            Ok(())
        } else {
            // To the microsecond, so that float noise cannot round a whole second up.
            let micros = ((1.0 - state.tokens) / self.limit.per_second * 1e6).round();
            Err(Duration::from_micros(micros as u64))
        }
    }
}

/// The `Retry-After` for a wait: whole seconds, rounded up, at least 1.
pub(crate) fn retry_after_seconds(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_burst_then_one_request_per_token() {
        let bucket = TokenBucket::new(RateLimit {
            per_second: 2.0,
            burst: 3,
        });
        for _ in 0..3 {
            assert_eq!(bucket.take(), Ok(()));
        }
        // Empty: the next token comes in half a second.
        assert_eq!(bucket.take(), Err(Duration::from_millis(500)));
        tokio::time::advance(Duration::from_millis(200)).await;
        assert_eq!(bucket.take(), Err(Duration::from_millis(300)));
        tokio::time::advance(Duration::from_millis(300)).await;
        assert_eq!(bucket.take(), Ok(()));
        assert!(bucket.take().is_err());
        // A long pause refills no more than the burst.
        tokio::time::advance(Duration::from_secs(60)).await;
        for _ in 0..3 {
            assert_eq!(bucket.take(), Ok(()));
        }
        assert!(bucket.take().is_err());
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_rate_waits_whole_seconds() {
        let bucket = TokenBucket::new(RateLimit {
            per_second: 0.25,
            burst: 1,
        });
        assert_eq!(bucket.take(), Ok(()));
        let wait = bucket.take().unwrap_err();
        assert_eq!(wait, Duration::from_secs(4));
        assert_eq!(retry_after_seconds(wait), 4);
        // A refused request takes nothing: the wait keeps shrinking.
        tokio::time::advance(Duration::from_millis(3_500)).await;
        assert_eq!(bucket.take(), Err(Duration::from_millis(500)));
        tokio::time::advance(Duration::from_millis(500)).await;
        assert_eq!(bucket.take(), Ok(()));
    }

    #[test]
    fn retry_after_rounds_up_to_at_least_a_second() {
        assert_eq!(retry_after_seconds(Duration::ZERO), 1);
        assert_eq!(retry_after_seconds(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_seconds(Duration::from_millis(1_000)), 1);
        assert_eq!(retry_after_seconds(Duration::from_millis(1_001)), 2);
    }
}
