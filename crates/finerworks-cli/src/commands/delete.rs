//! `images delete`: GUIDs from the command line and from a file, confirmed on a terminal or with
//! `--yes`, then deleted in one call.

use std::io::{self, BufRead as _, IsTerminal as _, Write as _};

use uuid::Uuid;

use super::images;
use crate::cli::{Connection, DeleteArgs};
use crate::failure::Failure;
use crate::input;
use crate::run;

/// Deletes the images named on the command line and in `--from`, once confirmed.
pub(crate) async fn delete(connection: &Connection, args: &DeleteArgs) -> Result<(), Failure> {
    let mut guids: Vec<Uuid> = args.guids.clone();
    if let Some(path) = &args.from {
        guids.extend(input::read_guids(path)?);
    }
    // Each image once, in the order given.
    let mut seen = std::collections::HashSet::new();
    guids.retain(|guid| seen.insert(*guid));
    if guids.is_empty() {
        return Err(Failure::Usage {
            message: "nothing to delete: give the GUIDs of the images, or --from FILE".to_owned(),
            hint: Some("finerworks images list --format json shows the GUIDs".to_owned()),
        });
    }
    if !args.yes {
        confirm(guids.len(), args.from.as_deref() == Some("-"))?;
    }
    let (client, _demo) = run::connect(connection, &args.library, None).await?;
    let count = guids.len();
    run::images(&client, &args.library).delete(guids).await?;
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "deleted {}", images(count))
        .and_then(|()| stdout.flush())
        .map_err(Failure::Output)
}

/// Asks on the terminal; refuses when there is no one to ask.
fn confirm(count: usize, guids_on_stdin: bool) -> Result<(), Failure> {
    let stdin = io::stdin();
    if guids_on_stdin || !stdin.is_terminal() {
        let why = if guids_on_stdin {
            "the GUIDs were read from stdin"
        } else {
            "stdin is not a terminal"
        };
        return Err(Failure::Usage {
            message: format!(
                "not deleting {} without confirmation: {why}, so there is no one to ask",
                images(count)
            ),
            hint: Some("add --yes to delete them without asking".to_owned()),
        });
    }
    let question = format!("Delete {}? [y/N] ", images(count));
    let mut stderr = io::stderr();
    let _ = write!(stderr, "{question}");
    let _ = stderr.flush();
    let mut answer = String::new();
    stdin
        .lock()
        .read_line(&mut answer)
        .map_err(|_| Failure::NotConfirmed)?;
    match answer.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Ok(()),
        _ => Err(Failure::NotConfirmed),
    }
}
