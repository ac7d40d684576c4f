//! The builder's checks: every setting that is missing or malformed is named as the user set it.

use super::*;

fn builder() -> ClientBuilder {
    ClientBuilder::default()
        .web_api_key("web-key-1")
        .app_key("app-key-1")
}

#[test]
fn missing_keys_name_the_setting_and_the_variable() {
    let error = ClientBuilder::default().app_key("x").build().unwrap_err();
    assert_eq!(
        error.to_string(),
        "missing setting web_api_key: set FINERWORKS_WEB_API_KEY or call \
         ClientBuilder::web_api_key"
    );
    assert!(matches!(
        error,
        Error::Config {
            setting: Setting::WebApiKey,
            origin: Origin::Unset,
            ..
        }
    ));
    let error = ClientBuilder::default()
        .web_api_key("x")
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("FINERWORKS_APP_KEY"), "{error}");
}

#[test]
fn a_key_that_is_not_a_header_value_is_refused_without_echoing_it() {
    let error = builder().app_key("secret\nvalue").build().unwrap_err();
    let text = error.to_string();
    assert!(
        text.starts_with(
            "invalid setting ClientBuilder::app_key: is not a valid HTTP header value"
        ),
        "{text}"
    );
    assert!(!text.contains("secret") && !format!("{error:?}").contains("secret"));
}

/// A setting is named as the user set it: the variable when it came from the environment, the
/// builder method otherwise.
#[test]
fn errors_name_the_variable_or_the_builder_method() {
    let from_env = ClientBuilder::default()
        .apply_env_from(|name| (name == ENV_SESSION_ID).then(|| "short".to_owned()))
        .unwrap()
        .web_api_key("k")
        .app_key("k")
        .build()
        .unwrap_err();
    assert_eq!(
        from_env.to_string(),
        "invalid setting FINERWORKS_SESSION_ID: must be 8 to 50 characters long (got 5)"
    );
    let from_code = builder().session_id("short").build().unwrap_err();
    assert_eq!(
        from_code.to_string(),
        "invalid setting ClientBuilder::session_id: must be 8 to 50 characters long (got 5)"
    );
    let site = ClientBuilder::default()
        .apply_env_from(|name| (name == ENV_SITE_ID).then(|| "two".to_owned()))
        .unwrap_err();
    assert_eq!(
        site.to_string(),
        "invalid setting FINERWORKS_SITE_ID: `two` is not a whole number"
    );
}

/// A base URL without a scheme is the commonest slip: the error suggests the fix.
#[test]
fn a_base_url_without_a_scheme_suggests_one() {
    let error = builder().base_url("127.0.0.1:8787").build().unwrap_err();
    assert!(
        error
            .to_string()
            .contains("did you mean `http://127.0.0.1:8787`?"),
        "{error}"
    );
    let error = builder().base_url("localhost:8787").build().unwrap_err();
    assert!(error.to_string().contains("http or https"), "{error}");
}

#[test]
fn plain_http_only_to_loopback() {
    assert!(builder().base_url("http://127.0.0.1:9/").build().is_ok());
    assert!(builder().base_url("http://localhost:9").build().is_ok());
    let error = builder()
        .base_url("http://example.com")
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("allow_insecure_http"), "{error}");
    let client = builder()
        .base_url("http://example.com")
        .allow_insecure_http(true)
        .build();
    assert!(client.is_ok());
    assert!(builder().base_url("ftp://example.com").build().is_err());
}

#[test]
fn a_base_url_with_a_query_or_fragment_is_refused() {
    for url in ["http://127.0.0.1:9/?token=1", "http://127.0.0.1:9/#top"] {
        let error = builder().base_url(url).build().unwrap_err();
        assert!(
            matches!(
                &error,
                Error::Config {
                    setting: Setting::BaseUrl,
                    origin: Origin::Builder,
                    ..
                }
            ),
            "{error}"
        );
        assert!(
            error.to_string().contains("query string or a fragment"),
            "{error}"
        );
    }
    assert!(
        builder()
            .base_url("http://127.0.0.1:9/proxy/")
            .build()
            .is_ok()
    );
}

#[test]
fn without_a_session_id_the_client_makes_one_up() {
    let client = builder().build().unwrap();
    assert_eq!(client.default_library().session_id.len(), 32);
}

#[test]
fn the_site_id_defaults_by_environment() {
    let test = builder().environment(Environment::Test).build().unwrap();
    assert_eq!(test.default_library().site_id, 2);
    let production = builder().build().unwrap();
    assert_eq!(production.default_library().site_id, 0);
}

#[test]
fn environment_variables_apply_and_malformed_ones_are_named() {
    let vars = |name: &str| match name {
        ENV_WEB_API_KEY => Some("w".repeat(10)),
        ENV_APP_KEY => Some("a".repeat(10)),
        ENV_BASE_URL => Some("test".to_string()),
        ENV_SESSION_ID => Some("session-from-env".to_string()),
        ENV_SITE_ID => Some("7".to_string()),
        _ => None,
    };
    let client = ClientBuilder::default()
        .apply_env_from(vars)
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(client.environment(), &Environment::Test);
    assert_eq!(client.default_library().session_id, "session-from-env");
    assert_eq!(client.default_library().site_id, 7);

    let error = ClientBuilder::default()
        .apply_env_from(|name| (name == ENV_BASE_URL).then(|| "not a url".to_string()))
        .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("invalid setting FINERWORKS_BASE_URL:"),
        "{error}"
    );
}

#[test]
fn concurrency_is_bounded() {
    assert!(builder().concurrency(0).build().is_err());
    assert!(builder().concurrency(65).build().is_err());
    assert!(builder().concurrency(64).build().is_ok());
}

#[test]
fn debug_output_never_shows_the_keys() {
    let builder = builder();
    let client = ClientBuilder::default()
        .web_api_key("web-key-1")
        .app_key("app-key-1")
        .build()
        .unwrap();
    for text in [format!("{builder:?}"), format!("{client:?}")] {
        assert!(
            !text.contains("web-key-1") && !text.contains("app-key-1"),
            "{text}"
        );
    }
}
