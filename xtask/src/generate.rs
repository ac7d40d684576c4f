//! `cargo xtask generate`: the OpenAPI spec in, `finerworks-api`'s generated module out.
//!
//! The output is a pure function of the spec and the settings below: progenitor (as a library, builder
//! interface) turns the spec into tokens, `prettyplease` formats them and a fixed header is prepended.
//! Type mappings that progenitor would silently ignore are checked after generation, so a spec edit
//! that breaks one fails here instead of quietly producing `f64` prices or `String` timestamps.

use std::path::{Path, PathBuf};

use progenitor::{GenerationSettings, Generator, InterfaceStyle, TagStyle, TypeImpl};
use serde_json::{Value, json};

/// The spec, relative to the repository root.
pub(crate) const SPEC: &str = "openapi/finerworks.yaml";
/// The generated module, relative to the repository root.
pub(crate) const OUTPUT: &str = "crates/finerworks-api/src/generated.rs";
/// The command that rewrites [`OUTPUT`].
const COMMAND: &str = "cargo xtask generate";

/// A JSON-schema shape that is replaced by a hand-written type of `finerworks-api`.
struct Mapping {
    /// The schema's `format`, which selects the mapping.
    format: &'static str,
    /// The schema's `type`.
    json_type: &'static str,
    /// The Rust type used instead of what progenitor would generate.
    rust_type: &'static str,
    /// The traits the Rust type implements that typify may rely on.
    impls: &'static [TypeImpl],
}

/// Every format the spec may use that maps to a hand-written support type.
const MAPPINGS: &[Mapping] = &[
    Mapping {
        format: "date-time",
        json_type: "string",
        rust_type: "crate::Timestamp",
        impls: &[TypeImpl::Display, TypeImpl::FromStr],
    },
    Mapping {
        format: "decimal",
        json_type: "number",
        rust_type: "crate::Money",
        impls: &[TypeImpl::Display, TypeImpl::FromStr],
    },
];

/// Regenerates the output file.
pub(crate) fn write() -> Result<(), String> {
    let root = repo_root();
    let code = generate(&root)?;
    let path = root.join(OUTPUT);
    let unchanged = std::fs::read_to_string(&path).is_ok_and(|old| old == code);
    if unchanged {
        eprintln!("{OUTPUT} is up to date");
        return Ok(());
    }
    std::fs::write(&path, code).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!("wrote {OUTPUT} from {SPEC}");
    Ok(())
}

/// Regenerates in memory and fails with a diff when the committed output differs.
pub(crate) fn check() -> Result<(), String> {
    let root = repo_root();
    stale_diff(&root)?.map_or(Ok(()), Err)
}

/// `Ok(None)` when the committed output is fresh; `Ok(Some(report))` with a diff when it is stale.
pub(crate) fn stale_diff(root: &Path) -> Result<Option<String>, String> {
    let fresh = generate(root)?;
    let path = root.join(OUTPUT);
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed == fresh {
        return Ok(None);
    }
    let diff = similar::TextDiff::from_lines(&committed, &fresh)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("{OUTPUT} (committed)"),
            &format!("{OUTPUT} (from {SPEC})"),
        )
        .to_string();
    Ok(Some(format!(
        "{OUTPUT} is stale: it does not match what {SPEC} generates.\n\
         Run `{COMMAND}` and commit the result.\n\n{diff}"
    )))
}

/// The repository root, found from this crate's manifest directory (not the current directory).
pub(crate) fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the repository root")
        .to_path_buf()
}

