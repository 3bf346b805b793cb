//! Files attached to journal entries, setbacks and reflections: which record holds which file
//! (the `attachments` table, migration 0007), over the content store that holds the bytes
//! ([`store`]) and the check of what a file is ([`media`]).
//!
//! Attaching checks that the record exists, stores the file (once per content), then writes
//! the row. A crash between the two leaves a stored file that nothing refers to, which
//! [`crate::Database::remove_unreferenced_attachments`] deletes; never a row without its file.

pub mod exif;
pub mod media;
pub mod store;
pub mod thumbnail;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use store::{ContentStore, Stored, ATTACHMENTS_DIR_NAME, MAX_ATTACHMENT_BYTES};

use crate::clock::Clock;
use crate::error::{CoreError, Result, StorageContext};
use crate::local_time::rfc3339;
use crate::vault::random_hex;

/// The record a file is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "id", rename_all = "camelCase")]
pub enum Owner {
    Entry(#[ts(type = "number")] i64),
    Setback(#[ts(type = "number")] i64),
    Reflection(#[ts(type = "number")] i64),
}

impl Owner {
    fn column(self) -> &'static str {
        match self {
            Owner::Entry(_) => "entry_id",
            Owner::Setback(_) => "setback_id",
            Owner::Reflection(_) => "reflection_id",
        }
    }

    fn id(self) -> i64 {
        match self {
            Owner::Entry(id) | Owner::Setback(id) | Owner::Reflection(id) => id,
        }
    }

    fn table_and_name(self) -> (&'static str, String) {
        match self {
            Owner::Entry(id) => ("entries", format!("Journal entry {id}")),
            Owner::Setback(id) => ("setbacks", format!("Setback {id}")),
            Owner::Reflection(id) => ("reflections", format!("Reflection {id}")),
        }
    }
}

/// A file attached to a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    /// How text refers to the file (`attachment:<reference>`): 32 hex digits that never change.
    pub reference: String,
    pub file_name: String,
    /// What its bytes show it is, e.g. `image/jpeg`; `application/octet-stream` when unknown.
    pub media_type: String,
    #[ts(type = "number")]
    pub size_bytes: u64,
    /// When it was attached (RFC 3339, UTC).
    pub added_at: String,
    /// Whether it is a picture the window shows as one: its type is a picture's (see
    /// [`media::is_picture`]) and it has not been found undecodable (see [`thumbnail`]).
    pub picture: bool,
    /// Whether it has a thumbnail for lists (`attachment://localhost/<reference>/thumbnail`).
    pub thumbnail: bool,
}

/// What attaching several files at once did (files dropped on the window): the files attached,
/// in order, and for each file refused, why, in a sentence that names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AttachedFiles {
    pub attached: Vec<Attachment>,
    pub refused: Vec<String>,
}

/// The attachments of one journal.
pub struct Attachments<'a> {
    connection: &'a mut Connection,
    clock: &'a dyn Clock,
    store: ContentStore,
}

const ATTACHMENT_COLUMNS: &str = "reference, file_name, media_type, size_bytes, added_at, thumbnail";

impl<'a> Attachments<'a> {
    pub(crate) fn new(connection: &'a mut Connection, clock: &'a dyn Clock, store: ContentStore) -> Self {
        Self { connection, clock, store }
    }

    /// Attaches the file at `source` to `owner`. Refused, with nothing written, as
    /// [`ContentStore::store_file`] refuses, and when the record does not exist.
    pub fn attach_file(&mut self, owner: Owner, source: &Path) -> Result<Attachment> {
        self.require(owner)?;
        let stored = self.store.store_file(source)?;
        let file_name = source.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        self.insert(owner, &stored, &file_name)
    }

    /// Attaches the files at `sources` to `owner`, in order. A file refused for what it is
    /// (unreadable, a folder, too large, not what its name says) is left out and named in
    /// [`AttachedFiles::refused`], and the others are attached; anything else (the record is
    /// gone, the journal's disk is full) stops there, keeping those attached before it.
    pub fn attach_files(&mut self, owner: Owner, sources: &[PathBuf]) -> Result<AttachedFiles> {
        self.require(owner)?;
        let mut done = AttachedFiles { attached: Vec::new(), refused: Vec::new() };
        for source in sources {
            match self.attach_file(owner, source) {
                Ok(attachment) => done.attached.push(attachment),
                Err(error) if store::is_fault_of_the_file(&error) => done.refused.push(error.to_string()),
                Err(error) => return Err(error),
            }
        }
        Ok(done)
    }

