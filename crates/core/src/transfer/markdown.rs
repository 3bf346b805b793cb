//! The Markdown export: one file per journal entry (`entries/`) and per setback (`setbacks/`,
//! with its feelings, reflections and lessons), each opening with YAML front matter, in a
//! folder or a zip archive. Attached files are copied to `assets/` (in clear: an export is the
//! user's own copy), and the text's `attachment:<reference>` links become relative links to
//! them, so pictures show in any Markdown viewer.
//!
//! File names are `YYYY-MM-DD-HHMM-title-slug.md`: the slug keeps only ASCII letters and
//! digits (everything else becomes `-`) and at most 60 characters, so a title such as
//! `../../etc` can never lead outside the folder, and a number is added when two records would
//! share a name. YAML strings are written as JSON strings, which YAML reads as the same text,
//! so that no title or tag can change the front matter's structure.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::Write as _;
use std::path::Path;

use rusqlite::{params, Connection};

use crate::db::Database;
use crate::error::{CoreError, Result, StorageContext};
use crate::markdown::{escape_inline, words};

/// One file of the export: its path inside the folder or archive (always `entries/…` or
/// `setbacks/…`, `/`-separated) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownFile {
    pub path: String,
    pub text: String,
}

/// An attached file the export copies: where it goes (`assets/…`) and which stored file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AssetFile {
    pub path: String,
    pub content: String,
}

/// Longest slug taken from a title, in characters.
const MAX_SLUG_CHARS: usize = 60;

fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// The title as a file-name slug: lower-case ASCII letters and digits, single dashes.
pub(crate) fn slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= MAX_SLUG_CHARS {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "untitled".to_owned()
    } else {
        slug.to_owned()
    }
}

/// Gives each file a name no other file of the export has.
struct Names(HashSet<String>);

impl Names {
    fn unique(&mut self, folder: &str, date: &str, time: &str, title: &str) -> String {
        let stem = format!("{date}-{}-{}", time.replace(':', ""), slug(title));
        let mut candidate = format!("{folder}/{stem}.md");
        let mut number = 2;
        while !self.0.insert(candidate.clone()) {
            candidate = format!("{folder}/{stem}-{number}.md");
            number += 1;
        }
        candidate
    }
}

/// The attached files of the journal on `connection`, each with its place in `assets/`, by
/// reference. The name starts with the reference's first 12 digits (two files may share a
/// name) and keeps only ASCII letters, digits, dots, dashes and underscores, so it stays
/// inside `assets/`.
fn assets(connection: &Connection) -> Result<BTreeMap<String, AssetFile>> {
    let action = "read the attached files for the Markdown export";
    if !crate::attachments::has_attachments(connection)? {
        return Ok(BTreeMap::new());
    }
    let mut statement =
        connection.prepare("SELECT reference, file_name, content FROM attachments ORDER BY id").context(action)?;
    let rows = statement
        .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?)))
        .context(action)?;
    let mut assets = BTreeMap::new();
    for row in rows {
        let (reference, file_name, content) = row.context(action)?;
        let safe: String = file_name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '-' })
            .take(80)
            .collect();
        let path = format!("assets/{}-{}", &reference[..12.min(reference.len())], safe.trim_start_matches(['.', '-']));
        assets.insert(reference, AssetFile { path, content });
    }
    Ok(assets)
}

/// `text` with each `attachment:<reference>` of a known attachment turned into a link to its
/// copy, relative to a file in `entries/` or `setbacks/`.
fn link_assets(text: &str, assets: &BTreeMap<String, AssetFile>) -> String {
    const SCHEME: &str = "attachment:";
    let mut linked = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(SCHEME) {
        linked.push_str(&rest[..at]);
        let after = &rest[at + SCHEME.len()..];
        match after.get(..32).and_then(|reference| assets.get(reference)) {
            Some(asset) => {
                linked.push_str("../");
                linked.push_str(&asset.path);
                rest = &after[32..];
            }
            None => {
                linked.push_str(SCHEME);
                rest = after;
            }
        }
    }
    linked.push_str(rest);
    linked
}

