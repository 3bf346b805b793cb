//! Backups: verified snapshots of the journal in `<data>/backups/`, kept on a schedule.
//!
//! A backup is made with SQLite's online backup API from a connection of its own, so it is a
//! consistent snapshot even while the app writes. It is written under a temporary name,
//! checked with `PRAGMA integrity_check`, flushed, and only then given its final name: a
//! backup that is listed is a backup that opens. When the journal is encrypted, its backups are
//! encrypted with the same key, and each carries a copy of the key file (`<backup>.key`), so
//! it can be restored even after the journal's key has changed.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::tz::TimeZone;
use jiff::Timestamp;
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result, StorageContext};
use crate::vault::{sync_folder, DatabaseKey, KeyFile};

/// The folder, inside the data folder, that holds the backups.
pub const BACKUPS_DIR_NAME: &str = "backups";
/// How many of the most recent days, weeks and months keep a backup each.
pub const KEEP_DAILY: usize = 7;
pub const KEEP_WEEKLY: usize = 4;
pub const KEEP_MONTHLY: usize = 12;

/// Why a backup was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BackupReason {
    Daily,
    Manual,
    BeforeMigration,
    BeforeImport,
    BeforePassphraseChange,
    BeforeEncryptionChange,
    BeforeRestore,
}

impl BackupReason {
    const ALL: [BackupReason; 7] = [
        BackupReason::Daily,
        BackupReason::Manual,
        BackupReason::BeforeMigration,
        BackupReason::BeforeImport,
        BackupReason::BeforePassphraseChange,
        BackupReason::BeforeEncryptionChange,
        BackupReason::BeforeRestore,
    ];

    fn slug(self) -> &'static str {
        match self {
            BackupReason::Daily => "daily",
            BackupReason::Manual => "manual",
            BackupReason::BeforeMigration => "before_migration",
            BackupReason::BeforeImport => "before_import",
            BackupReason::BeforePassphraseChange => "before_passphrase_change",
            BackupReason::BeforeEncryptionChange => "before_encryption_change",
            BackupReason::BeforeRestore => "before_restore",
        }
    }
}

/// A backup as the UI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupInfo {
    /// The backup's file name; the only way to name a backup to restore.
    pub id: String,
    /// When it was made (RFC 3339, UTC).
    pub created_at: String,
    pub reason: BackupReason,
    #[ts(type = "number")]
    pub size_bytes: u64,
    pub encrypted: bool,
}

/// Where the backups of the journal at `database_path` live.
pub fn backups_dir(database_path: &Path) -> PathBuf {
    database_path.parent().unwrap_or(Path::new(".")).join(BACKUPS_DIR_NAME)
}

/// Makes a verified backup of the journal at `database_path` (opened with `key` if it is
/// encrypted, whose key file is copied beside the backup) and prunes old ones.
pub fn create(
    database_path: &Path,
    key: Option<(&DatabaseKey, &KeyFile)>,
    reason: BackupReason,
    now: Timestamp,
    time_zone: &TimeZone,
) -> Result<BackupInfo> {
    let dir = backups_dir(database_path);
    crate::private_files::create_private_dir(&dir)?;
    let file_name = free_file_name(&dir, now, reason);
    let final_path = dir.join(&file_name);
    let temporary = dir.join(format!(".{file_name}.partial"));
    let _ = fs::remove_file(&temporary);

    let result = (|| {
        crate::private_files::create_private_file(&temporary, "create a backup file")?;
        let source = open_keyed(database_path, key.map(|(key, _)| key), true)?;
        let mut target = open_keyed(&temporary, key.map(|(key, _)| key), false)?;
        {
            let backup = rusqlite::backup::Backup::new(&source, &mut target).context("start a backup")?;
            backup.run_to_completion(1024, Duration::ZERO, None).context("copy the journal into a backup")?;
        }
        // A backup is a single file: no WAL beside it.
        target.pragma_update(None, "journal_mode", "DELETE").context("finish a backup")?;
        integrity_ok(&target)?;
        target.close().map_err(|(_, error)| CoreError::Storage { action: "close a backup", source: error })?;
        fs::File::open(&temporary).and_then(|file| file.sync_all()).map_err(|source| CoreError::Io {
            action: "flush a backup to disk",
            path: temporary.clone(),
            source,
        })?;
        if let Some((_, key_file)) = key {
            key_file.write(&key_path_of(&final_path))?;
        }
        fs::rename(&temporary, &final_path).map_err(|source| CoreError::Io {
            action: "name a finished backup",
            path: final_path.clone(),
            source,
        })?;
        sync_folder(&dir)
    })();
    if let Err(error) = result {
        let _ = fs::remove_file(&temporary);
        let _ = fs::remove_file(key_path_of(&final_path));
        return Err(error);
    }
    prune(&dir, now, time_zone, &file_name)?;
    info(&final_path)?.ok_or_else(|| CoreError::NotFound { what: "The new backup".to_owned() })
}

