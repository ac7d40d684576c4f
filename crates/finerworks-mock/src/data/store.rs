//! [`Store`]: the libraries a server serves now. They start as the seeded [`Dataset`] and change
//! with every image added, updated or deleted; a new image is listed only once indexed.

use std::collections::{HashMap, HashSet};
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

use chrono::{Days, NaiveDateTime};
use finerworks_api::types::{
    ImageDetails, LibraryName, Product, ProductDetailsUpdate, UpdateImageDetails,
};
use rand::SeedableRng as _;
use rand_chacha::ChaCha8Rng;
use tokio::time::Instant;
use uuid::Uuid;

use super::generate::{self, TEMPORARY_KEPT_DAYS};
use super::{Dataset, Library};

/// The seeded data, and the data as changed since.
pub(crate) struct Store {
    seeded: Dataset,
    /// How long an added image takes to be listed.
    delay: Duration,
    state: RwLock<State>,
}

struct State {
    /// The libraries once something changed them; until then, the seeded ones serve (so that a
    /// server nobody changes holds its data once).
    changed: Option<Dataset>,
    /// The id the next image gets: above every id the server ever held.
    next_id: i64,
    /// Draws the guids and the generated images of additions.
    rng: ChaCha8Rng,
    /// The images added less than `delay` ago, and when each is listed.
    pending: HashMap<Uuid, Instant>,
    /// How many products `submit_product` added: the number in the next new SKU.
    products_added: u32,
}

impl State {
    fn current<'a>(&'a self, seeded: &'a Dataset) -> &'a Dataset {
        self.changed.as_ref().unwrap_or(seeded)
    }
}

impl Store {
    pub(crate) fn new(seeded: Dataset, seed: u64, delay: Duration) -> Store {
        let next_id = seeded
            .inventory()
            .iter()
            .chain(seeded.temporary())
            .filter_map(|image| image.id)
            .max()
            .unwrap_or(0)
            + 1;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        // The seeded libraries use streams 0 and 1.
        rng.set_stream(2);
        Store {
            seeded,
            delay,
            state: RwLock::new(State {
                changed: None,
                next_id,
                rng,
                pending: HashMap::new(),
                products_added: 0,
            }),
        }
    }

    /// The data the server started with.
    pub(crate) fn seeded(&self) -> &Dataset {
        &self.seeded
    }

    fn read(&self) -> RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, State> {
        let mut state = self.state.write().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        state.pending.retain(|_, listed_at| *listed_at > now);
        state
    }

    /// Calls `f` with the library `name` as it is now and the guids of its images not listed
    /// yet.
    pub(crate) fn with_library<R>(
        &self,
        name: LibraryName,
        f: impl FnOnce(&Library, &HashSet<Uuid>) -> R,
    ) -> R {
        let state = self.read();
        let now = Instant::now();
        let hidden = state
            .pending
            .iter()
            .filter(|(_, listed_at)| **listed_at > now)
            .map(|(guid, _)| *guid)
            .collect();
        f(state.current(&self.seeded).library(name), &hidden)
    }

    /// A copy of the library `name` as it is now, in upload order (images not listed yet
    /// included).
    pub(crate) fn snapshot(&self, name: LibraryName) -> Vec<ImageDetails> {
        self.read()
            .current(&self.seeded)
            .library(name)
            .images()
            .to_vec()
    }

    /// Adds `n` generated images to the inventory, with the next ids and dated now.
    pub(crate) fn generate(&self, n: usize) -> Vec<ImageDetails> {
        let mut state = self.write();
        let now = generate::central_now();
        let images = (0..n)
            .map(|_| {
                let id = state.next_id;
                state.next_id += 1;
                generate::generate_image(&mut state.rng, id, now, LibraryName::Inventory)
            })
            .collect();
        self.insert_locked(&mut state, LibraryName::Inventory, images)
    }

    /// Adds `images` to `library` as given, filling in what they lack (see
    /// [`MockServer::insert_images`](crate::MockServer::insert_images)).
    pub(crate) fn insert(
        &self,
        library: LibraryName,
        images: Vec<ImageDetails>,
    ) -> Vec<ImageDetails> {
        let mut state = self.write();
        self.insert_locked(&mut state, library, images)
    }

    fn insert_locked(
        &self,
        state: &mut State,
        library: LibraryName,
        images: Vec<ImageDetails>,
    ) -> Vec<ImageDetails> {
        let now = generate::central_now();
        let listed_at = Instant::now() + self.delay;
        let images: Vec<ImageDetails> = images
            .into_iter()
            .map(|image| complete(state, library, image, now))
            .collect();
        let guids: HashSet<Uuid> = images.iter().filter_map(|image| image.guid).collect();
        let data = state.changed.get_or_insert_with(|| self.seeded.clone());
        // An image given with a guid already held replaces it.
        for name in LibraryName::ALL {
            data.library_mut(*name).remove(&guids);
        }
        data.library_mut(library).insert(images.clone());
        if !self.delay.is_zero() {
            state
                .pending
                .extend(guids.into_iter().map(|guid| (guid, listed_at)));
        }
        images
    }

