// The crate documentation is the crate's README (quickstart included, run as a doctest).
#![doc = include_str!("../README.md")]

mod client;
mod config;
mod error;
mod images;
mod limiter;
mod paging;
mod retry;
mod telemetry;
mod transport;

pub use client::Client;
pub use config::{
    ClientBuilder, DEFAULT_CONCURRENCY, ENV_APP_KEY, ENV_BASE_URL, ENV_SESSION_ID, ENV_SITE_ID,
    ENV_WEB_API_KEY, Environment, Library, MAX_CONCURRENCY,
};
pub use error::{ApiError, DecodeError, Error, PagingError, Result};
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
