//! `cargo xtask drift`: call the FinerWorks test API and report, per operation, where its answers
//! and `openapi/finerworks.yaml` disagree. Each answer is compared with the schema the spec gives
//! its HTTP 200 answer by [`finerworks_api::schema`], the walker the mock's strict mode uses too,
//! with its opt-in reports of undescribed and missing properties.
//!
//! - by default it only reads: `test_my_credentials` (a GET with the two key headers and no body),
//!   one `list_images` page of the inventory library, one `list_virtual_inventory` page, the
//!   product and style types, the order status definitions, and the price and details of the
//!   first product of that page (skipped, saying so, when the inventory has none);
//! - `--mutate` then also adds one throwaway image, renames it and deletes it ([`mutate`]),
//!   which changes the test account's library for a moment: never without the flag;
//! - `--record` saves the `list_images` answer, with anything key-like scrubbed, as
//!   `tests/fixtures/live_<date>.json`, which the contract tests then decode and snapshot.
//!
//! Runs only when `FINERWORKS_WEB_API_KEY`, `FINERWORKS_APP_KEY` and `FINERWORKS_SESSION_ID` are set;
//! otherwise it sends nothing, says what to set and exits with [`EXIT_NO_KEYS`].

mod api;
mod compare;
mod mutate;
#[cfg(test)]
mod tests;

use serde_json::{Value, json};

use api::{
    Api, GET_PRICES, GET_PRODUCT_DETAILS, LIST_IMAGES, LIST_ORDER_STATUS_DEFINITIONS,
    LIST_PRODUCT_TYPES, LIST_STYLE_TYPES, LIST_VIRTUAL_INVENTORY, Operation, TEST_MY_CREDENTIALS,
};
use compare::{Report, compare};

use crate::generate::{SPEC, repo_root};

/// The exit code when the keys are not set: the check was skipped, not failed.
pub(crate) const EXIT_NO_KEYS: u8 = 3;
/// The exit code when an answer disagrees with the spec.
const EXIT_DRIFT: u8 = 1;
/// The exit code when a call failed, FinerWorks reported a failure, or the spec is broken.
const EXIT_ERROR: u8 = 2;

/// The host drift calls.
const TEST_API: &str = "https://test-api.finerworks.com";
const KEY_VARIABLES: [&str; 3] = [
    "FINERWORKS_WEB_API_KEY",
    "FINERWORKS_APP_KEY",
    "FINERWORKS_SESSION_ID",
];

/// The flags of `cargo xtask drift`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Options {
    /// `--record`: save the `list_images` answer as a fixture.
    pub(crate) record: bool,
    /// `--mutate`: also add, rename and delete a throwaway image.
    pub(crate) mutate: bool,
}

impl Options {
    /// Reads the arguments after `drift`, in any order, each at most once.
    pub(crate) fn parse(args: &[&str]) -> Result<Self, String> {
        let mut options = Options::default();
        for arg in args {
            let flag = match *arg {
                "--record" => &mut options.record,
                "--mutate" => &mut options.mutate,
                other => return Err(format!("drift: unknown argument {other:?}")),
            };
            if *flag {
                return Err(format!("drift: {arg} given twice"));
            }
            *flag = true;
        }
        Ok(options)
    }
}

/// Runs the live check against the FinerWorks test API with the keys of the environment.
pub(crate) fn run(options: Options) -> std::process::ExitCode {
    let env = |name: &str| std::env::var(name).ok();
    std::process::ExitCode::from(run_with(options, TEST_API, &env))
}

/// The keys and library of the test account, from the environment.
struct Keys {
    web_api_key: String,
    app_key: String,
    session_id: String,
    site_id: i64,
}

impl Keys {
    /// The keys, or the names of the variables that are unset or blank.
    fn from_env(env: &dyn Fn(&str) -> Option<String>) -> Result<Keys, Vec<&'static str>> {
        let values: Vec<Option<String>> = KEY_VARIABLES
            .iter()
            .map(|name| env(name).filter(|v| !v.trim().is_empty()))
            .collect();
        let [Some(web_api_key), Some(app_key), Some(session_id)] = values.as_slice() else {
            return Err(KEY_VARIABLES
                .iter()
                .zip(&values)
                .filter(|(_, value)| value.is_none())
                .map(|(name, _)| *name)
                .collect());
        };
        let site_id = env("FINERWORKS_SITE_ID")
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(2);
        Ok(Keys {
            web_api_key: web_api_key.clone(),
            app_key: app_key.clone(),
            session_id: session_id.clone(),
            site_id,
        })
    }

    /// The inventory library of the test account, as requests name it.
    fn library(&self) -> Value {
        use finerworks_api::fields::image_library::{ACCOUNT_KEY, NAME, SESSION_ID, SITE_ID};
        json!({
            (NAME): finerworks_api::types::LibraryName::Inventory,
            (SESSION_ID): self.session_id,
            (ACCOUNT_KEY): "",
            (SITE_ID): self.site_id,
        })
    }
}

