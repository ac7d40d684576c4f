//! `images add`: images from a file or from flags, all checked before anything is sent, then sent
//! through the client's batching with a progress bar. A batch that fails is reported with its
//! rows, and with whether its images may have been added all the same.

use std::ops::Range;

use finerworks::{Error, Fate, Image, ImageField, Images, NewImage};

use super::{images, locate};
use crate::cli::{AddArgs, Connection, NewImageFlags};
use crate::failure::Failure;
use crate::input::{self, Rows};
use crate::progress::Progress;
use crate::{run, warnings};

/// Adds the images of `--from`, or the one the flags describe, and prints those created.
pub(crate) async fn add(connection: &Connection, args: &AddArgs) -> Result<(), Failure> {
    let rows = match &args.from {
        Some(path) => input::read_rows::<NewImage>(path, args.input_format)?,
        None => Rows::flags(from_flags(&args.image)?),
    };
    // Every row is checked before the first batch leaves, so a bad row sends nothing.
    for (index, image) in rows.items.iter().enumerate() {
        image
            .check(index)
            .map_err(|error| locate(error, &rows.origins, flag))?;
    }
    let total = rows.items.len();
    warnings::add(connection, args, total);
    // The demo server lives until the end: what is added stays there until then.
    let (client, _demo) = run::connect(connection, &args.library, args.concurrency).await?;
    let library = run::images(&client, &args.library);
    let (created, mut failed) = send(&library, rows.items.clone()).await;
    let added: Vec<Image> = created.into_iter().flatten().collect();
    if failed.is_empty() {
        let closing = format!("added {}", images(added.len()));
        return run::printer(args.format)
            .all(added, &closing)
            .map_err(Failure::Output);
    }
    if added.is_empty() && failed.iter().all(|batch| batch.fate == Fate::NotAdded) {
        // Nothing changed: the failure is that of the whole command.
        if total > 1 {
            run::note(&format!("note: none of the {} were added", images(total)));
        }
        return Err(Failure::Client(failed.swap_remove(0).error));
    }
    let closing = format!("added {} of {}", added.len(), images(total));
    let count = added.len();
    run::printer(args.format)
        .all(added, &closing)
        .map_err(Failure::Output)?;
    Err(incomplete(&rows, &failed, count))
}

/// A batch that failed: its rows, why, and whether its images may have been added.
struct Failed {
    range: Range<usize>,
    error: Error,
    fate: Fate,
}

/// Sends the images through the client, which batches them (the API's limit a call, a few calls
/// at a time) and moves the progress bar as each call ends. Returns the image created for each
/// row (or `None`), and the calls that failed, in order.
async fn send(library: &Images, all: Vec<NewImage>) -> (Vec<Option<Image>>, Vec<Failed>) {
    let total = all.len();
    let progress = Progress::adding(total as u64);
    let answer = library
        .add(all)
        .on_progress(progress.counter())
        .send()
        .await;
    progress.finish();
    match answer {
        Ok(images) => (images.into_iter().map(Some).collect(), Vec::new()),
        Err(Error::AddIncomplete(report)) => {
            let report = *report;
            let failed = report
                .failed
                .into_iter()
                .map(|batch| Failed {
                    range: batch.range,
                    error: batch.error,
                    fate: batch.fate,
                })
                .collect();
            (report.images, failed)
        }
        // Refused before anything was sent (the rows were checked, so hardly ever).
        Err(error) => {
            let fate = if error.is_invalid_input() {
                Fate::NotAdded
            } else {
                Fate::Unknown
            };
            let failed = Failed {
                range: 0..total,
                error,
                fate,
            };
            (vec![None; total], vec![failed])
        }
    }
}

/// What to tell the user when some batches failed and others went in: each failed batch with its
/// rows, then what to do.
fn incomplete(rows: &Rows<NewImage>, failed: &[Failed], added: usize) -> Failure {
    let count = |fate: Fate| -> usize {
        failed
            .iter()
            .filter(|batch| batch.fate == fate)
            .map(|batch| batch.range.len())
            .sum()
    };
    let (unknown, not_added) = (count(Fate::Unknown), count(Fate::NotAdded));
    let mut parts = vec![format!("{added} of {} added", images(rows.items.len()))];
    if unknown > 0 {
        parts.push(format!("{unknown} may or may not have been added"));
    }
    if not_added > 0 {
        parts.push(format!("{not_added} not added"));
    }
    let mut details = Vec::new();
    for batch in failed {
        details.push(format!(
            "{} {}: {}",
            images(batch.range.len()),
            fate_text(batch.fate),
            batch.error
        ));
        for index in batch.range.clone() {
            details.push(format!(
                "  {}: {}",
                rows.origins[index],
                describe(&rows.items[index])
            ));
        }
    }
    let mut hint = "the images added are printed on stdout".to_owned();
    if unknown > 0 {
        hint.push_str(
            "; FinerWorks may have added those that \"may or may not have been added\": look for \
             them (finerworks images list --search TITLE) before sending them again",
        );
    }
    if not_added > 0 {
        hint.push_str("; those \"not added\" can be sent again");
    }
    Failure::AddIncomplete {
        error: format!("adding stopped short: {}", parts.join(", ")),
        details,
        hint,
    }
}

