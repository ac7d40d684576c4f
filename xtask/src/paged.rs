//! The paged lists: for every operation with an `x-paging`, an implementation of
//! `finerworks_api::PagedOperation` that says how to read and set its page number and size, where
//! its answer's items and total are, and which item field tells items apart (`key`). The SDK's
//! one page walk reads nothing else, so a new paged list is walked by declaration alone.

use std::fmt::Write as _;

use openapiv3::{
    OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use crate::fields::constant_name;
use crate::generate::{SPEC, pascal_case};
use crate::operations::{Op, PAGING};

/// The Rust source of the `PagedOperation` implementations of `ops`' paged lists.
pub(crate) fn generate(spec: &OpenAPI, ops: &[Op]) -> Result<String, String> {
    let mut out = String::from(
        "/// How each paged list of the spec is paged (its `x-paging`), and [`visit`](crate::paging::visit), \
         which reaches a paged list's types by its id.\npub mod paging {\n",
    );
    let mut visits = Vec::new();
    for op in ops {
        let Some(paging) = &op.paging else {
            continue;
        };
        let named = format!("{SPEC}: operation `{}`", op.id);
        let request = op
            .request_schema
            .as_deref()
            .ok_or(format!("{named} is paged but has no request body"))?;
        let number = property(spec, request, &paging.page_number)?;
        if !matches!(&number.schema_kind, SchemaKind::Type(Type::Integer(integer)) if integer.maximum.is_some())
        {
            return Err(format!(
                "{named}: `{PAGING}.page_number` ({}) must be an integer with a `maximum`",
                paging.page_number
            ));
        }
        let size = property(spec, request, &paging.page_size)?;
        let size_has_maximum = matches!(&size.schema_kind, SchemaKind::Type(Type::Integer(integer)) if integer.maximum.is_some());
        if size.schema_data.default.is_none() || !size_has_maximum {
            return Err(format!(
                "{named}: `{PAGING}.page_size` ({}) must be an integer with a `default` (the page \
                 size the server uses when a request leaves it out) and a `maximum`",
                paging.page_size
            ));
        }
        let item_schema = item_schema(spec, &op.response_schema, &paging.items).ok_or(format!(
            "{named}: `{PAGING}.items` ({}) must be an array of a `$ref` to a component schema",
            paging.items
        ))?;
        let key = property(spec, &item_schema, &paging.key).map_err(|_| {
            format!(
                "{named}: `{PAGING}.key` is `{}`, which is not a field of the item schema \
                 {item_schema}",
                paging.key
            )
        })?;
        let key_type = match &key.schema_kind {
            SchemaKind::Type(Type::String(string)) => match &string.format {
                VariantOrUnknownOrEmpty::Unknown(format) if format == "uuid" => "::uuid::Uuid",
                VariantOrUnknownOrEmpty::Empty => "::std::string::String",
                VariantOrUnknownOrEmpty::Item(StringFormat::Byte)
                | VariantOrUnknownOrEmpty::Item(_)
                | VariantOrUnknownOrEmpty::Unknown(_) => {
                    return Err(format!(
                        "{named}: `{PAGING}.key` ({}) must be a plain string, a uuid or an integer",
                        paging.key
                    ));
                }
            },
            SchemaKind::Type(Type::Integer(_)) => "i64",
            _ => {
                return Err(format!(
                    "{named}: `{PAGING}.key` ({}) must be a plain string, a uuid or an integer",
                    paging.key
                ));
            }
        };
        let count = paging.count.as_ref().map_or("None".to_string(), |count| {
            format!("crate::CountField::total(&response.{count})")
        });
        let _ = write!(
            out,
            "impl crate::PagedOperation for crate::operations::{op} {{\n\
             type Item = crate::types::{item};\n\
             type Key = {key_type};\n\
             const PAGE_SIZE_DEFAULT: u32 = crate::limits::{request}::{size}_DEFAULT;\n\
             const PAGE_SIZE_MAX: u32 = crate::limits::{request}::{size}_MAX;\n\
             const PAGE_NUMBER_MAX: u32 = crate::limits::{request}::{number}_MAX;\n\
             fn page_number(request: &Self::Request) -> Option<u32> {{ \
             crate::PageField::number(&request.{page_number}) }}\n\
             fn set_page_number(request: &mut Self::Request, page: u32) {{ \
             crate::PageField::set_number(&mut request.{page_number}, page) }}\n\
             fn page_size(request: &Self::Request) -> Option<u32> {{ \
             crate::PageField::number(&request.{page_size}) }}\n\
             fn set_page_size(request: &mut Self::Request, size: u32) {{ \
             crate::PageField::set_number(&mut request.{page_size}, size) }}\n\
             fn take_items(response: &mut Self::Response) -> Option<Vec<Self::Item>> {{ \
             response.{items}.take() }}\n\
             fn total(response: &Self::Response) -> Option<u64> {{ {count} }}\n\
             fn key(item: &Self::Item) -> Option<Self::Key> {{ item.{key}.clone() }}\n\
             }}\n",
            op = pascal_case(&op.id),
            item = pascal_case(&item_schema),
            size = constant_name(&paging.page_size),
            number = constant_name(&paging.page_number),
            page_number = paging.page_number,
            page_size = paging.page_size,
            items = paging.items,
            key = paging.key,
        );
        visits.push(format!(
            "{:?} => Some(visitor.visit::<crate::operations::{}>()),",
            op.id,
            pascal_case(&op.id)
        ));
    }
    let _ = write!(
        out,
        "/// Does `visitor`'s work with the paged list whose `operationId` is `id`; `None` when \
         the spec has no paged list by that id.\n\
         pub fn visit<V: crate::PagedVisitor>(id: &str, visitor: V) -> Option<V::Output> {{\n\
         match id {{ {} _ => None }}\n}}\n}}\n",
        visits.join("\n")
    );
    let file: syn::File =
        syn::parse_str(&out).map_err(|e| format!("the paged module does not parse: {e}"))?;
    Ok(prettyplease::unparse(&file))
}

/// The schema of the property `name` of the component schema `schema`.
fn property<'a>(spec: &'a OpenAPI, schema: &str, name: &str) -> Result<&'a Schema, String> {
    let object = component(spec, schema).and_then(|schema| match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => Some(object),
        _ => None,
    });
    object
        .and_then(|object| object.properties.get(name))
        .and_then(ReferenceOr::as_item)
        .map(AsRef::as_ref)
        .ok_or(format!("{SPEC}: {schema} has no inline property {name}"))
}

