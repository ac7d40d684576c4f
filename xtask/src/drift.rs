//! `cargo xtask drift`: send one real `list_images` request to the FinerWorks test API and report
//! where the response and `openapi/finerworks.yaml` disagree.
//!
//! Runs only when `FINERWORKS_WEB_API_KEY`, `FINERWORKS_APP_KEY` and `FINERWORKS_SESSION_ID` are set;
//! otherwise it says what to set and exits with [`EXIT_NO_KEYS`]. `--record` also saves the response,
//! with anything key-like scrubbed, as `tests/fixtures/live_<date>.json`, which the contract tests
//! then decode and snapshot.

use std::collections::BTreeMap;
use std::process::ExitCode;

use serde_json::{Map, Value, json};

use crate::generate::{SPEC, repo_root};

/// The exit code when the keys are not set: the check was skipped, not failed.
pub(crate) const EXIT_NO_KEYS: u8 = 3;
/// The exit code when the response disagrees with the spec.
const EXIT_DRIFT: u8 = 1;

const TEST_API: &str = "https://test-api.finerworks.com/v3/list_images";
const KEY_VARIABLES: [&str; 3] = [
    "FINERWORKS_WEB_API_KEY",
    "FINERWORKS_APP_KEY",
    "FINERWORKS_SESSION_ID",
];

