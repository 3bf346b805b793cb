//! jrnl's JSON export (`jrnl --export json`):
//! `{"tags": {"@work": 2}, "entries": [{"title", "body", "date": "2023-03-05", "time": "14:30",
//! "tags": ["@work"], "starred": false}]}`.
//!
//! jrnl keeps local wall-clock times without a zone, so entries are placed in the user's
//! current zone. Tags lose jrnl's `@`; a starred entry gets the tag `starred`. The key of an
//! entry is a hash of its date, time, title and body: jrnl has no ids, and an entry edited
//! since the last import is a different entry.

use serde::Deserialize;

use super::foreign_plan::{parse_clock_time, parse_date, record_key, shorten, utf8_text, ForeignEntry, ForeignTime};
use super::foreign_plan::{ForeignImport, PlanBuilder};
use super::ImportFormat;
use crate::error::{CoreError, Result};

#[derive(Deserialize)]
struct JrnlFile {
    // Each entry is read on its own, so that one malformed entry is skipped with a reason
    // instead of refusing the file.
    entries: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct JrnlEntry {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    date: String,
    #[serde(default)]
    time: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    starred: bool,
}

/// Reads a jrnl JSON export.
pub fn parse(bytes: &[u8], file_name: &str) -> Result<ForeignImport> {
    let text = utf8_text(bytes, file_name)?;
    let file: JrnlFile = serde_json::from_str(text).map_err(|error| {
        CoreError::InvalidInput(format!("The file {file_name} is not a jrnl JSON export: {error}."))
    })?;
    let mut plan = PlanBuilder::new(ImportFormat::Jrnl);
    for (index, value) in file.entries.into_iter().enumerate() {
        let number = index + 1;
        let entry: JrnlEntry = match serde_json::from_value(value) {
            Ok(entry) => entry,
            Err(error) => {
                plan.skip(format!("entry {number}"), format!("It is not a jrnl entry: {error}."));
                continue;
            }
        };
        let item = format!("entry {number} ({})", shorten(&entry.date));
        let date = match parse_date(&entry.date) {
            Ok(date) => date,
            Err(reason) => {
                plan.skip(item, reason);
                continue;
            }
        };
        let time_text = entry.time.as_deref().unwrap_or("00:00");
        let Some((hour, minute)) = parse_clock_time(time_text) else {
            plan.skip(item, format!("“{}” is not a time of day.", shorten(time_text)));
            continue;
        };
        let mut tags = entry.tags;
        if entry.starred {
            tags.push("starred".to_owned());
        }
        let key = record_key(&[&entry.date, time_text, &entry.title, &entry.body]);
        plan.entry(ForeignEntry {
            key,
            item,
            title: entry.title,
            body: entry.body.trim().to_owned(),
            when: ForeignTime::Local(date.at(hour, minute, 0, 0)),
            tags,
            attachments: Vec::new(),
        });
    }
    Ok(plan.finish())
}
