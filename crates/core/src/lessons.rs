//! Lessons drawn from setbacks, their revisits, and the roadmap of what the user has learnt.
//!
//! A lesson is free text with an optional implementation intention ("If ⟨situation⟩, then I
//! will ⟨action⟩"), linked to any number of setbacks. Its status moves *untested → applied →
//! validated* as the user answers revisits (see [`status_after_answer`]), or becomes
//! *revised* when they reword it, the old wording being kept.
//!
//! **Deleting a setback never deletes a lesson**: only the link goes. A lesson that other
//! setbacks support keeps those links; a lesson left with no setback is kept, unlinked.

use jiff::civil::Date;
use jiff::ToSpan;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::areas::{self, Area};
use crate::clock::{time_zone_name, Clock};
use crate::error::{CoreError, Result, StorageContext};
use crate::fields::{self, text_enum, MAX_TEXT_CHARS};
use crate::local_time::{self, rfc3339};

/// Days after a lesson is written on which a revisit is scheduled: a week, a month and a
/// season, spaced out as in spaced repetition, so the lesson is met again just as it would
/// otherwise fade.
pub const REVISIT_AFTER_DAYS: [i32; 3] = [7, 30, 90];
/// Most revisits on one lesson.
pub const MAX_REVISITS: usize = 50;
/// Longest "if" or "then" part, in characters.
pub const MAX_INTENTION_CHARS: usize = 1_000;
/// Longest note on a revisit answer, in characters.
pub const MAX_NOTE_CHARS: usize = 10_000;

/// How far a lesson has been tested in life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LessonStatus {
    /// Not tried yet.
    Untested,
    /// Tried at least once.
    Applied,
    /// Tried, and confirmed on a later revisit.
    Validated,
    /// Reworded; the new wording has not been tried yet.
    Revised,
}

text_enum!(LessonStatus { Untested => "untested", Applied => "applied", Validated => "validated", Revised => "revised" });

/// The answer to a revisit's question "did you apply this lesson?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RevisitAnswer {
    Yes,
    Partly,
    NotYet,
    NotRelevant,
}

text_enum!(RevisitAnswer { Yes => "yes", Partly => "partly", NotYet => "not_yet", NotRelevant => "not_relevant" });

/// The status a lesson moves to when a revisit is answered `answer`:
///
/// | status \ answer | yes       | partly  | not_yet | not_relevant |
/// |-----------------|-----------|---------|---------|--------------|
/// | untested        | applied   | applied | —       | —            |
/// | revised         | applied   | applied | —       | —            |
/// | applied         | validated | —       | —       | —            |
/// | validated       | —         | —       | —       | —            |
///
/// (— : unchanged.) A *yes* means the lesson was applied; a second *yes* after that confirms
/// it works (validated). *Partly* counts as a first try but never validates. A revised
/// lesson is a new wording nobody has tried yet, so it behaves as untested. *Not yet* and
/// *not relevant* change nothing: not having had the chance is not evidence either way.
pub fn status_after_answer(status: LessonStatus, answer: RevisitAnswer) -> LessonStatus {
    use LessonStatus::*;
    match (status, answer) {
        (Untested | Revised, RevisitAnswer::Yes | RevisitAnswer::Partly) => Applied,
        (Applied, RevisitAnswer::Yes) => Validated,
        (status, _) => status,
    }
}

/// What a lesson's status would become for each revisit answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatusAfterAnswers {
    pub yes: LessonStatus,
    pub partly: LessonStatus,
    pub not_yet: LessonStatus,
    pub not_relevant: LessonStatus,
}

impl StatusAfterAnswers {
    pub fn for_status(status: LessonStatus) -> Self {
        Self {
            yes: status_after_answer(status, RevisitAnswer::Yes),
            partly: status_after_answer(status, RevisitAnswer::Partly),
            not_yet: status_after_answer(status, RevisitAnswer::NotYet),
            not_relevant: status_after_answer(status, RevisitAnswer::NotRelevant),
        }
    }
}

/// A date on which the user is asked whether they applied the lesson.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Revisit {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub lesson_id: i64,
    /// Local date, `YYYY-MM-DD`.
    pub due_on: String,
    /// `None` until answered.
    pub answer: Option<RevisitAnswer>,
    pub note: String,
    /// RFC 3339, UTC.
    pub answered_at: Option<String>,
}

