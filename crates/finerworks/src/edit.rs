//! [`UpdateImages`] and [`DeleteImages`]: changing and deleting images by GUID, and reporting only
//! what was observed: which images were updated or deleted, and which GUIDs matched none.

use std::collections::HashSet;
use std::sync::Arc;

use finerworks_api::limits::delete_images_request::GUIDS_MIN_ITEMS;
use finerworks_api::limits::update_images_request::IMAGES_MIN_ITEMS;
use finerworks_api::types::{DeleteImagesRequest, UpdateImagesRequest};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::exchange::{self, Connection};
use crate::images::Images;
use crate::input::RequestField;
use crate::new_image::ImageUpdate;
use crate::settings::Library;
use crate::{Image, operations};

/// A call changing the title and description of images, made by
/// [`Images::update`](crate::Images::update); send it with [`send`](Self::send).
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct UpdateImages {
    connection: Arc<Connection>,
    library: Library,
    updates: Vec<ImageUpdate>,
}

/// What an update did (see [`UpdateImages::send`]).
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Updated {
    /// The images as FinerWorks answered them, updated.
    pub images: Vec<Image>,
    /// The GUIDs the answer leaves out: no image of the library has them, so nothing was
    /// updated for them.
    pub not_found: Vec<Uuid>,
}

impl UpdateImages {
    pub(crate) fn new(
        connection: Arc<Connection>,
        library: Library,
        updates: Vec<ImageUpdate>,
    ) -> Self {
        Self {
            connection,
            library,
            updates,
        }
    }

    /// Sends the update, and returns the images FinerWorks updated and the GUIDs it left out.
    ///
    /// **Updating an image of the inventory library also removes the virtual inventory products
    /// assigned to it** (FinerWorks documents this side effect).
    ///
    /// FinerWorks answers with the images it updated; a GUID that no image has is left out of
    /// the answer (assumed: the docs do not say), and is reported in [`Updated::not_found`].
    /// The images that exist are updated all the same. Safe to repeat, so it is retried like a
    /// listing.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] for an empty list or an update that changes nothing, before
    /// anything is sent; [`Error::UnexpectedResponse`] for an answer that holds an image that
    /// was not asked for; otherwise whatever the call ends with.
    pub async fn send(self) -> Result<Updated> {
        let images = self
            .updates
            .iter()
            .enumerate()
            .map(|(index, update)| update.to_details(index))
            .collect::<Result<Vec<_>>>()?;
        if images.len() < IMAGES_MIN_ITEMS {
            return Err(Error::invalid(
                RequestField::Images,
                format!("must hold at least {IMAGES_MIN_ITEMS} image"),
            ));
        }
        let asked: Vec<Uuid> = images.iter().map(|image| image.guid).collect();
        let request = UpdateImagesRequest {
            images,
            account_key: self.library.account_key,
        };
        let answer =
            exchange::call::<operations::UpdateImages>(&self.connection, &request, None).await?;
        let images = answer.images.unwrap_or_default();
        let answered: HashSet<Uuid> = images.iter().filter_map(|image| image.guid).collect();
        if let Some(stranger) = answered.iter().find(|guid| !asked.contains(guid)) {
            return Err(Error::UnexpectedResponse {
                operation: "update_images",
                problem: format!("it answered with image {stranger}, which was not updated"),
            });
        }
        Ok(Updated {
            images,
            not_found: unique(asked.into_iter().filter(|guid| !answered.contains(guid))),
        })
    }
}

/// A call deleting images, made by [`Images::delete`](crate::Images::delete); send it with
/// [`send`](Self::send).
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct DeleteImages {
    images: Images,
    library: Library,
    guids: Vec<Uuid>,
}

/// What a deletion did, as observed by listing the GUIDs before and after it (see
/// [`DeleteImages::send`]).
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Deleted {
    /// Listed before the deletion and not after: deleted.
    pub deleted: Vec<Uuid>,
    /// Not listed before the deletion: no image of the library had them, so there was nothing
    /// to delete (an image added moments ago may not be listed yet, and is among these).
    pub not_found: Vec<Uuid>,
    /// Still listed after FinerWorks accepted the deletion: not deleted.
    pub still_listed: Vec<Uuid>,
    /// FinerWorks accepted the deletion, but a listing to check it could not be trusted or
    /// failed (see [`check_error`](Self::check_error)): probably deleted, or never there; not
    /// seen to be deleted.
    pub unchecked: Vec<Uuid>,
    /// Why a listing before or after the deletion failed, when one did.
    pub check_error: Option<Error>,
}

