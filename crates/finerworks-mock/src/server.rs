//! [`MockServer`]: the listener, the accept loop with its cap on open connections, and each
//! connection's life, including the dropped connection of
//! [`Fault::DropConnection`](crate::Fault::DropConnection).

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, watch};
use tokio::task::{JoinHandle, JoinSet};

use finerworks_api::types::{ImageDetails, LibraryName, UpdateImageDetails};
use uuid::Uuid;

use crate::http::{self, Connection};
use crate::state::{Shared, stopped};
use crate::{Dataset, Faults, MockConfig, PlacedOrder, RecordedRequest, WebhookDelivery};

/// A local FinerWorks API server, running in the current Tokio runtime.
///
/// It serves `POST /v3/list_images`, `GET /v3/test_my_credentials`, `POST /v3/add_images`,
/// `PUT /v3/update_images` and `DELETE /v3/delete_images` as FinerWorks documents them, and the
/// catalog, shipping and order operations of the spec, over plain HTTP on the loopback interface
/// by default. The orders it receives are kept while it runs ([`orders`](Self::orders)) and
/// move through production when a test says so ([`advance_orders`](Self::advance_orders)) or
/// at [`MockConfig::order_pace`]. Its libraries change with every image added,
/// updated or deleted, by a request or by the methods below ([`add_images`](Self::add_images)...),
/// which let a test change them while the code under test walks the pages. Stop it with [`shutdown`](Self::shutdown), or by dropping it (which
/// stops it at once, cutting any request in flight).
///
/// # Examples
///
/// ```
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// use std::time::Duration;
/// use finerworks_mock::{Fault, MockServer};
///
/// let server = MockServer::start().await?;
/// assert!(server.base_url().starts_with("http://127.0.0.1:"));
/// server.faults().push(Fault::ServiceUnavailable { retry_after: Duration::ZERO });
/// // ... point the code under test at server.base_url(), with server.web_api_key() and
/// // server.app_key(); its first call gets a 503 ...
/// assert_eq!(server.request_count(), 0);
/// server.shutdown().await;
/// # Ok::<(), std::io::Error>(())
/// # }).unwrap();
/// ```
pub struct MockServer {
    shared: Arc<Shared>,
    gate: Arc<Gate>,
    addr: SocketAddr,
    base_url: String,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl MockServer {
    /// Starts a server with [`MockConfig::default()`]: an ephemeral port on 127.0.0.1, 250 images,
    /// the demo keys.
    ///
    /// Returns once the server is listening. Must be called within a Tokio runtime.
    ///
    /// # Errors
    ///
    /// When the address cannot be bound.
    pub async fn start() -> std::io::Result<MockServer> {
        Self::start_with(MockConfig::default()).await
    }

    /// Starts a server with `config`.
    ///
    /// Returns once the server is listening: requests sent after this returns are served. Must
    /// be called within a Tokio runtime.
    ///
    /// # Errors
    ///
    /// When the address cannot be bound.
    pub async fn start_with(config: MockConfig) -> std::io::Result<MockServer> {
        let listener = TcpListener::bind(config.addr).await?;
        let addr = listener.local_addr()?;
        let (seed, images) = (config.seed, config.images);
        // A large data set takes a moment to generate; keep the runtime's threads free meanwhile.
        let dataset = tokio::task::spawn_blocking(move || Dataset::generate(seed, images))
            .await
            .map_err(std::io::Error::other)?;
        let (stop, stopping) = watch::channel(false);
        let gate = Arc::new(Gate::new(config.max_connections));
        let shared = Arc::new(Shared::new(config, dataset, stopping.clone()));
        if let Some(pace) = shared.order_pace {
            tokio::spawn(pace_orders(Arc::clone(&shared), pace, stopping.clone()));
        }
        let task = tokio::spawn(serve(
            listener,
            Arc::clone(&shared),
            Arc::clone(&gate),
            stopping,
        ));
        Ok(MockServer {
            shared,
            gate,
            addr,
            base_url: format!("http://{addr}"),
            stop,
            task: Some(task),
        })
    }

    /// The URL to send requests to, such as `http://127.0.0.1:40123` (no trailing slash).
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The address the server listens on.
    #[must_use]
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The `web_api_key` the server expects.
    #[must_use]
    pub fn web_api_key(&self) -> &str {
        &self.shared.web_api_key
    }

    /// The `app_key` the server expects.
    #[must_use]
    pub fn app_key(&self) -> &str {
        &self.shared.app_key
    }

    /// The images the server started with, generated from its seed; they do not change.
    ///
    /// Until an image is added, updated or deleted, they are also the images it serves; after,
    /// see [`inventory`](Self::inventory) and [`temporary`](Self::temporary).
    #[must_use]
    pub fn dataset(&self) -> &Dataset {
        self.shared.store.seeded()
    }

    /// A copy of the inventory library as it is now, in upload order (the images added last at
    /// the end), with every image's products. It includes the images added but not listed yet
    /// ([`MockConfig::indexing_delay`]).
    #[must_use]
    pub fn inventory(&self) -> Vec<ImageDetails> {
        self.shared.store.snapshot(LibraryName::Inventory)
    }

    /// A copy of the temporary library as it is now, in upload order.
    #[must_use]
    pub fn temporary(&self) -> Vec<ImageDetails> {
        self.shared.store.snapshot(LibraryName::Temporary)
    }

    /// Adds `n` generated images to the inventory "at the top": with ids above every id the
    /// server ever held (so first in the default order, `id` descending), seeded guids and
    /// content (the same on every run of the same calls), dated now, with 0 to 4 products each
    /// like the seeded ones. Returns them in the order added.
    ///
    /// It is what `POST /v3/add_images` does, without HTTP, faults or the log: for a test that
    /// changes the library while the code under test lists it. The images are listed after the
    /// [`indexing_delay`](MockConfig::indexing_delay), like those a request adds.
    ///
    /// # Examples
    ///
    /// ```
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use finerworks_mock::MockServer;
    ///
    /// let server = MockServer::start().await?;
    /// let top = server.inventory().iter().filter_map(|i| i.id).max();
    /// let added = server.add_images(2);
    /// assert!(added.iter().all(|image| image.id > top));
    /// assert_eq!(server.inventory().len(), server.dataset().inventory().len() + 2);
    /// # Ok::<(), std::io::Error>(())
    /// # }).unwrap();
    /// ```
    pub fn add_images(&self, n: usize) -> Vec<ImageDetails> {
        self.shared.store.generate(n)
    }

    /// Adds `images` to `library` as given, filling in what each lacks as `add_images` does: the
    /// next `id`, a seeded `guid`, `date_added` now (with `date_expires` 30 days later in the
    /// temporary library), `active: true`, and no products in the inventory. An image whose
    /// `guid` a library already holds replaces that image. Returns them as stored.
    ///
    /// Use it to make an image with a chosen guid exist, such as the guids of the vendor's
    /// example bodies.
    pub fn insert_images(
        &self,
        library: LibraryName,
        images: Vec<ImageDetails>,
    ) -> Vec<ImageDetails> {
        self.shared.store.insert(library, images)
    }

    /// Changes the images with these guids, in either library, as `PUT /v3/update_images` does:
    /// the title and the description each when given, and an inventory image loses its
    /// products. Returns the images changed, in the order asked; a guid no image has is skipped.
    pub fn update_images(&self, changes: &[UpdateImageDetails]) -> Vec<ImageDetails> {
        self.shared.store.update(changes)
    }

    /// Removes the images with these guids, with their products, from both libraries (the
    /// route removes them from the library it names). Returns the images removed; a guid no
    /// image has is skipped.
    pub fn delete_images(&self, guids: &[Uuid]) -> Vec<ImageDetails> {
        self.shared.store.delete(None, guids)
    }

    /// The orders received, oldest first, as they are now (their status, their shipments).
    /// Orders checked with `validate_only` or refused are not there.
    #[must_use]
    pub fn orders(&self) -> Vec<PlacedOrder> {
        self.shared.orders.all()
    }

    /// Moves every order on by one status, as time does with
    /// [`MockConfig::order_pace`]: a received order goes into production, an order in
    /// production ships (with a shipment and its tracking); held, cancelled and shipped orders
    /// stay. Posts the new status of each order that changed to its webhook, if it has one, and
    /// returns those orders.
    pub fn advance_orders(&self) -> Vec<PlacedOrder> {
        let changed = self.shared.orders.advance(Duration::ZERO);
        self.shared.orders_changed(&changed);
        changed
    }

    /// Every webhook post attempted so far (once its answer or its failure is in), in the order
    /// they ended. The posts run in tasks of their own: a test waits for the count it expects.
    #[must_use]
    pub fn webhook_deliveries(&self) -> Vec<WebhookDelivery> {
        self.shared.webhooks.deliveries()
    }

    /// Control of scripted faults (for any operation, or [aimed at one](Faults::push_for)),
    /// latency and the random failure rate, while the server runs.
    #[must_use]
    pub fn faults(&self) -> &Faults {
        &self.shared.faults
    }

    /// How many HTTP requests reached the server, whatever their route or outcome (including
    /// those answered with a fault), since it started or since [`reset_log`](Self::reset_log).
    #[must_use]
    pub fn request_count(&self) -> u64 {
        self.shared.log.count()
    }

    /// The requests received, oldest first (the latest 10 000), without the keys.
    ///
    /// A request is logged when it arrives; its [`status`](RecordedRequest::status) is filled in
    /// just before the answer is sent, so once a client has its answer, the log has it too.
    ///
    /// The log is bounded in bytes as well: it keeps the bodies of the latest requests up to
    /// [`MockConfig::log_body_budget`] (16 MiB by default), and no body of a request whose keys
    /// do not both match. An entry whose body was not kept has `body: None`.
    #[must_use]
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.log.requests()
    }

