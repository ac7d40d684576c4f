//! The library as a user changes it with `finerworks`: add, list, update, list, delete, list,
//! against one mock server.

use crate::support;

use finerworks_mock::MockConfig;
use support::{Mock, TempDir, ndjson, new_image, new_image_csv, ok, titles};

#[test]
fn add_list_update_list_delete_list() {
    let mock = Mock::start(MockConfig::new().images(25).seed(12).strict(true));
    let dir = TempDir::new();
    let path = dir.file("new.csv", &new_image_csv(&[new_image(1), new_image(2)]));

    let added = ndjson(
        &ok(
            &mut mock.finerworks(),
            &["images", "add", "--from", &path, "--format", "ndjson"],
        )
        .stdout,
    );
    let guids: Vec<String> = added
        .iter()
        .map(|image| image["guid"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(guids.len(), 2);
    let both = guids.join(",");
    let list = |mock: &Mock| {
        ok(
            &mut mock.finerworks(),
            &[
                "images",
                "list",
                "--guid",
                &both,
                "--sort",
                "id",
                "--direction",
                "asc",
                "--format",
                "ndjson",
            ],
        )
        .stdout
    };
    assert_eq!(titles(&list(&mock)), ["Test image 1", "Test image 2"]);
    // The newest first, by default.
    let newest = ok(
        &mut mock.finerworks(),
        &["images", "list", "--per-page", "2", "--format", "ndjson"],
    );
    assert_eq!(titles(&newest.stdout), ["Test image 2", "Test image 1"]);

    ok(
        &mut mock.finerworks(),
        &["images", "update", &guids[0], "--title", "Renamed"],
    );
    assert_eq!(titles(&list(&mock)), ["Renamed", "Test image 2"]);

    let run = ok(
        &mut mock.finerworks(),
        &["images", "delete", &guids[0], &guids[1], "--yes"],
    );
    assert_eq!(run.stdout, "deleted 2 images\n");
    assert!(list(&mock).is_empty());
    let table = ok(&mut mock.finerworks(), &["images", "list", "--guid", &both]);
    assert_eq!(table.stdout, "no images match\n");
    assert_eq!(mock.server.inventory().len(), 25);
}
