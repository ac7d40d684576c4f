//! The readings of what the docs leave open about orders, each a switch of
//! [`MockConfig`](crate::MockConfig) and of the binary: [`ValidateAnswer`], [`TestOrders`],
//! [`OrderIdKind`] and [`DuplicatePo`].

use std::fmt;
use std::str::FromStr;

use crate::ParseProfileError;

/// Declares a switch: a `Copy` enum with a default, its spellings, `Display` and `FromStr`.
macro_rules! switch {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal, $expected:literal {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every reading, for tests that run under each.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(match self {
                    $($name::$variant => $text,)+
                })
            }
        }

        impl FromStr for $name {
            type Err = ParseProfileError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text.trim().to_ascii_lowercase().as_str() {
                    $($text => Ok($name::$variant),)+
                    _ => Err(ParseProfileError::new($what, text, $expected)),
                }
            }
        }
    };
}

switch! {
    /// What `submit_orders` and `submit_orders_v2` answer with `validate_only: true` (nothing is
    /// recorded either way). The vendor says only that the answer "just gives success or says
    /// what is incomplete".
    ///
    /// Parsed from `status` or `orders`.
    ///
    /// # Examples
    ///
    /// ```
    /// use finerworks_mock::ValidateAnswer;
    ///
    /// assert_eq!("orders".parse(), Ok(ValidateAnswer::Orders));
    /// assert_eq!(ValidateAnswer::default(), ValidateAnswer::Status);
    /// ```
    ValidateAnswer, "validate-only answer", "status, orders" {
        /// The status block, `orders: null` (the default, assumed).
        #[default]
        Status = "status",
        /// An entry per order checked with its `order_po` and no ids (nothing was placed).
        Orders = "orders",
    }
}

switch! {
    /// What a submission of test orders (`test_mode: true`, or `payment_token: "xxxx"` in
    /// `submit_orders_v2`) answers. Test orders are recorded either way (flagged as tests), and
    /// found by `fetch_order_status`.
    ///
    /// Parsed from `orders` or `null`.
    ///
    /// # Examples
    ///
    /// ```
    /// use finerworks_mock::TestOrders;
    ///
    /// assert_eq!("null".parse(), Ok(TestOrders::Null));
    /// assert_eq!(TestOrders::default(), TestOrders::Orders);
    /// ```
    TestOrders, "test-order answer", "orders, null" {
        /// An entry per order placed, as for real orders (the default, assumed).
        #[default]
        Orders = "orders",
        /// `orders: null` when every order of the submission is a test order, as a third party
        /// reports of FinerWorks.
        Null = "null",
    }
}

switch! {
    /// Which id `fetch_order_status`'s `order_ids`, `update_order`'s `order_id` and
    /// `list_pending_orders`' `ids` take. The vendor calls each "the submission reference id",
    /// while `received_order` has both an `order_id` and an `order_confirmation_id`.
    ///
    /// Parsed from `order_id` or `confirmation_id`.
    ///
    /// # Examples
    ///
    /// ```
    /// use finerworks_mock::OrderIdKind;
    ///
    /// assert_eq!("confirmation_id".parse(), Ok(OrderIdKind::ConfirmationId));
    /// assert_eq!(OrderIdKind::default(), OrderIdKind::OrderId);
    /// ```
    OrderIdKind, "order id kind", "order_id, confirmation_id" {
        /// The `order_id` (the default, as the spec assumes and third-party clients send).
        #[default]
        OrderId = "order_id",
        /// The `order_confirmation_id`.
        ConfirmationId = "confirmation_id",
    }
}

switch! {
    /// What a submission does with an order whose `order_po` the account already has on an
    /// order that is not cancelled (or that an earlier order of the same submission has). The
    /// docs do not say; the vendor only says a cancelled order may be submitted again with the
    /// same PO.
    ///
    /// Parsed from `place` or `refuse`.
    ///
    /// # Examples
    ///
    /// ```
    /// use finerworks_mock::DuplicatePo;
    ///
    /// assert_eq!("refuse".parse(), Ok(DuplicatePo::Refuse));
    /// assert_eq!(DuplicatePo::default(), DuplicatePo::Place);
    /// ```
    DuplicatePo, "duplicate-PO mode", "place, refuse" {
        /// The order is placed again, as a new order with its own ids (the default, assumed).
        #[default]
        Place = "place",
        /// The whole submission is refused, nothing recorded: HTTP 400 with a `ModelState` naming
        /// `request.orders[i].order_po` of each duplicate (assumed, as ASP.NET refuses bad input).
        Refuse = "refuse",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reading_round_trips_through_its_text() {
        for mode in ValidateAnswer::ALL {
            assert_eq!(mode.to_string().parse(), Ok(*mode));
        }
        for mode in TestOrders::ALL {
            assert_eq!(mode.to_string().parse(), Ok(*mode));
        }
        for mode in OrderIdKind::ALL {
            assert_eq!(mode.to_string().parse(), Ok(*mode));
        }
        for mode in DuplicatePo::ALL {
            assert_eq!(mode.to_string().parse(), Ok(*mode));
        }
        let error = "twice".parse::<DuplicatePo>().unwrap_err();
        assert!(error.to_string().contains("place, refuse"), "{error}");
        assert_eq!(" Confirmation_ID ".parse(), Ok(OrderIdKind::ConfirmationId));
    }
}
