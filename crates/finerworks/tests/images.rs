//! Managing the library through the SDK, against the mock: testing the keys, adding (in batches,
//! never twice), updating, deleting and waiting until new images are listed; what the SDK sent
//! is read from the mock's log.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use finerworks::{
    Client, ClientBuilder, Error, Fate, ImageField, ImageUpdate, NewImage, RequestField,
    RetryPolicy,
};
use finerworks_mock::{Fault, MockConfig, MockServer};
use uuid::Uuid;

fn builder_for(mock: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(mock.base_url())
        .web_api_key(mock.web_api_key())
        .app_key(mock.app_key())
        .session_id("images-suite-session")
        .retry(
            RetryPolicy::default()
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(5)),
        )
}

async fn mock_with(images: usize) -> MockServer {
    MockServer::start_with(MockConfig::new().images(images).seed(17).strict(true))
        .await
        .unwrap()
}

/// `n` complete images, titled `new 0`, `new 1`...
fn new_images(n: usize) -> Vec<NewImage> {
    (0..n)
        .map(|i| {
            NewImage::new()
                .title(format!("new {i}"))
                .file_name(format!("new-{i}.jpg"))
                .file_size(1_000 + i as u64)
                .pixels(1600, 2400)
                .thumbnail(
                    format!("new-{i}-t.jpg"),
                    format!("https://example.com/new-{i}-t.jpg"),
                )
                .preview(
                    format!("new-{i}-p.jpg"),
                    format!("https://example.com/new-{i}-p.jpg"),
                )
                .hires(
                    format!("new-{i}.jpg"),
                    format!("https://example.com/private/new-{i}.jpg"),
                )
        })
        .collect()
}

fn titles(images: &[finerworks::Image]) -> Vec<String> {
    images
        .iter()
        .map(|image| image.title.clone().unwrap_or_default())
        .collect()
}

fn operations(mock: &MockServer) -> Vec<String> {
    mock.requests()
        .into_iter()
        .map(|request| request.operation.unwrap_or_default())
        .collect()
}

#[tokio::test]
async fn the_keys_are_tested_with_a_get_that_carries_no_body() {
    let mock = mock_with(5).await;
    builder_for(&mock)
        .build()
        .unwrap()
        .test_credentials()
        .await
        .unwrap();
    let sent = &mock.requests()[0];
    assert_eq!(sent.method, "GET");
    assert_eq!(sent.operation.as_deref(), Some("test_my_credentials"));
    assert!(sent.body.is_none());

    let wrong = builder_for(&mock).app_key("not-the-key").build().unwrap();
    let error = wrong.test_credentials().await.unwrap_err();
    assert!(error.is_unauthorized(), "{error}");
}

#[tokio::test]
async fn twelve_images_go_in_three_calls_and_come_back_in_order() {
    let mock = mock_with(20).await;
    let client = builder_for(&mock).build().unwrap();
    let reports = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = std::sync::Arc::clone(&reports);
    let added = client
        .images()
        .add(new_images(12))
        .on_progress(move |done, total| seen.lock().unwrap().push((done, total)))
        .send()
        .await
        .unwrap();
    let mut reports = reports.lock().unwrap().clone();
    reports.sort_unstable();
    assert_eq!(reports.len(), 3, "one report a call");
    assert_eq!(reports.last(), Some(&(12, 12)));
    let expected: Vec<String> = (0..12).map(|i| format!("new {i}")).collect();
    assert_eq!(titles(&added), expected);
    assert_eq!(operations(&mock), ["add_images"; 3]);
    let sizes: Vec<usize> = mock
        .requests()
        .iter()
        .map(|request| {
            request.body.as_ref().unwrap()["images"]
                .as_array()
                .unwrap()
                .len()
        })
        .collect();
    let mut sorted = sizes.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, [2, 5, 5]);
    // The library holds each of them once.
    let guids: HashSet<Uuid> = added.iter().map(|image| image.guid.unwrap()).collect();
    assert_eq!(guids.len(), 12);
    let listed = mock
        .inventory()
        .iter()
        .filter(|image| image.guid.is_some_and(|guid| guids.contains(&guid)))
        .count();
    assert_eq!(listed, 12);
}

