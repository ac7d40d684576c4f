//! Unit tests of the schema walker: each keyword, the readings it settles, and the spec itself.

use serde_json::{Value, json};

use super::{Rule, Validator, openapi, violations};

/// A spec of every keyword the walker knows.
fn spec() -> Value {
    json!({"components": {"schemas": {
        "thing": {
            "type": "object",
            "required": ["id", "tag"],
            "properties": {
                "id": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 100},
                "ratio": {"type": "number", "minimum": 0, "maximum": 1, "exclusiveMaximum": true},
                "big": {"type": "integer", "format": "int64"},
                "tag": {"type": "string", "minLength": 2, "maxLength": 4},
                "kind": {"type": "string", "default": "a", "allOf": [{"$ref": "#/components/schemas/kind"}]},
                "maybe_kind": {"type": "string", "nullable": true, "allOf": [{"$ref": "#/components/schemas/kind"}]},
                "guid": {"type": "string", "format": "uuid"},
                "day": {"type": "string", "format": "date", "nullable": true},
                "at": {"type": "string", "format": "date-time"},
                "flags": {"type": "array", "nullable": true, "minItems": 1, "maxItems": 2, "items": {"type": "boolean"}},
                "child": {"$ref": "#/components/schemas/child"},
                "map": {"type": "object", "additionalProperties": {"type": "integer"}},
                "closed": {"type": "object", "properties": {"a": {}}, "additionalProperties": false},
                "free": {"type": "object"},
                "anything": {}
            }
        },
        "kind": {"type": "string", "enum": ["a", "b"]},
        "child": {"type": "object", "properties": {"name": {"type": "string"}}},
        "loop": {"$ref": "#/components/schemas/loop"},
        "dangling": {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/nowhere"}}},
        "odd": {"type": "date"},
        "merged": {"type": "object", "allOf": [{"$ref": "#/components/schemas/child"}], "properties": {"age": {"type": "integer"}}},
        "untyped": {"allOf": [{"$ref": "#/components/schemas/child"}]},
        "team": {"type": "object", "properties": {
            "people": {"type": "array", "nullable": true, "items": {"$ref": "#/components/schemas/child"}},
            "lead": {"type": "object", "nullable": true, "allOf": [{"$ref": "#/components/schemas/child"}]}
        }}
    }}})
}

fn check(value: &Value) -> Vec<String> {
    // Sorted: the order of an object's fields depends on serde_json's features.
    let mut found: Vec<String> = violations(&spec(), "thing", value)
        .iter()
        .map(ToString::to_string)
        .collect();
    found.sort();
    found
}

fn valid() -> Value {
    json!({
        "id": 7, "ratio": 0.5, "big": 9_000_000_000_i64, "tag": "ab", "kind": "b", "maybe_kind": null,
        "guid": "F47AC10B-58CC-4372-A567-0E02B2C3D479", "day": "2024-02-29",
        "at": "2025-10-27T14:14:28.7196101-05:00", "flags": [true], "child": {"name": "x", "extra": 1},
        "map": {"one": 1}, "closed": {"a": [1]}, "free": {"z": 1}, "anything": [null], "unknown": {"deep": 1}
    })
}

fn with(changes: Value) -> Value {
    let mut value = valid();
    for (key, change) in changes.as_object().unwrap() {
        value[key] = change.clone();
    }
    value
}

#[test]
fn a_conforming_value_has_no_violations() {
    assert_eq!(check(&valid()), Vec::<String>::new());
    // 2.0 is an integer in JSON; an offset-less .NET timestamp is a date-time here.
    assert_eq!(
        check(&with(
            json!({"id": 2.0, "at": "2015-09-13T20:16:25", "flags": null, "day": null})
        )),
        Vec::<String>::new()
    );
}

#[test]
fn null_is_allowed_only_where_nullable() {
    assert_eq!(
        check(&with(
            json!({"id": null, "tag": null, "kind": null, "child": null, "anything": null})
        )),
        [
            "child: null is not allowed (not nullable)",
            "id: null is not allowed (not nullable)",
            "kind: null is not allowed (not nullable)",
            "tag: null is not allowed (not nullable)",
        ]
    );
}

