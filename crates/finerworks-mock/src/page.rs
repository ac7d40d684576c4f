//! The answers as the generated types: a successful page of images, the envelopes of the other
//! operations, an unsuccessful status, and the reference id FinerWorks gives each answer.

use finerworks_api::types::{
    ImageDetails, ImagesResponse, ListImagesResponse, ResponseStatus, StatusResponse,
};

use crate::state::Profile;
use crate::{CountMode, Echo};

/// What a page of a paged list says of its paging under the server's profile: the page number
/// and size it echoes, its `count`, and whether `count` is left out. Every paged list answers by
/// it, so each is read the same way ([`CountMode`], [`Echo`]).
pub(crate) struct Paged {
    pub(crate) page_number: Option<i32>,
    pub(crate) per_page: Option<i32>,
    pub(crate) count: Option<i64>,
    /// Whether the answer leaves `count` out ([`CountMode::Missing`]).
    pub(crate) omit_count: bool,
}

impl Paged {
    /// Page `page_number` of `served` items a page (asked: `asked`), of a list whose filters
    /// match `exact` items out of the `listed` it holds.
    pub(crate) fn new(
        profile: &Profile,
        page_number: u32,
        (served, asked): (u32, u32),
        (exact, listed): (u64, u64),
    ) -> Paged {
        let echoed = |n: u32| i32::try_from(n).ok();
        let (page_number, per_page) = match profile.echo {
            Echo::Used => (echoed(page_number), echoed(served)),
            Echo::Asked => (echoed(page_number), echoed(asked)),
            Echo::Zero => (Some(0), Some(0)),
        };
        Paged {
            page_number,
            per_page,
            count: profile.count.count(exact, listed),
            omit_count: profile.count == CountMode::Missing,
        }
    }
}

/// The page size a server with `profile` serves for a request of `per_page`: at most its
/// [`page_size_cap`](crate::MockConfig::page_size_cap).
pub(crate) fn served(profile: &Profile, per_page: u32) -> u32 {
    profile
        .page_size_cap
        .map_or(per_page, |cap| per_page.min(cap))
}

/// A successful answer holding `images`, echoing `page_number` and `per_page`, with `count`
/// (`None` for `null`) and a `status` that carries `reference_id`.
pub(crate) fn success(
    images: Vec<ImageDetails>,
    page_number: u32,
    per_page: u32,
    count: Option<i64>,
    reference_id: String,
) -> ListImagesResponse {
    ListImagesResponse {
        status: Some(status(true, 200, String::new(), reference_id)),
        images: Some(images),
        page_number: i32::try_from(page_number).ok(),
        per_page: i32::try_from(per_page).ok(),
        count,
    }
}

/// An HTTP 200 answer whose status reports a failure, and nothing else.
pub(crate) fn unsuccessful(reference_id: String) -> ListImagesResponse {
    ListImagesResponse {
        status: Some(status(
            false,
            500,
            "An error occurred while listing the images.".to_owned(),
            reference_id,
        )),
        ..ListImagesResponse::default()
    }
}

/// A successful answer of `add_images` or `update_images` holding `images`.
pub(crate) fn images(images: Vec<ImageDetails>, reference_id: String) -> ImagesResponse {
    ImagesResponse {
        status: Some(status(true, 200, String::new(), reference_id)),
        images: Some(images),
    }
}

/// A successful answer that carries only the outcome.
pub(crate) fn ok(reference_id: String) -> StatusResponse {
    StatusResponse {
        status: Some(status(true, 200, String::new(), reference_id)),
    }
}

/// An HTTP 200 answer whose status reports a failure while `doing` ("adding the images").
pub(crate) fn failed(doing: &str, reference_id: String) -> StatusResponse {
    StatusResponse {
        status: Some(status(
            false,
            500,
            format!("An error occurred while {doing}."),
            reference_id,
        )),
    }
}

fn status(success: bool, code: i32, message: String, reference_id: String) -> ResponseStatus {
    ResponseStatus {
        success: Some(success),
        status_code: Some(code),
        message: Some(message),
        debug: None,
        reference_id: Some(reference_id),
        domain: None,
    }
}

/// A FinerWorks-style reference id (32 lower-case hex digits): the `n`-th of those made from
/// `seed`.
pub(crate) fn reference_id(seed: u64, n: u64) -> String {
    let high = splitmix64(seed ^ n.wrapping_mul(2));
    let low = splitmix64(seed ^ n.wrapping_mul(2).wrapping_add(1));
    format!("{high:016x}{low:016x}")
}

fn splitmix64(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
