//! `images list`: one page, or every page with a progress bar, printed as it arrives, and a
//! warning (exit status 8) when the library changed while every page was listed.

use std::io;

use finerworks::{Client, Error, Image, ListImages, Page};
use futures_util::{Stream, TryStreamExt as _};

use crate::cli::{Connection, ListArgs};
use crate::failure::Failure;
use crate::interrupt::Interrupt;
use crate::output::{Printer, Summary};
use crate::printable::Printable;
use crate::progress::Progress;
use crate::run;

/// Lists one page, or every page with `--all`.
pub(crate) async fn list(connection: &Connection, args: &ListArgs) -> Result<(), Failure> {
    // The demo server lives as long as this function: until everything is printed.
    let (client, _demo) = run::connect(connection, &args.library, args.concurrency).await?;
    let request = request(&client, args);
    let mut printer = run::printer(args.format).with_products(args.products);
    let summary = if args.all {
        list_all(request.pages(), &mut printer).await?
    } else {
        list_one(&request.send().await?, &mut printer)?
    };
    if let Some(note) = past_the_end::<Image>(&summary) {
        run::note(&note);
    }
    Ok(())
}

/// Prints one page (without `--all`), and returns what its summary line said.
pub(crate) fn list_one<T: Printable>(
    page: &Page<T>,
    printer: &mut Printer<impl io::Write, T>,
) -> Result<Summary, Failure> {
    let summary = Summary {
        shown: page.items.len() as u64,
        total: page.total,
        pages: (page.page_number, page.page_number),
        per_page: page.per_page,
        complete: false,
    };
    printer
        .begin(page.total, Some((page.page_number, page.per_page)))
        .and_then(|()| printer.page(&page.items))
        .and_then(|()| printer.end(&summary.line::<T>()))
        .map_err(Failure::Output)?;
    Ok(summary)
}

/// What to say when `--page` is past the last page: not an error (the listing is just empty
/// there; a script paging on until it finds nothing must not fail), but worth knowing. The number
/// of pages is given when `count` agrees with the empty page.
pub(crate) fn past_the_end<T: Printable>(summary: &Summary) -> Option<String> {
    let first = summary.pages.0;
    if summary.shown > 0 || first <= 1 {
        return None;
    }
    let per_page = summary.per_page.max(1);
    let before = u64::from(first - 1) * u64::from(per_page);
    Some(match summary.total {
        Some(total) if total > 0 && total <= before => {
            let pages = total.div_ceil(u64::from(per_page));
            let (is, s) = if pages == 1 { ("is", "") } else { ("are", "s") };
            format!(
                "note: page {first} is past the end: there {is} {pages} page{s} of {per_page} \
                 ({})",
                rows::<T>(total)
            )
        }
        _ => format!("note: page {first} is empty"),
    })
}

