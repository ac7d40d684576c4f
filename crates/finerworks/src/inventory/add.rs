//! [`AddProduct`]: adding a product to the virtual inventory (`submit_product` in store mode)
//! without ever adding it twice: a call whose fate is unknown is looked up, never resent; and
//! [`UnsettledProduct`], what is known when the lookup cannot settle it.

use std::collections::HashSet;
use std::fmt;
use std::num::NonZeroU32;
use std::sync::Arc;

use finerworks_api::fields::order_product::{
    PRODUCT_ORDER_PO, PRODUCT_QTY, PRODUCT_SKU, PRODUCT_TITLE,
};
use finerworks_api::limits::order_product::{
    PRODUCT_ORDER_PO_MAX_LENGTH, PRODUCT_QTY_MAX, PRODUCT_QTY_MIN, PRODUCT_TITLE_MAX_LENGTH,
};
use finerworks_api::types::{
    ImageDetails, OrderProduct, ProductImageFile, SubmitProductMode, SubmitProductRequest,
};
use uuid::Uuid;

use super::ListInventory;
use crate::add::Fate;
use crate::error::{Error, Result};
use crate::exchange::{self, Connection};
use crate::input::RequestField;
use crate::{Product, operations};

/// A call adding a product made from an inventory image, made by
/// [`Inventory::add_product`](crate::Inventory::add_product); send it with
/// [`send`](Self::send).
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct AddProduct {
    connection: Arc<Connection>,
    image: Uuid,
    product_code: String,
    title: Option<String>,
    quantity: u32,
    order_po: Option<String>,
    account_key: Option<String>,
}

/// The product an [`AddProduct`] created.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ProductAdded {
    /// The product, as FinerWorks answered it or as the lookup found it; its `sku` is set.
    pub product: Product,
    /// Whether FinerWorks' answer did not hold it (the `status` alone, or a failed call whose
    /// product was then found): it was found among the image's products instead.
    pub found_by_lookup: bool,
}

impl ProductAdded {
    /// The new product's SKU.
    #[must_use]
    pub fn sku(&self) -> Option<&str> {
        self.product.sku.as_deref()
    }
}

/// What is known of a product addition that could not be settled (see
/// [`Error::ProductUnsettled`]).
#[derive(Debug)]
#[non_exhaustive]
pub struct UnsettledProduct {
    /// The image the product was to be made from.
    pub image: Uuid,
    /// Its product code.
    pub product_code: String,
    /// Whether it was added.
    pub fate: ProductFate,
    /// The call's error; `None` when FinerWorks reported success.
    pub error: Option<Error>,
    /// The products of this code on the image that the lookup after the call found and that
    /// were not there before it (none, or more than one: which is this one is unknown).
    pub new_products: Vec<Product>,
    /// Why the lookup before or after the call failed, when one did.
    pub lookup_error: Option<Error>,
}

/// Whether the product of an [`UnsettledProduct`] was added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProductFate {
    /// FinerWorks reported success, but its answer held no product, and the lookup did not find
    /// exactly one new product of this code on the image: added, its SKU unknown.
    Added,
    /// The call may or may not have added the product (a timeout, a dropped connection, a server
    /// error or an unreadable answer), and the lookup did not settle it. Look at the image's
    /// products before adding it again.
    Unknown,
}

impl fmt::Display for UnsettledProduct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fate = match self.fate {
            ProductFate::Added => "added, but which product is the new one is unknown",
            ProductFate::Unknown => "may or may not have been added",
        };
        write!(
            f,
            "product {} of image {} {fate}",
            self.product_code, self.image
        )?;
        if let Some(error) = &self.error {
            write!(f, " (the call: {error})")?;
        }
        match (&self.lookup_error, self.new_products.len()) {
            (Some(error), _) => write!(f, "; the lookup failed: {error}"),
            (None, 0) => f.write_str("; the lookup found no new product of this code on the image"),
            (None, n) => write!(
                f,
                "; the lookup found {n} new products of this code on the image"
            ),
        }
    }
}

impl AddProduct {
    pub(crate) fn new(connection: Arc<Connection>, image: Uuid, product_code: String) -> Self {
        let account_key = connection.library.account_key.clone();
        Self {
            connection,
            image,
            product_code,
            title: None,
            quantity: PRODUCT_QTY_MIN,
            order_po: None,
            account_key,
        }
    }

    /// A title or descriptive name, at most
    /// [`PRODUCT_TITLE_MAX_LENGTH`](crate::limits::order_product::PRODUCT_TITLE_MAX_LENGTH)
    /// characters.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// The quantity (`product_qty`, 1 to 999; default 1).
    pub fn quantity(mut self, quantity: u32) -> Self {
        self.quantity = quantity;
        self
    }

    /// Your own reference (`product_order_po`, at most 50 characters).
    pub fn order_po(mut self, po: impl Into<String>) -> Self {
        self.order_po = Some(po.into());
        self
    }

    /// Add to this account's inventory instead of the key owner's (default: the client's
    /// library's `account_key`); FinerWorks ignores it unless the app key may act for others.
    pub fn account_key(mut self, account_key: impl Into<String>) -> Self {
        self.account_key = Some(account_key.into());
        self
    }

