//! Text from FinerWorks made safe where it lands: on a terminal (no control characters, no
//! reordering of the line by bidi controls) and in a spreadsheet (no formulas, in a form that
//! `--from` reads back as the API wrote it). JSON and NDJSON keep the exact text.

use std::borrow::Cow;

/// Whether `c` reorders the text around it when shown: the bidi embeddings and overrides
/// (U+202A to U+202E), isolates (U+2066 to U+2069) and marks (U+200E, U+200F).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// `text` for one line of a terminal: control characters (newlines, escape sequences) become
/// spaces, so data can neither break the layout nor drive the terminal, and bidi controls are
/// removed, so a title cannot reorder what follows it on the line.
pub(crate) fn for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter(|&c| !is_bidi_control(c))
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect(),
    )
}

/// Whether a spreadsheet would read `cell` as a formula: it starts with `=`, `+`, `@`, a tab or a
/// carriage return, or with `-` unless the whole cell is a number (such as `-5`).
fn is_formula(cell: &str) -> bool {
    match cell.chars().next() {
        Some('=' | '+' | '@' | '\t' | '\r') => true,
        // `-1+1` is a formula too: only a plain negative number is left alone.
        Some('-') => cell.parse::<f64>().is_err(),
        _ => false,
    }
}

/// Whether [`csv_cell`] puts a `'` before `cell`: it is a formula, or a formula with `'`s before
/// it already (so that [`csv_cell_text`] gives back exactly the text that was written).
fn is_guarded(cell: &str) -> bool {
    is_formula(cell.trim_start_matches('\''))
}

/// `cell` for CSV, neutralised as OWASP recommends against formula injection: a cell that a
/// spreadsheet would read as a formula (starting with `=`, `+`, `@`, a tab or a carriage return,
/// or with `-` unless the whole cell is a number, such as `-5`) gets a leading `'`, which
/// spreadsheets show as text. So does such a cell that starts with `'` already, so that
/// [`csv_cell_text`] can tell the two apart.
pub(crate) fn csv_cell(cell: &str) -> Cow<'_, str> {
    if is_guarded(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The text of a cell that [`csv_cell`] wrote: without the `'` it added (`'=SUM(A1)` is read as
/// `=SUM(A1)`), and any other cell as it is.
pub(crate) fn csv_cell_text(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(text) if is_guarded(text) => text,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        for (cell, expected) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-foo", "'-foo"),
            ("-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-5", "-5"),
            ("-2.5", "-2.5"),
            ("Harbor = home", "Harbor = home"),
            ("", ""),
            ("12", "12"),
        ] {
            assert_eq!(csv_cell(cell), expected, "{cell:?}");
        }
    }

    #[test]
    fn what_csv_cell_writes_is_read_back_unchanged() {
        for text in [
            "=SUM(A1)",
            "'=SUM(A1)",
            "''+1",
            "-foo",
            "'-foo",
            "-5",
            "'-5",
            "'quoted'",
            "'",
            "",
            "Harbor at dawn",
            "@home",
        ] {
            assert_eq!(csv_cell_text(&csv_cell(text)), text, "{text:?}");
        }
        assert_eq!(csv_cell("'=x"), "''=x");
        assert_eq!(csv_cell("'plain"), "'plain");
    }

    #[test]
    fn terminals_get_no_controls_and_no_bidi_overrides() {
        assert_eq!(for_terminal("Evil\u{1b}[31m\nTitle"), "Evil [31m Title");
        let spoof = "invoice\u{202E}gpj.exe\u{2066}x\u{2069}\u{200E}\u{200F}\u{202A}";
        assert_eq!(for_terminal(spoof), "invoicegpj.exex");
        assert!(matches!(for_terminal("Plain title"), Cow::Borrowed(_)));
    }
}
