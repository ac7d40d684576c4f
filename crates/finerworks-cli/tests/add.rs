//! `finerworks images add` run as a process: images from JSON, NDJSON and CSV files, from stdin
//! and from flags; bad rows named by line and field before anything is sent; and a batch that
//! fails reported with its rows and whether they may have been added.

use crate::support;

use finerworks_mock::{Fault, MockConfig};
use serde_json::Value;
use support::{
    Mock, TempDir, exec, exec_with_stdin, finerworks, new_image, new_image_csv, new_image_ndjson,
    ok, titles,
};

fn images(range: std::ops::Range<usize>) -> Vec<Value> {
    range.map(new_image).collect()
}

fn expected_titles(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|n| format!("Test image {n}")).collect()
}

/// The titles of the mock's inventory that the tests made.
fn titles_in_library(mock: &Mock) -> Vec<String> {
    let mut titles: Vec<String> = mock
        .server
        .inventory()
        .into_iter()
        .filter_map(|image| image.title)
        .filter(|title| title.starts_with("Test image "))
        .collect();
    titles.sort_by_key(|title| title[11..].parse::<usize>().unwrap());
    titles
}

#[test]
fn a_json_array_file_is_added_and_printed_in_order() {
    let mock = Mock::start(MockConfig::new().images(10));
    let dir = TempDir::new();
    // 12 images: three batches, the last one short.
    let json = serde_json::to_string_pretty(&images(0..12)).unwrap();
    let path = dir.file("images.json", &json);
    let run = ok(
        &mut mock.finerworks(),
        &["images", "add", "--from", &path, "--format", "ndjson"],
    );
    assert_eq!(titles(&run.stdout), expected_titles(0..12));
    let added = support::ndjson(&run.stdout);
    assert!(added.iter().all(|image| image["guid"].is_string()));
    assert_eq!(added[3]["pix_w"], 1603);
    assert_eq!(titles_in_library(&mock), expected_titles(0..12));
}

#[test]
fn ndjson_and_csv_files_are_read_by_their_extension() {
    let mock = Mock::start(MockConfig::new().images(10));
    let dir = TempDir::new();
    let ndjson = dir.file("batch.ndjson", &new_image_ndjson(&images(0..3)));
    let jsonl = dir.file("batch.jsonl", &new_image_ndjson(&images(3..4)));
    let csv = dir.file("batch.csv", &new_image_csv(&images(4..7)));
    for path in [&ndjson, &jsonl, &csv] {
        ok(&mut mock.finerworks(), &["images", "add", "--from", path]);
    }
    assert_eq!(titles_in_library(&mock), expected_titles(0..7));

    // The table ends with what was done.
    let run = ok(&mut mock.finerworks(), &["images", "add", "--from", &csv]);
    assert!(run.stdout.ends_with("\nadded 3 images\n"), "{}", run.stdout);
    assert!(run.stdout.contains("Test image 5"), "{}", run.stdout);
}

#[test]
fn stdin_is_read_in_the_format_given_or_the_one_it_looks_like() {
    let mock = Mock::start(MockConfig::new().images(10));
    let csv = new_image_csv(&images(0..2));
    for args in [
        &["images", "add", "--from", "-", "--format", "json"][..],
        &[
            "images",
            "add",
            "--from",
            "-",
            "--input-format",
            "csv",
            "--format",
            "json",
        ],
    ] {
        let run = exec_with_stdin(&mut mock.finerworks(), args, &csv);
        assert_eq!(run.code, 0, "{run:?}");
        let document: Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(document["count"], 2, "{document}");
        assert_eq!(document["images"][1]["title"], "Test image 1");
    }
    let json = serde_json::to_string(&images(2..3)).unwrap();
    let run = exec_with_stdin(
        &mut mock.finerworks(),
        &["images", "add", "--from", "-", "--format", "ndjson"],
        &json,
    );
    assert_eq!(titles(&run.stdout), ["Test image 2"], "{run:?}");
}

