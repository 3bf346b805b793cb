//! The journal's one SQLite file: opening it safely, and its schema migrations.
//!
//! Invariants kept here:
//! - the file is created with mode 0600 inside a folder with mode 0700 (Unix);
//! - every connection runs with WAL, `synchronous=FULL` (a save the user was told succeeded
//!   survives a power cut), `foreign_keys=ON` and a busy timeout;
//! - a file written by a newer schema is refused before anything writes to it, so it stays
//!   byte-for-byte as it was.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

pub use rusqlite;
use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{Migrations, M};

use crate::areas::Areas;
use crate::attachments::{self, Attachments, ContentStore};
use crate::backup::{self, BackupInfo, BackupReason};
use crate::checkins::CheckIns;
use crate::clock::Clock;
use crate::error::{CoreError, Result, StorageContext};
use crate::goals::Goals;
use crate::journal::Entries;
use crate::lessons::Lessons;
use crate::people::{Conversations, People};
use crate::private_files::{create_private_dir, create_private_file};
use crate::reflections::Reflections;
use crate::reminders::Reminders;
use crate::search::{SearchHit, SearchQuery};
use crate::setbacks::Setbacks;
use crate::settings::Settings;
use crate::templates::Templates;
use crate::today::{self, Today};
use crate::trends::{self, TrendRange, TrendsReport};
use crate::vault::{DatabaseKey, KeyFile};
use crate::{brief, resume, search};

/// The file name of the journal inside the data folder.
pub const DATABASE_FILE_NAME: &str = "journal.sqlite3";

/// The schema, one migration per step. Never edit a migration that has shipped: add one.
const MIGRATION_LIST: &[M<'static>] = &[
    M::up(include_str!("../migrations/0001_journal.sql")),
    M::up(include_str!("../migrations/0002_failing_up_loop.sql")),
    M::up(include_str!("../migrations/0003_support_and_search.sql")),
    M::up(include_str!("../migrations/0004_check_ins.sql")),
    M::up(include_str!("../migrations/0005_reminders.sql")),
    M::up(include_str!("../migrations/0006_imports.sql")),
    M::up(include_str!("../migrations/0007_attachments.sql")),
    M::up(include_str!("../migrations/0008_thumbnails.sql")),
    M::up(include_str!("../migrations/0009_sync.sql")),
];

/// The migrations, in order.
pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATION_LIST)
}

/// The schema version this build writes (SQLite's `user_version` after all migrations).
pub fn latest_schema_version() -> i64 {
    MIGRATION_LIST.len() as i64
}

/// An open journal.
pub struct Database {
    pub(crate) connection: Connection,
    pub(crate) clock: Arc<dyn Clock>,
    path: PathBuf,
    /// The SQLCipher key and its key file, when the journal is encrypted.
    key: Option<(DatabaseKey, KeyFile)>,
    /// Rows the reminder ledger changed for its own bookkeeping, left out of [`Database::changes`].
    reminder_bookkeeping: u64,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("Database").field("path", &self.path).finish_non_exhaustive()
    }
}

impl Database {
    /// Opens (creating if needed) the journal in `data_dir`, migrating it to the latest schema.
    pub fn open_in_dir(data_dir: &Path, clock: Arc<dyn Clock>) -> Result<Self> {
        create_private_dir(data_dir)?;
        Self::open(&data_dir.join(DATABASE_FILE_NAME), clock)
    }

    /// Opens (creating if needed) the journal file at `path`, migrating it to the latest schema.
    pub fn open(path: &Path, clock: Arc<dyn Clock>) -> Result<Self> {
        Self::open_with_key(path, clock, None)
    }

