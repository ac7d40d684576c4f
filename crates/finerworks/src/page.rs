//! [`Page`]: one page of a `list_images` answer, and the call that fetches it.

use std::num::NonZeroU32;

use finerworks_api::limits::list_images_request::PER_PAGE_DEFAULT;
use finerworks_api::types::{ListImagesRequest, ListImagesResponse};

use crate::Image;
use crate::error::Result;
use crate::exchange::{self, Connection};
use crate::operations;

/// Sends one page request (with retries) and turns the answer into a [`Page`].
pub(crate) async fn fetch_page(
    connection: &Connection,
    request: &ListImagesRequest,
) -> Result<Page> {
    let page = request.page_number.map_or(1, NonZeroU32::get);
    let response =
        exchange::call::<operations::ListImages>(connection, request, Some(page)).await?;
    Ok(Page::from_response(request, response))
}

/// One page of images.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Page {
    /// The images on this page (an absent or `null` list is empty).
    pub images: Vec<Image>,
    /// How many images match in all, over every page (`count`), if the API said. A hint: it can
    /// be wrong (FinerWorks' own example says 0 beside an image).
    pub total: Option<u64>,
    /// The page number that was asked for (the API's echo of it is not reliable).
    pub page_number: u32,
    /// The page size that was asked for (the API's default when left to the API).
    pub per_page: u32,
    /// FinerWorks' id for the call; quote it when asking FinerWorks for help.
    pub reference_id: Option<String>,
}

impl Page {
    fn from_response(request: &ListImagesRequest, response: ListImagesResponse) -> Self {
        Self {
            images: response.images.unwrap_or_default(),
            total: response.count.and_then(|count| u64::try_from(count).ok()),
            page_number: request.page_number.map_or(1, NonZeroU32::get),
            per_page: request.per_page.map_or(PER_PAGE_DEFAULT, NonZeroU32::get),
            reference_id: response.status.and_then(|status| status.reference_id),
        }
    }

    /// How many pages the whole result has at this page size, if the total is known.
    #[must_use]
    pub fn total_pages(&self) -> Option<u64> {
        self.total
            .map(|total| total.div_ceil(u64::from(self.per_page.max(1))))
    }

    /// Whether this is the last page of the result (or past it).
    #[must_use]
    pub fn is_last(&self) -> bool {
        self.total_pages()
            .is_none_or(|pages| u64::from(self.page_number) >= pages)
    }
}
