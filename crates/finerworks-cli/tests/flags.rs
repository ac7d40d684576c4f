//! Flags run as a process: `--timeout` in human durations, warnings for flags that have no effect
//! where they are given (or that are missing: a temporary library without a session),
//! `--allow-insecure-http` (and errors that name flags, never library calls), numbers and URLs
//! whose errors name the flag and its rule, unknown columns of `images add --from`, and help
//! written for each command.

use crate::support;

use std::time::Duration;

use finerworks_mock::{Fault, MockConfig};
use support::{Mock, TempDir, exec, finerworks, ndjson, new_image, ok, titles};

#[test]
fn timeouts_take_human_durations() {
    for timeout in ["1.5", "500ms", "2s", "1m"] {
        ok(
            &mut finerworks(),
            &[
                "images",
                "list",
                "--demo",
                "--per-page",
                "1",
                "--timeout",
                timeout,
            ],
        );
    }
    for bad in ["5h", "-1", "soon", "0"] {
        let flag = format!("--timeout={bad}");
        let run = exec(&mut finerworks(), &["images", "list", "--demo", &flag]);
        assert_eq!(run.code, 2, "{bad}: {run:?}");
        assert!(run.stderr.contains("--timeout"), "{bad}: {run:?}");
    }
    let run = exec(
        &mut finerworks(),
        &["images", "list", "--demo", "--timeout", "5h"],
    );
    assert!(
        run.stderr
            .contains("give seconds (30, 1.5) or a number with a unit: ms, s or m (500ms, 2s, 1m)"),
        "{run:?}"
    );
}

#[test]
fn a_timeout_in_milliseconds_is_honoured() {
    let mock = Mock::start(MockConfig::new().images(5));
    mock.server
        .faults()
        .push(Fault::Stall(Duration::from_secs(10)));
    let started = std::time::Instant::now();
    let run = exec(
        &mut mock.finerworks(),
        &["images", "list", "--timeout", "300ms", "--retries", "0"],
    );
    assert_eq!(run.code, 6, "no answer in time: {run:?}");
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    assert!(run.stderr.contains("hint: no answer in time"), "{run:?}");
}

#[test]
fn flags_without_effect_are_warned_about() {
    let warned = |args: &[&str], warning: &str| {
        let run = ok(&mut finerworks(), args);
        assert!(
            run.stderr.contains(&format!("warning: {warning}")),
            "{args:?}: {run:?}"
        );
    };
    warned(
        &[
            "images",
            "list",
            "--demo",
            "--products",
            "--library",
            "temporary",
        ],
        "--products has no effect with --library temporary: FinerWorks lists products only for \
         the inventory library",
    );
    warned(
        &["images", "list", "--demo", "--concurrency", "2"],
        "--concurrency has no effect without --all",
    );
    warned(
        &["images", "list", "--demo", "--session-id", "abcdefgh12"],
        "--session-id has no effect on the inventory library",
    );
    warned(
        &[
            "credentials",
            "test",
            "--demo",
            "--web-api-key",
            "k",
            "--app-key",
            "k",
        ],
        "--web-api-key and --app-key have no effect with --demo",
    );
    warned(
        &["images", "list", "--demo", "--allow-insecure-http"],
        "--allow-insecure-http has no effect with --demo",
    );
    let dir = TempDir::new();
    let path = dir.file("one.ndjson", &format!("{}\n", new_image(1)));
    warned(
        &[
            "images",
            "add",
            "--demo",
            "--from",
            &path,
            "--concurrency",
            "3",
        ],
        "--concurrency has no effect: the image goes in one call",
    );

    // Meaningful combinations are not warned about: --page with --all is the first page.
    let run = ok(
        &mut finerworks(),
        &[
            "images",
            "list",
            "--demo",
            "--all",
            "--page",
            "30",
            "--concurrency",
            "2",
        ],
    );
    assert!(!run.stderr.contains("warning"), "{run:?}");
}

