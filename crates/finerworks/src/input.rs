//! What a caller gives the client, as errors name it: [`RequestField`] (a field of a request),
//! [`Setting`] (a client setting, with the [`Origin`] it came from), and the environment
//! variables that set them.

use std::fmt;

use finerworks_api::fields::{
    add_images_request, delete_images_request, get_prices_request, image_library,
    list_images_request as list, list_virtual_inventory_request as inventory_list, order_details,
    order_product, price_request_item, product_details_update, submit_orders_request,
    submit_orders_v2_request, submit_product_request, update_virtual_inventory_request,
};

/// The FinerWorks web API key (environment variable).
pub const ENV_WEB_API_KEY: &str = "FINERWORKS_WEB_API_KEY";
/// The FinerWorks app key (environment variable).
pub const ENV_APP_KEY: &str = "FINERWORKS_APP_KEY";
/// A base URL, or an environment name: `production` or `test` (environment variable).
pub const ENV_BASE_URL: &str = "FINERWORKS_BASE_URL";
/// The default library's session id (environment variable).
pub const ENV_SESSION_ID: &str = "FINERWORKS_SESSION_ID";
/// The default library's site id (environment variable).
pub const ENV_SITE_ID: &str = "FINERWORKS_SITE_ID";

/// A request field that breaks a rule of the API (see
/// [`Error::InvalidRequest`](crate::Error::InvalidRequest)). `Display` gives its path in the API,
/// such as `per_page`, `library.session_id` or `images[2].pix_w` (the image at index 2: indexes
/// count from 0).
///
/// # Examples
///
/// ```
/// use finerworks::{Error, RequestField};
/// # async fn run(client: finerworks::Client) {
/// match client.images().list().per_page(51).send().await {
///     Err(Error::InvalidRequest { field: RequestField::PerPage, rule }) => eprintln!("per_page {rule}"),
///     _ => {}
/// }
/// # }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RequestField {
    /// `page_number`.
    PageNumber,
    /// `per_page`.
    PerPage,
    /// `upload_date_from` (with `upload_date_to`: a range that ends before it starts).
    UploadDateFrom,
    /// `library.session_id`.
    SessionId,
    /// The list of images of an add or update call (`images`): none were given.
    Images,
    /// A field of one image of an add or update call: `images[3].pix_w` is the `pix_w` of the
    /// image at index 3, the fourth given (an index counts from 0, in the order the images were
    /// given; a command line that reads them from a file names the file's line instead).
    Image {
        /// The image's index in the input, from 0.
        index: usize,
        /// The field.
        field: ImageField,
    },
    /// The GUIDs of a delete call (`guids`): none were given.
    Guids,
    /// `created_date_from` of a virtual inventory listing (with `created_date_to`: a range that
    /// ends before it starts).
    CreatedDateFrom,
    /// `sku_filter` of a virtual inventory listing.
    SkuFilter,
    /// `product_code_filter` of a virtual inventory listing.
    ProductCodeFilter,
    /// The products of a virtual inventory update (`virtual_inventory`): none were given.
    VirtualInventory,
    /// The `sku` of the product at this index of a virtual inventory update (from 0):
    /// `virtual_inventory[3].sku`.
    Sku {
        /// The product's index in the input, from 0.
        index: usize,
    },
    /// A field of the `product` of a `submit_product` call, named as the API names it
    /// (`product.product_qty`).
    SubmittedProduct {
        /// The field's name in the API, such as `product_qty`.
        field: &'static str,
    },
    /// The request body as a whole (it cannot be serialized).
    Body,
    /// The list of products of a catalog call (`products`): none were given.
    Products,
    /// A field of one product of a catalog call: `products[2].product_qty` is the quantity of
    /// the product at index 2, the third given (from 0, in the order given).
    Product {
        /// The product's index in the input, from 0.
        index: usize,
        /// The field.
        field: ProductField,
    },
    /// The list of orders of a submission or a shipping quote (`orders`): none were given.
    Orders,
    /// A field of one order: `orders[2].order_po` is the PO of the order at index 2, the third
    /// given (from 0, in the order given).
    Order {
        /// The order's index in the input, from 0.
        index: usize,
        /// The field.
        field: OrderField,
    },
    /// `payment_token` of a submission with [`Orders::submit_v2`](crate::Orders::submit_v2).
    PaymentToken,
    /// The order ids or POs to look up (`order_ids`, `order_pos`, or `ids` of pending orders).
    OrderKeys,
}

