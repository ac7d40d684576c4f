//! The contract: FinerWorks' own example and our fixtures decode into the generated types, and a
//! decode-then-encode round trip is snapshotted so that any change to the types shows up in review.
//!
//! Each fixture has two snapshots: `<name>_typed` (the decoded value's `Debug`, which shows every
//! Rust type) and `<name>_round_trip` (what decode-then-encode drops or rewrites; see
//! `support::round_trip_diff`).

use crate::support;

use std::num::NonZeroU32;

use finerworks_api::types::{
    AddImagesRequest, DeleteImagesRequest, ImageLibrary, ImagesResponse, LibraryName,
    ListImagesRequest, ListImagesResponse, SortDirection, SortField, StatusResponse,
    UpdateImagesRequest,
};
use finerworks_api::{Money, Timestamp};
use serde_json::Value;
use support::{fixture, round_trip_diff};

/// Decodes a response fixture, snapshots it and its round trip, and returns it.
fn decode_and_snapshot(name: &str) -> ListImagesResponse {
    let text = fixture(&format!("{name}.json"));
    let raw: Value = serde_json::from_str(&text).expect("fixture is JSON");
    let typed: ListImagesResponse =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} does not decode: {e}"));
    let encoded = serde_json::to_value(&typed).expect("the model encodes");
    insta::assert_debug_snapshot!(format!("{name}_typed"), typed);
    insta::assert_debug_snapshot!(
        format!("{name}_round_trip"),
        round_trip_diff(&raw, &encoded)
    );
    typed
}

fn images(page: &ListImagesResponse) -> &[finerworks_api::types::ImageDetails] {
    page.images.as_deref().unwrap_or_default()
}

#[test]
fn seed_example_response_decodes_without_loss() {
    let page = decode_and_snapshot("seed_list_images_response");
    let status = page.status.as_ref().expect("status");
    assert_eq!(status.success, Some(true));
    assert_eq!(
        status.reference_id.as_deref(),
        Some("372dcd782a4549e5b610a87153404261")
    );
    let image = &images(&page)[0];
    assert_eq!(image.title.as_deref(), Some("My Image"));
    assert_eq!(
        image.date_added.map(|t| t.to_string()).as_deref(),
        Some("2025-10-27T14:14:28.7196101-05:00")
    );
    let product = &image.products.as_deref().unwrap_or_default()[0];
    assert_eq!(product.per_item_price, Some("113.0".parse().unwrap()));
    assert_eq!(product.labels.as_ref().map(Vec::len), Some(8));
    assert_eq!(product.product_guid, Some(uuid::Uuid::nil()));
}

#[test]
fn seed_example_request_is_what_the_model_sends() {
    let request = ListImagesRequest::try_from(
        ListImagesRequest::builder()
            .library(
                ImageLibrary::builder()
                    .name(Some(LibraryName::Inventory))
                    .session_id("1234567890")
                    .account_key(Some(String::new()))
                    .site_id(2),
            )
            .search_filter(Some(String::new()))
            .page_number(NonZeroU32::new(1))
            .per_page(NonZeroU32::new(10))
            .sort_field(Some(SortField::Id))
            .sort_direction(Some(SortDirection::Desc))
            .list_products(Some(true)),
    )
    .expect("the seed's values are valid");
    let sent = serde_json::to_value(&request).unwrap();
    let seed: Value = serde_json::from_str(&fixture("seed_list_images_request.json")).unwrap();
    assert_eq!(round_trip_diff(&seed, &sent), Vec::<String>::new());
    insta::assert_json_snapshot!("seed_list_images_request_sent", sent);
}

#[test]
fn seed_example_request_decodes_and_round_trips() {
    let text = fixture("seed_list_images_request.json");
    let request: ListImagesRequest = serde_json::from_str(&text).expect("the seed request decodes");
    assert_eq!(request.library.session_id.as_str(), "1234567890");
    assert_eq!(request.sort_direction, Some(SortDirection::Desc));
    let raw: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        round_trip_diff(&raw, &serde_json::to_value(&request).unwrap()),
        Vec::<String>::new()
    );
}

