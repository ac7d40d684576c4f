//! [`RecordedRequest`] and the server's request counter and log, bounded in entries and in the
//! bytes of the bodies it keeps.

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
    /// The body, when it was JSON and kept. It is not kept when the request's keys did not both
    /// match (whatever it was answered), nor once the log's budget for bodies needed its room
    /// ([`MockConfig::log_body_budget`](crate::MockConfig::log_body_budget)).
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

/// Counts requests and keeps the latest [`LOG_CAPACITY`] of them, in arrival order, with the
/// bodies of the latest ones up to a budget in bytes.
///
/// A body is kept as the bytes received (copied out of the connection's buffer, so that it
/// holds no more than its own length), which is what the budget counts, and read as JSON when
/// [`requests`](Self::requests) is called.
pub(crate) struct RequestLog {
    count: AtomicU64,
    entries: Mutex<Entries>,
}

struct Entries {
    /// The sequence number of `list[0]`; the numbers of the rest follow without gaps.
    first: u64,
    list: VecDeque<Entry>,
    /// The most bytes of bodies kept at once.
    budget: usize,
    /// The bytes of the bodies kept now.
    bytes: usize,
    /// Every entry before this sequence number has no body: the bodies dropped for the budget
    /// go oldest first, so the next one to drop is never before it.
    bodiless_before: u64,
    /// How many bodies were dropped, or never kept, for the budget.
    dropped: u64,
}

struct Entry {
    request: RecordedRequest,
    body: Option<Box<[u8]>>,
}

impl Entries {
    fn get_mut(&mut self, sequence: u64) -> Option<&mut Entry> {
        let index = usize::try_from(sequence.checked_sub(self.first)?).ok()?;
        self.list.get_mut(index)
    }

    /// Drops the oldest bodies until `room` more bytes fit in the budget.
    fn make_room(&mut self, room: usize) {
        let mut sequence = self.bodiless_before.max(self.first);
        while self.bytes + room > self.budget {
            let Some(entry) = self.get_mut(sequence) else {
                break;
            };
            if let Some(body) = entry.body.take() {
                self.bytes -= body.len();
                self.dropped += 1;
            }
            sequence += 1;
        }
        self.bodiless_before = sequence;
    }
}

