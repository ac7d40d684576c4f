//! The `finerworks-mock` binary: a local FinerWorks API server on a fixed port, configured from
//! the command line, until Ctrl-C.

// Printing where the server listens is this program's whole interface.
#![allow(clippy::print_stdout)]

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use finerworks_api::limits::add_images_request::{IMAGES_MAX_ITEMS, IMAGES_MIN_ITEMS};
use finerworks_api::limits::list_images_request::PER_PAGE_MAX;
use finerworks_mock::{
    BodyForm, CountMode, DuplicatePo, Echo, Fault, MockConfig, MockServer, Nulls, OrderIdKind,
    OverLimit, TestOrders, UnknownSku, ValidateAnswer,
};

/// The text after the options; the routes' limits are the spec's, so it is written at run time.
fn after_help() -> String {
    let images = format!("{IMAGES_MIN_ITEMS} to {IMAGES_MAX_ITEMS}");
    let operations = finerworks_mock::operation_ids()
        .collect::<Vec<_>>()
        .join(", ");
    AFTER_HELP
        .replace("{images}", &images)
        .replace("{operations}", &operations)
}

const AFTER_HELP: &str = "\
Routes (the path in any case, a trailing slash allowed; another method is a 405):
  POST   /v3/list_images          list, filter, sort and page a library
  GET    /v3/test_my_credentials  200 with the status envelope when both keys match
  POST   /v3/add_images           add {images} images to a library; answers them with new ids/guids
  PUT    /v3/update_images        change titles/descriptions by guid; inventory images lose their
                                  products; an unknown guid is left out of the answer
  DELETE /v3/delete_images        delete by guid (JSON body; library null = inventory); deleting
                                  a missing guid is not an error
The libraries change with each call, until the server stops. Each request needs the web_api_key
and app_key headers.

Scripted faults (--fault [OPERATION:]KIND[:N], repeatable, N = 1 unless set): KIND:N applies to
the next N requests for any route above, in the order given; OPERATION:KIND:N only to the next N
requests for OPERATION, which requests for other operations pass by. A request meets a fault
aimed at its operation first, then one for any route. OPERATION is one of:
  {operations}
