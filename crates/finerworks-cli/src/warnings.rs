//! Warnings, on stderr, about flags that have no effect in the combination given (`--products`
//! with the temporary library, `--concurrency` without `--all`...): the command still runs, but
//! the user learns that a flag did nothing rather than believe it did.

use finerworks::limits::add_images_request::IMAGES_MAX_ITEMS;
use finerworks::{ENV_BASE_URL, LibraryName};

use crate::cli::{AddArgs, Connection, LibraryArgs, ListArgs};
use crate::commands::images;
use crate::run;

/// Warns about the flags of `images list` that do nothing here.
pub(crate) fn list(connection: &Connection, args: &ListArgs) {
    let mut lines = connection_warnings(connection);
    lines.extend(library_warnings(&args.library));
    lines.extend(list_warnings(args));
    show(&lines);
}

/// Warns about the flags of `images add` that do nothing for these `rows`.
pub(crate) fn add(connection: &Connection, args: &AddArgs, rows: usize) {
    let mut lines = connection_warnings(connection);
    lines.extend(library_warnings(&args.library));
    lines.extend(add_warnings(args, rows));
    show(&lines);
}

/// Warns about the flags of a command with a library (`images delete`) that do nothing here.
pub(crate) fn library(connection: &Connection, args: &LibraryArgs) {
    let mut lines = connection_warnings(connection);
    lines.extend(library_warnings(args));
    show(&lines);
}

/// Warns about the connection flags that do nothing here.
pub(crate) fn connection(connection: &Connection) {
    show(&connection_warnings(connection));
}

fn show(lines: &[String]) {
    for line in lines {
        run::note(&format!("warning: {line}"));
    }
}

fn list_warnings(args: &ListArgs) -> Vec<String> {
    let mut lines = Vec::new();
    if args.products && args.library.library == Some(LibraryName::Temporary) {
        lines.push(
            "--products has no effect with --library temporary: FinerWorks lists products only \
             for the inventory library"
                .to_owned(),
        );
    }
    if args.concurrency.is_some() && !args.all {
        lines
            .push("--concurrency has no effect without --all: a single page is fetched".to_owned());
    }
    lines
}

fn add_warnings(args: &AddArgs, rows: usize) -> Vec<String> {
    let mut lines = Vec::new();
    if args.concurrency.is_some() && rows <= IMAGES_MAX_ITEMS {
        lines.push(format!(
            "--concurrency has no effect: {} in one call (FinerWorks takes up to \
             {IMAGES_MAX_ITEMS} a call)",
            if rows == 1 {
                "the image goes".to_owned()
            } else {
                format!("the {} go", images(rows))
            }
        ));
    }
    lines
}

fn library_warnings(args: &LibraryArgs) -> Vec<String> {
    let mut lines = Vec::new();
    if args.session_id.is_some() && args.library != Some(LibraryName::Temporary) {
        lines.push(
            "--session-id has no effect on the inventory library: it names the temporary \
             library of a session (add --library temporary)"
                .to_owned(),
        );
    }
    lines
}

fn connection_warnings(connection: &Connection) -> Vec<String> {
    let mut lines = Vec::new();
    if connection.demo {
        let keys: Vec<&str> = [
            ("--web-api-key", connection.web_api_key.is_some()),
            ("--app-key", connection.app_key.is_some()),
        ]
        .iter()
        .filter(|(_, given)| *given)
        .map(|(flag, _)| *flag)
        .collect();
        if !keys.is_empty() {
            lines.push(format!(
                "{} {} no effect with --demo: the demo has keys of its own",
                keys.join(" and "),
                if keys.len() == 1 { "has" } else { "have" }
            ));
        }
        if connection.allow_insecure_http {
            lines.push(
                "--allow-insecure-http has no effect with --demo: the demo runs on this machine"
                    .to_owned(),
            );
        }
    } else if connection.allow_insecure_http {
        let base_url = match (&connection.base_url, connection.env) {
            (Some(url), _) => Some(url.clone()),
            (None, Some(_)) => None,
            (None, None) => std::env::var(ENV_BASE_URL).ok(),
        };
        if !base_url.as_deref().is_some_and(is_remote_http) {
            lines.push(
                "--allow-insecure-http has no effect: the API address is not a plain-http URL \
                 to another machine"
                    .to_owned(),
            );
        }
    }
    lines
}