    /// Opens (creating if needed) the journal file at `path` with SQLCipher `key` (and the key
    /// file that wraps it, copied beside encrypted backups), or in clear without one. Before a
    /// migration changes an existing file, a verified backup is made.
    pub fn open_with_key(path: &Path, clock: Arc<dyn Clock>, key: Option<(DatabaseKey, KeyFile)>) -> Result<Self> {
        let exists = path.try_exists().map_err(|source| CoreError::Io {
            action: "look for the journal",
            path: path.to_owned(),
            source,
        })?;
        let database_key = key.as_ref().map(|(key, _)| key);
        let mut stored_version = 0;
        if exists {
            stored_version = refuse_newer_schema(path, database_key)?;
        } else {
            create_private_file(path, "create the journal file")?;
        }

        let mut connection = Connection::open(path).map_err(|error| unavailable(path, error))?;
        if let Some(database_key) = database_key {
            backup::apply_key(&connection, database_key).map_err(|error| unavailable(path, error))?;
        }
        configure(&connection).map_err(|error| unavailable(path, error))?;
        if stored_version > 0 && stored_version < latest_schema_version() {
            backup::create(
                path,
                key.as_ref().map(|(key, file)| (key, file)),
                BackupReason::BeforeMigration,
                clock.now(),
                &clock.time_zone(),
            )?;
        }
        migrations().to_latest(&mut connection).map_err(|error| CoreError::DatabaseUnavailable {
            path: path.to_owned(),
            reason: format!("its schema could not be brought up to date ({error})"),
        })?;
        let database = Self { connection, clock, path: path.to_owned(), key, reminder_bookkeeping: 0 };
        database.resume_sync()?;
        Ok(database)
    }

    /// Whether the journal is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    /// A copy of the key and key file, to open the journal again after a failed change.
    pub fn key_pair(&self) -> Option<(DatabaseKey, KeyFile)> {
        self.key.clone()
    }

    pub(crate) fn key(&self) -> Option<&(DatabaseKey, KeyFile)> {
        self.key.as_ref()
    }

    pub(crate) fn set_key(&mut self, key: Option<(DatabaseKey, KeyFile)>) {
        self.key = key;
    }

    /// Makes a verified backup now (see [`backup`]).
    pub fn create_backup(&self, reason: BackupReason) -> Result<BackupInfo> {
        backup::create(
            &self.path,
            self.key.as_ref().map(|(key, file)| (key, file)),
            reason,
            self.clock.now(),
            &self.clock.time_zone(),
        )
    }

    /// Runs SQLite's `quick_check`: `Ok(())` for a sound file, [`CoreError::DatabaseDamaged`]
    /// naming the first problem otherwise.
    pub fn quick_check(&self) -> Result<()> {
        let damaged = |reason: String| CoreError::DatabaseDamaged { path: self.path.clone(), reason };
        let verdict: String = self
            .connection
            .query_row("PRAGMA quick_check(1)", [], |row| row.get(0))
            .map_err(|error| damaged(error.to_string()))?;
        if verdict != "ok" {
            return Err(damaged(verdict));
        }
        Ok(())
    }

    /// Closes a damaged journal without folding its write-ahead log into it: the file and its
    /// `-wal` stay exactly as they were, to be moved aside together.
    pub fn close_untouched(self) -> Result<()> {
        self.connection
            .set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
            .context("keep the damaged journal's log as it is")?;
        self.connection.close().map_err(|(_, source)| CoreError::Storage { action: "close the journal", source })
    }

    /// Closes the journal after folding the write-ahead log into the file, so that the file
    /// alone holds everything (needed before it is replaced or exported whole).
    pub fn close(self) -> Result<()> {
        self.connection
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .context("fold the write-ahead log into the journal")?;
        self.connection.close().map_err(|(_, source)| CoreError::Storage { action: "close the journal", source })
    }

