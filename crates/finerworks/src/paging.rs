//! The page walk behind [`ListImages::pages`](crate::ListImages::pages).
//!
//! It trusts only what it can check. `count` is a hint, used to fetch pages ahead with bounded
//! concurrency and to show progress, never as the only sign of the end: FinerWorks' own example
//! answers `count: 0` beside an image. A full page means "maybe more"; the walk ends at a page
//! shorter than the page size, or an empty one. The page size the server really uses is learned
//! from the first pages (a server may serve fewer than asked without saying so).
//!
//! The walk, page by page:
//!
//! 1. The first page. Empty: the end. Full: the page size is what was asked for. Short: either
//!    the end, or a server that serves fewer per page than asked; `count` settles it when it
//!    equals what was seen, otherwise the next page does (empty: the end; as many images again:
//!    that is the page size).
//! 2. With a page size and a usable `count`, the page `count` says is the last is fetched as a
//!    probe, together with the pages after the first (as many as the concurrency allows, none
//!    past the probe): checking `count` costs no round trip of its own. The probe not empty:
//!    `count` is close enough, and the pages between are fetched concurrently, each expected
//!    full; if the probe is full (`count` may be short of the truth), the page after it is
//!    fetched with them, and the walk goes on one page at a time if that page is full too. The
//!    probe empty: `count` is too large, and the walk goes on with one page fewer in flight, up
//!    to the probe at most (at concurrency 1, one page at a time).
//! 3. Without a usable `count`, one page at a time until a short or empty page.
//!
//! The end of a listing is its first short or empty page (after a full last page, the empty page
//! that follows it). Costs: when `count` is consistent, not one request past the end; when it is
//! too large, fewer than the concurrency (the probe, and pages fetched ahead with one page fewer
//! in flight than the concurrency), except at concurrency 1, where the probe is the one request
//! past the end.
//!
//! Every page is compared with the page before it, so a server that ignores `page_number` is an
//! error rather than an endless walk (a page that repeats the page before is told from a library
//! that grew by a page by reading the page before again), and a walk without a usable `count`
//! stops after [`MAX_PAGES_WITHOUT_TOTAL`] pages.
//!
//! A library that changes during the walk: every GUID yielded is remembered (16 bytes an image),
//! so no image is yielded twice; a `count` that falls makes the walk read the pages before again
//! (at most [`MAX_READ_AGAIN`]), for images that moved onto them. At the end of a walk that read
//! more than its first page, the first page and the probe are read again (one or two requests,
//! sent with the last pages when the probe tells which those are, so that they cost no round
//! trip of their own): a change seen there, or on the way (`count` changed, a page repeated
//! images), ends the stream with [`Error::MayBeIncomplete`] after the last page. With
//! `until_stable`, the walk starts over instead, yielding only images not yielded yet, until a
//! walk finds nothing new and notices no change, or [`MAX_WALKS`] walks were made.

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;

use futures_util::stream::Stream;

use crate::error::{Change, Error, PagingError, Result};
use crate::exchange::Connection;
use finerworks_api::PagedOperation;

use crate::page::Page;

mod recheck;
mod window;

use window::{Fetch, Window};

/// The most pages fetched one at a time, when the API gives no usable `count`.
pub(crate) const MAX_PAGES_WITHOUT_TOTAL: u32 = 10_000;
/// The most pages read again when `count` falls between two pages; a larger fall is reported.
pub(crate) const MAX_READ_AGAIN: u64 = 8;
/// The most walks over the pages `until_stable` makes before it reports that the library would
/// not settle.
pub(crate) const MAX_WALKS: u32 = 5;

/// Every page of the paged list `O` described by `template` (whose page number is the first
/// page), walked again until the list settles when `until_stable`.
pub(crate) fn pages<O: PagedOperation>(
    connection: Arc<Connection>,
    template: Result<O::Request>,
    until_stable: bool,
) -> impl Stream<Item = Result<Page<O::Item>>> + Send + Unpin + 'static {
    let walk = template.map(|template| Walk::<O>::new(connection, template, until_stable));
    let state = Some(walk);
    // Boxed so that callers can use `StreamExt::next` without pinning it themselves.
    Box::pin(futures_util::stream::unfold(state, |state| async move {
        match state? {
            Err(error) => Some((Err(error), None)),
            Ok(mut walk) => match walk.next().await? {
                Ok(page) => Some((Ok(page), Some(Ok(walk)))),
                Err(error) => Some((Err(error), None)),
            },
        }
    }))
}

