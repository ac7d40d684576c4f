//! Bad input is refused before any request is sent, naming the field or setting; what the rules
//! allow is sent as given (property-tested from a fixed seed).

use crate::support;

use chrono::NaiveDate;
use finerworks::{Client, Error, Library, RequestField, Setting};
use futures_util::StreamExt as _;
use support::client::{builder_for, client_for, fast_retries, mock_with};

// ---------------------------------------------------------------------------------------------
// Bad input is refused before any request is sent.

#[tokio::test]
async fn bad_input_fails_before_any_request() {
    let mock = mock_with(10).await;
    let client = client_for(&mock);
    let jan = |day| NaiveDate::from_ymd_opt(2025, 1, day).unwrap();
    let cases: Vec<(finerworks::ListImages, RequestField, &str)> = vec![
        (
            client.images().list().per_page(0),
            RequestField::PerPage,
            "between 1 and 50",
        ),
        (
            client.images().list().per_page(51),
            RequestField::PerPage,
            "between 1 and 50 (got 51)",
        ),
        (
            client.images().list().page_number(0),
            RequestField::PageNumber,
            "between 1 and 2147483647 (got 0",
        ),
        (
            // The API reads page_number as a .NET int.
            client.images().list().page_number(1 << 31),
            RequestField::PageNumber,
            "between 1 and 2147483647 (got 2147483648",
        ),
        (
            client.images().list().library(Library::new("short", 2)),
            RequestField::SessionId,
            "8 to 50 characters long (got 5)",
        ),
        (
            client
                .images()
                .list()
                .library(Library::new("x".repeat(51), 2)),
            RequestField::SessionId,
            "(got 51)",
        ),
        (
            client
                .images()
                .list()
                .upload_date_from(jan(20))
                .upload_date_to(jan(10)),
            RequestField::UploadDateFrom,
            "must not be after upload_date_to",
        ),
    ];
    for (request, field, rule) in cases {
        for error in [
            request.clone().send().await.unwrap_err(),
            request.clone().pages().next().await.unwrap().unwrap_err(),
            request.collect_all().await.unwrap_err(),
        ] {
            let Error::InvalidRequest {
                field: named,
                rule: said,
            } = &error
            else {
                panic!("{error:?}")
            };
            assert_eq!(*named, field);
            assert!(said.contains(rule), "{said}");
            assert!(error.is_invalid_input());
        }
    }
    assert_eq!(mock.request_count(), 0);
}

#[tokio::test]
async fn a_refused_connection_says_so_in_one_line() {
    // Bind a port, then free it: nothing listens there any more.
    let address = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .web_api_key("k")
        .app_key("k")
        .retry(fast_retries().with_max_attempts(2))
        .build()
        .unwrap();
    let error = client.images().list().send().await.unwrap_err();
    assert!(
        matches!(error, Error::Transport { attempts: 2, .. }),
        "{error:?}"
    );
    let text = error.to_string();
    assert!(
        text.starts_with("transport error after 2 attempt(s): "),
        "{text}"
    );
    assert!(text.to_lowercase().contains("refused"), "{text}");
    assert!(!text.contains('\n'), "{text}");
}

#[tokio::test]
async fn a_key_that_is_not_a_header_value_fails_before_any_request() {
    let mock = mock_with(10).await;
    for (web, app, setting) in [
        ("bad key\n", "fine", Setting::WebApiKey),
        ("fine", "caf\u{e9}", Setting::AppKey),
        ("", "fine", Setting::WebApiKey),
    ] {
        let error = builder_for(&mock)
            .web_api_key(web)
            .app_key(app)
            .build()
            .unwrap_err();
        assert!(
            matches!(&error, Error::Config { setting: s, .. } if *s == setting),
            "{error:?}"
        );
    }
    assert_eq!(mock.request_count(), 0);
}

// ---------------------------------------------------------------------------------------------
// Request building, property-tested: validation accepts exactly what the API's rules allow, names
// the first rule broken, and what is accepted is sent as given.

mod request_properties {
    use chrono::{Days, NaiveDate};
    use finerworks::limits::list_images_request::PAGE_NUMBER_MAX;
    use finerworks::{Client, Error, Library, RequestField, SortDirection, SortField};
    use proptest::prelude::*;
    use uuid::Uuid;

    fn client() -> Client {
        // Nothing is sent by `to_request`; the address is never contacted.
        Client::builder()
            .base_url("http://127.0.0.1:9")
            .web_api_key("k")
            .app_key("k")
            .build()
            .unwrap()
    }

