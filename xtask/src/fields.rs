//! The field lists: for every component schema with properties, `finerworks_api::fields::<schema>`
//! holds one constant per property name (`FILE_NAME = "file_name"`) and `ALL`, every property in
//! the spec's order with whether the schema requires it; `fields::SCHEMAS` lists them all. Code
//! that names a field on the wire (request bodies, columns, answers) takes it from here.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use openapiv3::{OpenAPI, ReferenceOr, SchemaKind, Type};

use crate::generate::SPEC;

/// One schema's fields: (property, required), in the spec's order.
pub(crate) type Fields = Vec<(String, bool)>;

/// Every component schema with properties and its fields, in the spec's order.
pub(crate) fn collect(spec: &OpenAPI) -> Result<Vec<(String, Fields)>, String> {
    let components = spec
        .components
        .as_ref()
        .ok_or(format!("{SPEC} has no components"))?;
    let mut out = Vec::new();
    for (name, schema) in &components.schemas {
        let ReferenceOr::Item(schema) = schema else {
            continue;
        };
        let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
            continue;
        };
        if object.properties.is_empty() {
            continue;
        }
        for required in &object.required {
            if !object.properties.contains_key(required) {
                return Err(format!(
                    "{SPEC}: {name} requires `{required}`, which is not one of its properties"
                ));
            }
        }
        let fields = object
            .properties
            .keys()
            .map(|property| (property.clone(), object.required.contains(property)))
            .collect();
        out.push((name.clone(), fields));
    }
    Ok(out)
}

/// `ModelState` -> `MODEL_STATE`, `image_url_1` -> `IMAGE_URL_1`.
pub(crate) fn constant_name(property: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in property.chars() {
        if c.is_ascii_uppercase() && previous_lower {
            out.push('_');
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
        } else {
            out.push('_');
        }
    }
    out
}

/// The Rust source of the `fields` module.
pub(crate) fn generate(schemas: &[(String, Fields)]) -> Result<String, String> {
    let mut out = String::from(
        "/// The fields of every schema of the spec, one module per schema (such as \
         `add_image_details`): a constant per field name, and `ALL`, every field in the spec's \
         order with whether it is required. [`SCHEMAS`](crate::fields::SCHEMAS) lists them all.\npub mod fields {\n",
    );
    let mut listed = Vec::new();
    for (schema, fields) in schemas {
        let mut constants = BTreeSet::from(["ALL".to_string()]);
        let mut items = String::new();
        let mut all = Vec::new();
        for (property, required) in fields {
            let constant = constant_name(property);
            if constant.is_empty()
                || constant.starts_with(|c: char| c.is_ascii_digit())
                || !constants.insert(constant.clone())
            {
                return Err(format!(
                    "{SPEC}: {schema}.{property} cannot be the constant `{constant}` of \
                     `fields::{schema}` (empty, starting with a digit, `ALL`, or taken by \
                     another field)"
                ));
            }
            let what = if *required { "required" } else { "optional" };
            let _ = write!(
                items,
                "/// `{property}` ({what}).\npub const {constant}: &str = {property:?};\n"
            );
            all.push(format!(
                "crate::Field {{ name: {constant}, required: {required} }}"
            ));
        }
        let _ = write!(
            out,
            "/// The fields of `{schema}`.\npub mod {schema} {{\n{items}\
             /// Every field of `{schema}`, in the spec's order.\n\
             pub const ALL: &[crate::Field] = &[{}];\n}}\n",
            all.join(", ")
        );
        listed.push(format!("({schema:?}, {schema}::ALL)"));
    }
    let _ = write!(
        out,
        "/// Every schema with fields, and its fields, in the spec's order.\n\
         pub const SCHEMAS: &[(&str, &[crate::Field])] = &[{}];\n}}\n",
        listed.join(", ")
    );
    let file: syn::File =
        syn::parse_str(&out).map_err(|e| format!("the fields module does not parse: {e}"))?;
    Ok(prettyplease::unparse(&file))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{ordered_spec, repo_root};

    #[test]
    fn constants_are_upper_snake_case() {
        assert_eq!(constant_name("file_name"), "FILE_NAME");
        assert_eq!(constant_name("ModelState"), "MODEL_STATE");
        assert_eq!(constant_name("Message"), "MESSAGE");
        assert_eq!(constant_name("image_url_1"), "IMAGE_URL_1");
    }

    #[test]
    fn fields_keep_the_specs_order_and_required_flags() {
        let schemas = collect(&ordered_spec(&repo_root()).unwrap()).unwrap();
        let (_, add) = schemas
            .iter()
            .find(|(name, _)| name == "add_image_details")
            .unwrap();
        let names: Vec<&str> = add.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(&names[..3], ["title", "description", "file_name"]);
        assert_eq!(add[0], ("title".to_string(), false));
        assert_eq!(add[2], ("file_name".to_string(), true));
        // Enums have no fields; the shared library properties (a YAML anchor) appear twice.
        assert!(schemas.iter().all(|(name, _)| name != "sort_field"));
        let library = |name: &str| {
            schemas
                .iter()
                .find(|(schema, _)| schema == name)
                .map(|(_, fields)| fields.clone())
        };
        assert_eq!(library("image_library"), library("nullable_image_library"));
    }

    #[test]
    fn clashing_constants_fail_naming_the_field() {
        let schemas = vec![(
            "odd".to_string(),
            vec![
                ("file_name".to_string(), false),
                ("FileName".to_string(), false),
            ],
        )];
        let error = generate(&schemas).unwrap_err();
        assert!(error.contains("odd.FileName"), "{error}");
        let schemas = vec![("odd".to_string(), vec![("all".to_string(), true)])];
        assert!(generate(&schemas).unwrap_err().contains("odd.all"));
    }
}