#[tokio::test]
async fn a_bad_image_is_named_before_anything_is_sent() {
    let mock = mock_with(5).await;
    let client = builder_for(&mock).build().unwrap();
    let mut images = new_images(7);
    images[6] = images[6].clone().private_hires_uri("file:///tmp/x.jpg");
    let error = client.images().add(images).send().await.unwrap_err();
    let Error::InvalidRequest { field, rule } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(
        *field,
        RequestField::Image {
            index: 6,
            field: ImageField::PrivateHiresUri
        }
    );
    assert!(rule.contains("http or https"), "{rule}");
    assert_eq!(
        client
            .images()
            .add(Vec::new())
            .send()
            .await
            .unwrap_err()
            .to_string(),
        "invalid request: images must hold at least 1 image"
    );
    assert_eq!(mock.request_count(), 0);
}

/// A call that may have reached FinerWorks is never sent again: its images are reported as
/// "may or may not have been added", and the other calls' images are still returned.
#[tokio::test]
async fn a_call_whose_fate_is_unknown_is_reported_not_resent() {
    for fault in [
        Fault::GatewayTimeout,
        Fault::DropConnection,
        Fault::InternalServerError,
    ] {
        let mock = mock_with(5).await;
        let client = builder_for(&mock).concurrency(1).build().unwrap();
        mock.faults().push(fault.clone());
        let error = client
            .images()
            .add(new_images(12))
            .send()
            .await
            .unwrap_err();
        let Error::AddIncomplete(report) = &error else {
            panic!("{fault:?}: {error:?}");
        };
        // Three calls, none of them sent twice.
        assert_eq!(mock.request_count(), 3, "{fault:?}");
        assert_eq!(report.failed.len(), 1, "{fault:?}");
        let failed = &report.failed[0];
        assert_eq!(failed.fate, Fate::Unknown, "{fault:?}");
        assert_eq!(failed.range, 0..5, "{fault:?}");
        assert_eq!(report.unknown().count(), 5);
        let added: Vec<usize> = report
            .images
            .iter()
            .enumerate()
            .filter_map(|(index, image)| image.as_ref().map(|_| index))
            .collect();
        assert_eq!(added, (5..12).collect::<Vec<_>>(), "{fault:?}");
        assert!(
            error.to_string().contains("may or may not have been added"),
            "{error}"
        );
    }
}

/// A 503 or a 429 is answered before anything is done: that call is sent again, once.
#[tokio::test]
async fn a_call_refused_before_it_was_processed_is_sent_again() {
    let mock = mock_with(5).await;
    let client = builder_for(&mock).build().unwrap();
    mock.faults().push(Fault::TooManyRequests {
        retry_after: Duration::ZERO,
    });
    let added = client.images().add(new_images(3)).send().await.unwrap();
    assert_eq!(added.len(), 3);
    assert_eq!(mock.request_count(), 2);
    assert_eq!(
        mock.inventory()
            .iter()
            .filter(|image| image.title.as_deref() == Some("new 0"))
            .count(),
        1
    );
}

#[tokio::test]
async fn a_refused_call_is_reported_as_not_added() {
    let mock = mock_with(5).await;
    let client = builder_for(&mock)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    mock.faults().push(Fault::ServiceUnavailable {
        retry_after: Duration::ZERO,
    });
    let error = client.images().add(new_images(2)).send().await.unwrap_err();
    let Error::AddIncomplete(report) = error else {
        panic!("an incomplete add");
    };
    assert_eq!(report.failed[0].fate, Fate::NotAdded);
    assert_eq!(report.not_added().count(), 2);
}

#[tokio::test]
async fn update_changes_titles_and_is_retried_like_a_read() {
    let mock = mock_with(10).await;
    let client = builder_for(&mock).build().unwrap();
    let target = mock.inventory()[3].guid.unwrap();
    mock.faults().push(Fault::InternalServerError);
    let updated = client
        .images()
        .update([ImageUpdate::new(target).title("Renamed")])
        .send()
        .await
        .unwrap();
    assert_eq!(titles(&updated.images), ["Renamed"]);
    assert!(updated.not_found.is_empty());
    assert_eq!(operations(&mock), ["update_images", "update_images"]);
    let image = client.images().get(target).await.unwrap().unwrap();
    assert_eq!(image.title.as_deref(), Some("Renamed"));

    let error = client
        .images()
        .update([ImageUpdate::new(target)])
        .send()
        .await
        .unwrap_err();
    assert!(error.is_invalid_input(), "{error}");
}

