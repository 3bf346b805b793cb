//! The delivery ledger: looks at the schedule window by window and records what became of
//! every reminder that fell due, in SQLite, so that each is shown at most once.

use jiff::Timestamp;
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::schedule::{self, LATE_AFTER};
use super::{
    catch_up_text, notification_text, CatchUp, GoalFacts, MissedReminder, PauseLength, Reminder, ReminderKind,
    ReminderStatus, RevisitFacts, ScheduleInputs, SetbackFacts,
};
use crate::clock::Clock;
use crate::error::{CoreError, Result, StorageContext};
use crate::local_time;
use crate::setbacks::StageFacts;
use crate::settings;

/// The reminders of one database.
pub struct Reminders<'a> {
    connection: &'a mut Connection,
    clock: &'a dyn Clock,
    /// The database's count of rows changed by the ledger's own bookkeeping (see
    /// [`crate::Database::changes`]).
    bookkeeping: &'a mut u64,
}

impl<'a> Reminders<'a> {
    pub(crate) fn new(connection: &'a mut Connection, clock: &'a dyn Clock, bookkeeping: &'a mut u64) -> Self {
        Self { connection, clock, bookkeeping }
    }

    /// Runs one of the ledger's own writes (recording a look or a claim), counting the rows it
    /// changes, committed or not, as bookkeeping: they never change what is due, and counting
    /// them as changes would wake the reminder thread after each of its own looks, for ever.
    /// Not nested, so that no row is counted twice.
    fn as_bookkeeping<T>(&mut self, write: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let before = self.connection.total_changes();
        let result = write(self);
        *self.bookkeeping += self.connection.total_changes() - before;
        result
    }

    /// Everything the schedule depends on, read now.
    pub fn inputs(&self) -> Result<ScheduleInputs> {
        inputs(self.connection)
    }

    /// The reminders to show at `now` (the clock's current instant, read once by the caller
    /// for the whole tick): those due since the last look, in `(last look, now]`, less than
    /// 12 hours late, not paused and not yet shown, and any offered before but not yet
    /// claimed. Claim each with [`Reminders::mark_delivered`] *before* showing it.
    ///
    /// Call it every minute, even while reminders are off (windows then pass with nothing
    /// due), so that turning them on does not bring back what fell due meanwhile. The same
    /// as [`Reminders::catch_up`], without the missed list.
    pub fn due_now(&mut self, now: Timestamp) -> Result<Vec<Reminder>> {
        Ok(self.catch_up(now)?.fire)
    }

    /// At start: what fell due while the app was closed. Less than 12 hours late: in `fire`,
    /// to show once (several as one summary); older, or due while paused: recorded as
    /// missed, returned in `missed`, never shown. A second call finds nothing new.
    ///
    /// One transaction: the window is looked at, what it holds recorded, and the last look
    /// moved to `now` together. When the clock has gone back, `now` is earlier than the last
    /// look; reminders already shown keep their record (so they are not shown again when the
    /// clock passes them a second time), while those recorded as pending or missed after
    /// `now` are forgotten, since they cannot have been missed yet.
    pub fn catch_up(&mut self, now: Timestamp) -> Result<CatchUp> {
        self.as_bookkeeping(|reminders| reminders.look(now))
    }

