//! [`RawCall`]: any operation of the spec, named by its [`OperationInfo`], with a JSON body and
//! answered with the JSON FinerWorks sent, through the same exchange as the typed calls (retries
//! as the operation's idempotency allows, the same errors, the keys redacted).

use std::marker::PhantomData;
use std::sync::Arc;

use finerworks_api::schema;
use finerworks_api::types::ResponseStatus;
use finerworks_api::{Field, OperationInfo, PagedOperation, PagedVisitor, Visitor};
use futures_util::stream::{BoxStream, Stream, StreamExt as _, TryStreamExt as _};
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::exchange::{self, Connection, Envelope, Operation};
use crate::input::RequestField;
use crate::page::Page;
use crate::paging;
use crate::settings::Library;

/// The name of the request field that says which library a call works on.
const LIBRARY: &str = "library";

/// A call of any operation of the spec with a JSON body, made by
/// [`Client::call_raw`](crate::Client::call_raw); send it with [`send`](Self::send), or await it.
///
/// Before anything is sent, the body is checked against the operation's request schema (the
/// spec's, as `finerworks_api::schema` reads it): a value that breaks it is an
/// [`Error::InvalidRequest`] of [`RequestField::Body`] whose rule names every field at fault
/// (`per_page: 51 is greater than the maximum 50`). An operation sent without a body (such as
/// `test_my_credentials`) refuses one. When the operation's request has a `library` and the body
/// leaves it out (or is `None`), the library of [`library`](Self::library), else the client's
/// default one, is filled in; a `library` the body gives is sent as it is.
///
/// The answer is the JSON FinerWorks sent, with the keys redacted. It is read as the typed call
/// reads it: `success: false` is an [`Error::Api`], and an HTTP 200 body with neither a `status`
/// nor the operation's payload (`images`), or that the operation's response type cannot hold,
/// is an [`Error::UnexpectedResponse`] or an [`Error::Decode`], never an empty answer.
///
/// # Examples
///
/// ```no_run
/// use finerworks::OperationInfo;
/// # async fn run(client: finerworks::Client) -> Result<(), finerworks::Error> {
/// let list = OperationInfo::find("list_images").expect("an operation of the spec");
/// let answer = client
///     .call_raw(list, Some(serde_json::json!({"per_page": 5})))
///     .await?;
/// println!("{}", answer["images"]);
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct RawCall {
    connection: Arc<Connection>,
    operation: OperationInfo,
    body: Option<Value>,
    library: Option<Library>,
}

impl RawCall {
    pub(crate) fn new(
        connection: Arc<Connection>,
        operation: OperationInfo,
        body: Option<Value>,
    ) -> Self {
        Self {
            connection,
            operation,
            body,
            library: None,
        }
    }

    /// The library filled in when the operation's request has a `library` and the body leaves it
    /// out (instead of the client's default one).
    pub fn library(mut self, library: Library) -> Self {
        self.library = Some(library);
        self
    }

    /// The body as it would be sent (with the library filled in), after checking it against the
    /// operation's request schema; `None` for an operation sent without a body.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] of [`RequestField::Body`]: the operation is not one of the spec,
    /// it takes no body and was given one, or the body breaks its request schema (every field at
    /// fault is named); of [`RequestField::SessionId`] when the library to fill in has a bad
    /// session id.
    pub fn to_body(&self) -> Result<Option<Value>> {
        known(&self.operation)?;
        let Some(schema_name) = self.operation.request_schema else {
            return match &self.body {
                None => Ok(None),
                Some(_) => Err(Error::invalid(
                    RequestField::Body,
                    format!(
                        "must be left out: {} {} is sent without a body",
                        self.operation.method, self.operation.path
                    ),
                )),
            };
        };
        let mut body = self
            .body
            .clone()
            .unwrap_or_else(|| Value::Object(Default::default()));
        let has_library = Field::of(schema_name)
            .is_some_and(|fields| fields.iter().any(|field| field.name == LIBRARY));
        if has_library
            && let Value::Object(map) = &mut body
            && !map.contains_key(LIBRARY)
        {
            let library = self
                .library
                .as_ref()
                .unwrap_or(&self.connection.library)
                .to_request()?;
            let library = serde_json::to_value(library).map_err(|e| {
                Error::invalid(RequestField::Body, format!("cannot be serialized: {e}"))
            })?;
            map.insert(LIBRARY.to_owned(), library);
        }
        let found = schema::violations(schema::openapi(), schema_name, &body);
        if !found.is_empty() {
            let rule = found
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ");
            return Err(Error::invalid(RequestField::Body, rule));
        }
        Ok(Some(body))
    }