#[tokio::test]
async fn delete_removes_images_and_can_be_repeated() {
    let mock = mock_with(10).await;
    let client = builder_for(&mock).build().unwrap();
    let gone: Vec<Uuid> = mock.inventory()[..2]
        .iter()
        .map(|i| i.guid.unwrap())
        .collect();
    let first = client.images().delete(gone.clone()).send().await.unwrap();
    assert_eq!(first.deleted, gone);
    assert!(first.is_complete());
    // Repeating it is no error, and claims nothing: the images were already gone.
    let again = client.images().delete(gone.clone()).send().await.unwrap();
    assert!(again.deleted.is_empty());
    assert_eq!(again.not_found, gone);
    assert!(!again.is_complete());
    assert_eq!(
        client.images().get_many(gone.clone()).await.unwrap().len(),
        0
    );
    assert_eq!(mock.inventory().len(), 8);
    // Listed before and after: what was deleted is what was seen to go.
    assert_eq!(
        operations(&mock)[..3],
        ["list_images", "delete_images", "list_images"]
    );
    let sent = mock.requests()[1].body.clone().unwrap();
    assert_eq!(sent["library"]["session_id"], "images-suite-session");
    assert!(
        client
            .images()
            .delete(Vec::new())
            .send()
            .await
            .unwrap_err()
            .is_invalid_input()
    );
}

#[tokio::test]
async fn new_images_are_waited_for_until_they_are_listed() {
    let mock = MockServer::start_with(
        MockConfig::new()
            .images(5)
            .indexing_delay(Duration::from_millis(600)),
    )
    .await
    .unwrap();
    let client = builder_for(&mock).build().unwrap();
    let added = client.images().add(new_images(2)).send().await.unwrap();
    let guids: Vec<Uuid> = added.iter().map(|image| image.guid.unwrap()).collect();
    assert_eq!(
        client.images().get_many(guids.clone()).await.unwrap().len(),
        0
    );

    let error = client
        .images()
        .wait_until_listed(guids.clone(), Duration::from_millis(100))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::NotListed { missing, .. } if missing.len() == 2),
        "{error}"
    );

    let listed = client
        .images()
        .wait_until_listed(guids.clone(), Duration::from_secs(10))
        .await
        .unwrap();
    let order: Vec<Uuid> = listed.iter().map(|image| image.guid.unwrap()).collect();
    assert_eq!(order, guids);
}

#[tokio::test]
async fn more_guids_than_a_page_holds_are_all_looked_up() {
    let mock = mock_with(130).await;
    let client = builder_for(&mock).build().unwrap();
    let guids: Vec<Uuid> = mock.inventory().iter().map(|i| i.guid.unwrap()).collect();
    let found = client.images().get_many(guids.clone()).await.unwrap();
    assert_eq!(found.len(), 130);
    assert_eq!(client.images().get(Uuid::nil()).await.unwrap(), None);
}

/// The whole life of an image through the SDK: add, see it listed, change it, see the change,
/// delete it, see it gone.
#[tokio::test]
async fn add_list_update_list_delete_list() {
    let mock = mock_with(8).await;
    let client = builder_for(&mock).build().unwrap();
    let images = client.images();
    let added = images.add(new_images(2)).send().await.unwrap();
    let guids: Vec<Uuid> = added.iter().map(|image| image.guid.unwrap()).collect();
    let listed = images
        .list()
        .guid_filter(guids.clone())
        .collect_all()
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);

    images
        .update([ImageUpdate::new(guids[0])
            .title("Renamed")
            .description("Changed")])
        .send()
        .await
        .unwrap();
    let changed = images.get(guids[0]).await.unwrap().unwrap();
    assert_eq!(changed.title.as_deref(), Some("Renamed"));
    assert_eq!(changed.description.as_deref(), Some("Changed"));

    let deleted = images.delete(guids.clone()).send().await.unwrap();
    assert_eq!(deleted.deleted, guids);
    assert!(
        images
            .list()
            .guid_filter(guids)
            .collect_all()
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        operations(&mock),
        [
            "add_images",
            "list_images",
            "update_images",
            "list_images",
            "list_images",
            "delete_images",
            "list_images",
            "list_images"
        ]
    );
}

