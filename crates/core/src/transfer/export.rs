//! The Failing Up JSON export: every table of the journal, row by row, with typed values.
//!
//! The export is table-driven rather than written per record type, so that it is lossless by
//! construction: a column added by a future migration is exported without anyone remembering
//! to. What is left out, and why, is listed in [`is_exported`]; the format is documented in
//! `docs/export-format.md`.
//!
//! The file is written one row per line: readable, diff-friendly, and the same for the same
//! journal (tables by name, rows by primary key, columns in schema order).

use std::fmt::Write as _;

use base64::Engine as _;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension};

use crate::clock::Clock;
use crate::db::{latest_schema_version, Database};
use crate::error::{CoreError, Result, StorageContext};

/// The `format` field of every export.
pub const FORMAT_NAME: &str = "failing-up-export";
/// The version of the file's layout (not of the schema); bumped only when an older importer
/// could not read the file correctly. Version 2: the export of a journal with attached files
/// is a zip that holds the JSON and the files (see [`Database::export_archive`]).
pub const FORMAT_VERSION: i64 = 2;
/// The settings key that holds the journal's identity, which lets an import recognise rows
/// that came from this very journal.
pub const JOURNAL_ID_SETTING: &str = "journal_id";

/// A column of a table, as `PRAGMA table_info` describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Column {
    pub name: String,
    /// The declared type, upper case: `INTEGER`, `TEXT`, `REAL`, `BLOB` or `ANY`.
    pub declared_type: String,
    pub not_null: bool,
    pub has_default: bool,
}

/// A foreign key of one column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ForeignKey {
    pub column: String,
    pub parent_table: String,
    pub parent_column: String,
}

/// What the export and import need to know about one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    /// The primary key's columns, in key order.
    pub primary_key: Vec<String>,
    /// True when the primary key is a single `INTEGER PRIMARY KEY` column named `id`: the
    /// row's own identity, which a merging import renumbers.
    pub has_id: bool,
    pub foreign_keys: Vec<ForeignKey>,
    /// The column sets of UNIQUE constraints other than the primary key (natural keys, such
    /// as a built-in area's `key` or an area's name).
    pub unique: Vec<Vec<String>>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|column| column.name == name)
    }

    /// `ORDER BY` for the primary key, which makes every read of the table deterministic.
    pub fn order_by(&self) -> String {
        self.primary_key.iter().map(|column| quote(column)).collect::<Vec<_>>().join(", ")
    }

    pub fn select_all(&self) -> String {
        let columns = self.columns.iter().map(|column| quote(&column.name)).collect::<Vec<_>>().join(", ");
        format!("SELECT {columns} FROM {} ORDER BY {}", quote(&self.name), self.order_by())
    }
}

/// Quotes an SQL identifier. Table and column names come from the schema (or, on import,
/// have been checked against it), but quoting keeps even a strange one inert.
pub(crate) fn quote(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}

/// Whether a table of the schema belongs in the export. Left out: SQLite's own tables and
/// full-text indexes (virtual tables and their shadow tables), which the journal rebuilds
/// from the rows through its triggers, and sync's bookkeeping (`sync_*`), which is this
/// computer's own (its identity among the user's computers, its sync key) and would make a
/// copy restored elsewhere pose as this computer. Everything else is exported, including the
/// reminder ledger and `import_records`, so that a restored journal neither repeats reminders
/// nor re-imports a file it had already imported.
fn is_exported(name: &str, kind: &str) -> bool {
    kind == "table" && !name.starts_with("sqlite_") && !name.starts_with("sync_")
}

/// The exported tables of the schema, parents before the tables that refer to them (then by
/// name), so that inserting in this order never meets a missing parent.
pub(crate) fn tables(connection: &Connection) -> Result<Vec<Table>> {
    let mut statement = connection.prepare("PRAGMA main.table_list").context("read the journal's tables")?;
    let mut names: Vec<String> = statement
        .query_map([], |row| Ok((row.get::<_, String>("name")?, row.get::<_, String>("type")?)))
        .context("read the journal's tables")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .context("read the journal's tables")?
        .into_iter()
        .filter(|(name, kind)| is_exported(name, kind))
        .map(|(name, _)| name)
        .collect();
    names.sort();
    let mut described = names.iter().map(|name| describe(connection, name)).collect::<Result<Vec<_>>>()?;

    // A depth-first topological sort on foreign keys; self-references (a goal paired with a
    // goal) are handled by the importer, not by order.
    let mut ordered: Vec<Table> = Vec::with_capacity(described.len());
    let mut placed: Vec<String> = Vec::new();
    while !described.is_empty() {
        let ready = described
            .iter()
            .position(|table| {
                table
                    .foreign_keys
                    .iter()
                    .all(|key| key.parent_table == table.name || placed.contains(&key.parent_table))
            })
            .ok_or_else(|| CoreError::InvalidInput("The journal's tables refer to each other in a cycle.".into()))?;
        let table = described.remove(ready);
        placed.push(table.name.clone());
        ordered.push(table);
    }
    Ok(ordered)
}

