//! `finerworks images update` run as a process: new titles and descriptions from flags and from
//! files, the updated images printed, and the products FinerWorks removes said plainly.

use crate::support;

use finerworks_mock::MockConfig;
use serde_json::Value;
use support::{Mock, TempDir, exec, exec_with_stdin, finerworks, ndjson, ok, titles};

/// GUIDs of inventory images that have products.
fn with_products(mock: &Mock, n: usize) -> Vec<String> {
    let guids: Vec<String> = mock
        .server
        .inventory()
        .into_iter()
        .filter(|image| image.products.as_ref().is_some_and(|p| !p.is_empty()))
        .take(n)
        .map(|image| image.guid.unwrap().to_string())
        .collect();
    assert_eq!(guids.len(), n, "the seed gives images with products");
    guids
}

fn stored(mock: &Mock, guid: &str) -> finerworks::Image {
    mock.server
        .inventory()
        .into_iter()
        .find(|image| image.guid.unwrap().to_string() == guid)
        .expect("the image is still there")
}

#[test]
fn update_prints_the_new_title_and_says_the_products_are_gone() {
    let mock = Mock::start(MockConfig::new().images(30).seed(3));
    let [guid] = <[String; 1]>::try_from(with_products(&mock, 1)).unwrap();
    let before = stored(&mock, &guid);
    let run = ok(
        &mut mock.finerworks(),
        &[
            "images",
            "update",
            &guid,
            "--title",
            "Harbor, second edition",
        ],
    );
    assert!(run.stdout.contains("Harbor, second edition"), "{run:?}");
    assert!(run.stdout.ends_with("\nupdated 1 image\n"), "{run:?}");
    assert!(
        run.stderr
            .contains("removes the virtual inventory products of every inventory image it updates"),
        "{run:?}"
    );
    let after = stored(&mock, &guid);
    assert_eq!(after.title.as_deref(), Some("Harbor, second edition"));
    assert_eq!(
        after.description, before.description,
        "only the title changed"
    );
    assert_eq!(
        after.products.map(|p| p.len()),
        Some(0),
        "as FinerWorks documents"
    );
}

#[test]
fn rows_of_a_file_update_several_images() {
    let mock = Mock::start(MockConfig::new().images(30).seed(3));
    let guids = with_products(&mock, 2);
    let dir = TempDir::new();
    let csv = format!(
        "guid,title,description\n{},First,\n{},,Only the description\n",
        guids[0], guids[1]
    );
    let path = dir.file("updates.csv", &csv);
    let run = ok(
        &mut mock.finerworks(),
        &["images", "update", "--from", &path, "--format", "ndjson"],
    );
    let images = ndjson(&run.stdout);
    assert_eq!(images.len(), 2, "{run:?}");
    assert_eq!(images[0]["title"], "First");
    assert_eq!(images[1]["description"], "Only the description");
    assert_eq!(
        stored(&mock, &guids[1]).title,
        mock.server
            .dataset()
            .inventory()
            .iter()
            .find(|image| image.guid.unwrap().to_string() == guids[1])
            .unwrap()
            .title,
        "an empty cell changes nothing"
    );

    // NDJSON on stdin.
    let rows = format!("{{\"guid\": \"{}\", \"title\": \"Third\"}}\n", guids[0]);
    let run = exec_with_stdin(
        &mut mock.finerworks(),
        &["images", "update", "--from", "-", "--format", "ndjson"],
        &rows,
    );
    assert_eq!(titles(&run.stdout), ["Third"], "{run:?}");
}