#[test]
fn plain_http_to_another_machine_needs_a_flag_and_errors_name_flags_only() {
    let mock = Mock::start(MockConfig::new().images(3));
    // 0.0.0.0 reaches this machine's listeners, but is not a loopback address.
    let remote = mock.server.base_url().replace("127.0.0.1", "0.0.0.0");
    let run = exec(
        &mut mock.finerworks(),
        &["credentials", "test", "--base-url", &remote],
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stderr.starts_with("error: invalid --base-url: "),
        "{run:?}"
    );
    assert!(run.stderr.contains("plain http"), "{run:?}");
    for sdk in ["ClientBuilder::", "allow_insecure_http(true)"] {
        assert!(!run.stderr.contains(sdk), "{sdk}: {run:?}");
    }
    assert!(
        run.stderr
            .contains("hint: use an https URL, or add --allow-insecure-http"),
        "{run:?}"
    );

    let run = ok(
        &mut mock.finerworks(),
        &[
            "credentials",
            "test",
            "--base-url",
            &remote,
            "--allow-insecure-http",
        ],
    );
    assert!(
        run.stdout.starts_with("FinerWorks accepted the keys"),
        "{run:?}"
    );
    assert!(!run.stderr.contains("warning"), "{run:?}");

    // The same from the variable: the error names it.
    let run = exec(
        mock.finerworks().env("FINERWORKS_BASE_URL", &remote),
        &["credentials", "test"],
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stderr
            .starts_with("error: invalid FINERWORKS_BASE_URL: "),
        "{run:?}"
    );
    assert!(!run.stderr.contains("ClientBuilder::"), "{run:?}");
}

#[test]
fn help_says_the_default_order_is_highest_id_first() {
    let run = ok(&mut finerworks(), &["images", "list", "--help"]);
    assert!(run.stdout.contains("highest id first"), "{}", run.stdout);
    assert!(!run.stdout.contains("newest first"), "{}", run.stdout);
    assert!(run.stdout.contains("500ms, 2s, 1m"), "{}", run.stdout);
    assert!(
        run.stdout.contains("--allow-insecure-http"),
        "{}",
        run.stdout
    );
}

// ---- Numbers, URLs, files: errors that name the flag and its rule --------------------------

#[test]
fn page_numbers_out_of_range_say_the_range() {
    // Negative or beyond what the flag holds: refused as a malformed value, with the range.
    for page in ["-1", "99999999999"] {
        let run = exec(
            &mut finerworks(),
            &["images", "list", "--demo", "--page", page],
        );
        assert_eq!(run.code, 2, "{page}: {run:?}");
        assert!(
            run.stderr.contains(&format!(
                "invalid value '{page}' for '--page <N>': must be between 1 and 2147483647"
            )),
            "{page}: {run:?}"
        );
    }
    // A number the flag holds but the API does not: invalid input, with the range as the hint.
    for page in ["0", "2147483648"] {
        let run = exec(
            &mut finerworks(),
            &["images", "list", "--demo", "--page", page],
        );
        assert_eq!(run.code, 3, "{page}: {run:?}");
        assert!(
            run.stderr.contains("hint: --page takes 1 to 2147483647"),
            "{page}: {run:?}"
        );
    }
    let run = exec(
        &mut finerworks(),
        &["images", "list", "--demo", "--per-page", "-5"],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("'--per-page <N>': must be between 1 and 50"),
        "{run:?}"
    );
    let run = exec(
        &mut finerworks(),
        &["images", "list", "--demo", "--page", "two"],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("`two` is not a whole number"),
        "{run:?}"
    );
}

/// The flags of one image whose files are all named by their URLs.
fn one_image<'a>(changes: &[(&'a str, &'a str)]) -> Vec<&'a str> {
    let mut flags = vec![
        ("--title", "Harbor at dawn"),
        ("--file-size", "11000024"),
        ("--width", "1600"),
        ("--height", "2400"),
        ("--thumbnail", "https://cdn.example.com/harbor_thumb.jpg"),
        ("--preview", "https://cdn.example.com/harbor.jpg"),
        ("--hires", "https://files.example.com/private/harbor.tif"),
    ];
    for &(flag, value) in changes {
        match flags.iter_mut().find(|slot| slot.0 == flag) {
            Some(slot) => slot.1 = value,
            None => flags.push((flag, value)),
        }
    }
    let mut args = vec!["images", "add", "--demo", "-f", "ndjson"];
    args.extend(flags.iter().flat_map(|(flag, value)| [*flag, *value]));
    args
}

#[test]
fn a_negative_file_size_names_the_flag_and_the_rule() {
    let run = exec(&mut finerworks(), &one_image(&[("--file-size", "-1")]));
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains(
            "invalid value '-1' for '--file-size <BYTES>': must be a number of bytes between 0 \
             and 9223372036854775807"
        ),
        "{run:?}"
    );
    let run = exec(&mut finerworks(), &one_image(&[("--width", "-3")]));
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("'--width <PIXELS>': must be between 1 and 2147483647"),
        "{run:?}"
    );
    // The flags as given are fine.
    let run = ok(&mut finerworks(), &one_image(&[]));
    assert_eq!(titles(&run.stdout), ["Harbor at dawn"], "{run:?}");
}

