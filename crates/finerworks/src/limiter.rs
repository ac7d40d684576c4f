//! [`Limiter`]: how many requests a client has in flight at once, and how fast it starts them.
//!
//! In flight: when the API answers 429 the limit is halved, and it grows back by one after each
//! window of successful requests (additive increase, multiplicative decrease, as TCP does), up to
//! the client's concurrency. Pace: after a 429, request starts are spaced by the interval the API
//! was seen to sustain, relaxed as successes come back (see [`pacer`]).

mod pacer;

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit};
use tokio::time::Instant;

use self::pacer::Pacer;

/// The requests in flight of one client and all its clones, first come first served.
#[derive(Debug)]
pub(crate) struct Limiter {
    /// One permit per request that may start now.
    semaphore: Semaphore,
    /// The highest limit: the client's concurrency.
    ceiling: usize,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    /// The requests that may be in flight at once.
    limit: usize,
    /// Permits still to be withdrawn, as requests holding them finish.
    debt: usize,
    /// Successes since the limit last changed.
    successes: usize,
    /// Bumped by every decrease: one 429 per round of requests lowers the limit, not each 429
    /// of requests that were all sent before the first one came back.
    epoch: u64,
    /// When requests may start.
    pacer: Pacer,
}

/// The right to send one request; given back when dropped.
pub(crate) struct Permit<'a> {
    limiter: &'a Limiter,
    permit: Option<SemaphorePermit<'a>>,
    epoch: u64,
    /// When the pacer let the request start.
    started: Instant,
}

impl Limiter {
    pub(crate) fn new(ceiling: usize) -> Self {
        let ceiling = ceiling.max(1);
        Self {
            semaphore: Semaphore::new(ceiling),
            ceiling,
            state: Mutex::new(State {
                limit: ceiling,
                debt: 0,
                successes: 0,
                epoch: 0,
                pacer: Pacer::new(),
            }),
        }
    }

