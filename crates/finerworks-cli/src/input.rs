//! Reading `--from` files (a JSON array, NDJSON or CSV, or GUIDs one a line) into the SDK's
//! types, remembering the line of each row so that an error points into the file. Positions
//! are counted as people count lines: from 1; only the index of an object in a JSON array
//! counts from 0, as JSON tools (and the SDK's `images[3]`) do.

mod csv_rows;
mod fields;

use std::fmt;
use std::io::{self, Read as _};
use std::path::Path;
use std::sync::Arc;

use finerworks::{ImageUpdate, NewImage};
use finerworks_api::Field;
use finerworks_api::fields::{add_image_details, update_image_details};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use uuid::Uuid;

use self::csv_rows::csv_rows;
use self::fields::{Fields, lines_text, rows_text};
use crate::cli::{InputFormat, Reading};
use crate::run;

/// A type a row of a `--from` file is read into, with the API's field names.
pub(crate) trait Row: DeserializeOwned + Serialize {
    /// What the rows are, for messages ("images").
    const NOUN: &'static str;

    /// The fields a row may have, in the API's order, and which of them it must have: those of
    /// the spec's schema of one item of the request (`finerworks_api::fields::<schema>::ALL`).
    const FIELDS: &'static [Field];

    /// Whether fields that are not the type's are skipped (with a note) rather than refused.
    const SKIPS_UNKNOWN_FIELDS: bool;

    /// A value with every field set: its JSON keys are the fields a row may have.
    fn sample() -> Self;

    /// Whether the row asks for nothing, and is skipped (with a note).
    fn is_empty(&self) -> bool {
        false
    }

    /// What a row that asks for nothing lacks, for that note.
    const NOTHING: &'static str = "no title, no description";
}

impl Row for NewImage {
    const NOUN: &'static str = "images";
    const FIELDS: &'static [Field] = add_image_details::ALL;
    // A misspelt column would leave a field out: refused, unless --ignore-unknown-fields.
    const SKIPS_UNKNOWN_FIELDS: bool = false;

    fn sample() -> Self {
        let url = "https://example.com/a.jpg";
        NewImage::new()
            .title("")
            .description("")
            .file_name("a.jpg")
            .file_size(1)
            .pixels(1, 1)
            .thumbnail("a.jpg", url)
            .preview("a.jpg", url)
            .hires("a.jpg", url)
    }
}

impl Row for ImageUpdate {
    const NOUN: &'static str = "updates";
    const FIELDS: &'static [Field] = update_image_details::ALL;
    // The other columns of `images list --format csv` (id, file_name...) are read past, so that a
    // listing can be edited and sent back. A misspelt column cannot go unnoticed: it is named in
    // the note, and a row left with nothing to change is named too.
    const SKIPS_UNKNOWN_FIELDS: bool = true;

    fn sample() -> Self {
        ImageUpdate::new(Uuid::nil()).title("").description("")
    }

    fn is_empty(&self) -> bool {
        self.changes_nothing()
    }
}

/// Where a row came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A line of a file (`stdin` for `-`), and for an object of a JSON array its index.
    Line {
        /// The file, as the user named it.
        source: Arc<str>,
        /// The line the row starts on, from 1.
        line: usize,
        /// Its index in a JSON array, from 0 (as in `jq '.[3]'`).
        index: Option<usize>,
    },
    /// The command line's flags.
    Flags,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Line {
                source,
                line,
                index: None,
            } => write!(f, "{source} line {line}"),
            Self::Line {
                source,
                line,
                index: Some(index),
            } => write!(f, "{source} line {line} (index {index})"),
            Self::Flags => f.write_str("the flags"),
        }
    }
}

/// The rows of the input, each with where it came from.
#[derive(Debug)]
pub(crate) struct Rows<T> {
    /// The rows, in order.
    pub(crate) items: Vec<T>,
    /// Where each row came from (same order).
    pub(crate) origins: Vec<Origin>,
}

impl<T> Rows<T> {
    /// One row given by flags.
    pub(crate) fn flags(item: T) -> Self {
        Self {
            items: vec![item],
            origins: vec![Origin::Flags],
        }
    }

    fn new() -> Self {
        Self {
            items: Vec::new(),
            origins: Vec::new(),
        }
    }

    fn push(&mut self, origin: Origin, item: T) {
        self.items.push(item);
        self.origins.push(origin);
    }
}

impl<T: Row> Rows<T> {
    /// The rows that ask for something, and where those that do not were.
    fn without_empty(self) -> (Self, Vec<Origin>) {
        let mut kept = Self::new();
        let mut empty = Vec::new();
        for (item, origin) in self.items.into_iter().zip(self.origins) {
            if item.is_empty() {
                empty.push(origin);
            } else {
                kept.push(origin, item);
            }
        }
        (kept, empty)
    }
}

