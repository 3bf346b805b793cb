//! What is synced: which tables and columns, which columns hold the user's writing, and how a
//! row is named the same on every computer.
//!
//! Table-driven, like the export: the tables come from the schema (`transfer::export::tables`,
//! parents first), so a table or column added by a later migration syncs without anyone
//! remembering to. What stays on this computer is listed here, with why.

use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, OptionalExtension};
use serde_json::Value as Json;

use crate::error::{Result, StorageContext};
use crate::transfer::export::{quote, tables, Table};
use crate::vault::random_hex;

/// Tables that belong to this computer, not to the user's records:
/// - `settings`: a journal's preferences and identity (a computer may keep its own cool-down,
///   its own choice about photo locations), and the identity must differ per journal copy;
/// - `reminder_state`, `reminder_deliveries`: each computer notifies on its own;
/// - `import_records`: which files were imported *here*;
const LOCAL_TABLES: [&str; 4] = ["settings", "reminder_state", "reminder_deliveries", "import_records"];

/// Columns that belong to this computer in a synced table: a thumbnail is made by each
/// computer from its own copy of the picture.
const LOCAL_COLUMNS: [(&str, &str); 1] = [("attachments", "thumbnail")];

/// Columns that name an attached file in this journal's content store, under a name that
/// depends on this journal's key: the file travels through the sync folder's own store, and
/// the column travels as the file's name there (`engine::Files`).
const FILE_COLUMNS: [(&str, &str); 1] = [("attachments", "content")];

/// Columns that hold the user's writing. Two computers changing one of these while apart keep
/// both texts (the user chooses, or writes one that replaces both); an edit of one of these
/// made without seeing a deletion of its record keeps the record. Every other column takes the
/// latest change (hybrid logical clock), which can only replace a number, a date or a choice.
const PROSE: [(&str, &str); 19] = [
    ("entries", "title"),
    ("entries", "body"),
    ("setbacks", "title"),
    ("setbacks", "what_happened"),
    ("reflection_answers", "answer"),
    ("lessons", "text"),
    ("lessons", "if_situation"),
    ("lessons", "then_action"),
    ("goals", "title"),
    ("goals", "why"),
    ("goals", "how_ill_know"),
    ("goal_check_ins", "note"),
    ("people", "notes"),
    ("conversations", "what_they_said"),
    ("conversations", "what_ill_try"),
    ("daily_check_ins", "note"),
    ("revisits", "note"),
    ("templates", "description"),
    ("template_prompts", "text"),
];

/// The pseudo-column every row has: its existence. A row with no other column (a link between
/// a lesson and a setback) is this alone.
pub(crate) const EXISTS: &str = "$";

/// A synced table and its synced columns (the primary key's columns are the row's name, not
/// columns of it, except for a table with an `id`, whose id is replaced by its uid).
#[derive(Debug, Clone)]
pub(crate) struct SyncedTable {
    pub table: Table,
    pub columns: Vec<String>,
}

impl SyncedTable {
    pub fn name(&self) -> &str {
        &self.table.name
    }

    pub fn is_file(&self, column: &str) -> bool {
        FILE_COLUMNS.contains(&(self.table.name.as_str(), column))
    }

    pub fn is_prose(&self, column: &str) -> bool {
        column == EXISTS || PROSE.contains(&(self.table.name.as_str(), column))
    }

    /// The table a column refers to, if it is a foreign key.
    pub fn parent_of(&self, column: &str) -> Option<&str> {
        self.table.foreign_keys.iter().find(|key| key.column == column).map(|key| key.parent_table.as_str())
    }

    fn key_columns(&self) -> Vec<String> {
        self.table.primary_key.clone()
    }

    /// The SQL expression, in a trigger, of a row's local key: its id, or its primary key as a
    /// JSON array.
    pub fn local_key_sql(&self, row: &str) -> String {
        if self.table.has_id {
            format!("CAST({row}.id AS TEXT)")
        } else {
            let parts = self.key_columns().iter().map(|column| format!("{row}.{}", quote(column))).collect::<Vec<_>>();
            format!("json_array({})", parts.join(", "))
        }
    }

