//! Whole-library listing against the latency limit.
//!
//! The mock (in a child process) answers every request after 20 ms and holds 10,000 images, i.e.
//! 200 pages of 50 with products. The SDK's image stream at concurrency 1, 2, 4 (the default), 8
//! and 16 is compared with the physical limit, (1 + ceil(199 / concurrency)) x 20 ms, and with a
//! sequential page loop written with plain reqwest + serde_json, which knows the number of pages
//! and checks nothing. The last column divides each stream's time / limit by the sequential
//! loop's own time / limit in the same run (the bar: at most 1.06x), so that what the machine adds
//! to every round trip cancels out.
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
/// Runs of each client, interleaved: the machine may be shared, and what else runs then slows
/// every client of a round alike.
const RUNS: usize = 5;
/// The concurrency levels of the SDK's stream.
const LEVELS: [usize; 5] = [1, 2, 4, 8, 16];

fn main() {
    serve_mock_if_asked();
    let mock = MockProcess::spawn(IMAGES, LATENCY);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        // Warm up the mock and the connection pool.
        let warm = mock.client(4);
        let _ = warm.images().list().per_page(50).send().await.expect("mock answers");

        let clients: Vec<_> = LEVELS.iter().map(|&level| mock.client(level)).collect();
        let mut sequential = Vec::new();
        let mut streams = vec![Vec::new(); LEVELS.len()];
        for _ in 0..RUNS {
            sequential.push(sequential_loop(&mock).await);
            for (client, times) in clients.iter().zip(&mut streams) {
                times.push(stream(client).await);
            }
        }

        println!(
            "listing {IMAGES} images (200 pages of 50, products on), {LATENCY:?} per response, \
             {RUNS} runs of each, interleaved: their median and the best"
        );
        println!();
        println!(
            "| client | concurrency | median | best | limit | best / limit | speed-up vs sequential | ratio vs sequential's |"
        );
        println!("|---|---:|---:|---:|---:|---:|---:|---:|");
        let sequential_best = best(&sequential);
        let sequential_ratio = ratio(sequential_best, limit(1));
        println!(
            "| plain reqwest + serde_json, sequential | 1 | {} | {} | {} | {sequential_ratio:.2}x | 1.00x | 1.000x |",
            ms(median(sequential)),
            ms(sequential_best),
            ms(limit(1)),
        );
        for (concurrency, times) in LEVELS.into_iter().zip(streams) {
            let label = if concurrency == DEFAULT_CONCURRENCY {
                "finerworks stream (the default)"
            } else {
                "finerworks stream"
            };
            let time = best(&times);
            let time_ratio = ratio(time, limit(concurrency));
            println!(
                "| {label} | {concurrency} | {} | {} | {} | {time_ratio:.2}x | {:.2}x | {:.3}x |",
                ms(median(times)),
                ms(time),
                ms(limit(concurrency)),
                ratio(sequential_best, time),
                time_ratio / sequential_ratio
            );
        }
    });
}

/// Every image of the library through the SDK's stream; how long it took.
async fn stream(client: &finerworks::Client) -> Duration {
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
    let elapsed = started.elapsed();
    assert_eq!(count, IMAGES);
    elapsed
}

/// The shortest of some durations: the run least disturbed by whatever else the machine did.
fn best(samples: &[Duration]) -> Duration {
    samples.iter().copied().min().expect("at least one run")
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
