//! The tests of the `finerworks-mock` binary's command line: its flags, their defaults and its help.

use super::*;

#[test]
fn parses_scripted_faults() {
    let unavailable = |seconds| Fault::ServiceUnavailable {
        retry_after: Duration::from_secs(seconds),
    };
    assert_eq!(scripted("503"), Ok((unavailable(1), 1)));
    assert_eq!(scripted("503=0:2"), Ok((unavailable(0), 2)));
    assert_eq!(scripted("drop:3"), Ok((Fault::DropConnection, 3)));
    assert_eq!(
        scripted("429=2:4"),
        Ok((
            Fault::TooManyRequests {
                retry_after: Duration::from_secs(2)
            },
            4
        ))
    );
    assert!(scripted("503:x").is_err());
    assert!(scripted("teapot").is_err());
    assert!(rate("1.5").is_err());
}

#[test]
fn parses_faults_aimed_at_one_operation() {
    let flag = |operation, fault, times| FaultFlag {
        operation,
        fault,
        times,
    };
    assert_eq!(
        fault_flag("add_images:500:1"),
        Ok(flag(Some("add_images"), Fault::InternalServerError, 1))
    );
    assert_eq!(
        fault_flag("list_images:stall=20:3"),
        Ok(flag(
            Some("list_images"),
            Fault::Stall(Duration::from_millis(20)),
            3
        ))
    );
    assert_eq!(
        fault_flag("delete_images:drop"),
        Ok(flag(Some("delete_images"), Fault::DropConnection, 1))
    );
    // The forms for any operation read as before.
    assert_eq!(
        fault_flag("503=0:2"),
        Ok(flag(
            None,
            Fault::ServiceUnavailable {
                retry_after: Duration::ZERO
            },
            2
        ))
    );
    assert_eq!(fault_flag("html"), Ok(flag(None, Fault::HtmlErrorPage, 1)));
    for bad in ["add_image:500:1", "add_image:500", "Add_Images:500:1"] {
        let error = fault_flag(bad).unwrap_err();
        assert!(
            error.starts_with("unknown operation `") && error.contains("add_images"),
            "{bad}: {error}"
        );
    }
    assert!(
        fault_flag("add_images:teapot:1")
            .unwrap_err()
            .starts_with("unknown fault")
    );
    assert!(fault_flag("add_images:500:x").is_err());
    assert!(fault_flag("add_images").is_err());

    let args = Args::try_parse_from([
        "finerworks-mock",
        "--fault",
        "add_images:429=0:2",
        "--fault",
        "500",
    ])
    .unwrap();
    assert_eq!(
        args.faults,
        [
            flag(
                Some("add_images"),
                Fault::TooManyRequests {
                    retry_after: Duration::ZERO
                },
                2
            ),
            flag(None, Fault::InternalServerError, 1),
        ]
    );
    assert!(Args::try_parse_from(["finerworks-mock", "--fault", "add:500:1"]).is_err());

    use clap::CommandFactory as _;
    let long = Args::command().render_long_help().to_string();
    assert!(long.contains("--fault [OPERATION:]KIND[:N]"), "{long}");
    assert!(long.contains("--fault add_images:500:1"), "{long}");
    for operation in finerworks_mock::operation_ids() {
        assert!(long.contains(operation), "{operation}");
    }
}

