//! Check-ins: how the user feels each day, how far they have bounced back from a setback,
//! and the Brief Resilience Scale once a month.
//!
//! These are the raw signals the trends are computed from (see [`crate::metrics`]). They are
//! kept small on purpose: a check-in the user can do in ten seconds is one they keep doing,
//! and a habit of data is worth more than a detailed record kept for a week.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::{time_zone_name, Clock};
use crate::error::{CoreError, Result, StorageContext};
use crate::fields::{self, MAX_TEXT_CHARS};
use crate::local_time::{self, rfc3339};
use crate::setbacks;

/// Largest list [`CheckIns::recent`] returns, whatever is asked.
pub const MAX_RECENT: u32 = 500;
/// The Brief Resilience Scale is due again this many days after it was last taken: monthly,
/// because resilience changes slowly and answering more often mostly measures the mood of
/// the day.
pub const BRS_DUE_AFTER_DAYS: i64 = 30;

/// The six statements of the Brief Resilience Scale (Smith, Dalen, Wiggins, Tooley,
/// Christopher & Bernard, 2008), verbatim and in order. Each is answered from 1 (strongly
/// disagree) to 5 (strongly agree).
pub const BRS_STATEMENTS: [&str; 6] = [
    "I tend to bounce back quickly after hard times",
    "I have a hard time making it through stressful events",
    "It does not take me long to recover from a stressful event",
    "It is hard for me to snap back when something bad happens",
    "I usually come through difficult times with little trouble",
    "I tend to take a long time to get over set-backs in my life",
];

/// Which statements are worded against resilience (items 2, 4 and 6), and so scored
/// reversed: agreeing with them means *less* resilience.
pub const BRS_REVERSED: [bool; 6] = [false, true, false, true, false, true];

/// The Brief Resilience Scale score of six answers (each 1–5): items 2, 4 and 6 reverse-scored
/// (6 − answer), then the mean of the six, from 1 (low) to 5 (high). Smith et al. read a score
/// below 3.00 as low resilience, 3.00–4.30 as normal and above 4.30 as high.
pub fn brs_score(answers: &[u8; 6]) -> f64 {
    let total: u32 = answers
        .iter()
        .zip(BRS_REVERSED)
        .map(|(&answer, reversed)| u32::from(if reversed { 6 - answer } else { answer }))
        .sum();
    f64::from(total) / 6.0
}

/// What the user gives for a daily check-in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckInDraft {
    /// 1 (very low) to 10 (very good).
    pub mood: u8,
    /// 1 to 10.
    pub confidence: u8,
    /// 1 to 10, if the user wants to say.
    pub energy: Option<u8>,
    pub note: String,
    /// `YYYY-MM-DDTHH:MM`; `None` means now.
    pub local_date_time: Option<String>,
    /// An IANA time zone; `None` means the user's current time zone.
    pub time_zone: Option<String>,
}

/// A daily check-in as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DailyCheckIn {
    #[ts(type = "number")]
    pub id: i64,
    pub mood: u8,
    /// 1 to 10; `None` for a check-in imported from an app that asks for no confidence
    /// (Daylio), since inventing one would be false data.
    pub confidence: Option<u8>,
    pub energy: Option<u8>,
    pub note: String,
    /// As the user saw it: `YYYY-MM-DDTHH:MM` in `time_zone`. Its date is the day it counts for.
    pub local_date_time: String,
    pub time_zone: String,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// "How far have I bounced back from this setback?"
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryCheckIn {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub setback_id: i64,
    /// 0 (not at all) to 10 (fully).
    pub recovered: u8,
    /// The local date it was given on, in the user's zone at the time.
    pub local_date: String,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// Whether the Brief Resilience Scale is due, with its statements for the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BrsStatus {
    /// True when never taken, or last taken [`BRS_DUE_AFTER_DAYS`] or more days ago.
    pub due: bool,
    /// `YYYY-MM-DD`.
    pub last_taken_on: Option<String>,
    /// [`BRS_STATEMENTS`], in order.
    pub statements: Vec<String>,
}

