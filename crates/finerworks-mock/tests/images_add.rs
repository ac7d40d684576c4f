//! `POST /v3/add_images`: the vendor's example adds its image at the top of the library, with a
//! new id, guid and date; up to the spec's limit a call, in the library named; listed at once, or
//! after the indexing delay.

use crate::support;

use std::time::Duration;

use finerworks_api::limits::add_images_request::{IMAGES_MAX_ITEMS, IMAGES_MIN_ITEMS};
use finerworks_mock::MockConfig;
use serde_json::{Value, json};
use uuid::Uuid;

use support::{
    body, call_ok, call_text, list, listed, raw_guids, refused, start, start_with, vendor,
    vendor_text,
};

/// The highest id the server started with.
fn top_id(server: &finerworks_mock::MockServer) -> i64 {
    let data = server.dataset();
    data.inventory()
        .iter()
        .chain(data.temporary())
        .filter_map(|image| image.id)
        .max()
        .unwrap()
}

#[tokio::test]
async fn the_vendor_example_adds_its_image_at_the_top() {
    let server = start().await;
    let response = call_text(&server, "add_images", Some(vendor_text("add_images"))).await;
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    let answer: Value = response.json().await.unwrap();
    support::assert_conforms(&answer, "images_response");
    assert_eq!(answer["status"]["success"], true);

    let sent = &vendor("add_images")["images"][0];
    let added = &answer["images"][0];
    assert_eq!(answer["images"].as_array().unwrap().len(), 1);
    for (field, value) in sent.as_object().unwrap() {
        assert_eq!(&added[field], value, "{field}");
    }
    assert_eq!(added["id"], top_id(&server) + 1);
    assert!(Uuid::parse_str(added["guid"].as_str().unwrap()).is_ok());
    assert_eq!(added["active"], true);
    assert_eq!(added["products"], json!([]));
    assert_eq!(added["date_expires"], Value::Null);
    // A .NET timestamp: 7 fractional digits and Texas' offset.
    let date = added["date_added"].as_str().unwrap();
    let (_, fraction) = date.split_once('.').unwrap();
    assert_eq!(fraction.len(), "1234567-05:00".len(), "{date}");
    assert!(
        fraction.ends_with("-05:00") || fraction.ends_with("-06:00"),
        "{date}"
    );

    // Listed first in the default order (id descending), and counted.
    let (_, page) = list(&server, &body(json!({}))).await;
    let first = &support::images(&page)[0];
    assert_eq!(
        first.guid.map(|g| g.to_string()),
        added["guid"].as_str().map(str::to_owned)
    );
    assert_eq!(
        page.count,
        Some(server.dataset().inventory().len() as i64 + 1)
    );
    assert_eq!(
        server.inventory().len(),
        server.dataset().inventory().len() + 1
    );
}