    /// Sends the call, and returns the JSON answer (keys redacted).
    ///
    /// # Errors
    ///
    /// Those of [`to_body`](Self::to_body), found before anything is sent; then whatever the call
    /// ends with, as for the typed calls (see [`Error`]).
    pub async fn send(self) -> Result<Value> {
        let body = self.to_body()?.unwrap_or(Value::Null);
        let connection = Arc::clone(&self.connection);
        let call = Call {
            connection: Arc::clone(&connection),
            body,
        };
        let mut value = finerworks_api::operations::visit(self.operation.id, call)
            .ok_or_else(|| unknown(&self.operation))?
            .await?;
        connection.redactor.value(&mut value);
        Ok(value)
    }
}

impl RawCall {
    /// Every item of a paged list (an operation with an `x-paging` in the spec), each once, page
    /// by page, through the same walk as the typed listings (see
    /// [`ListImages::pages`](crate::ListImages::pages): every item once under any `count`, a
    /// list that changes while it is walked reported as [`Error::MayBeIncomplete`], the rate
    /// limit's pace); with `until_stable`, walked again until the list settles. The body is
    /// checked as [`to_body`](Self::to_body) checks it; a field the request type has no place for
    /// is refused rather than dropped. Without a page size, pages are as large as the API allows;
    /// without a page number, the walk starts at page 1. Each item is the JSON of the typed item
    /// (keys redacted).
    ///
    /// # Errors
    ///
    /// The stream's first item is an [`Error::InvalidRequest`] of [`RequestField::Body`] when
    /// the operation is not paged, or the body fails the checks; then the errors of a listing.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use finerworks::OperationInfo;
    /// use futures_util::TryStreamExt as _;
    /// # async fn run(client: finerworks::Client) -> Result<(), finerworks::Error> {
    /// let list = OperationInfo::find("list_images").expect("a paged list of the spec");
    /// let mut pages = client.call_raw(list, None).pages(false);
    /// while let Some(page) = pages.try_next().await? {
    ///     for item in page.items {
    ///         println!("{item}");
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn pages(
        self,
        until_stable: bool,
    ) -> impl Stream<Item = Result<Page<Value>>> + Send + Unpin + 'static {
        let walk = self.to_body().and_then(|body| {
            let walk = RawWalk {
                connection: Arc::clone(&self.connection),
                body: body.unwrap_or(Value::Null),
                until_stable,
            };
            finerworks_api::paging::visit(self.operation.id, walk).ok_or_else(|| {
                Error::invalid(
                    RequestField::Body,
                    format!(
                        "cannot be walked page by page: {} is not a paged list (the paged lists \
                         are {})",
                        self.operation.id,
                        paged_ids().join(", ")
                    ),
                )
            })?
        });
        match walk {
            Ok(pages) => pages,
            Err(error) => futures_util::stream::once(async move { Err(error) }).boxed(),
        }
    }
}

/// The ids of the spec's paged lists.
fn paged_ids() -> Vec<&'static str> {
    finerworks_api::operations::ALL
        .iter()
        .filter(|operation| operation.paging.is_some())
        .map(|operation| operation.id)
        .collect()
}

/// A walk over the pages of whichever paged list [`finerworks_api::paging::visit`] picks by id.
struct RawWalk {
    connection: Arc<Connection>,
    body: Value,
    until_stable: bool,
}

