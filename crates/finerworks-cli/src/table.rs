//! The default output: a table of rows of any [`Printable`] type fitted to a width, and the human
//! forms of its values.

use console::{Alignment, measure_text_width, pad_str, truncate_str};

use crate::printable::Printable;
use crate::safe;

/// The space between two columns.
const GAP: &str = "  ";
/// The narrowest table drawn; below this, lines may wrap.
pub(crate) const MIN_WIDTH: usize = 40;

/// A column of a table of `T`: its header, how a row's cell is written, and how it behaves when
/// space is short. [`Printable::table_columns`] gives them.
pub(crate) struct Column<T> {
    /// The header, in capitals (`TITLE`).
    pub(crate) header: &'static str,
    /// The cell of one row, for people (made safe with [`text`] when it is the API's text).
    pub(crate) cell: fn(&T) -> String,
    /// Where a cell sits in its column.
    pub(crate) align: Alignment,
    /// `Some(min)` for a column that is truncated (with an ellipsis) to fit, down to `min`;
    /// `None` for one that is always shown whole.
    pub(crate) shrink_to: Option<usize>,
    /// Columns are left out in increasing order of this when even the shrunk table is too wide;
    /// `None` is never left out.
    pub(crate) drop_rank: Option<u8>,
}

/// A column with its cells written.
struct Filled {
    header: &'static str,
    cells: Vec<String>,
    align: Alignment,
    shrink_to: Option<usize>,
    drop_rank: Option<u8>,
}

impl Filled {
    fn natural_width(&self) -> usize {
        self.cells
            .iter()
            .map(|cell| measure_text_width(cell))
            .chain([self.header.len()])
            .max()
            .unwrap_or(0)
    }

    fn min_width(&self) -> usize {
        let natural = self.natural_width();
        self.shrink_to.map_or(natural, |min| natural.min(min))
    }
}

/// Renders `rows` as a table at most `width` columns wide (one line per row, after a header),
/// with the columns [`Printable::table_columns`] gives for them.
///
/// Columns that shrink are cut with an ellipsis to fit. When even that is not enough, the
/// columns with a drop rank are left out, lowest rank first, and [`Table::left_out`] names them
/// (never silently: the caller says so); the others always stay. No rows give an empty table.
pub(crate) fn render<T: Printable>(rows: &[T], width: usize) -> Table {
    if rows.is_empty() {
        return Table::default();
    }
    let width = width.max(MIN_WIDTH);
    let mut columns: Vec<Filled> = T::table_columns(rows)
        .into_iter()
        .map(|column| Filled {
            header: column.header,
            cells: rows.iter().map(column.cell).collect(),
            align: column.align,
            shrink_to: column.shrink_to,
            drop_rank: column.drop_rank,
        })
        .collect();

    // Leave columns out until the shrunk table fits (or only the essential ones are left).
    let needed = |columns: &[Filled]| {
        columns.iter().map(Filled::min_width).sum::<usize>() + GAP.len() * (columns.len() - 1)
    };
    let order: Vec<&str> = columns.iter().map(|column| column.header).collect();
    let needs = needed(&columns);
    let mut left_out = Vec::new();
    while needed(&columns) > width {
        let droppable = columns
            .iter()
            .enumerate()
            .filter_map(|(index, column)| column.drop_rank.map(|rank| (rank, index)))
            .min();
        match droppable {
            Some((_, index)) => {
                left_out.push(columns.remove(index).header);
            }
            None => break,
        }
    }

    let widths = fit(&columns, width);
    let mut table = String::new();
    let mut line = |cells: Vec<(&str, usize, Alignment)>| {
        let mut row = String::new();
        for (index, (cell, width, align)) in cells.into_iter().enumerate() {
            if index > 0 {
                row.push_str(GAP);
            }
            let cut = truncate_str(cell, width, "…");
            row.push_str(&pad_str(&cut, width, align, None));
        }
        table.push_str(row.trim_end());
        table.push('\n');
    };
    line(
        columns
            .iter()
            .zip(&widths)
            .map(|(column, &width)| (column.header, width, column.align))
            .collect(),
    );
    for row in 0..rows.len() {
        line(
            columns
                .iter()
                .zip(&widths)
                .map(|(column, &width)| (column.cells[row].as_str(), width, column.align))
                .collect(),
        );
    }
    // In the order they would have appeared.
    left_out.sort_by_key(|header| order.iter().position(|known| known == header));
    Table {
        text: table,
        left_out,
        needs,
    }
}