    /// Where the journal file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The clock this journal takes the time from.
    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// The files attached to entries, setbacks and reflections.
    pub fn attachments(&mut self) -> Attachments<'_> {
        let store = self.content_store();
        Attachments::new(&mut self.connection, self.clock.as_ref(), store)
    }

    /// The store of this journal's attached files, under its key, keeping the location of
    /// photos only when the user chose to (a setting that cannot be read removes it).
    pub(crate) fn content_store(&self) -> ContentStore {
        let keep_location = crate::settings::keep_photo_location(&self.connection).unwrap_or(false);
        ContentStore::new(self.data_dir(), self.key.as_ref().map(|(key, _)| key)).keeping_location(keep_location)
    }

    /// Deletes the attached files that neither the journal nor any of its kept backups refers
    /// to (a file detached or whose record was deleted stays while a backup that could be
    /// restored still needs it). Backups made under another key (before encryption was turned
    /// on or off) keep their files in that key's own keyring, which this never touches. A
    /// backup under this key that cannot be read stops it, deleting nothing. Also removes what a
    /// crash left half-written. Returns how many stored files were deleted.
    pub fn remove_unreferenced_attachments(&self) -> Result<usize> {
        let key = self.key.as_ref();
        let mut referenced = attachments::referenced_contents(&self.connection)?;
        let backups = backup::list(&self.path)?;
        // Turning encryption on seals every file and encrypts every backup; a file left in
        // clear (a crash before the last step) is then needed by nothing.
        if key.is_some() && backups.iter().all(|backup| backup.encrypted) {
            ContentStore::new(self.data_dir(), None).remove_unreferenced(&BTreeSet::new())?;
        }
        for backup in backups {
            let path = backup::path_of(&self.path, &backup.id)?;
            let backup_key_id = KeyFile::read(&backup::key_path_of(&path))?.map(|file| file.key_id);
            if backup_key_id.as_deref() != key.map(|(_, file)| file.key_id.as_str()) {
                continue;
            }
            let cannot_read = |error: CoreError| {
                CoreError::InvalidInput(format!(
                    "The backup “{}” could not be read to see which attached files it needs ({error}); no attached file was deleted.",
                    backup.id
                ))
            };
            let connection = backup::open_keyed(&path, key.map(|(key, _)| key), true).map_err(cannot_read)?;
            referenced.extend(attachments::referenced_contents(&connection).map_err(cannot_read)?);
        }
        // Nothing can be storing now (attaching needs the journal mutably), so whatever is
        // staged was left by a crash.
        ContentStore::open(self.data_dir(), key.map(|(key, _)| key))?.remove_unreferenced(&referenced)
    }

    pub(crate) fn data_dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// The journal entries.
    pub fn entries(&mut self) -> Entries<'_> {
        Entries::new(&mut self.connection, self.clock.as_ref())
    }

    /// The life areas.
    pub fn areas(&mut self) -> Areas<'_> {
        Areas::new(&mut self.connection)
    }

    /// The user's settings.
    pub fn settings(&mut self) -> Settings<'_> {
        Settings::new(&mut self.connection)
    }

    /// The setbacks.
    pub fn setbacks(&mut self) -> Setbacks<'_> {
        Setbacks::new(&mut self.connection, self.clock.as_ref())
    }

    /// The reflection templates.
    pub fn templates(&mut self) -> Templates<'_> {
        Templates::new(&mut self.connection)
    }

    /// The reflections on setbacks.
    pub fn reflections(&mut self) -> Reflections<'_> {
        Reflections::new(&mut self.connection, self.clock.as_ref())
    }

    /// The lessons, their revisits and the roadmap.
    pub fn lessons(&mut self) -> Lessons<'_> {
        Lessons::new(&mut self.connection, self.clock.as_ref())
    }

    /// The goals.
    pub fn goals(&mut self) -> Goals<'_> {
        Goals::new(&mut self.connection, self.clock.as_ref())
    }

    /// The people in the user's support network.
    pub fn people(&mut self) -> People<'_> {
        People::new(&mut self.connection, self.clock.as_ref())
    }

    /// The support log: conversations with the people in the support network.
    pub fn conversations(&mut self) -> Conversations<'_> {
        Conversations::new(&mut self.connection, self.clock.as_ref())
    }

    /// Daily check-ins, recovery check-ins and the Brief Resilience Scale.
    pub fn check_ins(&mut self) -> CheckIns<'_> {
        CheckIns::new(&mut self.connection, self.clock.as_ref())
    }

    /// Reminders: what is due, the delivery ledger, catch-up and the pause (see
    /// [`crate::reminders`] and `docs/reminders.md`).
    pub fn reminders(&mut self) -> Reminders<'_> {
        Reminders::new(&mut self.connection, self.clock.as_ref(), &mut self.reminder_bookkeeping)
    }

    /// The growth dashboard for `range`, ending today in the user's time zone (see
    /// [`trends`] and `docs/metrics.md`).
    pub fn trends(&self, range: TrendRange) -> Result<TrendsReport> {
        trends::trends(&self.connection, self.clock.as_ref(), range)
    }

    /// The connection and clock together, for modules that write across several areas in
    /// one transaction (the sample journal).
    pub(crate) fn parts(&mut self) -> (&mut Connection, &dyn Clock) {
        (&mut self.connection, self.clock.as_ref())
    }

    /// Searches everything the user wrote: entries, setbacks, reflections, lessons and goals
    /// (see [`SearchQuery`] and the [`search`] module).
    pub fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>> {
        search::search(&self.connection, query)
    }

    /// The mentor brief for the local dates `from` to `to` (`YYYY-MM-DD`, inclusive), as
    /// Markdown (see [`brief::mentor_brief`]).
    pub fn mentor_brief(&self, from: &str, to: &str) -> Result<String> {
        brief::mentor_brief(&self.connection, self.clock.as_ref(), from, to)
    }

    /// The failure résumé, every setback and what it taught, as Markdown (see
    /// [`resume::failure_resume`]).
    pub fn failure_resume(&self) -> Result<String> {
        resume::failure_resume(&self.connection)
    }

    /// What the failing-up loop asks of the user now (see [`Today`]).
    pub fn today(&self) -> Result<Today> {
        today::today(&self.connection, self.clock.as_ref())
    }

    /// How many rows this connection has changed since it opened (SQLite's `total_changes()`),
    /// leaving out the reminder ledger's bookkeeping (recording that it looked for reminders
    /// and which it claimed), which never changes what is due. Compare it before and after an
    /// operation to learn whether the operation wrote anything that can change what reminders
    /// are due. A write rolled back still counts: this errs towards "changed".
    pub fn changes(&self) -> u64 {
        self.connection.total_changes() - self.reminder_bookkeeping
    }

    /// The schema version stored in the file.
    pub fn schema_version(&self) -> Result<i64> {
        self.connection.pragma_query_value(None, "user_version", |row| row.get(0)).context("read the schema version")
    }

    /// The underlying connection, for tests and diagnostics in this crate's test suite.
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.connection
    }
}

