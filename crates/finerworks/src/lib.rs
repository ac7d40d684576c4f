//! A Rust client for the [FinerWorks](https://finerworks.com) print-on-demand API: list the images
//! of your library and the virtual-inventory products made from them.
//!
//! # Quickstart
//!
//! ```
//! use finerworks::{Client, SortField};
//! use futures_util::TryStreamExt as _;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let mock = finerworks_mock::MockServer::start().await?;
//! // Keys come from FINERWORKS_WEB_API_KEY and FINERWORKS_APP_KEY, or from code:
//! let client = Client::builder()
//! #   .base_url(mock.base_url())?
//!     .web_api_key("your-web-api-key")
//! #   .web_api_key(mock.web_api_key())
//!     .app_key("your-app-key")
//! #   .app_key(mock.app_key())
//!     .build()?;
//!
//! // One page.
//! let page = client.images().sort_field(SortField::Title).per_page(5).send().await?;
//! println!("{} images in all", page.total.unwrap_or_default());
//!
//! // Every image, fetched a few pages at a time, in order.
//! let all: Vec<_> = client.images().list_products(true).stream().try_collect().await?;
//! assert_eq!(all.len() as u64, page.total.unwrap());
//! # Ok(())
//! # }
//! ```
//!
//! # What it does for you
//!
//! - **Configuration** from code or the environment ([`Client::from_env`]): keys, production, test
//!   or any base URL, a default [`Library`], timeouts, a [`RetryPolicy`], paging concurrency.
//! - **Checks before sending**: a request that breaks a rule of the API (page size over 50, a
//!   session id that is too short, a date range backwards...) fails with
//!   [`Error::InvalidRequest`] naming the field, and nothing is sent.
//! - **Paging**: [`ListImages::pages`] and [`ListImages::stream`] walk the whole result with bounded
//!   concurrency, in order, each image once.
//! - **Retries** with exponential backoff and full jitter for connection failures, timeouts, 408,
//!   429 (honouring `Retry-After`) and 5xx gateway errors.
//! - **One error type**, [`Error`], that tells refused keys, API errors (with FinerWorks'
//!   reference id), rate limits, timeouts, transport failures and undecodable bodies apart.
//! - **Secrets stay secret**: the keys are never in `Debug` output, errors or logs.
//! - **Tracing**: a `finerworks.request` span per call and a `finerworks.attempt` span per attempt,
//!   with the page, attempt, HTTP status, reference id and elapsed time.
//!
//! The data types are those generated from the OpenAPI contract in
//! [`finerworks-api`](finerworks_api), re-exported here under friendly names ([`Image`],
//! [`Product`]...). Prices are exact [`Money`], timestamps are [`Timestamp`]s that keep the offset
//! FinerWorks sent.

mod client;
mod config;
mod error;
mod images;
mod paging;
mod retry;
mod telemetry;
mod transport;

pub use client::Client;
pub use config::{
    ClientBuilder, DEFAULT_CONCURRENCY, ENV_APP_KEY, ENV_BASE_URL, ENV_SESSION_ID, ENV_SITE_ID,
    ENV_WEB_API_KEY, Environment, Library, MAX_CONCURRENCY,
};
pub use error::{ApiError, DecodeError, Error, Result};
pub use images::{ListImages, MAX_PER_PAGE, Page, STREAM_PER_PAGE};
pub use retry::RetryPolicy;

/// The generated low-level crate, for the types not re-exported here.
pub use finerworks_api as api;
pub use finerworks_api::{Money, Timestamp};

/// An uploaded image file, with its products when they were asked for.
pub type Image = finerworks_api::types::ImageDetails;
/// A virtual inventory product made from an image.
pub type Product = finerworks_api::types::Product;
/// A key-value label describing a product.
pub type ProductLabel = finerworks_api::types::ProductLabel;
/// The outcome block of every response.
pub type ResponseStatus = finerworks_api::types::ResponseStatus;
/// A field images can be sorted by.
pub type SortField = finerworks_api::types::SortField;
/// Ascending or descending.
pub type SortDirection = finerworks_api::types::SortDirection;
/// The inventory (permanent) or temporary (session uploads) library.
pub type LibraryName = finerworks_api::types::LibraryName;

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Client>();
    assert_send_sync::<Error>();
    assert_send_sync::<ListImages>();
    assert_send_sync::<Page>();
};
