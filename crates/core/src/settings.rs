//! The user's preferences, kept as key/value rows and read through typed accessors.

use jiff::civil::Time;
use rusqlite::{params, Connection, OptionalExtension};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result, StorageContext};

/// The cool-down a setback gets unless it has its own: a day, long enough for the first
/// sting to pass and short enough that the details are still fresh.
pub const DEFAULT_COOL_DOWN_HOURS: u32 = 24;
/// The longest cool-down accepted, here and per setback: 30 days.
pub const MAX_COOL_DOWN_HOURS: u32 = 30 * 24;

const COOL_DOWN_HOURS: &str = "cool_down_hours";

/// The settings as the UI reads and writes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppSettings {
    /// Hours between a setback and the suggestion to reflect on it, unless the setback has
    /// its own.
    pub cool_down_hours: u32,
    /// When and how to remind. Always present when read. Optional when written, and `None`
    /// (or absent) keeps what is stored: a UI that only knows the cool-down sends
    /// `{coolDownHours}` alone, and that must not quietly reset the user's reminders to the
    /// defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reminders: Option<ReminderSettings>,
}

/// Most daily prompt times.
pub const MAX_DAILY_PROMPTS: usize = 6;
/// Longest goal check-in interval, in days: a season.
pub const MAX_GOAL_CHECK_IN_DAYS: u32 = 90;
/// Longest recovery check-in interval, in days: a month.
pub const MAX_RECOVERY_CHECK_IN_DAYS: u32 = 30;

/// A day of the week, for the daily prompt and the weekly review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    /// All seven, Monday first.
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// The same day as jiff names it.
    pub fn to_jiff(self) -> jiff::civil::Weekday {
        use jiff::civil::Weekday as J;
        match self {
            Weekday::Monday => J::Monday,
            Weekday::Tuesday => J::Tuesday,
            Weekday::Wednesday => J::Wednesday,
            Weekday::Thursday => J::Thursday,
            Weekday::Friday => J::Friday,
            Weekday::Saturday => J::Saturday,
            Weekday::Sunday => J::Sunday,
        }
    }
}

/// The weekly review: a day and a local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WeeklyReview {
    pub day: Weekday,
    /// Local `HH:MM`.
    pub time: String,
}

/// Hours in which no notification is shown: from `start` (included) to `end` (excluded),
/// both local `HH:MM`. When `start` is later than `end` they wrap midnight (22:00–08:00).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QuietHours {
    pub start: String,
    pub end: String,
}

/// When and how Failing Up reminds. See `docs/reminders.md` for the rules.
///
/// Every field has a default, and a payload that leaves fields out gets the defaults for
/// them (`#[serde(default)]`), so that an older UI that does not know a newer field can still
/// save the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ReminderSettings {
    /// Everything below applies only while this is on.
    pub enabled: bool,
    /// Local `HH:MM` times of the daily check-in prompt, earliest first; empty for none.
    pub daily_prompt_times: Vec<String>,
    /// The days the daily prompt is given, Monday first; empty for none.
    pub daily_prompt_weekdays: Vec<Weekday>,
    /// `None`: no weekly review reminder.
    pub weekly_review: Option<WeeklyReview>,
    /// Remind when a setback's cool-down ends.
    pub ready_to_reflect: bool,
    /// Local `HH:MM` at which a lesson revisit is announced on its due date; `None`: never.
    pub revisit_time: Option<String>,
    /// Remind about an active goal every this many days without a check-in; 0: never.
    pub goal_check_in_every_days: u32,
    /// Ask how far the user has bounced back from an open setback every this many days; 0:
    /// never.
    pub recovery_check_in_every_days: u32,
    /// `None`: reminders may come at any hour.
    pub quiet_hours: Option<QuietHours>,
    /// Notifications never show a setback's title or anything the user wrote (on by
    /// default: a notification can be read over a shoulder or on a locked screen).
    pub discreet: bool,
}

