//! [`Dataset`]: the seeded, FinerWorks-style image libraries the mock serves, and the page of
//! them it answers a plain request with.

mod generate;
mod index;
mod store;
mod vocabulary;

use std::collections::HashSet;
use std::fmt;

use finerworks_api::types::{ImageDetails, LibraryName, ListImagesResponse};
use rand::{Rng as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;

pub(crate) use index::{Library, Selection};
pub(crate) use store::Store;

/// Now, as FinerWorks writes its timestamps: Texas time with its offset, to 100 ns.
pub(crate) fn central_timestamp() -> finerworks_api::Timestamp {
    generate::timestamp(generate::central_now())
}

/// The images a [`MockServer`](crate::MockServer) serves: an inventory library and a smaller
/// temporary one, generated from a seed.
///
/// The same seed and size give the same images on every machine. Inventory images carry 0 to 4
/// products each (the server leaves them out unless a request sets `list_products`); temporary
/// images have an expiry date and no products.
///
/// A server keeps the dataset it started with ([`MockServer::dataset`](crate::MockServer::dataset))
/// apart from the images it serves now, which requests and the server's own methods change
/// ([`MockServer::inventory`](crate::MockServer::inventory)).
///
/// # Examples
///
/// ```
/// use finerworks_mock::Dataset;
///
/// let data = Dataset::generate(7, 100);
/// assert_eq!(data.inventory().len(), 100);
/// assert_eq!(data.temporary().len(), 13);
/// assert_eq!(Dataset::generate(7, 100).inventory(), data.inventory());
/// ```
#[derive(Clone)]
pub struct Dataset {
    seed: u64,
    inventory: Library,
    temporary: Library,
}

impl Dataset {
    /// Generates `inventory` inventory images, and `inventory / 10 + 3` temporary ones, from `seed`.
    #[must_use]
    pub fn generate(seed: u64, inventory: usize) -> Dataset {
        let temporary = inventory / 10 + 3;
        // Separate streams, so that each library depends only on the seed and its own size.
        let mut inventory_rng = ChaCha8Rng::seed_from_u64(seed);
        inventory_rng.set_stream(0);
        let mut temporary_rng = ChaCha8Rng::seed_from_u64(seed);
        temporary_rng.set_stream(1);

        let first_id = inventory_rng.random_range(10_000..60_000_i64);
        let inventory_images = generate::library(
            &mut inventory_rng,
            inventory,
            first_id,
            LibraryName::Inventory,
        );
        // Temporary uploads are newer, so their ids follow the inventory's.
        let temporary_first_id = inventory_images
            .last()
            .and_then(|i| i.id)
            .unwrap_or(first_id)
            + temporary_rng.random_range(1_000..5_000_i64);
        let temporary_images = generate::library(
            &mut temporary_rng,
            temporary,
            temporary_first_id,
            LibraryName::Temporary,
        );
        Dataset {
            seed,
            inventory: Library::new(inventory_images),
            temporary: Library::new(temporary_images),
        }
    }

    /// The inventory library, in upload order, with every image's products filled in.
    #[must_use]
    pub fn inventory(&self) -> &[ImageDetails] {
        self.inventory.images()
    }

    /// The temporary library (a session's uploads, which expire), in upload order.
    #[must_use]
    pub fn temporary(&self) -> &[ImageDetails] {
        self.temporary.images()
    }

    /// The answer a [`MockServer`](crate::MockServer) with the default configuration gives a
    /// request for page `page_number` (from 1) of `per_page` inventory images with
    /// `list_products: true` and nothing else set: no filter, the spec's default order (`id`
    /// descending), products filled in, `count` the size of the inventory, and the page number
    /// and size echoed.
    ///
    /// It is the generated type, built as the server builds it; the server then writes it as .NET
    /// does (with `null` for every field left out). Its `reference_id` is a function of the seed
    /// and `page_number`. `per_page` is not checked against the spec's limits
    /// ([`finerworks_api::limits::list_images_request`]); a page past the end is empty.
    ///
    /// # Examples
    ///
    /// A body to decode in a benchmark, or to compare an answer with:
    ///
    /// ```
    /// use finerworks_mock::Dataset;
    ///
    /// let data = Dataset::generate(42, 120);
    /// let page = data.page(3, 50);
    /// assert_eq!(page.images.as_ref().map(Vec::len), Some(20));
    /// assert_eq!((page.page_number, page.per_page, page.count), (Some(3), Some(50), Some(120)));
    /// let body: Vec<u8> = serde_json::to_vec(&page)?;
    /// # let _ = body;
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn page(&self, page_number: u32, per_page: u32) -> ListImagesResponse {
        let selection = Selection {
            page_number,
            per_page,
            ..Selection::default()
        };
        let (count, positions) = self.inventory.select(&selection, &HashSet::new());
        let images = positions
            .iter()
            .map(|&position| self.inventory.image(position).clone())
            .collect();
        crate::page::success(
            images,
            page_number,
            per_page,
            Some(i64::try_from(count).unwrap_or(i64::MAX)),
            crate::page::reference_id(self.seed, u64::from(page_number)),
        )
    }

    pub(crate) fn library(&self, name: LibraryName) -> &Library {
        match name {
            LibraryName::Inventory => &self.inventory,
            LibraryName::Temporary => &self.temporary,
        }
    }

    pub(crate) fn library_mut(&mut self, name: LibraryName) -> &mut Library {
        match name {
            LibraryName::Inventory => &mut self.inventory,
            LibraryName::Temporary => &mut self.temporary,
        }
    }
}

impl fmt::Debug for Dataset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dataset")
            .field("seed", &self.seed)
            .field("inventory", &self.inventory.len())
            .field("temporary", &self.temporary.len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_library_is_fine() {
        let data = Dataset::generate(1, 0);
        assert!(data.inventory().is_empty());
        assert_eq!(data.temporary().len(), 3);
        let selection = Selection::default();
        assert_eq!(
            data.library(LibraryName::Inventory)
                .select(&selection, &HashSet::new()),
            (0, vec![])
        );
        assert_eq!(data.page(1, 10).images, Some(vec![]));
    }
}
