//! What the process tests share: a mock FinerWorks on its own runtime, and running `finerworks`.

// Each test file uses a part of this module.
#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeSet;
use std::process::{Command, Stdio};

use finerworks::Image as ImageDetails;
use finerworks_mock::{MockConfig, MockServer};
use serde_json::Value;

/// A mock FinerWorks on its own runtime, so that tests can run the command line synchronously.
pub struct Mock {
    pub server: MockServer,
    _runtime: tokio::runtime::Runtime,
}

impl Mock {
    pub fn start(config: MockConfig) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime");
        let server = runtime
            .block_on(MockServer::start_with(config))
            .expect("the mock starts");
        Self {
            server,
            _runtime: runtime,
        }
    }

    /// `finerworks` pointed at this server through the environment, as a user would.
    pub fn finerworks(&self) -> Command {
        let mut command = finerworks();
        command
            .env("FINERWORKS_BASE_URL", self.server.base_url())
            .env("FINERWORKS_WEB_API_KEY", self.server.web_api_key())
            .env("FINERWORKS_APP_KEY", self.server.app_key());
        command
    }

    pub fn inventory(&self) -> &[ImageDetails] {
        self.server.dataset().inventory()
    }
}

/// `finerworks` with a clean environment: no FinerWorks settings, 100 columns.
pub fn finerworks() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_finerworks"));
    for variable in [
        "FINERWORKS_WEB_API_KEY",
        "FINERWORKS_APP_KEY",
        "FINERWORKS_BASE_URL",
        "FINERWORKS_SESSION_ID",
        "FINERWORKS_SITE_ID",
    ] {
        command.env_remove(variable);
    }
    command.env("COLUMNS", "100").stdin(Stdio::null());
    command
}

/// What a run left behind.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn exec(command: &mut Command, args: &[&str]) -> Run {
    let output = command.args(args).output().expect("finerworks runs");
    Run {
        code: output.status.code().expect("an exit code, not a signal"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 on stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 on stderr"),
    }
}

/// Runs, and expects success.
pub fn ok(command: &mut Command, args: &[&str]) -> Run {
    let run = exec(command, args);
    assert_eq!(run.code, 0, "{args:?} failed: {run:?}");
    run
}

pub fn ndjson(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

/// Runs with `input` on stdin.
pub fn exec_with_stdin(command: &mut Command, args: &[&str], input: &str) -> Run {
    use std::io::Write as _;
    let mut child = command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("finerworks runs");
    let mut stdin = child.stdin.take().expect("a stdin");
    stdin
        .write_all(input.as_bytes())
        .expect("stdin takes the input");
    drop(stdin);
    let output = child.wait_with_output().expect("finerworks ends");
    Run {
        code: output.status.code().expect("an exit code, not a signal"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 on stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 on stderr"),
    }
}

/// A directory of its own under the system's temporary directory, removed when dropped.
pub struct TempDir(std::path::PathBuf);

impl TempDir {
    pub fn new() -> Self {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.subsec_nanos());
        let path = std::env::temp_dir().join(format!(
            "finerworks-cli-test-{}-{}-{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).expect("a temporary directory");
        Self(path)
    }

    /// Writes `name` with `contents`, and returns its path as text.
    pub fn file(&self, name: &str, contents: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, contents).expect("the file is written");
        path.to_str().expect("a UTF-8 path").to_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The details of a new image numbered `n`, with the API's field names, as `images add --from`
/// reads them.
pub fn new_image(n: usize) -> Value {
    let base = format!("https://cdn.example.com/art/{n}");
    serde_json::json!({
        "title": format!("Test image {n}"),
        "description": format!("Made by the tests, number {n}"),
        "file_name": format!("test_{n}.tif"),
        "file_size": 1_000_000 + n,
        "thumbnail_file_name": format!("test_{n}_thumb.jpg"),
        "preview_file_name": format!("test_{n}_preview.jpg"),
        "hires_file_name": format!("test_{n}.tif"),
        "public_thumbnail_uri": format!("{base}/thumb.jpg"),
        "public_preview_uri": format!("{base}/preview.jpg"),
        "private_hires_uri": format!("{base}/hires.tif"),
        "pix_w": 1600 + n,
        "pix_h": 2400,
    })
}

/// The columns of a CSV of new images, in the order `new_image_csv` writes them.
pub const NEW_IMAGE_COLUMNS: [&str; 12] = [
    "title",
    "description",
    "file_name",
    "file_size",
    "thumbnail_file_name",
    "preview_file_name",
    "hires_file_name",
    "public_thumbnail_uri",
    "public_preview_uri",
    "private_hires_uri",
    "pix_w",
    "pix_h",
];

/// `images` as CSV: a header, then one row each.
pub fn new_image_csv(images: &[Value]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(NEW_IMAGE_COLUMNS).unwrap();
    for image in images {
        let cells = NEW_IMAGE_COLUMNS.map(|column| match &image[column] {
            Value::String(text) => text.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        });
        writer.write_record(cells).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

/// `images` as NDJSON.
pub fn new_image_ndjson(images: &[Value]) -> String {
    images.iter().map(|image| format!("{image}\n")).collect()
}

/// The titles of the images of an NDJSON output.
pub fn titles(stdout: &str) -> Vec<String> {
    ndjson(stdout)
        .iter()
        .map(|image| image["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The GUIDs of images as the command line printed them (JSON).
pub fn guids(images: &[Value]) -> BTreeSet<String> {
    images
        .iter()
        .map(|image| image["guid"].as_str().expect("a guid").to_owned())
        .collect()
}

/// The GUIDs of images as the mock holds them.
pub fn guids_of<'a>(images: impl IntoIterator<Item = &'a ImageDetails>) -> BTreeSet<String> {
    images
        .into_iter()
        .map(|image| image.guid.expect("a guid").to_string())
        .collect()
}

/// Sends `signal` to the running `finerworks` once the mock has received `requests` requests,
/// and returns what it printed and its exit status.
pub fn interrupted_run(signal: &str, mock: &Mock, args: &[&str], requests: u64) -> Run {
    use std::process::Stdio;
    let child = mock
        .finerworks()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("finerworks runs");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while mock.server.request_count() < requests {
        assert!(
            std::time::Instant::now() < deadline,
            "the requests never came"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let status = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let output = child.wait_with_output().expect("finerworks ends");
    Run {
        code: output
            .status
            .code()
            .expect("an exit code, not death by the signal"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}