impl PagedVisitor for RawWalk {
    type Output = Result<BoxStream<'static, Result<Page<Value>>>>;

    fn visit<O: PagedOperation>(self) -> Self::Output {
        let schema = O::REQUEST_SCHEMA.unwrap_or_default();
        if let (Value::Object(map), Some(fields)) = (&self.body, Field::of(schema))
            && let Some(unknown) = map
                .keys()
                .find(|key| !fields.iter().any(|field| field.name == key.as_str()))
        {
            let names: Vec<&str> = fields.iter().map(|field| field.name).collect();
            return Err(Error::invalid(
                RequestField::Body,
                format!(
                    "{unknown} is not a field of {schema}; a walk sends only the fields of the \
                     spec ({})",
                    names.join(", ")
                ),
            ));
        }
        let mut template: O::Request = serde_json::from_value(self.body)
            .map_err(|e| Error::invalid(RequestField::Body, e.to_string()))?;
        if O::page_number(&template).is_none() {
            O::set_page_number(&mut template, 1);
        }
        if O::page_size(&template).is_none() {
            O::set_page_size(&mut template, O::PAGE_SIZE_MAX);
        }
        let connection = Arc::clone(&self.connection);
        Ok(
            paging::pages::<O>(self.connection, Ok(template), self.until_stable)
                .map_ok(move |page| {
                    let Page {
                        items,
                        total,
                        page_number,
                        per_page,
                        reference_id,
                    } = page;
                    let items = items
                        .iter()
                        .map(|item| {
                            let mut value = serde_json::to_value(item).unwrap_or(Value::Null);
                            connection.redactor.value(&mut value);
                            value
                        })
                        .collect();
                    Page {
                        items,
                        total,
                        page_number,
                        per_page,
                        reference_id,
                    }
                })
                .boxed(),
        )
    }
}

/// A call of whichever operation of the spec [`finerworks_api::operations::visit`] picks by id.
struct Call {
    connection: Arc<Connection>,
    body: Value,
}

impl Visitor for Call {
    type Output = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Value>> + Send>>;

    fn visit<O: finerworks_api::Operation>(self) -> Self::Output {
        Box::pin(async move { call::<O>(&self.connection, &self.body).await })
    }
}

impl std::future::IntoFuture for RawCall {
    type Output = Result<Value>;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// Sends `body` as a call of `O`, and keeps the answer as JSON.
async fn call<O: Operation>(connection: &Connection, body: &Value) -> Result<Value> {
    exchange::call::<Raw<O>>(connection, body, None)
        .await
        .map(|answer| answer.value)
}

/// Whether `operation` is one of the spec's, as the spec describes it.
fn known(operation: &OperationInfo) -> Result<()> {
    if finerworks_api::operations::ALL.contains(operation) {
        Ok(())
    } else {
        Err(unknown(operation))
    }
}

fn unknown(operation: &OperationInfo) -> Error {
    let ids: Vec<&str> = finerworks_api::operations::ALL
        .iter()
        .map(|operation| operation.id)
        .collect();
    Error::invalid(
        RequestField::Body,
        format!(
            "cannot be sent: `{}` is not an operation of the spec as it describes it (the \
             operations are {})",
            operation.id,
            ids.join(", ")
        ),
    )
}

/// The operation `O` sent with a JSON body and answered with JSON: its method, path and
/// idempotency, and its typed answer read too, for the same checks as a typed call.
struct Raw<O>(PhantomData<O>);

impl<O: Operation> Operation for Raw<O> {
    const NAME: &'static str = O::NAME;
    const METHOD: reqwest::Method = O::METHOD;
    const PATH: &'static str = O::PATH;
    const IDEMPOTENT: bool = O::IDEMPOTENT;
    type Request = Value;
    type Response = RawAnswer<O::Response>;
}

/// An answer as JSON, and as the operation's response type `R`.
pub(crate) struct RawAnswer<R> {
    value: Value,
    typed: R,
}

impl<'de, R: DeserializeOwned> Deserialize<'de> for RawAnswer<R> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let typed = serde_path_to_error::deserialize::<_, R>(&value).map_err(|error| {
            let path = error.path().to_string();
            D::Error::custom(format!("{path}: {}", error.into_inner()))
        })?;
        Ok(Self { value, typed })
    }
}

