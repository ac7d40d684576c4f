//! [`Pacer`]: spaces the starts of a client's requests by the interval the API is seen to
//! sustain, learned from its 429 answers and relaxed as successes come back.
//!
//! Time is passed in, so the arithmetic is tested without a clock.

use std::time::Duration;

use tokio::time::Instant;

/// The margin kept above the longest spacing the API refused: 1/16 (6%).
const MARGIN: u32 = 16;
/// Each success shortens the interval by 1/512 of itself at first; the step doubles every
/// [`SPEED_UP`] successes, up to 1/8, and each 429 halves the count of successes. A limit that
/// was lifted stops costing time after about 200 successes (about 50 s from an interval of
/// 0.5 s), while near a limit the probing stays gentle. Halving rather than forgetting the count
/// keeps 429s that come at random, not from a rate, from ratcheting the interval up for ever.
const RELAX: f64 = 512.0;
/// See [`RELAX`].
const SPEED_UP: f64 = 32.0;
/// The fastest relaxing step.
const MAX_STEP: f64 = 1.0 / 8.0;
/// An interval above the learned one shrinks by this fraction of the difference per success.
const CATCH_UP: u32 = 4;
/// An interval shorter than this turns pacing off.
const MIN_INTERVAL: Duration = Duration::from_millis(1);
/// The longest interval (assumed: FinerWorks documents no limit, and a slower one is left to the
/// server's `Retry-After`, so that a new call never waits minutes for its turn).
const MAX_INTERVAL: Duration = Duration::from_secs(10);

/// When the requests of a client may start: at most one per `interval`.
///
/// A token bucket refuses a request that comes less than `1 / rate` after the last one it let
/// through, so a 429 for a request sent `gap` after the previous one that may have gone through
/// (one that succeeded or is still in flight) says the API needs more than `gap` between
/// requests. The pacer keeps the longest such `gap` seen (the *floor*) and paces
/// a little above it. Successes wear the floor and the interval down slowly, so that the client
/// finds out when the API allows more, and speeds up again when it does.
#[derive(Debug)]
pub(super) struct Pacer {
    /// The time between two request starts; zero while pacing is off.
    interval: Duration,
    /// The earliest start of the next request.
    next: Option<Instant>,
    /// The longest spacing the API refused, worn down by successes.
    floor: Duration,
    /// The start of the latest request that succeeded.
    last_success: Option<Instant>,
    /// The starts of the requests in flight.
    in_flight: Vec<Instant>,
    /// Successes, halved by each 429: how fast the interval relaxes.
    successes: u32,
}

impl Pacer {
    /// A pacer that does not pace until the API refuses a request.
    pub(super) fn new() -> Self {
        Self {
            interval: Duration::ZERO,
            next: None,
            floor: Duration::ZERO,
            last_success: None,
            in_flight: Vec::new(),
            successes: 0,
        }
    }

    /// The current interval between request starts (zero: not pacing).
    #[cfg(test)]
    pub(super) fn interval(&self) -> Duration {
        self.interval
    }

    /// Lets a request start at `now`, or says when to ask again. A request that starts is in
    /// flight until [`finished`](Self::finished).
    pub(super) fn start(&mut self, now: Instant) -> Result<(), Instant> {
        match self.next {
            Some(next) if next > now => Err(next),
            _ => {
                self.next = (!self.interval.is_zero()).then(|| now + self.interval);
                self.in_flight.push(now);
                Ok(())
            }
        }
    }

    /// The request that started at `started` is no longer in flight.
    pub(super) fn finished(&mut self, started: Instant) {
        if let Some(at) = self.in_flight.iter().position(|s| *s == started) {
            self.in_flight.swap_remove(at);
        }
    }

    /// The request that started at `started` succeeded.
    pub(super) fn succeeded(&mut self, started: Instant) {
        if self.last_success.is_none_or(|last| started > last) {
            self.last_success = Some(started);
        }
        self.successes = self.successes.saturating_add(1);
        if self.interval.is_zero() {
            return;
        }
        let step = ((f64::from(self.successes) / SPEED_UP).exp2() / RELAX).min(MAX_STEP);
        self.floor = self.floor.mul_f64(1.0 - step);
        let target = self.target();
        self.interval = if self.interval > target {
            target.max(self.interval - (self.interval - target) / CATCH_UP)
        } else {
            self.interval.mul_f64(1.0 - step)
        };
        if self.interval < MIN_INTERVAL {
            self.turn_off();
        }
    }