KIND is one of:
  500            HTTP 500 {\"Message\":\"An error has occurred.\"}
  502            HTTP 502 with an HTML page from the web server
  503[=SECS]     HTTP 503 with an HTML page and Retry-After: SECS (default 1)
  504            HTTP 504 with an HTML page
  429[=SECS]     HTTP 429 with Retry-After: SECS (default 1)
  unsuccessful   HTTP 200 with status.success = false
  malformed      HTTP 200 with a body that is not JSON
  truncated      HTTP 200 with half a valid body
  html           HTTP 500 with an IIS-style HTML page
  drop           close the connection without answering
  stall[=MS]     wait MS milliseconds (default 30000), then answer normally
  500-after      let the operation act (an order is recorded), then answer HTTP 500
  drop-after     let the operation act, then close the connection without answering
  stall-after[=MS]  let the operation act at once, then answer MS milliseconds later
--fault-after lets --fault-rate draw 500-after and drop-after too, for the operations that are
not idempotent (submissions of orders, add_images).

What the FinerWorks docs do not say is assumed, with a flag for each other reading:
  --count, --over-limit, --page-size-cap, --echo, --nulls, --prices-body, --details-body,
  --unknown-sku, --rate-limit/--burst, --strict,
  --indexing-delay-ms; for orders --validate-answer, --test-orders, --order-id-kind,
  --duplicate-po, --order-pace.
  The defaults are the likeliest readings; the crate's README explains each.

Slow clients: a request body still incomplete after --body-timeout-ms gets HTTP 408 and its
connection is closed; a connection beyond --max-connections gets HTTP 503 (Retry-After: 1) and
is closed. An idle connection is closed after 120 s.

Order: a scripted or random fault, then the rate limit, then the keys, then the body.

Examples:
  finerworks-mock --images 100000
  finerworks-mock --fault 503=0:2 --fault 429=3 --fault drop
  finerworks-mock --fault add_images:500:1 --fault list_images:stall=2000
  finerworks-mock --latency-ms 50 --jitter-ms 20 --fault-rate 0.1 --fault-seed 7
  finerworks-mock --count zero --page-size-cap 25 --echo zero --rate-limit 5/s --burst 10
  finerworks-mock --strict --nulls accept
  finerworks-mock --indexing-delay-ms 3000
  finerworks-mock --duplicate-po refuse --order-pace 5 --fault submit_orders_v2:drop-after:1";

/// A local FinerWorks API server (list_images, test_my_credentials, add_images, update_images,
/// delete_images) with seeded data and fault injection.
///
/// Prints `listening on http://ADDR`, the keys it expects and an `export` line for the
/// environment, then serves until Ctrl-C.
#[derive(Parser, Debug)]
#[command(name = "finerworks-mock", version, after_help = after_help())]
struct Args {
    /// The address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8787")]
    addr: SocketAddr,
    /// How many inventory images to serve (the temporary library gets N/10 + 3).
    #[arg(long, value_name = "N", default_value_t = MockConfig::DEFAULT_IMAGES)]
    images: usize,
    /// The seed of the data: the same seed serves the same images everywhere.
    #[arg(long, value_name = "N", default_value_t = MockConfig::DEFAULT_SEED)]
    seed: u64,
    /// The web_api_key header to expect.
    #[arg(long, value_name = "KEY", default_value = MockConfig::DEMO_WEB_API_KEY)]
    web_api_key: String,
    /// The app_key header to expect.
    #[arg(long, value_name = "KEY", default_value = MockConfig::DEMO_APP_KEY)]
    app_key: String,
    /// Milliseconds added to every response.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    latency_ms: u64,
    /// Up to this many more milliseconds, at random (seeded), added to every response.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    jitter_ms: u64,
    /// The probability (0 to 1) that a request for a route fails with 500, 502, 503, 504 or 429.
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = rate)]
    fault_rate: f64,
    /// The seed of the random faults (default: --seed).
    #[arg(long, value_name = "N")]
    fault_seed: Option<u64>,
    /// Script a fault for the next N requests, or with OPERATION for the next N requests for
    /// that operation only (see below); repeatable.
    #[arg(long = "fault", value_name = "[OPERATION:]KIND[:N]", value_parser = fault_flag)]
    faults: Vec<FaultFlag>,
    /// What `count` says: exact (the number of matching images), zero, null, missing (left
    /// out), negative (-1), under=N (exact minus N), over=N (exact plus N), unfiltered (the
    /// whole library).
    #[arg(long, value_name = "MODE", default_value_t = CountMode::default())]
    count: CountMode,
    // The limit is the spec's, so the help is written at run time.
    #[arg(
        long,
        value_name = "MODE",
        default_value_t = OverLimit::default(),
        help = format!(
            "What a per_page above {PER_PAGE_MAX} does: reject (HTTP 400 naming \
             request.per_page) or cap (serve {PER_PAGE_MAX})"
        )
    )]
    over_limit: OverLimit,
    /// Serve at most N images a page whatever per_page asks, silently [default: none].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    page_size_cap: Option<u32>,
    /// What the answer's page_number and per_page say: used (the values the server used),
    /// asked (the request's, even when capped) or zero (0 for both, as the vendor's example).
    #[arg(long, value_name = "MODE", default_value_t = Echo::default())]
    echo: Echo,
    /// What an explicit null for page_number, per_page or list_products does: reject (HTTP 400,
    /// as a .NET int/bool) or accept (read as unset).
    #[arg(long, value_name = "MODE", default_value_t = Nulls::default())]
    nulls: Nulls,
    /// Which bodies get_prices reads: object ({products: [...]}), array (the items alone) or
    /// both; the other form gets HTTP 400 naming request.
    #[arg(long, value_name = "FORM", default_value_t = BodyForm::default())]
    prices_body: BodyForm,
    /// Which bodies get_product_details reads: object, array or both.
    #[arg(long, value_name = "FORM", default_value_t = BodyForm::default())]
    details_body: BodyForm,
    /// What get_prices and get_product_details answer for a SKU starting with no-such-:
    /// priced (every SKU is known), omitted (left out), empty (a line without prices) or
    /// refused (HTTP 400 naming its product_sku).
    #[arg(long, value_name = "MODE", default_value_t = UnknownSku::default())]
    unknown_sku: UnknownSku,
    /// Allow RATE requests a second on average, on every route; more get HTTP 429 with
    /// Retry-After [default: no limit].
    #[arg(long, value_name = "RATE[/s]", value_parser = per_second)]
    rate_limit: Option<f64>,
    /// With --rate-limit: how many requests may come at once [default: RATE, rounded up].
    #[arg(
        long,
        value_name = "N",
        requires = "rate_limit",
        value_parser = clap::value_parser!(u32).range(1..)
    )]
    burst: Option<u32>,
    /// Check each body against its operation's request schema in the spec first, and answer
    /// HTTP 400 with a ModelState naming every field that breaks a rule [default: off].
    #[arg(long)]
    strict: bool,
    /// List an added image only MS milliseconds after it was added (FinerWorks documents no
    /// delay; one is assumed possible: a third-party client reports that a new image can take a
    /// few seconds to be listed).
    #[arg(long, value_name = "MS", default_value_t = 0)]
    indexing_delay_ms: u64,
    /// Give each request's body at most MS milliseconds to arrive in full; a slower one gets
    /// HTTP 408 and its connection is closed.
    #[arg(
        long,
        value_name = "MS",
        default_value_t = millis(MockConfig::DEFAULT_BODY_TIMEOUT),
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    body_timeout_ms: u64,
    /// Keep at most N connections open; one more gets HTTP 503 with Retry-After: 1 and is
    /// closed.
    #[arg(
        long,
        value_name = "N",
        default_value_t = MockConfig::DEFAULT_MAX_CONNECTIONS,
        value_parser = positive
    )]
    max_connections: usize,
    /// With --fault-rate: let the random faults of the operations that are not idempotent also
    /// be 500-after and drop-after (the operation acts, then the answer is lost).
    #[arg(long)]
    fault_after: bool,
    /// What a submission with validate_only answers: status (orders: null) or orders (one entry
    /// per order with its order_po and no ids); nothing is recorded either way.
    #[arg(long, value_name = "MODE", default_value_t = ValidateAnswer::default())]
    validate_answer: ValidateAnswer,
    /// What a submission of test orders only answers: orders (as any other) or null
    /// (orders: null, as a third party reports); they are recorded either way.
    #[arg(long, value_name = "MODE", default_value_t = TestOrders::default())]
    test_orders: TestOrders,
    /// Which id fetch_order_status, update_order and list_pending_orders take: order_id or
    /// confirmation_id.
    #[arg(long, value_name = "KIND", default_value_t = OrderIdKind::default())]
    order_id_kind: OrderIdKind,
    /// A second order with a PO the account already has (not cancelled): place (placed again)
    /// or refuse (HTTP 400 naming request.orders[i].order_po; nothing recorded).
    #[arg(long, value_name = "MODE", default_value_t = DuplicatePo::default())]
    duplicate_po: DuplicatePo,
    /// Move each order on by itself every SECONDS (received, in production, shipped)
    /// [default: never; only MockServer::advance_orders moves them].
    #[arg(long, value_name = "SECONDS", value_parser = pace)]
    order_pace: Option<f64>,
}

