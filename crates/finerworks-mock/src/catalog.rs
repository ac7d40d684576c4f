//! The catalog's readings of what the docs leave open ([`BodyForm`], [`UnknownSku`]) and the
//! price of any SKU, derived from the SKU itself so that every SKU has one, the same on every
//! run ([`unit_price`]).

use std::fmt;
use std::str::FromStr;

use finerworks_api::Money;
use rust_decimal::Decimal;

use crate::ParseProfileError;

/// Which bodies `get_prices` (or `get_product_details`) accepts.
///
/// The vendor's pages show two: a bare JSON array of the items, and an object holding them in
/// `products` (with `account_key` for `get_prices`). Which one FinerWorks reads is not
/// documented. The default, [`Both`](Self::Both), accepts either; the others answer the form
/// they do not read as ASP.NET answers a body it cannot bind: HTTP 400 with a `ModelState`
/// under `request`.
///
/// Parsed from `object`, `array` or `both`.
///
/// # Examples
///
/// ```
/// use finerworks_mock::BodyForm;
///
/// assert_eq!("array".parse(), Ok(BodyForm::Array));
/// assert_eq!(BodyForm::default(), BodyForm::Both);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BodyForm {
    /// Only `{"products": [...]}` (the spec's form).
    Object,
    /// Only a bare array of the items.
    Array,
    /// Either (the default).
    #[default]
    Both,
}

impl BodyForm {
    /// Every reading, for tests that run under each.
    pub const ALL: [BodyForm; 3] = [BodyForm::Object, BodyForm::Array, BodyForm::Both];

    /// Whether the object form is read.
    pub(crate) fn object(self) -> bool {
        self != BodyForm::Array
    }

    /// Whether the bare-array form is read.
    pub(crate) fn array(self) -> bool {
        self != BodyForm::Object
    }
}

impl fmt::Display for BodyForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BodyForm::Object => "object",
            BodyForm::Array => "array",
            BodyForm::Both => "both",
        })
    }
}

impl FromStr for BodyForm {
    type Err = ParseProfileError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "object" => Ok(BodyForm::Object),
            "array" => Ok(BodyForm::Array),
            "both" => Ok(BodyForm::Both),
            _ => Err(ParseProfileError::new(
                "body form",
                text,
                "object, array, both",
            )),
        }
    }
}

/// What `get_prices` and `get_product_details` answer for a SKU FinerWorks does not know.
///
/// Not documented. Under the default, [`Priced`](Self::Priced), every SKU is known and priced
/// (the vendor's example prices `"sample string 2"`). Under the others, a SKU that starts with
/// [`UNKNOWN_SKU_PREFIX`] (`no-such-`, any case) is unknown, and gets what the reading says.
///
/// Parsed from `priced`, `omitted`, `empty` or `refused`.
///
/// # Examples
///
/// ```
/// use finerworks_mock::UnknownSku;
///
/// assert_eq!("refused".parse(), Ok(UnknownSku::Refused));
/// assert_eq!(UnknownSku::default(), UnknownSku::Priced);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UnknownSku {
    /// Every SKU is priced (the default).
    #[default]
    Priced,
    /// An unknown SKU is left out of the answer.
    Omitted,
    /// An unknown SKU gets a line with its SKU and quantity, no prices, and an `info` saying
    /// it was not found.
    Empty,
    /// A body with an unknown SKU is refused: HTTP 400 with a `ModelState` naming each
    /// unknown SKU's field (`request.products[1].product_sku`).
    Refused,
}

impl UnknownSku {
    /// Every reading, for tests that run under each.
    pub const ALL: [UnknownSku; 4] = [
        UnknownSku::Priced,
        UnknownSku::Omitted,
        UnknownSku::Empty,
        UnknownSku::Refused,
    ];

    /// Whether `sku` is unknown under this reading.
    pub(crate) fn unknown(self, sku: &str) -> bool {
        self != UnknownSku::Priced
            && sku
                .get(..UNKNOWN_SKU_PREFIX.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(UNKNOWN_SKU_PREFIX))
    }
}

/// The start of the SKUs that are unknown under every [`UnknownSku`] reading but the default.
pub const UNKNOWN_SKU_PREFIX: &str = "no-such-";

impl fmt::Display for UnknownSku {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UnknownSku::Priced => "priced",
            UnknownSku::Omitted => "omitted",
            UnknownSku::Empty => "empty",
            UnknownSku::Refused => "refused",
        })
    }
}

