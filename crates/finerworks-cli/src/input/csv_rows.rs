//! CSV rows of a `--from` file: a header of field names, then a row each; an error names the line
//! and, when it can be found, the column.

use std::sync::Arc;

use super::{Fields, InputError, Origin, Row, Rows, sample_record};
use crate::safe;

/// CSV with a header of field names; empty cells are fields left out, and a row without a field
/// the spec requires is refused. A cell that
/// `images list --format csv` guarded against spreadsheet formulas is read as the API wrote it
/// ([`safe::csv_cell_text`]).
pub(super) fn csv_rows<T: Row>(
    source: &Arc<str>,
    text: &str,
    fields: &mut Fields<T>,
) -> Result<Rows<T>, InputError> {
    let at = |line: u64| Origin::Line {
        source: Arc::clone(source),
        line: usize::try_from(line).unwrap_or(usize::MAX),
        index: None,
    };
    let csv_error = |error: csv::Error| {
        let line = error.position().map_or(1, csv::Position::line);
        let problem = match error.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => format!("has {len} cells where the header has {expected_len}"),
            csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8".to_owned(),
            _ => error.to_string(),
        };
        InputError::new(Some(at(line)), None, problem)
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(csv_error)?.clone();
    for name in &headers {
        fields.check(&at(1), name)?;
    }
    fields.require_columns(&at(1), &headers)?;
    let mut rows = Rows::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let origin = at(record.position().map_or(0, csv::Position::line));
        let record: csv::StringRecord = record.iter().map(safe::csv_cell_text).collect();
        // An empty cell is a field left out.
        fields.require(&origin, |name| {
            headers
                .iter()
                .position(|column| column == name)
                .and_then(|index| record.get(index))
                .is_some_and(|cell| !cell.is_empty())
        })?;
        let row = record
            .deserialize::<T>(Some(&headers))
            .map_err(|error| csv_row_error::<T>(&error, &headers, &record, &origin))?;
        rows.push(origin, row);
    }
    Ok(rows)
}

/// Why a CSV row cannot be read, naming its column: the one csv names, else the first whose cell,
/// put in a row of valid values, still cannot be read.
fn csv_row_error<T: Row>(
    error: &csv::Error,
    headers: &csv::StringRecord,
    record: &csv::StringRecord,
    at: &Origin,
) -> InputError {
    let csv::ErrorKind::Deserialize { err, .. } = error.kind() else {
        return InputError::new(Some(at.clone()), None, error.to_string());
    };
    let named = err
        .field()
        .and_then(|index| headers.get(usize::try_from(index).ok()?));
    let field = named.or_else(|| {
        let (sample_header, sample) = sample_record::<T>();
        let valid = |name: &str| {
            sample_header
                .iter()
                .position(|known| known == name)
                .and_then(|index| sample.get(index))
                .unwrap_or("")
        };
        let probe = |probed: Option<usize>| {
            let cells = headers.iter().enumerate().map(|(index, other)| {
                if Some(index) == probed {
                    record.get(index).unwrap_or("")
                } else {
                    valid(other)
                }
            });
            let row = csv::StringRecord::from_iter(cells);
            row.deserialize::<T>(Some(headers)).is_ok()
        };
        // Without any of the row's own cells it must be readable (no column is missing).
        if !probe(None) {
            return None;
        }
        (0..headers.len())
            .find(|&index| !probe(Some(index)))
            .and_then(|index| headers.get(index))
    });
    let problem = match field {
        Some(_) => format!("cannot be read: {}", err.kind()),
        None => err.kind().to_string(),
    };
    InputError::new(Some(at.clone()), field.map(str::to_owned), problem)
}
