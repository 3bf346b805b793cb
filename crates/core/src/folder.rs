//! The data folder as a whole: the journal file, its key file and its backups, and the
//! operations that change more than one of them — turning encryption on or off, changing the
//! passphrase, restoring a backup, setting a damaged journal aside.
//!
//! Replacing the journal is crash-safe. The new journal (and key file, if any) are written
//! under staged names and flushed; then a small marker file (`journal.swap`) records the
//! intent; then the staged files are renamed into place and the marker removed. At the next
//! start, [`JournalFolder::recover`] finishes a swap whose marker exists and discards staged
//! files whose marker does not, so the journal is never left unopenable: it is the old one
//! with its old key, or the new one with its new key.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::attachments::{self, ContentStore};
use crate::backup::{self, BackupInfo, BackupReason};
use crate::clock::Clock;
use crate::db::{Database, DATABASE_FILE_NAME};
use crate::error::{CoreError, Result, StorageContext};
use crate::vault::{self, staged_path, sync_folder, DatabaseKey, KeyFile, PassphraseKey, KEY_FILE_NAME};

const SWAP_MARKER_NAME: &str = "journal.swap";

/// Whether the journal is encrypted and locked, for the lock screen and Settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SecurityStatus {
    pub encrypted: bool,
    pub locked: bool,
    /// Minutes of inactivity after which the journal locks; `None` while locked or when off.
    pub auto_lock_minutes: Option<u32>,
}

/// What the app found when it opened the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum JournalState {
    Open,
    Locked,
    /// It failed its integrity check and was moved aside.
    Damaged,
    /// It cannot be opened at all (for example, a newer version wrote it).
    Unavailable,
}

/// The journal's state at start, with what the user needs to act on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JournalStatus {
    pub state: JournalState,
    pub message: Option<String>,
    /// Where a damaged journal was moved (with its `-wal` and `-shm`, renamed alike).
    pub moved_aside_to: Option<String>,
    /// The newest backup that passed its integrity check, to offer for restoring.
    pub newest_good_backup: Option<BackupInfo>,
}

/// What should happen to the key file when a swap completes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum KeyChange {
    /// The staged key file replaces the journal's.
    Replace,
    /// The journal is no longer encrypted: its key file goes.
    Remove,
}

/// The data folder that holds the journal.
#[derive(Clone)]
pub struct JournalFolder {
    dir: PathBuf,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for JournalFolder {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("JournalFolder").field("dir", &self.dir).finish_non_exhaustive()
    }
}

impl JournalFolder {
    pub fn new(dir: impl Into<PathBuf>, clock: Arc<dyn Clock>) -> Self {
        Self { dir: dir.into(), clock }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn database_path(&self) -> PathBuf {
        self.dir.join(DATABASE_FILE_NAME)
    }

    pub fn key_path(&self) -> PathBuf {
        self.dir.join(KEY_FILE_NAME)
    }

    fn marker_path(&self) -> PathBuf {
        self.dir.join(SWAP_MARKER_NAME)
    }

    /// Whether the journal is encrypted (it has a key file).
    pub fn is_encrypted(&self) -> Result<bool> {
        Ok(KeyFile::read(&self.key_path())?.is_some())
    }

    /// Finishes a swap that a crash interrupted after it was decided, or discards the staged
    /// files of one interrupted before. Call before opening the journal.
    pub fn recover(&self) -> Result<()> {
        let marker = self.marker_path();
        match fs::read(&marker) {
            Ok(bytes) => {
                let change: KeyChange = serde_json::from_slice(&bytes).map_err(|error| {
                    CoreError::InvalidInput(format!(
                        "An unfinished change of the journal could not be completed: {} is unreadable ({error}).",
                        marker.display()
                    ))
                })?;
                self.finish_swap(change)
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                for staged in [staged_path(&self.database_path()), staged_path(&self.key_path())] {
                    remove_if_present(&staged)?;
                }
                Ok(())
            }
            Err(source) => Err(CoreError::Io { action: "read the journal's change marker", path: marker, source }),
        }
    }

    /// Opens a journal kept in clear; [`CoreError::Locked`] if it is encrypted.
    pub fn open(&self) -> Result<Database> {
        self.recover()?;
        if self.is_encrypted()? {
            return Err(CoreError::Locked);
        }
        self.open_checked(None)
    }

    /// Unlocks and opens an encrypted journal (a journal in clear opens as it is).
    pub fn unlock(&self, passphrase: &str) -> Result<Database> {
        self.recover()?;
        let Some(key_file) = KeyFile::read(&self.key_path())? else { return self.open_checked(None) };
        let key = key_file.unwrap_key(passphrase)?;
        self.open_checked(Some((key, key_file)))
    }

    /// Opens the journal. A file that is not a database (with the right key) is
    /// [`CoreError::DatabaseDamaged`], and nothing was changed. The full `quick_check` takes
    /// about half a second at 100,000 entries, too long to keep the user waiting at every
    /// start; it runs after the journal is shown ([`JournalFolder::check_integrity`]).
    fn open_checked(&self, key: Option<(DatabaseKey, KeyFile)>) -> Result<Database> {
        let path = self.database_path();
        let has_content = fs::metadata(&path).map(|metadata| metadata.len() > 0).unwrap_or(false);
        if has_content {
            let probe = backup::open_keyed(&path, key.as_ref().map(|(key, _)| key), true)?;
            let header = probe.query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get::<_, i64>(0));
            if let Err(error) = header {
                if matches!(
                    error.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
                ) {
                    return Err(CoreError::DatabaseDamaged { path, reason: error.to_string() });
                }
            }
        }
        Database::open_with_key(&path, self.clock.clone(), key)
    }

