//! Running a command: building the client (or starting the demo server) that every command
//! shares, and what the commands print besides their output.

use std::io::{self, BufWriter, Write as _};

use finerworks::{
    Client, ENV_APP_KEY, ENV_BASE_URL, ENV_SESSION_ID, ENV_SITE_ID, ENV_WEB_API_KEY, Images,
    Library, LibraryName, RetryPolicy,
};
use finerworks_mock::{MockConfig, MockServer};

use crate::cli::{
    CatalogCommand, Cli, Command, Connection, CredentialsCommand, Format, ImagesCommand,
    InventoryCommand, LibraryArgs, OrdersCommand, ShippingCommand,
};
use crate::commands;
use crate::failure::Failure;
use crate::output::Printer;
use crate::printable::Printable;
use crate::{table, warnings};

/// The table's width when neither `COLUMNS` nor the terminal says.
const DEFAULT_WIDTH: usize = 100;

/// Runs the command line.
pub(crate) async fn run(cli: Cli) -> Result<(), Failure> {
    let connection = &cli.connection;
    // Flags that do nothing here are pointed out first (`images add` does so once it has read
    // its rows: whether `--concurrency` matters depends on how many there are).
    match &cli.command {
        Command::Images(ImagesCommand::List(args)) => {
            warnings::list(connection, args);
            commands::list(connection, args).await
        }
        Command::Images(ImagesCommand::Add(args)) => {
            // A URL flag that ends without a file name, with no name flag for it, is refused first.
            args.image.check_file_names()?;
            commands::add(connection, args).await
        }
        Command::Images(ImagesCommand::Update(args)) => {
            warnings::connection(connection);
            commands::update(connection, args).await
        }
        Command::Images(ImagesCommand::Delete(args)) => {
            warnings::library(connection, &args.library);
            commands::delete(connection, args).await
        }
        Command::Inventory(InventoryCommand::List(args)) => {
            warnings::connection(connection);
            commands::inventory::list(connection, args).await
        }
        Command::Inventory(InventoryCommand::Update(args)) => {
            warnings::connection(connection);
            commands::inventory::update(connection, args).await
        }
        Command::Inventory(InventoryCommand::Add(args)) => {
            warnings::connection(connection);
            commands::inventory::add(connection, args).await
        }
        Command::Api(args) => {
            warnings::library(connection, &args.library);
            commands::api(connection, args).await
        }
        Command::Catalog(CatalogCommand::Types(args)) => commands::types(connection, args).await,
        Command::Catalog(CatalogCommand::Styles(args)) => commands::styles(connection, args).await,
        Command::Catalog(CatalogCommand::Product(args)) => {
            commands::product(connection, args).await
        }
        Command::Prices(args) => commands::prices(connection, args).await,
        Command::Orders(command) => orders(connection, command).await,
        Command::Shipping(ShippingCommand::Options(args)) => {
            commands::shipping(connection, args).await
        }
        Command::Credentials(CredentialsCommand::Test) => {
            warnings::connection(connection);
            commands::test_credentials(connection).await
        }
    }
}

/// The `orders` commands.
async fn orders(connection: &Connection, command: &OrdersCommand) -> Result<(), Failure> {
    use commands::Change;
    match command {
        OrdersCommand::Submit(args) => commands::submit(connection, args).await,
        OrdersCommand::Status(args) => commands::status(connection, args).await,
        OrdersCommand::Hold(args) => commands::update_order(connection, args, Change::Hold).await,
        OrdersCommand::Cancel(args) => {
            commands::update_order(connection, args, Change::Cancel).await
        }
        OrdersCommand::Release(args) => {
            commands::update_order(connection, args, Change::Release).await
        }
        OrdersCommand::Pending(args) => commands::pending(connection, args).await,
        OrdersCommand::Statuses(args) => commands::statuses(connection, args).await,
    }
}