/// A rendered table, and the columns left out to fit the width.
#[derive(Debug, Default)]
pub(crate) struct Table {
    /// The header line and one line per row, each ending with a newline.
    pub(crate) text: String,
    /// The headers of the columns left out, in their order.
    pub(crate) left_out: Vec<&'static str>,
    /// The width that shows every column (cut to fit where it may be).
    pub(crate) needs: usize,
}

/// The width of each column: whole columns at their natural width; the space left is shared by the
/// shrinkable ones, each getting no more than it needs, the narrowest served first.
fn fit(columns: &[Filled], width: usize) -> Vec<usize> {
    let fixed: usize = columns
        .iter()
        .filter(|column| column.shrink_to.is_none())
        .map(Filled::natural_width)
        .sum::<usize>()
        + GAP.len() * (columns.len().saturating_sub(1));
    let mut left = width.saturating_sub(fixed);
    let mut widths: Vec<usize> = columns
        .iter()
        .map(|column| match column.shrink_to {
            None => column.natural_width(),
            Some(_) => 0,
        })
        .collect();
    // Water-filling: one character at a time to the narrowest shrinkable column that wants more.
    while left > 0 {
        let wanting = columns
            .iter()
            .zip(&widths)
            .enumerate()
            .filter(|(_, (column, width))| {
                column.shrink_to.is_some() && **width < column.natural_width()
            })
            .min_by_key(|(_, (_, width))| **width)
            .map(|(index, _)| index);
        let Some(index) = wanting else { break };
        widths[index] += 1;
        left -= 1;
    }
    // A terminal too narrow for even the essential columns: keep one character at least.
    for (column, width) in columns.iter().zip(&mut widths) {
        if column.shrink_to.is_some() {
            *width = (*width).max(1);
        }
    }
    widths
}

/// A placeholder for a value the API did not send.
pub(crate) fn none() -> String {
    "-".to_owned()
}

/// Text from the API, made safe for one table cell ([`safe::for_terminal`]): control
/// characters become spaces and bidi controls are removed, so data can neither break the layout
/// nor drive or reorder the terminal.
pub(crate) fn text(value: Option<&str>) -> String {
    match value.map(|value| safe::for_terminal(value).trim().to_owned()) {
        Some(value) if !value.is_empty() => value,
        _ => none(),
    }
}

