//! `POST /v3/list_virtual_inventory`: the products of the inventory library's images, filtered,
//! sorted and paged as `list_images` pages images, under the same readings of `count`, the page
//! size and the echo.
//!
//! What the vendor leaves open is read as the spec assumes: the products come in the order of
//! their images (by the image sort field, ties by image id), and within an image in the image's
//! own order; `search_filter` looks in the product's name and descriptions; the created dates
//! are the image's upload day; a `sku_filter` or `product_code_filter` of more than
//! [`FILTER_HONOURED_MAX`] entries is ignored (documented); SKUs and codes match exactly.

use std::collections::HashSet;

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use finerworks_api::Operation as _;
use finerworks_api::fields::list_virtual_inventory_request as request_fields;
use finerworks_api::fields::list_virtual_inventory_response as response_fields;
use finerworks_api::limits::list_virtual_inventory_request::{
    PAGE_NUMBER_MAX, PAGE_NUMBER_MIN, PER_PAGE_DEFAULT, PER_PAGE_MAX, PER_PAGE_MIN,
    PRODUCT_CODE_FILTER_MAX_ITEMS, SKU_FILTER_MAX_ITEMS, SORT_DIRECTION_DEFAULT,
    SORT_FIELD_DEFAULT,
};
use finerworks_api::operations::ListVirtualInventory;
use finerworks_api::types::{
    LibraryName, ListVirtualInventoryResponse, Product, SortDirection, SortField,
};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::list_images::{bounded, day};
use crate::edit::object;
use crate::request::{Errors, INT_MAX, ModelState, Reading, choice, present};
use crate::state::Shared;
use crate::wire::{encode_schema, invalid, json_response};
use crate::{Nulls, OverLimit, page};

/// The most entries of `sku_filter` or `product_code_filter` that filter: with more, the vendor
/// documents that the filter is ignored. The spec allows no more (strict mode refuses them);
/// read as ASP.NET would, a longer list is not refused but filters nothing.
pub(crate) const FILTER_HONOURED_MAX: usize = SKU_FILTER_MAX_ITEMS;
const _: () = assert!(SKU_FILTER_MAX_ITEMS == PRODUCT_CODE_FILTER_MAX_ITEMS);

/// A valid `list_virtual_inventory` request.
#[derive(Debug)]
pub(crate) struct Query {
    search: Option<String>,
    skus: Option<HashSet<String>>,
    codes: Option<HashSet<String>>,
    guids: Option<HashSet<Uuid>>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    sort_field: SortField,
    sort_direction: SortDirection,
    page_number: u32,
    /// The page size asked for (the spec's default when not said).
    asked_per_page: u32,
    /// The page size served: within the limit whatever was asked.
    per_page: u32,
}

impl Default for Query {
    /// A request that sets nothing: every default of the spec.
    fn default() -> Self {
        Query {
            search: None,
            skus: None,
            codes: None,
            guids: None,
            from: None,
            to: None,
            sort_field: SORT_FIELD_DEFAULT,
            sort_direction: SORT_DIRECTION_DEFAULT,
            page_number: PAGE_NUMBER_MIN,
            asked_per_page: PER_PAGE_DEFAULT,
            per_page: PER_PAGE_DEFAULT,
        }
    }
}

/// The answer to a valid or invalid `list_virtual_inventory` body.
pub(super) fn answer(shared: &Shared, body: &Bytes, json: &Value) -> Response {
    let profile = &shared.profile;
    let mut refused = match profile.nulls {
        Nulls::Reject => crate::nulls::refused(body, json),
        Nulls::Accept => ModelState::new(),
    };
    match parse(json, profile.reading) {
        Ok(query) if refused.is_empty() => json_response(StatusCode::OK, page(shared, &query)),
        Ok(_) => invalid(refused),
        Err(model_state) => {
            refused.extend(model_state);
            invalid(refused)
        }
    }
}

/// The first page of a request that sets nothing.
pub(super) fn plain(shared: &Shared) -> Vec<u8> {
    page(shared, &Query::default())
}

/// An answer whose status reports a failure, with `products: null`.
pub(super) fn unsuccessful(shared: &Shared) -> Vec<u8> {
    let failed = page::failed("listing the virtual inventory", shared.reference_id());
    let answer = ListVirtualInventoryResponse {
        status: failed.status,
        ..ListVirtualInventoryResponse::default()
    };
    encode_schema(&answer, ListVirtualInventory::RESPONSE_SCHEMA, &[])
}

