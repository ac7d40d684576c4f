//! Per-request overhead: 1,000 sequential `send()` calls for one page of 50 images with products,
//! against the same requests made with plain reqwest + serde_json, decoded into `serde_json::Value`
//! and into the generated `finerworks-api` types. The mock runs in a child process with no latency,
//! so the CPU time measured here is the client's alone.
//!
//! ```sh
//! cargo bench -p finerworks-benchmarks --bench overhead
//! ```

// A benchmark reports on stdout.
#![allow(clippy::print_stdout)]

use std::time::{Duration, Instant};

use finerworks_api::types::ListImagesResponse;
use finerworks_benchmarks::{MockProcess, cpu_time, plain_call, serve_mock_if_asked};

const REQUESTS: u32 = 1_000;
const ROUNDS: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Variant {
    Sdk,
    PlainTyped,
    PlainValue,
}

fn main() {
    serve_mock_if_asked();
    let mock = MockProcess::spawn(2_000, Duration::ZERO);
    // One thread, so that CPU time is not inflated by idle workers spinning.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let client = mock.client(1);
        let http = reqwest::Client::new();
        let url = mock.url();
        let variants = [Variant::Sdk, Variant::PlainTyped, Variant::PlainValue];
        // Warm up connections and allocators.
        for variant in variants {
            run(variant, 50, &client, &http, &url).await;
        }
        // Interleave the variants, so that drift on a shared machine hits all of them alike.
        let mut samples: Vec<Vec<(Duration, Duration)>> = vec![Vec::new(); variants.len()];
        for _ in 0..ROUNDS {
            for (index, variant) in variants.into_iter().enumerate() {
                samples[index].push(run(variant, REQUESTS, &client, &http, &url).await);
            }
        }
        let medians: Vec<(Duration, Duration)> = samples
            .into_iter()
            .map(|mut runs| {
                runs.sort_unstable_by_key(|(wall, _)| *wall);
                let wall = runs[runs.len() / 2].0;
                let mut cpus: Vec<Duration> = runs.iter().map(|(_, cpu)| *cpu).collect();
                cpus.sort_unstable();
                (wall, cpus[cpus.len() / 2])
            })
            .collect();
        let (typed_wall, typed_cpu) = medians[1];
        println!("{REQUESTS} sequential requests for a page of 50 images with products, no latency, median of {ROUNDS} rounds");
        println!();
        println!("| client | wall | per request | CPU | CPU / request | wall vs typed | CPU vs typed |");
        println!("|---|---:|---:|---:|---:|---:|---:|");
        for (variant, (wall, cpu)) in variants.into_iter().zip(medians) {
            let name = match variant {
                Variant::Sdk => "finerworks `send()`",
                Variant::PlainTyped => "reqwest + serde_json into generated types",
                Variant::PlainValue => "reqwest + serde_json into `Value`",
            };
            println!(
                "| {name} | {:.0} ms | {:.0} µs | {:.0} ms | {:.0} µs | {:.2}x | {:.2}x |",
                wall.as_secs_f64() * 1e3,
                wall.as_secs_f64() * 1e6 / f64::from(REQUESTS),
                cpu.as_secs_f64() * 1e3,
                cpu.as_secs_f64() * 1e6 / f64::from(REQUESTS),
                wall.as_secs_f64() / typed_wall.as_secs_f64(),
                cpu.as_secs_f64() / typed_cpu.as_secs_f64(),
            );
        }
    });
}

/// Makes `requests` calls the given way; returns the wall and CPU time they took.
async fn run(
    variant: Variant,
    requests: u32,
    client: &finerworks::Client,
    http: &reqwest::Client,
    url: &str,
) -> (Duration, Duration) {
    let cpu_before = cpu_time().unwrap_or_default();
    let started = Instant::now();
    let mut images = 0;
    for n in 0..requests {
        let page = n % 40 + 1;
        images += match variant {
            Variant::Sdk => {
                let page = client
                    .images()
                    .list()
                    .page_number(page)
                    .per_page(50)
                    .list_products(true)
                    .send()
                    .await
                    .expect("page");
                page.items.len()
            }
            Variant::PlainTyped => {
                let bytes = plain_call(http, url, page).await;
                let page: ListImagesResponse = serde_json::from_slice(&bytes).expect("decodes");
                page.images.map_or(0, |images| images.len())
            }
            Variant::PlainValue => {
                let bytes = plain_call(http, url, page).await;
                let page: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
                page["images"].as_array().map_or(0, Vec::len)
            }
        };
    }
    assert_eq!(images, requests as usize * 50);
    let wall = started.elapsed();
    let cpu = cpu_time().unwrap_or_default().saturating_sub(cpu_before);
    (wall, cpu)
}
