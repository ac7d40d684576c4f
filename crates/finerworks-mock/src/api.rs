//! The HTTP behaviour of the mock: routing, keys, validation, the `list_images` page and the
//! bodies of every fault, as FinerWorks' ASP.NET stack would send them.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header, request::Parts};
use axum::response::Response;
use finerworks_api::types::{ErrorBody, ListImagesResponse, ResponseStatus};
use serde::ser::{Serialize, SerializeMap as _};
use serde_json::Value;
use tokio::sync::{Notify, watch};
use tokio::time::Instant;

use crate::log::RequestLog;
use crate::request::{self, ModelState, Query};
use crate::{Dataset, Fault, Faults, MockConfig, RecordedRequest};

/// The largest request body the mock reads.
const MAX_BODY: usize = 1 << 20;
const JSON: &str = "application/json; charset=utf-8";
const HTML: &str = "text/html";

/// What every connection shares: the data, the faults, the log and the keys.
pub(crate) struct Shared {
    pub(crate) dataset: Dataset,
    pub(crate) faults: Faults,
    pub(crate) log: RequestLog,
    pub(crate) web_api_key: String,
    pub(crate) app_key: String,
    seed: u64,
    calls: AtomicU64,
    stop: watch::Receiver<bool>,
}

impl Shared {
    pub(crate) fn new(config: MockConfig, dataset: Dataset, stop: watch::Receiver<bool>) -> Self {
        let faults = Faults::new(
            config.latency,
            config.jitter,
            config.seed,
            config.fault_rate,
            config.fault_seed.unwrap_or(config.seed),
        );
        Shared {
            dataset,
            faults,
            log: RequestLog::default(),
            web_api_key: config.web_api_key,
            app_key: config.app_key,
            seed: config.seed,
            calls: AtomicU64::new(0),
            stop,
        }
    }

    /// Waits until `deadline`, or less if the server is stopping.
    async fn pause_until(&self, deadline: Instant) {
        if deadline <= Instant::now() {
            return;
        }
        let mut stop = self.stop.clone();
        tokio::select! {
            () = tokio::time::sleep_until(deadline) => {}
            () = crate::server::stopped(&mut stop) => {}
        }
    }

    /// A fresh 32-hex-digit reference id; a function of the seed and a counter.
    fn reference_id(&self) -> String {
        let call = self.calls.fetch_add(1, Ordering::Relaxed);
        let high = splitmix64(self.seed ^ call.wrapping_mul(2));
        let low = splitmix64(self.seed ^ call.wrapping_mul(2).wrapping_add(1));
        format!("{high:016x}{low:016x}")
    }
}

fn splitmix64(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One connection's view of the server: the shared state, and a way to drop the connection.
#[derive(Clone)]
pub(crate) struct Connection {
    pub(crate) shared: Arc<Shared>,
    /// Notified to close the connection without answering.
    pub(crate) drop: Arc<Notify>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Route {
    ListImages,
    Unknown,
}

/// ASP.NET routes ignore case and a trailing slash.
fn route(path: &str) -> Route {
    let path = path.strip_suffix('/').unwrap_or(path);
    if path.eq_ignore_ascii_case("/v3/list_images") {
        Route::ListImages
    } else {
        Route::Unknown
    }
}

/// Every request, whatever its route, comes here.
pub(crate) async fn handle(State(connection): State<Connection>, request: Request) -> Response {
    let shared = &connection.shared;
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, MAX_BODY).await;
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    let sequence = shared.log.begin(RecordedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        body: body
            .as_ref()
            .ok()
            .and_then(|bytes| serde_json::from_slice(bytes).ok()),
        status: 0,
        fault: None,
        had_web_api_key: parts.headers.contains_key("web_api_key"),
        had_app_key: parts.headers.contains_key("app_key"),
        user_agent: header("user-agent").map(str::to_owned),
    });

    // Latency is the time from the request to the answer, like a round trip to a real server:
    // the answer is built at once and sent at `respond_at` (or when ready, if building it took
    // longer), so the cost of building it does not add to the latency asked for.
    let respond_at = Instant::now() + shared.faults.next_delay();
    let route = route(parts.uri.path());
    let fault = match route {
        Route::ListImages => shared.faults.next_fault(),
        Route::Unknown => None,
    };
    if fault.is_some() {
        // Logged now, so that a request still stalled shows what it met.
        shared.log.finish(sequence, 0, fault.clone());
    }
    let response = match &fault {
        Some(Fault::DropConnection) => {
            shared.pause_until(respond_at).await;
            shared.log.finish(sequence, 0, fault);
            connection.drop.notify_one();
            // The connection task drops this request with the connection.
            return std::future::pending().await;
        }
        Some(Fault::Stall(duration)) => {
            shared.pause_until(respond_at + *duration).await;
            answer(shared, &parts, route, body)
        }
        Some(fault) => fault_response(shared, fault),
        None => answer(shared, &parts, route, body),
    };
    shared.pause_until(respond_at).await;
    shared
        .log
        .finish(sequence, response.status().as_u16(), fault);
    response
}

