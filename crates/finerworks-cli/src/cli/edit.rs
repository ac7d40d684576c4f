//! The flags of the commands that change the library: `images add`, `images update` and
//! `images delete`.

use clap::{ArgGroup, Args, ValueEnum};
use finerworks::limits::add_image_details::{
    FILE_SIZE_MIN, PIX_H_MAX, PIX_H_MIN, PIX_W_MAX, PIX_W_MIN,
};
use finerworks::limits::add_images_request::IMAGES_MAX_ITEMS;
use finerworks::{DEFAULT_CONCURRENCY, MAX_CONCURRENCY};
use uuid::Uuid;

use super::{Format, LibraryArgs, Printing, format_parser, parse_guid, whole_number};
use crate::input::{InputError, Origin};

/// The rule of `--file-size`: the API takes a .NET `long` of at least `FILE_SIZE_MIN`.
fn file_size_rule() -> String {
    format!(
        "must be a number of bytes between {FILE_SIZE_MIN} and {}",
        i64::MAX
    )
}

/// The flags of `images add`: a file of images, or one image as flags.
#[derive(Debug, Args)]
pub(crate) struct AddArgs {
    /// Read the images from this file ('-' for stdin): a JSON array of objects, NDJSON (one
    /// object a line) or CSV with a header, all with the API's field names (title, description,
    /// file_name, file_size, thumbnail_file_name, preview_file_name, hires_file_name,
    /// public_thumbnail_uri, public_preview_uri, private_hires_uri, pix_w, pix_h)
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "NewImageFlags",
        help_heading = "Many images"
    )]
    pub(crate) from: Option<String>,

    /// How to read --from: its format, and what to do with columns that are not fields of an
    /// image. (Named after the first of its flags: reading the file needs nothing else.)
    #[command(flatten)]
    pub(crate) input_format: Reading,

    /// One image, given as flags.
    #[command(flatten)]
    pub(crate) image: NewImageFlags,

    /// Which library, and whose.
    #[command(flatten)]
    pub(crate) library: LibraryArgs,

    /// How many batches to send at once
    #[arg(
        long,
        value_name = "N",
        help = format!(
            "How many batches of {IMAGES_MAX_ITEMS} images to send at once, 1 to \
             {MAX_CONCURRENCY} [default: {DEFAULT_CONCURRENCY}]"
        ),
        help_heading = "Sending"
    )]
    pub(crate) concurrency: Option<usize>,

    /// How to print the images FinerWorks created
    #[arg(
        long,
        short = 'f',
        value_name = "FORMAT",
        value_parser = format_parser(Printing::Added),
        default_value = "table",
        help_heading = "Output"
    )]
    pub(crate) format: Format,

    /// Also write what happened to each image to this file, as JSON: its input line, its fields
    /// and its fate ("added" with its GUID, "not_added" or "unknown"), so that a script can check
    /// and resend; written however the command ends, Ctrl-C included
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub(crate) report: Option<std::path::PathBuf>,

    /// Once added, wait until FinerWorks lists the new images (a new image may take a few
    /// seconds to appear), at most this many seconds [default: 60]
    #[arg(
        long,
        value_name = "SECONDS",
        num_args = 0..=1,
        default_missing_value = "60",
        value_parser = clap::value_parser!(u64).range(1..=3600),
        help_heading = "Sending"
    )]
    pub(crate) wait: Option<u64>,
}

/// One image to add, as flags. File names default to the last part of their URL.
#[derive(Debug, Default, PartialEq, Eq, Args)]
pub(crate) struct NewImageFlags {
    /// The image's title
    #[arg(long, value_name = "TEXT", help_heading = "One image")]
    pub(crate) title: Option<String>,

    /// The image's description
    #[arg(long, value_name = "TEXT", help_heading = "One image")]
    pub(crate) description: Option<String>,

    /// The public URL of a thumbnail of the image (required)
    #[arg(long, value_name = "URL", help_heading = "One image")]
    pub(crate) thumbnail: Option<String>,

