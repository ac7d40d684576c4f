//! Tests of the comparison of answers with the spec, and of the spec file's fields with the
//! compiled crate's.

use serde_json::json;

use super::*;
use crate::drift::load_spec;
use crate::generate::repo_root;

const LIST: &str = "list_images_response";

fn seed() -> Value {
    let text =
        std::fs::read_to_string(repo_root().join("tests/fixtures/seed_list_images_response.json"))
            .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn spec() -> Value {
    load_spec().unwrap()
}

/// Fields the spec describes from newer help pages (and `track_inventory`, from a third-party
/// client), which FinerWorks' own example lacks.
const NEWER_FIELDS: [&str; 8] = [
    "$.images[].account_key",
    "$.images[].assigned_gallery_subcategory_ids",
    "$.images[].assigned_personal_gallery_ids",
    "$.images[].date_updated",
    "$.images[].products[].geo_price",
    "$.images[].products[].id",
    "$.images[].products[].track_inventory",
    "$.images[].username",
];

#[test]
fn the_seed_example_only_lacks_the_newer_fields() {
    let report = compare(&spec(), LIST, &seed()).unwrap();
    assert!(report.undescribed.is_empty(), "{report:?}");
    assert!(report.mismatched.is_empty(), "{report:?}");
    assert_eq!(report.missing, NEWER_FIELDS);
}

#[test]
fn the_spec_file_has_the_fields_the_crate_was_generated_with() {
    assert_eq!(fields_agree(&spec()), Ok(()));
    let mut added = spec();
    added["components"]["schemas"]["image_details"]["properties"]["rank"] =
        json!({"type": "integer", "nullable": true});
    added["components"]["schemas"]["add_image_details"]["required"] = json!(["file_name"]);
    let error = fields_agree(&added).unwrap_err();
    assert!(error.contains("cargo xtask generate"), "{error}");
    assert!(error.contains("image_details: the spec has "), "{error}");
    assert!(error.contains("rank"), "{error}");
    assert!(error.contains("add_image_details: "), "{error}");
    assert_eq!(error.lines().count(), 3, "{error}");
}

#[test]
fn the_spec_compared_is_the_one_the_crate_embeds() {
    // `cargo xtask generate --check` keeps them equal; drift reads the file, the crate
    // embeds what it was generated from, and both are walked by the same code.
    assert_eq!(
        compare(&spec(), LIST, &seed()),
        compare(finerworks_api::schema::openapi(), LIST, &seed())
    );
}

#[test]
fn added_fields_are_reported_with_their_type() {
    let mut body = seed();
    body["images"][0]["color_profile"] = json!("sRGB");
    body["images"][0]["products"][0]["labels"][0]["locale"] = json!("en");
    body["images"][0]["products"][0]["labels"][0]["weight"] = json!(1.5);
    body["status"]["debug/info"] = json!({"a": 1});
    body["next_page"] = json!(2);
    let report = compare(&spec(), LIST, &body).unwrap();
    let expected = BTreeMap::from([
        (
            "$.images[0].color_profile".to_string(),
            "string".to_string(),
        ),
        (
            "$.images[0].products[0].labels[0].locale".to_string(),
            "string".to_string(),
        ),
        (
            "$.images[0].products[0].labels[0].weight".to_string(),
            "number".to_string(),
        ),
        ("$.next_page".to_string(), "integer".to_string()),
        ("$.status.debug/info".to_string(), "object".to_string()),
    ]);
    assert_eq!(report.undescribed, expected);
    assert!(report.mismatched.is_empty(), "{report:?}");
    assert_eq!(report.missing, NEWER_FIELDS);
    // Inside a field whose shape is unpublished (`{}`), nothing is undescribed.
    let mut body = seed();
    body["images"][0]["products"][0]["debug"] = json!({"anything": [1, "two"]});
    assert!(
        compare(&spec(), LIST, &body)
            .unwrap()
            .undescribed
            .is_empty()
    );
}

#[test]
fn removed_fields_are_reported_as_missing() {
    let mut body = seed();
    body["images"][0].as_object_mut().unwrap().remove("pix_w");
    body["status"]
        .as_object_mut()
        .unwrap()
        .remove("reference_id");
    body["images"][0]["products"][0]
        .as_object_mut()
        .unwrap()
        .remove("sku");
    body.as_object_mut().unwrap().remove("count");
    let report = compare(&spec(), LIST, &body).unwrap();
    let mut expected: Vec<String> = NEWER_FIELDS.iter().map(ToString::to_string).collect();
    expected.extend(
        [
            "$.count",
            "$.images[].pix_w",
            "$.images[].products[].sku",
            "$.status.reference_id",
        ]
        .map(String::from),
    );
    expected.sort();
    assert_eq!(report.missing, expected);
    assert!(report.undescribed.is_empty(), "{report:?}");
    assert!(report.mismatched.is_empty(), "{report:?}");
}

#[test]
fn a_field_is_missing_only_when_no_object_of_its_kind_has_it() {
    let mut body = seed();
    let image = body["images"][0].clone();
    let mut second = image.clone();
    second.as_object_mut().unwrap().remove("pix_w");
    second["products"][0].as_object_mut().unwrap().remove("sku");
    // `username` (a newer field) is present in one image only, `pix_w` absent from one.
    body["images"][0]["username"] = json!("someone");
    body["images"] = json!([body["images"][0].clone(), second]);
    let report = compare(&spec(), LIST, &body).unwrap();
    assert!(!report.missing.contains(&"$.images[].username".to_string()));
    assert!(!report.missing.contains(&"$.images[].pix_w".to_string()));
    assert!(
        !report
            .missing
            .contains(&"$.images[].products[].sku".to_string())
    );
    assert!(
        report
            .missing
            .contains(&"$.images[].date_updated".to_string())
    );
    // A second image without products, and one whose products are null, change nothing.
    let mut bare = image;
    bare["products"] = json!(null);
    body["images"].as_array_mut().unwrap().push(bare);
    assert_eq!(compare(&spec(), LIST, &body).unwrap(), report);
}

#[test]
fn retyped_fields_are_reported_with_what_is_wrong() {
    let mut body = seed();
    body["images"][0]["file_size"] = json!("100 KB");
    body["images"][0]["pix_w"] = json!(2000.5);
    body["images"][0]["guid"] = json!("not-a-guid");
    body["images"][0]["date_added"] = json!("27/10/2025");
    body["count"] = json!(null);
    body["images"][0]["products"][0]["labels"] = json!({"sku": "x"});
    body["status"] = json!("ok");
    body["page_number"] = json!(3_000_000_000_u64);
    let report = compare(&spec(), LIST, &body).unwrap();
    let expected = BTreeMap::from([
        (
            "$.images[0].date_added".to_string(),
            "\"27/10/2025\" is not a valid date-time".to_string(),
        ),
        (
            "$.images[0].file_size".to_string(),
            "expected integer, got string".to_string(),
        ),
        (
            "$.images[0].guid".to_string(),
            "\"not-a-guid\" is not a valid uuid".to_string(),
        ),
        (
            "$.images[0].pix_w".to_string(),
            "expected integer, got number".to_string(),
        ),
        (
            "$.images[0].products[0].labels".to_string(),
            "expected array, got object".to_string(),
        ),
        (
            "$.page_number".to_string(),
            "3000000000 does not fit int32".to_string(),
        ),
        (
            "$.status".to_string(),
            "expected object, got string".to_string(),
        ),
    ]);
    assert_eq!(report.mismatched, expected);
    assert!(report.undescribed.is_empty(), "{report:?}");
}

#[test]
fn null_is_reported_where_the_spec_does_not_allow_it() {
    let spec = json!({"components": {"schemas": {"list_images_response": {
        "type": "object",
        "properties": {"count": {"type": "integer"}, "images": {"type": "array", "nullable": true}}
    }}}});
    let report = compare(&spec, LIST, &json!({"count": null, "images": null})).unwrap();
    assert_eq!(
        report.mismatched,
        BTreeMap::from([(
            "$.count".to_string(),
            "null is not allowed (not nullable)".to_string()
        )])
    );
    assert_eq!(
        report.lines(),
        ["mismatched $.count: null is not allowed (not nullable)"]
    );
}

#[test]
fn a_broken_spec_is_an_error_not_a_report() {
    let dangling = json!({"components": {"schemas": {"list_images_response": {
        "type": "object",
        "properties": {"images": {"$ref": "#/components/schemas/nowhere"}}
    }}}});
    let error = compare(&dangling, LIST, &json!({"images": []})).unwrap_err();
    assert!(error.contains("nowhere"), "{error}");
    assert!(error.contains("$.images"), "{error}");
    let unnamed = json!({"components": {"schemas": {}}});
    let error = compare(&unnamed, LIST, &seed()).unwrap_err();
    assert!(error.contains("list_images_response"), "{error}");
}

#[test]
fn timestamps_are_checked_like_the_decoder_does() {
    for ok in [
        "2025-10-27T14:14:28.7196101-05:00",
        "2015-09-13T20:16:25",
        "2024-01-01T00:00:00Z",
    ] {
        let mut body = seed();
        body["images"][0]["date_added"] = json!(ok);
        let report = compare(&spec(), LIST, &body).unwrap();
        assert!(report.mismatched.is_empty(), "{ok}: {report:?}");
        assert!(ok.parse::<finerworks_api::Timestamp>().is_ok(), "{ok}");
    }
    for bad in [
        "2025-10-27",
        "2025-10-27T14:14:28.",
        "2025-10-27T14:14:28+5",
        "27/10/2025 14:14",
    ] {
        let mut body = seed();
        body["images"][0]["date_added"] = json!(bad);
        let report = compare(&spec(), LIST, &body).unwrap();
        assert_eq!(
            report.mismatched.keys().collect::<Vec<_>>(),
            ["$.images[0].date_added"],
            "{bad}"
        );
        assert!(bad.parse::<finerworks_api::Timestamp>().is_err(), "{bad}");
    }
}

#[test]
fn the_report_reads_one_line_per_finding() {
    let mut body = seed();
    body["next_page"] = json!(2);
    body["images"][0]["pix_w"] = json!("wide");
    let report = compare(&spec(), LIST, &body).unwrap();
    let lines = report.lines();
    assert_eq!(lines[0], "undescribed $.next_page: integer");
    assert_eq!(
        lines[1],
        "mismatched $.images[0].pix_w: expected integer, got string"
    );
    assert_eq!(lines[2], "missing $.images[].account_key");
    assert_eq!(lines.len(), 2 + NEWER_FIELDS.len());
    assert!(!report.is_empty());
    assert!(Report::default().is_empty());
}

/// A `status` block with every field the spec describes.
fn status() -> Value {
    json!({
        "success": true,
        "status_code": 200,
        "message": "",
        "debug": null,
        "reference_id": "0d3c5e7f9a1b4c2d8e6f0a1b2c3d4e5f",
        "domain": null
    })
}

/// An `images_response` with every field the spec describes, as `add_images` is assumed to
/// answer.
fn images_answer() -> Value {
    json!({
        "status": status(),
        "images": [{
            "id": 48213,
            "guid": "b20d8d00-4134-4ba7-9558-c82a89a3a359",
            "title": "finerworks-rs drift check",
            "description": "This is a really cool picture.",
            "file_name": "abc.jpg",
            "file_size": 11_000_024,
            "thumbnail_file_name": "thumbnail.jpg",
            "preview_file_name": "preview.jpg",
            "hires_file_name": "hires.jpg",
            "public_thumbnail_uri": "https://somewhere.com/public_thumbnail_uri.jpg",
            "public_preview_uri": "https://somewhere.com/public_preview_uri.jpg",
            "personal_gallery_title": null,
            "members_gallery_category": null,
            "private_hires_uri": "https://somewhere.com/private_hires_uri.jpg",
            "pix_w": 1600,
            "pix_h": 2400,
            "date_added": "2026-11-27T09:53:33.4122310-06:00",
            "date_expires": null,
            "date_updated": null,
            "active": true,
            "username": "someone",
            "account_key": "",
            "assigned_gallery_subcategory_ids": [],
            "assigned_personal_gallery_ids": null,
            "products": null
        }]
    })
}

#[test]
fn a_status_answer_with_every_field_matches() {
    let report = compare(&spec(), "status_response", &json!({"status": status()})).unwrap();
    assert_eq!(report, Report::default());
    // `status: null` is allowed and has no fields to miss.
    let report = compare(&spec(), "status_response", &json!({"status": null})).unwrap();
    assert_eq!(report, Report::default());
}

#[test]
fn status_answers_report_added_removed_and_retyped_fields() {
    let mut body = json!({"status": status(), "credits": 3});
    body["status"]["elapsed_ms"] = json!(12.5);
    body["status"]
        .as_object_mut()
        .unwrap()
        .remove("reference_id");
    body["status"]["success"] = json!("yes");
    body["status"]["status_code"] = json!(200.5);
    let report = compare(&spec(), "status_response", &body).unwrap();
    assert_eq!(
        report.undescribed,
        BTreeMap::from([
            ("$.credits".to_string(), "integer".to_string()),
            ("$.status.elapsed_ms".to_string(), "number".to_string()),
        ])
    );
    assert_eq!(report.missing, ["$.status.reference_id"]);
    assert_eq!(
        report.mismatched,
        BTreeMap::from([
            (
                "$.status.status_code".to_string(),
                "expected integer, got number".to_string()
            ),
            (
                "$.status.success".to_string(),
                "expected boolean, got string".to_string()
            ),
        ])
    );
    // An answer without the envelope at all misses it; a bare string is the wrong type.
    let report = compare(&spec(), "status_response", &json!({})).unwrap();
    assert_eq!(report.missing, ["$.status"]);
    let report = compare(&spec(), "status_response", &json!("OK")).unwrap();
    assert_eq!(
        report.mismatched,
        BTreeMap::from([("$".to_string(), "expected object, got string".to_string())])
    );
}

#[test]
fn an_images_answer_with_every_field_matches() {
    let report = compare(&spec(), "images_response", &images_answer()).unwrap();
    assert_eq!(report, Report::default());
}

#[test]
fn images_answers_report_added_removed_and_retyped_fields() {
    let mut body = images_answer();
    body["images"][0]["rank"] = json!(4);
    body["images"][0]["artistname"] = json!("someone");
    body["images"][0].as_object_mut().unwrap().remove("guid");
    body["images"][0]
        .as_object_mut()
        .unwrap()
        .remove("date_updated");
    body["images"][0]["id"] = json!("48213");
    body["images"][0]["pix_h"] = json!(2400.5);
    body["images"][0]["date_added"] = json!("yesterday");
    let report = compare(&spec(), "images_response", &body).unwrap();
    assert_eq!(
        report.undescribed,
        BTreeMap::from([
            ("$.images[0].artistname".to_string(), "string".to_string()),
            ("$.images[0].rank".to_string(), "integer".to_string()),
        ])
    );
    assert_eq!(
        report.missing,
        ["$.images[].date_updated", "$.images[].guid"]
    );
    assert_eq!(
        report.mismatched,
        BTreeMap::from([
            (
                "$.images[0].date_added".to_string(),
                "\"yesterday\" is not a valid date-time".to_string()
            ),
            (
                "$.images[0].id".to_string(),
                "expected integer, got string".to_string()
            ),
            (
                "$.images[0].pix_h".to_string(),
                "expected integer, got number".to_string()
            ),
        ])
    );
    // `images` as an object instead of an array.
    let mut body = images_answer();
    body["images"] = json!({"0": body["images"][0].clone()});
    let report = compare(&spec(), "images_response", &body).unwrap();
    assert_eq!(
        report.mismatched,
        BTreeMap::from([(
            "$.images".to_string(),
            "expected array, got object".to_string()
        )])
    );
}