#[test]
fn one_image_from_flags_takes_its_file_names_from_the_urls() {
    let mock = Mock::start(MockConfig::new().images(10));
    let run = ok(
        &mut mock.finerworks(),
        &[
            "images",
            "add",
            "--title",
            "Harbor at dawn",
            "--description",
            "Oil on canvas",
            "--thumbnail",
            "https://cdn.example.com/art/harbor_thumb.jpg",
            "--preview",
            "https://cdn.example.com/art/harbor_preview.jpg",
            "--hires",
            "https://files.example.com/private/harbor.tif?token=abc",
            "--file-size",
            "11000024",
            "--width",
            "1600",
            "--height",
            "2400",
            "--format",
            "ndjson",
        ],
    );
    let added = support::ndjson(&run.stdout);
    assert_eq!(added.len(), 1);
    let image = &added[0];
    assert_eq!(image["title"], "Harbor at dawn");
    assert_eq!(image["description"], "Oil on canvas");
    assert_eq!(image["thumbnail_file_name"], "harbor_thumb.jpg");
    assert_eq!(image["hires_file_name"], "harbor.tif");
    assert_eq!(image["file_name"], "harbor.tif");
    assert_eq!(image["file_size"], 11_000_024);
    assert_eq!(
        (&image["pix_w"], &image["pix_h"]),
        (&1600.into(), &2400.into())
    );
}

