//! `images add`: images from a file or from flags, all checked before anything is sent, then sent
//! through the client's batching with a progress bar. A batch that fails is reported with its
//! rows, and with whether its images may have been added all the same.

use std::ops::Range;
use std::time::Duration;

use finerworks::{Error, Fate, Image, ImageField, Images, NewImage};
use finerworks_api::fields::add_image_details;
use uuid::Uuid;

use super::{images, locate};
use crate::cli::{AddArgs, Connection, Format, NewImageFlags, file_name_of};
use crate::failure::Failure;
use crate::input::{self, Rows};
use crate::interrupt::Interrupt;
use crate::progress::Progress;
use crate::{add_report, run, warnings};

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
    // From here on, Ctrl-C and SIGTERM stop the adding and leave a report, instead of ending
    // the process with batches in flight and nothing said.
    let interrupt = Interrupt::listen();
    let outcome = send(&library, rows.items.clone(), &interrupt).await;
    if let Some(path) = &args.report {
        add_report::write(path, &rows, &outcome)?;
    }
    let added: Vec<Image> = outcome.images.iter().flatten().cloned().collect();
    let failed = outcome.failed;
    if failed.is_empty() {
        if let Some(seconds) = args.wait {
            wait(&library, &added, seconds, &interrupt, args.format).await?;
        }
        let closing = format!("added {}", images(added.len()));
        return run::printer(args.format)
            .all(&added, &closing)
            .map_err(Failure::Output);
    }
    let nothing_changed =
        added.is_empty() && failed.iter().all(|batch| batch.fate == Fate::NotAdded);
    if nothing_changed && !outcome.interrupted {
        // Nothing changed: the failure is that of the whole command.
        if total > 1 {
            run::note(&format!("note: none of the {} were added", images(total)));
        }
        let mut failed = failed;
        return Err(Failure::Client(failed.swap_remove(0).error));
    }
    let closing = format!("added {} of {}", added.len(), images(total));
    let count = added.len();
    run::printer(args.format)
        .all(&added, &closing)
        .map_err(Failure::Output)?;
    Err(incomplete(&rows, &failed, count, outcome.interrupted))
}

/// Waits until the images added are listed; Ctrl-C stops the wait (the images are added
/// either way, and are printed).
async fn wait(
    library: &Images,
    added: &[Image],
    seconds: u64,
    interrupt: &Interrupt,
    format: Format,
) -> Result<(), Failure> {
    let guids: Vec<Uuid> = added.iter().map(Image::guid).collect();
    run::note(&format!(
        "waiting until FinerWorks lists the {} added (at most {seconds} s)",
        images(guids.len())
    ));
    let waited = tokio::select! {
        waited = library.wait_until_listed(guids, Duration::from_secs(seconds)) => waited,
        () = interrupt.signalled() => {
            print_added(added, format)?;
            return Err(Failure::Interrupted {
                error: "interrupted while waiting for the new images to be listed".to_owned(),
                details: Vec::new(),
                hint: "the images were added (printed on stdout); they are listed once \
                       FinerWorks has indexed them"
                    .to_owned(),
            });
        }
    };
    match waited {
        Ok(_) => Ok(()),
        Err(error) => {
            print_added(added, format)?;
            Err(Failure::Client(error))
        }
    }
}

fn print_added(added: &[Image], format: Format) -> Result<(), Failure> {
    let closing = format!("added {}", images(added.len()));
    run::printer(format)
        .all(added, &closing)
        .map_err(Failure::Output)
}

/// What happened to each row: the image created for it (or `None`), the calls that failed, in
/// order, and whether the adding was interrupted.
pub(crate) struct Outcome {
    pub(crate) images: Vec<Option<Image>>,
    pub(crate) failed: Vec<Failed>,
    pub(crate) interrupted: bool,
}

/// A batch that failed: its rows, why, and whether its images may have been added.
pub(crate) struct Failed {
    pub(crate) range: Range<usize>,
    pub(crate) error: Error,
    pub(crate) fate: Fate,
}

/// Sends the images through the client, which batches them (the API's limit a call, a few calls
/// at a time) and moves the progress bar as each call ends, until `interrupt` says stop.
async fn send(library: &Images, all: Vec<NewImage>, interrupt: &Interrupt) -> Outcome {
    let total = all.len();
    let progress = Progress::adding(total as u64);
    let answer = library
        .add(all)
        .on_progress(progress.counter())
        .interrupt_on(interrupt.signalled())
        .send()
        .await;
    progress.finish();
    let interrupted = interrupt.is_signalled();
    match answer {
        Ok(images) => Outcome {
            images: images.into_iter().map(Some).collect(),
            failed: Vec::new(),
            interrupted,
        },
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
            Outcome {
                images: report.images,
                failed,
                interrupted,
            }
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
            Outcome {
                images: vec![None; total],
                failed: vec![failed],
                interrupted,
            }
        }
    }
}

/// What to tell the user when some batches failed or were stopped and others went in: each
/// failed batch with its rows, then what to do.
fn incomplete(
    rows: &Rows<NewImage>,
    failed: &[Failed],
    added: usize,
    interrupted: bool,
) -> Failure {
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
    let mut untitled = false;
    for batch in failed {
        details.push(format!(
            "{} {}: {}",
            images(batch.range.len()),
            fate_text(batch.fate),
            batch.error
        ));
        for index in batch.range.clone() {
            let image = &rows.items[index];
            untitled |= batch.fate == Fate::Unknown
                && text_field(image, add_image_details::TITLE).is_none();
            details.push(format!("  {}: {}", rows.origins[index], describe(image)));
        }
    }
    let mut hint = "the images added are printed on stdout".to_owned();
    if unknown > 0 {
        hint.push_str(
            "; FinerWorks may have added those that \"may or may not have been added\": look for \
             them (finerworks images list --search TITLE) before sending them again",
        );
        if untitled {
            hint.push_str(&format!(
                "; those without a title are among today's uploads (finerworks images list \
                 --uploaded-from {} --all --format csv), by file name",
                chrono::Local::now().date_naive()
            ));
        }
    }
    if not_added > 0 {
        hint.push_str("; those \"not added\" can be sent again");
    }
    let summary = parts.join(", ");
    if interrupted {
        return Failure::Interrupted {
            error: format!("interrupted: {summary}"),
            details,
            hint: format!(
                "{hint}; the calls in flight \"may or may not have been added\", those not sent \
                 were \"not added\""
            ),
        };
    }
    Failure::AddIncomplete {
        error: format!("adding stopped short: {summary}"),
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
    match (
        text_field(image, add_image_details::TITLE),
        text_field(image, add_image_details::FILE_NAME),
    ) {
        (Some(title), Some(file)) => format!("{title:?} ({file})"),
        (Some(title), None) => format!("{title:?}"),
        (None, Some(file)) => file,
        (None, None) => "(no title, no file name)".to_owned(),
    }
}

/// A text field of an image to add, by its API name.
fn text_field(image: &NewImage, field: &str) -> Option<String> {
    let value = serde_json::to_value(image).unwrap_or_default();
    value
        .get(field)
        .and_then(|value| value.as_str())
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
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
            .or_else(|| url.as_deref().and_then(file_name_of).map(str::to_owned))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_name_every_field() {
        assert_eq!(flag(ImageField::PixW), "--width");
        assert_eq!(flag(ImageField::PrivateHiresUri), "--hires");
        assert_eq!(flag(ImageField::HiresFileName), "--hires-name");
    }
}