impl FromStr for UnknownSku {
    type Err = ParseProfileError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "priced" => Ok(UnknownSku::Priced),
            "omitted" => Ok(UnknownSku::Omitted),
            "empty" => Ok(UnknownSku::Empty),
            "refused" => Ok(UnknownSku::Refused),
            _ => Err(ParseProfileError::new(
                "unknown-SKU mode",
                text,
                "priced, omitted, empty, refused",
            )),
        }
    }
}

/// The price of one copy of a SKU, part by part. Every part is derived from a hash of the SKU
/// (ignoring case and surrounding spaces), so any SKU has a price, the same on every run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct UnitPrice {
    pub(crate) product: Money,
    pub(crate) frame: Money,
    pub(crate) mat_1: Money,
    pub(crate) mat_2: Money,
    pub(crate) glazing: Money,
    pub(crate) color_correct: Money,
}

impl UnitPrice {
    /// Every part, in the order of the `price` model.
    pub(crate) fn parts(self) -> [Money; 6] {
        [
            self.product,
            self.frame,
            self.mat_1,
            self.mat_2,
            self.glazing,
            self.color_correct,
        ]
    }

    /// The sum of the parts.
    pub(crate) fn total(self) -> Money {
        self.parts().iter().sum()
    }

    /// Every part for `qty` copies.
    pub(crate) fn times(self, qty: u32) -> UnitPrice {
        let times = |money: Money| Money::new(money.amount() * Decimal::from(qty));
        UnitPrice {
            product: times(self.product),
            frame: times(self.frame),
            mat_1: times(self.mat_1),
            mat_2: times(self.mat_2),
            glazing: times(self.glazing),
            color_correct: times(self.color_correct),
        }
    }
}

/// The price of one copy of `sku`.
pub(crate) fn unit_price(sku: &str) -> UnitPrice {
    let hash = fnv1a(sku.trim().to_lowercase().as_bytes());
    let bits = |shift: u32, modulo: u64| (hash >> shift) % modulo;
    let cents = |amount: u64| Money::new(Decimal::new(i64::try_from(amount).unwrap_or(0), 2));
    let matted = bits(32, 2) == 0;
    UnitPrice {
        product: cents(500 + bits(0, 20_000)),
        frame: cents(if bits(20, 3) == 0 {
            1_500 + bits(24, 6_000)
        } else {
            0
        }),
        mat_1: cents(if matted { 800 + bits(34, 1_200) } else { 0 }),
        mat_2: cents(if matted && bits(46, 3) == 0 {
            600 + bits(48, 900)
        } else {
            0
        }),
        glazing: cents(if bits(44, 4) == 0 {
            1_000 + bits(52, 2_500)
        } else {
            0
        }),
        color_correct: cents(if bits(60, 5) == 0 { 1_200 } else { 0 }),
    }
}

/// The 64-bit FNV-1a hash: small, stable across runs and platforms.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reading_round_trips_through_its_text() {
        for form in BodyForm::ALL {
            assert_eq!(form.to_string().parse(), Ok(form));
        }
        for mode in UnknownSku::ALL {
            assert_eq!(mode.to_string().parse(), Ok(mode));
        }
        assert!("list".parse::<BodyForm>().is_err());
        assert!("skip".parse::<UnknownSku>().is_err());
    }

    #[test]
    fn any_sku_has_a_price_in_cents_the_same_every_time() {
        let price = unit_price("sample string 2");
        assert_eq!(price, unit_price(" SAMPLE string 2 "));
        assert!(price.product.amount() >= Decimal::new(500, 2));
        assert!(price.parts().iter().all(|part| part.amount().scale() == 2));
        assert_ne!(unit_price("AP1234P").total(), unit_price("AP1235P").total());
        let three = price.times(3);
        assert_eq!(
            three.total().amount(),
            price.total().amount() * Decimal::from(3)
        );
    }

    #[test]
    fn only_prefixed_skus_are_unknown_and_only_off_the_default() {
        assert!(!UnknownSku::Priced.unknown("no-such-sku"));
        assert!(UnknownSku::Omitted.unknown("NO-SUCH-sku"));
        assert!(!UnknownSku::Refused.unknown("sample string 2"));
        assert!(!UnknownSku::Empty.unknown("no-"));
    }
}
