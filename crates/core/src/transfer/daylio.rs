//! Daylio's CSV export. Its header has changed over the years; columns are found by name:
//! `full_date,date,weekday,time,mood,activities,note` (older),
//! `full_date,date,weekday,time,mood,activities,note_title,note` (newer), and the newest adds
//! `scales`. Times are "21:30" or "9:30 pm" depending on the phone's settings; activities are
//! joined by " | "; notes use `<br>` for line breaks.
//!
//! Each row becomes a daily check-in whose mood is the user's mapping of the row's mood label
//! onto 1–10 (Daylio has no confidence, and none is invented). A row with a note or a note
//! title also becomes a journal entry, tagged with its activities. Daylio keeps wall-clock
//! times without a zone, so both are placed in the user's current zone. The key of a row is
//! a hash of its date, time, mood and note.

use super::foreign_plan::{parse_clock_time, parse_date, record_key, shorten, utf8_text, ForeignCheckIn, ForeignEntry};
use super::foreign_plan::{ForeignImport, ForeignTime, PlanBuilder};
use super::ImportFormat;
use crate::error::{CoreError, Result};

/// Where each column this import reads sits in the file's header.
struct Columns {
    full_date: usize,
    time: usize,
    mood: usize,
    activities: Option<usize>,
    note_title: Option<usize>,
    note: Option<usize>,
    scales: Option<usize>,
}

/// Reads a Daylio CSV export.
pub fn parse(bytes: &[u8], file_name: &str) -> Result<ForeignImport> {
    let text = utf8_text(bytes, file_name)?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|error| CoreError::InvalidInput(format!("The first line of {file_name} cannot be read: {error}.")))?
        .clone();
    let columns = find_columns(&header, file_name)?;
    let mut plan = PlanBuilder::new(ImportFormat::Daylio);
    let mut rows_with_scales = 0usize;
    for record in reader.records() {
        let record = record.map_err(|error| {
            CoreError::InvalidInput(format!("The file {file_name} could not be read as CSV: {error}."))
        })?;
        let line = record.position().map_or(0, |position| position.line());
        let field = |index: usize| record.get(index).unwrap_or("").trim();
        let optional = |index: Option<usize>| index.map_or("", field);
        let full_date = field(columns.full_date);
        let item = format!("row {line} ({})", shorten(full_date));
        let date = match parse_date(full_date) {
            Ok(date) => date,
            Err(reason) => {
                plan.skip(item, reason);
                continue;
            }
        };
        let time_text = field(columns.time);
        let Some((hour, minute)) = parse_clock_time(time_text) else {
            plan.skip(item, format!("“{}” is not a time of day.", shorten(time_text)));
            continue;
        };
        let mood = field(columns.mood);
        if mood.is_empty() {
            plan.skip(item, "It has no mood.");
            continue;
        }
        let note_title = optional(columns.note_title);
        let note = note_text(optional(columns.note));
        if !optional(columns.scales).is_empty() {
            rows_with_scales += 1;
        }
        let key = record_key(&[full_date, time_text, mood, note_title, &note]);
        let when = ForeignTime::Local(date.at(hour, minute, 0, 0));
        plan.check_in(ForeignCheckIn {
            key: format!("check-in:{key}"),
            item: item.clone(),
            mood_label: mood.to_owned(),
            when: when.clone(),
        });
        if !note_title.is_empty() || !note.is_empty() {
            let tags = optional(columns.activities)
                .split('|')
                .map(|activity| activity.trim().to_owned())
                .filter(|activity| !activity.is_empty())
                .collect();
            plan.entry(ForeignEntry {
                key: format!("entry:{key}"),
                item,
                title: note_title.to_owned(),
                body: note,
                when,
                tags,
                attachments: Vec::new(),
            });
        }
    }
    if rows_with_scales > 0 {
        plan.note(format!(
            "Daylio's scales ({rows_with_scales} rows have some) are not imported: check-ins have no place for them."
        ));
    }
    Ok(plan.finish())
}

fn find_columns(header: &csv::StringRecord, file_name: &str) -> Result<Columns> {
    let names: Vec<String> = header.iter().map(|name| name.trim().to_ascii_lowercase()).collect();
    let find = |wanted: &str| names.iter().position(|name| name == wanted);
    let (full_date, time, mood) = (find("full_date"), find("time"), find("mood"));
    let (Some(full_date), Some(time), Some(mood)) = (full_date, time, mood) else {
        let missing: Vec<&str> = [("full_date", full_date), ("time", time), ("mood", mood)]
            .into_iter()
            .filter(|(_, found)| found.is_none())
            .map(|(name, _)| name)
            .collect();
        let found: Vec<String> = names.iter().take(12).map(|name| shorten(name)).collect();
        return Err(CoreError::InvalidInput(format!(
            "The file {file_name} is not a Daylio export: its first line lacks the column{} {} (it has: {}).",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", "),
            if found.is_empty() { "nothing".to_owned() } else { found.join(", ") }
        )));
    };
    Ok(Columns {
        full_date,
        time,
        mood,
        activities: find("activities"),
        note_title: find("note_title"),
        note: find("note"),
        scales: find("scales"),
    })
}

/// Daylio writes line breaks in notes as `<br>` and a few characters as HTML entities.
fn note_text(note: &str) -> String {
    note.replace("<br/>", "\n")
        .replace("<br />", "\n")
        .replace("<br>", "\n")
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .trim()
        .to_owned()
}