    fn look(&mut self, now: Timestamp) -> Result<CatchUp> {
        let tz = self.clock.time_zone();
        let transaction = self.connection.transaction().context("start looking for reminders")?;
        let inputs = inputs(&transaction)?;
        let checked_until: Option<i64> = transaction
            .query_row("SELECT checked_until FROM reminder_state WHERE id = 1", [], |row| row.get(0))
            .context("read the reminders' state")?;
        let mut result = CatchUp::default();

        if let Some(checked_until) = checked_until.map(instant) {
            if now < checked_until {
                transaction
                    .execute(
                        "DELETE FROM reminder_deliveries WHERE state IN ('pending', 'missed') AND due_at > ?1",
                        [now.as_millisecond()],
                    )
                    .context("forget reminders the clock has not reached")?;
            }
            // Offered before and not claimed: offered again while still in time.
            for reminder in pending(&transaction, now)? {
                match why_missed(&inputs, &reminder, now) {
                    Some(because) => {
                        set_missed(&transaction, &reminder.key, because)?;
                        result.missed.push(reminder);
                    }
                    None => result.fire.push(reminder),
                }
            }
            let mut exists = transaction
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM reminder_deliveries WHERE key = ?1)")
                .context("read the reminders' record")?;
            for reminder in schedule::due_between(&inputs, checked_until, now, &tz) {
                if exists.query_row([&reminder.key], |row| row.get(0)).context("read the reminders' record")? {
                    continue;
                }
                let because = why_missed(&inputs, &reminder, now);
                insert(&transaction, &reminder, because)?;
                match because {
                    Some(_) => result.missed.push(reminder),
                    None => result.fire.push(reminder),
                }
            }
        }
        transaction
            .execute("UPDATE reminder_state SET checked_until = ?1 WHERE id = 1", [now.as_millisecond()])
            .context("record the look for reminders")?;
        transaction.commit().context("record the reminders")?;
        result.fire.sort_by(|a, b| a.due_at.cmp(&b.due_at).then_with(|| a.key.cmp(&b.key)));
        Ok(result)
    }

    /// Claims reminder `key` as shown at `at`. True when this call claimed it; false when it
    /// was already shown or recorded as missed, and then it must not be shown. Claim first,
    /// then show: if showing fails the reminder is lost (it is still in Today), but it can
    /// never be shown twice.
    pub fn mark_delivered(&mut self, key: &str, at: Timestamp) -> Result<bool> {
        self.as_bookkeeping(|reminders| reminders.claim(key, at))
    }

    fn claim(&mut self, key: &str, at: Timestamp) -> Result<bool> {
        let transaction = self.connection.transaction().context("start recording the reminder")?;
        let claimed = transaction
            .execute(
                "UPDATE reminder_deliveries SET state = 'delivered', delivered_at = ?2
                 WHERE key = ?1 AND state = 'pending'",
                params![key, at.as_millisecond()],
            )
            .context("record the reminder")?;
        if claimed == 0 {
            let known: bool = transaction
                .query_row("SELECT EXISTS (SELECT 1 FROM reminder_deliveries WHERE key = ?1)", [key], |row| row.get(0))
                .context("read the reminders' record")?;
            if !known {
                return Err(CoreError::NotFound { what: format!("Reminder {key}") });
            }
        }
        transaction.commit().context("record the reminder")?;
        Ok(claimed == 1)
    }

    /// Missed reminders not yet dismissed, the latest first, for the Today view.
    pub fn missed(&self) -> Result<Vec<Reminder>> {
        let mut statement = self
            .connection
            .prepare_cached(&format!(
                "{REMINDER_SELECT} WHERE state = 'missed' AND dismissed_at IS NULL ORDER BY due_at DESC, key"
            ))
            .context("list the missed reminders")?;
        let rows = statement.query_map([], reminder_from_row).context("list the missed reminders")?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context("list the missed reminders")
    }

    /// Clears the missed list (the record is kept, so nothing comes back).
    pub fn dismiss_missed(&mut self) -> Result<()> {
        let now = self.clock.now().as_millisecond();
        self.connection
            .execute(
                "UPDATE reminder_deliveries SET dismissed_at = ?1 WHERE state = 'missed' AND dismissed_at IS NULL",
                [now],
            )
            .context("dismiss the missed reminders")?;
        Ok(())
    }

    /// Pauses reminders for `length` from now; answers when the pause ends. Reminders due
    /// meanwhile are recorded as missed, not shown later (see `docs/reminders.md`).
    pub fn pause(&mut self, length: PauseLength) -> Result<Timestamp> {
        let until = schedule::pause_end(length, self.clock.now(), &self.clock.time_zone());
        self.connection
            .execute("UPDATE reminder_state SET paused_until = ?1 WHERE id = 1", [until.as_millisecond()])
            .context("pause the reminders")?;
        Ok(until)
    }

    /// Ends a pause now.
    pub fn resume(&mut self) -> Result<()> {
        self.connection
            .execute("UPDATE reminder_state SET paused_until = NULL WHERE id = 1", [])
            .context("resume the reminders")?;
        Ok(())
    }

    /// When the next reminder after `after` is to be shown (see [`schedule::next_due`]).
    pub fn next_due(&self, after: Timestamp) -> Result<Option<Timestamp>> {
        Ok(schedule::next_due(&inputs(self.connection)?, after, &self.clock.time_zone()))
    }

    /// Where reminders stand now.
    pub fn status(&self) -> Result<ReminderStatus> {
        let now = self.clock.now();
        let inputs = inputs(self.connection)?;
        let missed: u32 = self
            .connection
            .query_row(
                "SELECT count(*) FROM reminder_deliveries WHERE state = 'missed' AND dismissed_at IS NULL",
                [],
                |row| row.get(0),
            )
            .context("count the missed reminders")?;
        Ok(ReminderStatus {
            enabled: inputs.settings.enabled,
            paused_until: inputs.paused_until.filter(|until| *until > now).map(|until| until.to_string()),
            next_due_at: schedule::next_due(&inputs, now, &self.clock.time_zone()).map(|at| at.to_string()),
            missed,
        })
    }

    /// The title of what `reminder` is about (the setback's title, the lesson's text or the
    /// goal's title), for a notification with details; `None` for kinds without a subject or
    /// a subject since deleted.
    pub fn details(&self, reminder: &Reminder) -> Result<Option<String>> {
        let Some(id) = reminder.subject_id else {
            return Ok(None);
        };
        let sql = match reminder.kind {
            ReminderKind::ReadyToReflect | ReminderKind::RecoveryCheckIn => "SELECT title FROM setbacks WHERE id = ?1",
            ReminderKind::LessonRevisit => "SELECT text FROM lessons WHERE id = ?1",
            ReminderKind::GoalCheckIn => "SELECT title FROM goals WHERE id = ?1",
            ReminderKind::DailyPrompt | ReminderKind::WeeklyReview => return Ok(None),
        };
        self.connection.query_row(sql, [id], |row| row.get(0)).optional().context("read the reminder's subject")
    }
}