/// What the walk does next.
enum Mode<T> {
    /// Fetch the first page.
    Start,
    /// The first page was short: fetch the page after it to learn whether it was the end.
    CheckShortFirst { size_if_capped: u32 },
    /// Take page `next` of the pages before `probe`, which are fetched concurrently and must
    /// each be full; after the last of them, place `probe`.
    Between { next: u32, probe: Box<Page<T>> },
    /// Page `current` was full: plan the rest with the `count` it came with.
    Plan { current: u32, total: Option<u64> },
    /// Take page `next` (from the pages fetched ahead, if it is one of them, else fetched now),
    /// then the page after it while pages are full.
    Onward { next: u32 },
    /// Nothing more.
    Done,
}

struct Walk<O: PagedOperation> {
    /// The requests queued and in flight.
    window: Window<O>,
    /// The first page number asked for.
    first: u32,
    /// The page size asked for.
    asked: u32,
    /// The page size the server uses, once known.
    size: u32,
    mode: Mode<O::Item>,
    /// Pages fetched and checked, not yet yielded.
    ready: VecDeque<Page<O::Item>>,
    /// What the page placed last looked like, to notice a server that ignores `page_number`.
    previous: Option<Fingerprint<O::Key>>,
    /// The first page known to be empty (a probe that found nothing), so not fetched again.
    empty_from: Option<u32>,
    /// The `count` of the page placed last, if it had one.
    count: Option<u64>,
    /// How many images the walk has yielded.
    yielded: u64,
    /// The key of every item queued, so that none is yielded twice.
    listed: HashSet<O::Key>,
    /// Whether a page was queued (the first page is yielded even when it is empty).
    placed_any: bool,
    /// Walk again until a walk finds nothing new and notices no change.
    until_stable: bool,
    /// The walk under way, counting from 1.
    walks: u32,
    /// Images queued during this walk.
    new_this_walk: u64,
    /// What this walk noticed of a library changing under it.
    changes: Vec<Change>,
    /// The GUIDs of the first page as this walk read it (to compare with a read at the end).
    first_seen: Option<Vec<Option<O::Key>>>,
    /// The probe of this walk, if one was placed.
    probe_number: Option<u32>,
    /// The probe's GUIDs as placed.
    probe_seen: Option<Vec<Option<O::Key>>>,
    /// The page the walk expects to end at, when the reads that check it at its end were sent
    /// with its last pages.
    planned_end: Option<u32>,
    /// Nothing more to yield.
    finished: bool,
}

/// The keys of the first and last item of a page, and its size.
#[derive(Clone, PartialEq, Eq)]
struct Fingerprint<K>(Option<Option<K>>, Option<Option<K>>, usize);

impl<K> Fingerprint<K> {
    fn of<O: PagedOperation<Key = K>>(page: &Page<O::Item>) -> Self {
        Self(
            page.items.first().map(O::key),
            page.items.last().map(O::key),
            page.items.len(),
        )
    }
}

/// The keys of a page, sorted: which items a page holds, whatever order a server gives items
/// that sort alike (items that trade places within a page move none onto another page).
fn keys_of<O: PagedOperation>(page: &Page<O::Item>) -> Vec<Option<O::Key>> {
    let mut keys: Vec<_> = page.items.iter().map(O::key).collect();
    keys.sort_unstable();
    keys
}

impl<O: PagedOperation> Walk<O> {
    fn new(connection: Arc<Connection>, template: O::Request, until_stable: bool) -> Self {
        let first = O::page_number(&template).unwrap_or(1);
        let asked = O::page_size(&template).unwrap_or(O::PAGE_SIZE_DEFAULT);
        let concurrency = connection.concurrency;
        Self {
            window: Window::new(connection, template, concurrency),
            first,
            asked,
            size: asked,
            mode: Mode::Start,
            ready: VecDeque::new(),
            previous: None,
            empty_from: None,
            count: None,
            yielded: 0,
            listed: HashSet::new(),
            placed_any: false,
            until_stable,
            walks: 1,
            new_this_walk: 0,
            changes: Vec::new(),
            first_seen: None,
            probe_number: None,
            probe_seen: None,
            planned_end: None,
            finished: false,
        }
    }

