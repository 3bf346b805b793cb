//! Day One's JSON export, as the zip Day One writes (one `<Journal>.json` per journal, beside
//! `photos/`, `videos/`, `audios/` and `pdfs/`) or the bare JSON file:
//! `{"metadata": {…}, "entries": [{"uuid", "creationDate": "2023-03-05T14:30:00Z",
//! "timeZone": "Asia/Tokyo", "text": "Markdown", "tags": […], "starred": true, "photos": […], …}]}`.
//!
//! `creationDate` is UTC; the entry's local date and time are that instant in its
//! `timeZone`, which is what the writer saw. An entry without a usable zone is placed in the
//! user's current zone, and the preview says how many. Day One escapes punctuation in its
//! Markdown (`1\.`, `well\!`); those escapes are undone where the plain character means the
//! same. The key is the entry's UUID.
//!
//! Media: an entry lists its photos, videos, audio recordings and PDFs (`identifier`, `md5`,
//! `type`), the text places each with a link (`![](dayone-moment://<identifier>)`, or
//! `dayone-moment:/video/<identifier>` and the like), and the zip holds the file as
//! `photos/<md5>.<type>` (`videos/`, `audios/`, `pdfs/`). Each becomes an attachment of its
//! entry, in the link's place (one the text does not place goes at its end). A zip is never
//! read whole: only its directory and the JSON are read here, and the media are streamed
//! one by one into the attachment store when the import is applied. The bare JSON file
//! brings no media, and the preview says so.

use std::collections::HashMap;
use std::path::Path;

use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::foreign_plan::{
    record_key, shorten, utf8_text, ForeignAttachment, ForeignEntry, ForeignImport, ForeignTime, PlanBuilder,
};
use super::limits::{file_looks_like_zip, looks_like_zip, read_file, read_zip_from, Archive, ArchiveSource};
use super::ImportFormat;
use crate::error::{CoreError, Result};

#[derive(Deserialize)]
struct DayOneFile<'a> {
    // Each entry is read on its own, so that one malformed entry is skipped with a reason
    // instead of refusing the file, and so that the whole file is never held as a tree.
    #[serde(borrow)]
    entries: Vec<&'a RawValue>,
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

/// One media file as an entry lists it.
#[derive(Deserialize)]
struct DayOneMedia {
    identifier: String,
    md5: String,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    filename: Option<String>,
}

/// The kinds of media an entry lists: the list's field, the zip's folder and the words for one.
#[derive(Clone, Copy)]
struct MediaKind {
    folder: &'static str,
    one: &'static str,
    many: &'static str,
}

const PHOTOS: MediaKind = MediaKind { folder: "photos", one: "photo", many: "photos" };
const VIDEOS: MediaKind = MediaKind { folder: "videos", one: "video", many: "videos" };
const AUDIOS: MediaKind = MediaKind { folder: "audios", one: "audio recording", many: "audio recordings" };
const PDFS: MediaKind = MediaKind { folder: "pdfs", one: "PDF", many: "PDFs" };

/// The media files of a zip, by folder and name without extension (Day One's MD5), so that a
/// listed file is found whatever extension it was saved with.
type MediaIndex = HashMap<(String, String), String>;

/// Reads the Day One export at `path`: a zip of any size (its directory and its JSON files,
/// nothing else), or a bare JSON file up to [`super::limits::MAX_FILE_BYTES`].
pub fn read(path: &Path) -> Result<ForeignImport> {
    let file_name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    if file_looks_like_zip(path)? {
        parse_archive(ArchiveSource::File(path.to_path_buf()), &file_name)
    } else {
        parse(&read_file(path)?, &file_name)
    }
}

/// Reads a Day One export held in memory: a zip, or the JSON file from inside one.
pub fn parse(bytes: &[u8], file_name: &str) -> Result<ForeignImport> {
    if looks_like_zip(bytes) {
        return parse_archive(ArchiveSource::Memory(bytes.into()), file_name);
    }
    let mut plan = PlanBuilder::new(ImportFormat::DayOne);
    read_journal(&mut plan, bytes, file_name, "", None)?;
    Ok(plan.finish())
}

