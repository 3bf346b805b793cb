//! The plan of an import from another app (jrnl, Day One, Daylio), and what their parsers
//! share to build it: reading text, making record keys, parsing dates and times, and checking
//! each record as the journal would.
//!
//! It sits below both the parsers and the `foreign` module, which picks the parser for a
//! format and previews and applies the plan, so that the parsers never depend on it.

use std::collections::HashSet;

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use sha2::{Digest, Sha256};

use super::limits::ArchiveSource;
use super::{ImportFormat, SkippedItem};
use crate::error::{CoreError, Result};
use crate::journal::{MAX_BODY_BYTES, MAX_TAGS, MAX_TAG_CHARS, MAX_TITLE_CHARS};

/// Daylio's five default moods, best first, and where they sit on the 1–10 check-in scale.
pub const DAYLIO_DEFAULT_MOODS: [(&str, u8); 5] = [("rad", 10), ("good", 8), ("meh", 5), ("bad", 3), ("awful", 1)];

/// A parsed and validated import from another app; nothing has been written.
#[derive(Debug, Clone)]
pub struct ForeignImport {
    pub format: ImportFormat,
    /// The journal entries the file holds, in file order.
    pub entries: Vec<ForeignEntry>,
    /// The check-ins the file holds (Daylio only), in file order.
    pub check_ins: Vec<ForeignCheckIn>,
    /// Records left out while parsing, and why.
    pub skipped: Vec<SkippedItem>,
    /// Daylio only: the mood labels of the file, best first as far as Daylio's defaults tell,
    /// then the others in order of appearance.
    pub mood_labels: Vec<String>,
    /// Anything else the user should know, as full sentences.
    pub notes: Vec<String>,
    /// The zip the entries' attachments are read from when the import is applied, and its
    /// file name for messages (Day One only).
    pub archive: Option<(ArchiveSource, String)>,
}

/// When a record happened, as the source says it.
#[derive(Debug, Clone, PartialEq)]
pub enum ForeignTime {
    /// A wall-clock date and time without a zone (jrnl, Daylio): it is placed in the user's
    /// current time zone, the one they most likely wrote in.
    Local(DateTime),
    /// An instant and the zone it was written in (Day One). Without a usable zone it is
    /// placed in the user's current zone, and the preview says so.
    Instant { at: Timestamp, zone: Option<TimeZone> },
}

/// A journal entry from another app.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignEntry {
    /// Stable within the source, for `import_records`.
    pub key: String,
    /// Where it is in the file, for messages: "entry 12 (2023-03-05)".
    pub item: String,
    pub title: String,
    /// Markdown.
    pub body: String,
    pub when: ForeignTime,
    pub tags: Vec<String>,
    /// Files of the source to attach to the entry, each in its place in `body`.
    pub attachments: Vec<ForeignAttachment>,
}

/// A file of the source to attach to an imported entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignAttachment {
    /// What it is for messages: "photo 2 of entry 12 (2023-03-05)".
    pub item: String,
    /// The member of the import's archive that holds it.
    pub member: String,
    /// The name it is attached under.
    pub file_name: String,
    /// The text in the entry's body that stands where it goes, replaced by a link to it (or
    /// removed, if it cannot be attached).
    pub placeholder: String,
}

/// A daily check-in from another app (Daylio): a mood label, mapped onto 1–10 by the user.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignCheckIn {
    pub key: String,
    pub item: String,
    pub mood_label: String,
    pub when: ForeignTime,
}