    /// The next page, `None` after the last one. After an error the caller stops.
    ///
    /// Requests queued are sent when a page is asked for, not while the caller holds the page
    /// before: what the caller changes in between is seen by the requests sent after it.
    async fn next(&mut self) -> Option<Result<Page<O::Item>>> {
        if !matches!(self.mode, Mode::Done) {
            self.window.top_up();
        }
        loop {
            if let Some(page) = self.ready.pop_front() {
                self.yielded += page.items.len() as u64;
                return Some(Ok(page));
            }
            if self.finished {
                return None;
            }
            let step = if matches!(self.mode, Mode::Done) {
                self.end_of_walk().await
            } else {
                self.advance().await
            };
            if let Err(error) = step {
                self.finished = true;
                return Some(Err(error));
            }
        }
    }

    /// Fetches what the mode asks for, queues the pages that are ready and picks the next mode.
    async fn advance(&mut self) -> Result<()> {
        match std::mem::replace(&mut self.mode, Mode::Done) {
            Mode::Done => {}
            Mode::Start => {
                let read = self.window.take(Fetch::Page(self.first)).await?;
                let seen = read.items.len();
                let total = read.total;
                if seen > self.asked as usize {
                    // The server serves more a page than asked for: that is its page size.
                    self.size = u32::try_from(seen).unwrap_or(u32::MAX);
                }
                self.place(read).await?;
                self.mode = if seen == 0 {
                    Mode::Done
                } else if seen >= self.asked as usize {
                    Mode::Plan {
                        current: self.first,
                        total,
                    }
                } else if total == Some(self.seen_through(self.first, seen)) {
                    // Short, and `count` agrees that this is all.
                    Mode::Done
                } else {
                    Mode::CheckShortFirst {
                        size_if_capped: u32::try_from(seen).unwrap_or(u32::MAX),
                    }
                };
            }
            Mode::CheckShortFirst { size_if_capped } => {
                let number = self.after(self.first)?;
                let read = self.window.take(Fetch::Page(number)).await?;
                let total = read.total;
                if read.items.is_empty() {
                    return Ok(());
                }
                self.size = size_if_capped;
                let seen = self.place(read).await?;
                if seen == size_if_capped as usize {
                    // The server serves `size_if_capped` a page, whatever was asked.
                    self.mode = Mode::Plan {
                        current: number,
                        total,
                    };
                }
            }
            Mode::Between { next, probe } => {
                let read = self.window.take(Fetch::Page(next)).await?;
                self.place_before(read, &probe).await?;
                self.mode = if next + 1 < probe.page_number {
                    Mode::Between {
                        next: next + 1,
                        probe,
                    }
                } else {
                    self.after_probe(*probe).await?
                };
            }
            Mode::Plan { current, total } => {
                self.mode = self.plan(current, total).await?;
            }
            Mode::Onward { next } => {
                if self.empty_from.is_some_and(|empty| next >= empty) {
                    return Ok(());
                }
                if self.planned_end.is_some_and(|end| next > end) {
                    // `count` was short of the truth: the reads that check the walk at its end
                    // went with pages that were not the last, and are read again at the end.
                    self.planned_end = None;
                    self.window.drop_rechecks();
                }
                if next - self.first >= MAX_PAGES_WITHOUT_TOTAL {
                    return Err(Error::Paging(PagingError::TooManyPages {
                        pages: MAX_PAGES_WITHOUT_TOTAL,
                    }));
                }
                let read = self.window.take(Fetch::Page(next)).await?;
                if read.items.is_empty() {
                    return Ok(());
                }
                let seen = self.place(read).await?;
                if seen == self.size as usize {
                    self.mode = Mode::Onward {
                        next: self.after(next)?,
                    };
                }
            }
        }
        Ok(())
    }

