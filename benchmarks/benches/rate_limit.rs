//! Whole-library listing against a rate limit.
//!
//! The mock (in a child process) holds 3,000 images (60 pages of 50) and lets through 2 requests
//! a second with bursts of 1; beyond that it answers 429 with `Retry-After` (whole seconds, so
//! `Retry-After: 1`). The SDK's image stream at concurrency 4 (the default) and 16 must list every
//! image without an error, and is compared with the rate floor: pages / rate = 30 s. (The last
//! page is full, so the walk sends a 61st request to see that nothing follows; with a burst of 1
//! the first request is free and the other 60 need a token each: 30 s is exact.)
//!
//! ```sh
//! cargo bench -p finerworks-benchmarks --bench rate_limit
//! ```

// A benchmark reports on stdout.
#![allow(clippy::print_stdout)]

use std::time::{Duration, Instant};

use finerworks_benchmarks::{MockProcess, serve_mock_if_asked};
use futures_util::TryStreamExt as _;

const IMAGES: usize = 3_000;
const PAGES: u32 = 60;
const RATE: f64 = 2.0;
const BURST: u32 = 1;

fn main() {
    serve_mock_if_asked();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let floor = Duration::from_secs_f64(f64::from(PAGES) / RATE);
    println!(
        "listing {IMAGES} images ({PAGES} pages of 50) through a limit of {RATE} requests/s, \
         bursts of {BURST}; one run each"
    );
    println!();
    println!("| concurrency | time | rate floor | time / floor | errors |");
    println!("|---:|---:|---:|---:|---:|");
    for concurrency in [4, 16] {
        // A fresh mock each time, so that every run starts with a full bucket.
        let mock = MockProcess::spawn_rate_limited(IMAGES, Duration::ZERO, RATE, BURST);
        let client = mock.client(concurrency);
        let (time, count) = runtime.block_on(async {
            let started = Instant::now();
            let count = client
                .images()
                .list()
                .per_page(50)
                .stream()
                .try_fold(0_usize, |n, _image| async move { Ok(n + 1) })
                .await
                .expect("a rate limit slows the listing down, it does not fail it");
            (started.elapsed(), count)
        });
        assert_eq!(count, IMAGES);
        println!(
            "| {concurrency} | {:.1} s | {:.1} s | {:.2}x | 0 |",
            time.as_secs_f64(),
            floor.as_secs_f64(),
            time.as_secs_f64() / floor.as_secs_f64()
        );
    }
}
