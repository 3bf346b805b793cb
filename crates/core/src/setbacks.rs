//! Setbacks: what happened, how it felt, and where the user is in the failing-up loop.
//!
//! A setback moves through the stages *cooling_down → ready_to_reflect → reflected →
//! lessons_drawn → recovered*. The stage is never stored: [`stage`] computes it from the
//! setback, its reflections and lessons, and the current instant, so that it cannot go stale
//! when the clock moves, the default cool-down changes or a reflection is deleted.

use jiff::{SignedDuration, Timestamp};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::Clock;
use crate::error::{CoreError, Result, StorageContext};
use crate::fields::{self, text_enum, MAX_TEXT_CHARS, MAX_TITLE_CHARS};
use crate::local_time::{self, rfc3339};
use crate::{areas, settings};

/// Largest page the list returns, whatever is asked.
pub const MAX_PAGE_SIZE: u32 = 200;
/// Most feelings on one setback or re-rating.
pub const MAX_FEELINGS: usize = 20;
/// Longest emotion word, in characters.
pub const MAX_EMOTION_CHARS: usize = 40;

/// Emotions the UI offers to pick from. The user may also type their own word.
pub const SUGGESTED_EMOTIONS: &[&str] = &[
    "disappointed",
    "frustrated",
    "embarrassed",
    "ashamed",
    "anxious",
    "angry",
    "sad",
    "hurt",
    "guilty",
    "discouraged",
    "confused",
    "relieved",
];

/// How much of what happened was in the user's control.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Control {
    None,
    #[default]
    Some,
    Most,
    All,
}

text_enum!(Control { None => "none", Some => "some", Most => "most", All => "all" });

/// Where a setback is in the failing-up loop. See [`stage`] for the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    CoolingDown,
    ReadyToReflect,
    Reflected,
    LessonsDrawn,
    Recovered,
}

/// A feeling and how strong it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Feeling {
    /// One of [`SUGGESTED_EMOTIONS`] or the user's own word.
    pub emotion: String,
    /// 0 (barely) to 100 (overwhelming).
    pub intensity: u8,
}

/// A setback as stored, with its computed stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Setback {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    /// The facts, as plainly as the user can put them.
    pub what_happened: String,
    /// When it happened, as the user saw it: `YYYY-MM-DDTHH:MM` in `time_zone`.
    pub local_date_time: String,
    /// The IANA time zone of `local_date_time`.
    pub time_zone: String,
    #[ts(type = "number")]
    pub area_id: i64,
    /// 1 (a scratch) to 10 (life-changing).
    pub impact: u8,
    pub control: Control,
    /// The first feelings, in the user's order.
    pub feelings: Vec<Feeling>,
    /// Linked journal entries.
    #[ts(type = "Array<number>")]
    pub entry_ids: Vec<i64>,
    /// This setback's own cool-down in hours; `None` follows the setting.
    pub cool_down_hours: Option<u32>,
    /// The cool-down that applies: its own, else the setting.
    pub effective_cool_down_hours: u32,
    /// RFC 3339, UTC: when the cool-down ends (see [`ready_at`]).
    pub ready_at: String,
    pub stage: Stage,
    /// The local date the user said "I've bounced back", if they have.
    pub recovered_on: Option<String>,
    pub reflection_count: u32,
    pub completed_reflection_count: u32,
    /// Lessons drawn from this setback.
    #[ts(type = "Array<number>")]
    pub lesson_ids: Vec<i64>,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

/// What the user writes: used both to create a setback and to replace its editable fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetbackDraft {
    pub title: String,
    pub what_happened: String,
    /// `YYYY-MM-DDTHH:MM`, in the past or now; `None` means now.
    pub local_date_time: Option<String>,
    /// An IANA time zone; `None` means the user's current time zone.
    pub time_zone: Option<String>,
    /// `None` files it under the built-in area "Other".
    #[ts(type = "number | null")]
    pub area_id: Option<i64>,
    /// 1 to 10.
    pub impact: u8,
    pub control: Control,
    pub feelings: Vec<Feeling>,
    #[ts(type = "Array<number>")]
    pub entry_ids: Vec<i64>,
    /// Hours; `None` follows the setting.
    pub cool_down_hours: Option<u32>,
}

