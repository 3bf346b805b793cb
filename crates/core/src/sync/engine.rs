//! The merge: operations on cells, the heads of each cell, and writing the merged rows.
//!
//! Every synced row is named the same on every computer (`model`), and every change is an
//! operation on one cell (a column of a row) or the deletion of a row. An operation names the
//! versions of its cell it saw and replaced; a version no known operation replaces is a head.
//! That makes each cell a multi-value register, a CRDT: the heads are a function of the *set*
//! of operations known, so computers that know the same operations agree, whatever order,
//! duplication or delay brought them. Then:
//! - a cell with one head has that value;
//! - a cell with several heads takes the one with the latest hybrid logical clock (ties broken
//!   by device and counter) — and, for a column of the user's writing, the others stay heads:
//!   kept, and listed as two versions for the user to choose from, never dropped;
//! - a row is deleted when some deletion saw every head of its existence and of its writing:
//!   an edit of its text made without seeing the deletion keeps it (a number or a choice
//!   changed elsewhere does not).
//!
//! Local changes are found by temporary triggers (`sync_dirty`) and turned into operations
//! by comparing each changed row with its merged state ([`capture`]); operations from other
//! computers are stored and their rows rewritten from the merged state ([`apply`]).

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::model::{from_json, local_of, synced_tables, to_json, uid_of, SyncedTable, EXISTS};
use crate::error::{Result, StorageContext};
use crate::transfer::export::quote;

/// How a trigger notes, in `sync_dirty`, a deleted row by its identity (`~<uid>`).
const DELETED: &str = "~";

/// The identity of an operation: the computer that made it and its number there.
pub(crate) type OpId = (String, i64);

/// One change, as stored and as written to change files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Op {
    #[serde(rename = "d")]
    pub device: String,
    #[serde(rename = "n")]
    pub counter: i64,
    #[serde(rename = "h")]
    pub hlc: i64,
    #[serde(rename = "t")]
    pub table: String,
    #[serde(rename = "k")]
    pub row_key: String,
    /// `None`: the row is deleted.
    #[serde(rename = "c")]
    pub column: Option<String>,
    #[serde(rename = "v")]
    pub value: Json,
    #[serde(rename = "r")]
    pub replaces: Vec<OpId>,
}

/// A head of a cell.
#[derive(Debug, Clone)]
pub(crate) struct Head {
    pub id: OpId,
    pub hlc: i64,
    pub value: Json,
}

/// The merged state of one row.
#[derive(Debug, Default)]
pub(crate) struct RowState {
    pub heads: BTreeMap<String, Vec<Head>>,
    pub deletions: Vec<BTreeSet<OpId>>,
}

impl RowState {
    pub fn read(connection: &Connection, table: &str, row_key: &str) -> Result<Self> {
        const ACTION: &str = "read a record's sync state";
        let mut state = RowState::default();
        let mut statement = connection
            .prepare_cached(
                "SELECT col, device, counter, hlc, value, replaces FROM sync_ops
                 WHERE tbl = ?1 AND row_key = ?2 AND (head = 1 OR col IS NULL)",
            )
            .context(ACTION)?;
        let mut rows = statement.query((table, row_key)).context(ACTION)?;
        while let Some(row) = rows.next().context(ACTION)? {
            let column: Option<String> = row.get(0).context(ACTION)?;
            match column {
                Some(column) => {
                    let value: String = row.get(4).context(ACTION)?;
                    state.heads.entry(column).or_default().push(Head {
                        id: (row.get(1).context(ACTION)?, row.get(2).context(ACTION)?),
                        hlc: row.get(3).context(ACTION)?,
                        value: serde_json::from_str(&value).unwrap_or(Json::Null),
                    });
                }
                None => {
                    let replaces: String = row.get(5).context(ACTION)?;
                    let seen: Vec<OpId> = serde_json::from_str(&replaces).unwrap_or_default();
                    state.deletions.push(seen.into_iter().collect());
                }
            }
        }
        Ok(state)
    }

    /// The value a cell shows: its latest head.
    pub fn value(&self, column: &str) -> Option<&Json> {
        self.heads.get(column).and_then(|heads| latest(heads)).map(|head| &head.value)
    }

    pub fn head_ids(&self, column: &str) -> Vec<OpId> {
        self.heads.get(column).map(|heads| heads.iter().map(|head| head.id.clone()).collect()).unwrap_or_default()
    }