    /// Attaches `bytes`, named `file_name` (a picture pasted from the clipboard), to `owner`.
    pub fn attach_bytes(&mut self, owner: Owner, file_name: &str, bytes: &[u8]) -> Result<Attachment> {
        self.require(owner)?;
        let stored = self.store.store_bytes(bytes, file_name)?;
        self.insert(owner, &stored, file_name)
    }

    /// The files attached to `owner`, in the order they were attached.
    pub fn of(&self, owner: Owner) -> Result<Vec<Attachment>> {
        let mut statement = self
            .connection
            .prepare_cached(&format!(
                "SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE {} = ?1 ORDER BY id",
                owner.column()
            ))
            .context("list the attached files")?;
        let rows = statement.query_map([owner.id()], attachment_from_row).context("list the attached files")?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context("list the attached files")
    }

    /// The attachment `reference` and its content, checked against what was stored.
    pub fn read(&self, reference: &str) -> Result<(Attachment, Vec<u8>)> {
        let (attachment, content) = self.find(reference)?;
        Ok((attachment, self.store.read(&content)?))
    }

    /// The attachment `reference`, without its content.
    pub fn get(&self, reference: &str) -> Result<Attachment> {
        Ok(self.find(reference)?.0)
    }

    /// Writes the content of the attachment `reference` to `out` (a copy the user saves or
    /// opens), checked on the way as [`ContentStore::copy_to`] checks it: after an error, what
    /// was written to `out` must be discarded. Returns the number of bytes written.
    pub fn copy_to(&self, reference: &str, out: &mut impl Write) -> Result<u64> {
        let (_, content) = self.find(reference)?;
        self.store.copy_to(&content, out)
    }

    /// The thumbnail of the attachment `reference` (see [`thumbnail`]) and its media type, or
    /// `None` while it has none.
    pub fn read_thumbnail(&self, reference: &str) -> Result<Option<(&'static str, Vec<u8>)>> {
        let thumbnail: Option<Option<String>> = self
            .connection
            .query_row("SELECT thumbnail FROM attachments WHERE reference = ?1", [reference], |row| row.get(0))
            .optional()
            .context("find the thumbnail")?;
        let Some(thumbnail) = thumbnail else { return Err(not_found(reference)) };
        match thumbnail.filter(|name| name.len() == 64) {
            Some(content) => {
                let bytes = self.store.read(&content)?;
                let media_type =
                    media::media_type_of("", &bytes[..bytes.len().min(media::HEAD_LEN)]).unwrap_or(media::UNKNOWN_TYPE);
                Ok(Some((media_type, bytes)))
            }
            None => Ok(None),
        }
    }

    /// Detaches the file `reference`. Its bytes stay while a backup refers to them (see
    /// [`crate::Database::remove_unreferenced_attachments`]).
    pub fn remove(&mut self, reference: &str) -> Result<()> {
        let removed = self
            .connection
            .execute("DELETE FROM attachments WHERE reference = ?1", [reference])
            .context("remove the attached file")?;
        if removed == 0 {
            return Err(not_found(reference));
        }
        Ok(())
    }

    fn find(&self, reference: &str) -> Result<(Attachment, String)> {
        self.connection
            .query_row(
                &format!("SELECT {ATTACHMENT_COLUMNS}, content FROM attachments WHERE reference = ?1"),
                [reference],
                |row| Ok((attachment_from_row(row)?, row.get(6)?)),
            )
            .optional()
            .context("find the attached file")?
            .ok_or_else(|| not_found(reference))
    }

