//! `api OPERATION`: any operation of the spec with a JSON body, its answer printed as JSON; with
//! `--paginate`, every item of a paged operation once, as NDJSON, through the client's walk.

use std::io::{self, BufWriter, Read as _, Write};

use finerworks::{
    Client, Error, Library, ListImages, ListInventory, OPERATIONS, OperationInfo, RequestField,
};
use finerworks_api::Field;
use futures_util::{Stream, TryStreamExt as _};
use serde::Serialize;
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
    let body = call.to_body().map_err(body_error)?;
    let mut stdout = BufWriter::new(io::stdout().lock());
    if args.paginate {
        let body = body.unwrap_or(Value::Null);
        return match operation.id {
            "list_images" => paginate(list_request(&client, body)?.stream(), &mut stdout).await,
            "list_virtual_inventory" => {
                paginate(inventory_request(&client, body)?.stream(), &mut stdout).await
            }
            other => Err(usage(
                format!("--paginate does not know how to walk {other} yet"),
                None,
            )),
        };
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

/// `body` as the request type of the operation `id` whose fields are `fields`: a field the
/// client's listing has no setter for is refused rather than dropped.
fn typed_body<T: serde::de::DeserializeOwned>(
    id: &str,
    fields: &[Field],
    body: &Value,
) -> Result<T, Failure> {
    let request = serde_json::from_value(body.clone())
        .map_err(|error| Failure::Input(problem(format!("invalid --body: {error}"))))?;
    if let Value::Object(map) = body {
        let known: Vec<&str> = fields.iter().map(|field| field.name).collect();
        if let Some(unknown) = map.keys().find(|key| !known.contains(&key.as_str())) {
            return Err(Failure::Input(problem(format!(
                "invalid --body: {unknown} is not a field of {id}; --paginate sends only the \
                 fields of the spec ({})",
                known.join(", ")
            ))));
        }
    }
    Ok(request)
}

/// The client's product listing, built from the fields of a checked `list_virtual_inventory`
/// body with its setters.
fn inventory_request(client: &Client, body: Value) -> Result<ListInventory, Failure> {
    let fields = finerworks_api::fields::list_virtual_inventory_request::ALL;
    // Every field, named, so that a field added to the spec cannot be left out unnoticed.
    let finerworks_api::types::ListVirtualInventoryRequest {
        search_filter,
        sku_filter,
        product_code_filter,
        guid_filter,
        page_number,
        per_page,
        sort_field,
        sort_direction,
        created_date_from,
        created_date_to,
        account_key,
    } = typed_body("list_virtual_inventory", fields, &body)?;
    let mut list = client.inventory().list();
    if let Some(text) = search_filter {
        list = list.search_filter(text);
    }
    if let Some(skus) = sku_filter {
        list = list.sku_filter(skus);
    }
    if let Some(codes) = product_code_filter {
        list = list.product_code_filter(codes);
    }
    if let Some(guids) = guid_filter {
        list = list.guid_filter(guids);
    }
    if let Some(page) = page_number {
        list = list.page_number(page.get());
    }
    if let Some(size) = per_page {
        list = list.per_page(size.get());
    }
    if let Some(field) = sort_field {
        list = list.sort_field(field);
    }
    if let Some(direction) = sort_direction {
        list = list.sort_direction(direction);
    }
    if let Some(day) = created_date_from {
        list = list.created_date_from(day);
    }
    if let Some(day) = created_date_to {
        list = list.created_date_to(day);
    }
    if let Some(key) = account_key {
        list = list.account_key(key);
    }
    Ok(list)
}

/// The client's listing, built from the fields of a checked `list_images` body with its setters.
/// A field it has no setter for is refused rather than dropped.
fn list_request(client: &Client, body: Value) -> Result<ListImages, Failure> {
    let fields = finerworks_api::fields::list_images_request::ALL;
    let request: finerworks_api::types::ListImagesRequest =
        typed_body("list_images", fields, &body)?;
    // Every field, named, so that a field added to the spec cannot be left out unnoticed.
    let finerworks_api::types::ListImagesRequest {
        library,
        search_filter,
        guid_filter,
        page_number,
        per_page,
        sort_field,
        sort_direction,
        upload_date_from,
        upload_date_to,
        list_products,
        active,
    } = request;
    let mut library_of_body = Library::new(library.session_id.to_string(), library.site_id);
    if let Some(name) = library.name {
        library_of_body = library_of_body.with_name(name);
    }
    if let Some(account_key) = library.account_key {
        library_of_body = library_of_body.with_account_key(account_key);
    }
    let mut list = client.images().list().library(library_of_body);
    if let Some(text) = search_filter {
        list = list.search_filter(text);
    }
    if let Some(guids) = guid_filter {
        list = list.guid_filter(guids);
    }
    if let Some(page) = page_number {
        list = list.page_number(page.get());
    }
    if let Some(size) = per_page {
        list = list.per_page(size.get());
    }
    if let Some(field) = sort_field {
        list = list.sort_field(field);
    }
    if let Some(direction) = sort_direction {
        list = list.sort_direction(direction);
    }
    if let Some(day) = upload_date_from {
        list = list.upload_date_from(day);
    }
    if let Some(day) = upload_date_to {
        list = list.upload_date_to(day);
    }
    if let Some(products) = list_products {
        list = list.list_products(products);
    }
    if let Some(active) = active {
        list = list.active(active);
    }
    Ok(list)
}

/// Every item of the listing, once, one JSON object a line, printed as pages arrive. Ctrl-C or
/// SIGTERM ends it between two lines, saying how many were printed (exit 130).
async fn paginate<T: Serialize>(
    mut items: impl Stream<Item = Result<T, Error>> + Unpin,
    out: &mut impl Write,
) -> Result<(), Failure> {
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
                return Err(Failure::Client(error));
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
