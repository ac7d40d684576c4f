//! Checking JSON values against the OpenAPI 3.0 schemas of a spec: [`violations`],
//! [`Validator`] and the [`Violation`]s they find.
//!
//! This is a small schema walker over [`serde_json::Value`], not a full JSON Schema
//! implementation: it understands the keywords `openapi/finerworks.yaml` uses, which are
//!
//! - `$ref` to a JSON pointer within the same document (`#/components/schemas/...`); as in
//!   OpenAPI 3.0, the keywords beside a `$ref` are ignored;
//! - `allOf` (the value must satisfy every part);
//! - `type` (`object`, `array`, `string`, `integer`, `number`, `boolean`) and `nullable`;
//! - `required`, `properties` and `additionalProperties` (a schema, `true` or `false`);
//! - `items`, `minItems`, `maxItems`;
//! - `enum`, `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` (3.0's booleans),
//!   `minLength`, `maxLength` (counted in Unicode scalar values);
//! - `format`: `uuid` (hyphenated, any case), `date` (`YYYY-MM-DD`), `date-time` (what
//!   [`Timestamp`](crate::Timestamp) reads: RFC 3339 with or without an offset, as FinerWorks
//!   writes them), `int32` and `int64` (the integer must fit). Other formats (`decimal`...) are
//!   annotations.
//!
//! Other keywords (`description`, `default`, `example`...) are annotations and are ignored.
//!
//! Two readings the OpenAPI 3.0 text leaves open are settled as most tools settle them:
//!
//! - `nullable: true` beside `type` or `allOf` admits `null`, and a `null` is then checked
//!   against nothing else (so `allOf: [$ref] + nullable: true` is an optional reference);
//! - a property the schema does not describe is allowed unless `additionalProperties` is
//!   `false`, as JSON Schema says. [`Validator::report_unknown_properties`] reports them
//!   anyway, to find fields a spec does not know;
//! - a described property that is not `required` may be left out.
//!   [`Validator::report_missing_properties`] reports those an object lacks anyway, to find
//!   fields a spec describes that a server does not send.
//!
//! # Examples
//!
//! ```
//! use finerworks_api::schema;
//! use serde_json::json;
//!
//! let request = json!({
//!     "library": {"session_id": "1234567890", "site_id": 2},
//!     "per_page": null,
//!     "sort_field": "size"
//! });
//! let found = schema::violations(schema::openapi(), "list_images_request", &request);
//! let lines: Vec<String> = found.iter().map(ToString::to_string).collect();
//! assert_eq!(lines.len(), 2);
//! assert!(lines.contains(&"per_page: null is not allowed (not nullable)".to_owned()));
//! assert!(lines.iter().any(|line| line.starts_with("sort_field: \"size\" is not one of")));
//! ```

mod walk;

use std::fmt;
use std::sync::LazyLock;

use serde_json::Value;

use walk::{Place, Walk};

static OPENAPI: LazyLock<Value> = LazyLock::new(|| {
    serde_json::from_str(crate::OPENAPI_JSON).expect("the embedded OpenAPI document is JSON")
});

/// The OpenAPI document this crate was generated from ([`OPENAPI_JSON`](crate::OPENAPI_JSON)),
/// parsed once.
#[must_use]
pub fn openapi() -> &'static Value {
    &OPENAPI
}

/// Every way `value` breaks the schema `#/components/schemas/<schema_name>` of `spec`, in the
/// order found (empty when it conforms). Properties the schema does not describe are allowed.
///
/// A `schema_name` the spec does not have, or a `$ref` that points nowhere, is reported as a
/// violation of [`Rule::Schema`], so a mistake in the spec cannot pass for a valid value.
///
/// # Examples
///
/// ```
/// use finerworks_api::schema::{self, Rule};
/// use serde_json::json;
///
/// let found = schema::violations(
///     schema::openapi(),
///     "list_images_request",
///     &json!({"library": {"session_id": "short", "site_id": 2}, "per_page": 51}),
/// );
/// let rules: Vec<(&str, Rule)> = found.iter().map(|v| (v.path.as_str(), v.rule)).collect();
/// assert_eq!(rules, [("library.session_id", Rule::MinLength), ("per_page", Rule::Maximum)]);
/// ```
#[must_use]
pub fn violations(spec: &Value, schema_name: &str, value: &Value) -> Vec<Violation> {
    Validator::new(spec).validate(schema_name, value)
}

/// A rule of a schema that a value breaks: which keyword, where, and why.
///
/// Its `Display` is `path: message`, such as `per_page: null is not allowed (not nullable)`, or
/// the message alone for the value itself.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    /// Where, as fields and indexes from the value checked: `per_page`, `library.session_id`,
    /// `guid_filter[0]`; empty for the value itself.
    pub path: String,
    /// The same place as a JSON Pointer (RFC 6901): `/per_page`, `/guid_filter/0`; empty for the
    /// value itself. Unlike [`path`](Self::path), it is unambiguous whatever the field names.
    pub pointer: String,
    /// The rule broken.
    pub rule: Rule,
    /// What is wrong, in words, such as `null is not allowed (not nullable)`.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// The kinds of [`Violation`], by the schema keyword that finds them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// `type`: a value of another JSON type.
    Type,
    /// `nullable`: `null` where the schema does not allow it.
    Nullable,
    /// `required`: a property that must be present is missing.
    Required,
    /// `enum`: a value not among the choices.
    Enum,
    /// `minimum` (or `exclusiveMinimum`): a number too small.
    Minimum,
    /// `maximum` (or `exclusiveMaximum`): a number too large.
    Maximum,
    /// `minLength`: a string too short.
    MinLength,
    /// `maxLength`: a string too long.
    MaxLength,
    /// `minItems`: an array too short.
    MinItems,
    /// `maxItems`: an array too long.
    MaxItems,
    /// `format`: a string that is not a `uuid`, `date` or `date-time`, or an integer that does
    /// not fit `int32` or `int64`.
    Format,
    /// `additionalProperties`: a property the schema does not describe, where it says
    /// `additionalProperties: false` or the validator reports unknown properties.
    UnknownProperty,
    /// `properties`: a property the schema describes, but does not require, is missing; only
    /// when the validator [reports missing properties](Validator::report_missing_properties).
    MissingProperty,
    /// The schema itself: a `$ref` that cannot be resolved, a schema name the spec does not
    /// have, an unsupported `type`, or nesting too deep.
    Schema,
}