    /// `WHERE` for one row by its primary key, numbered from `?first`.
    pub fn where_key(&self, first: usize) -> String {
        self.key_columns()
            .iter()
            .enumerate()
            .map(|(index, column)| format!("{} = ?{}", quote(column), first + index))
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    pub fn select_columns(&self) -> String {
        self.columns.iter().map(|column| quote(column)).collect::<Vec<_>>().join(", ")
    }
}

/// The synced tables, parents first.
pub(crate) fn synced_tables(connection: &Connection) -> Result<Vec<SyncedTable>> {
    Ok(tables(connection)?
        .into_iter()
        .filter(|table| !LOCAL_TABLES.contains(&table.name.as_str()))
        .map(|table| {
            let columns = table
                .columns
                .iter()
                .map(|column| column.name.clone())
                .filter(|name| !table.primary_key.contains(name))
                .filter(|name| !LOCAL_COLUMNS.contains(&(table.name.as_str(), name.as_str())))
                .collect();
            SyncedTable { table, columns }
        })
        .collect())
}

/// A value as it travels between computers.
pub(crate) fn to_json(value: ValueRef<'_>) -> Json {
    match value {
        ValueRef::Null => Json::Null,
        ValueRef::Integer(number) => Json::from(number),
        ValueRef::Real(number) => Json::from(number),
        ValueRef::Text(text) => Json::from(String::from_utf8_lossy(text).into_owned()),
        ValueRef::Blob(bytes) => {
            use base64::Engine as _;
            serde_json::json!({ "blob": base64::engine::general_purpose::STANDARD.encode(bytes) })
        }
    }
}

pub(crate) fn from_json(value: &Json) -> Value {
    match value {
        Json::Null => Value::Null,
        Json::Bool(flag) => Value::Integer(i64::from(*flag)),
        Json::Number(number) => match number.as_i64() {
            Some(integer) => Value::Integer(integer),
            None => Value::Real(number.as_f64().unwrap_or_default()),
        },
        Json::String(text) => Value::Text(text.clone()),
        Json::Object(object) => {
            use base64::Engine as _;
            let bytes = object
                .get("blob")
                .and_then(Json::as_str)
                .and_then(|text| base64::engine::general_purpose::STANDARD.decode(text).ok())
                .unwrap_or_default();
            Value::Blob(bytes)
        }
        Json::Array(_) => Value::Text(value.to_string()),
    }
}

/// The uid of a row with an id; made (and remembered) when `create` and there is none yet.
pub(crate) fn uid_of(connection: &Connection, table: &str, local_id: i64, create: bool) -> Result<Option<String>> {
    const ACTION: &str = "read a record's sync identity";
    let known: Option<String> = connection
        .prepare_cached("SELECT uid FROM sync_rows WHERE tbl = ?1 AND local_id = ?2")
        .and_then(|mut statement| statement.query_row((table, local_id), |row| row.get(0)).optional())
        .context(ACTION)?;
    if known.is_some() || !create {
        return Ok(known);
    }
    let uid = match natural_uid(connection, table, local_id)? {
        Some(uid) if local_of(connection, table, &uid)?.is_none() => uid,
        // Taken: an area renamed to free its name, and a new one given it.
        _ => random_hex(16)?,
    };
    connection
        .prepare_cached("INSERT INTO sync_rows (tbl, local_id, uid) VALUES (?1, ?2, ?3)")
        .and_then(|mut statement| statement.execute((table, local_id, &uid)))
        .context(ACTION)?;
    Ok(Some(uid))
}

/// The name a row has on every computer by what it is, if it has one: a seeded row (a built-in
/// area or template) by its `key` (`k:career`), and an area the user added by its name, which
/// the journal keeps unique (`n:fitness`): two computers that each add "Fitness" add one area.
fn natural_uid(connection: &Connection, table: &str, local_id: i64) -> Result<Option<String>> {
    const ACTION: &str = "read a record's sync identity";
    let has_column = |column: &str| -> Result<bool> {
        Ok(connection
            .prepare_cached("SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2")
            .and_then(|mut statement| statement.query_row((table, column), |row| row.get::<_, i64>(0)))
            .context(ACTION)?
            > 0)
    };
    let read = |column: &str| -> Result<Option<String>> {
        Ok(connection
            .query_row(&format!("SELECT {} FROM {} WHERE id = ?1", quote(column), quote(table)), [local_id], |row| {
                row.get::<_, Option<String>>(0)
            })
            .optional()
            .context(ACTION)?
            .flatten())
    };
    if has_column("key")? {
        if let Some(key) = read("key")? {
            return Ok(Some(format!("k:{key}")));
        }
    }
    if table == "areas" {
        return Ok(read("name")?.map(|name| format!("n:{}", name.to_lowercase())));
    }
    Ok(None)
}

/// The local id of a row named `uid`, if it has one here.
pub(crate) fn local_of(connection: &Connection, table: &str, uid: &str) -> Result<Option<i64>> {
    connection
        .prepare_cached("SELECT local_id FROM sync_rows WHERE tbl = ?1 AND uid = ?2")
        .and_then(|mut statement| statement.query_row((table, uid), |row| row.get(0)).optional())
        .context("read a record's sync identity")
}
