//! `images add --report FILE`: what happened to each image, as JSON, so that a script can check
//! the images whose fate is unknown and send again those that were not added.

use std::fs;
use std::io;
use std::path::Path;

use finerworks::{Fate, NewImage};
use serde_json::{Value, json};

use crate::commands::Outcome;
use crate::failure::Failure;
use crate::input::Rows;

/// Writes the report: a summary, then one entry per image in input order, each with its input
/// line, its fields, its fate (`added` with its GUID, `not_added`, `unknown`) and, for those not
/// added, the error of its call.
pub(crate) fn write(path: &Path, rows: &Rows<NewImage>, outcome: &Outcome) -> Result<(), Failure> {
    let document = document(rows, outcome);
    let text = serde_json::to_string_pretty(&document).map_err(io::Error::other);
    text.and_then(|text| fs::write(path, text + "\n"))
        .map_err(|error| {
            Failure::Output(io::Error::new(
                error.kind(),
                format!("cannot write the report {}: {error}", path.display()),
            ))
        })
}

fn document(rows: &Rows<NewImage>, outcome: &Outcome) -> Value {
    let mut entries: Vec<Value> = rows
        .items
        .iter()
        .zip(&rows.origins)
        .zip(&outcome.images)
        .enumerate()
        .map(|(index, ((image, origin), created))| {
            let mut entry = json!({
                "index": index,
                "input": origin.to_string(),
                "fields": image,
            });
            if let Some(created) = created {
                entry["fate"] = json!("added");
                entry["guid"] = json!(created.guid());
            }
            entry
        })
        .collect();
    for batch in &outcome.failed {
        for index in batch.range.clone() {
            let entry = &mut entries[index];
            entry["fate"] = json!(match batch.fate {
                Fate::NotAdded => "not_added",
                _ => "unknown",
            });
            entry["error"] = json!(batch.error.to_string());
        }
    }
    let count = |fate: &str| entries.iter().filter(|entry| entry["fate"] == fate).count();
    json!({
        "interrupted": outcome.interrupted,
        "images": rows.items.len(),
        "added": count("added"),
        "not_added": count("not_added"),
        "unknown": count("unknown"),
        "entries": entries,
    })
}