    /// How many bytes of request bodies the log keeps now (as received); never more than
    /// [`MockConfig::log_body_budget`].
    #[must_use]
    pub fn log_bytes(&self) -> usize {
        self.shared.log.bytes()
    }

    /// How many bodies the log dropped, or did not keep, to stay within
    /// [`MockConfig::log_body_budget`], since the server started or since
    /// [`reset_log`](Self::reset_log). The bodies not kept because the keys did not match are
    /// not counted.
    #[must_use]
    pub fn log_bodies_dropped(&self) -> u64 {
        self.shared.log.bodies_dropped()
    }

    /// How many connections are open now (being served, or idle between requests); never more
    /// than [`MockConfig::max_connections`].
    #[must_use]
    pub fn open_connections(&self) -> usize {
        self.gate.max - self.gate.slots.available_permits()
    }

    /// How many connections were refused with HTTP 503 (or closed at once) because
    /// [`MockConfig::max_connections`] were open, since the server started.
    #[must_use]
    pub fn refused_connections(&self) -> u64 {
        self.gate.refused.load(Ordering::Relaxed)
    }

    /// Zeroes [`request_count`](Self::request_count) and
    /// [`log_bodies_dropped`](Self::log_bodies_dropped), and empties
    /// [`requests`](Self::requests) (freeing the bodies).
    pub fn reset_log(&self) {
        self.shared.log.reset();
    }

