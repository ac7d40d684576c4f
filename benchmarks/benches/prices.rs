//! Pricing 1,000 SKUs against the latency limit.
//!
//! The mock (in a child process) answers every request after 20 ms. The SDK prices 1,000 SKUs,
//! 20 calls of 50, at concurrency 8, and is compared with the latency limit, ceil(20 / 8) x 20 ms
//! = 60 ms: three rounds of calls, each one response time (the goal: within 1.2x).
//!
//! ```sh
//! cargo bench -p finerworks-benchmarks --bench prices
//! ```

// A benchmark reports on stdout.
#![allow(clippy::print_stdout)]

use std::time::{Duration, Instant};

use finerworks::SkuQty;
use finerworks_api::Operation as _;
use finerworks_api::operations::GetPrices;
use finerworks_benchmarks::{MockProcess, median, serve_mock_if_asked};
use finerworks_mock::MockConfig;
use futures_util::{StreamExt as _, stream};

const SKUS: usize = 1_000;
const CALLS: usize = 20;
const CONCURRENCY: usize = 8;
const LATENCY: Duration = Duration::from_millis(20);
const RUNS: usize = 15;

fn main() {
    serve_mock_if_asked();
    let mock = MockProcess::spawn(0, LATENCY);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let client = mock.client(CONCURRENCY);
        let items: Vec<SkuQty> = (0..SKUS)
            .map(|n| {
                SkuQty::new(
                    format!("AP{n:05}P"),
                    u32::try_from(n % 5 + 1).expect("small"),
                )
            })
            .collect();
        // Warm up the mock, the connection pool and the body form.
        let _ = client
            .catalog()
            .prices(items.clone())
            .send()
            .await
            .expect("mock answers");
        let http = reqwest::Client::new();
        let url = mock.url_of(GetPrices::PATH);
        let _ = plain_prices(&http, &url, &items).await;
        // The SDK and a plain client, interleaved: what the machine adds to every round trip
        // slows both alike.
        let mut times = Vec::with_capacity(RUNS);
        let mut plain = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let started = Instant::now();
            let prices = client
                .catalog()
                .prices(items.clone())
                .send()
                .await
                .expect("prices");
            times.push(started.elapsed());
            assert_eq!(prices.lines.len(), SKUS);
            assert!(prices.is_complete());
            let started = Instant::now();
            let lines = plain_prices(&http, &url, &items).await;
            plain.push(started.elapsed());
            assert_eq!(lines, SKUS);
        }
        let limit = LATENCY * u32::try_from(CALLS.div_ceil(CONCURRENCY)).expect("small");
        println!(
            "pricing {SKUS} SKUs ({CALLS} calls of 50) at concurrency {CONCURRENCY}, {LATENCY:?} \
             per response, {RUNS} runs of each, interleaved"
        );
        println!();
        println!("| client | median | best | limit | median / limit | best / limit |");
        println!("|---|---:|---:|---:|---:|---:|");
        for (label, times) in [
            ("finerworks catalog().prices", times),
            ("plain reqwest + serde_json, same calls", plain),
        ] {
            let best = times.iter().copied().min().expect("runs");
            let median = median(times);
            println!(
                "| {label} | {} | {} | {} | {:.2}x | {:.2}x |",
                ms(median),
                ms(best),
                ms(limit),
                median.as_secs_f64() / limit.as_secs_f64(),
                best.as_secs_f64() / limit.as_secs_f64()
            );
        }
    });
}

/// The same 20 calls of 50 with plain reqwest, `CONCURRENCY` at a time, each answer read into a
/// `serde_json::Value`; returns how many price lines came back.
async fn plain_prices(http: &reqwest::Client, url: &str, items: &[SkuQty]) -> usize {
    let bodies: Vec<Vec<u8>> = items
        .chunks(SKUS / CALLS)
        .map(|chunk| {
            let products: Vec<serde_json::Value> = chunk
                .iter()
                .map(|item| serde_json::json!({"product_qty": item.qty, "product_sku": item.sku}))
                .collect();
            serde_json::to_vec(&serde_json::json!({ "products": products })).expect("body")
        })
        .collect();
    stream::iter(bodies)
        .map(|body| async move {
            let bytes = http
                .post(url)
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
                .expect("body");
            let value: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
            value["prices"].as_array().map_or(0, Vec::len)
        })
        .buffer_unordered(CONCURRENCY)
        .fold(0, |sum, lines| async move { sum + lines })
        .await
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}
