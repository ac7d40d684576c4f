//! `cargo xtask drift --mutate`: add one throwaway image, rename it, delete it, comparing each
//! answer with the spec. It changes the test account's library, so it runs only when asked, and
//! it deletes what it added whatever happened in between.

use std::time::Duration;

use finerworks_api::fields::image_details as image;
// `images` of a `list_images` answer and of an `images_response` alike.
use finerworks_api::fields::images_response::IMAGES;
use serde_json::{Value, json};

use super::api::{ADD_IMAGES, Api, DELETE_IMAGES, LIST_IMAGES, UPDATE_IMAGES};
use super::{Outcome, check, list_body};

/// How often, and how far apart, to look for the added image with `list_images` when the
/// `add_images` answer does not name it (a new image can take a few seconds to appear).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Lookup {
    pub(crate) tries: u32,
    pub(crate) delay: Duration,
}

/// The lookup of a live run.
pub(crate) const LIVE_LOOKUP: Lookup = Lookup {
    tries: 4,
    delay: Duration::from_secs(3),
};

/// What one `--mutate` run found, and what it changed in the library.
#[derive(Debug, Default)]
pub(crate) struct Mutation {
    /// One per operation: `add_images`, `update_images`, `delete_images`.
    pub(crate) outcomes: Vec<Outcome>,
    /// What it did to the library, in order, in plain words.
    pub(crate) changes: Vec<String>,
}

impl Mutation {
    fn change(&mut self, line: String) {
        eprintln!("drift --mutate: {line}");
        self.changes.push(line);
    }
}

/// The title of the throwaway image, which says what added it and when.
pub(crate) fn title(stamp: &str) -> String {
    format!("finerworks-rs drift check {stamp}")
}

/// The `add_images` request: one image at the vendor's example URLs.
pub(crate) fn add_body(title: &str, library: &Value) -> Value {
    use finerworks_api::fields::add_image_details as image;
    use finerworks_api::fields::add_images_request as request;
    json!({
        (request::IMAGES): [{
            (image::TITLE): title,
            (image::DESCRIPTION): "Throwaway image added by `cargo xtask drift --mutate` to compare \
                            FinerWorks' answers with the spec; the same run deletes it. Safe to delete.",
            (image::FILE_NAME): "abc.jpg",
            (image::FILE_SIZE): 11_000_024,
            (image::THUMBNAIL_FILE_NAME): "thumbnail.jpg",
            (image::PREVIEW_FILE_NAME): "preview.jpg",
            (image::HIRES_FILE_NAME): "hires.jpg",
            (image::PUBLIC_THUMBNAIL_URI): "https://somewhere.com/public_thumbnail_uri.jpg",
            (image::PUBLIC_PREVIEW_URI): "https://somewhere.com/public_preview_uri.jpg",
            (image::PRIVATE_HIRES_URI): "https://somewhere.com/private_hires_uri.jpg",
            (image::PIX_W): 1600,
            (image::PIX_H): 2400,
        }],
        (request::LIBRARY): library,
    })
}

/// The `update_images` request: a new title for the image.
pub(crate) fn update_body(guid: &str, title: &str) -> Value {
    use finerworks_api::fields::update_image_details as image;
    use finerworks_api::fields::update_images_request as request;
    json!({
        (request::IMAGES): [{
            (image::GUID): guid,
            (image::TITLE): title,
            (image::DESCRIPTION): "Throwaway image renamed by `cargo xtask drift --mutate`; the same run deletes it.",
        }],
        (request::ACCOUNT_KEY): null,
    })
}

/// The `delete_images` request: the image, in the library it was added to.
pub(crate) fn delete_body(guid: &str, library: &Value) -> Value {
    use finerworks_api::fields::delete_images_request::{GUIDS, LIBRARY};
    json!({(GUIDS): [guid], (LIBRARY): library})
}

/// Adds, renames and deletes one image in `library`, titled after `stamp`.
pub(crate) async fn run(
    api: &Api,
    spec: &Value,
    library: &Value,
    stamp: &str,
    lookup: Lookup,
) -> Mutation {
    let mut mutation = Mutation::default();
    let title = title(stamp);

    let (outcome, answer) = check(api, spec, ADD_IMAGES, Some(&add_body(&title, library))).await;
    mutation.outcomes.push(outcome);
    let mut guid = answer
        .as_ref()
        .and_then(|answer| added_guid(answer, &title));
    if guid.is_none() {
        // The add may have worked whatever its answer said: look before giving up on cleaning up.
        eprintln!(
            "drift --mutate: the add_images answer names no new image; looking for {title:?} with list_images"
        );
        guid = find(api, library, &title, lookup).await;
    }
    let Some(guid) = guid else {
        mutation.change(format!(
            "found no image titled {title:?}, so nothing was renamed or deleted; if one appears in \
             the inventory library later, delete it by hand"
        ));
        for operation in [UPDATE_IMAGES, DELETE_IMAGES] {
            mutation.outcomes.push(Outcome::failed(
                operation.id,
                "not called: the guid of the added image is unknown".to_string(),
            ));
        }
        return mutation;
    };
    mutation.change(format!(
        "added image {guid} titled {title:?} to the inventory library"
    ));

    let renamed = format!("{title} (renamed)");
    let (outcome, _) = check(
        api,
        spec,
        UPDATE_IMAGES,
        Some(&update_body(&guid, &renamed)),
    )
    .await;
    if outcome.error.is_none() {
        mutation.change(format!("renamed image {guid} to {renamed:?}"));
    }
    mutation.outcomes.push(outcome);

    // Always, even when the update failed.
    let (outcome, _) = check(api, spec, DELETE_IMAGES, Some(&delete_body(&guid, library))).await;
    if outcome.error.is_none() {
        mutation.change(format!("deleted image {guid}"));
    } else {
        mutation.change(format!(
            "could not confirm that image {guid} ({title:?}) was deleted: check the inventory \
             library of the test account and delete it by hand"
        ));
    }
    mutation.outcomes.push(outcome);
    mutation
}

/// The guid of the image titled `title` in an answer's `images`, or of its only image (the
/// `add_images` answer holds only what was added).
fn added_guid(answer: &Value, title: &str) -> Option<String> {
    let images = answer.get(IMAGES)?.as_array()?;
    let guid = |image: &Value| image.get(image::GUID)?.as_str().map(ToString::to_string);
    titled(answer, title).or_else(|| match images.as_slice() {
        [only] => guid(only),
        _ => None,
    })
}

/// The guid of the image titled exactly `title` in an answer's `images`.
fn titled(answer: &Value, title: &str) -> Option<String> {
    answer
        .get(IMAGES)?
        .as_array()?
        .iter()
        .filter(|image| image.get(image::TITLE).and_then(Value::as_str) == Some(title))
        .find_map(|image| image.get(image::GUID)?.as_str().map(ToString::to_string))
}

/// Looks for the image titled `title` with `list_images`, `lookup.tries` times.
async fn find(api: &Api, library: &Value, title: &str, lookup: Lookup) -> Option<String> {
    let body = list_body(library, Some(title));
    for attempt in 0..lookup.tries {
        if attempt > 0 {
            tokio::time::sleep(lookup.delay).await;
        }
        match api.call(LIST_IMAGES, Some(&body)).await {
            Ok(answer) => {
                if let Some(guid) = titled(&answer, title) {
                    return Some(guid);
                }
            }
            Err(message) => eprintln!("drift --mutate: looking for the image: {message}"),
        }
    }
    None
}