    /// The versions of a cell that a change made here replaces: what the journal showed. For
    /// the user's writing that is the version shown, never another computer's version waiting
    /// to be chosen (the user has not read it); any other cell takes the latest change anyway.
    pub fn seen_head_ids(&self, table: &SyncedTable, column: &str) -> Vec<OpId> {
        let Some(heads) = self.heads.get(column) else { return Vec::new() };
        if !table.is_prose(column) || column == EXISTS {
            return heads.iter().map(|head| head.id.clone()).collect();
        }
        let shown = latest(heads).map(|head| &head.value);
        heads.iter().filter(|head| Some(&head.value) == shown).map(|head| head.id.clone()).collect()
    }

    /// Every version a deletion made here saw (`seen_head_ids` of every cell).
    pub fn seen_by_deletion(&self, table: &SyncedTable) -> Vec<OpId> {
        self.heads.keys().flat_map(|column| self.seen_head_ids(table, column)).collect()
    }

    /// Whether the row exists in the merged journal (see the module's comment).
    pub fn is_alive(&self, table: &SyncedTable) -> bool {
        if !self.heads.contains_key(EXISTS) {
            return false;
        }
        let guarded: Vec<&OpId> = self
            .heads
            .iter()
            .filter(|(column, _)| table.is_prose(column))
            .flat_map(|(_, heads)| heads.iter().map(|head| &head.id))
            .collect();
        !self.deletions.iter().any(|seen| guarded.iter().all(|id| seen.contains(*id)))
    }
}

/// The head that wins the cell: latest clock, then device, then counter.
pub(crate) fn latest(heads: &[Head]) -> Option<&Head> {
    heads.iter().max_by(|a, b| (a.hlc, &a.id).cmp(&(b.hlc, &b.id)))
}

/// Stores an operation; false when it was known already. Keeps `head` right whatever order
/// operations arrive in: a version replaced by a known operation is never a head.
pub(crate) fn insert_op(connection: &Connection, op: &Op) -> Result<bool> {
    const ACTION: &str = "store a sync change";
    let replaced: bool = connection
        .prepare_cached("SELECT count(*) FROM sync_replaced WHERE device = ?1 AND counter = ?2")
        .and_then(|mut statement| statement.query_row((&op.device, op.counter), |row| row.get::<_, i64>(0)))
        .context(ACTION)?
        > 0;
    let inserted = connection
        .prepare_cached(
            "INSERT OR IGNORE INTO sync_ops (device, counter, hlc, tbl, row_key, col, value, replaces, head)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .and_then(|mut statement| {
            statement.execute((
                &op.device,
                op.counter,
                op.hlc,
                &op.table,
                &op.row_key,
                &op.column,
                op.value.to_string(),
                serde_json::to_string(&op.replaces).unwrap_or_else(|_| "[]".into()),
                i64::from(!replaced),
            ))
        })
        .context(ACTION)?
        > 0;
    // A deletion does not replace versions: it only says which it saw (`RowState::is_alive`).
    if inserted && op.column.is_some() {
        for (device, counter) in &op.replaces {
            connection
                .prepare_cached("INSERT OR IGNORE INTO sync_replaced (device, counter) VALUES (?1, ?2)")
                .and_then(|mut statement| statement.execute((device, counter)))
                .context(ACTION)?;
            connection
                .prepare_cached("UPDATE sync_ops SET head = 0 WHERE device = ?1 AND counter = ?2 AND head = 1")
                .and_then(|mut statement| statement.execute((device, counter)))
                .context(ACTION)?;
        }
    }
    Ok(inserted)
}

/// How an attached file travels: a file column's value here is the local content name, in the
/// change files the name of the file in the sync folder's own store (`sync/mod.rs`'s bridge).
pub(crate) trait Files {
    /// The shared name of local content `local`, putting the file in the sync folder first if
    /// it is not there; `None` when the file is not in this journal's store (nothing to send).
    fn outgoing(&self, connection: &Connection, local: &str) -> Result<Option<String>>;
    /// The local content of shared file `shared`, bringing it from the sync folder first;
    /// `None` while it has not arrived (or arrived only in part).
    fn incoming(&self, connection: &Connection, shared: &str, file_name: &str) -> Result<Option<String>>;
}

/// Makes and stores a new operation of this computer.
fn record(
    connection: &Connection,
    source: &mut dyn OpSource,
    table: &str,
    row_key: &str,
    column: Option<String>,
    value: Json,
    replaces: Vec<OpId>,
) -> Result<()> {
    let (device, counter, hlc) = source.next()?;
    let op = Op { device, counter, hlc, table: table.to_owned(), row_key: row_key.to_owned(), column, value, replaces };
    insert_op(connection, &op).map(drop)
}

