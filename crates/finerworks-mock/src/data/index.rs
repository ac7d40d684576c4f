//! [`Library`]: one library's images indexed for requests (a precomputed order per sort field,
//! search text, upload days, positions by guid), and [`Selection`], what a request asks of it.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use finerworks_api::limits::list_images_request::{
    PAGE_NUMBER_MIN, PER_PAGE_DEFAULT, SORT_DIRECTION_DEFAULT, SORT_FIELD_DEFAULT,
};
use finerworks_api::types::{ImageDetails, SortDirection, SortField};
use uuid::Uuid;

/// One library's images and what the server needs to filter and sort them without touching
/// every image on every request.
pub(crate) struct Library {
    images: Vec<ImageDetails>,
    /// For each sort field of [`SortField::ALL`], in its order, the positions of the images
    /// ascending by (field, id).
    orders: Vec<Vec<u32>>,
    /// The lower-case title and description of each image, for `search_filter`.
    haystacks: Vec<Box<str>>,
    /// The upload day of each image, in the image's own offset.
    upload_days: Vec<NaiveDate>,
    /// The position of each image by guid.
    by_guid: HashMap<Uuid, u32>,
}

/// What a request asks of a library: filters, order and page.
#[derive(Debug)]
pub(crate) struct Selection {
    /// Lower-case text to find in the title or description.
    pub(crate) search: Option<String>,
    /// Only these images.
    pub(crate) guids: Option<Vec<Uuid>>,
    pub(crate) from: Option<NaiveDate>,
    pub(crate) to: Option<NaiveDate>,
    pub(crate) active: Option<bool>,
    pub(crate) sort_field: SortField,
    pub(crate) sort_direction: SortDirection,
    /// From [`PAGE_NUMBER_MIN`].
    pub(crate) page_number: u32,
    pub(crate) per_page: u32,
}

impl Default for Selection {
    /// No filter, the spec's default order, its first page of its default size.
    fn default() -> Self {
        Selection {
            search: None,
            guids: None,
            from: None,
            to: None,
            active: None,
            sort_field: SORT_FIELD_DEFAULT,
            sort_direction: SORT_DIRECTION_DEFAULT,
            page_number: PAGE_NUMBER_MIN,
            per_page: PER_PAGE_DEFAULT,
        }
    }
}

impl Library {
    pub(super) fn new(images: Vec<ImageDetails>) -> Library {
        let len = u32::try_from(images.len()).expect("at most u32::MAX images");
        let haystacks = images
            .iter()
            .map(|image| {
                format!(
                    "{}\n{}",
                    image.title.as_deref().unwrap_or_default(),
                    image.description.as_deref().unwrap_or_default()
                )
                .to_lowercase()
                .into_boxed_str()
            })
            .collect();
        let upload_days = images
            .iter()
            .map(|image| {
                image
                    .date_added
                    .map_or(NaiveDate::MIN, |t| t.naive_local().date())
            })
            .collect();
        let by_guid = images
            .iter()
            .zip(0..len)
            .filter_map(|(image, position)| image.guid.map(|guid| (guid, position)))
            .collect();
        let orders = SortField::ALL
            .iter()
            .map(|&field| sort_order(&images, field))
            .collect();
        Library {
            images,
            orders,
            haystacks,
            upload_days,
            by_guid,
        }
    }

    /// Every image, in upload order.
    pub(super) fn images(&self) -> &[ImageDetails] {
        &self.images
    }

    pub(crate) fn image(&self, position: u32) -> &ImageDetails {
        &self.images[position as usize]
    }

    /// How many images the library holds, whatever a request filters.
    pub(crate) fn len(&self) -> usize {
        self.images.len()
    }

    /// The number of images that match `selection`, and the positions of those on its page.
    ///
    /// Walks the precomputed order of the sort field: a request without filters costs only its
    /// page, one with filters a scan of the positions, and nothing is sorted per request.
    pub(crate) fn select(&self, selection: &Selection) -> (usize, Vec<u32>) {
        let field = SortField::ALL
            .iter()
            .position(|&field| field == selection.sort_field)
            .expect("every sort field is in SortField::ALL");
        let order = &self.orders[field];
        let skip = usize::try_from(
            u64::from(selection.page_number.saturating_sub(PAGE_NUMBER_MIN))
                * u64::from(selection.per_page),
        )
        .unwrap_or(usize::MAX);
        let take = selection.per_page as usize;
        if selection.sort_direction == SortDirection::Asc {
            self.select_from(order.iter().copied(), selection, skip, take)
        } else {
            self.select_from(order.iter().rev().copied(), selection, skip, take)
        }
    }

    fn select_from(
        &self,
        ordered: impl Iterator<Item = u32>,
        selection: &Selection,
        skip: usize,
        take: usize,
    ) -> (usize, Vec<u32>) {
        let guids: Option<HashSet<u32>> = selection.guids.as_ref().map(|guids| {
            guids
                .iter()
                .filter_map(|guid| self.by_guid.get(guid).copied())
                .collect()
        });
        let filtered = guids.is_some()
            || selection.search.is_some()
            || selection.from.is_some()
            || selection.to.is_some()
            || selection.active.is_some();
        if !filtered {
            return (self.images.len(), ordered.skip(skip).take(take).collect());
        }
        let matches = |position: &u32| {
            let at = *position as usize;
            guids.as_ref().is_none_or(|set| set.contains(position))
                && selection
                    .search
                    .as_deref()
                    .is_none_or(|text| self.haystacks[at].contains(text))
                && selection
                    .from
                    .is_none_or(|from| self.upload_days[at] >= from)
                && selection.to.is_none_or(|to| self.upload_days[at] <= to)
                && selection
                    .active
                    .is_none_or(|active| self.images[at].active == Some(active))
        };
        let mut count = 0;
        let mut page = Vec::with_capacity(take.min(64));
        for position in ordered.filter(matches) {
            if count >= skip && page.len() < take {
                page.push(position);
            }
            count += 1;
        }
        (count, page)
    }
}

/// The positions of `images` ascending by `field`, ties by id.
///
/// Text compares case-insensitively (as SQL Server's default collation does) and dates by
/// instant, whatever their offsets.
fn sort_order(images: &[ImageDetails], field: SortField) -> Vec<u32> {
    let len = u32::try_from(images.len()).expect("at most u32::MAX images");
    let mut order: Vec<u32> = (0..len).collect();
    let id = |p: u32| images[p as usize].id;
    match field {
        SortField::Id => order.sort_by_key(|&p| id(p)),
        SortField::Title | SortField::FileName => {
            let text = |image: &ImageDetails| {
                let text = if field == SortField::Title {
                    &image.title
                } else {
                    &image.file_name
                };
                text.as_deref().unwrap_or_default().to_lowercase()
            };
            let keys: Vec<String> = images.iter().map(text).collect();
            order.sort_by(|&a, &b| {
                keys[a as usize]
                    .cmp(&keys[b as usize])
                    .then(id(a).cmp(&id(b)))
            });
        }
        SortField::FileSize => order.sort_by_key(|&p| (images[p as usize].file_size, id(p))),
        SortField::DateAdded => {
            order.sort_by_key(|&p| {
                (
                    images[p as usize].date_added.and_then(|t| t.to_utc()),
                    id(p),
                )
            });
        }
    }
    order
}
