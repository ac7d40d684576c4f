//! [`Library`]: one library's images indexed for requests (a precomputed order per sort field,
//! search text, upload days, positions by guid), kept up to date as images are added, changed
//! and removed, and [`Selection`], what a request asks of it.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use finerworks_api::limits::list_images_request::{
    PAGE_NUMBER_MIN, PER_PAGE_DEFAULT, SORT_DIRECTION_DEFAULT, SORT_FIELD_DEFAULT,
};
use finerworks_api::types::{ImageDetails, SortDirection, SortField};
use uuid::Uuid;

/// One library's images and what the server needs to filter and sort them without touching
/// every image on every request.
#[derive(Clone)]
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
        let haystacks = images.iter().map(haystack).collect();
        let upload_days = images.iter().map(upload_day).collect();
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

    /// The position of the image `guid`.
    pub(crate) fn position(&self, guid: &Uuid) -> Option<u32> {
        self.by_guid.get(guid).copied()
    }

    /// Adds `images` and indexes them: each order gets each image at its place, so nothing is
    /// sorted again.
    pub(crate) fn insert(&mut self, images: Vec<ImageDetails>) {
        for image in images {
            let position = u32::try_from(self.images.len()).expect("at most u32::MAX images");
            self.haystacks.push(haystack(&image));
            self.upload_days.push(upload_day(&image));
            if let Some(guid) = image.guid {
                self.by_guid.insert(guid, position);
            }
            self.images.push(image);
            self.place(position);
        }
    }

    /// Puts `position` at its place in every order.
    fn place(&mut self, position: u32) {
        let images = &self.images;
        for (order, &field) in self.orders.iter_mut().zip(SortField::ALL) {
            let wanted = sort_key(&images[position as usize], field);
            let at = order.partition_point(|&p| sort_key(&images[p as usize], field) <= wanted);
            order.insert(at, position);
        }
    }

    /// Replaces the image at `position` with `image` (which keeps its guid), and moves it to
    /// its new place in every order.
    pub(crate) fn replace(&mut self, position: u32, image: ImageDetails) {
        for order in &mut self.orders {
            order.retain(|&p| p != position);
        }
        let at = position as usize;
        self.haystacks[at] = haystack(&image);
        self.upload_days[at] = upload_day(&image);
        self.images[at] = image;
        self.place(position);
    }

    /// Removes the images whose guids are in `guids`; returns them, in upload order.
    pub(crate) fn remove(&mut self, guids: &HashSet<Uuid>) -> Vec<ImageDetails> {
        let gone: HashSet<u32> = guids.iter().filter_map(|g| self.position(g)).collect();
        if gone.is_empty() {
            return Vec::new();
        }
        // The new position of each image that stays.
        let mut next = 0;
        let moved: Vec<Option<u32>> = (0..self.images.len())
            .map(|at| {
                let kept = !gone.contains(&(at as u32));
                kept.then(|| {
                    next += 1;
                    next - 1
                })
            })
            .collect();
        let mut removed = Vec::with_capacity(gone.len());
        let images = std::mem::take(&mut self.images);
        for (image, new) in images.into_iter().zip(&moved) {
            if new.is_some() {
                self.images.push(image);
            } else {
                removed.push(image);
            }
        }
        let keep = |at: &usize| moved[*at].is_some();
        self.haystacks = std::mem::take(&mut self.haystacks)
            .into_iter()
            .enumerate()
            .filter(|(at, _)| keep(at))
            .map(|(_, text)| text)
            .collect();
        self.upload_days = std::mem::take(&mut self.upload_days)
            .into_iter()
            .enumerate()
            .filter(|(at, _)| keep(at))
            .map(|(_, day)| day)
            .collect();
        for order in &mut self.orders {
            *order = order.iter().filter_map(|&p| moved[p as usize]).collect();
        }
        self.by_guid.retain(|_, position| {
            if let Some(new) = moved[*position as usize] {
                *position = new;
                true
            } else {
                false
            }
        });
        removed
    }

    /// Every image, in upload order.
    pub(super) fn images(&self) -> &[ImageDetails] {
        &self.images
    }

    pub(crate) fn image(&self, position: u32) -> &ImageDetails {
        &self.images[position as usize]
    }

    /// The positions of every image in the order of `field` and `direction` (ties by id), as a
    /// request sorted so walks them.
    pub(crate) fn ordered(
        &self,
        field: SortField,
        direction: SortDirection,
    ) -> Box<dyn Iterator<Item = u32> + '_> {
        let at = SortField::ALL
            .iter()
            .position(|&f| f == field)
            .expect("every sort field is in SortField::ALL");
        let order = self.orders[at].iter().copied();
        match direction {
            SortDirection::Asc => Box::new(order),
            SortDirection::Desc => Box::new(order.rev()),
        }
    }

    /// The day the image at `position` was added, in its own offset.
    pub(crate) fn upload_day(&self, position: u32) -> NaiveDate {
        self.upload_days[position as usize]
    }

    /// How many images the library holds, whatever a request filters.
    pub(crate) fn len(&self) -> usize {
        self.images.len()
    }

    /// The number of images that match `selection`, and the positions of those on its page.
    ///
    /// The images of `hidden` (not indexed yet) are left out, as if a filter left them out.
    ///
    /// Walks the precomputed order of the sort field: a request without filters costs only its
    /// page, one with filters a scan of the positions, and nothing is sorted per request.
    pub(crate) fn select(
        &self,
        selection: &Selection,
        hidden: &HashSet<Uuid>,
    ) -> (usize, Vec<u32>) {
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
            self.select_from(order.iter().copied(), selection, hidden, skip, take)
        } else {
            self.select_from(order.iter().rev().copied(), selection, hidden, skip, take)
        }
    }

    fn select_from(
        &self,
        ordered: impl Iterator<Item = u32>,
        selection: &Selection,
        hidden: &HashSet<Uuid>,
        skip: usize,
        take: usize,
    ) -> (usize, Vec<u32>) {
        let hidden: HashSet<u32> = hidden.iter().filter_map(|g| self.position(g)).collect();
        let guids: Option<HashSet<u32>> = selection.guids.as_ref().map(|guids| {
            guids
                .iter()
                .filter_map(|guid| self.by_guid.get(guid).copied())
                .collect()
        });
        let filtered = guids.is_some()
            || !hidden.is_empty()
            || selection.search.is_some()
            || selection.from.is_some()
            || selection.to.is_some()
            || selection.active.is_some();
        if !filtered {
            return (self.images.len(), ordered.skip(skip).take(take).collect());
        }
        let matches = |position: &u32| {
            let at = *position as usize;
            !hidden.contains(position)
                && guids.as_ref().is_none_or(|set| set.contains(position))
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

/// The lower-case title and description of `image`, for `search_filter`.
fn haystack(image: &ImageDetails) -> Box<str> {
    format!(
        "{}\n{}",
        image.title.as_deref().unwrap_or_default(),
        image.description.as_deref().unwrap_or_default()
    )
    .to_lowercase()
    .into_boxed_str()
}

/// The upload day of `image`, in its own offset.
fn upload_day(image: &ImageDetails) -> NaiveDate {
    image
        .date_added
        .map_or(NaiveDate::MIN, |t| t.naive_local().date())
}

/// What an image is sorted by, besides its id.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    None,
    Text(String),
    Number(Option<i64>),
    Instant(Option<DateTime<Utc>>),
}

/// The key `image` sorts by under `field`, ties by id.
///
/// Text compares case-insensitively (as SQL Server's default collation does) and dates by
/// instant, whatever their offsets.
fn sort_key(image: &ImageDetails, field: SortField) -> (Key, Option<i64>) {
    let text =
        |text: &Option<String>| Key::Text(text.as_deref().unwrap_or_default().to_lowercase());
    let key = match field {
        SortField::Id => Key::None,
        SortField::Title => text(&image.title),
        SortField::FileName => text(&image.file_name),
        SortField::FileSize => Key::Number(image.file_size),
        SortField::DateAdded => Key::Instant(image.date_added.and_then(|t| t.to_utc())),
    };
    (key, image.id)
}

/// The positions of `images` ascending by `field`, ties by id (see [`sort_key`]).
fn sort_order(images: &[ImageDetails], field: SortField) -> Vec<u32> {
    let len = u32::try_from(images.len()).expect("at most u32::MAX images");
    let mut order: Vec<u32> = (0..len).collect();
    order.sort_by_cached_key(|&p| sort_key(&images[p as usize], field));
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dataset;

    /// The orders of `library`, and those of a library built from its images afresh.
    fn orders(library: &Library) -> (Vec<Vec<u32>>, Vec<Vec<u32>>) {
        let fresh = Library::new(library.images().to_vec());
        (library.orders.clone(), fresh.orders)
    }

    #[test]
    fn changes_keep_every_order_as_a_fresh_index_has_it() {
        let data = Dataset::generate(11, 60);
        let mut library = data
            .library(finerworks_api::types::LibraryName::Inventory)
            .clone();
        let images = library.images().to_vec();
        // Remove a few, add them back with new ids and a renamed one, rename another.
        let gone: HashSet<Uuid> = images.iter().step_by(7).filter_map(|i| i.guid).collect();
        assert_eq!(library.remove(&gone).len(), gone.len());
        let (kept, fresh) = orders(&library);
        assert_eq!(kept, fresh);
        let mut back: Vec<ImageDetails> = images.iter().step_by(7).cloned().collect();
        for (n, image) in back.iter_mut().enumerate() {
            image.id = Some(1_000_000 + n as i64);
            image.guid = Some(Uuid::from_u128(n as u128 + 1));
        }
        back[0].title = Some("AAA first".to_owned());
        library.insert(back);
        let (kept, fresh) = orders(&library);
        assert_eq!(kept, fresh);
        let position = library.position(&images[3].guid.unwrap()).unwrap();
        let mut renamed = library.image(position).clone();
        renamed.title = Some("zzz last".to_owned());
        library.replace(position, renamed);
        let (kept, fresh) = orders(&library);
        assert_eq!(kept, fresh);
        assert!(library.haystacks[position as usize].starts_with("zzz last"));
        // The guid index follows the moves.
        for (position, image) in library.images().iter().enumerate() {
            assert_eq!(
                library.position(&image.guid.unwrap()),
                Some(position as u32)
            );
        }
    }

    #[test]
    fn hidden_images_are_left_out_of_pages_and_count() {
        let data = Dataset::generate(5, 30);
        let library = data.library(finerworks_api::types::LibraryName::Inventory);
        let top = library
            .image(*library.orders[0].last().unwrap())
            .guid
            .unwrap();
        let selection = Selection::default();
        let (count, page) = library.select(&selection, &HashSet::from([top]));
        assert_eq!(count, 29);
        assert!(!page.iter().any(|&p| library.image(p).guid == Some(top)));
    }
}
