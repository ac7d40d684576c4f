//! [`Operation`]: the FinerWorks operations the mock serves, and [`ROUTES`], the one table of
//! each one's path, method, `operationId` and request schema as the spec gives them (generated
//! into `finerworks_api::operations`), from which a request path finds its operation (as ASP.NET
//! routes: any case, a trailing slash allowed).

use axum::http::Method;
use finerworks_api::{HttpMethod, Operation as _, OperationInfo, operations};

/// An operation of the spec that the mock serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Operation {
    ListImages,
    TestMyCredentials,
    AddImages,
    UpdateImages,
    DeleteImages,
}

/// One row of [`ROUTES`]: an operation the mock serves, and what the spec says of it (the table
/// `cargo xtask generate` writes into `finerworks_api::operations`).
struct Route {
    operation: Operation,
    info: OperationInfo,
}

/// The operations the mock serves, in the order of [`Operation`]: the one table routing reads.
static ROUTES: [Route; 5] = [
    Route {
        operation: Operation::ListImages,
        info: operations::ListImages::INFO,
    },
    Route {
        operation: Operation::TestMyCredentials,
        info: operations::TestMyCredentials::INFO,
    },
    Route {
        operation: Operation::AddImages,
        info: operations::AddImages::INFO,
    },
    Route {
        operation: Operation::UpdateImages,
        info: operations::UpdateImages::INFO,
    },
    Route {
        operation: Operation::DeleteImages,
        info: operations::DeleteImages::INFO,
    },
];

impl Operation {
    /// Every operation the mock serves.
    #[cfg(test)]
    pub(crate) const ALL: [Operation; 5] = [
        Operation::ListImages,
        Operation::TestMyCredentials,
        Operation::AddImages,
        Operation::UpdateImages,
        Operation::DeleteImages,
    ];

    /// This operation's row of [`ROUTES`].
    fn route(self) -> &'static Route {
        &ROUTES[self as usize]
    }

    /// The path, as the spec writes it.
    #[cfg(test)]
    pub(crate) fn path(self) -> &'static str {
        self.route().info.path
    }

    /// The one method the path answers.
    pub(crate) fn method(self) -> Method {
        match self.route().info.method {
            HttpMethod::Get => Method::GET,
            HttpMethod::Post => Method::POST,
            HttpMethod::Put => Method::PUT,
            HttpMethod::Patch => Method::PATCH,
            HttpMethod::Delete => Method::DELETE,
        }
    }

    /// The spec's `operationId`.
    pub(crate) fn id(self) -> &'static str {
        self.route().info.id
    }

    /// The spec's schema of the request body; `None` for an operation without one.
    pub(crate) fn request_schema(self) -> Option<&'static str> {
        self.route().info.request_schema
    }

    /// The spec's `operationId` of every operation, in the order of [`ROUTES`].
    pub(crate) fn ids() -> impl ExactSizeIterator<Item = &'static str> {
        ROUTES.iter().map(|route| route.info.id)
    }

    /// The operation whose `operationId` is `id` (exactly).
    pub(crate) fn with_id(id: &str) -> Option<Operation> {
        ROUTES
            .iter()
            .find(|route| route.info.id == id)
            .map(|route| route.operation)
    }

    /// The operation whose path `path` is, ignoring case and a trailing slash.
    pub(crate) fn at(path: &str) -> Option<Operation> {
        let path = path.strip_suffix('/').unwrap_or(path);
        ROUTES
            .iter()
            .find(|route| route.info.path.eq_ignore_ascii_case(path))
            .map(|route| route.operation)
    }
}

#[cfg(test)]
mod tests {
    use finerworks_api::schema;

    use super::*;

    #[test]
    fn paths_ignore_case_and_a_trailing_slash() {
        for path in ["/v3/list_images", "/V3/List_Images", "/v3/LIST_IMAGES/"] {
            assert_eq!(Operation::at(path), Some(Operation::ListImages), "{path}");
        }
        assert_eq!(
            Operation::at("/v3/Delete_Images/"),
            Some(Operation::DeleteImages)
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
    fn the_table_is_in_the_order_of_the_enum() {
        for operation in Operation::ALL {
            assert_eq!(operation.route().operation, operation);
            assert_eq!(Operation::with_id(operation.id()), Some(operation));
        }
        assert_eq!(Operation::with_id("add_image"), None);
        assert_eq!(Operation::with_id("Add_Images"), None);
    }

    #[test]
    fn every_operation_is_the_specs() {
        let paths = &schema::openapi()["paths"];
        let mut served = 0;
        for operation in Operation::ALL {
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
            served += 1;
        }
        let in_spec: usize = paths
            .as_object()
            .unwrap()
            .values()
            .map(|item| item.as_object().unwrap().len())
            .sum();
        assert_eq!(
            served, in_spec,
            "the mock serves every operation of the spec"
        );
    }
}