/// A lesson's wording before one of its revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LessonRevision {
    pub text: String,
    pub if_situation: Option<String>,
    pub then_action: Option<String>,
    /// RFC 3339, UTC: when it was replaced.
    pub revised_at: String,
}

/// A lesson as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Lesson {
    #[ts(type = "number")]
    pub id: i64,
    pub text: String,
    /// "If ⟨if_situation⟩, then I will ⟨then_action⟩": both or neither.
    pub if_situation: Option<String>,
    pub then_action: Option<String>,
    #[ts(type = "number")]
    pub area_id: i64,
    pub status: LessonStatus,
    /// The local date it was written, `YYYY-MM-DD`, in `time_zone`.
    pub written_on: String,
    pub time_zone: String,
    #[ts(type = "Array<number>")]
    pub setback_ids: Vec<i64>,
    /// Earliest first.
    pub revisits: Vec<Revisit>,
    /// Earlier wordings, oldest first.
    pub revisions: Vec<LessonRevision>,
    /// The status each revisit answer would give the lesson now (see
    /// [`status_after_answer`]), so the UI can say so before the answer is saved without
    /// keeping a copy of the rule.
    pub status_after: StatusAfterAnswers,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

/// What the user writes to create a lesson or edit one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LessonDraft {
    pub text: String,
    pub if_situation: Option<String>,
    pub then_action: Option<String>,
    /// `None`: the area of the first linked setback, else "Other".
    #[ts(type = "number | null")]
    pub area_id: Option<i64>,
    #[ts(type = "Array<number>")]
    pub setback_ids: Vec<i64>,
}

/// A new wording for a lesson.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LessonWording {
    pub text: String,
    pub if_situation: Option<String>,
    pub then_action: Option<String>,
}

/// A lesson as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LessonSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub text: String,
    pub if_situation: Option<String>,
    pub then_action: Option<String>,
    #[ts(type = "number")]
    pub area_id: i64,
    pub status: LessonStatus,
    pub written_on: String,
    /// The earliest unanswered revisit, `YYYY-MM-DD`.
    pub next_revisit_on: Option<String>,
}

/// The lessons of one area, by status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RoadmapArea {
    pub area: Area,
    pub untested: Vec<LessonSummary>,
    pub applied: Vec<LessonSummary>,
    pub validated: Vec<LessonSummary>,
    pub revised: Vec<LessonSummary>,
}

/// The lessons of one database.
pub struct Lessons<'a> {
    connection: &'a mut Connection,
    clock: &'a dyn Clock,
}

impl<'a> Lessons<'a> {
    pub(crate) fn new(connection: &'a mut Connection, clock: &'a dyn Clock) -> Self {
        Self { connection, clock }
    }

