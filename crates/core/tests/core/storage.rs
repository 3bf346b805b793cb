use std::fs;

use failup_core::db::{latest_schema_version, migrations, DATABASE_FILE_NAME};
use failup_core::{Database, EntryDraft, ErrorCode};

use crate::{fixed_clock, open_temp};

#[test]
fn migrations_are_valid() {
    migrations().validate().expect("every migration applies cleanly to an empty database");
}

#[test]
fn a_new_journal_is_at_the_latest_schema_with_safe_pragmas() {
    let (_dir, database) = open_temp();
    assert_eq!(database.schema_version().unwrap(), latest_schema_version());
    let connection = database.connection();
    let pragma = |name: &str| -> String {
        connection
            .pragma_query_value(None, name, |row| row.get::<_, rusqlite::types::Value>(0))
            .map(|v| format!("{v:?}"))
            .unwrap()
    };
    assert_eq!(pragma("journal_mode"), "Text(\"wal\")", "WAL keeps readers and the writer apart");
    assert_eq!(pragma("synchronous"), "Integer(2)", "FULL: a save reported as done survives a power cut");
    assert_eq!(pragma("foreign_keys"), "Integer(1)", "tags must go with their entry");
    let fts5: i64 =
        connection.query_row("SELECT sqlite_compileoption_used('ENABLE_FTS5')", [], |row| row.get(0)).unwrap();
    assert_eq!(fts5, 1, "the bundled SQLite has FTS5 for search");
}

#[cfg(unix)]
#[test]
fn the_journal_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, mut database) = open_temp();
    database.entries().create(&EntryDraft { title: "private".into(), ..Default::default() }).unwrap();
    let data_dir = dir.path().join("data");
    let mode = |path: &std::path::Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data_dir), 0o700, "the data folder is readable by its owner only");
    assert_eq!(mode(&data_dir.join(DATABASE_FILE_NAME)), 0o600, "the journal file is readable by its owner only");
    let wal = data_dir.join(format!("{DATABASE_FILE_NAME}-wal"));
    assert!(wal.exists(), "the write-ahead log exists while the journal is open");
    assert_eq!(mode(&wal), 0o600, "the write-ahead log holds journal text too, so it is private");
}

#[test]
fn a_journal_from_a_newer_version_is_refused_and_left_byte_for_byte_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DATABASE_FILE_NAME);
    {
        let connection = rusqlite::Connection::open(&path).unwrap();
        connection
            .execute_batch("CREATE TABLE from_the_future (x TEXT); INSERT INTO from_the_future VALUES ('keep me');")
            .unwrap();
        connection.pragma_update(None, "user_version", latest_schema_version() + 7).unwrap();
    }
    let before = fs::read(&path).unwrap();

    let error = Database::open(&path, fixed_clock()).unwrap_err();

    assert_eq!(error.code(), ErrorCode::DatabaseTooNew);
    let message = error.to_string();
    assert!(message.contains("newer version of Failing Up"), "the message says why: {message}");
    assert!(message.contains(&format!("schema version {}", latest_schema_version() + 7)), "{message}");
    assert_eq!(fs::read(&path).unwrap(), before, "the newer journal must not be modified in any way");
    assert!(!dir.path().join(format!("{DATABASE_FILE_NAME}-wal")).exists(), "no WAL was started on it");
}

#[test]
fn a_file_that_is_not_a_journal_gets_a_clear_error_and_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DATABASE_FILE_NAME);
    let garbage = b"This is a shopping list, not a database.\n".repeat(200);
    fs::write(&path, &garbage).unwrap();

    let error = Database::open(&path, fixed_clock()).unwrap_err();

    assert_eq!(error.code(), ErrorCode::DatabaseUnavailable);
    assert!(error.to_string().contains("not a Failing Up journal"), "{error}");
    assert_eq!(fs::read(&path).unwrap(), garbage, "the user's file is never overwritten");
}

#[test]
fn entries_survive_closing_and_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let id = {
        let mut database = Database::open_in_dir(&data, fixed_clock()).unwrap();
        database
            .entries()
            .create(&EntryDraft { title: "Kept".into(), body: "across restarts".into(), ..Default::default() })
            .unwrap()
            .id
    };
    let mut reopened = Database::open_in_dir(&data, fixed_clock()).unwrap();
    let entry = reopened.entries().get(id).unwrap();
    assert_eq!((entry.title.as_str(), entry.body.as_str()), ("Kept", "across restarts"));
    assert_eq!(reopened.schema_version().unwrap(), latest_schema_version(), "reopening does not re-run migrations");
}

#[test]
fn the_close_to_tray_notice_is_given_once() {
    let (_dir, mut database) = open_temp();
    assert!(database.settings().first_close_to_tray().unwrap(), "the first close is explained");
    assert!(!database.settings().first_close_to_tray().unwrap(), "and never again");
}