    /// Applies `changes` to the images with their guids, in either library: the title and the
    /// description each when given, and an inventory image loses its products. Returns the
    /// images changed, in the order of `changes`; a guid held by no image is skipped.
    pub(crate) fn update(&self, changes: &[UpdateImageDetails]) -> Vec<ImageDetails> {
        let mut state = self.write();
        let mut updated = Vec::with_capacity(changes.len());
        for change in changes {
            let current = state.current(&self.seeded);
            let Some((name, position)) = LibraryName::ALL.iter().find_map(|name| {
                current
                    .library(*name)
                    .position(&change.guid)
                    .map(|position| (*name, position))
            }) else {
                continue;
            };
            let data = state.changed.get_or_insert_with(|| self.seeded.clone());
            let library = data.library_mut(name);
            let mut image = library.image(position).clone();
            if let Some(title) = &change.title {
                image.title = Some(title.clone());
            }
            if let Some(description) = &change.description {
                image.description = Some(description.clone());
            }
            if name == LibraryName::Inventory {
                image.products = Some(Vec::new());
            }
            library.replace(position, image.clone());
            updated.push(image);
        }
        updated
    }

    /// Whether a product of the inventory has the SKU `sku`.
    pub(crate) fn has_sku(&self, sku: &str) -> bool {
        let state = self.read();
        state
            .current(&self.seeded)
            .library(LibraryName::Inventory)
            .images()
            .iter()
            .flat_map(|image| image.products.iter().flatten())
            .any(|product| product.sku.as_deref() == Some(sku))
    }

    /// Applies `changes` to the inventory products with their SKUs: each field given replaces
    /// the product's (`description` its `description_long`); each field left out is kept, or
    /// cleared when `clear`. Returns the products changed, in the order of `changes`; a SKU
    /// held by no product is skipped.
    pub(crate) fn update_products(
        &self,
        changes: &[ProductDetailsUpdate],
        clear: bool,
    ) -> Vec<Product> {
        let mut state = self.write();
        let mut updated = Vec::with_capacity(changes.len());
        for change in changes {
            let current = state.current(&self.seeded).library(LibraryName::Inventory);
            let Some((position, at)) = (0..current.len()).find_map(|position| {
                let position = u32::try_from(position).ok()?;
                let products = current.image(position).products.as_deref()?;
                let at = products
                    .iter()
                    .position(|p| p.sku.as_deref() == Some(change.sku.as_str()))?;
                Some((position, at))
            }) else {
                continue;
            };
            let data = state.changed.get_or_insert_with(|| self.seeded.clone());
            let library = data.library_mut(LibraryName::Inventory);
            let mut image = library.image(position).clone();
            let Some(product) = image.products.as_mut().and_then(|p| p.get_mut(at)) else {
                continue;
            };
            fn set<T: Clone>(field: &mut Option<T>, value: Option<&T>, clear: bool) {
                match value {
                    Some(value) => *field = Some(value.clone()),
                    None if clear => *field = None,
                    None => {}
                }
            }
            set(
                &mut product.asking_price,
                change.asking_price.as_ref(),
                clear,
            );
            set(&mut product.name, change.name.as_ref(), clear);
            set(
                &mut product.description_long,
                change.description.as_ref(),
                clear,
            );
            set(
                &mut product.quantity_in_stock,
                change.quantity_in_stock.as_ref(),
                clear,
            );
            set(
                &mut product.track_inventory,
                change.track_inventory.as_ref(),
                clear,
            );
            set(
                &mut product.third_party_integrations,
                change.third_party_integrations.as_ref(),
                clear,
            );
            updated.push(product.clone());
            library.replace(position, image);
        }
        updated
    }

    /// Adds `product` to the inventory image `image`, with a new SKU (`AP<image id>P<n>`, the
    /// `n`-th product added, five digits) and a seeded product GUID; `None` when the inventory
    /// holds no image `image`.
    pub(crate) fn add_product(&self, image: Uuid, mut product: Product) -> Option<Product> {
        let mut state = self.write();
        let position = state
            .current(&self.seeded)
            .library(LibraryName::Inventory)
            .position(&image)?;
        state.products_added += 1;
        let n = state.products_added;
        product.product_guid = Some(generate::uuid(&mut state.rng));
        let data = state.changed.get_or_insert_with(|| self.seeded.clone());
        let library = data.library_mut(LibraryName::Inventory);
        let mut held = library.image(position).clone();
        // Generated SKUs end in five digits from 10000: these, below, never meet them.
        let sku = format!(
            "AP{:04}P{n:05}",
            held.id.unwrap_or_default().rem_euclid(10_000)
        );
        product.sku = Some(sku);
        product.image_guid = Some(image);
        held.products
            .get_or_insert_with(Vec::new)
            .push(product.clone());
        library.replace(position, held);
        Some(product)
    }

