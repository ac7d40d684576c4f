//! Decoding speed: a page of 50 images with products into the SDK's (generated) types vs into
//! `serde_json::Value`, in MB/s; and what the lenient `Timestamp` and exact `Money` cost against
//! chrono's RFC 3339 parser, a plain `String` and an `f64`.
//!
//! ```sh
//! cargo bench -p finerworks-benchmarks --bench decode
//! ```

use chrono::{DateTime, FixedOffset};
use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use finerworks_api::types::ListImagesResponse;
use finerworks_api::{Money, Timestamp};
use finerworks_mock::Dataset;

fn main() {
    divan::main();
}

/// A page of the mock's seeded data: 50 images with their products, encoded by the generated types.
fn page() -> Vec<u8> {
    let page = Dataset::generate(42, 50).page(1, 50);
    serde_json::to_vec(&page).expect("encodes")
}

#[divan::bench]
fn page_into_sdk_types(bencher: Bencher<'_, '_>) {
    let body = page();
    bencher
        .counter(BytesCount::new(body.len()))
        .bench(|| serde_json::from_slice::<ListImagesResponse>(black_box(&body)).expect("decodes"));
}

#[divan::bench]
fn page_into_value(bencher: Bencher<'_, '_>) {
    let body = page();
    bencher
        .counter(BytesCount::new(body.len()))
        .bench(|| serde_json::from_slice::<serde_json::Value>(black_box(&body)).expect("decodes"));
}

const TIMESTAMP: &str = "\"2025-10-27T14:14:28.7196101-05:00\"";

#[divan::bench(sample_size = 1000)]
fn timestamp_lenient() -> Timestamp {
    serde_json::from_str(black_box(TIMESTAMP)).expect("timestamp")
}

#[divan::bench(sample_size = 1000)]
fn timestamp_chrono_rfc3339() -> DateTime<FixedOffset> {
    serde_json::from_str(black_box(TIMESTAMP)).expect("timestamp")
}

#[divan::bench(sample_size = 1000)]
fn timestamp_as_string() -> String {
    serde_json::from_str(black_box(TIMESTAMP)).expect("string")
}

const PRICE: &str = "1234.99";

#[divan::bench(sample_size = 1000)]
fn price_exact_money() -> Money {
    serde_json::from_str(black_box(PRICE)).expect("money")
}

#[divan::bench(sample_size = 1000)]
fn price_f64() -> f64 {
    serde_json::from_str(black_box(PRICE)).expect("f64")
}
