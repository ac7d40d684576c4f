//! `orders submit`, `orders status`, `orders hold`, `cancel` and `release`, `orders pending`,
//! `orders statuses` and `shipping options`: orders read from JSON, sent through the client, and
//! printed through the generic printer. A submission prints every order's fate.

use std::io::{self, Write as _};
use std::sync::Arc;

use finerworks::{Error, Order, Outcome, SubmitReport};
use serde_json::Value;

use crate::cli::{
    Connection, FormatArgs, LibraryArgs, OrderIdArgs, PendingArgs, ShippingArgs, StatusArgs,
    SubmitArgs,
};
use crate::failure::Failure;
use crate::input::{self, InputError};
use crate::interrupt::Interrupt;
use crate::order_rows::{ShippingRow, SubmitRow};
use crate::run;

fn count(n: usize, (one, many): (&str, &str)) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The orders of a JSON file (`-` for stdin): an array of orders, an object with an `orders`
/// array, or one order (then `single` is true). A bad order is named by its index and the path
/// of the field.
pub(crate) fn read_orders(path: &str) -> Result<(Vec<Order>, bool), InputError> {
    let (source, text) = input::read_text(path)?;
    let problem = |field: Option<String>, problem: String| InputError {
        at: None,
        field,
        problem,
    };
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| problem(None, format!("{source} is not JSON: {e}")))?;
    let (items, single) = match value {
        Value::Array(items) => (items, false),
        Value::Object(mut object) if object.get("orders").is_some_and(Value::is_array) => {
            let Some(Value::Array(items)) = object.remove("orders") else {
                unreachable!("checked to be an array");
            };
            (items, false)
        }
        one @ Value::Object(_) => (vec![one], true),
        _ => {
            return Err(problem(
                None,
                format!("{source} holds no order: expected a JSON object or array of orders"),
            ));
        }
    };
    if items.is_empty() {
        return Err(problem(None, format!("{source} holds no order")));
    }
    let mut orders = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        let order = serde_path_to_error::deserialize::<_, Order>(item).map_err(|e| {
            let at = if single {
                String::new()
            } else {
                format!("orders[{index}]")
            };
            let path = e.path().to_string();
            let field = match (at.is_empty(), path.as_str()) {
                (true, ".") => String::new(),
                (true, _) => path.clone(),
                (false, ".") => at,
                (false, _) => format!("{at}.{path}"),
            };
            let field = if field.is_empty() {
                format!("{source}:")
            } else {
                format!("{source}: {field}:")
            };
            problem(Some(field), e.into_inner().to_string())
        })?;
        orders.push(order);
    }
    Ok((orders, single))
}

/// `orders submit --from ORDERS.json`.
pub(crate) async fn submit(connection: &Connection, args: &SubmitArgs) -> Result<(), Failure> {
    let (orders, _) = read_orders(&args.from)?;
    let (client, _demo) =
        run::connect(connection, &LibraryArgs::default(), args.concurrency).await?;
    // From here on, Ctrl-C and SIGTERM stop new submissions and leave a report.
    let interrupt = Interrupt::listen();
    let mut call = match &args.payment_token {
        Some(token) => client.orders().submit_v2(orders, token),
        None => client.orders().submit(orders),
    };
    if args.validate_only {
        call = call.validate_only();
    }
    let report = match call.interrupt_on(interrupt.signalled()).send().await {
        Ok(report) => report,
        Err(Error::SubmitIncomplete(report)) => *report,
        Err(error) => return Err(Failure::Client(error)),
    };
    let rows: Vec<SubmitRow> = report.orders.iter().map(SubmitRow::new).collect();
    let closing = summary(&report, args.validate_only);
    run::printer(args.format)
        .all(&rows, &closing)
        .map_err(Failure::Output)?;
    if report.is_complete() {
        if args.format != crate::cli::Format::Table {
            run::note(&closing);
        }
        return Ok(());
    }
    let details: Vec<String> = report
        .orders
        .iter()
        .filter(|order| !order.outcome.is_done())
        .map(ToString::to_string)
        .collect();
    if interrupt.is_signalled() {
        return Err(Failure::Interrupted {
            error: format!("interrupted: {closing}"),
            details,
            hint: "run the same command again: it looks every PO up first and sends only the \
                   orders FinerWorks does not have"
                .to_owned(),
        });
    }
    let hint = if report.unknown().next().is_some() {
        "the orders that may or may not have been placed: look them up with `finerworks orders \
         status --po PO`; running the same command again looks every PO up first and sends only \
         the orders FinerWorks does not have"
    } else if report.not_placed().next().is_some() {
        "the orders not placed can be sent again once what FinerWorks refused is fixed; running \
         the same command again sends only the orders FinerWorks does not have"
    } else {
        "FinerWorks already had orders with these POs, so they were not sent again: see them with \
         `finerworks orders status --po PO`, or give an order a new PO to place it anyway"
    };
    let nothing_placed = report.orders.iter().all(|order| {
        matches!(order.outcome, Outcome::NotPlaced { .. }) && order.outcome.lookup().is_none()
    });
    if nothing_placed && let Some(error) = first_error(report) {
        // Nothing changed and nothing was looked up: the failure is that of the whole command.
        return Err(Failure::Client(error));
    }
    Err(Failure::SubmitIncomplete {
        error: closing,
        details,
        hint: hint.to_owned(),
    })
}