#[test]
fn unknown_fields_at_every_level_are_tolerated() {
    let page = decode_and_snapshot("extra_fields");
    let image = &images(&page)[0];
    assert_eq!(image.username.as_deref(), Some("artist42"));
    assert_eq!(
        image.assigned_gallery_subcategory_ids.as_deref(),
        Some(&[12, 40][..])
    );
    let product = &image.products.as_deref().unwrap_or_default()[0];
    assert_eq!(product.id, Some(991));
    // Raw-JSON slots keep everything, unknown members included.
    let details = product.price_details.as_ref().expect("price_details");
    assert_eq!(details["discount_code"], "FALL25");
}

#[test]
fn null_in_every_slot_decodes_to_none() {
    let page = decode_and_snapshot("null_everywhere");
    let image = &images(&page)[0];
    assert_eq!(image.title, None);
    assert_eq!(image.date_added, None);
    assert_eq!(image.products.as_ref().map(Vec::len), Some(2));
    assert!(images(&page)[1].products.is_none());
}

#[test]
fn a_page_of_nulls_decodes() {
    let page = decode_and_snapshot("null_page");
    assert!(page.status.is_none() && page.images.is_none() && page.count.is_none());
}

#[test]
fn timestamps_keep_their_offset_and_precision() {
    let page = decode_and_snapshot("timestamps");
    let dates: Vec<Timestamp> = images(&page).iter().filter_map(|i| i.date_added).collect();
    assert_eq!(dates.len(), 6);
    let offsets: Vec<Option<i32>> = dates
        .iter()
        .map(|t| t.offset().map(|o| o.local_minus_utc() / 3600))
        .collect();
    assert_eq!(offsets, [Some(-5), Some(-5), None, None, Some(0), Some(-6)]);
    let digits: Vec<u8> = dates.iter().map(Timestamp::fractional_digits).collect();
    assert_eq!(digits, [7, 6, 0, 3, 0, 1]);
}

#[test]
fn prices_are_exact() {
    let page = decode_and_snapshot("prices");
    let products = images(&page)[0].products.as_deref().unwrap_or_default();
    let price = |i: usize| products[i].total_price.map(Money::amount).unwrap();
    assert_eq!(price(0).to_string(), "19.99");
    // 0.1 * 3 is 0.30000000000000004 in f64; exact here.
    let per_item = products[1].per_item_price.unwrap().amount();
    assert_eq!(per_item * rust_decimal_from(3), price(1));
    assert_eq!(price(2).to_string(), "2469.12");
    let sum: rust_decimal::Decimal = (0..4).map(price).sum();
    assert_eq!(sum.to_string(), "2489.42");
}

fn rust_decimal_from(n: i64) -> rust_decimal::Decimal {
    rust_decimal::Decimal::from(n)
}

#[test]
fn an_empty_page_decodes() {
    let page = decode_and_snapshot("empty_page");
    assert_eq!(page.images.as_ref().map(Vec::len), Some(0));
    assert_eq!(page.count, Some(31));
}

/// Responses recorded from the real test API by `cargo xtask drift --record`
/// (`tests/fixtures/live_<date>.json`) decode and are snapshotted like the others.
/// Every `list_images` answer recorded from a real server decodes without loss: the vendor's
/// own example, and each `live_*.json` saved from the test API (none yet: recording one needs
/// keys, see `cargo xtask drift`).
#[test]
fn every_recorded_list_images_response_decodes() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures folder")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| {
            name == "seed_list_images_response.json"
                || (name.starts_with("live_") && name.ends_with(".json"))
        })
        .collect();
    names.sort();
    assert!(
        names.contains(&"seed_list_images_response.json".to_owned()),
        "the vendor's example is among the recorded answers: {names:?}"
    );
    for name in names {
        let page = decode_and_snapshot(name.trim_end_matches(".json"));
        assert!(
            page.status.is_some() || page.images.is_some(),
            "{name} is an answer"
        );
    }
}

/// The exact bytes the SDK sends for a request.
fn body_sent(request: &finerworks::ListImages) -> String {
    let request = request.to_request().expect("the request is valid");
    serde_json::to_string(&request).expect("the request encodes")
}

