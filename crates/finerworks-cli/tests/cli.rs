//! `finerworks images list` run as a process, against `--demo` and against a mock server
//! started by the test: every format, `--all`, the exit codes and what reaches the terminal (the
//! filters are in `list_filters.rs`).

use crate::support;

use std::io::{BufRead as _, BufReader};
use std::process::Stdio;

use finerworks::Image as ImageDetails;
use finerworks_mock::{Fault, MockConfig};
use serde_json::Value;
use support::{Mock, exec, finerworks, guids, guids_of, ndjson, ok};

// ---- Formats -------------------------------------------------------------------------------

#[test]
fn the_default_table_fits_100_columns_and_ends_with_a_summary() {
    let run = ok(
        &mut finerworks(),
        &["images", "list", "--demo", "--per-page", "5"],
    );
    for line in run.stdout.lines() {
        assert!(line.chars().count() <= 100, "too wide: {line:?}");
    }
    assert!(
        run.stdout
            .ends_with("\nshowing 5 of 320 images (page 1 of 64)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("demo"),
        "demo mode is announced: {}",
        run.stderr
    );
    insta::assert_snapshot!("table_100_columns", run.stdout);
}

#[test]
fn a_wide_terminal_shows_every_column_and_the_product_counts() {
    let run = ok(
        finerworks().env("COLUMNS", "160"),
        &["images", "list", "--demo", "--per-page", "5", "--products"],
    );
    let header = run.stdout.lines().next().unwrap();
    for column in [
        "TITLE",
        "GUID",
        "FILE NAME",
        "SIZE",
        "PIXELS",
        "ADDED",
        "ACTIVE",
        "PRODUCTS",
    ] {
        assert!(header.contains(column), "{header}");
    }
    insta::assert_snapshot!("table_160_columns_with_products", run.stdout);
}

#[test]
fn json_is_one_document_with_the_images_as_the_api_wrote_them() {
    let mock = Mock::start(MockConfig::new().images(40).seed(7));
    let run = ok(
        &mut mock.finerworks(),
        &[
            "images",
            "list",
            "--format",
            "json",
            "--per-page",
            "2",
            "--sort",
            "id",
            "--direction",
            "asc",
        ],
    );
    let document: Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    assert_eq!(document["count"], 40);
    assert_eq!(document["page_number"], 1);
    assert_eq!(document["per_page"], 2);
    // The first two images by id, exactly as the API's own type serializes them (without
    // products, which were not asked for).
    let expected: Vec<Value> = mock.inventory()[..2]
        .iter()
        .map(|image| {
            let image = ImageDetails {
                products: None,
                ..image.clone()
            };
            serde_json::to_value(image).unwrap()
        })
        .collect();
    assert_eq!(document["images"], Value::Array(expected));
    // The text itself: key order, indentation, timestamps with their offsets and 7 digits.
    insta::assert_snapshot!("json_two_images", run.stdout);
}

#[test]
fn json_with_all_is_one_document_with_every_image() {
    let mock = Mock::start(MockConfig::new().images(123).seed(3));
    let run = ok(
        &mut mock.finerworks(),
        &["images", "list", "--all", "--format", "json"],
    );
    let document: Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    assert_eq!(document["count"], 123);
    assert!(document.get("page_number").is_none(), "{document:#}");
    let images = document["images"].as_array().unwrap();
    assert_eq!(guids(images), guids_of(mock.inventory()));
    assert_eq!(images.len(), 123);
}

#[test]
fn ndjson_with_all_streams_every_image_exactly_once() {
    // Not a multiple of the page size, so the last page is short.
    let mock = Mock::start(MockConfig::new().images(137).seed(11));
    let run = ok(
        &mut mock.finerworks(),
        &[
            "images",
            "list",
            "--all",
            "--format",
            "ndjson",
            "--concurrency",
            "3",
        ],
    );
    let images = ndjson(&run.stdout);
    assert_eq!(images.len(), 137);
    assert_eq!(guids(&images), guids_of(mock.inventory()));
}

#[test]
fn csv_with_all_has_a_header_and_one_row_per_image() {
    let mock = Mock::start(MockConfig::new().images(75).seed(5));
    let run = ok(
        &mut mock.finerworks(),
        &[
            "images",
            "list",
            "--all",
            "--per-page",
            "20",
            "--format",
            "csv",
            "--products",
        ],
    );
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "id",
            "title",
            "guid",
            "file_name",
            "file_size",
            "pix_w",
            "pix_h",
            "date_added",
            "active",
            "product_count"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 75);
    // Machine form: bytes, pixels, the timestamp as the API wrote it, the product count.
    for row in &rows {
        let image = mock
            .inventory()
            .iter()
            .find(|image| image.guid.unwrap().to_string() == row[2])
            .expect("a listed image");
        assert_eq!(row[4], image.file_size.unwrap().to_string());
        assert_eq!(row[5], image.pix_w.unwrap().to_string());
        assert_eq!(row[6], image.pix_h.unwrap().to_string());
        assert_eq!(row[7], image.date_added.unwrap().to_string());
        assert_eq!(row[8], image.active.unwrap().to_string());
        assert_eq!(row[9], image.products.as_ref().unwrap().len().to_string());
    }
}

