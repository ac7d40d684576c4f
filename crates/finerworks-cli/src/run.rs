//! Running a command: building the client (or starting the demo server), sending the request and
//! printing the answer.

use std::io::{self, BufWriter, Write as _};
use std::time::Duration;

use finerworks::{
    Client, ENV_APP_KEY, ENV_BASE_URL, ENV_SESSION_ID, ENV_SITE_ID, ENV_WEB_API_KEY, LibraryName,
    ListImages, RetryPolicy,
};
use finerworks_mock::{MockConfig, MockServer};
use futures_util::TryStreamExt as _;

use crate::cli::{Cli, Command, Connection, ImagesCommand, ListArgs};
use crate::failure::Failure;
use crate::output::{Printer, Summary};
use crate::progress::Progress;
use crate::table;

/// The table's width when neither `COLUMNS` nor the terminal says.
const DEFAULT_WIDTH: usize = 100;

/// Runs the command line.
pub(crate) async fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Images(ImagesCommand::List(args)) => list(&cli.connection, &args).await,
    }
}

async fn list(connection: &Connection, args: &ListArgs) -> Result<(), Failure> {
    // The demo server lives as long as this function: until everything is printed.
    let (client, _demo) = connect(connection, args).await?;
    let request = request(&client, args);
    let mut printer = Printer::new(BufWriter::new(io::stdout()), args.format, output_width());
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
            .and_then(|()| printer.end(&summary))
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
    printer.end(&summary).map_err(Failure::Output)
}

/// The client, from the flags and the environment (flags win), or pointing at a fresh demo server.
async fn connect(
    connection: &Connection,
    args: &ListArgs,
) -> Result<(Client, Option<MockServer>), Failure> {
    let mut builder =
        Client::builder().user_agent(concat!("finerworks-cli/", env!("CARGO_PKG_VERSION")));
    let demo = if connection.demo {
        let mock = MockServer::start_with(MockConfig::demo())
            .await
            .map_err(Failure::Demo)?;
        note(&format!(
            "note: demo mode: {} made-up images from a built-in mock of FinerWorks (no account \
             needed; keys and FINERWORKS_* variables are ignored)",
            mock.dataset().inventory().len()
        ));
        builder = builder
            .base_url(mock.base_url())
            .web_api_key(mock.web_api_key())
            .app_key(mock.app_key());
        Some(mock)
    } else {
        // Flags win: a variable a flag overrides is not read at all (so a stale one cannot fail).
        let overridden = |variable: &str| match variable {
            ENV_WEB_API_KEY => connection.web_api_key.is_some(),
            ENV_APP_KEY => connection.app_key.is_some(),
            ENV_BASE_URL => connection.env.is_some() || connection.base_url.is_some(),
            ENV_SESSION_ID => args.session_id.is_some(),
            ENV_SITE_ID => args.site_id.is_some(),
            _ => false,
        };
        let variable = |name: &str| {
            std::env::var(name)
                .ok()
                .filter(|value| !overridden(name) && !value.trim().is_empty())
        };
        let web = connection.web_api_key.is_some() || variable(ENV_WEB_API_KEY).is_some();
        let app = connection.app_key.is_some() || variable(ENV_APP_KEY).is_some();
        if !(web && app) {
            return Err(Failure::MissingKeys {
                web: !web,
                app: !app,
            });
        }
        builder = builder.apply_env_from(variable)?;
        if let Some(key) = &connection.web_api_key {
            builder = builder.web_api_key(key.expose());
        }
        if let Some(key) = &connection.app_key {
            builder = builder.app_key(key.expose());
        }
        if let Some(env) = connection.env {
            builder = builder.environment(env.into());
        }
        if let Some(url) = &connection.base_url {
            builder = builder.base_url(url);
        }
        None
    };
    if let Some(seconds) = connection.timeout {
        builder = builder.timeout(Duration::from_secs(seconds));
    }
    if let Some(retries) = connection.retries {
        builder =
            builder.retry(RetryPolicy::default().with_max_attempts(retries.saturating_add(1)));
    }
    if let Some(session_id) = &args.session_id {
        builder = builder.session_id(session_id);
    } else if matches!(args.library, Some(LibraryName::Temporary))
        && !connection.demo
        && std::env::var(ENV_SESSION_ID)
            .ok()
            .is_none_or(|value| value.trim().is_empty())
    {
        note(
            "note: without --session-id (or FINERWORKS_SESSION_ID) the temporary library is that \
             of a new, random session, which has no uploads yet",
        );
    }
    if let Some(site_id) = args.site_id {
        builder = builder.site_id(site_id);
    }
    if let Some(concurrency) = args.concurrency {
        builder = builder.concurrency(concurrency);
    }
    Ok((builder.build()?, demo))
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
    if args.library.is_some() || args.account_key.is_some() {
        let mut library = client.default_library().clone();
        if let Some(name) = args.library {
            library = library.with_name(name);
        }
        if let Some(account_key) = &args.account_key {
            library = library.with_account_key(account_key);
        }
        request = request.library(library);
    }
    request
}

/// The table's width: `COLUMNS` if set, else the terminal's, else 100.
fn output_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.trim().parse::<usize>().ok())
        .filter(|&columns| columns > 0)
        .or_else(|| {
            console::Term::stdout()
                .size_checked()
                .map(|(_, columns)| usize::from(columns))
        })
        .unwrap_or(DEFAULT_WIDTH)
        .max(table::MIN_WIDTH)
}

/// A line on stderr that is not an error. A closed stderr is no reason to stop.
pub(crate) fn note(line: &str) {
    let _ = writeln!(io::stderr(), "{line}");
}
