//! The operations drift calls, where the spec puts them, and the HTTP client that calls them.

use std::time::Duration;

use finerworks_api::{Operation as _, operations};
use serde_json::Value;

use crate::generate::SPEC;

/// An operation of the spec, from the table `cargo xtask generate` writes into `finerworks-api`.
pub(crate) use finerworks_api::OperationInfo as Operation;

pub(crate) const TEST_MY_CREDENTIALS: Operation = operations::TestMyCredentials::INFO;
pub(crate) const LIST_IMAGES: Operation = operations::ListImages::INFO;
pub(crate) const ADD_IMAGES: Operation = operations::AddImages::INFO;
pub(crate) const UPDATE_IMAGES: Operation = operations::UpdateImages::INFO;
pub(crate) const DELETE_IMAGES: Operation = operations::DeleteImages::INFO;
pub(crate) const LIST_VIRTUAL_INVENTORY: Operation = operations::ListVirtualInventory::INFO;
pub(crate) const LIST_PRODUCT_TYPES: Operation = operations::ListProductTypes::INFO;
pub(crate) const LIST_STYLE_TYPES: Operation = operations::ListStyleTypes::INFO;
pub(crate) const LIST_ORDER_STATUS_DEFINITIONS: Operation =
    operations::ListOrderStatusDefinitions::INFO;
pub(crate) const GET_PRICES: Operation = operations::GetPrices::INFO;
pub(crate) const GET_PRODUCT_DETAILS: Operation = operations::GetProductDetails::INFO;

/// The name of the schema (`#/components/schemas/<name>`) of the HTTP 200 JSON answer of
/// `operation`, after checking that `spec` (the file, which the compiled table may lag behind)
/// still has this method and path with this `operationId` and this answer.
pub(crate) fn response_schema(operation: Operation, spec: &Value) -> Result<String, String> {
    let pointer = format!(
        "/paths/{}/{}",
        operation.path.replace('~', "~0").replace('/', "~1"),
        operation.method.as_str().to_ascii_lowercase()
    );
    let stale = "; run `cargo xtask generate`";
    let found = spec.pointer(&pointer).ok_or_else(|| {
        format!(
            "{SPEC} has no {} {}{stale}",
            operation.method, operation.path
        )
    })?;
    let id = found.get("operationId").and_then(Value::as_str);
    if id != Some(operation.id) {
        return Err(format!(
            "{SPEC}: {} {} is {id:?}, not {:?}{stale}",
            operation.method, operation.path, operation.id
        ));
    }
    let schema = found
        .pointer("/responses/200/content/application~1json/schema/$ref")
        .and_then(Value::as_str)
        .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
        .ok_or_else(|| {
            format!(
                "{SPEC}: {} has no HTTP 200 application/json answer that is a $ref to a schema",
                operation.id
            )
        })?;
    if schema != operation.response_schema {
        return Err(format!(
            "{SPEC}: {} answers {schema}, not {}{stale}",
            operation.id, operation.response_schema
        ));
    }
    Ok(schema.to_string())
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
        let method = reqwest::Method::from_bytes(operation.method.as_str().as_bytes())
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
