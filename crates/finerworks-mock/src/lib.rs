//! A faithful local [FinerWorks](https://finerworks.com) API server, for testing code that calls
//! the FinerWorks image operations (`list_images`, `test_my_credentials`, `add_images`,
//! `update_images`, `delete_images`), the catalog, shipping and orders without an account or a
//! network, and for demos.
//!
//! [`MockServer`] runs in your Tokio runtime (or as the `finerworks-mock` binary) and behaves
//! as FinerWorks documents: it checks the `web_api_key` and `app_key` headers, validates the
//! request the way ASP.NET does (HTTP 400 with a `ModelState` naming the field), and implements
//! every filter, sort and paging rule over a seeded library of FinerWorks-style images (.NET
//! timestamps, products with labels, prices with cents) in both the inventory and the temporary
//! library. The libraries change as images are added, updated and deleted, by requests or by
//! the server's own methods ([`MockServer::add_images`]...), so a test can change them while the
//! code under test pages through them. Its answers are built from the generated types of
//! `finerworks-api`, so they speak the contract.
//!
//! It also misbehaves on request ([`Fault`]): server errors, 429 with `Retry-After`, an HTTP 200
//! that reports a failure, broken bodies, HTML error pages, dropped connections and stalls,
//! scripted (for the next requests, or [for one operation's](Faults::push_for), such as "the add
//! after the credentials check") or at a seeded random rate, plus latency and a rate limit. It counts and logs the
//! requests it gets, so a test can check how many attempts the code under test made; the log is
//! bounded in entries and in the bytes of the bodies it keeps ([`MockConfig::log_body_budget`]),
//! and never keeps the keys, nor the body of a request whose keys do not match.
//!
//! Slow or stalled clients cannot take it out of service: a request body must arrive in full
//! within [`MockConfig::body_timeout`] (else HTTP 408, and the connection is closed), and at most
//! [`MockConfig::max_connections`] connections are open at once (one more gets HTTP 503).
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
//! use std::time::Duration;
//! use finerworks_mock::{Fault, MockConfig, MockServer};
//!
//! # fn main() -> std::io::Result<()> {
//! let runtime = tokio::runtime::Runtime::new()?;
//! runtime.block_on(async {
//!     let server = MockServer::start_with(MockConfig::new().images(1_000).seed(7)).await?;
//!     println!("FinerWorks at {}", server.base_url());
//!     assert_eq!(server.dataset().inventory().len(), 1_000);
//!
//!     server.faults().push(Fault::ServiceUnavailable { retry_after: Duration::ZERO });
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
//! Five routes, each path in any case and with or without a trailing slash. Another method on
//! one of these paths is a 405 with `Allow`; any other path a 404 with ASP.NET's
//! `{"Message": "No HTTP resource was found ..."}`.
//!
//! | route | answer (HTTP 200) |
//! |---|---|
//! | `POST /v3/list_images` | a page of images: `status`, `images`, `page_number`, `per_page`, `count` |
//! | `GET /v3/test_my_credentials` | `{"status": {...}}`; a body, if sent (the vendor documents one), is ignored |
//! | `POST /v3/add_images` | `{"status", "images"}`: the images created, in the order sent |
//! | `PUT /v3/update_images` | `{"status", "images"}`: the images changed, in the order sent |
//! | `DELETE /v3/delete_images` (with a JSON body) | `{"status": {...}}` |
//!
//! The vendor publishes no response for the last four: these shapes are assumptions, taken
//! from third-party clients, as the spec says.
//!
//! - Every request meets, in this order: a [`Fault`] (on every route above, not on a 404 or
//!   405; one [aimed at its operation](Faults::push_for) first, then one scripted for any
//!   operation, then a random one; a fault replaces the operation, so nothing changes, except
//!   after a [`Fault::Stall`] and the faults after the fact ([`Fault::acts`])), then the [rate limit](MockConfig::rate_limit) if one is set
//!   (HTTP 429), then the route. The [log](MockServer::requests) names the operation of each
//!   request ([`RecordedRequest::operation`]).
//! - The keys come first: both headers must match, or the answer is HTTP 400
//!   `{"Message":"The request is invalid.","ModelState":{"ApiC.Models.authorization_credentials":["Missing or unauthorized api credentials"]}}`.
//! - Then the body (not for `test_my_credentials`): a content type other than `application/json`
//!   or `text/json` is a 415; a body that is not JSON, or a field that is missing or out of
//!   range, a 400 whose `ModelState` names every bad field (`request.per_page`,
//!   `request.library.session_id`, `request.images[0].pix_w`...). Enum values are read
//!   case-insensitively, as .NET does. In [strict](MockConfig::strict) mode, a body its
//!   operation's request schema forbids is first refused the same way, a 400 whose `ModelState`
//!   names every field that breaks a rule of the spec.
//!
//! `list_images`:
//!
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
//! - It shows every change at once, or, with an [indexing delay](MockConfig::indexing_delay),
//!   an added image once the delay has passed.
//!
//! `add_images`: 1 to [`IMAGES_MAX_ITEMS`] images a call (more, or none, is a 400 naming
//! `request.images`), each with the fields the spec's `add_image_details` requires (a missing one
//! is a 400 naming it, such as `request.images[0].file_name`), into the library named (the mock
//! keeps one temporary library, whatever the session). Each image gets an id above every id the
//! server ever held (so it is first in the default order), a new guid (seeded: the same calls
//! give the same guids), a `date_added` of now in Texas time as .NET writes it (an offset and 7
//! fractional digits), `active: true` and no products (`[]` in the inventory; a temporary image
//! has `null` and a `date_expires` 30 days on).
//!
//! `update_images`: for each image, found by `guid` in either library, sets the `title` and the
//! `description` that are given (a field left out or `null` stays as it was) and, for an
//! inventory image, removes its products (as the vendor documents). **An unknown guid is not an
//! error**: the answer is HTTP 200 and leaves that image out of `images`, so a client that needs
//! to know compares the guids it gets back with those it sent. `account_key` is read and ignored.
//!
//! `delete_images`: removes the images, found by `guid`, with their products, from the library
//! the request names. As the spec says, `guids` holds at least one GUID and `library` is
//! required: a text that is not a GUID (or a `null`) is a 400 naming it (`request.guids[0]`), and
//! a `library` left out is a 400 naming `request.library`. **A `library` of `null` (the vendor's
//! own example) means the inventory** (assumed). Deleting a guid no image has is not an error, so
//! a delete can be sent again (idempotent).
//!
//! The orders and shipping operations keep the orders received (see the crate's README, "Orders
//! and shipping", for every rule): `list_shipping_options` and `list_shipping_options_multiple`
//! quote `EC`, `SD`, `EX` and `FS`, each with a `calculated_total` priced from the catalog, with
//! [`SALES_TAX_PERCENT`] on U.S. orders (assumed); `submit_orders` (1 to 5) and
//! `submit_orders_v2` (1 to 50, with `payment_token`; `"xxxx"` for test orders) record each order
//! with a new `order_id` ([`FIRST_ORDER_ID`] on) and `order_confirmation_id`; `fetch_order_status`
//! finds them by id and by PO (every order with it); they move through the
//! [`STATUS_DEFINITIONS`] when a test calls [`MockServer::advance_orders`] or with
//! [`MockConfig::order_pace`]; `update_order` holds, releases or cancels one before production;
//! a `webhook_order_status_url` gets each change. [`MockServer::orders`] shows what was recorded,
//! whatever the client was told, and [`Fault::InternalServerErrorAfter`],
//! [`Fault::DropConnectionAfter`] and [`Fault::StallAfter`] fail a request after the order was
//! recorded.
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
//! | a body the spec forbids but ASP.NET tolerates | read as ASP.NET would | [`MockConfig::strict`]: 400 with a `ModelState` naming every violation (`--strict`) |
//! | the body of `get_prices` and `get_product_details`: a bare array or `{products}` | either | [`BodyForm`]: `object`, `array` (`--prices-body`, `--details-body`) |
//! | what an unknown SKU gets from `get_prices` and `get_product_details` | every SKU is priced (from a hash of the SKU) | [`UnknownSku`]: `omitted`, `empty`, `refused`, for SKUs starting with `no-such-` (`--unknown-sku`) |
//! | how long a new image takes to be listed (a third party reports "a few seconds"; FinerWorks says nothing) | no time | [`MockConfig::indexing_delay`] (`--indexing-delay-ms`) |
//! | what `validate_only: true` answers (nothing is recorded) | `orders: null` | [`ValidateAnswer::Orders`] (`--validate-answer`) |
//! | what a submission of test orders answers | as real orders | [`TestOrders::Null`]: `orders: null`, as a third party reports (`--test-orders`) |
//! | which id `fetch_order_status`, `update_order` and `list_pending_orders` take | the `order_id` | [`OrderIdKind::ConfirmationId`] (`--order-id-kind`) |
//! | a second order with a PO the account already has | placed again | [`DuplicatePo::Refuse`]: HTTP 400 naming `request.orders[i].order_po` (`--duplicate-po`) |
//! | how fast orders move through production | only when [`MockServer::advance_orders`] is called | [`MockConfig::order_pace`] (`--order-pace`) |
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
//! [`IMAGES_MAX_ITEMS`]: finerworks_api::limits::add_images_request::IMAGES_MAX_ITEMS

