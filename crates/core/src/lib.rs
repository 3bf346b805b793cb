//! `failup-core`: Failing Up's domain, storage, migrations, analytics and scheduling.
//!
//! Nothing here knows about Tauri. The desktop shell (the `failup` crate) opens a [`Session`]
//! on the data folder, takes the user's requests over IPC and hands them to this crate;
//! anything a user can observe about their data is decided here, and tested here.

pub mod areas;
pub mod attachments;
pub mod backup;
pub mod brief;
pub mod checkins;
pub mod clock;
pub mod db;
pub mod error;
mod fields;
pub mod folder;
pub mod goals;
pub mod journal;
pub mod lessons;
mod local_time;
pub mod markdown;
pub mod metrics;
pub mod people;
mod private_files;
pub mod reflections;
pub mod reminders;
pub mod resume;
pub mod sample;
pub mod search;
pub mod session;
pub mod setbacks;
pub mod settings;
pub mod sync;
pub mod templates;
pub mod today;
pub mod transfer;
pub mod trends;
pub mod vault;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use areas::{Area, Areas};
pub use backup::{BackupInfo, BackupReason};
pub use checkins::{BrsResult, BrsStatus, CheckInDraft, CheckIns, DailyCheckIn, RecoveryCheckIn};
pub use clock::{Clock, FixedClock, ShiftedClock, SystemClock};
pub use db::Database;
pub use error::{AppError, CoreError, ErrorCode, Result};
pub use folder::{JournalFolder, JournalState, JournalStatus, SecurityStatus};
pub use goals::{CheckIn, Goal, GoalDraft, GoalKind, GoalStatus, GoalSummary, Goals};
pub use jiff::Timestamp;
pub use journal::{Entries, Entry, EntryDraft, EntryPage, EntrySummary, EntryText};
pub use lessons::{
    Lesson, LessonDraft, LessonRevision, LessonStatus, LessonSummary, LessonWording, Lessons, Revisit, RevisitAnswer,
    RoadmapArea, StatusAfterAnswers,
};
pub use metrics::QuarterMedian;
pub use people::{
    Conversation, ConversationDraft, Conversations, People, Person, PersonDraft, SupportKind, SupportRole,
};
pub use reflections::{AnswerDraft, FeelingShift, Reflection, ReflectionAnswer, Reflections};
pub use reminders::{
    due_between, next_due, notification_text, CatchUp, MissedReminder, Notification, PauseLength, Reminder,
    ReminderKind, ReminderStatus, Reminders, ScheduleInputs,
};
pub use search::{SearchHit, SearchKind, SearchQuery};
pub use session::{JournalKind, Session};
pub use setbacks::{Control, Feeling, Setback, SetbackDraft, SetbackPage, SetbackSummary, Setbacks, Stage, StageFacts};
pub use settings::{AppSettings, QuietHours, ReminderSettings, Settings, Weekday, WeeklyReview};
pub use templates::{Prompt, PromptKind, Template, TemplateDraft, Templates};
pub use today::{DueRevisit, Today};
pub use trends::{
    AreaChart, AreaCount, BounceBackChart, BounceCurve, BrsChart, BrsPoint, CalendarChart, DayCount, FunnelChart,
    Metrics, MoodChart, RecoveryChart, RecoveryPoint, SetbackMarker, TrendRange, TrendsReport,
};

/// What the UI shows about the running app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    /// The folder that holds the journal.
    pub data_dir: String,
    /// The IANA time zone new entries get by default.
    pub time_zone: String,
    /// The web view's rendering path on this machine and why, e.g. "software, DMA-BUF off".
    pub rendering: String,
}

/// Everything the window needs to draw its first screen, in one round trip: what state the
/// journal is in, which journal is open, the app's facts, whether the welcome is due, and the
/// journal's first page when it is open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StartState {
    pub status: JournalStatus,
    pub kind: JournalKind,
    pub info: AppInfo,
    /// The first-run welcome is still to be shown (never over a locked or damaged journal).
    pub welcome_pending: bool,
    /// The newest entries, when the journal is open and they could be read; otherwise the
    /// journal view reads them itself and says what went wrong.
    pub first_entries: Option<EntryPage>,
}