    /// What to do after page `current`, which was full, given the `count` it came with.
    ///
    /// With a usable `count`, the page it says is the last (the probe) is fetched together with
    /// the pages after `current`, as many as the concurrency allows and none past the probe:
    /// those are needed unless `count` is too large, so checking `count` costs no round trip.
    async fn plan(&mut self, current: u32, total: Option<u64>) -> Result<Mode<O::Item>> {
        let next = self.after(current)?;
        let concurrency = self.window.connection().concurrency;
        let Some(last) = self.last_page(total).filter(|&last| last > next) else {
            // No usable count, or one that says the next page is the last (or that this one
            // was, although it was full).
            return Ok(Mode::Onward { next });
        };
        let ahead = u32::try_from(concurrency - 1).unwrap_or(u32::MAX);
        let round_end = next.saturating_add(ahead).min(last);
        self.window.queue(Fetch::Page(last));
        self.window.queue_pages(next..round_end);
        self.window.top_up();
        let probe = self.window.take(Fetch::Page(last)).await?;
        if probe.items.is_empty() {
            // `count` is too large: walk on up to the probe at most, with one page fewer in
            // flight, so that fewer requests than the concurrency go past the end (the probe is
            // one of them; at concurrency 1 it is the only one).
            self.empty_from = Some(last);
            self.window.set_width(concurrency - 1);
            self.window.queue_pages(round_end..last);
            return Ok(Mode::Onward { next });
        }
        if probe.items.len() > self.size as usize {
            return Err(Error::Paging(PagingError::PageSizeChanged {
                page: last,
                images: probe.items.len(),
                page_size: self.size,
            }));
        }
        self.probe_number = Some(last);
        // The pages between, then (if the probe is full, so that more may follow) the page
        // after the probe, which is needed anyway.
        self.window.queue_pages(round_end..last);
        let end = if probe.items.len() == self.size as usize {
            let after = self.after(last)?;
            self.window.queue(Fetch::Page(after));
            after
        } else {
            last
        };
        // The first page and the probe, read again to check the walk, go with its last pages.
        if self
            .first_seen
            .as_ref()
            .is_some_and(|seen| seen.len() >= self.size as usize)
        {
            self.window.queue(Fetch::Recheck(self.first));
            self.window.queue(Fetch::Recheck(last));
            self.planned_end = Some(end);
        }
        Ok(Mode::Between {
            next,
            probe: Box::new(probe),
        })
    }

    /// Places a page before the probe: it must be full, since a later page holds images.
    async fn place_before(&mut self, read: Page<O::Item>, probe: &Page<O::Item>) -> Result<()> {
        let page = &read;
        let seen = page.items.len();
        if seen < self.size as usize {
            return Err(Error::Paging(PagingError::ShortPageBeforeEnd {
                page: page.page_number,
                images: seen,
                page_size: self.size,
                later_page: probe.page_number,
            }));
        }
        self.place(read).await.map(drop)
    }

    /// Queues the probe page, then goes on one page at a time if it was full.
    async fn after_probe(&mut self, probe: Page<O::Item>) -> Result<Mode<O::Item>> {
        let number = probe.page_number;
        let seen = self.place(probe).await?;
        Ok(if seen == self.size as usize {
            Mode::Onward {
                next: self.after(number)?,
            }
        } else {
            Mode::Done
        })
    }

    /// The page `count` says is the last, if `count` is usable.
    fn last_page(&self, total: Option<u64>) -> Option<u32> {
        let total = total.filter(|&total| total > 0)?;
        let last = total.div_ceil(u64::from(self.size));
        u32::try_from(last)
            .ok()
            .filter(|&last| last <= O::PAGE_NUMBER_MAX)
    }

    /// How many images the pages up to `page` hold, `seen` on `page` itself.
    fn seen_through(&self, page: u32, seen: usize) -> u64 {
        u64::from(page - 1) * u64::from(self.size) + seen as u64
    }

    /// The page number after `page`, if the API accepts it.
    fn after(&self, page: u32) -> Result<u32> {
        page.checked_add(1)
            .filter(|&next| next <= O::PAGE_NUMBER_MAX)
            .ok_or(Error::Paging(PagingError::PageNumberOverflow { page }))
    }

