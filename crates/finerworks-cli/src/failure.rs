//! Why a run failed: the exit status for each kind of failure, and the lines shown on stderr.

use std::error::Error as _;
use std::fmt::Write as _;
use std::io;

use finerworks::{ENV_APP_KEY, ENV_WEB_API_KEY};

use crate::input::InputError;

/// The exit statuses (documented in the crate docs and in `--help`).
pub(crate) mod exit {
    /// Any other failure, such as writing the output, or a deletion that was not confirmed.
    pub(crate) const OTHER: u8 = 1;
    /// The command line is wrong (clap exits with this itself for what it finds).
    pub(crate) const USAGE: u8 = 2;
    /// Invalid input: a value breaks a rule of the API (found before sending, or by FinerWorks,
    /// which answered HTTP 400 naming the fields), or a setting is missing or malformed.
    pub(crate) const INVALID_INPUT: u8 = 3;
    /// FinerWorks refused the keys.
    pub(crate) const UNAUTHORIZED: u8 = 4;
    /// FinerWorks answered with an error, or with a response that cannot be read.
    pub(crate) const API: u8 = 5;
    /// No connection, or no answer in time.
    pub(crate) const NETWORK: u8 = 6;
    /// Stopped short: `images add` added some images and not others (or maybe not),
    /// `images delete` could not see every deletion happen, or `orders submit` placed some
    /// orders and not others (or maybe not).
    pub(crate) const INCOMPLETE: u8 = 7;
    /// `images list --all` listed every page, but the library changed meanwhile: images may be
    /// missing.
    pub(crate) const MAY_BE_INCOMPLETE: u8 = 8;
    /// `images update` or `images delete`: some GUIDs matched no image (the others were done).
    pub(crate) const NOT_FOUND: u8 = 9;
    /// Stopped by Ctrl-C (SIGINT) or SIGTERM, after saying what was done (128 + SIGINT).
    pub(crate) const INTERRUPTED: u8 = 130;
}

/// Why a run failed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The client said no, before sending or after.
    Client(finerworks::Error),
    /// An API key was not given: which ones are missing.
    MissingKeys {
        /// The web API key is missing.
        web: bool,
        /// The app key is missing.
        app: bool,
    },
    /// The built-in mock of `--demo` could not start.
    Demo(io::Error),
    /// The output could not be written.
    Output(io::Error),
    /// A `--from` file, a row of it or a flag's value is wrong. Nothing was sent.
    Input(InputError),
    /// The command line is wrong in a way clap does not check (a missing flag).
    Usage {
        /// What is wrong.
        message: String,
        /// What to do about it.
        hint: Option<String>,
    },
    /// The user did not confirm a deletion.
    NotConfirmed,
    /// `images list --all` printed every page, but the library changed while it was listed.
    MayBeIncomplete(String),
    /// Some GUIDs given to `images update` or `images delete` matched no image; what was done
    /// for the others is printed.
    NotFound {
        /// The summary line.
        error: String,
        /// The GUIDs, and what is known of each.
        details: Vec<String>,
        /// What to do next.
        hint: String,
    },
    /// `images delete`: FinerWorks accepted the deletion, but some images were still listed
    /// after it, or the listing to check failed.
    Unconfirmed {
        /// The summary line.
        error: String,
        /// The GUIDs, and what is known of each.
        details: Vec<String>,
        /// What to do next.
        hint: String,
    },
    /// Ctrl-C or SIGTERM stopped the command; what was done is printed.
    Interrupted {
        /// The summary line.
        error: String,
        /// What was done and what not.
        details: Vec<String>,
        /// What to do next.
        hint: String,
    },
    /// `orders submit` stopped short: some orders were not placed, or may not have been (every
    /// order's fate is printed).
    SubmitIncomplete {
        /// The summary line.
        error: String,
        /// Each order not placed, with its fate and the evidence of its lookup.
        details: Vec<String>,
        /// What to do next.
        hint: String,
    },
    /// `images add` stopped short: some images were added (and printed), the others failed.
    AddIncomplete {
        /// The summary line.
        error: String,
        /// Each failed batch and its rows.
        details: Vec<String>,
        /// What to do next.
        hint: String,
    },
}