#[test]
fn missing_flags_are_named_and_nothing_is_sent() {
    let mock = Mock::start(MockConfig::new().images(10));
    let run = exec(
        &mut mock.finerworks(),
        &["images", "add", "--title", "x", "--width", "10"],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.starts_with(
            "error: the image to add needs --thumbnail, --preview, --hires, --file-size, --height\n"
        ),
        "{run:?}"
    );
    let run = exec(&mut mock.finerworks(), &["images", "add"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("--from FILE"), "{run:?}");
    // A value that breaks a rule is named by its flag.
    let run = exec(
        &mut mock.finerworks(),
        &[
            "images",
            "add",
            "--thumbnail",
            "https://x.example/t.jpg",
            "--preview",
            "ftp://x.example/p.jpg",
            "--hires",
            "https://x.example/h.tif",
            "--file-size",
            "10",
            "--width",
            "10",
            "--height",
            "10",
        ],
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert_eq!(
        run.stderr,
        "error: --preview must be an http or https URL (got `ftp://x.example/p.jpg`)\n"
    );
    assert_eq!(mock.server.request_count(), 0, "nothing was sent");
}

#[test]
fn a_bad_row_is_named_by_line_and_field_and_nothing_is_sent() {
    let mock = Mock::start(MockConfig::new().images(10));
    let dir = TempDir::new();
    let mut rows = images(0..8);
    rows[6]["pix_w"] = 0.into();
    let cases = [
        // CSV: the header is line 1, so the 7th image is on line 8.
        (
            dir.file("bad.csv", &new_image_csv(&rows)),
            "bad.csv line 8: pix_w must be between 1 and 2147483647 (got 0)",
        ),
        (
            dir.file("bad.ndjson", &new_image_ndjson(&rows)),
            "bad.ndjson line 7: pix_w must be between 1 and 2147483647 (got 0)",
        ),
        // Pretty-printed: each object takes 14 lines after the `[`.
        (
            dir.file("bad.json", &serde_json::to_string_pretty(&rows).unwrap()),
            "bad.json line 86 (index 6): pix_w must be between 1 and 2147483647 (got 0)",
        ),
    ];
    for (path, message) in &cases {
        let run = exec(&mut mock.finerworks(), &["images", "add", "--from", path]);
        assert_eq!(run.code, 3, "{run:?}");
        assert!(run.stdout.is_empty(), "{run:?}");
        let first = run.stderr.lines().next().unwrap();
        assert!(
            first.starts_with("error: ") && first.ends_with(message),
            "{first}"
        );
    }

    // A value of the wrong type, a misspelt column, a row that is not JSON.
    let mut typed = images(0..3);
    typed[1]["file_size"] = "large".into();
    let misspelt = new_image_csv(&images(0..2)).replacen("pix_w", "pixw", 1);
    for (name, text, message) in [
        (
            "typed.ndjson",
            new_image_ndjson(&typed),
            "typed.ndjson line 2: file_size cannot be read: invalid type: string \"large\"",
        ),
        (
            "misspelt.csv",
            misspelt,
            "misspelt.csv line 1: pixw is not a field of images (the fields are title, \
             description, file_name",
        ),
        (
            "broken.ndjson",
            format!("{}{{\"title\": \n", new_image_ndjson(&images(0..2))),
            "broken.ndjson line 3: EOF while parsing",
        ),
    ] {
        let path = dir.file(name, &text);
        let run = exec(&mut mock.finerworks(), &["images", "add", "--from", &path]);
        assert_eq!(run.code, 3, "{run:?}");
        assert!(run.stderr.contains(message), "{message}: {run:?}");
    }
    let run = exec(
        &mut mock.finerworks(),
        &["images", "add", "--from", "/no/such/file.csv"],
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stderr
            .starts_with("error: cannot read /no/such/file.csv: "),
        "{run:?}"
    );
    assert_eq!(mock.server.request_count(), 0, "nothing was sent");
}

/// The spec requires most fields of an image to add: a row without one (left out, `null`, an
/// empty CSV cell, or no such column at all) is refused while the file is read, naming the field
/// and the row, and nothing is sent.
#[test]
fn a_row_without_a_required_field_is_named_and_nothing_is_sent() {
    let mock = Mock::start(MockConfig::new().images(10));
    let dir = TempDir::new();
    let mut rows = images(0..4);
    rows[2]["hires_file_name"] = Value::Null;
    let mut left_out = images(0..3);
    left_out[1].as_object_mut().unwrap().remove("pix_h");
    let no_column = new_image_csv(&images(0..2)).replacen(",pix_h", "", 1);
    let no_column: String = no_column
        .lines()
        .enumerate()
        .map(|(index, line)| match index {
            0 => format!("{line}\n"),
            _ => format!("{}\n", &line[..line.rfind(',').unwrap()]),
        })
        .collect();
    for (name, text, message) in [
        (
            "null.csv",
            new_image_csv(&rows),
            "line 4: hires_file_name is required",
        ),
        (
            "null.ndjson",
            new_image_ndjson(&rows),
            "line 3: hires_file_name is required",
        ),
        (
            "left_out.json",
            serde_json::to_string(&left_out).unwrap(),
            "line 1 (index 1): pix_h is required",
        ),
        (
            "no_column.csv",
            no_column,
            "line 1: pix_h is required: the header has no such column (images have title, \
             description, file_name, file_size, thumbnail_file_name, preview_file_name, \
             hires_file_name, public_thumbnail_uri, public_preview_uri, private_hires_uri, pix_w, \
             pix_h)",
        ),
    ] {
        let path = dir.file(name, &text);
        let run = exec(&mut mock.finerworks(), &["images", "add", "--from", &path]);
        assert_eq!(run.code, 3, "{run:?}");
        assert!(run.stdout.is_empty(), "{run:?}");
        assert_eq!(run.stderr, format!("error: {path} {message}\n"));
    }
    assert_eq!(mock.server.request_count(), 0, "nothing was sent");
}

#[test]
fn a_batch_of_unknown_fate_is_listed_and_the_others_are_printed() {
    for fault in [Fault::GatewayTimeout, Fault::DropConnection] {
        let mock = Mock::start(MockConfig::new().images(10));
        let dir = TempDir::new();
        let path = dir.file("images.csv", &new_image_csv(&images(0..12)));
        // One batch at a time: the first batch (rows 1 to 5) meets the fault.
        mock.server.faults().push(fault.clone());
        let run = exec(
            &mut mock.finerworks(),
            &[
                "images",
                "add",
                "--from",
                &path,
                "--concurrency",
                "1",
                "--format",
                "ndjson",
            ],
        );
        assert_eq!(run.code, 7, "{fault:?}: {run:?}");
        // The two other batches went in, and are printed.
        assert_eq!(titles(&run.stdout), expected_titles(5..12), "{run:?}");
        assert_eq!(titles_in_library(&mock), expected_titles(5..12));
        let lines: Vec<&str> = run.stderr.lines().collect();
        assert_eq!(
            lines[0],
            "error: adding stopped short: 7 of 12 images added, 5 may or may not have been added",
            "{run:?}"
        );
        assert!(
            lines[1].starts_with("  5 images may or may not have been added: "),
            "{run:?}"
        );
        for n in 0..5 {
            let row = format!(
                "    {path} line {}: \"Test image {n}\" (test_{n}.tif)",
                n + 2
            );
            assert_eq!(lines[2 + n], row, "{run:?}");
        }
        assert!(
            lines[7].starts_with("hint: ") && lines[7].contains("before sending them again"),
            "{run:?}"
        );
    }
}

#[test]
fn a_batch_refused_before_it_was_acted_on_is_not_added() {
    let mock = Mock::start(MockConfig::new().images(10));
    let dir = TempDir::new();
    let path = dir.file(
        "images.json",
        &serde_json::to_string(&images(0..7)).unwrap(),
    );
    // 503: FinerWorks did not act on it (and no retry is allowed).
    mock.server
        .faults()
        .push("503".parse::<Fault>().expect("a fault"));
    let run = exec(
        &mut mock.finerworks(),
        &[
            "images",
            "add",
            "--from",
            &path,
            "--concurrency",
            "1",
            "--retries",
            "0",
        ],
    );
    assert_eq!(run.code, 7, "{run:?}");
    assert!(run.stdout.ends_with("\nadded 2 of 7 images\n"), "{run:?}");
    // After the note that the 100-column table leaves out the file names.
    let (note, error) = run.stderr.split_once('\n').unwrap();
    assert!(
        note.starts_with("note: the table leaves out FILE NAME"),
        "{run:?}"
    );
    assert!(
        error.starts_with(
            "error: adding stopped short: 2 of 7 images added, 5 not added\n  5 images not added: "
        ),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("line 1 (index 0): \"Test image 0\""),
        "{run:?}"
    );
    assert!(run.stderr.contains("can be sent again"), "{run:?}");
}

#[test]
fn when_nothing_was_added_the_error_is_that_of_the_call() {
    let mock = Mock::start(MockConfig::new().images(10));
    let dir = TempDir::new();
    let path = dir.file("images.ndjson", &new_image_ndjson(&images(0..3)));
    let run = exec(
        mock.finerworks()
            .env("FINERWORKS_APP_KEY", "a-wrong-app-key"),
        &["images", "add", "--from", &path],
    );
    assert_eq!(run.code, 4, "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(
        run.stderr
            .starts_with("note: none of the 3 images were added\nerror: unauthorized: "),
        "{run:?}"
    );
}

#[test]
fn the_demo_adds_to_its_own_library() {
    let dir = TempDir::new();
    let path = dir.file("images.csv", &new_image_csv(&images(0..2)));
    let run = ok(
        &mut finerworks(),
        &["images", "add", "--demo", "--from", &path],
    );
    assert!(run.stdout.ends_with("\nadded 2 images\n"), "{run:?}");
    assert!(run.stdout.contains("Test image 1"), "{run:?}");
}

#[test]
fn help_explains_each_flag() {
    let run = ok(&mut finerworks(), &["images", "add", "--help"]);
    for text in [
        "--from <FILE>",
        "'-' for stdin",
        "--input-format <FORMAT>",
        "--title <TEXT>",
        "--description <TEXT>",
        "--thumbnail <URL>",
        "--preview <URL>",
        "--hires <URL>",
        "--file-size <BYTES>",
        "--width <PIXELS>",
        "--height <PIXELS>",
        "--file-name <NAME>",
        "--thumbnail-name <NAME>",
        "--preview-name <NAME>",
        "--hires-name <NAME>",
        "--concurrency <N>",
        "batches of 5 images",
        "--format <FORMAT>",
        "--library <LIBRARY>",
        "\"not added\" (safe to send again)",
        "\"may or may not have",
        "7  stopped short: images add added some images",
        "--report <FILE>",
        "--wait [<SECONDS>]",
        "130  interrupted by Ctrl-C",
    ] {
        assert!(run.stdout.contains(text), "--help lacks {text:?}");
    }
}

#[test]
fn ctrl_c_or_sigterm_stops_the_add_and_leaves_a_report() {
    for signal in ["INT", "TERM"] {
        // Each call takes a minute: the first two are in flight when the signal comes.
        let mock = Mock::start(
            MockConfig::new()
                .images(10)
                .latency(std::time::Duration::from_secs(60)),
        );
        let dir = TempDir::new();
        let path = dir.file("images.csv", &new_image_csv(&images(0..20)));
        let report = dir.file("report.json", "");
        let run = support::interrupted_run(
            signal,
            &mock,
            &[
                "images",
                "add",
                "--from",
                &path,
                "--concurrency",
                "2",
                "--format",
                "ndjson",
                "--report",
                &report,
            ],
            2,
        );
        assert_eq!(run.code, 130, "{signal}: {run:?}");
        assert_eq!(run.stdout, "", "{run:?}");
        let lines: Vec<&str> = run.stderr.lines().collect();
        assert_eq!(
            lines[0],
            "error: interrupted: 0 of 20 images added, 10 may or may not have been added, 10 not \
             added",
            "{run:?}"
        );
        assert!(
            run.stderr.contains(
                "5 images may or may not have been added: interrupted while the call was in flight"
            ),
            "{run:?}"
        );
        assert!(
            run.stderr
                .contains("5 images not added: interrupted before the call was sent"),
            "{run:?}"
        );
        assert!(
            run.stderr
                .contains(&format!("{path} line 21: \"Test image 19\"")),
            "{run:?}"
        );
        // No call was sent after the signal.
        assert_eq!(mock.server.request_count(), 2);
        let report: Value =
            serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
        assert_eq!(report["interrupted"], true);
        assert_eq!(
            (&report["added"], &report["unknown"], &report["not_added"]),
            (&Value::from(0), &Value::from(10), &Value::from(10))
        );
        let entries = report["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 20);
        assert_eq!(entries[0]["fate"], "unknown");
        assert_eq!(entries[0]["input"], format!("{path} line 2"));
        assert_eq!(entries[0]["fields"]["title"], "Test image 0");
        assert_eq!(entries[19]["fate"], "not_added");
        assert_eq!(entries[19]["fields"]["file_name"], "test_19.tif");
    }
}

#[test]
fn the_report_says_which_images_were_added_and_which_may_have_been() {
    let mock = Mock::start(MockConfig::new().images(10));
    let dir = TempDir::new();
    let path = dir.file(
        "images.json",
        &serde_json::to_string(&images(0..7)).unwrap(),
    );
    let report = dir.file("report.json", "");
    mock.server.faults().push(Fault::GatewayTimeout);
    let run = exec(
        &mut mock.finerworks(),
        &[
            "images",
            "add",
            "--from",
            &path,
            "--concurrency",
            "1",
            "--format",
            "ndjson",
            "--report",
            &report,
        ],
    );
    assert_eq!(run.code, 7, "{run:?}");
    let added = support::ndjson(&run.stdout);
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(report["interrupted"], false);
    let entries = report["entries"].as_array().unwrap();
    let fates: Vec<&str> = entries
        .iter()
        .map(|e| e["fate"].as_str().unwrap())
        .collect();
    assert_eq!(
        fates,
        [
            "unknown", "unknown", "unknown", "unknown", "unknown", "added", "added"
        ]
    );
    assert!(
        entries[0]["error"].as_str().unwrap().contains("504"),
        "{report}"
    );
    assert_eq!(entries[5]["guid"], added[0]["guid"]);
    assert_eq!(entries[6]["guid"], added[1]["guid"]);
}

#[test]
fn the_hint_finds_images_without_a_title_by_upload_date() {
    let mock = Mock::start(MockConfig::new().images(10));
    let dir = TempDir::new();
    let mut untitled = new_image(0);
    untitled.as_object_mut().unwrap().remove("title");
    let path = dir.file("images.json", &serde_json::to_string(&[untitled]).unwrap());
    mock.server.faults().push(Fault::GatewayTimeout);
    let run = exec(&mut mock.finerworks(), &["images", "add", "--from", &path]);
    assert_eq!(run.code, 7, "{run:?}");
    assert!(
        run.stderr.contains("(test_0.tif)") || run.stderr.contains("test_0.tif"),
        "{run:?}"
    );
    let today = chrono::Local::now().date_naive().to_string();
    assert!(
        run.stderr.contains(&format!(
            "images list --uploaded-from {today} --all --format csv"
        )),
        "{run:?}"
    );
}

#[test]
fn wait_returns_once_the_new_images_are_listed() {
    let mock = Mock::start(
        MockConfig::new()
            .images(10)
            .indexing_delay(std::time::Duration::from_secs(3)),
    );
    let dir = TempDir::new();
    let path = dir.file(
        "images.json",
        &serde_json::to_string(&images(0..3)).unwrap(),
    );
    let run = ok(
        &mut mock.finerworks(),
        &[
            "images", "add", "--from", &path, "--format", "ndjson", "--wait", "30",
        ],
    );
    assert_eq!(titles(&run.stdout), expected_titles(0..3));
    assert!(
        run.stderr
            .contains("waiting until FinerWorks lists the 3 images added"),
        "{run:?}"
    );
    // The images were listed before the command returned: a listing right away finds them.
    let listed = ok(
        &mut mock.finerworks(),
        &[
            "images",
            "list",
            "--search",
            "Test image",
            "--format",
            "ndjson",
        ],
    );
    assert_eq!(support::ndjson(&listed.stdout).len(), 3, "{listed:?}");
    // Without the wait, they would not have been listed yet: the indexing delay is real.
    let run = ok(
        &mut mock.finerworks(),
        &["images", "add", "--from", &path, "--format", "ndjson"],
    );
    assert_eq!(titles(&run.stdout).len(), 3);
    let listed = ok(
        &mut mock.finerworks(),
        &[
            "images",
            "list",
            "--search",
            "Test image",
            "--format",
            "ndjson",
        ],
    );
    assert_eq!(support::ndjson(&listed.stdout).len(), 3, "{listed:?}");
}

#[test]
fn wait_gives_up_after_its_time_and_still_prints_the_images_added() {
    let mock = Mock::start(
        MockConfig::new()
            .images(10)
            .indexing_delay(std::time::Duration::from_secs(60)),
    );
    let dir = TempDir::new();
    let path = dir.file(
        "images.json",
        &serde_json::to_string(&images(0..2)).unwrap(),
    );
    let run = exec(
        &mut mock.finerworks(),
        &[
            "images", "add", "--from", &path, "--format", "ndjson", "--wait", "1",
        ],
    );
    assert_ne!(run.code, 0, "{run:?}");
    assert_eq!(titles(&run.stdout), expected_titles(0..2));
    assert!(
        run.stderr.contains("2 image(s) still not listed"),
        "{run:?}"
    );
}
