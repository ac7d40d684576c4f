//! [`PagedOperation`]: what `cargo xtask generate` writes for every paged list of the spec (its
//! `x-paging`), so that one page walk serves them all; and the small traits that read and set a
//! page number or a total whatever integer type the generated field has.

use std::fmt::Debug;
use std::hash::Hash;
use std::num::NonZeroU32;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::Operation;

/// A paged list operation: how its requests are paged, where its answer's items and total are,
/// and which item field tells items apart. Implemented by the generated unit struct of every
/// operation with an `x-paging` in the spec.
///
/// # Examples
///
/// ```
/// use finerworks_api::{PagedOperation, operations::ListImages, types::ListImagesRequest};
///
/// let body = r#"{"library": {"name": "inventory", "session_id": "1234567890", "site_id": 2}}"#;
/// let mut request: ListImagesRequest = serde_json::from_str(body).unwrap();
/// assert_eq!(ListImages::page_number(&request), None);
/// ListImages::set_page_number(&mut request, 3);
/// assert_eq!(ListImages::page_number(&request), Some(3));
/// assert_eq!(ListImages::PAGE_SIZE_DEFAULT, 10);
/// ```
pub trait PagedOperation: Operation<Request: Clone> + Send + Sync + 'static {
    /// One item of a page (an image, a product).
    type Item: Serialize + DeserializeOwned + Clone + Debug + Send + Sync + 'static;
    /// What tells items apart (`x-paging.key`: a GUID, a SKU).
    type Key: Clone + Eq + Ord + Hash + Debug + Send + Sync + 'static;
    /// The page size the server uses when a request leaves it out (the spec's `default`).
    const PAGE_SIZE_DEFAULT: u32;
    /// The largest page size the API accepts (the spec's `maximum`).
    const PAGE_SIZE_MAX: u32;
    /// The largest page number the API accepts (the spec's `maximum`).
    const PAGE_NUMBER_MAX: u32;
    /// The page a request asks for, if it says (the server's first page otherwise).
    fn page_number(request: &Self::Request) -> Option<u32>;
    /// Makes a request ask for page `page`.
    fn set_page_number(request: &mut Self::Request, page: u32);
    /// The page size a request asks for, if it says.
    fn page_size(request: &Self::Request) -> Option<u32>;
    /// Makes a request ask for `size` items a page.
    fn set_page_size(request: &mut Self::Request, size: u32);
    /// Takes the items out of an answer (`None` when the answer had none, or `null`).
    fn take_items(response: &mut Self::Response) -> Option<Vec<Self::Item>>;
    /// The total over every page the answer says, if it says and it is not negative.
    fn total(response: &Self::Response) -> Option<u64>;
    /// The key of an item, if it has one.
    fn key(item: &Self::Item) -> Option<Self::Key>;
}

/// Work to do with whichever paged list [`paging::visit`](crate::paging::visit) picks by id,
/// with its types: a raw call that walks the pages of any paged list, for example.
pub trait PagedVisitor {
    /// What the visit gives.
    type Output;
    /// Does the work with the paged list `O`.
    fn visit<O: PagedOperation>(self) -> Self::Output;
}

/// A request field that holds a page number or a page size, whatever integer type it has.
#[doc(hidden)]
pub trait PageField {
    /// The number, if set and representable.
    fn number(&self) -> Option<u32>;
    /// Sets the number (a field that cannot hold it is left unchanged, which the walk notices
    /// since the answers then do not change).
    fn set_number(&mut self, number: u32);
}

impl PageField for Option<NonZeroU32> {
    fn number(&self) -> Option<u32> {
        self.map(NonZeroU32::get)
    }
    fn set_number(&mut self, number: u32) {
        *self = NonZeroU32::new(number);
    }
}

impl PageField for Option<u32> {
    fn number(&self) -> Option<u32> {
        *self
    }
    fn set_number(&mut self, number: u32) {
        *self = Some(number);
    }
}

impl PageField for Option<i64> {
    fn number(&self) -> Option<u32> {
        self.and_then(|number| u32::try_from(number).ok())
    }
    fn set_number(&mut self, number: u32) {
        *self = Some(i64::from(number));
    }
}

/// An answer field that holds a total, whatever integer type it has.
#[doc(hidden)]
pub trait CountField {
    /// The total, if present and not negative.
    fn total(&self) -> Option<u64>;
}

impl CountField for Option<i64> {
    fn total(&self) -> Option<u64> {
        self.and_then(|total| u64::try_from(total).ok())
    }
}

impl CountField for Option<i32> {
    fn total(&self) -> Option<u64> {
        self.and_then(|total| u64::try_from(total).ok())
    }
}

impl CountField for Option<u64> {
    fn total(&self) -> Option<u64> {
        *self
    }
}
