//! [`MockConfig`]: how to start a [`MockServer`](crate::MockServer): address, data, keys, latency
//! and random faults.

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

/// How to start a [`MockServer`](crate::MockServer). Every setting has a default; set the ones
/// you care about with the builder methods.
///
/// The keys are left out of the `Debug` output.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use finerworks_mock::MockConfig;
///
/// let config = MockConfig::new()
///     .images(1_000)
///     .seed(7)
///     .keys("my-web-api-key", "my-app-key")
///     .latency(Duration::from_millis(20))
///     .random_faults(0.05, 99);
/// assert!(!format!("{config:?}").contains("my-app-key"));
/// ```
#[derive(Clone)]
pub struct MockConfig {
    pub(crate) addr: SocketAddr,
    pub(crate) images: usize,
    pub(crate) seed: u64,
    pub(crate) web_api_key: String,
    pub(crate) app_key: String,
    pub(crate) latency: Duration,
    pub(crate) jitter: Duration,
    pub(crate) fault_rate: f64,
    pub(crate) fault_seed: Option<u64>,
}

impl MockConfig {
    /// The `web_api_key` a server expects unless told otherwise (not a real key).
    pub const DEMO_WEB_API_KEY: &'static str = "8c5e1b2a-0d4f-4a7e-9b61-3f2d7c9e0a15";
    /// The `app_key` a server expects unless told otherwise (not a real key).
    pub const DEMO_APP_KEY: &'static str = "f47ac10b-58cc-4372-a567-0e02b2c3d479";
    /// How many inventory images a server has unless told otherwise.
    pub const DEFAULT_IMAGES: usize = 250;
    /// The seed of the data unless told otherwise.
    pub const DEFAULT_SEED: u64 = 42;

    /// The defaults: an ephemeral port on 127.0.0.1, 250 inventory images from seed 42, the demo
    /// keys, no latency and no faults.
    #[must_use]
    pub fn new() -> Self {
        Self {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            images: Self::DEFAULT_IMAGES,
            seed: Self::DEFAULT_SEED,
            web_api_key: Self::DEMO_WEB_API_KEY.to_owned(),
            app_key: Self::DEMO_APP_KEY.to_owned(),
            latency: Duration::ZERO,
            jitter: Duration::ZERO,
            fault_rate: 0.0,
            fault_seed: None,
        }
    }

    /// The configuration of the command line's `--demo`: a few hundred images, the demo keys,
    /// seed 42.
    #[must_use]
    pub fn demo() -> Self {
        Self::new().images(320)
    }

    /// Listens on `addr` (default `127.0.0.1:0`: a free port on the loopback interface).
    #[must_use]
    pub fn addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// Serves `inventory` inventory images (default 250). The temporary library gets its own,
    /// smaller set of `inventory / 10 + 3` images.
    #[must_use]
    pub fn images(mut self, inventory: usize) -> Self {
        self.images = inventory;
        self
    }

    /// Generates the data from `seed` (default 42): the same seed gives the same images on every
    /// machine.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Expects these keys in the `web_api_key` and `app_key` headers (default
    /// [`DEMO_WEB_API_KEY`](Self::DEMO_WEB_API_KEY) and [`DEMO_APP_KEY`](Self::DEMO_APP_KEY)).
    #[must_use]
    pub fn keys(mut self, web_api_key: impl Into<String>, app_key: impl Into<String>) -> Self {
        self.web_api_key = web_api_key.into();
        self.app_key = app_key.into();
        self
    }

    /// Answers every request `fixed` after it arrived (default: at once), like a server that far
    /// away. The answer is built meanwhile, so building it adds nothing unless it takes longer.
    #[must_use]
    pub fn latency(mut self, fixed: Duration) -> Self {
        self.latency = fixed;
        self
    }

    /// Adds a random `0..=max` to every response, on top of [`latency`](Self::latency) (default
    /// none). The draws are seeded from [`seed`](Self::seed).
    #[must_use]
    pub fn jitter(mut self, max: Duration) -> Self {
        self.jitter = max;
        self
    }

    /// Makes each `list_images` request fail with probability `rate` (clamped to 0..=1) with a
    /// transient failure (500, 502, 503, 504 or 429), drawn from a generator seeded with `seed`.
    ///
    /// See [`Faults::set_random_rate`](crate::Faults::set_random_rate) to change the rate later.
    #[must_use]
    pub fn random_faults(mut self, rate: f64, seed: u64) -> Self {
        self.fault_rate = rate;
        self.fault_seed = Some(seed);
        self
    }
}

impl Default for MockConfig {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for MockConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockConfig")
            .field("addr", &self.addr)
            .field("images", &self.images)
            .field("seed", &self.seed)
            .field("web_api_key", &"<redacted>")
            .field("app_key", &"<redacted>")
            .field("latency", &self.latency)
            .field("jitter", &self.jitter)
            .field("fault_rate", &self.fault_rate)
            .field("fault_seed", &self.fault_seed)
            .finish()
    }
}
