//! The `finerworks-mock` binary as a user meets it: the lines it prints first, among them an
//! `export` line that points the code under test at it, and the faults scripted on its command
//! line.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use finerworks_mock::MockConfig;
use reqwest::StatusCode;
use reqwest::header::RETRY_AFTER;

/// A running `finerworks-mock`, killed when dropped (also when a test fails).
struct Binary {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Binary {
    /// Starts the binary on a free port with a small library and `args`.
    fn start(args: &[&str]) -> Binary {
        let mut child = Command::new(env!("CARGO_BIN_EXE_finerworks-mock"))
            .args(["--addr", "127.0.0.1:0", "--images", "20"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts");
        let stdout = child.stdout.take().expect("piped");
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        Binary { child, lines }
    }

    /// The first `n` lines it prints (it prints them at once, then serves).
    fn first_lines(&self, n: usize) -> Vec<String> {
        (0..n)
            .map(|i| {
                self.lines
                    .recv_timeout(Duration::from_secs(60))
                    .unwrap_or_else(|e| panic!("line {i}: {e}"))
            })
            .collect()
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The value of each `NAME=value` word of an `export` line, by name.
fn exported(line: &str) -> Vec<(&str, &str)> {
    let words = line.strip_prefix("export ").expect("an export line");
    words
        .split(' ')
        .map(|word| word.split_once('=').expect("NAME=value"))
        .collect()
}

#[tokio::test]
async fn it_prints_an_export_line_that_reaches_it() {
    let binary = Binary::start(&[]);
    let lines = binary.first_lines(5);
    let base_url = lines[0]
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("{lines:?}"));
    assert!(base_url.starts_with("http://127.0.0.1:"), "{lines:?}");
    assert!(!base_url.ends_with(":0"), "{lines:?}");
    assert_eq!(
        lines[1],
        format!("web_api_key: {}", MockConfig::DEMO_WEB_API_KEY)
    );
    assert_eq!(lines[2], format!("app_key: {}", MockConfig::DEMO_APP_KEY));
    assert_eq!(
        exported(&lines[3]),
        [
            ("FINERWORKS_BASE_URL", base_url),
            ("FINERWORKS_WEB_API_KEY", MockConfig::DEMO_WEB_API_KEY),
            ("FINERWORKS_APP_KEY", MockConfig::DEMO_APP_KEY),
        ]
    );
    assert!(lines[4].starts_with("20 inventory and 5 temporary images (seed 42)"));

    // What the line exports is enough to call the server.
    let vars = exported(&lines[3]);
    let response = reqwest::Client::new()
        .get(format!("{}/v3/test_my_credentials", vars[0].1))
        .header("web_api_key", vars[1].1)
        .header("app_key", vars[2].1)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn keys_given_on_the_command_line_are_not_printed() {
    let (web_api_key, app_key) = ("web-key-given-4c1", "app-key-given-8d2");
    let binary = Binary::start(&["--web-api-key", web_api_key, "--app-key", app_key]);
    let lines = binary.first_lines(4);
    let base_url = lines[0].strip_prefix("listening on ").unwrap();
    assert_eq!(lines[1], "web_api_key: (as given)");
    assert_eq!(lines[2], "app_key: (as given)");
    assert_eq!(
        exported(&lines[3]),
        [
            ("FINERWORKS_BASE_URL", base_url),
            ("FINERWORKS_WEB_API_KEY", "..."),
            ("FINERWORKS_APP_KEY", "..."),
        ]
    );
    assert!(!lines.concat().contains(web_api_key) && !lines.concat().contains(app_key));
}

#[tokio::test]
async fn faults_scripted_on_the_command_line_come_first() {
    let binary = Binary::start(&["--fault", "503=0:2", "--fault", "503"]);
    let lines = binary.first_lines(1);
    let base_url = lines[0].strip_prefix("listening on ").unwrap();
    let client = reqwest::Client::new();
    let mut answers = Vec::new();
    for _ in 0..4 {
        let response = client
            .get(format!("{base_url}/v3/test_my_credentials"))
            .header("web_api_key", MockConfig::DEMO_WEB_API_KEY)
            .header("app_key", MockConfig::DEMO_APP_KEY)
            .send()
            .await
            .unwrap();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .map(|v| v.to_str().unwrap().to_owned());
        answers.push((response.status().as_u16(), retry_after));
    }
    let after = |seconds: &str| Some(seconds.to_owned());
    assert_eq!(
        answers,
        [
            (503, after("0")),
            (503, after("0")),
            (503, after("1")),
            (200, None)
        ]
    );
}

#[tokio::test]
async fn a_fault_aimed_on_the_command_line_waits_for_its_operation() {
    let binary = Binary::start(&["--fault", "add_images:500:1", "--fault", "503=0"]);
    let lines = binary.first_lines(1);
    let base_url = lines[0].strip_prefix("listening on ").unwrap();
    let client = reqwest::Client::new();
    let send = |method: reqwest::Method, operation: &str| {
        client
            .request(method, format!("{base_url}/v3/{operation}"))
            .header("web_api_key", MockConfig::DEMO_WEB_API_KEY)
            .header("app_key", MockConfig::DEMO_APP_KEY)
    };
    let add = || {
        send(reqwest::Method::POST, "add_images")
            .header("content-type", "application/json")
            .body(
                std::fs::read_to_string(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../../tests/fixtures/vendor_add_images_request.json"
                ))
                .unwrap(),
            )
    };
    let mut statuses = Vec::new();
    // The fault for any operation meets the first request; the aimed one waits for the add.
    for request in [
        send(reqwest::Method::GET, "test_my_credentials"),
        send(reqwest::Method::GET, "test_my_credentials"),
        add(),
        add(),
    ] {
        statuses.push(request.send().await.unwrap().status().as_u16());
    }
    assert_eq!(statuses, [503, 200, 500, 200]);
}

#[test]
fn a_fault_aimed_at_no_operation_stops_the_binary_with_a_clear_error() {
    let output = Command::new(env!("CARGO_BIN_EXE_finerworks-mock"))
        .args(["--addr", "127.0.0.1:0", "--fault", "add_image:500:1"])
        .output()
        .expect("the binary runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("unknown operation `add_image`") && stderr.contains("add_images"),
        "{stderr}"
    );
}
