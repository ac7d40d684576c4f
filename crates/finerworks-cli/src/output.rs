//! Printing rows of any [`Printable`] type (images, ...) in the four output formats, page by page
//! as they arrive (a listing) or all at once (the images added or updated).

use std::io::{self, Write};

use serde::Serialize;

use crate::cli::Format;
use crate::printable::Printable;
use crate::{run, safe, table};

/// Writes rows of `T` in one [`Format`] to `out`.
///
/// Call [`begin`](Self::begin) with the first page, [`page`](Self::page) with the rows of every
/// page (the first included), then [`end`](Self::end). JSON, NDJSON and CSV are written and
/// flushed page by page, so a whole library never sits in memory; the table is drawn at the end,
/// when the widths of all its cells are known.
pub(crate) struct Printer<W: Write, T: Printable> {
    out: W,
    format: Format,
    /// The table's width in columns.
    width: usize,
    /// The rows of the table, kept until the end.
    table: Vec<T>,
    /// How many rows are written so far (JSON needs commas between them).
    written: u64,
    /// Whether products were asked for: CSV then has the columns only they fill.
    products: bool,
}

/// What the table's summary line says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Summary {
    /// How many rows were listed.
    pub(crate) shown: u64,
    /// How many match in all, if the API said (`count`, which may be wrong).
    pub(crate) total: Option<u64>,
    /// The first and last page listed.
    pub(crate) pages: (u32, u32),
    /// The page size asked for.
    pub(crate) per_page: u32,
    /// Whether every page from the first one on was listed (`--all`).
    pub(crate) complete: bool,
}

impl Summary {
    /// One line about rows of `T`, such as `showing 10 of 250 images (page 1 of 25)`.
    ///
    /// The API's `count` is a hint that can be wrong (FinerWorks' own example says 0 beside an
    /// image), so it is shown only when it agrees with the rows: never "no images match" under a
    /// table of images.
    pub(crate) fn line<T: Printable>(&self) -> String {
        let Self {
            shown,
            total,
            pages: (first, last),
            per_page,
            complete,
        } = *self;
        let (one, many) = T::NOUN;
        let noun = |n: u64| if n == 1 { one } else { many };
        let pages = if first == last {
            format!("page {first}")
        } else {
            format!("pages {first} to {last}")
        };
        let before = u64::from(first.saturating_sub(1)) * u64::from(per_page);
        let agrees = |total: u64| {
            if complete {
                total == before + shown
            } else {
                total >= before + shown && (shown > 0 || total <= before)
            }
        };
        match total {
            _ if shown == 0 && first <= 1 => format!("no {many} match"),
            Some(total) if agrees(total) => {
                let of = if complete {
                    u64::from(last)
                } else {
                    total.div_ceil(u64::from(per_page.max(1)))
                };
                format!(
                    "showing {shown} of {total} {} ({pages} of {of})",
                    noun(total)
                )
            }
            _ => format!("showing {shown} {} ({pages})", noun(shown)),
        }
    }
}

/// The head of the JSON document; the rows follow.
#[derive(Serialize)]
struct JsonHead {
    count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    page_number: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    per_page: Option<u32>,
}

impl<W: Write, T: Printable> Printer<W, T> {
    /// A printer in `format`; a table is fitted to `width` columns.
    pub(crate) fn new(out: W, format: Format, width: usize) -> Self {
        Self {
            out,
            format,
            width,
            table: Vec::new(),
            written: 0,
            products: false,
        }
    }

    /// Says whether products were asked for (`--products`): CSV then has the columns only they
    /// fill (for images, `product_count`).
    pub(crate) fn with_products(mut self, products: bool) -> Self {
        self.products = products;
        self
    }

    /// Starts the output, once the first page is in: `total` is how many rows match, `page`
    /// the page number and size when a single page was asked for (JSON then says which).
    pub(crate) fn begin(&mut self, total: Option<u64>, page: Option<(u32, u32)>) -> io::Result<()> {
        match self.format {
            Format::Table | Format::Ndjson => Ok(()),
            Format::Json => {
                let head = JsonHead {
                    count: total,
                    page_number: page.map(|(number, _)| number),
                    per_page: page.map(|(_, size)| size),
                };
                // The head, pretty-printed, without its closing brace: the rows follow.
                let head = serde_json::to_string_pretty(&head).map_err(io::Error::other)?;
                let head = head.trim_end().trim_end_matches('}').trim_end();
                let key = serde_json::to_string(T::JSON_KEY).map_err(io::Error::other)?;
                write!(self.out, "{head},\n  {key}: [")
            }
            Format::Csv => self.csv_row(T::csv_columns(self.products)),
        }
    }

