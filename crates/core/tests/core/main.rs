//! failup-core's integration tests: one binary, one module per area, on real SQLite files.

mod attachments;
mod brief;
mod checkins;
mod crash;
mod goals;
mod journal;
mod lessons;
mod metrics;
mod migrations;
mod people;
mod privacy;
mod reflections;
mod reminders;
mod resume;
mod sample;
mod search;
mod session;
mod setbacks;
mod storage;
mod sync;
mod templates;
mod thumbnails;
mod today;
mod transfer_failup;
mod transfer_foreign;
mod trends;

use std::sync::Arc;

use failup_core::{Database, FixedClock};
use jiff::Timestamp;

/// 2026-03-14 09:30 in Berlin (08:30 UTC).
pub const NOW: &str = "2026-03-14T08:30:00Z";

pub fn fixed_clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(NOW.parse::<Timestamp>().unwrap(), "Europe/Berlin"))
}

/// A fresh journal in its own temporary folder; keep the folder alive as long as the database.
pub fn open_temp() -> (tempfile::TempDir, Database) {
    let dir = tempfile::tempdir().unwrap();
    let database = Database::open_in_dir(&dir.path().join("data"), fixed_clock()).unwrap();
    (dir, database)
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}