impl From<InputError> for Failure {
    fn from(error: InputError) -> Self {
        Self::Input(error)
    }
}

impl From<finerworks::Error> for Failure {
    fn from(error: finerworks::Error) -> Self {
        Self::Client(error)
    }
}

/// What to tell the user: the error line, and maybe a hint line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Report {
    /// `error: ...`.
    pub(crate) error: String,
    /// Lines after the error line, indented, such as the rows that were not added.
    pub(crate) details: Vec<String>,
    /// `hint: ...`.
    pub(crate) hint: Option<String>,
}

impl Report {
    /// Just an error line.
    fn line(error: String) -> Self {
        Self {
            error,
            details: Vec::new(),
            hint: None,
        }
    }
}

impl Failure {
    /// Whether the reader went away (`finerworks ... | head`): that ends the run quietly.
    pub(crate) fn is_closed_pipe(&self) -> bool {
        matches!(self, Self::Output(error) if error.kind() == io::ErrorKind::BrokenPipe)
    }

    /// The exit status.
    pub(crate) fn exit_code(&self) -> u8 {
        use finerworks::Error;
        match self {
            Self::Client(error) => match error {
                Error::Config { .. } | Error::InvalidRequest { .. } => exit::INVALID_INPUT,
                Error::Api(api) if is_refused_input(api) => exit::INVALID_INPUT,
                Error::Unauthorized(_) => exit::UNAUTHORIZED,
                Error::Api(_)
                | Error::RateLimited { .. }
                | Error::Decode(_)
                | Error::Paging(_)
                | Error::Redirected { .. }
                | Error::UnexpectedResponse { .. } => exit::API,
                Error::Timeout { .. } | Error::Transport { .. } => exit::NETWORK,
                _ => exit::OTHER,
            },
            Self::MissingKeys { .. } | Self::Input(_) => exit::INVALID_INPUT,
            Self::Usage { .. } => exit::USAGE,
            Self::AddIncomplete { .. }
            | Self::SubmitIncomplete { .. }
            | Self::Unconfirmed { .. } => exit::INCOMPLETE,
            Self::NotFound { .. } => exit::NOT_FOUND,
            Self::Interrupted { .. } => exit::INTERRUPTED,
            Self::MayBeIncomplete(_) => exit::MAY_BE_INCOMPLETE,
            Self::Demo(_) | Self::Output(_) | Self::NotConfirmed => exit::OTHER,
        }
    }

    /// What the first line on stderr starts with: `warning` when the output is whole but may
    /// miss images, `error` otherwise.
    pub(crate) fn label(&self) -> &'static str {
        if matches!(self, Self::MayBeIncomplete(_)) {
            "warning"
        } else {
            "error"
        }
    }

    /// The lines for stderr.
    pub(crate) fn report(&self) -> Report {
        match self {
            Self::Client(error) => Report {
                error: client_message(error),
                details: Vec::new(),
                hint: client_hint(error),
            },
            Self::MissingKeys { web, app } => Report {
                error: match (web, app) {
                    (true, true) => format!(
                        "no API keys: set {ENV_WEB_API_KEY} and {ENV_APP_KEY}, or pass \
                         --web-api-key and --app-key"
                    ),
                    (true, false) => {
                        format!("no web API key: set {ENV_WEB_API_KEY} or pass --web-api-key")
                    }
                    _ => format!("no app key: set {ENV_APP_KEY} or pass --app-key"),
                },
                details: Vec::new(),
                hint: Some("to try finerworks without an account, add --demo".to_owned()),
            },
            Self::Demo(error) => Report::line(format!("cannot start the demo server: {error}")),
            Self::Output(error) => Report::line(format!("cannot write the output: {error}")),
            Self::Input(error) => Report::line(error.to_string()),
            Self::Usage { message, hint } => Report {
                error: message.clone(),
                details: Vec::new(),
                hint: hint.clone(),
            },
            Self::NotConfirmed => Report::line("not confirmed: nothing was deleted".to_owned()),
            Self::MayBeIncomplete(warning) => Report::line(warning.clone()),
            Self::AddIncomplete {
                error,
                details,
                hint,
            }
            | Self::SubmitIncomplete {
                error,
                details,
                hint,
            }
            | Self::NotFound {
                error,
                details,
                hint,
            }
            | Self::Unconfirmed {
                error,
                details,
                hint,
            }
            | Self::Interrupted {
                error,
                details,
                hint,
            } => Report {
                error: error.clone(),
                details: details.clone(),
                hint: Some(hint.clone()),
            },
        }
    }
}