impl Default for ReminderSettings {
    /// On, modestly: one evening prompt a day, a Sunday review, nothing between 22:00 and
    /// 08:00, and discreet.
    fn default() -> Self {
        Self {
            enabled: true,
            daily_prompt_times: vec!["20:00".to_owned()],
            daily_prompt_weekdays: Weekday::ALL.to_vec(),
            weekly_review: Some(WeeklyReview { day: Weekday::Sunday, time: "18:00".to_owned() }),
            ready_to_reflect: true,
            revisit_time: Some("09:00".to_owned()),
            goal_check_in_every_days: 7,
            recovery_check_in_every_days: 3,
            quiet_hours: Some(QuietHours { start: "22:00".to_owned(), end: "08:00".to_owned() }),
            discreet: true,
        }
    }
}

/// The settings of one database.
pub struct Settings<'a> {
    connection: &'a mut Connection,
}

impl<'a> Settings<'a> {
    pub(crate) fn new(connection: &'a mut Connection) -> Self {
        Self { connection }
    }

    /// All settings.
    pub fn get(&self) -> Result<AppSettings> {
        Ok(AppSettings {
            cool_down_hours: cool_down_hours(self.connection)?,
            reminders: Some(reminder_settings(self.connection)?),
        })
    }

    /// Replaces all settings; `reminders: None` keeps the stored reminder settings. Nothing is
    /// written unless everything is valid.
    pub fn update(&mut self, settings: &AppSettings) -> Result<AppSettings> {
        check_cool_down_hours(settings.cool_down_hours)?;
        let reminders = settings.reminders.as_ref().map(check_reminder_settings).transpose()?;
        let transaction = self.connection.transaction().context("start saving the settings")?;
        write(&transaction, COOL_DOWN_HOURS, &settings.cool_down_hours.to_string())?;
        if let Some(reminders) = &reminders {
            write_reminder_settings(&transaction, reminders)?;
        }
        transaction.commit().context("save the settings")?;
        self.get()
    }

    /// The reminder settings.
    pub fn reminders(&self) -> Result<ReminderSettings> {
        reminder_settings(self.connection)
    }

    /// Replaces the reminder settings, answering them as stored (times sorted, days in
    /// order, repeats dropped).
    pub fn set_reminders(&mut self, settings: &ReminderSettings) -> Result<ReminderSettings> {
        let settings = check_reminder_settings(settings)?;
        let transaction = self.connection.transaction().context("start saving the reminder settings")?;
        write_reminder_settings(&transaction, &settings)?;
        transaction.commit().context("save the reminder settings")?;
        reminder_settings(self.connection)
    }

    /// The default cool-down, in hours.
    pub fn cool_down_hours(&self) -> Result<u32> {
        cool_down_hours(self.connection)
    }

    /// Changes the default cool-down. Setbacks without their own cool-down follow it at once,
    /// because their stage is computed when read.
    pub fn set_cool_down_hours(&mut self, hours: u32) -> Result<()> {
        check_cool_down_hours(hours)?;
        write(self.connection, COOL_DOWN_HOURS, &hours.to_string())
    }

    /// True the first time it is asked, false ever after: the first time closing the window
    /// keeps the app running in the tray, the user is told so, once.
    pub fn first_close_to_tray(&mut self) -> Result<bool> {
        let first = read(self.connection, CLOSE_TO_TRAY_EXPLAINED)?.is_none();
        if first {
            write(self.connection, CLOSE_TO_TRAY_EXPLAINED, "true")?;
        }
        Ok(first)
    }

    /// Minutes without activity after which an encrypted journal locks itself, or `None`.
    pub fn auto_lock_minutes(&self) -> Result<Option<u32>> {
        Ok(read(self.connection, AUTO_LOCK_MINUTES)?.and_then(|value| value.parse().ok()))
    }

    /// Sets (or, with `None`, turns off) the auto-lock: 1 minute to a day.
    pub fn set_auto_lock_minutes(&mut self, minutes: Option<u32>) -> Result<()> {
        match minutes {
            Some(minutes) if !(1..=MAX_AUTO_LOCK_MINUTES).contains(&minutes) => Err(CoreError::InvalidInput(format!(
                "Lock after idle must be between 1 and {MAX_AUTO_LOCK_MINUTES} minutes (a day); {minutes} is out of range."
            ))),
            Some(minutes) => write(self.connection, AUTO_LOCK_MINUTES, &minutes.to_string()),
            None => self
                .connection
                .execute("DELETE FROM settings WHERE key = ?1", [AUTO_LOCK_MINUTES])
                .map(drop)
                .context("turn the auto-lock off"),
        }
    }