/// Generates the complete output file from the spec under `root`.
pub(crate) fn generate(root: &Path) -> Result<String, String> {
    let spec_path = root.join(SPEC);
    let text = std::fs::read_to_string(&spec_path)
        .map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
    let raw: Value =
        serde_norway::from_str(&text).map_err(|e| format!("{SPEC} is not valid YAML: {e}"))?;
    check_no_rust_type_extensions(&raw, "#")?;
    let mut input = raw.clone();
    leave_defaults_to_the_server(&mut input);
    let spec: openapiv3::OpenAPI = serde_json::from_value(input)
        .map_err(|e| format!("{SPEC} is not an OpenAPI 3.0 document: {e}"))?;

    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        // Users compare images and pages; every generated type can.
        .with_derive("PartialEq")
        // `nullable_image_library` is `image_library` or `null` (OpenAPI 3.0 cannot say that of a
        // `$ref`); in Rust that is an `Option` of the same type, not a second copy of it.
        .with_replacement(
            "NullableImageLibrary",
            "::std::option::Option<crate::types::ImageLibrary>",
            std::iter::empty(),
        )
        // `nullable_product_image_file` is `product_image_file` or `null`, for an order line's
        // optional `product_image`: the field is an `Option` already (`null` reads as `None`), so
        // the type is the plain one, not an `Option` of an `Option`.
        .with_replacement(
            "NullableProductImageFile",
            "crate::types::ProductImageFile",
            std::iter::empty(),
        );
    for mapping in MAPPINGS {
        let schema = serde_json::from_value(json!({
            "type": mapping.json_type,
            "format": mapping.format,
        }))
        .map_err(|e| format!("bad mapping schema for {}: {e}", mapping.format))?;
        settings.with_conversion(schema, mapping.rust_type, mapping.impls.iter().cloned());
    }

    let tokens = Generator::new(&settings)
        .generate_tokens(&spec)
        .map_err(|e| format!("progenitor cannot generate a client from {SPEC}: {e}"))?;
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| format!("progenitor produced code that does not parse: {e}"))?;
    check_mappings_applied(&raw, &file)?;
    let body = prettyplease::unparse(&file);
    let limits = crate::limits::generate(&raw, &file)?;
    // The operation table and field lists keep the spec's order, which `raw` (a JSON value with
    // sorted keys) has lost.
    let ordered = parse_ordered(&text)?;
    let mut structs = Vec::new();
    collect_structs(&file.items, &mut structs);
    let types = structs.iter().map(|s| s.ident.to_string()).collect();
    let ops = crate::operations::collect(&ordered)?;
    let operations = crate::operations::generate(&ops, &types)?;
    let paged = crate::paged::generate(&ordered, &ops)?;
    let fields = crate::fields::generate(&crate::fields::collect(&ordered)?)?;

    let spec_json = serde_json::to_string_pretty(&raw)
        .map_err(|e| format!("cannot write {SPEC} as JSON: {e}"))?;
    if spec_json.contains("\"##") {
        return Err(format!(
            "{SPEC} contains `\"##`, which cannot be embedded in a raw string"
        ));
    }
    Ok(format!(
        "// @generated by `{COMMAND}` from `{SPEC}` (progenitor 0.15.1).\n\
         // Do not edit by hand: change the spec, then run `{COMMAND}`.\n\n{body}\n{limits}\n{operations}\n{paged}\n{fields}\n\
         /// The OpenAPI document this crate was generated from, as JSON (object keys sorted).\n\
         pub const OPENAPI_JSON: &str = r##\"{spec_json}\"##;\n"
    ))
}

/// The spec under `root`, with its paths, operations, schemas and properties in the file's order.
pub(crate) fn ordered_spec(root: &Path) -> Result<openapiv3::OpenAPI, String> {
    let spec_path = root.join(SPEC);
    let text = std::fs::read_to_string(&spec_path)
        .map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
    parse_ordered(&text)
}

fn parse_ordered(text: &str) -> Result<openapiv3::OpenAPI, String> {
    serde_norway::from_str(text).map_err(|e| format!("{SPEC} is not an OpenAPI 3.0 document: {e}"))
}

/// Removes `default` from every property of every component schema, before generation.
///
/// A documented default is what FinerWorks applies when a request leaves the field out. typify
/// would turn such a property into a plain `T` that is always serialized (or, when nullable, an
/// `Option<T>` that is serialized as `null` when unset), so every request would carry values the
/// caller never set. Without the `default`, the field becomes an `Option<T>` that is left out of
/// the body when `None`: a request carries only what the caller set. The spec keeps its defaults
/// for readers and validators.
fn leave_defaults_to_the_server(spec: &mut Value) {
    let Some(schemas) = spec
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for schema in schemas.values_mut() {
        let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
            continue;
        };
        for property in properties.values_mut() {
            if let Some(property) = property.as_object_mut() {
                property.remove("default");
            }
        }
    }
}

