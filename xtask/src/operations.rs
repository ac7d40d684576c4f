//! The operation table: every operation of the spec (its id, method, path, request and response
//! schemas, and its `x-idempotent`), read once here and written as `finerworks_api::operations`
//! (one unit struct per operation implementing `finerworks_api::Operation`, `ALL`, `visit`, and
//! `finerworks_api::Answer` for each response type), or printed as a table by
//! `cargo xtask operations` for scripts such as `.ci/prism-check`.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use openapiv3::{OpenAPI, ReferenceOr, StatusCode};

use crate::generate::{SPEC, pascal_case};

/// The extension every operation must carry: whether a call may be sent again.
pub(crate) const IDEMPOTENT: &str = "x-idempotent";
/// The extension of a paged list: which fields page it.
pub(crate) const PAGING: &str = "x-paging";
/// The extension of a response schema naming its payload field, when it has more than one array.
pub(crate) const PAYLOAD: &str = "x-payload";
/// The field every answer carries its outcome in.
const STATUS: &str = "status";

/// A paged list's `x-paging`: the request fields of the page number and size, the answer fields
/// of the items and the total count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Paging {
    pub(crate) page_number: String,
    pub(crate) page_size: String,
    pub(crate) items: String,
    pub(crate) count: Option<String>,
    /// The item field that tells items apart (a GUID, a SKU), so that none is yielded twice.
    pub(crate) key: String,
}

/// One operation of the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Op {
    pub(crate) id: String,
    /// Upper case (`POST`).
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) idempotent: bool,
    pub(crate) request_schema: Option<String>,
    pub(crate) response_schema: String,
    pub(crate) summary: Option<String>,
    pub(crate) paging: Option<Paging>,
    /// The answer's payload field (`images`); `None` when it is the `status` block alone.
    pub(crate) payload: Option<String>,
}

/// Every operation of `spec`, in the spec's order; fails, naming the operation, when one has no
/// `operationId`, no boolean `x-idempotent`, a request or HTTP 200 JSON answer that is not a
/// `$ref` to a component schema, or a method the table cannot say.
pub(crate) fn collect(spec: &OpenAPI) -> Result<Vec<Op>, String> {
    let mut ops = Vec::new();
    let mut ids = BTreeSet::new();
    for (path, item) in &spec.paths.paths {
        let item = item.as_item().ok_or(format!(
            "{SPEC}: the path {path} is a $ref, which the table cannot follow"
        ))?;
        for method in ["head", "options", "trace"] {
            let found = match method {
                "head" => &item.head,
                "options" => &item.options,
                _ => &item.trace,
            };
            if found.is_some() {
                return Err(format!(
                    "{SPEC}: {} {path}: the operation table has no {method} method",
                    method.to_ascii_uppercase()
                ));
            }
        }
        for (method, operation) in item.iter() {
            let method = method.to_ascii_uppercase();
            let at = format!("{method} {path}");
            let id = operation
                .operation_id
                .clone()
                .ok_or(format!("{SPEC}: {at} has no operationId"))?;
            let named = format!("{SPEC}: operation `{id}` ({at})");
            if !ids.insert(id.clone()) {
                return Err(format!("{named}: the operationId is used twice"));
            }
            let idempotent = match operation.extensions.get(IDEMPOTENT) {
                Some(serde_json::Value::Bool(value)) => *value,
                Some(other) => {
                    return Err(format!(
                        "{named}: `{IDEMPOTENT}` is {other}, not true or false"
                    ));
                }
                None => {
                    return Err(format!(
                        "{named} has no `{IDEMPOTENT}`: say whether a call that may have reached \
                         the server can be sent again (`{IDEMPOTENT}: true`) or not (`false`)"
                    ));
                }
            };
            let request_schema = match &operation.request_body {
                None => None,
                Some(body) => {
                    let body = body
                        .as_item()
                        .ok_or(format!("{named}: the requestBody is a $ref"))?;
                    let schema = body
                        .content
                        .get("application/json")
                        .and_then(|media| media.schema.as_ref());
                    Some(schema_name(schema).ok_or(format!(
                        "{named}: the application/json request body is not a $ref to a schema"
                    ))?)
                }
            };
            let schema = operation
                .responses
                .responses
                .get(&StatusCode::Code(200))
                .and_then(ReferenceOr::as_item)
                .and_then(|answer| answer.content.get("application/json"))
                .and_then(|media| media.schema.as_ref());
            let response_schema = schema_name(schema).ok_or(format!(
                "{named} has no HTTP 200 application/json answer that is a $ref to a schema"
            ))?;
            let paging = match operation.extensions.get(PAGING) {
                None => None,
                Some(declared) => Some(paging(
                    spec,
                    &named,
                    declared,
                    request_schema.as_deref(),
                    &response_schema,
                )?),
            };
            let payload = payload(spec, &named, &response_schema)?;
            ops.push(Op {
                payload,
                paging,
                id,
                method,
                path: path.clone(),
                idempotent,
                request_schema,
                response_schema,
                summary: operation.summary.clone(),
            });
        }
    }
    if ops.is_empty() {
        return Err(format!("{SPEC} has no operations"));
    }
    Ok(ops)
}

