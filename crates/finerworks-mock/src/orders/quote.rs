//! What an order costs with each way of shipping it: the shipping methods the mock offers
//! ([`METHODS`]), their rates, the sales tax, and each option's `calculated_total`.
//!
//! All assumed (FinerWorks publishes neither its rates nor its tax rules): amounts in USD, to
//! the cent. The subtotal is the sum of the catalog's price lines (as `get_prices` answers them);
//! a method's rate is its base plus a price per copy beyond the first, and a flat surcharge
//! outside the U.S.; the sales tax is [`SALES_TAX_PERCENT`] of subtotal and shipping for a U.S.
//! address (FinerWorks ships from Texas, whose rate it is), none elsewhere; no discount and no
//! credits; the grand total is subtotal + shipping + tax.

use finerworks_api::Money;
use finerworks_api::types::{CalculatedTotal, OrderDetails, ShippingOption};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::operations::get_prices::line;

/// A way to ship an order.
pub(crate) struct Method {
    pub(crate) id: i64,
    pub(crate) code: &'static str,
    name: &'static str,
    class: &'static str,
    /// The rate of one copy, in cents.
    base: i64,
    /// Each further copy, in cents.
    per_copy: i64,
}

/// The shipping methods, cheapest first: the vendor's `EC`, `SD` and `FS`, and `EX` (assumed).
pub(crate) const METHODS: &[Method] = &[
    Method {
        id: 1,
        code: "EC",
        name: "Economy",
        class: "economy",
        base: 595,
        per_copy: 125,
    },
    Method {
        id: 2,
        code: "SD",
        name: "UPS Ground",
        class: "ground",
        base: 895,
        per_copy: 175,
    },
    Method {
        id: 3,
        code: "EX",
        name: "UPS 2nd Day Air",
        class: "expedited",
        base: 1_995,
        per_copy: 350,
    },
    Method {
        id: 4,
        code: "FS",
        name: "UPS Next Day Air",
        class: "fastest",
        base: 3_495,
        per_copy: 500,
    },
];

/// The surcharge of every method for an address outside the U.S., in cents.
const INTERNATIONAL_CENTS: i64 = 1_400;

/// The sales tax rate on a U.S. order, in percent (`order_sales_tax_rate` says `8.25`).
pub const SALES_TAX_PERCENT: Decimal = Decimal::from_parts(825, 0, 0, false, 2);

/// Whether `order` ships inside the U.S.
fn domestic(order: &OrderDetails) -> bool {
    order
        .recipient
        .country_code
        .trim()
        .eq_ignore_ascii_case("us")
}

fn cents(amount: i64) -> Decimal {
    Decimal::new(amount, 2)
}

fn to_cent(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The options of `order`, cheapest first, each with what the order costs with it.
pub(crate) fn options(order: &OrderDetails) -> Vec<ShippingOption> {
    let pricing: Vec<_> = order
        .order_items
        .iter()
        .map(|item| line(&item.product_sku, item.product_qty.get()))
        .collect();
    let subtotal: Decimal = pricing
        .iter()
        .filter_map(|price| price.total_price)
        .map(|total| total.amount())
        .sum();
    let copies: i64 = order
        .order_items
        .iter()
        .map(|item| i64::from(item.product_qty.get()))
        .sum();
    let tax_percent = if domestic(order) {
        SALES_TAX_PERCENT
    } else {
        Decimal::ZERO
    };
    METHODS
        .iter()
        .map(|method| {
            let surcharge = if domestic(order) {
                0
            } else {
                INTERNATIONAL_CENTS
            };
            let rate = cents(method.base + method.per_copy * (copies - 1).max(0) + surcharge);
            let tax = to_cent((subtotal + rate) * tax_percent / Decimal::ONE_HUNDRED);
            ShippingOption {
                id: Some(method.id),
                rate: Some(Money::new(rate)),
                shipping_method: Some(method.name.to_owned()),
                shipping_code: Some(method.code.to_owned()),
                shipping_class_code: Some(method.class.to_owned()),
                calculated_total: Some(CalculatedTotal {
                    order_po: order.order_po.as_deref().cloned(),
                    order_subtotal: Some(Money::new(subtotal)),
                    order_shipping_rate: Some(Money::new(rate)),
                    order_discount: Some(Money::new(cents(0))),
                    order_sales_tax: Some(Money::new(tax)),
                    order_sales_tax_rate: Some(Money::new(tax_percent)),
                    order_credits_used: Some(Money::new(cents(0))),
                    order_grand_total: Some(Money::new(subtotal + rate + tax)),
                    product_pricing: Some(pricing.clone()),
                }),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn order(country: &str, qty: u32) -> OrderDetails {
        serde_json::from_value(json!({
            "order_po": "Q-1",
            "recipient": {"first_name": "Bob", "last_name": "Ross", "address_1": "1 Main St",
                          "zip_postal_code": "88888", "country_code": country, "state_code": "AK"},
            "order_items": [{"product_qty": qty, "product_sku": "AP1234P1234"},
                            {"product_qty": 1, "product_sku": "sample string 2"}],
            "shipping_code": "SD",
        }))
        .unwrap()
    }

    #[test]
    fn each_option_adds_up_and_is_the_same_every_time() {
        let quoted = options(&order("us", 2));
        assert_eq!(quoted, options(&order("us", 2)));
        let codes: Vec<_> = quoted
            .iter()
            .map(|o| o.shipping_code.clone().unwrap())
            .collect();
        assert_eq!(codes, ["EC", "SD", "EX", "FS"]);
        let subtotal = line("AP1234P1234", 2).total_price.unwrap().amount()
            + line("sample string 2", 1).total_price.unwrap().amount();
        for option in &quoted {
            let total = option.calculated_total.as_ref().unwrap();
            let rate = option.rate.unwrap().amount();
            assert_eq!(total.order_subtotal.unwrap().amount(), subtotal);
            let tax = total.order_sales_tax.unwrap().amount();
            assert_eq!(tax, to_cent((subtotal + rate) * Decimal::new(825, 4)));
            assert_eq!(
                total.order_grand_total.unwrap().amount(),
                subtotal + rate + tax
            );
            assert_eq!(total.order_po.as_deref(), Some("Q-1"));
        }
        // Two further copies cost 2 × 1.75 more by ground: three copies in all.
        assert_eq!(
            quoted[1].rate.unwrap().amount(),
            Decimal::new(895 + 2 * 175, 2)
        );
    }

    #[test]
    fn abroad_there_is_a_surcharge_and_no_tax() {
        let quoted = options(&order("ca", 1));
        let total = quoted[0].calculated_total.as_ref().unwrap();
        assert_eq!(
            quoted[0].rate.unwrap().amount(),
            Decimal::new(595 + 125 + 1_400, 2)
        );
        assert_eq!(total.order_sales_tax.unwrap().amount(), Decimal::ZERO);
        assert_eq!(total.order_sales_tax_rate.unwrap().amount(), Decimal::ZERO);
    }
}