/// What the shell shows: a notification's plain-text title and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub title: String,
    pub body: String,
}

impl Reminders<'_> {
    /// Claims the reminders due now and words them as notifications: one per reminder, or
    /// one summary when several fall due together (after a suspend, say). A reminder is
    /// claimed *before* it is shown, so a crash in between loses that notification rather
    /// than ever repeating it: at most once.
    pub fn claim_due(&mut self, now: Timestamp) -> Result<Vec<Notification>> {
        let due = self.due_now(now)?;
        self.claim_and_word(due, now)
    }

    /// The same for the catch-up at start: what fell due while the app was closed and is
    /// less than 12 hours late. Older reminders are recorded as missed and never shown.
    pub fn claim_catch_up(&mut self, now: Timestamp) -> Result<Vec<Notification>> {
        let catch_up = self.catch_up(now)?;
        self.claim_and_word(catch_up.fire, now)
    }

    /// The missed reminders as the Today view lists them, worded as their notification would
    /// have been (so discreet mode holds there too).
    pub fn missed_for_today(&self) -> Result<Vec<MissedReminder>> {
        let discreet = crate::settings::reminder_settings(self.connection)?.discreet;
        self.missed()?
            .into_iter()
            .map(|reminder| {
                let details = if discreet { None } else { self.details(&reminder)? };
                let (title, _) = notification_text(&reminder, details.as_deref(), discreet);
                Ok(MissedReminder { kind: reminder.kind, due_at: reminder.due_at.to_string(), title })
            })
            .collect()
    }

    fn claim_and_word(&mut self, due: Vec<Reminder>, now: Timestamp) -> Result<Vec<Notification>> {
        let discreet = crate::settings::reminder_settings(self.connection)?.discreet;
        let mut claimed = Vec::new();
        for reminder in due {
            if self.mark_delivered(&reminder.key, now)? {
                claimed.push(reminder);
            }
        }
        if claimed.len() > 1 {
            if let Some((title, body)) = catch_up_text(&claimed) {
                return Ok(vec![Notification { title, body }]);
            }
        }
        claimed
            .iter()
            .map(|reminder| {
                let details = if discreet { None } else { self.details(reminder)? };
                let (title, body) = notification_text(reminder, details.as_deref(), discreet);
                Ok(Notification { title, body })
            })
            .collect()
    }
}

/// Why `reminder` is not to be shown at `now`, if it is not.
fn why_missed(inputs: &ScheduleInputs, reminder: &Reminder, now: Timestamp) -> Option<&'static str> {
    if schedule::is_paused(inputs, reminder) {
        Some("paused")
    } else if now.duration_since(reminder.due_at) >= LATE_AFTER {
        Some("late")
    } else {
        None
    }
}