fn answer(
    shared: &Shared,
    parts: &Parts,
    route: Route,
    body: Result<Bytes, axum::Error>,
) -> Response {
    match route {
        Route::Unknown => {
            let host = parts
                .headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("localhost");
            let uri = parts
                .uri
                .path_and_query()
                .map_or("/", |p| p.as_str())
                .to_owned();
            message(
                StatusCode::NOT_FOUND,
                &format!(
                    "No HTTP resource was found that matches the request URI 'http://{host}{uri}'."
                ),
            )
        }
        Route::ListImages if parts.method != Method::POST => {
            let mut response = message(
                StatusCode::METHOD_NOT_ALLOWED,
                &format!(
                    "The requested resource does not support http method '{}'.",
                    parts.method
                ),
            );
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("POST"));
            response
        }
        Route::ListImages => list_images(shared, &parts.headers, body),
    }
}

fn list_images(shared: &Shared, headers: &HeaderMap, body: Result<Bytes, axum::Error>) -> Response {
    let key = |name: &str| headers.get(name).map(HeaderValue::as_bytes);
    if key("web_api_key") != Some(shared.web_api_key.as_bytes())
        || key("app_key") != Some(shared.app_key.as_bytes())
    {
        return invalid(ModelState::from([(
            "ApiC.Models.authorization_credentials".to_owned(),
            vec!["Missing or unauthorized api credentials".to_owned()],
        )]));
    }
    let Ok(body) = body else {
        return message(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The request entity is too large.",
        );
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return invalid(ModelState::from([(
            "request".to_owned(),
            vec!["A non-empty request body is required.".to_owned()],
        )]));
    }
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .map_or(Some("application/octet-stream"), |v| v.to_str().ok())
        .unwrap_or_default();
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    if !essence.eq_ignore_ascii_case("application/json")
        && !essence.eq_ignore_ascii_case("text/json")
    {
        return message(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            &format!(
                "The request entity's media type '{essence}' is not supported for this resource."
            ),
        );
    }
    let json: Value = match serde_json::from_slice(&body) {
        Ok(json) => json,
        Err(error) => {
            return invalid(ModelState::from([(
                "request".to_owned(),
                vec![format!("Unexpected JSON: {error}.")],
            )]));
        }
    };
    match request::parse(&json) {
        Ok(query) => json_response(StatusCode::OK, page(shared, &query)),
        Err(model_state) => invalid(model_state),
    }
}

/// The body of a successful `list_images` answer to `query`.
fn page(shared: &Shared, query: &Query) -> Vec<u8> {
    let library = shared.dataset.library(query.temporary);
    let (count, positions) = library.select(&query.selection);
    let with_products = query.list_products && !query.temporary;
    let images = positions
        .iter()
        .map(|&position| {
            let mut image = library.image(position).clone();
            if !with_products {
                image.products = None;
            }
            image
        })
        .collect();
    let response = ListImagesResponse {
        status: Some(ResponseStatus {
            success: Some(true),
            status_code: Some(200),
            message: Some(String::new()),
            debug: None,
            reference_id: Some(shared.reference_id()),
            domain: None,
        }),
        images: Some(images),
        page_number: i32::try_from(query.selection.page_number).ok(),
        per_page: i32::try_from(query.selection.per_page).ok(),
        count: i64::try_from(count).ok(),
    };
    encode(&response)
}

/// The fields FinerWorks writes, in its order, `null` or not (its own example).
const RESPONSE_FIELDS: &[&str] = &["status", "images", "page_number", "per_page", "count"];
const STATUS_FIELDS: &[&str] = &[
    "success",
    "status_code",
    "message",
    "debug",
    "reference_id",
    "domain",
];
const IMAGE_FIELDS: &[&str] = &[
    "id",
    "guid",
    "title",
    "description",
    "file_name",
    "file_size",
    "thumbnail_file_name",
    "preview_file_name",
    "hires_file_name",
    "public_thumbnail_uri",
    "public_preview_uri",
    "personal_gallery_title",
    "members_gallery_category",
    "private_hires_uri",
    "pix_w",
    "pix_h",
    "date_added",
    "date_expires",
    "active",
    "products",
];
const PRODUCT_FIELDS: &[&str] = &[
    "monetary_format",
    "quantity",
    "quantity_in_stock",
    "sku",
    "product_code",
    "price_details",
    "per_item_price",
    "total_price",
    "asking_price",
    "name",
    "description_short",
    "description_long",
    "labels",
    "image_url_1",
    "image_url_2",
    "image_url_3",
    "image_url_4",
    "image_url_5",
    "image_guid",
    "product_size",
    "third_party_integrations",
    "framing_options",
    "product_guid",
    "debug",
];
const LABEL_FIELDS: &[&str] = &["key", "value", "priority"];

