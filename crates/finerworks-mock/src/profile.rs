//! Behaviour profiles: one switch for each point the FinerWorks docs leave open ([`CountMode`],
//! [`OverLimit`], [`Echo`], [`Nulls`]), so a test can run against every reading, not only the
//! one the mock assumes by default.

use std::fmt;
use std::str::FromStr;

/// What a `list_images` answer says in `count`.
///
/// The docs call `count` "Total images count", and the vendor's own example answers `count: 0`
/// beside an image, so what FinerWorks really sends is an open question. The default,
/// [`Exact`](Self::Exact), is the documented meaning; the others are the readings a client
/// should survive.
///
/// Parsed from the text of the binary's `--count` flag: `exact`, `zero`, `null`, `missing`,
/// `negative`, `under=N`, `over=N`, `unfiltered`.
///
/// # Examples
///
/// ```
/// use finerworks_mock::CountMode;
///
/// assert_eq!("under=3".parse(), Ok(CountMode::Under(3)));
/// assert_eq!(CountMode::Under(3).to_string(), "under=3");
/// assert_eq!(CountMode::default(), CountMode::Exact);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CountMode {
    /// The number of images that match the filters, over all pages (the default; the docs'
    /// "Total images count").
    #[default]
    Exact,
    /// Always `0`, as in the vendor's example.
    Zero,
    /// `"count": null`.
    Null,
    /// No `count` field at all.
    Missing,
    /// Always `-1`.
    Negative,
    /// The exact total minus this many (not below 0): a count that ends the walk too early.
    Under(u64),
    /// The exact total plus this many: a count that promises pages that are not there.
    Over(u64),
    /// The size of the whole library, ignoring the filters, as a server that counts before it
    /// filters would answer.
    Unfiltered,
}

impl CountMode {
    /// The `count` to send, given the exact total and the size of the library; `None` for
    /// `null`. [`Missing`](Self::Missing) is acted out by leaving the field out.
    pub(crate) fn count(self, exact: u64, library: u64) -> Option<i64> {
        let count = match self {
            CountMode::Exact | CountMode::Missing => exact,
            CountMode::Zero => 0,
            CountMode::Null => return None,
            CountMode::Negative => return Some(-1),
            CountMode::Under(n) => exact.saturating_sub(n),
            CountMode::Over(n) => exact.saturating_add(n),
            CountMode::Unfiltered => library,
        };
        Some(i64::try_from(count).unwrap_or(i64::MAX))
    }
}

impl fmt::Display for CountMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CountMode::Exact => f.write_str("exact"),
            CountMode::Zero => f.write_str("zero"),
            CountMode::Null => f.write_str("null"),
            CountMode::Missing => f.write_str("missing"),
            CountMode::Negative => f.write_str("negative"),
            CountMode::Under(n) => write!(f, "under={n}"),
            CountMode::Over(n) => write!(f, "over={n}"),
            CountMode::Unfiltered => f.write_str("unfiltered"),
        }
    }
}

impl FromStr for CountMode {
    type Err = ParseProfileError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || {
            ParseProfileError::new(
                "count mode",
                text,
                "exact, zero, null, missing, negative, under=N, over=N, unfiltered",
            )
        };
        let (name, n) = match text.trim().split_once('=') {
            Some((name, n)) => (name, Some(n.trim().parse::<u64>().map_err(|_| error())?)),
            None => (text.trim(), None),
        };
        Ok(match (name.trim().to_ascii_lowercase().as_str(), n) {
            ("exact", None) => CountMode::Exact,
            ("zero", None) => CountMode::Zero,
            ("null", None) => CountMode::Null,
            ("missing", None) => CountMode::Missing,
            ("negative", None) => CountMode::Negative,
            ("under", Some(n)) => CountMode::Under(n),
            ("over", Some(n)) => CountMode::Over(n),
            ("unfiltered", None) => CountMode::Unfiltered,
            _ => return Err(error()),
        })
    }
}