impl<R: Envelope> Envelope for RawAnswer<R> {
    const PAYLOAD: Option<&'static str> = R::PAYLOAD;

    fn status(&self) -> Option<&ResponseStatus> {
        self.typed.status()
    }

    fn status_mut(&mut self) -> Option<&mut ResponseStatus> {
        self.typed.status_mut()
    }

    fn has_payload(&self) -> bool {
        self.typed.has_payload()
    }

    fn flaw(&self) -> Option<String> {
        self.typed.flaw()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::Client;

    fn client() -> Client {
        Client::builder()
            .web_api_key("web-key-0123456789")
            .app_key("app-key-0123456789")
            .session_id("session-0123456789")
            .site_id(2)
            .build()
            .expect("a client")
    }

    fn find(id: &str) -> &'static OperationInfo {
        OperationInfo::find(id).expect("an operation of the spec")
    }

    #[test]
    fn a_missing_library_is_filled_in_and_a_given_one_is_kept() {
        let client = client();
        let body = client
            .call_raw(find("list_images"), Some(json!({"per_page": 5})))
            .to_body()
            .unwrap()
            .unwrap();
        assert_eq!(body["library"]["session_id"], "session-0123456789");
        assert_eq!(body["library"]["site_id"], 2);
        assert_eq!(body["per_page"], 5);
        let temporary =
            Library::new("other-session-01", 7).with_name(crate::LibraryName::Temporary);
        let body = client
            .call_raw(
                find("delete_images"),
                Some(json!({"guids": [uuid::Uuid::nil()]})),
            )
            .library(temporary)
            .to_body()
            .unwrap()
            .unwrap();
        assert_eq!(body["library"]["name"], "temporary");
        let given = json!({"session_id": "given-session-01", "site_id": 3});
        let body = client
            .call_raw(find("list_images"), Some(json!({"library": given})))
            .to_body()
            .unwrap()
            .unwrap();
        assert_eq!(body["library"], given);
        // update_images has no library: none is added.
        let update = json!({"images": [{"guid": uuid::Uuid::nil(), "title": "t"}]});
        let body = client
            .call_raw(find("update_images"), Some(update.clone()))
            .to_body()
            .unwrap()
            .unwrap();
        assert_eq!(body, update);
    }

    #[test]
    fn bodies_are_checked_before_sending() {
        let client = client();
        let error = client
            .call_raw(
                find("list_images"),
                Some(json!({"per_page": 0, "active": "yes"})),
            )
            .to_body()
            .unwrap_err();
        let Error::InvalidRequest {
            field: RequestField::Body,
            rule,
        } = error
        else {
            panic!("{error:?}")
        };
        assert!(
            rule.contains("per_page: 0 is less than the minimum 1"),
            "{rule}"
        );
        assert!(
            rule.contains("active: expected boolean, got string"),
            "{rule}"
        );
        assert!(rule.contains("; "), "{rule}");
        let error = client
            .call_raw(find("test_my_credentials"), Some(json!({})))
            .to_body()
            .unwrap_err();
        assert!(
            error.to_string().contains("is sent without a body"),
            "{error}"
        );
        assert_eq!(
            client
                .call_raw(find("test_my_credentials"), None)
                .to_body()
                .unwrap(),
            None
        );
        let mut forged = *find("add_images");
        forged.idempotent = true;
        let error = client
            .call_raw(&forged, Some(json!({})))
            .to_body()
            .unwrap_err();
        assert!(
            error.to_string().contains("not an operation of the spec"),
            "{error}"
        );
    }
}
