//! What the process tests share: a mock FinerWorks on its own runtime, and running `finerworks`.

// Each test file uses a part of this module.
#![allow(dead_code, unreachable_pub)]

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