#[test]
fn a_url_without_a_file_name_asks_for_its_name_flag() {
    let run = exec(
        &mut finerworks(),
        &one_image(&[("--thumbnail", "https://x/")]),
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert_eq!(
        run.stderr.lines().next(),
        Some(
            "error: --thumbnail `https://x/` does not end with a file name (such as \
             https://cdn.example.com/harbor.jpg): give the file's name with --thumbnail-name"
        ),
        "{run:?}"
    );
    let run = exec(
        &mut finerworks(),
        &one_image(&[("--hires", "https://files.example.com")]),
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stderr
            .contains("give the file's name with --hires-name"),
        "{run:?}"
    );
    // With the name given, the URL may end as it likes.
    let run = ok(
        &mut finerworks(),
        &one_image(&[
            ("--thumbnail", "https://x/"),
            ("--thumbnail-name", "harbor_thumb.jpg"),
        ]),
    );
    let added = ndjson(&run.stdout);
    assert_eq!(
        added[0]["thumbnail_file_name"], "harbor_thumb.jpg",
        "{run:?}"
    );
}

#[test]
fn add_skips_unknown_columns_only_when_asked() {
    let dir = TempDir::new();
    let mut rows = vec![new_image(1), new_image(2)];
    for (n, row) in rows.iter_mut().enumerate() {
        row["id"] = (100 + n).into();
        row["notes"] = "from the old catalogue".into();
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header: Vec<String> = rows[0].as_object().unwrap().keys().cloned().collect();
    writer.write_record(&header).unwrap();
    for row in &rows {
        let cells = header.iter().map(|column| match &row[column] {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        });
        writer.write_record(cells).unwrap();
    }
    let path = dir.file(
        "images.csv",
        &String::from_utf8(writer.into_inner().unwrap()).unwrap(),
    );

    // Without the flag, the first unknown column is named, and nothing is sent.
    let run = exec(
        &mut finerworks(),
        &["images", "add", "--demo", "--from", &path],
    );
    assert_eq!(run.code, 3, "{run:?}");
    let error = run.stderr.lines().last().unwrap();
    assert!(
        error.starts_with(&format!(
            "error: {path} line 1: id is not a field of images"
        )),
        "{run:?}"
    );
    assert!(error.contains("--ignore-unknown-fields"), "{run:?}");

    let run = ok(
        &mut finerworks(),
        &[
            "images",
            "add",
            "--demo",
            "--from",
            &path,
            "--ignore-unknown-fields",
            "-f",
            "ndjson",
        ],
    );
    assert_eq!(
        titles(&run.stdout),
        ["Test image 1", "Test image 2"],
        "{run:?}"
    );
    assert!(
        run.stderr.contains(&format!(
            "note: {path}: the columns id, notes are not read (images have only title, \
             description, file_name"
        )),
        "{run:?}"
    );
}

#[test]
fn the_temporary_library_without_a_session_warns_of_a_new_session() {
    let mock = Mock::start(MockConfig::new().images(10));
    let warning = "warning: --library temporary without --session-id (or FINERWORKS_SESSION_ID) \
                   uses a new, random session";
    let run = ok(
        &mut mock.finerworks(),
        &["images", "list", "--library", "temporary"],
    );
    assert!(run.stderr.contains(warning), "{run:?}");
    for session in [&["--session-id", "session-0001"][..], &[]] {
        let mut command = mock.finerworks();
        if session.is_empty() {
            command.env("FINERWORKS_SESSION_ID", "session-0001");
        }
        let mut args = vec!["images", "list", "--library", "temporary"];
        args.extend_from_slice(session);
        let run = ok(&mut command, &args);
        assert!(!run.stderr.contains("warning"), "{session:?}: {run:?}");
    }
}

/// The help of `--format` in a command's `--help`: its line and the indented lines after it.
fn format_help(help: &str) -> String {
    let mut lines = help
        .lines()
        .skip_while(|line| !line.contains("--format <FORMAT>"));
    let first = lines
        .next()
        .unwrap_or_else(|| panic!("no --format: {help}"));
    let rest = lines.take_while(|line| line.is_empty() || line.starts_with("          "));
    std::iter::once(first)
        .chain(rest)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn format_help_is_written_for_each_command() {
    let help = |command: &str| ok(&mut finerworks(), &["images", command, "--help"]).stdout;
    let list = format_help(&help("list"));
    assert!(list.contains("when listing with --all"), "{list}");
    assert!(
        list.contains("product_count only with --products"),
        "{list}"
    );
    for (command, verb) in [("add", "added"), ("update", "updated")] {
        let text = help(command);
        let format = format_help(&text);
        assert!(
            format.contains(&format!("\"{verb} 3 images\"")),
            "{command}: {format}"
        );
        for listing_only in ["--all", "--products", "streamed"] {
            assert!(
                !format.contains(listing_only),
                "{command} --format mentions {listing_only}: {format}"
            );
        }
    }
}
