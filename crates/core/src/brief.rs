//! The mentor brief: what happened in a period, what the user made of it and what they want
//! to ask, as a Markdown document to send or print before meeting a mentor.
//!
//! The brief is a pure function of the stored records and the clock (the stages of setbacks
//! depend on the current instant), so the same journal gives the same brief, byte for byte.
//! Every piece of user text goes through [`crate::markdown`], so that nothing the user wrote
//! can change the document's structure.

use std::collections::HashMap;

use jiff::civil::Date;
use jiff::ToSpan;
use rusqlite::{params, Connection};

use crate::areas;
use crate::clock::Clock;
use crate::error::{CoreError, Result, StorageContext};
use crate::goals;
use crate::lessons;
use crate::local_time;
use crate::markdown::{escape_inline, non_empty, plan, quote, shorten, words, Document};
use crate::people::{self, SupportRole};
use crate::setbacks::{self, SetbackSummary, Stage};
use crate::settings;
use crate::templates::PromptKind;

/// Longest answer quoted in a seeded question, in characters.
const QUESTION_ANSWER_CHARS: usize = 200;

/// A completed reflection's answered prompts: (template name, [(prompt, kind, answer, rating)]).
type CompletedReflection = (String, Vec<(String, PromptKind, String, Option<u8>)>);

