//! [`ListImages`]: the request builder for `list_images`, one page or every page.

use std::num::NonZeroU32;
use std::sync::Arc;

use chrono::NaiveDate;
use finerworks_api::limits::list_images_request::{
    PAGE_NUMBER_MAX, PAGE_NUMBER_MIN, PER_PAGE_MAX, PER_PAGE_MIN,
};
use finerworks_api::types::ListImagesRequest;
use futures_util::{Stream, StreamExt as _, TryStreamExt as _};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::exchange::Connection;
use crate::input::RequestField;
use crate::page::{Page, fetch_page};
use crate::settings::Library;
use crate::{Image, LibraryName, SortDirection, SortField, operations, paging};

/// The page size [`ListImages::pages`] and [`ListImages::stream`] use unless told otherwise: the
/// largest the API allows ([`limits`](crate::limits)), for the fewest round trips.
pub const STREAM_PER_PAGE: u32 = PER_PAGE_MAX;

/// A `list_images` request, made by [`Images::list`](crate::Images::list).
///
/// Every request field of the API has a method named after it. Nothing is checked until the request
/// is sent; then a field that breaks a rule gives [`Error::InvalidRequest`] naming it, before any
/// network I/O. Finish with [`send`](Self::send) for one page, [`pages`](Self::pages) or
/// [`stream`](Self::stream) for all of them, or [`collect_all`](Self::collect_all).
///
/// # Examples
///
/// ```no_run
/// use chrono::NaiveDate;
/// use finerworks::{SortDirection, SortField};
/// # async fn run(client: finerworks::Client) -> Result<(), finerworks::Error> {
/// let page = client
///     .images()
///     .list()
///     .search_filter("harbor")
///     .upload_date_from(NaiveDate::from_ymd_opt(2025, 1, 1).unwrap())
///     .active(true)
///     .list_products(true)
///     .sort_field(SortField::Title)
///     .sort_direction(SortDirection::Asc)
///     .page_number(2)
///     .per_page(25)
///     .send()
///     .await?;
/// println!("page 2 of {} images", page.total.unwrap_or_default());
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct ListImages {
    connection: Arc<Connection>,
    library: Option<Library>,
    search_filter: Option<String>,
    guid_filter: Option<Vec<Uuid>>,
    page_number: Option<u32>,
    per_page: Option<u32>,
    sort_field: Option<SortField>,
    sort_direction: Option<SortDirection>,
    upload_date_from: Option<NaiveDate>,
    upload_date_to: Option<NaiveDate>,
    list_products: Option<bool>,
    active: Option<bool>,
    until_stable: bool,
}

impl ListImages {
    pub(crate) fn new(connection: Arc<Connection>, library: Option<Library>) -> Self {
        Self {
            connection,
            library,
            search_filter: None,
            guid_filter: None,
            page_number: None,
            per_page: None,
            sort_field: None,
            sort_direction: None,
            upload_date_from: None,
            upload_date_to: None,
            list_products: None,
            active: None,
            until_stable: false,
        }
    }

    /// Read this library instead of the client's default one.
    pub fn library(mut self, library: Library) -> Self {
        self.library = Some(library);
        self
    }

    /// Read the client's default library, but this one of its two: inventory or temporary.
    pub fn library_name(mut self, name: LibraryName) -> Self {
        self.library = Some(Library::named(
            self.library.take(),
            &self.connection.library,
            name,
        ));
        self
    }

    /// Only images whose title or description contains this text (case-insensitively: assumed, FinerWorks does not say).
    pub fn search_filter(mut self, text: impl Into<String>) -> Self {
        self.search_filter = Some(text.into());
        self
    }

    /// Only the images with these GUIDs.
    pub fn guid_filter(mut self, guids: impl IntoIterator<Item = Uuid>) -> Self {
        self.guid_filter = Some(guids.into_iter().collect());
        self
    }

