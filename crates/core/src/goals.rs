//! Goals: what the user sets out to learn or to produce after a setback, with progress
//! check-ins.
//!
//! Learning goals (build a skill, try a lesson) and output goals (reach a result) are kept
//! apart on purpose: after a setback, an output goal alone tends to repeat the pressure that
//! caused it, so creating one suggests pairing it with a learning goal
//! ([`Goal::suggest_learning_pair`], [`Goals::pair`]).

use jiff::{SignedDuration, Timestamp};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::Clock;
use crate::error::{CoreError, Result, StorageContext};
use crate::fields::{self, text_enum, MAX_TEXT_CHARS, MAX_TITLE_CHARS};
use crate::lessons;
use crate::local_time::{self, rfc3339};

/// An active goal is due a check-in when this many days have passed since its last one (or
/// since it was set, if it has none): weekly, often enough to keep it alive and rarely
/// enough not to nag.
pub const CHECK_IN_EVERY_DAYS: i64 = 7;
/// Longest title derived from a lesson, in characters.
const DERIVED_TITLE_CHARS: usize = 120;

/// What a goal is about.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum GoalKind {
    /// Getting better at something.
    #[default]
    Learning,
    /// Reaching a result.
    Output,
}

text_enum!(GoalKind { Learning => "learning", Output => "output" });

/// Where a goal stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum GoalStatus {
    #[default]
    Active,
    Achieved,
    /// Let go of on purpose: no longer worth pursuing, which is not a failure.
    LetGo,
}

text_enum!(GoalStatus { Active => "active", Achieved => "achieved", LetGo => "let_go" });

/// A progress check-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckIn {
    #[ts(type = "number")]
    pub id: i64,
    /// 0 to 100 (per cent).
    pub progress: u8,
    pub note: String,
    /// RFC 3339, UTC.
    pub checked_in_at: String,
}

/// A goal as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Goal {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: GoalKind,
    pub title: String,
    pub why: String,
    pub how_ill_know: String,
    /// `YYYY-MM-DD`.
    pub target_on: Option<String>,
    pub status: GoalStatus,
    #[ts(type = "Array<number>")]
    pub lesson_ids: Vec<i64>,
    #[ts(type = "Array<number>")]
    pub setback_ids: Vec<i64>,
    /// For an output goal: the learning goal paired with it.
    #[ts(type = "number | null")]
    pub paired_learning_goal_id: Option<i64>,
    /// Oldest first.
    pub check_ins: Vec<CheckIn>,
    pub latest_progress: Option<u8>,
    /// True for an active output goal with no learning goal paired: the UI offers to pair one.
    pub suggest_learning_pair: bool,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

/// What the user writes to set a goal or edit one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GoalDraft {
    /// Fixed once the goal is set.
    pub kind: GoalKind,
    pub title: String,
    pub why: String,
    pub how_ill_know: String,
    /// `YYYY-MM-DD`.
    pub target_on: Option<String>,
    #[ts(type = "Array<number>")]
    pub lesson_ids: Vec<i64>,
    #[ts(type = "Array<number>")]
    pub setback_ids: Vec<i64>,
}

/// A goal as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GoalSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: GoalKind,
    pub title: String,
    pub status: GoalStatus,
    pub target_on: Option<String>,
    pub latest_progress: Option<u8>,
    /// RFC 3339, UTC.
    pub last_check_in_at: Option<String>,
}

/// The goals of one database.
pub struct Goals<'a> {
    connection: &'a mut Connection,
    clock: &'a dyn Clock,
}

/// A draft that passed validation.
struct ValidDraft {
    title: String,
    why: String,
    how_ill_know: String,
    target_on: Option<String>,
    lesson_ids: Vec<i64>,
    setback_ids: Vec<i64>,
}

impl<'a> Goals<'a> {
    pub(crate) fn new(connection: &'a mut Connection, clock: &'a dyn Clock) -> Self {
        Self { connection, clock }
    }

    /// Sets a new goal, active. For an output goal the answer's `suggest_learning_pair` is
    /// true, so that the UI can offer to pair it with a learning goal.
    pub fn create(&mut self, draft: &GoalDraft) -> Result<Goal> {
        let now = self.clock.now().as_millisecond();
        let transaction = self.connection.transaction().context("start saving the goal")?;
        let valid = validate(&transaction, draft)?;
        let id = insert(&transaction, draft.kind, &valid, now)?;
        transaction.commit().context("save the goal")?;
        self.get(id)
    }