/// What is wrong with the input: where (a row, or the flags), which field, and why.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct InputError {
    /// The row, when the problem is in one.
    pub(crate) at: Option<Origin>,
    /// The field (a column, or a flag for [`Origin::Flags`]).
    pub(crate) field: Option<String>,
    /// What is wrong.
    pub(crate) problem: String,
}

impl InputError {
    fn new(at: Option<Origin>, field: Option<String>, problem: impl Into<String>) -> Self {
        Self {
            at,
            field,
            problem: problem.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            Some(Origin::Flags) | None => {}
            Some(at) => write!(f, "{at}: ")?,
        }
        match &self.field {
            Some(field) => write!(f, "{field} {}", self.problem),
            None => f.write_str(&self.problem),
        }
    }
}

/// Reads the rows of `path` (`-` for stdin) in the format `reading` names, else the format its
/// extension or its first character says.
///
/// Fields that are not the row type's are refused, naming the first, unless the type skips them
/// ([`Row::SKIPS_UNKNOWN_FIELDS`]) or `reading` says to ignore them; those skipped are named in a
/// note on stderr. So are rows that ask for nothing ([`Row::is_empty`]).
pub(crate) fn read_rows<T: Row>(
    path: &str,
    reading: impl Into<Reading>,
) -> Result<Rows<T>, InputError> {
    let reading = reading.into();
    let (source, text) = read_text(path)?;
    let format = reading
        .format
        .or_else(|| format_of_extension(path))
        .unwrap_or_else(|| sniff(&text));
    let mut fields = Fields::<T>::new(T::SKIPS_UNKNOWN_FIELDS || reading.ignore_unknown_fields);
    let rows = match format {
        InputFormat::Json => json_rows(&source, &text, &mut fields)?,
        InputFormat::Ndjson => ndjson_rows(&source, &text, &mut fields)?,
        InputFormat::Csv => csv_rows(&source, &text, &mut fields)?,
    };
    if let Some(note) = fields.skipped_note(&source, format) {
        run::note(&note);
    }
    let (rows, empty) = rows.without_empty();
    if !empty.is_empty() {
        run::note(&format!(
            "note: {source}: skipped {} with nothing to change ({}): {}",
            rows_text(empty.len()),
            T::NOTHING,
            lines_text(&empty)
        ));
    }
    if rows.items.is_empty() {
        let why = if empty.is_empty() {
            ""
        } else {
            " with something to change"
        };
        return Err(InputError::new(
            None,
            None,
            format!("{source} holds no {}{why}", T::NOUN),
        ));
    }
    Ok(rows)
}

/// Reads the GUIDs of `path` (`-` for stdin), one a line; blank lines and `#` comments are
/// skipped.
pub(crate) fn read_guids(path: &str) -> Result<Vec<Uuid>, InputError> {
    let (source, text) = read_text(path)?;
    let mut guids = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let guid = Uuid::parse_str(line).map_err(|_| {
            let at = Origin::Line {
                source: Arc::clone(&source),
                line: index + 1,
                index: None,
            };
            InputError::new(Some(at), None, format!("`{line}` is not a GUID"))
        })?;
        guids.push(guid);
    }
    if guids.is_empty() {
        return Err(InputError::new(
            None,
            None,
            format!("{source} holds no GUIDs"),
        ));
    }
    Ok(guids)
}

/// The text of a file or of stdin, and the name to show for it.
pub(crate) fn read_text(path: &str) -> Result<(Arc<str>, String), InputError> {
    let (source, read): (Arc<str>, io::Result<String>) = if path == "-" {
        let mut text = String::new();
        let read = io::stdin().read_to_string(&mut text).map(|_| text);
        (Arc::from("stdin"), read)
    } else {
        (Arc::from(path), std::fs::read_to_string(path))
    };
    let text = read
        .map_err(|error| InputError::new(None, None, format!("cannot read {source}: {error}")))?;
    // A byte order mark, as spreadsheets write, is not part of the first field's name.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    Ok((source, text))
}

fn format_of_extension(path: &str) -> Option<InputFormat> {
    let extension = Path::new(path).extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "json" => Some(InputFormat::Json),
        "ndjson" | "jsonl" => Some(InputFormat::Ndjson),
        "csv" => Some(InputFormat::Csv),
        _ => None,
    }
}

/// The format a text looks like: `[` a JSON array, `{` NDJSON, anything else CSV.
fn sniff(text: &str) -> InputFormat {
    match text.trim_start().chars().next() {
        Some('[') => InputFormat::Json,
        Some('{') => InputFormat::Ndjson,
        _ => InputFormat::Csv,
    }
}

