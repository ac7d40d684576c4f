//! [`MockConfig`]: how to start a [`MockServer`](crate::MockServer): address, data, keys, latency,
//! random faults, a rate limit, and the behaviour profile for what the FinerWorks docs leave open.

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use crate::orders::{DuplicatePo, OrderIdKind, TestOrders, ValidateAnswer};
use crate::ratelimit::RateLimit;
use crate::state::OrderProfile;
use crate::{
    BodyForm, CountMode, Echo, Nulls, OmittedFields, OverLimit, ProductAnswer, UnknownInventorySku,
    UnknownSku,
};

/// How to start a [`MockServer`](crate::MockServer). Every setting has a default; set the ones
/// you care about with the builder methods.
///
/// The keys are left out of the `Debug` output; every other setting is in it.
///
/// Where the FinerWorks docs leave a behaviour open, the mock follows the most likely reading
/// by default and has a switch for the others: [`count`](Self::count),
/// [`over_limit`](Self::over_limit), [`page_size_cap`](Self::page_size_cap),
/// [`echo`](Self::echo), [`nulls`](Self::nulls), plus a [`rate_limit`](Self::rate_limit)
/// (FinerWorks documents none) and [`strict`](Self::strict) validation against the spec.
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
///
/// A FinerWorks that reads the docs differently: a `count` of 0, pages of at most 25, and at
/// most 5 requests a second:
///
/// ```
/// use finerworks_mock::{CountMode, Echo, MockConfig};
///
/// let config = MockConfig::new()
///     .count(CountMode::Zero)
///     .page_size_cap(Some(25))
///     .echo(Echo::Zero)
///     .rate_limit(5.0, 5);
/// assert!(format!("{config:?}").contains("page_size_cap: Some(25)"));
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
    pub(crate) fault_after: bool,
    pub(crate) count: CountMode,
    pub(crate) over_limit: OverLimit,
    pub(crate) page_size_cap: Option<u32>,
    pub(crate) echo: Echo,
    pub(crate) nulls: Nulls,
    pub(crate) prices_body: BodyForm,
    pub(crate) details_body: BodyForm,
    pub(crate) unknown_sku: UnknownSku,
    pub(crate) product_answer: ProductAnswer,
    pub(crate) unknown_inventory_sku: UnknownInventorySku,
    pub(crate) omitted_fields: OmittedFields,
    pub(crate) rate_limit: Option<RateLimit>,
    pub(crate) strict: bool,
    pub(crate) indexing_delay: Duration,
    pub(crate) log_body_budget: usize,
    pub(crate) body_timeout: Duration,
    pub(crate) max_connections: usize,
    pub(crate) orders: OrderProfile,
    pub(crate) order_pace: Option<Duration>,
    pub(crate) sample_orders: usize,
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
    /// How many bytes of request bodies the log keeps unless told otherwise: 16 MiB.
    pub const DEFAULT_LOG_BODY_BUDGET: usize = 16 << 20;
    /// How long a request's body may take to arrive unless told otherwise: 10 seconds.
    pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(10);
    /// How many connections may be open at once unless told otherwise: 512.
    pub const DEFAULT_MAX_CONNECTIONS: usize = 512;

    /// The defaults: an ephemeral port on 127.0.0.1, 250 inventory images from seed 42, the demo
    /// keys, no latency, no faults, no rate limit, the default reading of everything the docs
    /// leave open, ASP.NET-style (not strict) validation, a log that keeps up to 16 MiB of
    /// request bodies, 10 seconds for a request's body to arrive and at most 512 open
    /// connections.
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
            fault_after: false,
            count: CountMode::default(),
            over_limit: OverLimit::default(),
            page_size_cap: None,
            echo: Echo::default(),
            nulls: Nulls::default(),
            prices_body: BodyForm::default(),
            details_body: BodyForm::default(),
            unknown_sku: UnknownSku::default(),
            product_answer: ProductAnswer::default(),
            unknown_inventory_sku: UnknownInventorySku::default(),
            omitted_fields: OmittedFields::default(),
            rate_limit: None,
            strict: false,
            indexing_delay: Duration::ZERO,
            log_body_budget: Self::DEFAULT_LOG_BODY_BUDGET,
            body_timeout: Self::DEFAULT_BODY_TIMEOUT,
            max_connections: Self::DEFAULT_MAX_CONNECTIONS,
            orders: OrderProfile::default(),
            order_pace: None,
            sample_orders: 0,
        }
    }

    /// The configuration of the command line's `--demo`: a few hundred images, the demo keys,
    /// seed 42, and three orders already received (ids 1234567 to 1234569, the first the id of
    /// the vendor's `update_order` example; POs `PO_0001` to `PO_0003`).
    #[must_use]
    pub fn demo() -> Self {
        Self::new().images(320).sample_orders(3)
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

    /// Makes each request for an operation fail with probability `rate` (clamped to 0..=1) with a
    /// transient failure (500, 502, 503, 504 or 429), drawn from a generator seeded with `seed`.
    ///
    /// See [`Faults::set_random_rate`](crate::Faults::set_random_rate) to change the rate later.
    #[must_use]
    pub fn random_faults(mut self, rate: f64, seed: u64) -> Self {
        self.fault_rate = rate;
        self.fault_seed = Some(seed);
        self
    }

    /// What `count` says (default [`CountMode::Exact`]: the number of images that match the
    /// filters). Assumed: the vendor's own example answers `count: 0` beside an image.
    #[must_use]
    pub fn count(mut self, mode: CountMode) -> Self {
        self.count = mode;
        self
    }

    /// What a `per_page` above the spec's maximum
    /// ([`PER_PAGE_MAX`](finerworks_api::limits::list_images_request::PER_PAGE_MAX)) does
    /// (default [`OverLimit::Reject`]: a 400 naming `request.per_page`). Assumed: the docs give
    /// the limit, not what happens past it.
    #[must_use]
    pub fn over_limit(mut self, mode: OverLimit) -> Self {
        self.over_limit = mode;
        self
    }

    /// Serves at most `cap` images a page, whatever valid `per_page` the request asked for,
    /// without an error (default `None`: pages are as large as asked). Page `k` then holds the
    /// matches `(k-1)*size..k*size`, where `size` is the smaller of `per_page` and `cap`, so the
    /// pages still partition the result; a client that stops at the first page shorter than it
    /// asked for stops too early. What `per_page` the answer echoes is up to [`echo`](Self::echo).
    /// A cap of 0 is read as 1.
    #[must_use]
    pub fn page_size_cap(mut self, cap: Option<u32>) -> Self {
        self.page_size_cap = cap.map(|cap| cap.max(1));
        self
    }

    /// What the answer's `page_number` and `per_page` say (default [`Echo::Used`]: the values the
    /// server used). Assumed: the vendor's example answers 0 for both.
    #[must_use]
    pub fn echo(mut self, mode: Echo) -> Self {
        self.echo = mode;
        self
    }

    /// What an explicit `null` does for `page_number`, `per_page` and `list_products` (default
    /// [`Nulls::Reject`]: ASP.NET's 400, as for a .NET `int` or `bool`). Assumed: FinerWorks does
    /// not publish its .NET types; [`Nulls`] says why this is the likely reading.
    #[must_use]
    pub fn nulls(mut self, mode: Nulls) -> Self {
        self.nulls = mode;
        self
    }

    /// Which bodies `get_prices` reads (default [`BodyForm::Both`]). Assumed: the vendor's pages
    /// show a bare array and an object, and do not say which FinerWorks reads.
    #[must_use]
    pub fn prices_body(mut self, form: BodyForm) -> Self {
        self.prices_body = form;
        self
    }

    /// Which bodies `get_product_details` reads (default [`BodyForm::Both`]). Assumed, as for
    /// [`prices_body`](Self::prices_body).
    #[must_use]
    pub fn details_body(mut self, form: BodyForm) -> Self {
        self.details_body = form;
        self
    }

    /// What `get_prices` and `get_product_details` answer for an unknown SKU (default
    /// [`UnknownSku::Priced`]: every SKU is known). Assumed: the docs do not say.
    #[must_use]
    pub fn unknown_sku(mut self, mode: UnknownSku) -> Self {
        self.unknown_sku = mode;
        self
    }

    /// What `submit_product` answers when it adds a product to the virtual inventory (default
    /// [`ProductAnswer::Product`]: the product created, with its new SKU). Assumed: FinerWorks
    /// publishes no answer for it.
    #[must_use]
    pub fn product_answer(mut self, answer: ProductAnswer) -> Self {
        self.product_answer = answer;
        self
    }

    /// What `update_virtual_inventory` does with a SKU no product has (default
    /// [`UnknownInventorySku::Skip`]: left out of the answer). Assumed: FinerWorks does not say.
    #[must_use]
    pub fn unknown_inventory_sku(mut self, mode: UnknownInventorySku) -> Self {
        self.unknown_inventory_sku = mode;
        self
    }

    /// What `update_virtual_inventory` does with a field an item leaves out (default
    /// [`OmittedFields::Keep`]: a partial update). Assumed: FinerWorks does not say.
    #[must_use]
    pub fn omitted_fields(mut self, mode: OmittedFields) -> Self {
        self.omitted_fields = mode;
        self
    }

    /// Limits every route to `per_second` requests a second on average, up to `burst` at once
    /// (a token bucket that starts full; default: no limit). A request that finds no token gets
    /// HTTP 429 with `Retry-After` (the whole seconds until a token is there, at least 1) and
    /// `{"Message": "API calls quota exceeded! Try again in N seconds."}`. FinerWorks documents
    /// no rate limit: this one is an assumption, to test how a client copes with one.
    ///
    /// The limit is checked after the scripted and random faults (a request that meets a fault
    /// takes no token) and before the keys, so a request with wrong keys takes a token too.
    /// Refused requests are counted and logged like the others. Time is Tokio's clock, so a test
    /// can use `tokio::time::pause` and `advance` instead of waiting. A `burst` of 0 is read as 1.
    ///
    /// # Panics
    ///
    /// When `per_second` is not a positive, finite number.
    #[must_use]
    pub fn rate_limit(mut self, per_second: f64, burst: u32) -> Self {
        assert!(
            per_second.is_finite() && per_second > 0.0,
            "a rate limit must be a positive number of requests a second, not {per_second}"
        );
        self.rate_limit = Some(RateLimit {
            per_second,
            burst: burst.max(1),
        });
        self
    }

    /// Checks each request body against the spec's request schema of its operation
    /// (`list_images_request`, `add_images_request`, `update_images_request`,
    /// `delete_images_request`) before reading it (default `false`). A body the spec forbids,
    /// such as one with `"per_page": null` or `"sort_field": "size"`, is then refused as
    /// FinerWorks refuses bad input, HTTP 400 with a `ModelState`, whose keys name every field
    /// that breaks a rule of the spec (`request.per_page`), each with the rule
    /// (`Not allowed by the spec (nullable): null is not allowed (not nullable).`), instead of
    /// being read as leniently as ASP.NET would. Use it in your own tests to catch requests that
    /// work against the real API only by its tolerance.
    ///
    /// The check comes after the keys, the content type and the JSON syntax (which keep their
    /// FinerWorks answers).
    #[must_use]
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Lists an added image only once `delay` has passed since it was added (default
    /// [`Duration::ZERO`]: at once). FinerWorks documents no such delay; a third-party client
    /// reports that a new image can take a few seconds to be listed, so one is assumed possible.
    /// Set a delay to test code that adds images and then lists them.
    ///
    /// Until then, `list_images` leaves the image out (of its pages and its `count`), while
    /// `update_images` and `delete_images` already find it, and so do
    /// [`MockServer::inventory`](crate::MockServer::inventory) and the answer of `add_images`.
    /// The images added by [`MockServer::add_images`](crate::MockServer::add_images) and
    /// [`MockServer::insert_images`](crate::MockServer::insert_images) wait too. Time is Tokio's
    /// clock, so a test can use `tokio::time::pause` and `advance` instead of waiting.
    #[must_use]
    pub fn indexing_delay(mut self, delay: Duration) -> Self {
        self.indexing_delay = delay;
        self
    }

    /// Keeps at most `bytes` bytes of request bodies in the request log (default
    /// [`DEFAULT_LOG_BODY_BUDGET`](Self::DEFAULT_LOG_BODY_BUDGET), 16 MiB), counted as the bytes
    /// received. When a new body does not fit, the bodies of the oldest requests are dropped
    /// first: their entries stay in [`MockServer::requests`](crate::MockServer::requests), with
    /// `body: None`, and [`MockServer::log_bodies_dropped`](crate::MockServer::log_bodies_dropped)
    /// counts them. A body larger than the whole budget is not kept (and counted the same way);
    /// 0 keeps none. The body of a request whose keys do not both match is never kept, whatever
    /// the budget.
    ///
    /// The log also keeps at most the latest 10 000 requests, so without bodies it stays small.
    #[must_use]
    pub fn log_body_budget(mut self, bytes: usize) -> Self {
        self.log_body_budget = bytes;
        self
    }

    /// Gives each request's body at most `timeout` to arrive in full, counted from the end of
    /// its headers (default [`DEFAULT_BODY_TIMEOUT`](Self::DEFAULT_BODY_TIMEOUT), 10 s). A body
    /// still incomplete then, whether it stalls or trickles in a byte at a time, gets HTTP 408
    /// `{"Message": "..."}` with `Connection: close`, and the connection is closed; the request
    /// is counted and logged (without its body) like the others, before any fault or key check.
    /// A client that sends its body at once is never near it: the limit is there so that slow
    /// or stalled clients cannot hold connections and memory for ever.
    ///
    /// A connection waiting for the headers of its next request is closed after two minutes,
    /// whatever this says (as IIS does by default).
    #[must_use]
    pub fn body_timeout(mut self, timeout: Duration) -> Self {
        self.body_timeout = timeout;
        self
    }

    /// Keeps at most `max` connections open at once (default
    /// [`DEFAULT_MAX_CONNECTIONS`](Self::DEFAULT_MAX_CONNECTIONS), 512; 0 is read as 1, and
    /// more than `usize::MAX >> 3` as that). A connection accepted beyond it is refused at
    /// once: it gets HTTP 503 with `Retry-After: 1`, `Connection: close` and
    /// `{"Message": "..."}` without its request being read, and is closed. Refused connections are not requests: they are not counted in
    /// [`MockServer::request_count`](crate::MockServer::request_count) nor logged, but in
    /// [`MockServer::refused_connections`](crate::MockServer::refused_connections).
    ///
    /// With the [body timeout](Self::body_timeout), it bounds what slow clients can take: at
    /// most `max` connections, each for at most the timeout once its headers are in. FinerWorks
    /// documents no such limit: the 503 is an assumption, as a busy web server answers.
    #[must_use]
    pub fn max_connections(mut self, max: usize) -> Self {
        self.max_connections = max.max(1);
        self
    }

    /// Lets the random faults of [`random_faults`](Self::random_faults) include, for an
    /// operation that is not idempotent (the submissions of orders, `add_images`), failures
    /// after the fact: HTTP 500 or a dropped connection once the operation acted, so an order is
    /// recorded whose answer the client never sees (default: off). Drawn from the same seeded
    /// generator.
    #[must_use]
    pub fn random_faults_after(mut self, after: bool) -> Self {
        self.fault_after = after;
        self
    }

    /// What a submission with `validate_only: true` answers (default
    /// [`ValidateAnswer::Status`]: `orders: null`); it records nothing either way. Assumed: the
    /// vendor says only that it "gives success or says what is incomplete".
    #[must_use]
    pub fn validate_answer(mut self, mode: ValidateAnswer) -> Self {
        self.orders.validate_answer = mode;
        self
    }

    /// What a submission of test orders only answers (default [`TestOrders::Orders`]: as any
    /// other); they are recorded either way. A third party reports `orders: null`
    /// ([`TestOrders::Null`]).
    #[must_use]
    pub fn test_orders(mut self, mode: TestOrders) -> Self {
        self.orders.test_orders = mode;
        self
    }

    /// Which id `fetch_order_status`, `update_order` and `list_pending_orders` take (default
    /// [`OrderIdKind::OrderId`], as the spec assumes).
    #[must_use]
    pub fn order_id_kind(mut self, kind: OrderIdKind) -> Self {
        self.orders.id_kind = kind;
        self
    }

    /// What a submission does with an order whose `order_po` the account already has (default
    /// [`DuplicatePo::Place`]: placed again). The docs do not say.
    #[must_use]
    pub fn duplicate_po(mut self, mode: DuplicatePo) -> Self {
        self.orders.duplicate_po = mode;
        self
    }

    /// Moves each order on by itself, one status every `pace` (from received to in production
    /// to shipped; a held order waits); default `None`: orders move only when a test calls
    /// [`MockServer::advance_orders`](crate::MockServer::advance_orders). The pace runs on
    /// Tokio's clock: in a test, use `tokio::time::pause()` and `advance`.
    #[must_use]
    pub fn order_pace(mut self, pace: Option<Duration>) -> Self {
        self.order_pace = pace.filter(|pace| !pace.is_zero());
        self
    }

    /// Starts with `count` orders already received (default none): the vendor's first example
    /// order, with POs `PO_0001`, `PO_0002`..., ids from
    /// [`FIRST_ORDER_ID`](crate::FIRST_ORDER_ID) on, so that the vendor's examples of
    /// `fetch_order_status` and `update_order` find an order.
    #[must_use]
    pub fn sample_orders(mut self, count: usize) -> Self {
        self.sample_orders = count;
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
            .field("fault_after", &self.fault_after)
            .field("count", &self.count)
            .field("over_limit", &self.over_limit)
            .field("page_size_cap", &self.page_size_cap)
            .field("echo", &self.echo)
            .field("nulls", &self.nulls)
            .field("prices_body", &self.prices_body)
            .field("details_body", &self.details_body)
            .field("unknown_sku", &self.unknown_sku)
            .field("product_answer", &self.product_answer)
            .field("unknown_inventory_sku", &self.unknown_inventory_sku)
            .field("omitted_fields", &self.omitted_fields)
            .field("rate_limit", &self.rate_limit)
            .field("strict", &self.strict)
            .field("indexing_delay", &self.indexing_delay)
            .field("log_body_budget", &self.log_body_budget)
            .field("body_timeout", &self.body_timeout)
            .field("max_connections", &self.max_connections)
            .field("orders", &self.orders)
            .field("order_pace", &self.order_pace)
            .field("sample_orders", &self.sample_orders)
            .finish()
    }
}
