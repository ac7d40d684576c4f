//! [`AddImages`]: adding any number of images, five a call, a few calls at a time, without ever
//! adding an image twice; and [`AddReport`], what happened to each batch when not all went in.

use std::fmt;
use std::future::Future;
use std::ops::Range;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use finerworks_api::limits::add_images_request::{IMAGES_MAX_ITEMS, IMAGES_MIN_ITEMS};
use finerworks_api::types::{AddImageDetails, AddImagesRequest, ImageLibrary};
use futures_util::{StreamExt as _, stream};
use tokio::sync::watch;

use crate::Image;
use crate::error::{Error, Result};
use crate::exchange::{self, Connection};
use crate::input::RequestField;
use crate::new_image::NewImage;
use crate::operations;
use crate::settings::Library;

/// A call adding images, made by [`Images::add`](crate::Images::add).
///
/// The images are sent five a call (the API's limit), [`concurrency`](crate::ClientBuilder::concurrency)
/// calls at a time. Adding is not idempotent, so a call is sent again only when the server
/// certainly did not act on it (the connection was never made, or it answered 429 or 503);
/// after a timeout, a dropped connection or another server error the call's fate is unknown, and
/// it is reported as such rather than risk adding its images twice.
#[must_use = "a request does nothing until it is sent"]
pub struct AddImages {
    connection: Arc<Connection>,
    library: Library,
    images: Vec<NewImage>,
    progress: Option<Box<dyn Fn(usize, usize) + Send + Sync>>,
    interrupt: Option<Pin<Box<dyn Future<Output = ()> + Send>>>,
}

impl fmt::Debug for AddImages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AddImages")
            .field("library", &self.library)
            .field("images", &self.images.len())
            .finish_non_exhaustive()
    }
}

impl AddImages {
    pub(crate) fn new(
        connection: Arc<Connection>,
        library: Library,
        images: Vec<NewImage>,
    ) -> Self {
        Self {
            connection,
            library,
            images,
            progress: None,
            interrupt: None,
        }
    }

    /// Stops adding when `interrupt` completes (a Ctrl-C, a shutdown signal, a deadline): no call
    /// starts after it, and the calls in flight are no longer awaited. [`send`](Self::send) then
    /// ends with [`Error::AddIncomplete`]: the images created so far, the calls in flight as
    /// [`Fate::Unknown`] (they may have reached FinerWorks) and the calls not sent as
    /// [`Fate::NotAdded`], each with [`Error::Interrupted`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn run(client: finerworks::Client, new: Vec<finerworks::NewImage>) {
    /// let ctrl_c = async {
    ///     let _ = tokio::signal::ctrl_c().await;
    /// };
    /// match client.images().add(new).interrupt_on(ctrl_c).send().await {
    ///     Ok(images) => println!("added {}", images.len()),
    ///     Err(finerworks::Error::AddIncomplete(report)) => eprintln!("{report}"),
    ///     Err(error) => eprintln!("{error}"),
    /// }
    /// # }
    /// ```
    pub fn interrupt_on(mut self, interrupt: impl Future<Output = ()> + Send + 'static) -> Self {
        self.interrupt = Some(Box::pin(interrupt));
        self
    }

    /// Calls `progress(images_done, images_in_all)` each time a call ends (in success or not),
    /// for a progress bar.
    pub fn on_progress(mut self, progress: impl Fn(usize, usize) + Send + Sync + 'static) -> Self {
        self.progress = Some(Box::new(progress));
        self
    }

    /// Sends the images and returns those FinerWorks created, in the order given.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] naming the first image field that breaks a rule, before anything
    /// is sent. [`Error::AddIncomplete`] when a call failed: its [`AddReport`] holds the images
    /// of every call that went in, and for each call that failed, its images, its error, and
    /// whether they may have been added anyway.
    pub async fn send(self) -> Result<Vec<Image>> {
        let report = self.send_all().await?;
        if report.failed.is_empty() {
            Ok(report.images.into_iter().flatten().collect())
        } else {
            Err(Error::AddIncomplete(Box::new(report)))
        }
    }