mod catalog;
mod config;
mod data;
mod edit;
mod fault;
mod fault_response;
mod faults;
mod http;
mod items;
mod log;
mod nulls;
mod operations;
mod orders;
mod page;
mod profile;
mod ratelimit;
mod readings;
mod request;
mod route;
mod server;
mod state;
mod strict;
mod wire;

pub use catalog::{BodyForm, UNKNOWN_SKU_PREFIX, UnknownSku};
pub use config::MockConfig;
pub use data::Dataset;
pub use fault::{Fault, ParseFaultError};
pub use faults::{Faults, UnknownOperation};
pub use log::RecordedRequest;
pub use orders::quote::SALES_TAX_PERCENT;
pub use orders::webhook::WebhookDelivery;
pub use orders::{
    DuplicatePo, FIRST_CONFIRMATION_ID, FIRST_ORDER_ID, OrderIdKind, PlacedOrder,
    STATUS_DEFINITIONS, TestOrders, ValidateAnswer,
};
pub use profile::{CountMode, Echo, Nulls, OverLimit, ParseProfileError};
pub use readings::Reading;
pub use server::MockServer;

/// The spec's `operationId` of every operation the mock routes, in the spec's order
/// (`list_images`, `test_my_credentials`, `add_images`...; an operation it does not implement is
/// answered with HTTP 501): the names a fault is aimed at with [`Faults::push_for`], and the
/// `OPERATION` of the binary's `--fault OPERATION:KIND[:N]`.
///
/// # Examples
///
/// ```
/// assert!(finerworks_mock::operation_ids().any(|id| id == "add_images"));
/// ```
pub fn operation_ids() -> impl ExactSizeIterator<Item = &'static str> {
    route::Operation::ids()
}

/// The spec's `operationId` of every operation the mock implements (the others are answered with
/// HTTP 501), in the order of its `operations!` list.
///
/// # Examples
///
/// ```
/// assert!(finerworks_mock::implemented_operation_ids().any(|id| id == "list_images"));
/// ```
pub fn implemented_operation_ids() -> impl ExactSizeIterator<Item = &'static str> {
    operations::implemented_ids()
}
