//! Indexing imported journal entries for search in bulk.
//!
//! Every entry is indexed twice, by triggers: in `entries_fts` (migration 0001) and in the
//! unified `search_index` (migration 0003). Fired row by row while 100,000 entries are
//! written, those triggers cost several times the writing itself; indexing the same rows
//! afterwards, with one statement per index and in rowid order, gives the same index contents
//! for a fraction of the time. [`write_entries_then_index`] does that, and only when the
//! journal's insert triggers on the tables written are exactly the ones it stands in for: if a
//! later migration changes them, imports fall back to the triggers rather than index
//! differently.

use rusqlite::config::DbConfig;
use rusqlite::Connection;

use crate::error::{Result, StorageContext};

/// The triggers on the tables an entry import writes (`entries`, `entry_tags`,
/// `import_records`), with the SQL of the two that fire on insert. The update and delete
/// triggers never fire while entries are only inserted.
const ENTRY_TRIGGERS: [(&str, Option<&str>); 6] = [
    (
        "entries_fts_after_insert",
        Some(
            "CREATE TRIGGER entries_fts_after_insert AFTER INSERT ON entries BEGIN
    INSERT INTO entries_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END",
        ),
    ),
    ("entries_fts_after_delete", None),
    ("entries_fts_after_update", None),
    (
        "search_entries_after_insert",
        Some(
            "CREATE TRIGGER search_entries_after_insert AFTER INSERT ON entries BEGIN
    INSERT INTO search_index (rowid, title, body, kind, record_id, local_date, area_id)
    SELECT * FROM search_entry_documents WHERE record_id = new.id;
END",
        ),
    ),
    ("search_entries_after_update", None),
    ("search_entries_after_delete", None),
];

/// What the two insert triggers do, for every entry with an id above `?1` (all of them when
/// it is NULL) at once. The search index is filled in rowid order, which FTS5 appends fastest.
const INDEX_NEW_ENTRIES: [&str; 2] = [
    "INSERT INTO entries_fts (rowid, title, body) SELECT id, title, body FROM entries WHERE ?1 IS NULL OR id > ?1",
    "INSERT INTO search_index (rowid, title, body, kind, record_id, local_date, area_id)
     SELECT * FROM search_entry_documents WHERE ?1 IS NULL OR record_id > ?1 ORDER BY doc_id",
];

/// Runs `write`, which must only insert rows into `entries`, `entry_tags` and
/// `import_records`, with the connection's triggers off, then indexes the new entries as the
/// triggers would have. New entries are told apart by their id: `write` inserts into an
/// `entries` table whose ids are all at most its largest id now (SQLite gives a new row the
/// largest id plus one), or into an empty one. Runs in the caller's transaction, so that a
/// failure leaves nothing behind; the triggers are on again when this returns, whatever
/// happened.
pub(crate) fn write_entries_then_index<T>(connection: &Connection, write: impl FnOnce() -> Result<T>) -> Result<T> {
    const ACTION: &str = "index the imported entries for search";
    if !triggers_are_the_known_ones(connection)? {
        return write();
    }
    let largest_id_before: Option<i64> =
        connection.query_row("SELECT max(id) FROM entries", [], |row| row.get(0)).context(ACTION)?;
    if largest_id_before == Some(i64::MAX) {
        // SQLite then gives new rows unused ids at random, below it: they could not be told apart.
        return write();
    }
    connection.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false).context(ACTION)?;
    let written = write();
    connection.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, true).context(ACTION)?;
    let written = written?;
    for statement in INDEX_NEW_ENTRIES {
        connection.execute(statement, [largest_id_before]).context(ACTION)?;
    }
    Ok(written)
}

/// Whether the triggers on the tables an entry import writes are exactly [`ENTRY_TRIGGERS`].
/// A temporary trigger of this connection (sync's, which notes changes to send) is not one of
/// them: bulk indexing, which turns every trigger off, is then not used.
fn triggers_are_the_known_ones(connection: &Connection) -> Result<bool> {
    let mut statement = connection
        .prepare_cached(
            "SELECT name, sql FROM sqlite_schema
             WHERE type = 'trigger' AND tbl_name IN ('entries', 'entry_tags', 'import_records')
             UNION ALL
             SELECT name, sql FROM sqlite_temp_schema
             WHERE type = 'trigger' AND tbl_name IN ('entries', 'entry_tags', 'import_records')
             ORDER BY name",
        )
        .context("read the journal's triggers")?;
    let found = statement
        .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))
        .context("read the journal's triggers")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .context("read the journal's triggers")?;
    let mut expected = ENTRY_TRIGGERS.to_vec();
    expected.sort();
    Ok(found.len() == expected.len()
        && found.iter().zip(&expected).all(|((name, sql), (expected_name, expected_sql))| {
            name == expected_name && expected_sql.is_none_or(|expected_sql| sql == expected_sql)
        }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_journal_at_the_latest_schema_has_the_triggers_that_bulk_indexing_stands_in_for() {
        let mut connection = Connection::open_in_memory().unwrap();
        crate::db::migrations().to_latest(&mut connection).unwrap();
        assert!(
            triggers_are_the_known_ones(&connection).unwrap(),
            "imports index entries in bulk only while the triggers are those of the migrations; if a migration \
             changed them, update ENTRY_TRIGGERS and INDEX_NEW_ENTRIES to match"
        );
    }
}
