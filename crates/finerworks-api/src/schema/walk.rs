//! The walk behind [`Validator`](super::Validator): a value against a schema, keyword by keyword.

use chrono::NaiveDate;
use serde_json::{Map, Number, Value};

use super::{Rule, Violation};
use crate::Timestamp;

/// How deep schemas may nest (through `$ref`, `allOf` and the value) before the walk gives up,
/// which only a `$ref` cycle reaches.
const MAX_DEPTH: usize = 128;

/// Where the walk is: the path and the pointer, built together.
#[derive(Default)]
pub(super) struct Place {
    path: String,
    pointer: String,
}

impl Place {
    /// Runs `f` one property further in.
    fn field<R>(&mut self, name: &str, f: impl FnOnce(&mut Place) -> R) -> R {
        let (path_len, pointer_len) = (self.path.len(), self.pointer.len());
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(name);
        self.pointer.push('/');
        self.pointer
            .push_str(&name.replace('~', "~0").replace('/', "~1"));
        let result = f(self);
        self.path.truncate(path_len);
        self.pointer.truncate(pointer_len);
        result
    }

    /// Runs `f` one array item further in.
    fn index<R>(&mut self, index: usize, f: impl FnOnce(&mut Place) -> R) -> R {
        let (path_len, pointer_len) = (self.path.len(), self.pointer.len());
        self.path.push_str(&format!("[{index}]"));
        self.pointer.push_str(&format!("/{index}"));
        let result = f(self);
        self.path.truncate(path_len);
        self.pointer.truncate(pointer_len);
        result
    }
}

/// One walk: the document `$ref`s resolve in, what to report beyond the schema's rules, and what
/// was found so far.
pub(super) struct Walk<'a> {
    spec: &'a Value,
    report_unknown: bool,
    report_missing: bool,
    pub(super) found: Vec<Violation>,
}

impl<'a> Walk<'a> {
    pub(super) fn new(spec: &'a Value, report_unknown: bool, report_missing: bool) -> Self {
        Walk {
            spec,
            report_unknown,
            report_missing,
            found: Vec::new(),
        }
    }

    fn report(&mut self, place: &Place, rule: Rule, message: String) {
        let violation = Violation {
            path: place.path.clone(),
            pointer: place.pointer.clone(),
            rule,
            message,
        };
        // A keyword repeated in an `allOf` part (`type` often is) reports once.
        if !self.found.contains(&violation) {
            self.found.push(violation);
        }
    }

