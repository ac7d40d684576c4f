//! [`Faults`]: the runtime control of a running server's scripted faults (for any operation or
//! aimed at one), latency and random failure rate; and [`UnknownOperation`], the error for a
//! fault aimed at no operation the mock serves.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

use rand::{Rng as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;

use crate::Fault;
use crate::route::Operation;

/// The error for a name that is no operation the mock serves, such as a fault aimed at
/// `"add_image"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownOperation {
    name: String,
}

impl UnknownOperation {
    /// The operation named `name` exactly, or the error naming it.
    fn check(name: &str) -> Result<Operation, UnknownOperation> {
        Operation::with_id(name).ok_or_else(|| UnknownOperation {
            name: name.chars().take(40).collect(),
        })
    }
}

impl fmt::Display for UnknownOperation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown operation `{}`: expected one of {}",
            self.name,
            crate::operation_ids().collect::<Vec<_>>().join(", ")
        )
    }
}

impl std::error::Error for UnknownOperation {}

/// Runtime control of a running server's faults: a queue of scripted faults, a queue for each
/// operation of faults aimed at it, latency, and a seeded random failure rate.
///
/// Every method takes `&self` and is cheap; a test changes the faults of a server other tasks are
/// using, from any thread.
///
/// Scripted and random faults apply to the requests for every operation (each route with its own
/// method; not to a 404 or a 405), before the keys and the body are checked; latency applies to
/// every response. A request for an operation meets, of the faults queued:
///
/// 1. the first fault [aimed](Self::push_for) at its operation, if any (a fault aimed at another
///    operation waits for a request to that one);
/// 2. else the first fault [scripted](Self::push) for any operation, in the order they arrive
///    whatever the operation;
/// 3. else a draw of the [random rate](Self::set_random_rate).
///
/// That an aimed fault comes before one scripted for any operation is a choice of the mock: the
/// more precise script wins.
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
///
/// // Only the next add fails: a credentials check or a listing first passes it by.
/// server.faults().push_for("add_images", Fault::InternalServerError)?;
/// assert_eq!(server.faults().pending_for("add_images")?, 1);
/// assert_eq!(server.faults().pending_for("list_images")?, 0);
/// assert!(server.faults().push_for("add_image", Fault::InternalServerError).is_err());
/// server.shutdown().await;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # }).unwrap();
/// ```
pub struct Faults {
    queue: Mutex<Scripted>,
    timing: Mutex<Timing>,
    random: Mutex<RandomFaults>,
}

/// The scripted faults not yet used.
#[derive(Default)]
struct Scripted {
    /// For the next requests, whatever their operation.
    any: VecDeque<Fault>,
    /// For the next requests for one operation, by operation.
    aimed: HashMap<Operation, VecDeque<Fault>>,
}

impl Scripted {
    fn len(&self) -> usize {
        self.any.len() + self.aimed.values().map(VecDeque::len).sum::<usize>()
    }
}

struct Timing {
    latency: Duration,
    jitter: Duration,
    rng: ChaCha8Rng,
}

