//! The page stream behind [`ListImages::pages`](crate::ListImages::pages): the first page, then the
//! rest with bounded concurrency, in order, with guards against servers that never end.

use std::num::NonZeroU32;

use finerworks_api::types::ListImagesRequest;
use futures_util::future::BoxFuture;
use futures_util::stream::{FuturesOrdered, Stream, StreamExt as _};

use crate::client::Client;
use crate::error::{Error, Result};
use crate::images::{Page, fetch_page};

/// The most pages fetched when the API does not say how many images match (`count` missing).
pub(crate) const MAX_PAGES_WITHOUT_TOTAL: u32 = 10_000;

enum State {
    /// Nothing fetched yet.
    Start {
        client: Client,
        template: Result<ListImagesRequest>,
    },
    /// The first page is out; the others are being fetched.
    Rest(Box<Rest>),
    /// Finished (after the last page, an early end or an error).
    Done,
}

struct Rest {
    client: Client,
    template: ListImagesRequest,
    /// The next page number to request.
    next: u32,
    /// The last page number to request.
    last: u32,
    per_page: u32,
    in_flight: FuturesOrdered<BoxFuture<'static, Result<Page>>>,
    /// What the page before looked like, to notice a server that ignores `page_number`.
    previous: Fingerprint,
}

/// The first and last image of a page, and its size.
#[derive(PartialEq, Eq)]
struct Fingerprint(
    Option<(Option<uuid::Uuid>, Option<i64>)>,
    Option<(Option<uuid::Uuid>, Option<i64>)>,
    usize,
);

impl Fingerprint {
    fn of(page: &Page) -> Self {
        let key = |image: &crate::Image| (image.guid, image.id);
        Self(
            page.images.first().map(key),
            page.images.last().map(key),
            page.images.len(),
        )
    }
}

/// Every page of the result described by `template` (whose `page_number` is the first page).
pub(crate) fn pages(
    client: Client,
    template: Result<ListImagesRequest>,
) -> impl Stream<Item = Result<Page>> + Send + Unpin + 'static {
    // Boxed so that callers can use `StreamExt::next` without pinning it themselves.
    Box::pin(futures_util::stream::unfold(
        State::Start { client, template },
        step,
    ))
}

async fn step(state: State) -> Option<(Result<Page>, State)> {
    match state {
        State::Done => None,
        State::Start { client, template } => {
            let template = match template {
                Ok(template) => template,
                Err(error) => return Some((Err(error), State::Done)),
            };
            let page = match fetch_page(&client, &template).await {
                Ok(page) => page,
                Err(error) => return Some((Err(error), State::Done)),
            };
            let first = page.page_number;
            let per_page = page.per_page;
            let last = match page.total {
                Some(total) => {
                    let pages = total.div_ceil(u64::from(per_page));
                    u32::try_from(pages).unwrap_or(u32::MAX)
                }
                None => first.saturating_add(MAX_PAGES_WITHOUT_TOTAL - 1),
            };
            let short = page.images.len() < per_page as usize;
            if short && first < last {
                // More pages are said to follow, yet the first one is not full: stopping here would
                // silently drop the rest, and walking on would skip images.
                let error = Error::Paging(format!(
                    "page {first} holds {} images where {per_page} were asked for, yet the total is \
                     {}: the server seems to ignore per_page",
                    page.images.len(),
                    page.total.unwrap_or_default()
                ));
                return Some((Err(error), State::Done));
            }
            let finished = short || first >= last;
            let next = if finished {
                State::Done
            } else {
                State::Rest(Box::new(Rest {
                    client,
                    template,
                    next: first + 1,
                    last,
                    per_page,
                    in_flight: FuturesOrdered::new(),
                    previous: Fingerprint::of(&page),
                }))
            };
            Some((Ok(page), next))
        }
        State::Rest(mut rest) => {
            let concurrency = rest.client.concurrency();
            while rest.next <= rest.last && rest.in_flight.len() < concurrency {
                let mut request = rest.template.clone();
                request.page_number = NonZeroU32::new(rest.next);
                let client = rest.client.clone();
                rest.in_flight
                    .push_back(Box::pin(async move { fetch_page(&client, &request).await }));
                rest.next += 1;
            }
            let page = match rest.in_flight.next().await? {
                Ok(page) => page,
                Err(error) => return Some((Err(error), State::Done)),
            };
            if page.images.is_empty() {
                return None;
            }
            let fingerprint = Fingerprint::of(&page);
            if fingerprint == rest.previous {
                let error = Error::Paging(format!(
                    "page {} holds the same images as page {}: the server seems to ignore \
                     page_number",
                    page.page_number,
                    page.page_number - 1
                ));
                return Some((Err(error), State::Done));
            }
            rest.previous = fingerprint;
            let short = page.images.len() < rest.per_page as usize;
            let is_last = page.page_number >= rest.last;
            let next = if short || is_last {
                State::Done
            } else {
                State::Rest(rest)
            };
            Some((Ok(page), next))
        }
    }
}