/// The client, from the flags and the environment (flags win), or pointing at a fresh demo server.
///
/// With `--demo`, the server is returned too: it serves until it is dropped, so the caller keeps it
/// until everything is printed (what `images add --demo` adds is there for the rest of the command).
pub(crate) async fn connect(
    connection: &Connection,
    args: &LibraryArgs,
    concurrency: Option<usize>,
) -> Result<(Client, Option<MockServer>), Failure> {
    let mut builder =
        Client::builder().user_agent(concat!("finerworks-cli/", env!("CARGO_PKG_VERSION")));
    let demo = if connection.demo {
        let mock = MockServer::start_with(MockConfig::demo())
            .await
            .map_err(Failure::Demo)?;
        note(&format!(
            "note: demo mode: {} made-up images from a built-in mock of FinerWorks (no account \
             needed; keys and FINERWORKS_* variables are ignored)",
            mock.dataset().inventory().len()
        ));
        builder = builder
            .base_url(mock.base_url())
            .web_api_key(mock.web_api_key())
            .app_key(mock.app_key());
        Some(mock)
    } else {
        // Flags win: a variable a flag overrides is not read at all (so a stale one cannot fail).
        let overridden = |variable: &str| match variable {
            ENV_WEB_API_KEY => connection.web_api_key.is_some(),
            ENV_APP_KEY => connection.app_key.is_some(),
            ENV_BASE_URL => connection.env.is_some() || connection.base_url.is_some(),
            ENV_SESSION_ID => args.session_id.is_some(),
            ENV_SITE_ID => args.site_id.is_some(),
            _ => false,
        };
        let variable = |name: &str| {
            std::env::var(name)
                .ok()
                .filter(|value| !overridden(name) && !value.trim().is_empty())
        };
        let web = connection.web_api_key.is_some() || variable(ENV_WEB_API_KEY).is_some();
        let app = connection.app_key.is_some() || variable(ENV_APP_KEY).is_some();
        if !(web && app) {
            return Err(Failure::MissingKeys {
                web: !web,
                app: !app,
            });
        }
        builder = builder.apply_env_from(variable)?;
        if let Some(key) = &connection.web_api_key {
            builder = builder.web_api_key(key.expose());
        }
        if let Some(key) = &connection.app_key {
            builder = builder.app_key(key.expose());
        }
        if let Some(env) = connection.env {
            builder = builder.environment(env.into());
        }
        if let Some(url) = &connection.base_url {
            builder = builder.base_url(url);
        }
        None
    };
    if let Some(timeout) = connection.timeout {
        builder = builder.timeout(timeout);
    }
    if connection.allow_insecure_http {
        builder = builder.allow_insecure_http(true);
    }
    if let Some(retries) = connection.retries {
        builder =
            builder.retry(RetryPolicy::default().with_max_attempts(retries.saturating_add(1)));
    }
    if let Some(session_id) = &args.session_id {
        builder = builder.session_id(session_id);
    } else if matches!(args.library, Some(LibraryName::Temporary))
        && !connection.demo
        && std::env::var(ENV_SESSION_ID)
            .ok()
            .is_none_or(|value| value.trim().is_empty())
    {
        // The demo keeps one temporary library whatever the session: nothing to warn about.
        note(
            "warning: --library temporary without --session-id (or FINERWORKS_SESSION_ID) uses a \
             new, random session: its temporary library is not that of any earlier session; pass \
             --session-id to work on yours",
        );
    }
    if let Some(site_id) = args.site_id {
        builder = builder.site_id(site_id);
    }
    if let Some(concurrency) = concurrency {
        builder = builder.concurrency(concurrency);
    }
    Ok((builder.build()?, demo))
}

/// The library `args` name, when they name one (else the client's default is used).
pub(crate) fn library(client: &Client, args: &LibraryArgs) -> Option<Library> {
    if args.library.is_none() && args.account_key.is_none() {
        return None;
    }
    let mut library = client.default_library().clone();
    if let Some(name) = args.library {
        library = library.with_name(name);
    }
    if let Some(account_key) = &args.account_key {
        library = library.with_account_key(account_key);
    }
    Some(library)
}

/// The image library `args` name.
pub(crate) fn images(client: &Client, args: &LibraryArgs) -> Images {
    match library(client, args) {
        Some(library) => client.images().library(library),
        None => client.images(),
    }
}

/// A printer of rows of `T` to stdout in `format` (CSV without the columns only products fill:
/// see [`Printer::with_products`]).
pub(crate) fn printer<T: Printable>(format: Format) -> Printer<BufWriter<io::Stdout>, T> {
    Printer::new(BufWriter::new(io::stdout()), format, output_width())
}

/// The table's width: `COLUMNS` if set, else the terminal's, else 100.
fn output_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.trim().parse::<usize>().ok())
        .filter(|&columns| columns > 0)
        .or_else(|| {
            console::Term::stdout()
                .size_checked()
                .map(|(_, columns)| usize::from(columns))
        })
        .unwrap_or(DEFAULT_WIDTH)
        .max(table::MIN_WIDTH)
}

/// A line on stderr that is not an error. A closed stderr is no reason to stop.
pub(crate) fn note(line: &str) {
    let _ = writeln!(io::stderr(), "{line}");
}
