// The crate documentation is the crate's README (quickstart included, run as a doctest).
#![doc = include_str!("../README.md")]

mod add;
mod catalog;
mod client;
mod details;
mod edit;
mod error;
mod exchange;
mod images;
mod input;
mod inventory;
mod limiter;
mod list;
mod lookup;
mod new_image;
mod operations;
mod orders;
mod page;
mod paging;
mod prices;
mod raw;
mod redact;
mod retry;
mod settings;
mod submit;
mod submit_report;
mod telemetry;

pub use add::{AddImages, AddReport, FailedBatch, Fate};
pub use catalog::{Catalog, ListProductTypes, ListStyleTypes, SkuQty};
pub use client::{Client, ClientBuilder, TestCredentials};
pub use details::{GetProductDetails, ProductDetail, ProductDetails};
pub use edit::{DeleteImages, Deleted, UpdateImages, Updated};
pub use error::{ApiError, Change, DecodeError, Error, Incomplete, PagingError, Result};
pub use images::Images;
pub use input::{
    ENV_APP_KEY, ENV_BASE_URL, ENV_SESSION_ID, ENV_SITE_ID, ENV_WEB_API_KEY, ImageField,
    OrderField, Origin, ProductField, RequestField, Setting,
};
pub use inventory::{
    AddProduct, FailedUpdate, Inventory, InventoryUpdated, ListInventory, ProductAdded,
    ProductFate, ProductUpdate, UnsettledProduct, UpdateInventory,
};
pub use list::{ListImages, STREAM_PER_PAGE};
pub use lookup::{GetImage, GetImages, WaitUntilListed};
pub use new_image::{ImageUpdate, NewImage};
pub use orders::{
    GetOrderStatus, GetShippingOptions, GetShippingOptionsMany, ListPending, ListStatusDefinitions,
    Orders, UpdateOrder, order_status_from_webhook,
};
pub use page::Page;
pub use prices::{GetPrices, PriceLine, Prices};
pub use raw::RawCall;
pub use retry::RetryPolicy;
pub use settings::{DEFAULT_CONCURRENCY, Environment, Library, MAX_CONCURRENCY};
pub use submit::{GENERATED_PO_PREFIX, SubmitOrders};
pub use submit_report::{Lookup, Outcome, SubmitReport, SubmittedOrder};

/// The limits and defaults the API documents for request fields (such as
/// `limits::list_images_request::PER_PAGE_MAX`), generated from the spec.
pub use finerworks_api::limits;
/// An operation of the spec as plain data (its id, method, path, idempotency, schemas, paging):
/// what [`Client::call_raw`] calls. `OperationInfo::find("list_images")` finds one by id.
pub use finerworks_api::{HttpMethod, OperationInfo, Paging};
pub use finerworks_api::{Money, Timestamp};

/// Every operation of the spec, in the spec's order (generated from it).
pub const OPERATIONS: &[OperationInfo] = finerworks_api::operations::ALL;

/// The crates whose types this API takes and returns, so that callers need not add them to
/// `Cargo.toml` at matching versions: `chrono` (`NaiveDate` upload dates), `uuid` (GUIDs),
/// `rust_decimal` (the amount of a [`Money`]).
pub use chrono;
pub use rust_decimal;
pub use uuid;

/// The HTTP client this crate is built on, at the version it uses:
/// [`ClientBuilder::http_client`] takes a `reqwest::Client` (to share a connection pool, or set
/// a proxy), which must come from this version of `reqwest`.
pub use reqwest;

/// The JSON values of the fields whose shape FinerWorks does not publish (such as a product's
/// `product_size` and `framing_options`, or [`ApiError::debug`]): `serde_json::Value`, at the
/// version this crate uses.
pub use serde_json;

/// An uploaded image file, with its products when they were asked for.
pub type Image = finerworks_api::types::ImageDetails;
/// A virtual inventory product made from an image.
pub type Product = finerworks_api::types::Product;
/// A kind of product FinerWorks makes (`list_product_types`).
pub type ProductType = finerworks_api::types::ProductType;
/// A style of product, with its sizes and add-ons (`list_style_types`).
pub type StyleType = finerworks_api::types::StyleType;
/// An add-on of a style type.
pub type StyleAddOn = finerworks_api::types::StyleAddOn;
/// A size in inches.
pub type Size = finerworks_api::types::Size;
/// FinerWorks' price of a product, with its breakdown (`get_prices`).
pub type Price = finerworks_api::types::Price;
/// A key-value label describing a product.
pub type ProductLabel = finerworks_api::types::ProductLabel;
/// An order to submit or quote: who it ships to, what to make, how to ship it
/// (`order_details`). Its `order_po` is how the SDK finds it again: one is generated when it
/// has none (see [`SubmitOrders`]).
pub type Order = finerworks_api::types::OrderDetails;
/// Who an order ships to.
pub type Address = finerworks_api::types::Address;
/// A line of an order: a product by SKU and quantity.
pub type OrderItem = finerworks_api::types::OrderProduct;
/// An order FinerWorks received, from a submission's answer.
pub type ReceivedOrder = finerworks_api::types::ReceivedOrder;
/// An order's production status, with its shipments (`fetch_order_status`; also the webhook's
/// payload, see [`order_status_from_webhook`]).
pub type OrderStatus = finerworks_api::types::OrderStatus;
/// A package shipped, with its tracking.
pub type Shipment = finerworks_api::types::Shipment;
/// A production status an order can have (`list_order_status_definitions`).
pub type OrderStatusDefinition = finerworks_api::types::OrderStatusDefinition;
/// A pending order (a draft held before submission).
pub type PendingOrder = finerworks_api::types::PendingOrder;
/// A way to ship an order, and what the order costs with it.
pub type ShippingOption = finerworks_api::types::ShippingOption;
/// The shipping options of one order of several, by PO.
pub type OrderShippingOptions = finerworks_api::types::OrderShippingOptions;
/// What an order costs with a shipping option.
pub type CalculatedTotal = finerworks_api::types::CalculatedTotal;
/// The outcome block of every response.
pub type ResponseStatus = finerworks_api::types::ResponseStatus;
/// A field images can be sorted by.
pub type SortField = finerworks_api::types::SortField;
/// Ascending or descending.
pub type SortDirection = finerworks_api::types::SortDirection;
/// The inventory library or the temporary one (a session's uploads). That the inventory is kept
/// and temporary uploads expire is assumed: FinerWorks does not say.
pub type LibraryName = finerworks_api::types::LibraryName;

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Client>();
    assert_send_sync::<Error>();
    assert_send_sync::<ListImages>();
    assert_send_sync::<ListInventory>();
    assert_send_sync::<Page<Product>>();
    assert_send_sync::<Page>();
    assert_send_sync::<RawCall>();
    assert_send_sync::<SubmitReport>();
};
