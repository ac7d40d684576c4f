//! Submitting 250 orders (50 `submit_orders` calls of 5) against the mock at 20 ms per response,
//! at concurrency 8.
//!
//! 1. Speed: the SDK against the latency limit: one round of `fetch_order_status` calls (the POs
//!    are looked up first, 50 a call: 5 calls, all at once), then ceil(50 / 8) = 7 rounds of
//!    submissions, (1 + 7) x 20 ms = 160 ms (the mock in a child process; median of 3 runs).
//! 2. Safety: the same with a fault-injecting proxy in front of an in-process mock (so that its
//!    order book can be read afterwards): 20% of submissions fail, a third before the mock sees
//!    them (HTTP 502) and two thirds after the mock placed the orders (HTTP 500, a dropped
//!    connection, or an answer cut short), and 10% of lookups fail (HTTP 500). No order may be
//!    placed twice (counted in the mock's book, per PO), and every order not placed must be
//!    reported.
//! 3. The same against the mock's own seeded faults: 20% of all calls, including, for
//!    submissions, HTTP 500 or a dropped connection after the orders were recorded.
//!
//! ```sh
//! cargo bench -p finerworks-benchmarks --bench orders
//! ```

// A benchmark reports on stdout.
#![allow(clippy::print_stdout)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use finerworks::{Client, Error, Order, SubmitReport};
use finerworks_benchmarks::{MockProcess, median, serve_mock_if_asked};
use finerworks_mock::{MockConfig, MockServer};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

const ORDERS: usize = 250;
const CALLS: u32 = 50;
const LOOKUP_ROUNDS: u32 = 1;
const LATENCY: Duration = Duration::from_millis(20);
const CONCURRENCY: usize = 8;
const RUNS: usize = 3;
const SUBMIT_FAULTS: f64 = 0.2;
const LOOKUP_FAULTS: f64 = 0.1;
const SEED: u64 = 7;

fn main() {
    serve_mock_if_asked();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let rounds = LOOKUP_ROUNDS + CALLS.div_ceil(u32::try_from(CONCURRENCY).expect("small"));
    let limit = LATENCY * rounds;

    let mock = MockProcess::spawn(10, LATENCY);
    let client = mock.client(CONCURRENCY);
    let mut times = Vec::new();
    for run in 0..RUNS {
        let started = Instant::now();
        let report = runtime
            .block_on(client.orders().submit(orders(run)).send())
            .expect("every order is placed");
        times.push(started.elapsed());
        assert_eq!(report.placed().count(), ORDERS);
    }
    let time = median(times);
    println!(
        "submitting {ORDERS} orders ({CALLS} calls of 5, after one round of lookups by PO), \
         {LATENCY:?} per response, concurrency {CONCURRENCY}, median of {RUNS} runs"
    );
    println!();
    println!("| time | latency limit | time / limit |");
    println!("|---:|---:|---:|");
    println!(
        "| {} | {} | {:.2}x |",
        ms(time),
        ms(limit),
        time.as_secs_f64() / limit.as_secs_f64()
    );

    runtime.block_on(with_faults(limit));
    runtime.block_on(with_mock_faults(limit));
}

/// The same submission through a proxy that fails a share of the calls, some after the mock
/// acted: count what was placed, reported, and placed twice.
async fn with_faults(limit: Duration) {
    let mock = MockServer::start_with(MockConfig::new().images(10).latency(LATENCY))
        .await
        .expect("mock starts");
    let proxy = FaultyProxy::start(mock.base_url().to_owned()).await;
    let client = Client::builder()
        .base_url(&proxy.base_url)
        .web_api_key(mock.web_api_key())
        .app_key(mock.app_key())
        .concurrency(CONCURRENCY)
        .build()
        .expect("client");
    let started = Instant::now();
    let report = match client.orders().submit(orders(99)).send().await {
        Ok(report) => report,
        Err(Error::SubmitIncomplete(report)) => *report,
        Err(other) => panic!("unexpected error: {other}"),
    };
    let time = started.elapsed();
    let (placed, found, unknown, not_placed, lost, twice) = tally(&mock, &report);
    let faults = proxy.faults();
    println!();
    println!(
        "with faults (seed {SEED}): {:.0}% of submissions and {:.0}% of lookups failing: {} \
         submissions ({} failed before the mock saw them, {} after it placed their orders), {} \
         lookups ({} failed)",
        SUBMIT_FAULTS * 100.0,
        LOOKUP_FAULTS * 100.0,
        faults.submissions,
        faults.before,
        faults.after,
        faults.lookups,
        faults.lookups_failed,
    );
    println!();
    println!(
        "| time | time / limit | placed (answer) | placed (found by PO) | reported: unknown | reported: not placed | lost without a report | placed twice |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {} | {:.2}x | {placed} | {found} | {unknown} | {not_placed} | {lost} | {twice} |",
        ms(time),
        time.as_secs_f64() / limit.as_secs_f64()
    );
    assert!(faults.after > 0, "no fault after acting was injected");
    assert_eq!(twice, 0, "an order was placed twice");
    assert_eq!(lost, 0, "an order was lost without a report");
    assert_eq!(placed + found + unknown + not_placed, ORDERS);
    mock.shutdown().await;
}

