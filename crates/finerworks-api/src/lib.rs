//! Generated low-level client for the FinerWorks image-library operations: test the keys
//! (`test_my_credentials`), list images (`list_images`), add, update and delete them
//! (`add_images`, `update_images`, `delete_images`).
//!
//! Most users want the [`finerworks`](https://docs.rs/finerworks) crate, which wraps this one with
//! configuration, validation, paging, retries and one error type. This crate is the contract
//! itself, generated from `openapi/finerworks.yaml` by progenitor (`cargo xtask generate`):
//!
//! - [`types`]: the request and response types, with builders. Every response field is
//!   optional and unknown fields are ignored, because FinerWorks adds fields without versioning
//!   its routes.
//! - [`Client`]: progenitor's client, one method per operation (see [below](#the-generated-client)).
//! - [`limits`]: the limits and defaults the spec documents for request fields
//!   (`limits::list_images_request::PER_PAGE_MAX`...), so that no other layer repeats them as
//!   literals.
//! - [`operations`]: one unit struct per operation of the spec implementing [`Operation`] (its
//!   id, [`HttpMethod`], path, request and response types, and whether it may be sent again, the
//!   spec's `x-idempotent`), [`operations::ALL`], the same as [`OperationInfo`] data, and
//!   [`operations::visit`], which reaches an operation's types by its id (a [`Visitor`]). Every
//!   response type implements [`Answer`]: its `status` block and its payload field.
//! - [`fields`]: per schema, a constant per field name and `ALL`, each [`Field`] with its name
//!   and whether it is required, in the spec's order.
//! - [`OPENAPI_JSON`]: the spec itself, as JSON, and [`schema`], which checks JSON values
//!   against it (what the mock's strict mode and the live drift check use).
//!
//! Two hand-written support types stand in for what progenitor would generate:
//!
//! - [`Timestamp`]: FinerWorks' .NET timestamps, with or without an offset and with 0 to 7
//!   fractional digits, kept exactly as given;
//! - [`Money`]: prices as exact decimals that travel as JSON numbers.
//!
//! # Examples
//!
//! Decoding a response body:
//!
//! ```
//! use finerworks_api::types::ListImagesResponse;
//!
//! let body = r#"{"status": {"success": true, "reference_id": "372dcd782a4549e5b610a87153404261"},
//!               "images": [{"title": "My Image", "date_added": "2025-10-27T14:14:28.7196101-05:00",
//!                           "products": [{"total_price": 19.99}]}],
//!               "count": 1}"#;
//! let page: ListImagesResponse = serde_json::from_str(body)?;
//! let image = &page.images.as_deref().unwrap_or_default()[0];
//! let price = image.products.as_deref().unwrap_or_default()[0].total_price.unwrap();
//! assert_eq!(price.to_string(), "19.99");
//! assert_eq!(image.date_added.unwrap().to_string(), "2025-10-27T14:14:28.7196101-05:00");
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! # The generated client
//!
//! [`Client`] is a thin, tested layer with one method per operation:
//! `client.list_images().body(request).send().await` sends one request and decodes its answer
//! (`add_images()`, `update_images()` and `delete_images()` alike, `test_my_credentials()`
//! without a body), and nothing more (no retries, no paging, no checks of
//! the request beyond its types). The `finerworks` crate is the recommended layer; use this one
//! when you need the raw exchange.
//!
//! It does not send the API keys by itself: build it with
//! [`Client::new_with_client`] from a `reqwest::Client` whose default headers carry
//! `web_api_key` and `app_key` (mark them sensitive so they stay out of `Debug` output).
//! [`Client::new`] gives a client without them, which FinerWorks answers with HTTP 400. Every
//! request also carries an `api-version` header with the spec's version (`info.version`, also
//! [`ClientInfo::api_version`]), which FinerWorks ignores. This crate's `reqwest` has no TLS: to reach
//! `https://api.finerworks.com` (production) or `https://test-api.finerworks.com` (test), turn on
//! a TLS feature of `reqwest` in your own `Cargo.toml` (`features = ["rustls"]`).
//!
//! `send()` returns a [`ResponseValue`] of the decoded page (its `status()` and `headers()`
//! too), or an [`Error`]`<`[`types::ErrorBody`]`>`:
//!
//! - [`Error::ErrorResponse`]: an HTTP 4xx or 5xx with FinerWorks' JSON error body, such as the
//!   400 for wrong keys (`ModelState` `ApiC.Models.authorization_credentials`) or for a field out
//!   of range (`request.per_page`);
//! - [`Error::InvalidResponsePayload`]: a body that is not the JSON expected, such as a proxy's
//!   HTML 503; the HTTP status is lost (`error.status()` is `None`);
//! - [`Error::InvalidRequest`]: a request body that could not be built (a builder without its
//!   `library`), before anything is sent;
//! - [`Error::CommunicationError`]: no connection or no answer.
//!
//! An HTTP 200 whose `status.success` is `false` is an `Ok` here; check it yourself.
//!
//! ```no_run
//! use std::num::NonZeroU32;
//!
//! use finerworks_api::types::{ImageLibrary, ListImagesRequest};
//! use finerworks_api::{Client, Error};
//! use reqwest::header::{HeaderMap, HeaderValue};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let mut headers = HeaderMap::new();
//! for (name, variable) in [
//!     ("web_api_key", "FINERWORKS_WEB_API_KEY"),
//!     ("app_key", "FINERWORKS_APP_KEY"),
//! ] {
//!     let mut value = HeaderValue::from_str(&std::env::var(variable)?)?;
//!     value.set_sensitive(true);
//!     headers.insert(name, value);
//! }
//! let http = reqwest::Client::builder().default_headers(headers).build()?;
//! let client = Client::new_with_client("https://test-api.finerworks.com", http);
//!
//! let request = ListImagesRequest::builder()
//!     .library(ImageLibrary::builder().session_id("1234567890").site_id(2))
//!     .per_page(NonZeroU32::new(50));
//! match client.list_images().body(request).send().await {
//!     Ok(page) => {
//!         let images = page.images.as_deref().unwrap_or_default();
//!         eprintln!("{} images on this page, count {:?}", images.len(), page.count);
//!     }
//!     Err(Error::ErrorResponse(answer)) => {
//!         eprintln!("HTTP {}: {:?}", answer.status(), answer.model_state);
//!     }
//!     Err(other) => return Err(other.into()),
//! }
//! # Ok(())
//! # }
//! ```

mod image;
mod money;
mod operation;
mod paged;
pub mod schema;
mod timestamp;

// The generated code is exempt from formatting and lints; everything else in this crate is not.
#[rustfmt::skip]
#[allow(missing_docs, unreachable_pub, clippy::all, clippy::pedantic, rust_2018_idioms)]
mod generated;

pub use generated::*;
pub use money::Money;
pub use operation::{Answer, Field, HttpMethod, Operation, OperationInfo, Paging, Visitor};
pub use paged::{CountField, PageField, PagedOperation, PagedVisitor};
pub use timestamp::{ParseTimestampError, Timestamp};
