//! The requests of a page walk in flight: pages fetched ahead in order, pages read again, and the
//! reads that check the walk at its end, all driven together so that none waits on another.

use std::collections::VecDeque;
use std::sync::Arc;

use futures_util::StreamExt as _;
use futures_util::future::BoxFuture;
use futures_util::stream::FuturesUnordered;

use crate::error::Result;
use crate::exchange::Connection;
use finerworks_api::PagedOperation;

use crate::page::{Page, fetch_page};

/// One request of a walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fetch {
    /// A page in its turn (or the probe, the page `count` says is the last, fetched early).
    Page(u32),
    /// A page read again during the walk (to tell a repeated page from a grown library, or for
    /// images that moved onto pages already read).
    Again(u32),
    /// A page read again at the end of the walk, to notice a library that changed under it.
    Recheck(u32),
}

impl Fetch {
    /// The page number this request asks for.
    pub(super) fn page(self) -> u32 {
        match self {
            Self::Page(page) | Self::Again(page) | Self::Recheck(page) => page,
        }
    }
}

/// A request sent (or about to be, at its first poll), and its answer once it came.
struct Entry<T> {
    /// Tells the answer of this request from the others'.
    id: u64,
    what: Fetch,
    /// Whether the walk still wants the answer (one it gave up on is awaited, not cancelled, so
    /// that what a walk sends depends on the pages it read, not on when answers came).
    wanted: bool,
    /// Whether the request is done.
    done: bool,
    /// Its answer, once done (if still wanted).
    answer: Option<Result<Page<T>>>,
}

/// A request under way, which answers with the id of its entry.
type Running<T> = BoxFuture<'static, (u64, Result<Page<T>>)>;

/// Requests waiting for room in the window.
enum Queued {
    /// One request.
    One(Fetch),
    /// Pages in their turn, in order (a range, so that a `count` of millions costs no memory).
    Pages(std::ops::Range<u32>),
}

/// The requests queued and in flight, in the order they were queued.
///
/// Requests are sent only by [`top_up`](Self::top_up) (up to the width) and by
/// [`take`](Self::take) (the one it needs, if not sent yet), so a walk that calls `top_up` once
/// each time it is asked for a page sends nothing while the caller holds the page before. Every
/// request in flight makes progress while any of them is awaited (those woken are polled): none
/// holds a connection (or a permit of the client's limit) while the walk waits on another. A
/// request sent is never cancelled by the walk: one it no longer needs is awaited and its answer
/// dropped.
pub(super) struct Window<O: PagedOperation> {
    connection: Arc<Connection>,
    template: O::Request,
    /// The requests sent and not yet taken, in the order they were sent.
    in_flight: Vec<Entry<O::Item>>,
    /// The requests under way (only those woken are polled).
    running: FuturesUnordered<Running<O::Item>>,
    /// The id of the next request.
    next_id: u64,
    upcoming: VecDeque<Queued>,
    /// The most requests in flight that `top_up` allows.
    width: usize,
}

impl<O: PagedOperation> Window<O> {
    /// Requests for the pages of `template`, `width` at a time.
    pub(super) fn new(connection: Arc<Connection>, template: O::Request, width: usize) -> Self {
        Self {
            connection,
            template,
            in_flight: Vec::new(),
            running: FuturesUnordered::new(),
            next_id: 0,
            upcoming: VecDeque::new(),
            width: width.max(1),
        }
    }

    /// Sets how many requests `top_up` keeps in flight (at least one).
    pub(super) fn set_width(&mut self, width: usize) {
        self.width = width.max(1);
    }

    /// Queues a request, to be sent once there is room.
    pub(super) fn queue(&mut self, what: Fetch) {
        self.upcoming.push_back(Queued::One(what));
    }

    /// Queues pages in their turn, in order.
    pub(super) fn queue_pages(&mut self, pages: std::ops::Range<u32>) {
        if !pages.is_empty() {
            self.upcoming.push_back(Queued::Pages(pages));
        }
    }

    /// Whether a request is queued or in flight.
    pub(super) fn holds(&self, what: Fetch) -> bool {
        self.in_flight
            .iter()
            .any(|entry| entry.wanted && entry.what == what)
            || self.upcoming.iter().any(|queued| match (queued, what) {
                (Queued::One(one), _) => *one == what,
                (Queued::Pages(pages), Fetch::Page(page)) => pages.contains(&page),
                (Queued::Pages(_), _) => false,
            })
    }

