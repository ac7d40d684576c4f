//! The shapes of what `cargo xtask generate` writes about each operation and schema of the spec:
//! the [`Operation`] trait and its plain-data twin [`OperationInfo`], the [`Answer`] every
//! operation's response type implements and the [`Visitor`] that reaches an operation by its id
//! (the generated [`operations`](crate::operations) module), and [`Field`] (the generated
//! [`fields`](crate::fields) module).

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::types::ResponseStatus;

/// The HTTP method an operation is sent with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
}

impl HttpMethod {
    /// The method as HTTP spells it, upper case (`"POST"`).
    ///
    /// # Examples
    ///
    /// ```
    /// use finerworks_api::{HttpMethod, Operation as _, operations::ListImages};
    ///
    /// assert_eq!(ListImages::METHOD, HttpMethod::Post);
    /// assert_eq!(ListImages::METHOD.as_str(), "POST");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One operation of the spec, as plain data: what [`operations::ALL`](crate::operations::ALL)
/// lists, and [`Operation::INFO`] gives for one operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OperationInfo {
    /// The spec's `operationId` (`list_images`).
    pub id: &'static str,
    /// The HTTP method.
    pub method: HttpMethod,
    /// The path after the base URL (`/v3/list_images`).
    pub path: &'static str,
    /// Whether a call that may have reached the server can be sent again without changing the
    /// outcome (the spec's `x-idempotent`). Adding images is not: sent twice, they are added twice.
    pub idempotent: bool,
    /// The component schema (`#/components/schemas/<name>`) of the JSON request body; `None` when
    /// the operation is sent without a body.
    pub request_schema: Option<&'static str>,
    /// The component schema of the HTTP 200 JSON answer.
    pub response_schema: &'static str,
    /// For a paged list, which fields page it (the spec's `x-paging`); `None` otherwise.
    pub paging: Option<Paging>,
}

/// The fields that page a paged list operation, as its `x-paging` in the spec names them.
///
/// # Examples
///
/// ```
/// use finerworks_api::{Operation as _, fields, operations::ListImages};
///
/// let paging = ListImages::PAGING.unwrap();
/// assert_eq!(paging.page_size, fields::list_images_request::PER_PAGE);
/// assert_eq!(paging.items, fields::list_images_response::IMAGES);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Paging {
    /// The request field of the page to return (`page_number`).
    pub page_number: &'static str,
    /// The request field of the page size (`per_page`).
    pub page_size: &'static str,
    /// The answer field holding the page's items (`images`).
    pub items: &'static str,
    /// The answer field of the total over all pages (`count`), if the answer has one. A hint:
    /// FinerWorks' own example answers `count: 0` beside an image.
    pub count: Option<&'static str>,
}

impl OperationInfo {
    /// The operation whose `operationId` is `id`, if the spec has one.
    ///
    /// # Examples
    ///
    /// ```
    /// use finerworks_api::OperationInfo;
    ///
    /// let add = OperationInfo::find("add_images").unwrap();
    /// assert!(!add.idempotent);
    /// assert_eq!(add.request_schema, Some("add_images_request"));
    /// assert!(OperationInfo::find("no_such_operation").is_none());
    /// ```
    pub fn find(id: &str) -> Option<&'static OperationInfo> {
        crate::operations::ALL
            .iter()
            .find(|operation| operation.id == id)
    }
}

/// An operation of the spec, implemented by one unit struct per operation in
/// [`operations`](crate::operations); its constants are [`OperationInfo`]'s fields and its types
/// the generated request and response bodies.
///
/// # Examples
///
/// ```
/// use finerworks_api::{HttpMethod, Operation, operations::AddImages};
///
/// fn describe<O: Operation>() -> String {
///     format!("{} {} {}", O::METHOD, O::PATH, if O::IDEMPOTENT { "(may be resent)" } else { "" })
/// }
/// assert_eq!(describe::<AddImages>(), "POST /v3/add_images ");
/// ```
pub trait Operation {
    /// The spec's `operationId` (`list_images`).
    const ID: &'static str;
    /// The HTTP method.
    const METHOD: HttpMethod;
    /// The path after the base URL (`/v3/list_images`).
    const PATH: &'static str;
    /// Whether a call that may have reached the server can be sent again (`x-idempotent`).
    const IDEMPOTENT: bool;
    /// The component schema of the JSON request body; `None` when sent without a body.
    const REQUEST_SCHEMA: Option<&'static str>;
    /// The component schema of the HTTP 200 JSON answer.
    const RESPONSE_SCHEMA: &'static str;
    /// The request body: a generated type, or `()` for an operation sent without a body.
    type Request: Serialize + DeserializeOwned + fmt::Debug + Send + Sync + 'static;
    /// The HTTP 200 answer: a generated type.
    type Response: Answer + Serialize + DeserializeOwned + fmt::Debug + Send + Sync + 'static;
    /// For a paged list, which fields page it (`x-paging`); `None` otherwise.
    const PAGING: Option<Paging> = None;
    /// The same, as plain data.
    const INFO: OperationInfo = OperationInfo {
        id: Self::ID,
        method: Self::METHOD,
        path: Self::PATH,
        idempotent: Self::IDEMPOTENT,
        request_schema: Self::REQUEST_SCHEMA,
        response_schema: Self::RESPONSE_SCHEMA,
        paging: Self::PAGING,
    };
}