/// The attachments of one record, as a list of links, for those its text does not show.
fn attachment_list(
    connection: &Connection,
    owner_column: &str,
    id: i64,
    assets: &BTreeMap<String, AssetFile>,
) -> Result<String> {
    let action = "read a record's attached files";
    if assets.is_empty() {
        return Ok(String::new());
    }
    let mut statement = connection
        .prepare_cached(&format!("SELECT reference, file_name FROM attachments WHERE {owner_column} = ?1 ORDER BY id"))
        .context(action)?;
    let rows: Vec<(String, String)> = statement
        .query_map([id], |row| Ok((row.get(0)?, row.get(1)?)))
        .context(action)?
        .collect::<rusqlite::Result<_>>()
        .context(action)?;
    let mut text = String::new();
    for (reference, file_name) in rows {
        if let Some(asset) = assets.get(&reference) {
            text += &format!("- [{}](../{})\n", escape_inline(&file_name), asset.path);
        }
    }
    Ok(if text.is_empty() { text } else { format!("\n## Attachments\n\n{text}") })
}

/// Every file of the Markdown export of the journal on `connection`, entries first, each
/// kind in the order it happened, and the attached files to copy beside them.
pub(crate) fn markdown_files(connection: &Connection) -> Result<(Vec<MarkdownFile>, Vec<AssetFile>)> {
    let action = "read the journal for the Markdown export";
    let mut names = Names(HashSet::new());
    let mut files = Vec::new();
    let assets = assets(connection)?;

    let mut tags =
        connection.prepare("SELECT tag FROM entry_tags WHERE entry_id = ?1 ORDER BY position").context(action)?;
    let mut statement = connection
        .prepare(
            "SELECT id, title, body, local_date, local_time, time_zone, mood FROM entries ORDER BY occurred_at, id",
        )
        .context(action)?;
    let mut rows = statement.query([]).context(action)?;
    while let Some(row) = rows.next().context(action)? {
        let id: i64 = row.get(0).context(action)?;
        let title: String = row.get(1).context(action)?;
        let body: String = row.get(2).context(action)?;
        let (date, time, zone): (String, String, String) =
            (row.get(3).context(action)?, row.get(4).context(action)?, row.get(5).context(action)?);
        let mood: Option<i64> = row.get(6).context(action)?;
        let entry_tags: Vec<String> =
            tags.query_map([id], |tag| tag.get(0)).context(action)?.collect::<rusqlite::Result<_>>().context(action)?;
        let mut text = String::from("---\ntype: entry\n");
        text += &format!(
            "title: {}\ndate: {date}\ntime: \"{time}\"\ntime_zone: {}\n",
            yaml_string(&title),
            yaml_string(&zone)
        );
        if let Some(mood) = mood {
            text += &format!("mood: {mood}\n");
        }
        let tag_list = entry_tags.iter().map(|tag| yaml_string(tag)).collect::<Vec<_>>().join(", ");
        text += &format!("tags: [{tag_list}]\n---\n\n");
        if !title.trim().is_empty() {
            text += &format!("# {}\n\n", escape_inline(&title));
        }
        // The body is the user's own Markdown, kept as they wrote it (links to attached files
        // lead to their copies).
        text += &link_assets(body.trim_end(), &assets);
        text.push('\n');
        text += &attachment_list(connection, "entry_id", id, &assets)?;
        files.push(MarkdownFile { path: names.unique("entries", &date, &time, &title), text });
    }

    let mut statement = connection
        .prepare(
            "SELECT s.id, s.title, s.what_happened, s.local_date, s.local_time, s.time_zone, a.name, s.impact,
                    s.control, s.recovered_on
             FROM setbacks s JOIN areas a ON a.id = s.area_id ORDER BY s.happened_at, s.id",
        )
        .context(action)?;
    let mut rows = statement.query([]).context(action)?;
    while let Some(row) = rows.next().context(action)? {
        let id: i64 = row.get(0).context(action)?;
        let title: String = row.get(1).context(action)?;
        let what_happened: String = row.get(2).context(action)?;
        let (date, time, zone): (String, String, String) =
            (row.get(3).context(action)?, row.get(4).context(action)?, row.get(5).context(action)?);
        let area: String = row.get(6).context(action)?;
        let impact: i64 = row.get(7).context(action)?;
        let control: String = row.get(8).context(action)?;
        let recovered_on: Option<String> = row.get(9).context(action)?;
        let feelings = feelings(connection, id)?;

        let mut text = String::from("---\ntype: setback\n");
        text += &format!(
            "title: {}\ndate: {date}\ntime: \"{time}\"\ntime_zone: {}\narea: {}\n\
             impact: {impact}\ncontrol: {control}\n",
            yaml_string(&title),
            yaml_string(&zone),
            yaml_string(&area)
        );
        if let Some(recovered_on) = &recovered_on {
            text += &format!("recovered_on: {recovered_on}\n");
        }
        text += "feelings:\n";
        if feelings.is_empty() {
            text.truncate(text.len() - 1);
            text += " []\n";
        }
        for (emotion, intensity) in &feelings {
            text += &format!("  - {{emotion: {}, intensity: {intensity}}}\n", yaml_string(emotion));
        }
        text += "---\n\n";
        text += &format!(
            "# {}\n\n## What happened\n\n{}\n",
            escape_inline(&title),
            link_assets(what_happened.trim_end(), &assets)
        );
        text += &attachment_list(connection, "setback_id", id, &assets)?;
        text += &reflections(connection, id)?;
        text += &lessons(connection, id)?;
        files.push(MarkdownFile { path: names.unique("setbacks", &date, &time, &title), text });
    }
    Ok((files, assets.into_values().collect()))
}