    /// The request that started at `started` (and is still in flight) was refused with 429.
    /// `wait` is how long the server asked to wait, as capped by the retry policy.
    pub(super) fn rate_limited(&mut self, started: Instant, wait: Duration) {
        self.successes /= 2;
        // The previous request that may have used up what the API allows: one that succeeded,
        // or one still in flight (a refused one used up nothing).
        let previous = self
            .in_flight
            .iter()
            .copied()
            .chain(self.last_success)
            .filter(|start| *start < started)
            .max();
        let gap = previous
            .map_or(Duration::ZERO, |previous| started - previous)
            .min(wait);
        self.floor = self.floor.max(gap);
        let target = self.target();
        self.interval = if self.interval.is_zero() {
            // Nothing learned yet: spread the requests in flight over the server's wait.
            let in_flight = u32::try_from(self.in_flight.len()).unwrap_or(u32::MAX);
            let spread = wait / in_flight.max(1);
            spread.max(target)
        } else {
            self.interval.max(target)
        }
        .min(MAX_INTERVAL);
        if self.interval < MIN_INTERVAL {
            self.turn_off();
        }
    }

    /// A little above the floor.
    fn target(&self) -> Duration {
        self.floor + self.floor / MARGIN
    }

    fn turn_off(&mut self) {
        self.interval = Duration::ZERO;
        self.next = None;
        self.floor = Duration::ZERO;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }

    /// A request that starts at `at`, and its outcome.
    fn send(pacer: &mut Pacer, at: Instant, refused: bool) {
        assert_eq!(pacer.start(at), Ok(()), "the request may start at once");
        if refused {
            pacer.rate_limited(at, SECOND);
        } else {
            pacer.succeeded(at);
        }
        pacer.finished(at);
    }

    #[test]
    fn the_first_429_spreads_the_requests_in_flight_over_the_servers_wait() {
        let t0 = Instant::now();
        let mut pacer = Pacer::new();
        // No pace before the API refuses anything: four requests start together.
        for _ in 0..4 {
            assert_eq!(pacer.start(t0), Ok(()));
        }
        // One is refused, and the server asks to wait a second: a quarter second each.
        pacer.rate_limited(t0, SECOND);
        assert_eq!(pacer.interval(), ms(250));
        assert_eq!(pacer.start(t0), Ok(()));
        assert_eq!(pacer.start(t0 + ms(100)), Err(t0 + ms(250)));
        assert_eq!(pacer.start(t0 + ms(250)), Ok(()));
        assert_eq!(pacer.start(t0 + ms(400)), Err(t0 + ms(500)));
    }

    #[test]
    fn a_refusal_paces_above_the_spacing_that_was_refused() {
        let t0 = Instant::now();
        let mut pacer = Pacer::new();
        send(&mut pacer, t0, false);
        // Refused 400 ms after a success: the API needs more than 400 ms between requests.
        // (The only request in flight, told to wait a second: a second at first.)
        send(&mut pacer, t0 + ms(400), true);
        assert_eq!(pacer.interval(), SECOND);
        // Successes bring the interval down quickly to 400 ms and a margin, then slowly below.
        for n in 1..=20_u32 {
            send(&mut pacer, t0 + SECOND * n, false);
        }
        let interval = pacer.interval();
        assert!(interval > ms(400), "{interval:?}");
        assert!(interval < ms(420), "{interval:?}");
        // A refusal at a longer spacing moves the floor up: 480 ms and 1/16.
        send(&mut pacer, t0 + SECOND * 20 + ms(480), true);
        assert_eq!(pacer.interval(), ms(510));
    }

    #[test]
    fn a_request_still_in_flight_counts_as_the_previous_one() {
        let t0 = Instant::now();
        let mut pacer = Pacer::new();
        send(&mut pacer, t0, false);
        // Another request starts at 300 ms and is still in flight when the one of 350 ms is
        // refused: that says the API needs more than 50 ms, not more than 350 ms.
        assert_eq!(pacer.start(t0 + ms(300)), Ok(()));
        assert_eq!(pacer.start(t0 + ms(350)), Ok(()));
        pacer.rate_limited(t0 + ms(350), ms(80));
        // Spreading the two in flight over the 80 ms to wait would give 40 ms: the refused
        // spacing and its margin win, 50 ms and 1/16.
        assert_eq!(pacer.interval(), Duration::from_micros(53_125));
    }