/// `3 of 5 orders placed; ...`, without the first failure (every order is printed).
fn summary(report: &SubmitReport, validate_only: bool) -> String {
    let total = report.orders.len();
    let of = |n: usize, what: &str| format!("{n} of {} {what}", count(total, ("order", "orders")));
    if validate_only {
        let valid = report.orders.iter().filter(|o| o.outcome.is_done()).count();
        return format!("{} (nothing placed)", of(valid, "valid"));
    }
    let mut line = of(report.placed().count(), "placed");
    for (n, what) in [
        (report.already_present().count(), "already at FinerWorks"),
        (report.not_placed().count(), "not placed"),
        (report.unknown().count(), "may or may not have been placed"),
    ] {
        if n > 0 {
            line.push_str(&format!("; {n} {what}"));
        }
    }
    let generated = report.orders.iter().filter(|o| o.po_generated).count();
    if generated > 0 {
        line.push_str(&format!("; {generated} with a generated PO"));
    }
    line
}

/// The error of the first order, when it is no longer shared.
fn first_error(report: SubmitReport) -> Option<Error> {
    let mut orders = report.orders.into_iter();
    let first = orders.find_map(|order| match order.outcome {
        Outcome::NotPlaced { error, .. } => Some(error),
        _ => None,
    })?;
    drop(orders);
    Arc::try_unwrap(first).ok()
}

/// `orders status ID...` or `--po PO...`.
pub(crate) async fn status(connection: &Connection, args: &StatusArgs) -> Result<(), Failure> {
    let (client, _demo) = run::connect(connection, &LibraryArgs::default(), None).await?;
    let (call, asked) = if args.po.is_empty() {
        let asked = count(args.ids.len(), ("id", "ids"));
        (client.orders().status_by_id(args.ids.clone()), asked)
    } else {
        let asked = count(args.po.len(), ("PO", "POs"));
        (client.orders().status_by_po(args.po.clone()), asked)
    };
    let orders = call.send().await?;
    let closing = format!(
        "{} found for {asked}",
        count(orders.len(), ("order", "orders"))
    );
    run::printer(args.format)
        .all(&orders, &closing)
        .map_err(Failure::Output)?;
    if args.format != crate::cli::Format::Table {
        run::note(&closing);
    }
    Ok(())
}

/// Which change `orders hold`, `cancel` or `release` sends.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Change {
    Hold,
    Cancel,
    Release,
}

/// `orders hold ID`, `orders cancel ID`, `orders release ID`.
pub(crate) async fn update(
    connection: &Connection,
    args: &OrderIdArgs,
    change: Change,
) -> Result<(), Failure> {
    let (client, _demo) = run::connect(connection, &LibraryArgs::default(), None).await?;
    let orders = client.orders();
    let (call, done) = match change {
        Change::Hold => (orders.hold(args.id), "put on hold"),
        Change::Cancel => (orders.cancel(args.id), "cancelled"),
        Change::Release => (orders.release(args.id), "released to production"),
    };
    call.send().await?;
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "order {} {done}", args.id)
        .and_then(|()| stdout.flush())
        .map_err(Failure::Output)
}

/// `orders pending ID...`.
pub(crate) async fn pending(connection: &Connection, args: &PendingArgs) -> Result<(), Failure> {
    let (client, _demo) = run::connect(connection, &LibraryArgs::default(), None).await?;
    let orders = client.orders().pending(args.ids.clone()).send().await?;
    let closing = format!(
        "{} found for {}",
        count(orders.len(), ("pending order", "pending orders")),
        count(args.ids.len(), ("id", "ids"))
    );
    run::printer(args.format)
        .all(&orders, &closing)
        .map_err(Failure::Output)
}

/// `orders statuses`.
pub(crate) async fn statuses(connection: &Connection, args: &FormatArgs) -> Result<(), Failure> {
    let (client, _demo) = run::connect(connection, &LibraryArgs::default(), None).await?;
    let definitions = client.orders().status_definitions().send().await?;
    let closing = count(definitions.len(), ("status", "statuses"));
    run::printer(args.format)
        .all(&definitions, &closing)
        .map_err(Failure::Output)
}

/// `shipping options --from ORDER.json`: one order's options, or each order's.
pub(crate) async fn shipping(connection: &Connection, args: &ShippingArgs) -> Result<(), Failure> {
    let (orders, single) = read_orders(&args.from)?;
    let (client, _demo) = run::connect(connection, &LibraryArgs::default(), None).await?;
    let rows: Vec<ShippingRow> = if single {
        let order = orders.into_iter().next().expect("one order");
        let order_po = order.order_po.as_ref().map(|po| po.as_str().to_owned());
        let options = client.orders().shipping_options(order).send().await?;
        options
            .into_iter()
            .map(|option| ShippingRow {
                order_po: order_po.clone(),
                option,
            })
            .collect()
    } else {
        let each = client.orders().shipping_options_many(orders).send().await?;
        each.into_iter()
            .flat_map(|order| {
                let order_po = order.order_po;
                order
                    .options
                    .unwrap_or_default()
                    .into_iter()
                    .map(move |option| ShippingRow {
                        order_po: order_po.clone(),
                        option,
                    })
            })
            .collect()
    };
    let closing = count(rows.len(), ("shipping option", "shipping options"));
    run::printer(args.format)
        .all(&rows, &closing)
        .map_err(Failure::Output)
}
