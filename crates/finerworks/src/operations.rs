//! Every FinerWorks operation the client calls, each described once for
//! [`exchange::call`](crate::exchange::call).

use finerworks_api::types::{
    AddImagesRequest, DeleteImagesRequest, ImageDetails, ImagesResponse, ListImagesRequest,
    ListImagesResponse, ResponseStatus, StatusResponse, UpdateImagesRequest,
};
use reqwest::Method;

use crate::exchange::{Envelope, Operation};

/// `GET /v3/test_my_credentials`: are the keys accepted? Sent without a body.
pub(crate) struct TestMyCredentials;

impl Operation for TestMyCredentials {
    const NAME: &'static str = "test_my_credentials";
    const METHOD: Method = Method::GET;
    const PATH: &'static str = "/v3/test_my_credentials";
    const IDEMPOTENT: bool = true;
    type Request = ();
    type Response = StatusResponse;
}

/// `POST /v3/list_images`: one page of the image library. A read, so safe to send again.
pub(crate) struct ListImages;

impl Operation for ListImages {
    const NAME: &'static str = "list_images";
    const METHOD: Method = Method::POST;
    const PATH: &'static str = "/v3/list_images";
    const IDEMPOTENT: bool = true;
    type Request = ListImagesRequest;
    type Response = ListImagesResponse;
}

/// `POST /v3/add_images`: up to five images. Not idempotent: sent twice, they are added twice.
pub(crate) struct AddImages;

impl Operation for AddImages {
    const NAME: &'static str = "add_images";
    const METHOD: Method = Method::POST;
    const PATH: &'static str = "/v3/add_images";
    const IDEMPOTENT: bool = false;
    type Request = AddImagesRequest;
    type Response = ImagesResponse;
}

/// `PUT /v3/update_images`: new titles and descriptions. The same update twice is the same.
pub(crate) struct UpdateImages;

impl Operation for UpdateImages {
    const NAME: &'static str = "update_images";
    const METHOD: Method = Method::PUT;
    const PATH: &'static str = "/v3/update_images";
    const IDEMPOTENT: bool = true;
    type Request = UpdateImagesRequest;
    type Response = ImagesResponse;
}

/// `DELETE /v3/delete_images` (with a JSON body): deleting twice leaves them deleted.
pub(crate) struct DeleteImages;

impl Operation for DeleteImages {
    const NAME: &'static str = "delete_images";
    const METHOD: Method = Method::DELETE;
    const PATH: &'static str = "/v3/delete_images";
    const IDEMPOTENT: bool = true;
    type Request = DeleteImagesRequest;
    type Response = StatusResponse;
}

impl Envelope for ListImagesResponse {
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

impl Envelope for ImagesResponse {
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