fn feelings(connection: &Connection, setback_id: i64) -> Result<Vec<(String, i64)>> {
    let action = "read a setback's feelings";
    let mut statement = connection
        .prepare_cached("SELECT emotion, intensity FROM setback_feelings WHERE setback_id = ?1 ORDER BY position")
        .context(action)?;
    let rows = statement.query_map([setback_id], |row| Ok((row.get(0)?, row.get(1)?))).context(action)?;
    rows.collect::<rusqlite::Result<_>>().context(action)
}

fn reflections(connection: &Connection, setback_id: i64) -> Result<String> {
    let action = "read a setback's reflections";
    let mut text = String::new();
    let mut statement = connection
        .prepare_cached(
            "SELECT id, template_name, completed_at IS NOT NULL FROM reflections WHERE setback_id = ?1
             ORDER BY started_at, id",
        )
        .context(action)?;
    let reflections: Vec<(i64, String, bool)> = statement
        .query_map([setback_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .context(action)?
        .collect::<rusqlite::Result<_>>()
        .context(action)?;
    let mut answers = connection
        .prepare_cached(
            "SELECT prompt, kind, answer, rating FROM reflection_answers WHERE reflection_id = ?1 ORDER BY position",
        )
        .context(action)?;
    for (id, template_name, completed) in reflections {
        let state = if completed { "" } else { " (draft)" };
        text += &format!("\n## Reflection: {}{state}\n", escape_inline(&template_name));
        let rows = answers
            .query_map(params![id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, Option<i64>>(3)?,
                ))
            })
            .context(action)?;
        for row in rows {
            let (prompt, kind, answer, rating) = row.context(action)?;
            text += &format!("\n### {}\n\n", escape_inline(&prompt));
            match (kind.as_str(), rating) {
                ("rating", Some(rating)) => text += &format!("{rating} / 100\n"),
                _ if answer.trim().is_empty() => text += "(no answer)\n",
                _ => text += &format!("{}\n", answer.trim_end()),
            }
        }
    }
    Ok(text)
}