    /// The public URL of a web-viewable preview of the image (required)
    #[arg(long, value_name = "URL", help_heading = "One image")]
    pub(crate) preview: Option<String>,

    /// The URL of the high-resolution file FinerWorks prints from; it may be private (required)
    #[arg(long, value_name = "URL", help_heading = "One image")]
    pub(crate) hires: Option<String>,

    /// The size of the high-resolution file, in bytes (required)
    #[arg(
        long,
        value_name = "BYTES",
        value_parser = whole_number::<u64>(file_size_rule()),
        allow_negative_numbers = true,
        help_heading = "One image"
    )]
    pub(crate) file_size: Option<u64>,

    /// The width of the high-resolution file, in pixels (required)
    #[arg(
        long,
        value_name = "PIXELS",
        value_parser = whole_number::<u32>(format!("must be between {PIX_W_MIN} and {PIX_W_MAX}")),
        allow_negative_numbers = true,
        help_heading = "One image"
    )]
    pub(crate) width: Option<u32>,

    /// The height of the high-resolution file, in pixels (required)
    #[arg(
        long,
        value_name = "PIXELS",
        value_parser = whole_number::<u32>(format!("must be between {PIX_H_MIN} and {PIX_H_MAX}")),
        allow_negative_numbers = true,
        help_heading = "One image"
    )]
    pub(crate) height: Option<u32>,

    /// The original file name [default: the file name of the --hires URL]
    #[arg(long, value_name = "NAME", help_heading = "One image")]
    pub(crate) file_name: Option<String>,

    /// The thumbnail's file name [default: the file name of the --thumbnail URL]
    #[arg(long, value_name = "NAME", help_heading = "One image")]
    pub(crate) thumbnail_name: Option<String>,

    /// The preview's file name [default: the file name of the --preview URL]
    #[arg(long, value_name = "NAME", help_heading = "One image")]
    pub(crate) preview_name: Option<String>,

    /// The high-resolution file's name [default: the file name of the --hires URL]
    #[arg(long, value_name = "NAME", help_heading = "One image")]
    pub(crate) hires_name: Option<String>,
}

impl NewImageFlags {
    /// Checks that each file has a name: a URL flag whose path ends without one
    /// (`--thumbnail https://x/`) needs its name flag (`--thumbnail-name`), which otherwise
    /// defaults to the URL's last part.
    ///
    /// # Errors
    ///
    /// The first URL flag whose file has no name, and what to give.
    pub(crate) fn check_file_names(&self) -> Result<(), InputError> {
        let files = [
            (
                "--thumbnail",
                &self.thumbnail,
                "--thumbnail-name",
                &self.thumbnail_name,
            ),
            (
                "--preview",
                &self.preview,
                "--preview-name",
                &self.preview_name,
            ),
            ("--hires", &self.hires, "--hires-name", &self.hires_name),
        ];
        for (flag, url, name_flag, name) in files {
            if let (Some(url), None) = (url, name)
                && file_name_of(url).is_none()
            {
                return Err(InputError {
                    at: Some(Origin::Flags),
                    field: Some(flag.to_owned()),
                    problem: format!(
                        "`{url}` does not end with a file name (such as \
                         https://cdn.example.com/harbor.jpg): give the file's name with {name_flag}"
                    ),
                });
            }
        }
        Ok(())
    }
}

/// The file name at the end of a URL's path (`https://host/a/b.jpg?x` gives `b.jpg`), if any: what
/// the name flags default to.
pub(crate) fn file_name_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = rest.split(['?', '#']).next()?;
    let (_, path) = path.split_once('/')?;
    path.rsplit('/').next().filter(|name| !name.is_empty())
}