fn parse_archive(source: ArchiveSource, file_name: &str) -> Result<ForeignImport> {
    let mut archive = source.open(file_name)?;
    let journals = read_zip_from(&mut archive, file_name, |name| {
        let lower = name.to_lowercase();
        lower.ends_with(".json") && !lower.starts_with("__macosx/")
    })?;
    if journals.is_empty() {
        return Err(CoreError::InvalidInput(format!(
            "The zip {file_name} holds no Day One journal (a .json file); export again from Day One with the JSON \
             format."
        )));
    }
    let media = media_index(&archive);
    let mut plan = PlanBuilder::new(ImportFormat::DayOne);
    plan.set_archive(source, file_name);
    let label_with_file = journals.len() > 1;
    for journal in journals {
        let label = if label_with_file { format!(" of {}", journal.name) } else { String::new() };
        read_journal(&mut plan, &journal.bytes, &journal.name, &label, Some(&media))?;
    }
    Ok(plan.finish())
}

fn media_index(archive: &Archive) -> MediaIndex {
    let mut index = MediaIndex::new();
    for name in archive.file_names() {
        let Some((folder, file)) = name.rsplit_once('/') else { continue };
        let folder = folder.rsplit('/').next().unwrap_or(folder).to_lowercase();
        if ![PHOTOS, VIDEOS, AUDIOS, PDFS].iter().any(|kind| kind.folder == folder) || file.is_empty() {
            continue;
        }
        let stem = file.split_once('.').map_or(file, |(stem, _)| stem).to_lowercase();
        index.insert((folder, stem), name.to_owned());
    }
    index
}

/// Reads one journal's JSON into `plan`. `media` is the zip's media files, or `None` for a bare
/// JSON file, whose media cannot be imported.
fn read_journal(
    plan: &mut PlanBuilder,
    bytes: &[u8],
    file_name: &str,
    label: &str,
    media: Option<&MediaIndex>,
) -> Result<()> {
    let text = utf8_text(bytes, file_name)?;
    let file: DayOneFile = serde_json::from_str(text).map_err(|error| {
        CoreError::InvalidInput(format!("The file {file_name} is not a Day One JSON export: {error}."))
    })?;
    let mut media_left_behind = 0usize;
    for (index, raw) in file.entries.into_iter().enumerate() {
        let number = index + 1;
        let entry: DayOneEntry = match serde_json::from_str(raw.get()) {
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

        let text = entry.text.as_deref().unwrap_or_default();
        let has_words = !unescape_markdown(&replace_media_links(text, |_| String::new())).trim().is_empty();
        let (body, attachments) = match media {
            Some(media) => place_media(plan, &entry, &item, text, media),
            None => {
                media_left_behind += media_count(&entry);
                if !has_words {
                    let reason = match media_summary(&entry) {
                        Some(media) => format!(
                            "It has no text, only {media}, which are in the zip Day One exported; import the zip \
                             to bring them."
                        ),
                        None => "It has no text.".to_owned(),
                    };
                    plan.skip(item, reason);
                    continue;
                }
                (replace_media_links(text, |_| String::new()), Vec::new())
            }
        };
        if !has_words && attachments.is_empty() {
            let reason = if media_count(&entry) == 0 {
                "It has no text."
            } else {
                "It has no text, and none of its media could be imported."
            };
            plan.skip(item, reason);
            continue;
        }
        let (title, body) = split_title(&unescape_markdown(&body));
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
            attachments,
        });
    }
    if media_left_behind > 0 {
        plan.note(format!(
            "{file_name} is the JSON file alone: its entries' {media_left_behind} photos, videos, recordings and PDFs \
             are in the zip Day One exported. Import the zip instead to bring them."
        ));
    }
    Ok(())
}

fn media_count(entry: &DayOneEntry) -> usize {
    entry.photos.len() + entry.videos.len() + entry.audios.len() + entry.pdf_attachments.len()
}