/// Which object of a `list_images` answer a JSON value is.
#[derive(Clone, Copy)]
enum Shape {
    Response,
    Status,
    Image,
    Product,
    Label,
    Other,
}

impl Shape {
    fn fields(self) -> &'static [&'static str] {
        match self {
            Shape::Response => RESPONSE_FIELDS,
            Shape::Status => STATUS_FIELDS,
            Shape::Image => IMAGE_FIELDS,
            Shape::Product => PRODUCT_FIELDS,
            Shape::Label => LABEL_FIELDS,
            Shape::Other => &[],
        }
    }

    fn child(self, key: &str) -> Shape {
        match (self, key) {
            (Shape::Response, "status") => Shape::Status,
            (Shape::Response, "images") => Shape::Image,
            (Shape::Image, "products") => Shape::Product,
            (Shape::Product, "labels") => Shape::Label,
            _ => Shape::Other,
        }
    }
}

/// A JSON value written as .NET writes the object it came from: the documented fields first, in
/// FinerWorks' order and `null` when absent (the generated types leave out what is `None`), then
/// any others.
struct DotNet<'a>(&'a Value, Shape);

impl Serialize for DotNet<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let DotNet(value, shape) = *self;
        match value {
            Value::Object(object) => {
                let fields = shape.fields();
                let extra = object.keys().filter(|k| !fields.contains(&k.as_str()));
                let mut map = serializer.serialize_map(Some(fields.len() + extra.count()))?;
                for field in fields {
                    let value = object.get(*field).unwrap_or(&Value::Null);
                    map.serialize_entry(field, &DotNet(value, shape.child(field)))?;
                }
                for (key, value) in object {
                    if !fields.contains(&key.as_str()) {
                        map.serialize_entry(key, &DotNet(value, shape.child(key)))?;
                    }
                }
                map.end()
            }
            Value::Array(items) => serializer.collect_seq(items.iter().map(|i| DotNet(i, shape))),
            other => other.serialize(serializer),
        }
    }
}

/// Serializes a response as FinerWorks would: the generated type's JSON, in FinerWorks' field
/// order, with `null` written where the type leaves a field out.
fn encode(response: &ListImagesResponse) -> Vec<u8> {
    let value = serde_json::to_value(response).expect("the generated types serialize");
    serde_json::to_vec(&DotNet(&value, Shape::Response)).expect("JSON values serialize")
}

fn json_response(status: StatusCode, body: Vec<u8>) -> Response {
    with_type(status, JSON, Body::from(body))
}