#[test]
fn each_rule_is_reported_with_its_path() {
    let found = violations(
        &spec(),
        "thing",
        &with(json!({
            "id": 101, "ratio": 1, "big": 1.5, "tag": "abcde", "kind": "c", "maybe_kind": "z",
            "guid": "f47ac10b58cc4372a5670e02b2c3d479", "day": "2023-02-29", "at": "yesterday",
            "flags": [true, 1, false], "child": {"name": 3}, "map": {"one": "1"}, "closed": {"a": 1, "b": 2}
        })),
    );
    let mut got: Vec<(String, String, Rule)> = found
        .iter()
        .map(|v| (v.path.clone(), v.pointer.clone(), v.rule))
        .collect();
    got.sort_by(|a, b| a.0.cmp(&b.0));
    let expected = [
        ("at", Rule::Format),
        ("big", Rule::Type),
        ("child.name", Rule::Type),
        ("closed.b", Rule::UnknownProperty),
        ("day", Rule::Format),
        ("flags", Rule::MaxItems),
        ("flags[1]", Rule::Type),
        ("guid", Rule::Format),
        ("id", Rule::Maximum),
        ("kind", Rule::Enum),
        ("map.one", Rule::Type),
        ("maybe_kind", Rule::Enum),
        ("ratio", Rule::Maximum),
        ("tag", Rule::MaxLength),
    ];
    let expected: Vec<(String, String, Rule)> = expected
        .iter()
        .map(|(path, rule)| {
            let pointer = format!("/{}", path.replace(['.', '['], "/").replace(']', ""));
            ((*path).to_owned(), pointer, *rule)
        })
        .collect();
    assert_eq!(got, expected);
    let text: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert!(
        text.contains(&"id: 101 is greater than the maximum 100".to_owned()),
        "{text:#?}"
    );
    assert!(
        text.contains(&"ratio: 1 is greater than the exclusive maximum 1".to_owned()),
        "{text:#?}"
    );
    assert!(
        text.contains(&"kind: \"c\" is not one of \"a\", \"b\"".to_owned()),
        "{text:#?}"
    );
    assert!(
        text.contains(&"tag: 5 characters, more than the maximum 4".to_owned()),
        "{text:#?}"
    );
    assert!(
        text.contains(&"flags[1]: expected boolean, got integer".to_owned()),
        "{text:#?}"
    );
}

#[test]
fn lower_bounds_and_missing_fields() {
    let mut value = with(json!({"id": 0, "ratio": -0.5, "tag": "é", "flags": [], "big": 9.3e18}));
    value.as_object_mut().unwrap().remove("tag");
    assert_eq!(
        check(&value),
        [
            "big: expected integer, got number",
            "flags: 0 items, fewer than the minimum 1",
            "id: 0 is less than the minimum 1",
            "ratio: -0.5 is less than the minimum 0",
            "tag: required but missing",
        ]
    );
    // Lengths count characters, not bytes.
    assert_eq!(check(&with(json!({"tag": "éé"}))), Vec::<String>::new());
    assert_eq!(
        check(&with(json!({"tag": "é"}))),
        ["tag: 1 character, fewer than the minimum 2"]
    );
}

#[test]
fn int32_and_int64_must_fit() {
    assert_eq!(
        check(&with(json!({"id": 3_000_000_000_u64}))),
        [
            "id: 3000000000 does not fit int32",
            "id: 3000000000 is greater than the maximum 100",
        ]
    );
    assert_eq!(
        check(&with(json!({"big": u64::MAX}))),
        ["big: 18446744073709551615 does not fit int64"]
    );
}

#[test]
fn the_wrong_type_is_reported_once_even_through_all_of() {
    assert_eq!(
        check(&with(json!({"kind": 5}))),
        [
            "kind: 5 is not one of \"a\", \"b\"",
            "kind: expected string, got integer"
        ]
    );
    assert_eq!(
        violations(&spec(), "thing", &json!([1]))[0].to_string(),
        "expected object, got array"
    );
}