#[test]
fn a_row_that_changes_nothing_is_skipped_and_named() {
    let mock = Mock::start(MockConfig::new().images(30).seed(3));
    let guids = with_products(&mock, 2);
    let dir = TempDir::new();
    let path = dir.file(
        "updates.csv",
        &format!("guid,title\n{},New\n{},\n", guids[0], guids[1]),
    );
    let run = ok(
        &mut mock.finerworks(),
        &["images", "update", "--from", &path, "-f", "ndjson"],
    );
    assert_eq!(titles(&run.stdout), ["New"], "{run:?}");
    assert!(
        run.stderr.contains(&format!(
            "note: {path}: skipped 1 row with nothing to change (no title, no description): \
             line 3"
        )),
        "{run:?}"
    );
    let before = mock.server.request_count();

    // A file in which no row changes anything is refused whole.
    let path = dir.file("nothing.csv", &format!("guid,title\n{},\n", guids[1]));
    let run = exec(
        &mut mock.finerworks(),
        &["images", "update", "--from", &path],
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stderr.contains(&format!(
            "error: {path} holds no updates with something to change"
        )),
        "{run:?}"
    );
    let path = dir.file(
        "updates.ndjson",
        "{\"guid\": \"not-a-guid\", \"title\": \"x\"}\n",
    );
    let run = exec(
        &mut mock.finerworks(),
        &["images", "update", "--from", &path],
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert!(
        run.stderr.contains("line 1: guid cannot be read"),
        "{run:?}"
    );

    // From flags, a GUID needs something to change.
    let run = exec(&mut mock.finerworks(), &["images", "update", &guids[0]]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("--title"), "{run:?}");
    assert_eq!(mock.server.request_count(), before, "nothing more was sent");
}

/// The CSV of a listing, its titles edited in a spreadsheet, goes back as it is: the columns
/// an update does not read are named, and titles guarded against formulas come back unguarded.
#[test]
fn the_csv_of_a_listing_is_read_back_as_updates() {
    let mock = Mock::start(MockConfig::new().images(12).seed(5));
    let guids = with_products(&mock, 2);
    let formula = "=HYPERLINK(\"http://x\")";
    let run = ok(
        &mut mock.finerworks(),
        &["images", "update", &guids[1], "--title", formula],
    );
    assert!(run.stdout.contains("updated 1 image"), "{run:?}");
    let listed = ok(
        &mut mock.finerworks(),
        &[
            "images",
            "list",
            "--guid",
            &guids.join(","),
            "--format",
            "csv",
        ],
    );
    assert!(
        listed.stdout.contains("\"'=HYPERLINK("),
        "guarded: {listed:?}"
    );
    // A spreadsheet's edit: the first title changes, the second stays as it was listed.
    let mut reader = csv::Reader::from_reader(listed.stdout.as_bytes());
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(reader.headers().unwrap()).unwrap();
    for row in reader.records() {
        let row = row.unwrap();
        let mut cells: Vec<String> = row.iter().map(str::to_owned).collect();
        if cells[2] == guids[0] {
            cells[1] = "Harbor, edited in a spreadsheet".to_owned();
        }
        writer.write_record(&cells).unwrap();
    }
    let edited = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    let dir = TempDir::new();
    let path = dir.file("images.csv", &edited);
    let run = ok(
        &mut mock.finerworks(),
        &["images", "update", "--from", &path, "-f", "ndjson"],
    );
    assert_eq!(run.stdout.lines().count(), 2, "{run:?}");
    assert!(
        run.stderr.contains(&format!(
            "note: {path}: the columns id, file_name, file_size, pix_w, pix_h, date_added, \
             active are not read (updates have only guid, title, description)"
        )),
        "{run:?}"
    );
    assert_eq!(
        stored(&mock, &guids[0]).title.as_deref(),
        Some("Harbor, edited in a spreadsheet")
    );
    assert_eq!(
        stored(&mock, &guids[1]).title.as_deref(),
        Some(formula),
        "the guard is not part of the title"
    );
}

#[test]
fn the_demo_updates_its_own_images_found_by_their_stable_guids() {
    let run = ok(
        &mut finerworks(),
        &[
            "images",
            "list",
            "--demo",
            "--per-page",
            "1",
            "--format",
            "json",
        ],
    );
    let listed: Value = serde_json::from_str(&run.stdout).unwrap();
    let guid = listed["images"][0]["guid"].as_str().unwrap().to_owned();
    let run = ok(
        &mut finerworks(),
        &[
            "images",
            "update",
            "--demo",
            &guid,
            "--description",
            "Changed",
            "--format",
            "json",
        ],
    );
    let updated: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(updated["images"][0]["guid"], guid.as_str());
    assert_eq!(updated["images"][0]["description"], "Changed");
}

#[test]
fn help_explains_each_flag_and_the_products_removed() {
    let run = ok(&mut finerworks(), &["images", "update", "--help"]);
    for text in [
        "[GUID]",
        "--title <TEXT>",
        "--description <TEXT>",
        "--from <FILE>",
        "guid, title and",
        "--input-format <FORMAT>",
        "--account-key <KEY>",
        "--format <FORMAT>",
        "Removes the virtual inventory",
        "Exit status:",
    ] {
        assert!(run.stdout.contains(text), "--help lacks {text:?}");
    }
    let run = ok(&mut finerworks(), &["images", "--help"]);
    assert!(
        run.stdout.contains("Removes the virtual inventory"),
        "{}",
        run.stdout
    );
}

#[test]
fn guids_that_match_no_image_are_named_and_the_others_still_updated() {
    let mock = Mock::start(MockConfig::new().images(30).seed(3));
    let known = mock.server.inventory()[5].guid.unwrap().to_string();
    let nobody = "00000000-0000-4000-8000-00000000dead";
    let dir = TempDir::new();
    let path = dir.file(
        "updates.csv",
        &format!("guid,title\n{nobody},Nobody\n{known},Somebody\n"),
    );
    let run = exec(
        &mut mock.finerworks(),
        &["images", "update", "--from", &path, "--format", "ndjson"],
    );
    assert_eq!(run.code, 9, "{run:?}");
    assert_eq!(support::titles(&run.stdout), ["Somebody"]);
    assert!(
        run.stderr.contains(&format!(
            "error: 1 of the GUIDs given matched no image; updated 1 image\n  {nobody}: no such \
             image; nothing updated\n"
        )),
        "{run:?}"
    );
    assert_eq!(stored(&mock, &known).title.as_deref(), Some("Somebody"));

    // One unknown GUID alone: nothing updated, and no note about products removed.
    let run = exec(
        &mut mock.finerworks(),
        &["images", "update", nobody, "--title", "x"],
    );
    assert_eq!(run.code, 9, "{run:?}");
    assert!(!run.stderr.contains("products"), "{run:?}");
    assert!(run.stderr.contains(nobody), "{run:?}");
}

/// A row without the GUID of the image to change is refused, naming its line, before anything
/// is sent (the spec requires `guid`).
#[test]
fn a_row_without_a_guid_is_named_and_nothing_is_sent() {
    let mock = Mock::start(MockConfig::new().images(10).seed(3));
    let guid = mock.inventory()[0].guid.unwrap().to_string();
    let dir = TempDir::new();
    let path = dir.file(
        "updates.csv",
        &format!("guid,title\n{guid},First\n,Second\n"),
    );
    let run = exec(
        &mut mock.finerworks(),
        &["images", "update", "--from", &path],
    );
    assert_eq!(run.code, 3, "{run:?}");
    assert_eq!(
        run.stderr,
        format!("error: {path} line 3: guid is required\n")
    );
    assert_eq!(mock.server.request_count(), 0, "nothing was sent");
}