/// `x-rust-type` asks typify to use an existing crate's type, and typify silently generates its own
/// type instead when that crate is not registered with the generator. No crate is registered here,
/// so the extension is refused outright; map formats through [`MAPPINGS`] instead.
fn check_no_rust_type_extensions(value: &Value, path: &str) -> Result<(), String> {
    match value {
        Value::Object(map) => {
            if map.contains_key("x-rust-type") {
                return Err(format!(
                    "{SPEC}: `x-rust-type` at {path} would be ignored by the generator; \
                     use a `format` handled by the xtask's type mappings instead"
                ));
            }
            for (key, child) in map {
                check_no_rust_type_extensions(child, &format!("{path}/{key}"))?;
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                check_no_rust_type_extensions(child, &format!("{path}/{index}"))?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// typify applies a conversion only to a schema that equals the mapping's schema exactly, and falls
/// back to its own type otherwise (e.g. `f64` for a decimal that gained a `minimum`). This checks that
/// every property whose format has a mapping really got the mapped type in the generated struct.
fn check_mappings_applied(spec: &Value, file: &syn::File) -> Result<(), String> {
    let mut structs = Vec::new();
    collect_structs(&file.items, &mut structs);
    let schemas = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .ok_or_else(|| format!("{SPEC} has no components.schemas"))?;
    let mut checked = 0;
    for (schema_name, schema) in schemas {
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            continue;
        };
        let struct_name = pascal_case(schema_name);
        for (property, property_schema) in properties {
            let Some(format) = property_schema.get("format").and_then(Value::as_str) else {
                continue;
            };
            let Some(mapping) = MAPPINGS.iter().find(|m| m.format == format) else {
                continue;
            };
            let expected = mapping
                .rust_type
                .rsplit("::")
                .next()
                .unwrap_or(mapping.rust_type);
            let found = structs
                .iter()
                .find(|s| s.ident == struct_name)
                .and_then(|s| field_type(s, property));
            match found {
                Some(ty) if ty.contains(expected) => checked += 1,
                Some(ty) => {
                    return Err(format!(
                        "{SPEC}: {schema_name}.{property} has format `{format}` but was generated \
                         as `{ty}`, not `{expected}`; typify maps only the exact schema \
                         {{type: {}, format: {format}}} (plus description and nullable)",
                        mapping.json_type
                    ));
                }
                None => {
                    return Err(format!(
                        "generated code has no field {struct_name}.{property} to check the \
                         `{format}` mapping of {schema_name}.{property}"
                    ));
                }
            }
        }
    }
    if checked == 0 {
        return Err(format!(
            "{SPEC} uses none of the type mappings; the check found nothing"
        ));
    }
    Ok(())
}

fn collect_structs<'a>(items: &'a [syn::Item], out: &mut Vec<&'a syn::ItemStruct>) {
    for item in items {
        match item {
            syn::Item::Struct(s) => out.push(s),
            syn::Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    collect_structs(items, out);
                }
            }
            _ => {}
        }
    }
}

fn field_type(item: &syn::ItemStruct, name: &str) -> Option<String> {
    item.fields.iter().find_map(|field| {
        let ident = field.ident.as_ref()?;
        (ident == name).then(|| {
            let ty = &field.ty;
            quote_type(ty)
        })
    })
}

fn quote_type(ty: &syn::Type) -> String {
    use quote::ToTokens as _;
    ty.to_token_stream().to_string().replace(' ', "")
}

/// `list_images_response` -> `ListImagesResponse`, as typify names the struct of a schema.
pub(crate) fn pascal_case(name: &str) -> String {
    name.split(['_', '-'])
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test` fails the same way `cargo xtask generate --check` does.
    #[test]
    fn committed_generated_code_is_fresh() {
        if let Some(report) = stale_diff(&repo_root()).expect("generation succeeds") {
            panic!("{report}");
        }
    }

    #[test]
    fn generation_is_deterministic() {
        let root = repo_root();
        assert_eq!(generate(&root).unwrap(), generate(&root).unwrap());
    }

    #[test]
    fn rust_type_extension_is_refused() {
        let spec = json!({"components": {"schemas": {"product": {"properties": {
            "total_price": {"type": "number", "x-rust-type": {"crate": "rust_decimal"}}
        }}}}});
        let error = check_no_rust_type_extensions(&spec, "#").unwrap_err();
        assert!(
            error.contains("#/components/schemas/product/properties/total_price"),
            "{error}"
        );
    }

    #[test]
    fn a_mapping_that_typify_ignores_fails_generation() {
        let root = repo_root();
        let spec = std::fs::read_to_string(root.join(SPEC)).unwrap();
        // A `minimum` makes the decimal schema differ from the mapping's, so typify would fall back to f64.
        let edited = spec.replacen(
            "          format: decimal\n",
            "          format: decimal\n          minimum: 0\n",
            1,
        );
        assert_ne!(spec, edited, "the spec has a decimal field to edit");
        let dir = std::env::temp_dir().join(format!("xtask-mapping-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("openapi")).unwrap();
        std::fs::write(dir.join(SPEC), edited).unwrap();
        let error = generate(&dir).unwrap_err();
        std::fs::remove_dir_all(&dir).ok();
        assert!(
            error.contains("per_item_price") && error.contains("Money"),
            "{error}"
        );
    }

    #[test]
    fn pascal_case_matches_typify_names() {
        assert_eq!(pascal_case("list_images_response"), "ListImagesResponse");
        assert_eq!(pascal_case("image_details"), "ImageDetails");
    }
}
