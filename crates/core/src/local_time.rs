//! Local dates and times as the user writes them, shared by every record that has one.
//!
//! A record keeps the local date and time the writer saw, their IANA time zone, and the UTC
//! instant those two name. The local text is what the user reads back; the instant is what
//! ordering and elapsed-time rules (such as the cool-down) use.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::Timestamp;

use crate::clock::{time_zone_name, Clock};
use crate::error::{CoreError, Result};

/// A local date and time resolved in its time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ResolvedLocal {
    /// `YYYY-MM-DD`.
    pub local_date: String,
    /// `HH:MM`.
    pub local_time: String,
    /// IANA name.
    pub time_zone: String,
    /// Unix milliseconds (UTC).
    pub instant: i64,
}

/// Resolves what the user gave: `local` (`YYYY-MM-DDTHH:MM`, `None` for now) in `time_zone`
/// (an IANA name, `None` for the user's current zone).
pub(crate) fn resolve(local: Option<&str>, time_zone: Option<&str>, clock: &dyn Clock) -> Result<ResolvedLocal> {
    let time_zone = match time_zone {
        None => clock.time_zone(),
        Some(name) => parse_time_zone(name)?,
    };
    let local = match local {
        None => clock.now().to_zoned(time_zone.clone()).datetime(),
        Some(text) => parse_local_date_time(text)?,
    };
    let instant = local
        .to_zoned(time_zone.clone())
        .map_err(|error| {
            CoreError::InvalidInput(format!("The date and time {local} cannot be placed in that time zone: {error}."))
        })?
        .timestamp()
        .as_millisecond();
    Ok(ResolvedLocal {
        local_date: local.date().to_string(),
        local_time: format!("{:02}:{:02}", local.hour(), local.minute()),
        time_zone: time_zone_name(&time_zone),
        instant,
    })
}

/// Looks up an IANA time zone by name, naming the problem for the user when it is unknown.
pub(crate) fn parse_time_zone(name: &str) -> Result<TimeZone> {
    TimeZone::get(name).map_err(|_| {
        CoreError::InvalidInput(format!("“{name}” is not a known time zone (expected a name such as Europe/Berlin)."))
    })
}

/// Accepts `YYYY-MM-DDTHH:MM` (or with seconds, or a space instead of `T`) and names what is
/// wrong otherwise, e.g. a 30th of February.
pub(crate) fn parse_local_date_time(text: &str) -> Result<DateTime> {
    let trimmed = text.trim();
    let parsed: DateTime = trimmed.replacen(' ', "T", 1).parse().map_err(|error| {
        CoreError::InvalidInput(format!(
            "“{trimmed}” is not a real date and time (expected YYYY-MM-DDTHH:MM): {error}."
        ))
    })?;
    check_year(parsed.year())?;
    // Records are kept to the minute.
    Ok(parsed.with().second(0).subsec_nanosecond(0).build().unwrap_or(parsed))
}

/// Accepts `YYYY-MM-DD` and names what is wrong otherwise, e.g. a 30th of February.
pub(crate) fn parse_local_date(text: &str) -> Result<Date> {
    let trimmed = text.trim();
    let date: Date = trimmed.parse().map_err(|error| {
        CoreError::InvalidInput(format!("“{trimmed}” is not a calendar date (expected YYYY-MM-DD): {error}."))
    })?;
    check_year(date.year())?;
    Ok(date)
}

fn check_year(year: i16) -> Result<()> {
    if !(1..=9999).contains(&year) {
        return Err(CoreError::InvalidInput(format!(
            "The year {year} is outside the years Failing Up can record (1 to 9999)."
        )));
    }
    Ok(())
}

/// Today's date in the user's current time zone.
pub(crate) fn today(clock: &dyn Clock) -> Date {
    clock.now_zoned().date()
}

/// Unix milliseconds as RFC 3339 in UTC, the form every DTO carries instants in.
pub(crate) fn rfc3339(milliseconds: i64) -> String {
    Timestamp::from_millisecond(milliseconds).map(|t| t.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_date_time_names_impossible_dates() {
        let error = parse_local_date_time("2023-02-30T10:00").unwrap_err().to_string();
        assert!(error.contains("2023-02-30T10:00"), "the message quotes what was wrong: {error}");
        assert!(parse_local_date_time("2024-02-29T10:00").is_ok(), "leap days are real");
        assert!(parse_local_date_time("0000-01-01T00:00").is_err(), "year 0 is refused");
        assert_eq!(parse_local_date_time("2024-05-01 08:15:42").unwrap().to_string(), "2024-05-01T08:15:00");
    }

    #[test]
    fn local_dates_name_impossible_dates() {
        let error = parse_local_date("2026-02-30").unwrap_err().to_string();
        assert!(error.contains("2026-02-30"), "the message quotes what was wrong: {error}");
        assert_eq!(parse_local_date(" 2026-04-01 ").unwrap().to_string(), "2026-04-01");
    }
}
