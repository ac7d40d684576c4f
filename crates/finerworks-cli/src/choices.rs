//! Flags whose values are an API enum (`--sort`, `--direction`, `--library`): the choices come from
//! the generated types (`SortField::ALL`...), so a value added to the spec is offered here without
//! an edit. Each value is accepted as the API spells it (`file_name`, `DESC`) and, as the command
//! line shows it, in lower case with dashes (`file-name`, `desc`), in any case.

use std::fmt::Display;
use std::str::FromStr;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

/// How the command line shows an API value: lower case, dashes for underscores.
fn spelling(value: &impl Display) -> String {
    value.to_string().to_lowercase().replace('_', "-")
}

/// A parser that offers every value of `all`, with `help` for the values it knows.
pub(crate) fn api_enum<T>(
    all: &'static [T],
    help: fn(&str) -> Option<&'static str>,
) -> impl TypedValueParser<Value = T>
where
    T: Copy + Display + FromStr + Send + Sync + 'static,
{
    let values = all.iter().map(move |value| {
        let api = value.to_string();
        let shown = spelling(value);
        let mut choice = PossibleValue::new(shown.clone());
        if shown != api {
            choice = choice.alias(api.clone());
        }
        if let Some(text) = help(&api) {
            choice = choice.help(text);
        }
        choice
    });
    // The parser hands over the spelling as typed (any case, an alias too).
    PossibleValuesParser::new(values).try_map(move |chosen: String| {
        let wanted = chosen.to_lowercase().replace('_', "-");
        all.iter()
            .copied()
            .find(|value| spelling(value) == wanted)
            .ok_or_else(|| format!("`{chosen}` is not one of the choices"))
    })
}

/// What each sort field means, for `--help`.
pub(crate) fn sort_help(api: &str) -> Option<&'static str> {
    Some(match api {
        "id" => "The image id",
        "title" => "The title, alphabetically",
        "file_name" => "The file name, alphabetically",
        "file_size" => "The file size in bytes",
        "date_added" => "The upload date",
        _ => return None,
    })
}

/// What each sort direction means, for `--help`.
pub(crate) fn direction_help(api: &str) -> Option<&'static str> {
    Some(match api {
        "ASC" => "Smallest, oldest or A first",
        "DESC" => "Largest, newest or Z first",
        _ => return None,
    })
}

/// What each library is, for `--help`.
pub(crate) fn library_help(api: &str) -> Option<&'static str> {
    Some(match api {
        "inventory" => "Your library of images (assumed to be kept for good)",
        "temporary" => "The uploads of one session (--session-id); assumed to expire",
        _ => return None,
    })
}
