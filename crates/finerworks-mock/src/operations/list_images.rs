//! `POST /v3/list_images`: the body read as ASP.NET would (with the profile's reading of
//! `null`), and a page of the library, filtered, sorted and counted as the profile says.

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::Response;
use finerworks_api::types::{ImageDetails, LibraryName};
use serde_json::Value;

use crate::request::{self, ModelState, Query};
use crate::state::Shared;
use crate::wire::{encode, invalid, json_response};
use crate::{CountMode, Echo, Nulls, page};

/// The answer to a valid or invalid `list_images` body.
pub(super) fn answer(shared: &Shared, body: &Bytes, json: &Value) -> Response {
    let profile = &shared.profile;
    let mut refused = match profile.nulls {
        Nulls::Reject => crate::nulls::refused(body, json),
        Nulls::Accept => ModelState::new(),
    };
    match request::parse(json, profile.reading) {
        Ok(query) if refused.is_empty() => json_response(StatusCode::OK, page(shared, query)),
        Ok(_) => invalid(refused),
        Err(model_state) => {
            refused.extend(model_state);
            invalid(refused)
        }
    }
}

/// The body of a successful `list_images` answer to `query`, from the libraries as they are
/// now (without the images not indexed yet).
pub(super) fn page(shared: &Shared, query: Query) -> Vec<u8> {
    let profile = &shared.profile;
    let mut selection = query.selection;
    if let Some(cap) = profile.page_size_cap {
        selection.per_page = selection.per_page.min(cap);
    }
    let with_products = query.list_products && query.library == LibraryName::Inventory;
    let (count, listed, images) = shared.store.with_library(query.library, |library, hidden| {
        let (count, positions) = library.select(&selection, hidden);
        let images: Vec<ImageDetails> = positions
            .iter()
            .map(|&position| {
                let mut image = library.image(position).clone();
                if !with_products {
                    image.products = None;
                }
                image
            })
            .collect();
        let listed = library.len().saturating_sub(
            hidden
                .iter()
                .filter(|g| library.position(g).is_some())
                .count(),
        );
        (count, listed, images)
    });
    let mut response = page::success(
        images,
        selection.page_number,
        selection.per_page,
        profile.count.count(count as u64, listed as u64),
        shared.reference_id(),
    );
    match profile.echo {
        Echo::Used => {}
        Echo::Asked => response.per_page = i32::try_from(query.asked_per_page).ok(),
        Echo::Zero => (response.page_number, response.per_page) = (Some(0), Some(0)),
    }
    let omit: &[&str] = match profile.count {
        CountMode::Missing => &["count"],
        _ => &[],
    };
    encode(&response, omit)
}