struct RandomFaults {
    rate: f64,
    /// Whether a draw for an operation that is not idempotent may be a failure after the fact.
    after: bool,
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
            queue: Mutex::new(Scripted::default()),
            timing: Mutex::new(Timing {
                latency,
                jitter,
                rng: ChaCha8Rng::seed_from_u64(jitter_seed),
            }),
            random: Mutex::new(RandomFaults {
                rate: probability(rate),
                after: false,
                rng: ChaCha8Rng::seed_from_u64(fault_seed),
            }),
        }
    }

    /// Scripts `fault` for the next request for an operation (after those already
    /// queued).
    pub fn push(&self, fault: Fault) {
        lock(&self.queue).any.push_back(fault);
    }

    /// Scripts `fault` for the next `n` requests for an operation (after those already
    /// queued).
    pub fn push_n(&self, fault: Fault, n: usize) {
        lock(&self.queue).any.extend(std::iter::repeat_n(fault, n));
    }

    /// Scripts `fault` for the next request for `operation` only (after the faults already
    /// aimed at it), the spec's `operationId`: one of [`operation_ids`](crate::operation_ids),
    /// such as `"add_images"`. Requests for other operations pass it by.
    ///
    /// # Errors
    ///
    /// When `operation` is no operation the mock serves (the name is compared exactly); nothing
    /// is queued then.
    pub fn push_for(&self, operation: &str, fault: Fault) -> Result<(), UnknownOperation> {
        self.push_n_for(operation, fault, 1)
    }

    /// Scripts `fault` for the next `n` requests for `operation` only (after the faults already
    /// aimed at it), as [`push_for`](Self::push_for) does.
    ///
    /// # Errors
    ///
    /// When `operation` is no operation the mock serves; nothing is queued then.
    pub fn push_n_for(
        &self,
        operation: &str,
        fault: Fault,
        n: usize,
    ) -> Result<(), UnknownOperation> {
        let operation = UnknownOperation::check(operation)?;
        lock(&self.queue)
            .aimed
            .entry(operation)
            .or_default()
            .extend(std::iter::repeat_n(fault, n));
        Ok(())
    }

    /// Forgets every scripted fault not yet used, aimed or not. Latency and the random rate
    /// stay.
    pub fn clear(&self) {
        let mut queue = lock(&self.queue);
        queue.any.clear();
        queue.aimed.clear();
    }

    /// How many scripted faults are still queued, aimed at one operation or not.
    #[must_use]
    pub fn pending(&self) -> usize {
        lock(&self.queue).len()
    }

    /// How many faults aimed at `operation` are still queued (not counting those scripted for
    /// any operation).
    ///
    /// # Errors
    ///
    /// When `operation` is no operation the mock serves.
    pub fn pending_for(&self, operation: &str) -> Result<usize, UnknownOperation> {
        let operation = UnknownOperation::check(operation)?;
        Ok(lock(&self.queue)
            .aimed
            .get(&operation)
            .map_or(0, VecDeque::len))
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
    /// 504; and, for an operation that is not idempotent when
    /// [`set_random_after`](Self::set_random_after) is on, a failure after the fact.
    ///
    /// The draws come from the generator seeded by [`MockConfig::random_faults`]
    /// (`MockConfig`'s seed when that was not called), so a given sequence of requests meets the
    /// same faults on every run.
    ///
    /// [`MockConfig::random_faults`]: crate::MockConfig::random_faults
    pub fn set_random_rate(&self, rate: f64) {
        lock(&self.random).rate = probability(rate);
    }

    /// Whether a random fault met by a request for an operation that is not idempotent (a
    /// submission of orders, an `add_images`) may also be a failure after the fact: HTTP 500 or
    /// a dropped connection once the operation acted (see [`Fault::acts`]). Off unless
    /// [`MockConfig::random_faults_after`](crate::MockConfig::random_faults_after) turned it on.
    /// The draws stay seeded.
    pub fn set_random_after(&self, after: bool) {
        lock(&self.random).after = after;
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

    /// The fault for the next request for `operation`, if any: one aimed at it first, then one
    /// scripted for any operation, then a draw.
    pub(crate) fn next_fault_for(&self, operation: Operation) -> Option<Fault> {
        {
            let mut queue = lock(&self.queue);
            let aimed = queue
                .aimed
                .get_mut(&operation)
                .and_then(VecDeque::pop_front);
            if let Some(fault) = aimed.or_else(|| queue.any.pop_front()) {
                return Some(fault);
            }
        }
        let mut random = lock(&self.random);
        let rate = random.rate;
        if rate > 0.0 && random.rng.random_bool(rate) {
            let after = random.after && !operation.info().idempotent;
            let kinds = Fault::RANDOM_KINDS + if after { Fault::RANDOM_AFTER_KINDS } else { 0 };
            let kind = random.rng.random_range(0..kinds as u32) as usize;
            return Some(if kind < Fault::RANDOM_KINDS {
                Fault::transient(kind)
            } else {
                Fault::after(kind - Fault::RANDOM_KINDS)
            });
        }
        None
    }
}

impl fmt::Debug for Faults {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let timing = lock(&self.timing);
        f.debug_struct("Faults")
            .field("pending", &self.pending())
            .field("latency", &timing.latency)
            .field("jitter", &timing.jitter)
            .field("random_rate", &lock(&self.random).rate)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(id: &str) -> Operation {
        Operation::with_id(id).expect("an operation of the spec")
    }

    impl Faults {
        /// The fault for a request for an operation no fault is aimed at.
        fn next_fault(&self) -> Option<Fault> {
            self.next_fault_for(named("test_my_credentials"))
        }
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
    fn aimed_faults_wait_for_their_operation() {
        let faults = Faults::new(Duration::ZERO, Duration::ZERO, 1, 0.0, 1);
        faults
            .push_n_for("add_images", Fault::InternalServerError, 2)
            .unwrap();
        faults.push(Fault::MalformedJson);
        assert_eq!(faults.pending(), 3);
        assert_eq!(faults.pending_for("add_images"), Ok(2));
        // Another operation meets the fault scripted for any, not the aimed ones.
        assert_eq!(
            faults.next_fault_for(named("test_my_credentials")),
            Some(Fault::MalformedJson)
        );
        assert_eq!(faults.next_fault_for(named("list_images")), None);
        assert_eq!(
            faults.next_fault_for(named("add_images")),
            Some(Fault::InternalServerError)
        );
        assert_eq!(faults.pending(), 1);
        faults.clear();
        assert_eq!(faults.next_fault_for(named("add_images")), None);

        let error = faults.push_for("add_image", Fault::BadGateway).unwrap_err();
        let ids: Vec<&str> = finerworks_api::operations::ALL
            .iter()
            .map(|o| o.id)
            .collect();
        assert_eq!(
            error.to_string(),
            format!(
                "unknown operation `add_image`: expected one of {}",
                ids.join(", ")
            )
        );
        assert!(ids.starts_with(&["list_images", "test_my_credentials", "add_images"]));
        assert!(faults.pending_for("Add_Images").is_err());
        assert_eq!(faults.pending(), 0);
    }

    #[test]
    fn random_faults_after_the_fact_meet_only_operations_that_are_not_idempotent() {
        let draws = |operation: &str, after: bool| {
            let faults = Faults::new(Duration::ZERO, Duration::ZERO, 1, 1.0, 9);
            faults.set_random_after(after);
            (0..60)
                .map(|_| faults.next_fault_for(named(operation)).unwrap())
                .collect::<Vec<_>>()
        };
        let submissions = draws("submit_orders_v2", true);
        assert_eq!(submissions, draws("submit_orders_v2", true), "seeded");
        for kind in [Fault::InternalServerErrorAfter, Fault::DropConnectionAfter] {
            assert!(submissions.contains(&kind), "{kind:?} never drawn in 60");
        }
        assert!(
            submissions.iter().any(|fault| !fault.acts()),
            "transient kinds stay"
        );
        assert!(
            draws("fetch_order_status", true)
                .iter()
                .all(|fault| !fault.acts())
        );
        assert!(
            draws("submit_orders_v2", false)
                .iter()
                .all(|fault| !fault.acts())
        );
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
