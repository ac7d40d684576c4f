//! `cargo xtask drift`: send one real `list_images` request to the FinerWorks test API and report
//! where the response and `openapi/finerworks.yaml` disagree. The response is walked by
//! [`finerworks_api::schema`], the walker the mock's strict mode uses too, with its opt-in reports
//! of undescribed and missing properties.
//!
//! Runs only when `FINERWORKS_WEB_API_KEY`, `FINERWORKS_APP_KEY` and `FINERWORKS_SESSION_ID` are set;
//! otherwise it says what to set and exits with [`EXIT_NO_KEYS`]. `--record` also saves the response,
//! with anything key-like scrubbed, as `tests/fixtures/live_<date>.json`, which the contract tests
//! then decode and snapshot.

use std::collections::{BTreeMap, BTreeSet};
use std::process::ExitCode;

use finerworks_api::schema::{Rule, Validator};
use serde_json::{Value, json};

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

/// What disagrees between a response and the spec's `list_images_response` schema, as
/// [`finerworks_api::schema`] finds it.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Report {
    /// Fields the response has and the spec does not describe: path -> JSON type.
    pub(crate) undescribed: BTreeMap<String, String>,
    /// Fields whose value does not fit the spec (its type, `null`, its format, or any other rule
    /// of the schema): path -> what is wrong.
    pub(crate) mismatched: BTreeMap<String, String>,
    /// Fields the spec describes that no object of that kind in the response had, with array
    /// indexes left out (`$.images[].pix_w`), sorted.
    pub(crate) missing: Vec<String>,
}

impl Report {
    fn is_empty(&self) -> bool {
        self.undescribed.is_empty() && self.mismatched.is_empty() && self.missing.is_empty()
    }

    fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        lines.extend(
            self.undescribed
                .iter()
                .map(|(path, ty)| format!("undescribed {path}: {ty}")),
        );
        lines.extend(
            self.mismatched
                .iter()
                .map(|(path, what)| format!("mismatched {path}: {what}")),
        );
        lines.extend(self.missing.iter().map(|path| format!("missing {path}")));
        lines
    }
}

/// The schema of a `list_images` answer.
const RESPONSE_SCHEMA: &str = "list_images_response";

/// Compares a `list_images` response with the spec. A spec the walk cannot follow (a dangling
/// `$ref`, an unknown `type`) is an error, not a report.
pub(crate) fn compare(spec: &Value, response: &Value) -> Result<Report, String> {
    let found = Validator::new(spec)
        .report_unknown_properties(true)
        .report_missing_properties(true)
        .validate(RESPONSE_SCHEMA, response);
    let mut report = Report::default();
    let mut missing = BTreeSet::new();
    for violation in found {
        let path = match violation.path.as_str() {
            "" => "$".to_string(),
            path if path.starts_with('[') => format!("${path}"),
            path => format!("$.{path}"),
        };
        match violation.rule {
            Rule::Schema => return Err(format!("{SPEC}: at {path}: {}", violation.message)),
            Rule::UnknownProperty => {
                let value = response.pointer(&violation.pointer).unwrap_or(&Value::Null);
                report
                    .undescribed
                    .insert(path, json_type(value).to_string());
            }
            // Reported for each object that lacks the field; drift is a field no object has.
            Rule::MissingProperty => {
                let (pattern, seen) = seen_anywhere(response, &violation.pointer);
                if !seen {
                    missing.insert(pattern);
                }
            }
            _ => {
                let entry = report.mismatched.entry(path).or_default();
                if !entry.is_empty() {
                    entry.push_str("; ");
                }
                entry.push_str(&violation.message);
            }
        }
    }
    report.missing = missing.into_iter().collect();
    Ok(report)
}

/// For the pointer to a field missing from one object of `response`: its place with array
/// indexes left out (`$.images[].pix_w`), and whether any object at that place, in any item of
/// those arrays, has the field.
fn seen_anywhere(response: &Value, pointer: &str) -> (String, bool) {
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect();
    let Some((field, parents)) = tokens.split_last() else {
        return ("$".to_string(), true);
    };
    let mut pattern = "$".to_string();
    // One object along the pointer, and every object of its kind.
    let mut along = Some(response);
    let mut all = vec![response];
    for token in parents {
        match along {
            Some(Value::Array(items)) => {
                pattern.push_str("[]");
                along = token
                    .parse::<usize>()
                    .ok()
                    .and_then(|index| items.get(index));
                all = all
                    .into_iter()
                    .filter_map(Value::as_array)
                    .flatten()
                    .collect();
            }
            _ => {
                pattern.push('.');
                pattern.push_str(token);
                along = along.and_then(|value| value.get(token));
                all = all
                    .into_iter()
                    .filter_map(|value| value.get(token))
                    .collect();
            }
        }
    }
    pattern.push('.');
    pattern.push_str(field);
    let seen = all.iter().any(|value| value.get(field).is_some());
    (pattern, seen)
}

