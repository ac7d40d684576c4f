//! [`RecordedRequest`] and the server's request counter and log.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::Fault;

/// What a client asked the mock, and what it was answered. The keys themselves are never kept,
/// only whether they were sent.
///
/// # Examples
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use finerworks_mock::MockServer;
///
/// let server = MockServer::start().await?;
/// // ... let the code under test call server.base_url() ...
/// for request in server.requests() {
///     assert!(request.had_web_api_key && request.had_app_key, "{request:?}");
/// }
/// server.shutdown().await;
/// # Ok::<(), std::io::Error>(())
/// # }).unwrap();
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The HTTP method, such as `POST`.
    pub method: String,
    /// The path as sent (its case kept, without the query).
    pub path: String,
    /// The operation the request was for, as the spec's `operationId` (`list_images`,
    /// `test_my_credentials`, `add_images`, `update_images`, `delete_images`); `None` when it
    /// was for none: an unknown path, or a known one with another method (a 404 or a 405).
    pub operation: Option<String>,
    /// The body, when it was JSON.
    pub body: Option<serde_json::Value>,
    /// The HTTP status the mock answered; 0 when it sent none: the connection was dropped
    /// ([`Fault::DropConnection`]), or the answer is not ready yet (a [`Fault::Stall`] or latency
    /// still running).
    pub status: u16,
    /// The fault acted out for this request, if any.
    pub fault: Option<Fault>,
    /// Whether a `web_api_key` header was sent (right or wrong).
    pub had_web_api_key: bool,
    /// Whether an `app_key` header was sent (right or wrong).
    pub had_app_key: bool,
    /// The `User-Agent` header, if any.
    pub user_agent: Option<String>,
}

/// The most requests the log keeps; older ones are forgotten (the counter still counts them).
pub(crate) const LOG_CAPACITY: usize = 10_000;

/// Counts requests and keeps the latest [`LOG_CAPACITY`] of them, in arrival order.
#[derive(Default)]
pub(crate) struct RequestLog {
    count: AtomicU64,
    entries: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    /// The sequence number of `list[0]`; the numbers of the rest follow without gaps.
    first: u64,
    list: VecDeque<RecordedRequest>,
}

impl Entries {
    fn get_mut(&mut self, sequence: u64) -> Option<&mut RecordedRequest> {
        let index = usize::try_from(sequence.checked_sub(self.first)?).ok()?;
        self.list.get_mut(index)
    }
}

fn lock(mutex: &Mutex<Entries>) -> std::sync::MutexGuard<'_, Entries> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl RequestLog {
    /// Counts and logs a request that has just arrived; returns its sequence number.
    pub(crate) fn begin(&self, request: RecordedRequest) -> u64 {
        let mut entries = lock(&self.entries);
        self.count.fetch_add(1, Ordering::SeqCst);
        if entries.list.len() == LOG_CAPACITY {
            entries.list.pop_front();
            entries.first += 1;
        }
        entries.list.push_back(request);
        entries.first + entries.list.len() as u64 - 1
    }

    /// Records what request `sequence` was answered (if it is still in the log).
    pub(crate) fn finish(&self, sequence: u64, status: u16, fault: Option<Fault>) {
        if let Some(entry) = lock(&self.entries).get_mut(sequence) {
            entry.status = status;
            entry.fault = fault;
        }
    }

    pub(crate) fn count(&self) -> u64 {
        self.count.load(Ordering::SeqCst)
    }

    pub(crate) fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.entries).list.iter().cloned().collect()
    }

    pub(crate) fn reset(&self) {
        let mut entries = lock(&self.entries);
        self.count.store(0, Ordering::SeqCst);
        entries.first += entries.list.len() as u64;
        entries.list.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(path: &str) -> RecordedRequest {
        RecordedRequest {
            method: "POST".into(),
            path: path.into(),
            operation: Some("list_images".into()),
            body: None,
            status: 0,
            fault: None,
            had_web_api_key: true,
            had_app_key: true,
            user_agent: None,
        }
    }

    #[test]
    fn answers_reach_their_own_entry_even_after_a_reset() {
        let log = RequestLog::default();
        let first = log.begin(request("/a"));
        log.reset();
        let second = log.begin(request("/b"));
        log.finish(first, 500, None);
        log.finish(second, 200, None);
        let requests = log.requests();
        assert_eq!(log.count(), 1);
        assert_eq!(requests.len(), 1);
        assert_eq!((requests[0].path.as_str(), requests[0].status), ("/b", 200));
    }

    #[test]
    fn keeps_the_latest_requests_and_counts_them_all() {
        let log = RequestLog::default();
        let sequences: Vec<u64> = (0..LOG_CAPACITY + 5)
            .map(|i| log.begin(request(&format!("/{i}"))))
            .collect();
        log.finish(sequences[0], 500, None);
        log.finish(sequences[LOG_CAPACITY + 4], 200, None);
        let requests = log.requests();
        assert_eq!(log.count(), (LOG_CAPACITY + 5) as u64);
        assert_eq!(requests.len(), LOG_CAPACITY);
        assert_eq!(requests[0].path, "/5");
        assert_eq!(requests[LOG_CAPACITY - 1].status, 200);
        assert!(requests.iter().all(|r| r.status != 500));
    }
}