/// What the mock does with a `per_page` above the documented limit ([`PER_PAGE_MAX`]).
///
/// The docs give the most images a page may hold and not what happens beyond. The default,
/// [`Reject`](Self::Reject), is ASP.NET's usual answer to a value out of range; a sibling
/// FinerWorks endpoint says such values are ignored, which [`Cap`](Self::Cap) acts out.
///
/// A `per_page` below 1 is a 400 either way. Parsed from `reject` or `cap`.
///
/// # Examples
///
/// ```
/// use finerworks_mock::OverLimit;
///
/// assert_eq!("cap".parse(), Ok(OverLimit::Cap));
/// assert_eq!(OverLimit::default(), OverLimit::Reject);
/// ```
///
/// [`PER_PAGE_MAX`]: finerworks_api::limits::list_images_request::PER_PAGE_MAX
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OverLimit {
    /// HTTP 400 with a `ModelState` naming `request.per_page` (the default).
    #[default]
    Reject,
    /// Serve pages of
    /// [`PER_PAGE_MAX`](finerworks_api::limits::list_images_request::PER_PAGE_MAX) images,
    /// without saying so.
    Cap,
}

impl fmt::Display for OverLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OverLimit::Reject => "reject",
            OverLimit::Cap => "cap",
        })
    }
}

impl FromStr for OverLimit {
    type Err = ParseProfileError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "reject" => Ok(OverLimit::Reject),
            "cap" => Ok(OverLimit::Cap),
            _ => Err(ParseProfileError::new(
                "over-limit mode",
                text,
                "reject, cap",
            )),
        }
    }
}

/// What a `list_images` answer says in `page_number` and `per_page`.
///
/// The docs do not say; the vendor's example answers `0` for both beside a request for page 1
/// of 10. The default, [`Used`](Self::Used), echoes what the server used, which is what an API
/// that echoes its paging is for.
///
/// Parsed from `used`, `asked` or `zero`.
///
/// # Examples
///
/// ```
/// use finerworks_mock::Echo;
///
/// assert_eq!("zero".parse(), Ok(Echo::Zero));
/// assert_eq!(Echo::default(), Echo::Used);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Echo {
    /// The page number and the page size the server used: the request's values (the spec's
    /// defaults when left out), with `per_page` after any cap ([`OverLimit::Cap`],
    /// [`MockConfig::page_size_cap`](crate::MockConfig::page_size_cap)). The default.
    #[default]
    Used,
    /// The page number and page size as the request asked (the spec's defaults when left out),
    /// even when the server served fewer: a cap that nothing in the answer reveals.
    Asked,
    /// `0` for both, as in the vendor's example.
    Zero,
}

impl fmt::Display for Echo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Echo::Used => "used",
            Echo::Asked => "asked",
            Echo::Zero => "zero",
        })
    }
}

impl FromStr for Echo {
    type Err = ParseProfileError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "used" => Ok(Echo::Used),
            "asked" => Ok(Echo::Asked),
            "zero" => Ok(Echo::Zero),
            _ => Err(ParseProfileError::new(
                "echo mode",
                text,
                "used, asked, zero",
            )),
        }
    }
}

/// What the mock does with an explicit JSON `null` for a request field that has a documented
/// default.
///
/// FinerWorks runs ASP.NET with Newtonsoft.Json. A `null` for a property of a .NET value type
/// (`int`, `bool`) cannot be converted and becomes a `ModelState` error; a .NET `string` takes
/// `null`. Which request properties FinerWorks declares as value types is not published, so:
///
/// - [`Reject`](Self::Reject), the default, reads `page_number`, `per_page` (`int`) and
///   `list_products` (`bool`) as value types: a `null` there is HTTP 400 with
///   `Error converting value {null} to type 'System.Int32'. Path 'per_page', line 1, position
///   16.` under `request.per_page`. It is the default because the docs give these fields a
///   non-null default and say "Default is null" only of the fields the vendor's example sends
///   as `null` (`upload_date_from`, `upload_date_to`, `active`), the example answer's
///   `page_number: 0, per_page: 0` is what plain .NET `int`s hold when unset, and the API answers
///   other `ModelState` errors with a 400.
/// - [`Accept`](Self::Accept) reads them as `int?`/`bool?`: a `null` is the same as leaving
///   the field out.
///
/// In both, a `null` for the string fields `sort_field`, `sort_direction`, `library.name`,
/// `search_filter` and `library.account_key` is read as unset (their default applies), because
/// a .NET string takes `null`. The spec allows `null` for none of these fields: see
/// [`MockConfig::strict`](crate::MockConfig::strict) to refuse them all.
///
/// Parsed from `accept` or `reject`.
///
/// # Examples
///
/// ```
/// use finerworks_mock::Nulls;
///
/// assert_eq!("accept".parse(), Ok(Nulls::Accept));
/// assert_eq!(Nulls::default(), Nulls::Reject);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Nulls {
    /// A `null` for `page_number`, `per_page` or `list_products` is a 400 (the default).
    #[default]
    Reject,
    /// A `null` for any field with a documented default is read as unset.
    Accept,
}

