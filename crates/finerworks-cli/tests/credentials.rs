//! `finerworks credentials test` run as a process: one line and exit 0 when FinerWorks accepts
//! the keys, the usual error, hint and exit 4 when it refuses them.

use crate::support;

use finerworks_mock::MockConfig;
use support::{Mock, exec, finerworks, ok};

#[test]
fn accepted_keys_print_one_line_and_exit_with_0() {
    let mock = Mock::start(MockConfig::new().images(5));
    let run = ok(&mut mock.finerworks(), &["credentials", "test"]);
    assert_eq!(
        run.stdout,
        format!(
            "FinerWorks accepted the keys ({}/)\n",
            mock.server.base_url()
        )
    );
    assert!(run.stderr.is_empty(), "{run:?}");
    assert_eq!(mock.server.request_count(), 1);
}

#[test]
fn refused_keys_exit_with_4_and_say_which_keys_to_check() {
    let mock = Mock::start(MockConfig::new().images(5));
    let wrong = "0d9c1e4e-wrong-app-key";
    let run = exec(
        mock.finerworks().env("FINERWORKS_APP_KEY", wrong),
        &["credentials", "test"],
    );
    assert_eq!(run.code, 4, "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(run.stderr.starts_with("error: unauthorized: "), "{run:?}");
    assert!(
        run.stderr.contains("hint: ") && run.stderr.contains("FINERWORKS_APP_KEY"),
        "{run:?}"
    );
    assert!(!run.stderr.contains(wrong), "a key leaked: {run:?}");

    let run = exec(
        &mut mock.finerworks(),
        &["credentials", "test", "--web-api-key", "not-the-web-key"],
    );
    assert_eq!(run.code, 4, "{run:?}");
}

#[test]
fn missing_keys_exit_with_3_and_the_demo_is_accepted() {
    let run = exec(&mut finerworks(), &["credentials", "test"]);
    assert_eq!(run.code, 3, "{run:?}");
    assert!(run.stderr.starts_with("error: no API keys"), "{run:?}");

    let run = ok(&mut finerworks(), &["credentials", "test", "--demo"]);
    assert!(
        run.stdout
            .starts_with("FinerWorks accepted the keys (http://127.0.0.1:"),
        "{run:?}"
    );
}