    /// The schema a `$ref` points to.
    fn target(&self, reference: &str) -> Option<&'a Value> {
        let pointer = reference.strip_prefix('#')?;
        let spec: &'a Value = self.spec;
        spec.pointer(pointer)
    }

    /// Checks `value` against `schema`. `owner` is false within `allOf` parts, whose owner
    /// decides which properties are unknown or missing.
    pub(super) fn value(
        &mut self,
        schema: &Value,
        value: &Value,
        place: &mut Place,
        depth: usize,
        owner: bool,
    ) {
        if depth > MAX_DEPTH {
            self.report(
                place,
                Rule::Schema,
                "the schema nests too deep (a $ref cycle?)".into(),
            );
            return;
        }
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            match self.target(reference) {
                Some(target) => self.value(target, value, place, depth + 1, owner),
                None => self.report(
                    place,
                    Rule::Schema,
                    format!("$ref {reference} cannot be resolved"),
                ),
            }
            return;
        }
        let declared = schema.get("type").and_then(Value::as_str);
        if value.is_null() {
            if schema.get("nullable").and_then(Value::as_bool) == Some(true) {
                return;
            }
            if declared.is_some() {
                self.report(
                    place,
                    Rule::Nullable,
                    "null is not allowed (not nullable)".into(),
                );
                return;
            }
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            for part in parts {
                self.value(part, value, place, depth + 1, false);
            }
        }
        if let Some(choices) = schema.get("enum").and_then(Value::as_array)
            && !choices.contains(value)
        {
            let listed: Vec<String> = choices.iter().map(Value::to_string).collect();
            self.report(
                place,
                Rule::Enum,
                format!("{value} is not one of {}", listed.join(", ")),
            );
        }
        let Some(declared) = declared else {
            // An untyped `allOf` owner still decides which of its parts' properties are known.
            if let (true, Value::Object(object)) = (owner && schema.get("allOf").is_some(), value) {
                self.coverage(schema, object, place);
            }
            return;
        };
        match (declared, value) {
            ("object", Value::Object(object)) => self.object(schema, object, place, depth, owner),
            ("array", Value::Array(items)) => self.array(schema, items, place, depth),
            ("string", Value::String(text)) => self.string(schema, text, place),
            ("integer", Value::Number(number)) if integral(number) => {
                self.integer(schema, number, place);
                self.bounds(schema, number, place);
            }
            ("number", Value::Number(number)) => self.bounds(schema, number, place),
            ("boolean", Value::Bool(_)) => {}
            ("object" | "array" | "string" | "integer" | "number" | "boolean", other) => {
                self.report(
                    place,
                    Rule::Type,
                    format!("expected {declared}, got {}", kind(other)),
                );
            }
            (unknown, _) => {
                self.report(place, Rule::Schema, format!("unsupported type {unknown:?}"));
            }
        }
    }

    fn object(
        &mut self,
        schema: &Value,
        object: &Map<String, Value>,
        place: &mut Place,
        depth: usize,
        owner: bool,
    ) {
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for name in required.iter().filter_map(Value::as_str) {
                if !object.contains_key(name) {
                    place.field(name, |place| {
                        self.report(place, Rule::Required, "required but missing".into());
                    });
                }
            }
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        let additional = schema.get("additionalProperties");
        for (name, item) in object {
            if let Some(property) = properties.and_then(|p| p.get(name)) {
                place.field(name, |place| {
                    self.value(property, item, place, depth + 1, true)
                });
                continue;
            }
            match additional {
                Some(Value::Bool(false)) => place.field(name, |place| {
                    self.report(
                        place,
                        Rule::UnknownProperty,
                        "not allowed (additionalProperties is false)".into(),
                    );
                }),
                Some(extra @ Value::Object(_)) => {
                    place.field(name, |place| {
                        self.value(extra, item, place, depth + 1, true)
                    });
                }
                _ => {}
            }
        }
        if owner {
            self.coverage(schema, object, place);
        }
    }

    /// The opt-in reports about an object as a whole, made once by the schema that owns it (not
    /// by its `allOf` parts): properties that `schema` and its parts do not describe, and
    /// described properties the object lacks. A free-form object (no `properties` anywhere)
    /// reports neither.
    fn coverage(&mut self, schema: &Value, object: &Map<String, Value>, place: &mut Place) {
        if !self.report_unknown && !self.report_missing {
            return;
        }
        let Some(described) = self.described(schema, 0) else {
            return;
        };
        if self.report_unknown {
            // Properties `additionalProperties` rules on were checked by `object`.
            let open = matches!(
                schema.get("additionalProperties"),
                None | Some(Value::Bool(true))
            );
            for name in object.keys() {
                if open && !described.iter().any(|n| n == name) {
                    place.field(name, |place| {
                        self.report(
                            place,
                            Rule::UnknownProperty,
                            "not described by the schema".into(),
                        );
                    });
                }
            }
        }
        if self.report_missing {
            let mut reported = Vec::new();
            for name in &described {
                if object.contains_key(name) || reported.contains(&name) {
                    continue;
                }
                reported.push(name);
                place.field(name, |place| {
                    // A `required` property is already reported as such.
                    let required = self
                        .found
                        .iter()
                        .any(|v| v.rule == Rule::Required && v.pointer == place.pointer);
                    if !required {
                        self.report(place, Rule::MissingProperty, "described but missing".into());
                    }
                });
            }
        }
    }

    /// The properties `schema` and its `allOf` parts describe, or `None` for a free-form object
    /// (no `properties` anywhere).
    fn described(&self, schema: &Value, depth: usize) -> Option<Vec<String>> {
        if depth > MAX_DEPTH {
            return None;
        }
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            return self
                .target(reference)
                .and_then(|t| self.described(t, depth + 1));
        }
        let mut names: Option<Vec<String>> = schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect());
        for part in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(more) = self.described(part, depth + 1) {
                names.get_or_insert_with(Vec::new).extend(more);
            }
        }
        names
    }

    fn array(&mut self, schema: &Value, items: &[Value], place: &mut Place, depth: usize) {
        let len = items.len() as u64;
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
            && len < min
        {
            self.report(
                place,
                Rule::MinItems,
                format!("{}, fewer than the minimum {min}", counted(len, "item")),
            );
        }
        if let Some(max) = schema.get("maxItems").and_then(Value::as_u64)
            && len > max
        {
            self.report(
                place,
                Rule::MaxItems,
                format!("{}, more than the maximum {max}", counted(len, "item")),
            );
        }
        if let Some(item_schema) = schema.get("items") {
            for (index, item) in items.iter().enumerate() {
                place.index(index, |place| {
                    self.value(item_schema, item, place, depth + 1, true)
                });
            }
        }
    }

    fn string(&mut self, schema: &Value, text: &str, place: &Place) {
        let chars = text.chars().count() as u64;
        if let Some(min) = schema.get("minLength").and_then(Value::as_u64)
            && chars < min
        {
            self.report(
                place,
                Rule::MinLength,
                format!(
                    "{}, fewer than the minimum {min}",
                    counted(chars, "character")
                ),
            );
        }
        if let Some(max) = schema.get("maxLength").and_then(Value::as_u64)
            && chars > max
        {
            self.report(
                place,
                Rule::MaxLength,
                format!(
                    "{}, more than the maximum {max}",
                    counted(chars, "character")
                ),
            );
        }
        let format = schema
            .get("format")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let fits = match format {
            "uuid" => is_uuid(text),
            "date" => is_date(text),
            "date-time" => text.parse::<Timestamp>().is_ok(),
            _ => true,
        };
        if !fits {
            self.report(
                place,
                Rule::Format,
                format!("{text:?} is not a valid {format}"),
            );
        }
    }

    fn integer(&mut self, schema: &Value, number: &Number, place: &Place) {
        let format = schema
            .get("format")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let value = number.as_i64().map(i128::from).or_else(|| {
            number
                .as_u64()
                .map(i128::from)
                // Integral and within ±2^63 here, so the conversion is exact.
                .or_else(|| number.as_f64().map(|f| f as i128))
        });
        let fits = match format {
            "int32" => value.is_some_and(|n| i32::try_from(n).is_ok()),
            "int64" => value.is_some_and(|n| i64::try_from(n).is_ok()),
            _ => true,
        };
        if !fits {
            self.report(
                place,
                Rule::Format,
                format!("{number} does not fit {format}"),
            );
        }
    }

    fn bounds(&mut self, schema: &Value, number: &Number, place: &Place) {
        let Some(value) = number.as_f64() else {
            return;
        };
        let exclusive = |name: &str| schema.get(name).and_then(Value::as_bool) == Some(true);
        if let Some(min) = schema.get("minimum").and_then(Value::as_f64) {
            let strict = exclusive("exclusiveMinimum");
            if value < min || (strict && value <= min) {
                let bound = if strict {
                    "the exclusive minimum"
                } else {
                    "the minimum"
                };
                self.report(
                    place,
                    Rule::Minimum,
                    format!("{number} is less than {bound} {}", schema["minimum"]),
                );
            }
        }
        if let Some(max) = schema.get("maximum").and_then(Value::as_f64) {
            let strict = exclusive("exclusiveMaximum");
            if value > max || (strict && value >= max) {
                let bound = if strict {
                    "the exclusive maximum"
                } else {
                    "the maximum"
                };
                self.report(
                    place,
                    Rule::Maximum,
                    format!("{number} is greater than {bound} {}", schema["maximum"]),
                );
            }
        }
    }
}

/// Whether a JSON number is a whole number (`2` and `2.0` are; JSON does not tell them apart).
fn integral(number: &Number) -> bool {
    number.is_i64()
        || number.is_u64()
        || number
            .as_f64()
            .is_some_and(|f| f.fract() == 0.0 && f.abs() < 9.2e18)
}

/// `1 item`, `2 items`.
fn counted(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The JSON type of a value, as a schema names it.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(number) if integral(number) => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A UUID in its hyphenated form (`8-4-4-4-12` hex digits, any case).
fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.bytes().enumerate().all(|(at, byte)| match at {
            8 | 13 | 18 | 23 => byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        })
}

/// A full date `YYYY-MM-DD` that exists.
fn is_date(text: &str) -> bool {
    text.len() == 10
        && text.bytes().enumerate().all(|(at, byte)| match at {
            4 | 7 => byte == b'-',
            _ => byte.is_ascii_digit(),
        })
        && NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}
