//! [`Timestamp`]: FinerWorks' .NET-style timestamps, decoded leniently and written back as given.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};

/// The most fractional-second digits a timestamp may carry (nanoseconds).
const MAX_FRACTIONAL_DIGITS: u8 = 9;
/// The digits .NET writes, used for timestamps made from `chrono` values.
const DOTNET_FRACTIONAL_DIGITS: u8 = 7;

/// A FinerWorks timestamp such as `2025-10-27T14:14:28.7196101-05:00`.
///
/// FinerWorks runs on .NET and writes timestamps with an offset and 0 to 7 fractional digits, and
/// older records carry no offset at all (`2015-09-13T20:16:25`). `chrono::DateTime<Utc>` would
/// reject the offset-less form and forget the offset of the others, so this type keeps what it was
/// given: the wall-clock time, the offset (if any) and the number of fractional digits. It writes
/// back the same text it read.
///
/// Two timestamps are equal when they have the same wall-clock time and the same offset (or both
/// have none); how many fractional digits were written does not matter, nor whether UTC was
/// written `Z` or `+00:00`.
///
/// # Examples
///
/// ```
/// use finerworks_api::Timestamp;
///
/// let t: Timestamp = "2025-10-27T14:14:28.7196101-05:00".parse()?;
/// assert_eq!(t.offset().map(|o| o.local_minus_utc()), Some(-5 * 3600));
/// assert_eq!(t.to_utc().unwrap().to_rfc3339(), "2025-10-27T19:14:28.719610100+00:00");
/// assert_eq!(t.to_string(), "2025-10-27T14:14:28.7196101-05:00");
///
/// let old: Timestamp = "2015-09-13T20:16:25".parse()?;
/// assert_eq!(old.offset(), None);
/// assert_eq!(old.to_string(), "2015-09-13T20:16:25");
/// # Ok::<(), finerworks_api::ParseTimestampError>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Timestamp {
    local: NaiveDateTime,
    zone: Zone,
    fractional_digits: u8,
}

/// How the offset was written.
#[derive(Clone, Copy, Debug)]
enum Zone {
    /// No offset: the time zone is unknown.
    Unspecified,
    /// `Z`.
    Zulu,
    /// `+hh:mm` or `-hh:mm`.
    Fixed(FixedOffset),
}

impl Timestamp {
    /// The wall-clock date and time as written, without the offset.
    #[must_use]
    pub fn naive_local(&self) -> NaiveDateTime {
        self.local
    }

    /// The offset from UTC, or `None` when the timestamp carried none.
    #[must_use]
    pub fn offset(&self) -> Option<FixedOffset> {
        match self.zone {
            Zone::Unspecified => None,
            Zone::Zulu => FixedOffset::east_opt(0),
            Zone::Fixed(offset) => Some(offset),
        }
    }

    /// The timestamp with its offset, or `None` when it carried none.
    #[must_use]
    pub fn to_fixed_offset(&self) -> Option<DateTime<FixedOffset>> {
        self.offset()
            .and_then(|offset| offset.from_local_datetime(&self.local).single())
    }

    /// The instant in UTC, or `None` when the timestamp carried no offset (its instant is unknown).
    #[must_use]
    pub fn to_utc(&self) -> Option<DateTime<Utc>> {
        self.to_fixed_offset().map(|t| t.with_timezone(&Utc))
    }

    /// The instant in UTC, reading an offset-less timestamp as being in `assumed` instead.
    #[must_use]
    pub fn to_utc_assuming(&self, assumed: FixedOffset) -> DateTime<Utc> {
        let offset = self.offset().unwrap_or(assumed);
        let utc = self.local - offset;
        Utc.from_utc_datetime(&utc)
    }

    /// How many fractional-second digits the timestamp was written with (0 to 9).
    #[must_use]
    pub fn fractional_digits(&self) -> u8 {
        self.fractional_digits
    }

