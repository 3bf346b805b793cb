//! The failure résumé: every setback, newest first, with what it taught — the CV of failures,
//! as a Markdown document.
//!
//! Like the mentor brief it is a pure function of the stored records (it shows no stage, so
//! not even the clock matters), and every piece of user text goes through
//! [`crate::markdown`].

use std::collections::HashMap;

use rusqlite::Connection;

use crate::areas;
use crate::error::{Result, StorageContext};
use crate::lessons;
use crate::markdown::{count, escape_inline, lesson_line, non_empty, Document};

/// The failure résumé:
///
/// - a title and a summary line: how many setbacks, how many lessons were drawn from them
///   and how many of those are validated;
/// - one section per year (by the setback's local date), newest first;
/// - in each, the setbacks newest first, each with its date, area and impact, and the lessons
///   drawn from it (their if–then plans and status), or a note that none is drawn yet.
pub fn failure_resume(connection: &Connection) -> Result<String> {
    let area_names: HashMap<i64, String> =
        areas::list(connection)?.into_iter().map(|area| (area.id, area.name)).collect();
    let setbacks: Vec<(i64, String, String, i64, u8)> = {
        let mut statement = connection
            .prepare_cached(
                "SELECT id, title, local_date, area_id, impact FROM setbacks ORDER BY happened_at DESC, id DESC",
            )
            .context("read the setbacks")?;
        let rows = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)))
            .context("read the setbacks")?;
        rows.collect::<rusqlite::Result<_>>().context("read the setbacks")?
    };
    let (lessons_drawn, validated): (usize, usize) = connection
        .query_row(
            "SELECT count(*), coalesce(sum(status = 'validated'), 0) FROM lessons
             WHERE id IN (SELECT lesson_id FROM lesson_setbacks)",
            [],
            |row| Ok((row.get::<_, i64>(0)? as usize, row.get::<_, i64>(1)? as usize)),
        )
        .context("count the lessons")?;

    let mut resume = Document::default();
    resume.block("# Failure résumé");
    if setbacks.is_empty() {
        resume.block("No setbacks recorded yet. Every entry here will be one you grew from.");
        return Ok(resume.finish());
    }
    resume.block(format!(
        "{}, {} drawn from them, {} validated in practice.",
        count(setbacks.len(), "setback", "setbacks"),
        count(lessons_drawn, "lesson", "lessons"),
        validated
    ));

    let mut year = "";
    for (id, title, local_date, area_id, impact) in &setbacks {
        let this_year = local_date.get(..4).unwrap_or_default();
        if this_year != year {
            year = this_year;
            resume.block(format!("## {year}"));
        }
        resume.block(format!("### {}", non_empty(escape_inline(title), "Untitled setback")));
        let area = area_names.get(area_id).map(String::as_str).unwrap_or("Unknown area");
        resume.block(format!("{local_date} · {} · impact {impact} of 10", escape_inline(area)));
        let taught = lessons::summaries(
            connection,
            "l.id IN (SELECT lesson_id FROM lesson_setbacks WHERE setback_id = ?1) ORDER BY l.created_at, l.id",
            [id],
        )?;
        if taught.is_empty() {
            resume.block("No lesson drawn yet.");
        } else {
            resume.block("What it taught me:");
            resume
                .block(taught.iter().map(|lesson| format!("- {}", lesson_line(lesson))).collect::<Vec<_>>().join("\n"));
        }
    }
    Ok(resume.finish())
}
