//! Today: what the failing-up loop asks of the user now. A read-only query, a pure function
//! of the stored records and the clock.

use jiff::Timestamp;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::Clock;
use crate::error::{Result, StorageContext};
use crate::goals::{self, GoalSummary};
use crate::lessons::{self, LessonSummary};
use crate::local_time;
use crate::setbacks::{self, SetbackSummary, Stage};
use crate::settings;

/// A lesson with a revisit due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DueRevisit {
    /// The lesson's earliest unanswered revisit, the one to answer.
    #[ts(type = "number")]
    pub revisit_id: i64,
    /// `YYYY-MM-DD`; today or earlier.
    pub due_on: String,
    pub lesson: LessonSummary,
}

/// What the user is invited to do today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Today {
    /// Today's date in the user's time zone, `YYYY-MM-DD`.
    pub date: String,
    /// Setbacks whose stage is *ready_to_reflect*: cool-down over, no completed reflection,
    /// no lesson drawn yet, not marked recovered. Newest first.
    pub ready_to_reflect: Vec<SetbackSummary>,
    /// Lessons with an unanswered revisit due today or earlier (in the user's time zone),
    /// once each, the longest overdue first.
    pub revisits_due: Vec<DueRevisit>,
    /// Active goals with no check-in for [`goals::CHECK_IN_EVERY_DAYS`] days (counted from
    /// when the goal was set if it has none yet). Longest waiting first.
    pub check_ins_due: Vec<GoalSummary>,
    /// Setbacks still cooling down, the soonest ready first; each carries its `ready_at`.
    pub cooling_down: Vec<SetbackSummary>,
}

/// What the user is invited to do at the clock's current instant.
pub(crate) fn today(connection: &Connection, clock: &dyn Clock) -> Result<Today> {
    let now = clock.now();
    let date = local_time::today(clock).to_string();

    let (ready_to_reflect, mut cooling_down) = open_setbacks(connection, now)?;
    cooling_down.sort_by(|a, b| a.ready_at.cmp(&b.ready_at).then(a.id.cmp(&b.id)));

    Ok(Today {
        revisits_due: revisits_due(connection, &date)?,
        check_ins_due: check_ins_due(connection, now)?,
        date,
        ready_to_reflect,
        cooling_down,
    })
}

/// The setbacks before any reflection or lesson, split into ready to reflect and cooling down.
fn open_setbacks(connection: &Connection, now: Timestamp) -> Result<(Vec<SetbackSummary>, Vec<SetbackSummary>)> {
    let default_hours = settings::cool_down_hours(connection)?;
    let mut statement = connection
        .prepare_cached(&format!(
            "{}
             WHERE s.recovered_on IS NULL
               AND NOT EXISTS (SELECT 1 FROM reflections r WHERE r.setback_id = s.id AND r.completed_at IS NOT NULL)
               AND NOT EXISTS (SELECT 1 FROM lesson_setbacks l WHERE l.setback_id = s.id)
             ORDER BY s.happened_at DESC, s.id DESC",
            setbacks::SUMMARY_SELECT
        ))
        .context("find the setbacks to reflect on")?;
    let rows = statement
        .query_map([], |row| setbacks::summary_from_row(row, default_hours, now))
        .context("find the setbacks to reflect on")?;
    let summaries = rows.collect::<rusqlite::Result<Vec<_>>>().context("find the setbacks to reflect on")?;
    let (ready, cooling): (Vec<_>, Vec<_>) =
        summaries.into_iter().map(|(summary, _)| summary).partition(|summary| summary.stage == Stage::ReadyToReflect);
    Ok((ready, cooling.into_iter().filter(|summary| summary.stage == Stage::CoolingDown).collect()))
}

fn revisits_due(connection: &Connection, date: &str) -> Result<Vec<DueRevisit>> {
    let due: Vec<(i64, String, i64)> = {
        // Each lesson once, with its earliest unanswered revisit.
        let mut statement = connection
            .prepare_cached(
                "SELECT r.id, r.due_on, r.lesson_id FROM revisits r
                 WHERE r.answer IS NULL AND r.due_on <= ?1
                   AND r.id = (SELECT r2.id FROM revisits r2 WHERE r2.lesson_id = r.lesson_id AND r2.answer IS NULL
                               ORDER BY r2.due_on, r2.id LIMIT 1)
                 ORDER BY r.due_on, r.id",
            )
            .context("find the revisits due")?;
        let rows = statement
            .query_map(params![date], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .context("find the revisits due")?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context("find the revisits due")?
    };
    let mut result = Vec::with_capacity(due.len());
    for (revisit_id, due_on, lesson_id) in due {
        let lesson = lessons::summaries(connection, "l.id = ?1", [lesson_id])?
            .pop()
            .ok_or_else(|| lessons::lesson_not_found(lesson_id))?;
        result.push(DueRevisit { revisit_id, due_on, lesson });
    }
    Ok(result)
}

fn check_ins_due(connection: &Connection, now: Timestamp) -> Result<Vec<GoalSummary>> {
    let waiting: Vec<(i64, i64)> = {
        let mut statement = connection
            .prepare_cached(
                "SELECT g.id, coalesce((SELECT max(checked_in_at) FROM goal_check_ins c WHERE c.goal_id = g.id), g.created_at)
                 AS since
                 FROM goals g WHERE g.status = 'active' ORDER BY since, g.id",
            )
            .context("find the goals due a check-in")?;
        let rows =
            statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).context("find the goals due a check-in")?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context("find the goals due a check-in")?
    };
    let mut result = Vec::new();
    for (goal_id, since) in waiting {
        let since = Timestamp::from_millisecond(since).unwrap_or(Timestamp::UNIX_EPOCH);
        if goals::check_in_due(since, now) {
            result.extend(goals::summaries(connection, "g.id = ?1", [goal_id])?);
        }
    }
    Ok(result)
}
