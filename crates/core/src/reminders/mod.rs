//! Reminders: which are due, delivering each at most once, catching up after the app was
//! closed, and what a notification says.
//!
//! Three layers, so that each rule is tested where it lives:
//! - [`schedule`]: pure functions of [`ScheduleInputs`] (the settings and the facts of the
//!   user's records) and a time zone: [`due_between`] and [`next_due`];
//! - [`Reminders`] (`db.reminders()`): the delivery ledger in SQLite, which looks at the
//!   schedule window by window and records what became of every reminder, so that none is
//!   shown twice, whatever the clock does (suspend, resume, the clock set back);
//! - [`text`]: the words of a notification, discreet by default.
//!
//! The shell owns the rest: a background task that wakes at [`next_due`] or every minute,
//! shows notifications, the tray, autostart and the single instance. The rules are written
//! out in `docs/reminders.md`.

mod ledger;
pub mod schedule;
pub mod text;

use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use ledger::{Notification, Reminders};
pub use schedule::{
    due_between, is_paused, local_instant, next_due, pause_end, PauseLength, BOUNCED_BACK_SCORE, LATE_AFTER,
    RECOVERY_REMINDERS_FOR_DAYS,
};
pub use text::{catch_up_text, notification_text};

use crate::fields::text_enum;
use crate::setbacks::StageFacts;
use crate::settings::ReminderSettings;

/// What a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    /// The daily journal and check-in prompt, at the user's times and days.
    DailyPrompt,
    /// A setback's cool-down has ended (subject: the setback).
    ReadyToReflect,
    /// A lesson has a revisit due today (subject: the lesson).
    LessonRevisit,
    /// An active goal has gone without a check-in (subject: the goal).
    GoalCheckIn,
    /// The weekly review, on the user's day and time.
    WeeklyReview,
    /// "How far have you bounced back?" for an open setback (subject: the setback).
    RecoveryCheckIn,
}

text_enum!(ReminderKind {
    DailyPrompt => "daily_prompt",
    ReadyToReflect => "ready_to_reflect",
    LessonRevisit => "lesson_revisit",
    GoalCheckIn => "goal_check_in",
    WeeklyReview => "weekly_review",
    RecoveryCheckIn => "recovery_check_in",
});

/// One reminder: something to tell the user at one instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reminder {
    pub kind: ReminderKind,
    /// The setback, lesson or goal it is about; `None` for the daily prompt and the weekly
    /// review.
    pub subject_id: Option<i64>,
    /// RFC 3339, UTC: the instant it is for (a cool-down's end, 20:00 on a day), before quiet
    /// hours.
    #[serde(with = "rfc3339")]
    pub occurs_at: Timestamp,
    /// RFC 3339, UTC: when it is to be shown: `occurs_at`, or the end of the quiet hours it
    /// falls in.
    #[serde(with = "rfc3339")]
    pub due_at: Timestamp,
    /// Its stable identity: kind, subject and `occurs_at`, e.g.
    /// `ready_to_reflect:12:2026-03-15T08:00:00Z`. The same reminder always has the same key
    /// (changing the quiet hours does not change it), which is what the ledger keeps unique.
    pub key: String,
}

impl Reminder {
    pub(crate) fn new(kind: ReminderKind, subject_id: Option<i64>, occurs_at: Timestamp, due_at: Timestamp) -> Self {
        let subject = subject_id.map_or_else(|| "-".to_owned(), |id| id.to_string());
        let key = format!("{}:{subject}:{occurs_at}", kind.as_str());
        Self { kind, subject_id, occurs_at, due_at, key }
    }
}

/// A reminder that fell due while the app was closed, as the Today view lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MissedReminder {
    pub kind: ReminderKind,
    /// RFC 3339, UTC.
    pub due_at: String,
    /// The notification's title, worded as discreetly as the settings ask.
    pub title: String,
}

/// What [`Reminders::catch_up`] found when the app started.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CatchUp {
    /// Due, less than 12 hours late and not yet shown: show them (several as one summary,
    /// see [`catch_up_text`]), claiming each with [`Reminders::mark_delivered`] first.
    pub fire: Vec<Reminder>,
    /// Newly recorded as missed by this call (12 hours late or more, or due while paused):
    /// never shown, listed in Today ([`Reminders::missed`]).
    pub missed: Vec<Reminder>,
}

/// Where reminders stand, for the settings and the tray.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReminderStatus {
    pub enabled: bool,
    /// RFC 3339, UTC; `None` unless paused now.
    pub paused_until: Option<String>,
    /// RFC 3339, UTC: when the next reminder is to be shown, if any in the next three years.
    pub next_due_at: Option<String>,
    /// Missed reminders not yet dismissed.
    pub missed: u32,
}

/// Everything the schedule depends on, as plain data: the settings and the facts of the
/// user's records, so that the schedule is a pure function testable without SQL.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScheduleInputs {
    pub settings: ReminderSettings,
    /// Reminders due before this instant are not shown.
    pub paused_until: Option<Timestamp>,
    /// Setbacks not marked recovered (recovered ones are ignored anyway).
    pub setbacks: Vec<SetbackFacts>,
    /// Unanswered lesson revisits.
    pub revisits: Vec<RevisitFacts>,
    /// Active goals.
    pub goals: Vec<GoalFacts>,
}

/// What the reminders about one setback depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetbackFacts {
    pub id: i64,
    /// The same facts its stage is computed from: the ready-to-reflect reminder is for
    /// setbacks that are (or will be, when the cool-down ends) ready to reflect.
    pub facts: StageFacts,
    /// The instant of its latest recovery check-in; the next one is asked for counting from
    /// there.
    pub last_recovery_check_in: Option<Timestamp>,
    /// A recovery check-in of [`BOUNCED_BACK_SCORE`] or more was given: no more recovery
    /// reminders.
    pub bounced_back: bool,
}

/// An unanswered revisit of a lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RevisitFacts {
    pub lesson_id: i64,
    /// The local date it is due, read in the user's current zone (as Today reads it).
    pub due_on: Date,
}

/// An active goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoalFacts {
    pub id: i64,
    /// Its latest check-in, or when it was set if it has none.
    pub since: Timestamp,
}

/// Instants as RFC 3339 text, the form every DTO carries them in.
mod rfc3339 {
    use jiff::Timestamp;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(at: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(at)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        String::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
    }
}
