//! Generating a library: seeded FinerWorks-style images (Central-time .NET timestamps, file
//! names, sizes, expiry dates) and their products (SKUs, product codes, labels, prices).

use chrono::{Datelike as _, Days, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, Weekday};
use finerworks_api::types::{ImageDetails, LibraryName, Product, ProductLabel};
use finerworks_api::{Money, Timestamp};
use rand::Rng as _;
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::vocabulary::{
    ADJECTIVES, ASPECTS, EXTRAS, FRAMES, GLAZING, MATS, MEDIA, NOUNS, PHRASES, PLACES, PRINT_TYPES,
    ROMAN, SIZES, TIMES,
};

/// The first and last upload days of the generated inventory (the last is the day of
/// FinerWorks' own example).
const INVENTORY_FIRST_DAY: (i32, u32, u32) = (2018, 1, 8);
const LAST_DAY: (i32, u32, u32) = (2025, 10, 27);
/// How long the temporary library's uploads span, and how long they are kept.
const TEMPORARY_DAYS: u64 = 10;
pub(super) const TEMPORARY_KEPT_DAYS: u64 = 30;

fn day((year, month, day): (i32, u32, u32)) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(year, month, day)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("a valid constant date")
}

/// `len` images of the library `kind`, with ids from `first_id` up and upload dates spread over
/// the library's span.
pub(super) fn library(
    rng: &mut ChaCha8Rng,
    len: usize,
    first_id: i64,
    kind: LibraryName,
) -> Vec<ImageDetails> {
    let last = day(LAST_DAY) + Days::new(1);
    let first = match kind {
        LibraryName::Inventory => day(INVENTORY_FIRST_DAY),
        LibraryName::Temporary => last - Days::new(TEMPORARY_DAYS),
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
                LibraryName::Inventory => rng.random_range(-14 * 86_400..14 * 86_400_i64),
                LibraryName::Temporary => rng.random_range(-86_400..86_400_i64),
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

/// The wall-clock time in Texas now, to .NET's precision (100 ns).
pub(super) fn central_now() -> NaiveDateTime {
    let utc = chrono::Utc::now().naive_utc();
    // The offset of the day in Texas, near enough (it changes at 2 a.m. local time).
    let offset = central_offset((utc - TimeDelta::hours(6)).date());
    let local = utc + TimeDelta::seconds(i64::from(offset.local_minus_utc()));
    let extra = i64::from(local.and_utc().timestamp_subsec_nanos() % 100);
    local - TimeDelta::nanoseconds(extra)
}

pub(super) fn timestamp(local: NaiveDateTime) -> Timestamp {
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

pub(super) fn uuid(rng: &mut ChaCha8Rng) -> Uuid {
    uuid::Builder::from_random_bytes(rng.random()).into_uuid()
}

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

pub(super) fn generate_image(
    rng: &mut ChaCha8Rng,
    id: i64,
    local: NaiveDateTime,
    kind: LibraryName,
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
        (kind == LibraryName::Temporary).then(|| timestamp(local + Days::new(TEMPORARY_KEPT_DAYS)));
    let active = rng.random_bool(0.9);
    let products = (kind == LibraryName::Inventory).then(|| {
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
}