/// [`run`] against the host at `base`, with the variables `env` gives; returns the exit code.
fn run_with(options: Options, base: &str, env: &dyn Fn(&str) -> Option<String>) -> u8 {
    let keys = match Keys::from_env(env) {
        Ok(keys) => keys,
        Err(missing) => {
            eprintln!(
                "drift: skipped, nothing was sent: the live check needs credentials.\n\
                 Set {} (and optionally FINERWORKS_SITE_ID, default 2) to compare real answers \
                 from {base} with {SPEC}.",
                missing.join(", ")
            );
            return EXIT_NO_KEYS;
        }
    };
    match live(options, base, &keys) {
        Ok(outcomes) => exit_code(&outcomes),
        Err(message) => {
            // Never echo the keys: the messages are built without them.
            eprintln!("error: {message}");
            EXIT_ERROR
        }
    }
}

/// Calls the operations `options` ask for and prints what each answer disagrees on.
fn live(options: Options, base: &str, keys: &Keys) -> Result<Vec<Outcome>, String> {
    let spec = load_spec()?;
    compare::fields_agree(&spec)?;
    let api = Api::new(base, &keys.web_api_key, &keys.app_key)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start a runtime: {e}"))?;
    let library = keys.library();
    let (outcomes, changes) = runtime.block_on(async {
        let mut outcomes = Vec::new();
        let (outcome, _) = check(&api, &spec, TEST_MY_CREDENTIALS, None).await;
        outcomes.push(outcome);
        let (mut outcome, answer) =
            check(&api, &spec, LIST_IMAGES, Some(&list_body(&library, None))).await;
        if let (true, Some(answer)) = (options.record, answer) {
            match save_fixture(&answer, &[&keys.web_api_key, &keys.app_key]) {
                Ok(path) => eprintln!("drift: recorded the list_images answer as {path}"),
                Err(message) => outcome.error = outcome.error.or(Some(message)),
            }
        }
        outcomes.push(outcome);
        outcomes.extend(read_catalog(&api, &spec).await);
        if !options.mutate {
            return (outcomes, None);
        }
        let stamp = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let mutation = mutate::run(&api, &spec, &library, &stamp, mutate::LIVE_LOOKUP).await;
        outcomes.extend(mutation.outcomes);
        (outcomes, Some(mutation.changes))
    });
    for outcome in &outcomes {
        for line in outcome.lines() {
            eprintln!("{line}");
        }
    }
    if let Some(changes) = changes {
        eprintln!("drift --mutate changed the test account's inventory library:");
        for change in changes {
            eprintln!("  {change}");
        }
    }
    Ok(outcomes)
}

/// What one call found: the comparison of its answer, and what went wrong.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Outcome {
    /// The `operationId`.
    pub(crate) operation: &'static str,
    /// The comparison of the answer with the spec, when a JSON answer came back.
    pub(crate) report: Option<Report>,
    /// A failed call, an answer with `status.success: false`, or a spec that cannot be walked.
    pub(crate) error: Option<String>,
}

impl Outcome {
    fn failed(operation: &'static str, error: String) -> Self {
        Outcome {
            operation,
            report: None,
            error: Some(error),
        }
    }

    /// The outcome as printed: one headline, then one indented line per finding.
    pub(crate) fn lines(&self) -> Vec<String> {
        let name = self.operation;
        let mut lines = Vec::new();
        if let Some(error) = &self.error {
            lines.push(format!("drift: {name}: error: {error}"));
        }
        match &self.report {
            Some(report) if report.is_empty() => {
                lines.push(format!("drift: {name}: none, the answer matches {SPEC}"));
            }
            Some(report) => {
                lines.push(format!("drift: {name}: the answer disagrees with {SPEC}:"));
                lines.extend(report.lines().into_iter().map(|line| format!("  {line}")));
            }
            None => {}
        }
        lines
    }
}

/// [`EXIT_ERROR`] if anything failed, else [`EXIT_DRIFT`] if any answer disagrees, else 0.
fn exit_code(outcomes: &[Outcome]) -> u8 {
    if outcomes.iter().any(|outcome| outcome.error.is_some()) {
        EXIT_ERROR
    } else if outcomes
        .iter()
        .any(|outcome| outcome.report.as_ref().is_some_and(|r| !r.is_empty()))
    {
        EXIT_DRIFT
    } else {
        0
    }
}

