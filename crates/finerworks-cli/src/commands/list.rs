//! `images list`: one page, or every page with a progress bar, printed as it arrives.

use std::io;

use finerworks::{Client, ListImages};
use futures_util::TryStreamExt as _;

use crate::cli::{Connection, ListArgs};
use crate::failure::Failure;
use crate::output::{Printer, Summary};
use crate::progress::Progress;
use crate::run;

/// Lists one page, or every page with `--all`.
pub(crate) async fn list(connection: &Connection, args: &ListArgs) -> Result<(), Failure> {
    // The demo server lives as long as this function: until everything is printed.
    let (client, _demo) = run::connect(connection, &args.library, args.concurrency).await?;
    let request = request(&client, args);
    let mut printer = run::printer(args.format);
    if args.all {
        list_all(request, &mut printer).await
    } else {
        let page = request.send().await?;
        let summary = Summary {
            shown: page.images.len() as u64,
            total: page.total,
            pages: (page.page_number, page.page_number),
            per_page: page.per_page,
            complete: false,
        };
        printer
            .begin(page.total, Some((page.page_number, page.per_page)))
            .and_then(|()| printer.page(page.images))
            .and_then(|()| printer.end(&summary.line()))
            .map_err(Failure::Output)
    }
}

/// Every page, printed as it arrives, with a progress bar.
async fn list_all(
    request: ListImages,
    printer: &mut Printer<impl io::Write>,
) -> Result<(), Failure> {
    let mut progress = Progress::start();
    let mut pages = request.pages();
    let mut summary: Option<Summary> = None;
    while let Some(page) = pages.try_next().await? {
        progress.page(&page);
        let count = page.images.len() as u64;
        match &mut summary {
            Some(summary) => {
                summary.shown += count;
                summary.pages.1 = page.page_number;
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
            .suspend(|| printer.page(page.images))
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
    printer.end(&summary.line()).map_err(Failure::Output)
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
    if let Some(library) = run::library(client, &args.library) {
        request = request.library(library);
    }
    request
}
