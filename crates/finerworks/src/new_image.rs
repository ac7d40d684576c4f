//! [`NewImage`] (an image to add) and [`ImageUpdate`] (new details for an image): typed
//! builders, checked against the API's rules before anything is sent.

use finerworks_api::limits::add_image_details::{
    FILE_SIZE_MIN, PIX_H_MAX, PIX_H_MIN, PIX_W_MAX, PIX_W_MIN,
};
use finerworks_api::types::{AddImageDetails, UpdateImageDetails};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::input::{ImageField, RequestField};

/// An image to add with [`Images::add`](crate::Images::add). FinerWorks does not receive the
/// files: they must already be published at the URLs given.
///
/// Every field has a method named after it. Required: `file_name`, `file_size`, the three file
/// names (`thumbnail_file_name`, `preview_file_name`, `hires_file_name`), the three URLs
/// (`public_thumbnail_uri`, `public_preview_uri`, `private_hires_uri`, each http or https) and
/// the pixel size (`pix_w`, `pix_h`, at least 1 and at most a .NET `int`); `title` and `description` are optional.
/// Nothing is checked until the images are sent; then a missing or malformed field is an
/// [`Error::InvalidRequest`] naming it (`images[2].pix_w`), before any request.
///
/// It reads from and writes to JSON (or CSV) with the API's field names, so a file of images can
/// be read straight into it.
///
/// # Examples
///
/// ```
/// use finerworks::NewImage;
///
/// let image = NewImage::new()
///     .title("Harbor at dawn")
///     .file_name("harbor.jpg")
///     .file_size(11_000_024)
///     .pixels(1600, 2400)
///     .thumbnail("harbor_thumb.jpg", "https://example.com/harbor_thumb.jpg")
///     .preview("harbor_preview.jpg", "https://example.com/harbor_preview.jpg")
///     .hires("harbor.jpg", "https://example.com/private/harbor.jpg");
/// assert!(image.check(0).is_ok());
///
/// let error = NewImage::new().file_name("x.jpg").check(3).unwrap_err();
/// assert_eq!(error.to_string(), "invalid request: images[3].file_size is required");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[must_use]
pub struct NewImage {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    file_name: Option<String>,
    file_size: Option<u64>,
    thumbnail_file_name: Option<String>,
    preview_file_name: Option<String>,
    hires_file_name: Option<String>,
    public_thumbnail_uri: Option<String>,
    public_preview_uri: Option<String>,
    private_hires_uri: Option<String>,
    pix_w: Option<u32>,
    pix_h: Option<u32>,
}

impl NewImage {
    /// An image with no field set.
    pub fn new() -> Self {
        Self::default()
    }

    /// The title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// The description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// The original file name (required).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The size of the high-resolution file in bytes (required).
    pub fn file_size(mut self, bytes: u64) -> Self {
        self.file_size = Some(bytes);
        self
    }

    /// The thumbnail's file name (required).
    pub fn thumbnail_file_name(mut self, name: impl Into<String>) -> Self {
        self.thumbnail_file_name = Some(name.into());
        self
    }

    /// The preview's file name (required).
    pub fn preview_file_name(mut self, name: impl Into<String>) -> Self {
        self.preview_file_name = Some(name.into());
        self
    }

    /// The high-resolution file's name (required).
    pub fn hires_file_name(mut self, name: impl Into<String>) -> Self {
        self.hires_file_name = Some(name.into());
        self
    }

    /// Where the thumbnail is published, an http(s) URL (required).
    pub fn public_thumbnail_uri(mut self, url: impl Into<String>) -> Self {
        self.public_thumbnail_uri = Some(url.into());
        self
    }

    /// Where a web-viewable version is published, an http(s) URL (required).
    pub fn public_preview_uri(mut self, url: impl Into<String>) -> Self {
        self.public_preview_uri = Some(url.into());
        self
    }

    /// Where the high-resolution file is, an http(s) URL (required).
    pub fn private_hires_uri(mut self, url: impl Into<String>) -> Self {
        self.private_hires_uri = Some(url.into());
        self
    }

    /// The width in pixels (required, at least 1).
    pub fn pix_w(mut self, width: u32) -> Self {
        self.pix_w = Some(width);
        self
    }

    /// The height in pixels (required, at least 1).
    pub fn pix_h(mut self, height: u32) -> Self {
        self.pix_h = Some(height);
        self
    }

    /// The width and height in pixels.
    pub fn pixels(self, width: u32, height: u32) -> Self {
        self.pix_w(width).pix_h(height)
    }

