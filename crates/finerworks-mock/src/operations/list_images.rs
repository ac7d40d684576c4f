//! `POST /v3/list_images`: the body read as ASP.NET would (with the profile's reading of
//! `null`), and a page of the library, filtered, sorted and counted as the profile says.

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use finerworks_api::Timestamp;
use finerworks_api::fields::list_images_request as request_fields;
use finerworks_api::fields::list_images_response;
use finerworks_api::limits::image_library::NAME_DEFAULT;
use finerworks_api::limits::list_images_request::{
    LIST_PRODUCTS_DEFAULT, PAGE_NUMBER_MAX, PAGE_NUMBER_MIN, PER_PAGE_DEFAULT, PER_PAGE_MAX,
    PER_PAGE_MIN, SORT_DIRECTION_DEFAULT, SORT_FIELD_DEFAULT,
};
use finerworks_api::types::{ImageDetails, LibraryName, SortDirection, SortField};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::data::Selection;
use crate::request::{
    Errors, INT_MAX, ModelState, Reading, boolean, choice, integer, library, present,
};
use crate::state::Shared;
use crate::wire::{encode, invalid, json_response};
use crate::{Nulls, OverLimit, page};

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

/// The answer to a valid or invalid `list_images` body.
pub(super) fn answer(shared: &Shared, body: &Bytes, json: &Value) -> Response {
    let profile = &shared.profile;
    let mut refused = match profile.nulls {
        Nulls::Reject => crate::nulls::refused(body, json),
        Nulls::Accept => ModelState::new(),
    };
    match parse(json, profile.reading) {
        Ok(query) if refused.is_empty() => json_response(StatusCode::OK, page(shared, query)),
        Ok(_) => invalid(refused),
        Err(model_state) => {
            refused.extend(model_state);
            invalid(refused)
        }
    }
}

/// The first page of a plain request.
pub(super) fn plain(shared: &Shared) -> Vec<u8> {
    page(shared, Query::default())
}

/// An answer whose status reports a failure.
pub(super) fn unsuccessful(shared: &Shared) -> Vec<u8> {
    encode(&page::unsuccessful(shared.reference_id()), &[])
}

/// The body of a successful `list_images` answer to `query`, from the libraries as they are
/// now (without the images not indexed yet).
pub(super) fn page(shared: &Shared, query: Query) -> Vec<u8> {
    let profile = &shared.profile;
    let mut selection = query.selection;
    selection.per_page = page::served(profile, selection.per_page);
    let with_products = query.list_products && query.library == LibraryName::Inventory;
    let (count, listed, images) = shared.store.with_library(query.library, |library, hidden| {
        let (count, positions) = library.select(&selection, hidden);
        let images: Vec<ImageDetails> = positions
            .iter()
            .map(|&position| {
                let mut image = library.image(position).clone();
                if !with_products {
                    image.products = None;
                }
                image
            })
            .collect();
        let listed = library.len().saturating_sub(
            hidden
                .iter()
                .filter(|g| library.position(g).is_some())
                .count(),
        );
        (count, listed, images)
    });
    let paged = page::Paged::new(
        profile,
        selection.page_number,
        (selection.per_page, query.asked_per_page),
        (count as u64, listed as u64),
    );
    let mut response = page::success(
        images,
        selection.page_number,
        selection.per_page,
        paged.count,
        shared.reference_id(),
    );
    (response.page_number, response.per_page) = (paged.page_number, paged.per_page);
    let omit: &[&str] = if paged.omit_count {
        &[list_images_response::COUNT]
    } else {
        &[]
    };
    encode(&response, omit)
}

/// The day in the field `name` of `request`, if it has one; a value that is no day is reported to
/// `errors` as ASP.NET reports one it cannot convert to a `DateTime?`.
pub(super) fn day(
    request: &Map<String, Value>,
    name: &str,
    errors: &mut Errors,
) -> Option<NaiveDate> {
    let value = present(request, name)?;
    let day = date(value);
    if day.is_none() {
        errors.conversion(name, value, "System.Nullable`1[System.DateTime]");
    }
    day
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

    let library = library(request, request_fields::ALL, &mut errors);

    let search = match present(request, request_fields::SEARCH_FILTER) {
        None => None,
        Some(Value::String(text)) => Some(text.to_lowercase()).filter(|t| !t.is_empty()),
        Some(other) => {
            errors.conversion(request_fields::SEARCH_FILTER, other, "System.String");
            None
        }
    };

    let guids = match present(request, request_fields::GUID_FILTER) {
        None => None,
        Some(Value::Array(items)) => {
            let mut guids = Vec::with_capacity(items.len());
            for (index, item) in items.iter().enumerate() {
                match item.as_str().and_then(|text| Uuid::parse_str(text).ok()) {
                    Some(guid) => guids.push(guid),
                    None => {
                        errors.conversion(
                            &format!("{}[{index}]", request_fields::GUID_FILTER),
                            item,
                            "System.Guid",
                        );
                    }
                }
            }
            // An empty list filters nothing, like a missing one.
            Some(guids).filter(|g| !g.is_empty())
        }
        Some(other) => {
            errors.conversion(
                request_fields::GUID_FILTER,
                other,
                "System.Collections.Generic.List`1[System.Guid]",
            );
            None
        }
    };

    let int = reading.type_name("System.Int32", "System.Nullable`1[System.Int32]");
    let page_numbers = i64::from(PAGE_NUMBER_MIN)..=i64::from(PAGE_NUMBER_MAX);
    let page_number = bounded(
        request,
        request_fields::PAGE_NUMBER,
        page_numbers,
        int,
        &mut errors,
    );
    let per_page_max = match reading.over_limit {
        OverLimit::Reject => i64::from(PER_PAGE_MAX),
        OverLimit::Cap => INT_MAX,
    };
    let per_pages = i64::from(PER_PAGE_MIN)..=per_page_max;
    let per_page = bounded(
        request,
        request_fields::PER_PAGE,
        per_pages,
        int,
        &mut errors,
    );

    let sort_field = choice(
        request,
        request_fields::SORT_FIELD,
        SortField::ALL,
        &mut errors,
    );
    let sort_direction = choice(
        request,
        request_fields::SORT_DIRECTION,
        SortDirection::ALL,
        &mut errors,
    );

    let from = day(request, request_fields::UPLOAD_DATE_FROM, &mut errors);
    let to = day(request, request_fields::UPLOAD_DATE_TO, &mut errors);

    let mut flag = |name: &str, type_name: &str| {
        let value = present(request, name)?;
        let flag = boolean(value);
        if flag.is_none() {
            errors.conversion(name, value, type_name);
        }
        flag
    };
    let bool_type = reading.type_name("System.Boolean", "System.Nullable`1[System.Boolean]");
    let list_products =
        flag(request_fields::LIST_PRODUCTS, bool_type).unwrap_or(LIST_PRODUCTS_DEFAULT);
    let active = flag(request_fields::ACTIVE, "System.Nullable`1[System.Boolean]");

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
pub(super) fn bounded(
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
