//! [`Inventory`]: the virtual inventory of a client, made by
//! [`Client::inventory`](crate::Client::inventory): list its products, update them by SKU, and
//! add one made from an inventory image.

use std::sync::Arc;

use uuid::Uuid;

use crate::exchange::Connection;

mod add;
mod list;
mod update;

pub use add::{AddProduct, ProductAdded, ProductFate, UnsettledProduct};
pub use list::ListInventory;
pub use update::{FailedUpdate, InventoryUpdated, ProductUpdate, UpdateInventory};

/// The virtual inventory: the products made from the images of the inventory library. Cheap to
/// make; made by [`Client::inventory`](crate::Client::inventory).
///
/// # Examples
///
/// ```no_run
/// use finerworks::{Money, ProductUpdate};
/// # async fn run(client: finerworks::Client, image: finerworks::uuid::Uuid) -> Result<(), finerworks::Error> {
/// let added = client.inventory().add_product(image, "5M41M1S8X10").title("Harbor at dawn").send().await?;
/// let sku = added.sku().unwrap_or_default().to_owned();
/// let price: Money = "89.00".parse().expect("an amount");
/// let updated = client.inventory().update([ProductUpdate::new(&sku).asking_price(price)]).send().await?;
/// assert!(updated.not_found.is_empty());
/// let everything = client.inventory().list().collect_all().await?;
/// println!("{} products", everything.len());
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct Inventory {
    connection: Arc<Connection>,
}

impl Inventory {
    pub(crate) fn new(connection: Arc<Connection>) -> Self {
        Self { connection }
    }

    /// Lists products: a request builder for `POST /v3/list_virtual_inventory`, for one page or
    /// all of them.
    pub fn list(&self) -> ListInventory {
        ListInventory::new(Arc::clone(&self.connection))
    }

    /// Changes products, each found by its SKU: a call to send with [`UpdateInventory::send`],
    /// which says which SKUs matched no product. Any number of products; they are sent 50 a
    /// call (the API's limit), a few calls at a time.
    pub fn update(&self, updates: impl IntoIterator<Item = ProductUpdate>) -> UpdateInventory {
        UpdateInventory::new(Arc::clone(&self.connection), updates.into_iter().collect())
    }

    /// Adds a product made from the inventory image `image`, of the product code `product_code`
    /// (`submit_product` in store mode): a call to send with [`AddProduct::send`].
    ///
    /// Adding is not idempotent: a call whose fate is unknown (a timeout, a dropped connection,
    /// a server error, an unreadable answer) is never sent again, but looked up among the
    /// image's products.
    pub fn add_product(&self, image: Uuid, product_code: impl Into<String>) -> AddProduct {
        AddProduct::new(Arc::clone(&self.connection), image, product_code.into())
    }
}