fn describe(connection: &Connection, name: &str) -> Result<Table> {
    let action = "read a table's columns";
    let mut statement = connection.prepare(&format!("PRAGMA main.table_info({})", quote(name))).context(action)?;
    let mut primary_key: Vec<(i64, String)> = Vec::new();
    let mut columns = Vec::new();
    let mut rows = statement.query([]).context(action)?;
    while let Some(row) = rows.next().context(action)? {
        let column_name: String = row.get("name").context(action)?;
        let declared_type: String = row.get("type").context(action)?;
        let pk: i64 = row.get("pk").context(action)?;
        if pk > 0 {
            primary_key.push((pk, column_name.clone()));
        }
        columns.push(Column {
            name: column_name,
            declared_type: declared_type.to_uppercase(),
            not_null: row.get("notnull").context(action)?,
            has_default: row.get::<_, Option<String>>("dflt_value").context(action)?.is_some(),
        });
    }
    primary_key.sort();
    let primary_key: Vec<String> = primary_key.into_iter().map(|(_, column)| column).collect();
    let has_id =
        primary_key == ["id"] && columns.iter().any(|column| column.name == "id" && column.declared_type == "INTEGER");

    let mut statement =
        connection.prepare(&format!("PRAGMA main.foreign_key_list({})", quote(name))).context(action)?;
    let foreign_keys = statement
        .query_map([], |row| {
            Ok(ForeignKey {
                column: row.get("from")?,
                parent_table: row.get("table")?,
                parent_column: row.get::<_, Option<String>>("to")?.unwrap_or_else(|| "id".to_owned()),
            })
        })
        .context(action)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .context(action)?;

    let mut unique = Vec::new();
    let mut statement = connection.prepare(&format!("PRAGMA main.index_list({})", quote(name))).context(action)?;
    let indexes = statement
        .query_map([], |row| {
            Ok((row.get::<_, String>("name")?, row.get::<_, bool>("unique")?, row.get::<_, String>("origin")?))
        })
        .context(action)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .context(action)?;
    for (index, is_unique, origin) in indexes {
        if is_unique && origin == "u" {
            let mut statement =
                connection.prepare(&format!("PRAGMA main.index_info({})", quote(&index))).context(action)?;
            let index_columns = statement
                .query_map([], |row| row.get::<_, String>("name"))
                .context(action)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .context(action)?;
            unique.push(index_columns);
        }
    }
    Ok(Table { name: name.to_owned(), columns, primary_key, has_id, foreign_keys, unique })
}

/// The journal's identity, created (random, 128 bits, hex) and stored the first time it is
/// needed.
pub(crate) fn journal_id(connection: &Connection) -> Result<String> {
    let action = "read the journal's identity";
    let existing: Option<String> = connection
        .query_row("SELECT value FROM settings WHERE key = ?1", [JOURNAL_ID_SETTING], |row| row.get(0))
        .optional()
        .context(action)?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|error| {
        CoreError::InvalidInput(format!("The journal's identity could not be created: no randomness ({error})."))
    })?;
    let id = bytes.iter().fold(String::new(), |mut text, byte| {
        let _ = write!(text, "{byte:02x}");
        text
    });
    connection
        .execute("INSERT INTO settings (key, value) VALUES (?1, ?2)", [JOURNAL_ID_SETTING, &id])
        .context("store the journal's identity")?;
    Ok(id)
}