/// "1 image", "320 products": `count` rows of `T`.
fn rows<T: Printable>(count: u64) -> String {
    let (one, many) = T::NOUN;
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

/// Every page, printed as it arrives, with a progress bar. A failure after the first page leaves
/// well-formed output (the JSON document closed, see [`Printer::abort`]) before it is reported.
/// When the library changed during the listing, the output is finished as usual and the failure
/// is the warning that images may be missing.
pub(crate) async fn list_all<T: Printable>(
    mut pages: impl Stream<Item = Result<Page<T>, Error>> + Unpin,
    printer: &mut Printer<impl io::Write, T>,
) -> Result<Summary, Failure> {
    let mut progress = Progress::start();
    let mut summary: Option<Summary> = None;
    let mut warning = None;
    // Ctrl-C or SIGTERM ends the listing with what was printed well-formed (the JSON document
    // closed) and a word on stderr, not in the middle of a line.
    let interrupt = Interrupt::listen();
    let mut signalled = std::pin::pin!(interrupt.signalled());
    loop {
        let next = tokio::select! {
            next = pages.try_next() => next,
            () = &mut signalled => {
                progress.finish();
                let shown = summary.as_ref().map_or(0, |summary| summary.shown);
                let failure = Failure::Interrupted {
                    error: format!("interrupted after {} had been listed", rows::<T>(shown)),
                    details: Vec::new(),
                    hint: format!(
                        "what was printed is whole up to there; list again for every {}",
                        T::NOUN.0
                    ),
                };
                if summary.is_some() {
                    printer
                        .abort(&failure.report().error)
                        .map_err(Failure::Output)?;
                }
                return Err(failure);
            }
        };
        let page = match next {
            Ok(Some(page)) => page,
            Ok(None) => break,
            Err(Error::MayBeIncomplete(incomplete)) => {
                warning = Some(Failure::MayBeIncomplete(format!(
                    "{incomplete}{}",
                    if incomplete.until_stable {
                        ""
                    } else {
                        " (or add --consistent)"
                    }
                )));
                break;
            }
            Err(error) => {
                progress.finish();
                let failure = Failure::Client(error);
                if summary.is_some() {
                    printer
                        .abort(&failure.report().error)
                        .map_err(Failure::Output)?;
                }
                return Err(failure);
            }
        };
        progress.page(&page);
        let count = page.items.len() as u64;
        match &mut summary {
            Some(summary) => {
                summary.shown += count;
                // With --consistent, a later listing starts again from the first page.
                summary.pages.1 = summary.pages.1.max(page.page_number);
            }
            None => {
                progress
                    .suspend(|| printer.begin(page.total, None))
                    .map_err(Failure::Output)?;
                summary = Some(Summary {
                    shown: count,
                    total: page.total,
                    pages: (page.page_number, page.page_number),
                    per_page: page.per_page,
                    complete: true,
                });
            }
        }
        progress
            .suspend(|| printer.page(&page.items))
            .map_err(Failure::Output)?;
    }
    progress.finish();
    // `pages` yields at least one page or an error, so there is a summary.
    let summary = summary.unwrap_or(Summary {
        shown: 0,
        total: Some(0),
        pages: (1, 1),
        per_page: 1,
        complete: true,
    });
    printer.end(&summary.line::<T>()).map_err(Failure::Output)?;
    match warning {
        Some(warning) => Err(warning),
        None => Ok(summary),
    }
}

/// The request, one builder method per flag; the client checks the values when it is sent.
fn request(client: &Client, args: &ListArgs) -> ListImages {
    let mut request = client.images().list();
    if let Some(text) = &args.search {
        request = request.search_filter(text);
    }
    if !args.guid.is_empty() {
        request = request.guid_filter(args.guid.iter().copied());
    }
    if let Some(day) = args.uploaded_from {
        request = request.upload_date_from(day);
    }
    if let Some(day) = args.uploaded_to {
        request = request.upload_date_to(day);
    }
    if let Some(active) = args.active_filter() {
        request = request.active(active);
    }
    if let Some(sort) = args.sort {
        request = request.sort_field(sort);
    }
    if let Some(direction) = args.direction {
        request = request.sort_direction(direction);
    }
    if let Some(page) = args.page {
        request = request.page_number(page);
    }
    if let Some(per_page) = args.per_page {
        request = request.per_page(per_page);
    }
    if args.products {
        request = request.list_products(true);
    }
    if args.consistent {
        request = request.until_stable();
    }
    if let Some(library) = run::library(client, &args.library) {
        request = request.library(library);
    }
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(shown: u64, total: Option<u64>, page: u32) -> Summary {
        Summary {
            shown,
            total,
            pages: (page, page),
            per_page: 10,
            complete: false,
        }
    }

    #[test]
    fn a_page_past_the_end_says_how_many_pages_there_are() {
        assert_eq!(
            past_the_end::<Image>(&page(0, Some(320), 40)).unwrap(),
            "note: page 40 is past the end: there are 32 pages of 10 (320 images)"
        );
        assert_eq!(
            past_the_end::<Image>(&page(0, Some(3), 2)).unwrap(),
            "note: page 2 is past the end: there is 1 page of 10 (3 images)"
        );
        // `count` that cannot be right (0, missing, or more than the pages before) is not quoted.
        for total in [Some(0), None, Some(1000)] {
            assert_eq!(
                past_the_end::<Image>(&page(0, total, 40)).unwrap(),
                "note: page 40 is empty"
            );
        }
        assert_eq!(past_the_end::<Image>(&page(5, Some(320), 32)), None);
        assert_eq!(past_the_end::<Image>(&page(0, Some(0), 1)), None);
    }
}
