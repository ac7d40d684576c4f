//! What each [`Fault`] answers: FinerWorks' own failures and broken bodies, and the HTML pages
//! of the IIS web server and the gateway in front of it.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

use crate::Fault;
use crate::fault::whole_seconds;
use crate::wire::{HTML, json_response, message, too_many_requests, with_type};

/// The answer of `fault` (for the faults the handler does not act out itself). `reference_id`
/// makes a fresh reference id; `unsuccessful` the body of an answer of the operation whose
/// status reports a failure; `valid` the body of a valid answer (for `list_images`, its first
/// page), which [`Fault::TruncatedBody`] cuts in half.
pub(crate) fn response(
    fault: &Fault,
    reference_id: impl FnOnce() -> String,
    unsuccessful: impl FnOnce() -> Vec<u8>,
    valid: impl FnOnce() -> Vec<u8>,
) -> Response {
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
        Fault::ServiceUnavailable { retry_after } => {
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
            // Zero is allowed here: a scripted fault sends what it was given.
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(whole_seconds(*retry_after)),
            );
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
            // Zero is allowed here too.
            too_many_requests(whole_seconds(*retry_after))
        }
        Fault::Unsuccessful => json_response(StatusCode::OK, unsuccessful()),
        Fault::MalformedJson => json_response(
            StatusCode::OK,
            format!(
                "{{\"status\": {{\"success\": True, \"status_code\": 200, \"message\": '', \
                 \"reference_id\": \"{}\"}}, \"images\": [{{\"id\": 1,, \"title\": undefined}}], \
                 \"count\": NaN}}",
                reference_id()
            )
            .into_bytes(),
        ),
        Fault::TruncatedBody => {
            let mut body = valid();
            body.truncate(body.len() / 2);
            json_response(StatusCode::OK, body)
        }
        Fault::HtmlErrorPage => html(
            StatusCode::INTERNAL_SERVER_ERROR,
            "500 - Internal server error.",
            "500 - Internal server error.",
            "There is a problem with the resource you are looking for, and it cannot be displayed.",
        ),
        // Acted out by the handler.
        Fault::DropConnection
        | Fault::Stall(_)
        | Fault::InternalServerErrorAfter
        | Fault::DropConnectionAfter
        | Fault::StallAfter(_) => {
            message(StatusCode::INTERNAL_SERVER_ERROR, "An error has occurred.")
        }
    }
}

/// An IIS-style HTML error page.
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
