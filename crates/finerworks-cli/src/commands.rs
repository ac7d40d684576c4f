//! The commands, one module each: what they read, send and print.

mod add;
mod api;
mod catalog;
mod credentials;
mod delete;
pub(crate) mod inventory;
mod list;
mod orders;
mod update;

use finerworks::{ImageField, RequestField};

use crate::failure::Failure;
use crate::input::{InputError, Origin};

pub(crate) use self::add::{Outcome, add};
pub(crate) use self::api::api;
pub(crate) use self::catalog::{prices, product, styles, types};
pub(crate) use self::credentials::test_credentials;
pub(crate) use self::delete::delete;
pub(crate) use self::list::list;
pub(crate) use self::orders::{
    Change, pending, shipping, status, statuses, submit, update as update_order,
};
pub(crate) use self::update::update;

/// "1 image", "2 images".
pub(crate) fn images(count: usize) -> String {
    if count == 1 {
        "1 image".to_owned()
    } else {
        format!("{count} images")
    }
}

/// An error of the client about a field of one row (`images[3].pix_w`), as the row and field
/// the user wrote: `images.csv line 5: pix_w ...`, or `--width ...` for flags (`flag` names
/// them). Other errors pass through.
pub(crate) fn locate(
    error: finerworks::Error,
    origins: &[Origin],
    flag: fn(ImageField) -> String,
) -> Failure {
    if let finerworks::Error::InvalidRequest {
        field: RequestField::Image { index, field },
        rule,
    } = &error
        && let Some(origin) = origins.get(*index)
    {
        let name = match origin {
            Origin::Flags => flag(*field),
            Origin::Line { .. } => field.api_name().to_owned(),
        };
        return Failure::Input(InputError {
            at: Some(origin.clone()),
            field: Some(name),
            problem: rule.clone(),
        });
    }
    Failure::Client(error)
}
