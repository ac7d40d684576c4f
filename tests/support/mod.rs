//! The contract tests' helpers: fixture loading and the raw-vs-typed diff.

#![allow(dead_code, unreachable_pub)]

use serde_json::Value;

/// A fixture from `tests/fixtures/`, by file name.
pub fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What a decode-then-encode round trip did to a JSON document, one line a field, sorted by path.
///
/// - `dropped <path>: <raw>`: the raw document has it, the typed model does not keep it;
/// - `rewritten <path>: <raw> -> <typed>`: the model writes back a different value;
/// - `added <path>: <typed>`: the model writes a field the raw document does not have.
///
/// An explicit `null` and an absent field count as equal (the model omits `None` fields, and
/// FinerWorks treats both alike). Numbers compare as JSON values, so `113.0` written back as
/// `113.0` is equal and `113` would be a rewrite.
pub fn round_trip_diff(raw: &Value, typed: &Value) -> Vec<String> {
    let mut lines = Vec::new();
    diff_into(raw, typed, "$", &mut lines);
    lines.sort();
    lines
}

fn diff_into(raw: &Value, typed: &Value, path: &str, lines: &mut Vec<String>) {
    match (raw, typed) {
        (Value::Object(raw), Value::Object(typed)) => {
            for (key, raw_value) in raw {
                let child = format!("{path}.{key}");
                match typed.get(key) {
                    Some(typed_value) => diff_into(raw_value, typed_value, &child, lines),
                    None if raw_value.is_null() => {}
                    None => lines.push(format!("dropped {child}: {}", excerpt(raw_value))),
                }
            }
            for (key, typed_value) in typed {
                if !raw.contains_key(key) && !typed_value.is_null() {
                    lines.push(format!("added {path}.{key}: {}", excerpt(typed_value)));
                }
            }
        }
        (Value::Array(raw), Value::Array(typed)) if raw.len() == typed.len() => {
            for (index, (raw, typed)) in raw.iter().zip(typed).enumerate() {
                diff_into(raw, typed, &format!("{path}[{index}]"), lines);
            }
        }
        (raw, typed) if raw == typed => {}
        (raw, typed) => lines.push(format!(
            "rewritten {path}: {} -> {}",
            excerpt(raw),
            excerpt(typed)
        )),
    }
}

fn excerpt(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 {
        format!("{}...", text.chars().take(60).collect::<String>())
    } else {
        text
    }
}

#[test]
fn the_diff_sees_drops_rewrites_and_additions() {
    let raw = serde_json::json!({"a": 1, "b": {"c": 113.0, "gone": true}, "n": null, "l": [1, 2]});
    let typed = serde_json::json!({"a": 1, "b": {"c": 113}, "l": [1, 3], "new": "x"});
    assert_eq!(
        round_trip_diff(&raw, &typed),
        [
            "added $.new: \"x\"",
            "dropped $.b.gone: true",
            "rewritten $.b.c: 113.0 -> 113",
            "rewritten $.l[1]: 2 -> 3",
        ]
    );
}
