//! The FinerWorks operations the client calls, as the spec describes them (generated in
//! `finerworks_api::operations`), and what [`exchange::call`](crate::exchange::call) needs to know
//! of each answer: where its payload is (generated, `finerworks_api::Answer`) and what makes it
//! unusable (written here, for the answers that carry images).

use std::any::Any;

use finerworks_api::Answer;
use finerworks_api::types::{
    ImageDetails, ImagesResponse, ListImagesResponse, ListVirtualInventoryResponse, ResponseStatus,
};

use crate::exchange::Envelope;

// Each is a `finerworks_api::Operation` written by `cargo xtask generate` from the spec (method,
// path, request and response types, `x-idempotent`), and so an `exchange::Operation`.
pub(crate) use finerworks_api::operations::{
    AddImages, DeleteImages, ListImages, ListVirtualInventory, SubmitProduct, TestMyCredentials,
    UpdateImages, UpdateVirtualInventory,
};

/// Every answer of the spec: its `status` and payload as the generated [`Answer`] says, and the
/// flaws [`flaw`] knows of.
impl<T: Answer + 'static> Envelope for T {
    const PAYLOAD: Option<&'static str> = <T as Answer>::PAYLOAD;

    fn status(&self) -> Option<&ResponseStatus> {
        Answer::status(self)
    }

    fn status_mut(&mut self) -> Option<&mut ResponseStatus> {
        Answer::status_mut(self)
    }

    fn has_payload(&self) -> bool {
        Answer::has_payload(self)
    }

    fn flaw(&self) -> Option<String> {
        flaw(self)
    }
}

/// What makes a decoded answer impossible: for the answers that carry images, an image without a
/// GUID; for a page of the virtual inventory, a product without a SKU. Other answers have no flaw
/// this client knows of.
fn flaw(answer: &dyn Any) -> Option<String> {
    if let Some(page) = answer.downcast_ref::<ListImagesResponse>() {
        images_without_guid(page.images.as_deref())
    } else if let Some(images) = answer.downcast_ref::<ImagesResponse>() {
        images_without_guid(images.images.as_deref())
    } else if let Some(page) = answer.downcast_ref::<ListVirtualInventoryResponse>() {
        // A listed product is told apart by its SKU: one without cannot be paged.
        let products = page.products.as_deref()?;
        let missing = products.iter().filter(|p| p.sku.is_none()).count();
        (missing > 0).then(|| {
            format!(
                "{missing} of {} products have no sku (the first at products[{}])",
                products.len(),
                products.iter().position(|p| p.sku.is_none()).unwrap_or(0)
            )
        })
    } else {
        None
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
    use finerworks_api::{OperationInfo, Visitor};
    use reqwest::Method;

    use super::*;
    use crate::exchange::Operation;

    /// What the exchange makes of one operation of the spec.
    struct Sent;

    impl Visitor for Sent {
        type Output = (
            &'static str,
            Method,
            &'static str,
            bool,
            Option<&'static str>,
        );

        fn visit<O: finerworks_api::Operation>(self) -> Self::Output {
            (
                <O as Operation>::NAME,
                <O as Operation>::METHOD,
                <O as Operation>::PATH,
                <O as Operation>::IDEMPOTENT,
                <<O as Operation>::Response as Envelope>::PAYLOAD,
            )
        }
    }

    fn sent(operation: &OperationInfo) -> (&'static str, Method, &'static str, bool) {
        let (id, method, path, idempotent, _) =
            finerworks_api::operations::visit(operation.id, Sent).expect("an operation");
        (id, method, path, idempotent)
    }

    /// What the exchange sends is what the spec's table says, for every operation of the spec,
    /// and it resends none that the spec marks `x-idempotent: false`.
    #[test]
    fn the_exchange_sends_each_operation_as_the_spec_describes_it() {
        for operation in finerworks_api::operations::ALL {
            let method = Method::from_bytes(operation.method.as_str().as_bytes()).unwrap();
            assert_eq!(
                sent(operation),
                (operation.id, method, operation.path, operation.idempotent)
            );
        }
        let image_operations = [
            "list_images",
            "add_images",
            "update_images",
            "delete_images",
        ];
        let sent_once: Vec<&str> = image_operations
            .iter()
            .map(|id| sent(OperationInfo::find(id).unwrap()))
            .filter(|(_, _, _, idempotent)| !idempotent)
            .map(|(id, ..)| id)
            .collect();
        assert_eq!(sent_once, ["add_images"]);
    }

    /// The answers that carry images name them as their payload, and one without a GUID is
    /// flawed; the `status` block alone has no payload.
    #[test]
    fn the_image_answers_are_flawed_by_an_image_without_a_guid() {
        let payload = |id| finerworks_api::operations::visit(id, Sent).unwrap().4;
        assert_eq!(payload("list_images"), Some("images"));
        assert_eq!(payload("update_images"), Some("images"));
        assert_eq!(payload("delete_images"), None);
        let answer: ImagesResponse =
            serde_json::from_str(r#"{"images": [{"guid": null}, {"title": "x"}]}"#).unwrap();
        assert_eq!(
            Envelope::flaw(&answer).as_deref(),
            Some("2 of 2 images have no guid (the first at images[0])")
        );
        let page: ListImagesResponse = serde_json::from_str(
            r#"{"images": [{"guid": "5dbae1c2-addc-47ce-9468-843b9730aa52"}]}"#,
        )
        .unwrap();
        assert!(Envelope::has_payload(&page));
        assert_eq!(Envelope::flaw(&page), None);
    }

    /// The inventory answers name their products as their payload; a listed product without a
    /// SKU is a flaw (the walk tells products apart by it), and submit_product is sent once.
    #[test]
    fn a_page_of_products_without_a_sku_is_flawed_and_submit_product_is_sent_once() {
        let payload = |id| finerworks_api::operations::visit(id, Sent).unwrap().4;
        assert_eq!(payload("list_virtual_inventory"), Some("products"));
        assert_eq!(payload("update_virtual_inventory"), Some("products"));
        assert_eq!(payload("submit_product"), Some("product"));
        assert!(!sent(OperationInfo::find("submit_product").unwrap()).3);
        let page: ListVirtualInventoryResponse =
            serde_json::from_str(r#"{"products": [{"sku": "AP1P2"}, {"name": "x"}]}"#).unwrap();
        assert_eq!(
            Envelope::flaw(&page).as_deref(),
            Some("1 of 2 products have no sku (the first at products[1])")
        );
    }
}
