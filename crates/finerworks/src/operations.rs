//! Every FinerWorks operation the client calls, each described once for
//! [`exchange::call`](crate::exchange::call).

use finerworks_api::types::{ListImagesRequest, ListImagesResponse, ResponseStatus};
use reqwest::Method;

use crate::exchange::{Envelope, Operation};

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

impl Envelope for ListImagesResponse {
    fn status(&self) -> Option<&ResponseStatus> {
        self.status.as_ref()
    }
}