/// The same submission against the mock's own random faults at 20% (seed 7) of every call:
/// 500, 502, 503, 504 and 429 before acting, and for submissions also HTTP 500 or a dropped
/// connection after the orders were recorded.
async fn with_mock_faults(limit: Duration) {
    use finerworks_mock::Fault;
    let mock = MockServer::start_with(
        MockConfig::new()
            .images(10)
            .latency(LATENCY)
            .random_faults(SUBMIT_FAULTS, SEED)
            .random_faults_after(true),
    )
    .await
    .expect("mock starts");
    let client = Client::builder()
        .base_url(mock.base_url())
        .web_api_key(mock.web_api_key())
        .app_key(mock.app_key())
        .concurrency(CONCURRENCY)
        .build()
        .expect("client");
    let started = Instant::now();
    let report = match client.orders().submit(orders(98)).send().await {
        Ok(report) => report,
        Err(Error::SubmitIncomplete(report)) => *report,
        Err(other) => panic!("unexpected error: {other}"),
    };
    let time = started.elapsed();
    let (placed, found, unknown, not_placed, lost, twice) = tally(&mock, &report);
    let requests = mock.requests();
    let faulted = requests.iter().filter(|r| r.fault.is_some()).count();
    let after = requests
        .iter()
        .filter(|r| {
            matches!(
                r.fault,
                Some(Fault::InternalServerErrorAfter | Fault::DropConnectionAfter)
            )
        })
        .count();
    println!();
    println!(
        "with the mock's own faults (seed {SEED}): {:.0}% of all calls: {} calls, {faulted} failed, \
         {after} of them after the mock placed the orders",
        SUBMIT_FAULTS * 100.0,
        requests.len(),
    );
    println!();
    println!(
        "| time | time / limit | placed (answer) | placed (found by PO) | reported: unknown | reported: not placed | lost without a report | placed twice |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {} | {:.2}x | {placed} | {found} | {unknown} | {not_placed} | {lost} | {twice} |",
        ms(time),
        time.as_secs_f64() / limit.as_secs_f64()
    );
    assert!(after > 0, "no fault after acting was injected");
    assert_eq!(twice, 0, "an order was placed twice");
    assert_eq!(lost, 0, "an order was lost without a report");
    assert_eq!(placed + found + unknown + not_placed, ORDERS);
    mock.shutdown().await;
}

/// Placed from the answer, found by PO after a fault, unknown, not placed; lost without a report
/// (the mock's book disagrees with the report); and POs placed twice in the mock's book.
fn tally(mock: &MockServer, report: &SubmitReport) -> (usize, usize, usize, usize, usize, usize) {
    let mut book: HashMap<String, usize> = HashMap::new();
    for placed in mock.orders() {
        let po = placed.order_po().unwrap_or_default().to_owned();
        *book.entry(po).or_default() += 1;
    }
    let twice = book.values().filter(|&&n| n > 1).count();
    let lost = report
        .orders
        .iter()
        .filter(|order| {
            let in_book = book.get(&order.order_po).copied().unwrap_or(0);
            if order.outcome.is_done() {
                in_book != 1
            } else if matches!(order.outcome, finerworks::Outcome::NotPlaced { .. }) {
                in_book != 0
            } else {
                false
            }
        })
        .count();
    let (placed, found, unknown, not_placed) = counts(report);
    (placed, found, unknown, not_placed, lost, twice)
}

/// How many orders were placed from the answer, found by PO after a fault, unknown, not placed.
fn counts(report: &SubmitReport) -> (usize, usize, usize, usize) {
    use finerworks::Outcome;
    let count = |test: fn(&Outcome) -> bool| {
        report
            .orders
            .iter()
            .filter(|order| test(&order.outcome))
            .count()
    };
    (
        count(|o| matches!(o, Outcome::Placed(_))),
        count(|o| matches!(o, Outcome::FoundAfterLookup { .. })),
        count(|o| matches!(o, Outcome::Unknown { .. })),
        count(|o| matches!(o, Outcome::NotPlaced { .. })),
    )
}

/// 250 orders; every tenth without a PO (the SDK makes one).
fn orders(run: usize) -> Vec<Order> {
    (0..ORDERS)
        .map(|n| {
            let mut order = serde_json::json!({
                "recipient": {
                    "first_name": "Bob", "last_name": "Ross", "address_1": "742 Evergreen Terrace",
                    "city": "Mountain Scene", "state_code": "AK", "zip_postal_code": "88888",
                    "country_code": "us"
                },
                "order_items": [{"product_qty": 1 + n % 3, "product_sku": "AP1234P1234"}],
                "shipping_code": "SD",
                "gift_message": format!("run {run} order {n}"),
            });
            if n % 10 != 0 {
                order["order_po"] = format!("R{run}-{n:04}").into();
            }
            serde_json::from_value(order).expect("an order")
        })
        .collect()
}