impl Default for SetbackDraft {
    fn default() -> Self {
        Self {
            title: String::new(),
            what_happened: String::new(),
            local_date_time: None,
            time_zone: None,
            area_id: None,
            impact: 5,
            control: Control::default(),
            feelings: Vec::new(),
            entry_ids: Vec::new(),
            cool_down_hours: None,
        }
    }
}

/// A setback as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetbackSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub local_date_time: String,
    pub time_zone: String,
    #[ts(type = "number")]
    pub area_id: i64,
    pub impact: u8,
    pub stage: Stage,
    /// RFC 3339, UTC: when the cool-down ends.
    pub ready_at: String,
    pub recovered_on: Option<String>,
}

/// One page of setbacks, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetbackPage {
    pub setbacks: Vec<SetbackSummary>,
    /// Pass this back to get the next page; `None` when there is no more.
    pub next_cursor: Option<String>,
}

/// What the stage of a setback depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageFacts {
    /// The instant the setback happened.
    pub happened_at: Timestamp,
    /// The cool-down that applies to it, in hours.
    pub cool_down_hours: u32,
    /// How many of its reflections are completed (drafts do not count).
    pub completed_reflections: u32,
    /// How many lessons are linked to it.
    pub lessons: u32,
    /// Whether the user has said "I've bounced back".
    pub recovered: bool,
}

/// When a cool-down ends: `cool_down_hours` of *elapsed* time after the instant the setback
/// happened.
///
/// Elapsed time, not wall-clock time: a 24-hour cool-down of a setback at 12:00 in Berlin on
/// the day before clocks go forward ends at 13:00 local time the next day, because only 23
/// wall-clock hours pass between 12:00 and 12:00 on that night. The cool-down is about time
/// passing for the person, which daylight saving does not change, and it does not depend on
/// the zone the user happens to be in when they look.
pub fn ready_at(happened_at: Timestamp, cool_down_hours: u32) -> Timestamp {
    happened_at.saturating_add(SignedDuration::from_hours(i64::from(cool_down_hours))).unwrap_or(happened_at)
}

/// The stage of a setback at `now`. The first rule that holds wins:
///
/// 1. *recovered*: the user said "I've bounced back" (whatever else is true);
/// 2. *lessons_drawn*: at least one lesson is linked to it;
/// 3. *reflected*: at least one reflection on it is completed;
/// 4. *ready_to_reflect*: the cool-down is over (`now` ≥ [`ready_at`]);
/// 5. *cooling_down*: otherwise.
///
/// A draft reflection does not move the stage: the user may start reflecting during the
/// cool-down (the UI says, gently, when it ends), but the setback stays *cooling_down* until
/// either the cool-down ends or the reflection is completed.
pub fn stage(facts: &StageFacts, now: Timestamp) -> Stage {
    if facts.recovered {
        Stage::Recovered
    } else if facts.lessons > 0 {
        Stage::LessonsDrawn
    } else if facts.completed_reflections > 0 {
        Stage::Reflected
    } else if now >= ready_at(facts.happened_at, facts.cool_down_hours) {
        Stage::ReadyToReflect
    } else {
        Stage::CoolingDown
    }
}

/// The setbacks of one database.
pub struct Setbacks<'a> {
    connection: &'a mut Connection,
    clock: &'a dyn Clock,
}

/// A draft that passed validation, with its time resolved.
struct ValidDraft {
    title: String,
    what_happened: String,
    local: local_time::ResolvedLocal,
    area_id: i64,
    impact: u8,
    control: Control,
    feelings: Vec<Feeling>,
    entry_ids: Vec<i64>,
    cool_down_hours: Option<u32>,
}

impl<'a> Setbacks<'a> {
    pub(crate) fn new(connection: &'a mut Connection, clock: &'a dyn Clock) -> Self {
        Self { connection, clock }
    }