impl Deleted {
    /// Whether every GUID given was seen to be deleted.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.not_found.is_empty() && self.still_listed.is_empty() && self.unchecked.is_empty()
    }
}

impl DeleteImages {
    pub(crate) fn new(images: Images, library: Library, guids: Vec<Uuid>) -> Self {
        Self {
            images,
            library,
            guids,
        }
    }

    /// Deletes the images with their virtual inventory products, and says which were deleted.
    ///
    /// FinerWorks' answer does not say which images it deleted, so this lists the GUIDs before
    /// and after: one `guid_filter` listing each (more for over 50 GUIDs). Deleting a GUID no
    /// image has is no error to FinerWorks (assumed: the docs do not say); it is reported in
    /// [`Deleted::not_found`]. Safe to repeat, so it is retried like a listing.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when no GUID is given, before anything is sent; whatever the
    /// listing before ends with when the call could not be made (the keys, the network: then
    /// nothing was deleted); otherwise whatever the deletion ends with. A listing whose answers
    /// cannot be trusted (before) or that fails (after) is no error: see [`Deleted::unchecked`].
    pub async fn send(self) -> Result<Deleted> {
        let guids = unique(self.guids);
        if guids.len() < GUIDS_MIN_ITEMS {
            return Err(Error::invalid(
                RequestField::Guids,
                format!("must hold at least {GUIDS_MIN_ITEMS} GUID"),
            ));
        }
        let library = self.library.to_request()?;
        // The listing before: what there is to delete. A server that answers but whose listing
        // cannot be trusted (it ignores `page_number`, or its answer is not a listing) does not
        // stop the deletion the caller asked for; it leaves the result unchecked. Any other
        // failure (the keys, the network) would stop the deletion too: nothing is sent.
        let mut deleted = Deleted::default();
        let before = match self.images.find_many(&guids).await {
            Ok(before) => Some(before),
            Err(error) if is_untrustworthy_listing(&error) => {
                deleted.check_error = Some(error);
                None
            }
            Err(error) => return Err(error),
        };
        let to_check: Vec<Uuid> = match &before {
            Some(before) => {
                deleted.not_found = guids
                    .iter()
                    .copied()
                    .filter(|guid| !before.contains_key(guid))
                    .collect();
                guids
                    .iter()
                    .copied()
                    .filter(|guid| before.contains_key(guid))
                    .collect()
            }
            None => guids.clone(),
        };
        let request = DeleteImagesRequest {
            guids,
            library: Some(library),
        };
        exchange::call::<operations::DeleteImages>(self.images.connection(), &request, None)
            .await?;
        if to_check.is_empty() {
            return Ok(deleted);
        }
        match self.images.find_many(&to_check).await {
            Ok(after) => {
                let (still, gone): (Vec<Uuid>, Vec<Uuid>) = to_check
                    .into_iter()
                    .partition(|guid| after.contains_key(guid));
                deleted.still_listed = still;
                if before.is_some() {
                    deleted.deleted = gone;
                } else {
                    // Not listed now, but whether they were before is unknown.
                    deleted.unchecked = gone;
                }
            }
            Err(error) => {
                deleted.unchecked = to_check;
                deleted.check_error.get_or_insert(error);
            }
        }
        Ok(deleted)
    }
}

/// Whether a failed listing means the server's listing cannot be trusted, rather than that the
/// call itself could not be made.
fn is_untrustworthy_listing(error: &Error) -> bool {
    matches!(
        error,
        Error::Paging(_)
            | Error::MayBeIncomplete(_)
            | Error::UnexpectedResponse { .. }
            | Error::Decode(_)
    )
}

/// The GUIDs in their first order, each once.
fn unique(guids: impl IntoIterator<Item = Uuid>) -> Vec<Uuid> {
    let mut seen = HashSet::new();
    guids
        .into_iter()
        .filter(|guid| seen.insert(*guid))
        .collect()
}