fn offline_client() -> finerworks::Client {
    finerworks::Client::builder()
        .web_api_key("web-key")
        .app_key("app-key")
        .base_url("http://127.0.0.1:9")
        .session_id("session-0123456789")
        .site_id(2)
        .build()
        .expect("the settings are valid")
}

/// A request carries only what the caller set, plus the library: a field left unset is left
/// out, never sent as `null` (the vendor's examples never do, and a server binding it to a .NET
/// `int` or `bool` would refuse it).
#[test]
fn the_default_request_carries_only_the_library() {
    let body = body_sent(&offline_client().images().list());
    assert!(!body.contains("null"), "{body}");
    insta::assert_snapshot!("default_request_body", body);
}

#[test]
fn a_request_with_every_field_set_sends_each_once() {
    use finerworks::{SortDirection, SortField};
    let day = |d| chrono::NaiveDate::from_ymd_opt(2025, 10, d).unwrap();
    let request = offline_client()
        .images()
        .list()
        .library_name(finerworks::LibraryName::Temporary)
        .search_filter("harbor")
        .guid_filter([uuid::Uuid::from_u128(
            0x5dba_e1c2_addc_47ce_9468_8439_b730_aa52,
        )])
        .page_number(3)
        .per_page(25)
        .sort_field(SortField::DateAdded)
        .sort_direction(SortDirection::Asc)
        .upload_date_from(day(1))
        .upload_date_to(day(27))
        .list_products(true)
        .active(false);
    let body = body_sent(&request);
    assert!(!body.contains("null"), "{body}");
    insta::assert_snapshot!("every_field_request_body", body);
}

/// The vendor's example request, decoded and encoded again: its `null`s are absent fields.
#[test]
fn the_vendor_example_request_is_sent_without_its_nulls() {
    let text = fixture("seed_list_images_request.json");
    let request: ListImagesRequest = serde_json::from_str(&text).expect("the seed request decodes");
    insta::assert_snapshot!(
        "vendor_example_request_body",
        serde_json::to_string(&request).unwrap()
    );
}

/// A vendor example body decodes into `T` and encodes back without losing or rewriting a field;
/// the decoded value is snapshotted (its `Debug` shows every Rust type).
fn vendor_example_round_trips<T>(name: &str) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug,
{
    let text = fixture(&format!("{name}.json"));
    let raw: Value = serde_json::from_str(&text).expect("the fixture is JSON");
    let typed: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let encoded = serde_json::to_value(&typed).expect("the model encodes");
    assert_eq!(
        round_trip_diff(&raw, &encoded),
        Vec::<String>::new(),
        "{name}"
    );
    insta::assert_debug_snapshot!(format!("{name}_typed"), typed);
    typed
}

/// Round-trips the vendor's example request `text` (the fixture `name`) through the request type
/// of the operation visited, as [`vendor_example_round_trips`] does.
struct RoundTrip<'a> {
    name: &'a str,
}

impl finerworks_api::Visitor for RoundTrip<'_> {
    type Output = ();

    fn visit<O: finerworks_api::Operation>(self) {
        vendor_example_round_trips::<O::Request>(self.name);
    }
}

/// Every vendor example request in `tests/fixtures/` (`vendor_<operation>_request.json`) of an
/// operation sent with a body conforms to the spec's request schema, decodes into the generated
/// request type and encodes back without loss; a new operation's example is covered once its
/// fixture is there.
#[test]
fn every_vendor_example_request_conforms_and_round_trips() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut checked = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("fixtures folder") {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let Some(id) = name
            .strip_prefix("vendor_")
            .and_then(|rest| rest.strip_suffix("_request.json"))
        else {
            continue;
        };
        let operation = finerworks_api::OperationInfo::find(id)
            .unwrap_or_else(|| panic!("{name}: {id} is no operation of the spec"));
        let Some(schema) = operation.request_schema else {
            continue;
        };
        let body: Value = serde_json::from_str(&fixture(&name)).expect("the fixture is JSON");
        let violations =
            finerworks_api::schema::violations(finerworks_api::schema::openapi(), schema, &body);
        assert!(violations.is_empty(), "{name}: {violations:?}");
        let stem = name.trim_end_matches(".json");
        finerworks_api::operations::visit(id, RoundTrip { name: stem }).expect("an operation");
        checked.push(id.to_owned());
    }
    checked.sort();
    assert!(
        ["add_images", "delete_images", "update_images"]
            .iter()
            .all(|id| checked.iter().any(|c| c == id)),
        "{checked:?}"
    );
}