    /// Sets a learning goal to put lesson `lesson_id` into practice, linked to it, in one
    /// step. Its title is the lesson's if–then plan if it has one, else the lesson's first
    /// line, shortened to 120 characters; the user can edit it afterwards.
    pub fn from_lesson(&mut self, lesson_id: i64) -> Result<Goal> {
        let now = self.clock.now().as_millisecond();
        let transaction = self.connection.transaction().context("start saving the goal")?;
        let lesson = lessons::get(&transaction, lesson_id)?;
        let title = match (&lesson.if_situation, &lesson.then_action) {
            (Some(situation), Some(action)) => format!("If {situation}, then I will {action}"),
            _ => lesson.text.lines().next().unwrap_or_default().to_owned(),
        };
        let valid = ValidDraft {
            title: shorten(&title, DERIVED_TITLE_CHARS),
            why: String::new(),
            how_ill_know: String::new(),
            target_on: None,
            lesson_ids: vec![lesson_id],
            setback_ids: Vec::new(),
        };
        let id = insert(&transaction, GoalKind::Learning, &valid, now)?;
        transaction.commit().context("save the goal")?;
        self.get(id)
    }

    /// Replaces the editable fields of goal `id`. The kind cannot change: an output goal's
    /// pairing, and the goal's history, only make sense for the kind it was set as.
    pub fn update(&mut self, id: i64, draft: &GoalDraft) -> Result<Goal> {
        let now = self.clock.now().as_millisecond();
        let transaction = self.connection.transaction().context("start saving the goal")?;
        let kind = kind_of(&transaction, id)?;
        if kind != draft.kind {
            return Err(CoreError::InvalidInput(format!(
                "This is a {} goal and its kind cannot change; set a new {} goal instead.",
                kind.as_str(),
                draft.kind.as_str()
            )));
        }
        let valid = validate(&transaction, draft)?;
        transaction
            .execute(
                "UPDATE goals SET title = ?2, why = ?3, how_ill_know = ?4, target_on = ?5, updated_at = ?6 WHERE id = ?1",
                params![id, valid.title, valid.why, valid.how_ill_know, valid.target_on, now],
            )
            .context("save the goal")?;
        fields::replace_links(&transaction, "goal_lessons", "goal_id", id, "lesson_id", &valid.lesson_ids)?;
        fields::replace_links(&transaction, "goal_setbacks", "goal_id", id, "setback_id", &valid.setback_ids)?;
        transaction.commit().context("save the goal")?;
        self.get(id)
    }

    /// Marks goal `id` active, achieved or let go.
    pub fn set_status(&mut self, id: i64, status: GoalStatus) -> Result<Goal> {
        let now = self.clock.now().as_millisecond();
        let changed = self
            .connection
            .execute("UPDATE goals SET status = ?2, updated_at = ?3 WHERE id = ?1", params![id, status, now])
            .context("save the goal")?;
        if changed == 0 {
            return Err(goal_not_found(id));
        }
        self.get(id)
    }

    /// Pairs output goal `output_goal_id` with learning goal `learning_goal_id`, or unpairs
    /// it when that is `None`.
    pub fn pair(&mut self, output_goal_id: i64, learning_goal_id: Option<i64>) -> Result<Goal> {
        let now = self.clock.now().as_millisecond();
        let transaction = self.connection.transaction().context("start pairing the goals")?;
        if kind_of(&transaction, output_goal_id)? != GoalKind::Output {
            return Err(CoreError::InvalidInput(
                "Only an output goal is paired with a learning goal; this one is a learning goal.".to_owned(),
            ));
        }
        if let Some(learning_goal_id) = learning_goal_id {
            if kind_of(&transaction, learning_goal_id)? != GoalKind::Learning {
                return Err(CoreError::InvalidInput(format!(
                    "Goal {learning_goal_id} is an output goal; pair the output goal with a learning goal."
                )));
            }
        }
        transaction
            .execute(
                "UPDATE goals SET paired_learning_goal_id = ?2, updated_at = ?3 WHERE id = ?1",
                params![output_goal_id, learning_goal_id, now],
            )
            .context("pair the goals")?;
        transaction.commit().context("pair the goals")?;
        self.get(output_goal_id)
    }

