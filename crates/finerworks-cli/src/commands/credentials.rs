//! `credentials test`: whether FinerWorks accepts the keys.

use std::io::{self, Write as _};

use crate::cli::{Connection, LibraryArgs};
use crate::failure::Failure;
use crate::run;

/// Asks FinerWorks whether it accepts the keys, and says which API did.
pub(crate) async fn test_credentials(connection: &Connection) -> Result<(), Failure> {
    let (client, _demo) = run::connect(connection, &LibraryArgs::default(), None).await?;
    client.test_credentials().await?;
    let mut stdout = io::stdout().lock();
    writeln!(
        stdout,
        "FinerWorks accepted the keys ({})",
        client.environment().base_url()
    )
    .and_then(|()| stdout.flush())
    .map_err(Failure::Output)
}