#[test]
fn unknown_properties_are_allowed_or_reported() {
    let spec = spec();
    let strict = Validator::new(&spec).report_unknown_properties(true);
    let found: Vec<String> = strict
        .validate("thing", &valid())
        .iter()
        .map(|v| v.path.clone())
        .collect();
    // `free` and `anything` describe no properties; `map` gives a schema for any.
    assert_eq!(found, ["child.extra", "unknown"]);
    // Properties described by an `allOf` part are known.
    let merged = strict.validate("merged", &json!({"name": "x", "age": 3, "other": 1}));
    assert_eq!(
        merged.iter().map(|v| v.path.as_str()).collect::<Vec<_>>(),
        ["other"]
    );
}

/// The `(path, rule)` of each violation, sorted by path.
fn places(found: &[super::Violation]) -> Vec<(&str, Rule)> {
    let mut places: Vec<(&str, Rule)> = found.iter().map(|v| (v.path.as_str(), v.rule)).collect();
    places.sort_by(|a, b| a.0.cmp(b.0));
    places
}

#[test]
fn an_untyped_all_of_owner_knows_the_properties_of_its_parts() {
    let spec = spec();
    let both = Validator::new(&spec)
        .report_unknown_properties(true)
        .report_missing_properties(true);
    assert_eq!(
        places(&both.validate("untyped", &json!({"other": 1}))),
        [
            ("name", Rule::MissingProperty),
            ("other", Rule::UnknownProperty)
        ]
    );
    assert_eq!(places(&both.validate("untyped", &json!({"name": "x"}))), []);
}

#[test]
fn missing_properties_are_reported_only_when_asked() {
    let spec = spec();
    let mut value = valid();
    let object = value.as_object_mut().unwrap();
    for name in ["ratio", "tag", "free", "anything"] {
        object.remove(name);
    }
    value["child"] = json!({"extra": 1});
    value["closed"] = json!({});
    // By default only what is required counts.
    assert_eq!(
        places(&violations(&spec, "thing", &value)),
        [("tag", Rule::Required)]
    );
    let missing = Validator::new(&spec).report_missing_properties(true);
    // A required property is reported once, as required; a free-form object (`map`, `free`'s
    // value) lacks nothing.
    assert_eq!(
        places(&missing.validate("thing", &value)),
        [
            ("anything", Rule::MissingProperty),
            ("child.name", Rule::MissingProperty),
            ("closed.a", Rule::MissingProperty),
            ("free", Rule::MissingProperty),
            ("ratio", Rule::MissingProperty),
            ("tag", Rule::Required),
        ]
    );
    let found = missing.validate("thing", &value);
    let ratio = found.iter().find(|v| v.path == "ratio").unwrap();
    assert_eq!(ratio.pointer, "/ratio");
    assert_eq!(ratio.to_string(), "ratio: described but missing");
    assert_eq!(Rule::MissingProperty.keyword(), "properties");
    // Properties described by an `allOf` part count, once each.
    assert_eq!(
        places(&missing.validate("merged", &json!({"age": 3}))),
        [("name", Rule::MissingProperty)]
    );
    assert_eq!(
        places(&missing.validate("merged", &json!({"name": "x", "age": 3}))),
        []
    );
}

#[test]
fn missing_properties_are_reported_per_object_and_not_under_null() {
    let spec = spec();
    let missing = Validator::new(&spec).report_missing_properties(true);
    let team = json!({"people": [{"name": "a"}, {}, {"extra": 1}], "lead": {}});
    assert_eq!(
        places(&missing.validate("team", &team)),
        [
            ("lead.name", Rule::MissingProperty),
            ("people[1].name", Rule::MissingProperty),
            ("people[2].name", Rule::MissingProperty),
        ]
    );
    assert_eq!(
        places(&missing.validate("team", &json!({"people": null, "lead": null}))),
        []
    );
    // Unknown and missing together, in one walk.
    let both = missing.report_unknown_properties(true);
    assert_eq!(
        places(&both.validate("team", &json!({"people": [{"extra": 1}]}))),
        [
            ("lead", Rule::MissingProperty),
            ("people[0].extra", Rule::UnknownProperty),
            ("people[0].name", Rule::MissingProperty),
        ]
    );
}

