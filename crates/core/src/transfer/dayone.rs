//! Day One's JSON export, as the zip Day One writes (one `<Journal>.json` per journal, beside
//! `photos/` and other media) or the bare JSON file:
//! `{"metadata": {…}, "entries": [{"uuid", "creationDate": "2023-03-05T14:30:00Z",
//! "timeZone": "Asia/Tokyo", "text": "Markdown", "tags": […], "starred": true, "photos": […], …}]}`.
//!
//! `creationDate` is UTC; the entry's local date and time are that instant in its
//! `timeZone`, which is what the writer saw. An entry without a usable zone is placed in the
//! user's current zone, and the preview says how many. Day One escapes punctuation in its
//! Markdown (`1\.`, `well\!`); those escapes are undone where the plain character means the
//! same. Photos, audio, video and PDFs are not imported: each entry that had some is listed
//! with the reason. The key is the entry's UUID.

use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::Deserialize;

use super::foreign_plan::{record_key, shorten, utf8_text, ForeignEntry, ForeignImport, ForeignTime, PlanBuilder};
use super::limits::{looks_like_zip, read_zip};
use super::ImportFormat;
use crate::error::{CoreError, Result};

#[derive(Deserialize)]
struct DayOneFile {
    // Each entry is read on its own, so that one malformed entry is skipped with a reason
    // instead of refusing the file.
    entries: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DayOneEntry {
    uuid: String,
    creation_date: String,
    #[serde(default)]
    time_zone: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    starred: bool,
    #[serde(default)]
    photos: Vec<serde_json::Value>,
    #[serde(default)]
    videos: Vec<serde_json::Value>,
    #[serde(default)]
    audios: Vec<serde_json::Value>,
    #[serde(default)]
    pdf_attachments: Vec<serde_json::Value>,
}

/// Reads a Day One export: a zip, or the JSON file from inside one.
pub fn parse(bytes: &[u8], file_name: &str) -> Result<ForeignImport> {
    let mut plan = PlanBuilder::new(ImportFormat::DayOne);
    if looks_like_zip(bytes) {
        let journals = read_zip(bytes, file_name, |name| {
            let lower = name.to_lowercase();
            lower.ends_with(".json") && !lower.starts_with("__macosx/")
        })?;
        if journals.is_empty() {
            return Err(CoreError::InvalidInput(format!(
                "The zip {file_name} holds no Day One journal (a .json file); export again from Day One with the \
                 JSON format."
            )));
        }
        let label_with_file = journals.len() > 1;
        for journal in journals {
            let label = if label_with_file { format!(" of {}", journal.name) } else { String::new() };
            read_journal(&mut plan, &journal.bytes, &journal.name, &label)?;
        }
    } else {
        read_journal(&mut plan, bytes, file_name, "")?;
    }
    Ok(plan.finish())
}

fn read_journal(plan: &mut PlanBuilder, bytes: &[u8], file_name: &str, label: &str) -> Result<()> {
    let text = utf8_text(bytes, file_name)?;
    let file: DayOneFile = serde_json::from_str(text).map_err(|error| {
        CoreError::InvalidInput(format!("The file {file_name} is not a Day One JSON export: {error}."))
    })?;
    for (index, value) in file.entries.into_iter().enumerate() {
        let number = index + 1;
        let entry: DayOneEntry = match serde_json::from_value(value) {
            Ok(entry) => entry,
            Err(error) => {
                plan.skip(format!("entry {number}{label}"), format!("It is not a Day One entry: {error}."));
                continue;
            }
        };
        let item = format!("entry {number}{label} ({})", shorten(&entry.creation_date));
        let at: Timestamp = match entry.creation_date.trim().parse() {
            Ok(at) => at,
            Err(_) => {
                plan.skip(item, format!("“{}” is not a date and time.", shorten(&entry.creation_date)));
                continue;
            }
        };
        let zone = entry.time_zone.as_deref().and_then(|name| TimeZone::get(name.trim()).ok());

        let media = media_summary(&entry);
        let body = entry.text.as_deref().map(|text| unescape_markdown(&remove_media_links(text))).unwrap_or_default();
        if body.trim().is_empty() {
            let reason = match &media {
                Some(media) => format!("It has no text, only {media}, which Failing Up does not import."),
                None => "It has no text.".to_owned(),
            };
            plan.skip(item, reason);
            continue;
        }
        if let Some(media) = media {
            plan.skip(item.clone(), format!("Its text is imported; Failing Up does not import its {media}."));
        }
        let (title, body) = split_title(&body);
        let mut tags = entry.tags;
        if entry.starred {
            tags.push("starred".to_owned());
        }
        plan.entry(ForeignEntry {
            key: record_key(&[entry.uuid.trim()]),
            item,
            title,
            body,
            when: ForeignTime::Instant { at, zone },
            tags,
        });
    }
    Ok(())
}

/// "2 photos and 1 audio recording", or `None` for an entry with no media.
fn media_summary(entry: &DayOneEntry) -> Option<String> {
    let parts: Vec<String> = [
        (entry.photos.len(), "photo", "photos"),
        (entry.videos.len(), "video", "videos"),
        (entry.audios.len(), "audio recording", "audio recordings"),
        (entry.pdf_attachments.len(), "PDF", "PDFs"),
    ]
    .into_iter()
    .filter(|(count, _, _)| *count > 0)
    .map(|(count, one, many)| if count == 1 { format!("1 {one}") } else { format!("{count} {many}") })
    .collect();
    match parts.len() {
        0 => None,
        1 => Some(parts[0].clone()),
        n => Some(format!("{} and {}", parts[..n - 1].join(", "), parts[n - 1])),
    }
}

/// Day One's text starts with the title as a heading (`# Title`) when the entry has one.
fn split_title(text: &str) -> (String, String) {
    let text = text.trim();
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    match first.strip_prefix("# ") {
        Some(title) if !title.trim().is_empty() => (title.trim().to_owned(), rest.trim().to_owned()),
        _ => (String::new(), text.to_owned()),
    }
}

/// Drops Day One's links to its own media (`![](dayone-moment://…)`), which would show as
/// broken images: the media themselves are not imported.
fn remove_media_links(text: &str) -> String {
    const START: &str = "![](dayone-moment:";
    let mut kept = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(START) {
        kept.push_str(&rest[..start]);
        match rest[start..].find(')') {
            Some(end) => rest = &rest[start + end + 1..],
            None => {
                rest = "";
            }
        }
    }
    kept.push_str(rest);
    kept
}

/// Undoes Day One's defensive backslash escapes where the plain character means the same in
/// Markdown: `well\!` → `well!`, `1\.5` → `1.5`. An escape is kept where removing it would
/// change the text into markup: a `\-`/`\+` that starts a line (a list), a `\.`/`\)` after a
/// line's leading digits (a numbered list), `\!` before `[` (an image), and the characters
/// that are markup anywhere (`\*`, `\_`, `\#`, `\[`, `` \` ``, `\\`, `\<`, `\>`, `\|`, `\~`).
pub fn unescape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    // What the current line holds so far: only whitespace, only digits (after whitespace), or more.
    let mut line_blank = true;
    let mut line_digits = false;
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&next) = chars.peek() {
                let starts_list = matches!(next, '-' | '+') && line_blank;
                let numbers_list = matches!(next, '.' | ')') && line_digits;
                let makes_image = next == '!' && {
                    let mut ahead = chars.clone();
                    ahead.next();
                    ahead.peek() == Some(&'[')
                };
                let harmless = matches!(
                    next,
                    '.' | '-'
                        | '+'
                        | '!'
                        | '('
                        | ')'
                        | '{'
                        | '}'
                        | '='
                        | ':'
                        | ';'
                        | ','
                        | '?'
                        | '\''
                        | '"'
                        | '/'
                        | '@'
                        | '$'
                        | '%'
                        | '&'
                        | '^'
                );
                if harmless && !starts_list && !numbers_list && !makes_image {
                    chars.next();
                    out.push(next);
                    line_blank = false;
                    line_digits = false;
                    continue;
                }
            }
        }
        out.push(c);
        if c == '\n' {
            line_blank = true;
            line_digits = false;
        } else if c.is_ascii_digit() && (line_blank || line_digits) {
            line_blank = false;
            line_digits = true;
        } else if !(c.is_whitespace() && line_blank) {
            line_blank = false;
            line_digits = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_one_escapes_are_undone_only_where_the_meaning_stays() {
        assert_eq!(unescape_markdown(r"Ran 5\.2 km\. Felt great\!"), "Ran 5.2 km. Felt great!");
        assert_eq!(unescape_markdown(r"\- not a list"), r"\- not a list", "a line-leading dash stays escaped");
        assert_eq!(unescape_markdown("a\n  \\+ b"), "a\n  \\+ b", "an indented plus stays escaped");
        assert_eq!(unescape_markdown(r"12\. not a numbered list"), r"12\. not a numbered list");
        assert_eq!(unescape_markdown(r"well \- said"), "well - said", "a dash inside a line is plain");
        assert_eq!(unescape_markdown(r"\*not bold\*"), r"\*not bold\*", "markup characters stay escaped");
        assert_eq!(unescape_markdown(r"\![not an image](x)"), r"\![not an image](x)");
        assert_eq!(unescape_markdown("trailing \\"), "trailing \\");
    }

    #[test]
    fn media_links_are_removed_and_the_title_heading_is_split_off() {
        assert_eq!(remove_media_links("a ![](dayone-moment://ABC) b"), "a  b");
        assert_eq!(remove_media_links("a ![](dayone-moment://ABC"), "a ", "an unclosed link is dropped");
        assert_eq!(split_title("# Title\n\nBody"), ("Title".to_owned(), "Body".to_owned()));
        assert_eq!(split_title("No heading\nBody"), (String::new(), "No heading\nBody".to_owned()));
    }
}
