//! `images update`: new titles and descriptions, for one image from flags or many from a file.
//! FinerWorks removes the virtual inventory products of every inventory image it updates, and
//! the command says so.

use finerworks::{ImageField, ImageUpdate};

use super::{images, locate};
use crate::cli::{Connection, LibraryArgs, UpdateArgs};
use crate::failure::Failure;
use crate::input::{self, Rows};
use crate::run;

/// Said after every update: FinerWorks documents this side effect.
pub(crate) const PRODUCTS_REMOVED: &str = "note: FinerWorks removes the virtual inventory \
     products of every inventory image it updates: the images updated have none now";

/// Updates the images of `--from`, or the one the flags name, and prints them as FinerWorks
/// answers.
pub(crate) async fn update(connection: &Connection, args: &UpdateArgs) -> Result<(), Failure> {
    let rows = match (&args.from, args.guid) {
        (Some(path), _) => input::read_rows::<ImageUpdate>(path, args.input_format)?,
        (None, Some(guid)) => {
            let mut update = ImageUpdate::new(guid);
            if let Some(title) = &args.title {
                update = update.title(title);
            }
            if let Some(description) = &args.description {
                update = update.description(description);
            }
            Rows::flags(update)
        }
        (None, None) => {
            return Err(Failure::Usage {
                message: "nothing to update: give the GUID of an image with --title and/or \
                          --description, or rows with --from FILE"
                    .to_owned(),
                hint: Some(
                    "finerworks images list --format json shows the GUIDs of your images"
                        .to_owned(),
                ),
            });
        }
    };
    let library = LibraryArgs {
        account_key: args.account_key.clone(),
        ..LibraryArgs::default()
    };
    let (client, _demo) = run::connect(connection, &library, None).await?;
    let updated = run::images(&client, &library)
        .update(rows.items)
        .send()
        .await
        .map_err(|error| locate(error, &rows.origins, flag))?;
    let count = updated.images.len();
    let closing = format!("updated {}", images(count));
    run::printer(args.format)
        .all(&updated.images, &closing)
        .map_err(Failure::Output)?;
    if count > 0 {
        run::note(PRODUCTS_REMOVED);
    }
    if updated.not_found.is_empty() {
        return Ok(());
    }
    let details = updated
        .not_found
        .iter()
        .map(|guid| format!("{guid}: no such image; nothing updated"))
        .collect();
    Err(Failure::NotFound {
        error: format!(
            "{} of the GUIDs given matched no image; updated {}",
            updated.not_found.len(),
            images(count)
        ),
        details,
        hint: "finerworks images list --format csv shows the GUIDs of your images".to_owned(),
    })
}

/// The flag that sets a field, to name it when its value breaks a rule.
fn flag(field: ImageField) -> String {
    match field {
        ImageField::Guid => "GUID".to_owned(),
        other => format!("--{}", other.api_name()),
    }
}