    /// Runs SQLite's `quick_check` on the journal through a read-only connection of its own
    /// (which never rewrites or removes a `-wal` file, and runs beside the app's connection):
    /// [`CoreError::DatabaseDamaged`] naming the first problem, or `Ok`.
    pub fn check_integrity(&self, key: Option<&DatabaseKey>) -> Result<()> {
        let path = self.database_path();
        let damaged = |reason: String| CoreError::DatabaseDamaged { path: path.clone(), reason };
        let probe = backup::open_keyed(&path, key, true)?;
        match probe.query_row("PRAGMA quick_check(1)", [], |row| row.get::<_, String>(0)) {
            Ok(verdict) if verdict == "ok" => Ok(()),
            Ok(verdict) => Err(damaged(verdict)),
            Err(error)
                if matches!(
                    error.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
                ) =>
            {
                Err(damaged(error.to_string()))
            }
            Err(error) => Err(CoreError::Storage { action: "check the journal's integrity", source: error }),
        }
    }

    /// Opens the journal again with the key it had (after a change that failed).
    pub fn reopen(&self, key: Option<(DatabaseKey, KeyFile)>) -> Result<Database> {
        self.recover()?;
        self.open_checked(key)
    }

    /// Moves a damaged journal aside (with its `-wal` and `-shm`, which are never deleted)
    /// to `journal.sqlite3.damaged-<time>`, and answers where it went.
    pub fn move_aside_damaged(&self) -> Result<PathBuf> {
        let path = self.database_path();
        let stamp = self.clock.now().strftime("%Y%m%dT%H%M%SZ").to_string();
        let target = self.dir.join(format!("{DATABASE_FILE_NAME}.damaged-{stamp}"));
        for suffix in ["", "-wal", "-shm"] {
            let from = with_suffix(&path, suffix);
            if from.exists() {
                let to = with_suffix(&target, suffix);
                fs::rename(&from, &to).map_err(|source| CoreError::Io {
                    action: "move the damaged journal aside",
                    path: from.clone(),
                    source,
                })?;
            }
        }
        sync_folder(&self.dir)?;
        Ok(target)
    }

    /// The newest backup that opens (with `key` when encrypted with it) and passes
    /// `integrity_check`.
    pub fn newest_good_backup(&self, key: Option<&DatabaseKey>) -> Result<Option<BackupInfo>> {
        let path = self.database_path();
        for info in backup::list(&path)? {
            let backup_path = backup::path_of(&path, &info.id)?;
            let verified = if info.encrypted {
                // An encrypted backup can only be checked with its key; without it, it is
                // offered and the passphrase asked for at restore.
                key.is_none_or(|key| backup::verify(&backup_path, Some(key)).is_ok())
            } else {
                backup::verify(&backup_path, None).is_ok()
            };
            if verified {
                return Ok(Some(info));
            }
        }
        Ok(None)
    }

    /// Starts a new, empty journal in place of a damaged one that was moved aside.
    pub fn start_fresh(&self) -> Result<Database> {
        if self.database_path().exists() {
            return Err(CoreError::InvalidInput(
                "A journal is still in place; only a journal that was moved aside can be replaced by a new one."
                    .to_owned(),
            ));
        }
        remove_if_present(&self.key_path())?;
        Database::open_with_key(&self.database_path(), self.clock.clone(), None)
    }