    /// Stops the server gracefully: stops listening, lets the requests in flight finish (cutting
    /// short any latency or [`Fault::Stall`](crate::Fault::Stall)), closes the connections, and
    /// returns when all is done.
    pub async fn shutdown(mut self) {
        self.stop.send_replace(true);
        if let Some(task) = self.task.take() {
            // The task ends on its own; it could only fail by panicking, which it does not.
            let _ = task.await;
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.stop.send_replace(true);
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("base_url", &self.base_url)
            .field("dataset", self.shared.store.seeded())
            .field("request_count", &self.request_count())
            .finish_non_exhaustive()
    }
}

/// How long a connection may wait for the (next) request's headers.
const IDLE_TIMEOUT: Duration = Duration::from_secs(120);

/// How many refused connections may be in the middle of getting their 503 at once; more are
/// closed without it.
const REFUSING_MAX: usize = 64;
/// How long a refused connection may take to read its 503 and close.
const REFUSING_TIME: Duration = Duration::from_secs(1);

/// The cap on open connections, and the count of those refused.
struct Gate {
    max: usize,
    /// One permit an open connection.
    slots: Arc<Semaphore>,
    /// One permit a connection being refused.
    refusing: Arc<Semaphore>,
    refused: AtomicU64,
    /// The whole answer a refused connection gets.
    busy: Vec<u8>,
}

impl Gate {
    fn new(max: usize) -> Self {
        // More than a semaphore holds is no cap at all.
        let max = max.min(Semaphore::MAX_PERMITS);
        Gate {
            max,
            slots: Arc::new(Semaphore::new(max)),
            refusing: Arc::new(Semaphore::new(REFUSING_MAX)),
            refused: AtomicU64::new(0),
            busy: crate::wire::busy(max),
        }
    }
}

/// Moves the orders on by themselves, one status every `pace`, until told to stop.
async fn pace_orders(shared: Arc<Shared>, pace: Duration, mut stop: watch::Receiver<bool>) {
    // Checked four times a pace: an order moves on at most a quarter of a pace late.
    let tick = (pace / 4).max(Duration::from_millis(10));
    loop {
        tokio::select! {
            () = tokio::time::sleep(tick) => {
                let changed = shared.orders.advance(pace);
                shared.orders_changed(&changed);
            }
            () = stopped(&mut stop) => break,
        }
    }
}

/// Accepts connections until told to stop, then waits for them to close.
async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    gate: Arc<Gate>,
    mut stop: watch::Receiver<bool>,
) {
    let router: Router<Connection> = Router::new().fallback(http::handle);
    let stopping = stop.clone();
    // Dropping the set (when the task is aborted) aborts every connection.
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => match Arc::clone(&gate.slots).try_acquire_owned() {
                    Ok(slot) => {
                        let connection = Connection {
                            shared: Arc::clone(&shared),
                            drop: Arc::new(Notify::new()),
                        };
                        connections.spawn(serve_connection(
                            stream,
                            router.clone(),
                            connection,
                            stopping.clone(),
                            slot,
                        ));
                    }
                    Err(_) => {
                        gate.refused.fetch_add(1, Ordering::Relaxed);
                        // Beyond both caps the stream is dropped here: closed at once.
                        if let Ok(refusing) = Arc::clone(&gate.refusing).try_acquire_owned() {
                            connections.spawn(refuse(stream, Arc::clone(&gate), refusing));
                        }
                    }
                },
                // Out of file descriptors, or a connection reset before it was accepted: the
                // listener is still good; give other tasks a moment and go on.
                Err(_) => tokio::time::sleep(Duration::from_millis(5)).await,
            },
            () = stopped(&mut stop) => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    while connections.join_next().await.is_some() {}
}