/// A pace in seconds: a positive number.
fn pace(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(seconds) if seconds.is_finite() && seconds > 0.0 => Ok(seconds),
        _ => Err(format!("`{text}` is not a positive number of seconds")),
    }
}

/// A duration in whole milliseconds, for a flag's default.
fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

fn positive(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("`{text}` is not a positive number")),
    }
}

fn per_second(text: &str) -> Result<f64, String> {
    let number = text.strip_suffix("/s").unwrap_or(text).trim();
    match number.parse::<f64>() {
        Ok(rate) if rate.is_finite() && rate > 0.0 => Ok(rate),
        _ => Err(format!(
            "`{text}` is not a positive number of requests a second (such as 5 or 0.5/s)"
        )),
    }
}

fn rate(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(rate) if (0.0..=1.0).contains(&rate) => Ok(rate),
        _ => Err(format!("`{text}` is not a probability between 0 and 1")),
    }
}

fn scripted(text: &str) -> Result<(Fault, usize), String> {
    let (kind, times) = match text.rsplit_once(':') {
        Some((kind, times)) => {
            let times = times
                .parse()
                .map_err(|_| format!("`{times}` is not a number of requests"))?;
            (kind, times)
        }
        None => (text, 1),
    };
    let fault = kind.parse::<Fault>().map_err(|e| e.to_string())?;
    Ok((fault, times))
}

/// A `--fault`: a fault for the next `times` requests, for any operation or for one only.
#[derive(Clone, Debug, PartialEq)]
struct FaultFlag {
    /// The operation it is aimed at; `None` for any.
    operation: Option<&'static str>,
    fault: Fault,
    times: usize,
}

/// The operation named `name` exactly, if the mock serves one.
fn operation(name: &str) -> Option<&'static str> {
    finerworks_mock::operation_ids().find(|id| *id == name)
}

