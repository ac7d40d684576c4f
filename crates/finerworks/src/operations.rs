//! The FinerWorks operations the client calls, as the spec describes them (generated in
//! `finerworks_api::operations`), and what [`exchange::call`](crate::exchange::call) needs to know
//! of each answer beyond the spec: where its payload is and what makes it unusable.

use finerworks_api::types::{
    ImageDetails, ImagesResponse, ListImagesResponse, ResponseStatus, StatusResponse,
};

use crate::exchange::Envelope;

// Each is a `finerworks_api::Operation` written by `cargo xtask generate` from the spec (method,
// path, request and response types, `x-idempotent`), and so an `exchange::Operation`.
pub(crate) use finerworks_api::operations::{
    AddImages, DeleteImages, ListImages, TestMyCredentials, UpdateImages,
};

/// An answer whose payload is its `images`, each of which must have a GUID.
macro_rules! images_envelope {
    ($($answer:ty),* $(,)?) => {$(
        impl Envelope for $answer {
            const PAYLOAD: Option<&'static str> = Some("images");

            fn status(&self) -> Option<&ResponseStatus> {
                self.status.as_ref()
            }

            fn status_mut(&mut self) -> Option<&mut ResponseStatus> {
                self.status.as_mut()
            }

            fn has_payload(&self) -> bool {
                self.images.is_some()
            }

            fn flaw(&self) -> Option<String> {
                images_without_guid(self.images.as_deref())
            }
        }
    )*};
}

images_envelope!(ListImagesResponse, ImagesResponse);

impl Envelope for StatusResponse {
    const PAYLOAD: Option<&'static str> = None;

    fn status(&self) -> Option<&ResponseStatus> {
        self.status.as_ref()
    }

    fn status_mut(&mut self) -> Option<&mut ResponseStatus> {
        self.status.as_mut()
    }

    fn has_payload(&self) -> bool {
        false
    }
}

/// An image is known by its GUID: one without is no image this client can work with.
fn images_without_guid(images: Option<&[ImageDetails]>) -> Option<String> {
    let images = images?;
    let missing = images.iter().filter(|image| image.guid.is_none()).count();
    (missing > 0).then(|| {
        let first = images
            .iter()
            .position(|image| image.guid.is_none())
            .unwrap_or(0);
        format!(
            "{missing} of {} images have no guid (the first at images[{first}])",
            images.len()
        )
    })
}

#[cfg(test)]
mod tests {
    use reqwest::Method;

    use super::*;
    use crate::exchange::Operation;

    fn sent<O: Operation>() -> (&'static str, Method, &'static str, bool) {
        (O::NAME, O::METHOD, O::PATH, O::IDEMPOTENT)
    }

    /// What the exchange sends is what the spec's table says, and a resend is refused for the
    /// one operation the spec marks `x-idempotent: false`.
    #[test]
    fn the_exchange_sends_each_operation_as_the_spec_describes_it() {
        let sdk = [
            sent::<ListImages>(),
            sent::<TestMyCredentials>(),
            sent::<AddImages>(),
            sent::<UpdateImages>(),
            sent::<DeleteImages>(),
        ];
        let spec: Vec<_> = finerworks_api::operations::ALL
            .iter()
            .map(|o| {
                let method = Method::from_bytes(o.method.as_str().as_bytes()).unwrap();
                (o.id, method, o.path, o.idempotent)
            })
            .collect();
        assert_eq!(sdk.to_vec(), spec);
        let sent_once: Vec<&str> = sdk
            .iter()
            .filter(|(_, _, _, idempotent)| !idempotent)
            .map(|(name, ..)| *name)
            .collect();
        assert_eq!(sent_once, ["add_images"]);
    }
}