    fn require(&self, owner: Owner) -> Result<()> {
        let (table, name) = owner.table_and_name();
        let exists: bool = self
            .connection
            .query_row(&format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"), [owner.id()], |row| row.get(0))
            .context("find the record to attach to")?;
        if exists {
            Ok(())
        } else {
            Err(CoreError::NotFound { what: name })
        }
    }

    fn insert(&mut self, owner: Owner, stored: &Stored, file_name: &str) -> Result<Attachment> {
        let reference = random_hex(16)?;
        insert_row(self.connection, owner, stored, file_name, &reference, self.clock.now().as_millisecond())?;
        Ok(self.find(&reference)?.0)
    }
}

/// Writes the row that attaches the stored file `stored`, named `file_name`, to `owner` under
/// the new `reference` (16 random bytes in hex). The caller has checked that `owner` exists.
pub(crate) fn insert_row(
    connection: &Connection,
    owner: Owner,
    stored: &Stored,
    file_name: &str,
    reference: &str,
    added_at_ms: i64,
) -> Result<()> {
    let file_name = file_name.trim();
    let file_name = if file_name.is_empty() { "attachment" } else { file_name };
    // Long names are cut (by characters) rather than refused: the file is already stored.
    let file_name: String = file_name.chars().take(255).collect();
    connection
        .execute(
            &format!(
                "INSERT INTO attachments (reference, {}, content, file_name, media_type, size_bytes, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                owner.column()
            ),
            params![
                reference,
                owner.id(),
                stored.content,
                file_name,
                stored.media_type,
                stored.size as i64,
                added_at_ms
            ],
        )
        .context("save the attached file")?;
    Ok(())
}

/// How text refers to an attached file: a picture as an image, `![name](attachment:<reference>)`,
/// anything else as a link. Brackets and backslashes are dropped from the name, so that it
/// cannot end the Markdown early.
pub fn attachment_markdown(file_name: &str, reference: &str, picture: bool) -> String {
    let name: String = file_name.chars().filter(|c| !matches!(c, '[' | ']' | '\\')).collect();
    let link = format!("[{name}](attachment:{reference})");
    if picture {
        format!("!{link}")
    } else {
        link
    }
}

/// Whether the journal open on `connection` has attachments at all: one from before schema
/// version 7 (an old backup) has not.
pub(crate) fn has_attachments(connection: &Connection) -> Result<bool> {
    connection
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachments')",
            [],
            |row| row.get(0),
        )
        .context("look for attached files")
}

/// Whether the journal open on `connection` keeps thumbnails: one from before schema version 8
/// (an old backup) does not.
pub(crate) fn has_thumbnails(connection: &Connection) -> Result<bool> {
    connection
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM pragma_table_info('attachments') WHERE name = 'thumbnail')",
            [],
            |row| row.get(0),
        )
        .context("look for thumbnails")
}

/// The contents the journal open on `connection` refers to (none if it predates attachments).
pub(crate) fn referenced_contents(connection: &Connection) -> Result<BTreeSet<String>> {
    if !has_attachments(connection)? {
        return Ok(BTreeSet::new());
    }
    let sql = if has_thumbnails(connection)? {
        "SELECT content FROM attachments UNION SELECT thumbnail FROM attachments WHERE length(thumbnail) = 64"
    } else {
        "SELECT DISTINCT content FROM attachments"
    };
    let mut statement = connection.prepare(sql).context("list attached files")?;
    let rows = statement.query_map([], |row| row.get(0)).context("list attached files")?;
    rows.collect::<rusqlite::Result<BTreeSet<String>>>().context("list attached files")
}

fn attachment_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Attachment> {
    let media_type: String = row.get(2)?;
    let thumbnail: Option<String> = row.get(5)?;
    Ok(Attachment {
        reference: row.get(0)?,
        file_name: row.get(1)?,
        picture: media::is_picture(&media_type) && thumbnail.as_deref() != Some(thumbnail::NOT_A_PICTURE),
        thumbnail: thumbnail.is_some_and(|name| name.len() == 64),
        media_type,
        size_bytes: row.get::<_, i64>(3)? as u64,
        added_at: rfc3339(row.get(4)?),
    })
}

fn not_found(reference: &str) -> CoreError {
    CoreError::NotFound { what: format!("The attached file “{reference}”") }
}