/// The body of a successful answer to `query`, from the inventory as it is now (without the
/// images not indexed yet).
fn page(shared: &Shared, query: &Query) -> Vec<u8> {
    let profile = &shared.profile;
    let per_page = page::served(profile, query.per_page);
    let skip = usize::try_from(
        u64::from(query.page_number.saturating_sub(PAGE_NUMBER_MIN)) * u64::from(per_page),
    )
    .unwrap_or(usize::MAX);
    let (count, listed, products) =
        shared
            .store
            .with_library(LibraryName::Inventory, |library, hidden| {
                let mut count = 0_usize;
                let mut listed = 0_usize;
                let mut products = Vec::new();
                for position in library.ordered(query.sort_field, query.sort_direction) {
                    let image = library.image(position);
                    if image.guid.is_some_and(|guid| hidden.contains(&guid)) {
                        continue;
                    }
                    let held = image.products.as_deref().unwrap_or_default();
                    listed += held.len();
                    if !query.takes_image(image.guid, library.upload_day(position)) {
                        continue;
                    }
                    for product in held.iter().filter(|product| query.takes(product)) {
                        if count >= skip && products.len() < per_page as usize {
                            products.push(product.clone());
                        }
                        count += 1;
                    }
                }
                (count, listed, products)
            });
    let paged = page::Paged::new(
        profile,
        query.page_number,
        (per_page, query.asked_per_page),
        (count as u64, listed as u64),
    );
    let answer = ListVirtualInventoryResponse {
        status: page::ok(shared.reference_id()).status,
        products: Some(products),
        page_number: paged.page_number,
        per_page: paged.per_page,
        count: paged.count,
    };
    let omit: &[&str] = if paged.omit_count {
        &[response_fields::COUNT]
    } else {
        &[]
    };
    encode_schema(&answer, ListVirtualInventory::RESPONSE_SCHEMA, omit)
}

impl Query {
    /// Whether the products of the image `guid`, added on `day`, may be listed.
    fn takes_image(&self, guid: Option<Uuid>, day: NaiveDate) -> bool {
        self.guids
            .as_ref()
            .is_none_or(|guids| guid.is_some_and(|guid| guids.contains(&guid)))
            && self.from.is_none_or(|from| day >= from)
            && self.to.is_none_or(|to| day <= to)
    }

    /// Whether `product` matches the product filters.
    fn takes(&self, product: &Product) -> bool {
        let held = |set: &Option<HashSet<String>>, value: &Option<String>| {
            set.as_ref()
                .is_none_or(|set| value.as_ref().is_some_and(|value| set.contains(value)))
        };
        held(&self.skus, &product.sku)
            && held(&self.codes, &product.product_code)
            && self.search.as_deref().is_none_or(|text| {
                [
                    &product.name,
                    &product.description_short,
                    &product.description_long,
                ]
                .iter()
                .any(|field| {
                    field
                        .as_deref()
                        .is_some_and(|field| field.to_lowercase().contains(text))
                })
            })
    }
}

/// Reads `body` into a [`Query`], or every reason it is not one. A `null` is read as a field
/// left out (see [`crate::nulls`] for the other reading of `page_number` and `per_page`).
pub(crate) fn parse(body: &Value, reading: Reading) -> Result<Query, ModelState> {
    let mut errors = Errors::default();
    let Some(request) = object(body, "list_virtual_inventory_request", &mut errors) else {
        return Err(errors.0);
    };
    let search = match present(request, request_fields::SEARCH_FILTER) {
        None => None,
        Some(Value::String(text)) => Some(text.to_lowercase()).filter(|t| !t.is_empty()),
        Some(other) => {
            errors.conversion(request_fields::SEARCH_FILTER, other, "System.String");
            None
        }
    };
    let skus = texts(request, request_fields::SKU_FILTER, &mut errors);
    let codes = texts(request, request_fields::PRODUCT_CODE_FILTER, &mut errors);
    let guids = guids(request, &mut errors);

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
    let per_page = bounded(
        request,
        request_fields::PER_PAGE,
        i64::from(PER_PAGE_MIN)..=per_page_max,
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
    let from = day(request, request_fields::CREATED_DATE_FROM, &mut errors);
    let to = day(request, request_fields::CREATED_DATE_TO, &mut errors);
    // Checked for its type only: the mock has one account.
    crate::edit::text(request, request_fields::ACCOUNT_KEY, &mut errors);

    if !errors.0.is_empty() {
        return Err(errors.0);
    }
    let asked_per_page = per_page.unwrap_or(PER_PAGE_DEFAULT);
    Ok(Query {
        search,
        skus,
        codes,
        guids,
        from,
        to,
        sort_field: sort_field.unwrap_or(SORT_FIELD_DEFAULT),
        sort_direction: sort_direction.unwrap_or(SORT_DIRECTION_DEFAULT),
        page_number: page_number.unwrap_or(PAGE_NUMBER_MIN),
        asked_per_page,
        // Within the limit whatever was asked: with `OverLimit::Cap`, silently.
        per_page: asked_per_page.min(PER_PAGE_MAX),
    })
}

/// A list of text filters: `None` (no filter) when left out, `null`, empty, or longer than
/// [`FILTER_HONOURED_MAX`] (documented: ignored).
fn texts(request: &Map<String, Value>, name: &str, errors: &mut Errors) -> Option<HashSet<String>> {
    let list = "System.Collections.Generic.List`1[System.String]";
    let items = match present(request, name)? {
        Value::Array(items) => items,
        other => {
            errors.conversion(name, other, list);
            return None;
        }
    };
    let mut texts = HashSet::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        match item {
            Value::String(text) => {
                texts.insert(text.clone());
            }
            other => errors.conversion(&format!("{name}[{index}]"), other, "System.String"),
        }
    }
    Some(texts).filter(|texts| !texts.is_empty() && items.len() <= FILTER_HONOURED_MAX)
}

