//! Where "now" comes from.
//!
//! Core never asks the operating system for the time: it asks an injected [`Clock`]. The app
//! passes [`SystemClock`]; tests pass a [`FixedClock`], so that anything that depends on the
//! time (default entry dates today, cool-downs, reminders and trends later) is a pure,
//! repeatable function of its inputs.

use std::sync::Mutex;

use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

/// A source of the current instant and of the user's time zone.
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> Timestamp;

    /// The time zone in which the user lives right now.
    fn time_zone(&self) -> TimeZone;

    /// The current instant in the user's time zone.
    fn now_zoned(&self) -> Zoned {
        self.now().to_zoned(self.time_zone())
    }
}

/// The operating system's clock and time zone.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    // This is the one place allowed to read the wall clock (see clippy.toml).
    #[allow(clippy::disallowed_methods)]
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }

    fn time_zone(&self) -> TimeZone {
        TimeZone::system()
    }
}

/// A clock that says what it is told, for tests.
#[derive(Debug)]
pub struct FixedClock {
    now: Mutex<Timestamp>,
    time_zone: TimeZone,
}

impl FixedClock {
    /// A clock stopped at `now` in the time zone named `time_zone` (an IANA name).
    ///
    /// # Panics
    /// If `time_zone` is not a known IANA name; fixed clocks are built by tests, where a typo
    /// should fail loudly.
    pub fn new(now: Timestamp, time_zone: &str) -> Self {
        let time_zone =
            TimeZone::get(time_zone).unwrap_or_else(|error| panic!("unknown time zone {time_zone:?}: {error}"));
        Self { now: Mutex::new(now), time_zone }
    }

    /// Moves the clock to `now`.
    pub fn set(&self, now: Timestamp) {
        *self.now.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = now;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        *self.now.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn time_zone(&self) -> TimeZone {
        self.time_zone.clone()
    }
}

/// The IANA name of a time zone, or "UTC" for a zone that has none (a bare offset or a
/// system zone that could not be named). Entries store the name so that they keep their
/// meaning on another machine.
pub fn time_zone_name(time_zone: &TimeZone) -> String {
    time_zone.iana_name().unwrap_or("UTC").to_owned()
}

/// The system clock moved by an adjustable offset.
///
/// Debug builds of the app use it so that end-to-end tests can step over a cool-down or a
/// revisit date in the real window; release builds never move it (the command that does is
/// not compiled into them).
#[derive(Debug, Default)]
pub struct ShiftedClock {
    offset_seconds: std::sync::atomic::AtomicI64,
}

impl ShiftedClock {
    /// Moves the clock `seconds` further (or back, if negative), returning the new offset.
    pub fn shift_by(&self, seconds: i64) -> i64 {
        use std::sync::atomic::Ordering;
        self.offset_seconds.fetch_add(seconds, Ordering::SeqCst) + seconds
    }
}

impl Clock for ShiftedClock {
    fn now(&self) -> Timestamp {
        let offset = jiff::SignedDuration::from_secs(self.offset_seconds.load(std::sync::atomic::Ordering::SeqCst));
        let now = SystemClock.now();
        now.checked_add(offset).unwrap_or(now)
    }

    fn time_zone(&self) -> TimeZone {
        SystemClock.time_zone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shifted_clock_runs_ahead_of_the_system_clock_by_its_offset() {
        let clock = ShiftedClock::default();
        let before = SystemClock.now();
        assert_eq!(clock.shift_by(25 * 3600), 25 * 3600);
        let ahead = clock.now().duration_since(before).as_secs();
        assert!(
            (25 * 3600..25 * 3600 + 60).contains(&ahead),
            "25 hours ahead, give or take the test's run time: {ahead}"
        );
        assert_eq!(clock.shift_by(-3600), 24 * 3600, "shifts add up");
    }
}
