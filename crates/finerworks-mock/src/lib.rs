//! A faithful local [FinerWorks](https://finerworks.com) API server, for testing code that calls
//! `POST /v3/list_images` without an account or a network, and for demos.
//!
//! [`MockServer`] runs in your Tokio runtime (or as the `finerworks-mock` binary) and behaves
//! as FinerWorks documents: it checks the `web_api_key` and `app_key` headers, validates the
//! request the way ASP.NET does (HTTP 400 with a `ModelState` naming the field), and implements
//! every filter, sort and paging rule over a seeded library of FinerWorks-style images (.NET
//! timestamps, products with labels, prices with cents) in both the inventory and the temporary
//! library. Its answers are built from the generated types of `finerworks-api`, so they speak
//! the contract.
//!
//! It also misbehaves on request ([`Fault`]): server errors, 429 with `Retry-After`, an HTTP 200
//! that reports a failure, broken bodies, HTML error pages, dropped connections and stalls,
//! scripted or at a seeded random rate, plus latency. It counts and logs the requests it gets, so
//! a test can check how many attempts the code under test made.
//!
//! # Examples
//!
//! Start a server, make the next request fail, and stop it:
//!
//! ```
//! use finerworks_mock::{Fault, MockConfig, MockServer};
//!
//! # fn main() -> std::io::Result<()> {
//! let runtime = tokio::runtime::Runtime::new()?;
//! runtime.block_on(async {
//!     let server = MockServer::start_with(MockConfig::new().images(1_000).seed(7)).await?;
//!     println!("FinerWorks at {}", server.base_url());
//!     assert_eq!(server.dataset().inventory().len(), 1_000);
//!
//!     server.faults().push(Fault::ServiceUnavailable);
//!     // ... run the code under test against server.base_url(), with
//!     // server.web_api_key() and server.app_key() ...
//!     assert_eq!(server.request_count(), 0);
//!
//!     server.shutdown().await;
//!     Ok(())
//! })
//! # }
//! ```
//!
//! # What it serves
//!
//! - `POST /v3/list_images` (the path in any case, with or without a trailing slash). Anything
//!   else is a 404 with ASP.NET's `{"Message": "No HTTP resource was found ..."}`; another
//!   method on that path is a 405.
//! - The keys come first: both headers must match, or the answer is HTTP 400
//!   `{"Message":"The request is invalid.","ModelState":{"ApiC.Models.authorization_credentials":["Missing or unauthorized api credentials"]}}`.
//! - Then the body: a content type other than `application/json` or `text/json` is a 415; a body
//!   that is not JSON, or a field that is missing or out of range, a 400 whose `ModelState` names
//!   every bad field (`request.per_page`, `request.library.session_id`...). Enum values are read
//!   case-insensitively, as .NET does.
//! - Filters: `search_filter` (case-insensitive, in the title or description), `guid_filter` (an
//!   empty list filters nothing), `upload_date_from`/`upload_date_to` (inclusive, on the day of
//!   `date_added` in its own offset; a range that is backwards matches nothing), `active`.
//! - Sorting by every field both ways, ties by id in the same direction; titles and file names
//!   compare case-insensitively, dates by instant. Default: `id` descending.
//! - Paging from 1, 10 a page unless `per_page` (at most 50) says otherwise; `count` is the total;
//!   a page past the end is empty.
//! - `list_products: true` fills `products` for the inventory library; otherwise `products` is
//!   `null`. As .NET does, every field FinerWorks documents is written, `null` when it has no
//!   value.

mod api;
mod config;
mod data;
mod fault;
mod log;
mod request;
mod server;

pub use config::MockConfig;
pub use data::Dataset;
pub use fault::{Fault, Faults, ParseFaultError};
pub use log::RecordedRequest;
pub use server::MockServer;