/// How `images add --from` reads its file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Args)]
pub(crate) struct Reading {
    /// The format of --from [default: from the file's extension (.json, .ndjson, .jsonl, .csv),
    /// else from its first character: '[' JSON, '{' NDJSON, anything else CSV]
    #[arg(
        id = "input_format",
        long = "input-format",
        value_enum,
        value_name = "FORMAT",
        requires = "from",
        conflicts_with = "NewImageFlags",
        help_heading = "Many images"
    )]
    pub(crate) format: Option<InputFormat>,

    /// Skip the columns (JSON fields) of --from that are not fields of an image, naming them on
    /// stderr, instead of refusing the file (such as a notes column kept beside the images)
    #[arg(
        long,
        requires = "from",
        conflicts_with = "NewImageFlags",
        help_heading = "Many images"
    )]
    pub(crate) ignore_unknown_fields: bool,
}

impl From<Option<InputFormat>> for Reading {
    fn from(format: Option<InputFormat>) -> Self {
        Self {
            format,
            ignore_unknown_fields: false,
        }
    }
}

/// The flags of `images update`: one image as flags, or a file of rows.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("change").multiple(true)))]
pub(crate) struct UpdateArgs {
    /// The GUID of the image to update (with --title and/or --description)
    #[arg(
        value_name = "GUID",
        value_parser = parse_guid,
        conflicts_with = "from",
        requires = "change"
    )]
    pub(crate) guid: Option<Uuid>,

    /// The new title
    #[arg(long, value_name = "TEXT", group = "change", conflicts_with = "from")]
    pub(crate) title: Option<String>,

    /// The new description
    #[arg(long, value_name = "TEXT", group = "change", conflicts_with = "from")]
    pub(crate) description: Option<String>,

    /// Read the updates from this file ('-' for stdin): rows with the columns guid, title and
    /// description (title or description may be left out or empty: only what is given
    /// changes), as a JSON array, NDJSON or CSV. Other columns are skipped and named on stderr,
    /// so the output of images list --format csv, edited, can be sent back
    #[arg(long, value_name = "FILE", help_heading = "Many images")]
    pub(crate) from: Option<String>,

    /// The format of --from [default: from the file's extension (.json, .ndjson, .jsonl, .csv),
    /// else from its first character: '[' JSON, '{' NDJSON, anything else CSV]
    #[arg(
        long,
        value_enum,
        value_name = "FORMAT",
        requires = "from",
        conflicts_with = "change",
        help_heading = "Many images"
    )]
    pub(crate) input_format: Option<InputFormat>,

    /// Update the images of this FinerWorks account instead of your own (only if your app key
    /// may act for it)
    #[arg(long, value_name = "KEY", help_heading = "Library")]
    pub(crate) account_key: Option<String>,

    /// How to print the updated images
    #[arg(
        long,
        short = 'f',
        value_name = "FORMAT",
        value_parser = format_parser(Printing::Updated),
        default_value = "table",
        help_heading = "Output"
    )]
    pub(crate) format: Format,
}

/// The flags of `images delete`.
#[derive(Debug, Args)]
pub(crate) struct DeleteArgs {
    /// The GUIDs of the images to delete
    #[arg(value_name = "GUID", value_parser = parse_guid)]
    pub(crate) guids: Vec<Uuid>,

    /// Also delete the images whose GUIDs this file holds ('-' for stdin): one GUID a line;
    /// blank lines and lines starting with # are skipped
    #[arg(long, value_name = "FILE")]
    pub(crate) from: Option<String>,

    /// Delete without asking (needed when stdin is not a terminal)
    #[arg(long, short = 'y')]
    pub(crate) yes: bool,

    /// Which library, and whose.
    #[command(flatten)]
    pub(crate) library: LibraryArgs,
}

/// The format of a `--from` file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum InputFormat {
    /// One JSON array of objects
    Json,
    /// One JSON object a line (blank lines are skipped)
    #[value(alias = "jsonl")]
    Ndjson,
    /// A header with the field names, then one row an image
    Csv,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_come_from_the_end_of_the_url() {
        assert_eq!(
            file_name_of("https://cdn.example.com/art/harbor_thumb.jpg?v=2#top"),
            Some("harbor_thumb.jpg")
        );
        assert_eq!(file_name_of("https://cdn.example.com/art/"), None);
        assert_eq!(file_name_of("https://cdn.example.com"), None);
    }
}