impl fmt::Display for RequestField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::PageNumber => f.write_str(list::PAGE_NUMBER),
            Self::PerPage => f.write_str(list::PER_PAGE),
            Self::UploadDateFrom => f.write_str(list::UPLOAD_DATE_FROM),
            Self::SessionId => write!(f, "{}.{}", list::LIBRARY, image_library::SESSION_ID),
            Self::Images => f.write_str(add_images_request::IMAGES),
            Self::Image { index, field } => write!(
                f,
                "{}[{index}].{}",
                add_images_request::IMAGES,
                field.api_name()
            ),
            Self::Guids => f.write_str(delete_images_request::GUIDS),
            Self::CreatedDateFrom => f.write_str(inventory_list::CREATED_DATE_FROM),
            Self::SkuFilter => f.write_str(inventory_list::SKU_FILTER),
            Self::ProductCodeFilter => f.write_str(inventory_list::PRODUCT_CODE_FILTER),
            Self::VirtualInventory => {
                f.write_str(update_virtual_inventory_request::VIRTUAL_INVENTORY)
            }
            Self::Sku { index } => write!(
                f,
                "{}[{index}].{}",
                update_virtual_inventory_request::VIRTUAL_INVENTORY,
                product_details_update::SKU
            ),
            Self::SubmittedProduct { field } => {
                write!(f, "{}.{field}", submit_product_request::PRODUCT)
            }
            Self::Body => f.write_str("body"),
            Self::Products => f.write_str(get_prices_request::PRODUCTS),
            Self::Product { index, field } => write!(
                f,
                "{}[{index}].{}",
                get_prices_request::PRODUCTS,
                field.api_name()
            ),
            Self::Orders => f.write_str(submit_orders_request::ORDERS),
            Self::Order { index, field } => {
                write!(f, "{}[{index}].{field}", submit_orders_request::ORDERS)
            }
            Self::PaymentToken => f.write_str(submit_orders_v2_request::PAYMENT_TOKEN),
            Self::OrderKeys => f.write_str("order_ids"),
        }
    }
}

/// A field of an order to submit or quote (see [`RequestField::Order`]). `Display` gives its path
/// within the order: `order_po`, `order_items[1].product_qty`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OrderField {
    /// `order_po`: empty, or the same as another order's of the submission.
    OrderPo,
    /// `order_items`: none were given.
    OrderItems,
    /// `shipping_code`.
    ShippingCode,
    /// `order_items[item].product_qty`.
    ProductQty {
        /// The item's index in the order, from 0.
        item: usize,
    },
    /// `order_items[item].product_sku`.
    ProductSku {
        /// The item's index in the order, from 0.
        item: usize,
    },
}

impl fmt::Display for OrderField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let items = order_details::ORDER_ITEMS;
        match self {
            Self::OrderPo => f.write_str(order_details::ORDER_PO),
            Self::OrderItems => f.write_str(items),
            Self::ShippingCode => f.write_str(order_details::SHIPPING_CODE),
            Self::ProductQty { item } => {
                write!(f, "{items}[{item}].{}", order_product::PRODUCT_QTY)
            }
            Self::ProductSku { item } => {
                write!(f, "{items}[{item}].{}", order_product::PRODUCT_SKU)
            }
        }
    }
}

/// A field of a product to price or describe (see [`RequestField::Product`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProductField {
    /// `product_sku`.
    Sku,
    /// `product_qty`.
    Qty,
}

impl ProductField {
    /// The field's name in the API (`product_sku`).
    #[must_use]
    pub fn api_name(self) -> &'static str {
        match self {
            Self::Sku => price_request_item::PRODUCT_SKU,
            Self::Qty => price_request_item::PRODUCT_QTY,
        }
    }
}

/// A field of an image to add or update (see [`RequestField::Image`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ImageField {
    /// `guid` (an update: which image).
    Guid,
    /// `title`.
    Title,
    /// `description`.
    Description,
    /// `file_name`.
    FileName,
    /// `file_size`.
    FileSize,
    /// `thumbnail_file_name`.
    ThumbnailFileName,
    /// `preview_file_name`.
    PreviewFileName,
    /// `hires_file_name`.
    HiresFileName,
    /// `public_thumbnail_uri`.
    PublicThumbnailUri,
    /// `public_preview_uri`.
    PublicPreviewUri,
    /// `private_hires_uri`.
    PrivateHiresUri,
    /// `pix_w`.
    PixW,
    /// `pix_h`.
    PixH,
}

impl ImageField {
    /// The field's name in the API (`pix_w`).
    #[must_use]
    pub fn api_name(self) -> &'static str {
        use finerworks_api::fields::{add_image_details as add, update_image_details as update};
        match self {
            Self::Guid => update::GUID,
            Self::Title => add::TITLE,
            Self::Description => add::DESCRIPTION,
            Self::FileName => add::FILE_NAME,
            Self::FileSize => add::FILE_SIZE,
            Self::ThumbnailFileName => add::THUMBNAIL_FILE_NAME,
            Self::PreviewFileName => add::PREVIEW_FILE_NAME,
            Self::HiresFileName => add::HIRES_FILE_NAME,
            Self::PublicThumbnailUri => add::PUBLIC_THUMBNAIL_URI,
            Self::PublicPreviewUri => add::PUBLIC_PREVIEW_URI,
            Self::PrivateHiresUri => add::PRIVATE_HIRES_URI,
            Self::PixW => add::PIX_W,
            Self::PixH => add::PIX_H,
        }
    }
}