/// Runs the live check.
pub(crate) fn run(record: bool) -> ExitCode {
    let values: Vec<Option<String>> = KEY_VARIABLES
        .iter()
        .map(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
        .collect();
    let [Some(web_api_key), Some(app_key), Some(session_id)] = values.as_slice() else {
        let missing: Vec<&str> = KEY_VARIABLES
            .iter()
            .zip(&values)
            .filter(|(_, value)| value.is_none())
            .map(|(name, _)| *name)
            .collect();
        eprintln!(
            "drift: skipped, no live check without credentials.\n\
             Set {} (and optionally FINERWORKS_SITE_ID, default 2) to compare a real response \
             from {TEST_API} with {SPEC}.",
            missing.join(", ")
        );
        return ExitCode::from(EXIT_NO_KEYS);
    };
    let site_id: i64 = std::env::var("FINERWORKS_SITE_ID")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(2);

    let result = fetch(web_api_key, app_key, session_id, site_id).and_then(|body| {
        let spec = load_spec()?;
        let report = compare(&spec, &body)?;
        if record {
            let path = save_fixture(&body, &[web_api_key, app_key])?;
            eprintln!("drift: recorded the response as {path}");
        }
        Ok(report)
    });
    match result {
        Ok(report) if report.is_empty() => {
            eprintln!("drift: none, the live response matches {SPEC}");
            ExitCode::SUCCESS
        }
        Ok(report) => {
            eprintln!("drift: the live response disagrees with {SPEC}:");
            for line in report.lines() {
                eprintln!("  {line}");
            }
            ExitCode::from(EXIT_DRIFT)
        }
        Err(message) => {
            // Never echo the keys: the messages below are built without them.
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn fetch(
    web_api_key: &str,
    app_key: &str,
    session_id: &str,
    site_id: i64,
) -> Result<Value, String> {
    let body = json!({
        "library": {"name": "inventory", "session_id": session_id, "account_key": "", "site_id": site_id},
        "page_number": 1,
        "per_page": 5,
        "list_products": true,
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start a runtime: {e}"))?;
    runtime.block_on(async {
        let response = reqwest::Client::new()
            .post(TEST_API)
            .header("web_api_key", web_api_key)
            .header("app_key", app_key)
            .json(&body)
            .timeout(std::time::Duration::from_secs(60))
            .send()
            .await
            .map_err(|e| format!("request to {TEST_API} failed: {}", e.without_url()))?;
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|e| format!("reading the response failed: {}", e.without_url()))?;
        if !status.is_success() {
            let excerpt: String = text.chars().take(300).collect();
            return Err(format!("the test API answered HTTP {status}: {excerpt}"));
        }
        serde_json::from_str(&text).map_err(|e| format!("the response is not JSON: {e}"))
    })
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

/// What disagrees between a response and the spec's `list_images_response` schema.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Report {
    /// Fields the response has and the spec does not describe: path -> JSON type.
    pub(crate) undescribed: BTreeMap<String, String>,
    /// Fields whose value does not fit the spec: path -> what the spec says vs what came.
    pub(crate) retyped: BTreeMap<String, String>,
    /// Fields the spec describes that no object of that kind in the response had.
    pub(crate) missing: Vec<String>,
}

impl Report {
    fn is_empty(&self) -> bool {
        self.undescribed.is_empty() && self.retyped.is_empty() && self.missing.is_empty()
    }

    fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        lines.extend(
            self.undescribed
                .iter()
                .map(|(path, ty)| format!("undescribed {path}: {ty}")),
        );
        lines.extend(
            self.retyped
                .iter()
                .map(|(path, what)| format!("retyped {path}: {what}")),
        );
        lines.extend(self.missing.iter().map(|path| format!("missing {path}")));
        lines
    }
}

/// Compares a `list_images` response with the spec.
pub(crate) fn compare(spec: &Value, response: &Value) -> Result<Report, String> {
    let root = json!({"$ref": "#/components/schemas/list_images_response"});
    let mut walker = Walker {
        spec,
        report: Report::default(),
        seen: BTreeMap::new(),
    };
    walker.walk(&root, response, "$", "$")?;
    for (pattern, (described, present)) in &walker.seen {
        for field in described {
            if !present.contains(field) {
                walker.report.missing.push(format!("{pattern}.{field}"));
            }
        }
    }
    Ok(walker.report)
}

struct Walker<'a> {
    spec: &'a Value,
    report: Report,
    /// Per object pattern (`$.images[].products[]`): the described fields, and those seen.
    seen: BTreeMap<String, (Vec<String>, Vec<String>)>,
}

impl Walker<'_> {
    /// Resolves `$ref` and `allOf` into one schema object.
    fn resolve(&self, schema: &Value) -> Result<Map<String, Value>, String> {
        let mut merged = Map::new();
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let pointer = reference
                .strip_prefix('#')
                .ok_or_else(|| format!("unsupported $ref {reference}"))?;
            let target = self
                .spec
                .pointer(pointer)
                .ok_or_else(|| format!("{SPEC}: dangling $ref {reference}"))?;
            merged.extend(self.resolve(target)?);
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            for part in parts {
                merged.extend(self.resolve(part)?);
            }
        }
        if let Some(object) = schema.as_object() {
            for (key, value) in object {
                if key != "$ref" && key != "allOf" {
                    merged.insert(key.clone(), value.clone());
                }
            }
        }
        Ok(merged)
    }

    fn walk(
        &mut self,
        schema: &Value,
        value: &Value,
        path: &str,
        pattern: &str,
    ) -> Result<(), String> {
        let schema = self.resolve(schema)?;
        let nullable = schema.get("nullable").and_then(Value::as_bool) == Some(true);
        let declared = schema.get("type").and_then(Value::as_str);
        let Some(declared) = declared else {
            // `{}`: any JSON value, by design (unpublished shapes).
            return Ok(());
        };
        if value.is_null() {
            if !nullable {
                self.report
                    .retyped
                    .insert(path.to_string(), format!("spec says {declared}, got null"));
            }
            return Ok(());
        }
        let fits = match declared {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "boolean" => value.is_boolean(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            _ => true,
        };
        if !fits {
            self.report.retyped.insert(
                path.to_string(),
                format!("spec says {declared}, got {}", json_type(value)),
            );
            return Ok(());
        }
        if let (Some(format), Some(text)) =
            (schema.get("format").and_then(Value::as_str), value.as_str())
            && !format_fits(format, text)
        {
            self.report.retyped.insert(
                path.to_string(),
                format!("spec says a {format} string, got {text:?}"),
            );
        }
        match value {
            Value::Object(object) => {
                let properties = schema
                    .get("properties")
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default();
                let entry = self
                    .seen
                    .entry(pattern.to_string())
                    .or_insert_with(|| (properties.keys().cloned().collect(), Vec::new()));
                for key in object.keys() {
                    if !entry.1.contains(key) {
                        entry.1.push(key.clone());
                    }
                }
                for (key, child) in object {
                    let child_path = format!("{path}.{key}");
                    match properties.get(key) {
                        Some(child_schema) => {
                            self.walk(
                                child_schema,
                                child,
                                &child_path,
                                &format!("{pattern}.{key}"),
                            )?;
                        }
                        None if properties.is_empty() => {}
                        None => {
                            self.report
                                .undescribed
                                .insert(child_path, json_type(child).to_string());
                        }
                    }
                }
            }
            Value::Array(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for (index, item) in items.iter().enumerate() {
                        self.walk(
                            item_schema,
                            item,
                            &format!("{path}[{index}]"),
                            &format!("{pattern}[]"),
                        )?;
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}

fn format_fits(format: &str, text: &str) -> bool {
    match format {
        "uuid" => uuid::Uuid::parse_str(text).is_ok(),
        "date-time" => is_dotnet_timestamp(text),
        "date" => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok(),
        _ => true,
    }
}

/// `YYYY-MM-DDThh:mm:ss`, then up to 9 fractional digits, then `Z`, `±hh:mm` or nothing: what
/// `finerworks_api::Timestamp` accepts. (The xtask does not depend on the crate it generates.)
fn is_dotnet_timestamp(text: &str) -> bool {
    let Some((date_time, rest)) = text.split_at_checked(19) else {
        return false;
    };
    if chrono::NaiveDateTime::parse_from_str(date_time, "%Y-%m-%dT%H:%M:%S").is_err() {
        return false;
    }
    let zone = match rest.strip_prefix('.') {
        Some(fraction) => {
            let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if !(1..=9).contains(&digits) {
                return false;
            }
            &fraction[digits..]
        }
        None => rest,
    };
    match zone.as_bytes() {
        [] | [b'Z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> Value {
        let text = std::fs::read_to_string(
            repo_root().join("tests/fixtures/seed_list_images_response.json"),
        )
        .unwrap();
        serde_json::from_str(&text).unwrap()
    }

    fn spec() -> Value {
        load_spec().unwrap()
    }

    /// Fields the spec describes from newer help pages, which FinerWorks' own example lacks.
    const NEWER_FIELDS: [&str; 7] = [
        "$.images[].account_key",
        "$.images[].assigned_gallery_subcategory_ids",
        "$.images[].assigned_personal_gallery_ids",
        "$.images[].date_updated",
        "$.images[].username",
        "$.images[].products[].geo_price",
        "$.images[].products[].id",
    ];

    #[test]
    fn the_seed_example_only_lacks_the_newer_fields() {
        let report = compare(&spec(), &seed()).unwrap();
        assert!(report.undescribed.is_empty(), "{report:?}");
        assert!(report.retyped.is_empty(), "{report:?}");
        assert_eq!(report.missing, NEWER_FIELDS);
    }

    #[test]
    fn added_fields_are_reported_with_their_type() {
        let mut body = seed();
        body["images"][0]["color_profile"] = json!("sRGB");
        body["images"][0]["products"][0]["labels"][0]["locale"] = json!("en");
        body["next_page"] = json!(2);
        let report = compare(&spec(), &body).unwrap();
        let expected = BTreeMap::from([
            (
                "$.images[0].color_profile".to_string(),
                "string".to_string(),
            ),
            (
                "$.images[0].products[0].labels[0].locale".to_string(),
                "string".to_string(),
            ),
            ("$.next_page".to_string(), "integer".to_string()),
        ]);
        assert_eq!(report.undescribed, expected);
    }

    #[test]
    fn removed_fields_are_reported_as_missing() {
        let mut body = seed();
        body["images"][0].as_object_mut().unwrap().remove("pix_w");
        body["status"]
            .as_object_mut()
            .unwrap()
            .remove("reference_id");
        let report = compare(&spec(), &body).unwrap();
        assert!(
            report.missing.contains(&"$.images[].pix_w".to_string()),
            "{report:?}"
        );
        assert!(
            report
                .missing
                .contains(&"$.status.reference_id".to_string()),
            "{report:?}"
        );
    }

    #[test]
    fn retyped_fields_are_reported_with_both_types() {
        let mut body = seed();
        body["images"][0]["file_size"] = json!("100 KB");
        body["images"][0]["pix_w"] = json!(2000.5);
        body["images"][0]["guid"] = json!("not-a-guid");
        body["images"][0]["date_added"] = json!("27/10/2025");
        body["count"] = json!(null);
        body["images"][0]["products"][0]["labels"] = json!({"sku": "x"});
        let report = compare(&spec(), &body).unwrap();
        let expected = BTreeMap::from([
            (
                "$.images[0].date_added".to_string(),
                "spec says a date-time string, got \"27/10/2025\"".to_string(),
            ),
            (
                "$.images[0].file_size".to_string(),
                "spec says integer, got string".to_string(),
            ),
            (
                "$.images[0].guid".to_string(),
                "spec says a uuid string, got \"not-a-guid\"".to_string(),
            ),
            (
                "$.images[0].pix_w".to_string(),
                "spec says integer, got number".to_string(),
            ),
            (
                "$.images[0].products[0].labels".to_string(),
                "spec says array, got object".to_string(),
            ),
        ]);
        assert_eq!(report.retyped, expected);
    }

    #[test]
    fn timestamps_are_checked_like_the_decoder_does() {
        for ok in [
            "2025-10-27T14:14:28.7196101-05:00",
            "2015-09-13T20:16:25",
            "2024-01-01T00:00:00Z",
        ] {
            assert!(is_dotnet_timestamp(ok), "{ok}");
        }
        for bad in [
            "2025-10-27",
            "2025-10-27T14:14:28.",
            "2025-10-27T14:14:28+5",
            "27/10/2025 14:14",
        ] {
            assert!(!is_dotnet_timestamp(bad), "{bad}");
        }
    }

    #[test]
    fn recorded_fixtures_are_scrubbed() {
        let mut body =
            json!({"images": [{"account_key": "acct-123", "title": "k1"}], "echo": "web-secret"});
        scrub(&mut body, &["web-secret", "app-secret"]);
        assert_eq!(
            body,
            json!({"images": [{"account_key": "redacted", "title": "k1"}], "echo": "redacted"})
        );
    }
}