    /// Records a new setback.
    pub fn create(&mut self, draft: &SetbackDraft) -> Result<Setback> {
        let now = self.clock.now().as_millisecond();
        let transaction = self.connection.transaction().context("start saving the setback")?;
        let valid = validate(&transaction, self.clock, draft)?;
        transaction
            .execute(
                "INSERT INTO setbacks (title, what_happened, local_date, local_time, time_zone, happened_at, area_id,
                                       impact, control, cool_down_hours, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
                params![
                    valid.title,
                    valid.what_happened,
                    valid.local.local_date,
                    valid.local.local_time,
                    valid.local.time_zone,
                    valid.local.instant,
                    valid.area_id,
                    valid.impact,
                    valid.control,
                    valid.cool_down_hours,
                    now
                ],
            )
            .context("save the setback")?;
        let id = transaction.last_insert_rowid();
        write_feelings(&transaction, id, &valid.feelings)?;
        fields::replace_links(&transaction, "setback_entries", "setback_id", id, "entry_id", &valid.entry_ids)?;
        transaction.commit().context("save the setback")?;
        self.get(id)
    }

    /// Replaces the editable fields of setback `id`. Whether it is marked recovered is kept.
    pub fn update(&mut self, id: i64, draft: &SetbackDraft) -> Result<Setback> {
        let now = self.clock.now().as_millisecond();
        let transaction = self.connection.transaction().context("start saving the setback")?;
        let valid = validate(&transaction, self.clock, draft)?;
        let changed = transaction
            .execute(
                "UPDATE setbacks SET title = ?2, what_happened = ?3, local_date = ?4, local_time = ?5, time_zone = ?6,
                        happened_at = ?7, area_id = ?8, impact = ?9, control = ?10, cool_down_hours = ?11, updated_at = ?12
                 WHERE id = ?1",
                params![
                    id,
                    valid.title,
                    valid.what_happened,
                    valid.local.local_date,
                    valid.local.local_time,
                    valid.local.time_zone,
                    valid.local.instant,
                    valid.area_id,
                    valid.impact,
                    valid.control,
                    valid.cool_down_hours,
                    now
                ],
            )
            .context("save the setback")?;
        if changed == 0 {
            return Err(setback_not_found(id));
        }
        transaction.execute("DELETE FROM setback_feelings WHERE setback_id = ?1", [id]).context("save the feelings")?;
        write_feelings(&transaction, id, &valid.feelings)?;
        fields::replace_links(&transaction, "setback_entries", "setback_id", id, "entry_id", &valid.entry_ids)?;
        transaction.commit().context("save the setback")?;
        self.get(id)
    }

    /// Deletes setback `id` with its feelings and reflections.
    ///
    /// **Lessons are never deleted with a setback.** Only the links from lessons (and goals)
    /// to this setback are removed: a lesson that other setbacks support keeps those links,
    /// and a lesson left with no setback at all is kept, unlinked. What the user learnt
    /// stays theirs even when they no longer want the record of how they learnt it.
    pub fn delete(&mut self, id: i64) -> Result<()> {
        let transaction = self.connection.transaction().context("start deleting the setback")?;
        // The links go by ON DELETE CASCADE on lesson_setbacks and goal_setbacks; the
        // lessons and goals themselves have no foreign key to setbacks.
        let deleted = transaction.execute("DELETE FROM setbacks WHERE id = ?1", [id]).context("delete the setback")?;
        if deleted == 0 {
            return Err(setback_not_found(id));
        }
        transaction.commit().context("delete the setback")
    }