fn ms(duration: Duration) -> String {
    format!("{:.0} ms", duration.as_secs_f64() * 1000.0)
}

/// What the proxy did.
#[derive(Clone, Copy, Debug, Default)]
struct Faults {
    submissions: usize,
    before: usize,
    after: usize,
    lookups: usize,
    lookups_failed: usize,
}

/// An HTTP proxy in front of the mock that fails calls on purpose (seeded): a submission before
/// it reaches the mock, or after the mock answered (the orders are placed, the answer is lost).
struct FaultyProxy {
    base_url: String,
    faults: Arc<Mutex<Faults>>,
}

impl FaultyProxy {
    async fn start(upstream: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base_url = format!("http://{}", listener.local_addr().expect("addr"));
        let faults = Arc::new(Mutex::new(Faults::default()));
        let shared = Arc::clone(&faults);
        let rng = Arc::new(Mutex::new(fastrand::Rng::with_seed(SEED)));
        let http = reqwest::Client::new();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let (upstream, faults, rng, http) = (
                    upstream.clone(),
                    Arc::clone(&shared),
                    Arc::clone(&rng),
                    http.clone(),
                );
                tokio::spawn(async move {
                    let _ = relay(socket, &upstream, &http, &faults, &rng).await;
                });
            }
        });
        Self { base_url, faults }
    }

    fn faults(&self) -> Faults {
        *self.faults.lock().expect("not poisoned")
    }
}

/// One request: read it, maybe fail it, else forward it and maybe lose the answer.
async fn relay(
    mut socket: TcpStream,
    upstream: &str,
    http: &reqwest::Client,
    faults: &Mutex<Faults>,
    rng: &Mutex<fastrand::Rng>,
) -> std::io::Result<()> {
    let Some((method, path, headers, body)) = read_request(&mut socket).await? else {
        return Ok(());
    };
    let submission = path.ends_with("/submit_orders") || path.ends_with("/submit_orders_v2");
    let lookup = path.ends_with("/fetch_order_status");
    // 0: none; 1: 502 before; 2: 500 after; 3: dropped after; 4: cut short after.
    let fault = {
        let mut rng = rng.lock().expect("not poisoned");
        let mut faults = faults.lock().expect("not poisoned");
        if submission {
            faults.submissions += 1;
            if rng.f64() < SUBMIT_FAULTS {
                let kind = rng.u8(1..=6).min(4);
                if kind == 1 {
                    faults.before += 1;
                } else {
                    faults.after += 1;
                }
                kind
            } else {
                0
            }
        } else if lookup {
            faults.lookups += 1;
            if rng.f64() < LOOKUP_FAULTS {
                faults.lookups_failed += 1;
                1
            } else {
                0
            }
        } else {
            0
        }
    };
    if fault == 1 {
        return respond(&mut socket, 502, b"{\"Message\": \"Bad Gateway\"}").await;
    }
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
    let mut request = http.request(method, format!("{upstream}{path}")).body(body);
    for (name, value) in headers {
        if ["web_api_key", "app_key", "content-type"].contains(&name.as_str()) {
            request = request.header(name, value);
        }
    }
    let Ok(answer) = request.send().await else {
        return respond(&mut socket, 502, b"{}").await;
    };
    let status = answer.status().as_u16();
    let bytes = answer.bytes().await.unwrap_or_default();
    match fault {
        2 => {
            respond(
                &mut socket,
                500,
                b"{\"Message\": \"An error has occurred.\"}",
            )
            .await
        }
        3 => socket.shutdown().await,
        4 => respond(&mut socket, status, &bytes[..bytes.len() / 2]).await,
        _ => respond(&mut socket, status, &bytes).await,
    }
}

type Request = (String, String, Vec<(String, String)>, Vec<u8>);

/// Reads one HTTP/1.1 request: its method, path, headers (names in lower case) and body.
async fn read_request(socket: &mut TcpStream) -> std::io::Result<Option<Request>> {
    let mut buffer = Vec::new();
    let mut chunk = [0_u8; 8192];
    let end = loop {
        let read = socket.read(&mut chunk).await?;
        if read == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..read]);
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let method = first.next().unwrap_or("GET").to_owned();
    let path = first.next().unwrap_or("/").to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0);
    let mut body = buffer[end + 4..].to_vec();
    while body.len() < length {
        let read = socket.read(&mut chunk).await?;
        if read == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    Ok(Some((method, path, headers, body)))
}

async fn respond(socket: &mut TcpStream, status: u16, body: &[u8]) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status} Proxy\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    socket.write_all(head.as_bytes()).await?;
    socket.write_all(body).await?;
    socket.shutdown().await
}