    /// The page to fetch, counting from 1 (default 1). For [`pages`](Self::pages) and
    /// [`stream`](Self::stream), the first page to fetch.
    pub fn page_number(mut self, page: u32) -> Self {
        self.page_number = Some(page);
        self
    }

    /// Images per page, within [`limits::list_images_request`](crate::limits::list_images_request)
    /// (1 to 50). [`send`](Self::send) leaves it to the API (10) unless set; [`pages`](Self::pages)
    /// and [`stream`](Self::stream) use the largest allowed unless set.
    pub fn per_page(mut self, per_page: u32) -> Self {
        self.per_page = Some(per_page);
        self
    }

    /// What to sort by (the API's default is [`SortField::Id`]).
    pub fn sort_field(mut self, field: SortField) -> Self {
        self.sort_field = Some(field);
        self
    }

    /// The sort order (the API's default is [`SortDirection::Desc`]).
    pub fn sort_direction(mut self, direction: SortDirection) -> Self {
        self.sort_direction = Some(direction);
        self
    }

    /// Only images uploaded on or after this day.
    pub fn upload_date_from(mut self, day: NaiveDate) -> Self {
        self.upload_date_from = Some(day);
        self
    }

    /// Only images uploaded on or before this day.
    pub fn upload_date_to(mut self, day: NaiveDate) -> Self {
        self.upload_date_to = Some(day);
        self
    }

    /// Also list each image's virtual inventory products (inventory library only; default false).
    pub fn list_products(mut self, list: bool) -> Self {
        self.list_products = Some(list);
        self
    }

    /// Only active (`true`) or only inactive (`false`) images; both unless set.
    pub fn active(mut self, active: bool) -> Self {
        self.active = Some(active);
        self
    }

    /// For [`pages`](Self::pages), [`stream`](Self::stream) and
    /// [`collect_all`](Self::collect_all): walk the pages again, yielding only images not
    /// yielded yet, until a walk finds nothing new and notices no change, so that a library that
    /// changed while it was listed is listed whole once it settles. At most five walks (at least
    /// two: the second shows that the first missed nothing); when the library has not settled by
    /// then, the stream ends with [`Error::MayBeIncomplete`] (its
    /// [`until_stable`](crate::Incomplete::until_stable) set). Images found by a later walk come
    /// after those of the walks before, so the order holds within each walk only.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: finerworks::Client) -> Result<(), finerworks::Error> {
    /// let everything = client.images().list().until_stable().collect_all().await?;
    /// println!("{} images, none missed by a change during the listing", everything.len());
    /// # Ok(())
    /// # }
    /// ```
    pub fn until_stable(mut self) -> Self {
        self.until_stable = true;
        self
    }

    /// The request body for one page, after checking every field.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] naming the field that breaks a rule.
    pub fn to_request(&self) -> Result<ListImagesRequest> {
        self.build(self.page_number, self.per_page)
    }

    fn build(&self, page_number: Option<u32>, per_page: Option<u32>) -> Result<ListImagesRequest> {
        let page_number = page_number
            .map(|page| {
                NonZeroU32::new(page)
                    .filter(|_| (PAGE_NUMBER_MIN..=PAGE_NUMBER_MAX).contains(&page))
                    .ok_or_else(|| {
                        Error::invalid(
                            RequestField::PageNumber,
                            format!(
                                "must be between {PAGE_NUMBER_MIN} and {PAGE_NUMBER_MAX} (got \
                                 {page}; pages count from 1)"
                            ),
                        )
                    })
            })
            .transpose()?;
        let per_page = per_page
            .map(|size| {
                NonZeroU32::new(size)
                    .filter(|_| (PER_PAGE_MIN..=PER_PAGE_MAX).contains(&size))
                    .ok_or_else(|| {
                        Error::invalid(
                            RequestField::PerPage,
                            format!(
                                "must be between {PER_PAGE_MIN} and {PER_PAGE_MAX} (got {size})"
                            ),
                        )
                    })
            })
            .transpose()?;
        if let (Some(from), Some(to)) = (self.upload_date_from, self.upload_date_to)
            && from > to
        {
            return Err(Error::invalid(
                RequestField::UploadDateFrom,
                format!("must not be after upload_date_to ({from} > {to})"),
            ));
        }
        let library = self
            .library
            .as_ref()
            .unwrap_or(&self.connection.library)
            .to_request()?;
        Ok(ListImagesRequest {
            library,
            search_filter: self.search_filter.clone(),
            guid_filter: self.guid_filter.clone(),
            page_number,
            per_page,
            sort_field: self.sort_field,
            sort_direction: self.sort_direction,
            upload_date_from: self.upload_date_from,
            upload_date_to: self.upload_date_to,
            list_products: self.list_products,
            active: self.active,
        })
    }