    #[test]
    fn successes_relax_the_pace_until_it_is_off() {
        let t0 = Instant::now();
        let mut pacer = Pacer::new();
        send(&mut pacer, t0, false);
        send(&mut pacer, t0 + ms(470), true);
        let mut now = t0 + SECOND;
        let mut successes = 0;
        while !pacer.interval().is_zero() {
            if let Err(turn) = pacer.start(now) {
                now = turn;
                continue;
            }
            pacer.succeeded(now);
            pacer.finished(now);
            successes += 1;
            assert!(successes < 1_000, "the pace never relaxed");
        }
        // Without another 429, pacing ends within a couple of hundred requests and a minute.
        assert!(successes <= 250, "{successes}");
        assert!(now - t0 <= Duration::from_secs(60), "{:?}", now - t0);
        assert_eq!(pacer.start(now), Ok(()));
        assert_eq!(pacer.start(now), Ok(()));
    }

    #[test]
    fn a_server_wait_of_zero_does_not_pace() {
        let t0 = Instant::now();
        let mut pacer = Pacer::new();
        assert_eq!(pacer.start(t0), Ok(()));
        pacer.rate_limited(t0, Duration::ZERO);
        assert_eq!(pacer.interval(), Duration::ZERO);
        assert_eq!(pacer.start(t0), Ok(()));
        assert_eq!(pacer.start(t0), Ok(()));
    }

    #[test]
    fn the_interval_is_capped() {
        let t0 = Instant::now();
        let mut pacer = Pacer::new();
        assert_eq!(pacer.start(t0), Ok(()));
        pacer.rate_limited(t0, Duration::from_secs(3_600));
        assert_eq!(pacer.interval(), MAX_INTERVAL);
    }

    /// A server that lets `rate` requests a second through, one at a time (a token bucket with a
    /// burst of 1, starting full), and refuses the others.
    struct Bucket {
        rate: f64,
        tokens: f64,
        at: Instant,
    }

    impl Bucket {
        fn take(&mut self, now: Instant) -> bool {
            let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
            self.tokens = (self.tokens + elapsed * self.rate).min(1.0);
            self.at = now;
            let granted = self.tokens >= 1.0;
            if granted {
                self.tokens -= 1.0;
            }
            granted
        }
    }

    /// A client with always another request to send, against 2 requests a second: requests
    /// take 1 to 3 ms to arrive (seeded), a refused one is told to wait a second and another
    /// request takes its turn. Returns the time `successes` requests took, and the refusals.
    fn saturate(pacer: &mut Pacer, successes: u32, seed: u64) -> (Duration, u32) {
        let mut rng = fastrand::Rng::with_seed(seed);
        let t0 = Instant::now();
        let mut bucket = Bucket {
            rate: 2.0,
            tokens: 1.0,
            at: t0,
        };
        let mut now = t0;
        let (mut passed, mut refused) = (0, 0);
        while passed < successes {
            if let Err(turn) = pacer.start(now) {
                now = turn;
                continue;
            }
            let arrival = now + Duration::from_micros(1_000 + rng.u64(..2_000));
            if bucket.take(arrival) {
                passed += 1;
                pacer.succeeded(now);
            } else {
                refused += 1;
                pacer.rate_limited(now, SECOND);
            }
            pacer.finished(now);
            now = arrival;
        }
        (now - t0, refused)
    }

    #[test]
    fn a_busy_client_keeps_to_a_token_bucket_with_few_refusals() {
        for seed in [1, 2, 3] {
            let (took, refused) = saturate(&mut Pacer::new(), 200, seed);
            // The first request is free, each other one needs the token of half a second.
            let floor = Duration::from_secs_f64(199.0 / 2.0);
            assert!(
                took < floor.mul_f64(1.15),
                "seed {seed}: {took:?} for a floor of {floor:?}"
            );
            // Without a pace nearly every request would be refused (thousands for 200).
            assert!(refused <= 30, "seed {seed}: {refused} refused");
        }
    }
}
