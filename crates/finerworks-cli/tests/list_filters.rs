//! `finerworks images list` run as a process: each filter and the sort order list exactly the
//! images of the mock's seeded library they should.

use crate::support;

use finerworks_mock::MockConfig;
use serde_json::Value;
use std::collections::BTreeSet;
use support::{Mock, guids, guids_of, ndjson, ok};

/// Every image `args` lists, through `--all --format ndjson`.
fn list_all(mock: &Mock, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["images", "list", "--all", "--format", "ndjson"];
    all.extend_from_slice(args);
    ndjson(&ok(&mut mock.finerworks(), &all).stdout)
}

#[test]
fn search_narrows_to_titles_and_descriptions_containing_the_text() {
    let mock = Mock::start(MockConfig::new().images(200).seed(21));
    let expected = mock.inventory().iter().filter(|image| {
        let has = |text: &Option<String>| {
            text.as_deref()
                .is_some_and(|text| text.to_lowercase().contains("harbor"))
        };
        has(&image.title) || has(&image.description)
    });
    let expected = guids_of(expected);
    assert!(
        !expected.is_empty() && expected.len() < 200,
        "a useful test needs some matches"
    );
    assert_eq!(guids(&list_all(&mock, &["--search", "Harbor"])), expected);
}

#[test]
fn active_and_inactive_split_the_library() {
    let mock = Mock::start(MockConfig::new().images(150).seed(8));
    let active = guids_of(mock.inventory().iter().filter(|i| i.active == Some(true)));
    let inactive = guids_of(mock.inventory().iter().filter(|i| i.active == Some(false)));
    assert!(!inactive.is_empty());
    assert_eq!(guids(&list_all(&mock, &["--active"])), active);
    assert_eq!(guids(&list_all(&mock, &["--inactive"])), inactive);
}

#[test]
fn library_temporary_lists_the_session_uploads() {
    let mock = Mock::start(MockConfig::new().images(100).seed(2));
    let listed = list_all(
        &mock,
        &["--library", "temporary", "--session-id", "session-0001"],
    );
    assert_eq!(guids(&listed), guids_of(mock.server.dataset().temporary()));
}

#[test]
fn guids_given_repeated_or_comma_separated_list_exactly_those_images() {
    let mock = Mock::start(MockConfig::new().images(60).seed(4));
    let [a, b, c] = [3, 17, 42].map(|i| mock.inventory()[i].guid.unwrap().to_string());
    let listed = list_all(&mock, &["--guid", &format!("{a},{b}"), "--guid", &c]);
    assert_eq!(guids(&listed), BTreeSet::from([a, b, c]));
}

#[test]
fn upload_dates_bound_the_listing_inclusively() {
    let mock = Mock::start(MockConfig::new().images(300).seed(9));
    let (from, to) = ("2021-01-01", "2021-12-31");
    let expected = guids_of(mock.inventory().iter().filter(|image| {
        let day = image.date_added.unwrap().naive_local().date().to_string();
        (from..=to).contains(&day.as_str())
    }));
    assert!(!expected.is_empty());
    let listed = list_all(&mock, &["--uploaded-from", from, "--uploaded-to", to]);
    assert_eq!(guids(&listed), expected);
}

#[test]
fn sorting_by_title_ascending_accepts_the_api_spellings() {
    let mock = Mock::start(MockConfig::new().images(30).seed(6));
    for (sort, direction) in [("title", "asc"), ("title", "ASC")] {
        let titles: Vec<String> = list_all(&mock, &["--sort", sort, "--direction", direction])
            .iter()
            .map(|image| image["title"].as_str().unwrap().to_lowercase())
            .collect();
        let mut sorted = titles.clone();
        sorted.sort();
        assert_eq!(titles, sorted);
    }
    let run = ok(
        &mut mock.finerworks(),
        &[
            "images",
            "list",
            "--sort",
            "date_added",
            "--format",
            "ndjson",
        ],
    );
    assert_eq!(
        ndjson(&run.stdout).len(),
        10,
        "10 a page unless told otherwise"
    );
}

#[test]
fn flags_win_over_the_environment() {
    let mock = Mock::start(MockConfig::new().images(12));
    let run = ok(
        mock.finerworks()
            .env("FINERWORKS_BASE_URL", "not a url: flags override it")
            .env("FINERWORKS_WEB_API_KEY", "a-stale-web-api-key")
            .env("FINERWORKS_SESSION_ID", "short"),
        &[
            "images",
            "list",
            "--base-url",
            mock.server.base_url(),
            "--web-api-key",
            mock.server.web_api_key(),
            "--session-id",
            "a-session-of-mine",
            "--format",
            "ndjson",
            "--per-page",
            "50",
        ],
    );
    assert_eq!(ndjson(&run.stdout).len(), 12);
}
