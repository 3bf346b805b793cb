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
