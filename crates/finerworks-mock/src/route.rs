//! [`Operation`]: the FinerWorks operations the mock serves, each with its path, method, the
//! spec's `operationId` and request schema, and how a request path finds one (as ASP.NET
//! routes: any case, a trailing slash allowed).

use axum::http::Method;

/// An operation of the spec that the mock serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Operation {
    ListImages,
    TestMyCredentials,
    AddImages,
    UpdateImages,
    DeleteImages,
}

impl Operation {
    /// Every operation the mock serves.
    pub(crate) const ALL: [Operation; 5] = [
        Operation::ListImages,
        Operation::TestMyCredentials,
        Operation::AddImages,
        Operation::UpdateImages,
        Operation::DeleteImages,
    ];

    /// The path, as the spec writes it.
    pub(crate) fn path(self) -> &'static str {
        match self {
            Operation::ListImages => "/v3/list_images",
            Operation::TestMyCredentials => "/v3/test_my_credentials",
            Operation::AddImages => "/v3/add_images",
            Operation::UpdateImages => "/v3/update_images",
            Operation::DeleteImages => "/v3/delete_images",
        }
    }

    /// The one method the path answers.
    pub(crate) fn method(self) -> Method {
        match self {
            Operation::ListImages | Operation::AddImages => Method::POST,
            Operation::TestMyCredentials => Method::GET,
            Operation::UpdateImages => Method::PUT,
            Operation::DeleteImages => Method::DELETE,
        }
    }

    /// The spec's `operationId`.
    pub(crate) fn id(self) -> &'static str {
        match self {
            Operation::ListImages => "list_images",
            Operation::TestMyCredentials => "test_my_credentials",
            Operation::AddImages => "add_images",
            Operation::UpdateImages => "update_images",
            Operation::DeleteImages => "delete_images",
        }
    }

    /// The spec's schema of the request body; `None` for an operation without one.
    pub(crate) fn request_schema(self) -> Option<&'static str> {
        match self {
            Operation::ListImages => Some("list_images_request"),
            Operation::TestMyCredentials => None,
            Operation::AddImages => Some("add_images_request"),
            Operation::UpdateImages => Some("update_images_request"),
            Operation::DeleteImages => Some("delete_images_request"),
        }
    }

    /// The operation whose path `path` is, ignoring case and a trailing slash.
    pub(crate) fn at(path: &str) -> Option<Operation> {
        let path = path.strip_suffix('/').unwrap_or(path);
        Self::ALL
            .into_iter()
            .find(|operation| operation.path().eq_ignore_ascii_case(path))
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
