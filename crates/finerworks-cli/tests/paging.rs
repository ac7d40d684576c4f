//! `finerworks images list --all` under every reading of what the FinerWorks docs leave open about
//! paging (`finerworks_mock::Reading::PAGING`): each image is printed exactly once, in order, and
//! the command succeeds, whatever `count` says and however many images a page really holds. The
//! mock checks every request body against the spec.

use crate::support;

use finerworks_mock::{MockConfig, Reading};
use support::{Mock, ndjson, ok};

#[test]
fn all_lists_every_image_once_under_every_reading() {
    for reading in Reading::PAGING {
        let mock = Mock::start(reading.apply(MockConfig::new().images(300).seed(8).strict(true)));
        // 137 of the 300 images, by a seeded shuffle, so that a count of the whole library
        // is larger than the truth.
        let mut rng = fastrand::Rng::with_seed(8);
        let mut chosen: Vec<_> = mock.inventory().iter().collect();
        rng.shuffle(&mut chosen);
        chosen.truncate(137);
        let filter: Vec<String> = chosen
            .iter()
            .map(|image| image.guid.unwrap().to_string())
            .collect();
        chosen.sort_by_key(|image| std::cmp::Reverse(image.id));
        let expected: Vec<String> = chosen
            .iter()
            .map(|image| image.guid.unwrap().to_string())
            .collect();

        let guids = filter.join(",");
        for per_page in ["50", "10"] {
            let args = [
                "images",
                "list",
                "--all",
                "--format",
                "ndjson",
                "--per-page",
                per_page,
                "--guid",
                &guids,
            ];
            let run = ok(&mut mock.finerworks(), &args);
            let listed: Vec<String> = ndjson(&run.stdout)
                .iter()
                .map(|image| image["guid"].as_str().unwrap().to_owned())
                .collect();
            assert_eq!(listed, expected, "{} at {per_page} a page", reading.name);
        }

        // The table's summary agrees with its rows, whatever `count` said.
        let run = ok(
            &mut mock.finerworks(),
            &["images", "list", "--all", "--guid", &guids],
        );
        let summary = run.stdout.lines().last().unwrap();
        assert!(
            summary.starts_with("showing 137 "),
            "{}: {summary}",
            reading.name
        );
    }
}
