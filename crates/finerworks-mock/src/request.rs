//! Reading a `list_images` request body field by field, the way ASP.NET model binding does: every
//! invalid field is reported under its `request.<path>` key.

use std::collections::BTreeMap;

use std::fmt::Display;

use chrono::NaiveDate;
use finerworks_api::Timestamp;
use finerworks_api::limits::image_library::{
    NAME_DEFAULT, SESSION_ID_MAX_LENGTH, SESSION_ID_MIN_LENGTH,
};
use finerworks_api::limits::list_images_request::{
    LIST_PRODUCTS_DEFAULT, PAGE_NUMBER_MAX, PAGE_NUMBER_MIN, PER_PAGE_DEFAULT, PER_PAGE_MAX,
    PER_PAGE_MIN, SORT_DIRECTION_DEFAULT, SORT_FIELD_DEFAULT,
};
use finerworks_api::types::{LibraryName, SortDirection, SortField};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::OverLimit;
use crate::data::Selection;

/// The offending fields (`request.<path>`) and their messages.
pub(crate) type ModelState = BTreeMap<String, Vec<String>>;

/// A valid `list_images` request.
#[derive(Debug)]
pub(crate) struct Query {
    pub(crate) library: LibraryName,
    pub(crate) list_products: bool,
    /// The page size the request asked for (the spec's default when it did not say);
    /// `selection.per_page` is what the server serves.
    pub(crate) asked_per_page: u32,
    pub(crate) selection: Selection,
}

