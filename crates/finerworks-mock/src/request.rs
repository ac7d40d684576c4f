//! Reading a `list_images` request body field by field, the way ASP.NET model binding does: every
//! invalid field is reported under its `request.<path>` key.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use finerworks_api::Timestamp;
use finerworks_api::types::SortField;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::OverLimit;
use crate::data::Selection;

/// The offending fields (`request.<path>`) and their messages.
pub(crate) type ModelState = BTreeMap<String, Vec<String>>;

/// A valid `list_images` request.
#[derive(Debug)]
pub(crate) struct Query {
    pub(crate) temporary: bool,
    pub(crate) list_products: bool,
    /// The page size the request asked for (10 when it did not say); `selection.per_page` is
    /// what the server serves.
    pub(crate) asked_per_page: u32,
    pub(crate) selection: Selection,
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

const DEFAULT_PER_PAGE: u32 = 10;
const MAX_PER_PAGE: u32 = 50;
const SESSION_ID_CHARS: std::ops::RangeInclusive<usize> = 8..=50;
const SORT_FIELDS: [(&str, SortField); 5] = [
    ("id", SortField::Id),
    ("title", SortField::Title),
    ("file_name", SortField::FileName),
    ("file_size", SortField::FileSize),
    ("date_added", SortField::DateAdded),
];

/// Collects the errors of one request.
#[derive(Default)]
struct Errors(ModelState);

impl Errors {
    fn add(&mut self, path: &str, message: String) {
        let key = if path.is_empty() {
            "request".to_owned()
        } else {
            format!("request.{path}")
        };
        self.0.entry(key).or_default().push(message);
    }

    fn required(&mut self, path: &str) {
        let name = path.rsplit('.').next().unwrap_or(path);
        self.add(path, format!("The {name} field is required."));
    }

    /// Newtonsoft's message for a value of the wrong JSON type.
    fn conversion(&mut self, path: &str, value: &Value, type_name: &str) {
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
    fn not_valid(&mut self, path: &str, value: &str, choices: &str) {
        let name = path.rsplit('.').next().unwrap_or(path);
        self.add(
            path,
            format!("The value '{value}' is not valid for {name}. Expected one of: {choices}."),
        );
    }

    fn range(&mut self, path: &str, min: i64, max: i64) {
        self.add(
            path,
            format!("The field {path} must be between {min} and {max}."),
        );
    }
}

/// A field's value, `None` when it is missing or `null`.
fn present<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object.get(name).filter(|value| !value.is_null())
}

/// An integer as Newtonsoft reads one: a whole number, or a string holding one.
fn integer(value: &Value) -> Option<i64> {
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

    let temporary = library(request, &mut errors);

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
    let max = i64::from(i32::MAX);
    let page_number = bounded(request, "page_number", 1..=max, int, &mut errors);
    let per_page = match reading.over_limit {
        OverLimit::Reject => bounded(
            request,
            "per_page",
            1..=i64::from(MAX_PER_PAGE),
            int,
            &mut errors,
        ),
        OverLimit::Cap => bounded(request, "per_page", 1..=max, int, &mut errors),
    };

    let sort_field = match present(request, "sort_field") {
        None => None,
        Some(Value::String(text)) => {
            let field = SORT_FIELDS
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(text.trim()))
                .map(|(_, field)| *field);
            if field.is_none() {
                errors.not_valid(
                    "sort_field",
                    text,
                    "id, title, file_name, file_size, date_added",
                );
            }
            field
        }
        Some(other) => {
            errors.conversion("sort_field", other, "System.String");
            None
        }
    };

    let ascending = match present(request, "sort_direction") {
        None => false,
        Some(Value::String(text)) if text.trim().eq_ignore_ascii_case("asc") => true,
        Some(Value::String(text)) if text.trim().eq_ignore_ascii_case("desc") => false,
        Some(Value::String(text)) => {
            errors.not_valid("sort_direction", text, "ASC, DESC");
            false
        }
        Some(other) => {
            errors.conversion("sort_direction", other, "System.String");
            false
        }
    };

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
    let list_products = flag("list_products", bool_type).unwrap_or(false);
    let active = flag("active", "System.Nullable`1[System.Boolean]");

