//! `PUT /v3/update_images` and `DELETE /v3/delete_images`: the vendor's examples, what changes
//! in `list_images`, unknown guids, and a library that changes while it is listed.

use crate::support;

use finerworks_api::limits::list_images_request::PER_PAGE_MAX;
use finerworks_api::types::{ImageDetails, LibraryName, SortDirection, SortField};
use finerworks_mock::MockServer;
use serde_json::{Value, json};
use uuid::Uuid;

use support::{
    all_ids, body, by_default_order, call_ok, call_text, ids, list, listed, raw_guids, refused,
    sorted, start, vendor, vendor_text,
};

/// The guids of a vendor example, as the server's methods take them.
fn vendor_guids(operation: &str) -> Vec<Uuid> {
    let request = vendor(operation);
    let texts: Vec<&Value> = match operation {
        "update_images" => request["images"]
            .as_array()
            .unwrap()
            .iter()
            .map(|image| &image["guid"])
            .collect(),
        _ => request["guids"].as_array().unwrap().iter().collect(),
    };
    texts
        .into_iter()
        .map(|text| Uuid::parse_str(text.as_str().unwrap()).unwrap())
        .collect()
}

/// Makes images with these guids exist in `library`.
fn make_exist(server: &MockServer, library: LibraryName, guids: &[Uuid]) -> Vec<ImageDetails> {
    let images = guids
        .iter()
        .map(|guid| ImageDetails {
            guid: Some(*guid),
            title: Some("Before".to_owned()),
            description: Some("As it was.".to_owned()),
            file_name: Some("before.jpg".to_owned()),
            ..ImageDetails::default()
        })
        .collect();
    server.insert_images(library, images)
}

/// An inventory image of the seeded data that has products.
fn with_products(server: &MockServer) -> ImageDetails {
    server
        .dataset()
        .inventory()
        .iter()
        .find(|image| image.products.as_ref().is_some_and(|p| !p.is_empty()))
        .expect("some images have products")
        .clone()
}

#[tokio::test]
async fn the_vendor_update_changes_the_title_and_description() {
    let server = start().await;
    let guids = vendor_guids("update_images");
    make_exist(&server, LibraryName::Inventory, &guids);
    let response = call_text(&server, "update_images", Some(vendor_text("update_images"))).await;
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    let answer: Value = response.json().await.unwrap();
    support::assert_conforms(&answer, "images_response");
    assert_eq!(answer["status"]["success"], true);
    assert_eq!(raw_guids(&answer), [guids[0].to_string()]);

    let shown = listed(&server, Some(&raw_guids(&answer))).await;
    let image = &shown["images"][0];
    assert_eq!(image["title"], "My Cool Image");
    assert_eq!(image["description"], "This is a very cool image.");
    assert_eq!(image["file_name"], "before.jpg");
}

#[tokio::test]
async fn an_update_changes_only_what_it_gives_and_drops_inventory_products() {
    let server = start().await;
    let image = with_products(&server);
    let guid = image.guid.unwrap().to_string();
    let request = json!({"images": [{"guid": guid, "title": "Retitled"}], "account_key": null});
    let answer = call_ok(&server, "update_images", &request, "images_response").await;
    assert_eq!(answer["images"][0]["products"], json!([]));

    let shown = listed(&server, Some(&[guid])).await;
    let listed_image = &shown["images"][0];
    assert_eq!(listed_image["title"], "Retitled");
    assert_eq!(listed_image["description"], json!(image.description));
    assert_eq!(listed_image["products"], json!([]), "the products are gone");

    // A temporary image keeps having no products.
    let temporary = server.dataset().temporary()[0].clone();
    let guid = temporary.guid.unwrap().to_string();
    let request = json!({"images": [{"guid": guid, "description": "New words."}]});
    let answer = call_ok(&server, "update_images", &request, "images_response").await;
    assert_eq!(answer["images"][0]["description"], "New words.");
    assert_eq!(answer["images"][0]["title"], json!(temporary.title));
    assert_eq!(answer["images"][0]["products"], Value::Null);
}

#[tokio::test]
async fn an_unknown_guid_is_left_out_of_the_answer() {
    let server = start().await;
    // The vendor's guids are samples no image has.
    let answer = call_ok(
        &server,
        "update_images",
        &vendor("update_images"),
        "images_response",
    )
    .await;
    assert_eq!(answer["images"], json!([]));

    let known = server.dataset().inventory()[5].guid.unwrap().to_string();
    let unknown = Uuid::from_u128(7).to_string();
    let request =
        json!({"images": [{"guid": unknown, "title": "A"}, {"guid": known, "title": "B"}]});
    let answer = call_ok(&server, "update_images", &request, "images_response").await;
    assert_eq!(raw_guids(&answer), [known]);
    assert_eq!(
        server.inventory().len(),
        server.dataset().inventory().len(),
        "nothing added"
    );
}

#[tokio::test]
async fn the_vendor_delete_removes_the_images_and_can_be_sent_again() {
    let server = start().await;
    let guids = vendor_guids("delete_images");
    make_exist(&server, LibraryName::Inventory, &guids);
    let texts: Vec<String> = guids.iter().map(Uuid::to_string).collect();
    assert_eq!(listed(&server, Some(&texts)).await["count"], 2);

    for _ in 0..2 {
        // The vendor's example sends `"library": null`: the inventory.
        let response =
            call_text(&server, "delete_images", Some(vendor_text("delete_images"))).await;
        assert_eq!(response.status(), reqwest::StatusCode::OK);
        let answer: Value = response.json().await.unwrap();
        support::assert_conforms(&answer, "status_response");
        assert_eq!(answer["status"]["success"], true);
        assert_eq!(answer.as_object().unwrap().len(), 1, "the envelope alone");
        assert_eq!(listed(&server, Some(&texts)).await["count"], 0);
    }
    assert_eq!(server.inventory().len(), server.dataset().inventory().len());
}