/// `guid_filter`: `None` when left out, `null` or empty.
fn guids(request: &Map<String, Value>, errors: &mut Errors) -> Option<HashSet<Uuid>> {
    let name = request_fields::GUID_FILTER;
    let items = match present(request, name)? {
        Value::Array(items) => items,
        other => {
            errors.conversion(
                name,
                other,
                "System.Collections.Generic.List`1[System.Guid]",
            );
            return None;
        }
    };
    let mut guids = HashSet::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        match item.as_str().and_then(|text| Uuid::parse_str(text.trim()).ok()) {
            Some(guid) => {
                guids.insert(guid);
            }
            None => errors.conversion(&format!("{name}[{index}]"), item, "System.Guid"),
        }
    }
    Some(guids).filter(|guids| !guids.is_empty())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn parse_default(body: &Value) -> Result<Query, ModelState> {
        parse(body, Reading::default())
    }

    #[test]
    fn the_vendor_example_reads_as_every_default() {
        let example = include_str!("../../../../tests/fixtures/vendor_list_virtual_inventory_request.json");
        let query = parse_default(&serde_json::from_str(example).unwrap()).unwrap();
        assert!(query.search.is_none() && query.skus.is_none() && query.guids.is_none());
        assert_eq!((query.page_number, query.per_page), (1, PER_PAGE_DEFAULT));
        assert_eq!(
            (query.sort_field, query.sort_direction),
            (SortField::Id, SortDirection::Desc)
        );
    }

    #[test]
    fn a_filter_of_more_than_fifty_entries_is_ignored() {
        let skus: Vec<String> = (0..=FILTER_HONOURED_MAX).map(|n| format!("SKU{n}")).collect();
        let query = parse_default(&json!({"sku_filter": skus, "product_code_filter": ["A"]})).unwrap();
        assert!(query.skus.is_none(), "{} SKUs filter nothing", skus.len());
        assert_eq!(query.codes, Some(HashSet::from(["A".to_owned()])));
        let query = parse_default(&json!({"sku_filter": &skus[..FILTER_HONOURED_MAX]})).unwrap();
        assert_eq!(query.skus.map(|s| s.len()), Some(FILTER_HONOURED_MAX));
    }

    #[test]
    fn reports_every_bad_field() {
        let errors = parse_default(&json!({
            "sku_filter": "AP1", "product_code_filter": [1], "guid_filter": ["nope"],
            "page_number": 0, "per_page": PER_PAGE_MAX + 1, "sort_field": "price",
            "sort_direction": "up", "created_date_from": "soon", "account_key": 5
        }))
        .unwrap_err();
        assert_eq!(
            errors.keys().collect::<Vec<_>>(),
            [
                "request.account_key",
                "request.created_date_from",
                "request.guid_filter[0]",
                "request.page_number",
                "request.per_page",
                "request.product_code_filter[0]",
                "request.sku_filter",
                "request.sort_direction",
                "request.sort_field",
            ]
        );
    }

    #[test]
    fn a_product_matches_by_sku_code_and_text() {
        let product = Product {
            sku: Some("AP1P2".to_owned()),
            product_code: Some("CODE".to_owned()),
            name: Some("Canvas Print".to_owned()),
            ..Product::default()
        };
        let query = |body: Value| parse_default(&body).unwrap();
        assert!(query(json!({"search_filter": "CANVAS"})).takes(&product));
        assert!(!query(json!({"search_filter": "metal"})).takes(&product));
        assert!(query(json!({"sku_filter": ["AP1P2", "X"]})).takes(&product));
        assert!(!query(json!({"sku_filter": ["ap1p2"]})).takes(&product));
        assert!(!query(json!({"product_code_filter": ["OTHER"]})).takes(&product));
    }
}