/// Reads an `x-paging` and checks that each field it names is one of the request's (page number
/// and size) or the answer's (items, count).
fn paging(
    spec: &OpenAPI,
    named: &str,
    declared: &serde_json::Value,
    request: Option<&str>,
    response: &str,
) -> Result<Paging, String> {
    let object = declared
        .as_object()
        .ok_or(format!("{named}: `{PAGING}` is not a mapping"))?;
    for key in object.keys() {
        if !["page_number", "page_size", "items", "count", "key"].contains(&key.as_str()) {
            return Err(format!(
                "{named}: `{PAGING}` has `{key}`; it names page_number, page_size, items, key \
                 and (optionally) count"
            ));
        }
    }
    let field = |key: &str, schema: Option<&str>, side: &str| -> Result<Option<String>, String> {
        let Some(value) = object.get(key) else {
            return Ok(None);
        };
        let value = value
            .as_str()
            .ok_or(format!("{named}: `{PAGING}.{key}` is not a field name"))?;
        let schema = schema.ok_or(format!(
            "{named}: `{PAGING}.{key}` names a request field, but the operation has no request body"
        ))?;
        if !properties(spec, schema).contains(&value) {
            return Err(format!(
                "{named}: `{PAGING}.{key}` is `{value}`, which is not a field of the {side} \
                 schema {schema}"
            ));
        }
        Ok(Some(value.to_string()))
    };
    let required = |key: &str, value: Option<String>| {
        value.ok_or(format!("{named}: `{PAGING}` has no `{key}`"))
    };
    Ok(Paging {
        page_number: required("page_number", field("page_number", request, "request")?)?,
        page_size: required("page_size", field("page_size", request, "request")?)?,
        items: required("items", field("items", Some(response), "answer")?)?,
        count: field("count", Some(response), "answer")?,
        key: match object.get("key") {
            Some(serde_json::Value::String(key)) => key.clone(),
            Some(_) => return Err(format!("{named}: `{PAGING}.key` is not a field name")),
            None => return Err(format!("{named}: `{PAGING}` has no `key`")),
        },
    })
}