impl fmt::Display for Nulls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Nulls::Reject => "reject",
            Nulls::Accept => "accept",
        })
    }
}

impl FromStr for Nulls {
    type Err = ParseProfileError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "reject" => Ok(Nulls::Reject),
            "accept" => Ok(Nulls::Accept),
            _ => Err(ParseProfileError::new("nulls mode", text, "accept, reject")),
        }
    }
}

/// What `submit_product` answers when it adds a product to the virtual inventory (`mode:
/// store`). FinerWorks publishes no answer for it, so both readings are assumed:
///
/// - [`Product`](Self::Product), the default: the common envelope with `product`, the product
///   created, carrying its new `sku`;
/// - [`Status`](Self::Status): the `status` block alone, so that a client must look the new
///   product up (`list_virtual_inventory` with the image's GUID) to learn its SKU.
///
/// Parsed from `product` or `status`.
///
/// # Examples
///
/// ```
/// use finerworks_mock::ProductAnswer;
///
/// assert_eq!("status".parse(), Ok(ProductAnswer::Status));
/// assert_eq!(ProductAnswer::default(), ProductAnswer::Product);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProductAnswer {
    /// The product created, with its new SKU (the default).
    #[default]
    Product,
    /// The `status` block alone.
    Status,
}

impl fmt::Display for ProductAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ProductAnswer::Product => "product",
            ProductAnswer::Status => "status",
        })
    }
}

impl FromStr for ProductAnswer {
    type Err = ParseProfileError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "product" => Ok(ProductAnswer::Product),
            "status" => Ok(ProductAnswer::Status),
            _ => Err(ParseProfileError::new(
                "submit_product answer",
                text,
                "product, status",
            )),
        }
    }
}

/// What `update_virtual_inventory` does with a SKU no product has. FinerWorks does not say, so
/// both readings are assumed:
///
/// - [`Skip`](Self::Skip), the default: no error; the SKU is left out of the answer's `products`
///   and the others are updated;
/// - [`Refuse`](Self::Refuse): HTTP 400 with a `ModelState` naming
///   `request.virtual_inventory[i].sku`, and nothing of the call is updated.
///
/// Parsed from `skip` or `refuse`.
///
/// # Examples
///
/// ```
/// use finerworks_mock::UnknownInventorySku;
///
/// assert_eq!("refuse".parse(), Ok(UnknownInventorySku::Refuse));
/// assert_eq!(UnknownInventorySku::default(), UnknownInventorySku::Skip);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UnknownInventorySku {
    /// Left out of the answer (the default).
    #[default]
    Skip,
    /// HTTP 400 naming it; nothing is updated.
    Refuse,
}

impl fmt::Display for UnknownInventorySku {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UnknownInventorySku::Skip => "skip",
            UnknownInventorySku::Refuse => "refuse",
        })
    }
}

impl FromStr for UnknownInventorySku {
    type Err = ParseProfileError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "skip" => Ok(UnknownInventorySku::Skip),
            "refuse" => Ok(UnknownInventorySku::Refuse),
            _ => Err(ParseProfileError::new(
                "unknown-sku mode",
                text,
                "skip, refuse",
            )),
        }
    }
}

/// What `update_virtual_inventory` does with a field an item leaves out. FinerWorks does not say
/// whether its update is partial, so both readings are assumed:
///
/// - [`Keep`](Self::Keep), the default: the field keeps its value (a partial update);
/// - [`Clear`](Self::Clear): the field is cleared (`null`), as a server that replaces the product
///   with what was sent would do.
///
/// Parsed from `keep` or `clear`.
///
/// # Examples
///
/// ```
/// use finerworks_mock::OmittedFields;
///
/// assert_eq!("clear".parse(), Ok(OmittedFields::Clear));
/// assert_eq!(OmittedFields::default(), OmittedFields::Keep);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OmittedFields {
    /// A field left out keeps its value (the default).
    #[default]
    Keep,
    /// A field left out is cleared.
    Clear,
}