    async fn send_all(self) -> Result<AddReport> {
        if self.images.len() < IMAGES_MIN_ITEMS {
            return Err(Error::invalid(
                RequestField::Images,
                format!("must hold at least {IMAGES_MIN_ITEMS} image"),
            ));
        }
        let library = self.library.to_request()?;
        let details = self
            .images
            .iter()
            .enumerate()
            .map(|(index, image)| image.to_details(index))
            .collect::<Result<Vec<AddImageDetails>>>()?;
        let concurrency = self.connection.concurrency;
        let connection = &self.connection;
        let total = self.images.len();
        let done = AtomicUsize::new(0);
        let progress = self.progress.as_deref();
        let done = &done;
        // Set once the interrupt completes: calls not started yet are not sent, and those in
        // flight stop being awaited.
        let (stop, stopped) = watch::channel(false);
        let stopped = &stopped;
        let shared = Shared {
            connection,
            library: &library,
            stopped,
            done,
            progress,
            total,
        };
        let shared = &shared;
        // The calls are made up front (not sent: a future does nothing until polled), so that
        // the stream holds named futures and `send` stays `Send`.
        let calls: Vec<_> = details
            .chunks(IMAGES_MAX_ITEMS)
            .enumerate()
            .map(|(batch, chunk)| {
                let start = batch * IMAGES_MAX_ITEMS;
                add_call(shared, start..start + chunk.len(), chunk.to_vec())
            })
            .collect();
        let outcomes = stream::iter(calls)
            .buffered(concurrency)
            .collect::<Vec<(Range<usize>, Result<Vec<Image>>)>>();
        let outcomes = match self.interrupt {
            None => outcomes.await,
            Some(interrupt) => {
                tokio::pin!(outcomes);
                tokio::select! {
                    outcomes = &mut outcomes => outcomes,
                    () = interrupt => {
                        stop.send_replace(true);
                        outcomes.await
                    }
                }
            }
        };

        let mut report = AddReport {
            images: vec![None; self.images.len()],
            failed: Vec::new(),
        };
        for (range, outcome) in outcomes {
            match outcome {
                Ok(created) => {
                    for (slot, image) in report.images[range].iter_mut().zip(created) {
                        *slot = Some(image);
                    }
                }
                Err(error) => report.failed.push(FailedBatch {
                    fate: Fate::of(&error),
                    images: self.images[range.clone()].to_vec(),
                    range,
                    error,
                }),
            }
        }
        Ok(report)
    }
}

/// What every call of one add shares.
struct Shared<'a> {
    connection: &'a Connection,
    library: &'a ImageLibrary,
    /// Whether the add was interrupted.
    stopped: &'a watch::Receiver<bool>,
    /// How many images the calls that ended held, for the progress callback.
    done: &'a AtomicUsize,
    progress: Option<&'a (dyn Fn(usize, usize) + Send + Sync)>,
    total: usize,
}

/// One call of an add, from its start to the progress report at its end: not sent once the add
/// is interrupted, no longer awaited when interrupted in flight.
async fn add_call(
    shared: &Shared<'_>,
    range: Range<usize>,
    images: Vec<AddImageDetails>,
) -> (Range<usize>, Result<Vec<Image>>) {
    let mut stopped = shared.stopped.clone();
    let outcome = if *stopped.borrow_and_update() {
        Err(Error::Interrupted { started: false })
    } else {
        tokio::select! {
            biased;
            outcome = add_batch(shared.connection, shared.library.clone(), images) => outcome,
            _ = stopped.wait_for(|stop| *stop) => Err(Error::Interrupted { started: true }),
        }
    };
    let now = shared.done.fetch_add(range.len(), Ordering::Relaxed);
    if let Some(progress) = shared.progress {
        progress(now + range.len(), shared.total);
    }
    (range, outcome)
}

/// One `add_images` call; the created images, one per image sent.
async fn add_batch(
    connection: &Connection,
    library: ImageLibrary,
    images: Vec<AddImageDetails>,
) -> Result<Vec<Image>> {
    let sent = images.len();
    let request = AddImagesRequest { images, library };
    let answer = exchange::call::<operations::AddImages>(connection, &request, None).await?;
    let created = answer.images.unwrap_or_default();
    if created.len() != sent {
        return Err(Error::UnexpectedResponse {
            operation: "add_images",
            problem: format!(
                "it answered with {} images for the {sent} sent, so which is which is unknown",
                created.len()
            ),
        });
    }
    Ok(created)
}

/// What happened to each image of an [`Images::add`](crate::Images::add) that did not fully
/// succeed (see [`Error::AddIncomplete`]).
///
/// Its `Debug` is a summary (the counts and the first few failed calls), whatever the number of
/// images: the fields and methods hold the rest.
#[non_exhaustive]
pub struct AddReport {
    /// One entry per image given, in the same order: the image FinerWorks created, or `None`
    /// when its call failed.
    pub images: Vec<Option<Image>>,
    /// The calls that failed, in order.
    pub failed: Vec<FailedBatch>,
}