/// The mentor brief for the local dates `from` to `to` (`YYYY-MM-DD`, both included):
///
/// 1. the setbacks that happened in the period, newest first, each with its facts, the
///    answered prompts of its completed reflections and the lessons drawn from it;
/// 2. the lessons written in the period or drawn from its setbacks, with their if–then plans
///    and status;
/// 3. the goals that are active, or were set in the period (in the user's time zone), with
///    their latest progress;
/// 4. the support conversations held in the period;
/// 5. "Questions for my mentor", seeded with what the user took away from each setback: the
///    answers to prompts about learning, improving or changing (such as "What can I learn
///    from this?"), or one placeholder to fill in when there are none.
pub fn mentor_brief(connection: &Connection, clock: &dyn Clock, from: &str, to: &str) -> Result<String> {
    let from = local_time::parse_local_date(from)?;
    let to = local_time::parse_local_date(to)?;
    if from > to {
        return Err(CoreError::InvalidInput(format!(
            "The period starts on {from}, after it ends on {to}; choose a start on or before the end."
        )));
    }
    let (from_text, to_text) = (from.to_string(), to.to_string());
    let area_names: HashMap<i64, String> =
        areas::list(connection)?.into_iter().map(|area| (area.id, area.name)).collect();
    let area_name = |id: i64| area_names.get(&id).map(String::as_str).unwrap_or("Unknown area");

    let mut brief = Document::default();
    let mut questions: Vec<String> = Vec::new();
    brief.block(format!("# Mentor brief: {from_text} to {to_text}"));

    brief.block("## Setbacks");
    let period_setbacks = setbacks_between(connection, clock, &from_text, &to_text)?;
    if period_setbacks.is_empty() {
        brief.block("No setbacks in this period.");
    }
    for setback in &period_setbacks {
        let title = non_empty(escape_inline(&setback.title), "Untitled setback");
        brief.block(format!("### {title}"));
        brief.block(format!(
            "- When: {}\n- Area: {}\n- Impact: {} of 10\n- Stage: {}",
            setback.local_date_time.split('T').next().unwrap_or_default(),
            escape_inline(area_name(setback.area_id)),
            setback.impact,
            stage_words(setback.stage)
        ));
        for (template_name, answers) in completed_reflections(connection, setback.id)? {
            brief.block(format!("#### Reflection: {}", non_empty(escape_inline(&template_name), "Reflection")));
            for (prompt, kind, text, rating) in answers {
                brief.block(format!("**{}**", non_empty(escape_inline(&prompt), "Prompt")));
                if let (PromptKind::Rating, Some(rating)) = (kind, rating) {
                    brief.block(format!("Rating: {rating} of 100"));
                }
                let quoted = quote(&text);
                if !quoted.is_empty() {
                    brief.block(quoted);
                    if kind == PromptKind::Text && is_learning_prompt(&prompt) {
                        questions.push(format!(
                            "- On “{title}” I took away: “{}”. Is that the right lesson, and what would you add?",
                            escape_inline(&shorten(&text, QUESTION_ANSWER_CHARS))
                        ));
                    }
                }
            }
        }
        let drawn = lessons::summaries(
            connection,
            "l.id IN (SELECT lesson_id FROM lesson_setbacks WHERE setback_id = ?1) ORDER BY l.created_at, l.id",
            [setback.id],
        )?;
        if !drawn.is_empty() {
            brief.block("#### Lessons drawn");
            brief.block(
                drawn
                    .iter()
                    .map(|lesson| format!("- {} ({})", escape_inline(&lesson.text), words(lesson.status.as_str())))
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
        }
    }

    brief.block("## Lessons");
    let period_lessons = lessons::summaries(
        connection,
        "l.written_on BETWEEN ?1 AND ?2
            OR l.id IN (SELECT ls.lesson_id FROM lesson_setbacks ls JOIN setbacks s ON s.id = ls.setback_id
                        WHERE s.local_date BETWEEN ?1 AND ?2)
         ORDER BY l.created_at DESC, l.id DESC",
        params![from_text, to_text],
    )?;
    if period_lessons.is_empty() {
        brief.block("No lessons written or drawn in this period.");
    } else {
        let mut table = vec!["| Lesson | If…, then I will… | Status |".to_owned(), "| --- | --- | --- |".to_owned()];
        table.extend(period_lessons.iter().map(|lesson| {
            format!(
                "| {} | {} | {} |",
                escape_inline(&lesson.text),
                plan(lesson).unwrap_or_else(|| "—".to_owned()),
                words(lesson.status.as_str())
            )
        }));
        brief.block(table.join("\n"));
    }

    brief.block("## Goals");
    let (start, end) = period_instants(clock, from, to)?;
    let period_goals = goals::summaries(
        connection,
        "g.status = 'active' OR g.created_at BETWEEN ?1 AND ?2 ORDER BY g.created_at DESC, g.id DESC",
        params![start, end],
    )?;
    if period_goals.is_empty() {
        brief.block("No goals are active or were set in this period.");
    } else {
        let mut table =
            vec!["| Goal | Kind | Status | Latest progress |".to_owned(), "| --- | --- | --- | --- |".to_owned()];
        table.extend(period_goals.iter().map(|goal| {
            format!(
                "| {} | {} | {} | {} |",
                escape_inline(&goal.title),
                goal.kind.as_str(),
                words(goal.status.as_str()),
                goal.latest_progress.map_or_else(|| "no check-in yet".to_owned(), |progress| format!("{progress}%"))
            )
        }));
        brief.block(table.join("\n"));
    }

    brief.block("## Support conversations");
    let roles: HashMap<i64, SupportRole> = {
        let mut statement = connection.prepare_cached("SELECT id, role FROM people").context("read the people")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).context("read the people")?;
        rows.collect::<rusqlite::Result<_>>().context("read the people")?
    };
    let period_conversations = people::conversations(
        connection,
        "c.held_on BETWEEN ?1 AND ?2 ORDER BY c.held_on DESC, c.id DESC",
        params![from_text, to_text],
    )?;
    if period_conversations.is_empty() {
        brief.block("No conversations logged in this period.");
    }
    for conversation in &period_conversations {
        let role = roles.get(&conversation.person_id).copied().unwrap_or_default();
        brief.block(format!(
            "### {} with {} ({})",
            conversation.held_on,
            non_empty(escape_inline(&conversation.person_name), "someone"),
            role.as_str()
        ));
        if let Some(setback_title) = &conversation.setback_title {
            brief.block(format!("About: {}", escape_inline(setback_title)));
        }
        for (heading, text) in
            [("What they said", &conversation.what_they_said), ("What I'll try", &conversation.what_ill_try)]
        {
            let quoted = quote(text);
            if !quoted.is_empty() {
                brief.block(format!("**{heading}**"));
                brief.block(quoted);
            }
        }
    }

    brief.block("## Questions for my mentor");
    if questions.is_empty() {
        questions.push("- (write your first question here)".to_owned());
    }
    brief.block(questions.join("\n"));
    Ok(brief.finish())
}