/// Answers a connection beyond the cap with HTTP 503 and closes it, within
/// [`REFUSING_TIME`].
async fn refuse(mut stream: TcpStream, gate: Arc<Gate>, _refusing: OwnedSemaphorePermit) {
    let _ = tokio::time::timeout(REFUSING_TIME, async {
        stream.write_all(&gate.busy).await?;
        stream.shutdown().await?;
        // Read what the client sends until it closes: closing a socket with unread data resets
        // the connection, and the client could lose the answer.
        let mut sink = [0_u8; 1024];
        while stream.read(&mut sink).await? > 0 {}
        Ok::<_, std::io::Error>(())
    })
    .await;
}

/// Serves one HTTP/1.1 connection until it closes, the server stops, or a request asks for the
/// connection to be dropped.
async fn serve_connection(
    stream: TcpStream,
    router: Router<Connection>,
    connection: Connection,
    mut stop: watch::Receiver<bool>,
    // Held while the connection is open: it counts against the cap.
    _slot: OwnedSemaphorePermit,
) {
    // Nagle's algorithm would delay small answers on a keep-alive connection.
    let _ = stream.set_nodelay(true);
    let drop = Arc::clone(&connection.drop);
    let service = TowerToHyperService::new(router.with_state(connection));
    // A connection that sends no request for two minutes is closed, as IIS does by default; that
    // is longer than common clients keep idle connections (reqwest: 90 s), so they never reuse
    // one the server is closing.
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(IDLE_TIMEOUT)
        .serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    let mut stopping = false;
    loop {
        tokio::select! {
            _ = conn.as_mut() => break,
            // Returning drops the connection, closing the socket without an answer.
            () = drop.notified() => break,
            () = stopped(&mut stop), if !stopping => {
                conn.as_mut().graceful_shutdown();
                stopping = true;
            }
        }
    }
}
