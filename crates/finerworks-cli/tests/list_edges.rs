//! `finerworks images list` at its edges, run as a process: a page past the last one, and a
//! listing that fails after some pages arrived (which page, how many images, well-formed output).

mod support;

use finerworks_mock::MockConfig;
use serde_json::Value;
use support::{Mock, exec, finerworks, ndjson, ok};

/// A mock of 40 images whose seeded random failures (half of the calls) let pages 1 and 2
/// through, then fail page 3 (a 504), when pages of 10 are fetched one at a time.
fn failing_at_page_3() -> Mock {
    Mock::start(MockConfig::new().images(40).seed(3).random_faults(0.5, 37))
}

const ONE_AT_A_TIME: [&str; 9] = [
    "images",
    "list",
    "--all",
    "--per-page",
    "10",
    "--concurrency",
    "1",
    "--retries",
    "0",
];

#[test]
fn json_cut_short_by_a_failure_is_still_one_document() {
    let mock = failing_at_page_3();
    let mut args = ONE_AT_A_TIME.to_vec();
    args.extend(["--format", "json"]);
    let run = exec(&mut mock.finerworks(), &args);
    assert_eq!(run.code, 5, "an API error: {run:?}");
    let document: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|error| panic!("stdout is JSON ({error}): {}", run.stdout));
    assert_eq!(document["images"].as_array().unwrap().len(), 20, "{run:?}");
    let error = document["error"].as_str().expect("an error member");
    assert!(
        error.starts_with("page 3 failed after 20 image(s) had been listed"),
        "{error}"
    );
    assert!(
        run.stderr.starts_with(
            "error: page 3 failed after 20 image(s) had been listed: api error: http 504"
        ),
        "{run:?}"
    );
}

#[test]
fn a_stream_failure_says_which_page_failed_and_how_many_images_arrived() {
    for format in ["ndjson", "csv"] {
        let mock = failing_at_page_3();
        let mut args = ONE_AT_A_TIME.to_vec();
        args.extend(["--format", format]);
        let run = exec(&mut mock.finerworks(), &args);
        assert_eq!(run.code, 5, "{format}: {run:?}");
        // The 20 images of the pages that arrived are out, each whole.
        let rows = match format {
            "ndjson" => ndjson(&run.stdout).len(),
            _ => run.stdout.lines().count() - 1,
        };
        assert_eq!(rows, 20, "{format}: {run:?}");
        let first = run.stderr.lines().next().unwrap();
        assert!(
            first.starts_with("error: page 3 failed after 20 image(s) had been listed: "),
            "{format}: {run:?}"
        );
    }
}

#[test]
fn a_page_past_the_end_is_not_an_error_and_says_how_many_pages_there_are() {
    let run = ok(
        &mut finerworks(),
        &["images", "list", "--demo", "--page", "40"],
    );
    assert!(
        run.stderr
            .contains("note: page 40 is past the end: there are 32 pages of 10 (320 images)\n"),
        "{run:?}"
    );
    assert!(
        run.stdout.ends_with("showing 0 images (page 40)\n"),
        "{run:?}"
    );

    // JSON: an empty page, and the same note.
    let run = ok(
        &mut finerworks(),
        &[
            "images",
            "list",
            "--demo",
            "--page",
            "9",
            "--per-page",
            "50",
            "-f",
            "json",
        ],
    );
    let document: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(document["images"], Value::Array(Vec::new()));
    assert!(
        run.stderr
            .contains("page 9 is past the end: there are 7 pages of 50 (320 images)"),
        "{run:?}"
    );

    // --all starting past the end: nothing to list, and the same note.
    let run = ok(
        &mut finerworks(),
        &[
            "images",
            "list",
            "--demo",
            "--all",
            "--page",
            "40",
            "--per-page",
            "10",
            "-f",
            "ndjson",
        ],
    );
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(run.stderr.contains("page 40 is past the end"), "{run:?}");

    // The last page is not past the end.
    let run = ok(
        &mut finerworks(),
        &["images", "list", "--demo", "--page", "32"],
    );
    assert!(!run.stderr.contains("past the end"), "{run:?}");
}