/// A byte count for people, in decimal units (1 kB = 1000 bytes): `512 B`, `4.2 MB`, `37 MB`.
/// At most three significant digits and six characters.
pub(crate) fn human_size(bytes: i64) -> String {
    const UNITS: [&str; 6] = ["B", "kB", "MB", "GB", "TB", "PB"];
    if bytes < 0 {
        return none();
    }
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    #[allow(
        clippy::cast_precision_loss,
        reason = "three significant digits are shown"
    )]
    let mut value = bytes as f64;
    let mut unit = 0;
    // 999.5 and up would round to "1000": move to the next unit instead.
    while value >= 999.5 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if value < 9.95 {
        format!("{value:.1} {}", UNITS[unit])
    } else {
        format!("{value:.0} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use finerworks::Image;

    use super::*;

    fn image(title: &str, file_name: &str) -> Image {
        Image {
            title: Some(title.to_owned()),
            guid: Some("0f8fad5b-d9cb-469f-a165-70867728950e".parse().unwrap()),
            file_name: Some(file_name.to_owned()),
            file_size: Some(4_213_000),
            pix_w: Some(2000),
            pix_h: Some(3000),
            date_added: Some("2025-10-27T14:14:28.7196101-05:00".parse().unwrap()),
            active: Some(true),
            ..Image::default()
        }
    }

    #[test]
    fn sizes_read_like_a_file_manager() {
        let cases = [
            (0, "0 B"),
            (999, "999 B"),
            (1000, "1.0 kB"),
            (4_213_000, "4.2 MB"),
            (9_949_999, "9.9 MB"),
            (9_950_000, "10 MB"),
            (999_499, "999 kB"),
            (999_500, "1.0 MB"),
            (37_400_000, "37 MB"),
            (2_500_000_000, "2.5 GB"),
            (-1, "-"),
        ];
        for (bytes, text) in cases {
            assert_eq!(human_size(bytes), text, "{bytes}");
        }
    }

    #[test]
    fn a_wide_table_shows_every_column_whole() {
        let table = render(&[image("Golden Meadow", "golden-meadow.jpg")], 160);
        assert!(table.left_out.is_empty(), "{table:?}");
        let mut lines = table.text.lines();
        let header = lines.next().unwrap();
        for column in [
            "TITLE",
            "GUID",
            "FILE NAME",
            "SIZE",
            "PIXELS",
            "ADDED",
            "ACTIVE",
        ] {
            assert!(header.contains(column), "{header}");
        }
        assert!(
            !header.contains("PRODUCTS"),
            "no products were fetched: {header}"
        );
        let row = lines.next().unwrap();
        for value in [
            "Golden Meadow",
            "0f8fad5b-d9cb-469f-a165-70867728950e",
            "golden-meadow.jpg",
            "4.2 MB",
            "2000x3000",
            "2025-10-27",
            "yes",
        ] {
            assert!(row.contains(value), "{row}");
        }
    }

    #[test]
    fn a_narrow_table_cuts_titles_and_says_which_columns_it_left_out() {
        let long = "A Very Long Title About A Lighthouse On A Stormy Evening In Maine";
        let Table {
            text: table,
            left_out,
            needs,
        } = render(&[image(long, "a-very-long-file-name-indeed.tif")], 100);
        assert_eq!(left_out, ["FILE NAME"]);
        assert_eq!(needs, 111, "20 for the title, 12 for the file name");
        for line in table.lines() {
            assert!(measure_text_width(line) <= 100, "{line}");
        }
        assert!(!table.contains("FILE NAME"), "{table}");
        assert!(table.contains("A Very Long Title"), "{table}");
        assert!(table.contains('…'), "{table}");
        assert!(
            table.contains("0f8fad5b-d9cb-469f-a165-70867728950e"),
            "{table}"
        );
        // Narrower still: more columns go, and each is named, in the table's order.
        let narrow = render(&[image(long, "a-very-long-file-name-indeed.tif")], 60);
        assert_eq!(
            narrow.left_out,
            ["FILE NAME", "SIZE", "PIXELS", "ADDED", "ACTIVE"]
        );
    }

    #[test]
    fn control_characters_and_bidi_overrides_cannot_reach_the_terminal() {
        let table = render(
            &[image("Evil\u{1b}[31m\nTitle\u{202E}gpj.exe", "x.jpg")],
            120,
        )
        .text;
        assert!(!table.contains('\u{1b}'), "{table:?}");
        assert!(!table.contains('\u{202E}'), "{table:?}");
        assert!(table.contains("Evil [31m Titlegpj.exe"), "{table:?}");
        assert_eq!(table.lines().count(), 2, "{table:?}");
    }

    #[test]
    fn products_are_counted_when_they_were_fetched() {
        let mut with = image("Golden Meadow", "golden-meadow.jpg");
        with.products = Some(Vec::new());
        let table = render(&[with], 200).text;
        assert!(
            table.lines().next().unwrap().ends_with("PRODUCTS"),
            "{table}"
        );
        assert!(table.lines().nth(1).unwrap().ends_with('0'), "{table}");
    }
}