    /// The thumbnail's file name and public URL.
    pub fn thumbnail(self, name: impl Into<String>, url: impl Into<String>) -> Self {
        self.thumbnail_file_name(name).public_thumbnail_uri(url)
    }

    /// The preview's file name and public URL.
    pub fn preview(self, name: impl Into<String>, url: impl Into<String>) -> Self {
        self.preview_file_name(name).public_preview_uri(url)
    }

    /// The high-resolution file's name and private URL.
    pub fn hires(self, name: impl Into<String>, url: impl Into<String>) -> Self {
        self.hires_file_name(name).private_hires_uri(url)
    }

    /// Checks every rule, naming the image by its `index` in an error: `images[3].pix_w` for
    /// `check(3)` (an index counts from 0, so the first image given is `images[0]`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] naming the first field that is missing or breaks a rule.
    pub fn check(&self, index: usize) -> Result<()> {
        self.to_details(index).map(drop)
    }

    /// The body of this image, after checking every rule.
    pub(crate) fn to_details(&self, index: usize) -> Result<AddImageDetails> {
        let invalid =
            |field, rule: String| Error::invalid(RequestField::Image { index, field }, rule);
        let text = |value: &Option<String>, field| match value.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => Ok(text.to_owned()),
            Some(_) => Err(invalid(field, "must not be empty".to_owned())),
            None => Err(invalid(field, "is required".to_owned())),
        };
        let url = |value: &Option<String>, field| {
            let text = text(value, field)?;
            match url::Url::parse(&text) {
                Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => Ok(text),
                _ => Err(invalid(
                    field,
                    format!("must be an http or https URL (got `{text}`)"),
                )),
            }
        };
        let pixels = |value: Option<u32>, field, min: u32, max: u32| match value {
            None => Err(invalid(field, "is required".to_owned())),
            Some(pixels) => std::num::NonZeroU32::new(pixels)
                .filter(|_| (min..=max).contains(&pixels))
                .ok_or_else(|| {
                    invalid(
                        field,
                        format!("must be between {min} and {max} (got {pixels})"),
                    )
                }),
        };
        // Checked in the order of the fields, so that the first missing one is named.
        let file_size = || match self.file_size {
            None => Err(invalid(ImageField::FileSize, "is required".to_owned())),
            Some(bytes) => i64::try_from(bytes)
                .ok()
                .filter(|&bytes| bytes >= FILE_SIZE_MIN)
                .ok_or_else(|| {
                    invalid(
                        ImageField::FileSize,
                        format!(
                            "must be between {FILE_SIZE_MIN} and {} bytes (got {bytes})",
                            i64::MAX
                        ),
                    )
                }),
        };
        Ok(AddImageDetails {
            title: self.title.clone(),
            description: self.description.clone(),
            file_name: text(&self.file_name, ImageField::FileName)?,
            file_size: file_size()?,
            thumbnail_file_name: text(&self.thumbnail_file_name, ImageField::ThumbnailFileName)?,
            preview_file_name: text(&self.preview_file_name, ImageField::PreviewFileName)?,
            hires_file_name: text(&self.hires_file_name, ImageField::HiresFileName)?,
            public_thumbnail_uri: url(&self.public_thumbnail_uri, ImageField::PublicThumbnailUri)?,
            public_preview_uri: url(&self.public_preview_uri, ImageField::PublicPreviewUri)?,
            private_hires_uri: url(&self.private_hires_uri, ImageField::PrivateHiresUri)?,
            pix_w: pixels(self.pix_w, ImageField::PixW, PIX_W_MIN, PIX_W_MAX)?,
            pix_h: pixels(self.pix_h, ImageField::PixH, PIX_H_MIN, PIX_H_MAX)?,
        })
    }
}

/// New details for an image, found by its GUID, for [`Images::update`](crate::Images::update).
/// Only the fields set are changed.
///
/// # Examples
///
/// ```
/// use finerworks::ImageUpdate;
/// # let guid = uuid::Uuid::nil();
/// let update = ImageUpdate::new(guid).title("Harbor at dawn, 2nd edition");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[must_use]
pub struct ImageUpdate {
    guid: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

impl ImageUpdate {
    /// Changes to the image with this GUID (none yet).
    pub fn new(guid: Uuid) -> Self {
        Self {
            guid,
            title: None,
            description: None,
        }
    }