    /// The request body, after checking every field. `order_key` and `cart_id`, documented as
    /// required although store mode has no cart, are sent as a nil GUID and 0 (assumed ignored).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] naming the field that breaks a rule.
    pub fn to_request(&self) -> Result<SubmitProductRequest> {
        let field = |field| RequestField::SubmittedProduct { field };
        if self.product_code.trim().is_empty() {
            return Err(Error::invalid(field(PRODUCT_SKU), "must not be empty"));
        }
        let product_qty = NonZeroU32::new(self.quantity)
            .filter(|_| (PRODUCT_QTY_MIN..=PRODUCT_QTY_MAX).contains(&self.quantity))
            .ok_or_else(|| {
                Error::invalid(
                    field(PRODUCT_QTY),
                    format!(
                        "must be between {PRODUCT_QTY_MIN} and {PRODUCT_QTY_MAX} (got {})",
                        self.quantity
                    ),
                )
            })?;
        let text = |name, value: &Option<String>, max: usize| -> Result<Option<String>> {
            match value {
                Some(text) if text.chars().count() > max => Err(Error::invalid(
                    field(name),
                    format!(
                        "must be at most {max} characters (got {})",
                        text.chars().count()
                    ),
                )),
                other => Ok(other.clone()),
            }
        };
        let title = text(PRODUCT_TITLE, &self.title, PRODUCT_TITLE_MAX_LENGTH)?;
        let order_po = text(
            PRODUCT_ORDER_PO,
            &self.order_po,
            PRODUCT_ORDER_PO_MAX_LENGTH,
        )?;
        Ok(SubmitProductRequest {
            order_key: Uuid::nil(),
            cart_id: 0.0,
            mode: SubmitProductMode::Store,
            product: OrderProduct {
                product_qty,
                product_sku: self.product_code.clone(),
                product_image: Some(ProductImageFile {
                    library_file: Some(ImageDetails {
                        guid: Some(self.image),
                        ..ImageDetails::default()
                    }),
                    ..ProductImageFile::default()
                }),
                product_title: constrained(PRODUCT_TITLE, title)?,
                product_order_po: constrained(PRODUCT_ORDER_PO, order_po)?,
                product_guid: None,
                custom_data_1: None,
                custom_data_2: None,
                custom_data_3: None,
                template: None,
            },
            template: None,
            account_key: self.account_key.clone().filter(|key| !key.is_empty()),
        })
    }

    /// Adds the product, and returns it with its new SKU.
    ///
    /// First the image's products of this code are listed (one `list_virtual_inventory` call),
    /// so that a product FinerWorks' answer does not name can be told from those that were
    /// there (should that listing fail, the product is still sent, but a lost answer can then
    /// not be settled: [`UnsettledProduct::lookup_error`] says why). Then the product is submitted, once: adding is not idempotent, so the call is sent
    /// again only when FinerWorks certainly did not act on it (no connection, 429 or 503). When
    /// the answer holds no product (the `status` alone: FinerWorks does not publish its answer),
    /// or the call's fate is unknown (a timeout, a dropped connection, a server error, an
    /// unreadable answer), the image's products are listed again: one new product of this code
    /// settles it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] before anything is sent; the call's error when FinerWorks
    /// certainly did not add the
    /// product (a refusal such as 400, 401 or 429, or `success: false`); and
    /// [`Error::ProductUnsettled`] when the lookup could not settle an answer without a product
    /// or a call of unknown fate: it says what is known ([`ProductFate`]).
    pub async fn send(self) -> Result<ProductAdded> {
        let request = self.to_request()?;
        // Without it an unknown fate cannot be settled, but the product can still be added.
        let before: Result<HashSet<String>> = self
            .lookup()
            .await
            .map(|products| products.into_iter().filter_map(|p| p.sku).collect());
        let (fate, error) =
            match exchange::call::<operations::SubmitProduct>(&self.connection, &request, None)
                .await
            {
                Ok(answer) => match answer.product.filter(|product| product.sku.is_some()) {
                    Some(product) => {
                        return Ok(ProductAdded {
                            product,
                            found_by_lookup: false,
                        });
                    }
                    None => (ProductFate::Added, None),
                },
                Err(error) if Fate::of(&error) == Fate::NotAdded => return Err(error),
                Err(error) => (ProductFate::Unknown, Some(error)),
            };
        let (mut new_products, lookup_error) = match (before, self.lookup().await) {
            (Ok(before), Ok(after)) => (
                after
                    .into_iter()
                    .filter(|p| p.sku.as_ref().is_some_and(|sku| !before.contains(sku)))
                    .collect::<Vec<_>>(),
                None,
            ),
            (Err(error), _) | (_, Err(error)) => (Vec::new(), Some(error)),
        };
        if new_products.len() == 1 {
            return Ok(ProductAdded {
                product: new_products.remove(0),
                found_by_lookup: true,
            });
        }
        Err(Error::ProductUnsettled(Box::new(UnsettledProduct {
            image: self.image,
            product_code: self.product_code,
            fate,
            error,
            new_products,
            lookup_error,
        })))
    }

    /// The image's products of this code, as listed now (a listing that changed while it was
    /// walked gives what it saw).
    async fn lookup(&self) -> Result<Vec<Product>> {
        let mut list = ListInventory::new(Arc::clone(&self.connection))
            .guid_filter([self.image])
            .product_code_filter([self.product_code.clone()]);
        if let Some(key) = &self.account_key {
            list = list.account_key(key.clone());
        }
        match list.collect_all().await {
            Err(Error::MayBeIncomplete(incomplete)) => Ok(incomplete.into_items()),
            other => other.map_err(|error| error.at_page(None)),
        }
    }
}

/// `value` as the generated type of a text field with a length limit (checked before).
fn constrained<T: std::str::FromStr<Err: fmt::Display>>(
    name: &'static str,
    value: Option<String>,
) -> Result<Option<T>> {
    value
        .map(|text| {
            text.parse().map_err(|e| {
                Error::invalid(
                    RequestField::SubmittedProduct { field: name },
                    format!("{e}"),
                )
            })
        })
        .transpose()
}
