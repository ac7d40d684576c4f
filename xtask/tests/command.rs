//! The `xtask` binary as `cargo xtask` and `.ci/run` call it: exit codes and what it prints.
//!
//! These tests also make `cargo test --workspace` build `target/debug/xtask` with the workspace's
//! features, which `.ci/run` and `.ci/prism-check` then run instead of building it a second time.

use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        // Whatever the developer's shell holds, the live check must find no keys here.
        .env_remove("FINERWORKS_WEB_API_KEY")
        .env_remove("FINERWORKS_APP_KEY")
        .env_remove("FINERWORKS_SESSION_ID")
        .output()
        .expect("the xtask binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("the xtask prints UTF-8")
}

#[test]
fn generate_check_passes_on_the_committed_tree() {
    let output = xtask(&["generate", "--check"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), "");
}

#[test]
fn operations_prints_one_row_per_operation_of_the_spec() {
    let output = xtask(&["operations"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let mut rows = stdout.lines();
    assert_eq!(
        rows.next(),
        Some("id\tmethod\tpath\tidempotent\trequest_schema\tresponse_schema")
    );
    let rows: Vec<Vec<&str>> = rows.map(|row| row.split('\t').collect()).collect();
    let spec = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../openapi/finerworks.yaml"
    ))
    .unwrap();
    assert_eq!(rows.len(), spec.matches("operationId:").count(), "{stdout}");
    assert!(rows.iter().all(|row| row.len() == 6), "{stdout}");
    let list_images = rows.iter().find(|row| row[0] == "list_images").unwrap();
    assert_eq!(list_images[1..4], ["POST", "/v3/list_images", "true"]);
}

#[test]
fn drift_without_keys_is_skipped_with_exit_3_and_names_the_variables() {
    let output = xtask(&["drift"]);
    assert_eq!(output.status.code(), Some(3));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("skipped, nothing was sent"), "{stderr}");
    for name in [
        "FINERWORKS_WEB_API_KEY",
        "FINERWORKS_APP_KEY",
        "FINERWORKS_SESSION_ID",
    ] {
        assert!(stderr.contains(name), "{stderr}");
    }
}

#[test]
fn unknown_arguments_exit_2_with_the_usage() {
    let output = xtask(&["generate", "--force"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("usage: cargo xtask <command>"));
    assert_eq!(text(&output.stdout), "");
}