fn lock(mutex: &Mutex<Entries>) -> std::sync::MutexGuard<'_, Entries> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl RequestLog {
    /// An empty log that keeps at most `budget` bytes of bodies.
    pub(crate) fn new(budget: usize) -> Self {
        RequestLog {
            count: AtomicU64::new(0),
            entries: Mutex::new(Entries {
                first: 0,
                list: VecDeque::new(),
                budget,
                bytes: 0,
                bodiless_before: 0,
                dropped: 0,
            }),
        }
    }

    /// Counts and logs a request that has just arrived, with its body if it should be kept (the
    /// caller passes none for a request whose keys do not match); returns its sequence number.
    /// A body that is not JSON, or larger than the whole budget, is not kept.
    pub(crate) fn begin(&self, mut request: RecordedRequest, body: Option<&[u8]>) -> u64 {
        request.body = None;
        let body =
            body.filter(|bytes| serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok());
        let mut entries = lock(&self.entries);
        self.count.fetch_add(1, Ordering::SeqCst);
        if entries.list.len() == LOG_CAPACITY {
            if let Some(Entry {
                body: Some(body), ..
            }) = entries.list.pop_front()
            {
                entries.bytes -= body.len();
            }
            entries.first += 1;
        }
        let body = match body {
            Some(bytes) if bytes.len() <= entries.budget => {
                entries.make_room(bytes.len());
                entries.bytes += bytes.len();
                Some(Box::from(bytes))
            }
            Some(_) => {
                entries.dropped += 1;
                None
            }
            None => None,
        };
        entries.list.push_back(Entry { request, body });
        entries.first + entries.list.len() as u64 - 1
    }

    /// Records what request `sequence` was answered (if it is still in the log).
    pub(crate) fn finish(&self, sequence: u64, status: u16, fault: Option<Fault>) {
        if let Some(entry) = lock(&self.entries).get_mut(sequence) {
            entry.request.status = status;
            entry.request.fault = fault;
        }
    }

    pub(crate) fn count(&self) -> u64 {
        self.count.load(Ordering::SeqCst)
    }

    /// The bytes of the bodies kept now.
    pub(crate) fn bytes(&self) -> usize {
        lock(&self.entries).bytes
    }

    /// How many bodies were dropped, or never kept, to stay within the budget.
    pub(crate) fn bodies_dropped(&self) -> u64 {
        lock(&self.entries).dropped
    }

    pub(crate) fn requests(&self) -> Vec<RecordedRequest> {
        // Copied under the lock, read as JSON after it, so requests are not held up meanwhile.
        let copied: Vec<(RecordedRequest, Option<Box<[u8]>>)> = lock(&self.entries)
            .list
            .iter()
            .map(|entry| (entry.request.clone(), entry.body.clone()))
            .collect();
        copied
            .into_iter()
            .map(|(mut request, body)| {
                request.body = body.and_then(|bytes| serde_json::from_slice(&bytes).ok());
                request
            })
            .collect()
    }

    pub(crate) fn reset(&self) {
        let mut entries = lock(&self.entries);
        self.count.store(0, Ordering::SeqCst);
        entries.first += entries.list.len() as u64;
        entries.bodiless_before = entries.first;
        entries.list.clear();
        entries.bytes = 0;
        entries.dropped = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default budget of a server, 16 MiB.
    const BUDGET: usize = 16 << 20;

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

    /// A JSON body of exactly `len` bytes (at least 2) that names `n`.
    fn json_of(len: usize, n: usize) -> Vec<u8> {
        let mut text = format!("[{n}");
        text.push_str(&" ".repeat(len - text.len() - 1));
        text.push(']');
        text.into_bytes()
    }

    #[test]
    fn answers_reach_their_own_entry_even_after_a_reset() {
        let log = RequestLog::new(BUDGET);
        let first = log.begin(request("/a"), None);
        log.reset();
        let second = log.begin(request("/b"), None);
        log.finish(first, 500, None);
        log.finish(second, 200, None);
        let requests = log.requests();
        assert_eq!(log.count(), 1);
        assert_eq!(requests.len(), 1);
        assert_eq!((requests[0].path.as_str(), requests[0].status), ("/b", 200));
    }

    #[test]
    fn keeps_the_latest_requests_and_counts_them_all() {
        let log = RequestLog::new(BUDGET);
        let sequences: Vec<u64> = (0..LOG_CAPACITY + 5)
            .map(|i| log.begin(request(&format!("/{i}")), Some(b"{}")))
            .collect();
        log.finish(sequences[0], 500, None);
        log.finish(sequences[LOG_CAPACITY + 4], 200, None);
        let requests = log.requests();
        assert_eq!(log.count(), (LOG_CAPACITY + 5) as u64);
        assert_eq!(requests.len(), LOG_CAPACITY);
        assert_eq!(requests[0].path, "/5");
        assert_eq!(requests[LOG_CAPACITY - 1].status, 200);
        assert!(requests.iter().all(|r| r.status != 500));
        // The bodies of the forgotten requests no longer count.
        assert_eq!(log.bytes(), 2 * LOG_CAPACITY);
        assert_eq!(log.bodies_dropped(), 0);
    }

    #[test]
    fn bodies_stay_within_the_budget_newest_kept() {
        let log = RequestLog::new(1_000);
        for n in 0..50 {
            log.begin(request(&format!("/{n}")), Some(&json_of(300, n)));
            assert!(log.bytes() <= 1_000, "{} bytes after {n}", log.bytes());
        }
        // Three bodies of 300 bytes fit in 1 000: the last three; every entry stays.
        assert_eq!(log.bytes(), 900);
        assert_eq!(log.bodies_dropped(), 47);
        let requests = log.requests();
        assert_eq!(requests.len(), 50);
        let kept: Vec<usize> = requests
            .iter()
            .enumerate()
            .filter_map(|(n, r)| r.body.as_ref().map(|body| (n, body)))
            .map(|(n, body)| {
                assert_eq!(body[0], n, "entry {n} holds its own body");
                n
            })
            .collect();
        assert_eq!(kept, [47, 48, 49]);

        // A body larger than the whole budget is never kept, and takes no room from the others;
        // an entry without a body takes none either.
        log.begin(request("/huge"), Some(&json_of(1_001, 50)));
        log.begin(request("/none"), None);
        log.begin(request("/text"), Some(b"not json"));
        assert_eq!((log.bytes(), log.bodies_dropped()), (900, 48));
        // A smaller body drops just enough of the oldest.
        log.begin(request("/small"), Some(&json_of(150, 53)));
        assert_eq!((log.bytes(), log.bodies_dropped()), (750, 49));
        let requests = log.requests();
        let with_body: Vec<&str> = requests
            .iter()
            .filter(|r| r.body.is_some())
            .map(|r| r.path.as_str())
            .collect();
        assert_eq!(with_body, ["/48", "/49", "/small"]);

        log.reset();
        assert_eq!((log.bytes(), log.bodies_dropped()), (0, 0));
        log.begin(request("/after"), Some(&json_of(1_000, 0)));
        assert_eq!(log.bytes(), 1_000);
        assert!(log.requests()[0].body.is_some());
    }

    #[test]
    fn a_budget_of_zero_keeps_no_body() {
        let log = RequestLog::new(0);
        log.begin(request("/a"), Some(b"{}"));
        assert_eq!((log.bytes(), log.bodies_dropped()), (0, 1));
        assert!(log.requests()[0].body.is_none());
    }
}
