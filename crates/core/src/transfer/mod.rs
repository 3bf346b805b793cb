//! Bringing history in and taking everything out: the Failing Up JSON export and its import,
//! the Markdown export, and imports from jrnl, Day One and Daylio.
//!
//! Every import goes the same way: the file is read and parsed with hard limits
//! ([`limits`]) into a plan that touches nothing; [`ImportPreview`] tells the user what the
//! plan would add, what it skips and why; applying it writes in one transaction and notes
//! each record in `import_records`, so that the same file imported twice adds nothing.
//! The format of the export is documented in `docs/export-format.md`.

pub mod daylio;
pub mod dayone;
pub mod export;
pub mod failup;
pub mod foreign;
mod foreign_plan;
mod indexing;
pub mod jrnl;
pub mod limits;
pub mod markdown;

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::Database;
use crate::error::Result;

/// The kinds of file the app imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    /// A Failing Up JSON export (`docs/export-format.md`).
    FailingUp,
    /// jrnl's JSON export (`jrnl --export json`).
    Jrnl,
    /// Day One's JSON export, as a zip or the bare JSON file.
    DayOne,
    /// Daylio's CSV export.
    Daylio,
}

/// Choices the user makes in the preview before importing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportOptions {
    /// Daylio only: each mood label of the file mapped to the 1–10 scale of check-ins.
    /// Labels left out fall back to Daylio's five defaults (rad 10, good 8, meh 5, bad 3,
    /// awful 1); a custom label with no mapping is reported as skipped.
    #[serde(default)]
    pub mood_scale: Vec<MoodMapping>,
}

/// One Daylio mood label and the check-in mood (1–10) it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MoodMapping {
    pub label: String,
    pub mood: u8,
}

/// How many records of one kind an import would add (or added), and how many it found
/// already imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportCount {
    /// What the records are, in words for the user: "journal entries", "check-ins", …
    pub kind: String,
    pub new: u32,
    pub already_imported: u32,
}

/// A record the import leaves out, and why, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SkippedItem {
    /// Where it is in the file: "entry 12 (2023-02-30)", "row 8".
    pub item: String,
    pub reason: String,
}

/// What an import would do, shown before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    pub format: ImportFormat,
    pub counts: Vec<ImportCount>,
    /// The first and last local dates (`YYYY-MM-DD`) of what would be added.
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub skipped: Vec<SkippedItem>,
    /// Daylio only: the mood labels in the file, in the order Daylio ranks them, with the
    /// mapping that would be used.
    pub mood_scale: Vec<MoodMapping>,
    /// Anything else the user should know before importing, as full sentences.
    pub notes: Vec<String>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub format: ImportFormat,
    pub counts: Vec<ImportCount>,
    pub skipped: Vec<SkippedItem>,
}

/// A file read and checked for import, ready to be previewed and then imported. Reading it
/// writes nothing; the same value serves the preview and the import, so that the user imports
/// what they saw.
#[derive(Debug)]
pub enum ParsedImport {
    /// A Failing Up JSON export.
    FailingUp(failup::FailingUpImport),
    /// A file from jrnl, Day One or Daylio.
    Foreign(foreign::ForeignImport),
}

impl ParsedImport {
    /// Reads the file at `path` as `format`, within the import limits
    /// ([`limits::max_file_bytes`]; a Day One zip is read as a stream instead, see [`dayone`]),
    /// and checks all of it; a file that cannot be imported is refused with an error that names
    /// the problem.
    pub fn read(format: ImportFormat, path: &Path) -> Result<ParsedImport> {
        match format {
            ImportFormat::DayOne => return dayone::read(path).map(ParsedImport::Foreign),
            ImportFormat::FailingUp if limits::file_looks_like_zip(path)? => {
                let file_name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
                let source = limits::ArchiveSource::File(path.to_path_buf());
                return failup::parse_archive(source, &file_name).map(ParsedImport::FailingUp);
            }
            _ => {}
        }
        let bytes = limits::read_file_up_to(path, limits::max_file_bytes(format))?;
        Self::from_bytes(format, &bytes, &path.file_name().map(|name| name.to_string_lossy()).unwrap_or_default())
    }

    /// Like [`ParsedImport::read`], for a file already in memory called `file_name`.
    pub fn from_bytes(format: ImportFormat, bytes: &[u8], file_name: &str) -> Result<ParsedImport> {
        match format {
            ImportFormat::FailingUp if limits::looks_like_zip(bytes) => {
                failup::parse_archive(limits::ArchiveSource::Memory(bytes.into()), file_name)
                    .map(ParsedImport::FailingUp)
            }
            ImportFormat::FailingUp => failup::parse(bytes).map(ParsedImport::FailingUp),
            _ => foreign::parse(format, bytes, file_name).map(ParsedImport::Foreign),
        }
    }
}

impl Database {
    /// What importing `parsed` would add, skip and why, and how; writes nothing.
    pub fn import_preview(&mut self, parsed: &ParsedImport, options: &ImportOptions) -> Result<ImportPreview> {
        let store = self.content_store();
        let (connection, clock) = self.parts();
        match parsed {
            ParsedImport::FailingUp(import) => import.preview(connection, clock, &store),
            ParsedImport::Foreign(import) => foreign::preview(connection, clock, import, options),
        }
    }

    /// Imports `parsed` in one transaction: all of it or, if anything fails, nothing. Records
    /// imported before (the same file again) are not added twice.
    pub fn import(&mut self, parsed: &ParsedImport, options: &ImportOptions) -> Result<ImportReport> {
        let store = self.content_store();
        let (connection, clock) = self.parts();
        match parsed {
            ParsedImport::FailingUp(import) => import.apply(connection, clock, &store),
            ParsedImport::Foreign(import) => foreign::apply(connection, clock, import, options, &store),
        }
    }
}