    /// Whether photos attached or imported keep their GPS location (off unless the user turns
    /// it on: see [`crate::attachments::exif`]).
    pub fn keep_photo_location(&self) -> Result<bool> {
        keep_photo_location(self.connection)
    }

    /// Sets whether photos attached or imported from now on keep their GPS location; photos
    /// already stored stay as they were stored.
    pub fn set_keep_photo_location(&mut self, keep: bool) -> Result<()> {
        write_json(self.connection, KEEP_PHOTO_LOCATION, &keep)
    }

    /// Whether the first-run welcome is still to be shown.
    pub fn welcome_pending(&self) -> Result<bool> {
        Ok(read(self.connection, WELCOME_FINISHED)?.is_none())
    }

    /// Records that the welcome was finished or skipped; it is not shown again.
    pub fn finish_welcome(&mut self) -> Result<()> {
        write(self.connection, WELCOME_FINISHED, "true")
    }
}

/// The longest auto-lock delay, in minutes: a day.
pub const MAX_AUTO_LOCK_MINUTES: u32 = 24 * 60;
const AUTO_LOCK_MINUTES: &str = "security.auto_lock_minutes";
const WELCOME_FINISHED: &str = "welcome_finished";
const KEEP_PHOTO_LOCATION: &str = "privacy.keep_photo_location";

/// Whether photos keep their GPS location. A missing or unreadable value is `false`: the
/// location is removed, the choice that gives nothing away.
pub(crate) fn keep_photo_location(connection: &Connection) -> Result<bool> {
    Ok(read_json(connection, KEEP_PHOTO_LOCATION, Ok)?.unwrap_or(false))
}

/// Set once the user has been told that closing the window keeps reminders running.
const CLOSE_TO_TRAY_EXPLAINED: &str = "close_to_tray_explained";

/// The default cool-down, in hours. A missing or unreadable value (say, edited by hand) falls
/// back to the default rather than making every setback unreadable.
pub(crate) fn cool_down_hours(connection: &Connection) -> Result<u32> {
    let value = read(connection, COOL_DOWN_HOURS)?;
    Ok(value
        .and_then(|text| text.parse::<u32>().ok())
        .filter(|hours| *hours <= MAX_COOL_DOWN_HOURS)
        .unwrap_or(DEFAULT_COOL_DOWN_HOURS))
}

/// Refuses a cool-down longer than [`MAX_COOL_DOWN_HOURS`].
pub(crate) fn check_cool_down_hours(hours: u32) -> Result<()> {
    if hours > MAX_COOL_DOWN_HOURS {
        return Err(CoreError::InvalidInput(format!(
            "A cool-down of {hours} hours is too long; it can be at most {MAX_COOL_DOWN_HOURS} hours (30 days)."
        )));
    }
    Ok(())
}

// Each reminder setting is one row, its value the field's JSON, so that one unreadable value
// (edited by hand, or from a future version) falls back to its own default alone.
const REMINDERS_ENABLED: &str = "reminders.enabled";
const DAILY_PROMPT_TIMES: &str = "reminders.daily_prompt_times";
const DAILY_PROMPT_WEEKDAYS: &str = "reminders.daily_prompt_weekdays";
const WEEKLY_REVIEW: &str = "reminders.weekly_review";
const READY_TO_REFLECT: &str = "reminders.ready_to_reflect";
const REVISIT_TIME: &str = "reminders.revisit_time";
const GOAL_CHECK_IN_EVERY_DAYS: &str = "reminders.goal_check_in_every_days";
const RECOVERY_CHECK_IN_EVERY_DAYS: &str = "reminders.recovery_check_in_every_days";
const QUIET_HOURS: &str = "reminders.quiet_hours";
const DISCREET: &str = "reminders.discreet";

