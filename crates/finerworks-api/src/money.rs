//! [`Money`]: prices as exact decimals that travel as JSON numbers.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive as _;

/// An exact amount of money, such as a product's `total_price`.
///
/// FinerWorks sends prices as JSON numbers (`113.0`, `19.99`). Read into an `f64`, `19.99` becomes
/// `19.989999999999998436805981327779591083526611328125`; read into a `Money` it is exactly
/// `19.99`, and sums of prices stay exact. The currency is the product's `monetary_format`.
///
/// On the wire a `Money` is a JSON number. Decoding takes the number's shortest decimal form, so
/// every amount of up to 15 significant digits (every realistic price) is read exactly and written
/// back as the same number. A string such as `"19.99"` is accepted too.
///
/// This is a newtype rather than a bare [`Decimal`] so that its JSON form does not depend on
/// `rust_decimal`'s crate features, which would change the serialization of every `Decimal` in a
/// program that depends on this crate.
///
/// Amounts add up (`+`, `+=`, and `.sum()` over amounts or references to them), exactly; like
/// `Decimal`'s, an addition that overflows (beyond about 7.9 x 10^28) panics. Only add amounts of
/// the same currency: a product's currency is its `monetary_format` (such as `USD`). `Display`
/// writes the amount as it came (`87.0`, `19.99`) and takes a precision: `{:.2}` writes two
/// decimals.
///
/// # Examples
///
/// The examples use the paths of the `finerworks` crate, which re-exports this type as
/// `finerworks::Money` (and `rust_decimal` and `serde_json` beside it). With this crate alone,
/// the paths are `finerworks_api::Money` and `finerworks_api::types::Product`.
///
/// ```
/// # mod finerworks {
/// #     pub use finerworks_api::{Money, types::Product};
/// #     pub use {rust_decimal, serde_json};
/// # }
/// use finerworks::Money;
/// use finerworks::rust_decimal::Decimal;
/// use finerworks::serde_json;
///
/// let price: Money = serde_json::from_str("19.99")?;
/// assert_eq!(price.amount(), Decimal::new(1999, 2));
/// assert_eq!(serde_json::to_string(&price)?, "19.99");
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// The total asking price of some products, by currency, with two decimals:
///
/// ```
/// # mod finerworks {
/// #     pub use finerworks_api::{Money, types::Product};
/// #     pub use {rust_decimal, serde_json};
/// # }
/// use std::collections::BTreeMap;
/// use finerworks::{Money, Product};
/// use finerworks::serde_json;
///
/// let products: Vec<Product> = serde_json::from_str(r#"[
///     {"monetary_format": "USD", "asking_price": 87.0},
///     {"monetary_format": "USD", "asking_price": 19.99},
///     {"monetary_format": "EUR", "asking_price": 45.5}
/// ]"#)?;
/// let mut totals: BTreeMap<String, Money> = BTreeMap::new();
/// for product in &products {
///     if let (Some(currency), Some(price)) = (&product.monetary_format, product.asking_price) {
///         *totals.entry(currency.clone()).or_default() += price;
///     }
/// }
/// let lines: Vec<String> = totals.iter().map(|(currency, total)| format!("{currency} {total:.2}")).collect();
/// assert_eq!(lines, ["EUR 45.50", "USD 106.99"]);
///
/// // One currency: sum the amounts directly.
/// let usd: Money = products[..2].iter().filter_map(|p| p.asking_price).sum();
/// assert_eq!(format!("{usd:.2}"), "106.99");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(Decimal);

impl Money {
    /// Wraps an exact amount.
    #[must_use]
    pub const fn new(amount: Decimal) -> Self {
        Self(amount)
    }

    /// The exact amount.
    #[must_use]
    pub const fn amount(self) -> Decimal {
        self.0
    }
}

impl From<Decimal> for Money {
    fn from(amount: Decimal) -> Self {
        Self(amount)
    }
}

impl From<Money> for Decimal {
    fn from(money: Money) -> Self {
        money.0
    }
}

impl std::ops::Add for Money {
    type Output = Money;

    fn add(self, other: Money) -> Money {
        Money(self.0 + other.0)
    }
}

impl std::ops::Add<&Money> for Money {
    type Output = Money;

    fn add(self, other: &Money) -> Money {
        Money(self.0 + other.0)
    }
}

impl std::ops::Add<Money> for &Money {
    type Output = Money;

    fn add(self, other: Money) -> Money {
        Money(self.0 + other.0)
    }
}

impl std::ops::Add<&Money> for &Money {
    type Output = Money;

    fn add(self, other: &Money) -> Money {
        Money(self.0 + other.0)
    }
}

impl std::ops::AddAssign for Money {
    fn add_assign(&mut self, other: Money) {
        self.0 += other.0;
    }
}

impl std::ops::AddAssign<&Money> for Money {
    fn add_assign(&mut self, other: &Money) {
        self.0 += other.0;
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(amounts: I) -> Money {
        amounts.fold(Money::default(), |total, amount| total + amount)
    }
}

impl<'a> std::iter::Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(amounts: I) -> Money {
        amounts.fold(Money::default(), |total, amount| total + amount)
    }
}

