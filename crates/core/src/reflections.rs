//! Reflections on a setback, written with a template.
//!
//! Starting a reflection copies the template's name and prompts into it, so that editing or
//! deleting the template later never changes what the reflection asked, nor breaks it. The
//! answers are saved as a draft as often as the UI likes (autosave), and completing records
//! the emotional shift: the setback's first feelings ("before") beside the user's re-rating
//! ("after").

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::Clock;
use crate::error::{CoreError, Result, StorageContext};
use crate::fields::{self, MAX_TEXT_CHARS};
use crate::local_time::rfc3339;
use crate::setbacks::{self, Feeling};
use crate::templates::{self, PromptKind};

/// A prompt of a reflection, as it was when the reflection started, with its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReflectionAnswer {
    pub prompt: String,
    pub kind: PromptKind,
    /// Words; for a rating prompt, an optional note.
    pub text: String,
    /// 0 to 100, for a rating prompt; `None` until rated.
    pub rating: Option<u8>,
}

/// The user's answer to one prompt.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AnswerDraft {
    pub text: String,
    /// 0 to 100; only for rating prompts.
    pub rating: Option<u8>,
}

/// How one feeling changed between the setback and the end of a reflection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FeelingShift {
    pub emotion: String,
    /// `None`: the feeling was not noted with the setback.
    pub before: Option<u8>,
    /// `None`: the feeling was not re-rated.
    pub after: Option<u8>,
}

/// A reflection as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Reflection {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub setback_id: i64,
    /// The template it was started from; `None` once that template is deleted.
    #[ts(type = "number | null")]
    pub template_id: Option<i64>,
    /// The template's name when the reflection started.
    pub template_name: String,
    /// One per prompt, in order.
    pub answers: Vec<ReflectionAnswer>,
    /// The setback's first feelings: as they were at completion once completed, as they are
    /// now before that.
    pub feelings_before: Vec<Feeling>,
    /// The re-rated feelings; empty until completed.
    pub feelings_after: Vec<Feeling>,
    /// Before and after side by side, each emotion once (those noted before first); empty
    /// until completed.
    pub shift: Vec<FeelingShift>,
    /// RFC 3339, UTC.
    pub started_at: String,
    /// RFC 3339, UTC: the last save.
    pub updated_at: String,
    /// RFC 3339, UTC; `None` while it is a draft.
    pub completed_at: Option<String>,
}

/// The reflections of one database.
pub struct Reflections<'a> {
    connection: &'a mut Connection,
    clock: &'a dyn Clock,
}

impl<'a> Reflections<'a> {
    pub(crate) fn new(connection: &'a mut Connection, clock: &'a dyn Clock) -> Self {
        Self { connection, clock }
    }

    /// Starts a reflection on setback `setback_id` with template `template_id`, with blank
    /// answers. It may be started during the cool-down: the setback's `ready_at` tells the UI
    /// when the cool-down ends, so that it can say so gently; nothing is refused.
    pub fn start(&mut self, setback_id: i64, template_id: i64) -> Result<Reflection> {
        let now = self.clock.now().as_millisecond();
        let transaction = self.connection.transaction().context("start the reflection")?;
        setbacks::ensure_exists(&transaction, setback_id)?;
        let template = templates::get(&transaction, template_id)?;
        transaction
            .execute(
                "INSERT INTO reflections (setback_id, template_id, template_name, started_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
                params![setback_id, template_id, template.name, now],
            )
            .context("start the reflection")?;
        let id = transaction.last_insert_rowid();
        {
            let mut statement = transaction
                .prepare_cached(
                    "INSERT INTO reflection_answers (reflection_id, position, prompt, kind) VALUES (?1, ?2, ?3, ?4)",
                )
                .context("start the reflection")?;
            for (position, prompt) in template.prompts.iter().enumerate() {
                statement
                    .execute(params![id, position as i64, prompt.text, prompt.kind])
                    .context("start the reflection")?;
            }
        }
        transaction.commit().context("start the reflection")?;
        self.get(id)
    }

    /// Saves `answers` (one per prompt, in order; prompts after the last answer are left
    /// blank), replacing what was saved before. Safe to call as often as the UI autosaves. A
    /// completed reflection can still be edited this way and stays completed.
    pub fn save_draft(&mut self, id: i64, answers: &[AnswerDraft]) -> Result<Reflection> {
        let now = self.clock.now().as_millisecond();
        let transaction = self.connection.transaction().context("start saving the reflection")?;
        let kinds = prompt_kinds(&transaction, id)?;
        let answers = validate_answers(&kinds, answers)?;
        write_answers(&transaction, id, &answers, now)?;
        transaction.commit().context("save the reflection")?;
        self.get(id)
    }

