//! `images delete`: GUIDs from the command line and from a file, confirmed on a terminal (showing
//! the titles) or with `--yes`, then deleted in one call; what was deleted is what the listings
//! before and after show, and GUIDs that matched no image are named.

use std::collections::HashMap;
use std::io::{self, BufRead as _, IsTerminal as _, Write as _};

use finerworks::{Deleted, Image};
use uuid::Uuid;

use super::images;
use crate::cli::{Connection, DeleteArgs};
use crate::failure::Failure;
use crate::{input, run, safe};

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
        // Refused before connecting when there is no one to ask.
        can_ask(guids.len(), args.from.as_deref() == Some("-"))?;
    }
    let (client, _demo) = run::connect(connection, &args.library, None).await?;
    let library = run::images(&client, &args.library);
    if !args.yes {
        let listed = library.get_many(guids.iter().copied()).await?;
        confirm(guids.len(), &prompt_lines(&guids, &listed))?;
    }
    let deleted = library.delete(guids).send().await?;
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "deleted {}", images(deleted.deleted.len()))
        .and_then(|()| stdout.flush())
        .map_err(Failure::Output)?;
    drop(stdout);
    match outcome(&deleted) {
        Some(failure) => Err(failure),
        None => Ok(()),
    }
}

/// What to say when not every GUID was seen to be deleted.
fn outcome(deleted: &Deleted) -> Option<Failure> {
    if deleted.is_complete() {
        return None;
    }
    let mut details = Vec::new();
    let mut lines = |guids: &[Uuid], what: &str| {
        details.extend(guids.iter().map(|guid| format!("{guid}: {what}")));
    };
    lines(
        &deleted.still_listed,
        "still listed after FinerWorks accepted the deletion: not deleted",
    );
    lines(
        &deleted.unchecked,
        "FinerWorks accepted the deletion, but the listing to check it failed: probably deleted",
    );
    lines(
        &deleted.not_found,
        "no such image (not listed before the deletion): nothing deleted",
    );
    let summary = format!(
        "deleted {}; {} not seen to be deleted",
        images(deleted.deleted.len()),
        images(deleted.still_listed.len() + deleted.unchecked.len() + deleted.not_found.len())
    );
    let mut hint = "finerworks images list --guid GUID shows whether an image is there".to_owned();
    if let Some(error) = &deleted.check_error {
        hint = format!("the listing after the deletion failed ({error}); {hint}");
    }
    if deleted.still_listed.is_empty() && deleted.unchecked.is_empty() {
        Some(Failure::NotFound {
            error: summary,
            details,
            hint: format!(
                "{hint}; an image added moments ago may not be listed yet, and is among those \
                 with no such image"
            ),
        })
    } else {
        Some(Failure::Unconfirmed {
            error: summary,
            details,
            hint,
        })
    }
}

/// What the prompt shows of each GUID: the image's title, or that there is no such image.
fn prompt_lines(guids: &[Uuid], listed: &HashMap<Uuid, Image>) -> Vec<String> {
    guids
        .iter()
        .map(|guid| match listed.get(guid) {
            Some(image) => format!("  {guid}  {}", title_of(image)),
            None => format!("  {guid}  (no such image)"),
        })
        .collect()
}

/// An image's title for the prompt, or what stands in for it.
fn title_of(image: &Image) -> String {
    match image.title.as_deref().map(str::trim) {
        Some(title) if !title.is_empty() => {
            format!("{:?}", safe::for_terminal(title))
        }
        _ => "(untitled)".to_owned(),
    }
}

/// Refuses when there is no one to ask.
fn can_ask(count: usize, guids_on_stdin: bool) -> Result<(), Failure> {
    if guids_on_stdin || !io::stdin().is_terminal() {
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
    Ok(())
}

/// Asks on the terminal, showing what would be deleted.
fn confirm(count: usize, lines: &[String]) -> Result<(), Failure> {
    let mut stderr = io::stderr();
    for line in lines {
        let _ = writeln!(stderr, "{line}");
    }
    let _ = write!(stderr, "Delete {}? [y/N] ", images(count));
    let _ = stderr.flush();
    let mut answer = String::new();
    io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|_| Failure::NotConfirmed)?;
    match answer.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Ok(()),
        _ => Err(Failure::NotConfirmed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prompt_shows_each_title_or_that_there_is_no_such_image() {
        let (a, b, c) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let image = |title: Option<&str>| Image {
            guid: None,
            title: title.map(str::to_owned),
            ..Image::default()
        };
        let listed = HashMap::from([
            (a, image(Some("Harbor \u{1b}[2J at dusk"))),
            (c, image(None)),
        ]);
        let lines = prompt_lines(&[a, b, c], &listed);
        // The title is shown, quoted, and cannot drive the terminal.
        assert!(
            lines[0].starts_with(&format!("  {a}  \"Harbor ")),
            "{lines:?}"
        );
        assert!(lines[0].ends_with("[2J at dusk\""), "{lines:?}");
        assert!(!lines[0].contains('\u{1b}'), "{lines:?}");
        assert_eq!(
            lines[1..],
            [
                format!("  {b}  (no such image)"),
                format!("  {c}  (untitled)")
            ]
        );
    }
}
