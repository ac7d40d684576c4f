//! Scale and concurrency: 10,000 images through transient faults, and 64 tasks sharing one client.

use crate::support;

use std::collections::HashSet;
use std::time::Duration;

use finerworks::Error;
use finerworks_mock::{MockConfig, MockServer};
use futures_util::TryStreamExt as _;
use support::client::{builder_for, client_for, fast_retries, guids, mock_with};
use uuid::Uuid;

// ---------------------------------------------------------------------------------------------
// Scale and concurrency.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_over_10000_images_with_transient_faults_yields_each_guid_once() {
    let mock = MockServer::start_with(
        MockConfig::new()
            .images(10_000)
            .seed(11)
            .random_faults(0.2, 99),
    )
    .await
    .unwrap();
    let client = builder_for(&mock)
        .concurrency(8)
        // The mock's random 429s and 503s ask for a second; waiting 20 ms instead keeps this
        // about paging at scale rather than about waiting (the pacer spreads requests over the
        // wait it is given, so it stays short too).
        .retry(
            fast_retries()
                .with_max_attempts(12)
                .with_max_retry_after(Duration::from_millis(20)),
        )
        .build()
        .unwrap();
    let streamed: Vec<Uuid> = client
        .images()
        .list()
        .list_products(true)
        .stream()
        .map_ok(|image| image.guid.unwrap())
        .try_collect()
        .await
        .unwrap();
    let unique: HashSet<Uuid> = streamed.iter().copied().collect();
    assert_eq!(streamed.len(), 10_000);
    assert_eq!(unique.len(), 10_000);
    assert_eq!(
        unique,
        guids(mock.dataset().inventory()).into_iter().collect()
    );
    // 200 pages, and some of them needed more than one attempt. The last page is full (10,000
    // is a multiple of 50), so one more request makes sure nothing follows it; then page 1 and
    // the probe (page 200) are read again to check that the library did not change.
    let faulted = mock.requests().iter().filter(|r| r.fault.is_some()).count() as u64;
    assert!(faulted > 0);
    assert_eq!(mock.request_count(), 203 + faulted);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_tasks_share_one_client_for_2000_requests() {
    let mock = mock_with(500).await;
    let client = client_for(&mock);
    let tasks: Vec<_> = (0..64)
        .map(|task| {
            let client = client.clone();
            tokio::spawn(async move {
                let mut images = 0;
                for n in 0..(2_000 / 64 + usize::from(task < 2_000 % 64)) {
                    let page = client
                        .images()
                        .list()
                        .page_number(u32::try_from(n % 10 + 1).unwrap())
                        .per_page(50)
                        .send()
                        .await?;
                    images += page.items.len();
                }
                Ok::<_, Error>(images)
            })
        })
        .collect();
    let mut total = 0;
    for task in tasks {
        total += task.await.expect("task").expect("requests succeed");
    }
    assert_eq!(mock.request_count(), 2_000);
    assert_eq!(total, 2_000 * 50);
}
