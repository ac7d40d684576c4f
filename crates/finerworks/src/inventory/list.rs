//! [`ListInventory`]: the request builder for `list_virtual_inventory`, one page or every page,
//! through the page walk every paged list shares.

use std::num::NonZeroU32;
use std::sync::Arc;

use chrono::NaiveDate;
use finerworks_api::limits::list_virtual_inventory_request::{
    PAGE_NUMBER_MAX, PAGE_NUMBER_MIN, PER_PAGE_MAX, PER_PAGE_MIN, PRODUCT_CODE_FILTER_MAX_ITEMS,
    SKU_FILTER_MAX_ITEMS,
};
use finerworks_api::types::ListVirtualInventoryRequest;
use futures_util::{Stream, StreamExt as _, TryStreamExt as _};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::exchange::Connection;
use crate::input::RequestField;
use crate::page::{Page, fetch_page};
use crate::{Product, SortDirection, SortField, operations, paging};

/// A `list_virtual_inventory` request, made by [`Inventory::list`](crate::Inventory::list).
///
/// Every request field of the API has a method named after it. Nothing is checked until the
/// request is sent; then a field that breaks a rule gives [`Error::InvalidRequest`] naming it,
/// before any network I/O. Finish with [`send`](Self::send) for one page,
/// [`pages`](Self::pages) or [`stream`](Self::stream) for all of them, or
/// [`collect_all`](Self::collect_all). Paging works as for images (see
/// [`ListImages::pages`](crate::ListImages::pages)): `count` is a hint, each product (told apart
/// by its SKU) is yielded once, and a list that changes while it is walked is reported.
///
/// # Examples
///
/// ```no_run
/// # async fn run(client: finerworks::Client, image: finerworks::uuid::Uuid) -> Result<(), finerworks::Error> {
/// let page = client
///     .inventory()
///     .list()
///     .guid_filter([image])
///     .search_filter("canvas")
///     .per_page(25)
///     .send()
///     .await?;
/// for product in &page.items {
///     println!("{:?} {:?} {:?}", product.sku, product.name, product.asking_price);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct ListInventory {
    connection: Arc<Connection>,
    search_filter: Option<String>,
    sku_filter: Option<Vec<String>>,
    product_code_filter: Option<Vec<String>>,
    guid_filter: Option<Vec<Uuid>>,
    page_number: Option<u32>,
    per_page: Option<u32>,
    sort_field: Option<SortField>,
    sort_direction: Option<SortDirection>,
    created_date_from: Option<NaiveDate>,
    created_date_to: Option<NaiveDate>,
    account_key: Option<String>,
    until_stable: bool,
}

impl ListInventory {
    pub(crate) fn new(connection: Arc<Connection>) -> Self {
        let account_key = connection.library.account_key.clone();
        Self {
            connection,
            search_filter: None,
            sku_filter: None,
            product_code_filter: None,
            guid_filter: None,
            page_number: None,
            per_page: None,
            sort_field: None,
            sort_direction: None,
            created_date_from: None,
            created_date_to: None,
            account_key,
            until_stable: false,
        }
    }

    /// Only products whose name or description contains this text (case-insensitively and
    /// over those fields: assumed, FinerWorks says "title or description").
    pub fn search_filter(mut self, text: impl Into<String>) -> Self {
        self.search_filter = Some(text.into());
        self
    }

    /// Only the products with these SKUs, at most
    /// [`SKU_FILTER_MAX_ITEMS`](crate::limits::list_virtual_inventory_request::SKU_FILTER_MAX_ITEMS)
    /// (FinerWorks ignores a longer list, so a longer one is refused before sending).
    pub fn sku_filter<S: Into<String>>(mut self, skus: impl IntoIterator<Item = S>) -> Self {
        self.sku_filter = Some(skus.into_iter().map(Into::into).collect());
        self
    }

    /// Only the products with these product codes, at most
    /// [`PRODUCT_CODE_FILTER_MAX_ITEMS`](crate::limits::list_virtual_inventory_request::PRODUCT_CODE_FILTER_MAX_ITEMS)
    /// (as for [`sku_filter`](Self::sku_filter)).
    pub fn product_code_filter<S: Into<String>>(
        mut self,
        codes: impl IntoIterator<Item = S>,
    ) -> Self {
        self.product_code_filter = Some(codes.into_iter().map(Into::into).collect());
        self
    }

    /// Only the products made from the images with these GUIDs (image GUIDs, not product GUIDs).
    pub fn guid_filter(mut self, images: impl IntoIterator<Item = Uuid>) -> Self {
        self.guid_filter = Some(images.into_iter().collect());
        self
    }

    /// The page to fetch, counting from 1 (default 1). For [`pages`](Self::pages) and
    /// [`stream`](Self::stream), the first page to fetch.
    pub fn page_number(mut self, page: u32) -> Self {
        self.page_number = Some(page);
        self
    }

    /// Products per page, within
    /// [`limits::list_virtual_inventory_request`](crate::limits::list_virtual_inventory_request)
    /// (1 to 50). [`send`](Self::send) leaves it to the API (10) unless set;
    /// [`pages`](Self::pages) and [`stream`](Self::stream) use the largest allowed unless set.
    pub fn per_page(mut self, per_page: u32) -> Self {
        self.per_page = Some(per_page);
        self
    }

    /// What to sort by (the API's default is [`SortField::Id`]). FinerWorks lists the image
    /// fields: products are assumed to sort by the image they are made from.
    pub fn sort_field(mut self, field: SortField) -> Self {
        self.sort_field = Some(field);
        self
    }

    /// The sort order (the API's default is [`SortDirection::Desc`]).
    pub fn sort_direction(mut self, direction: SortDirection) -> Self {
        self.sort_direction = Some(direction);
        self
    }

