//! [`Operation`]: an operation of the spec, as the table `cargo xtask generate` writes into
//! `finerworks_api::operations` gives it (path, method, `operationId`, request schema), from which
//! a request path finds its operation (as ASP.NET routes: any case, a trailing slash allowed).
//! Every operation of the spec is routed; which of them the mock implements is said once, in
//! [`crate::operations`].

use std::fmt;

use axum::http::Method;
use finerworks_api::{HttpMethod, OperationInfo, operations::ALL};

/// An operation of the spec: its place in `finerworks_api::operations::ALL`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Operation(usize);

impl fmt::Debug for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Operation {
    /// Every operation of the spec, in the spec's order.
    #[cfg(test)]
    pub(crate) fn all() -> impl ExactSizeIterator<Item = Operation> {
        (0..ALL.len()).map(Operation)
    }

    /// What the spec says of it.
    pub(crate) fn info(self) -> &'static OperationInfo {
        &ALL[self.0]
    }

    /// The path, as the spec writes it.
    #[cfg(test)]
    pub(crate) fn path(self) -> &'static str {
        self.info().path
    }

    /// The one method the path answers.
    pub(crate) fn method(self) -> Method {
        match self.info().method {
            HttpMethod::Get => Method::GET,
            HttpMethod::Post => Method::POST,
            HttpMethod::Put => Method::PUT,
            HttpMethod::Patch => Method::PATCH,
            HttpMethod::Delete => Method::DELETE,
        }
    }

    /// The spec's `operationId`.
    pub(crate) fn id(self) -> &'static str {
        self.info().id
    }

    /// The spec's schema of the request body; `None` for an operation without one.
    pub(crate) fn request_schema(self) -> Option<&'static str> {
        self.info().request_schema
    }

    /// The spec's `operationId` of every operation, in the spec's order.
    pub(crate) fn ids() -> impl ExactSizeIterator<Item = &'static str> {
        ALL.iter().map(|info| info.id)
    }

    /// The operation whose `operationId` is `id` (exactly).
    pub(crate) fn with_id(id: &str) -> Option<Operation> {
        ALL.iter().position(|info| info.id == id).map(Operation)
    }

    /// The operation whose path `path` is, ignoring case and a trailing slash.
    pub(crate) fn at(path: &str) -> Option<Operation> {
        let path = path.strip_suffix('/').unwrap_or(path);
        ALL.iter()
            .position(|info| info.path.eq_ignore_ascii_case(path))
            .map(Operation)
    }
}

#[cfg(test)]
mod tests {
    use finerworks_api::schema;

    use super::*;

    fn named(id: &str) -> Operation {
        Operation::with_id(id).expect("an operation of the spec")
    }

    #[test]
    fn paths_ignore_case_and_a_trailing_slash() {
        for path in ["/v3/list_images", "/V3/List_Images", "/v3/LIST_IMAGES/"] {
            assert_eq!(Operation::at(path), Some(named("list_images")), "{path}");
        }
        assert_eq!(
            Operation::at("/v3/Delete_Images/"),
            Some(named("delete_images"))
        );
        for path in [
            "/",
            "/v3/list_image",
            "/v2/list_images",
            "/v3/list_images/x",
            "/v3/add_images//",
        ] {
            assert_eq!(Operation::at(path), None, "{path}");
        }
    }

    #[test]
    fn ids_are_exact() {
        for operation in Operation::all() {
            assert_eq!(Operation::with_id(operation.id()), Some(operation));
            assert_eq!(format!("{operation:?}"), operation.id());
        }
        assert_eq!(Operation::with_id("add_image"), None);
        assert_eq!(Operation::with_id("Add_Images"), None);
    }

    #[test]
    fn every_operation_is_the_specs() {
        let paths = &schema::openapi()["paths"];
        let mut routed = 0;
        for operation in Operation::all() {
            let method = operation.method().as_str().to_ascii_lowercase();
            let spec = &paths[operation.path()][&method];
            assert_eq!(spec["operationId"], operation.id(), "{operation:?}");
            let schema = &spec["requestBody"]["content"]["application/json"]["schema"]["$ref"];
            match operation.request_schema() {
                Some(name) => assert_eq!(
                    schema.as_str(),
                    Some(format!("#/components/schemas/{name}").as_str())
                ),
                None => assert!(schema.is_null(), "{operation:?}"),
            }
            assert_eq!(Operation::at(operation.path()), Some(operation));
            routed += 1;
        }
        let in_spec: usize = paths
            .as_object()
            .unwrap()
            .values()
            .map(|item| item.as_object().unwrap().len())
            .sum();
        assert_eq!(
            routed, in_spec,
            "the mock routes every operation of the spec"
        );
    }
}