/// The reminder settings. Each missing or unreadable value falls back to its default, as
/// for the cool-down.
pub(crate) fn reminder_settings(connection: &Connection) -> Result<ReminderSettings> {
    let defaults = ReminderSettings::default();
    Ok(ReminderSettings {
        enabled: read_json(connection, REMINDERS_ENABLED, Ok)?.unwrap_or(defaults.enabled),
        daily_prompt_times: read_json(connection, DAILY_PROMPT_TIMES, |times: Vec<String>| check_daily_times(&times))?
            .unwrap_or(defaults.daily_prompt_times),
        daily_prompt_weekdays: read_json(connection, DAILY_PROMPT_WEEKDAYS, |days: Vec<Weekday>| {
            Ok(sorted_days(&days))
        })?
        .unwrap_or(defaults.daily_prompt_weekdays),
        weekly_review: read_json(connection, WEEKLY_REVIEW, |review: Option<WeeklyReview>| {
            review.map(|review| check_weekly_review(&review)).transpose()
        })?
        .unwrap_or(defaults.weekly_review),
        ready_to_reflect: read_json(connection, READY_TO_REFLECT, Ok)?.unwrap_or(defaults.ready_to_reflect),
        revisit_time: read_json(connection, REVISIT_TIME, |time: Option<String>| {
            time.map(|time| check_time("The revisit time", &time)).transpose()
        })?
        .unwrap_or(defaults.revisit_time),
        goal_check_in_every_days: read_json(connection, GOAL_CHECK_IN_EVERY_DAYS, check_goal_days)?
            .unwrap_or(defaults.goal_check_in_every_days),
        recovery_check_in_every_days: read_json(connection, RECOVERY_CHECK_IN_EVERY_DAYS, check_recovery_days)?
            .unwrap_or(defaults.recovery_check_in_every_days),
        quiet_hours: read_json(connection, QUIET_HOURS, |quiet: Option<QuietHours>| {
            quiet.map(|quiet| check_quiet_hours(&quiet)).transpose()
        })?
        .unwrap_or(defaults.quiet_hours),
        discreet: read_json(connection, DISCREET, Ok)?.unwrap_or(defaults.discreet),
    })
}

/// Checks every reminder setting and answers them normalised: times as `HH:MM`, sorted and
/// without repeats, days in week order without repeats.
pub(crate) fn check_reminder_settings(settings: &ReminderSettings) -> Result<ReminderSettings> {
    Ok(ReminderSettings {
        enabled: settings.enabled,
        daily_prompt_times: check_daily_times(&settings.daily_prompt_times)?,
        daily_prompt_weekdays: sorted_days(&settings.daily_prompt_weekdays),
        weekly_review: settings.weekly_review.as_ref().map(check_weekly_review).transpose()?,
        ready_to_reflect: settings.ready_to_reflect,
        revisit_time: settings.revisit_time.as_deref().map(|time| check_time("The revisit time", time)).transpose()?,
        goal_check_in_every_days: check_goal_days(settings.goal_check_in_every_days)?,
        recovery_check_in_every_days: check_recovery_days(settings.recovery_check_in_every_days)?,
        quiet_hours: settings.quiet_hours.as_ref().map(check_quiet_hours).transpose()?,
        discreet: settings.discreet,
    })
}

fn write_reminder_settings(connection: &Connection, settings: &ReminderSettings) -> Result<()> {
    write_json(connection, REMINDERS_ENABLED, &settings.enabled)?;
    write_json(connection, DAILY_PROMPT_TIMES, &settings.daily_prompt_times)?;
    write_json(connection, DAILY_PROMPT_WEEKDAYS, &settings.daily_prompt_weekdays)?;
    write_json(connection, WEEKLY_REVIEW, &settings.weekly_review)?;
    write_json(connection, READY_TO_REFLECT, &settings.ready_to_reflect)?;
    write_json(connection, REVISIT_TIME, &settings.revisit_time)?;
    write_json(connection, GOAL_CHECK_IN_EVERY_DAYS, &settings.goal_check_in_every_days)?;
    write_json(connection, RECOVERY_CHECK_IN_EVERY_DAYS, &settings.recovery_check_in_every_days)?;
    write_json(connection, QUIET_HOURS, &settings.quiet_hours)?;
    write_json(connection, DISCREET, &settings.discreet)
}