fn with_type(status: StatusCode, content_type: &'static str, body: Body) -> Response {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// ASP.NET's `{"Message": ...}`.
fn message(status: StatusCode, text: &str) -> Response {
    let body = ErrorBody {
        message: Some(text.to_owned()),
        model_state: None,
    };
    json_response(
        status,
        serde_json::to_vec(&body).expect("the generated types serialize"),
    )
}

/// ASP.NET's 400 with a `ModelState`, keys in order.
fn invalid(model_state: ModelState) -> Response {
    let body = ErrorBody {
        message: Some("The request is invalid.".to_owned()),
        model_state: Some(
            model_state
                .into_iter()
                .map(|(key, messages)| (key, Some(messages)))
                .collect(),
        ),
    };
    // Through `Value`, whose maps are sorted, so that the body is the same on every run.
    let value = serde_json::to_value(&body).expect("the generated types serialize");
    json_response(
        StatusCode::BAD_REQUEST,
        serde_json::to_vec(&value).expect("JSON values serialize"),
    )
}

fn html(status: StatusCode, title: &str, heading: &str, detail: &str) -> Response {
    let page = format!(
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \
         \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\r\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\">\r\n<head>\r\n\
         <meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"/>\r\n\
         <title>{title}</title>\r\n</head>\r\n<body>\r\n\
         <div id=\"header\"><h1>Server Error</h1></div>\r\n\
         <div id=\"content\">\r\n <div class=\"content-container\"><fieldset>\r\n\
         <h2>{heading}</h2>\r\n<h3>{detail}</h3>\r\n </fieldset></div>\r\n</div>\r\n\
         </body>\r\n</html>\r\n"
    );
    with_type(status, HTML, Body::from(page))
}

/// Half of a valid first page: ends in the middle of the JSON.
fn truncated(shared: &Shared) -> Vec<u8> {
    let query = request::parse(&serde_json::json!({
        "library": {"session_id": "truncated", "site_id": 2}
    }))
    .expect("a valid request");
    let mut body = page(shared, &query);
    body.truncate(body.len() / 2);
    body
}

fn fault_response(shared: &Shared, fault: &Fault) -> Response {
    match fault {
        Fault::InternalServerError => {
            message(StatusCode::INTERNAL_SERVER_ERROR, "An error has occurred.")
        }
        Fault::BadGateway => html(
            StatusCode::BAD_GATEWAY,
            "502 - Web server received an invalid response while acting as a gateway or proxy server.",
            "502 - Web server received an invalid response while acting as a gateway or proxy server.",
            "There is a problem with the page you are looking for, and it cannot be displayed. \
             When the Web server (while acting as a gateway or proxy) contacted the upstream \
             content server, it received an invalid response from the content server.",
        ),
        Fault::ServiceUnavailable => {
            let mut response = with_type(
                StatusCode::SERVICE_UNAVAILABLE,
                HTML,
                Body::from(
                    "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"\"http://www.w3.org/TR/html4/strict.dtd\">\r\n\
                     <HTML><HEAD><TITLE>Service Unavailable</TITLE>\r\n\
                     <META HTTP-EQUIV=\"Content-Type\" Content=\"text/html; charset=us-ascii\"></HEAD>\r\n\
                     <BODY><h2>Service Unavailable</h2>\r\n<hr><p>HTTP Error 503. The service is unavailable.</p>\r\n\
                     </BODY></HTML>\r\n",
                ),
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            response
        }
        Fault::GatewayTimeout => html(
            StatusCode::GATEWAY_TIMEOUT,
            "504 - Gateway Timeout",
            "504 - Gateway Timeout",
            "The Web server (while acting as a gateway or proxy) did not receive a timely \
             response from the upstream content server.",
        ),
        Fault::TooManyRequests { retry_after } => {
            let seconds = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
            let mut response = message(
                StatusCode::TOO_MANY_REQUESTS,
                &format!("API calls quota exceeded! Try again in {seconds} seconds."),
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            response
        }
        Fault::Unsuccessful => {
            let response = ListImagesResponse {
                status: Some(ResponseStatus {
                    success: Some(false),
                    status_code: Some(500),
                    message: Some("An error occurred while listing the images.".to_owned()),
                    debug: None,
                    reference_id: Some(shared.reference_id()),
                    domain: None,
                }),
                ..ListImagesResponse::default()
            };
            json_response(StatusCode::OK, encode(&response))
        }
        Fault::MalformedJson => json_response(
            StatusCode::OK,
            format!(
                "{{\"status\": {{\"success\": True, \"status_code\": 200, \"message\": '', \
                 \"reference_id\": \"{}\"}}, \"images\": [{{\"id\": 1,, \"title\": undefined}}], \
                 \"count\": NaN}}",
                shared.reference_id()
            )
            .into_bytes(),
        ),
        Fault::TruncatedBody => json_response(StatusCode::OK, truncated(shared)),
        Fault::HtmlErrorPage => html(
            StatusCode::INTERNAL_SERVER_ERROR,
            "500 - Internal server error.",
            "500 - Internal server error.",
            "There is a problem with the resource you are looking for, and it cannot be displayed.",
        ),
        // Acted out by the handler.
        Fault::DropConnection | Fault::Stall(_) => {
            message(StatusCode::INTERNAL_SERVER_ERROR, "An error has occurred.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_ignore_case_and_a_trailing_slash() {
        for path in ["/v3/list_images", "/V3/List_Images", "/v3/LIST_IMAGES/"] {
            assert!(route(path) == Route::ListImages, "{path}");
        }
        for path in [
            "/",
            "/v3/list_image",
            "/v2/list_images",
            "/v3/list_images/x",
        ] {
            assert!(route(path) == Route::Unknown, "{path}");
        }
    }

    #[test]
    fn reference_ids_are_32_hex_digits_and_fresh() {
        let (_stop, receiver) = watch::channel(false);
        let shared = Shared::new(MockConfig::new(), Dataset::generate(1, 0), receiver);
        let first = shared.reference_id();
        assert_eq!(first.len(), 32);
        assert!(
            first
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert_ne!(first, shared.reference_id());
    }
}