/// The text of a file, without a byte-order mark, or an error naming where it stops being
/// UTF-8.
pub(crate) fn utf8_text<'a>(bytes: &'a [u8], file_name: &str) -> Result<&'a str> {
    let text = std::str::from_utf8(bytes).map_err(|error| {
        CoreError::InvalidInput(format!(
            "The file {file_name} is not UTF-8 text (the byte at position {} is invalid), so it is not an export \
             of this kind.",
            error.valid_up_to()
        ))
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// A key made from `parts` that no other combination of parts can make: each is hashed with
/// its length, so that ("ab", "c") and ("a", "bc") differ.
pub(crate) fn record_key(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    crate::vault::hex(&hasher.finalize())
}

/// Parses a wall-clock time: "21:30", "21:30:15", "9:30 pm", "12:05 AM". Seconds are dropped,
/// as everywhere in the journal.
pub(crate) fn parse_clock_time(text: &str) -> Option<(i8, i8)> {
    let lower = text.trim().to_ascii_lowercase();
    let (digits, meridiem) = if let Some(rest) = lower.strip_suffix("am") {
        (rest.trim_end(), Some(false))
    } else if let Some(rest) = lower.strip_suffix("pm") {
        (rest.trim_end(), Some(true))
    } else {
        (lower.as_str(), None)
    };
    let mut parts = digits.split(':');
    let hour: i8 = small_number(parts.next()?)?;
    let minute: i8 = small_number(parts.next()?)?;
    if let Some(second) = parts.next() {
        small_number(second).filter(|second| *second < 60)?;
    }
    if parts.next().is_some() || minute > 59 {
        return None;
    }
    let hour = match meridiem {
        None if hour <= 23 => hour,
        Some(pm) if (1..=12).contains(&hour) => (hour % 12) + if pm { 12 } else { 0 },
        _ => return None,
    };
    Some((hour, minute))
}

fn small_number(text: &str) -> Option<i8> {
    if text.is_empty() || text.len() > 2 || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Parses `YYYY-MM-DD` within the years the journal records, or says what is wrong.
pub(crate) fn parse_date(text: &str) -> std::result::Result<Date, String> {
    let trimmed = text.trim();
    let date: Date = trimmed.parse().map_err(|_| format!("“{}” is not a real calendar date.", shorten(trimmed)))?;
    if !(1..=9999).contains(&date.year()) {
        return Err(format!("The year of {trimmed} is outside the years Failing Up can record (1 to 9999)."));
    }
    Ok(date)
}

/// At most 40 characters of `text`, for quoting it in a message.
pub(crate) fn shorten(text: &str) -> String {
    if text.chars().count() <= 40 {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(40).collect::<String>())
    }
}

/// Gathers a plan while a parser walks its file: checks each record as the journal would,
/// and skips records whose key was already seen in the same file.
pub(crate) struct PlanBuilder {
    plan: ForeignImport,
    seen: HashSet<String>,
}

impl PlanBuilder {
    pub(crate) fn new(format: ImportFormat) -> Self {
        Self {
            plan: ForeignImport {
                format,
                entries: Vec::new(),
                check_ins: Vec::new(),
                skipped: Vec::new(),
                mood_labels: Vec::new(),
                notes: Vec::new(),
                archive: None,
            },
            seen: HashSet::new(),
        }
    }

    pub(crate) fn skip(&mut self, item: String, reason: impl Into<String>) {
        self.plan.skipped.push(SkippedItem { item, reason: reason.into() });
    }

    pub(crate) fn set_archive(&mut self, archive: ArchiveSource, file_name: &str) {
        self.plan.archive = Some((archive, file_name.to_owned()));
    }

    pub(crate) fn note(&mut self, note: String) {
        if !self.plan.notes.contains(&note) {
            self.plan.notes.push(note);
        }
    }

    /// Adds `entry` after the journal's own checks (lengths, NUL characters, tags), or lists
    /// it as skipped with the reason.
    pub(crate) fn entry(&mut self, mut entry: ForeignEntry) {
        if !self.seen.insert(entry.key.clone()) {
            return self.skip(entry.item, "The same entry appears earlier in the file; it is imported once.");
        }
        entry.title = entry.title.trim().to_owned();
        match check_entry(&entry.title, &entry.body, &entry.tags) {
            Ok(tags) => {
                entry.tags = tags;
                self.plan.entries.push(entry);
            }
            Err(reason) => self.skip(entry.item, reason),
        }
    }

    pub(crate) fn check_in(&mut self, check_in: ForeignCheckIn) {
        if !self.seen.insert(check_in.key.clone()) {
            return self.skip(check_in.item, "The same check-in appears earlier in the file; it is imported once.");
        }
        if !self.plan.mood_labels.iter().any(|label| same_label(label, &check_in.mood_label)) {
            self.plan.mood_labels.push(check_in.mood_label.trim().to_owned());
        }
        self.plan.check_ins.push(check_in);
    }

    pub(crate) fn finish(mut self) -> ForeignImport {
        // Daylio's own moods first, best first, then the user's own labels as they appeared.
        let rank = |label: &String| {
            DAYLIO_DEFAULT_MOODS.iter().position(|(name, _)| same_label(name, label)).unwrap_or(usize::MAX)
        };
        self.plan.mood_labels.sort_by_key(rank);
        self.plan
    }
}

/// The journal's rules for an entry, applied before anything is written so that a refusal
/// skips one entry instead of failing the whole import. Returns the normalised tags.
fn check_entry(title: &str, body: &str, tags: &[String]) -> std::result::Result<Vec<String>, String> {
    if title.contains('\0') || body.contains('\0') {
        return Err("It contains a NUL character, which a journal entry cannot hold.".to_owned());
    }
    if title.trim().is_empty() && body.trim().is_empty() {
        return Err("It has no text.".to_owned());
    }
    let title_chars = title.chars().count();
    if title_chars > MAX_TITLE_CHARS {
        return Err(format!("Its title is {title_chars} characters long; a title holds up to {MAX_TITLE_CHARS}."));
    }
    if body.len() > MAX_BODY_BYTES {
        return Err(format!(
            "Its text is {}; an entry holds up to {}.",
            super::limits::human_size(body.len() as u64),
            super::limits::human_size(MAX_BODY_BYTES as u64)
        ));
    }
    let mut kept: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.trim().trim_start_matches(['#', '@']).trim();
        if tag.is_empty() || kept.iter().any(|existing| same_label(existing, tag)) {
            continue;
        }
        if tag.contains('\0') {
            return Err("A tag contains a NUL character, which a journal entry cannot hold.".to_owned());
        }
        if tag.chars().count() > MAX_TAG_CHARS {
            return Err(format!("The tag “{}” is longer than {MAX_TAG_CHARS} characters.", shorten(tag)));
        }
        kept.push(tag.to_owned());
    }
    if kept.len() > MAX_TAGS {
        return Err(format!("It has {} tags; an entry holds up to {MAX_TAGS}.", kept.len()));
    }
    Ok(kept)
}

pub(crate) fn same_label(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times_in_both_daylio_styles_are_read() {
        assert_eq!(parse_clock_time("21:30"), Some((21, 30)));
        assert_eq!(parse_clock_time("9:30 pm"), Some((21, 30)));
        assert_eq!(parse_clock_time("12:05 AM"), Some((0, 5)), "12 am is just after midnight");
        assert_eq!(parse_clock_time("12:05pm"), Some((12, 5)), "12 pm is just after noon");
        assert_eq!(parse_clock_time("07:15:59"), Some((7, 15)), "seconds are dropped");
        for bad in ["24:00", "13:00 pm", "0:30 am", "9:60", "9", "", "nine:30", "+9:30", "9:30:61"] {
            assert_eq!(parse_clock_time(bad), None, "{bad:?} is not a time of day");
        }
    }

    #[test]
    fn record_keys_cannot_be_forged_by_moving_text_between_fields() {
        assert_ne!(record_key(&["ab", "c"]), record_key(&["a", "bc"]));
        assert_eq!(record_key(&["a", "b"]), record_key(&["a", "b"]), "a key is stable");
    }
}