/// Parses a local time of day, `HH:MM`, naming the problem for the user otherwise. `what`
/// names the field, e.g. "The revisit time".
pub(crate) fn parse_time(what: &str, text: &str) -> Result<Time> {
    let trimmed = text.trim();
    let invalid =
        || CoreError::InvalidInput(format!("{what} “{trimmed}” is not a time of day (expected HH:MM, such as 08:30)."));
    let (hour, minute) = trimmed.split_once(':').ok_or_else(invalid)?;
    if hour.len() != 2 || minute.len() != 2 {
        return Err(invalid());
    }
    let hour: i8 = hour.parse().map_err(|_| invalid())?;
    let minute: i8 = minute.parse().map_err(|_| invalid())?;
    Time::new(hour, minute, 0, 0).map_err(|_| invalid())
}

fn check_time(what: &str, text: &str) -> Result<String> {
    let time = parse_time(what, text)?;
    Ok(format!("{:02}:{:02}", time.hour(), time.minute()))
}

fn check_daily_times(times: &[String]) -> Result<Vec<String>> {
    let mut checked = times.iter().map(|time| check_time("A daily prompt time", time)).collect::<Result<Vec<_>>>()?;
    // `HH:MM` sorts as text in time order.
    checked.sort();
    checked.dedup();
    if checked.len() > MAX_DAILY_PROMPTS {
        return Err(CoreError::InvalidInput(format!(
            "Up to {MAX_DAILY_PROMPTS} daily prompts can be set, not {}.",
            checked.len()
        )));
    }
    Ok(checked)
}

fn sorted_days(days: &[Weekday]) -> Vec<Weekday> {
    let mut days = days.to_vec();
    days.sort();
    days.dedup();
    days
}

fn check_weekly_review(review: &WeeklyReview) -> Result<WeeklyReview> {
    Ok(WeeklyReview { day: review.day, time: check_time("The weekly review time", &review.time)? })
}

fn check_goal_days(days: u32) -> Result<u32> {
    if days > MAX_GOAL_CHECK_IN_DAYS {
        return Err(CoreError::InvalidInput(format!(
            "Goal check-in reminders can be at most {MAX_GOAL_CHECK_IN_DAYS} days apart, not {days} (0 turns them off)."
        )));
    }
    Ok(days)
}

fn check_recovery_days(days: u32) -> Result<u32> {
    if days > MAX_RECOVERY_CHECK_IN_DAYS {
        return Err(CoreError::InvalidInput(format!(
            "Recovery check-in reminders can be at most {MAX_RECOVERY_CHECK_IN_DAYS} days apart, not {days} (0 turns \
             them off)."
        )));
    }
    Ok(days)
}

fn check_quiet_hours(quiet: &QuietHours) -> Result<QuietHours> {
    let start = check_time("The start of quiet hours", &quiet.start)?;
    let end = check_time("The end of quiet hours", &quiet.end)?;
    if start == end {
        return Err(CoreError::InvalidInput(format!(
            "Quiet hours from {start} to {end} would be either no time or all day; choose two different times, or \
             turn quiet hours off."
        )));
    }
    Ok(QuietHours { start, end })
}

/// Reads the JSON value under `key` and passes it through `check`; a missing, unreadable or
/// refused value is `None`.
fn read_json<T: DeserializeOwned, U>(
    connection: &Connection,
    key: &str,
    check: impl FnOnce(T) -> Result<U>,
) -> Result<Option<U>> {
    Ok(read(connection, key)?
        .and_then(|text| serde_json::from_str::<T>(&text).ok())
        .and_then(|value| check(value).ok()))
}

fn write_json<T: Serialize>(connection: &Connection, key: &str, value: &T) -> Result<()> {
    // Serialising these plain values cannot fail; "null" would read back as the default.
    let text = serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned());
    write(connection, key, &text)
}

fn read(connection: &Connection, key: &str) -> Result<Option<String>> {
    connection
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| row.get(0))
        .optional()
        .context("read the settings")
}

fn write(connection: &Connection, key: &str, value: &str) -> Result<()> {
    connection
        .execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )
        .context("save the settings")?;
    Ok(())
}