fn lessons(connection: &Connection, setback_id: i64) -> Result<String> {
    let action = "read a setback's lessons";
    let mut statement = connection
        .prepare_cached(
            "SELECT l.text, l.if_situation, l.then_action, l.status FROM lessons l
             JOIN lesson_setbacks ls ON ls.lesson_id = l.id WHERE ls.setback_id = ?1 ORDER BY l.created_at, l.id",
        )
        .context(action)?;
    let lessons: Vec<(String, Option<String>, Option<String>, String)> = statement
        .query_map([setback_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))
        .context(action)?
        .collect::<rusqlite::Result<_>>()
        .context(action)?;
    if lessons.is_empty() {
        return Ok(String::new());
    }
    let mut text = String::from("\n## Lessons\n\n");
    for (lesson, if_situation, then_action, status) in lessons {
        text += &format!("- {} ({})", escape_inline(&lesson), words(&status));
        if let (Some(situation), Some(action)) = (if_situation, then_action) {
            text += &format!(" — If {}, then I will {}.", escape_inline(&situation), escape_inline(&action));
        }
        text.push('\n');
    }
    Ok(text)
}

impl Database {
    /// The Markdown export as a zip archive in memory; see [`Database::export_markdown_zip_to`].
    pub fn export_markdown_zip(&mut self) -> Result<Vec<u8>> {
        Ok(self.export_markdown_zip_to(std::io::Cursor::new(Vec::new()))?.into_inner())
    }

    /// The Markdown export as a zip archive (deflated) written to `out`, its files as
    /// [`Database::export_markdown_folder`] writes them. Attached files are streamed from the
    /// store one by one, so a journal of any size exports in little memory.
    pub fn export_markdown_zip_to<W: std::io::Write + std::io::Seek>(&mut self, out: W) -> Result<W> {
        let store = self.content_store();
        let (connection, _clock) = self.parts();
        let transaction = connection.transaction().context("start the Markdown export")?;
        let (files, assets) = markdown_files(&transaction)?;
        drop(transaction);
        let zip_error = |error: zip::result::ZipError| {
            CoreError::InvalidInput(format!("The zip archive could not be written: {error}."))
        };
        let mut archive = zip::ZipWriter::new(out);
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for file in &files {
            archive.start_file(file.path.as_str(), options).map_err(zip_error)?;
            archive.write_all(file.text.as_bytes()).map_err(|error| zip_error(error.into()))?;
        }
        // Pictures and documents are mostly compressed already: stored as they are.
        let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for asset in &assets {
            archive.start_file(asset.path.as_str(), stored).map_err(zip_error)?;
            store.copy_to(&asset.content, &mut archive)?;
        }
        archive.finish().map_err(zip_error)
    }

    /// Writes the Markdown export into `folder`, which must not exist yet or be empty (an
    /// export never overwrites or mixes with other files); returns how many files it wrote.
    pub fn export_markdown_folder(&mut self, folder: &Path) -> Result<u32> {
        let io_error = |action: &'static str, path: &Path| {
            let path = path.to_owned();
            move |source| CoreError::Io { action, path, source }
        };
        if folder.exists() {
            let mut contents = fs::read_dir(folder).map_err(io_error("read the export folder", folder))?;
            if contents.next().is_some() {
                return Err(CoreError::InvalidInput(format!(
                    "The folder {} is not empty; choose a new or empty folder for the Markdown export.",
                    folder.display()
                )));
            }
        }
        let store = self.content_store();
        let (connection, _clock) = self.parts();
        let transaction = connection.transaction().context("start the Markdown export")?;
        let (files, assets) = markdown_files(&transaction)?;
        drop(transaction);
        for sub in ["entries", "setbacks", "assets"] {
            fs::create_dir_all(folder.join(sub)).map_err(io_error("create the export folder", folder))?;
        }
        for file in &files {
            // Paths are built from the fixed folder names and a slug of ASCII letters, digits
            // and dashes, so they always stay inside `folder`.
            let path = file.path.split('/').fold(folder.to_path_buf(), |path, part| path.join(part));
            fs::write(&path, &file.text).map_err(io_error("write a Markdown file", &path))?;
        }
        for asset in &assets {
            let path = asset.path.split('/').fold(folder.to_path_buf(), |path, part| path.join(part));
            let mut copy = fs::File::create(&path).map_err(io_error("write an attached file", &path))?;
            store.copy_to(&asset.content, &mut copy)?;
        }
        if assets.is_empty() {
            let _ = fs::remove_dir(folder.join("assets"));
        }
        Ok((files.len() + assets.len()) as u32)
    }
}