#[test]
fn the_readme_command_lists_the_whole_demo_library() {
    let run = ok(&mut finerworks(), &["images", "list", "--demo", "--all"]);
    assert!(
        run.stdout
            .ends_with("\nshowing 320 of 320 images (pages 1 to 7 of 7)\n"),
        "{}",
        run.stdout
    );
    // A header, 320 rows, a blank line and the summary.
    assert_eq!(run.stdout.lines().count(), 1 + 320 + 2);
}

// ---- Errors and exit codes -----------------------------------------------------------------

#[test]
fn a_malformed_command_line_exits_with_2() {
    for args in [
        &["images", "list", "--no-such-flag"][..],
        &["images", "list", "--active", "--inactive"],
        &["images", "list", "--guid", "not-a-guid"],
        &["images", "list", "--uploaded-from", "2025-02-30"],
        &["images", "list", "--sort", "colour"],
        &["images", "list", "--demo", "--timeout", "0"],
        &[
            "images",
            "list",
            "--demo",
            "--base-url",
            "http://127.0.0.1:9",
        ],
        &["images"],
    ] {
        let run = exec(&mut finerworks(), args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        // An error, or the usage of a command given without its subcommand.
        assert!(
            run.stderr.starts_with("error: ") || run.stderr.contains("Usage:"),
            "{run:?}"
        );
        assert!(run.stdout.is_empty(), "{run:?}");
    }
}

#[test]
fn values_that_break_a_rule_exit_with_3_before_anything_is_sent() {
    let mock = Mock::start(MockConfig::new().images(20));
    for (args, flag) in [
        (&["--per-page", "51"][..], "per_page"),
        (&["--per-page", "0"], "per_page"),
        (&["--page", "0"], "page_number"),
        (
            &[
                "--uploaded-from",
                "2025-02-01",
                "--uploaded-to",
                "2025-01-01",
            ],
            "upload_date_from",
        ),
        (
            &["--library", "temporary", "--session-id", "short"],
            "--session-id",
        ),
        (&["--all", "--concurrency", "0"], "concurrency"),
    ] {
        let mut all = vec!["images", "list"];
        all.extend_from_slice(args);
        let run = exec(&mut mock.finerworks(), &all);
        assert_eq!(run.code, 3, "{args:?}: {run:?}");
        let first = run.stderr.lines().next().unwrap();
        assert!(
            first.starts_with("error: ") && first.contains(flag),
            "{run:?}"
        );
        assert!(run.stderr.contains("hint: "), "{run:?}");
        assert!(run.stdout.is_empty(), "{run:?}");
    }
    assert_eq!(mock.server.request_count(), 0, "nothing was sent");
}

#[test]
fn missing_keys_exit_with_3_and_say_what_to_set() {
    let run = exec(&mut finerworks(), &["images", "list"]);
    assert_eq!(run.code, 3, "{run:?}");
    assert_eq!(
        run.stderr,
        "error: no API keys: set FINERWORKS_WEB_API_KEY and FINERWORKS_APP_KEY, or pass \
         --web-api-key and --app-key\nhint: to try finerworks without an account, add --demo\n"
    );
}

#[test]
fn refused_keys_exit_with_4_and_hint_at_the_variables() {
    let mock = Mock::start(MockConfig::new().images(20));
    let run = exec(
        mock.finerworks()
            .env("FINERWORKS_APP_KEY", "0d9c1e4e-wrong-app-key"),
        &["images", "list"],
    );
    assert_eq!(run.code, 4, "{run:?}");
    assert!(run.stderr.starts_with("error: unauthorized: "), "{run:?}");
    assert!(
        run.stderr.contains("hint: ") && run.stderr.contains("FINERWORKS_APP_KEY"),
        "{run:?}"
    );
    assert!(!run.stderr.contains("wrong-app-key"), "{run:?}");
}

#[test]
fn api_failures_exit_with_5_and_quote_the_reference_id_once() {
    let mock = Mock::start(MockConfig::new().images(20));
    mock.server.faults().push(Fault::Unsuccessful);
    let run = exec(&mut mock.finerworks(), &["images", "list"]);
    assert_eq!(run.code, 5, "{run:?}");
    let first = run.stderr.lines().next().unwrap();
    assert!(first.starts_with("error: api error: "), "{first}");
    assert_eq!(first.matches("reference id").count(), 1, "{first}");
    let id = first
        .rsplit("reference id ")
        .next()
        .unwrap()
        .trim_end_matches(')');
    assert!(
        id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit()),
        "{first}"
    );

    mock.server.faults().push(Fault::MalformedJson);
    let run = exec(
        &mut mock.finerworks(),
        &["images", "list", "--format", "json"],
    );
    assert_eq!(run.code, 5, "{run:?}");
    assert!(
        run.stderr.starts_with("error: cannot decode the response"),
        "{run:?}"
    );
    assert!(run.stdout.is_empty(), "{run:?}");
}