/// Calls `operation` and compares its answer with the spec; also returns the answer.
async fn check(
    api: &Api,
    spec: &Value,
    operation: Operation,
    body: Option<&Value>,
) -> (Outcome, Option<Value>) {
    let answer = match api.call(operation, body).await {
        Ok(answer) => answer,
        Err(message) => return (Outcome::failed(operation.id, message), None),
    };
    let mut outcome = Outcome {
        operation: operation.id,
        ..Outcome::default()
    };
    match api::response_schema(operation, spec).and_then(|schema| compare(spec, &schema, &answer)) {
        Ok(report) => outcome.report = Some(report),
        Err(message) => outcome.error = Some(message),
    }
    if outcome.error.is_none() && answer.pointer("/status/success") == Some(&json!(false)) {
        let message = answer
            .pointer("/status/message")
            .and_then(Value::as_str)
            .unwrap_or("");
        outcome.error = Some(format!(
            "FinerWorks answered HTTP 200 with status.success false: {message:?}"
        ));
    }
    (outcome, Some(answer))
}

/// A `list_images` request for the first page of `library`, searching for `search` if given.
/// The reads of the virtual inventory, the catalog and the order statuses: one page of the
/// inventory, the product and style types, the status definitions, then the price and details
/// of the inventory's first product (a SKU the account has; skipped, saying so, without one).
async fn read_catalog(api: &Api, spec: &Value) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    let (outcome, inventory) =
        check(api, spec, LIST_VIRTUAL_INVENTORY, Some(&inventory_body())).await;
    outcomes.push(outcome);
    for (operation, body) in [
        (LIST_PRODUCT_TYPES, Some(json!({}))),
        (LIST_STYLE_TYPES, Some(json!({}))),
        (LIST_ORDER_STATUS_DEFINITIONS, None),
    ] {
        outcomes.push(check(api, spec, operation, body.as_ref()).await.0);
    }
    let sku = inventory
        .as_ref()
        .and_then(|answer| answer["products"][0]["sku"].as_str())
        .map(str::to_owned);
    match sku {
        Some(sku) => {
            let body = products_body(&sku);
            for operation in [GET_PRICES, GET_PRODUCT_DETAILS] {
                outcomes.push(check(api, spec, operation, Some(&body)).await.0);
            }
        }
        None => eprintln!(
            "drift: get_prices and get_product_details: not called, the virtual inventory \
             listed no product to price"
        ),
    }
    outcomes
}

/// One small page of the virtual inventory.
fn inventory_body() -> Value {
    use finerworks_api::fields::list_virtual_inventory_request::{PAGE_NUMBER, PER_PAGE};
    json!({(PAGE_NUMBER): 1, (PER_PAGE): 5})
}

/// One copy of the product `sku`, as `get_prices` and `get_product_details` take it.
fn products_body(sku: &str) -> Value {
    use finerworks_api::fields::get_prices_request::PRODUCTS;
    use finerworks_api::fields::price_request_item::{PRODUCT_QTY, PRODUCT_SKU};
    json!({(PRODUCTS): [{(PRODUCT_QTY): 1, (PRODUCT_SKU): sku}]})
}

fn list_body(library: &Value, search: Option<&str>) -> Value {
    use finerworks_api::fields::list_images_request::{
        LIBRARY, LIST_PRODUCTS, PAGE_NUMBER, PER_PAGE, SEARCH_FILTER,
    };
    let mut body = json!({
        (LIBRARY): library,
        (PAGE_NUMBER): 1,
        (PER_PAGE): 5,
        (LIST_PRODUCTS): true,
    });
    if let Some(search) = search {
        body[SEARCH_FILTER] = json!(search);
        body[PER_PAGE] = json!(finerworks_api::limits::list_images_request::PER_PAGE_MAX);
    }
    body
}

fn load_spec() -> Result<Value, String> {
    let text = std::fs::read_to_string(repo_root().join(SPEC))
        .map_err(|e| format!("cannot read {SPEC}: {e}"))?;
    serde_norway::from_str(&text).map_err(|e| format!("{SPEC} is not valid YAML: {e}"))
}

/// Saves the response, scrubbed of the keys and of account keys, as a dated fixture.
fn save_fixture(body: &Value, secrets: &[&str]) -> Result<String, String> {
    let mut body = body.clone();
    scrub(&mut body, secrets);
    let date = chrono::Utc::now().format("%Y%m%d");
    let relative = format!("tests/fixtures/live_{date}.json");
    let text = serde_json::to_string_pretty(&body).map_err(|e| e.to_string())? + "\n";
    std::fs::write(repo_root().join(&relative), text)
        .map_err(|e| format!("cannot write {relative}: {e}"))?;
    Ok(relative)
}

/// Replaces every string equal to a secret, and every `account_key` value, with `"redacted"`.
fn scrub(value: &mut Value, secrets: &[&str]) {
    match value {
        Value::String(text) if secrets.contains(&text.as_str()) => {
            *text = "redacted".to_string();
        }
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if key == "account_key" && child.as_str().is_some_and(|s| !s.is_empty()) {
                    *child = Value::String("redacted".to_string());
                } else {
                    scrub(child, secrets);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| scrub(item, secrets)),
        _ => {}
    }
}
