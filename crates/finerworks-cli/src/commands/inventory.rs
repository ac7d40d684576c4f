//! `inventory list`, `inventory update` and `inventory add`: the virtual inventory's products,
//! listed through the same printer and page walk as images, changed by SKU from a file, and
//! added from an image once.

use finerworks::{
    Client, Error, InventoryUpdated, ListInventory, Product, ProductFate, ProductUpdate,
    RequestField,
};
use finerworks_api::Field;
use finerworks_api::fields::product_details_update;

use super::list::{list_all, list_one, past_the_end};
use crate::cli::{
    Connection, InventoryAddArgs, InventoryListArgs, InventoryUpdateArgs, LibraryArgs,
};
use crate::failure::Failure;
use crate::input::{self, InputError, Row};
use crate::run;

impl Row for ProductUpdate {
    const NOUN: &'static str = "product updates";
    const FIELDS: &'static [Field] = product_details_update::ALL;
    // The other columns of `inventory list --format csv` (product_code, image_guid...) are read
    // past, so that a listing can be edited and sent back; they are named in a note.
    const SKIPS_UNKNOWN_FIELDS: bool = true;
    const NOTHING: &'static str = "a sku and no field to change";

    fn sample() -> Self {
        ProductUpdate::new("AP1P10000")
            .asking_price(finerworks::Money::default())
            .name("")
            .description("")
            .quantity_in_stock(0)
            .track_inventory(false)
            .third_party_integrations(serde_json::Value::String(String::new()))
    }

    fn is_empty(&self) -> bool {
        self.changes_nothing()
    }
}

/// The connection's library flags for a command that only takes `--account-key`.
fn library(account_key: Option<&String>) -> LibraryArgs {
    LibraryArgs {
        account_key: account_key.cloned(),
        ..LibraryArgs::default()
    }
}

/// "1 product", "2 products".
fn products(count: usize) -> String {
    if count == 1 {
        "1 product".to_owned()
    } else {
        format!("{count} products")
    }
}

/// Lists one page, or every page with `--all`.
pub(crate) async fn list(connection: &Connection, args: &InventoryListArgs) -> Result<(), Failure> {
    let (client, _demo) = run::connect(
        connection,
        &library(args.account_key.as_ref()),
        args.concurrency,
    )
    .await?;
    let request = request(&client, args);
    let mut printer = run::printer::<Product>(args.format);
    let summary = if args.all {
        list_all(request.pages(), &mut printer).await?
    } else {
        list_one(&request.send().await?, &mut printer)?
    };
    if let Some(note) = past_the_end::<Product>(&summary) {
        run::note(&note);
    }
    Ok(())
}

/// The request, one builder method per flag; the client checks the values when it is sent.
fn request(client: &Client, args: &InventoryListArgs) -> ListInventory {
    let mut request = client.inventory().list();
    if let Some(text) = &args.search {
        request = request.search_filter(text);
    }
    if !args.sku.is_empty() {
        request = request.sku_filter(&args.sku);
    }
    if !args.product_code.is_empty() {
        request = request.product_code_filter(&args.product_code);
    }
    if !args.image.is_empty() {
        request = request.guid_filter(args.image.iter().copied());
    }
    if let Some(day) = args.created_from {
        request = request.created_date_from(day);
    }
    if let Some(day) = args.created_to {
        request = request.created_date_to(day);
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
    if args.consistent {
        request = request.until_stable();
    }
    if let Some(key) = &args.account_key {
        request = request.account_key(key);
    }
    request
}

/// Updates the products of `--from` and prints them as FinerWorks answers.
pub(crate) async fn update(
    connection: &Connection,
    args: &InventoryUpdateArgs,
) -> Result<(), Failure> {
    let rows = input::read_rows::<ProductUpdate>(&args.from, args.input_format)?;
    let (client, _demo) = run::connect(connection, &library(None), None).await?;
    let outcome = client.inventory().update(rows.items).send().await;
    let updated = match outcome {
        Ok(updated) => updated,
        Err(Error::InventoryUpdateIncomplete(report)) => {
            print_updated(args, &report)?;
            let details = report
                .failed
                .iter()
                .map(|call| {
                    format!(
                        "{} in a call that failed, updated or not ({}): {}",
                        products(call.skus.len()),
                        call.error,
                        call.skus.join(", ")
                    )
                })
                .chain(not_found_lines(&report))
                .collect();
            return Err(Failure::AddIncomplete {
                error: format!("updating the virtual inventory stopped short: {report}"),
                details,
                hint: "updating is safe to repeat: send the rows of these SKUs again".to_owned(),
            });
        }
        Err(Error::InvalidRequest {
            field: RequestField::Sku { index },
            rule,
        }) if index < rows.origins.len() => {
            return Err(Failure::Input(InputError {
                at: Some(rows.origins[index].clone()),
                field: Some(product_details_update::SKU.to_owned()),
                problem: rule,
            }));
        }
        Err(error) => return Err(Failure::Client(error)),
    };
    print_updated(args, &updated)?;
    if updated.not_found.is_empty() {
        return Ok(());
    }
    Err(Failure::NotFound {
        error: format!(
            "{} of the SKUs given matched no product; updated {}",
            updated.not_found.len(),
            products(updated.products.len())
        ),
        details: not_found_lines(&updated).collect(),
        hint: "finerworks inventory list --format csv shows the SKUs of your products".to_owned(),
    })
}

fn print_updated(args: &InventoryUpdateArgs, updated: &InventoryUpdated) -> Result<(), Failure> {
    let closing = format!("updated {}", products(updated.products.len()));
    run::printer::<Product>(args.format)
        .all(&updated.products, &closing)
        .map_err(Failure::Output)
}

fn not_found_lines(updated: &InventoryUpdated) -> impl Iterator<Item = String> + '_ {
    updated
        .not_found
        .iter()
        .map(|sku| format!("{sku}: no such product; nothing updated"))
}

/// Adds one product made from an image, and prints it with its new SKU.
pub(crate) async fn add(connection: &Connection, args: &InventoryAddArgs) -> Result<(), Failure> {
    let (client, _demo) =
        run::connect(connection, &library(args.account_key.as_ref()), None).await?;
    let mut adding = client.inventory().add_product(args.image, &args.sku);
    if let Some(title) = &args.title {
        adding = adding.title(title);
    }
    if let Some(quantity) = args.quantity {
        adding = adding.quantity(quantity);
    }
    if let Some(key) = &args.account_key {
        adding = adding.account_key(key);
    }
    match adding.send().await {
        Ok(added) => {
            run::printer::<Product>(args.format)
                .all(std::slice::from_ref(&added.product), "added 1 product")
                .map_err(Failure::Output)?;
            if added.found_by_lookup {
                run::note(
                    "note: FinerWorks' answer did not name the product; it was found among the \
                     image's products",
                );
            }
            Ok(())
        }
        Err(Error::ProductUnsettled(unsettled)) => {
            let details = unsettled
                .new_products
                .iter()
                .map(|p| format!("new since the call: {}", p.sku.as_deref().unwrap_or("?")))
                .collect();
            let hint = match unsettled.fate {
                ProductFate::Added => {
                    "it was added: finerworks inventory list --image GUID shows \
                                       its SKU among the image's products"
                }
                _ => "look with finerworks inventory list --image GUID before adding it again",
            };
            Err(Failure::AddIncomplete {
                error: unsettled.to_string(),
                details,
                hint: hint.to_owned(),
            })
        }
        Err(error) => Err(Failure::Client(error)),
    }
}
