//! What every operation's reading of a body shares, as ASP.NET model binding reads: the
//! [`ModelState`] every invalid field is reported in under its `request.<path>` key, the readers
//! of integers, booleans, enums and the `library`, and the [`Reading`] of what the docs leave
//! open. Each operation's own reading is in its module of [`crate::operations`].

use std::collections::BTreeMap;
use std::fmt::Display;

use finerworks_api::Field;
use finerworks_api::fields::image_library::{self, ACCOUNT_KEY, NAME, SESSION_ID, SITE_ID};
use finerworks_api::limits::image_library::{
    NAME_DEFAULT, SESSION_ID_MAX_LENGTH, SESSION_ID_MIN_LENGTH,
};
use finerworks_api::types::LibraryName;
use serde_json::{Map, Value};

use crate::OverLimit;

/// The offending fields (`request.<path>`) and their messages.
pub(crate) type ModelState = BTreeMap<String, Vec<String>>;

/// How to read what the docs leave open.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Reading {
    /// What a `per_page` above the limit does.
    pub(crate) over_limit: OverLimit,
    /// Whether `page_number`, `per_page` and `list_products` are .NET `int?`/`bool?` (they take
    /// `null`), rather than `int`/`bool`; only the type names in the messages depend on it here.
    pub(crate) nullable_value_types: bool,
}

impl Reading {
    /// `value_type`, or `nullable` when value types are read as nullable.
    pub(crate) fn type_name(
        self,
        value_type: &'static str,
        nullable: &'static str,
    ) -> &'static str {
        if self.nullable_value_types {
            nullable
        } else {
            value_type
        }
    }
}

/// The largest value of a .NET `int`, which a field without a documented maximum still has.
pub(crate) const INT_MAX: i64 = i32::MAX as i64;

/// Collects the errors of one request.
#[derive(Default)]
pub(crate) struct Errors(pub(crate) ModelState);

impl Errors {
    pub(crate) fn add(&mut self, path: &str, message: String) {
        let key = if path.is_empty() {
            "request".to_owned()
        } else {
            format!("request.{path}")
        };
        self.0.entry(key).or_default().push(message);
    }

    pub(crate) fn required(&mut self, path: &str) {
        let name = path.rsplit('.').next().unwrap_or(path);
        self.add(path, format!("The {name} field is required."));
    }

    /// Newtonsoft's message for a value of the wrong JSON type.
    pub(crate) fn conversion(&mut self, path: &str, value: &Value, type_name: &str) {
        let mut text = value.to_string();
        if text.len() > 60 {
            text = format!("{}...", text.chars().take(60).collect::<String>());
        }
        self.add(
            path,
            format!("Error converting value {text} to type '{type_name}'. Path '{path}'."),
        );
    }

    /// ASP.NET's message for a value outside a field's choices.
    fn not_valid<T: Display>(&mut self, path: &str, value: &str, choices: &[T]) {
        let name = path.rsplit('.').next().unwrap_or(path);
        let choices: Vec<String> = choices.iter().map(ToString::to_string).collect();
        self.add(
            path,
            format!(
                "The value '{value}' is not valid for {name}. Expected one of: {}.",
                choices.join(", ")
            ),
        );
    }

    pub(crate) fn range(&mut self, path: &str, min: i64, max: i64) {
        self.add(
            path,
            format!("The field {path} must be between {min} and {max}."),
        );
    }
}

/// An enum field as .NET reads one: the choice (of `choices`, in their wire spelling) that `value`
/// names, in any case and with spaces around it; a `null` is read as unset.
pub(crate) fn choice<T: Display + Copy>(
    object: &Map<String, Value>,
    path: &str,
    choices: &[T],
    errors: &mut Errors,
) -> Option<T> {
    let name = path.rsplit('.').next().unwrap_or(path);
    match present(object, name)? {
        Value::String(text) => {
            let found = choices
                .iter()
                .find(|choice| choice.to_string().eq_ignore_ascii_case(text.trim()))
                .copied();
            if found.is_none() {
                errors.not_valid(path, text, choices);
            }
            found
        }
        other => {
            errors.conversion(path, other, "System.String");
            None
        }
    }
}

/// Whether the spec requires the field `name` of a schema whose fields are `fields` (a
/// `fields::<schema>::ALL`).
pub(crate) fn is_required(fields: &[Field], name: &str) -> bool {
    fields
        .iter()
        .any(|field| field.name == name && field.required)
}

/// A field's value, `None` when it is missing or `null`.
pub(crate) fn present<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object.get(name).filter(|value| !value.is_null())
}

/// A .NET `decimal` as Newtonsoft reads one: a number, or a string holding one.
pub(crate) fn decimal(value: &Value) -> Option<f64> {
    match value {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => text.trim().parse().ok().filter(|n: &f64| n.is_finite()),
        _ => None,
    }
}

/// An integer as Newtonsoft reads one: a whole number, or a string holding one.
pub(crate) fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(number) => number.as_i64().or_else(|| {
            number
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean as Newtonsoft reads one: `true`/`false`, or a string holding one.
pub(crate) fn boolean(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(flag) => Some(*flag),
        Value::String(text) if text.eq_ignore_ascii_case("true") => Some(true),
        Value::String(text) if text.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// Checks `library` (a field of the request schema whose fields are `request_fields`, required
/// when the spec says so) and the fields of its `image_library`; returns the library it names.
pub(crate) fn library(
    request: &Map<String, Value>,
    request_fields: &[Field],
    errors: &mut Errors,
) -> LibraryName {
    const LIBRARY: &str = "library";
    let library = match present(request, LIBRARY) {
        None => {
            if is_required(request_fields, LIBRARY) {
                errors.required(LIBRARY);
            }
            return NAME_DEFAULT;
        }
        Some(Value::Object(library)) => library,
        Some(other) => {
            errors.conversion(LIBRARY, other, "ApiC.Models.image_library");
            return NAME_DEFAULT;
        }
    };
    let path = |name: &str| format!("{LIBRARY}.{name}");
    let missing = |name: &str, errors: &mut Errors| {
        if is_required(image_library::ALL, name) {
            errors.required(&path(name));
        }
    };

    let lengths = SESSION_ID_MIN_LENGTH..=SESSION_ID_MAX_LENGTH;
    match present(library, SESSION_ID) {
        None => missing(SESSION_ID, errors),
        Some(Value::String(id)) if lengths.contains(&id.chars().count()) => {}
        Some(Value::String(_)) => errors.add(
            &path(SESSION_ID),
            format!(
                "The field {SESSION_ID} must be a string with a minimum length of \
                 {SESSION_ID_MIN_LENGTH} and a maximum length of {SESSION_ID_MAX_LENGTH}."
            ),
        ),
        Some(other) => errors.conversion(&path(SESSION_ID), other, "System.String"),
    }

    match present(library, SITE_ID) {
        None => missing(SITE_ID, errors),
        Some(value) if integer(value).and_then(|n| i32::try_from(n).ok()).is_some() => {}
        Some(other) => errors.conversion(&path(SITE_ID), other, "System.Int32"),
    }

    match present(library, ACCOUNT_KEY) {
        None => missing(ACCOUNT_KEY, errors),
        Some(Value::String(_)) => {}
        Some(other) => errors.conversion(&path(ACCOUNT_KEY), other, "System.String"),
    }

    if present(library, NAME).is_none() {
        missing(NAME, errors);
    }
    choice(library, &path(NAME), LibraryName::ALL, errors).unwrap_or(NAME_DEFAULT)
}
