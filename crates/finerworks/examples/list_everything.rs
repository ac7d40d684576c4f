//! Lists every image of the library page by page, with the bounded-concurrency page stream, and
//! prints a line per page and a summary.
//!
//! ```sh
//! cargo run -p finerworks --example list_everything
//! ```
//!
//! With `FINERWORKS_WEB_API_KEY` and `FINERWORKS_APP_KEY` set it lists your FinerWorks library;
//! without them it lists a local mock of 2,000 images and says so.

// An example prints its results.
#![allow(clippy::print_stdout)]

use std::time::Instant;

use finerworks::Client;
use futures_util::TryStreamExt as _;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock;
    let client = if std::env::var_os(finerworks::ENV_WEB_API_KEY).is_some() {
        Client::from_env()?
    } else {
        eprintln!("no FINERWORKS_WEB_API_KEY set: listing a local mock of 2,000 images");
        mock = finerworks_mock::MockServer::start_with(
            finerworks_mock::MockConfig::new().images(2_000),
        )
        .await?;
        Client::builder()
            .base_url(mock.base_url())
            .web_api_key(mock.web_api_key())
            .app_key(mock.app_key())
            .concurrency(8)
            .build()?
    };

    let started = Instant::now();
    let mut pages = client.images().list().list_products(true).pages();
    let (mut images, mut products) = (0, 0);
    while let Some(page) = pages.try_next().await? {
        images += page.items.len();
        products += page
            .items
            .iter()
            .map(|image| image.products.as_ref().map_or(0, Vec::len))
            .sum::<usize>();
        println!(
            "page {:>4} of {:>4}: {:>2} images (reference id {})",
            page.page_number,
            page.total_pages().unwrap_or_default(),
            page.items.len(),
            page.reference_id.as_deref().unwrap_or("-"),
        );
    }
    println!(
        "{images} images and {products} products in {:.2?} ({} pages at a time)",
        started.elapsed(),
        client.concurrency()
    );
    Ok(())
}