    /// Only products added on or after this day (assumed: the day their image was added).
    pub fn created_date_from(mut self, day: NaiveDate) -> Self {
        self.created_date_from = Some(day);
        self
    }

    /// Only products added on or before this day (assumed: the day their image was added).
    pub fn created_date_to(mut self, day: NaiveDate) -> Self {
        self.created_date_to = Some(day);
        self
    }

    /// List this account's inventory instead of the key owner's (default: the client's
    /// library's `account_key`); FinerWorks ignores it unless the app key may act for others.
    pub fn account_key(mut self, account_key: impl Into<String>) -> Self {
        self.account_key = Some(account_key.into());
        self
    }

    /// For [`pages`](Self::pages), [`stream`](Self::stream) and
    /// [`collect_all`](Self::collect_all): walk the pages again, yielding only products not
    /// yielded yet, until a walk finds nothing new and notices no change (as
    /// [`ListImages::until_stable`](crate::ListImages::until_stable) does for images).
    pub fn until_stable(mut self) -> Self {
        self.until_stable = true;
        self
    }

    /// The request body for one page, after checking every field.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] naming the field that breaks a rule.
    pub fn to_request(&self) -> Result<ListVirtualInventoryRequest> {
        self.build(self.page_number, self.per_page)
    }

    fn build(
        &self,
        page_number: Option<u32>,
        per_page: Option<u32>,
    ) -> Result<ListVirtualInventoryRequest> {
        let page_number =
            within(page_number, PAGE_NUMBER_MIN..=PAGE_NUMBER_MAX).map_err(|got| {
                Error::invalid(
                    RequestField::PageNumber,
                    format!(
                        "must be between {PAGE_NUMBER_MIN} and {PAGE_NUMBER_MAX} (got {got}; pages \
                     count from 1)"
                    ),
                )
            })?;
        let per_page = within(per_page, PER_PAGE_MIN..=PER_PAGE_MAX).map_err(|got| {
            Error::invalid(
                RequestField::PerPage,
                format!("must be between {PER_PAGE_MIN} and {PER_PAGE_MAX} (got {got})"),
            )
        })?;
        for (field, list, max, what) in [
            (
                RequestField::SkuFilter,
                &self.sku_filter,
                SKU_FILTER_MAX_ITEMS,
                "skus",
            ),
            (
                RequestField::ProductCodeFilter,
                &self.product_code_filter,
                PRODUCT_CODE_FILTER_MAX_ITEMS,
                "product codes",
            ),
        ] {
            let given = list.as_ref().map_or(0, Vec::len);
            if given > max {
                return Err(Error::invalid(
                    field,
                    format!(
                        "must hold at most {max} {what} (got {given}; finerworks ignores a \
                         longer list and would list every product)"
                    ),
                ));
            }
        }
        if let (Some(from), Some(to)) = (self.created_date_from, self.created_date_to)
            && from > to
        {
            return Err(Error::invalid(
                RequestField::CreatedDateFrom,
                format!("must not be after created_date_to ({from} > {to})"),
            ));
        }
        Ok(ListVirtualInventoryRequest {
            search_filter: self.search_filter.clone(),
            sku_filter: self.sku_filter.clone(),
            product_code_filter: self.product_code_filter.clone(),
            guid_filter: self.guid_filter.clone(),
            page_number,
            per_page,
            sort_field: self.sort_field,
            sort_direction: self.sort_direction,
            created_date_from: self.created_date_from,
            created_date_to: self.created_date_to,
            account_key: self.account_key.clone().filter(|key| !key.is_empty()),
        })
    }

    /// Fetches one page.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] before anything is sent; otherwise whatever the call ends with
    /// after retries (see [`Error`]).
    pub async fn send(self) -> Result<Page<Product>> {
        let request = self.to_request()?;
        fetch_page::<operations::ListVirtualInventory>(&self.connection, &request).await
    }

    /// Every page of the result, in order, as a stream: the walk of
    /// [`ListImages::pages`](crate::ListImages::pages), with the same guarantees (each product
    /// once, by SKU; `count` a hint; a list that changed while it was walked ends the stream
    /// with [`Error::MayBeIncomplete`]).
    pub fn pages(self) -> impl Stream<Item = Result<Page<Product>>> + Send + Unpin + 'static {
        let per_page = self.per_page.unwrap_or(PER_PAGE_MAX);
        let first_page = self.page_number.unwrap_or(PAGE_NUMBER_MIN);
        let template = self.build(Some(first_page), Some(per_page));
        paging::pages::<operations::ListVirtualInventory>(
            self.connection,
            template,
            self.until_stable,
        )
    }

    /// Every product of the result, in order, as a stream (the products of
    /// [`pages`](Self::pages)).
    pub fn stream(self) -> impl Stream<Item = Result<Product>> + Send + Unpin + 'static {
        self.pages()
            .map_ok(|page| futures_util::stream::iter(page.items.into_iter().map(Ok)))
            .try_flatten()
    }

    /// Every product of the result, collected.
    ///
    /// # Errors
    ///
    /// The first error of [`pages`](Self::pages). When the inventory changed while it was
    /// listed, [`Error::MayBeIncomplete`], which holds every product collected
    /// ([`Incomplete::items`](crate::Incomplete::items)).
    pub async fn collect_all(self) -> Result<Vec<Product>> {
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
}

/// `value` when it is within `range` (or unset); the value otherwise.
fn within(
    value: Option<u32>,
    range: std::ops::RangeInclusive<u32>,
) -> std::result::Result<Option<NonZeroU32>, u32> {
    value
        .map(|n| NonZeroU32::new(n).filter(|_| range.contains(&n)).ok_or(n))
        .transpose()
}
