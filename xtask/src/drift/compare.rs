//! Comparing one answer with the schema the spec gives it, as [`finerworks_api::schema`] walks
//! it, with its opt-in reports of undescribed and missing properties; and checking first that the
//! spec file has the fields the compiled crate knows (`finerworks_api::fields`).

use std::collections::{BTreeMap, BTreeSet};

use finerworks_api::schema::{Rule, Validator};
use serde_json::Value;

use crate::generate::SPEC;

/// What disagrees between an answer and its schema in the spec, as [`finerworks_api::schema`]
/// finds it.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Report {
    /// Fields the response has and the spec does not describe: path -> JSON type.
    pub(crate) undescribed: BTreeMap<String, String>,
    /// Fields whose value does not fit the spec (its type, `null`, its format, or any other rule
    /// of the schema): path -> what is wrong.
    pub(crate) mismatched: BTreeMap<String, String>,
    /// Fields the spec describes that no object of that kind in the response had, with array
    /// indexes left out (`$.images[].pix_w`), sorted.
    pub(crate) missing: Vec<String>,
}

impl Report {
    pub(crate) fn is_empty(&self) -> bool {
        self.undescribed.is_empty() && self.mismatched.is_empty() && self.missing.is_empty()
    }

    pub(crate) fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        lines.extend(
            self.undescribed
                .iter()
                .map(|(path, ty)| format!("undescribed {path}: {ty}")),
        );
        lines.extend(
            self.mismatched
                .iter()
                .map(|(path, what)| format!("mismatched {path}: {what}")),
        );
        lines.extend(self.missing.iter().map(|path| format!("missing {path}")));
        lines
    }
}

/// Compares an answer with the schema `#/components/schemas/<schema>` of the spec. A spec the
/// walk cannot follow (a dangling `$ref`, an unknown `type`, no such schema) is an error, not a
/// report.
pub(crate) fn compare(spec: &Value, schema: &str, response: &Value) -> Result<Report, String> {
    let found = Validator::new(spec)
        .report_unknown_properties(true)
        .report_missing_properties(true)
        .validate(schema, response);
    let mut report = Report::default();
    let mut missing = BTreeSet::new();
    for violation in found {
        let path = match violation.path.as_str() {
            "" => "$".to_string(),
            path if path.starts_with('[') => format!("${path}"),
            path => format!("$.{path}"),
        };
        match violation.rule {
            Rule::Schema => return Err(format!("{SPEC}: at {path}: {}", violation.message)),
            Rule::UnknownProperty => {
                let value = response.pointer(&violation.pointer).unwrap_or(&Value::Null);
                report
                    .undescribed
                    .insert(path, json_type(value).to_string());
            }
            // Reported for each object that lacks the field; drift is a field no object has.
            Rule::MissingProperty => {
                let (pattern, seen) = seen_anywhere(response, &violation.pointer);
                if !seen {
                    missing.insert(pattern);
                }
            }
            _ => {
                let entry = report.mismatched.entry(path).or_default();
                if !entry.is_empty() {
                    entry.push_str("; ");
                }
                entry.push_str(&violation.message);
            }
        }
    }
    report.missing = missing.into_iter().collect();
    Ok(report)
}

/// Checks that the spec file drift compares answers with has the fields the compiled
/// `finerworks-api` decodes (`finerworks_api::fields`, generated from the spec): the same schemas,
/// each with the same field names and required flags. When they differ, a "matches" from drift
/// would not hold for the SDK, which drops every field its types do not have.
pub(crate) fn fields_agree(spec: &Value) -> Result<(), String> {
    let schemas = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .ok_or_else(|| format!("{SPEC} has no components.schemas"))?;
    let mut in_spec = BTreeMap::new();
    for (name, schema) in schemas {
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            continue;
        };
        let required: BTreeSet<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let fields: BTreeSet<(String, bool)> = properties
            .keys()
            .map(|field| (field.clone(), required.contains(field.as_str())))
            .collect();
        in_spec.insert(name.clone(), fields);
    }
    let in_crate: BTreeMap<String, BTreeSet<(String, bool)>> = finerworks_api::fields::SCHEMAS
        .iter()
        .map(|(name, fields)| {
            let fields = fields
                .iter()
                .map(|field| (field.name.to_string(), field.required))
                .collect();
            (name.to_string(), fields)
        })
        .collect();
    let names: BTreeSet<&String> = in_spec.keys().chain(in_crate.keys()).collect();
    let differ: Vec<String> = names
        .into_iter()
        .filter(|name| in_spec.get(*name) != in_crate.get(*name))
        .map(|name| {
            let describe = |fields: Option<&BTreeSet<(String, bool)>>| {
                fields.map_or("none".to_string(), |fields| {
                    let names: Vec<String> = fields
                        .iter()
                        .map(|(field, required)| {
                            if *required {
                                format!("{field} (required)")
                            } else {
                                field.clone()
                            }
                        })
                        .collect();
                    names.join(", ")
                })
            };
            format!(
                "{name}: the spec has {}; the crate has {}",
                describe(in_spec.get(name)),
                describe(in_crate.get(name))
            )
        })
        .collect();
    if differ.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{SPEC} and the fields finerworks-api was generated with differ; run `cargo xtask \
         generate` and rebuild:\n  {}",
        differ.join("\n  ")
    ))
}

/// For the pointer to a field missing from one object of `response`: its place with array
/// indexes left out (`$.images[].pix_w`), and whether any object at that place, in any item of
/// those arrays, has the field.
fn seen_anywhere(response: &Value, pointer: &str) -> (String, bool) {
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect();
    let Some((field, parents)) = tokens.split_last() else {
        return ("$".to_string(), true);
    };
    let mut pattern = "$".to_string();
    // One object along the pointer, and every object of its kind.
    let mut along = Some(response);
    let mut all = vec![response];
    for token in parents {
        match along {
            Some(Value::Array(items)) => {
                pattern.push_str("[]");
                along = token
                    .parse::<usize>()
                    .ok()
                    .and_then(|index| items.get(index));
                all = all
                    .into_iter()
                    .filter_map(Value::as_array)
                    .flatten()
                    .collect();
            }
            _ => {
                pattern.push('.');
                pattern.push_str(token);
                along = along.and_then(|value| value.get(token));
                all = all
                    .into_iter()
                    .filter_map(|value| value.get(token))
                    .collect();
            }
        }
    }
    pattern.push('.');
    pattern.push_str(field);
    let seen = all.iter().any(|value| value.get(field).is_some());
    (pattern, seen)
}

/// The JSON type of a value, as a schema would name it.
fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests;