    /// Removes the images with these guids, with their products, from `library` (`None`: from
    /// both). Returns the images removed; a guid held by no image is skipped.
    pub(crate) fn delete(&self, library: Option<LibraryName>, guids: &[Uuid]) -> Vec<ImageDetails> {
        let mut state = self.write();
        let guids: HashSet<Uuid> = guids.iter().copied().collect();
        let current = state.current(&self.seeded);
        let names: Vec<LibraryName> = LibraryName::ALL
            .iter()
            .copied()
            .filter(|name| library.is_none_or(|library| library == *name))
            .filter(|name| {
                guids
                    .iter()
                    .any(|g| current.library(*name).position(g).is_some())
            })
            .collect();
        if names.is_empty() {
            return Vec::new();
        }
        let data = state.changed.get_or_insert_with(|| self.seeded.clone());
        let removed = names
            .into_iter()
            .flat_map(|name| data.library_mut(name).remove(&guids))
            .collect();
        for guid in &guids {
            state.pending.remove(guid);
        }
        removed
    }
}

/// `image` with what it lacks filled in: the next id, a seeded guid, `date_added` now (and, in
/// the temporary library, `date_expires` when FinerWorks removes it), `active`, and an empty
/// list of products in the inventory.
fn complete(
    state: &mut State,
    library: LibraryName,
    mut image: ImageDetails,
    now: NaiveDateTime,
) -> ImageDetails {
    let id = *image.id.get_or_insert_with(|| {
        state.next_id += 1;
        state.next_id - 1
    });
    state.next_id = state.next_id.max(id.saturating_add(1));
    image
        .guid
        .get_or_insert_with(|| generate::uuid(&mut state.rng));
    let added = *image
        .date_added
        .get_or_insert_with(|| generate::timestamp(now));
    if library == LibraryName::Temporary && image.date_expires.is_none() {
        image.date_expires = Some(generate::timestamp(
            added.naive_local() + Days::new(TEMPORARY_KEPT_DAYS),
        ));
    }
    image.active.get_or_insert(true);
    if library == LibraryName::Inventory {
        image.products.get_or_insert_with(Vec::new);
    }
    image
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(delay: Duration) -> Store {
        Store::new(Dataset::generate(3, 40), 3, delay)
    }

    fn ids(images: &[ImageDetails]) -> Vec<i64> {
        images.iter().filter_map(|image| image.id).collect()
    }

    #[test]
    fn additions_get_ids_above_every_other_and_seeded_guids() {
        let (a, b) = (store(Duration::ZERO), store(Duration::ZERO));
        let top = ids(a.seeded().temporary()).into_iter().max().unwrap();
        let added = a.generate(3);
        assert_eq!(ids(&added), [top + 1, top + 2, top + 3]);
        let guids = |images: &[ImageDetails]| images.iter().map(|i| i.guid).collect::<Vec<_>>();
        assert_eq!(guids(&added), guids(&b.generate(3)));
        assert_eq!(a.snapshot(LibraryName::Inventory).len(), 43);
        assert_eq!(a.seeded().inventory().len(), 40, "the seeded data stays");
        // Ids are never used again, even when the top images are deleted.
        let guids: Vec<Uuid> = added.iter().filter_map(|i| i.guid).collect();
        assert_eq!(a.delete(None, &guids).len(), 3);
        assert_eq!(ids(&a.generate(1)), [top + 4]);
    }

    #[test]
    fn updates_change_what_is_given_and_drop_inventory_products() {
        let store = store(Duration::ZERO);
        let image = store
            .seeded()
            .inventory()
            .iter()
            .find(|image| !image.products.as_deref().unwrap_or_default().is_empty())
            .unwrap()
            .clone();
        let change = UpdateImageDetails {
            guid: image.guid.unwrap(),
            title: Some("Renamed".to_owned()),
            description: None,
        };
        let unknown = UpdateImageDetails {
            guid: Uuid::nil(),
            ..change.clone()
        };
        let updated = store.update(&[unknown, change]);
        assert_eq!(updated.len(), 1);
        assert_eq!(updated[0].title.as_deref(), Some("Renamed"));
        assert_eq!(updated[0].description, image.description);
        assert_eq!(updated[0].products, Some(vec![]));
        let now = store.snapshot(LibraryName::Inventory);
        assert!(now.contains(&updated[0]));
    }

    #[tokio::test(start_paused = true)]
    async fn an_addition_is_hidden_until_indexed() {
        let store = store(Duration::from_secs(3));
        let guid = store.generate(1)[0].guid.unwrap();
        let hidden = |store: &Store| {
            store.with_library(LibraryName::Inventory, |_, hidden| hidden.contains(&guid))
        };
        assert!(hidden(&store));
        tokio::time::advance(Duration::from_secs(3)).await;
        assert!(!hidden(&store));
    }
}