    /// Waits until a request may start: a place among the requests in flight, then its turn in
    /// the pace. Nothing is reserved while waiting, so dropping the future loses nothing.
    pub(crate) async fn acquire(&self) -> Permit<'_> {
        // The semaphore is never closed, so this cannot fail; were it to, the request would go
        // unlimited rather than fail.
        let permit = self.semaphore.acquire().await.ok();
        loop {
            let turn = {
                let mut state = self.lock();
                let now = Instant::now();
                match state.pacer.start(now) {
                    Ok(()) => {
                        return Permit {
                            limiter: self,
                            permit,
                            epoch: state.epoch,
                            started: now,
                        };
                    }
                    Err(turn) => turn,
                }
            };
            tokio::time::sleep_until(turn).await;
        }
    }

    /// The current limit.
    #[cfg(test)]
    fn limit(&self) -> usize {
        self.lock().limit
    }

    /// The current interval between request starts.
    #[cfg(test)]
    fn interval(&self) -> Duration {
        self.lock().pacer.interval()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state is consistent after every statement, so a panic elsewhere cannot break it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Permit<'_> {
    /// The request succeeded: after a window of successes, one more request may be in flight,
    /// and the pace relaxes a little.
    pub(crate) fn succeeded(&self) {
        let limiter = self.limiter;
        let mut state = limiter.lock();
        state.pacer.succeeded(self.started);
        if state.limit >= limiter.ceiling {
            return;
        }
        state.successes += 1;
        if state.successes >= state.limit {
            state.successes = 0;
            state.limit += 1;
            if state.debt > 0 {
                state.debt -= 1;
            } else {
                limiter.semaphore.add_permits(1);
            }
        }
    }

    /// The API answered 429, asking to wait `wait` (as capped by the retry policy): slow the pace
    /// down, and halve the limit once per round of requests.
    pub(crate) fn rate_limited(&self, wait: Duration) {
        let limiter = self.limiter;
        let mut state = limiter.lock();
        state.pacer.rate_limited(self.started, wait);
        if state.epoch != self.epoch {
            return;
        }
        state.epoch += 1;
        state.successes = 0;
        let lower = (state.limit / 2).max(1);
        let cut = state.limit - lower;
        state.limit = lower;
        let withdrawn = limiter.semaphore.forget_permits(cut);
        state.debt += cut - withdrawn;
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let mut state = self.limiter.lock();
        state.pacer.finished(self.started);
        let Some(permit) = self.permit.take() else {
            return;
        };
        if state.debt > 0 {
            state.debt -= 1;
            permit.forget();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_429_halves_the_limit_once_per_round_and_successes_raise_it_slowly() {
        let limiter = Limiter::new(8);
        let round: Vec<Permit<'_>> =
            futures_util::future::join_all((0..8).map(|_| limiter.acquire())).await;
        // Eight requests were in flight together; all eight come back 429.
        for permit in &round {
            permit.rate_limited(Duration::ZERO);
        }
        assert_eq!(limiter.limit(), 4, "one decrease for the whole round");
        drop(round);
        assert_eq!(limiter.semaphore.available_permits(), 4);

        // The next round, sent after the decrease, is rate limited again: halve again.
        let permit = limiter.acquire().await;
        permit.rate_limited(Duration::ZERO);
        drop(permit);
        assert_eq!(limiter.limit(), 2);

        // Two successes (a window of the current limit) allow one more request in flight.
        for expected in [2, 3] {
            let permit = limiter.acquire().await;
            permit.succeeded();
            drop(permit);
            assert_eq!(limiter.limit(), expected);
        }
        assert_eq!(limiter.semaphore.available_permits(), 3);
    }

    #[tokio::test]
    async fn the_limit_stays_between_one_and_the_ceiling() {
        let limiter = Limiter::new(2);
        for _ in 0..5 {
            let permit = limiter.acquire().await;
            permit.rate_limited(Duration::ZERO);
        }
        assert_eq!(limiter.limit(), 1);
        assert_eq!(limiter.semaphore.available_permits(), 1);
        for _ in 0..20 {
            let permit = limiter.acquire().await;
            permit.succeeded();
        }
        assert_eq!(limiter.limit(), 2);
        assert_eq!(limiter.semaphore.available_permits(), 2);
    }

    #[tokio::test]
    async fn permits_held_during_a_decrease_are_withdrawn_when_given_back() {
        let limiter = Limiter::new(4);
        let held: Vec<Permit<'_>> =
            futures_util::future::join_all((0..4).map(|_| limiter.acquire())).await;
        held[0].rate_limited(Duration::ZERO);
        assert_eq!(limiter.limit(), 2);
        drop(held);
        // Two of the four permits were withdrawn as they came back.
        assert_eq!(limiter.semaphore.available_permits(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn after_a_429_requests_start_one_interval_apart() {
        let limiter = Limiter::new(4);
        let begin = Instant::now();
        let first = limiter.acquire().await;
        // The only request in flight was told to wait a second: from now on, one start a second.
        first.rate_limited(Duration::from_secs(1));
        drop(first);
        assert_eq!(limiter.interval(), Duration::from_secs(1));
        let mut starts = Vec::new();
        for _ in 0..3 {
            let permit = limiter.acquire().await;
            starts.push(Instant::now() - begin);
            drop(permit);
        }
        let seconds: Vec<u64> = starts.iter().map(Duration::as_secs).collect();
        assert_eq!(seconds, [0, 1, 2]);
    }

    #[tokio::test(start_paused = true)]
    async fn requests_waiting_for_their_turn_start_one_at_a_time() {
        let limiter = Limiter::new(4);
        let begin = Instant::now();
        let first = limiter.acquire().await;
        first.rate_limited(Duration::from_millis(400));
        drop(first);
        // Three requests ask at once: they start 400 ms apart.
        let starts = futures_util::future::join_all((0..3).map(|_| async {
            let permit = limiter.acquire().await;
            let at = Instant::now() - begin;
            drop(permit);
            at.as_millis()
        }))
        .await;
        let mut starts = starts;
        starts.sort_unstable();
        assert_eq!(starts, [0, 400, 800]);
    }
}