/// Whether FinerWorks refused the request's values: HTTP 400 with a `ModelState` naming the
/// fields (the credentials error, also a 400 with a `ModelState`, is `Error::Unauthorized`).
fn is_refused_input(error: &finerworks::ApiError) -> bool {
    error.http_status == 400 && !error.model_state.is_empty()
}

/// The client's message, its causes (such as "connection refused") when they add something, and
/// the reference id if the message does not already quote it. A setting is named as the user set
/// it here: a flag or a variable, never a method of the library.
fn client_message(error: &finerworks::Error) -> String {
    if let finerworks::Error::Config {
        setting,
        origin,
        problem,
    } = error
    {
        return config_message(*setting, *origin, problem);
    }
    let mut message = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        let text = inner.to_string();
        if !message.contains(&text) {
            let _ = write!(message, ": {text}");
        }
        cause = inner.source();
    }
    if let Some(id) = error.reference_id()
        && !message.contains(id)
    {
        let _ = write!(message, " (reference id {id})");
    }
    message
}

/// A bad or missing setting, named by its flag (or its variable, when it came from one).
fn config_message(
    setting: finerworks::Setting,
    origin: finerworks::Origin,
    problem: &str,
) -> String {
    use finerworks::{Origin, Setting};
    let flag = match setting {
        Setting::WebApiKey => "--web-api-key",
        Setting::AppKey => "--app-key",
        Setting::BaseUrl => "--base-url",
        Setting::SessionId => "--session-id",
        Setting::SiteId => "--site-id",
        Setting::Concurrency => "--concurrency",
        Setting::UserAgent => "the user agent",
        _ => "the HTTP client",
    };
    // The library's advice names its own switch; the command line's is a flag.
    let problem = problem
        .replace(INSECURE_HTTP_METHOD, INSECURE_HTTP_FLAG)
        .replace(
            &format!("call ClientBuilder::{}", setting.builder_method()),
            &format!("pass {flag}"),
        );
    match (origin, setting.env_var()) {
        (Origin::Environment, Some(variable)) => format!("invalid {variable}: {problem}"),
        (Origin::Unset, _) => format!("missing {flag}: {problem}"),
        _ => format!("invalid {flag}: {problem}"),
    }
}

/// How the library's error text names the switch for plain http, and the flag that sets it.
const INSECURE_HTTP_METHOD: &str = "ClientBuilder::allow_insecure_http(true)";
const INSECURE_HTTP_FLAG: &str = "--allow-insecure-http";

