//! [`MockConfig::strict`](crate::MockConfig::strict): the request body checked against the
//! spec's request schema before the ASP.NET-style reading, answered as a contract-testing mock
//! (such as Prism) answers a body the spec forbids.

use finerworks_api::schema::{self, Violation};
use serde_json::{Value, json};

/// The body of the HTTP 422 for `body`, or `None` when it conforms to the spec's schema
/// `schema_name` (the operation's request schema).
///
/// Shaped like Prism's answer (`type`, `title`, `status`, `detail`, and one `validation` entry
/// per violation with its `location`, `severity`, `code` and `message`), plus a `path` in each
/// entry and a FinerWorks-style `Message` listing them all, so that clients that read only
/// `Message` show why.
pub(crate) fn unprocessable(body: &Value, schema_name: &str) -> Option<Value> {
    let violations = schema::violations(schema::openapi(), schema_name, body);
    if violations.is_empty() {
        return None;
    }
    let listed: Vec<String> = violations.iter().map(Violation::to_string).collect();
    let validation: Vec<Value> = violations
        .iter()
        .map(|violation| {
            let mut location = vec!["body".to_owned()];
            location.extend(
                violation
                    .pointer
                    .split('/')
                    .skip(1)
                    .map(|part| part.replace("~1", "/").replace("~0", "~")),
            );
            json!({
                "location": location,
                "path": violation.path,
                "severity": "Error",
                "code": violation.rule.keyword(),
                "message": violation.message,
            })
        })
        .collect();
    Some(json!({
        "type": "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY",
        "title": "Invalid request",
        "status": 422,
        "detail": format!(
            "The request body does not conform to the {schema_name} schema of the OpenAPI \
             document (finerworks-mock in strict mode)."
        ),
        "Message": format!("The request body does not conform to the spec: {}.", listed.join("; ")),
        "validation": validation,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_schema_and_every_violation() {
        let problem = unprocessable(
            &json!({"guids": [], "library": null}),
            "delete_images_request",
        )
        .expect("an empty list is refused");
        assert!(
            problem["detail"]
                .as_str()
                .unwrap()
                .contains("delete_images_request")
        );
        assert_eq!(
            problem["validation"][0]["location"],
            json!(["body", "guids"])
        );
        assert!(
            unprocessable(&json!({"guids": [], "library": null}), "nowhere").is_some(),
            "an unknown schema is a violation"
        );
    }
}
