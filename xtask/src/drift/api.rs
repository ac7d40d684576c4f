//! The operations drift calls, where the spec puts them, and the HTTP client that calls them.

use std::time::Duration;

use serde_json::Value;

use crate::generate::SPEC;

/// An operation of the spec that drift calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Operation {
    /// Its `operationId`.
    pub(crate) id: &'static str,
    /// Its HTTP method, upper case.
    pub(crate) method: &'static str,
    /// Its path under the host.
    pub(crate) path: &'static str,
}

pub(crate) const TEST_MY_CREDENTIALS: Operation = Operation {
    id: "test_my_credentials",
    method: "GET",
    path: "/v3/test_my_credentials",
};
pub(crate) const LIST_IMAGES: Operation = Operation {
    id: "list_images",
    method: "POST",
    path: "/v3/list_images",
};
pub(crate) const ADD_IMAGES: Operation = Operation {
    id: "add_images",
    method: "POST",
    path: "/v3/add_images",
};
pub(crate) const UPDATE_IMAGES: Operation = Operation {
    id: "update_images",
    method: "PUT",
    path: "/v3/update_images",
};
pub(crate) const DELETE_IMAGES: Operation = Operation {
    id: "delete_images",
    method: "DELETE",
    path: "/v3/delete_images",
};

impl Operation {
    /// The name of the schema (`#/components/schemas/<name>`) of its HTTP 200 JSON answer in
    /// `spec`, after checking that the spec has this method and path with this `operationId`.
    pub(crate) fn response_schema(self, spec: &Value) -> Result<String, String> {
        let pointer = format!(
            "/paths/{}/{}",
            self.path.replace('~', "~0").replace('/', "~1"),
            self.method.to_ascii_lowercase()
        );
        let operation = spec
            .pointer(&pointer)
            .ok_or_else(|| format!("{SPEC} has no {} {}", self.method, self.path))?;
        let id = operation.get("operationId").and_then(Value::as_str);
        if id != Some(self.id) {
            return Err(format!(
                "{SPEC}: {} {} is {id:?}, not {:?}",
                self.method, self.path, self.id
            ));
        }
        operation
            .pointer("/responses/200/content/application~1json/schema/$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
            .map(ToString::to_string)
            .ok_or_else(|| {
                format!(
                    "{SPEC}: {} has no HTTP 200 application/json answer that is a $ref to a schema",
                    self.id
                )
            })
    }
}

/// Calls operations on one host with the two key headers.
pub(crate) struct Api {
    client: reqwest::Client,
    base: String,
    web_api_key: String,
    app_key: String,
}

impl Api {
    /// A client of the host at `base` (`https://test-api.finerworks.com`, no trailing slash).
    pub(crate) fn new(base: &str, web_api_key: &str, app_key: &str) -> Result<Self, String> {
        let mut builder = reqwest::Client::builder().timeout(Duration::from_secs(60));
        if base.starts_with("http://127.0.0.1:") {
            // The tests' local server: never through a proxy.
            builder = builder.no_proxy();
        }
        let client = builder
            .build()
            .map_err(|e| format!("cannot build an HTTP client: {e}"))?;
        Ok(Api {
            client,
            base: base.trim_end_matches('/').to_string(),
            web_api_key: web_api_key.to_string(),
            app_key: app_key.to_string(),
        })
    }

    /// Sends one request (with `body` as JSON when given, with no body otherwise) and returns the
    /// JSON of an HTTP 2xx answer. Error messages never contain the keys.
    pub(crate) async fn call(
        &self,
        operation: Operation,
        body: Option<&Value>,
    ) -> Result<Value, String> {
        let url = format!("{}{}", self.base, operation.path);
        let method = reqwest::Method::from_bytes(operation.method.as_bytes())
            .map_err(|e| format!("{}: {e}", operation.method))?;
        let mut request = self
            .client
            .request(method, &url)
            .header("web_api_key", &self.web_api_key)
            .header("app_key", &self.app_key);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request
            .send()
            .await
            .map_err(|e| format!("request to {url} failed: {}", e.without_url()))?;
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|e| format!("reading the answer of {url} failed: {}", e.without_url()))?;
        if !status.is_success() {
            let excerpt: String = text.chars().take(300).collect();
            return Err(format!("{url} answered HTTP {status}: {excerpt}"));
        }
        serde_json::from_str(&text).map_err(|e| format!("the answer of {url} is not JSON: {e}"))
    }
}