impl AddReport {
    /// The images that were created, in the order given.
    pub fn added(&self) -> impl Iterator<Item = &Image> {
        self.images.iter().flatten()
    }

    /// The images that may or may not have been added: check with
    /// [`Images::wait_until_listed`](crate::Images::wait_until_listed) or by listing them before
    /// adding them again.
    pub fn unknown(&self) -> impl Iterator<Item = &NewImage> {
        self.failed
            .iter()
            .filter(|batch| batch.fate == Fate::Unknown)
            .flat_map(|batch| &batch.images)
    }

    /// The images that certainly were not added, and can be sent again.
    pub fn not_added(&self) -> impl Iterator<Item = &NewImage> {
        self.failed
            .iter()
            .filter(|batch| batch.fate == Fate::NotAdded)
            .flat_map(|batch| &batch.images)
    }
}

/// How many failed calls the `Debug` of an [`AddReport`] shows.
const DEBUG_FAILURES: usize = 3;
/// The most characters of one failed call the `Debug` of an [`AddReport`] shows.
const DEBUG_FAILURE_CHARS: usize = 300;

impl fmt::Debug for AddReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let first_failures: Vec<String> = self
            .failed
            .iter()
            .take(DEBUG_FAILURES)
            .map(|batch| {
                let text = batch.to_string();
                match text.char_indices().nth(DEBUG_FAILURE_CHARS) {
                    Some((cut, _)) => format!("{}...", &text[..cut]),
                    None => text,
                }
            })
            .collect();
        f.debug_struct("AddReport")
            .field("images", &self.images.len())
            .field("added", &self.added().count())
            .field("not_added", &self.not_added().count())
            .field("unknown", &self.unknown().count())
            .field("failed_calls", &self.failed.len())
            .field("first_failures", &first_failures)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for AddReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = |fate| {
            self.failed
                .iter()
                .filter(|batch| batch.fate == fate)
                .map(|batch| batch.images.len())
                .sum::<usize>()
        };
        write!(
            f,
            "{} of {} images added; {} not added; {} may or may not have been added",
            self.added().count(),
            self.images.len(),
            count(Fate::NotAdded),
            count(Fate::Unknown)
        )?;
        if let Some(first) = self.failed.first() {
            write!(f, " (first failure: {first})")?;
        }
        Ok(())
    }
}

/// One `add_images` call that failed: which images it held, why, and whether they may have been
/// added all the same.
#[derive(Debug)]
#[non_exhaustive]
pub struct FailedBatch {
    /// The indexes of its images in the input, counting from 0.
    pub range: Range<usize>,
    /// Its images.
    pub images: Vec<NewImage>,
    /// What the call ended with.
    pub error: Error,
    /// Whether its images may have been added.
    pub fate: Fate,
}

impl fmt::Display for FailedBatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fate = match self.fate {
            Fate::NotAdded => "not added",
            Fate::Unknown => "may or may not have been added",
        };
        write!(
            f,
            "images at index {} to {} {fate}: {}",
            self.range.start,
            self.range.end.saturating_sub(1),
            self.error
        )
    }
}

/// Whether the images of a failed call may have been added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Fate {
    /// Certainly not: the request never reached FinerWorks, or was refused before anything was
    /// done (an error answer such as 400, 401, 429 or 503, or `success: false`).
    NotAdded,
    /// Unknown: the request may have been acted on (a timeout, a dropped connection, a server
    /// error, or an answer that could not be read).
    Unknown,
}

impl Fate {
    /// Whether a call that ended with `error` may have acted.
    pub(crate) fn of(error: &Error) -> Self {
        match error {
            Error::Transport { source, .. } if source.is_connect() => Self::NotAdded,
            Error::Unauthorized(_)
            | Error::RateLimited { .. }
            | Error::InvalidRequest { .. }
            | Error::Redirected { .. }
            | Error::Interrupted { started: false } => Self::NotAdded,
            // 4xx answers refuse the request; so do 503 and `success: false` (HTTP 200).
            Error::Api(e) if e.http_status < 500 || e.http_status == 503 => Self::NotAdded,
            _ => Self::Unknown,
        }
    }
}