    /// Writes a new lesson, untested, and schedules its revisits [`REVISIT_AFTER_DAYS`] after
    /// today (in the user's time zone).
    pub fn create(&mut self, draft: &LessonDraft) -> Result<Lesson> {
        let wording = validate_wording(&draft.text, draft.if_situation.as_deref(), draft.then_action.as_deref())?;
        let now = self.clock.now().as_millisecond();
        let today = local_time::today(self.clock);
        let transaction = self.connection.transaction().context("start saving the lesson")?;
        let setback_ids = fields::existing_ids(&transaction, "setbacks", "Setback", &draft.setback_ids)?;
        let area_id = lesson_area(&transaction, draft.area_id, &setback_ids)?;
        transaction
            .execute(
                "INSERT INTO lessons (text, if_situation, then_action, area_id, status, written_on, time_zone,
                                      created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, 'untested', ?5, ?6, ?7, ?7)",
                params![
                    wording.text,
                    wording.if_situation,
                    wording.then_action,
                    area_id,
                    today.to_string(),
                    time_zone_name(&self.clock.time_zone()),
                    now
                ],
            )
            .context("save the lesson")?;
        let id = transaction.last_insert_rowid();
        fields::replace_links(&transaction, "lesson_setbacks", "lesson_id", id, "setback_id", &setback_ids)?;
        for days in REVISIT_AFTER_DAYS {
            let due_on = today.checked_add(days.days()).map_err(|error| {
                CoreError::InvalidInput(format!("A revisit {days} days from {today} cannot be scheduled: {error}."))
            })?;
            transaction
                .execute("INSERT INTO revisits (lesson_id, due_on) VALUES (?1, ?2)", params![id, due_on.to_string()])
                .context("schedule the revisits")?;
        }
        transaction.commit().context("save the lesson")?;
        self.get(id)
    }

    /// Replaces the wording, area and setbacks of lesson `id`, as a correction: no revision
    /// is recorded and the status is kept. Use [`Lessons::revise`] when the lesson itself
    /// changed.
    pub fn update(&mut self, id: i64, draft: &LessonDraft) -> Result<Lesson> {
        let wording = validate_wording(&draft.text, draft.if_situation.as_deref(), draft.then_action.as_deref())?;
        let now = self.clock.now().as_millisecond();
        let transaction = self.connection.transaction().context("start saving the lesson")?;
        ensure_exists(&transaction, id)?;
        let setback_ids = fields::existing_ids(&transaction, "setbacks", "Setback", &draft.setback_ids)?;
        let area_id = lesson_area(&transaction, draft.area_id, &setback_ids)?;
        transaction
            .execute(
                "UPDATE lessons SET text = ?2, if_situation = ?3, then_action = ?4, area_id = ?5, updated_at = ?6
                 WHERE id = ?1",
                params![id, wording.text, wording.if_situation, wording.then_action, area_id, now],
            )
            .context("save the lesson")?;
        fields::replace_links(&transaction, "lesson_setbacks", "lesson_id", id, "setback_id", &setback_ids)?;
        transaction.commit().context("save the lesson")?;
        self.get(id)
    }

    /// Rewords lesson `id`: the old wording is kept in its revisions and the status becomes
    /// *revised* (a new wording is untried).
    pub fn revise(&mut self, id: i64, wording: &LessonWording) -> Result<Lesson> {
        let wording = validate_wording(&wording.text, wording.if_situation.as_deref(), wording.then_action.as_deref())?;
        let now = self.clock.now().as_millisecond();
        let transaction = self.connection.transaction().context("start revising the lesson")?;
        ensure_exists(&transaction, id)?;
        transaction
            .execute(
                "INSERT INTO lesson_revisions (lesson_id, text, if_situation, then_action, revised_at)
                 SELECT id, text, if_situation, then_action, ?2 FROM lessons WHERE id = ?1",
                params![id, now],
            )
            .context("keep the old wording")?;
        transaction
            .execute(
                "UPDATE lessons SET text = ?2, if_situation = ?3, then_action = ?4, status = 'revised', updated_at = ?5
                 WHERE id = ?1",
                params![id, wording.text, wording.if_situation, wording.then_action, now],
            )
            .context("revise the lesson")?;
        transaction.commit().context("revise the lesson")?;
        self.get(id)
    }

    /// Sets the status of lesson `id` by hand, for when the user knows better than the
    /// revisits. *Revised* is refused: a lesson is revised by rewording it.
    pub fn set_status(&mut self, id: i64, status: LessonStatus) -> Result<Lesson> {
        if status == LessonStatus::Revised {
            return Err(CoreError::InvalidInput(
                "A lesson becomes revised by rewording it; use revise with the new wording.".to_owned(),
            ));
        }
        let now = self.clock.now().as_millisecond();
        let changed = self
            .connection
            .execute("UPDATE lessons SET status = ?2, updated_at = ?3 WHERE id = ?1", params![id, status, now])
            .context("save the lesson")?;
        if changed == 0 {
            return Err(lesson_not_found(id));
        }
        self.get(id)
    }

    /// Deletes lesson `id` with its revisits and revisions. The setbacks and goals it was
    /// linked to are kept.
    pub fn delete(&mut self, id: i64) -> Result<()> {
        let deleted =
            self.connection.execute("DELETE FROM lessons WHERE id = ?1", [id]).context("delete the lesson")?;
        if deleted == 0 {
            return Err(lesson_not_found(id));
        }
        Ok(())
    }

    /// Lesson `id` whole.
    pub fn get(&self, id: i64) -> Result<Lesson> {
        get(self.connection, id)
    }

    /// All lessons, newest first.
    pub fn list(&self) -> Result<Vec<LessonSummary>> {
        summaries(self.connection, "TRUE ORDER BY l.created_at DESC, l.id DESC", [])
    }

    /// The lessons drawn from setback `setback_id`, oldest first.
    pub fn for_setback(&self, setback_id: i64) -> Result<Vec<LessonSummary>> {
        crate::setbacks::ensure_exists(self.connection, setback_id)?;
        summaries(
            self.connection,
            "l.id IN (SELECT lesson_id FROM lesson_setbacks WHERE setback_id = ?1) ORDER BY l.created_at, l.id",
            [setback_id],
        )
    }

    /// Adds a revisit to lesson `lesson_id` on `due_on` (`YYYY-MM-DD`).
    pub fn add_revisit(&mut self, lesson_id: i64, due_on: &str) -> Result<Lesson> {
        let due_on = local_time::parse_local_date(due_on)?;
        let transaction = self.connection.transaction().context("start scheduling the revisit")?;
        let written_on = written_on(&transaction, lesson_id)?;
        check_revisit_date(due_on, &written_on)?;
        let count: i64 = transaction
            .query_row("SELECT count(*) FROM revisits WHERE lesson_id = ?1", [lesson_id], |row| row.get(0))
            .context("schedule the revisit")?;
        if count as usize >= MAX_REVISITS {
            return Err(CoreError::InvalidInput(format!("A lesson can have up to {MAX_REVISITS} revisits.")));
        }
        transaction
            .execute("INSERT INTO revisits (lesson_id, due_on) VALUES (?1, ?2)", params![lesson_id, due_on.to_string()])
            .context("schedule the revisit")?;
        transaction.commit().context("schedule the revisit")?;
        self.get(lesson_id)
    }

    /// Moves unanswered revisit `revisit_id` to `due_on` (`YYYY-MM-DD`).
    pub fn move_revisit(&mut self, revisit_id: i64, due_on: &str) -> Result<Lesson> {
        let due_on = local_time::parse_local_date(due_on)?;
        let transaction = self.connection.transaction().context("start moving the revisit")?;
        let lesson_id = open_revisit_lesson(&transaction, revisit_id, "moved")?;
        check_revisit_date(due_on, &written_on(&transaction, lesson_id)?)?;
        transaction
            .execute("UPDATE revisits SET due_on = ?2 WHERE id = ?1", params![revisit_id, due_on.to_string()])
            .context("move the revisit")?;
        transaction.commit().context("move the revisit")?;
        self.get(lesson_id)
    }

    /// Removes unanswered revisit `revisit_id`. Answered revisits are kept: they are the
    /// record of how the lesson was tested.
    pub fn remove_revisit(&mut self, revisit_id: i64) -> Result<Lesson> {
        let transaction = self.connection.transaction().context("start removing the revisit")?;
        let lesson_id = open_revisit_lesson(&transaction, revisit_id, "removed")?;
        transaction.execute("DELETE FROM revisits WHERE id = ?1", [revisit_id]).context("remove the revisit")?;
        transaction.commit().context("remove the revisit")?;
        self.get(lesson_id)
    }

    /// Answers revisit `revisit_id` and moves the lesson's status by [`status_after_answer`],
    /// in one transaction. A revisit is answered once; it may be answered before it is due.
    pub fn answer_revisit(&mut self, revisit_id: i64, answer: RevisitAnswer, note: &str) -> Result<Lesson> {
        let note = fields::text("the note", note, MAX_NOTE_CHARS, false)?;
        let now = self.clock.now().as_millisecond();
        let transaction = self.connection.transaction().context("start saving the answer")?;
        let lesson_id = open_revisit_lesson(&transaction, revisit_id, "answered again")?;
        let status: LessonStatus = transaction
            .query_row("SELECT status FROM lessons WHERE id = ?1", [lesson_id], |row| row.get(0))
            .context("read the lesson")?;
        transaction
            .execute(
                "UPDATE revisits SET answer = ?2, note = ?3, answered_at = ?4 WHERE id = ?1",
                params![revisit_id, answer, note, now],
            )
            .context("save the answer")?;
        let new_status = status_after_answer(status, answer);
        if new_status != status {
            transaction
                .execute(
                    "UPDATE lessons SET status = ?2, updated_at = ?3 WHERE id = ?1",
                    params![lesson_id, new_status, now],
                )
                .context("save the lesson's status")?;
        }
        transaction.commit().context("save the answer")?;
        self.get(lesson_id)
    }

    /// The lessons grouped by area (in the areas' order; areas without lessons left out) and,
    /// within an area, by status, newest first.
    pub fn roadmap(&self) -> Result<Vec<RoadmapArea>> {
        let areas = areas::list(self.connection)?;
        let lessons = summaries(self.connection, "TRUE ORDER BY l.created_at DESC, l.id DESC", [])?;
        let mut roadmap = Vec::new();
        for area in areas {
            let mut group = RoadmapArea {
                area,
                untested: Vec::new(),
                applied: Vec::new(),
                validated: Vec::new(),
                revised: Vec::new(),
            };
            for lesson in lessons.iter().filter(|lesson| lesson.area_id == group.area.id) {
                match lesson.status {
                    LessonStatus::Untested => group.untested.push(lesson.clone()),
                    LessonStatus::Applied => group.applied.push(lesson.clone()),
                    LessonStatus::Validated => group.validated.push(lesson.clone()),
                    LessonStatus::Revised => group.revised.push(lesson.clone()),
                }
            }
            if !(group.untested.is_empty()
                && group.applied.is_empty()
                && group.validated.is_empty()
                && group.revised.is_empty())
            {
                roadmap.push(group);
            }
        }
        Ok(roadmap)
    }
}