impl FromStr for Money {
    type Err = rust_decimal::Error;

    /// Parses a decimal such as `19.99` or `1.5e2`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Decimal::from_str(text)
            .or_else(|_| Decimal::from_scientific(text))
            .map(Self)
    }
}

impl fmt::Display for Money {
    /// The exact amount, as in `19.99`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl serde::Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // An amount read from an integer (`5000`) has scale 0 and is written as one; any other is
        // written as a float, which is exact for up to 15 significant digits: the f64 nearest to
        // the amount prints back as it.
        if self.0.scale() == 0
            && let Some(integer) = self.0.to_i64()
        {
            return serializer.serialize_i64(integer);
        }
        match self.0.to_f64() {
            Some(number) => serializer.serialize_f64(number),
            None => serializer.collect_str(&self.0),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Money;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount of money such as 19.99")
            }
            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Money, E> {
                Ok(Money(Decimal::from(value)))
            }
            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Money, E> {
                Ok(Money(Decimal::from(value)))
            }
            fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Money, E> {
                // Rust prints the shortest decimal that reads back as the same f64: for `19.99`
                // on the wire, that is `19.99`. A whole float (`113.0`) keeps one decimal place,
                // so that it is written back as a float.
                let mut amount = shortest_decimal(value).ok_or_else(|| {
                    E::custom(format_args!("{value} is not a representable amount"))
                })?;
                if amount.scale() == 0 {
                    amount.rescale(1);
                }
                Ok(Money(amount))
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Money, E> {
                text.parse()
                    .map_err(|_| E::custom(format_args!("`{text}` is not an amount of money")))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// The decimal that `value` prints as (the shortest that reads back as the same `f64`), formatted
/// on the stack: prices are decoded by the thousand, and a heap string each costs.
fn shortest_decimal(value: f64) -> Option<Decimal> {
    use std::fmt::Write as _;
    let mut text = StackText::default();
    if write!(text, "{value}").is_ok() {
        return Decimal::from_str(text.as_str()).ok();
    }
    // Longer than any price: fall back to the heap.
    Decimal::from_str(&value.to_string()).ok()
}

/// A small string on the stack.
struct StackText {
    bytes: [u8; 48],
    len: usize,
}

impl Default for StackText {
    fn default() -> Self {
        Self {
            bytes: [0; 48],
            len: 0,
        }
    }
}

impl StackText {
    fn as_str(&self) -> &str {
        // Only whole `&str`s are ever copied in, so this never fails.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl fmt::Write for StackText {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let end = self.len + text.len();
        let target = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        target.copy_from_slice(text.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_add_up_exactly_owned_and_by_reference() {
        let prices: Vec<Money> = ["0.1", "0.2", "19.99"]
            .iter()
            .map(|text| text.parse().unwrap())
            .collect();
        let by_reference: Money = prices.iter().sum();
        let owned: Money = prices.iter().copied().sum();
        assert_eq!(by_reference, owned);
        assert_eq!(owned.to_string(), "20.29");
        let mut total = prices[0] + prices[1];
        assert_eq!(total.to_string(), "0.3");
        total += &prices[2];
        total += prices[0];
        assert_eq!(std::ops::Add::add(&total, &prices[1]).to_string(), "20.59");
        assert_eq!(format!("{:.2}", Money::new(Decimal::new(870, 1))), "87.00");
        assert_eq!(std::iter::empty::<Money>().sum::<Money>(), Money::default());
    }

    fn decode(json: &str) -> Money {
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
    }

    #[test]
    fn decodes_wire_numbers_exactly() {
        assert_eq!(decode("19.99").amount(), Decimal::new(1999, 2));
        assert_eq!(decode("113.0").amount(), Decimal::new(113, 0));
        assert_eq!(
            decode("0.1").amount() + decode("0.2").amount(),
            Decimal::new(3, 1)
        );
        assert_eq!(decode("200").amount(), Decimal::new(200, 0));
        assert_eq!(decode("\"12.50\"").amount(), Decimal::new(1250, 2));
        assert_eq!(
            decode("1234567890123.45").amount(),
            Decimal::new(123_456_789_012_345, 2)
        );
    }

    #[test]
    fn encodes_as_the_same_json_number() {
        for wire in [
            "19.99",
            "113.0",
            "5000",
            "0.01",
            "99999.95",
            "1234567890123.45",
        ] {
            let value: serde_json::Value = serde_json::from_str(wire).unwrap();
            let round_trip = serde_json::to_value(decode(wire)).unwrap();
            assert_eq!(round_trip, value, "{wire}");
            assert!(round_trip.is_number());
        }
    }

    #[test]
    fn reads_amounts_longer_than_the_stack_buffer() {
        // 1e25 prints as 26 digits; 1e40 does not fit a Decimal at all.
        assert_eq!(
            decode("1e25").amount().to_string(),
            format!("1{}.0", "0".repeat(25))
        );
        assert!(serde_json::from_str::<Money>("1e40").is_err());
    }

    #[test]
    fn rejects_what_is_not_money() {
        for json in ["\"cheap\"", "true", "[]", "null"] {
            assert!(serde_json::from_str::<Money>(json).is_err(), "{json}");
        }
    }
}
