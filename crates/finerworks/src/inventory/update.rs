//! [`UpdateInventory`]: changing virtual inventory products by SKU, 50 a call, a few calls at a
//! time, and [`InventoryUpdated`], what was observed: the products changed, the SKUs that
//! matched none, and the calls that failed.

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use finerworks_api::limits::update_virtual_inventory_request::{
    VIRTUAL_INVENTORY_MAX_ITEMS, VIRTUAL_INVENTORY_MIN_ITEMS,
};
use finerworks_api::types::{ProductDetailsUpdate, UpdateVirtualInventoryRequest};
use futures_util::{StreamExt as _, stream};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::exchange::{self, Connection};
use crate::input::RequestField;
use crate::{Money, Product, operations};

/// New details for one virtual inventory product, found by its SKU: set the fields to change,
/// the others keep their values (assumed: FinerWorks does not say what a field left out does).
///
/// # Examples
///
/// ```
/// use finerworks::{Money, ProductUpdate};
///
/// let update = ProductUpdate::new("AP1556P79511")
///     .asking_price("200.00".parse::<Money>().expect("an amount"))
///     .quantity_in_stock(10)
///     .track_inventory(true);
/// assert_eq!(update.sku(), "AP1556P79511");
/// ```
///
/// It serializes as the API's `product_details_update` (`{"sku": ..., "asking_price": ...}`),
/// and reads from the same, so updates can be kept in files.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
#[must_use]
pub struct ProductUpdate(ProductDetailsUpdate);

impl ProductUpdate {
    /// An update of the product `sku` that changes nothing yet.
    pub fn new(sku: impl Into<String>) -> Self {
        Self(ProductDetailsUpdate {
            sku: sku.into(),
            asking_price: None,
            name: None,
            description: None,
            quantity_in_stock: None,
            track_inventory: None,
            third_party_integrations: None,
        })
    }

    /// The product's SKU.
    #[must_use]
    pub fn sku(&self) -> &str {
        &self.0.sku
    }

    /// The price the seller asks (in the product's `monetary_format`).
    pub fn asking_price(mut self, price: Money) -> Self {
        self.0.asking_price = Some(price);
        self
    }

    /// The name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.0.name = Some(name.into());
        self
    }

    /// The description, as HTML (listed as the product's `description_long`: assumed).
    pub fn description(mut self, html: impl Into<String>) -> Self {
        self.0.description = Some(html.into());
        self
    }

    /// How many are in stock.
    pub fn quantity_in_stock(mut self, quantity: i32) -> Self {
        self.0.quantity_in_stock = Some(quantity);
        self
    }

    /// Whether FinerWorks tracks the stock of this product.
    pub fn track_inventory(mut self, track: bool) -> Self {
        self.0.track_inventory = Some(track);
        self
    }

    /// The product's ids in third-party stores, as FinerWorks' example writes them (an object
    /// such as `{"shopify_product_id": 123456789}`; its shape is not published).
    pub fn third_party_integrations(mut self, ids: serde_json::Value) -> Self {
        self.0.third_party_integrations = Some(ids);
        self
    }

    /// Whether it sets no field besides the SKU (such an update is refused).
    #[must_use]
    pub fn changes_nothing(&self) -> bool {
        let d = &self.0;
        d.asking_price.is_none()
            && d.name.is_none()
            && d.description.is_none()
            && d.quantity_in_stock.is_none()
            && d.track_inventory.is_none()
            && d.third_party_integrations.is_none()
    }

    /// The update as the API's type: `index` names it in errors.
    fn to_details(&self, index: usize) -> Result<ProductDetailsUpdate> {
        let field = RequestField::Sku { index };
        if self.0.sku.trim().is_empty() {
            return Err(Error::invalid(field, "must not be empty"));
        }
        let d = &self.0;
        if self.changes_nothing() {
            return Err(Error::invalid(
                field,
                format!("names product {} but changes nothing", d.sku),
            ));
        }
        Ok(self.0.clone())
    }
}

impl From<ProductDetailsUpdate> for ProductUpdate {
    fn from(details: ProductDetailsUpdate) -> Self {
        Self(details)
    }
}

/// A call changing virtual inventory products, made by
/// [`Inventory::update`](crate::Inventory::update); send it with [`send`](Self::send).
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct UpdateInventory {
    connection: Arc<Connection>,
    updates: Vec<ProductUpdate>,
}

/// What an update of the virtual inventory did (see [`UpdateInventory::send`]).
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct InventoryUpdated {
    /// The products as FinerWorks answered them, updated, in the order sent.
    pub products: Vec<Product>,
    /// The SKUs the answers left out: no product has them, so nothing was updated for them
    /// (assumed: FinerWorks does not say what an unknown SKU does).
    pub not_found: Vec<String>,
    /// The calls that failed, each with its SKUs and its error. Their products may or may not
    /// have been updated (after a timeout or a server error, FinerWorks may have acted);
    /// updating is idempotent, so their SKUs can be sent again as they are.
    pub failed: Vec<FailedUpdate>,
}