/// A checked wording: trimmed, the "if" and "then" both present or both absent.
fn validate_wording(text: &str, if_situation: Option<&str>, then_action: Option<&str>) -> Result<LessonWording> {
    let text = fields::text("the lesson", text, MAX_TEXT_CHARS, true)?;
    let if_situation = fields::optional_text("the “if” situation", if_situation, MAX_INTENTION_CHARS)?;
    let then_action = fields::optional_text("the “then” action", then_action, MAX_INTENTION_CHARS)?;
    if if_situation.is_some() != then_action.is_some() {
        return Err(CoreError::InvalidInput(
            "An if–then plan needs both parts: the situation (“if …”) and what you will do (“then I will …”)."
                .to_owned(),
        ));
    }
    Ok(LessonWording { text, if_situation, then_action })
}

/// The area for a lesson: the one chosen, else that of its first setback, else "Other".
fn lesson_area(connection: &Connection, area_id: Option<i64>, setback_ids: &[i64]) -> Result<i64> {
    if area_id.is_some() {
        return areas::resolve(connection, area_id);
    }
    match setback_ids.first() {
        Some(setback_id) => connection
            .query_row("SELECT area_id FROM setbacks WHERE id = ?1", [setback_id], |row| row.get(0))
            .context("read the setback's area"),
        None => areas::other_area(connection),
    }
}