    /// Encrypts the open journal under a new random key wrapped by `passphrase`. Backups in
    /// clear are encrypted too, so that nothing of the journal is left readable in the folder.
    pub fn enable_encryption(&self, database: Database, passphrase: &str) -> Result<Database> {
        if database.is_encrypted() {
            return Err(CoreError::InvalidInput("The journal is already encrypted.".to_owned()));
        }
        let (key_file, key) = KeyFile::create(passphrase)?;
        database.create_backup(BackupReason::BeforeEncryptionChange)?;
        // Every attached file is sealed under the new key, including those only backups still
        // need: the backups are encrypted too, and then no file in clear is left.
        let plain = ContentStore::new(&self.dir, None);
        let sealed = carry_attachments(
            &plain,
            &ContentStore::new(&self.dir, Some(&key)).keeping_location(true),
            plain.contents()?,
        )?;
        let staged = staged_path(&self.database_path());
        export_copy(&database, &staged, Some(&key))?;
        rename_attachment_contents(&staged, Some(&key), &sealed)?;
        key_file.write(&staged_path(&self.key_path()))?;
        database.close()?;
        self.swap(KeyChange::Replace)?;
        self.encrypt_clear_backups(&key, &key_file, &sealed)?;
        plain.remove_unreferenced(&BTreeSet::new())?;
        self.open_checked(Some((key, key_file)))
    }

    /// Decrypts the open journal into a journal in clear, after checking `passphrase`.
    /// Encrypted backups stay encrypted, each with its key file.
    pub fn disable_encryption(&self, database: Database, passphrase: &str) -> Result<Database> {
        let Some((_, key_file)) = database.key() else {
            return Err(CoreError::InvalidInput("The journal is not encrypted.".to_owned()));
        };
        let key = key_file.unwrap_key(passphrase)?;
        database.create_backup(BackupReason::BeforeEncryptionChange)?;
        // The journal's own files come out in clear with it; those only the (still encrypted)
        // backups need stay sealed.
        let in_clear = carry_attachments(
            &ContentStore::new(&self.dir, Some(&key)),
            &ContentStore::new(&self.dir, None).keeping_location(true),
            attachments::referenced_contents(database.connection())?,
        )?;
        let staged = staged_path(&self.database_path());
        export_copy(&database, &staged, None)?;
        rename_attachment_contents(&staged, None, &in_clear)?;
        database.close()?;
        self.swap(KeyChange::Remove)?;
        self.open_checked(None)
    }

    /// Re-wraps the journal's key under `next`: one small file is rewritten, never the
    /// journal. Backups made with the same key get their key files re-wrapped too, so that
    /// one passphrase opens them all.
    pub fn change_passphrase(&self, database: &mut Database, current: &str, next: &str) -> Result<()> {
        let Some((_, key_file)) = database.key() else {
            return Err(CoreError::InvalidInput("The journal is not encrypted.".to_owned()));
        };
        let key = key_file.unwrap_key(current)?;
        let wrapping = PassphraseKey::derive_new(next)?;
        let new_file = wrapping.wrap(&key, &key_file.key_id)?;
        database.create_backup(BackupReason::BeforePassphraseChange)?;
        new_file.write(&self.key_path())?;
        let database_path = self.database_path();
        for info in backup::list(&database_path)?.into_iter().filter(|info| info.encrypted) {
            let key_path = backup::key_path_of(&backup::path_of(&database_path, &info.id)?);
            if KeyFile::read(&key_path)?.is_some_and(|file| file.key_id == key_file.key_id) {
                wrapping.wrap(&key, &key_file.key_id)?.write(&key_path)?;
            }
        }
        database.replace_key_file(new_file);
        Ok(())
    }