#[test]
fn a_broken_schema_is_a_violation_not_a_pass() {
    let spec = spec();
    let rules = |name: &str, value: Value| -> Vec<(Rule, String)> {
        violations(&spec, name, &value)
            .into_iter()
            .map(|v| (v.rule, v.message))
            .collect()
    };
    assert_eq!(
        rules("nothing", json!({})),
        [(
            Rule::Schema,
            "the spec has no schema named \"nothing\"".to_owned()
        )]
    );
    assert_eq!(rules("loop", json!(1))[0].0, Rule::Schema);
    assert_eq!(
        rules("dangling", json!({"x": 1})),
        [(
            Rule::Schema,
            "$ref #/components/schemas/nowhere cannot be resolved".to_owned()
        )]
    );
    assert_eq!(rules("dangling", json!({})), []);
    assert_eq!(
        rules("odd", json!("2024-01-01")),
        [(Rule::Schema, "unsupported type \"date\"".to_owned())]
    );
}

#[test]
fn pointers_escape_field_names() {
    let found = violations(&spec(), "thing", &with(json!({"map": {"a/b~c": "x"}})));
    assert_eq!(found[0].pointer, "/map/a~1b~0c");
    assert_eq!(found[0].path, "map.a/b~c");
    assert_eq!(Rule::UnknownProperty.to_string(), "additionalProperties");
}

/// The keywords the walk reads, and those that are only annotations.
const UNDERSTOOD: &[&str] = &[
    "$ref",
    "allOf",
    "type",
    "nullable",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "minItems",
    "maxItems",
    "enum",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "format",
    "description",
    "default",
    "example",
    "title",
    "deprecated",
    "readOnly",
    "writeOnly",
    "externalDocs",
];

fn unknown_keywords(schema: &Value, path: &str, found: &mut Vec<String>) {
    let Some(object) = schema.as_object() else {
        return;
    };
    for (key, child) in object {
        if !UNDERSTOOD.contains(&key.as_str()) && !key.starts_with("x-") {
            found.push(format!("{path}/{key}"));
        }
        match key.as_str() {
            "properties" => {
                for (name, property) in child.as_object().into_iter().flatten() {
                    unknown_keywords(property, &format!("{path}/properties/{name}"), found);
                }
            }
            "allOf" => {
                for (index, part) in child.as_array().into_iter().flatten().enumerate() {
                    unknown_keywords(part, &format!("{path}/allOf/{index}"), found);
                }
            }
            "items" | "additionalProperties" => {
                unknown_keywords(child, &format!("{path}/{key}"), found)
            }
            _ => {}
        }
    }
}

/// A keyword the walker would ignore cannot sneak into the spec unnoticed.
#[test]
fn the_walker_understands_every_keyword_of_the_spec() {
    let schemas = openapi()["components"]["schemas"]
        .as_object()
        .expect("component schemas");
    assert!(schemas.contains_key("list_images_request"));
    let mut found = Vec::new();
    for (name, schema) in schemas {
        unknown_keywords(schema, &format!("#/components/schemas/{name}"), &mut found);
    }
    assert_eq!(found, Vec::<String>::new());
}

#[test]
fn the_vendor_example_request_conforms_to_the_spec() {
    let example = json!({
        "library": {"name": "inventory", "session_id": "1234567890", "account_key": "", "site_id": 2},
        "search_filter": "", "guid_filter": null, "page_number": 1, "per_page": 10, "sort_field": "id",
        "sort_direction": "DESC", "upload_date_from": null, "upload_date_to": null, "list_products": true,
        "active": null
    });
    assert_eq!(violations(openapi(), "list_images_request", &example), []);
    for (field, value) in [
        ("per_page", json!(null)),
        ("page_number", json!(null)),
        ("list_products", json!(null)),
        ("sort_field", json!(null)),
        ("sort_direction", json!(null)),
        ("search_filter", json!(null)),
    ] {
        let mut body = example.clone();
        body[field] = value;
        let found = violations(openapi(), "list_images_request", &body);
        assert_eq!(found.len(), 1, "{field}: {found:?}");
        assert_eq!(
            (found[0].path.as_str(), found[0].rule),
            (field, Rule::Nullable)
        );
    }
}