impl Default for Query {
    /// A request that sets nothing but the required fields: every default of the spec.
    fn default() -> Self {
        Query {
            library: NAME_DEFAULT,
            list_products: LIST_PRODUCTS_DEFAULT,
            asked_per_page: PER_PAGE_DEFAULT,
            selection: Selection::default(),
        }
    }
}

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
    fn type_name(self, value_type: &'static str, nullable: &'static str) -> &'static str {
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
fn choice<T: Display + Copy>(
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

/// A field's value, `None` when it is missing or `null`.
pub(crate) fn present<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object.get(name).filter(|value| !value.is_null())
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
fn boolean(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(flag) => Some(*flag),
        Value::String(text) if text.eq_ignore_ascii_case("true") => Some(true),
        Value::String(text) if text.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// A day such as `2025-10-27`; a full timestamp counts as its day.
fn date(value: &Value) -> Option<NaiveDate> {
    let text = value.as_str()?.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .or_else(|| {
            text.parse::<Timestamp>()
                .ok()
                .map(|t| t.naive_local().date())
        })
}

/// Reads `body` into a [`Query`], or every reason it is not one. A `null` is read as a field left
/// out (see [`crate::nulls`] for the other reading).
pub(crate) fn parse(body: &Value, reading: Reading) -> Result<Query, ModelState> {
    let mut errors = Errors::default();
    let Value::Object(request) = body else {
        errors.conversion("", body, "ApiC.Models.list_images_request");
        return Err(errors.0);
    };

    let library = library(request, &mut errors);

    let search = match present(request, "search_filter") {
        None => None,
        Some(Value::String(text)) => Some(text.to_lowercase()).filter(|t| !t.is_empty()),
        Some(other) => {
            errors.conversion("search_filter", other, "System.String");
            None
        }
    };

    let guids = match present(request, "guid_filter") {
        None => None,
        Some(Value::Array(items)) => {
            let mut guids = Vec::with_capacity(items.len());
            for (index, item) in items.iter().enumerate() {
                match item.as_str().and_then(|text| Uuid::parse_str(text).ok()) {
                    Some(guid) => guids.push(guid),
                    None => {
                        errors.conversion(&format!("guid_filter[{index}]"), item, "System.Guid");
                    }
                }
            }
            // An empty list filters nothing, like a missing one.
            Some(guids).filter(|g| !g.is_empty())
        }
        Some(other) => {
            errors.conversion(
                "guid_filter",
                other,
                "System.Collections.Generic.List`1[System.Guid]",
            );
            None
        }
    };

    let int = reading.type_name("System.Int32", "System.Nullable`1[System.Int32]");
    let page_numbers = i64::from(PAGE_NUMBER_MIN)..=i64::from(PAGE_NUMBER_MAX);
    let page_number = bounded(request, "page_number", page_numbers, int, &mut errors);
    let per_page_max = match reading.over_limit {
        OverLimit::Reject => i64::from(PER_PAGE_MAX),
        OverLimit::Cap => INT_MAX,
    };
    let per_pages = i64::from(PER_PAGE_MIN)..=per_page_max;
    let per_page = bounded(request, "per_page", per_pages, int, &mut errors);

    let sort_field = choice(request, "sort_field", SortField::ALL, &mut errors);
    let sort_direction = choice(request, "sort_direction", SortDirection::ALL, &mut errors);

    let mut day = |name: &str| {
        let value = present(request, name)?;
        let day = date(value);
        if day.is_none() {
            errors.conversion(name, value, "System.Nullable`1[System.DateTime]");
        }
        day
    };
    let from = day("upload_date_from");
    let to = day("upload_date_to");

    let mut flag = |name: &str, type_name: &str| {
        let value = present(request, name)?;
        let flag = boolean(value);
        if flag.is_none() {
            errors.conversion(name, value, type_name);
        }
        flag
    };
    let bool_type = reading.type_name("System.Boolean", "System.Nullable`1[System.Boolean]");
    let list_products = flag("list_products", bool_type).unwrap_or(LIST_PRODUCTS_DEFAULT);
    let active = flag("active", "System.Nullable`1[System.Boolean]");

    if !errors.0.is_empty() {
        return Err(errors.0);
    }
    let asked_per_page = per_page.unwrap_or(PER_PAGE_DEFAULT);
    Ok(Query {
        library,
        list_products,
        asked_per_page,
        selection: Selection {
            search,
            guids,
            from,
            to,
            active,
            sort_field: sort_field.unwrap_or(SORT_FIELD_DEFAULT),
            sort_direction: sort_direction.unwrap_or(SORT_DIRECTION_DEFAULT),
            // The first page unless set.
            page_number: page_number.unwrap_or(PAGE_NUMBER_MIN),
            // Within the limit whatever was asked: with `OverLimit::Cap`, silently.
            per_page: asked_per_page.min(PER_PAGE_MAX),
        },
    })
}

/// An optional integer field (of .NET type `type_name`) within `range`.
fn bounded(
    request: &Map<String, Value>,
    name: &str,
    range: std::ops::RangeInclusive<i64>,
    type_name: &str,
    errors: &mut Errors,
) -> Option<u32> {
    let value = present(request, name)?;
    let Some(number) = integer(value) else {
        errors.conversion(name, value, type_name);
        return None;
    };
    if !range.contains(&number) {
        errors.range(name, *range.start(), *range.end());
        return None;
    }
    u32::try_from(number).ok()
}

/// Checks `library`; returns the library it names.
pub(crate) fn library(request: &Map<String, Value>, errors: &mut Errors) -> LibraryName {
    let library = match present(request, "library") {
        None => {
            errors.required("library");
            return NAME_DEFAULT;
        }
        Some(Value::Object(library)) => library,
        Some(other) => {
            errors.conversion("library", other, "ApiC.Models.image_library");
            return NAME_DEFAULT;
        }
    };

    let lengths = SESSION_ID_MIN_LENGTH..=SESSION_ID_MAX_LENGTH;
    match present(library, "session_id") {
        None => errors.required("library.session_id"),
        Some(Value::String(id)) if lengths.contains(&id.chars().count()) => {}
        Some(Value::String(_)) => errors.add(
            "library.session_id",
            format!(
                "The field session_id must be a string with a minimum length of \
                 {SESSION_ID_MIN_LENGTH} and a maximum length of {SESSION_ID_MAX_LENGTH}."
            ),
        ),
        Some(other) => errors.conversion("library.session_id", other, "System.String"),
    }

    match present(library, "site_id") {
        None => errors.required("library.site_id"),
        Some(value) if integer(value).and_then(|n| i32::try_from(n).ok()).is_some() => {}
        Some(other) => errors.conversion("library.site_id", other, "System.Int32"),
    }

    match present(library, "account_key") {
        None | Some(Value::String(_)) => {}
        Some(other) => errors.conversion("library.account_key", other, "System.String"),
    }

    choice(library, "library.name", LibraryName::ALL, errors).unwrap_or(NAME_DEFAULT)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn parse_default(body: &Value) -> Result<Query, ModelState> {
        parse(body, Reading::default())
    }

    fn library() -> Value {
        json!({"name": "inventory", "session_id": "1234567890", "site_id": 2})
    }

    #[test]
    fn reads_like_dotnet() {
        let query = parse_default(&json!({
            "library": {"name": "Temporary", "session_id": "12345678", "site_id": "2", "account_key": null},
            "search_filter": "Golden", "guid_filter": [], "page_number": 2.0, "per_page": PER_PAGE_MAX.to_string(),
            "sort_field": "FILE_SIZE", "sort_direction": "asc",
            "upload_date_from": "2024-01-02", "upload_date_to": "2024-02-03T00:00:00",
            "list_products": "true", "active": false, "unknown": 1
        }))
        .unwrap();
        assert_eq!(query.library, LibraryName::Temporary);
        assert!(query.list_products);
        let s = query.selection;
        assert_eq!(s.search.as_deref(), Some("golden"));
        assert!(s.guids.is_none());
        assert_eq!((s.page_number, s.per_page), (2, PER_PAGE_MAX));
        assert_eq!(
            (s.sort_field, s.sort_direction),
            (SortField::FileSize, SortDirection::Asc)
        );
        assert_eq!(s.from, NaiveDate::from_ymd_opt(2024, 1, 2));
        assert_eq!(s.to, NaiveDate::from_ymd_opt(2024, 2, 3));
        assert_eq!(s.active, Some(false));
    }

    #[test]
    fn reports_every_bad_field() {
        let errors = parse_default(&json!({
            "library": {"name": "archive", "session_id": "short", "site_id": "two"},
            "per_page": PER_PAGE_MAX + 1, "page_number": 0, "sort_field": "size", "sort_direction": "up",
            "guid_filter": ["nope"], "upload_date_to": "soon", "active": "maybe"
        }))
        .unwrap_err();
        assert_eq!(
            errors.keys().collect::<Vec<_>>(),
            [
                "request.active",
                "request.guid_filter[0]",
                "request.library.name",
                "request.library.session_id",
                "request.library.site_id",
                "request.page_number",
                "request.per_page",
                "request.sort_direction",
                "request.sort_field",
                "request.upload_date_to",
            ]
        );
        assert_eq!(
            errors["request.per_page"],
            [format!(
                "The field per_page must be between {PER_PAGE_MIN} and {PER_PAGE_MAX}."
            )]
        );
        assert_eq!(
            errors["request.sort_field"],
            [
                "The value 'size' is not valid for sort_field. Expected one of: id, title, \
                 file_name, file_size, date_added."
            ]
        );
    }

    #[test]
    fn type_names_follow_the_reading_of_value_types() {
        let body = json!({
            "library": library(), "per_page": "many", "list_products": "maybe", "active": 3
        });
        let messages = |nullable_value_types| {
            let reading = Reading {
                nullable_value_types,
                ..Reading::default()
            };
            let errors = parse(&body, reading).unwrap_err();
            [
                errors["request.per_page"][0].clone(),
                errors["request.list_products"][0].clone(),
                errors["request.active"][0].clone(),
            ]
        };
        let plain = messages(false);
        assert!(plain[0].contains("to type 'System.Int32'"), "{plain:?}");
        assert!(plain[1].contains("to type 'System.Boolean'"), "{plain:?}");
        assert!(
            plain[2].contains("'System.Nullable`1[System.Boolean]'"),
            "{plain:?}"
        );
        let nullable = messages(true);
        assert!(
            nullable[0].contains("'System.Nullable`1[System.Int32]'"),
            "{nullable:?}"
        );
        assert!(
            nullable[1].contains("'System.Nullable`1[System.Boolean]'"),
            "{nullable:?}"
        );
    }
}