    /// Checks `page` against the pages placed before it and queues what it adds.
    ///
    /// The library may change during the walk. Images added before the walk's position push the
    /// later pages back, so a page may repeat images of the pages before it: those are left out
    /// (every GUID queued is remembered). Images removed before the walk's position pull the
    /// later pages forward, so images would be skipped: when `count` drops from one page to the
    /// next, the pages before are read again and their images not yet yielded come first.
    /// Either way the change is noted. Without `count`, a removal shows only at the end, when
    /// the first page is read again.
    ///
    /// A page whose `count` differs from the page placed before it is read again first: pages
    /// are fetched concurrently, and the server may have served it before the change that the
    /// page before shows (the order answers arrive in does not tell). Read again, it is at least
    /// as new as what precedes it. Returns how many images the page placed held (before leaving
    /// repeats out), which tells whether it was full.
    async fn place(&mut self, read: Page<O::Item>) -> Result<usize> {
        let mut page = read;
        if matches!((self.count, page.total), (Some(a), Some(b)) if a != b) {
            page = self.window.take(Fetch::Again(page.page_number)).await?;
        }
        let seen = page.items.len();
        if seen > self.size as usize {
            return Err(Error::Paging(PagingError::PageSizeChanged {
                page: page.page_number,
                images: seen,
                page_size: self.size,
            }));
        }
        let count_before = self.count;
        let changed = matches!((count_before, page.total), (Some(a), Some(b)) if a != b);
        let fingerprint = Fingerprint::of::<O>(&page);
        if seen > 0 && !changed && self.previous.as_ref() == Some(&fingerprint) {
            self.repeated(page.page_number, &fingerprint).await?;
        }
        self.previous = Some(fingerprint);
        if let (Some(before), Some(now)) = (count_before, page.total)
            && now != before
        {
            self.note(Change::Count {
                page: page.page_number,
                before,
                now,
            });
            if now < before {
                self.read_again_before(page.page_number, before, now)
                    .await?;
            }
        }
        if page.total.is_some() {
            self.count = page.total;
        }
        if self.first_seen.is_none() && page.page_number == self.first {
            self.first_seen = Some(keys_of::<O>(&page));
        }
        if self.probe_number == Some(page.page_number) {
            self.probe_seen = Some(keys_of::<O>(&page));
        }
        let number = page.page_number;
        let repeats = self.queue_new(page);
        if repeats > 0 && self.walks == 1 {
            self.note(Change::Repeats {
                page: number,
                images: repeats,
            });
        }
        Ok(seen)
    }

    /// Page `number` holds the same images as the page placed before it, although `count` did
    /// not change. Either the server ignores `page_number`, or exactly a page of images was added
    /// before the walk's position between the two reads. The page before, read again, tells:
    /// the same images again mean the server ignores `page_number`.
    async fn repeated(&mut self, number: u32, fingerprint: &Fingerprint<O::Key>) -> Result<()> {
        if number > self.first {
            let again = self.window.take(Fetch::Again(number - 1)).await?;
            if Fingerprint::of::<O>(&again) != *fingerprint {
                // The library grew by a page: this page's images are all repeats, left out.
                self.note(Change::Repeats {
                    page: number,
                    images: fingerprint.2,
                });
                return Ok(());
            }
        }
        Err(Error::Paging(PagingError::RepeatedPage { page: number }))
    }

    /// Queues what `page` holds that was not queued before (on walks after the first, only
    /// images with a GUID: without one, an image cannot be told from one listed already).
    /// Returns how many images it left out.
    fn queue_new(&mut self, mut page: Page<O::Item>) -> usize {
        let held = page.items.len();
        let later_walk = self.walks > 1;
        let listed = &mut self.listed;
        page.items.retain(|item| match O::key(item) {
            Some(key) => listed.insert(key),
            None => !later_walk,
        });
        let kept = page.items.len();
        self.new_this_walk += kept as u64;
        if !self.placed_any || kept > 0 {
            self.placed_any = true;
            self.ready.push_back(page);
        }
        held - kept
    }

    /// `count` fell from `before` to `now` at page `page`: images were removed from the pages
    /// before it, which pulled images from those pages' ends onto pages already read. Reads those
    /// pages again (at most [`MAX_READ_AGAIN`]; a larger fall is noted instead) and queues the
    /// images not yet yielded.
    async fn read_again_before(&mut self, page: u32, before: u64, now: u64) -> Result<()> {
        let pages_back = (before - now).div_ceil(u64::from(self.size));
        if pages_back > MAX_READ_AGAIN {
            self.note(Change::TooManyRemoved {
                page,
                before_minus_now: before - now,
            });
            return Ok(());
        }
        let pages_back = u32::try_from(pages_back).unwrap_or(u32::MAX);
        for number in page.saturating_sub(pages_back).max(self.first)..page {
            let again = self.window.take(Fetch::Again(number)).await?;
            self.queue_new(again);
        }
        Ok(())
    }
}