/// A server that answers one request with HTTP 400 and the JSON `body`: its URL, and a handle
/// that ends once it answered. FinerWorks' validation errors need a server that the SDK's own
/// checks let through, which the mock, checking the same rules, never is.
fn answer_400_with(body: &'static str) -> (String, std::thread::JoinHandle<()>) {
    use std::io::{Read as _, Write as _};
    let response = format!(
        "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\n\
         Connection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        // Read the head, then as many bytes of body as it announces.
        let mut request = Vec::new();
        let mut buffer = [0; 4096];
        let body_start = loop {
            let read = stream.read(&mut buffer).unwrap();
            request.extend_from_slice(&buffer[..read]);
            if let Some(at) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            assert!(read > 0, "the request ended before its head did");
        };
        let head = String::from_utf8_lossy(&request[..body_start]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .map_or(0, |value| value.trim().parse().unwrap());
        while request.len() < body_start + length {
            let read = stream.read(&mut buffer).unwrap();
            assert!(read > 0, "the request ended before its body did");
            request.extend_from_slice(&buffer[..read]);
        }
        stream.write_all(response.as_bytes()).unwrap();
    });
    (url, server)
}

#[test]
fn a_value_finerworks_refuses_exits_with_3_naming_the_field() {
    let (url, server) = answer_400_with(
        r#"{"Message": "The request is invalid.", "ModelState": {"request.search_filter": ["The field search_filter must be a string with a maximum length of 100."]}}"#,
    );
    let run = exec(
        finerworks()
            .env("FINERWORKS_WEB_API_KEY", "web-key")
            .env("FINERWORKS_APP_KEY", "app-key"),
        &[
            "images",
            "list",
            "--base-url",
            &url,
            "--search",
            &"x".repeat(101),
        ],
    );
    server.join().unwrap();
    assert_eq!(run.code, 3, "{run:?}");
    let first = run.stderr.lines().next().unwrap();
    assert!(
        first.starts_with(
            "error: api error: http 400: The request is invalid. (request.search_filter: "
        ),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("hint: FinerWorks refused the values"),
        "{run:?}"
    );
}