fn fate_text(fate: Fate) -> &'static str {
    match fate {
        Fate::NotAdded => "not added",
        _ => "may or may not have been added",
    }
}

/// An image to add, as the user would recognise it: its title and file name.
fn describe(image: &NewImage) -> String {
    let value = serde_json::to_value(image).unwrap_or_default();
    let text = |field: &str| value.get(field).and_then(|value| value.as_str());
    match (text("title"), text("file_name")) {
        (Some(title), Some(file)) => format!("{title:?} ({file})"),
        (Some(title), None) => format!("{title:?}"),
        (None, Some(file)) => file.to_owned(),
        (None, None) => "(no title, no file name)".to_owned(),
    }
}

/// The flag that sets a field, to name it when its value breaks a rule.
fn flag(field: ImageField) -> String {
    let flag = match field {
        ImageField::Title => "--title",
        ImageField::Description => "--description",
        ImageField::FileName => "--file-name",
        ImageField::FileSize => "--file-size",
        ImageField::ThumbnailFileName => "--thumbnail-name",
        ImageField::PreviewFileName => "--preview-name",
        ImageField::HiresFileName => "--hires-name",
        ImageField::PublicThumbnailUri => "--thumbnail",
        ImageField::PublicPreviewUri => "--preview",
        ImageField::PrivateHiresUri => "--hires",
        ImageField::PixW => "--width",
        ImageField::PixH => "--height",
        other => other.api_name(),
    };
    flag.to_owned()
}

/// The image the flags describe; file names not given are those of their URLs.
fn from_flags(flags: &NewImageFlags) -> Result<NewImage, Failure> {
    if *flags == NewImageFlags::default() {
        return Err(Failure::Usage {
            message: "nothing to add: give --from FILE, or the details of one image as flags"
                .to_owned(),
            hint: Some(
                "finerworks images add --help lists the flags; --from reads images from JSON, \
                 NDJSON or CSV"
                    .to_owned(),
            ),
        });
    }
    let required = [
        ("--thumbnail", flags.thumbnail.is_some()),
        ("--preview", flags.preview.is_some()),
        ("--hires", flags.hires.is_some()),
        ("--file-size", flags.file_size.is_some()),
        ("--width", flags.width.is_some()),
        ("--height", flags.height.is_some()),
    ];
    let missing: Vec<&str> = required
        .iter()
        .filter(|(_, given)| !given)
        .map(|(flag, _)| *flag)
        .collect();
    if !missing.is_empty() {
        return Err(Failure::Usage {
            message: format!("the image to add needs {}", missing.join(", ")),
            hint: Some(
                "an image needs the URLs of its files (--thumbnail, --preview, --hires), the \
                 size of the high-resolution file (--file-size) and its pixels (--width, \
                 --height)"
                    .to_owned(),
            ),
        });
    }
    let mut image = NewImage::new();
    if let Some(title) = &flags.title {
        image = image.title(title);
    }
    if let Some(description) = &flags.description {
        image = image.description(description);
    }
    if let Some(bytes) = flags.file_size {
        image = image.file_size(bytes);
    }
    if let Some(width) = flags.width {
        image = image.pix_w(width);
    }
    if let Some(height) = flags.height {
        image = image.pix_h(height);
    }
    let named = |name: &Option<String>, url: &Option<String>| {
        name.clone()
            .or_else(|| url.as_deref().and_then(file_name_of))
    };
    if let Some(url) = &flags.thumbnail {
        image = image.public_thumbnail_uri(url);
    }
    if let Some(name) = named(&flags.thumbnail_name, &flags.thumbnail) {
        image = image.thumbnail_file_name(name);
    }
    if let Some(url) = &flags.preview {
        image = image.public_preview_uri(url);
    }
    if let Some(name) = named(&flags.preview_name, &flags.preview) {
        image = image.preview_file_name(name);
    }
    if let Some(url) = &flags.hires {
        image = image.private_hires_uri(url);
    }
    let hires_name = named(&flags.hires_name, &flags.hires);
    if let Some(name) = &hires_name {
        image = image.hires_file_name(name);
    }
    if let Some(name) = flags.file_name.clone().or(hires_name) {
        image = image.file_name(name);
    }
    Ok(image)
}

/// The file name at the end of a URL's path (`https://host/a/b.jpg?x` gives `b.jpg`), if any.
fn file_name_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = rest.split(['?', '#']).next()?;
    let (_, path) = path.split_once('/')?;
    let name = path.rsplit('/').next()?;
    (!name.is_empty()).then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_come_from_the_end_of_the_url() {
        assert_eq!(
            file_name_of("https://cdn.example.com/art/harbor_thumb.jpg?v=2#top").as_deref(),
            Some("harbor_thumb.jpg")
        );
        assert_eq!(file_name_of("https://cdn.example.com/art/"), None);
        assert_eq!(file_name_of("https://cdn.example.com"), None);
    }

    #[test]
    fn flags_name_every_field() {
        assert_eq!(flag(ImageField::PixW), "--width");
        assert_eq!(flag(ImageField::PrivateHiresUri), "--hires");
        assert_eq!(flag(ImageField::HiresFileName), "--hires-name");
    }
}
