//! Peak memory while streaming the whole library: 10,000 and 100,000 images (with products), each
//! dropped as it arrives, with the mock in a separate process. Each size runs in a fresh child
//! process, so that its peak resident memory (`VmHWM`) is its own.
//!
//! ```sh
//! cargo bench -p finerworks-benchmarks --bench memory
//! ```

// A benchmark reports on stdout.
#![allow(clippy::print_stdout)]

use std::process::Command;
use std::time::{Duration, Instant};

use finerworks_benchmarks::{MockProcess, peak_rss, serve_mock_if_asked};
use futures_util::TryStreamExt as _;

const CLIENT_FLAG: &str = "--stream-client";

fn main() {
    serve_mock_if_asked();
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == CLIENT_FLAG) {
        stream_client(&args[at + 1], args[at + 2].parse().expect("image count"));
        return;
    }

    println!(
        "peak resident memory of the client process while streaming every image (products on), concurrency 4, pages of 50"
    );
    println!();
    println!("| images | images streamed | time | peak RSS at start | peak RSS |");
    println!("|---:|---:|---:|---:|---:|");
    let mut peaks = Vec::new();
    for images in [10_000_usize, 100_000] {
        let mock = MockProcess::spawn(images, Duration::ZERO);
        let exe = std::env::current_exe().expect("exe");
        let output = Command::new(exe)
            .arg(CLIENT_FLAG)
            .arg(&mock.base_url)
            .arg(images.to_string())
            .output()
            .expect("client child runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let line = String::from_utf8(output.stdout).expect("utf-8");
        let fields: Vec<u64> = line
            .split_whitespace()
            .map(|f| f.parse().expect("number"))
            .collect();
        let [streamed, millis, start_peak, peak] = fields[..] else {
            panic!("{line}")
        };
        println!(
            "| {images} | {streamed} | {:.1} s | {:.1} MiB | {:.1} MiB |",
            millis as f64 / 1000.0,
            mib(start_peak),
            mib(peak)
        );
        peaks.push(peak);
    }
    println!();
    println!(
        "100,000 / 10,000 peak ratio: {:.2}x",
        peaks[1] as f64 / peaks[0] as f64
    );
}

/// The child: stream every image of the mock at `base_url`, dropping each, and report
/// `<count> <milliseconds> <peak RSS before> <peak RSS after>` on stdout.
fn stream_client(base_url: &str, images: usize) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let start_peak = peak_rss().unwrap_or_default();
    let started = Instant::now();
    let count = runtime.block_on(async {
        let client = finerworks::Client::builder()
            .base_url(base_url)
            .web_api_key(finerworks_mock::MockConfig::DEMO_WEB_API_KEY)
            .app_key(finerworks_mock::MockConfig::DEMO_APP_KEY)
            .build()
            .expect("client");
        client
            .images()
            .list()
            .list_products(true)
            .stream()
            .try_fold(0_usize, |n, image| async move {
                drop(image);
                Ok(n + 1)
            })
            .await
            .expect("stream")
    });
    assert_eq!(count, images);
    println!(
        "{count} {} {start_peak} {}",
        started.elapsed().as_millis(),
        peak_rss().unwrap_or_default()
    );
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}