/// Reads `[OPERATION:]KIND[:N]`: `KIND[:N]` as [`scripted`] reads it, aimed at `OPERATION` when
/// the text starts with one.
fn fault_flag(text: &str) -> Result<FaultFlag, String> {
    let aimed = text
        .split_once(':')
        .and_then(|(first, rest)| Some((operation(first)?, rest)));
    if let Some((operation, rest)) = aimed {
        let (fault, times) = scripted(rest)?;
        return Ok(FaultFlag {
            operation: Some(operation),
            fault,
            times,
        });
    }
    let unknown = || {
        let expected = finerworks_mock::operation_ids().collect::<Vec<_>>();
        let first = text.split(':').next().unwrap_or_default();
        format!(
            "unknown operation `{first}`: expected one of {}",
            expected.join(", ")
        )
    };
    // Two colons, or a name before a fault (`add_image:500`), can only mean an operation.
    match text.split(':').collect::<Vec<_>>()[..] {
        [_, _, _] => return Err(unknown()),
        [first, second] if first.parse::<Fault>().is_err() && second.parse::<Fault>().is_ok() => {
            return Err(unknown());
        }
        _ => {}
    }
    let (fault, times) = scripted(text)?;
    Ok(FaultFlag {
        operation: None,
        fault,
        times,
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let default_keys = args.web_api_key == MockConfig::DEMO_WEB_API_KEY
        && args.app_key == MockConfig::DEMO_APP_KEY;
    let config = MockConfig::new()
        .addr(args.addr)
        .images(args.images)
        .seed(args.seed)
        .keys(args.web_api_key, args.app_key)
        .latency(Duration::from_millis(args.latency_ms))
        .jitter(Duration::from_millis(args.jitter_ms))
        .random_faults(args.fault_rate, args.fault_seed.unwrap_or(args.seed))
        .count(args.count)
        .over_limit(args.over_limit)
        .page_size_cap(args.page_size_cap)
        .echo(args.echo)
        .nulls(args.nulls)
        .prices_body(args.prices_body)
        .details_body(args.details_body)
        .unknown_sku(args.unknown_sku)
        .strict(args.strict)
        .indexing_delay(Duration::from_millis(args.indexing_delay_ms))
        .body_timeout(Duration::from_millis(args.body_timeout_ms))
        .max_connections(args.max_connections)
        .random_faults_after(args.fault_after)
        .validate_answer(args.validate_answer)
        .test_orders(args.test_orders)
        .order_id_kind(args.order_id_kind)
        .duplicate_po(args.duplicate_po)
        .order_pace(args.order_pace.map(Duration::from_secs_f64));
    let config = match args.rate_limit {
        // One second's worth at once, unless told otherwise.
        Some(rate) => {
            let burst = args
                .burst
                .unwrap_or_else(|| rate.ceil().min(f64::from(u32::MAX)) as u32);
            config.rate_limit(rate, burst)
        }
        None => config,
    };
    let server = match MockServer::start_with(config).await {
        Ok(server) => server,
        Err(error) => {
            eprintln!("finerworks-mock: cannot listen on {}: {error}", args.addr);
            return ExitCode::FAILURE;
        }
    };
    for FaultFlag {
        operation,
        fault,
        times,
    } in args.faults
    {
        match operation {
            None => server.faults().push_n(fault, times),
            Some(operation) => {
                if let Err(error) = server.faults().push_n_for(operation, fault, times) {
                    eprintln!("finerworks-mock: --fault: {error}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }

    println!("listening on {}", server.base_url());
    if default_keys {
        println!("web_api_key: {}", server.web_api_key());
        println!("app_key: {}", server.app_key());
        // The demo keys are not secrets: a line to paste into the shell of the code under test.
        println!(
            "export FINERWORKS_BASE_URL={} FINERWORKS_WEB_API_KEY={} FINERWORKS_APP_KEY={}",
            server.base_url(),
            server.web_api_key(),
            server.app_key()
        );
    } else {
        println!("web_api_key: (as given)");
        println!("app_key: (as given)");
        println!(
            "export FINERWORKS_BASE_URL={} FINERWORKS_WEB_API_KEY=... FINERWORKS_APP_KEY=...",
            server.base_url()
        );
    }
    println!(
        "{} inventory and {} temporary images (seed {}); Ctrl-C to stop",
        server.dataset().inventory().len(),
        server.dataset().temporary().len(),
        args.seed
    );

    stopped().await;
    eprintln!(
        "finerworks-mock: stopping after {} requests",
        server.request_count()
    );
    server.shutdown().await;
    ExitCode::SUCCESS
}

/// Waits for Ctrl-C (or, on Unix, SIGTERM).
async fn stopped() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    // Without a handler there is nothing to wait for; failing to install one ends the server.
    let _ = tokio::signal::ctrl_c().await;
}

#[cfg(test)]
#[path = "main_tests.rs"]
mod tests;