/// The entry's text with each media link it can import turned into a placeholder (the link
/// itself, which [`super::foreign::apply`] replaces), the links of media it cannot import
/// removed, and the media the text does not place appended; and the attachments. Media that
/// cannot be imported are listed as skipped, with the reason.
fn place_media(
    plan: &mut PlanBuilder,
    entry: &DayOneEntry,
    item: &str,
    text: &str,
    media: &MediaIndex,
) -> (String, Vec<ForeignAttachment>) {
    let date = entry.creation_date.get(..10).unwrap_or_default();
    let mut found: HashMap<String, ForeignAttachment> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let lists =
        [(&entry.photos, PHOTOS), (&entry.videos, VIDEOS), (&entry.audios, AUDIOS), (&entry.pdf_attachments, PDFS)];
    for (list, kind) in lists {
        for (position, value) in list.iter().enumerate() {
            let what = format!("{} {} of {item}", kind.one, position + 1);
            let Ok(listed) = serde_json::from_value::<DayOneMedia>(value.clone()) else {
                plan.skip(what, format!("Its {} is not described the way Day One describes one.", kind.one));
                continue;
            };
            let key = (kind.folder.to_owned(), listed.md5.trim().to_lowercase());
            let Some(member) = media.get(&key) else {
                plan.skip(what, format!("The zip does not hold this {} ({}/{}).", kind.one, kind.folder, listed.md5));
                continue;
            };
            let extension = member.rsplit_once('.').map(|(_, extension)| extension.to_owned());
            let extension = extension.or(listed.kind.clone()).unwrap_or_default();
            let file_name = listed
                .filename
                .as_deref()
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .map(str::to_owned)
                .unwrap_or_else(|| format!("{} {date} {}.{extension}", kind.one, position + 1));
            let identifier = listed.identifier.trim().to_owned();
            order.push(identifier.clone());
            found.insert(
                identifier.clone(),
                ForeignAttachment {
                    item: what,
                    member: member.clone(),
                    file_name,
                    placeholder: placeholder(&identifier),
                },
            );
        }
    }
    let mut placed = Vec::new();
    let mut body = replace_media_links(text, |identifier| match found.get(identifier) {
        Some(attachment) => {
            placed.push(identifier.to_owned());
            attachment.placeholder.clone()
        }
        None => String::new(),
    });
    let mut attachments = Vec::new();
    for identifier in order {
        let Some(attachment) = found.remove(&identifier) else { continue };
        if !placed.contains(&identifier) {
            body.push_str("\n\n");
            body.push_str(&attachment.placeholder);
        }
        attachments.push(attachment);
    }
    (body, attachments)
}

/// The text that stands for a media file in an imported body until it is attached: a Day One
/// link, which the body of a Day One entry can hold, and backslash escapes cannot touch.
fn placeholder(identifier: &str) -> String {
    format!("![](dayone-moment://{identifier})")
}

/// "2 photos and 1 audio recording", or `None` for an entry with no media.
fn media_summary(entry: &DayOneEntry) -> Option<String> {
    let parts: Vec<String> = [
        (entry.photos.len(), PHOTOS),
        (entry.videos.len(), VIDEOS),
        (entry.audios.len(), AUDIOS),
        (entry.pdf_attachments.len(), PDFS),
    ]
    .into_iter()
    .filter(|(count, _)| *count > 0)
    .map(|(count, kind)| if count == 1 { format!("1 {}", kind.one) } else { format!("{count} {}", kind.many) })
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

/// `text` with each of Day One's links to its own media (`![](dayone-moment://<id>)`,
/// `![](dayone-moment:/video/<id>)`, …) replaced by `replacement(<id>)`.
fn replace_media_links(text: &str, mut replacement: impl FnMut(&str) -> String) -> String {
    const START: &str = "![](dayone-moment:";
    let mut kept = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(START) {
        kept.push_str(&rest[..start]);
        let target = &rest[start + START.len()..];
        match target.find(')') {
            Some(end) => {
                let identifier = target[..end].trim_end_matches('/').rsplit('/').next().unwrap_or_default();
                kept.push_str(&replacement(identifier.trim()));
                rest = &target[end + 1..];
            }
            None => rest = "",
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
        let removed = |text: &str| replace_media_links(text, |_| String::new());
        assert_eq!(removed("a ![](dayone-moment://ABC) b"), "a  b");
        assert_eq!(removed("a ![](dayone-moment://ABC"), "a ", "an unclosed link is dropped");
        let named = replace_media_links("![](dayone-moment://P1) ![](dayone-moment:/video/V2)", |id| format!("<{id}>"));
        assert_eq!(named, "<P1> <V2>", "photo and video links name their identifiers");
        assert_eq!(split_title("# Title\n\nBody"), ("Title".to_owned(), "Body".to_owned()));
        assert_eq!(split_title("No heading\nBody"), (String::new(), "No heading\nBody".to_owned()));
    }
}