/// A client setting that is missing or malformed (see [`Error::Config`](crate::Error::Config)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Setting {
    /// The web API key ([`ClientBuilder::web_api_key`](crate::ClientBuilder::web_api_key),
    /// `FINERWORKS_WEB_API_KEY`).
    WebApiKey,
    /// The app key ([`ClientBuilder::app_key`](crate::ClientBuilder::app_key),
    /// `FINERWORKS_APP_KEY`).
    AppKey,
    /// The API's base URL ([`ClientBuilder::base_url`](crate::ClientBuilder::base_url) or
    /// [`environment`](crate::ClientBuilder::environment), `FINERWORKS_BASE_URL`).
    BaseUrl,
    /// The default library's session id
    /// ([`ClientBuilder::session_id`](crate::ClientBuilder::session_id) or
    /// [`library`](crate::ClientBuilder::library), `FINERWORKS_SESSION_ID`).
    SessionId,
    /// The default library's site id ([`ClientBuilder::site_id`](crate::ClientBuilder::site_id),
    /// `FINERWORKS_SITE_ID`).
    SiteId,
    /// [`ClientBuilder::concurrency`](crate::ClientBuilder::concurrency).
    Concurrency,
    /// [`ClientBuilder::user_agent`](crate::ClientBuilder::user_agent).
    UserAgent,
    /// The HTTP client the builder makes (its TLS backend could not start).
    HttpClient,
}

impl Setting {
    /// The [`ClientBuilder`](crate::ClientBuilder) method that sets it.
    #[must_use]
    pub fn builder_method(self) -> &'static str {
        match self {
            Self::WebApiKey => "web_api_key",
            Self::AppKey => "app_key",
            Self::BaseUrl => "base_url",
            Self::SessionId => "session_id",
            Self::SiteId => "site_id",
            Self::Concurrency => "concurrency",
            Self::UserAgent => "user_agent",
            Self::HttpClient => "http_client",
        }
    }

    /// The environment variable that sets it, if one does.
    #[must_use]
    pub fn env_var(self) -> Option<&'static str> {
        match self {
            Self::WebApiKey => Some(ENV_WEB_API_KEY),
            Self::AppKey => Some(ENV_APP_KEY),
            Self::BaseUrl => Some(ENV_BASE_URL),
            Self::SessionId => Some(ENV_SESSION_ID),
            Self::SiteId => Some(ENV_SITE_ID),
            Self::Concurrency | Self::UserAgent | Self::HttpClient => None,
        }
    }
}

/// Where the value of a [`Setting`] came from, so that an error can name what the user set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Origin {
    /// A [`ClientBuilder`](crate::ClientBuilder) method.
    Builder,
    /// An environment variable ([`ClientBuilder::apply_env`](crate::ClientBuilder::apply_env)).
    Environment,
    /// Nowhere: the setting is missing.
    Unset,
}

/// How an error names a setting: the variable when it came from the environment, the builder
/// method otherwise.
pub(crate) fn setting_name(setting: Setting, origin: Origin) -> String {
    match (origin, setting.env_var()) {
        (Origin::Environment, Some(variable)) => variable.to_owned(),
        _ => format!("ClientBuilder::{}", setting.builder_method()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Errors name a field by its path in the request body, as the API spells it.
    #[test]
    fn request_fields_are_named_as_the_api_names_them() {
        let named = [
            (RequestField::PageNumber, "page_number"),
            (RequestField::PerPage, "per_page"),
            (RequestField::UploadDateFrom, "upload_date_from"),
            (RequestField::SessionId, "library.session_id"),
            (RequestField::Images, "images"),
            (RequestField::Guids, "guids"),
            (RequestField::Body, "body"),
            (
                RequestField::Image {
                    index: 2,
                    field: ImageField::PixW,
                },
                "images[2].pix_w",
            ),
            (
                RequestField::Image {
                    index: 0,
                    field: ImageField::Guid,
                },
                "images[0].guid",
            ),
        ];
        let order = RequestField::Order {
            index: 3,
            field: OrderField::ProductQty { item: 1 },
        };
        assert_eq!(order.to_string(), "orders[3].order_items[1].product_qty");
        for (field, name) in named {
            assert_eq!(field.to_string(), name);
        }
    }
}
