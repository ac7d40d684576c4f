//! The limits and defaults the spec documents for request fields, and the values of every enum,
//! written as Rust constants next to the generated types, so that hand-written code (the SDK's
//! validation, the mock's, the command line's help) takes them from the spec instead of restating
//! them.
//!
//! For each property of each component schema that has a `minimum`, `maximum`, `minLength`,
//! `maxLength`, `minItems`, `maxItems` or `default`, a constant in `limits::<schema>` named
//! `<PROPERTY>_MIN`, `_MAX`, `_MIN_LENGTH`, `_MAX_LENGTH`, `_MIN_ITEMS`, `_MAX_ITEMS` or `_DEFAULT`;
//! for each enum schema, `ALL`, its values in the spec's order.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

/// The Rust source of the `limits` module and the enums' `ALL`, for the spec `spec` and the
/// generated code `file` (whose enums give the variant of each value).
pub(crate) fn generate(spec: &Value, file: &syn::File) -> Result<String, String> {
    let schemas = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .ok_or("the spec has no components/schemas")?;
    let enums = enum_variants(file);
    let mut out = String::from(
        "/// The limits and defaults the API documents for request fields, one module per request \
         schema, such as `list_images_request::PER_PAGE_MAX` (the largest page size).\npub mod \
         limits {\n",
    );
    for (name, schema) in schemas {
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            continue;
        };
        let mut items = String::new();
        for (property, definition) in properties {
            for constant in constants(property, definition, schemas, &enums)? {
                items.push_str(&constant);
            }
        }
        if !items.is_empty() {
            let _ = write!(
                out,
                "/// The limits and defaults of the fields of `{name}`.\npub mod {name} {{\n{items}}}\n"
            );
        }
    }
    out.push_str("}\n");
    for (name, schema) in schemas {
        let Some(values) = schema.get("enum").and_then(Value::as_array) else {
            continue;
        };
        let type_name = crate::generate::pascal_case(name);
        let mut variants = Vec::new();
        for value in values {
            let value = value
                .as_str()
                .ok_or(format!("{name}: an enum value is not a string"))?;
            variants.push(format!("Self::{}", variant(&enums, &type_name, value)?));
        }
        let _ = write!(
            out,
            "impl types::{type_name} {{\n/// Every value, in the order the API documents them.\npub const ALL: &'static [Self] = &[{}];\n}}\n",
            variants.join(", ")
        );
    }
    let file: syn::File =
        syn::parse_str(&out).map_err(|e| format!("the limits module does not parse: {e}"))?;
    Ok(prettyplease::unparse(&file))
}

/// The constants of one property.
fn constants(
    property: &str,
    definition: &Value,
    schemas: &serde_json::Map<String, Value>,
    enums: &BTreeMap<String, Vec<(String, String)>>,
) -> Result<Vec<String>, String> {
    let upper = property.to_ascii_uppercase();
    let json_type = definition.get("type").and_then(Value::as_str);
    let mut out = Vec::new();
    let mut push = |suffix: &str, rust_type: &str, value: String, what: &str| {
        out.push(format!(
            "/// `{property}`: {what}.\npub const {upper}_{suffix}: {rust_type} = {value};\n"
        ));
    };
    // The type the generated field has: a 32-bit integer that cannot be negative is unsigned.
    let wide = definition.get("format").and_then(Value::as_str) == Some("int64");
    let integer_type = match definition.get("minimum").and_then(Value::as_i64) {
        Some(minimum) if minimum >= 0 && !wide => "u32",
        _ => "i64",
    };
    for (keyword, suffix, what) in [
        ("minimum", "MIN", "the smallest value"),
        ("maximum", "MAX", "the largest value"),
    ] {
        if let Some(bound) = definition.get(keyword).and_then(Value::as_i64) {
            push(suffix, integer_type, bound.to_string(), what);
        }
    }
    for (keyword, suffix, what) in [
        ("minLength", "MIN_LENGTH", "the fewest characters"),
        ("maxLength", "MAX_LENGTH", "the most characters"),
        ("minItems", "MIN_ITEMS", "the fewest items"),
        ("maxItems", "MAX_ITEMS", "the most items"),
    ] {
        if let Some(bound) = definition.get(keyword).and_then(Value::as_u64) {
            push(suffix, "usize", bound.to_string(), what);
        }
    }
    let Some(default) = definition.get("default") else {
        return Ok(out);
    };
    let what = "the value the API uses when the field is left out";
    let referenced = definition
        .get("allOf")
        .and_then(Value::as_array)
        .and_then(|all| all.first())
        .and_then(|first| first.get("$ref"))
        .and_then(Value::as_str)
        .and_then(|reference| reference.strip_prefix("#/components/schemas/"));
    match (default, referenced, json_type) {
        (Value::String(value), Some(target), _)
            if schemas.get(target).is_some_and(|s| s.get("enum").is_some()) =>
        {
            let type_name = crate::generate::pascal_case(target);
            let variant = variant(enums, &type_name, value)?;
            push(
                "DEFAULT",
                &format!("crate::types::{type_name}"),
                format!("crate::types::{type_name}::{variant}"),
                what,
            );
        }
        (Value::String(value), _, _) => push("DEFAULT", "&str", format!("{value:?}"), what),
        (Value::Bool(value), _, _) => push("DEFAULT", "bool", value.to_string(), what),
        (Value::Number(value), _, Some("integer")) => {
            push("DEFAULT", integer_type, value.to_string(), what);
        }
        (other, _, _) => {
            return Err(format!(
                "`{property}` has a default ({other}) that the limits module cannot write"
            ));
        }
    }
    Ok(out)
}

/// For each generated enum, its variants and the wire value of each (`#[serde(rename = "..")]`).
fn enum_variants(file: &syn::File) -> BTreeMap<String, Vec<(String, String)>> {
    let mut enums = BTreeMap::new();
    let mut stack: Vec<&[syn::Item]> = vec![&file.items];
    while let Some(items) = stack.pop() {
        for item in items {
            match item {
                syn::Item::Mod(module) => {
                    if let Some((_, inner)) = &module.content {
                        stack.push(inner);
                    }
                }
                syn::Item::Enum(item) => {
                    let variants = item
                        .variants
                        .iter()
                        .map(|variant| {
                            let name = variant.ident.to_string();
                            let wire = serde_rename(&variant.attrs).unwrap_or_else(|| name.clone());
                            (name, wire)
                        })
                        .collect();
                    enums.insert(item.ident.to_string(), variants);
                }
                _ => {}
            }
        }
    }
    enums
}

fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    let mut rename = None;
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                rename = Some(value.value());
            }
            Ok(())
        });
    }
    rename
}

/// The variant of the generated enum `type_name` whose wire value is `value`.
fn variant(
    enums: &BTreeMap<String, Vec<(String, String)>>,
    type_name: &str,
    value: &str,
) -> Result<String, String> {
    enums
        .get(type_name)
        .and_then(|variants| variants.iter().find(|(_, wire)| wire == value))
        .map(|(name, _)| name.clone())
        .ok_or(format!(
            "the generated enum {type_name} has no variant for `{value}`"
        ))
}