/// Where new operations of this computer get their identity and clock.
pub(crate) trait OpSource {
    fn next(&mut self) -> Result<(String, i64, i64)>;
}

/// The global name of a row from its local key, or `None` when it has none (a row deleted
/// before it was ever synced). Names are made for rows that exist (`create`).
fn global_key(
    connection: &Connection,
    table: &SyncedTable,
    local_key: &[Value],
    create: bool,
) -> Result<Option<String>> {
    if table.table.has_id {
        let Some(Value::Integer(id)) = local_key.first() else { return Ok(None) };
        return uid_of(connection, table.name(), *id, create);
    }
    let mut parts = Vec::with_capacity(local_key.len());
    for (column, value) in table.table.primary_key.iter().zip(local_key) {
        match (table.parent_of(column), value) {
            (Some(parent), Value::Integer(id)) => match uid_of(connection, parent, *id, create)? {
                Some(uid) => parts.push(Json::from(uid)),
                None => return Ok(None),
            },
            _ => parts.push(to_json(value.into())),
        }
    }
    Ok(Some(Json::Array(parts).to_string()))
}

/// Where a row is here, by its global name.
enum Here {
    At(Vec<Value>),
    /// Not here yet (a row with an id arrives as new).
    Nowhere,
    /// A record it belongs to has not arrived (or cannot be written yet).
    ParentWaiting(String),
    /// A record it belongs to is deleted: the row cannot exist.
    ParentGone,
}

fn locate(connection: &Connection, tables: &[SyncedTable], table: &SyncedTable, row_key: &str) -> Result<Here> {
    if table.table.has_id {
        return Ok(match local_of(connection, table.name(), row_key)? {
            Some(id) => Here::At(vec![Value::Integer(id)]),
            None => Here::Nowhere,
        });
    }
    let parts: Vec<Json> = serde_json::from_str(row_key).unwrap_or_default();
    let mut key = Vec::with_capacity(parts.len());
    for (column, part) in table.table.primary_key.iter().zip(&parts) {
        match (table.parent_of(column), part) {
            (Some(parent), Json::String(uid)) => match local_of(connection, parent, uid)? {
                Some(id) => key.push(Value::Integer(id)),
                None if is_gone(connection, tables, parent, uid)? => return Ok(Here::ParentGone),
                None => return Ok(Here::ParentWaiting(format!("the {parent} record it belongs to has not arrived"))),
            },
            _ => key.push(from_json(part)),
        }
    }
    Ok(Here::At(key))
}

/// Whether a row is known here and deleted in the merged journal.
fn is_gone(connection: &Connection, tables: &[SyncedTable], table: &str, uid: &str) -> Result<bool> {
    let Some(synced) = tables.iter().find(|synced| synced.name() == table) else { return Ok(false) };
    let state = RowState::read(connection, table, uid)?;
    let known = !state.heads.is_empty() || !state.deletions.is_empty();
    Ok(known && !state.is_alive(synced))
}

fn parse_local_key(table: &SyncedTable, text: &str) -> Vec<Value> {
    if table.table.has_id {
        return text.parse::<i64>().map(|id| vec![Value::Integer(id)]).unwrap_or_default();
    }
    let parts: Vec<Json> = serde_json::from_str(text).unwrap_or_default();
    parts.iter().map(from_json).collect()
}

