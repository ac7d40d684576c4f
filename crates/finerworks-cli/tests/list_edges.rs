//! `finerworks images list` at its edges, run as a process: a page past the last one, a listing
//! that fails after some pages arrived (which page, well-formed output), and a library that
//! changes while `--all` lists it (a warning and exit status 8, or `--consistent`).

use crate::support;

use std::collections::HashSet;
use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use finerworks_mock::MockConfig;
use serde_json::{Value, json};
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
    assert!(error.starts_with("api error: http 504"), "{error}");
    assert!(error.contains(", fetching page 3"), "{error}");
    assert!(
        run.stderr.starts_with("error: api error: http 504"),
        "{run:?}"
    );
}

#[test]
fn a_stream_failure_says_which_page_failed_after_the_images_that_arrived() {
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
            first.starts_with("error: api error: http 504") && first.contains(", fetching page 3"),
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

/// A FinerWorks that gives no `count` and, once it has served page 1, loses its 3 newest images:
/// the pages after it move up by 3, so 3 images slip onto page 1, which a walk has read already.
/// One request per connection (`Connection: close`), answered on a thread.
struct Shrinking {
    base_url: String,
}

impl Shrinking {
    /// 25 images, ids 25 down to 1 (the default order), 10 a page.
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let library: Arc<Mutex<Vec<i64>>> = Arc::new(Mutex::new((1..=25).rev().collect()));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                answer(stream, &library);
            }
        });
        Self { base_url }
    }

    fn finerworks(&self) -> std::process::Command {
        let mut command = finerworks();
        command
            .env("FINERWORKS_BASE_URL", &self.base_url)
            .env("FINERWORKS_WEB_API_KEY", "web-key")
            .env("FINERWORKS_APP_KEY", "app-key");
        command
    }
}