    /// Prints (or, for the table, keeps) the rows of one page, and flushes.
    pub(crate) fn page(&mut self, rows: &[T]) -> io::Result<()> {
        match self.format {
            Format::Table => {
                self.table.extend_from_slice(rows);
                return Ok(());
            }
            Format::Json => {
                for row in rows {
                    let separator = if self.written == 0 { "\n" } else { ",\n" };
                    let json = serde_json::to_string_pretty(row).map_err(io::Error::other)?;
                    self.out.write_all(separator.as_bytes())?;
                    // Nested two levels deep: indent every line. JSON strings hold no raw newline.
                    for (index, line) in json.lines().enumerate() {
                        if index > 0 {
                            self.out.write_all(b"\n")?;
                        }
                        write!(self.out, "    {line}")?;
                    }
                    self.written += 1;
                }
            }
            Format::Ndjson => {
                for row in rows {
                    serde_json::to_writer(&mut self.out, row).map_err(io::Error::from)?;
                    self.out.write_all(b"\n")?;
                }
            }
            Format::Csv => {
                let columns = T::csv_columns(self.products);
                for row in rows {
                    // Missing values are empty cells; values are written as the API wrote them.
                    let record: Vec<String> = columns
                        .iter()
                        .map(|column| row.csv_cell(column).unwrap_or_default())
                        .collect();
                    self.csv_row(&record)?;
                }
            }
        }
        self.out.flush()
    }

    /// Prints `rows` all at once (images added or updated, for instance): the JSON document's
    /// `count` is how many they are, and the table ends with `closing`.
    pub(crate) fn all(&mut self, rows: &[T], closing: &str) -> io::Result<()> {
        self.begin(Some(rows.len() as u64), None)?;
        self.page(rows)?;
        self.end(closing)
    }

    /// Finishes the output: closes the JSON document, or draws the table followed by `closing`
    /// (such as a [`Summary`] line, or "added 5 images").
    pub(crate) fn end(&mut self, closing: &str) -> io::Result<()> {
        match self.format {
            Format::Table => {
                let table = table::render(&self.table, self.width);
                self.out.write_all(table.text.as_bytes())?;
                if !table.text.is_empty() {
                    self.out.write_all(b"\n")?;
                }
                writeln!(self.out, "{closing}")?;
                if !table.left_out.is_empty() {
                    run::note(&format!(
                        "note: the table leaves out {} to fit {} columns (it shows every column \
                         from {} columns: widen the terminal or set COLUMNS; --format csv or json \
                         has every field)",
                        table.left_out.join(", "),
                        self.width,
                        table.needs
                    ));
                }
            }
            Format::Json if self.written == 0 => self.out.write_all(b"]\n}\n")?,
            Format::Json => self.out.write_all(b"\n  ]\n}\n")?,
            Format::Ndjson | Format::Csv => {}
        }
        self.out.flush()
    }

    /// Ends output that a failure cut short, so that what was written stays well-formed: the
    /// JSON document is closed, with `error` after the rows; the other formats are left as
    /// they are (their rows are complete; the table is not drawn).
    pub(crate) fn abort(&mut self, error: &str) -> io::Result<()> {
        if self.format != Format::Json {
            return self.out.flush();
        }
        let error = serde_json::to_string(error).map_err(io::Error::other)?;
        if self.written == 0 {
            write!(self.out, "],\n  \"error\": {error}\n}}\n")?;
        } else {
            write!(self.out, "\n  ],\n  \"error\": {error}\n}}\n")?;
        }
        self.out.flush()
    }

    /// The writer, with everything printed so far.
    #[cfg(test)]
    pub(crate) fn into_inner(self) -> W {
        self.out
    }

    /// One CSV row. Cells a spreadsheet would take for a formula are neutralised
    /// ([`safe::csv_cell`]).
    fn csv_row<S: AsRef<str>>(&mut self, record: &[S]) -> io::Result<()> {
        let mut writer = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(&mut self.out);
        let cells = record.iter().map(|cell| safe::csv_cell(cell.as_ref()));
        writer
            .write_record(cells.map(|cell| cell.into_owned()))
            .map_err(csv_error)?;
        writer.flush()
    }
}

