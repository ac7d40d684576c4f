//! [`Limiter`]: how many requests a client has in flight at once. When the API answers 429 the
//! limit is halved, and it grows back by one after each window of successful requests (additive
//! increase, multiplicative decrease, as TCP does), up to the client's concurrency.

use std::sync::{Mutex, MutexGuard, PoisonError};

use tokio::sync::{Semaphore, SemaphorePermit};

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
}

/// The right to send one request; given back when dropped.
pub(crate) struct Permit<'a> {
    limiter: &'a Limiter,
    permit: Option<SemaphorePermit<'a>>,
    epoch: u64,
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
            }),
        }
    }

    /// Waits until a request may start.
    pub(crate) async fn acquire(&self) -> Permit<'_> {
        // The semaphore is never closed, so this cannot fail; were it to, the request would go
        // unlimited rather than fail.
        let permit = self.semaphore.acquire().await.ok();
        let epoch = self.lock().epoch;
        Permit {
            limiter: self,
            permit,
            epoch,
        }
    }

    /// The current limit.
    #[cfg(test)]
    fn limit(&self) -> usize {
        self.lock().limit
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state is consistent after every statement, so a panic elsewhere cannot break it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Permit<'_> {
    /// The request succeeded: after a window of successes, one more request may be in flight.
    pub(crate) fn succeeded(&self) {
        let limiter = self.limiter;
        let mut state = limiter.lock();
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

    /// The API answered 429: halve the limit, once per round of requests.
    pub(crate) fn rate_limited(&self) {
        let limiter = self.limiter;
        let mut state = limiter.lock();
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
        let Some(permit) = self.permit.take() else {
            return;
        };
        let mut state = self.limiter.lock();
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
            permit.rate_limited();
        }
        assert_eq!(limiter.limit(), 4, "one decrease for the whole round");
        drop(round);
        assert_eq!(limiter.semaphore.available_permits(), 4);

        // The next round, sent after the decrease, is rate limited again: halve again.
        let permit = limiter.acquire().await;
        permit.rate_limited();
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
            permit.rate_limited();
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
        held[0].rate_limited();
        assert_eq!(limiter.limit(), 2);
        drop(held);
        // Two of the four permits were withdrawn as they came back.
        assert_eq!(limiter.semaphore.available_permits(), 2);
    }
}