fn component<'a>(spec: &'a OpenAPI, name: &str) -> Option<&'a Schema> {
    spec.components.as_ref()?.schemas.get(name)?.as_item()
}

/// The component schema of the items of the array property `items` of `schema`.
fn item_schema(spec: &OpenAPI, schema: &str, items: &str) -> Option<String> {
    let array = match &property(spec, schema, items).ok()?.schema_kind {
        SchemaKind::Type(Type::Array(array)) => array,
        _ => return None,
    };
    match array.items.as_ref()? {
        ReferenceOr::Reference { reference } => reference
            .strip_prefix("#/components/schemas/")
            .map(ToString::to_string),
        ReferenceOr::Item(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{ordered_spec, repo_root};
    use crate::operations::collect;

    fn generated_with(edit: impl Fn(&str) -> String) -> Result<String, String> {
        let text = std::fs::read_to_string(repo_root().join(SPEC)).unwrap();
        let edited = edit(&text);
        assert_ne!(text, edited, "the edit changed the spec");
        let spec: OpenAPI = serde_norway::from_str(&edited).unwrap();
        generate(&spec, &collect(&spec)?)
    }

    #[test]
    fn the_image_listing_is_paged_by_its_declared_fields() {
        let spec = ordered_spec(&repo_root()).unwrap();
        let out = generate(&spec, &collect(&spec).unwrap()).unwrap();
        for expected in [
            "impl crate::PagedOperation for crate::operations::ListImages",
            "\"list_images\" => Some(visitor.visit::<crate::operations::ListImages>()),",
            "type Item = crate::types::ImageDetails;",
            "type Key = ::uuid::Uuid;",
            "crate::limits::list_images_request::PER_PAGE_DEFAULT",
            "crate::limits::list_images_request::PAGE_NUMBER_MAX",
            "response.images.take()",
            "crate::CountField::total(&response.count)",
            "item.guid.clone()",
        ] {
            assert!(out.contains(expected), "{expected} not in:\n{out}");
        }
    }

    #[test]
    fn a_key_that_is_not_a_field_of_the_items_fails_naming_it() {
        let error =
            generated_with(|text| text.replacen("        key: guid\n", "        key: sku\n", 1))
                .unwrap_err();
        assert!(error.contains("`list_images`"), "{error}");
        assert!(
            error.contains("`sku`, which is not a field of the item schema image_details"),
            "{error}"
        );
    }
}