    /// Records progress on goal `id` (0 to 100, with an optional note), timestamped now.
    pub fn check_in(&mut self, id: i64, progress: u8, note: &str) -> Result<Goal> {
        if progress > 100 {
            return Err(CoreError::InvalidInput(format!("Progress must be between 0 and 100, not {progress}.")));
        }
        let note = fields::text("the note", note, MAX_TEXT_CHARS, false)?;
        let now = self.clock.now().as_millisecond();
        let transaction = self.connection.transaction().context("start saving the check-in")?;
        kind_of(&transaction, id)?;
        transaction
            .execute(
                "INSERT INTO goal_check_ins (goal_id, progress, note, checked_in_at) VALUES (?1, ?2, ?3, ?4)",
                params![id, progress, note, now],
            )
            .context("save the check-in")?;
        transaction
            .execute("UPDATE goals SET updated_at = ?2 WHERE id = ?1", params![id, now])
            .context("save the goal")?;
        transaction.commit().context("save the check-in")?;
        self.get(id)
    }

    /// Deletes goal `id` with its check-ins. Linked lessons and setbacks are kept; an output
    /// goal paired with it is simply unpaired.
    pub fn delete(&mut self, id: i64) -> Result<()> {
        let deleted = self.connection.execute("DELETE FROM goals WHERE id = ?1", [id]).context("delete the goal")?;
        if deleted == 0 {
            return Err(goal_not_found(id));
        }
        Ok(())
    }

    /// Goal `id` whole.
    pub fn get(&self, id: i64) -> Result<Goal> {
        get(self.connection, id)
    }

    /// The goals with `status` (all if `None`), newest first.
    pub fn list(&self, status: Option<GoalStatus>) -> Result<Vec<GoalSummary>> {
        summaries(self.connection, "?1 IS NULL OR g.status = ?1 ORDER BY g.created_at DESC, g.id DESC", [status])
    }
}

fn validate(connection: &Connection, draft: &GoalDraft) -> Result<ValidDraft> {
    let title = fields::text("the goal", &draft.title, MAX_TITLE_CHARS, true)?;
    let why = fields::text("why it matters", &draft.why, MAX_TEXT_CHARS, false)?;
    let how_ill_know = fields::text("how you'll know", &draft.how_ill_know, MAX_TEXT_CHARS, false)?;
    let target_on = match draft.target_on.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(local_time::parse_local_date(text)?.to_string()),
    };
    let lesson_ids = fields::existing_ids(connection, "lessons", "Lesson", &draft.lesson_ids)?;
    let setback_ids = fields::existing_ids(connection, "setbacks", "Setback", &draft.setback_ids)?;
    Ok(ValidDraft { title, why, how_ill_know, target_on, lesson_ids, setback_ids })
}

fn insert(connection: &Connection, kind: GoalKind, valid: &ValidDraft, now: i64) -> Result<i64> {
    connection
        .execute(
            "INSERT INTO goals (kind, title, why, how_ill_know, target_on, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'active', ?6, ?6)",
            params![kind, valid.title, valid.why, valid.how_ill_know, valid.target_on, now],
        )
        .context("save the goal")?;
    let id = connection.last_insert_rowid();
    fields::replace_links(connection, "goal_lessons", "goal_id", id, "lesson_id", &valid.lesson_ids)?;
    fields::replace_links(connection, "goal_setbacks", "goal_id", id, "setback_id", &valid.setback_ids)?;
    Ok(id)
}

fn kind_of(connection: &Connection, id: i64) -> Result<GoalKind> {
    connection
        .query_row("SELECT kind FROM goals WHERE id = ?1", [id], |row| row.get(0))
        .optional()
        .context("read the goal")?
        .ok_or_else(|| goal_not_found(id))
}

/// `text` cut to at most `max_chars` characters, at a word boundary when there is one, with
/// an ellipsis when cut.
fn shorten(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max_chars - 1).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(index) if index > max_chars / 2 => &cut[..index],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
}