impl InventoryUpdated {
    /// Whether every SKU given was updated.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.not_found.is_empty() && self.failed.is_empty()
    }
}

impl fmt::Display for InventoryUpdated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let failed: usize = self.failed.iter().map(|call| call.skus.len()).sum();
        write!(
            f,
            "{} products updated; {} skus matched no product; {failed} skus in calls that failed \
             (updated or not: safe to send again)",
            self.products.len(),
            self.not_found.len()
        )?;
        if let Some(first) = self.failed.first() {
            write!(f, " (first failure: {})", first.error)?;
        }
        Ok(())
    }
}

/// One `update_virtual_inventory` call that failed: its SKUs, in the order given, and why.
#[derive(Debug)]
#[non_exhaustive]
pub struct FailedUpdate {
    /// The SKUs it held.
    pub skus: Vec<String>,
    /// What the call ended with (after retries: updating is idempotent).
    pub error: Error,
}

impl UpdateInventory {
    pub(crate) fn new(connection: Arc<Connection>, updates: Vec<ProductUpdate>) -> Self {
        Self {
            connection,
            updates,
        }
    }

    /// Sends the updates, 50 a call ([`limits`](crate::limits)), as many calls at a time as the
    /// client's [`concurrency`](crate::ClientBuilder::concurrency), and returns the products
    /// FinerWorks updated and the SKUs it left out. Safe to repeat, so each call is retried like
    /// a listing.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] for an empty list, an empty SKU or an update that changes
    /// nothing, before anything is sent. [`Error::InventoryUpdateIncomplete`] when a call
    /// failed: its [`InventoryUpdated`] holds what the other calls updated and, per failed call,
    /// its SKUs and error. A call whose answer holds a product that was not asked for fails with
    /// [`Error::UnexpectedResponse`].
    pub async fn send(self) -> Result<InventoryUpdated> {
        if self.updates.len() < VIRTUAL_INVENTORY_MIN_ITEMS {
            return Err(Error::invalid(
                RequestField::VirtualInventory,
                format!("must hold at least {VIRTUAL_INVENTORY_MIN_ITEMS} product"),
            ));
        }
        let details = self
            .updates
            .iter()
            .enumerate()
            .map(|(index, update)| update.to_details(index))
            .collect::<Result<Vec<_>>>()?;
        let connection = &self.connection;
        let calls: Vec<_> = details
            .chunks(VIRTUAL_INVENTORY_MAX_ITEMS)
            .map(|chunk| update_batch(connection, chunk.to_vec()))
            .collect();
        let outcomes: Vec<_> = stream::iter(calls)
            .buffered(connection.concurrency)
            .collect()
            .await;
        let mut report = InventoryUpdated::default();
        for (skus, outcome) in outcomes {
            match outcome {
                Ok(products) => {
                    let answered: HashSet<&str> =
                        products.iter().filter_map(|p| p.sku.as_deref()).collect();
                    let mut missing: Vec<String> = Vec::new();
                    for sku in &skus {
                        if !answered.contains(sku.as_str()) && !missing.contains(sku) {
                            missing.push(sku.clone());
                        }
                    }
                    report.not_found.extend(missing);
                    report.products.extend(products);
                }
                Err(error) => report.failed.push(FailedUpdate { skus, error }),
            }
        }
        if report.failed.is_empty() {
            Ok(report)
        } else {
            Err(Error::InventoryUpdateIncomplete(Box::new(report)))
        }
    }
}

/// One `update_virtual_inventory` call: its SKUs, and the products it updated.
async fn update_batch(
    connection: &Connection,
    virtual_inventory: Vec<ProductDetailsUpdate>,
) -> (Vec<String>, Result<Vec<Product>>) {
    let skus: Vec<String> = virtual_inventory.iter().map(|d| d.sku.clone()).collect();
    let request = UpdateVirtualInventoryRequest { virtual_inventory };
    let outcome = exchange::call::<operations::UpdateVirtualInventory>(connection, &request, None)
        .await
        .and_then(|answer| {
            let products = answer.products.unwrap_or_default();
            let stranger = products.iter().find(|product| {
                product
                    .sku
                    .as_ref()
                    .is_none_or(|sku| !skus.iter().any(|asked| asked == sku))
            });
            match stranger {
                Some(product) => Err(Error::UnexpectedResponse {
                    operation: "update_virtual_inventory",
                    problem: format!(
                        "it answered with product {:?}, which was not updated",
                        product.sku
                    ),
                }),
                None => Ok(products),
            }
        });
    (skus, outcome)
}
