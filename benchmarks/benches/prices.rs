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
use finerworks_benchmarks::{MockProcess, median, serve_mock_if_asked};

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
        let mut times = Vec::with_capacity(RUNS);
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
        }
        let limit = LATENCY * u32::try_from(CALLS.div_ceil(CONCURRENCY)).expect("small");
        let best = times.iter().copied().min().expect("runs");
        let median = median(times);
        println!(
            "pricing {SKUS} SKUs ({CALLS} calls of 50) at concurrency {CONCURRENCY}, {LATENCY:?} \
             per response, {RUNS} runs"
        );
        println!();
        println!("| median | best | limit | median / limit | best / limit |");
        println!("|---:|---:|---:|---:|---:|");
        println!(
            "| {} | {} | {} | {:.2}x | {:.2}x |",
            ms(median),
            ms(best),
            ms(limit),
            median.as_secs_f64() / limit.as_secs_f64(),
            best.as_secs_f64() / limit.as_secs_f64()
        );
    });
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}