impl fmt::Display for OmittedFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OmittedFields::Keep => "keep",
            OmittedFields::Clear => "clear",
        })
    }
}

impl FromStr for OmittedFields {
    type Err = ParseProfileError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "keep" => Ok(OmittedFields::Keep),
            "clear" => Ok(OmittedFields::Clear),
            _ => Err(ParseProfileError::new(
                "omitted-fields mode",
                text,
                "keep, clear",
            )),
        }
    }
}

/// The error of parsing a profile switch ([`CountMode`], [`OverLimit`], [`Echo`], [`Nulls`],
/// [`ProductAnswer`], [`UnknownInventorySku`], [`OmittedFields`]) from text: it names what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseProfileError {
    what: &'static str,
    text: String,
    expected: &'static str,
}

impl ParseProfileError {
    pub(crate) fn new(what: &'static str, text: &str, expected: &'static str) -> Self {
        ParseProfileError {
            what,
            text: text.to_owned(),
            expected,
        }
    }
}

impl fmt::Display for ParseProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a valid {} (expected one of: {})",
            self.text, self.what, self.expected
        )
    }
}

impl std::error::Error for ParseProfileError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mode_round_trips_through_its_text() {
        for mode in [
            CountMode::Exact,
            CountMode::Zero,
            CountMode::Null,
            CountMode::Missing,
            CountMode::Negative,
            CountMode::Under(4),
            CountMode::Over(0),
            CountMode::Unfiltered,
        ] {
            assert_eq!(mode.to_string().parse(), Ok(mode));
        }
        for mode in [OverLimit::Reject, OverLimit::Cap] {
            assert_eq!(mode.to_string().parse(), Ok(mode));
        }
        for mode in [Echo::Used, Echo::Asked, Echo::Zero] {
            assert_eq!(mode.to_string().parse(), Ok(mode));
        }
        for mode in [Nulls::Reject, Nulls::Accept] {
            assert_eq!(mode.to_string().parse(), Ok(mode));
        }
        for mode in [ProductAnswer::Product, ProductAnswer::Status] {
            assert_eq!(mode.to_string().parse(), Ok(mode));
        }
        for mode in [UnknownInventorySku::Skip, UnknownInventorySku::Refuse] {
            assert_eq!(mode.to_string().parse(), Ok(mode));
        }
        for mode in [OmittedFields::Keep, OmittedFields::Clear] {
            assert_eq!(mode.to_string().parse(), Ok(mode));
        }
        assert_eq!(" Under = 2 ".parse(), Ok(CountMode::Under(2)));
    }

    #[test]
    fn bad_text_names_the_choices() {
        for bad in ["", "under", "under=x", "exact=1", "over=-1", "most"] {
            let error = bad.parse::<CountMode>().unwrap_err();
            assert!(error.to_string().contains("under=N"), "{bad}: {error}");
        }
        assert_eq!(
            "clip".parse::<OverLimit>().unwrap_err().to_string(),
            "`clip` is not a valid over-limit mode (expected one of: reject, cap)"
        );
        assert!("none".parse::<Echo>().is_err());
        assert!("ignore".parse::<Nulls>().is_err());
    }

    #[test]
    fn counts_follow_their_mode() {
        let count = |mode: CountMode| mode.count(137, 250);
        assert_eq!(count(CountMode::Exact), Some(137));
        assert_eq!(count(CountMode::Missing), Some(137));
        assert_eq!(count(CountMode::Zero), Some(0));
        assert_eq!(count(CountMode::Null), None);
        assert_eq!(count(CountMode::Negative), Some(-1));
        assert_eq!(count(CountMode::Under(37)), Some(100));
        assert_eq!(count(CountMode::Under(1_000)), Some(0));
        assert_eq!(count(CountMode::Over(3)), Some(140));
        assert_eq!(count(CountMode::Over(u64::MAX)), Some(i64::MAX));
        assert_eq!(count(CountMode::Unfiltered), Some(250));
    }
}
