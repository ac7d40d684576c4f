//! [`MockConfig::strict`](crate::MockConfig::strict): the request body checked against the
//! spec's request schema before the ASP.NET-style reading, and every violation answered as
//! FinerWorks answers bad input: HTTP 400 with a `ModelState` naming each field.

use finerworks_api::schema;

use crate::request::ModelState;

/// The `ModelState` of the HTTP 400 for `body`, or `None` when it conforms to the spec's schema
/// `schema_name` (the operation's request schema).
///
/// Each violation is under the key ASP.NET would use for its field (`request.per_page`,
/// `request.images[0].pix_w`; `request` for the body itself), with what is wrong and the
/// schema keyword that says so, such as
/// `Not allowed by the spec (nullable): null is not allowed (not nullable).`
pub(crate) fn violations(body: &serde_json::Value, schema_name: &str) -> Option<ModelState> {
    let violations = schema::violations(schema::openapi(), schema_name, body);
    if violations.is_empty() {
        return None;
    }
    let mut model_state = ModelState::new();
    for violation in violations {
        let key = if violation.path.is_empty() {
            "request".to_owned()
        } else {
            format!("request.{}", violation.path)
        };
        model_state.entry(key).or_default().push(format!(
            "Not allowed by the spec ({}): {}.",
            violation.rule.keyword(),
            violation.message.trim_end_matches('.')
        ));
    }
    Some(model_state)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn names_every_field_as_asp_net_does() {
        let model_state = violations(
            &json!({"guids": [], "library": {"session_id": "short", "site_id": 2}}),
            "delete_images_request",
        )
        .expect("an empty list is refused");
        assert_eq!(
            model_state.keys().collect::<Vec<_>>(),
            ["request.guids", "request.library.session_id"]
        );
        assert!(
            model_state["request.guids"][0].starts_with("Not allowed by the spec (minItems): "),
            "{model_state:?}"
        );
        let unknown = violations(&json!({"guids": [], "library": null}), "nowhere")
            .expect("an unknown schema is a violation");
        assert_eq!(unknown.keys().collect::<Vec<_>>(), ["request"]);
    }
}
