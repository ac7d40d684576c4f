//! Durations as people write them on a command line (`--timeout 1.5`, `500ms`, `2s`, `1m`): a
//! plain number is seconds.

use std::time::Duration;

/// What a duration flag accepts, for its help and its error.
pub(crate) const ACCEPTED: &str =
    "seconds (30, 1.5) or a number with a unit: ms, s or m (500ms, 2s, 1m)";

/// Parses a duration greater than zero: a number of seconds, or a number followed by `ms`, `s`
/// or `m` (spaces around the unit allowed, any case).
pub(crate) fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    let (number, seconds_per_unit) = [("ms", 0.001), ("s", 1.0), ("m", 60.0)]
        .into_iter()
        .find_map(|(unit, scale)| lower.strip_suffix(unit).map(|number| (number, scale)))
        .unwrap_or((lower.as_str(), 1.0));
    let number = number.trim();
    // Only digits and one point: no signs, exponents, `inf` or `NaN`.
    let well_formed = !number.is_empty()
        && number.chars().any(|c| c.is_ascii_digit())
        && number.chars().all(|c| c.is_ascii_digit() || c == '.')
        && number.matches('.').count() <= 1;
    let not_a_duration = || format!("`{text}` is not a duration: give {ACCEPTED}");
    if !well_formed {
        return Err(not_a_duration());
    }
    let value: f64 = number.parse().map_err(|_| not_a_duration())?;
    let duration = Duration::try_from_secs_f64(value * seconds_per_unit)
        .map_err(|_| format!("`{text}` is too long a duration"))?;
    if duration < Duration::from_millis(1) {
        return Err(format!("`{text}` is too short: give at least 1ms"));
    }
    Ok(duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_numbers_are_seconds_and_units_are_read() {
        let cases = [
            ("30", Duration::from_secs(30)),
            ("1.5", Duration::from_millis(1500)),
            ("500ms", Duration::from_millis(500)),
            ("2s", Duration::from_secs(2)),
            ("1m", Duration::from_secs(60)),
            ("0.5m", Duration::from_secs(30)),
            (" 250 MS ", Duration::from_millis(250)),
            ("1.", Duration::from_secs(1)),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_duration(text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn bad_values_say_what_is_accepted() {
        for text in [
            "", "s", "abc", "-1", "1h", "1e3", "1.2.3", "inf", "NaN", "2 sec",
        ] {
            let error = parse_duration(text).unwrap_err();
            assert!(error.contains("500ms, 2s, 1m"), "{text}: {error}");
        }
        assert!(parse_duration("0").unwrap_err().contains("at least 1ms"));
        assert!(
            parse_duration("0.1ms")
                .unwrap_err()
                .contains("at least 1ms")
        );
        assert!(
            parse_duration("99999999999999999999999m")
                .unwrap_err()
                .contains("too long")
        );
    }
}