    /// Marks setback `id` as bounced back from on `on` (a local date `YYYY-MM-DD`; `None`
    /// means today in the user's time zone).
    pub fn mark_recovered(&mut self, id: i64, on: Option<&str>) -> Result<Setback> {
        let date = match on {
            Some(text) => local_time::parse_local_date(text)?,
            None => local_time::today(self.clock),
        }
        .to_string();
        let now = self.clock.now().as_millisecond();
        let transaction = self.connection.transaction().context("start saving the setback")?;
        let happened_on: String = transaction
            .query_row("SELECT local_date FROM setbacks WHERE id = ?1", [id], |row| row.get(0))
            .optional()
            .context("read the setback")?
            .ok_or_else(|| setback_not_found(id))?;
        // ISO dates compare correctly as text.
        if date < happened_on {
            return Err(CoreError::InvalidInput(format!(
                "{date} is before the setback happened ({happened_on}); choose the day you bounced back."
            )));
        }
        transaction
            .execute("UPDATE setbacks SET recovered_on = ?2, updated_at = ?3 WHERE id = ?1", params![id, date, now])
            .context("save the setback")?;
        transaction.commit().context("save the setback")?;
        self.get(id)
    }

    /// Undoes [`Setbacks::mark_recovered`].
    pub fn unmark_recovered(&mut self, id: i64) -> Result<Setback> {
        let now = self.clock.now().as_millisecond();
        let changed = self
            .connection
            .execute("UPDATE setbacks SET recovered_on = NULL, updated_at = ?2 WHERE id = ?1", params![id, now])
            .context("save the setback")?;
        if changed == 0 {
            return Err(setback_not_found(id));
        }
        self.get(id)
    }

    /// Reads setback `id` whole, with its stage now.
    pub fn get(&self, id: i64) -> Result<Setback> {
        get(self.connection, self.clock, id)
    }

    /// One page of setbacks, newest first by when they happened. `cursor` is the
    /// `next_cursor` of the page before.
    pub fn list(&self, cursor: Option<&str>, limit: u32) -> Result<SetbackPage> {
        let limit = limit.clamp(1, MAX_PAGE_SIZE);
        let (before_happened_at, before_id) = match cursor {
            None => (i64::MAX, i64::MAX),
            Some(cursor) => parse_cursor(cursor)?,
        };
        let default_hours = settings::cool_down_hours(self.connection)?;
        let now = self.clock.now();
        // Keyset pagination on (happened_at DESC, id DESC), as for journal entries.
        let mut statement = self
            .connection
            .prepare_cached(&format!(
                "{SUMMARY_SELECT}
                 WHERE (s.happened_at, s.id) < (?1, ?2)
                 ORDER BY s.happened_at DESC, s.id DESC
                 LIMIT ?3"
            ))
            .context("list the setbacks")?;
        let rows = statement
            .query_map(params![before_happened_at, before_id, limit + 1], |row| {
                summary_from_row(row, default_hours, now)
            })
            .context("list the setbacks")?;
        let mut page = rows.collect::<rusqlite::Result<Vec<_>>>().context("list the setbacks")?;
        let next_cursor = if page.len() > limit as usize {
            page.truncate(limit as usize);
            page.last().map(|(summary, happened_at)| format!("{happened_at}:{}", summary.id))
        } else {
            None
        };
        Ok(SetbackPage { setbacks: page.into_iter().map(|(summary, _)| summary).collect(), next_cursor })
    }
}

fn validate(connection: &Connection, clock: &dyn Clock, draft: &SetbackDraft) -> Result<ValidDraft> {
    let title = fields::text("the title", &draft.title, MAX_TITLE_CHARS, true)?;
    let what_happened = fields::text("what happened", &draft.what_happened, MAX_TEXT_CHARS, false)?;
    if !(1..=10).contains(&draft.impact) {
        return Err(CoreError::InvalidInput(format!("Impact must be between 1 and 10, not {}.", draft.impact)));
    }
    let feelings = validate_feelings(&draft.feelings)?;
    if let Some(hours) = draft.cool_down_hours {
        settings::check_cool_down_hours(hours)?;
    }
    let local = local_time::resolve(draft.local_date_time.as_deref(), draft.time_zone.as_deref(), clock)?;
    let area_id = areas::resolve(connection, draft.area_id)?;
    let entry_ids = fields::existing_ids(connection, "entries", "Journal entry", &draft.entry_ids)?;
    Ok(ValidDraft {
        title,
        what_happened,
        local,
        area_id,
        impact: draft.impact,
        control: draft.control,
        feelings,
        entry_ids,
        cool_down_hours: draft.cool_down_hours,
    })
}