fn insert(connection: &Connection, reminder: &Reminder, missed_because: Option<&str>) -> Result<()> {
    connection
        .prepare_cached(
            "INSERT INTO reminder_deliveries (key, kind, subject_id, occurs_at, due_at, state, missed_because)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .context("record the reminder")?
        .execute(params![
            reminder.key,
            reminder.kind,
            reminder.subject_id,
            reminder.occurs_at.as_millisecond(),
            reminder.due_at.as_millisecond(),
            if missed_because.is_some() { "missed" } else { "pending" },
            missed_because
        ])
        .context("record the reminder")?;
    Ok(())
}

fn set_missed(connection: &Connection, key: &str, because: &str) -> Result<()> {
    connection
        .execute(
            "UPDATE reminder_deliveries SET state = 'missed', missed_because = ?2 WHERE key = ?1",
            params![key, because],
        )
        .context("record the missed reminder")?;
    Ok(())
}

/// Pending reminders due by `now`.
fn pending(connection: &Connection, now: Timestamp) -> Result<Vec<Reminder>> {
    let mut statement = connection
        .prepare_cached(&format!("{REMINDER_SELECT} WHERE state = 'pending' AND due_at <= ?1 ORDER BY due_at, key"))
        .context("read the pending reminders")?;
    let rows = statement.query_map([now.as_millisecond()], reminder_from_row).context("read the pending reminders")?;
    rows.collect::<rusqlite::Result<Vec<_>>>().context("read the pending reminders")
}

const REMINDER_SELECT: &str = "SELECT kind, subject_id, occurs_at, due_at, key FROM reminder_deliveries";

fn reminder_from_row(row: &Row<'_>) -> rusqlite::Result<Reminder> {
    Ok(Reminder {
        kind: row.get(0)?,
        subject_id: row.get(1)?,
        occurs_at: instant(row.get(2)?),
        due_at: instant(row.get(3)?),
        key: row.get(4)?,
    })
}

/// Reads the settings, the pause and the facts of the records the reminders are about.
pub(crate) fn inputs(connection: &Connection) -> Result<ScheduleInputs> {
    let settings = settings::reminder_settings(connection)?;
    let paused_until: Option<i64> = connection
        .query_row("SELECT paused_until FROM reminder_state WHERE id = 1", [], |row| row.get(0))
        .context("read the reminders' state")?;
    let default_hours = settings::cool_down_hours(connection)?;

    let setbacks = {
        let mut statement = connection
            .prepare_cached(
                "SELECT s.id, s.happened_at, coalesce(s.cool_down_hours, ?1),
                        (SELECT count(*) FROM reflections r WHERE r.setback_id = s.id AND r.completed_at IS NOT NULL),
                        (SELECT count(*) FROM lesson_setbacks l WHERE l.setback_id = s.id),
                        (SELECT max(created_at) FROM recovery_check_ins c WHERE c.setback_id = s.id),
                        EXISTS (SELECT 1 FROM recovery_check_ins c WHERE c.setback_id = s.id AND c.recovered >= ?2)
                 FROM setbacks s WHERE s.recovered_on IS NULL ORDER BY s.id",
            )
            .context("read the setbacks for reminders")?;
        let rows = statement
            .query_map(params![default_hours, schedule::BOUNCED_BACK_SCORE], |row| {
                Ok(SetbackFacts {
                    id: row.get(0)?,
                    facts: StageFacts {
                        happened_at: instant(row.get(1)?),
                        cool_down_hours: row.get(2)?,
                        completed_reflections: row.get(3)?,
                        lessons: row.get(4)?,
                        recovered: false,
                    },
                    last_recovery_check_in: row.get::<_, Option<i64>>(5)?.map(instant),
                    bounced_back: row.get(6)?,
                })
            })
            .context("read the setbacks for reminders")?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context("read the setbacks for reminders")?
    };

    let revisits = {
        let mut statement = connection
            .prepare_cached("SELECT lesson_id, due_on FROM revisits WHERE answer IS NULL ORDER BY due_on, id")
            .context("read the revisits for reminders")?;
        let rows = statement
            .query_map([], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)))
            .context("read the revisits for reminders")?;
        let mut revisits = Vec::new();
        for row in rows {
            let (lesson_id, due_on) = row.context("read the revisits for reminders")?;
            // Dates are checked when written; one that is not readable cannot be scheduled.
            if let Ok(due_on) = local_time::parse_local_date(&due_on) {
                revisits.push(RevisitFacts { lesson_id, due_on });
            }
        }
        revisits
    };

    let goals = {
        let mut statement = connection
            .prepare_cached(
                "SELECT g.id, coalesce((SELECT max(checked_in_at) FROM goal_check_ins c WHERE c.goal_id = g.id),
                                       g.created_at)
                 FROM goals g WHERE g.status = 'active' ORDER BY g.id",
            )
            .context("read the goals for reminders")?;
        let rows = statement
            .query_map([], |row| Ok(GoalFacts { id: row.get(0)?, since: instant(row.get(1)?) }))
            .context("read the goals for reminders")?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context("read the goals for reminders")?
    };

    Ok(ScheduleInputs { settings, paused_until: paused_until.map(instant), setbacks, revisits, goals })
}

fn instant(milliseconds: i64) -> Timestamp {
    Timestamp::from_millisecond(milliseconds).unwrap_or(Timestamp::UNIX_EPOCH)
}