#[test]
fn no_connection_exits_with_6() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    for base_url in [url.as_str(), "http://127.0.0.1:1"] {
        let run = exec(
            finerworks()
                .env("FINERWORKS_WEB_API_KEY", "web-key-for-nowhere")
                .env("FINERWORKS_APP_KEY", "app-key-for-nowhere"),
            &["images", "list", "--base-url", base_url, "--retries", "0"],
        );
        assert_eq!(run.code, 6, "{run:?}");
        assert!(run.stderr.starts_with("error: transport error"), "{run:?}");
        assert!(run.stderr.contains("hint: check the network"), "{run:?}");
    }
}

#[test]
fn a_closed_pipe_ends_the_listing_quietly() {
    // Far more output than a pipe holds, so the writer meets the closed pipe.
    let mut child = finerworks()
        .args([
            "images",
            "list",
            "--demo",
            "--all",
            "--products",
            "--format",
            "ndjson",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.starts_with('{'), "{first}");
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("error"),
        "{stderr}"
    );
}

// ---- What reaches the terminal -------------------------------------------------------------

#[test]
fn stderr_that_is_not_a_terminal_gets_no_progress_bar() {
    let run = ok(
        &mut finerworks(),
        &["images", "list", "--demo", "--all", "--format", "csv"],
    );
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    assert!(!run.stderr.contains('\r'), "{:?}", run.stderr);
    // Only the demo note.
    assert_eq!(run.stderr.lines().count(), 1, "{:?}", run.stderr);
    assert!(
        run.stderr.starts_with("note: demo mode"),
        "{:?}",
        run.stderr
    );
    assert_eq!(run.stdout.lines().count(), 321);
}

#[test]
fn the_keys_never_appear_in_any_output() {
    let web = "5e1b2a0d-secret-web-key-4a7e9b61";
    let app = "c10b58cc-secret-app-key-a5670e02";
    let mock = Mock::start(MockConfig::new().images(15).keys(web, app));
    let wrong = "77f1e2a9-wrong-but-secret-too-0001";
    let runs = [
        exec(&mut mock.finerworks(), &["images", "list", "--help"]),
        exec(&mut mock.finerworks(), &["--help"]),
        exec(
            &mut mock.finerworks(),
            &["images", "list", "--format", "json", "--products"],
        ),
        exec(
            &mut mock.finerworks(),
            &["images", "list", "--web-api-key", wrong],
        ),
        exec(
            &mut mock.finerworks(),
            &["images", "list", "--app-key", wrong, "--per-page", "99"],
        ),
        exec(
            &mut mock.finerworks(),
            &["images", "list", "--web-api-key", wrong, "--bogus"],
        ),
        exec(
            mock.finerworks().env("FINERWORKS_BASE_URL", "not a url"),
            &["images", "list", "--app-key", app],
        ),
    ];
    assert_eq!(
        runs.iter().map(|run| run.code).collect::<Vec<_>>(),
        [0, 0, 0, 4, 3, 2, 3]
    );
    for run in &runs {
        for key in [web, app, wrong] {
            assert!(
                !run.stdout.contains(key) && !run.stderr.contains(key),
                "a key leaked: {run:?}"
            );
        }
    }
}

#[test]
fn help_explains_each_flag_in_the_users_terms() {
    let run = ok(&mut finerworks(), &["images", "list", "--help"]);
    for text in [
        "--search <TEXT>",
        "--guid <GUID>",
        "--page <N>",
        "The page to show, 1 to 2147483647",
        "Images per page, 1 to 50",
        "--sort <FIELD>",
        "file-size",
        "--direction <DIRECTION>",
        "--uploaded-from <YYYY-MM-DD>",
        "--uploaded-to <YYYY-MM-DD>",
        "--products",
        "--active",
        "--inactive",
        "--library <LIBRARY>",
        "--session-id <ID>",
        "--site-id <N>",
        "--account-key <KEY>",
        "--all",
        "--concurrency <N>",
        "--format <FORMAT>",
        "--demo",
        "--web-api-key <KEY>",
        "--env <ENV>",
        "--base-url <URL>",
        "Exit status:",
    ] {
        assert!(run.stdout.contains(text), "--help lacks {text:?}");
    }
}