#[tokio::test]
async fn a_delete_removes_only_from_the_library_it_names() {
    let server = start().await;
    let image = with_products(&server);
    let temporary = server.dataset().temporary()[0].guid.unwrap();
    let mut library = vendor("add_images")["library"].clone();
    let request = json!({"guids": [image.guid, temporary], "library": library});
    call_ok(&server, "delete_images", &request, "status_response").await;
    let inventory = server.inventory();
    assert!(
        !inventory.iter().any(|i| i.guid == image.guid),
        "deleted with its products"
    );
    assert_eq!(inventory.len(), server.dataset().inventory().len() - 1);
    assert!(server.temporary().iter().any(|i| i.guid == Some(temporary)));

    library["name"] = json!("temporary");
    let request = json!({"guids": [temporary], "library": library});
    call_ok(&server, "delete_images", &request, "status_response").await;
    assert!(!server.temporary().iter().any(|i| i.guid == Some(temporary)));
    let temporary_list =
        body(json!({"library": {"name": "temporary"}, "guid_filter": [temporary]}));
    assert_eq!(list(&server, &temporary_list).await.1.count, Some(0));
}

#[tokio::test]
async fn bad_bodies_are_refused_naming_the_field() {
    let server = start().await;
    let model_state = refused(
        &server,
        "update_images",
        &json!({"images": [{"title": "x"}]}),
    )
    .await;
    assert_eq!(
        model_state,
        json!({"request.images[0].guid": ["The guid field is required."]})
    );
    let model_state = refused(
        &server,
        "update_images",
        &json!({"images": [{"guid": "x"}]}),
    )
    .await;
    assert!(
        model_state["request.images[0].guid"][0]
            .as_str()
            .unwrap()
            .contains("System.Guid")
    );
    let model_state = refused(&server, "delete_images", &json!({"library": null})).await;
    assert_eq!(
        model_state,
        json!({"request.guids": ["The guids field is required."]})
    );
    let request = json!({"guids": [Uuid::nil()], "library": {"name": "inventory", "site_id": 2}});
    let model_state = refused(&server, "delete_images", &request).await;
    assert_eq!(
        model_state,
        json!({"request.library.session_id": ["The session_id field is required."]})
    );
}

#[tokio::test]
async fn a_delete_needs_guids_that_are_guids_and_a_library() {
    let server = start().await;
    let image = server.dataset().inventory()[0].guid.unwrap();
    let model_state = refused(
        &server,
        "delete_images",
        &json!({"guids": [image, "not-a-guid"], "library": null}),
    )
    .await;
    assert_eq!(
        model_state,
        json!({"request.guids[1]": [
            "Error converting value \"not-a-guid\" to type 'System.Guid'. Path 'guids[1]'."
        ]})
    );
    let model_state = refused(&server, "delete_images", &json!({"guids": [image]})).await;
    assert_eq!(
        model_state,
        json!({"request.library": ["The library field is required."]})
    );
    // Nothing was deleted by either; the vendor's `"library": null` still deletes.
    assert_eq!(server.inventory().len(), server.dataset().inventory().len());
    let request = json!({"guids": [image], "library": null});
    call_ok(&server, "delete_images", &request, "status_response").await;
    assert_eq!(
        server.inventory().len(),
        server.dataset().inventory().len() - 1
    );
}

#[tokio::test]
async fn the_list_stays_sorted_and_paged_while_the_library_changes() {
    let server = start().await;
    let everything = body(json!({}));
    let (_, first) = list(&server, &body(json!({"per_page": PER_PAGE_MAX}))).await;
    let first_ids = ids(support::images(&first));

    // Meanwhile: three new images at the top, one deleted, one renamed.
    let added = server.add_images(3);
    let victim = server.dataset().inventory()[10].guid.unwrap();
    assert_eq!(server.delete_images(&[victim]).len(), 1);
    let renamed = server.dataset().inventory()[20].guid.unwrap();
    let change = finerworks_api::types::UpdateImageDetails {
        guid: renamed,
        title: Some("AAAA first by title".to_owned()),
        description: None,
    };
    assert_eq!(server.update_images(&[change]).len(), 1);

    let now = server.inventory();
    assert_eq!(now.len(), server.dataset().inventory().len() + 2);
    // The next page is the current order's second page: shifted by the images added above.
    let request = body(json!({"per_page": PER_PAGE_MAX, "page_number": 2}));
    let (_, second) = list(&server, &request).await;
    let expected = by_default_order(&now);
    let per_page = PER_PAGE_MAX as usize;
    assert_eq!(
        ids(support::images(&second)),
        expected[per_page..2 * per_page]
    );
    assert_eq!(second.count, Some(now.len() as i64));
    assert_eq!(
        &expected[..3],
        ids(&added).into_iter().rev().collect::<Vec<_>>()
    );
    assert_eq!(expected[3..per_page + 3], first_ids[..]);

    // Every order holds, over every page.
    assert_eq!(all_ids(&server, &everything).await, expected);
    for field in [SortField::Title, SortField::FileSize, SortField::DateAdded] {
        let request = body(json!({"sort_field": field.to_string(), "sort_direction": "ASC"}));
        assert_eq!(
            all_ids(&server, &request).await,
            sorted(&now, field, SortDirection::Asc),
            "{field}"
        );
    }
    let by_title = body(json!({"sort_field": "title", "sort_direction": "ASC", "per_page": 1}));
    let (_, top) = list(&server, &by_title).await;
    assert_eq!(support::images(&top)[0].guid, Some(renamed));
}