    /// Replaces the journal by the backup `id`, after backing up the current journal (when
    /// one is open). An encrypted backup made with another key needs the passphrase that was
    /// in use when it was made.
    pub fn restore(&self, current: Option<Database>, id: &str, passphrase: Option<&str>) -> Result<Database> {
        let database_path = self.database_path();
        let backup_path = backup::path_of(&database_path, id)?;
        let backup_key = match KeyFile::read(&backup::key_path_of(&backup_path))? {
            None => None,
            Some(backup_key_file) => {
                let known = current
                    .as_ref()
                    .and_then(|database| database.key())
                    .filter(|(_, file)| file.key_id == backup_key_file.key_id)
                    .map(|(key, _)| key.clone());
                let key = match (known, passphrase) {
                    (Some(key), _) => key,
                    (None, Some(passphrase)) => backup_key_file.unwrap_key(passphrase)?,
                    (None, None) => return Err(CoreError::WrongPassphrase),
                };
                // The journal's own key file when the key is the same: it is wrapped by the
                // current passphrase.
                let key_file = current
                    .as_ref()
                    .and_then(|database| database.key())
                    .filter(|(_, file)| file.key_id == backup_key_file.key_id)
                    .map(|(_, file)| file.clone())
                    .unwrap_or(backup_key_file);
                Some((key, key_file))
            }
        };
        backup::verify(&backup_path, backup_key.as_ref().map(|(key, _)| key))?;
        // A synced journal stays synced: the restore is a change that syncs (sync/mod.rs).
        let mut synced = None;
        if let Some(current) = current {
            synced = current.sync_to_carry()?;
            current.create_backup(BackupReason::BeforeRestore)?;
            current.close()?;
        }
        let staged = staged_path(&database_path);
        copy_durably(&backup_path, &staged)?;
        let change = match &backup_key {
            Some((_, key_file)) => {
                key_file.write(&staged_path(&self.key_path()))?;
                KeyChange::Replace
            }
            None => KeyChange::Remove,
        };
        self.swap(change)?;
        let mut restored = self.open_checked(backup_key)?;
        if let Some(synced) = synced {
            restored.resume_sync_after_restore(synced)?;
        }
        Ok(restored)
    }

    /// Records the intent, then renames the staged files into place.
    fn swap(&self, change: KeyChange) -> Result<()> {
        let database_path = self.database_path();
        for suffix in ["-wal", "-shm"] {
            let side_file = with_suffix(&database_path, suffix);
            // After a clean close the write-ahead log is empty or gone. One with content
            // would belong to the old file and corrupt the new one; it is never deleted, so
            // the swap is refused instead.
            if suffix == "-wal" && fs::metadata(&side_file).is_ok_and(|metadata| metadata.len() > 0) {
                return Err(CoreError::InvalidInput(format!(
                    "The journal could not be replaced: {} still holds changes. Restart Failing Up and try again.",
                    side_file.display()
                )));
            }
        }
        let marker = serde_json::to_vec(&change).expect("a key change serialises");
        vault::write_file_atomically(&self.marker_path(), &marker)?;
        self.finish_swap(change)
    }

    fn finish_swap(&self, change: KeyChange) -> Result<()> {
        let database_path = self.database_path();
        let staged_database = staged_path(&database_path);
        let staged_key = staged_path(&self.key_path());
        if staged_database.exists() {
            // The old file's side files must not be applied to the new one. The swap began only
            // after a clean close, so a write-ahead log here is empty; one that is not is kept
            // under another name rather than deleted.
            let wal = with_suffix(&database_path, "-wal");
            if fs::metadata(&wal).is_ok_and(|metadata| metadata.len() > 0) {
                let stamp = self.clock.now().strftime("%Y%m%dT%H%M%SZ").to_string();
                rename(&wal, &with_suffix(&database_path, &format!("-wal.replaced-{stamp}")))?;
            }
            remove_if_present(&wal)?;
            remove_if_present(&with_suffix(&database_path, "-shm"))?;
            rename(&staged_database, &database_path)?;
        }
        match change {
            KeyChange::Replace => {
                if staged_key.exists() {
                    rename(&staged_key, &self.key_path())?;
                }
            }
            KeyChange::Remove => remove_if_present(&self.key_path())?,
        }
        sync_folder(&self.dir)?;
        remove_if_present(&self.marker_path())?;
        sync_folder(&self.dir)
    }

    /// Encrypts, in place, every backup still in clear, its attached files renamed as
    /// `sealed` says (they were sealed under `key`).
    fn encrypt_clear_backups(
        &self,
        key: &DatabaseKey,
        key_file: &KeyFile,
        sealed: &BTreeMap<String, String>,
    ) -> Result<()> {
        let database_path = self.database_path();
        for info in backup::list(&database_path)?.into_iter().filter(|info| !info.encrypted) {
            let path = backup::path_of(&database_path, &info.id)?;
            let source = backup::open_keyed(&path, None, false)?;
            let staged = staged_path(&path);
            remove_if_present(&staged)?;
            export_connection(&source, &staged, Some(key))?;
            drop(source);
            rename_attachment_contents(&staged, Some(key), sealed)?;
            backup::verify(&staged, Some(key))?;
            key_file.write(&backup::key_path_of(&path))?;
            rename(&staged, &path)?;
        }
        sync_folder(&backup::backups_dir(&database_path))
    }
}

impl Database {
    pub(crate) fn replace_key_file(&mut self, key_file: KeyFile) {
        if let Some((key, _)) = self.key() {
            let key = key.clone();
            self.set_key(Some((key, key_file)));
        }
    }
}