/// The backups, newest first. Files that are not backups are ignored.
pub fn list(database_path: &Path) -> Result<Vec<BackupInfo>> {
    let dir = backups_dir(database_path);
    let reader = match fs::read_dir(&dir) {
        Ok(reader) => reader,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(CoreError::Io { action: "list the backups", path: dir, source }),
    };
    let mut backups = Vec::new();
    for entry in reader.flatten() {
        if let Some(backup) = info(&entry.path())? {
            backups.push(backup);
        }
    }
    backups.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    Ok(backups)
}

/// The path of the backup named `id`, refusing anything that is not a backup's file name in
/// the backups folder (so that no path from the UI can name another file).
pub fn path_of(database_path: &Path, id: &str) -> Result<PathBuf> {
    let not_found = || CoreError::NotFound { what: format!("The backup “{id}”") };
    if parse_file_name(id).is_none() {
        return Err(not_found());
    }
    let path = backups_dir(database_path).join(id);
    if !path.is_file() {
        return Err(not_found());
    }
    Ok(path)
}

/// The key file stored beside an encrypted backup.
pub fn key_path_of(backup_path: &Path) -> PathBuf {
    let mut name = backup_path.file_name().unwrap_or_default().to_owned();
    name.push(".key");
    backup_path.with_file_name(name)
}

/// Opens the backup (or any journal file) read-only with `key` and runs `integrity_check`.
pub fn verify(path: &Path, key: Option<&DatabaseKey>) -> Result<()> {
    let connection = open_keyed(path, key, true)?;
    integrity_ok(&connection)
}

/// Which backups the schedule keeps: every backup of the last 24 hours before `now` (the ones
/// made before an import, a restore or a passphrase change are there to undo it, so a second
/// backup the same day must not push them out); and the newest of each of the last
/// [`KEEP_DAILY`] days, [`KEEP_WEEKLY`] ISO weeks and [`KEEP_MONTHLY`] months that have a
/// backup, in the user's time zone (as restic's `--keep-daily` and friends count).
pub fn retained(backups: &[(String, Timestamp)], now: Timestamp, time_zone: &TimeZone) -> BTreeSet<String> {
    let mut newest_first: Vec<&(String, Timestamp)> = backups.iter().collect();
    newest_first.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
    let mut keep = BTreeSet::new();
    if let Some((id, _)) = newest_first.first() {
        keep.insert(id.clone());
    }
    let a_day_ago = now - jiff::SignedDuration::from_hours(24);
    keep.extend(newest_first.iter().filter(|(_, at)| *at > a_day_ago).map(|(id, _)| id.clone()));
    let mut keep_newest_per = |limit: usize, bucket: &dyn Fn(&Timestamp) -> (i32, i32)| {
        let mut seen = Vec::new();
        for (id, at) in &newest_first {
            let key = bucket(at);
            if seen.contains(&key) {
                continue;
            }
            if seen.len() == limit {
                break;
            }
            seen.push(key);
            keep.insert(id.clone());
        }
    };
    let local = |at: &Timestamp| at.to_zoned(time_zone.clone()).date();
    keep_newest_per(KEEP_DAILY, &|at| {
        let date = local(at);
        (i32::from(date.year()), i32::from(date.day_of_year()))
    });
    keep_newest_per(KEEP_WEEKLY, &|at| {
        let week = local(at).iso_week_date();
        (i32::from(week.year()), i32::from(week.week()))
    });
    keep_newest_per(KEEP_MONTHLY, &|at| {
        let date = local(at);
        (i32::from(date.year()), i32::from(date.month()))
    });
    keep
}