/// What every answer of the spec shares, implemented by `cargo xtask generate` for each
/// operation's response type: the `status` block, and the operation's own payload, the field the
/// response schema names in `x-payload` or else its one array (`images`); none when the answer is
/// the `status` block alone.
///
/// # Examples
///
/// ```
/// use finerworks_api::Answer;
/// use finerworks_api::types::{ListImagesResponse, StatusResponse};
///
/// assert_eq!(ListImagesResponse::PAYLOAD, Some("images"));
/// assert_eq!(StatusResponse::PAYLOAD, None);
/// let page: ListImagesResponse = serde_json::from_str(r#"{"status": {"success": true}}"#)?;
/// assert_eq!(page.status().and_then(|s| s.success), Some(true));
/// assert!(!page.has_payload());
/// # Ok::<(), serde_json::Error>(())
/// ```
pub trait Answer {
    /// The answer's own payload field (`images`); `None` when the answer is the `status` block
    /// alone.
    const PAYLOAD: Option<&'static str>;
    /// The `status` block, if the body had one.
    fn status(&self) -> Option<&ResponseStatus>;
    /// The `status` block, to change it (to redact it).
    fn status_mut(&mut self) -> Option<&mut ResponseStatus>;
    /// Whether the body holds the payload (`false` when there is none to hold).
    fn has_payload(&self) -> bool;
}

/// Something done with one operation's types, chosen at run time by its id through the generated
/// [`operations::visit`](crate::operations::visit): the way to reach every operation of the spec
/// without a list of them in hand-written code.
///
/// # Examples
///
/// ```
/// use finerworks_api::{Operation, Visitor, operations};
///
/// struct Payload;
/// impl Visitor for Payload {
///     type Output = Option<&'static str>;
///     fn visit<O: Operation>(self) -> Self::Output {
///         <O::Response as finerworks_api::Answer>::PAYLOAD
///     }
/// }
/// assert_eq!(operations::visit("add_images", Payload), Some(Some("images")));
/// assert_eq!(operations::visit("no_such_operation", Payload), None);
/// ```
pub trait Visitor {
    /// What the visit gives.
    type Output;
    /// Does the work with the operation `O`.
    fn visit<O: Operation>(self) -> Self::Output;
}

/// A property of a component schema: its name on the wire, and whether the schema requires it.
/// The generated [`fields`](crate::fields) module lists them per schema, in the spec's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Field {
    /// The JSON property name (`file_name`).
    pub name: &'static str,
    /// Whether the schema lists it under `required` (a request without it is refused). No
    /// response field is required: FinerWorks leaves fields out and sends `null` anywhere.
    pub required: bool,
}

impl Field {
    /// The fields of the component schema `schema`, in the spec's order, if it has any.
    ///
    /// # Examples
    ///
    /// ```
    /// use finerworks_api::{Field, fields};
    ///
    /// let library = Field::of("image_library").unwrap();
    /// assert_eq!(library, fields::image_library::ALL);
    /// let required: Vec<&str> = library.iter().filter(|f| f.required).map(|f| f.name).collect();
    /// assert_eq!(required, [fields::image_library::SESSION_ID, fields::image_library::SITE_ID]);
    /// ```
    pub fn of(schema: &str) -> Option<&'static [Field]> {
        crate::fields::SCHEMAS
            .iter()
            .find(|(name, _)| *name == schema)
            .map(|(_, fields)| *fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations;

    #[test]
    fn every_operation_is_listed_once_with_its_own_constants() {
        let ids: Vec<&str> = operations::ALL.iter().map(|o| o.id).collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
        assert_eq!(
            OperationInfo::find("list_images"),
            Some(&<operations::ListImages as Operation>::INFO)
        );
        for operation in operations::ALL {
            assert!(operation.path.starts_with('/'), "{operation:?}");
            assert!(
                Field::of(operation.response_schema).is_some(),
                "{operation:?}"
            );
            if let Some(schema) = operation.request_schema {
                assert!(Field::of(schema).is_some(), "{operation:?}");
            }
        }
    }

    #[test]
    fn only_what_creates_may_not_be_sent_twice() {
        let once: Vec<&str> = operations::ALL
            .iter()
            .filter(|o| !o.idempotent)
            .map(|o| o.id)
            .collect();
        assert_eq!(
            once,
            [
                "add_images",
                "submit_product",
                "submit_orders",
                "submit_orders_v2"
            ]
        );
    }

    #[test]
    fn only_the_listings_are_paged_and_their_fields_exist() {
        let paged: Vec<&str> = operations::ALL
            .iter()
            .filter(|o| o.paging.is_some())
            .map(|o| o.id)
            .collect();
        assert_eq!(paged, ["list_images", "list_virtual_inventory"]);
        let names =
            |schema| -> Vec<&str> { Field::of(schema).unwrap().iter().map(|f| f.name).collect() };
        for id in paged {
            let list = OperationInfo::find(id).unwrap();
            let paging = list.paging.unwrap();
            let request = names(list.request_schema.unwrap());
            let response = names(list.response_schema);
            assert!(request.contains(&paging.page_number), "{paging:?}");
            assert!(request.contains(&paging.page_size), "{paging:?}");
            assert!(response.contains(&paging.items), "{paging:?}");
            assert_eq!(paging.count, Some("count"));
        }
    }

    #[test]
    fn required_fields_are_the_specs() {
        let add = Field::of("add_images_request").unwrap();
        assert_eq!(
            add,
            [
                Field {
                    name: "images",
                    required: true
                },
                Field {
                    name: "library",
                    required: true
                },
            ]
        );
        let update = crate::fields::update_image_details::ALL;
        assert_eq!(
            update
                .iter()
                .map(|f| (f.name, f.required))
                .collect::<Vec<_>>(),
            [("guid", true), ("title", false), ("description", false)]
        );
    }
}