#[tokio::test]
async fn an_update_names_the_guids_that_matched_no_image_and_updates_the_others() {
    let mock = mock_with(10).await;
    let client = builder_for(&mock).build().unwrap();
    let known = mock.inventory()[2].guid();
    let unknown = Uuid::from_u128(0xdead_beef);
    let updated = client
        .images()
        .update([
            ImageUpdate::new(unknown).title("Nobody"),
            ImageUpdate::new(known).title("Somebody"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(titles(&updated.images), ["Somebody"]);
    assert_eq!(updated.not_found, [unknown]);
    let image = client.images().get(known).await.unwrap().unwrap();
    assert_eq!(image.title.as_deref(), Some("Somebody"));
}

#[tokio::test]
async fn a_delete_reports_only_the_deletions_it_saw() {
    let mock = mock_with(10).await;
    let client = builder_for(&mock).build().unwrap();
    let known = mock.inventory()[4].guid();
    let unknown = Uuid::from_u128(0xdead_beef);
    let deleted = client
        .images()
        .delete([unknown, known, unknown])
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.deleted, [known]);
    assert_eq!(deleted.not_found, [unknown]);
    assert!(deleted.still_listed.is_empty() && deleted.unchecked.is_empty());
    assert!(!deleted.is_complete());
    assert_eq!(mock.inventory().len(), 9);
    // Each GUID sent once.
    let sent = mock.requests()[1].body.clone().unwrap();
    assert_eq!(sent["guids"].as_array().unwrap().len(), 2);

    // Nothing of it is listed: the deletion is still sent, and nothing is claimed.
    let nothing = client.images().delete([unknown]).send().await.unwrap();
    assert!(nothing.deleted.is_empty());
    assert_eq!(nothing.not_found, [unknown]);
}

#[tokio::test]
async fn the_debug_of_a_large_incomplete_add_stays_short() {
    let mock = mock_with(0).await;
    let client = builder_for(&mock).concurrency(4).build().unwrap();
    // Every call fails after the server may have acted: 200 images, 40 calls, all unknown.
    for _ in 0..40 {
        mock.faults().push(Fault::InternalServerError);
    }
    let error = client
        .images()
        .add(new_images(200))
        .send()
        .await
        .unwrap_err();
    let Error::AddIncomplete(report) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(report.unknown().count(), 200);
    assert_eq!(report.failed.len(), 40);
    let debug = format!("{error:?}");
    assert!(debug.len() < 4096, "{} bytes: {debug}", debug.len());
    assert!(debug.contains("unknown: 200"), "{debug}");
    assert!(debug.contains("failed_calls: 40"), "{debug}");
}

#[tokio::test]
async fn an_interrupted_add_sends_nothing_more_and_reports_every_image() {
    // Each call takes long enough to be in flight when the interrupt comes.
    let mock = Arc::new(
        MockServer::start_with(
            MockConfig::new()
                .images(0)
                .seed(17)
                .latency(Duration::from_secs(60)),
        )
        .await
        .unwrap(),
    );
    let client = builder_for(&mock).concurrency(2).build().unwrap();
    let server = Arc::clone(&mock);
    // Interrupts once both calls of the first round have reached the server.
    let requests = Arc::new(AtomicU64::new(0));
    let seen = Arc::clone(&requests);
    let counting = Arc::clone(&mock);
    let interrupt = async move {
        while counting.request_count() < 2 {
            tokio::task::yield_now().await;
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        seen.store(counting.request_count(), Ordering::SeqCst);
    };
    let error = client
        .images()
        .add(new_images(20))
        .interrupt_on(interrupt)
        .send()
        .await
        .unwrap_err();
    let Error::AddIncomplete(report) = &error else {
        panic!("{error:?}");
    };
    // The two calls in flight may have been acted on; the two not sent certainly were not.
    assert_eq!(report.added().count(), 0);
    assert_eq!(report.unknown().count(), 10);
    assert_eq!(report.not_added().count(), 10);
    let fates: Vec<(Fate, String)> = report
        .failed
        .iter()
        .map(|batch| (batch.fate, batch.error.to_string()))
        .collect();
    assert_eq!(
        fates,
        [
            (
                Fate::Unknown,
                "interrupted while the call was in flight: its answer never arrived".to_owned()
            ),
            (
                Fate::Unknown,
                "interrupted while the call was in flight: its answer never arrived".to_owned()
            ),
            (
                Fate::NotAdded,
                "interrupted before the call was sent".to_owned()
            ),
            (
                Fate::NotAdded,
                "interrupted before the call was sent".to_owned()
            ),
        ]
    );
    // No call started after the interrupt.
    assert_eq!(server.request_count(), requests.load(Ordering::SeqCst));
    assert_eq!(server.request_count(), 2);
}