/// The payload field of the answer schema `response`: the property its `x-payload` names, else
/// its one array property, else none (the `status` block alone). Fails, naming the operation, when
/// the answer has no `status`, when `x-payload` names no field of it, or when it has several
/// arrays and no `x-payload` to choose.
fn payload(spec: &OpenAPI, named: &str, response: &str) -> Result<Option<String>, String> {
    let schema = component(spec, response);
    if !properties(spec, response).contains(&STATUS) {
        return Err(format!(
            "{named}: the answer schema {response} has no `{STATUS}` field, which every answer \
             carries its outcome in"
        ));
    }
    let field = match schema.and_then(|schema| schema.schema_data.extensions.get(PAYLOAD)) {
        Some(declared) => {
            let name = declared
                .as_str()
                .filter(|name| properties(spec, response).contains(name))
                .ok_or(format!(
                    "{named}: `{PAYLOAD}` of {response} is {declared}, which is not a field of it"
                ))?;
            Some(name.to_string())
        }
        None => {
            let arrays = arrays(spec, response);
            match arrays.as_slice() {
                [] => None,
                [one] => Some((*one).to_string()),
                several => {
                    return Err(format!(
                        "{named}: the answer schema {response} has several arrays ({}): name its \
                         payload with `{PAYLOAD}`",
                        several.join(", ")
                    ));
                }
            }
        }
    };
    match field {
        Some(name) if !rust_field(&name) => Err(format!(
            "{named}: the payload `{name}` of {response} is not a plain snake_case field name"
        )),
        field => Ok(field),
    }
}

/// Whether `name` is its own Rust field name in the generated type (lower snake case, no keyword).
fn rust_field(name: &str) -> bool {
    let keyword = syn::parse_str::<syn::Ident>(name).is_err();
    !keyword
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The component schema `name`, if the spec has it as a schema (not a `$ref`).
fn component<'a>(spec: &'a OpenAPI, name: &str) -> Option<&'a openapiv3::Schema> {
    spec.components
        .as_ref()
        .and_then(|components| components.schemas.get(name))
        .and_then(ReferenceOr::as_item)
}

/// The properties of the component schema `name` (none when it is not an object).
fn object<'a>(spec: &'a OpenAPI, name: &str) -> Option<&'a openapiv3::ObjectType> {
    match component(spec, name).map(|schema| &schema.schema_kind) {
        Some(openapiv3::SchemaKind::Type(openapiv3::Type::Object(object))) => Some(object),
        _ => None,
    }
}

/// The property names of the component schema `name` (none when it is not an object).
fn properties<'a>(spec: &'a OpenAPI, name: &str) -> Vec<&'a str> {
    object(spec, name).map_or_else(Vec::new, |object| {
        object.properties.keys().map(String::as_str).collect()
    })
}

/// The names of the properties of the component schema `name` that are arrays.
fn arrays<'a>(spec: &'a OpenAPI, name: &str) -> Vec<&'a str> {
    object(spec, name).map_or_else(Vec::new, |object| {
        object
            .properties
            .iter()
            .filter(|(_, schema)| {
                matches!(
                    schema.as_item().map(|schema| &schema.schema_kind),
                    Some(openapiv3::SchemaKind::Type(openapiv3::Type::Array(_)))
                )
            })
            .map(|(name, _)| name.as_str())
            .collect()
    })
}

fn schema_name<T>(schema: Option<&ReferenceOr<T>>) -> Option<String> {
    match schema? {
        ReferenceOr::Reference { reference } => reference
            .strip_prefix("#/components/schemas/")
            .map(ToString::to_string),
        ReferenceOr::Item(_) => None,
    }
}

