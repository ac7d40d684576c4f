//! The quickstart: one page, then every image, against your account or the bundled mock.
//!
//! ```sh
//! cargo run -p finerworks --example quickstart
//! ```
//!
//! With `FINERWORKS_WEB_API_KEY` and `FINERWORKS_APP_KEY` set it talks to FinerWorks (the API
//! named by `FINERWORKS_BASE_URL`, production unless told otherwise); without them it starts a
//! local mock and says so.

// An example prints its results.
#![allow(clippy::print_stdout)]

use finerworks::{Client, SortDirection, SortField};
use futures_util::TryStreamExt as _;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, _mock) = client().await?;

    let page = client
        .images()
        .list()
        .sort_field(SortField::DateAdded)
        .sort_direction(SortDirection::Desc)
        .per_page(5)
        .send()
        .await?;
    println!(
        "{} images in all; the newest five:",
        page.total.unwrap_or_default()
    );
    for image in &page.items {
        let added = image.date_added.map(|t| t.to_string()).unwrap_or_default();
        println!(
            "  {added}  {}",
            image.title.as_deref().unwrap_or("(untitled)")
        );
    }

    let all: Vec<_> = client
        .images()
        .list()
        .list_products(true)
        .stream()
        .try_collect()
        .await?;
    let products: usize = all
        .iter()
        .map(|i| i.products.as_ref().map_or(0, Vec::len))
        .sum();
    println!("{} images, {products} products", all.len());
    Ok(())
}

/// A client for your account when the keys are set, else for a local mock (kept alive by the caller).
async fn client()
-> Result<(Client, Option<finerworks_mock::MockServer>), Box<dyn std::error::Error>> {
    if std::env::var_os(finerworks::ENV_WEB_API_KEY).is_some() {
        return Ok((Client::from_env()?, None));
    }
    eprintln!("no FINERWORKS_WEB_API_KEY set: using a local mock with demo data");
    let mock = finerworks_mock::MockServer::start().await?;
    let client = Client::builder()
        .base_url(mock.base_url())
        .web_api_key(mock.web_api_key())
        .app_key(mock.app_key())
        .build()?;
    Ok((client, Some(mock)))
}
