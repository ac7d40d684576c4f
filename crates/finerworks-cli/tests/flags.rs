//! Flags run as a process: `--timeout` in human durations, warnings for flags that have no effect
//! where they are given, `--allow-insecure-http` (and errors that name flags, never library
//! calls), and help that says what the default order is.

mod support;

use std::time::Duration;

use finerworks_mock::{Fault, MockConfig};
use support::{Mock, TempDir, exec, finerworks, new_image, ok};

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