/// The Rust source of the `operations` module; `types` are the names of the generated types,
/// which every request and response schema must have.
pub(crate) fn generate(ops: &[Op], types: &BTreeSet<String>) -> Result<String, String> {
    let type_of = |op: &Op, schema: &str| {
        let name = pascal_case(schema);
        if types.contains(&name) {
            Ok(format!("crate::types::{name}"))
        } else {
            Err(format!(
                "{SPEC}: operation `{}`: the schema {schema} has no generated type {name}",
                op.id
            ))
        }
    };
    let mut out = String::from(
        "/// Every operation of the spec, one unit struct each implementing \
         [`Operation`](crate::Operation), and [`ALL`](crate::operations::ALL), the same as plain data.\n\
         pub mod operations {\n",
    );
    let mut all = Vec::new();
    let mut arms = Vec::new();
    for op in ops {
        let name = pascal_case(&op.id);
        let (request, request_schema) = match &op.request_schema {
            Some(schema) => (type_of(op, schema)?, format!("Some({schema:?})")),
            None => ("()".to_string(), "None".to_string()),
        };
        let response = type_of(op, &op.response_schema)?;
        let summary = op
            .summary
            .as_deref()
            .map_or(String::new(), |summary| format!(": {}", summary.trim()));
        let resend = if op.idempotent {
            "May be sent again when its outcome is unknown."
        } else {
            "Not idempotent: a call that may have reached the server is never sent again."
        };
        let method = http_method(&op.method)?;
        let paging = op.paging.as_ref().map_or(String::new(), |paging| {
            let request = op.request_schema.as_deref().unwrap_or_default();
            let field = |schema: &str, name: &str| {
                format!(
                    "crate::fields::{schema}::{}",
                    crate::fields::constant_name(name)
                )
            };
            let count = paging.count.as_ref().map_or("None".to_string(), |count| {
                format!("Some({})", field(&op.response_schema, count))
            });
            format!(
                "const PAGING: Option<crate::Paging> = Some(crate::Paging {{ page_number: {}, \
                 page_size: {}, items: {}, count: {count} }});\n",
                field(request, &paging.page_number),
                field(request, &paging.page_size),
                field(&op.response_schema, &paging.items),
            )
        });
        let _ = write!(
            out,
            "/// `{} {}`{summary}.\n///\n/// {resend}\n\
             #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]\npub struct {name};\n\
             impl crate::Operation for {name} {{\n\
             const ID: &'static str = {:?};\n\
             const METHOD: crate::HttpMethod = crate::HttpMethod::{method};\n\
             const PATH: &'static str = {:?};\n\
             const IDEMPOTENT: bool = {};\n\
             const REQUEST_SCHEMA: Option<&'static str> = {request_schema};\n\
             const RESPONSE_SCHEMA: &'static str = {:?};\n\
             type Request = {request};\n\
             type Response = {response};\n{paging}}}\n",
            op.method, op.path, op.id, op.path, op.idempotent, op.response_schema
        );
        all.push(format!("<{name} as crate::Operation>::INFO"));
        arms.push(format!("{:?} => Some(visitor.visit::<{name}>()),", op.id));
    }
    let _ = write!(
        out,
        "/// Every operation, in the spec's order.\n\
         pub const ALL: &[crate::OperationInfo] = &[{}];\n\
         /// Calls `visitor` with the operation whose `operationId` is `id` (exactly), if the spec \
         has one.\n\
         pub fn visit<V: crate::Visitor>(id: &str, visitor: V) -> Option<V::Output> {{\n\
         match id {{ {} _ => None }}\n}}\n",
        all.join(", "),
        arms.join("\n")
    );
    let mut answered = BTreeSet::new();
    for op in ops {
        if !answered.insert(&op.response_schema) {
            continue;
        }
        let response = type_of(op, &op.response_schema)?;
        let (payload, has_payload) = match &op.payload {
            Some(field) => (
                format!("Some({field:?})"),
                format!("self.{field}.is_some()"),
            ),
            None => ("None".to_string(), "false".to_string()),
        };
        let _ = write!(
            out,
            "impl crate::Answer for {response} {{\n\
             const PAYLOAD: Option<&'static str> = {payload};\n\
             fn status(&self) -> Option<&crate::types::ResponseStatus> {{ self.{STATUS}.as_ref() }}\n\
             fn status_mut(&mut self) -> Option<&mut crate::types::ResponseStatus> {{ \
             self.{STATUS}.as_mut() }}\n\
             fn has_payload(&self) -> bool {{ {has_payload} }}\n}}\n"
        );
    }
    out.push_str("}\n");
    let file: syn::File =
        syn::parse_str(&out).map_err(|e| format!("the operations module does not parse: {e}"))?;
    Ok(prettyplease::unparse(&file))
}