fn configure(connection: &Connection) -> rusqlite::Result<()> {
    connection.busy_timeout(Duration::from_secs(5))?;
    // `journal_mode` answers with the mode it ended up in; WAL can be refused (for example on
    // some network file systems), and then we carry on in the default mode.
    let _mode: String = connection.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
    connection.pragma_update(None, "synchronous", "FULL")?;
    connection.pragma_update(None, "foreign_keys", "ON")?;
    // 32 MiB of page cache (the default is 2 MiB) keeps the search index's hot pages in
    // memory: a search for two words found in every one of 100,000 entries drops from
    // about 11 ms to 9 ms (`cargo xtask bench`).
    connection.pragma_update(None, "cache_size", -32 * 1024)?;
    Ok(())
}

/// Reads the schema version of an existing file through a read-only connection, before any
/// pragma or migration could write to it, and refuses a file from the future.
fn refuse_newer_schema(path: &Path, key: Option<&DatabaseKey>) -> Result<i64> {
    let connection =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|error| unavailable(path, error))?;
    if let Some(key) = key {
        backup::apply_key(&connection, key).map_err(|error| unavailable(path, error))?;
    }
    let found: i64 = connection
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|error| unavailable(path, error))?;
    let supported = latest_schema_version();
    if found > supported {
        return Err(CoreError::DatabaseTooNew { path: path.to_owned(), found, supported });
    }
    Ok(found)
}

fn unavailable(path: &Path, error: rusqlite::Error) -> CoreError {
    let reason = match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => "it is not a Failing Up journal, or it is damaged".to_owned(),
        Some(rusqlite::ErrorCode::CannotOpen) => "the file cannot be opened".to_owned(),
        _ => error.to_string(),
    };
    CoreError::DatabaseUnavailable { path: path.to_owned(), reason }
}
