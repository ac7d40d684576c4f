//! The arguments of `finerworks api`: an operation of the spec, its body, and paging.

use clap::Args;
use finerworks::OPERATIONS;

use super::LibraryArgs;

/// The arguments of `api`.
#[derive(Debug, Args)]
pub(crate) struct ApiArgs {
    /// The operation to call: an operationId of the spec
    #[arg(value_name = "OPERATION", help = operation_help())]
    pub(crate) operation: String,

    /// The request body: a file, - for stdin, or inline JSON (text starting with { or [)
    ///
    /// Checked against the operation's request schema before anything is sent: a field that
    /// breaks it is named, and the exit status is 3. An operation sent without a body
    /// (test_my_credentials) refuses --body. Without --body, an operation that takes one is sent
    /// {} (plus the library).
    #[arg(long, value_name = "FILE|-|JSON", help_heading = "Request")]
    pub(crate) body: Option<String>,

    /// For a paged operation (list_images, list_virtual_inventory): fetch every page and print
    /// every item once, one JSON value per line (NDJSON), starting from the body's page_number
    /// [default: 1]
    #[arg(long, help_heading = "Request")]
    pub(crate) paginate: bool,

    /// The library filled in when the operation's request has a `library` field and the body
    /// leaves it out (a `library` in the body is sent as it is).
    #[command(flatten)]
    pub(crate) library: LibraryArgs,
}

/// The help of OPERATION, listing the operations.
fn operation_help() -> String {
    let ids: Vec<&str> = OPERATIONS.iter().map(|operation| operation.id).collect();
    format!("The operation to call: {}", ids.join(", "))
}