/// The JSON type of a value, as a schema would name it.
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
        "$.images[].products[].geo_price",
        "$.images[].products[].id",
        "$.images[].username",
    ];

    #[test]
    fn the_seed_example_only_lacks_the_newer_fields() {
        let report = compare(&spec(), &seed()).unwrap();
        assert!(report.undescribed.is_empty(), "{report:?}");
        assert!(report.mismatched.is_empty(), "{report:?}");
        assert_eq!(report.missing, NEWER_FIELDS);
    }

    #[test]
    fn the_spec_compared_is_the_one_the_crate_embeds() {
        // `cargo xtask generate --check` keeps them equal; drift reads the file, the crate
        // embeds what it was generated from, and both are walked by the same code.
        assert_eq!(
            compare(&spec(), &seed()),
            compare(finerworks_api::schema::openapi(), &seed())
        );
    }

    #[test]
    fn added_fields_are_reported_with_their_type() {
        let mut body = seed();
        body["images"][0]["color_profile"] = json!("sRGB");
        body["images"][0]["products"][0]["labels"][0]["locale"] = json!("en");
        body["images"][0]["products"][0]["labels"][0]["weight"] = json!(1.5);
        body["status"]["debug/info"] = json!({"a": 1});
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
            (
                "$.images[0].products[0].labels[0].weight".to_string(),
                "number".to_string(),
            ),
            ("$.next_page".to_string(), "integer".to_string()),
            ("$.status.debug/info".to_string(), "object".to_string()),
        ]);
        assert_eq!(report.undescribed, expected);
        assert!(report.mismatched.is_empty(), "{report:?}");
        assert_eq!(report.missing, NEWER_FIELDS);
        // Inside a field whose shape is unpublished (`{}`), nothing is undescribed.
        let mut body = seed();
        body["images"][0]["products"][0]["debug"] = json!({"anything": [1, "two"]});
        assert!(compare(&spec(), &body).unwrap().undescribed.is_empty());
    }

    #[test]
    fn removed_fields_are_reported_as_missing() {
        let mut body = seed();
        body["images"][0].as_object_mut().unwrap().remove("pix_w");
        body["status"]
            .as_object_mut()
            .unwrap()
            .remove("reference_id");
        body["images"][0]["products"][0]
            .as_object_mut()
            .unwrap()
            .remove("sku");
        body.as_object_mut().unwrap().remove("count");
        let report = compare(&spec(), &body).unwrap();
        let mut expected: Vec<String> = NEWER_FIELDS.iter().map(ToString::to_string).collect();
        expected.extend(
            [
                "$.count",
                "$.images[].pix_w",
                "$.images[].products[].sku",
                "$.status.reference_id",
            ]
            .map(String::from),
        );
        expected.sort();
        assert_eq!(report.missing, expected);
        assert!(report.undescribed.is_empty(), "{report:?}");
        assert!(report.mismatched.is_empty(), "{report:?}");
    }

    #[test]
    fn a_field_is_missing_only_when_no_object_of_its_kind_has_it() {
        let mut body = seed();
        let image = body["images"][0].clone();
        let mut second = image.clone();
        second.as_object_mut().unwrap().remove("pix_w");
        second["products"][0].as_object_mut().unwrap().remove("sku");
        // `username` (a newer field) is present in one image only, `pix_w` absent from one.
        body["images"][0]["username"] = json!("someone");
        body["images"] = json!([body["images"][0].clone(), second]);
        let report = compare(&spec(), &body).unwrap();
        assert!(!report.missing.contains(&"$.images[].username".to_string()));
        assert!(!report.missing.contains(&"$.images[].pix_w".to_string()));
        assert!(
            !report
                .missing
                .contains(&"$.images[].products[].sku".to_string())
        );
        assert!(
            report
                .missing
                .contains(&"$.images[].date_updated".to_string())
        );
        // A second image without products, and one whose products are null, change nothing.
        let mut bare = image;
        bare["products"] = json!(null);
        body["images"].as_array_mut().unwrap().push(bare);
        assert_eq!(compare(&spec(), &body).unwrap(), report);
    }

    #[test]
    fn retyped_fields_are_reported_with_what_is_wrong() {
        let mut body = seed();
        body["images"][0]["file_size"] = json!("100 KB");
        body["images"][0]["pix_w"] = json!(2000.5);
        body["images"][0]["guid"] = json!("not-a-guid");
        body["images"][0]["date_added"] = json!("27/10/2025");
        body["count"] = json!(null);
        body["images"][0]["products"][0]["labels"] = json!({"sku": "x"});
        body["status"] = json!("ok");
        body["page_number"] = json!(3_000_000_000_u64);
        let report = compare(&spec(), &body).unwrap();
        let expected = BTreeMap::from([
            (
                "$.images[0].date_added".to_string(),
                "\"27/10/2025\" is not a valid date-time".to_string(),
            ),
            (
                "$.images[0].file_size".to_string(),
                "expected integer, got string".to_string(),
            ),
            (
                "$.images[0].guid".to_string(),
                "\"not-a-guid\" is not a valid uuid".to_string(),
            ),
            (
                "$.images[0].pix_w".to_string(),
                "expected integer, got number".to_string(),
            ),
            (
                "$.images[0].products[0].labels".to_string(),
                "expected array, got object".to_string(),
            ),
            (
                "$.page_number".to_string(),
                "3000000000 does not fit int32".to_string(),
            ),
            (
                "$.status".to_string(),
                "expected object, got string".to_string(),
            ),
        ]);
        assert_eq!(report.mismatched, expected);
        assert!(report.undescribed.is_empty(), "{report:?}");
    }

    #[test]
    fn null_is_reported_where_the_spec_does_not_allow_it() {
        let spec = json!({"components": {"schemas": {"list_images_response": {
            "type": "object",
            "properties": {"count": {"type": "integer"}, "images": {"type": "array", "nullable": true}}
        }}}});
        let report = compare(&spec, &json!({"count": null, "images": null})).unwrap();
        assert_eq!(
            report.mismatched,
            BTreeMap::from([(
                "$.count".to_string(),
                "null is not allowed (not nullable)".to_string()
            )])
        );
        assert_eq!(
            report.lines(),
            ["mismatched $.count: null is not allowed (not nullable)"]
        );
    }

    #[test]
    fn a_broken_spec_is_an_error_not_a_report() {
        let dangling = json!({"components": {"schemas": {"list_images_response": {
            "type": "object",
            "properties": {"images": {"$ref": "#/components/schemas/nowhere"}}
        }}}});
        let error = compare(&dangling, &json!({"images": []})).unwrap_err();
        assert!(error.contains("nowhere"), "{error}");
        assert!(error.contains("$.images"), "{error}");
        let unnamed = json!({"components": {"schemas": {}}});
        let error = compare(&unnamed, &seed()).unwrap_err();
        assert!(error.contains("list_images_response"), "{error}");
    }

    #[test]
    fn timestamps_are_checked_like_the_decoder_does() {
        for ok in [
            "2025-10-27T14:14:28.7196101-05:00",
            "2015-09-13T20:16:25",
            "2024-01-01T00:00:00Z",
        ] {
            let mut body = seed();
            body["images"][0]["date_added"] = json!(ok);
            let report = compare(&spec(), &body).unwrap();
            assert!(report.mismatched.is_empty(), "{ok}: {report:?}");
            assert!(ok.parse::<finerworks_api::Timestamp>().is_ok(), "{ok}");
        }
        for bad in [
            "2025-10-27",
            "2025-10-27T14:14:28.",
            "2025-10-27T14:14:28+5",
            "27/10/2025 14:14",
        ] {
            let mut body = seed();
            body["images"][0]["date_added"] = json!(bad);
            let report = compare(&spec(), &body).unwrap();
            assert_eq!(
                report.mismatched.keys().collect::<Vec<_>>(),
                ["$.images[0].date_added"],
                "{bad}"
            );
            assert!(bad.parse::<finerworks_api::Timestamp>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_report_reads_one_line_per_finding() {
        let mut body = seed();
        body["next_page"] = json!(2);
        body["images"][0]["pix_w"] = json!("wide");
        let report = compare(&spec(), &body).unwrap();
        let lines = report.lines();
        assert_eq!(lines[0], "undescribed $.next_page: integer");
        assert_eq!(
            lines[1],
            "mismatched $.images[0].pix_w: expected integer, got string"
        );
        assert_eq!(lines[2], "missing $.images[].account_key");
        assert_eq!(lines.len(), 2 + NEWER_FIELDS.len());
        assert!(!report.is_empty());
        assert!(Report::default().is_empty());
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