/// Trims emotion words and checks them and their intensities; the same emotion twice (in
/// any case) is refused, because the UI could not tell which to show in the shift.
pub(crate) fn validate_feelings(feelings: &[Feeling]) -> Result<Vec<Feeling>> {
    if feelings.len() > MAX_FEELINGS {
        return Err(CoreError::InvalidInput(format!(
            "Up to {MAX_FEELINGS} feelings can be noted, not {}.",
            feelings.len()
        )));
    }
    let mut kept: Vec<Feeling> = Vec::new();
    for feeling in feelings {
        let emotion = fields::text("an emotion", &feeling.emotion, MAX_EMOTION_CHARS, true)?;
        if feeling.intensity > 100 {
            return Err(CoreError::InvalidInput(format!(
                "The intensity of “{emotion}” must be between 0 and 100, not {}.",
                feeling.intensity
            )));
        }
        if kept.iter().any(|existing| existing.emotion.to_lowercase() == emotion.to_lowercase()) {
            return Err(CoreError::InvalidInput(format!("“{emotion}” is listed twice; keep one of them.")));
        }
        kept.push(Feeling { emotion, intensity: feeling.intensity });
    }
    Ok(kept)
}

fn write_feelings(connection: &Connection, setback_id: i64, feelings: &[Feeling]) -> Result<()> {
    let mut statement = connection
        .prepare_cached(
            "INSERT INTO setback_feelings (setback_id, position, emotion, intensity) VALUES (?1, ?2, ?3, ?4)",
        )
        .context("save the feelings")?;
    for (position, feeling) in feelings.iter().enumerate() {
        statement
            .execute(params![setback_id, position as i64, feeling.emotion, feeling.intensity])
            .context("save the feelings")?;
    }
    Ok(())
}

/// The first feelings of setback `setback_id`, in the user's order.
pub(crate) fn read_feelings(connection: &Connection, setback_id: i64) -> Result<Vec<Feeling>> {
    let mut statement = connection
        .prepare_cached("SELECT emotion, intensity FROM setback_feelings WHERE setback_id = ?1 ORDER BY position")
        .context("read the feelings")?;
    let rows = statement
        .query_map([setback_id], |row| Ok(Feeling { emotion: row.get(0)?, intensity: row.get(1)? }))
        .context("read the feelings")?;
    rows.collect::<rusqlite::Result<Vec<_>>>().context("read the feelings")
}

pub(crate) fn get(connection: &Connection, clock: &dyn Clock, id: i64) -> Result<Setback> {
    let default_hours = settings::cool_down_hours(connection)?;
    let setback = connection
        .query_row(
            "SELECT id, title, what_happened, local_date, local_time, time_zone, area_id, impact, control,
                    cool_down_hours, recovered_on, happened_at, created_at, updated_at,
                    (SELECT count(*) FROM reflections WHERE setback_id = setbacks.id),
                    (SELECT count(*) FROM reflections WHERE setback_id = setbacks.id AND completed_at IS NOT NULL)
             FROM setbacks WHERE id = ?1",
            [id],
            |row| {
                let cool_down_hours: Option<u32> = row.get(9)?;
                let effective_cool_down_hours = cool_down_hours.unwrap_or(default_hours);
                let setback = Setback {
                    id: row.get(0)?,
                    title: row.get(1)?,
                    what_happened: row.get(2)?,
                    local_date_time: format!("{}T{}", row.get::<_, String>(3)?, row.get::<_, String>(4)?),
                    time_zone: row.get(5)?,
                    area_id: row.get(6)?,
                    impact: row.get(7)?,
                    control: row.get(8)?,
                    feelings: Vec::new(),
                    entry_ids: Vec::new(),
                    cool_down_hours,
                    effective_cool_down_hours,
                    ready_at: ready_at(instant(row.get(11)?), effective_cool_down_hours).to_string(),
                    // Filled in below, once the lessons are known.
                    stage: Stage::CoolingDown,
                    recovered_on: row.get(10)?,
                    reflection_count: row.get(14)?,
                    completed_reflection_count: row.get(15)?,
                    lesson_ids: Vec::new(),
                    created_at: rfc3339(row.get(12)?),
                    updated_at: rfc3339(row.get(13)?),
                };
                Ok((setback, row.get::<_, i64>(11)?))
            },
        )
        .optional()
        .context("read the setback")?
        .ok_or_else(|| setback_not_found(id))?;
    let (mut setback, happened_at) = setback;
    setback.feelings = read_feelings(connection, id)?;
    setback.entry_ids = fields::linked_ids(connection, "setback_entries", "setback_id", id, "entry_id")?;
    setback.lesson_ids = fields::linked_ids(connection, "lesson_setbacks", "setback_id", id, "lesson_id")?;
    setback.stage = stage(
        &StageFacts {
            happened_at: instant(happened_at),
            cool_down_hours: setback.effective_cool_down_hours,
            completed_reflections: setback.completed_reflection_count,
            lessons: setback.lesson_ids.len() as u32,
            recovered: setback.recovered_on.is_some(),
        },
        clock.now(),
    );
    Ok(setback)
}