/// Writes one SQLite value as JSON: integers stay integers, text stays text, NULL is null,
/// and a BLOB becomes `{"base64": "…"}`.
fn write_value(out: &mut String, value: ValueRef<'_>) -> Result<()> {
    match value {
        ValueRef::Null => out.push_str("null"),
        ValueRef::Integer(integer) => {
            let _ = write!(out, "{integer}");
        }
        ValueRef::Real(real) => {
            // JSON has no NaN or infinity, and SQLite stores neither in a REAL column.
            out.push_str(&serde_json::Number::from_f64(real).map(|number| number.to_string()).unwrap_or("null".into()));
        }
        ValueRef::Text(bytes) => {
            let text = std::str::from_utf8(bytes).map_err(|_| {
                CoreError::InvalidInput("The journal holds text that is not valid UTF-8; it cannot be exported.".into())
            })?;
            out.push_str(&json_string(text));
        }
        ValueRef::Blob(bytes) => {
            let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
            let _ = write!(out, "{{\"base64\": \"{encoded}\"}}");
        }
    }
    Ok(())
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// The export of the journal on `connection`, read in one transaction so that it is a
/// consistent snapshot.
pub(crate) fn export_json(connection: &mut Connection, clock: &dyn Clock) -> Result<Vec<u8>> {
    let transaction = connection.transaction().context("start the export")?;
    let journal_id = journal_id(&transaction)?;
    let schema_version: i64 =
        transaction.pragma_query_value(None, "user_version", |row| row.get(0)).context("read the schema version")?;
    debug_assert_eq!(schema_version, latest_schema_version());
    let tables = tables(&transaction)?;

    let mut out = String::with_capacity(1 << 16);
    out.push_str("{\n");
    let _ = writeln!(out, "  \"format\": {},", json_string(FORMAT_NAME));
    let _ = writeln!(out, "  \"formatVersion\": {FORMAT_VERSION},");
    let _ = writeln!(out, "  \"schemaVersion\": {schema_version},");
    let _ = writeln!(out, "  \"exportedAt\": {},", json_string(&clock.now().to_string()));
    let _ = writeln!(out, "  \"journalId\": {},", json_string(&journal_id));
    let _ = writeln!(out, "  \"app\": {},", json_string(&format!("Failing Up {}", env!("CARGO_PKG_VERSION"))));
    out.push_str("  \"tables\": {");

    let mut by_name: Vec<&Table> = tables.iter().collect();
    by_name.sort_by(|left, right| left.name.cmp(&right.name));
    for (table_number, table) in by_name.into_iter().enumerate() {
        let name = &table.name;
        out.push_str(if table_number == 0 { "\n" } else { ",\n" });
        let _ = write!(out, "    {}: [", json_string(name));
        let keys: Vec<String> = table.columns.iter().map(|column| json_string(&column.name)).collect();
        let mut statement = transaction.prepare(&table.select_all()).context("read a table for the export")?;
        let mut rows = statement.query([]).context("read a table for the export")?;
        let mut row_number = 0usize;
        while let Some(row) = rows.next().context("read a table for the export")? {
            out.push_str(if row_number == 0 { "\n      {" } else { ",\n      {" });
            for (index, key) in keys.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                out.push_str(key);
                out.push_str(": ");
                write_value(&mut out, row.get_ref(index).context("read a table for the export")?)?;
            }
            out.push('}');
            row_number += 1;
        }
        out.push_str(if row_number == 0 { "]" } else { "\n    ]" });
    }
    out.push_str("\n  }\n}\n");
    // The transaction may have created the journal's identity; keep it.
    transaction.commit().context("finish the export")?;
    Ok(out.into_bytes())
}

impl Database {
    /// The whole journal as a Failing Up JSON export (`docs/export-format.md`): every record
    /// and setting, which [`Database::import`] brings back losslessly; attached files are named
    /// but not included (see [`Database::export_archive`]).
    pub fn export_json(&mut self) -> Result<Vec<u8>> {
        let (connection, clock) = self.parts();
        export_json(connection, clock)
    }

    /// Whether the journal has attached files, whose export is an archive rather than JSON.
    pub fn has_attached_files(&self) -> Result<bool> {
        let found: Option<i64> = self
            .connection()
            .query_row("SELECT 1 FROM attachments LIMIT 1", [], |row| row.get(0))
            .optional()
            .context("look for attached files")?;
        Ok(found.is_some())
    }

    /// The whole journal with its attached files, as a zip written to `out`: the JSON of
    /// [`Database::export_json`] as `failing-up-export.json`, and each attached file once, in
    /// clear (an export is the user's own copy), as `files/<content>` where `<content>` is what
    /// the file's rows name. The files are streamed from the store one by one, so a journal of
    /// any size exports in little memory.
    pub fn export_archive<W: std::io::Write + std::io::Seek>(&mut self, out: W) -> Result<W> {
        use std::io::Write as _;

        use crate::transfer::failup::{ARCHIVE_FILES_FOLDER, ARCHIVE_JSON_NAME};
        let json = self.export_json()?;
        let store = self.content_store();
        // The files themselves; thumbnails are made anew by the journal that imports them.
        let contents: Vec<String> = {
            let mut statement = self
                .connection()
                .prepare("SELECT DISTINCT content FROM attachments ORDER BY content")
                .context("list the attached files")?;
            let rows = statement.query_map([], |row| row.get(0)).context("list the attached files")?;
            rows.collect::<rusqlite::Result<_>>().context("list the attached files")?
        };
        let zip_error = |error: zip::result::ZipError| {
            CoreError::InvalidInput(format!("The export could not be written: {error}."))
        };
        let mut archive = zip::ZipWriter::new(out);
        let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        archive.start_file(ARCHIVE_JSON_NAME, deflated).map_err(zip_error)?;
        archive.write_all(&json).map_err(|error| zip_error(error.into()))?;
        drop(json);
        // Pictures and documents are mostly compressed already: stored as they are.
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(true);
        for content in contents {
            archive.start_file(format!("{ARCHIVE_FILES_FOLDER}/{content}"), stored).map_err(zip_error)?;
            store.copy_to(&content, &mut archive)?;
        }
        archive.finish().map_err(zip_error)
    }
}
