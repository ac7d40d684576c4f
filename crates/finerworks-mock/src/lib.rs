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
//! scripted or at a seeded random rate, plus latency and a rate limit. It counts and logs the
//! requests it gets, so a test can check how many attempts the code under test made.
//!
//! Where the FinerWorks docs are silent, the mock follows the most likely reading and has a
//! switch for the others (see [What the FinerWorks docs do not
//! say](#what-the-finerworks-docs-do-not-say)), and it can check requests strictly against the
//! spec ([`MockConfig::strict`]).
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
//! - Every request meets, in this order: a scripted or random [`Fault`] (on `list_images`
//!   only), then the [rate limit](MockConfig::rate_limit) if one is set (HTTP 429), then the
//!   route.
//! - The keys come first: both headers must match, or the answer is HTTP 400
//!   `{"Message":"The request is invalid.","ModelState":{"ApiC.Models.authorization_credentials":["Missing or unauthorized api credentials"]}}`.
//! - Then the body: a content type other than `application/json` or `text/json` is a 415; a body
//!   that is not JSON, or a field that is missing or out of range, a 400 whose `ModelState` names
//!   every bad field (`request.per_page`, `request.library.session_id`...). Enum values are read
//!   case-insensitively, as .NET does. In [strict](MockConfig::strict) mode, a body the spec
//!   forbids is a 422 listing every violation first.
//! - Filters: `search_filter` (case-insensitive, in the title or description), `guid_filter` (an
//!   empty list filters nothing), `upload_date_from`/`upload_date_to` (inclusive, on the day of
//!   `date_added` in its own offset; a range that is backwards matches nothing), `active`.
//! - Sorting by every field both ways, ties by id in the same direction; titles and file names
//!   compare case-insensitively, dates by instant. Default: the spec's (`id` descending).
//! - Paging from the first page, of the spec's default size unless `per_page` (at most the spec's
//!   maximum) says otherwise; `count` is the total; a page past the end is empty. The limits and
//!   defaults are the spec's, from [`finerworks_api::limits`].
//! - `list_products: true` fills `products` for the inventory library; otherwise `products` is
//!   `null`. As .NET does, every field FinerWorks documents is written, `null` when it has no
//!   value.
//!
//! # What the FinerWorks docs do not say
//!
//! The docs describe requests well and responses poorly. Each point they leave open is an
//! assumption of the mock, with a default (the most likely reading) and a switch for the others,
//! in [`MockConfig`] and as a flag of the `finerworks-mock` binary:
//!
//! | open point | default (assumed) | other readings |
//! |---|---|---|
//! | what `count` says; the vendor's example answers `count: 0` beside an image | the number of images that match the filters | [`CountMode`]: `zero`, `null`, `missing`, `negative`, `under=N`, `over=N`, `unfiltered` (`--count`) |
//! | a `per_page` above the maximum ([`PER_PAGE_MAX`]) | HTTP 400 naming `request.per_page` | [`OverLimit::Cap`]: pages of the maximum (`--over-limit cap`) |
//! | a server that serves fewer than asked | pages as large as asked | [`MockConfig::page_size_cap`]: at most N a page, silently (`--page-size-cap N`) |
//! | the echoed `page_number`, `per_page`; the vendor's example answers 0 for both | the values used | [`Echo`]: `asked`, `zero` (`--echo`) |
//! | an explicit `null` for `page_number`, `per_page`, `list_products` | HTTP 400, as for a .NET `int`/`bool` ([`Nulls`] says why) | [`Nulls::Accept`]: read as unset (`--nulls accept`) |
//! | a rate limit (none is documented) | none | [`MockConfig::rate_limit`]: 429 with `Retry-After` (`--rate-limit`, `--burst`) |
//! | a body the spec forbids but ASP.NET tolerates | read as ASP.NET would | [`MockConfig::strict`]: 422 with every violation (`--strict`) |
//!
//! [`Reading::PAGING`] names every combination of these that changes what paging sees, so that a
//! test can run once under each.
//!
//! A `null` for a string field (`sort_field`, `sort_direction`, `library.name`, `search_filter`,
//! `library.account_key`) is read as unset in every profile, because a .NET string takes `null`;
//! only strict mode refuses it. The other assumptions, without a switch: page numbers count from
//! 1, date filters are inclusive, and the keys are checked before the body.
//!
//! [`PER_PAGE_MAX`]: finerworks_api::limits::list_images_request::PER_PAGE_MAX

mod api;
mod config;
mod data;
mod edit;
mod fault;
mod fault_response;
mod log;
mod nulls;
mod operations;
mod page;
mod profile;
mod ratelimit;
mod readings;
mod request;
mod route;
mod server;
mod strict;
mod wire;

pub use config::MockConfig;
pub use data::Dataset;
pub use fault::{Fault, Faults, ParseFaultError};
pub use log::RecordedRequest;
pub use profile::{CountMode, Echo, Nulls, OverLimit, ParseProfileError};
pub use readings::Reading;
pub use server::MockServer;
