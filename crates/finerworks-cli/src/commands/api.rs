//! `api OPERATION`: any operation of the spec with a JSON body, its answer printed as JSON; with
//! `--paginate`, every item of a paged operation once, as NDJSON, through the client's walk.

use std::io::{self, BufWriter, Read as _, Write};

use finerworks::{Error, OPERATIONS, OperationInfo, Page, RequestField};
use futures_util::{Stream, TryStreamExt as _};
use serde_json::Value;

use crate::cli::{ApiArgs, Connection};
use crate::failure::Failure;
use crate::input::InputError;
use crate::interrupt::Interrupt;
use crate::run;

/// Calls the operation `args` name, and prints its answer (or, with `--paginate`, its items).
pub(crate) async fn api(connection: &Connection, args: &ApiArgs) -> Result<(), Failure> {
    let operation = find(&args.operation)?;
    if args.paginate && operation.paging.is_none() {
        return Err(usage(
            format!(
                "--paginate needs a paged operation, and {} is not",
                operation.id
            ),
            Some(format!("paged operations: {}", paged().join(", "))),
        ));
    }
    if operation.request_schema.is_none() && args.body.is_some() {
        return Err(usage(
            format!(
                "{} takes no body ({} {}): leave out --body",
                operation.id, operation.method, operation.path
            ),
            None,
        ));
    }
    let body = args.body.as_deref().map(read_body).transpose()?;
    // The demo server lives as long as this function: until everything is printed.
    let (client, _demo) = run::connect(connection, &args.library, None).await?;
    let mut call = client.call_raw(operation, body);
    if let Some(library) = run::library(&client, &args.library) {
        call = call.library(library);
    }
    // Checked (and the library filled in) before anything is sent.
    call.to_body().map_err(body_error)?;
    let mut stdout = BufWriter::new(io::stdout().lock());
    if args.paginate {
        return paginate(call.pages(false), &mut stdout).await;
    }
    let answer = call.send().await.map_err(body_error)?;
    serde_json::to_writer_pretty(&mut stdout, &answer)
        .map_err(io::Error::from)
        .and_then(|()| writeln!(stdout))
        .and_then(|()| stdout.flush())
        .map_err(Failure::Output)
}

/// The operation whose id is `id`, or a usage error listing them.
fn find(id: &str) -> Result<&'static OperationInfo, Failure> {
    OPERATIONS
        .iter()
        .find(|operation| operation.id == id)
        .ok_or_else(|| {
            let ids: Vec<&str> = OPERATIONS.iter().map(|operation| operation.id).collect();
            usage(
                format!("unknown operation `{id}`"),
                Some(format!("the operations are: {}", ids.join(", "))),
            )
        })
}

/// The ids of the paged operations.
fn paged() -> Vec<&'static str> {
    OPERATIONS
        .iter()
        .filter(|operation| operation.paging.is_some())
        .map(|operation| operation.id)
        .collect()
}

fn usage(message: String, hint: Option<String>) -> Failure {
    Failure::Usage { message, hint }
}

/// The JSON of `--body`: `-` reads stdin, text starting with `{` or `[` is the JSON itself, and
/// anything else names a file.
fn read_body(source: &str) -> Result<Value, InputError> {
    let trimmed = source.trim_start();
    let (name, text) = if source == "-" {
        let mut text = String::new();
        io::stdin()
            .read_to_string(&mut text)
            .map_err(|error| problem(format!("cannot read the body from stdin: {error}")))?;
        ("stdin".to_owned(), text)
    } else if trimmed.starts_with(['{', '[']) {
        ("the --body text".to_owned(), source.to_owned())
    } else {
        let text = std::fs::read_to_string(source)
            .map_err(|error| problem(format!("cannot read the body from {source}: {error}")))?;
        (source.to_owned(), text)
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    serde_json::from_str(text).map_err(|error| problem(format!("{name} is not JSON: {error}")))
}

fn problem(problem: String) -> InputError {
    InputError {
        at: None,
        field: None,
        problem,
    }
}

/// A body the client refused before sending: the fields at fault as the schema names them
/// (`per_page: 51 is greater than the maximum 50`). Other errors pass through.
fn body_error(error: Error) -> Failure {
    match error {
        Error::InvalidRequest {
            field: RequestField::Body,
            rule,
        } => Failure::Input(problem(format!("invalid --body: {rule}"))),
        other => Failure::Client(other),
    }
}

/// Every item of the paged list, once, one JSON object a line, printed as pages arrive. Ctrl-C or
/// SIGTERM ends it between two lines, saying how many were printed (exit 130).
async fn paginate(
    pages: impl Stream<Item = Result<Page<Value>, Error>> + Unpin,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let mut items = pages
        .map_ok(|page| futures_util::stream::iter(page.items.into_iter().map(Ok)))
        .try_flatten();
    let interrupt = Interrupt::listen();
    let mut signalled = std::pin::pin!(interrupt.signalled());
    let mut printed: u64 = 0;
    loop {
        let next = tokio::select! {
            next = items.try_next() => next,
            () = &mut signalled => {
                out.flush().map_err(Failure::Output)?;
                return Err(Failure::Interrupted {
                    error: format!("interrupted after {printed} item(s) had been printed"),
                    details: Vec::new(),
                    hint: "every line printed is whole; run it again for every item".to_owned(),
                });
            }
        };
        let item = match next {
            Ok(Some(item)) => item,
            Ok(None) => break,
            Err(Error::MayBeIncomplete(incomplete)) => {
                out.flush().map_err(Failure::Output)?;
                return Err(Failure::MayBeIncomplete(incomplete.to_string()));
            }
            Err(error) => {
                out.flush().map_err(Failure::Output)?;
                return Err(body_error(error));
            }
        };
        serde_json::to_writer(&mut *out, &item)
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out))
            .map_err(Failure::Output)?;
        printed += 1;
    }
    out.flush().map_err(Failure::Output)
}