/// Whether `url` is plain http to a host other than this machine (which is allowed anyway).
fn is_remote_http(url: &str) -> bool {
    let url = url.trim();
    let Some(rest) = url
        .get(..7)
        .filter(|scheme| scheme.eq_ignore_ascii_case("http://"))
        .map(|_| &url[7..])
    else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = if host.starts_with('[') {
        host.split_inclusive(']').next().unwrap_or(host)
    } else {
        host.split(':').next().unwrap_or(host)
    };
    let host = host.to_ascii_lowercase();
    !(host == "localhost" || host == "[::1]" || host.starts_with("127."))
}

#[cfg(test)]
mod tests {
    use clap::Parser as _;

    use super::*;
    use crate::cli::{Cli, Command, ImagesCommand};

    fn parse(args: &[&str]) -> Cli {
        Cli::try_parse_from(["finerworks"].iter().chain(args)).unwrap()
    }

    fn list_lines(args: &[&str]) -> Vec<String> {
        let cli = parse(args);
        let Command::Images(ImagesCommand::List(list)) = &cli.command else {
            panic!("images list")
        };
        let mut lines = connection_warnings(&cli.connection);
        lines.extend(library_warnings(&list.library));
        lines.extend(list_warnings(list));
        lines
    }

    #[test]
    fn flags_without_effect_are_named() {
        let lines = list_lines(&["images", "list", "--products", "--library", "temporary"]);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0].starts_with("--products has no effect"),
            "{lines:?}"
        );
        let lines = list_lines(&["images", "list", "--concurrency", "4"]);
        assert!(lines[0].starts_with("--concurrency has no effect without --all"));
        let lines = list_lines(&["images", "list", "--session-id", "abcdefgh12"]);
        assert!(
            lines[0].starts_with("--session-id has no effect"),
            "{lines:?}"
        );
        let lines = list_lines(&["images", "list", "--demo", "--app-key", "k"]);
        assert_eq!(
            lines,
            ["--app-key has no effect with --demo: the demo has keys of its own"]
        );
        let lines = list_lines(&[
            "images",
            "list",
            "--allow-insecure-http",
            "--base-url",
            "https://api.example.com",
        ]);
        assert!(lines[0].starts_with("--allow-insecure-http has no effect"));
    }

    #[test]
    fn flags_that_do_something_are_not_warned_about() {
        for args in [
            &[
                "images",
                "list",
                "--all",
                "--concurrency",
                "4",
                "--page",
                "3",
            ][..],
            &["images", "list", "--products"],
            &[
                "images",
                "list",
                "--library",
                "temporary",
                "--session-id",
                "abcdefgh12",
            ],
            &[
                "images",
                "list",
                "--allow-insecure-http",
                "--base-url",
                "http://finerworks.internal:8080/",
            ],
        ] {
            assert_eq!(list_lines(args), Vec::<String>::new(), "{args:?}");
        }
    }

    #[test]
    fn concurrency_matters_only_for_more_than_one_call() {
        let cli = parse(&["images", "add", "--from", "a.csv", "--concurrency", "2"]);
        let Command::Images(ImagesCommand::Add(args)) = &cli.command else {
            panic!("images add")
        };
        assert_eq!(
            add_warnings(args, 3),
            [format!(
                "--concurrency has no effect: the 3 images go in one call (FinerWorks takes up \
                 to {IMAGES_MAX_ITEMS} a call)"
            )]
        );
        assert!(add_warnings(args, IMAGES_MAX_ITEMS + 1).is_empty());
    }

    #[test]
    fn loopback_is_not_remote() {
        for url in [
            "http://127.0.0.1:8787",
            "http://localhost/",
            "http://[::1]:80/x",
            "HTTP://LOCALHOST",
        ] {
            assert!(!is_remote_http(url), "{url}");
        }
        for url in [
            "http://10.0.0.2",
            "http://user@api.example.com:80/v3",
            "Http://[fe80::1]/",
        ] {
            assert!(is_remote_http(url), "{url}");
        }
        assert!(!is_remote_http("https://api.example.com"));
    }
}