/// Deletes the backups the schedule no longer keeps (and their key files), never the one just
/// made.
fn prune(dir: &Path, now: Timestamp, time_zone: &TimeZone, just_made: &str) -> Result<()> {
    let backups: Vec<(String, Timestamp)> = fs::read_dir(dir)
        .map_err(|source| CoreError::Io { action: "list the backups", path: dir.to_owned(), source })?
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            parse_file_name(&name).map(|(at, _)| (name, at))
        })
        .collect();
    let keep = retained(&backups, now, time_zone);
    for (id, _) in backups.iter().filter(|(id, _)| !keep.contains(id) && id != just_made) {
        let path = dir.join(id);
        fs::remove_file(&path).map_err(|source| CoreError::Io { action: "remove an old backup", path, source })?;
        let _ = fs::remove_file(key_path_of(&dir.join(id)));
    }
    Ok(())
}

fn info(path: &Path) -> Result<Option<BackupInfo>> {
    let Some(name) = path.file_name().and_then(|name| name.to_str()) else { return Ok(None) };
    let Some((at, reason)) = parse_file_name(name) else { return Ok(None) };
    let metadata = fs::metadata(path).map_err(|source| CoreError::Io {
        action: "read a backup's size",
        path: path.to_owned(),
        source,
    })?;
    Ok(Some(BackupInfo {
        id: name.to_owned(),
        created_at: at.to_string(),
        reason,
        size_bytes: metadata.len(),
        encrypted: key_path_of(path).exists(),
    }))
}

/// `journal-20261129T103000Z-daily.sqlite3` (or `…-daily-2.sqlite3` for a second one in the
/// same second).
fn free_file_name(dir: &Path, now: Timestamp, reason: BackupReason) -> String {
    let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
    let mut name = format!("journal-{stamp}-{}.sqlite3", reason.slug());
    let mut counter = 2;
    while dir.join(&name).exists() {
        name = format!("journal-{stamp}-{}-{counter}.sqlite3", reason.slug());
        counter += 1;
    }
    name
}

fn parse_file_name(name: &str) -> Option<(Timestamp, BackupReason)> {
    let rest = name.strip_prefix("journal-")?.strip_suffix(".sqlite3")?;
    let (stamp, reason_part) = rest.split_once('-')?;
    if stamp.len() != 16 || !stamp.bytes().all(|byte| byte.is_ascii_alphanumeric()) {
        return None;
    }
    let at = jiff::civil::DateTime::strptime("%Y%m%dT%H%M%SZ", stamp).ok()?.to_zoned(TimeZone::UTC).ok()?.timestamp();
    let reason = BackupReason::ALL.into_iter().find(|reason| {
        reason_part == reason.slug()
            || reason_part
                .strip_prefix(reason.slug())
                .and_then(|counter| counter.strip_prefix('-'))
                .is_some_and(|counter| !counter.is_empty() && counter.bytes().all(|byte| byte.is_ascii_digit()))
    })?;
    Some((at, reason))
}

pub(crate) fn open_keyed(path: &Path, key: Option<&DatabaseKey>, read_only: bool) -> Result<Connection> {
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let connection = Connection::open_with_flags(path, flags)
        .map_err(|error| CoreError::DatabaseUnavailable { path: path.to_owned(), reason: error.to_string() })?;
    if let Some(key) = key {
        apply_key(&connection, key).context("give the journal its key")?;
    }
    Ok(connection)
}

/// Gives SQLCipher the raw key. It must be the first statement on a connection.
pub(crate) fn apply_key(connection: &Connection, key: &DatabaseKey) -> rusqlite::Result<()> {
    connection.pragma_update(None, "key", key.sqlcipher_literal())
}

fn integrity_ok(connection: &Connection) -> Result<()> {
    let verdict: String = connection
        .query_row("PRAGMA integrity_check(1)", [], |row| row.get(0))
        .map_err(|error| CoreError::DatabaseDamaged { path: PathBuf::new(), reason: error.to_string() })?;
    if verdict != "ok" {
        return Err(CoreError::DatabaseDamaged { path: PathBuf::new(), reason: verdict });
    }
    Ok(())
}
