//! [`Page`]: one page of a paged list's answer (images, products), and the call that fetches it.

use finerworks_api::PagedOperation;

use crate::Image;
use crate::error::Result;
use crate::exchange::{self, Connection, Envelope as _};

/// Sends one page request of the paged list `O` (with retries) and turns the answer into a
/// [`Page`].
pub(crate) async fn fetch_page<O: PagedOperation>(
    connection: &Connection,
    request: &O::Request,
) -> Result<Page<O::Item>> {
    let page = O::page_number(request).unwrap_or(1);
    let mut response = exchange::call::<O>(connection, request, Some(page)).await?;
    Ok(Page {
        items: O::take_items(&mut response).unwrap_or_default(),
        total: O::total(&response),
        page_number: page,
        per_page: O::page_size(request).unwrap_or(O::PAGE_SIZE_DEFAULT),
        reference_id: response
            .status()
            .and_then(|status| status.reference_id.clone()),
    })
}

/// One page of a paged list: images (the default), or the items of another list.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Page<T = Image> {
    /// The items on this page (an absent or `null` list is empty).
    pub items: Vec<T>,
    /// How many items match in all, over every page (`count`), if the API said. A hint: it can
    /// be wrong (FinerWorks' own example says 0 beside an image).
    pub total: Option<u64>,
    /// The page number that was asked for (the API's echo of it is not reliable).
    pub page_number: u32,
    /// The page size that was asked for (the API's default when left to the API).
    pub per_page: u32,
    /// FinerWorks' id for the call; quote it when asking FinerWorks for help.
    pub reference_id: Option<String>,
}

impl<T> Page<T> {
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
