//! `failup-core`: Failing Up's domain, storage, migrations, analytics and scheduling.
//!
//! Nothing here knows about Tauri. The desktop shell (the `failup` crate) opens a
//! [`Database`], takes the user's requests over IPC and hands them to this crate; anything a
//! user can observe about their data is decided here, and tested here.

pub mod clock;
pub mod db;
pub mod error;
pub mod journal;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use clock::{Clock, FixedClock, SystemClock};
pub use db::Database;
pub use error::{AppError, CoreError, ErrorCode, Result};
pub use jiff::Timestamp;
pub use journal::{Entries, Entry, EntryDraft, EntryPage, EntrySummary};

/// What the UI shows about the running app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    /// The folder that holds the journal.
    pub data_dir: String,
    /// The IANA time zone new entries get by default.
    pub time_zone: String,
}
