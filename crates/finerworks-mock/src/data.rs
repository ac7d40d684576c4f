//! [`Dataset`]: the seeded, FinerWorks-style image libraries the mock serves, and the precomputed
//! sort orders it filters and pages with.

use std::collections::HashMap;
use std::fmt;

use chrono::{Datelike as _, Days, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, Weekday};
use finerworks_api::types::{ImageDetails, Product, ProductLabel, SortField};
use finerworks_api::{Money, Timestamp};
use rand::{Rng as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;
use uuid::Uuid;

/// The images a [`MockServer`](crate::MockServer) serves: an inventory library and a smaller
/// temporary one, generated from a seed.
///
/// The same seed and size give the same images on every machine. Inventory images carry 0 to 4
/// products each (the server leaves them out unless a request sets `list_products`); temporary
/// images have an expiry date and no products.
///
/// # Examples
///
/// ```
/// use finerworks_mock::Dataset;
///
/// let data = Dataset::generate(7, 100);
/// assert_eq!(data.inventory().len(), 100);
/// assert_eq!(data.temporary().len(), 13);
/// assert_eq!(Dataset::generate(7, 100).inventory(), data.inventory());
/// ```
pub struct Dataset {
    inventory: Library,
    temporary: Library,
}

impl Dataset {
    /// Generates `inventory` inventory images, and `inventory / 10 + 3` temporary ones, from `seed`.
    #[must_use]
    pub fn generate(seed: u64, inventory: usize) -> Dataset {
        let temporary = inventory / 10 + 3;
        // Separate streams, so that each library depends only on the seed and its own size.
        let mut inventory_rng = ChaCha8Rng::seed_from_u64(seed);
        inventory_rng.set_stream(0);
        let mut temporary_rng = ChaCha8Rng::seed_from_u64(seed);
        temporary_rng.set_stream(1);

        let first_id = inventory_rng.random_range(10_000..60_000_i64);
        let inventory_images = generate_library(
            &mut inventory_rng,
            inventory,
            first_id,
            LibraryKind::Inventory,
        );
        // Temporary uploads are newer, so their ids follow the inventory's.
        let temporary_first_id = inventory_images
            .last()
            .and_then(|i| i.id)
            .unwrap_or(first_id)
            + temporary_rng.random_range(1_000..5_000_i64);
        let temporary_images = generate_library(
            &mut temporary_rng,
            temporary,
            temporary_first_id,
            LibraryKind::Temporary,
        );
        Dataset {
            inventory: Library::new(inventory_images),
            temporary: Library::new(temporary_images),
        }
    }

    /// The inventory library, in upload order, with every image's products filled in.
    #[must_use]
    pub fn inventory(&self) -> &[ImageDetails] {
        &self.inventory.images
    }

    /// The temporary library (a session's uploads, which expire), in upload order.
    #[must_use]
    pub fn temporary(&self) -> &[ImageDetails] {
        &self.temporary.images
    }

    pub(crate) fn library(&self, temporary: bool) -> &Library {
        if temporary {
            &self.temporary
        } else {
            &self.inventory
        }
    }
}

impl fmt::Debug for Dataset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dataset")
            .field("inventory", &self.inventory.images.len())
            .field("temporary", &self.temporary.images.len())
            .finish_non_exhaustive()
    }
}

/// One library's images and what the server needs to filter and sort them without touching
/// every image on every request.
pub(crate) struct Library {
    images: Vec<ImageDetails>,
    /// For each sort field, the positions of the images ascending by (field, id).
    orders: [Vec<u32>; 5],
    /// The lower-case title and description of each image, for `search_filter`.
    haystacks: Vec<Box<str>>,
    /// The upload day of each image, in the image's own offset.
    upload_days: Vec<NaiveDate>,
    /// The position of each image by guid.
    by_guid: HashMap<Uuid, u32>,
}

/// What a request asks of a library: filters, order and page.
#[derive(Debug, Default)]
pub(crate) struct Selection {
    /// Lower-case text to find in the title or description.
    pub(crate) search: Option<String>,
    /// Only these images.
    pub(crate) guids: Option<Vec<Uuid>>,
    pub(crate) from: Option<NaiveDate>,
    pub(crate) to: Option<NaiveDate>,
    pub(crate) active: Option<bool>,
    pub(crate) sort_field: Option<SortField>,
    pub(crate) ascending: bool,
    /// 1-based.
    pub(crate) page_number: u32,
    pub(crate) per_page: u32,
}