/// A CSV error as the I/O error it almost always is, so that a closed pipe is still noticed.
fn csv_error(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("cannot write CSV: {other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use finerworks::Image;

    use super::*;

    fn images() -> Vec<Image> {
        let first = Image {
            id: Some(1),
            title: Some("Quiet \"Harbor\", at dusk".to_owned()),
            guid: Some("0f8fad5b-d9cb-469f-a165-70867728950e".parse().unwrap()),
            file_size: Some(100_000),
            date_added: Some("2015-09-13T20:16:25".parse().unwrap()),
            products: Some(Vec::new()),
            ..Image::default()
        };
        let second = Image {
            id: Some(2),
            active: Some(false),
            ..Image::default()
        };
        vec![first, second]
    }

    /// The summary line of a listing.
    fn summary(
        shown: u64,
        total: Option<u64>,
        pages: (u32, u32),
        per_page: u32,
        complete: bool,
    ) -> String {
        Summary {
            shown,
            total,
            pages,
            per_page,
            complete,
        }
        .line::<Image>()
    }

    #[test]
    fn summaries_say_how_much_is_shown() {
        assert_eq!(
            summary(10, Some(250), (1, 1), 10, false),
            "showing 10 of 250 images (page 1 of 25)"
        );
        assert_eq!(
            summary(250, Some(250), (1, 5), 50, true),
            "showing 250 of 250 images (pages 1 to 5 of 5)"
        );
        assert_eq!(
            summary(1, Some(1), (1, 1), 10, false),
            "showing 1 of 1 image (page 1 of 1)"
        );
        assert_eq!(summary(0, Some(0), (1, 1), 10, false), "no images match");
        assert_eq!(summary(0, None, (1, 1), 10, true), "no images match");
        assert_eq!(
            summary(3, None, (2, 2), 10, false),
            "showing 3 images (page 2)"
        );
    }

    /// `count` is a hint: when it contradicts the rows, the rows win.
    #[test]
    fn summaries_never_contradict_the_rows() {
        // FinerWorks' own example: one image, `count: 0`.
        assert_eq!(
            summary(1, Some(0), (1, 1), 10, false),
            "showing 1 image (page 1)"
        );
        // Every page listed, and `count` said less, or more, than there were.
        assert_eq!(
            summary(137, Some(50), (1, 3), 50, true),
            "showing 137 images (pages 1 to 3)"
        );
        assert_eq!(
            summary(137, Some(320), (1, 3), 50, true),
            "showing 137 images (pages 1 to 3)"
        );
        // Six pages of 25 where 50 were asked for: the pages listed are the pages there are.
        assert_eq!(
            summary(137, Some(137), (1, 6), 50, true),
            "showing 137 of 137 images (pages 1 to 6 of 6)"
        );
    }

    #[test]
    fn csv_rows_are_quoted_and_machine_readable() {
        let mut printer = Printer::new(Vec::new(), Format::Csv, 100).with_products(true);
        printer.begin(Some(2), None).unwrap();
        printer.page(&images()).unwrap();
        let text = String::from_utf8(printer.out).unwrap();
        assert_eq!(
            text,
            "id,title,guid,file_name,file_size,pix_w,pix_h,date_added,active,product_count\n\
             1,\"Quiet \"\"Harbor\"\", at dusk\",0f8fad5b-d9cb-469f-a165-70867728950e,,100000,,,2015-09-13T20:16:25,,0\n\
             2,,,,,,,,false,\n"
        );
    }

    /// Without `--products`, a `product_count` column would be empty in every row.
    #[test]
    fn csv_has_no_product_count_unless_products_were_asked_for() {
        let mut printer = Printer::new(Vec::new(), Format::Csv, 100);
        printer.begin(Some(2), None).unwrap();
        printer.page(&images()).unwrap();
        let text = String::from_utf8(printer.out).unwrap();
        assert_eq!(
            text.lines().collect::<Vec<_>>(),
            [
                "id,title,guid,file_name,file_size,pix_w,pix_h,date_added,active",
                "1,\"Quiet \"\"Harbor\"\", at dusk\",0f8fad5b-d9cb-469f-a165-70867728950e,,100000,,,2015-09-13T20:16:25,",
                "2,,,,,,,,false",
            ]
        );
    }

    #[test]
    fn csv_cells_that_would_be_formulas_are_neutralised() {
        let mut printer = Printer::new(Vec::new(), Format::Csv, 100);
        let image = Image {
            id: Some(-3),
            title: Some("=HYPERLINK(\"http://x\")".to_owned()),
            file_name: Some("@evil.tif".to_owned()),
            ..Image::default()
        };
        printer.page(&[image]).unwrap();
        let text = String::from_utf8(printer.out).unwrap();
        assert_eq!(
            text,
            "-3,\"'=HYPERLINK(\"\"http://x\"\")\",,'@evil.tif,,,,,\n"
        );
    }

    /// A listing cut short by a failure still leaves one JSON document, which says why.
    #[test]
    fn json_cut_short_is_closed_with_the_error() {
        for images in [images(), Vec::new()] {
            let mut printer = Printer::new(Vec::new(), Format::Json, 100);
            printer.begin(Some(40), None).unwrap();
            let written = images.len();
            printer.page(&images).unwrap();
            printer.abort("page 2 failed").unwrap();
            let text = String::from_utf8(printer.out).unwrap();
            let document: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(document["images"].as_array().unwrap().len(), written);
            assert_eq!(document["error"], "page 2 failed");
        }
    }

    #[test]
    fn json_streamed_image_by_image_is_the_document_serde_would_write() {
        #[derive(Serialize)]
        struct Document {
            count: Option<u64>,
            images: Vec<Image>,
        }
        for images in [images(), Vec::new()] {
            let mut printer = Printer::new(Vec::new(), Format::Json, 100);
            printer.begin(Some(2), None).unwrap();
            printer.page(&images).unwrap();
            printer.end("showing 2 of 2 images").unwrap();
            let expected = serde_json::to_string_pretty(&Document {
                count: Some(2),
                images,
            })
            .unwrap();
            assert_eq!(
                String::from_utf8(printer.out).unwrap(),
                format!("{expected}\n")
            );
        }
    }

    #[test]
    fn ndjson_is_one_compact_image_per_line() {
        let mut printer = Printer::new(Vec::new(), Format::Ndjson, 100);
        printer.page(&images()).unwrap();
        let text = String::from_utf8(printer.out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        let second: Image = serde_json::from_str(lines[1]).unwrap();
        assert_eq!(second, images()[1]);
    }
}
