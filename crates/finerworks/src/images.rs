//! [`Images`]: the image library of a client, made by [`Client::images`](crate::Client::images):
//! list, look up, add, update and delete images, and wait for new ones to be listed.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use finerworks_api::limits::list_images_request::PER_PAGE_MAX;
use uuid::Uuid;

use crate::add::AddImages;
use crate::edit::{DeleteImages, UpdateImages};
use crate::error::{Error, Result};
use crate::exchange::Connection;
use crate::list::ListImages;
use crate::lookup::{GetImage, GetImages, WaitUntilListed};
use crate::new_image::{ImageUpdate, NewImage};
use crate::settings::Library;
use crate::{Image, LibraryName};

/// The first wait between two looks in [`Images::wait_until_listed`]; it doubles up to
/// [`LISTED_POLL_MAX`].
const LISTED_POLL_FIRST: Duration = Duration::from_millis(250);
const LISTED_POLL_MAX: Duration = Duration::from_secs(2);

/// The image library: every operation on images, in the client's default library or the one set
/// with [`library`](Self::library). Cheap to make; made by [`Client::images`](crate::Client::images).
///
/// # Examples
///
/// ```no_run
/// use finerworks::{ImageUpdate, NewImage};
/// # async fn run(client: finerworks::Client, new: Vec<NewImage>) -> Result<(), finerworks::Error> {
/// let added = client.images().add(new).send().await?;
/// let guids: Vec<_> = added.iter().map(|image| image.guid()).collect();
/// client.images().wait_until_listed(guids.clone(), std::time::Duration::from_secs(30)).await?;
/// let updated = client.images().update([ImageUpdate::new(guids[0]).title("New title")]).send().await?;
/// assert!(updated.not_found.is_empty());
/// let deleted = client.images().delete(guids).send().await?;
/// println!("deleted {} images", deleted.deleted.len());
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct Images {
    connection: Arc<Connection>,
    library: Option<Library>,
}

impl Images {
    pub(crate) fn new(connection: Arc<Connection>) -> Self {
        Self {
            connection,
            library: None,
        }
    }

    /// Works on this library instead of the client's default one.
    pub fn library(mut self, library: Library) -> Self {
        self.library = Some(library);
        self
    }

    /// Works on the client's default library, but this one of its two: inventory or temporary.
    pub fn library_name(mut self, name: LibraryName) -> Self {
        self.library = Some(Library::named(
            self.library.take(),
            &self.connection.library,
            name,
        ));
        self
    }

    fn current_library(&self) -> Library {
        self.library
            .clone()
            .unwrap_or_else(|| self.connection.library.clone())
    }

    /// Lists images: a request builder for `POST /v3/list_images`, for one page or all of them.
    pub fn list(&self) -> ListImages {
        ListImages::new(Arc::clone(&self.connection), self.library.clone())
    }

    /// Looks up the image with this GUID: a call to send (or await) with [`GetImage::send`],
    /// which gives `None` when the library has no such image.
    pub fn get(&self, guid: Uuid) -> GetImage {
        GetImage::new(self.clone(), guid)
    }

    /// Looks up the images with these GUIDs, any number of them: a call to send (or await) with
    /// [`GetImages::send`], which gives those the library has, by GUID.
    pub fn get_many(&self, guids: impl IntoIterator<Item = Uuid>) -> GetImages {
        GetImages::new(self.clone(), guids.into_iter().collect())
    }

    /// Waits until every image in `guids` is listed: a call to send (or await) with
    /// [`WaitUntilListed::send`].
    pub fn wait_until_listed(
        &self,
        guids: impl IntoIterator<Item = Uuid>,
        timeout: Duration,
    ) -> WaitUntilListed {
        WaitUntilListed::new(self.clone(), guids.into_iter().collect(), timeout)
    }

    /// The images with these GUIDs that the library has, by GUID, looked up
    /// [`PER_PAGE_MAX`](crate::limits::list_images_request::PER_PAGE_MAX) at a time (a
    /// `guid_filter` with more GUIDs than a page holds would return one page of them).
    pub(crate) async fn find_many(&self, guids: &[Uuid]) -> Result<HashMap<Uuid, Image>> {
        let mut found = HashMap::with_capacity(guids.len());
        for chunk in guids.chunks(PER_PAGE_MAX as usize) {
            let images = self
                .list()
                .guid_filter(chunk.iter().copied())
                .per_page(PER_PAGE_MAX)
                .lookup()
                .await?;
            for image in images {
                if let Some(guid) = image.guid.filter(|guid| chunk.contains(guid)) {
                    found.insert(guid, image);
                }
            }
        }
        Ok(found)
    }

    /// Adds images: a call to send with [`AddImages::send`]. Any number of images; they are
    /// sent five a call, a few calls at a time, and come back in the order given.
    ///
    /// A new image may not be listed at once (a third-party client reports a few seconds;
    /// FinerWorks does not say): see
    /// [`wait_until_listed`](Self::wait_until_listed).
    pub fn add(&self, images: impl IntoIterator<Item = NewImage>) -> AddImages {
        AddImages::new(
            Arc::clone(&self.connection),
            self.current_library(),
            images.into_iter().collect(),
        )
    }

    /// Changes the title and description of images, each found by its GUID: a call to send with
    /// [`UpdateImages::send`], which says which GUIDs matched no image.
    ///
    /// **Updating an image of the inventory library also removes the virtual inventory products
    /// assigned to it** (FinerWorks documents this side effect).
    pub fn update(&self, updates: impl IntoIterator<Item = ImageUpdate>) -> UpdateImages {
        UpdateImages::new(
            Arc::clone(&self.connection),
            self.current_library(),
            updates.into_iter().collect(),
        )
    }

    /// Deletes images, each found by its GUID, with their virtual inventory products: a call to
    /// send with [`DeleteImages::send`], which lists the GUIDs before and after to say which
    /// were deleted and which matched no image.
    pub fn delete(&self, guids: impl IntoIterator<Item = Uuid>) -> DeleteImages {
        DeleteImages::new(
            self.clone(),
            self.current_library(),
            guids.into_iter().collect(),
        )
    }

    pub(crate) fn connection(&self) -> &Connection {
        &self.connection
    }

    /// Waits until every image in `guids` is listed, looking every 250 ms at first and then
    /// less often (every 2 s at most), and returns them in the order given.
    pub(crate) async fn await_listed(
        &self,
        wanted: Vec<Uuid>,
        timeout: Duration,
    ) -> Result<Vec<Image>> {
        let started = Instant::now();
        let mut found: HashMap<Uuid, Image> = HashMap::with_capacity(wanted.len());
        let mut pause = LISTED_POLL_FIRST;
        loop {
            let missing: Vec<Uuid> = wanted
                .iter()
                .copied()
                .filter(|guid| !found.contains_key(guid))
                .collect();
            if missing.is_empty() {
                return Ok(wanted
                    .iter()
                    .filter_map(|guid| found.remove(guid))
                    .collect());
            }
            found.extend(self.find_many(&missing).await?);
            if wanted.iter().all(|guid| found.contains_key(guid)) {
                continue;
            }
            let waited = started.elapsed();
            if waited >= timeout {
                let missing = wanted
                    .iter()
                    .copied()
                    .filter(|guid| !found.contains_key(guid))
                    .collect();
                return Err(Error::NotListed { missing, waited });
            }
            tokio::time::sleep(pause.min(timeout - waited)).await;
            pause = (pause * 2).min(LISTED_POLL_MAX);
        }
    }
}