/// The columns every summary query selects, from `setbacks s`; `happened_at` comes last,
/// for the cursor.
pub(crate) const SUMMARY_SELECT: &str = "SELECT s.id, s.title, s.local_date, s.local_time, s.time_zone, s.area_id,
        s.impact, s.cool_down_hours, s.recovered_on,
        (SELECT count(*) FROM reflections r WHERE r.setback_id = s.id AND r.completed_at IS NOT NULL),
        (SELECT count(*) FROM lesson_setbacks l WHERE l.setback_id = s.id),
        s.happened_at
     FROM setbacks s";

/// Reads a row of [`SUMMARY_SELECT`], with its stage at `now`, and its `happened_at`.
pub(crate) fn summary_from_row(
    row: &Row<'_>,
    default_hours: u32,
    now: Timestamp,
) -> rusqlite::Result<(SetbackSummary, i64)> {
    let cool_down_hours = row.get::<_, Option<u32>>(7)?.unwrap_or(default_hours);
    let recovered_on: Option<String> = row.get(8)?;
    let happened_at: i64 = row.get(11)?;
    let facts = StageFacts {
        happened_at: instant(happened_at),
        cool_down_hours,
        completed_reflections: row.get(9)?,
        lessons: row.get(10)?,
        recovered: recovered_on.is_some(),
    };
    Ok((
        SetbackSummary {
            id: row.get(0)?,
            title: row.get(1)?,
            local_date_time: format!("{}T{}", row.get::<_, String>(2)?, row.get::<_, String>(3)?),
            time_zone: row.get(4)?,
            area_id: row.get(5)?,
            impact: row.get(6)?,
            stage: stage(&facts, now),
            ready_at: ready_at(facts.happened_at, cool_down_hours).to_string(),
            recovered_on,
        },
        happened_at,
    ))
}

fn instant(milliseconds: i64) -> Timestamp {
    Timestamp::from_millisecond(milliseconds).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// Checks that setback `id` exists.
pub(crate) fn ensure_exists(connection: &Connection, id: i64) -> Result<()> {
    let exists: bool = connection
        .query_row("SELECT EXISTS (SELECT 1 FROM setbacks WHERE id = ?1)", [id], |row| row.get(0))
        .context("read the setback")?;
    if exists {
        Ok(())
    } else {
        Err(setback_not_found(id))
    }
}

pub(crate) fn setback_not_found(id: i64) -> CoreError {
    CoreError::NotFound { what: format!("Setback {id}") }
}

fn parse_cursor(cursor: &str) -> Result<(i64, i64)> {
    let invalid = || CoreError::InvalidInput(format!("“{cursor}” is not a page cursor of the setback list."));
    let (happened_at, id) = cursor.split_once(':').ok_or_else(invalid)?;
    Ok((happened_at.parse().map_err(|_| invalid())?, id.parse().map_err(|_| invalid())?))
}