/// [`Row::sample`] as CSV: its header (the fields it serializes, which are [`Row::FIELDS`]) and
/// its values.
fn sample_record<T: Row>() -> (csv::StringRecord, csv::StringRecord) {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let text = writer
        .serialize(T::sample())
        .ok()
        .and_then(|()| writer.into_inner().ok())
        .unwrap_or_default();
    let mut reader = csv::Reader::from_reader(text.as_slice());
    let header = reader.headers().cloned().unwrap_or_default();
    let values = reader
        .records()
        .next()
        .and_then(Result::ok)
        .unwrap_or_default();
    (header, values)
}

/// The fields a row of `T` may have, in the API's order.
fn columns<T: Row>() -> Vec<String> {
    T::FIELDS
        .iter()
        .map(|field| field.name.to_owned())
        .collect()
}

/// The line of the byte at `offset`, from 1.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

fn skip_whitespace(text: &str, offset: usize) -> usize {
    offset + (text[offset..].len() - text[offset..].trim_start().len())
}

/// A JSON syntax error's message without its position (the caller says where).
fn json_problem(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// One object of JSON into a `T`: unknown fields (unless skipped) and values of the wrong type are
/// named.
fn from_value<T: Row>(value: Value, at: &Origin, fields: &mut Fields<T>) -> Result<T, InputError> {
    let Value::Object(map) = value else {
        return Err(InputError::new(
            Some(at.clone()),
            None,
            format!(
                "expected an object with the fields of one of the {}",
                T::NOUN
            ),
        ));
    };
    for name in map.keys() {
        fields.check(at, name)?;
    }
    fields.require(at, |name| {
        map.get(name).is_some_and(|value| !value.is_null())
    })?;
    let map = map
        .into_iter()
        .filter(|(name, _)| fields.is_known(name))
        .collect();
    serde_path_to_error::deserialize(Value::Object(map)).map_err(|error| {
        let path = error.path().to_string();
        let field = (path != ".").then_some(path);
        let problem = match &field {
            Some(_) => format!("cannot be read: {}", error.into_inner()),
            None => error.into_inner().to_string(),
        };
        InputError::new(Some(at.clone()), field, problem)
    })
}

/// A JSON array of objects; each row is named by the line its object starts on.
fn json_rows<T: Row>(
    source: &Arc<str>,
    text: &str,
    fields: &mut Fields<T>,
) -> Result<Rows<T>, InputError> {
    let at = |line: usize, index: Option<usize>| Origin::Line {
        source: Arc::clone(source),
        line,
        index,
    };
    let syntax = |offset: usize, problem: String| {
        InputError::new(Some(at(line_of(text, offset), None)), None, problem)
    };
    let mut rows = Rows::new();
    let mut offset = skip_whitespace(text, 0);
    if !text[offset..].starts_with('[') {
        return Err(syntax(
            offset,
            "expected a JSON array of objects, starting with `[` (for one object a line, \
             name the file .ndjson or add --input-format ndjson)"
                .to_owned(),
        ));
    }
    offset = skip_whitespace(text, offset + 1);
    if text[offset..].starts_with(']') {
        offset += 1;
    } else {
        loop {
            let start = offset;
            let line = line_of(text, start);
            let mut values =
                serde_json::Deserializer::from_str(&text[start..]).into_iter::<Value>();
            let value = match values.next() {
                Some(Ok(value)) => value,
                Some(Err(error)) => {
                    let line = line + error.line().saturating_sub(1);
                    return Err(InputError::new(
                        Some(at(line, None)),
                        None,
                        json_problem(&error),
                    ));
                }
                None => return Err(syntax(start, "the array is not closed with `]`".into())),
            };
            offset = skip_whitespace(text, start + values.byte_offset());
            let origin = at(line, Some(rows.items.len()));
            let row = from_value::<T>(value, &origin, fields)?;
            rows.push(origin, row);
            match text[offset..].chars().next() {
                Some(',') => offset = skip_whitespace(text, offset + 1),
                Some(']') => {
                    offset += 1;
                    break;
                }
                Some(_) => return Err(syntax(offset, "expected `,` or `]`".into())),
                None => return Err(syntax(offset, "the array is not closed with `]`".into())),
            }
        }
    }
    let end = skip_whitespace(text, offset);
    if end < text.len() {
        return Err(syntax(end, "unexpected text after the array".into()));
    }
    Ok(rows)
}

/// One JSON object a line; blank lines are skipped.
fn ndjson_rows<T: Row>(
    source: &Arc<str>,
    text: &str,
    fields: &mut Fields<T>,
) -> Result<Rows<T>, InputError> {
    let mut rows = Rows::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let origin = Origin::Line {
            source: Arc::clone(source),
            line: index + 1,
            index: None,
        };
        let value: Value = serde_json::from_str(line).map_err(|error| {
            let problem = format!("{} (column {})", json_problem(&error), error.column());
            InputError::new(Some(origin.clone()), None, problem)
        })?;
        let row = from_value::<T>(value, &origin, fields)?;
        rows.push(origin, row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source() -> Arc<str> {
        Arc::from("f.json")
    }

    fn json(text: &str) -> Result<Vec<usize>, String> {
        json_rows::<ImageUpdate>(&source(), text, &mut Fields::new(false))
            .map(|rows| {
                rows.origins
                    .iter()
                    .map(|origin| match origin {
                        Origin::Line { line, .. } => *line,
                        Origin::Flags => 0,
                    })
                    .collect()
            })
            .map_err(|error| error.to_string())
    }

    const GUID: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

    #[test]
    fn json_rows_are_named_by_the_line_their_object_starts_on() {
        let one = format!("{{\"guid\": \"{GUID}\", \"title\": \"t\"}}");
        assert_eq!(json(&format!("[\n{one},\n\n  {one}\n]\n")), Ok(vec![2, 4]));
        assert_eq!(json(" [ ] "), Ok(vec![]));
        assert_eq!(
            json(&format!("[{one}")),
            Err("f.json line 1: the array is not closed with `]`".to_owned())
        );
        assert_eq!(
            json(&format!("[{one} {one}]")),
            Err("f.json line 1: expected `,` or `]`".to_owned())
        );
        assert_eq!(
            json(&format!("[{one}]\n]")),
            Err("f.json line 2: unexpected text after the array".to_owned())
        );
        assert!(
            json(&format!("[{one},\n{{\"guid\": }}]"))
                .unwrap_err()
                .starts_with("f.json line 2: expected value"),
        );
        assert!(json(&one).unwrap_err().contains("--input-format ndjson"));
    }

    #[test]
    fn the_format_comes_from_the_extension_else_from_the_text() {
        assert_eq!(format_of_extension("a/b.JSONL"), Some(InputFormat::Ndjson));
        assert_eq!(format_of_extension("b.txt"), None);
        assert_eq!(sniff("\n  [{}]"), InputFormat::Json);
        assert_eq!(sniff("{}\n{}"), InputFormat::Ndjson);
        assert_eq!(sniff("title,pix_w\n"), InputFormat::Csv);
    }

    #[test]
    fn the_fields_are_those_of_the_api_in_its_order() {
        assert_eq!(columns::<ImageUpdate>(), ["guid", "title", "description"]);
        let images = columns::<NewImage>();
        assert_eq!(images.len(), 12);
        assert_eq!(images.first().map(String::as_str), Some("title"));
        assert_eq!(images.last().map(String::as_str), Some("pix_h"));
        // The SDK's types write the spec's fields, in its order: what a row may have is what is
        // sent.
        let written = |header: csv::StringRecord| -> Vec<String> {
            header.iter().map(str::to_owned).collect()
        };
        assert_eq!(written(sample_record::<NewImage>().0), images);
        assert_eq!(
            written(sample_record::<ImageUpdate>().0),
            columns::<ImageUpdate>()
        );
    }

    #[test]
    fn unknown_fields_are_refused_or_skipped_and_named() {
        let text = format!("guid,id,title,notes\n{GUID},7,New,x\n");
        let mut skipping = Fields::<ImageUpdate>::new(true);
        let rows = csv_rows::<ImageUpdate>(&source(), &text, &mut skipping).unwrap();
        assert_eq!(
            rows.items,
            [ImageUpdate::new(GUID.parse().unwrap()).title("New")]
        );
        assert_eq!(
            skipping.skipped_note("f.csv", InputFormat::Csv).as_deref(),
            Some(
                "note: f.csv: the columns id, notes are not read (updates have only guid, title, \
                 description)"
            )
        );
        let mut refusing = Fields::<ImageUpdate>::new(false);
        let error = csv_rows::<ImageUpdate>(&source(), &text, &mut refusing).unwrap_err();
        assert_eq!(error.field.as_deref(), Some("id"));
        assert!(
            error
                .to_string()
                .starts_with("f.json line 1: id is not a field of updates")
        );
    }

    #[test]
    fn rows_with_nothing_to_change_are_set_apart() {
        let text = format!("guid,title\n{GUID},\n{GUID},New\n");
        let rows = csv_rows::<ImageUpdate>(&source(), &text, &mut Fields::new(true)).unwrap();
        let (kept, empty) = rows.without_empty();
        assert_eq!(kept.items.len(), 1);
        assert_eq!(lines_text(&empty), "line 2");
        assert_eq!(rows_text(empty.len()), "1 row");
    }
}
