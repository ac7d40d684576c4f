//! Adding 1,000 images (200 `add_images` calls of 5) against the mock at 20 ms per response.
//!
//! 1. Speed: the SDK at concurrency 8 against the latency limit, ceil(200 / 8) x 20 ms = 500 ms
//!    (the mock in a child process; median of 3 runs).
//! 2. Safety: the same with 10% of calls failing at random (500, 502, 503, 504 or 429; an
//!    in-process mock, so that its library can be read afterwards): no image may be added twice,
//!    and every call whose fate is unknown must be reported with its images.
//!
//! ```sh
//! cargo bench -p finerworks-benchmarks --bench add
//! ```

// A benchmark reports on stdout.
#![allow(clippy::print_stdout)]

use std::collections::HashMap;
use std::time::{Duration, Instant};

use finerworks::{Client, Error, NewImage};
use finerworks_benchmarks::{MockProcess, median, serve_mock_if_asked};
use finerworks_mock::{MockConfig, MockServer};

const IMAGES: usize = 1_000;
const CALLS: u32 = 200;
const LATENCY: Duration = Duration::from_millis(20);
const CONCURRENCY: usize = 8;
const RUNS: usize = 3;

fn main() {
    serve_mock_if_asked();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let limit = LATENCY * CALLS.div_ceil(u32::try_from(CONCURRENCY).expect("small"));

    let mock = MockProcess::spawn(10, LATENCY);
    let client = mock.client(CONCURRENCY);
    let mut times = Vec::new();
    for run in 0..RUNS {
        let images = new_images(run);
        let started = Instant::now();
        let added = runtime
            .block_on(client.images().add(images).send())
            .expect("every image is added");
        times.push(started.elapsed());
        assert_eq!(added.len(), IMAGES);
    }
    let time = median(times);
    println!(
        "adding {IMAGES} images ({CALLS} calls of 5), {LATENCY:?} per response, concurrency {CONCURRENCY}, median of {RUNS} runs"
    );
    println!();
    println!("| time | latency limit | time / limit |");
    println!("|---:|---:|---:|");
    println!(
        "| {:.0} ms | {:.0} ms | {:.2}x |",
        time.as_secs_f64() * 1000.0,
        limit.as_secs_f64() * 1000.0,
        time.as_secs_f64() / limit.as_secs_f64()
    );

    runtime.block_on(failing_calls());
}

/// 10% of the calls fail: count what was added, reported, and added twice.
async fn failing_calls() {
    let mock = MockServer::start_with(
        MockConfig::new()
            .images(10)
            .latency(LATENCY)
            .random_faults(0.1, 7),
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
    let images = new_images(9);
    let report = match client.images().add(images).send().await {
        Err(Error::AddIncomplete(report)) => report,
        Ok(_) => panic!("with 10% of calls failing, some should have failed"),
        Err(other) => panic!("unexpected error: {other}"),
    };
    let mut copies: HashMap<String, usize> = HashMap::new();
    for image in mock.inventory() {
        *copies.entry(image.title.unwrap_or_default()).or_default() += 1;
    }
    let twice = copies.values().filter(|&&n| n > 1).count();
    let unknown = report.unknown().count();
    let not_added = report.not_added().count();
    let added = report.added().count();
    let faulted = mock.requests().iter().filter(|r| r.fault.is_some()).count();
    let calls = mock.request_count();
    println!();
    println!(
        "with 10% of calls failing at random (seed 7): {calls} calls, {faulted} of them failed"
    );
    println!();
    println!(
        "| added | reported: may or may not be added | reported: not added | unaccounted | added twice |"
    );
    println!("|---:|---:|---:|---:|---:|");
    println!(
        "| {added} | {unknown} | {not_added} | {} | {twice} |",
        IMAGES - added - unknown - not_added
    );
    assert_eq!(twice, 0, "an image was added twice");
    assert_eq!(
        added + unknown + not_added,
        IMAGES,
        "an image is unaccounted for"
    );
    mock.shutdown().await;
}

/// 1,000 complete images, titled by run and number.
fn new_images(run: usize) -> Vec<NewImage> {
    (0..IMAGES)
        .map(|i| {
            NewImage::new()
                .title(format!("run {run} image {i}"))
                .file_name(format!("r{run}-{i}.jpg"))
                .file_size(2_000_000)
                .pixels(3000, 2000)
                .thumbnail(
                    format!("r{run}-{i}-t.jpg"),
                    format!("https://example.com/r{run}-{i}-t.jpg"),
                )
                .preview(
                    format!("r{run}-{i}-p.jpg"),
                    format!("https://example.com/r{run}-{i}-p.jpg"),
                )
                .hires(
                    format!("r{run}-{i}.jpg"),
                    format!("https://example.com/private/r{run}-{i}.jpg"),
                )
        })
        .collect()
}