/// Whether a prompt asks what the user learnt or will do differently: it mentions learning,
/// improving or changing. This picks "What can I learn from this?", "What can be improved?"
/// and "What will I keep, and what will I change?" among the built-in templates, and the
/// user's own prompts worded the same way.
fn is_learning_prompt(prompt: &str) -> bool {
    let prompt = prompt.to_lowercase();
    ["learn", "improv", "change"].iter().any(|word| prompt.contains(word))
}

/// The setbacks whose local date is in the period, newest first, with their stage now.
fn setbacks_between(connection: &Connection, clock: &dyn Clock, from: &str, to: &str) -> Result<Vec<SetbackSummary>> {
    let default_hours = settings::cool_down_hours(connection)?;
    let now = clock.now();
    let mut statement = connection
        .prepare_cached(&format!(
            "{} WHERE s.local_date BETWEEN ?1 AND ?2 ORDER BY s.happened_at DESC, s.id DESC",
            setbacks::SUMMARY_SELECT
        ))
        .context("read the period's setbacks")?;
    let rows = statement
        .query_map(params![from, to], |row| setbacks::summary_from_row(row, default_hours, now))
        .context("read the period's setbacks")?;
    let summaries = rows.collect::<rusqlite::Result<Vec<_>>>().context("read the period's setbacks")?;
    Ok(summaries.into_iter().map(|(summary, _)| summary).collect())
}

/// The completed reflections on setback `setback_id`, in the order they were completed, each
/// with its answered prompts in order (prompts left blank are left out).
fn completed_reflections(connection: &Connection, setback_id: i64) -> Result<Vec<CompletedReflection>> {
    let reflections: Vec<(i64, String)> = {
        let mut statement = connection
            .prepare_cached(
                "SELECT id, template_name FROM reflections WHERE setback_id = ?1 AND completed_at IS NOT NULL
                 ORDER BY completed_at, id",
            )
            .context("read the reflections")?;
        let rows =
            statement.query_map([setback_id], |row| Ok((row.get(0)?, row.get(1)?))).context("read the reflections")?;
        rows.collect::<rusqlite::Result<_>>().context("read the reflections")?
    };
    let mut statement = connection
        .prepare_cached(
            "SELECT prompt, kind, answer, rating FROM reflection_answers
             WHERE reflection_id = ?1 AND (answer <> '' OR rating IS NOT NULL) ORDER BY position",
        )
        .context("read the answers")?;
    let mut completed = Vec::with_capacity(reflections.len());
    for (id, template_name) in reflections {
        let rows = statement
            .query_map([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))
            .context("read the answers")?;
        completed.push((template_name, rows.collect::<rusqlite::Result<Vec<_>>>().context("read the answers")?));
    }
    Ok(completed)
}

/// The first and last Unix millisecond of the period's days in the user's time zone.
fn period_instants(clock: &dyn Clock, from: Date, to: Date) -> Result<(i64, i64)> {
    let time_zone = clock.time_zone();
    let unplaceable = |error: jiff::Error| {
        CoreError::InvalidInput(format!("The period cannot be placed in your time zone: {error}."))
    };
    let start = from.to_zoned(time_zone.clone()).map_err(unplaceable)?.timestamp().as_millisecond();
    let end = match to.checked_add(1.day()) {
        Ok(next) => next.to_zoned(time_zone).map_err(unplaceable)?.timestamp().as_millisecond() - 1,
        // The period ends on 9999-12-31: it runs to the end of time.
        Err(_) => i64::MAX,
    };
    Ok((start, end))
}

/// The stage as a reader says it.
fn stage_words(stage: Stage) -> &'static str {
    match stage {
        Stage::CoolingDown => "cooling down",
        Stage::ReadyToReflect => "ready to reflect",
        Stage::Reflected => "reflected",
        Stage::LessonsDrawn => "lessons drawn",
        Stage::Recovered => "recovered",
    }
}