/// What the user can do about it, in terms of this tool's flags and variables.
fn client_hint(error: &finerworks::Error) -> Option<String> {
    use finerworks::limits::image_library::{SESSION_ID_MAX_LENGTH, SESSION_ID_MIN_LENGTH};
    use finerworks::limits::list_images_request::{
        PAGE_NUMBER_MAX, PAGE_NUMBER_MIN, PER_PAGE_MAX, PER_PAGE_MIN,
    };
    use finerworks::{Error, MAX_CONCURRENCY, RequestField, Setting};
    let per_page_hint = format!("--per-page takes {PER_PAGE_MIN} to {PER_PAGE_MAX}");
    let session_id_hint = format!(
        "--session-id (or FINERWORKS_SESSION_ID) must be {SESSION_ID_MIN_LENGTH} to \
         {SESSION_ID_MAX_LENGTH} characters long"
    );
    let concurrency_hint = format!("--concurrency takes 1 to {MAX_CONCURRENCY}");
    let page_hint = format!("--page takes {PAGE_NUMBER_MIN} to {PAGE_NUMBER_MAX}");
    let hint: &str = match error {
        Error::Config {
            setting: Setting::BaseUrl,
            problem,
            ..
        } if problem.contains("plain http") => {
            "use an https URL, or add --allow-insecure-http if the keys may cross the network \
             unencrypted"
        }
        Error::Config { setting, .. } => match setting {
            Setting::BaseUrl => {
                "give --base-url (or FINERWORKS_BASE_URL) an http(s) URL, or use --env production|test"
            }
            Setting::SessionId => &session_id_hint,
            Setting::Concurrency => &concurrency_hint,
            Setting::WebApiKey | Setting::AppKey => {
                "the keys are set with FINERWORKS_WEB_API_KEY and FINERWORKS_APP_KEY, or \
                 --web-api-key and --app-key"
            }
            _ => return None,
        },
        Error::InvalidRequest { field, .. } => match field {
            RequestField::PerPage => &per_page_hint,
            RequestField::PageNumber => &page_hint,
            RequestField::UploadDateFrom => "--uploaded-from must not be after --uploaded-to",
            RequestField::SessionId => &session_id_hint,
            _ => return None,
        },
        Error::Unauthorized(_) => {
            "FinerWorks refused the keys: check FINERWORKS_WEB_API_KEY and FINERWORKS_APP_KEY (or \
             --web-api-key and --app-key), and that they are for this API (--env production|test)"
        }
        Error::RateLimited { .. } => {
            "FinerWorks is limiting requests: wait a little, or lower --concurrency"
        }
        Error::Timeout { .. } => "no answer in time: try again later, or allow more with --timeout",
        Error::Transport { .. } => {
            "check the network connection, and the API address (--env, --base-url or \
             FINERWORKS_BASE_URL)"
        }
        Error::Api(api) if is_refused_input(api) => {
            "FinerWorks refused the values of the fields named (HTTP 400): correct them and send \
             again"
        }
        Error::Api(_) | Error::Decode(_) if error.reference_id().is_some() => {
            "if it persists, quote the reference id to FinerWorks support"
        }
        _ => return None,
    };
    Some(hint.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_pipes_end_quietly_and_other_write_errors_do_not() {
        let closed = Failure::Output(io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(closed.is_closed_pipe());
        let full = Failure::Output(io::Error::from(io::ErrorKind::StorageFull));
        assert!(!full.is_closed_pipe());
        assert_eq!(full.exit_code(), exit::OTHER);
    }

    #[test]
    fn missing_keys_name_the_variables_and_the_demo() {
        let both = Failure::MissingKeys {
            web: true,
            app: true,
        };
        let report = both.report();
        assert!(
            report.error.contains("FINERWORKS_WEB_API_KEY"),
            "{report:?}"
        );
        assert!(report.error.contains("FINERWORKS_APP_KEY"), "{report:?}");
        assert!(report.hint.unwrap().contains("--demo"));
        assert_eq!(both.exit_code(), exit::INVALID_INPUT);
        let app = Failure::MissingKeys {
            web: false,
            app: true,
        }
        .report();
        assert_eq!(
            app.error,
            "no app key: set FINERWORKS_APP_KEY or pass --app-key"
        );
    }

    /// A page of a listing that failed says which; its exit status is that of what the page's
    /// call ended with.
    #[test]
    fn a_listing_failure_names_the_page_and_exits_as_its_cause() {
        use finerworks::Error;
        let failure = Failure::Client(Error::Timeout {
            attempts: 1,
            elapsed: std::time::Duration::from_secs(2),
            page: Some(3),
        });
        assert_eq!(failure.exit_code(), exit::NETWORK);
        assert_eq!(failure.label(), "error");
        let report = failure.report();
        assert!(
            report
                .error
                .starts_with("request timed out after 1 attempt(s)"),
            "{report:?}"
        );
        assert!(report.error.ends_with(", fetching page 3"), "{report:?}");
        assert!(report.hint.unwrap().contains("--timeout"));
        let warned = Failure::MayBeIncomplete("the listing may be incomplete".to_owned());
        assert_eq!(warned.exit_code(), exit::MAY_BE_INCOMPLETE);
        assert_eq!(warned.label(), "warning");
    }

    /// The library's errors name its own methods; the command line names its flags.
    #[test]
    fn settings_are_named_by_their_flags_never_by_library_calls() {
        use finerworks::{Error, Origin, Setting};
        let insecure = |origin| {
            Failure::Client(Error::Config {
                setting: Setting::BaseUrl,
                origin,
                problem: "`http://example.com/` uses plain http to a host that is not loopback; \
                          use https or ClientBuilder::allow_insecure_http(true)"
                    .to_owned(),
            })
            .report()
        };
        let report = insecure(Origin::Builder);
        assert_eq!(
            report.error,
            "invalid --base-url: `http://example.com/` uses plain http to a host that is not \
             loopback; use https or --allow-insecure-http"
        );
        assert!(report.hint.unwrap().contains("--allow-insecure-http"));
        let report = insecure(Origin::Environment);
        assert!(report.error.starts_with("invalid FINERWORKS_BASE_URL: "));
        let missing = Failure::Client(Error::Config {
            setting: Setting::SessionId,
            origin: Origin::Unset,
            problem: "is required".to_owned(),
        })
        .report();
        assert_eq!(missing.error, "missing --session-id: is required");
        let missing = Failure::Client(Error::Config {
            setting: Setting::AppKey,
            origin: Origin::Unset,
            problem: "set FINERWORKS_APP_KEY or call ClientBuilder::app_key".to_owned(),
        })
        .report();
        assert_eq!(
            missing.error,
            "missing --app-key: set FINERWORKS_APP_KEY or pass --app-key"
        );
    }

    /// FinerWorks refusing a value (HTTP 400 naming the field) is bad input, as when the check
    /// before sending finds it; other API errors, and a 400 that names no field, are not.
    #[test]
    fn a_value_refused_by_finerworks_exits_as_invalid_input() {
        use std::collections::BTreeMap;

        use finerworks::{ApiError, Error};
        let answer = |http_status: u16, model_state: BTreeMap<String, Vec<String>>| {
            let mut error = ApiError::default();
            error.http_status = http_status;
            error.model_state = model_state;
            error.reference_id = Some("0123456789abcdef0123456789abcdef".to_owned());
            Error::Api(Box::new(error))
        };
        let fields = BTreeMap::from([(
            "request.images[0].pix_w".to_owned(),
            vec!["The field pix_w must be between 1 and 2147483647.".to_owned()],
        )]);
        let refused = Failure::Client(answer(400, fields.clone()));
        assert_eq!(refused.exit_code(), exit::INVALID_INPUT);
        let report = refused.report();
        assert!(
            report.error.contains("request.images[0].pix_w"),
            "{report:?}"
        );
        assert!(report.hint.unwrap().contains("HTTP 400"));
        let exit_code = |error| Failure::Client(error).exit_code();
        assert_eq!(exit_code(answer(400, BTreeMap::new())), exit::API);
        assert_eq!(exit_code(answer(500, fields)), exit::API);
    }
}