    fn key(&self) -> (NaiveDateTime, Option<i32>) {
        (self.local, self.offset().map(|o| o.local_minus_utc()))
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Timestamp {}

impl Hash for Timestamp {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl<Tz: TimeZone> From<DateTime<Tz>> for Timestamp {
    /// Keeps the value's offset; writes 7 fractional digits, as .NET does.
    fn from(value: DateTime<Tz>) -> Self {
        let value = value.fixed_offset();
        Self {
            local: value.naive_local(),
            zone: Zone::Fixed(*value.offset()),
            fractional_digits: DOTNET_FRACTIONAL_DIGITS,
        }
    }
}

impl From<NaiveDateTime> for Timestamp {
    /// A timestamp without an offset; writes 7 fractional digits, as .NET does.
    fn from(value: NaiveDateTime) -> Self {
        Self {
            local: value,
            zone: Zone::Unspecified,
            fractional_digits: DOTNET_FRACTIONAL_DIGITS,
        }
    }
}

/// The error for text that is not a FinerWorks timestamp.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseTimestampError {
    input: String,
}

impl fmt::Display for ParseTimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid timestamp `{}`: expected YYYY-MM-DDThh:mm:ss with 0 to {MAX_FRACTIONAL_DIGITS} \
             fractional digits and an optional `Z` or `+hh:mm` offset",
            self.input
        )
    }
}

impl std::error::Error for ParseTimestampError {}

impl FromStr for Timestamp {
    type Err = ParseTimestampError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || ParseTimestampError {
            input: text.chars().take(64).collect(),
        };
        let (rest, zone) = split_zone(text).ok_or_else(error)?;
        let (whole, fraction) = match rest.split_once('.') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (rest, None),
        };
        let fractional_digits = match fraction {
            None => 0,
            Some(digits)
                if !digits.is_empty()
                    && digits.len() <= usize::from(MAX_FRACTIONAL_DIGITS)
                    && digits.bytes().all(|b| b.is_ascii_digit()) =>
            {
                u8::try_from(digits.len()).map_err(|_| error())?
            }
            Some(_) => return Err(error()),
        };
        let nanos = fraction.map_or(Ok(0), |digits| {
            let scale = 10_u32.pow(u32::from(MAX_FRACTIONAL_DIGITS - fractional_digits));
            digits
                .parse::<u32>()
                .map(|n| n * scale)
                .map_err(|_| error())
        })?;
        let local = parse_local(whole, nanos).ok_or_else(error)?;
        Ok(Self {
            local,
            zone,
            fractional_digits,
        })
    }
}