/// The `finerworks_api::HttpMethod` variant of an upper-case method.
fn http_method(method: &str) -> Result<&'static str, String> {
    Ok(match method {
        "GET" => "Get",
        "POST" => "Post",
        "PUT" => "Put",
        "PATCH" => "Patch",
        "DELETE" => "Delete",
        other => return Err(format!("the operation table has no {other} method")),
    })
}

/// The table `cargo xtask operations` prints: a header, then one tab-separated line per
/// operation: id, method, path, idempotent (`true`/`false`), request schema (`-` for none),
/// response schema.
pub(crate) fn table(ops: &[Op]) -> String {
    let mut out = String::from("id\tmethod\tpath\tidempotent\trequest_schema\tresponse_schema\n");
    for op in ops {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}",
            op.id,
            op.method,
            op.path,
            op.idempotent,
            op.request_schema.as_deref().unwrap_or("-"),
            op.response_schema
        );
    }
    out
}

/// Reads the spec under the repository root and prints [`table`].
pub(crate) fn print() -> Result<(), String> {
    let spec = crate::generate::ordered_spec(&crate::generate::repo_root())?;
    let ops = collect(&spec)?;
    print!("{}", table(&ops));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{ordered_spec, repo_root};

    fn spec_with(edit: impl Fn(&str) -> String) -> Result<Vec<Op>, String> {
        let text = std::fs::read_to_string(repo_root().join(SPEC)).unwrap();
        let edited = edit(&text);
        assert_ne!(text, edited, "the edit changed the spec");
        let spec: OpenAPI = serde_norway::from_str(&edited).unwrap();
        collect(&spec)
    }

    #[test]
    fn the_table_lists_every_operation_of_the_spec_in_order() {
        let spec = ordered_spec(&repo_root()).unwrap();
        let table = table(&collect(&spec).unwrap());
        let mut lines = table.lines();
        assert_eq!(
            lines.next(),
            Some("id\tmethod\tpath\tidempotent\trequest_schema\tresponse_schema")
        );
        let listed: Vec<String> = lines
            .map(|line| line.splitn(4, '\t').take(3).collect::<Vec<_>>().join(" "))
            .collect();
        let in_spec: Vec<String> = spec
            .paths
            .paths
            .iter()
            .flat_map(|(path, item)| {
                let item = item.as_item().unwrap();
                item.iter().map(move |(method, operation)| {
                    let id = operation.operation_id.as_deref().unwrap();
                    format!("{id} {} {path}", method.to_ascii_uppercase())
                })
            })
            .collect();
        assert_eq!(listed, in_spec);
        for row in [
            "list_images\tPOST\t/v3/list_images\ttrue\tlist_images_request\tlist_images_response\n",
            "test_my_credentials\tGET\t/v3/test_my_credentials\ttrue\t-\tstatus_response\n",
            "add_images\tPOST\t/v3/add_images\tfalse\tadd_images_request\timages_response\n",
            "delete_images\tDELETE\t/v3/delete_images\ttrue\tdelete_images_request\tstatus_response\n",
        ] {
            assert!(table.contains(row), "{row:?} in\n{table}");
        }
    }

    #[test]
    fn the_payload_is_the_one_array_of_the_answer_or_its_x_payload() {
        let ops = collect(&ordered_spec(&repo_root()).unwrap()).unwrap();
        let payload = |id: &str| {
            let op = ops.iter().find(|op| op.id == id).unwrap();
            op.payload.clone()
        };
        assert_eq!(payload("list_images").as_deref(), Some("images"));
        assert_eq!(payload("add_images").as_deref(), Some("images"));
        assert_eq!(payload("test_my_credentials"), None);
        let second_array = "    images_response:\n      type: object\n";
        let error = spec_with(|text| {
            text.replacen(
                second_array,
                &format!("{second_array}      x-payload: nowhere\n"),
                1,
            )
        })
        .unwrap_err();
        assert!(error.contains("`add_images`"), "{error}");
        assert!(
            error.contains("`x-payload` of images_response is \"nowhere\""),
            "{error}"
        );
        let outcome_only = "carries only the outcome (assumed shape, from third-party \
                            clients).\n      properties:\n        status:\n";
        let error = spec_with(|text| {
            text.replacen(outcome_only, &outcome_only.replace("status:", "state:"), 1)
        })
        .unwrap_err();
        assert!(error.contains("`test_my_credentials`"), "{error}");
        assert!(error.contains("has no `status` field"), "{error}");
    }

    #[test]
    fn an_operation_without_x_idempotent_fails_naming_it() {
        let error =
            spec_with(|text| text.replacen("      x-idempotent: false\n", "", 1)).unwrap_err();
        assert!(
            error.contains("operation `add_images` (POST /v3/add_images)"),
            "{error}"
        );
        assert!(error.contains("has no `x-idempotent`"), "{error}");
        let error = spec_with(|text| {
            text.replacen(
                "      x-idempotent: true\n",
                "      x-idempotent: yes please\n",
                1,
            )
        })
        .unwrap_err();
        assert!(error.contains("`list_images`"), "{error}");
        assert!(error.contains("not true or false"), "{error}");
    }

    #[test]
    fn an_operation_without_an_answer_schema_or_id_fails_naming_it() {
        let error = spec_with(|text| text.replacen("      operationId: delete_images\n", "", 1))
            .unwrap_err();
        assert!(
            error.contains("DELETE /v3/delete_images has no operationId"),
            "{error}"
        );
        let error = spec_with(|text| {
            text.replacen(
                "                $ref: '#/components/schemas/images_response'\n",
                "                type: object\n",
                1,
            )
        })
        .unwrap_err();
        assert!(error.contains("`add_images`"), "{error}");
        assert!(error.contains("HTTP 200"), "{error}");
    }

    #[test]
    fn paging_names_fields_of_the_request_and_the_answer() {
        let ops = collect(&ordered_spec(&repo_root()).unwrap()).unwrap();
        let paging: Vec<_> = ops
            .iter()
            .map(|op| (op.id.as_str(), op.paging.clone()))
            .collect();
        assert_eq!(
            paging[0],
            (
                "list_images",
                Some(Paging {
                    page_number: "page_number".to_string(),
                    page_size: "per_page".to_string(),
                    items: "images".to_string(),
                    count: Some("count".to_string()),
                    key: "guid".to_string(),
                })
            )
        );
        let inventory = Paging {
            page_number: "page_number".to_string(),
            page_size: "per_page".to_string(),
            items: "products".to_string(),
            count: Some("count".to_string()),
            key: "sku".to_string(),
        };
        for (id, paging) in &paging[1..] {
            let expected = (*id == "list_virtual_inventory").then_some(&inventory);
            assert_eq!(paging.as_ref(), expected, "{id}");
        }
        let error = spec_with(|text| {
            text.replacen(
                "        page_size: per_page\n",
                "        page_size: page_size\n",
                1,
            )
        })
        .unwrap_err();
        assert!(error.contains("`list_images`"), "{error}");
        assert!(
            error.contains(
                "`page_size`, which is not a field of the request schema list_images_request"
            ),
            "{error}"
        );
        let error = spec_with(|text| text.replacen("        items: images\n", "", 1)).unwrap_err();
        assert!(error.contains("`x-paging` has no `items`"), "{error}");
    }

    #[test]
    fn a_schema_without_a_generated_type_fails() {
        let ops = collect(&ordered_spec(&repo_root()).unwrap()).unwrap();
        let error = generate(&ops, &BTreeSet::new()).unwrap_err();
        assert!(error.contains("list_images_request"), "{error}");
    }
}