    /// Sends queued requests, in order, while fewer than the width are in flight.
    pub(super) fn top_up(&mut self) {
        while self.in_flight.len() < self.width {
            let what = match self.upcoming.front_mut() {
                None => break,
                Some(Queued::One(what)) => *what,
                Some(Queued::Pages(pages)) => match pages.next() {
                    Some(page) => Fetch::Page(page),
                    None => {
                        self.upcoming.pop_front();
                        continue;
                    }
                },
            };
            if matches!(self.upcoming.front(), Some(Queued::One(_))) {
                self.upcoming.pop_front();
            }
            self.send(what);
        }
    }

    /// Gives up the pages queued or in flight, keeping the reads that check the walk at its end:
    /// the walk reached its end, and what follows it is not needed.
    pub(super) fn drop_pages(&mut self) {
        self.give_up(|what| !matches!(what, Fetch::Recheck(_)));
    }

    /// Gives up the reads that check the walk at its end, queued or in flight: the walk goes on
    /// past the page they were sent with, so they were read too early.
    pub(super) fn drop_rechecks(&mut self) {
        self.give_up(|what| matches!(what, Fetch::Recheck(_)));
    }

    /// Forgets the requests queued that `drop` names, and the answers of those in flight (which
    /// are awaited with the others all the same).
    fn give_up(&mut self, drop: impl Fn(Fetch) -> bool) {
        self.upcoming.retain(|queued| match queued {
            Queued::One(what) => !drop(*what),
            Queued::Pages(pages) => !drop(Fetch::Page(pages.start)),
        });
        for entry in &mut self.in_flight {
            if drop(entry.what) {
                entry.wanted = false;
                entry.answer = None;
            }
        }
        self.in_flight.retain(|entry| entry.wanted || !entry.done);
    }

    /// Awaits the requests in flight and drops every answer and every request queued.
    pub(super) async fn settle(&mut self) {
        self.upcoming.clear();
        while self.running.next().await.is_some() {}
        self.in_flight.clear();
    }

    /// Takes `what` out of the queue, if it is there.
    fn unqueue(&mut self, what: Fetch) {
        let mut split = None;
        for (at, queued) in self.upcoming.iter_mut().enumerate() {
            match (&mut *queued, what) {
                (Queued::One(one), _) if *one == what => {
                    split = Some((at, None));
                    break;
                }
                (Queued::Pages(pages), Fetch::Page(page)) if pages.contains(&page) => {
                    let rest = page + 1..pages.end;
                    pages.end = page;
                    split = Some((at, Some(rest)));
                    break;
                }
                _ => {}
            }
        }
        match split {
            Some((at, None)) => {
                self.upcoming.remove(at);
            }
            Some((at, Some(rest))) if !rest.is_empty() => {
                self.upcoming.insert(at + 1, Queued::Pages(rest));
            }
            _ => {}
        }
    }

    /// The answer to `what`: sent now if it was not in flight (taken out of the queue if it was
    /// there), and awaited while every other request in flight makes progress too.
    pub(super) async fn take(&mut self, what: Fetch) -> Result<Page<O::Item>> {
        let mut at = match self
            .in_flight
            .iter()
            .position(|entry| entry.wanted && entry.what == what)
        {
            Some(at) => at,
            None => {
                self.unqueue(what);
                self.send(what);
                self.in_flight.len() - 1
            }
        };
        loop {
            if let Some(answer) = self
                .in_flight
                .get_mut(at)
                .and_then(|entry| entry.answer.take())
            {
                self.in_flight.remove(at);
                return answer;
            }
            let Some((id, answer)) = self.running.next().await else {
                // Not reached (the request taken is under way until it answers); were it, the
                // page would be asked for again rather than lost.
                self.in_flight.remove(at);
                return self.request(what.page()).await;
            };
            if let Some(done) = self.in_flight.iter().position(|entry| entry.id == id) {
                let entry = &mut self.in_flight[done];
                entry.done = true;
                if entry.wanted {
                    entry.answer = Some(answer);
                } else {
                    self.in_flight.remove(done);
                    if done < at {
                        at -= 1;
                    }
                }
            }
        }
    }

    /// Starts a request (it goes out at its first poll).
    fn send(&mut self, what: Fetch) {
        let id = self.next_id;
        self.next_id += 1;
        let request = self.request(what.page());
        self.running
            .push(Box::pin(async move { (id, request.await) }));
        self.in_flight.push(Entry {
            id,
            what,
            wanted: true,
            done: false,
            answer: None,
        });
    }

    /// A request for page `number`.
    fn request(&self, number: u32) -> BoxFuture<'static, Result<Page<O::Item>>> {
        let mut request = self.template.clone();
        O::set_page_number(&mut request, number);
        let connection = Arc::clone(&self.connection);
        Box::pin(async move {
            fetch_page::<O>(&connection, &request)
                .await
                .map_err(|error| error.at_page(Some(number)))
        })
    }

    /// The connection the requests go through.
    pub(super) fn connection(&self) -> &Connection {
        &self.connection
    }
}