    /// Saves `answers` and completes the reflection, recording the emotional shift: the
    /// setback's first feelings as they are now ("before") and `feelings_after`, the user's
    /// re-rating. Completing again replaces the answers and the re-rating but keeps the first
    /// completion time and "before".
    pub fn complete(&mut self, id: i64, answers: &[AnswerDraft], feelings_after: &[Feeling]) -> Result<Reflection> {
        let now = self.clock.now().as_millisecond();
        let feelings_after = setbacks::validate_feelings(feelings_after)?;
        let transaction = self.connection.transaction().context("start completing the reflection")?;
        let kinds = prompt_kinds(&transaction, id)?;
        let answers = validate_answers(&kinds, answers)?;
        if answers.iter().all(|answer| answer.text.is_empty() && answer.rating.is_none()) {
            return Err(CoreError::InvalidInput(
                "Answer at least one prompt before completing the reflection.".to_owned(),
            ));
        }
        let (setback_id, completed_at): (i64, Option<i64>) = transaction
            .query_row("SELECT setback_id, completed_at FROM reflections WHERE id = ?1", [id], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .context("complete the reflection")?;
        write_answers(&transaction, id, &answers, now)?;
        if completed_at.is_none() {
            let before = setbacks::read_feelings(&transaction, setback_id)?;
            write_feelings(&transaction, id, "before", &before)?;
            transaction
                .execute("UPDATE reflections SET completed_at = ?2 WHERE id = ?1", params![id, now])
                .context("complete the reflection")?;
        }
        transaction
            .execute("DELETE FROM reflection_feelings WHERE reflection_id = ?1 AND phase = 'after'", [id])
            .context("complete the reflection")?;
        write_feelings(&transaction, id, "after", &feelings_after)?;
        transaction.commit().context("complete the reflection")?;
        self.get(id)
    }

    /// Reflection `id`.
    pub fn get(&self, id: i64) -> Result<Reflection> {
        get(self.connection, id)
    }

    /// The reflections on setback `setback_id`, oldest first.
    pub fn for_setback(&self, setback_id: i64) -> Result<Vec<Reflection>> {
        setbacks::ensure_exists(self.connection, setback_id)?;
        let ids: Vec<i64> = {
            let mut statement = self
                .connection
                .prepare_cached("SELECT id FROM reflections WHERE setback_id = ?1 ORDER BY started_at, id")
                .context("list the reflections")?;
            let rows = statement.query_map([setback_id], |row| row.get(0)).context("list the reflections")?;
            rows.collect::<rusqlite::Result<Vec<i64>>>().context("list the reflections")?
        };
        ids.into_iter().map(|id| get(self.connection, id)).collect()
    }

    /// Deletes reflection `id`.
    pub fn delete(&mut self, id: i64) -> Result<()> {
        let deleted =
            self.connection.execute("DELETE FROM reflections WHERE id = ?1", [id]).context("delete the reflection")?;
        if deleted == 0 {
            return Err(reflection_not_found(id));
        }
        Ok(())
    }
}

/// The kinds of the prompts of reflection `id`, in order.
fn prompt_kinds(connection: &Connection, id: i64) -> Result<Vec<PromptKind>> {
    let exists: bool = connection
        .query_row("SELECT EXISTS (SELECT 1 FROM reflections WHERE id = ?1)", [id], |row| row.get(0))
        .context("read the reflection")?;
    if !exists {
        return Err(reflection_not_found(id));
    }
    let mut statement = connection
        .prepare_cached("SELECT kind FROM reflection_answers WHERE reflection_id = ?1 ORDER BY position")
        .context("read the reflection")?;
    let rows = statement.query_map([id], |row| row.get(0)).context("read the reflection")?;
    rows.collect::<rusqlite::Result<Vec<PromptKind>>>().context("read the reflection")
}

/// Checks `answers` against the prompts' kinds and pads them with blanks to one per prompt.
fn validate_answers(kinds: &[PromptKind], answers: &[AnswerDraft]) -> Result<Vec<AnswerDraft>> {
    if answers.len() > kinds.len() {
        return Err(CoreError::InvalidInput(format!(
            "This reflection has {} prompts, but {} answers were sent.",
            kinds.len(),
            answers.len()
        )));
    }
    let mut valid = Vec::with_capacity(kinds.len());
    for (index, kind) in kinds.iter().enumerate() {
        let Some(answer) = answers.get(index) else {
            valid.push(AnswerDraft::default());
            continue;
        };
        let number = index + 1;
        let text = fields::text(&format!("the answer to prompt {number}"), &answer.text, MAX_TEXT_CHARS, false)?;
        match (kind, answer.rating) {
            (PromptKind::Text, Some(_)) => {
                return Err(CoreError::InvalidInput(format!(
                    "Prompt {number} is answered in words, not with a rating."
                )));
            }
            (PromptKind::Rating, Some(rating)) if rating > 100 => {
                return Err(CoreError::InvalidInput(format!(
                    "The rating for prompt {number} must be between 0 and 100, not {rating}."
                )));
            }
            _ => {}
        }
        valid.push(AnswerDraft { text, rating: answer.rating });
    }
    Ok(valid)
}

fn write_answers(connection: &Connection, id: i64, answers: &[AnswerDraft], now: i64) -> Result<()> {
    let mut statement = connection
        .prepare_cached(
            "UPDATE reflection_answers SET answer = ?3, rating = ?4 WHERE reflection_id = ?1 AND position = ?2",
        )
        .context("save the answers")?;
    for (position, answer) in answers.iter().enumerate() {
        statement.execute(params![id, position as i64, answer.text, answer.rating]).context("save the answers")?;
    }
    connection
        .execute("UPDATE reflections SET updated_at = ?2 WHERE id = ?1", params![id, now])
        .context("save the reflection")?;
    Ok(())
}

fn write_feelings(connection: &Connection, id: i64, phase: &str, feelings: &[Feeling]) -> Result<()> {
    let mut statement = connection
        .prepare_cached(
            "INSERT INTO reflection_feelings (reflection_id, phase, position, emotion, intensity)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .context("save the feelings")?;
    for (position, feeling) in feelings.iter().enumerate() {
        statement
            .execute(params![id, phase, position as i64, feeling.emotion, feeling.intensity])
            .context("save the feelings")?;
    }
    Ok(())
}

fn read_feelings(connection: &Connection, id: i64, phase: &str) -> Result<Vec<Feeling>> {
    let mut statement = connection
        .prepare_cached(
            "SELECT emotion, intensity FROM reflection_feelings WHERE reflection_id = ?1 AND phase = ?2 ORDER BY position",
        )
        .context("read the feelings")?;
    let rows = statement
        .query_map(params![id, phase], |row| Ok(Feeling { emotion: row.get(0)?, intensity: row.get(1)? }))
        .context("read the feelings")?;
    rows.collect::<rusqlite::Result<Vec<_>>>().context("read the feelings")
}

fn get(connection: &Connection, id: i64) -> Result<Reflection> {
    let mut reflection = connection
        .query_row(
            "SELECT id, setback_id, template_id, template_name, started_at, updated_at, completed_at
             FROM reflections WHERE id = ?1",
            [id],
            |row| {
                Ok(Reflection {
                    id: row.get(0)?,
                    setback_id: row.get(1)?,
                    template_id: row.get(2)?,
                    template_name: row.get(3)?,
                    answers: Vec::new(),
                    feelings_before: Vec::new(),
                    feelings_after: Vec::new(),
                    shift: Vec::new(),
                    started_at: rfc3339(row.get(4)?),
                    updated_at: rfc3339(row.get(5)?),
                    completed_at: row.get::<_, Option<i64>>(6)?.map(rfc3339),
                })
            },
        )
        .optional()
        .context("read the reflection")?
        .ok_or_else(|| reflection_not_found(id))?;
    reflection.answers = {
        let mut statement = connection
            .prepare_cached(
                "SELECT prompt, kind, answer, rating FROM reflection_answers WHERE reflection_id = ?1 ORDER BY position",
            )
            .context("read the answers")?;
        let rows = statement
            .query_map([id], |row| {
                Ok(ReflectionAnswer { prompt: row.get(0)?, kind: row.get(1)?, text: row.get(2)?, rating: row.get(3)? })
            })
            .context("read the answers")?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context("read the answers")?
    };
    if reflection.completed_at.is_some() {
        reflection.feelings_before = read_feelings(connection, id, "before")?;
        reflection.feelings_after = read_feelings(connection, id, "after")?;
        reflection.shift = shift(&reflection.feelings_before, &reflection.feelings_after);
    } else {
        reflection.feelings_before = setbacks::read_feelings(connection, reflection.setback_id)?;
    }
    Ok(reflection)
}

/// Pairs the feelings before and after by emotion (ignoring case): the feelings noted before
/// come first in their order, then those only in the re-rating.
pub fn shift(before: &[Feeling], after: &[Feeling]) -> Vec<FeelingShift> {
    let same = |a: &Feeling, b: &Feeling| a.emotion.to_lowercase() == b.emotion.to_lowercase();
    let mut shifts: Vec<FeelingShift> = before
        .iter()
        .map(|feeling| FeelingShift {
            emotion: feeling.emotion.clone(),
            before: Some(feeling.intensity),
            after: after.iter().find(|other| same(feeling, other)).map(|other| other.intensity),
        })
        .collect();
    shifts.extend(after.iter().filter(|feeling| !before.iter().any(|other| same(feeling, other))).map(|feeling| {
        FeelingShift { emotion: feeling.emotion.clone(), before: None, after: Some(feeling.intensity) }
    }));
    shifts
}

fn reflection_not_found(id: i64) -> CoreError {
    CoreError::NotFound { what: format!("Reflection {id}") }
}
