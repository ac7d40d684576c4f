//! The calls that look images up, made by [`Images`]: [`GetImage`], [`GetImages`] and
//! [`WaitUntilListed`]. Like every call of this crate, each is sent with `send()` or awaited.

use std::collections::HashMap;
use std::time::Duration;

use uuid::Uuid;

use crate::Image;
use crate::error::Result;
use crate::images::Images;

/// A lookup of one image by GUID, made by [`Images::get`].
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct GetImage {
    images: Images,
    guid: Uuid,
}

impl GetImage {
    pub(crate) fn new(images: Images, guid: Uuid) -> Self {
        Self { images, guid }
    }

    /// The image with this GUID, or `None` when the library has none.
    ///
    /// # Errors
    ///
    /// Whatever the `list_images` call ends with (see [`Error`](crate::Error)).
    pub async fn send(self) -> Result<Option<Image>> {
        let mut found = self.images.find_many(&[self.guid]).await?;
        Ok(found.remove(&self.guid))
    }
}

/// A lookup of any number of images by GUID, made by [`Images::get_many`].
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct GetImages {
    images: Images,
    guids: Vec<Uuid>,
}

impl GetImages {
    pub(crate) fn new(images: Images, guids: Vec<Uuid>) -> Self {
        Self { images, guids }
    }

    /// The images with these GUIDs that the library has, by GUID. They are looked up
    /// [`PER_PAGE_MAX`](crate::limits::list_images_request::PER_PAGE_MAX) at a time (a
    /// `guid_filter` with more GUIDs than a page holds would return one page of them).
    ///
    /// # Errors
    ///
    /// Whatever a `list_images` call ends with (see [`Error`](crate::Error)).
    pub async fn send(self) -> Result<HashMap<Uuid, Image>> {
        self.images.find_many(&self.guids).await
    }
}

/// Waiting until new images are listed, made by [`Images::wait_until_listed`]: a new image "can
/// take a few seconds to appear" (observed by a third party; FinerWorks does not document it).
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct WaitUntilListed {
    images: Images,
    guids: Vec<Uuid>,
    timeout: Duration,
}

impl WaitUntilListed {
    pub(crate) fn new(images: Images, guids: Vec<Uuid>, timeout: Duration) -> Self {
        Self {
            images,
            guids,
            timeout,
        }
    }

    /// Looks every 250 ms at first and then less often (every 2 s at most), until every image
    /// is listed, and returns them in the order given.
    ///
    /// # Errors
    ///
    /// [`Error::NotListed`](crate::Error::NotListed) with the GUIDs still missing when the
    /// timeout has passed; otherwise whatever a `list_images` call ends with.
    pub async fn send(self) -> Result<Vec<Image>> {
        self.images.await_listed(self.guids, self.timeout).await
    }
}

/// Lets a call be awaited directly: `call.await` is `call.send().await`.
macro_rules! awaitable {
    ($($call:ty => $output:ty),* $(,)?) => {$(
        impl std::future::IntoFuture for $call {
            type Output = crate::Result<$output>;
            type IntoFuture =
                std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send>>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    )*};
}

awaitable! {
    GetImage => Option<Image>,
    GetImages => HashMap<Uuid, Image>,
    WaitUntilListed => Vec<Image>,
    crate::client::TestCredentials => (),
    crate::list::ListImages => crate::Page,
    crate::add::AddImages => Vec<Image>,
    crate::edit::UpdateImages => crate::Updated,
    crate::edit::DeleteImages => crate::Deleted,
}