/// Stores each of `contents` from one store into the other (sealing or unsealing it) and
/// returns each one's new name.
fn carry_attachments(
    from: &ContentStore,
    to: &ContentStore,
    contents: impl IntoIterator<Item = String>,
) -> Result<BTreeMap<String, String>> {
    let mut renamed = BTreeMap::new();
    for content in contents {
        // No name: the bytes were checked when first attached, and are not judged again; `to`
        // keeps photos' locations, so that the bytes are carried exactly as they were kept.
        let carried = to.store_bytes(&from.read(&content)?, "")?;
        renamed.insert(content, carried.content);
    }
    Ok(renamed)
}

/// Points the attachments of the journal file at `path` (opened with `key`) at their files'
/// new names.
fn rename_attachment_contents(
    path: &Path,
    key: Option<&DatabaseKey>,
    renamed: &BTreeMap<String, String>,
) -> Result<()> {
    if renamed.is_empty() {
        return Ok(());
    }
    let mut connection = backup::open_keyed(path, key, false)?;
    if !attachments::has_attachments(&connection)? {
        return Ok(());
    }
    let thumbnails = attachments::has_thumbnails(&connection)?;
    let transaction = connection.transaction().context("rename the attached files")?;
    for (old, new) in renamed {
        transaction
            .execute("UPDATE attachments SET content = ?2 WHERE content = ?1", [old, new])
            .context("rename the attached files")?;
        if thumbnails {
            transaction
                .execute("UPDATE attachments SET thumbnail = ?2 WHERE thumbnail = ?1", [old, new])
                .context("rename the attached files")?;
        }
    }
    transaction.commit().context("rename the attached files")
}

/// Writes a copy of the open journal to `target` with `key` (or in clear), verified.
fn export_copy(database: &Database, target: &Path, key: Option<&DatabaseKey>) -> Result<()> {
    remove_if_present(target)?;
    export_connection(database.connection(), target, key)?;
    backup::verify(target, key)
}

/// SQLCipher's `sqlcipher_export` copies a database into an attached one with another key (or
/// none): the one way to change a file's encryption.
fn export_connection(source: &rusqlite::Connection, target: &Path, key: Option<&DatabaseKey>) -> Result<()> {
    remove_if_present(target)?;
    crate::private_files::create_private_file(target, "create the converted journal")?;
    let literal = key.map(DatabaseKey::sqlcipher_literal).unwrap_or_default();
    source
        .execute("ATTACH DATABASE ?1 AS converted KEY ?2", rusqlite::params![target.to_string_lossy(), literal])
        .context("attach the converted copy")?;
    let result = (|| {
        source.query_row("SELECT sqlcipher_export('converted')", [], |_| Ok(())).context("copy the journal")?;
        let version: i64 =
            source.pragma_query_value(None, "user_version", |row| row.get(0)).context("read the schema version")?;
        source.pragma_update(Some("converted"), "user_version", version).context("copy the schema version")?;
        Ok(())
    })();
    source.execute("DETACH DATABASE converted", []).context("detach the converted copy")?;
    result?;
    fs::File::open(target).and_then(|file| file.sync_all()).map_err(|source| CoreError::Io {
        action: "flush the converted journal to disk",
        path: target.to_owned(),
        source,
    })
}

fn copy_durably(from: &Path, to: &Path) -> Result<()> {
    remove_if_present(to)?;
    crate::private_files::create_private_file(to, "create the restored journal")?;
    let io = |source| CoreError::Io { action: "copy the backup", path: from.to_owned(), source };
    let mut reader = fs::File::open(from).map_err(io)?;
    let mut writer = fs::OpenOptions::new().write(true).truncate(true).open(to).map_err(io)?;
    std::io::copy(&mut reader, &mut writer).map_err(io)?;
    writer.sync_all().map_err(io)
}

fn rename(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to).map_err(|source| CoreError::Io {
        action: "move a file into place",
        path: to.to_owned(),
        source,
    })
}

fn remove_if_present(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(CoreError::Io { action: "remove a leftover file", path: path.to_owned(), source }),
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// When the journal's last backup of the day is due: none yet today (in the user's zone).
pub fn daily_backup_due(backups: &[BackupInfo], now: Timestamp, time_zone: &jiff::tz::TimeZone) -> bool {
    let today = now.to_zoned(time_zone.clone()).date();
    !backups
        .iter()
        .any(|info| info.created_at.parse::<Timestamp>().is_ok_and(|at| at.to_zoned(time_zone.clone()).date() == today))
}