#[test]
fn parses_the_profile_flags() {
    let args = Args::try_parse_from([
        "finerworks-mock",
        "--count",
        "under=3",
        "--over-limit",
        "cap",
        "--page-size-cap",
        "25",
        "--echo",
        "zero",
        "--nulls",
        "accept",
        "--rate-limit",
        "2.5/s",
        "--burst",
        "4",
        "--strict",
        "--indexing-delay-ms",
        "1500",
        "--body-timeout-ms",
        "250",
        "--max-connections",
        "64",
        "--prices-body",
        "array",
        "--details-body",
        "object",
        "--unknown-sku",
        "refused",
    ])
    .unwrap();
    assert_eq!(args.count, CountMode::Under(3));
    assert_eq!(args.over_limit, OverLimit::Cap);
    assert_eq!(args.page_size_cap, Some(25));
    assert_eq!(args.echo, Echo::Zero);
    assert_eq!(args.nulls, Nulls::Accept);
    assert_eq!((args.rate_limit, args.burst), (Some(2.5), Some(4)));
    assert!(args.strict);
    assert_eq!(args.indexing_delay_ms, 1_500);
    assert_eq!((args.body_timeout_ms, args.max_connections), (250, 64));
    assert_eq!(
        (args.prices_body, args.details_body),
        (BodyForm::Array, BodyForm::Object)
    );
    assert_eq!(args.unknown_sku, UnknownSku::Refused);

    let defaults = Args::try_parse_from(["finerworks-mock"]).unwrap();
    assert_eq!(defaults.count, CountMode::Exact);
    assert_eq!(defaults.over_limit, OverLimit::Reject);
    assert_eq!(defaults.echo, Echo::Used);
    assert_eq!(defaults.nulls, Nulls::Reject);
    assert_eq!((defaults.page_size_cap, defaults.rate_limit), (None, None));
    assert!(!defaults.strict);
    assert_eq!(defaults.indexing_delay_ms, 0);
    assert_eq!(
        (defaults.prices_body, defaults.unknown_sku),
        (BodyForm::Both, UnknownSku::Priced)
    );
    assert_eq!(
        Duration::from_millis(defaults.body_timeout_ms),
        MockConfig::DEFAULT_BODY_TIMEOUT
    );
    assert_eq!(
        defaults.max_connections,
        MockConfig::DEFAULT_MAX_CONNECTIONS
    );

    for bad in [
        &["--count", "some"][..],
        &["--prices-body", "list"],
        &["--unknown-sku", "skip"],
        &["--page-size-cap", "0"],
        &["--rate-limit", "0"],
        &["--rate-limit", "fast"],
        &["--burst", "3"],
        &["--max-connections", "0"],
        &["--body-timeout-ms", "0"],
    ] {
        let argv = std::iter::once("finerworks-mock").chain(bad.iter().copied());
        assert!(Args::try_parse_from(argv).is_err(), "{bad:?}");
    }
}

#[test]
fn parses_the_order_flags_and_faults_after_the_fact() {
    let args = Args::try_parse_from([
        "finerworks-mock",
        "--validate-answer",
        "orders",
        "--test-orders",
        "null",
        "--order-id-kind",
        "confirmation_id",
        "--duplicate-po",
        "refuse",
        "--order-pace",
        "2.5",
        "--fault-after",
        "--fault",
        "submit_orders_v2:drop-after:3",
        "--fault",
        "stall-after=40",
    ])
    .unwrap();
    assert_eq!(args.validate_answer, ValidateAnswer::Orders);
    assert_eq!(args.test_orders, TestOrders::Null);
    assert_eq!(args.order_id_kind, OrderIdKind::ConfirmationId);
    assert_eq!(args.duplicate_po, DuplicatePo::Refuse);
    assert_eq!(args.order_pace, Some(2.5));
    assert!(args.fault_after);
    let aimed = &args.faults[0];
    assert_eq!(
        (aimed.operation, &aimed.fault, aimed.times),
        (Some("submit_orders_v2"), &Fault::DropConnectionAfter, 3)
    );
    assert_eq!(
        args.faults[1].fault,
        Fault::StallAfter(Duration::from_millis(40))
    );

    let defaults = Args::try_parse_from(["finerworks-mock"]).unwrap();
    assert_eq!(
        (defaults.validate_answer, defaults.test_orders),
        (ValidateAnswer::Status, TestOrders::Orders)
    );
    assert_eq!(
        (defaults.order_id_kind, defaults.duplicate_po),
        (OrderIdKind::OrderId, DuplicatePo::Place)
    );
    assert_eq!((defaults.order_pace, defaults.fault_after), (None, false));
    for bad in [
        &["--order-pace", "0"][..],
        &["--order-pace", "-1"],
        &["--order-pace", "soon"],
        &["--duplicate-po", "twice"],
        &["--order-id-kind", "guid"],
    ] {
        let argv = std::iter::once("finerworks-mock").chain(bad.iter().copied());
        assert!(Args::try_parse_from(argv).is_err(), "{bad:?}");
    }
}

#[test]
fn the_help_gives_the_spec_limit() {
    use clap::CommandFactory as _;
    let help = Args::command().render_help().to_string();
    let limit = format!("What a per_page above {PER_PAGE_MAX} does");
    assert!(help.contains(&limit), "{help}");
    assert!(
        help.contains(&format!("cap (serve {PER_PAGE_MAX})")),
        "{help}"
    );
    let long = Args::command().render_long_help().to_string();
    let add = format!("add {IMAGES_MIN_ITEMS} to {IMAGES_MAX_ITEMS} images");
    assert!(long.contains(&add), "{long}");
    for route in [
        "test_my_credentials",
        "add_images",
        "update_images",
        "delete_images",
    ] {
        assert!(long.contains(&format!("/v3/{route}")), "{route}");
    }
}

#[test]
fn the_command_line_is_consistent() {
    use clap::CommandFactory as _;
    Args::command().debug_assert();
}