impl Library {
    fn new(images: Vec<ImageDetails>) -> Library {
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
        let orders = [
            SortField::Id,
            SortField::Title,
            SortField::FileName,
            SortField::FileSize,
            SortField::DateAdded,
        ]
        .map(|field| sort_order(&images, field));
        Library {
            images,
            orders,
            haystacks,
            upload_days,
            by_guid,
        }
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
        let order = &self.orders[sort_index(selection.sort_field.unwrap_or(SortField::Id))];
        let skip = usize::try_from(
            u64::from(selection.page_number.saturating_sub(1)) * u64::from(selection.per_page),
        )
        .unwrap_or(usize::MAX);
        let take = selection.per_page as usize;
        if selection.ascending {
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
        let guids: Option<std::collections::HashSet<u32>> = selection.guids.as_ref().map(|guids| {
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

fn sort_index(field: SortField) -> usize {
    match field {
        SortField::Id => 0,
        SortField::Title => 1,
        SortField::FileName => 2,
        SortField::FileSize => 3,
        SortField::DateAdded => 4,
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum LibraryKind {
    Inventory,
    Temporary,
}

/// The first and last upload days of the generated inventory (the last is the day of
/// FinerWorks' own example).
const INVENTORY_FIRST_DAY: (i32, u32, u32) = (2018, 1, 8);
const LAST_DAY: (i32, u32, u32) = (2025, 10, 27);
/// How long the temporary library's uploads span, and how long they are kept.
const TEMPORARY_DAYS: u64 = 10;
const TEMPORARY_KEPT_DAYS: u64 = 30;

fn day((year, month, day): (i32, u32, u32)) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(year, month, day)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("a valid constant date")
}

fn generate_library(
    rng: &mut ChaCha8Rng,
    len: usize,
    first_id: i64,
    kind: LibraryKind,
) -> Vec<ImageDetails> {
    let last = day(LAST_DAY) + Days::new(1);
    let first = match kind {
        LibraryKind::Inventory => day(INVENTORY_FIRST_DAY),
        LibraryKind::Temporary => last - Days::new(TEMPORARY_DAYS),
    };
    let span = (last - first).num_seconds();
    let mut id = first_id;
    (0..len)
        .map(|position| {
            // Uploads follow the ids, give or take a couple of weeks (images are added in bulk,
            // and re-dated), so that sorting by date is not the same as sorting by id.
            let base = i64::try_from(i128::from(span) * position as i128 / (len.max(1) as i128))
                .unwrap_or(0);
            let noise = match kind {
                LibraryKind::Inventory => rng.random_range(-14 * 86_400..14 * 86_400_i64),
                LibraryKind::Temporary => rng.random_range(-86_400..86_400_i64),
            };
            let seconds = (base + noise).clamp(0, span - 1);
            let nanos = rng.random_range(0..10_000_000_u32) * 100;
            let local =
                first + TimeDelta::seconds(seconds) + TimeDelta::nanoseconds(i64::from(nanos));
            let image = generate_image(rng, id, local, kind);
            id += rng.random_range(1..=4_i64);
            image
        })
        .collect()
}

/// FinerWorks is in Texas: its timestamps are Central time, `-05:00` in summer, `-06:00` in
/// winter (the US rule since 2007, to the day).
fn central_offset(date: NaiveDate) -> FixedOffset {
    let year = date.year();
    let start = NaiveDate::from_weekday_of_month_opt(year, 3, Weekday::Sun, 2);
    let end = NaiveDate::from_weekday_of_month_opt(year, 11, Weekday::Sun, 1);
    let summer = matches!((start, end), (Some(s), Some(e)) if date >= s && date < e);
    let hours = if summer { 5 } else { 6 };
    FixedOffset::west_opt(hours * 3600).expect("a valid offset")
}

fn timestamp(local: NaiveDateTime) -> Timestamp {
    let offset = central_offset(local.date());
    let at = local
        .and_local_timezone(offset)
        .single()
        .expect("a fixed offset maps every local time");
    Timestamp::from(at)
}

fn pick_index<T>(rng: &mut ChaCha8Rng, items: &[T]) -> usize {
    rng.random_range(0..u32::try_from(items.len()).unwrap_or(u32::MAX)) as usize
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[pick_index(rng, items)]
}

fn uuid(rng: &mut ChaCha8Rng) -> Uuid {
    uuid::Builder::from_random_bytes(rng.random()).into_uuid()
}

const ADJECTIVES: &[&str] = &[
    "Golden", "Quiet", "Blue", "Misty", "Autumn", "Silver", "Wild", "Crimson", "Hidden", "Evening",
    "Morning", "Winter", "Summer", "Ancient", "Distant", "Amber", "Emerald", "Stormy", "Gentle",
    "Painted", "Lonely", "Bright",
];
const NOUNS: &[&str] = &[
    "Meadow",
    "Harbor",
    "Forest",
    "River",
    "Canyon",
    "Lighthouse",
    "Garden",
    "Mountain",
    "Desert",
    "Barn",
    "Bridge",
    "Orchard",
    "Coast",
    "Valley",
    "Lake",
    "Prairie",
    "Cathedral",
    "Sunflowers",
    "Horses",
    "Peonies",
    "Skyline",
    "Pier",
];
const TIMES: &[&str] = &["Dawn", "Dusk", "Noon", "Midnight", "Sunset", "Sunrise"];
const PLACES: &[&str] = &[
    "Big Bend",
    "Santa Fe",
    "Galveston",
    "the Hill Country",
    "Marfa",
    "Kyoto",
    "Provence",
    "Tuscany",
    "Maine",
    "Yosemite",
    "Sedona",
    "Austin",
];
const ROMAN: &[&str] = &["I", "II", "III", "IV", "V", "VI", "VII"];
const MEDIA: &[&str] = &[
    "Oil painting",
    "Watercolor",
    "Digital photograph",
    "Acrylic on canvas",
    "Charcoal drawing",
    "Fine art photograph",
    "Pastel sketch",
    "Mixed media piece",
];
const PHRASES: &[&str] = &[
    "captured at first light",
    "painted en plein air",
    "from a summer road trip",
    "after the rain",
    "in late afternoon light",
    "from my travel sketchbook",
];
const EXTRAS: &[&str] = &[
    "",
    " Signed by the artist.",
    " Part of an ongoing series.",
    " Colors are true to the original.",
    " Available as a limited edition.",
    "",
];

fn title(rng: &mut ChaCha8Rng) -> String {
    let adjective = *pick(rng, ADJECTIVES);
    let noun = *pick(rng, NOUNS);
    match rng.random_range(0..20_u32) {
        0..=6 => format!("{adjective} {noun}"),
        7..=10 => format!("{adjective} {noun} at {}", pick(rng, TIMES)),
        11..=13 => format!("{noun} in {}", pick(rng, PLACES)),
        14..=16 => format!("{adjective} {noun} No. {}", rng.random_range(1..=30_u32)),
        17..=18 => format!("{noun} Study {}", pick(rng, ROMAN)),
        _ => format!("Untitled {}", rng.random_range(1..=200_u32)),
    }
}

fn description(rng: &mut ChaCha8Rng) -> String {
    let medium = *pick(rng, MEDIA);
    let adjective = pick(rng, ADJECTIVES).to_lowercase();
    let noun = pick(rng, NOUNS).to_lowercase();
    let article = if adjective.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    let phrase = *pick(rng, PHRASES);
    let place = *pick(rng, PLACES);
    let extra = *pick(rng, EXTRAS);
    format!("{medium} of {article} {adjective} {noun} near {place}, {phrase}.{extra}")
}

fn slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('_') {
            slug.push('_');
        }
    }
    slug.trim_end_matches('_').to_owned()
}

/// Aspect ratios (long side, short side) of photographs and canvases.
const ASPECTS: &[(u32, u32)] = &[(3, 2), (4, 3), (5, 4), (1, 1), (16, 9), (7, 5), (2, 1)];

fn generate_image(
    rng: &mut ChaCha8Rng,
    id: i64,
    local: NaiveDateTime,
    kind: LibraryKind,
) -> ImageDetails {
    let guid = uuid(rng);
    let title = title(rng);
    let description = description(rng);
    let extension = match rng.random_range(0..10_u32) {
        0..=6 => "jpg",
        7..=8 => "tif",
        _ => "png",
    };
    let stem = match rng.random_range(0..20_u32) {
        0..=8 => slug(&title),
        9..=14 => format!("IMG_{:04}", rng.random_range(1..10_000_u32)),
        _ => format!("DSC{:05}", rng.random_range(1..100_000_u32)),
    };
    let file_name = format!("{stem}.{extension}");

    let (long, short) = *pick(rng, ASPECTS);
    let long_side = rng.random_range(1_200..=8_000_u32);
    let short_side = long_side * short / long;
    let (pix_w, pix_h) = if rng.random_bool(0.55) {
        (long_side, short_side)
    } else {
        (short_side, long_side)
    };
    let pixels = u64::from(pix_w) * u64::from(pix_h);
    // Bytes per pixel: JPEG compresses well, PNG less, TIFF is 8-bit RGB plus headers.
    let file_size = match extension {
        "jpg" => pixels * rng.random_range(20..70_u64) / 100,
        "png" => pixels * rng.random_range(120..260_u64) / 100,
        _ => pixels * 3 + rng.random_range(8_000..64_000_u64),
    };

    let date_added = timestamp(local);
    let date_expires =
        (kind == LibraryKind::Temporary).then(|| timestamp(local + Days::new(TEMPORARY_KEPT_DAYS)));
    let active = rng.random_bool(0.9);
    let products = (kind == LibraryKind::Inventory).then(|| {
        let count = match rng.random_range(0..100_u32) {
            0..=24 => 0,
            25..=54 => 1,
            55..=76 => 2,
            77..=90 => 3,
            _ => 4,
        };
        (0..count).map(|_| generate_product(rng, guid)).collect()
    });

    let base = format!("https://finerworks.com/myimages/{id}");
    ImageDetails {
        id: Some(id),
        guid: Some(guid),
        title: Some(title),
        description: Some(description),
        file_size: Some(i64::try_from(file_size).unwrap_or(i64::MAX)),
        thumbnail_file_name: None,
        preview_file_name: None,
        hires_file_name: None,
        public_thumbnail_uri: Some(format!("{base}/{stem}_thumb.jpg")),
        public_preview_uri: Some(format!("{base}/{stem}_small.jpg")),
        personal_gallery_title: None,
        members_gallery_category: None,
        private_hires_uri: Some(format!("{base}/{file_name}")),
        file_name: Some(file_name),
        pix_w: i32::try_from(pix_w).ok(),
        pix_h: i32::try_from(pix_h).ok(),
        date_added: Some(date_added),
        date_expires,
        active: Some(active),
        products,
        ..ImageDetails::default()
    }
}

/// A kind of print FinerWorks makes.
struct PrintType {
    name: &'static str,
    short: &'static str,
    code: u32,
    media: &'static [&'static str],
    styles: &'static [&'static str],
    framed: bool,
    /// The print's price per square inch, in cents.
    cents_per_square_inch: u32,
}

const PRINT_TYPES: &[PrintType] = &[
    PrintType {
        name: "Giclee - Fine Art Paper Prints",
        short: "Giclee - Fine Art Paper Prints",
        code: 1,
        media: &[
            "Archival Matte Paper",
            "Archival Canvas Paper",
            "Hahnemuhle Photo Rag",
            "Epson Cold Press Bright",
        ],
        styles: &["", "1/2\" Extra Border Added", "1\" Extra Border Added"],
        framed: false,
        cents_per_square_inch: 9,
    },
    PrintType {
        name: "Framed Giclee - Fine Art Paper Prints",
        short: "Giclee - Fine Art Paper Prints",
        code: 5,
        media: &[
            "Archival Matte Paper",
            "Archival Canvas Paper",
            "Hahnemuhle Photo Rag",
        ],
        styles: &["", "1/2\" Extra Border Added"],
        framed: true,
        cents_per_square_inch: 9,
    },
    PrintType {
        name: "Canvas Prints - Gallery Wrapped",
        short: "Canvas Prints",
        code: 2,
        media: &["Archival Matte Canvas", "Archival Gloss Canvas"],
        styles: &[
            "3/4\" Gallery Wrap",
            "1-1/2\" Gallery Wrap",
            "Mirrored Edges",
        ],
        framed: false,
        cents_per_square_inch: 14,
    },
    PrintType {
        name: "Framed Canvas Prints",
        short: "Canvas Prints",
        code: 6,
        media: &["Archival Matte Canvas"],
        styles: &["3/4\" Gallery Wrap"],
        framed: true,
        cents_per_square_inch: 14,
    },
    PrintType {
        name: "Metal Prints",
        short: "Metal Prints",
        code: 3,
        media: &["Glossy White Aluminum", "Matte White Aluminum"],
        styles: &["", "Float Mount"],
        framed: false,
        cents_per_square_inch: 18,
    },
    PrintType {
        name: "Acrylic Prints",
        short: "Acrylic Prints",
        code: 4,
        media: &["1/4\" Clear Acrylic"],
        styles: &["", "Standoff Mount"],
        framed: false,
        cents_per_square_inch: 22,
    },
    PrintType {
        name: "Photo Paper Prints",
        short: "Photo Paper Prints",
        code: 7,
        media: &[
            "Luster Photo Paper",
            "Metallic Photo Paper",
            "Glossy Photo Paper",
        ],
        styles: &[""],
        framed: false,
        cents_per_square_inch: 6,
    },
];

const SIZES: &[(u32, u32)] = &[
    (5, 7),
    (8, 10),
    (11, 14),
    (12, 12),
    (12, 16),
    (16, 20),
    (18, 24),
    (20, 30),
    (24, 36),
];
/// Frames: (collection, moulding, moulding number).
const FRAMES: &[(&str, &str, u32)] = &[
    ("Rustic Britanny", "Vermill Red 1-1/2\"", 354_303),
    ("Gallery Classics", "Satin Black 1\"", 211_042),
    ("Modern Metal", "Brushed Silver 3/4\"", 118_820),
    ("Barnwood", "Weathered Gray 2\"", 407_715),
    ("Heritage", "Antique Gold 1-3/4\"", 322_190),
    ("Simple Wood", "Natural Maple 1\"", 150_034),
];
/// Mats: (colour, mat board number).
const MATS: &[(&str, &str)] = &[
    ("Off White", "A4902"),
    ("Bright White", "A4887"),
    ("Black", "A4870"),
    ("Ivory", "A4910"),
    ("Charcoal", "A4893"),
];
/// Glazing: (name, material).
const GLAZING: &[(&str, &str)] = &[
    ("Premium Clear", "Acrylic Glass"),
    ("Non-Glare", "Acrylic Glass"),
    ("Museum Glass", "Glass"),
    ("UV Protective", "Acrylic Glass"),
];

fn label(key: &str, value: impl Into<String>, priority: i32) -> ProductLabel {
    ProductLabel {
        key: Some(key.to_owned()),
        value: Some(value.into()),
        priority: Some(priority),
    }
}

fn money(cents: u64) -> Money {
    Money::new(Decimal::new(i64::try_from(cents).unwrap_or(i64::MAX), 2))
}

fn generate_product(rng: &mut ChaCha8Rng, image_guid: Uuid) -> Product {
    let print = pick(rng, PRINT_TYPES);
    let media_index = pick_index(rng, print.media);
    let media = print.media[media_index];
    let style_index = pick_index(rng, print.styles);
    let style = print.styles[style_index];
    let (w, h) = *pick(rng, SIZES);
    let sku = format!(
        "AP{:04}P{:05}",
        rng.random_range(1_000..10_000_u32),
        rng.random_range(10_000..100_000_u32)
    );
    let mut code = format!(
        "{}M{}M{}S{w}X{h}",
        print.code,
        media_index + 41,
        style_index + 1
    );
    let mut html = format!("<h4>{}</h4><ul>{w} x {h}\" {media}", print.name);
    if !style.is_empty() {
        html.push_str(&format!("<ul><li>{style}</li></ul>"));
    }
    html.push_str("</li>");

    let mut labels = vec![
        label("sku", &sku, 5),
        label("type", print.name, 0),
        label("media", format!("{w} x {h}\" {media}"), 1),
    ];
    if !style.is_empty() {
        labels.push(label("style", style, 1));
    }

    let mut cents = u64::from(w * h * print.cents_per_square_inch) + 500;
    if print.framed {
        let frame_index = pick_index(rng, FRAMES);
        let frame = FRAMES[frame_index];
        let mat = (print.code == 5 && rng.random_bool(0.7)).then(|| pick_index(rng, MATS));
        let glazing = (print.code == 5).then(|| pick_index(rng, GLAZING));
        let border = if mat.is_some() { 5 } else { 1 };
        let (outer_w, outer_h) = (w + border, h + border);
        code.push_str(&format!("F{}S{outer_w}X{outer_h}", frame_index + 130));
        html.push_str(&format!(
            "<li>Frame: {}<ul><li>{} ({})<ul><li>{outer_w} x {outer_h}\"</li></ul></li></ul></li>",
            frame.0, frame.1, frame.2
        ));
        labels.push(label("collection", frame.0, 1));
        labels.push(label(
            "frame",
            format!("{outer_w} x {outer_h} {}", frame.1),
            1,
        ));
        cents += u64::from(2 * (outer_w + outer_h)) * 150;
        if let Some(mat_index) = mat {
            let mat = MATS[mat_index];
            code.push_str(&format!("J{}S{}X{}", mat_index + 1, w + 1, h + 1));
            html.push_str(&format!(
                "<li>Single Mat: {} ({})<ul><li>{outer_w} x {outer_h}\" (window: {} x {})</li></ul></li>",
                mat.0,
                mat.1,
                w + 1,
                h + 1
            ));
            labels.push(label("base mat", mat.0, 1));
            cents += 1_000;
        }
        if let Some(glazing_index) = glazing {
            let glazing = GLAZING[glazing_index];
            code.push_str(&format!("G{}", glazing_index + 1));
            html.push_str(&format!("<li>Glazing ({}): {} </li>", glazing.1, glazing.0));
            labels.push(label("glazing", glazing.0, 1));
            cents += 500;
        }
    }
    html.push_str("</ul>");

    // Whole dollars, some a cent under (113.00, 112.99); the asking price a round markup.
    let per_item = (cents.div_ceil(100) * 100).saturating_sub(u64::from(rng.random_bool(0.5)));
    let quantity = if rng.random_bool(0.9) {
        1
    } else {
        rng.random_range(2..=5_u32)
    };
    let asking = per_item * rng.random_range(15..=25_u64) / 1_000 * 100;
    let product_guid = uuid(rng);
    Product {
        monetary_format: Some("USD".to_owned()),
        quantity: i32::try_from(quantity).ok(),
        quantity_in_stock: Some(0),
        image_url_1: Some(format!(
            "https://finerworks.com/images/products/{product_guid}.png"
        )),
        sku: Some(sku),
        product_code: Some(code),
        price_details: None,
        per_item_price: Some(money(per_item)),
        total_price: Some(money(per_item * u64::from(quantity))),
        asking_price: Some(money(asking)),
        name: Some(print.name.to_owned()),
        description_short: Some(print.short.to_owned()),
        description_long: Some(html),
        labels: Some(labels),
        image_guid: Some(image_guid),
        product_guid: Some(product_guid),
        ..Product::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_follow_central_daylight_saving_time() {
        let offset = |y, m, d| {
            central_offset(NaiveDate::from_ymd_opt(y, m, d).unwrap()).local_minus_utc() / 3600
        };
        assert_eq!(offset(2025, 10, 27), -5);
        assert_eq!(offset(2025, 11, 2), -6);
        assert_eq!(offset(2025, 3, 8), -6);
        assert_eq!(offset(2025, 3, 9), -5);
        assert_eq!(offset(2024, 1, 15), -6);
    }

    #[test]
    fn looks_like_finerworks() {
        let data = Dataset::generate(42, 200);
        let mut ids = std::collections::HashSet::new();
        for image in data.inventory().iter().chain(data.temporary()) {
            assert!(ids.insert(image.id.unwrap()), "ids are unique");
            assert!(image.id.unwrap() > 0);
            let added = image.date_added.unwrap();
            assert_eq!(added.fractional_digits(), 7);
            let text = added.to_string();
            assert!(
                text.ends_with("-05:00") || text.ends_with("-06:00"),
                "{text}"
            );
            assert_eq!(
                image.guid.unwrap().to_string(),
                image.guid.unwrap().to_string().to_lowercase()
            );
        }
        let products: Vec<&Product> = data
            .inventory()
            .iter()
            .flat_map(|i| i.products.as_deref().unwrap_or_default())
            .collect();
        assert!(products.len() > 100);
        for product in &products {
            let sku = product.sku.as_deref().unwrap();
            assert_eq!(sku.len(), 12, "{sku}");
            assert!(sku.starts_with("AP") && &sku[6..7] == "P", "{sku}");
            let price = product.per_item_price.unwrap().amount();
            assert_eq!(price.scale(), 2);
            assert!(price > Decimal::ZERO);
        }
        assert!(
            data.temporary()
                .iter()
                .all(|i| i.date_expires.is_some() && i.products.is_none())
        );
        assert!(data.inventory().iter().all(|i| i.date_expires.is_none()));
    }

    #[test]
    fn an_empty_library_is_fine() {
        let data = Dataset::generate(1, 0);
        assert!(data.inventory().is_empty());
        assert_eq!(data.temporary().len(), 3);
        let selection = Selection {
            page_number: 1,
            per_page: 10,
            ..Selection::default()
        };
        assert_eq!(data.library(false).select(&selection), (0, vec![]));
    }
}