    /// The new title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// The new description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// The image to change.
    #[must_use]
    pub fn guid(&self) -> Uuid {
        self.guid
    }

    /// Whether the update sets neither the title nor the description: sending it is an
    /// [`Error::InvalidRequest`].
    ///
    /// # Examples
    ///
    /// ```
    /// use finerworks::ImageUpdate;
    /// # let guid = uuid::Uuid::nil();
    /// assert!(ImageUpdate::new(guid).changes_nothing());
    /// assert!(!ImageUpdate::new(guid).description("").changes_nothing());
    /// ```
    #[must_use]
    pub fn changes_nothing(&self) -> bool {
        self.title.is_none() && self.description.is_none()
    }

    /// The body of this update, after checking that it changes something.
    pub(crate) fn to_details(&self, index: usize) -> Result<UpdateImageDetails> {
        if self.changes_nothing() {
            return Err(Error::invalid(
                RequestField::Image {
                    index,
                    field: ImageField::Title,
                },
                "is not set, nor is description: the update would change nothing",
            ));
        }
        Ok(UpdateImageDetails {
            guid: self.guid,
            title: self.title.clone(),
            description: self.description.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> NewImage {
        NewImage::new()
            .file_name("abc.jpg")
            .file_size(11_000_024)
            .pixels(1600, 2400)
            .thumbnail("thumbnail.jpg", "https://somewhere.com/t.jpg")
            .preview("preview.jpg", "https://somewhere.com/p.jpg")
            .hires("hires.jpg", "https://somewhere.com/h.jpg")
    }

    fn rule_broken(image: &NewImage) -> String {
        image.check(4).unwrap_err().to_string()
    }

    #[test]
    fn each_rule_names_the_field_and_the_image() {
        assert!(complete().check(0).is_ok());
        assert_eq!(
            rule_broken(&complete().pix_w(0)),
            "invalid request: images[4].pix_w must be between 1 and 2147483647 (got 0)"
        );
        assert_eq!(
            rule_broken(&complete().pix_h(1 << 31)),
            "invalid request: images[4].pix_h must be between 1 and 2147483647 (got 2147483648)"
        );
        assert_eq!(
            rule_broken(&complete().public_preview_uri("ftp://somewhere.com/p.jpg")),
            "invalid request: images[4].public_preview_uri must be an http or https URL (got \
             `ftp://somewhere.com/p.jpg`)"
        );
        assert_eq!(
            rule_broken(&complete().private_hires_uri("hires.jpg")),
            "invalid request: images[4].private_hires_uri must be an http or https URL (got \
             `hires.jpg`)"
        );
        assert_eq!(
            rule_broken(&complete().hires_file_name("  ")),
            "invalid request: images[4].hires_file_name must not be empty"
        );
        assert_eq!(
            rule_broken(&complete().file_size(u64::MAX)),
            format!(
                "invalid request: images[4].file_size must be between 0 and {} bytes (got {})",
                i64::MAX,
                u64::MAX
            )
        );
        let Err(Error::InvalidRequest { field, .. }) = NewImage::new().check(1) else {
            panic!("an empty image is refused");
        };
        assert_eq!(
            field,
            RequestField::Image {
                index: 1,
                field: ImageField::FileName
            }
        );
    }

    #[test]
    fn reads_the_vendor_example_with_the_api_field_names() {
        let image: NewImage = serde_json::from_str(
            r#"{"title": "My Cool Image", "description": "This is a really cool picture.",
                "file_name": "abc.jpg", "file_size": 11000024,
                "thumbnail_file_name": "thumbnail.jpg", "preview_file_name": "preview.jpg",
                "hires_file_name": "hires.jpg",
                "public_thumbnail_uri": "https://somewhere.com/public_thumbnail_uri.jpg",
                "public_preview_uri": "https://somewhere.com/public_preview_uri.jpg",
                "private_hires_uri": "https://somewhere.com/private_hires_uri.jpg",
                "pix_w": 1600, "pix_h": 2400}"#,
        )
        .unwrap();
        let details = image.to_details(0).unwrap();
        assert_eq!(details.pix_h.get(), 2400);
        assert_eq!(details.title.as_deref(), Some("My Cool Image"));
    }

    #[test]
    fn an_update_must_change_something() {
        let error = ImageUpdate::new(Uuid::nil()).to_details(2).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid request: images[2].title is not set")
        );
        assert!(
            ImageUpdate::new(Uuid::nil())
                .description("d")
                .to_details(0)
                .is_ok()
        );
    }
}