/// One Brief Resilience Scale result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BrsResult {
    #[ts(type = "number")]
    pub id: i64,
    /// The local date it was taken, `YYYY-MM-DD`.
    pub taken_on: String,
    /// The six answers as given, 1–5, in the order of [`BRS_STATEMENTS`].
    pub answers: Vec<u8>,
    /// See [`brs_score`].
    pub score: f64,
}

/// The check-ins of one database.
pub struct CheckIns<'a> {
    connection: &'a mut Connection,
    clock: &'a dyn Clock,
}

impl<'a> CheckIns<'a> {
    pub(crate) fn new(connection: &'a mut Connection, clock: &'a dyn Clock) -> Self {
        Self { connection, clock }
    }

    /// Records a daily check-in. Several on one day are fine: the day's value is their mean.
    pub fn log(&mut self, draft: &CheckInDraft) -> Result<DailyCheckIn> {
        let valid = validate(self.clock, draft)?;
        let now = self.clock.now().as_millisecond();
        let transaction = self.connection.transaction().context("start saving the check-in")?;
        let id = insert(&transaction, &valid, now)?;
        transaction.commit().context("save the check-in")?;
        self.get(id)
    }

    /// Records many daily check-ins in one transaction (an import, or generated sample data):
    /// all of them or, if one is refused, none. Answers their ids in order.
    pub fn log_many(&mut self, drafts: &[CheckInDraft]) -> Result<Vec<i64>> {
        let valid = drafts
            .iter()
            .enumerate()
            .map(|(index, draft)| {
                validate(self.clock, draft).map_err(|error| {
                    CoreError::InvalidInput(format!("Check-in {} of {}: {error}", index + 1, drafts.len()))
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let now = self.clock.now().as_millisecond();
        let transaction = self.connection.transaction().context("start saving the check-ins")?;
        let ids = valid.iter().map(|valid| insert(&transaction, valid, now)).collect::<Result<Vec<_>>>()?;
        transaction.commit().context("save the check-ins")?;
        Ok(ids)
    }

    /// Daily check-in `id`.
    pub fn get(&self, id: i64) -> Result<DailyCheckIn> {
        self.connection
            .query_row(&format!("{CHECK_IN_SELECT} WHERE id = ?1"), [id], check_in_from_row)
            .optional()
            .context("read the check-in")?
            .ok_or_else(|| check_in_not_found(id))
    }

    /// The latest `limit` daily check-ins (at most [`MAX_RECENT`]), newest first by when they
    /// were made.
    pub fn recent(&self, limit: u32) -> Result<Vec<DailyCheckIn>> {
        let mut statement = self
            .connection
            .prepare_cached(&format!("{CHECK_IN_SELECT} ORDER BY checked_in_at DESC, id DESC LIMIT ?1"))
            .context("list the check-ins")?;
        let rows =
            statement.query_map([limit.clamp(1, MAX_RECENT)], check_in_from_row).context("list the check-ins")?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context("list the check-ins")
    }

    /// Deletes daily check-in `id`.
    pub fn delete(&mut self, id: i64) -> Result<()> {
        let deleted = self
            .connection
            .execute("DELETE FROM daily_check_ins WHERE id = ?1", [id])
            .context("delete the check-in")?;
        if deleted == 0 {
            return Err(check_in_not_found(id));
        }
        Ok(())
    }

    /// Records how far the user has bounced back from setback `setback_id` (0 to 10), today
    /// in their time zone.
    pub fn log_recovery(&mut self, setback_id: i64, recovered: u8) -> Result<RecoveryCheckIn> {
        if recovered > 10 {
            return Err(CoreError::InvalidInput(format!(
                "How far you have bounced back is between 0 and 10, not {recovered}."
            )));
        }
        let now = self.clock.now().as_millisecond();
        let today = local_time::today(self.clock).to_string();
        let transaction = self.connection.transaction().context("start saving the recovery check-in")?;
        setbacks::ensure_exists(&transaction, setback_id)?;
        transaction
            .execute(
                "INSERT INTO recovery_check_ins (setback_id, recovered, local_date, time_zone, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![setback_id, recovered, today, time_zone_name(&self.clock.time_zone()), now],
            )
            .context("save the recovery check-in")?;
        let id = transaction.last_insert_rowid();
        transaction.commit().context("save the recovery check-in")?;
        Ok(RecoveryCheckIn { id, setback_id, recovered, local_date: today, created_at: rfc3339(now) })
    }

    /// The recovery check-ins of setback `setback_id`, oldest first.
    pub fn recovery_for_setback(&self, setback_id: i64) -> Result<Vec<RecoveryCheckIn>> {
        setbacks::ensure_exists(self.connection, setback_id)?;
        let mut statement = self
            .connection
            .prepare_cached(
                "SELECT id, setback_id, recovered, local_date, created_at FROM recovery_check_ins
                 WHERE setback_id = ?1 ORDER BY local_date, id",
            )
            .context("list the recovery check-ins")?;
        let rows = statement
            .query_map([setback_id], |row| {
                Ok(RecoveryCheckIn {
                    id: row.get(0)?,
                    setback_id: row.get(1)?,
                    recovered: row.get(2)?,
                    local_date: row.get(3)?,
                    created_at: rfc3339(row.get(4)?),
                })
            })
            .context("list the recovery check-ins")?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context("list the recovery check-ins")
    }

    /// Whether the Brief Resilience Scale is due today (in the user's time zone).
    pub fn brs_status(&self) -> Result<BrsStatus> {
        let last_taken_on: Option<String> = self
            .connection
            .query_row("SELECT max(taken_on) FROM brs_results", [], |row| row.get(0))
            .context("read the resilience results")?;
        let today = local_time::today(self.clock);
        let due = match &last_taken_on {
            None => true,
            Some(last) => {
                let last = local_time::parse_local_date(last)?;
                // `until` between two dates counts whole days.
                last.until(today).map(|span| i64::from(span.get_days()) >= BRS_DUE_AFTER_DAYS).unwrap_or(true)
            }
        };
        Ok(BrsStatus { due, last_taken_on, statements: BRS_STATEMENTS.iter().map(|&s| s.to_owned()).collect() })
    }

    /// Records the answers to the Brief Resilience Scale (six, each 1–5, in the order of
    /// [`BRS_STATEMENTS`]), taken today in the user's time zone. It may be taken before it is
    /// due; nothing is refused for that.
    pub fn submit_brs(&mut self, answers: &[u8]) -> Result<BrsResult> {
        let answers = validate_brs(answers)?;
        let today = local_time::today(self.clock).to_string();
        let now = self.clock.now().as_millisecond();
        let transaction = self.connection.transaction().context("start saving the resilience answers")?;
        insert_brs(&transaction, &today, &time_zone_name(&self.clock.time_zone()), &answers, now)?;
        let id = transaction.last_insert_rowid();
        transaction.commit().context("save the resilience answers")?;
        Ok(BrsResult { id, taken_on: today, answers: answers.to_vec(), score: brs_score(&answers) })
    }

    /// Every Brief Resilience Scale result, oldest first.
    pub fn brs_results(&self) -> Result<Vec<BrsResult>> {
        brs_results(self.connection)
    }
}

/// A check-in that passed validation, with its time resolved.
struct ValidCheckIn {
    mood: u8,
    confidence: u8,
    energy: Option<u8>,
    note: String,
    local: local_time::ResolvedLocal,
}

fn validate(clock: &dyn Clock, draft: &CheckInDraft) -> Result<ValidCheckIn> {
    let scale = |label: &str, value: u8| {
        if (1..=10).contains(&value) {
            Ok(value)
        } else {
            Err(CoreError::InvalidInput(format!("{label} must be between 1 and 10, not {value}.")))
        }
    };
    let mood = scale("Mood", draft.mood)?;
    let confidence = scale("Confidence", draft.confidence)?;
    let energy = draft.energy.map(|energy| scale("Energy", energy)).transpose()?;
    let note = fields::text("the note", &draft.note, MAX_TEXT_CHARS, false)?;
    let local = local_time::resolve(draft.local_date_time.as_deref(), draft.time_zone.as_deref(), clock)?;
    Ok(ValidCheckIn { mood, confidence, energy, note, local })
}

fn insert(connection: &Connection, valid: &ValidCheckIn, now: i64) -> Result<i64> {
    connection
        .prepare_cached(
            "INSERT INTO daily_check_ins (mood, confidence, energy, note, local_date, local_time, time_zone,
                                          checked_in_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .context("save the check-in")?
        .execute(params![
            valid.mood,
            valid.confidence,
            valid.energy,
            valid.note,
            valid.local.local_date,
            valid.local.local_time,
            valid.local.time_zone,
            valid.local.instant,
            now
        ])
        .context("save the check-in")?;
    Ok(connection.last_insert_rowid())
}

const CHECK_IN_SELECT: &str =
    "SELECT id, mood, confidence, energy, note, local_date, local_time, time_zone, created_at FROM daily_check_ins";

fn check_in_from_row(row: &Row<'_>) -> rusqlite::Result<DailyCheckIn> {
    Ok(DailyCheckIn {
        id: row.get(0)?,
        mood: row.get(1)?,
        confidence: row.get(2)?,
        energy: row.get(3)?,
        note: row.get(4)?,
        local_date_time: format!("{}T{}", row.get::<_, String>(5)?, row.get::<_, String>(6)?),
        time_zone: row.get(7)?,
        created_at: rfc3339(row.get(8)?),
    })
}

fn check_in_not_found(id: i64) -> CoreError {
    CoreError::NotFound { what: format!("Check-in {id}") }
}

/// Checks that there are six answers, each 1 to 5.
fn validate_brs(answers: &[u8]) -> Result<[u8; 6]> {
    let answers: [u8; 6] = answers.try_into().map_err(|_| {
        CoreError::InvalidInput(format!(
            "The resilience scale has six statements; answer each of them ({} answers were sent).",
            answers.len()
        ))
    })?;
    if let Some((index, answer)) = answers.iter().enumerate().find(|(_, answer)| !(1..=5).contains(*answer)) {
        return Err(CoreError::InvalidInput(format!(
            "The answer to statement {} must be between 1 (strongly disagree) and 5 (strongly agree), not {answer}.",
            index + 1
        )));
    }
    Ok(answers)
}

pub(crate) fn insert_brs(
    connection: &Connection,
    taken_on: &str,
    time_zone: &str,
    answers: &[u8; 6],
    now: i64,
) -> Result<()> {
    connection
        .prepare_cached(
            "INSERT INTO brs_results (taken_on, time_zone, answer_1, answer_2, answer_3, answer_4, answer_5, answer_6,
                                      created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .context("save the resilience answers")?
        .execute(params![
            taken_on, time_zone, answers[0], answers[1], answers[2], answers[3], answers[4], answers[5], now
        ])
        .context("save the resilience answers")?;
    Ok(())
}

/// Every Brief Resilience Scale result, oldest first.
pub(crate) fn brs_results(connection: &Connection) -> Result<Vec<BrsResult>> {
    let mut statement = connection
        .prepare_cached(
            "SELECT id, taken_on, answer_1, answer_2, answer_3, answer_4, answer_5, answer_6
             FROM brs_results ORDER BY taken_on, id",
        )
        .context("read the resilience results")?;
    let rows = statement
        .query_map([], |row| {
            let mut answers = [0u8; 6];
            for (index, answer) in answers.iter_mut().enumerate() {
                *answer = row.get(index + 2)?;
            }
            Ok(BrsResult {
                id: row.get(0)?,
                taken_on: row.get(1)?,
                answers: answers.to_vec(),
                score: brs_score(&answers),
            })
        })
        .context("read the resilience results")?;
    rows.collect::<rusqlite::Result<Vec<_>>>().context("read the resilience results")
}
