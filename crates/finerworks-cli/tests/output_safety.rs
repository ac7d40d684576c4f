//! What `finerworks images list` prints is safe and complete, run as a process against served
//! pages: CSV cells cannot become spreadsheet formulas, titles cannot drive or reorder the
//! terminal, JSON keeps the exact text, CSV has no column that is always empty (and reads back
//! unchanged through `images update --from`), and a narrow table says which columns it left out.

use crate::support;

use finerworks::Image as ImageDetails;
use finerworks::LibraryName;
use finerworks_mock::MockConfig;
use serde_json::Value;
use support::{Mock, finerworks, ndjson, ok};

/// Titles a hostile or careless uploader could give.
const TITLES: [&str; 6] = [
    "=HYPERLINK(\"http://x\")",
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(A1:A9)",
    "invoice\u{202E}gpj.exe",
    "Evil\u{1b}[31m\nTitle\u{2066}x\u{2069}",
];

/// A mock serving only the images with `TITLES`, and their GUIDs.
fn mock_with_titles() -> (Mock, String) {
    let mock = Mock::start(MockConfig::new().images(0));
    let images = TITLES
        .iter()
        .map(|title| ImageDetails {
            title: Some((*title).to_owned()),
            ..Default::default()
        })
        .collect();
    let stored = mock.server.insert_images(LibraryName::Inventory, images);
    let guids: Vec<String> = stored
        .iter()
        .map(|image| image.guid.unwrap().to_string())
        .collect();
    (mock, guids.join(","))
}

#[test]
fn csv_cells_that_would_be_formulas_start_with_a_quote() {
    let (mock, guids) = mock_with_titles();
    let run = ok(
        &mut mock.finerworks(),
        &[
            "images",
            "list",
            "--guid",
            &guids,
            "--sort",
            "id",
            "--direction",
            "asc",
            "-f",
            "csv",
        ],
    );
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let titles: Vec<String> = reader
        .records()
        .map(|row| row.unwrap()[1].to_owned())
        .collect();
    assert_eq!(
        titles,
        [
            "'=HYPERLINK(\"http://x\")",
            "'+cmd|' /C calc'!A0",
            "'-1+1",
            "'@SUM(A1:A9)",
            TITLES[4],
            TITLES[5],
        ]
    );
}

#[test]
fn the_table_shows_no_control_characters_and_no_bidi_controls() {
    let (mock, guids) = mock_with_titles();
    let run = ok(
        mock.finerworks().env("COLUMNS", "160"),
        &[
            "images",
            "list",
            "--guid",
            &guids,
            "--sort",
            "id",
            "--direction",
            "asc",
        ],
    );
    for forbidden in ['\u{1b}', '\u{202E}', '\u{2066}', '\u{2069}'] {
        assert!(
            !run.stdout.contains(forbidden),
            "{forbidden:?}: {:?}",
            run.stdout
        );
    }
    // A header, six rows, a blank line and the summary: the newline in a title broke no row.
    assert_eq!(run.stdout.lines().count(), 9, "{:?}", run.stdout);
    assert!(run.stdout.contains("invoicegpj.exe"), "{}", run.stdout);
    assert!(run.stdout.contains("Evil [31m Titlex"), "{}", run.stdout);
}

#[test]
fn json_and_ndjson_keep_the_exact_text() {
    let (mock, guids) = mock_with_titles();
    let args = [
        "images",
        "list",
        "--guid",
        &guids,
        "--sort",
        "id",
        "--direction",
        "asc",
    ];
    let run = ok(
        &mut mock.finerworks(),
        &[&args[..], &["-f", "ndjson"]].concat(),
    );
    let titles: Vec<Value> = ndjson(&run.stdout)
        .iter()
        .map(|image| image["title"].clone())
        .collect();
    assert_eq!(titles, TITLES.map(Value::from));
    let run = ok(
        &mut mock.finerworks(),
        &[&args[..], &["-f", "json"]].concat(),
    );
    let document: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(document["images"][0]["title"], TITLES[0]);
    assert_eq!(document["images"][5]["title"], TITLES[5]);
}

#[test]
fn csv_has_a_product_count_column_only_when_products_were_asked_for() {
    let header = |extra: &[&str]| {
        let mut args = vec!["images", "list", "--demo", "--per-page", "3", "-f", "csv"];
        args.extend_from_slice(extra);
        let run = ok(&mut finerworks(), &args);
        let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
        let header = reader.headers().unwrap().clone();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        (header, rows)
    };
    let (without, rows) = header(&[]);
    assert_eq!(without.len(), 9, "{without:?}");
    assert!(!without.iter().any(|column| column == "product_count"));
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|row| row.len() == 9));
    let (with, rows) = header(&["--products"]);
    assert_eq!(with.iter().next_back(), Some("product_count"));
    assert_eq!(rows.len(), 3);
    assert!(
        rows.iter().all(|row| row[9].parse::<usize>().is_ok()),
        "{rows:?}"
    );
}

#[test]
fn a_narrow_table_says_which_columns_it_left_out() {
    let run = ok(
        finerworks().env("COLUMNS", "70"),
        &["images", "list", "--demo", "--per-page", "3"],
    );
    let note = run
        .stderr
        .lines()
        .find(|line| line.starts_with("note: the table leaves out"))
        .unwrap_or_else(|| panic!("a note: {run:?}"));
    assert!(
        note.starts_with(
            "note: the table leaves out FILE NAME, SIZE, PIXELS, ACTIVE to fit 70 columns \
             (it shows every column from 111 columns"
        ),
        "{note}"
    );
    for line in run.stdout.lines() {
        assert!(line.chars().count() <= 70, "{line}");
    }
    // Wide enough: every column, no note.
    let run = ok(
        finerworks().env("COLUMNS", "160"),
        &["images", "list", "--demo", "--per-page", "3"],
    );
    assert!(!run.stderr.contains("leaves out"), "{run:?}");
    assert!(run.stdout.starts_with("TITLE "), "{run:?}");
    assert!(run.stdout.lines().next().unwrap().contains("FILE NAME"));
}

/// The guard is for spreadsheets only: `images update --from` reads the CSV back as the API
/// wrote it, so sending a listing back unedited changes no title.
#[test]
fn guarded_csv_cells_are_read_back_as_the_api_wrote_them() {
    let (mock, guids) = mock_with_titles();
    let run = ok(
        &mut mock.finerworks(),
        &["images", "list", "--guid", &guids, "-f", "csv"],
    );
    let dir = support::TempDir::new();
    let path = dir.file("listed.csv", &run.stdout);
    let run = ok(
        &mut mock.finerworks(),
        &["images", "update", "--from", &path, "-f", "ndjson"],
    );
    let mut sent: Vec<Value> = ndjson(&run.stdout)
        .iter()
        .map(|image| image["title"].clone())
        .collect();
    sent.sort_by_key(ToString::to_string);
    let mut expected = TITLES.map(Value::from).to_vec();
    expected.sort_by_key(ToString::to_string);
    assert_eq!(sent, expected, "{run:?}");
}