#[tokio::test]
async fn images_come_back_in_the_order_sent_in_the_library_named() {
    let server = start().await;
    let mut request = vendor("add_images");
    let image = request["images"][0].clone();
    let images: Vec<Value> = (0..IMAGES_MAX_ITEMS)
        .map(|n| {
            let mut image = image.clone();
            image["title"] = json!(format!("Upload {n}"));
            image
        })
        .collect();
    request["images"] = json!(images);
    request["library"]["name"] = json!("temporary");
    let answer = call_ok(&server, "add_images", &request, "images_response").await;
    let titles: Vec<&str> = answer["images"]
        .as_array()
        .unwrap()
        .iter()
        .map(|image| image["title"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (0..IMAGES_MAX_ITEMS)
        .map(|n| format!("Upload {n}"))
        .collect();
    assert_eq!(titles, expected);
    let ids: Vec<i64> = answer["images"]
        .as_array()
        .unwrap()
        .iter()
        .map(|image| image["id"].as_i64().unwrap())
        .collect();
    assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "{ids:?}");
    // Temporary uploads expire and have no products.
    assert!(answer["images"][0]["date_expires"].is_string());
    assert_eq!(answer["images"][0]["products"], Value::Null);

    let guids = raw_guids(&answer);
    let temporary = body(json!({"library": {"name": "temporary"}, "guid_filter": guids}));
    assert_eq!(
        list(&server, &temporary).await.1.count,
        Some(IMAGES_MAX_ITEMS as i64)
    );
    assert_eq!(
        listed(&server, Some(&guids)).await["count"],
        0,
        "not in the inventory"
    );
}

#[tokio::test]
async fn too_many_or_no_images_are_refused_naming_images() {
    let server = start().await;
    let mut request = vendor("add_images");
    let image = request["images"][0].clone();
    request["images"] = json!(vec![image; IMAGES_MAX_ITEMS + 1]);
    let model_state = refused(&server, "add_images", &request).await;
    assert_eq!(
        model_state,
        json!({"request.images": [format!(
            "The field images must be a string or array type with a maximum length of '{IMAGES_MAX_ITEMS}'."
        )]})
    );
    request["images"] = json!([]);
    let model_state = refused(&server, "add_images", &request).await;
    assert_eq!(
        model_state["request.images"][0],
        format!(
            "The field images must be a string or array type with a minimum length of '{IMAGES_MIN_ITEMS}'."
        )
    );
    assert_eq!(
        server.inventory().len(),
        server.dataset().inventory().len(),
        "nothing added"
    );
}

#[tokio::test]
async fn every_bad_field_is_named_and_nothing_is_added() {
    let server = start().await;
    let mut request = vendor("add_images");
    let image = request["images"][0].clone();
    request["images"] = json!([image.clone(), image]);
    request["images"][0]["pix_w"] = json!(0);
    request["images"][0]["title"] = json!(7);
    request["images"][1]
        .as_object_mut()
        .unwrap()
        .remove("private_hires_uri");
    request["images"][1]["file_size"] = json!(-1);
    request["library"]["session_id"] = json!("short");
    let model_state = refused(&server, "add_images", &request).await;
    let keys: Vec<&String> = model_state.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "request.images[0].pix_w",
            "request.images[0].title",
            "request.images[1].file_size",
            "request.images[1].private_hires_uri",
            "request.library.session_id",
        ]
    );
    assert_eq!(
        model_state["request.images[1].private_hires_uri"],
        json!(["The private_hires_uri field is required."])
    );
    let model_state = refused(&server, "add_images", &json!({"images": null})).await;
    assert!(model_state["request.images"].is_array());
    assert!(model_state["request.library"].is_array());
    assert_eq!(server.inventory().len(), server.dataset().inventory().len());
}

#[tokio::test(start_paused = true)]
async fn with_an_indexing_delay_an_image_is_listed_only_once_indexed() {
    let delay = Duration::from_secs(3);
    let server = start_with(MockConfig::new().indexing_delay(delay)).await;
    let answer = call_ok(
        &server,
        "add_images",
        &vendor("add_images"),
        "images_response",
    )
    .await;
    let guids = raw_guids(&answer);
    let total = server.dataset().inventory().len() as i64;

    let before = listed(&server, None).await;
    assert_eq!(before["count"], total, "not counted yet");
    assert!(!raw_guids(&before).contains(&guids[0]));
    assert_eq!(listed(&server, Some(&guids)).await["count"], 0);
    // Already there for the other operations and the server's own view.
    assert!(
        server
            .inventory()
            .iter()
            .any(|i| i.guid.map(|g| g.to_string()) == Some(guids[0].clone()))
    );
    let update = json!({"images": [{"guid": guids[0], "title": "Renamed"}]});
    let updated = call_ok(&server, "update_images", &update, "images_response").await;
    assert_eq!(raw_guids(&updated), guids);

    tokio::time::advance(delay - Duration::from_millis(1)).await;
    assert_eq!(listed(&server, Some(&guids)).await["count"], 0);
    tokio::time::advance(Duration::from_millis(1)).await;
    let after = listed(&server, None).await;
    assert_eq!(after["count"], total + 1);
    assert_eq!(raw_guids(&after)[0], guids[0], "at the top");
    assert_eq!(after["images"][0]["title"], "Renamed");
}
