//! What a `--from` file may hold besides its rows' fields, and how the notes about what was
//! skipped name it: the fields a row may have (the others refused, or skipped and named), and
//! rows named by their lines.

use super::{InputError, Origin, Row, columns};
use crate::cli::InputFormat;

/// The fields a row of `T` may have, and what to do with the others: refuse the first, or skip
/// them all and remember their names for a note.
pub(super) struct Fields<T> {
    /// The fields of `T`, in the API's order.
    known: Vec<String>,
    /// Whether other fields are skipped rather than refused.
    skip: bool,
    /// The other fields met so far, in the order first met.
    skipped: Vec<String>,
    row: std::marker::PhantomData<T>,
}

impl<T: Row> Fields<T> {
    pub(super) fn new(skip: bool) -> Self {
        Self {
            known: columns::<T>(),
            skip,
            skipped: Vec::new(),
            row: std::marker::PhantomData,
        }
    }

    pub(super) fn is_known(&self, name: &str) -> bool {
        self.known.iter().any(|known| known == name)
    }

    /// Refuses `name` (met `at`) if it is not a field of `T` and such fields are not skipped;
    /// remembers it if they are.
    pub(super) fn check(&mut self, at: &Origin, name: &str) -> Result<(), InputError> {
        if self.is_known(name) {
            return Ok(());
        }
        if !self.skip {
            let mut problem = format!(
                "is not a field of {} (the fields are {})",
                T::NOUN,
                self.known.join(", ")
            );
            if !T::SKIPS_UNKNOWN_FIELDS {
                problem.push_str("; --ignore-unknown-fields skips such columns");
            }
            return Err(InputError::new(
                Some(at.clone()),
                Some(name.to_owned()),
                problem,
            ));
        }
        if !self.skipped.iter().any(|skipped| skipped == name) {
            self.skipped.push(name.to_owned());
        }
        Ok(())
    }

    /// Refuses a row (met `at`) that lacks a field the spec requires of `T`, naming the first in
    /// the API's order; `has` says whether the row has a field (with a value).
    pub(super) fn require(
        &self,
        at: &Origin,
        has: impl Fn(&str) -> bool,
    ) -> Result<(), InputError> {
        match T::FIELDS
            .iter()
            .find(|field| field.required && !has(field.name))
        {
            Some(field) => Err(InputError::new(
                Some(at.clone()),
                Some(field.name.to_owned()),
                "is required",
            )),
            None => Ok(()),
        }
    }

    /// Refuses a CSV header (met `at`) without a column for a field the spec requires of `T`.
    pub(super) fn require_columns(
        &self,
        at: &Origin,
        header: &csv::StringRecord,
    ) -> Result<(), InputError> {
        self.require(at, |name| header.iter().any(|column| column == name))
            .map_err(|mut error| {
                error.problem = format!(
                    "is required: the header has no such column ({} have {})",
                    T::NOUN,
                    self.known.join(", ")
                );
                error
            })
    }

    /// The note naming the fields skipped, if any.
    pub(super) fn skipped_note(&self, source: &str, format: InputFormat) -> Option<String> {
        let (first, rest) = self.skipped.split_first()?;
        let what = match (format, rest.is_empty()) {
            (InputFormat::Csv, true) => "the column",
            (InputFormat::Csv, false) => "the columns",
            (_, true) => "the field",
            (_, false) => "the fields",
        };
        let names = std::iter::once(first)
            .chain(rest)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        Some(format!(
            "note: {source}: {what} {names} {} not read ({} have only {})",
            if rest.is_empty() { "is" } else { "are" },
            T::NOUN,
            self.known.join(", ")
        ))
    }
}

/// "1 row", "2 rows".
pub(super) fn rows_text(count: usize) -> String {
    if count == 1 {
        "1 row".to_owned()
    } else {
        format!("{count} rows")
    }
}

/// Where rows are, in short: `line 3, line 7 (index 1)`, at most ten of them.
pub(super) fn lines_text(origins: &[Origin]) -> String {
    const SHOWN: usize = 10;
    let mut parts: Vec<String> = origins
        .iter()
        .take(SHOWN)
        .map(|origin| match origin {
            Origin::Line {
                line, index: None, ..
            } => format!("line {line}"),
            Origin::Line {
                line,
                index: Some(index),
                ..
            } => format!("line {line} (index {index})"),
            Origin::Flags => "the flags".to_owned(),
        })
        .collect();
    if origins.len() > SHOWN {
        parts.push(format!("and {} more", origins.len() - SHOWN));
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use finerworks::{ImageUpdate, NewImage};

    use super::super::csv_rows::csv_rows;
    use super::super::{json_rows, ndjson_rows};
    use super::*;

    const GUID: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

    fn source() -> Arc<str> {
        Arc::from("f.json")
    }

    /// A row without a field the spec requires is refused while reading, naming the field and
    /// the row, before anything is sent.
    #[test]
    fn a_missing_required_field_is_named_with_its_row() {
        let update = |text: &str| {
            csv_rows::<ImageUpdate>(&source(), text, &mut Fields::new(true))
                .map(|rows| rows.items.len())
                .map_err(|error| error.to_string())
        };
        assert_eq!(
            update(&format!("guid,title\n{GUID},a\n,b\n")),
            Err("f.json line 3: guid is required".to_owned())
        );
        assert_eq!(
            update("title\nNew\n"),
            Err(
                "f.json line 1: guid is required: the header has no such column (updates have \
                 guid, title, description)"
                    .to_owned()
            )
        );
        let json = format!("[{{\"guid\": \"{GUID}\"}},\n {{\"guid\": null, \"title\": \"t\"}}]");
        let error =
            json_rows::<ImageUpdate>(&source(), &json, &mut Fields::new(false)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "f.json line 2 (index 1): guid is required"
        );
        assert_eq!(error.field.as_deref(), Some("guid"));

        let image = r#"{"file_name": "a.jpg", "file_size": 1, "thumbnail_file_name": "a.jpg",
            "preview_file_name": "a.jpg", "hires_file_name": "a.jpg",
            "public_thumbnail_uri": "https://example.com/a.jpg",
            "public_preview_uri": "https://example.com/a.jpg",
            "private_hires_uri": "https://example.com/a.jpg", "pix_w": 1}"#;
        let text = format!("{}\n", image.replace('\n', " "));
        let error = ndjson_rows::<NewImage>(&source(), &text, &mut Fields::new(false)).unwrap_err();
        assert_eq!(error.to_string(), "f.json line 1: pix_h is required");
    }
}
