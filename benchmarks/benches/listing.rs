//! Whole-library listing against the latency limit.
//!
//! The mock (in a child process) answers every request after 20 ms and holds 10,000 images, i.e.
//! 200 pages of 50 with products. The SDK's image stream at concurrency 1, 2, 4, 8, 16 and the
//! default is compared with the physical limit, (1 + ceil(199 / concurrency)) x 20 ms, and with a
//! sequential page loop written with plain reqwest + serde_json.
//!
//! ```sh
//! cargo bench -p finerworks-benchmarks --bench listing
//! ```

// A benchmark reports on stdout.
#![allow(clippy::print_stdout)]

use std::time::{Duration, Instant};

use finerworks::DEFAULT_CONCURRENCY;
use finerworks_benchmarks::{MockProcess, median, plain_call, serve_mock_if_asked};
use futures_util::TryStreamExt as _;

const IMAGES: usize = 10_000;
const PAGES: u32 = 200;
const LATENCY: Duration = Duration::from_millis(20);
const RUNS: usize = 3;

fn main() {
    serve_mock_if_asked();
    let mock = MockProcess::spawn(IMAGES, LATENCY);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        // Warm up the mock and the connection pool.
        let warm = mock.client(4);
        let _ = warm.images().list().per_page(50).send().await.expect("mock answers");

        let mut sequential = Vec::new();
        for _ in 0..RUNS {
            sequential.push(sequential_loop(&mock).await);
        }
        let sequential = median(sequential);

        println!("listing {IMAGES} images (200 pages of 50, products on), {LATENCY:?} per response, median of {RUNS} runs");
        println!();
        println!("| client | concurrency | time | limit | time / limit | speed-up vs sequential |");
        println!("|---|---:|---:|---:|---:|---:|");
        println!(
            "| plain reqwest + serde_json, sequential | 1 | {} | {} | {:.2}x | 1.00x |",
            ms(sequential),
            ms(limit(1)),
            ratio(sequential, limit(1))
        );
        let mut levels = vec![1, 2, 4, 8, 16];
        levels.push(DEFAULT_CONCURRENCY);
        for (index, concurrency) in levels.into_iter().enumerate() {
            let client = mock.client(concurrency);
            let mut times = Vec::new();
            for _ in 0..RUNS {
                let started = Instant::now();
                let count = client
                    .images()
                    .list()
                    .list_products(true)
                    .per_page(50)
                    .stream()
                    .try_fold(0_usize, |n, _image| async move { Ok(n + 1) })
                    .await
                    .expect("stream");
                times.push(started.elapsed());
                assert_eq!(count, IMAGES);
            }
            let time = median(times);
            let label = if index == 5 { "finerworks stream (default)" } else { "finerworks stream" };
            println!(
                "| {label} | {concurrency} | {} | {} | {:.2}x | {:.2}x |",
                ms(time),
                ms(limit(concurrency)),
                ratio(time, limit(concurrency)),
                ratio(sequential, time)
            );
        }
    });
}

/// The straightforward way: one page after the other, each decoded into a `serde_json::Value`.
async fn sequential_loop(mock: &MockProcess) -> Duration {
    let http = reqwest::Client::new();
    let url = mock.url();
    let started = Instant::now();
    let mut images = 0;
    for page in 1..=PAGES {
        let bytes = plain_call(&http, &url, page).await;
        let value: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
        images += value["images"].as_array().map_or(0, Vec::len);
    }
    assert_eq!(images, IMAGES);
    started.elapsed()
}

/// (1 + ceil(199 / concurrency)) x latency: the first page alone, then the rest `concurrency` at a time.
fn limit(concurrency: usize) -> Duration {
    let rest = (PAGES - 1).div_ceil(u32::try_from(concurrency).expect("small"));
    LATENCY * (1 + rest)
}

fn ms(duration: Duration) -> String {
    format!("{:.0} ms", duration.as_secs_f64() * 1000.0)
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}
