//! Shared pieces of the benchmarks: the mock in a child process, the plain-reqwest baselines, and
//! the process's CPU time and peak memory read from `/proc` (Linux).
//!
//! Each benchmark binary calls [`serve_mock_if_asked`] first: started with [`SERVE_FLAG`], it runs
//! the mock instead of the benchmark. That way the mock is in another process (its CPU time and
//! memory are not the client's) and no binary path has to be found.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use finerworks::Client;
use finerworks_mock::{MockConfig, MockServer};
use serde_json::Value;

/// The argument that turns a benchmark binary into a mock server.
pub const SERVE_FLAG: &str = "--serve-finerworks-mock";

/// If the process was started with [`SERVE_FLAG`] `<images> <latency_ms> [<rate_per_s> <burst>]`,
/// runs the mock (with a rate limit when given) until it is killed (never returns). Otherwise
/// returns at once.
///
/// # Panics
///
/// When the arguments after the flag are not numbers or the mock cannot start.
pub fn serve_mock_if_asked() {
    let args: Vec<String> = std::env::args().collect();
    let Some(at) = args.iter().position(|a| a == SERVE_FLAG) else {
        return;
    };
    let images: usize = args[at + 1].parse().expect("image count");
    let latency_ms: u64 = args[at + 2].parse().expect("latency in ms");
    let rate_limit: Option<(f64, u32)> = args.get(at + 3).map(|rate| {
        let burst = args.get(at + 4).expect("a burst after the rate");
        (
            rate.parse().expect("requests per second"),
            burst.parse().expect("burst"),
        )
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let mut config = MockConfig::new()
            .images(images)
            .latency(Duration::from_millis(latency_ms));
        if let Some((rate, burst)) = rate_limit {
            config = config.rate_limit(rate, burst);
        }
        let mock = MockServer::start_with(config).await.expect("mock starts");
        // The parent waits for this line.
        let line = format!("ready {}\n", mock.base_url());
        std::io::Write::write_all(&mut std::io::stdout(), line.as_bytes()).expect("stdout");
        std::future::pending::<()>().await;
    });
    unreachable!("the mock serves until it is killed");
}

/// A mock server in a child process, killed on drop.
pub struct MockProcess {
    child: Child,
    /// The mock's base URL.
    pub base_url: String,
}

impl MockProcess {
    /// Starts the current executable as a mock with `images` inventory images and `latency` per
    /// response.
    ///
    /// # Panics
    ///
    /// When the child cannot be started or does not say where it listens.
    #[must_use]
    pub fn spawn(images: usize, latency: Duration) -> Self {
        Self::spawn_with_args(images, latency, &[])
    }

    /// Like [`spawn`](Self::spawn), with a token-bucket rate limit of `per_second` requests and
    /// bursts of `burst` (429 with `Retry-After` beyond it).
    ///
    /// # Panics
    ///
    /// When the child cannot be started or does not say where it listens.
    #[must_use]
    pub fn spawn_rate_limited(
        images: usize,
        latency: Duration,
        per_second: f64,
        burst: u32,
    ) -> Self {
        Self::spawn_with_args(
            images,
            latency,
            &[per_second.to_string(), burst.to_string()],
        )
    }

    fn spawn_with_args(images: usize, latency: Duration, extra: &[String]) -> Self {
        let exe = std::env::current_exe().expect("current exe");
        let mut child = Command::new(exe)
            .arg(SERVE_FLAG)
            .arg(images.to_string())
            .arg(latency.as_millis().to_string())
            .args(extra)
            .stdout(Stdio::piped())
            .spawn()
            .expect("mock child starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("mock says where it listens");
        let base_url = line
            .trim()
            .strip_prefix("ready ")
            .expect("a ready line")
            .to_string();
        Self { child, base_url }
    }

    /// A client for this mock with the given paging concurrency.
    ///
    /// # Panics
    ///
    /// When the client cannot be built.
    #[must_use]
    pub fn client(&self, concurrency: usize) -> Client {
        Client::builder()
            .base_url(&self.base_url)
            .web_api_key(MockConfig::DEMO_WEB_API_KEY)
            .app_key(MockConfig::DEMO_APP_KEY)
            .session_id("benchmark-session-01")
            .site_id(2)
            .concurrency(concurrency)
            .build()
            .expect("client")
    }

    /// The `list_images` URL of this mock.
    #[must_use]
    pub fn url(&self) -> String {
        use finerworks_api::Operation as _;
        self.url_of(finerworks_api::operations::ListImages::PATH)
    }

    /// The URL of the operation whose path is `path` on this mock.
    #[must_use]
    pub fn url_of(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The body a plain client sends for one page of 50 images with products.
#[must_use]
pub fn page_body(page: u32) -> Value {
    serde_json::json!({
        "library": {"name": "inventory", "session_id": "benchmark-session-01", "site_id": 2},
        "page_number": page,
        "per_page": 50,
        "list_products": true,
    })
}

/// One `list_images` call the plain way: reqwest, the two key headers, the body as bytes.
///
/// # Panics
///
/// On any HTTP error: a baseline has no error handling to speak of, that is the point.
pub async fn plain_call(http: &reqwest::Client, url: &str, page: u32) -> bytes::Bytes {
    let body = serde_json::to_vec(&page_body(page)).expect("body");
    http.post(url)
        .header("web_api_key", MockConfig::DEMO_WEB_API_KEY)
        .header("app_key", MockConfig::DEMO_APP_KEY)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("sent")
        .error_for_status()
        .expect("HTTP 200")
        .bytes()
        .await
        .expect("body")
}

/// CPU time used by this process so far, all threads (from `/proc/self/stat`, in clock ticks of
/// 10 ms). `None` off Linux.
#[must_use]
pub fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields.
    let after = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // USER_HZ is 100 on every Linux this runs on.
    Some(Duration::from_millis(ticks * 10))
}

/// The peak resident memory of this process (`VmHWM`), in bytes. `None` off Linux.
#[must_use]
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// The median of some durations.
///
/// # Panics
///
/// When `samples` is empty.
#[must_use]
pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort_unstable();
    samples[samples.len() / 2]
}