fn check_revisit_date(due_on: Date, written_on: &str) -> Result<()> {
    if due_on.to_string().as_str() < written_on {
        return Err(CoreError::InvalidInput(format!(
            "A revisit on {due_on} would be before the lesson was written ({written_on})."
        )));
    }
    Ok(())
}

fn written_on(connection: &Connection, lesson_id: i64) -> Result<String> {
    connection
        .query_row("SELECT written_on FROM lessons WHERE id = ?1", [lesson_id], |row| row.get(0))
        .optional()
        .context("read the lesson")?
        .ok_or_else(|| lesson_not_found(lesson_id))
}

/// The lesson of revisit `revisit_id`, refusing an answered revisit, which cannot be `done`.
fn open_revisit_lesson(connection: &Connection, revisit_id: i64, done: &str) -> Result<i64> {
    let (lesson_id, answered): (i64, bool) = connection
        .query_row("SELECT lesson_id, answer IS NOT NULL FROM revisits WHERE id = ?1", [revisit_id], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .optional()
        .context("read the revisit")?
        .ok_or_else(|| CoreError::NotFound { what: format!("Revisit {revisit_id}") })?;
    if answered {
        return Err(CoreError::InvalidInput(format!(
            "This revisit has already been answered and cannot be {done}; it is part of the lesson's record."
        )));
    }
    Ok(lesson_id)
}

fn ensure_exists(connection: &Connection, id: i64) -> Result<()> {
    written_on(connection, id).map(drop)
}

/// Lesson summaries matching `condition` (SQL on `lessons l`, with its ORDER BY).
pub(crate) fn summaries<P: rusqlite::Params>(
    connection: &Connection,
    condition: &str,
    params: P,
) -> Result<Vec<LessonSummary>> {
    let mut statement = connection
        .prepare_cached(&format!(
            "SELECT l.id, l.text, l.if_situation, l.then_action, l.area_id, l.status, l.written_on,
                    (SELECT min(due_on) FROM revisits r WHERE r.lesson_id = l.id AND r.answer IS NULL)
             FROM lessons l WHERE {condition}"
        ))
        .context("list the lessons")?;
    let rows = statement.query_map(params, summary_from_row).context("list the lessons")?;
    rows.collect::<rusqlite::Result<Vec<_>>>().context("list the lessons")
}

fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<LessonSummary> {
    Ok(LessonSummary {
        id: row.get(0)?,
        text: row.get(1)?,
        if_situation: row.get(2)?,
        then_action: row.get(3)?,
        area_id: row.get(4)?,
        status: row.get(5)?,
        written_on: row.get(6)?,
        next_revisit_on: row.get(7)?,
    })
}

pub(crate) fn get(connection: &Connection, id: i64) -> Result<Lesson> {
    let mut lesson = connection
        .query_row(
            "SELECT id, text, if_situation, then_action, area_id, status, written_on, time_zone, created_at, updated_at
             FROM lessons WHERE id = ?1",
            [id],
            |row| {
                Ok(Lesson {
                    id: row.get(0)?,
                    text: row.get(1)?,
                    if_situation: row.get(2)?,
                    then_action: row.get(3)?,
                    area_id: row.get(4)?,
                    status: row.get(5)?,
                    written_on: row.get(6)?,
                    time_zone: row.get(7)?,
                    setback_ids: Vec::new(),
                    revisits: Vec::new(),
                    revisions: Vec::new(),
                    status_after: StatusAfterAnswers::for_status(row.get(5)?),
                    created_at: rfc3339(row.get(8)?),
                    updated_at: rfc3339(row.get(9)?),
                })
            },
        )
        .optional()
        .context("read the lesson")?
        .ok_or_else(|| lesson_not_found(id))?;
    lesson.setback_ids = fields::linked_ids(connection, "lesson_setbacks", "lesson_id", id, "setback_id")?;
    lesson.revisits = {
        let mut statement = connection
            .prepare_cached(
                "SELECT id, lesson_id, due_on, answer, note, answered_at FROM revisits WHERE lesson_id = ?1
                 ORDER BY due_on, id",
            )
            .context("read the revisits")?;
        let rows = statement.query_map([id], revisit_from_row).context("read the revisits")?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context("read the revisits")?
    };
    lesson.revisions = {
        let mut statement = connection
            .prepare_cached(
                "SELECT text, if_situation, then_action, revised_at FROM lesson_revisions WHERE lesson_id = ?1
                 ORDER BY revised_at, id",
            )
            .context("read the revisions")?;
        let rows = statement
            .query_map([id], |row| {
                Ok(LessonRevision {
                    text: row.get(0)?,
                    if_situation: row.get(1)?,
                    then_action: row.get(2)?,
                    revised_at: rfc3339(row.get(3)?),
                })
            })
            .context("read the revisions")?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context("read the revisions")?
    };
    Ok(lesson)
}

pub(crate) fn revisit_from_row(row: &Row<'_>) -> rusqlite::Result<Revisit> {
    Ok(Revisit {
        id: row.get(0)?,
        lesson_id: row.get(1)?,
        due_on: row.get(2)?,
        answer: row.get(3)?,
        note: row.get(4)?,
        answered_at: row.get::<_, Option<i64>>(5)?.map(rfc3339),
    })
}

pub(crate) fn lesson_not_found(id: i64) -> CoreError {
    CoreError::NotFound { what: format!("Lesson {id}") }
}