/// Whether a goal last checked in (or set, if never checked in) at `since` is due a check-in
/// at `now`: [`CHECK_IN_EVERY_DAYS`] days of elapsed time have passed.
pub fn check_in_due(since: Timestamp, now: Timestamp) -> bool {
    now.duration_since(since) >= SignedDuration::from_hours(CHECK_IN_EVERY_DAYS * 24)
}

/// Goal summaries matching `condition` (SQL on `goals g`, with its ORDER BY).
pub(crate) fn summaries<P: rusqlite::Params>(
    connection: &Connection,
    condition: &str,
    params: P,
) -> Result<Vec<GoalSummary>> {
    let mut statement = connection
        .prepare_cached(&format!(
            "SELECT g.id, g.kind, g.title, g.status, g.target_on,
                    (SELECT progress FROM goal_check_ins c WHERE c.goal_id = g.id ORDER BY checked_in_at DESC, id DESC LIMIT 1),
                    (SELECT max(checked_in_at) FROM goal_check_ins c WHERE c.goal_id = g.id)
             FROM goals g WHERE {condition}"
        ))
        .context("list the goals")?;
    let rows = statement.query_map(params, summary_from_row).context("list the goals")?;
    rows.collect::<rusqlite::Result<Vec<_>>>().context("list the goals")
}

fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<GoalSummary> {
    Ok(GoalSummary {
        id: row.get(0)?,
        kind: row.get(1)?,
        title: row.get(2)?,
        status: row.get(3)?,
        target_on: row.get(4)?,
        latest_progress: row.get(5)?,
        last_check_in_at: row.get::<_, Option<i64>>(6)?.map(rfc3339),
    })
}

fn get(connection: &Connection, id: i64) -> Result<Goal> {
    let mut goal = connection
        .query_row(
            "SELECT id, kind, title, why, how_ill_know, target_on, status, paired_learning_goal_id, created_at, updated_at
             FROM goals WHERE id = ?1",
            [id],
            |row| {
                Ok(Goal {
                    id: row.get(0)?,
                    kind: row.get(1)?,
                    title: row.get(2)?,
                    why: row.get(3)?,
                    how_ill_know: row.get(4)?,
                    target_on: row.get(5)?,
                    status: row.get(6)?,
                    lesson_ids: Vec::new(),
                    setback_ids: Vec::new(),
                    paired_learning_goal_id: row.get(7)?,
                    check_ins: Vec::new(),
                    latest_progress: None,
                    suggest_learning_pair: false,
                    created_at: rfc3339(row.get(8)?),
                    updated_at: rfc3339(row.get(9)?),
                })
            },
        )
        .optional()
        .context("read the goal")?
        .ok_or_else(|| goal_not_found(id))?;
    goal.lesson_ids = fields::linked_ids(connection, "goal_lessons", "goal_id", id, "lesson_id")?;
    goal.setback_ids = fields::linked_ids(connection, "goal_setbacks", "goal_id", id, "setback_id")?;
    goal.check_ins = {
        let mut statement = connection
            .prepare_cached(
                "SELECT id, progress, note, checked_in_at FROM goal_check_ins WHERE goal_id = ?1
                 ORDER BY checked_in_at, id",
            )
            .context("read the check-ins")?;
        let rows = statement
            .query_map([id], |row| {
                Ok(CheckIn {
                    id: row.get(0)?,
                    progress: row.get(1)?,
                    note: row.get(2)?,
                    checked_in_at: rfc3339(row.get(3)?),
                })
            })
            .context("read the check-ins")?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context("read the check-ins")?
    };
    goal.latest_progress = goal.check_ins.last().map(|check_in| check_in.progress);
    goal.suggest_learning_pair =
        goal.kind == GoalKind::Output && goal.status == GoalStatus::Active && goal.paired_learning_goal_id.is_none();
    Ok(goal)
}

fn goal_not_found(id: i64) -> CoreError {
    CoreError::NotFound { what: format!("Goal {id}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_derived_titles_are_cut_at_a_word_with_an_ellipsis() {
        assert_eq!(shorten("  short  ", 10), "short");
        let cut = shorten(&"word ".repeat(40), 20);
        assert!(cut.ends_with('…') && cut.chars().count() <= 20, "{cut}");
        assert!(!cut.contains("wor…"), "cut between words, not inside one: {cut}");
    }
}