/// Parses exactly `YYYY-MM-DDThh:mm:ss`: by hand, several times faster than a chrono format string,
/// and stricter (no single-digit hours).
fn parse_local(text: &str, nanos: u32) -> Option<NaiveDateTime> {
    let bytes = text.as_bytes();
    if bytes.len() != 19
        || bytes[4] != b'-'
        || bytes[7] != b'-'
        || bytes[10] != b'T'
        || bytes[13] != b':'
        || bytes[16] != b':'
    {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        bytes[range].iter().try_fold(0_u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    let year = i32::try_from(number(0..4)?).ok()?;
    let date = NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)?;
    let time =
        NaiveTime::from_hms_nano_opt(number(11..13)?, number(14..16)?, number(17..19)?, nanos)?;
    Some(date.and_time(time))
}

/// Splits a trailing `Z` or `±hh:mm` off `text`.
fn split_zone(text: &str) -> Option<(&str, Zone)> {
    if let Some(rest) = text.strip_suffix(['Z', 'z']) {
        return Some((rest, Zone::Zulu));
    }
    let bytes = text.as_bytes();
    let Some(sign_at) = bytes.len().checked_sub(6) else {
        return Some((text, Zone::Unspecified));
    };
    let sign = match bytes[sign_at] {
        b'+' => 1,
        b'-' => -1,
        _ => return Some((text, Zone::Unspecified)),
    };
    let suffix = &text[sign_at + 1..];
    let (hours, minutes) = suffix.split_once(':')?;
    if hours.len() != 2 || minutes.len() != 2 {
        return None;
    }
    let hours: i32 = hours.parse().ok()?;
    let minutes: i32 = minutes.parse().ok()?;
    if minutes >= 60 {
        return None;
    }
    let offset = FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))?;
    Some((&text[..sign_at], Zone::Fixed(offset)))
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.local.format("%Y-%m-%dT%H:%M:%S"))?;
        if self.fractional_digits > 0 {
            let nanos = format!("{:09}", self.local.nanosecond() % 1_000_000_000);
            write!(f, ".{}", &nanos[..usize::from(self.fractional_digits)])?;
        }
        match self.zone {
            Zone::Unspecified => Ok(()),
            Zone::Zulu => f.write_str("Z"),
            Zone::Fixed(offset) => {
                let seconds = offset.local_minus_utc();
                let sign = if seconds < 0 { '-' } else { '+' };
                let seconds = seconds.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", seconds / 3600, seconds % 3600 / 60)
            }
        }
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a timestamp such as 2025-10-27T14:14:28.7196101-05:00")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Timestamp, E> {
                text.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Timestamp {
        text.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn round_trips_every_form_finerworks_sends() {
        for text in [
            "2025-10-27T14:14:28.7196101-05:00",
            "2025-10-14T09:53:33.412231-05:00",
            "2015-09-13T20:16:25",
            "2015-09-13T20:16:25.5",
            "2024-01-01T00:00:00Z",
            "2024-01-01T00:00:00.123+05:30",
            "2024-01-01T00:00:00.123456789+00:00",
        ] {
            assert_eq!(parse(text).to_string(), text);
        }
    }

    #[test]
    fn keeps_the_offset_and_the_instant() {
        let t = parse("2025-10-14T09:53:33.412231-05:00");
        assert_eq!(t.offset(), FixedOffset::west_opt(5 * 3600));
        assert_eq!(t.fractional_digits(), 6);
        assert_eq!(
            t.to_utc().unwrap(),
            "2025-10-14T14:53:33.412231Z"
                .parse::<DateTime<Utc>>()
                .unwrap()
        );
    }

    #[test]
    fn offset_less_timestamps_have_no_instant_unless_assumed() {
        let t = parse("2015-09-13T20:16:25");
        assert_eq!(t.to_utc(), None);
        let central = FixedOffset::west_opt(6 * 3600).unwrap();
        assert_eq!(
            t.to_utc_assuming(central).to_rfc3339(),
            "2015-09-14T02:16:25+00:00"
        );
    }

    #[test]
    fn equality_ignores_how_the_value_was_written() {
        assert_eq!(
            parse("2024-01-01T00:00:00.5Z"),
            parse("2024-01-01T00:00:00.5000000+00:00")
        );
        assert_ne!(parse("2024-01-01T00:00:00Z"), parse("2024-01-01T00:00:00"));
        assert_ne!(
            parse("2024-01-01T00:00:00-05:00"),
            parse("2024-01-01T00:00:00-06:00")
        );
    }

    #[test]
    fn made_from_chrono_values_like_dotnet() {
        let t: Timestamp = "2025-10-27T14:14:28.7196101-05:00"
            .parse::<DateTime<FixedOffset>>()
            .unwrap()
            .into();
        assert_eq!(t.to_string(), "2025-10-27T14:14:28.7196101-05:00");
    }

    #[test]
    fn rejects_what_is_not_a_timestamp() {
        for text in [
            "",
            "yesterday",
            "2025-10-27",
            "2025-10-27 14:14:28",
            "2025-10-27T14:14:28.",
            "2025-10-27T14:14:28.1234567890",
            "2025-10-27T14:14:28-5:00",
            "2025-13-27T14:14:28",
            "2025-10-27T4:14:28",
        ] {
            let error = text.parse::<Timestamp>().unwrap_err();
            assert!(
                error.to_string().starts_with("invalid timestamp"),
                "{error}"
            );
        }
    }

    #[test]
    fn serde_uses_the_text_form() {
        let t: Timestamp = serde_json::from_str("\"2025-10-27T14:14:28.7196101-05:00\"").unwrap();
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            "\"2025-10-27T14:14:28.7196101-05:00\""
        );
        let error = serde_json::from_str::<Timestamp>("42").unwrap_err();
        assert!(error.to_string().contains("a timestamp such as"), "{error}");
    }
}