    fn sort_field() -> impl Strategy<Value = Option<SortField>> {
        prop::option::of(prop::sample::select(vec![
            SortField::Id,
            SortField::Title,
            SortField::FileName,
            SortField::FileSize,
            SortField::DateAdded,
        ]))
    }

    proptest! {
        // A fixed seed: a failure replays the same cases on every machine.
        #![proptest_config(ProptestConfig {
            cases: 512,
            failure_persistence: None,
            rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed_f1e2),
            ..ProptestConfig::default()
        })]

        #[test]
        fn validation_matches_the_api_rules(
            // Both ends of the range: 0, and around the .NET int's maximum.
            page in prop::option::of(prop_oneof![
                0_u32..5,
                (PAGE_NUMBER_MAX - 2)..=(PAGE_NUMBER_MAX + 2),
            ]),
            per_page in prop::option::of(0_u32..80),
            session_length in 0_usize..60,
            from_offset in prop::option::of(0_u64..60),
            to_offset in prop::option::of(0_u64..60),
            search in prop::option::of(".{0,20}"),
            guids in prop::option::of(prop::collection::vec(any::<u128>(), 0..4)),
            field in sort_field(),
            ascending in any::<bool>(),
            active in prop::option::of(any::<bool>()),
            products in prop::option::of(any::<bool>()),
        ) {
            let base = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
            let from = from_offset.map(|d| base + Days::new(d));
            let to = to_offset.map(|d| base + Days::new(d));
            let session: String = "s".repeat(session_length);
            let mut request = client().images().list().library(Library::new(session.clone(), 2));
            if let Some(page) = page { request = request.page_number(page); }
            if let Some(per_page) = per_page { request = request.per_page(per_page); }
            if let Some(from) = from { request = request.upload_date_from(from); }
            if let Some(to) = to { request = request.upload_date_to(to); }
            if let Some(search) = &search { request = request.search_filter(search.clone()); }
            let guids: Option<Vec<Uuid>> = guids.map(|g| g.into_iter().map(Uuid::from_u128).collect());
            if let Some(guids) = &guids { request = request.guid_filter(guids.iter().copied()); }
            if let Some(field) = field { request = request.sort_field(field); }
            let direction = if ascending { SortDirection::Asc } else { SortDirection::Desc };
            request = request.sort_direction(direction);
            if let Some(active) = active { request = request.active(active); }
            if let Some(products) = products { request = request.list_products(products); }

            // The rules, in the order the client checks them.
            let broken: Vec<RequestField> = [
                (RequestField::PageNumber, page.is_some_and(|p| p == 0 || p > PAGE_NUMBER_MAX)),
                (RequestField::PerPage, per_page.is_some_and(|p| !(1..=50).contains(&p))),
                (RequestField::UploadDateFrom, matches!((from, to), (Some(f), Some(t)) if f > t)),
                (RequestField::SessionId, !(8..=50).contains(&session_length)),
            ]
            .into_iter()
            .filter_map(|(field, broken)| broken.then_some(field))
            .collect();

            match request.to_request() {
                Ok(built) => {
                    prop_assert!(broken.is_empty(), "accepted despite {broken:?}");
                    let sent = serde_json::to_value(&built).unwrap();
                    prop_assert_eq!(&sent["library"]["session_id"], &serde_json::json!(session));
                    prop_assert_eq!(sent.get("page_number").and_then(|v| v.as_u64()), page.map(u64::from));
                    prop_assert_eq!(sent.get("per_page").and_then(|v| v.as_u64()), per_page.map(u64::from));
                    prop_assert_eq!(sent.get("search_filter").and_then(|v| v.as_str()), search.as_deref());
                    prop_assert_eq!(&sent["sort_direction"], &serde_json::json!(if ascending { "ASC" } else { "DESC" }));
                    prop_assert_eq!(built.guid_filter.clone(), guids);
                    prop_assert_eq!(built.upload_date_from, from);
                    prop_assert_eq!(built.upload_date_to, to);
                    prop_assert_eq!(built.list_products, products);
                    prop_assert_eq!(built.sort_field, field);
                    prop_assert_eq!(built.active, active);
                    // What is sent decodes back to the same request.
                    let decoded: finerworks_api::types::ListImagesRequest = serde_json::from_value(sent).unwrap();
                    prop_assert_eq!(decoded, built);
                }
                Err(Error::InvalidRequest { field, rule }) => {
                    prop_assert_eq!(Some(&field), broken.first(), "{}", rule);
                }
                Err(other) => prop_assert!(false, "unexpected error {other:?}"),
            }
        }
    }
}
