//! [`Nulls::Reject`](crate::Nulls::Reject): a JSON `null` for a request property of a .NET
//! value type, reported as Newtonsoft.Json reports it, with the line and position where it
//! stopped reading.

use finerworks_api::fields::list_images_request;
use serde_json::Value;

use crate::request::ModelState;

/// The top-level request properties read as .NET value types, and their types.
const VALUE_TYPES: [(&str, &str); 3] = [
    (list_images_request::PAGE_NUMBER, "System.Int32"),
    (list_images_request::PER_PAGE, "System.Int32"),
    (list_images_request::LIST_PRODUCTS, "System.Boolean"),
];

/// The `ModelState` errors of the `null`s in `json` (parsed from `text`) that a value type
/// refuses; empty when there are none.
pub(crate) fn refused(text: &[u8], json: &Value) -> ModelState {
    let mut model_state = ModelState::new();
    let Some(object) = json.as_object() else {
        return model_state;
    };
    for (name, type_name) in VALUE_TYPES {
        if object.get(name).is_some_and(Value::is_null) {
            let (line, position) = locate(text, name).unwrap_or((1, 0));
            model_state.insert(
                format!("request.{name}"),
                vec![format!(
                    "Error converting value {{null}} to type '{type_name}'. Path '{name}', line \
                     {line}, position {position}."
                )],
            );
        }
    }
    model_state
}

/// Where Newtonsoft stands after reading the value of the top-level property `name` of the
/// JSON object `text` (the last one, when the name repeats, as the last one wins): the line,
/// from 1, and the position in it, in characters.
fn locate(text: &[u8], name: &str) -> Option<(usize, usize)> {
    let mut scanner = Scanner { text, at: 0 };
    scanner.space();
    scanner.expect(b'{')?;
    let mut end = None;
    loop {
        scanner.space();
        if scanner.peek()? == b'}' {
            break;
        }
        let key_start = scanner.at;
        scanner.string()?;
        let key: String = serde_json::from_slice(&text[key_start..scanner.at]).ok()?;
        scanner.space();
        scanner.expect(b':')?;
        scanner.space();
        scanner.value()?;
        if key == name {
            end = Some(scanner.at);
        }
        scanner.space();
        if scanner.peek()? == b',' {
            scanner.at += 1;
        }
    }
    let end = end?;
    let before = String::from_utf8_lossy(&text[..end]);
    let line = 1 + before.matches('\n').count();
    let position = before
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .chars()
        .count();
    Some((line, position))
}

/// A cursor over JSON text already known to parse.
struct Scanner<'a> {
    text: &'a [u8],
    at: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.at += 1)
    }

    fn space(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.at += 1;
        }
    }

    fn string(&mut self) -> Option<()> {
        self.expect(b'"')?;
        loop {
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some(());
                }
                b'\\' => self.at += 2,
                _ => self.at += 1,
            }
        }
    }

    fn value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.string(),
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.at += 1;
                loop {
                    self.space();
                    match self.peek()? {
                        byte if byte == close => {
                            self.at += 1;
                            return Some(());
                        }
                        b',' | b':' => self.at += 1,
                        _ => self.value()?,
                    }
                }
            }
            _ => {
                // A number, `true`, `false` or `null`: up to the next delimiter.
                while self
                    .peek()
                    .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
                {
                    self.at += 1;
                }
                Some(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused_in(text: &str) -> Vec<(String, String)> {
        let json: Value = serde_json::from_str(text).unwrap();
        refused(text.as_bytes(), &json)
            .into_iter()
            .map(|(key, mut messages)| (key, messages.remove(0)))
            .collect()
    }

    #[test]
    fn names_the_field_its_type_and_where_newtonsoft_stopped() {
        assert_eq!(
            refused_in(r#"{"per_page":null}"#),
            [(
                "request.per_page".to_owned(),
                "Error converting value {null} to type 'System.Int32'. Path 'per_page', line 1, \
                 position 16."
                    .to_owned()
            )]
        );
        let text = "{\n  \"library\": {\"name\": null, \"a\": [1, {\"b\": \"}\\\"\"}]},\n  \
                    \"list_products\" : null ,\n\"page_number\":null}";
        let found = refused_in(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, "request.list_products");
        assert!(
            found[0]
                .1
                .ends_with("'System.Boolean'. Path 'list_products', line 3, position 24."),
            "{}",
            found[0].1
        );
        assert!(
            found[1]
                .1
                .ends_with("Path 'page_number', line 4, position 18.")
        );
    }

    #[test]
    fn values_and_strings_are_not_refused() {
        assert!(refused_in(r#"{"per_page": 10, "list_products": false}"#).is_empty());
        assert!(
            refused_in(r#"{"sort_field": null, "active": null, "search_filter": null}"#).is_empty()
        );
        assert!(refused_in("[null]").is_empty());
    }

    #[test]
    fn the_last_of_a_repeated_name_counts_and_characters_are_not_bytes() {
        let found = refused_in("{\"per_page\": null, \"é\": \"ü\", \"per_page\": null}");
        assert!(
            found[0].1.ends_with("line 1, position 45."),
            "{}",
            found[0].1
        );
    }
}