/// The row's synced columns here, as they travel (foreign keys as their parent's uid).
/// `None` inside: a file column whose file cannot travel now (see [`Files`]).
fn read_local_row(
    connection: &Connection,
    table: &SyncedTable,
    key: &[Value],
    create_names: bool,
    files: Option<&dyn Files>,
) -> Result<Option<Option<Vec<Json>>>> {
    const ACTION: &str = "read a changed record";
    if table.columns.is_empty() {
        let sql = format!("SELECT 1 FROM {} WHERE {}", quote(table.name()), table.where_key(1));
        let found = connection
            .prepare_cached(&sql)
            .and_then(|mut statement| statement.query_row(rusqlite::params_from_iter(key), |_| Ok(())).optional())
            .context(ACTION)?;
        return Ok(found.map(|()| Some(Vec::new())));
    }
    let sql = format!("SELECT {} FROM {} WHERE {}", table.select_columns(), quote(table.name()), table.where_key(1));
    let raw: Option<Vec<Value>> = connection
        .prepare_cached(&sql)
        .and_then(|mut statement| {
            statement
                .query_row(rusqlite::params_from_iter(key), |row| {
                    (0..table.columns.len()).map(|index| row.get::<_, Value>(index)).collect()
                })
                .optional()
        })
        .context(ACTION)?;
    let Some(raw) = raw else { return Ok(None) };
    let mut values = Vec::with_capacity(raw.len());
    for (column, value) in table.columns.iter().zip(raw) {
        values.push(match (table.parent_of(column), &value) {
            (Some(parent), Value::Integer(id)) => match uid_of(connection, parent, *id, create_names)? {
                Some(uid) => Json::from(uid),
                None => Json::Null,
            },
            (None, Value::Text(local)) if table.is_file(column) => {
                match files.map(|files| files.outgoing(connection, local)).transpose()?.flatten() {
                    Some(shared) => Json::from(shared),
                    None => return Ok(Some(None)),
                }
            }
            _ => to_json((&value).into()),
        });
    }
    Ok(Some(Some(values)))
}

/// Whether the row with `key` is in the journal here.
fn exists_locally(connection: &Connection, table: &SyncedTable, key: &[Value]) -> Result<bool> {
    let sql = format!("SELECT 1 FROM {} WHERE {}", quote(table.name()), table.where_key(1));
    connection
        .prepare_cached(&sql)
        .and_then(|mut statement| statement.exists(rusqlite::params_from_iter(key)))
        .context("read a changed record")
}

/// Turns the rows changed here since the last capture into operations. Returns how many.
pub(crate) fn capture(connection: &Connection, source: &mut dyn OpSource, files: Option<&dyn Files>) -> Result<usize> {
    const ACTION: &str = "note what changed for sync";
    let tables = synced_tables(connection)?;
    let mut made = 0;
    for table in &tables {
        let keys: Vec<String> = connection
            .prepare_cached("SELECT local_key FROM sync_dirty WHERE tbl = ?1")
            .and_then(|mut statement| statement.query_map([table.name()], |row| row.get(0))?.collect())
            .context(ACTION)?;
        // Without the files' bridge (an editor's save), records with files wait, still noted,
        // for the next round.
        if files.is_none() && table.columns.iter().any(|column| table.is_file(column)) {
            continue;
        }
        for text in keys {
            made += match text.strip_prefix(DELETED) {
                Some(uid) => capture_deletion(connection, table, uid, source)?,
                None => capture_row(connection, table, &parse_local_key(table, &text), source, files)?,
            };
        }
        connection.execute("DELETE FROM sync_dirty WHERE tbl = ?1", [table.name()]).context(ACTION)?;
    }
    Ok(made)
}

/// A deleted row that had an identity: deleted in the merged journal too, unless it is not
/// alive there anyway.
fn capture_deletion(
    connection: &Connection,
    table: &SyncedTable,
    uid: &str,
    source: &mut dyn OpSource,
) -> Result<usize> {
    let state = RowState::read(connection, table.name(), uid)?;
    if !state.is_alive(table) {
        return Ok(0);
    }
    record(connection, source, table.name(), uid, None, Json::Null, state.seen_by_deletion(table))?;
    Ok(1)
}

fn capture_row(
    connection: &Connection,
    table: &SyncedTable,
    key: &[Value],
    source: &mut dyn OpSource,
    files: Option<&dyn Files>,
) -> Result<usize> {
    let row = match read_local_row(connection, table, key, true, files)? {
        Some(Some(values)) => Some(values),
        // Its file is missing from this journal's store: the record cannot travel whole.
        Some(None) => return Ok(0),
        None => None,
    };
    let Some(row_key) = global_key(connection, table, key, row.is_some())? else { return Ok(0) };
    let state = RowState::read(connection, table.name(), &row_key)?;
    let alive = state.is_alive(table);
    let mut ops = Vec::new();
    match row {
        Some(values) => {
            if !alive {
                ops.push((Some(EXISTS.to_owned()), Json::Bool(true), state.seen_head_ids(table, EXISTS)));
            }
            for (column, value) in table.columns.iter().zip(values) {
                if !alive || state.value(column) != Some(&value) {
                    ops.push((Some(column.clone()), value, state.seen_head_ids(table, column)));
                }
            }
        }
        None if alive => ops.push((None, Json::Null, state.seen_by_deletion(table))),
        None => {}
    }
    let made = ops.len();
    for (column, value, replaces) in ops {
        record(connection, source, table.name(), &row_key, column, value, replaces)?;
    }
    Ok(made)
}