    /// Fetches one page.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] before anything is sent; otherwise whatever the call ends with
    /// after retries (see [`Error`]).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: finerworks::Client) -> Result<(), finerworks::Error> {
    /// let page = client.images().list().per_page(10).send().await?;
    /// println!("{} of {:?} images (reference id {:?})", page.items.len(), page.total, page.reference_id);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send(self) -> Result<Page> {
        let request = self.to_request()?;
        fetch_page::<operations::ListImages>(&self.connection, &request).await
    }

    /// Every page of the result, in order, as a stream.
    ///
    /// The API's `count` is only a hint (FinerWorks' own example answers `count: 0` beside an
    /// image), so the walk trusts what it can check: a full page means "maybe more", and the
    /// stream ends after a page shorter than the page size, or before an empty one. The page size
    /// the server really uses is learned from the first pages, so a server that serves fewer
    /// images a page than asked for, without saying so, is listed whole too.
    ///
    /// When `count` is usable, the page it says is the last (the probe) is fetched along with
    /// the first pages after the first one, so checking `count` costs no round trip of its own;
    /// the pages are fetched [`concurrency`](crate::ClientBuilder::concurrency) at a time and
    /// yielded in order. Without a usable `count` the pages are fetched one at a time. The end of
    /// the listing is its first short or empty page (after a full last page, the empty page that
    /// follows it): no request goes past it when `count` is right, and fewer than the concurrency
    /// when `count` is too large (at concurrency 1, one). Requests are sent when a page is asked
    /// for, not while the caller holds the page before. Each page is fetched (and retried) as a
    /// whole, so each image is yielded once, and memory stays bounded by concurrency x page size,
    /// plus 16 bytes for the GUID of each image yielded.
    ///
    /// The library may change while it is listed, and offset paging over a changing library
    /// cannot promise completeness: images added or removed before the walk's position move the
    /// later images to other pages. What the walk does about it:
    ///
    /// - No image is yielded twice: every GUID yielded is remembered (16 bytes an image), and
    ///   repeats are left out (a page may then hold fewer images than the page size, and a page of
    ///   nothing but repeats is skipped).
    /// - When `count` falls from one page to the next, the pages before (up to 8) are read again
    ///   and the images they now hold that were not yielded come first.
    /// - At the end of a walk that went past its first page, the first page is read again, and
    ///   the page `count` said was last when that page was fetched early: one or two requests,
    ///   sent along with the last pages when the probe told which those are (so they add no
    ///   round trip), or else after the last page.
    /// - When it noticed a change (`count` changed, a page repeated images, or the pages read
    ///   again at the end hold other images), the stream ends with [`Error::MayBeIncomplete`]
    ///   after the last page: every page was yielded, but images may be missing. List again,
    ///   or use [`until_stable`](Self::until_stable).
    ///
    /// What cannot be noticed: a change that leaves `count`, the first page and the probe as
    /// they were, such as an image removed and another added in the middle of the order (sorted
    /// by title, say, where new images do not come first) while pages were in flight; and,
    /// without a usable `count`, removals from pages other than the first. Images added behind
    /// the walk's position are not listed (in the default order they come first, so the first
    /// page read again shows them).
    ///
    /// The stream ends with [`Error::Paging`] rather than yield images twice or drop some
    /// silently: when a page holds the same images as the page before, and the page before read
    /// again holds them too, although `count` did not change (the server ignores
    /// `page_number`; a library that grew by exactly one page is told apart by that second
    /// read), when a page holds more images than the page size, when a page before the last is
    /// short, and after 10,000 pages fetched one at a time. After an error the stream ends. An
    /// error met fetching a page says which ([`Error::page`]) and is otherwise the error of the
    /// call: `matches!(error, Error::Unauthorized(_))` holds for refused keys.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use futures_util::TryStreamExt as _;
    /// # async fn run(client: finerworks::Client) -> Result<(), finerworks::Error> {
    /// let mut pages = client.images().list().pages();
    /// while let Some(page) = pages.try_next().await? {
    ///     println!("page {}: {} images", page.page_number, page.items.len());
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn pages(self) -> impl Stream<Item = Result<Page>> + Send + Unpin + 'static {
        let per_page = self.per_page.unwrap_or(STREAM_PER_PAGE);
        let first_page = self.page_number.unwrap_or(1);
        let template = self.build(Some(first_page), Some(per_page));
        paging::pages::<operations::ListImages>(self.connection, template, self.until_stable)
    }

    /// Every image of the result, in order, as a stream (the images of [`pages`](Self::pages)).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use futures_util::TryStreamExt as _;
    /// # async fn run(client: finerworks::Client) -> Result<(), finerworks::Error> {
    /// let mut images = client.images().list().list_products(true).stream();
    /// while let Some(image) = images.try_next().await? {
    ///     let products = image.products.as_ref().map_or(0, Vec::len);
    ///     println!("{:?}: {products} products", image.guid);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn stream(self) -> impl Stream<Item = Result<Image>> + Send + Unpin + 'static {
        self.pages()
            .map_ok(|page| futures_util::stream::iter(page.items.into_iter().map(Ok)))
            .try_flatten()
    }

    /// Every image of the result, collected.
    ///
    /// # Errors
    ///
    /// The first error of [`pages`](Self::pages). When the library changed while it was listed,
    /// [`Error::MayBeIncomplete`], which holds every image collected
    /// ([`Incomplete::images`](crate::Incomplete::images)).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use finerworks::Error;
    /// # async fn run(client: finerworks::Client) -> Result<(), finerworks::Error> {
    /// let images = match client.images().list().collect_all().await {
    ///     Ok(images) => images,
    ///     Err(Error::MayBeIncomplete(incomplete)) => {
    ///         eprintln!("warning: {incomplete}");
    ///         incomplete.into_items()
    ///     }
    ///     Err(error) => return Err(error),
    /// };
    /// println!("{} images", images.len());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn collect_all(self) -> Result<Vec<Image>> {
        let mut pages = self.pages();
        let mut all = Vec::new();
        while let Some(page) = pages.next().await {
            match page {
                Ok(page) => all.extend(page.items),
                Err(Error::MayBeIncomplete(incomplete)) => {
                    return Err(Error::MayBeIncomplete(Box::new(incomplete.with_items(all))));
                }
                Err(error) => return Err(error),
            }
        }
        Ok(all)
    }

    /// The images of a lookup (a `guid_filter`), for [`Images::get_many`](crate::Images::get_many):
    /// errors carry no page (a lookup is not a listing), and a lookup the library changed under
    /// is made once more, its images added to the first one's.
    pub(crate) async fn lookup(self) -> Result<Vec<Image>> {
        let first = match self.clone().collect_all().await {
            Err(Error::MayBeIncomplete(first)) => first.into_items(),
            other => return other.map_err(|error| error.at_page(None)),
        };
        let mut again = self
            .collect_all()
            .await
            .map_err(|error| error.at_page(None))?;
        let mut all = first;
        all.append(&mut again);
        Ok(all)
    }
}