fn answer(mut stream: TcpStream, library: &Mutex<Vec<i64>>) {
    let mut buffer = Vec::new();
    let mut chunk = [0_u8; 4096];
    let body_start = loop {
        let Ok(read) = stream.read(&mut chunk) else {
            return;
        };
        if read == 0 {
            return;
        }
        buffer.extend_from_slice(&chunk[..read]);
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..body_start]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0);
    while buffer.len() < body_start + length {
        let Ok(read) = stream.read(&mut chunk) else {
            return;
        };
        if read == 0 {
            return;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    let request: Value = serde_json::from_slice(&buffer[body_start..]).unwrap_or(Value::Null);
    let page = request["page_number"].as_u64().unwrap_or(1) as usize;
    let per_page = request["per_page"].as_u64().unwrap_or(10) as usize;
    let ids: Vec<i64> = {
        let mut library = library.lock().unwrap();
        let ids = library
            .iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .copied()
            .collect();
        if page == 1 && library.len() == 25 {
            library.drain(..3);
        }
        ids
    };
    let images: Vec<Value> = ids
        .iter()
        .map(|&id| {
            json!({"id": id, "guid": format!("00000000-0000-0000-0000-{id:012}"), "title": format!("image {id}")})
        })
        .collect();
    let body = json!({
        "status": {"success": true, "status_code": 200, "message": "", "reference_id": "00112233445566778899aabbccddeeff"},
        "images": images,
        "count": null,
    })
    .to_string();
    let _ = write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

fn ids(stdout: &str) -> Vec<i64> {
    ndjson(stdout)
        .iter()
        .map(|image| image["id"].as_i64().unwrap())
        .collect()
}

/// The walk cannot see the 3 images that slipped onto page 1, but reading page 1 again at the
/// end shows it changed: every page is printed, a warning says the listing may be incomplete,
/// and the exit status is 8.
#[test]
fn a_library_that_changed_during_all_is_printed_with_a_warning_and_exit_8() {
    let server = Shrinking::start();
    let args = [
        "images",
        "list",
        "--all",
        "--per-page",
        "10",
        "-f",
        "ndjson",
    ];
    let run = exec(&mut server.finerworks(), &args);
    assert_eq!(run.code, 8, "{run:?}");
    let listed = ids(&run.stdout);
    assert_eq!(listed.len(), 22, "{run:?}");
    assert!(
        !listed.contains(&13),
        "the walk did not see image 13: {listed:?}"
    );
    let warning = run.stderr.lines().last().unwrap();
    assert!(
        warning.starts_with(
            "warning: the listing may be incomplete: the library changed while it was listed \
             (page 1, read again at the end, holds other images)"
        ),
        "{run:?}"
    );
    assert!(warning.ends_with("(or add --consistent)"), "{run:?}");
    assert!(!run.stderr.contains("error:"), "{run:?}");

    // JSON stays one whole document, with its summary of what was printed.
    let server = Shrinking::start();
    let run = exec(
        &mut server.finerworks(),
        &["images", "list", "--all", "--per-page", "10", "-f", "json"],
    );
    assert_eq!(run.code, 8, "{run:?}");
    let document: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(document["images"].as_array().unwrap().len(), 22);
    assert!(document.get("error").is_none(), "{run:?}");
}

/// `--consistent` lists again until a listing finds nothing new: the 3 images that slipped onto
/// page 1 are printed after the first listing, each image once, and the exit status is 0.
#[test]
fn consistent_lists_again_until_the_library_settles() {
    let server = Shrinking::start();
    let run = ok(
        &mut server.finerworks(),
        &[
            "images",
            "list",
            "--all",
            "--consistent",
            "--per-page",
            "10",
            "-f",
            "ndjson",
        ],
    );
    let listed = ids(&run.stdout);
    let unique: HashSet<i64> = listed.iter().copied().collect();
    assert_eq!(
        unique.len(),
        listed.len(),
        "an image came twice: {listed:?}"
    );
    assert_eq!(unique, (1..=25).collect(), "{run:?}");
    assert_eq!(listed[22..], [15, 14, 13], "found by the second listing");
}

/// `--consistent` works with `--demo`, whose library does not change: every image once.
#[test]
fn consistent_works_with_the_demo() {
    let run = ok(
        &mut finerworks(),
        &[
            "images",
            "list",
            "--demo",
            "--all",
            "--consistent",
            "-f",
            "ndjson",
        ],
    );
    let listed: Vec<String> = ndjson(&run.stdout)
        .iter()
        .map(|image| image["guid"].as_str().unwrap().to_owned())
        .collect();
    let unique: HashSet<&String> = listed.iter().collect();
    assert_eq!(listed.len(), 320, "{run:?}");
    assert_eq!(unique.len(), 320);
    let run = exec(
        &mut finerworks(),
        &["images", "list", "--demo", "--consistent"],
    );
    assert_eq!(run.code, 2, "--consistent needs --all: {run:?}");
    let help = ok(&mut finerworks(), &["images", "list", "--help"]);
    assert!(help.stdout.contains("--consistent"), "{help:?}");
    assert!(
        help.stdout
            .contains("8  images list --all printed every page, but the library changed"),
        "{help:?}"
    );
}

#[test]
fn ctrl_c_during_all_leaves_a_closed_json_document() {
    // Each page takes a while: the signal comes while pages are still being read.
    let mock = Mock::start(
        MockConfig::new()
            .images(100)
            .latency(std::time::Duration::from_millis(300)),
    );
    let run = support::interrupted_run(
        "INT",
        &mock,
        &[
            "images",
            "list",
            "--all",
            "--per-page",
            "10",
            "--concurrency",
            "1",
            "--format",
            "json",
        ],
        3,
    );
    assert_eq!(run.code, 130, "{run:?}");
    let document: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|error| panic!("not a whole JSON document ({error}): {}", run.stdout));
    let listed = document["images"].as_array().unwrap().len();
    assert!(listed > 0 && listed < 100, "{listed} images");
    let error = document["error"].as_str().unwrap();
    assert_eq!(
        error,
        format!("interrupted after {listed} images had been listed")
    );
    assert!(run.stderr.contains(&format!("error: {error}")), "{run:?}");
}
