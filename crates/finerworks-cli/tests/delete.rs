//! `finerworks images delete` run as a process: GUIDs from the command line and from a file,
//! `--yes`, and a refusal to delete without it when there is no terminal to ask on.

use crate::support;

use finerworks_mock::MockConfig;
use support::{Mock, TempDir, exec, exec_with_stdin, finerworks, ok};

fn guids(mock: &Mock, n: usize) -> Vec<String> {
    mock.server.inventory()[..n]
        .iter()
        .map(|image| image.guid.unwrap().to_string())
        .collect()
}

fn still_there(mock: &Mock, guids: &[String]) -> usize {
    mock.server
        .inventory()
        .iter()
        .filter(|image| guids.contains(&image.guid.unwrap().to_string()))
        .count()
}

#[test]
fn yes_deletes_the_images_given() {
    let mock = Mock::start(MockConfig::new().images(20));
    let gone = guids(&mock, 2);
    let run = ok(
        &mut mock.finerworks(),
        &["images", "delete", &gone[0], &gone[1], "--yes"],
    );
    assert_eq!(run.stdout, "deleted 2 images\n");
    assert_eq!(still_there(&mock, &gone), 0);
    assert_eq!(mock.server.inventory().len(), 18);
}

#[test]
fn guids_come_from_a_file_too_once_each() {
    let mock = Mock::start(MockConfig::new().images(20));
    let gone = guids(&mock, 3);
    let dir = TempDir::new();
    let path = dir.file(
        "gone.txt",
        &format!("# to delete\n{}\n\n  {}  \n{}\n", gone[0], gone[1], gone[0]),
    );
    let run = ok(
        &mut mock.finerworks(),
        &["images", "delete", &gone[2], "--from", &path, "-y"],
    );
    assert_eq!(run.stdout, "deleted 3 images\n");
    assert_eq!(still_there(&mock, &gone), 0);

    let bad = dir.file("bad.txt", &format!("{}\nnot-a-guid\n", gone[0]));
    let run = exec(
        &mut mock.finerworks(),
        &["images", "delete", "--from", &bad, "--yes"],
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert_eq!(
        run.stderr,
        format!("error: {bad} line 2: `not-a-guid` is not a GUID\n")
    );
}

#[test]
fn without_a_terminal_nothing_is_deleted_without_yes() {
    let mock = Mock::start(MockConfig::new().images(20));
    let kept = guids(&mock, 2);
    // The tests' stdin is not a terminal.
    let run = exec(
        &mut mock.finerworks(),
        &["images", "delete", &kept[0], &kept[1]],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert_eq!(
        run.stderr,
        "error: not deleting 2 images without confirmation: stdin is not a terminal, so there is \
         no one to ask\nhint: add --yes to delete them without asking\n"
    );
    // GUIDs on stdin leave no one to ask either.
    let run = exec_with_stdin(
        &mut mock.finerworks(),
        &["images", "delete", "--from", "-"],
        &format!("{}\n", kept[0]),
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("add --yes"), "{run:?}");
    assert_eq!(mock.server.request_count(), 0, "nothing was sent");
    assert_eq!(still_there(&mock, &kept), 2);

    let run = exec(&mut mock.finerworks(), &["images", "delete", "--yes"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.starts_with("error: nothing to delete"),
        "{run:?}"
    );
}

#[test]
fn help_explains_each_flag() {
    let run = ok(&mut finerworks(), &["images", "delete", "--help"]);
    for text in [
        "[GUID]...",
        "--from <FILE>",
        "one GUID a line",
        "-y, --yes",
        "Delete N images? [y/N]",
        "--library <LIBRARY>",
        "Exit status:",
    ] {
        assert!(run.stdout.contains(text), "--help lacks {text:?}");
    }
}

#[test]
fn guids_that_match_no_image_are_named_and_not_counted_as_deleted() {
    let mock = Mock::start(MockConfig::new().images(20));
    let gone = guids(&mock, 1);
    let nobody = "00000000-0000-4000-8000-00000000dead";
    let run = exec(
        &mut mock.finerworks(),
        &["images", "delete", nobody, &gone[0], "--yes"],
    );
    assert_eq!(run.code, 9, "{run:?}");
    assert_eq!(run.stdout, "deleted 1 image\n");
    assert_eq!(still_there(&mock, &gone), 0);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "error: deleted 1 image; 1 image not seen to be deleted",
            &format!("  {nobody}: no such image (not listed before the deletion): nothing deleted"),
        ],
        "{run:?}"
    );
    assert!(lines[2].starts_with("hint: "), "{run:?}");

    // Only unknown GUIDs: nothing is claimed.
    let run = exec(&mut mock.finerworks(), &["images", "delete", nobody, "-y"]);
    assert_eq!(run.code, 9, "{run:?}");
    assert_eq!(run.stdout, "deleted 0 images\n");
    assert_eq!(mock.server.inventory().len(), 19);
}