/// Writes `value` into a cell as the user's choice among its versions: one operation that
/// replaces every head, so that every computer ends with this one.
pub(crate) fn choose(
    connection: &Connection,
    table: &SyncedTable,
    row_key: &str,
    column: &str,
    value: Json,
    source: &mut dyn OpSource,
    files: Option<&dyn Files>,
) -> Result<()> {
    let state = RowState::read(connection, table.name(), row_key)?;
    record(connection, source, table.name(), row_key, Some(column.to_owned()), value, state.head_ids(column))?;
    let tables = synced_tables(connection)?;
    let mut rows = BTreeSet::new();
    rows.insert((table.name().to_owned(), row_key.to_owned()));
    write_rows(connection, &tables, rows, files)
}

/// Adds `value` as a version of a cell that replaces only the versions whose value was `base`
/// (what the user's writing started from), not versions the user has not seen.
pub(crate) fn add_version(
    connection: &Connection,
    table: &SyncedTable,
    row_key: &str,
    column: &str,
    value: Json,
    base: &Json,
    source: &mut dyn OpSource,
) -> Result<()> {
    const ACTION: &str = "keep both versions of the text";
    let replaces: Vec<OpId> = connection
        .prepare_cached("SELECT device, counter, value FROM sync_ops WHERE tbl = ?1 AND row_key = ?2 AND col = ?3")
        .and_then(|mut statement| {
            statement
                .query_map((table.name(), row_key, column), |row| {
                    Ok(((row.get::<_, String>(0)?, row.get::<_, i64>(1)?), row.get::<_, String>(2)?))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .context(ACTION)?
        .into_iter()
        .filter(|(_, stored)| serde_json::from_str::<Json>(stored).ok().as_ref() == Some(base))
        .map(|(id, _)| id)
        .collect();
    record(connection, source, table.name(), row_key, Some(column.to_owned()), value, replaces)?;
    Ok(())
}

/// Stores operations from another computer and rewrites the rows they touch. Returns how
/// many were new here.
pub(crate) fn apply(connection: &Connection, ops: &[Op], files: Option<&dyn Files>) -> Result<usize> {
    let mut touched = BTreeSet::new();
    let mut new = 0;
    for op in ops {
        if insert_op(connection, op)? {
            new += 1;
            touched.insert((op.table.clone(), op.row_key.clone()));
        }
    }
    let tables = synced_tables(connection)?;
    write_rows(connection, &tables, touched, files)?;
    Ok(new)
}

/// Rewrites `rows` (and every row still waiting) from their merged state, parents first, and
/// forgets the triggers' notes of these writes (local changes were captured before).
pub(crate) fn write_rows(
    connection: &Connection,
    tables: &[SyncedTable],
    mut rows: BTreeSet<(String, String)>,
    files: Option<&dyn Files>,
) -> Result<()> {
    const ACTION: &str = "write what another computer changed";
    // The triggers note these writes too; notes of local changes not captured yet (records
    // with files, without the bridge) are kept.
    let earlier_notes: Vec<(String, String)> = connection
        .prepare_cached("SELECT tbl, local_key FROM sync_dirty")
        .and_then(|mut statement| statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?.collect())
        .context(ACTION)?;
    let pending: Vec<(String, String)> = connection
        .prepare("SELECT tbl, row_key FROM sync_pending")
        .and_then(|mut statement| statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?.collect())
        .context(ACTION)?;
    rows.extend(pending);
    // Rows wait for parents (a child may even arrive before its parent's file); each round
    // writes what it can, until a round writes nothing new.
    loop {
        let mut progress = false;
        for table in tables {
            // In the order they were made, so that new local ids (and lists ordered by them)
            // follow the order the user added things on the other computer.
            let mut keys: Vec<(i64, String)> = Vec::new();
            for (_, key) in rows.iter().filter(|(name, _)| name == table.name()) {
                let made: Option<i64> = connection
                    .prepare_cached("SELECT min(hlc) FROM sync_ops WHERE tbl = ?1 AND row_key = ?2 AND col = '$'")
                    .and_then(|mut statement| statement.query_row((table.name(), key), |row| row.get(0)))
                    .context(ACTION)?;
                keys.push((made.unwrap_or(i64::MAX), key.clone()));
            }
            keys.sort();
            let keys: Vec<String> = keys.into_iter().map(|(_, key)| key).collect();
            for row_key in keys {
                match write_row(connection, tables, table, &row_key, files)? {
                    Written::Done => {
                        rows.remove(&(table.name().to_owned(), row_key.clone()));
                        connection
                            .execute(
                                "DELETE FROM sync_pending WHERE tbl = ?1 AND row_key = ?2",
                                (table.name(), &row_key),
                            )
                            .context(ACTION)?;
                        progress = true;
                    }
                    Written::Waiting(reason) => {
                        connection
                            .execute(
                                "INSERT OR REPLACE INTO sync_pending (tbl, row_key, reason) VALUES (?1, ?2, ?3)",
                                (table.name(), &row_key, reason),
                            )
                            .context(ACTION)?;
                    }
                }
            }
        }
        if !progress || rows.is_empty() {
            break;
        }
    }
    connection.execute("DELETE FROM sync_dirty", []).context(ACTION)?;
    for (table, key) in earlier_notes {
        connection
            .prepare_cached("INSERT OR IGNORE INTO sync_dirty (tbl, local_key) VALUES (?1, ?2)")
            .and_then(|mut statement| statement.execute((table, key)))
            .context(ACTION)?;
    }
    Ok(())
}

enum Written {
    Done,
    Waiting(String),
}

fn write_row(
    connection: &Connection,
    tables: &[SyncedTable],
    table: &SyncedTable,
    row_key: &str,
    files: Option<&dyn Files>,
) -> Result<Written> {
    const ACTION: &str = "write what another computer changed";
    let state = RowState::read(connection, table.name(), row_key)?;
    let key = match locate(connection, tables, table, row_key)? {
        Here::At(key) => Some(key),
        Here::Nowhere => None,
        Here::ParentGone => return Ok(Written::Done),
        Here::ParentWaiting(reason) if state.is_alive(table) => return Ok(Written::Waiting(reason)),
        Here::ParentWaiting(_) => return Ok(Written::Done),
    };
    let exists_here = match &key {
        Some(key) => exists_locally(connection, table, key)?,
        None => false,
    };
    if !state.is_alive(table) {
        if let (Some(key), true) = (&key, exists_here) {
            let sql = format!("DELETE FROM {} WHERE {}", quote(table.name()), table.where_key(1));
            connection.execute(&sql, rusqlite::params_from_iter(key)).context(ACTION)?;
        }
        return Ok(Written::Done);
    }

    let mut values = Vec::with_capacity(table.columns.len());
    for column in &table.columns {
        let value = state.value(column).cloned().unwrap_or(Json::Null);
        values.push(match (table.parent_of(column), &value) {
            (Some(parent), Json::String(uid)) => match local_of(connection, parent, uid)? {
                Some(id) => Value::Integer(id),
                None if is_gone(connection, tables, parent, uid)? => {
                    return Ok(Written::Waiting(format!(
                        "the {parent} record it refers to was deleted on another computer"
                    )))
                }
                None => return Ok(Written::Waiting(format!("the {parent} record it refers to has not arrived"))),
            },
            (None, Json::String(shared)) if table.is_file(column) => {
                let file_name = table
                    .columns
                    .iter()
                    .position(|column| column == "file_name")
                    .and_then(|index| state.value(&table.columns[index]))
                    .and_then(Json::as_str)
                    .unwrap_or("file")
                    .to_owned();
                match files.map(|files| files.incoming(connection, shared, &file_name)).transpose()?.flatten() {
                    Some(local) => Value::Text(local),
                    None => {
                        return Ok(Written::Waiting(format!("its attached file “{file_name}” has not arrived yet")))
                    }
                }
            }
            _ => from_json(&value),
        });
    }

    connection.execute("SAVEPOINT sync_row", []).context(ACTION)?;
    let written = write_values(connection, table, row_key, key.as_deref(), exists_here, &values);
    match written {
        Ok(()) => {
            connection.execute("RELEASE sync_row", []).context(ACTION)?;
            Ok(Written::Done)
        }
        Err(rusqlite::Error::SqliteFailure(error, message))
            if error.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            connection.execute("ROLLBACK TO sync_row", []).context(ACTION)?;
            connection.execute("RELEASE sync_row", []).context(ACTION)?;
            Ok(Written::Waiting(format!(
                "the merged record breaks a rule of the journal ({})",
                message.unwrap_or_else(|| error.to_string())
            )))
        }
        Err(source) => {
            connection.execute("ROLLBACK TO sync_row", []).context(ACTION)?;
            connection.execute("RELEASE sync_row", []).context(ACTION)?;
            Err(crate::error::CoreError::Storage { action: ACTION, source })
        }
    }
}

fn write_values(
    connection: &Connection,
    table: &SyncedTable,
    row_key: &str,
    key: Option<&[Value]>,
    exists_here: bool,
    values: &[Value],
) -> rusqlite::Result<()> {
    let name = quote(table.name());
    match key {
        Some(key) if exists_here => {
            if table.columns.is_empty() {
                return Ok(());
            }
            let current: Vec<Value> = connection
                .prepare_cached(&format!("SELECT {} FROM {name} WHERE {}", table.select_columns(), table.where_key(1)))?
                .query_row(rusqlite::params_from_iter(key), |row| {
                    (0..table.columns.len()).map(|index| row.get::<_, Value>(index)).collect()
                })?;
            if current == values {
                return Ok(());
            }
            let sets = table
                .columns
                .iter()
                .enumerate()
                .map(|(index, column)| format!("{} = ?{}", quote(column), index + 1))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!("UPDATE {name} SET {sets} WHERE {}", table.where_key(values.len() + 1));
            connection.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(values.iter().chain(key)))?;
        }
        _ if table.table.has_id => {
            // New here (or deleted here while another computer kept it): a new local id.
            let columns = table.select_columns();
            let marks = (1..=values.len()).map(|index| format!("?{index}")).collect::<Vec<_>>().join(", ");
            connection
                .prepare_cached(&format!("INSERT INTO {name} ({columns}) VALUES ({marks})"))?
                .execute(rusqlite::params_from_iter(values))?;
            let id = connection.last_insert_rowid();
            connection
                .prepare_cached("DELETE FROM sync_rows WHERE tbl = ?1 AND (uid = ?2 OR local_id = ?3)")?
                .execute((table.name(), row_key, id))?;
            connection.prepare_cached("INSERT INTO sync_rows (tbl, local_id, uid) VALUES (?1, ?2, ?3)")?.execute((
                table.name(),
                id,
                row_key,
            ))?;
        }
        Some(key) => {
            let mut columns: Vec<String> = table.table.primary_key.iter().map(|column| quote(column)).collect();
            columns.extend(table.columns.iter().map(|column| quote(column)));
            let marks = (1..=columns.len()).map(|index| format!("?{index}")).collect::<Vec<_>>().join(", ");
            connection.execute(
                &format!("INSERT INTO {name} ({}) VALUES ({marks})", columns.join(", ")),
                rusqlite::params_from_iter(key.iter().chain(values)),
            )?;
        }
        None => {}
    }
    Ok(())
}

/// This computer's operations that still matter, for a compacted change file: every value that
/// is still a head (the others were replaced, here or elsewhere) and every deletion. A kept
/// value names as replaced every version of its cell known to be replaced, so that a computer
/// that never saw the dropped operations still knows what they replaced.
pub(crate) fn still_needed(connection: &Connection, device: &str) -> Result<Vec<Op>> {
    const ACTION: &str = "fold this computer's change files";
    let ops = own_ops(connection, device, "AND (head = 1 OR col IS NULL)")?;
    let mut replaced_in_cell = connection
        .prepare_cached(
            "SELECT replaces FROM sync_ops WHERE tbl = ?1 AND row_key = ?2 AND col = ?3
             UNION SELECT json_array(json_array(device, counter)) FROM sync_ops
                 WHERE tbl = ?1 AND row_key = ?2 AND col = ?3 AND head = 0",
        )
        .context(ACTION)?;
    let mut needed = Vec::with_capacity(ops.len());
    for mut op in ops {
        if let Some(column) = &op.column {
            let mut replaced: BTreeSet<OpId> = BTreeSet::new();
            let lists: Vec<String> = replaced_in_cell
                .query_map((&op.table, &op.row_key, column), |row| row.get(0))
                .and_then(|rows| rows.collect())
                .context(ACTION)?;
            for list in lists {
                replaced.extend(serde_json::from_str::<Vec<OpId>>(&list).unwrap_or_default());
            }
            let heads = RowState::read(connection, &op.table, &op.row_key)?.head_ids(column);
            replaced.retain(|id| !heads.contains(id));
            op.replaces = replaced.into_iter().collect();
        }
        needed.push(op);
    }
    Ok(needed)
}

/// The operations of `device` known here, by counter, filtered by `extra` SQL.
pub(crate) fn own_ops(connection: &Connection, device: &str, extra: &str) -> Result<Vec<Op>> {
    connection
        .prepare(&format!(
            "SELECT counter, hlc, tbl, row_key, col, value, replaces FROM sync_ops WHERE device = ?1 {extra}
             ORDER BY counter"
        ))
        .and_then(|mut statement| {
            statement
                .query_map([device], |row| {
                    let value: Option<String> = row.get(5)?;
                    let replaces: String = row.get(6)?;
                    Ok(Op {
                        device: device.to_owned(),
                        counter: row.get(0)?,
                        hlc: row.get(1)?,
                        table: row.get(2)?,
                        row_key: row.get(3)?,
                        column: row.get(4)?,
                        value: value.and_then(|value| serde_json::from_str(&value).ok()).unwrap_or(Json::Null),
                        replaces: serde_json::from_str(&replaces).unwrap_or_default(),
                    })
                })?
                .collect()
        })
        .context("read this computer's changes")
}

/// Installs the temporary triggers that note local changes (on this connection only: they are
/// not part of the journal's schema, and go when it closes).
pub(crate) fn install_triggers(connection: &Connection) -> Result<()> {
    const ACTION: &str = "watch the journal for changes to sync";
    for table in synced_tables(connection)? {
        let name = table.name();
        let literal = name.replace('\'', "''");
        for (event, row) in [("INSERT", "new"), ("UPDATE", "new"), ("DELETE", "old")] {
            let mut sql = format!(
                "CREATE TEMP TRIGGER IF NOT EXISTS {} AFTER {event} ON main.{} BEGIN ",
                quote(&format!("sync_{name}_{}", event.to_lowercase())),
                quote(name),
            );
            if event == "DELETE" && table.table.has_id {
                // The row's identity goes with it, noted for the capture: SQLite may give its
                // id to the next new row, which is another record.
                sql.push_str(&format!(
                    "INSERT OR IGNORE INTO sync_dirty (tbl, local_key)
                         SELECT '{literal}', '{DELETED}' || uid FROM sync_rows WHERE tbl = '{literal}' AND local_id = old.id;
                     DELETE FROM sync_rows WHERE tbl = '{literal}' AND local_id = old.id;"
                ));
            } else {
                sql.push_str(&format!(
                    "INSERT OR IGNORE INTO sync_dirty (tbl, local_key) VALUES ('{literal}', {});",
                    table.local_key_sql(row)
                ));
            }
            // An update that changes the key is a deletion of the old key too.
            if event == "UPDATE" {
                sql.push_str(&format!(
                    "INSERT OR IGNORE INTO sync_dirty (tbl, local_key) VALUES ('{literal}', {});",
                    table.local_key_sql("old")
                ));
            }
            sql.push_str(" END");
            connection.execute_batch(&sql).context(ACTION)?;
        }
    }
    Ok(())
}

/// Whether this connection notes changes for sync.
pub(crate) fn triggers_installed(connection: &Connection) -> Result<bool> {
    let count: i64 = connection
        .query_row(
            "SELECT count(*) FROM sqlite_temp_schema WHERE type = 'trigger' AND name LIKE 'sync\\_%' ESCAPE '\\'",
            [],
            |row| row.get(0),
        )
        .context("see whether sync is watching the journal")?;
    Ok(count > 0)
}

pub(crate) fn drop_triggers(connection: &Connection) -> Result<()> {
    const ACTION: &str = "stop watching the journal for sync";
    let names: Vec<String> = connection
        .prepare("SELECT name FROM sqlite_temp_schema WHERE type = 'trigger' AND name LIKE 'sync\\_%' ESCAPE '\\'")
        .and_then(|mut statement| statement.query_map([], |row| row.get(0))?.collect())
        .context(ACTION)?;
    for name in names {
        connection.execute_batch(&format!("DROP TRIGGER temp.{}", quote(&name))).context(ACTION)?;
    }
    Ok(())
}

/// Notes every synced row as changed, so that the next capture compares all of them: when
/// sync is turned on, and after writes made with the triggers off.
pub(crate) fn mark_all(connection: &Connection) -> Result<()> {
    const ACTION: &str = "prepare the journal for sync";
    for table in synced_tables(connection)? {
        let sql = format!(
            "INSERT OR IGNORE INTO sync_dirty (tbl, local_key) SELECT '{}', {} FROM {} AS r",
            table.name().replace('\'', "''"),
            table.local_key_sql("r"),
            quote(table.name())
        );
        connection.execute(&sql, []).context(ACTION)?;
    }
    Ok(())
}