#[test]
fn the_vendor_add_images_example_round_trips() {
    let request: AddImagesRequest = vendor_example_round_trips("vendor_add_images_request");
    assert_eq!(request.images.len(), 1);
    assert_eq!(request.images[0].pix_w.get(), 1600);
    assert_eq!(request.library.session_id.as_str(), "1234567890");
}

#[test]
fn the_vendor_update_images_example_round_trips() {
    let request: UpdateImagesRequest = vendor_example_round_trips("vendor_update_images_request");
    assert_eq!(request.account_key, None);
    assert_eq!(
        request.images[0].guid.to_string(),
        "b20d8d00-4134-4ba7-9558-c82a89a3a359"
    );
}

/// `library` is documented as required, yet the vendor's example sends `null`: the model keeps
/// the `null` (it writes it back, so a body sent with no library says so explicitly).
#[test]
fn the_vendor_delete_images_example_round_trips_with_its_null_library() {
    let request: DeleteImagesRequest = vendor_example_round_trips("vendor_delete_images_request");
    assert_eq!(request.guids.len(), 2);
    assert_eq!(request.library, None);
    let sent = serde_json::to_value(&request).unwrap();
    assert_eq!(sent["library"], Value::Null);
    assert!(sent.as_object().unwrap().contains_key("library"));
}

/// `test_my_credentials` is a GET, so the client sends the keys as headers and no body; the
/// vendor's page documents a body holding the same two keys. Nothing models that body, but its
/// field names are the header names the client sends.
#[test]
fn the_vendor_test_my_credentials_example_names_the_two_key_headers() {
    let body: Value =
        serde_json::from_str(&fixture("vendor_test_my_credentials_request.json")).unwrap();
    let mut keys: Vec<&str> = body["credentials"]
        .as_object()
        .expect("a credentials object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["app_key", "web_api_key"]);
    let spec = finerworks_api::schema::openapi();
    let schemes = &spec["components"]["securitySchemes"];
    assert_eq!(schemes["web_api_key"]["name"], "web_api_key");
    assert_eq!(schemes["app_key"]["name"], "app_key");
}

/// What `add_images` and `update_images` answer, as third-party clients describe it (the vendor's
/// response section is not published): the envelope and the images.
#[test]
fn the_assumed_images_answer_decodes_without_loss() {
    let text = fixture("assumed_images_response.json");
    let raw: Value = serde_json::from_str(&text).unwrap();
    let typed: ImagesResponse = serde_json::from_str(&text).expect("decodes");
    assert_eq!(
        round_trip_diff(&raw, &serde_json::to_value(&typed).unwrap()),
        Vec::<String>::new()
    );
    let image = &typed.images.as_deref().unwrap_or_default()[0];
    assert_eq!(image.id, Some(48213));
    insta::assert_debug_snapshot!("assumed_images_response_typed", typed);
}

/// What `delete_images` and `test_my_credentials` answer (assumed): the envelope alone. Unknown
/// fields beside it are kept out of the model but do not fail decoding.
#[test]
fn the_assumed_status_answer_decodes() {
    let typed: StatusResponse =
        serde_json::from_str(&fixture("assumed_status_response.json")).expect("decodes");
    assert_eq!(typed.status.as_ref().and_then(|s| s.success), Some(true));
    let with_extra: StatusResponse =
        serde_json::from_str(r#"{"status": null, "deleted": 2}"#).expect("lenient");
    assert!(with_extra.status.is_none());
    insta::assert_debug_snapshot!("assumed_status_response_typed", typed);
}
