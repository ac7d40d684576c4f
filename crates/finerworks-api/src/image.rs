//! Accessors of the generated image type that spare every user an `Option` they cannot act on.

use uuid::Uuid;

use crate::types::ImageDetails;

impl ImageDetails {
    /// The image's GUID, which every other image operation takes.
    ///
    /// FinerWorks gives every image one, and the `finerworks` client refuses an answer holding
    /// an image without one (as an unexpected response), so an image it returns always has it.
    /// An `ImageDetails` built by hand without a `guid` gives the nil GUID.
    ///
    /// # Examples
    ///
    /// ```
    /// use finerworks_api::types::ImageDetails;
    ///
    /// let guid = uuid::Uuid::from_u128(7);
    /// let image = ImageDetails { guid: Some(guid), ..Default::default() };
    /// assert_eq!(image.guid(), guid);
    /// ```
    #[must_use]
    pub fn guid(&self) -> Uuid {
        self.guid.unwrap_or_default()
    }
}