    if !errors.0.is_empty() {
        return Err(errors.0);
    }
    let asked_per_page = per_page.unwrap_or(DEFAULT_PER_PAGE);
    Ok(Query {
        temporary,
        list_products,
        asked_per_page,
        selection: Selection {
            search,
            guids,
            from,
            to,
            active,
            sort_field,
            ascending,
            page_number: page_number.unwrap_or(1),
            // Within the limit whatever was asked: with `OverLimit::Cap`, silently.
            per_page: asked_per_page.min(MAX_PER_PAGE),
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

/// Checks `library`; returns whether it names the temporary library.
fn library(request: &Map<String, Value>, errors: &mut Errors) -> bool {
    let library = match present(request, "library") {
        None => {
            errors.required("library");
            return false;
        }
        Some(Value::Object(library)) => library,
        Some(other) => {
            errors.conversion("library", other, "ApiC.Models.image_library");
            return false;
        }
    };

    match present(library, "session_id") {
        None => errors.required("library.session_id"),
        Some(Value::String(id)) if SESSION_ID_CHARS.contains(&id.chars().count()) => {}
        Some(Value::String(_)) => errors.add(
            "library.session_id",
            format!(
                "The field session_id must be a string with a minimum length of {} and a \
                 maximum length of {}.",
                SESSION_ID_CHARS.start(),
                SESSION_ID_CHARS.end()
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

    match present(library, "name") {
        None => false,
        Some(Value::String(name)) if name.trim().eq_ignore_ascii_case("inventory") => false,
        Some(Value::String(name)) if name.trim().eq_ignore_ascii_case("temporary") => true,
        Some(Value::String(name)) => {
            errors.not_valid("library.name", name, "inventory, temporary");
            false
        }
        Some(other) => {
            errors.conversion("library.name", other, "System.String");
            false
        }
    }
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
    fn defaults_match_the_docs() {
        let query = parse_default(&json!({"library": library()})).unwrap();
        assert!(!query.temporary && !query.list_products);
        let s = query.selection;
        assert_eq!((s.page_number, s.per_page), (1, 10));
        assert_eq!((s.sort_field, s.ascending), (None, false));
        assert!(s.search.is_none() && s.guids.is_none() && s.active.is_none());
    }

    #[test]
    fn reads_like_dotnet() {
        let query = parse_default(&json!({
            "library": {"name": "Temporary", "session_id": "12345678", "site_id": "2", "account_key": null},
            "search_filter": "Golden", "guid_filter": [], "page_number": 2.0, "per_page": "50",
            "sort_field": "FILE_SIZE", "sort_direction": "asc",
            "upload_date_from": "2024-01-02", "upload_date_to": "2024-02-03T00:00:00",
            "list_products": "true", "active": false, "unknown": 1
        }))
        .unwrap();
        assert!(query.temporary && query.list_products);
        let s = query.selection;
        assert_eq!(s.search.as_deref(), Some("golden"));
        assert!(s.guids.is_none());
        assert_eq!((s.page_number, s.per_page), (2, 50));
        assert_eq!(
            (s.sort_field, s.ascending),
            (Some(SortField::FileSize), true)
        );
        assert_eq!(s.from, NaiveDate::from_ymd_opt(2024, 1, 2));
        assert_eq!(s.to, NaiveDate::from_ymd_opt(2024, 2, 3));
        assert_eq!(s.active, Some(false));
    }

    #[test]
    fn reports_every_bad_field() {
        let errors = parse_default(&json!({
            "library": {"name": "archive", "session_id": "short", "site_id": "two"},
            "per_page": 51, "page_number": 0, "sort_field": "size", "sort_direction": "up",
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
            ["The field per_page must be between 1 and 50."]
        );
    }

    #[test]
    fn over_the_limit_is_an_error_or_a_silent_cap() {
        let body = json!({"library": library(), "per_page": 80});
        let errors = parse_default(&body).unwrap_err();
        assert_eq!(
            errors["request.per_page"],
            ["The field per_page must be between 1 and 50."]
        );
        let cap = Reading {
            over_limit: OverLimit::Cap,
            ..Reading::default()
        };
        let query = parse(&body, cap).unwrap();
        assert_eq!((query.asked_per_page, query.selection.per_page), (80, 50));
        // Below the limit is an error either way.
        let zero = json!({"library": library(), "per_page": 0});
        assert!(
            parse(&zero, cap)
                .unwrap_err()
                .contains_key("request.per_page")
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
