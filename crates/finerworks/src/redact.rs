//! Redaction of the API keys from whatever a server sends back: a server that echoes a key in a
//! message, a `ModelState` entry, an HTML title, a body, a reference id or `debug` must not get it
//! into an error, a log line or a terminal.

use finerworks_api::types::ResponseStatus;

use crate::error::{ApiError, DecodeError};

/// What a key is replaced with.
pub(crate) const REDACTED: &str = "<redacted>";

/// Shorter keys are not looked for: they would match ordinary words of a message (FinerWorks'
/// keys are far longer, and a key this short is no secret anyway).
const SHORTEST_SECRET: usize = 8;

/// The secrets to hide: the values of both API keys.
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    secrets: Vec<String>,
}

impl Redactor {
    /// Hides these values (those shorter than 8 characters are ignored: they would match
    /// ordinary words).
    pub(crate) fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Self {
        let mut secrets: Vec<String> = secrets
            .into_iter()
            .filter(|secret| secret.len() >= SHORTEST_SECRET)
            .map(str::to_owned)
            .collect();
        // The longer first, so that a key containing the other is hidden whole.
        secrets.sort_by_key(|secret| std::cmp::Reverse(secret.len()));
        secrets.dedup();
        Self { secrets }
    }

    /// `text` with every occurrence of a secret replaced, ignoring ASCII case (a server may
    /// change the case of what it echoes).
    pub(crate) fn text(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for secret in &self.secrets {
            text = replace_ignoring_case(&text, secret);
        }
        text
    }

    fn in_place(&self, text: &mut String) {
        if self
            .secrets
            .iter()
            .any(|secret| contains_ignoring_case(text, secret))
        {
            *text = self.text(text);
        }
    }

    fn option(&self, text: &mut Option<String>) {
        if let Some(text) = text {
            self.in_place(text);
        }
    }

    /// Every string of a JSON value, keys included.
    pub(crate) fn value(&self, value: &mut serde_json::Value) {
        match value {
            serde_json::Value::String(text) => self.in_place(text),
            serde_json::Value::Array(items) => items.iter_mut().for_each(|item| self.value(item)),
            serde_json::Value::Object(map) => {
                let entries = std::mem::take(map);
                for (key, mut item) in entries {
                    self.value(&mut item);
                    map.insert(self.text(&key), item);
                }
            }
            _ => {}
        }
    }

    /// Every text an API error carries.
    pub(crate) fn api_error(&self, error: &mut ApiError) {
        self.option(&mut error.message);
        self.option(&mut error.reference_id);
        self.option(&mut error.body_excerpt);
        self.option(&mut error.domain);
        if let Some(debug) = &mut error.debug {
            self.value(debug);
        }
        if self.secrets.is_empty() {
            return;
        }
        let entries = std::mem::take(&mut error.model_state);
        error.model_state = entries
            .into_iter()
            .map(|(field, messages)| {
                let messages = messages.iter().map(|m| self.text(m)).collect();
                (self.text(&field), messages)
            })
            .collect();
    }

    /// Every text of a response's `status` block.
    pub(crate) fn status(&self, status: &mut ResponseStatus) {
        self.option(&mut status.message);
        self.option(&mut status.reference_id);
        self.option(&mut status.domain);
        if let Some(debug) = &mut status.debug {
            self.value(debug);
        }
    }

    /// Every text a decode error carries.
    pub(crate) fn decode_error(&self, error: &mut DecodeError) {
        self.in_place(&mut error.message);
        self.in_place(&mut error.excerpt);
        self.in_place(&mut error.path);
    }
}

fn contains_ignoring_case(text: &str, secret: &str) -> bool {
    find_ignoring_case(text, secret, 0).is_some()
}

fn find_ignoring_case(text: &str, secret: &str, from: usize) -> Option<usize> {
    let (haystack, needle) = (text.as_bytes(), secret.as_bytes());
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    (from..=haystack.len() - needle.len())
        .find(|&at| haystack[at..at + needle.len()].eq_ignore_ascii_case(needle))
}

fn replace_ignoring_case(text: &str, secret: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    while let Some(at) = find_ignoring_case(text, secret, from) {
        // Keys are visible ASCII, so a match starts and ends on character boundaries.
        out.push_str(&text[from..at]);
        out.push_str(REDACTED);
        from = at + secret.len();
    }
    out.push_str(&text[from..]);
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn every_text_of_an_api_error_is_redacted() {
        let redactor = Redactor::new(["WEB-KEY-1234", "app-key-5678"]);
        let mut error = ApiError {
            http_status: 400,
            message: Some(
                "Missing or unauthorized api credentials web-key-1234 APP-KEY-5678".into(),
            ),
            reference_id: Some("app-key-5678".into()),
            body_excerpt: Some("{\"key\":\"WEB-KEY-1234\"}".into()),
            domain: Some("x.app-key-5678.example".into()),
            model_state: BTreeMap::from([(
                "WEB-KEY-1234".to_owned(),
                vec!["bad key app-key-5678".to_owned()],
            )]),
            debug: Some(
                serde_json::json!({"headers": {"app_key": "app-key-5678"}, "app-key-5678": [1, "WEB-KEY-1234"]}),
            ),
            ..ApiError::default()
        };
        redactor.api_error(&mut error);
        let shown = format!("{error:?} {error}").to_ascii_lowercase();
        assert!(!shown.contains("web-key-1234"), "{shown}");
        assert!(!shown.contains("app-key-5678"), "{shown}");
        assert_eq!(
            error.message.as_deref(),
            Some("Missing or unauthorized api credentials <redacted> <redacted>")
        );
        assert_eq!(
            error.model_state.keys().next().map(String::as_str),
            Some(REDACTED)
        );
    }

    #[test]
    fn a_key_inside_the_other_is_hidden_whole_and_text_without_keys_is_kept() {
        let redactor = Redactor::new(["abcdefgh", "xxabcdefghxx", ""]);
        assert_eq!(
            redactor.text("1 xxabcdefghxx 2 ABCDEFGH"),
            "1 <redacted> 2 <redacted>"
        );
        assert_eq!(
            redactor.text("nothing secret: abcdefg h"),
            "nothing secret: abcdefg h"
        );
        // Too short to tell from ordinary words.
        assert_eq!(Redactor::new(["", "key"]).text("a key"), "a key");
    }
}