impl Rule {
    /// The schema keyword behind the rule (`type`, `nullable`, `minLength`, `$ref`...).
    #[must_use]
    pub fn keyword(self) -> &'static str {
        match self {
            Rule::Type => "type",
            Rule::Nullable => "nullable",
            Rule::Required => "required",
            Rule::Enum => "enum",
            Rule::Minimum => "minimum",
            Rule::Maximum => "maximum",
            Rule::MinLength => "minLength",
            Rule::MaxLength => "maxLength",
            Rule::MinItems => "minItems",
            Rule::MaxItems => "maxItems",
            Rule::Format => "format",
            Rule::UnknownProperty => "additionalProperties",
            Rule::MissingProperty => "properties",
            Rule::Schema => "$ref",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keyword())
    }
}

/// Checks JSON values against the schemas of one OpenAPI 3.0 document.
///
/// [`violations`] is the short form with the defaults.
///
/// # Examples
///
/// Finding the fields of a response that the spec does not describe:
///
/// ```
/// use finerworks_api::schema::{self, Rule, Validator};
/// use serde_json::json;
///
/// let response = json!({"count": 1, "images": [{"id": 7, "colour": "red"}]});
/// let validator = Validator::new(schema::openapi()).report_unknown_properties(true);
/// let found = validator.validate("list_images_response", &response);
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].path, "images[0].colour");
/// assert_eq!(found[0].rule, Rule::UnknownProperty);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Validator<'a> {
    spec: &'a Value,
    report_unknown: bool,
    report_missing: bool,
}

impl<'a> Validator<'a> {
    /// A validator of values against the schemas of `spec` (an OpenAPI 3.0 document as JSON,
    /// such as [`openapi()`]).
    #[must_use]
    pub fn new(spec: &'a Value) -> Self {
        Validator {
            spec,
            report_unknown: false,
            report_missing: false,
        }
    }

    /// Also reports, as [`Rule::UnknownProperty`], every property of an object that its schema
    /// (with its `allOf` parts) does not describe, unless `additionalProperties` gives a schema
    /// for them (default: they are allowed, as JSON Schema says). An object schema that names no
    /// properties at all is free-form and never reports any.
    #[must_use]
    pub fn report_unknown_properties(mut self, report: bool) -> Self {
        self.report_unknown = report;
        self
    }

    /// Also reports, as [`Rule::MissingProperty`], every property that an object's schema (with
    /// its `allOf` parts) describes and the object lacks (default: only `required` ones are
    /// reported, as [`Rule::Required`], and a property both required and missing is reported only
    /// that way). An object schema that names no properties at all never reports any.
    ///
    /// Each object is judged on its own: an array of three images that lack `title` reports
    /// `images[0].title`, `images[1].title` and `images[2].title`.
    ///
    /// # Examples
    ///
    /// Finding what a response leaves out:
    ///
    /// ```
    /// use finerworks_api::schema::{self, Rule, Validator};
    /// use serde_json::json;
    ///
    /// let response = json!({"count": 0, "images": [], "page_number": 1, "per_page": 10});
    /// let validator = Validator::new(schema::openapi()).report_missing_properties(true);
    /// let found = validator.validate("list_images_response", &response);
    /// assert_eq!(found.len(), 1);
    /// assert_eq!((found[0].path.as_str(), found[0].rule), ("status", Rule::MissingProperty));
    /// assert_eq!(found[0].to_string(), "status: described but missing");
    /// ```
    #[must_use]
    pub fn report_missing_properties(mut self, report: bool) -> Self {
        self.report_missing = report;
        self
    }

    /// Every way `value` breaks `#/components/schemas/<schema_name>` (empty when it conforms).
    ///
    /// A name the spec does not have is one violation of [`Rule::Schema`].
    #[must_use]
    pub fn validate(&self, schema_name: &str, value: &Value) -> Vec<Violation> {
        let schema = self
            .spec
            .get("components")
            .and_then(|c| c.get("schemas"))
            .and_then(|s| s.get(schema_name));
        match schema {
            Some(schema) => self.validate_schema(schema, value),
            None => vec![Violation {
                path: String::new(),
                pointer: String::new(),
                rule: Rule::Schema,
                message: format!("the spec has no schema named {schema_name:?}"),
            }],
        }
    }

    /// Every way `value` breaks `schema`, a schema object that may `$ref` into the spec.
    #[must_use]
    pub fn validate_schema(&self, schema: &Value, value: &Value) -> Vec<Violation> {
        let mut walk = Walk::new(self.spec, self.report_unknown, self.report_missing);
        walk.value(schema, value, &mut Place::default(), 0, true);
        walk.found
    }
}

#[cfg(test)]
mod tests;
