//! The journal's session for the app's lifetime: which journal is in use, and its lifecycle.
//!
//! The user's journal is open, locked (encrypted, waiting for the passphrase), damaged (it
//! failed its integrity check and was moved aside, never deleted; the user restores a backup
//! or starts a new journal) or unavailable (every operation answers with why). Beside it the
//! session keeps the auto-lock's last activity, the file waiting for import between its
//! preview and its confirmation, and the sample journal while the user explores it: a
//! separate file in `<data>/sample/`, deleted when discarded (and at start), so that it is
//! never mixed with the user's journal.
//!
//! # Waking the reminders
//!
//! One rule: **every write that can change what reminders are due wakes the reminder thread.**
//! The session is given a change hook when it opens, and calls it
//! - after an operation run through [`Session::with_database`] or
//!   [`Session::with_own_database`] that changed the database ([`Database::changes`] before
//!   and after: a read, or a request refused before it wrote, wakes nothing; the reminder
//!   ledger's own bookkeeping is not a change, or the thread would wake itself for ever);
//! - after every change of the journal in use: unlock, restore, encryption on or off, a
//!   fresh journal, opening or closing the sample.
//!
//! Callers never wake the thread themselves, so no write can forget to. The hook is called
//! once the session's locks are released, so it may call back into the session.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::backup::{self, BackupInfo, BackupReason};
use crate::clock::{time_zone_name, Clock};
use crate::db::Database;
use crate::error::{AppError, CoreError, ErrorCode, Result};
use crate::folder::{daily_backup_due, JournalFolder, JournalState, JournalStatus, SecurityStatus};
use crate::private_files::create_private_dir;
use crate::sample;
use crate::transfer::ParsedImport;
use crate::vault::{DatabaseKey, KeyFile};
use crate::{AppInfo, StartState};

/// The folder, inside the data folder, that holds the sample journal while it is in use.
pub const SAMPLE_DIR_NAME: &str = "sample";

/// Which journal the app works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum JournalKind {
    Own,
    Sample,
}

/// The journal in use, from the app's start to its end. Shared by every request (it is
/// `Sync`); each field has its own lock, taken briefly.
pub struct Session {
    folder: JournalFolder,
    time_zone: String,
    clock: Arc<dyn Clock>,
    journal: Mutex<Journal>,
    /// The generated sample journal while the user explores it. It is a separate file in its
    /// own folder, so nothing done while exploring can touch the user's journal, and
    /// discarding it is deleting that folder.
    sample: Mutex<Option<Database>>,
    /// When the user last did something in the window (Unix seconds), for the auto-lock.
    last_activity: AtomicI64,
    /// A file read for import, waiting for the user to confirm its preview.
    pending_import: Mutex<Option<ParsedImport>>,
    /// Called after every write that can change what reminders are due (see the module).
    on_change: Box<dyn Fn() + Send + Sync>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("Session").field("folder", &self.folder).finish_non_exhaustive()
    }
}

/// The user's journal, as far as the session could open it. There is one, for the app's
/// lifetime, so the size of the open variant does not matter.
#[allow(clippy::large_enum_variant)]
enum Journal {
    Open(Database),
    /// Encrypted, waiting for the passphrase.
    Locked,
    /// It failed its integrity check and was moved aside.
    Damaged {
        moved_aside_to: PathBuf,
        reason: String,
    },
    Unavailable(AppError),
}

impl Session {
    /// Opens the journal in `data_dir`, keeping the reason if that fails: locked (encrypted),
    /// damaged (moved aside at once, never deleted) or unavailable.
    ///
    /// `on_change` is the change hook: it is called after every write that can change what
    /// reminders are due (see the module's documentation), to wake the reminder thread.
    pub fn open(data_dir: PathBuf, clock: Arc<dyn Clock>, on_change: impl Fn() + Send + Sync + 'static) -> Self {
        let time_zone = time_zone_name(&clock.time_zone());
        // The app always starts on the user's own journal; a sample left by a crash is
        // discarded rather than shown again unannounced.
        if let Err(error) = remove_sample_folder(&data_dir.join(SAMPLE_DIR_NAME)) {
            eprintln!("failup: {}", error.message);
        }
        let folder = JournalFolder::new(data_dir, clock.clone());
        let journal = Journal::classify(&folder, prepare_folder(&folder).and_then(|()| folder.open()));
        let last_activity = AtomicI64::new(clock.now().as_second());
        Self {
            folder,
            time_zone,
            clock,
            journal: Mutex::new(journal),
            sample: Mutex::new(None),
            last_activity,
            pending_import: Mutex::new(None),
            on_change: Box::new(on_change),
        }
    }

    pub fn data_dir(&self) -> &Path {
        self.folder.dir()
    }

    /// The IANA name of the user's time zone when the session opened.
    pub fn time_zone(&self) -> &str {
        &self.time_zone
    }

    /// Today's local date as `YYYY-MM-DD`, for the names of exported files.
    pub fn today_stamp(&self) -> String {
        self.clock.now_zoned().date().to_string()
    }

    /// Runs `operation` on the journal in use (the sample while it is open), or answers with
    /// the reason the user's journal is not open.
    pub fn with_database<T>(&self, operation: impl FnOnce(&mut Database) -> Result<T>) -> Result<T, AppError> {
        let mut sample = lock(&self.sample);
        let Some(database) = sample.as_mut() else {
            drop(sample);
            return self.with_own_database(operation);
        };
        let (result, changed) = run_noting_changes(database, operation);
        drop(sample);
        self.changed_if(changed);
        result
    }

    /// Like [`Session::with_database`], always on the user's own journal (backups, security).
    pub fn with_own_database<T>(&self, operation: impl FnOnce(&mut Database) -> Result<T>) -> Result<T, AppError> {
        let mut journal = lock(&self.journal);
        let Journal::Open(database) = &mut *journal else {
            return Err(journal.not_open_error());
        };
        let (result, changed) = run_noting_changes(database, operation);
        drop(journal);
        self.changed_if(changed);
        result
    }

    /// The journal's state, for the start screen.
    pub fn journal_status(&self) -> JournalStatus {
        let journal = lock(&self.journal);
        let (state, message, moved_aside_to) = match &*journal {
            Journal::Open(_) => (JournalState::Open, None, None),
            Journal::Locked => (JournalState::Locked, None, None),
            Journal::Damaged { moved_aside_to, reason } => (
                JournalState::Damaged,
                Some(format!("The integrity check reported: {reason}.")),
                Some(moved_aside_to.display().to_string()),
            ),
            Journal::Unavailable(error) => (JournalState::Unavailable, Some(error.message.clone()), None),
        };
        let newest_good_backup = match state {
            JournalState::Damaged => self.folder.newest_good_backup(None).ok().flatten(),
            _ => None,
        };
        JournalStatus { state, message, moved_aside_to, newest_good_backup }
    }

    pub fn security_status(&self) -> SecurityStatus {
        let mut journal = lock(&self.journal);
        match &mut *journal {
            Journal::Open(database) => SecurityStatus {
                encrypted: database.is_encrypted(),
                locked: false,
                auto_lock_minutes: if database.is_encrypted() {
                    database.settings().auto_lock_minutes().ok().flatten()
                } else {
                    None
                },
            },
            Journal::Locked => SecurityStatus { encrypted: true, locked: true, auto_lock_minutes: None },
            _ => SecurityStatus {
                encrypted: self.folder.is_encrypted().unwrap_or(false),
                locked: false,
                auto_lock_minutes: None,
            },
        }
    }

    /// Unlocks an encrypted journal with `passphrase`.
    pub fn unlock(&self, passphrase: &str) -> Result<(), AppError> {
        let mut journal = lock(&self.journal);
        if !matches!(*journal, Journal::Locked) {
            return Ok(());
        }
        match self.folder.unlock(passphrase) {
            Ok(database) => {
                *journal = Journal::Open(database);
                drop(journal);
                self.note_activity();
                self.changed_if(true);
                Ok(())
            }
            Err(CoreError::WrongPassphrase) => Err(CoreError::WrongPassphrase.into()),
            Err(error) => {
                let app_error = AppError::from(&error);
                *journal = Journal::classify(&self.folder, Err(error));
                Err(app_error)
            }
        }
    }

    /// Closes an encrypted journal; every operation then answers `locked` until it is
    /// unlocked. Answers whether it locked (a journal in clear cannot be locked).
    pub fn lock(&self) -> bool {
        let mut journal = lock(&self.journal);
        let encrypted = matches!(&*journal, Journal::Open(database) if database.is_encrypted());
        if encrypted {
            if let Journal::Open(database) = std::mem::replace(&mut *journal, Journal::Locked) {
                if let Err(error) = database.close() {
                    eprintln!("failup: {error}");
                }
            }
            *lock(&self.pending_import) = None;
        }
        encrypted
    }

    /// Runs the integrity check of the open journal, on a connection of its own, while the
    /// user already sees it. If it finds damage, the journal is closed without touching its
    /// files, moved aside, and `on_damage` is called (the window then shows the start screen
    /// that offers the newest good backup).
    pub fn check_integrity(&self, on_damage: impl FnOnce()) {
        let key = match &*lock(&self.journal) {
            Journal::Open(database) => database.key_pair(),
            _ => return,
        };
        let Err(CoreError::DatabaseDamaged { reason, .. }) =
            self.folder.check_integrity(key.as_ref().map(|(key, _)| key))
        else {
            return;
        };
        let mut journal = lock(&self.journal);
        if let Journal::Open(database) = std::mem::replace(&mut *journal, Journal::Locked) {
            if let Err(error) = database.close_untouched() {
                eprintln!("failup: {error}");
            }
        }
        *journal = Journal::classify(&self.folder, Err(CoreError::DatabaseDamaged { path: PathBuf::new(), reason }));
        drop(journal);
        on_damage();
    }

    /// Notes that the user did something now, which puts the auto-lock off.
    pub fn note_activity(&self) {
        self.last_activity.store(self.clock.now().as_second(), Ordering::Relaxed);
    }

    /// Locks the journal if it has been idle at least as long as its auto-lock setting.
    /// Answers whether it locked.
    pub fn lock_if_idle(&self) -> bool {
        let Some(minutes) = self.security_status().auto_lock_minutes else { return false };
        let idle = self.clock.now().as_second() - self.last_activity.load(Ordering::Relaxed);
        idle >= i64::from(minutes) * 60 && self.lock()
    }

    pub fn enable_encryption(&self, passphrase: &str) -> Result<(), AppError> {
        self.replace_journal(|folder, current| match current {
            Some(database) => folder.enable_encryption(database, passphrase),
            None => Err(CoreError::InvalidInput("There is no journal to encrypt yet.".to_owned())),
        })
    }

    pub fn disable_encryption(&self, passphrase: &str) -> Result<(), AppError> {
        self.replace_journal(|folder, current| match current {
            Some(database) => folder.disable_encryption(database, passphrase),
            None => Err(CoreError::InvalidInput("There is no journal to decrypt.".to_owned())),
        })
    }

    pub fn change_passphrase(&self, current: &str, next: &str) -> Result<(), AppError> {
        self.with_own_database(|database| self.folder.change_passphrase(database, current, next))
    }

    /// Replaces the user's journal by the backup `id`; the user's journal is in use again if
    /// the sample was.
    pub fn restore_backup(&self, id: &str, passphrase: Option<&str>) -> Result<(), AppError> {
        let left_sample = lock(&self.sample).take().is_some();
        let restored = self.replace_journal(|folder, current| folder.restore(current, id, passphrase));
        // Leaving the sample changed the journal in use even if the restore failed (a restore
        // that succeeded has said so already).
        self.changed_if(left_sample && restored.is_err());
        restored
    }

    /// Starts a new empty journal in place of a damaged one that was moved aside.
    pub fn start_fresh_journal(&self) -> Result<(), AppError> {
        let mut journal = lock(&self.journal);
        if !matches!(*journal, Journal::Damaged { .. }) {
            return Err(AppError {
                code: ErrorCode::InvalidInput,
                message: "Only a damaged journal can be replaced by a new one.".to_owned(),
            });
        }
        *journal = Journal::Open(self.folder.start_fresh()?);
        drop(journal);
        self.changed_if(true);
        Ok(())
    }

    pub fn list_backups(&self) -> Result<Vec<BackupInfo>, AppError> {
        backup::list(&self.folder.database_path()).map_err(AppError::from)
    }

    /// Makes a backup of the user's journal. The copy runs on a connection of its own, outside
    /// the journal's lock, so the window stays responsive while a large journal is copied.
    pub fn create_backup(&self, reason: BackupReason) -> Result<BackupInfo, AppError> {
        let (path, key) = match &*lock(&self.journal) {
            Journal::Open(database) => (database.path().to_owned(), database.key_pair()),
            other => return Err(other.not_open_error()),
        };
        let key = key.as_ref().map(|(key, file)| (key, file));
        backup::create(&path, key, reason, self.clock.now(), &self.clock.time_zone()).map_err(AppError::from)
    }

    /// Makes the day's backup if there is none yet today (and the journal is open).
    pub fn daily_backup_if_due(&self) -> Result<Option<BackupInfo>, AppError> {
        let backups = self.list_backups()?;
        if !daily_backup_due(&backups, self.clock.now(), &self.clock.time_zone()) {
            return Ok(None);
        }
        match self.create_backup(BackupReason::Daily) {
            Ok(info) => {
                // The day's pruning may have let go of the last backup that needed a detached
                // file. Failing to delete it only keeps it a day longer, so the backup stands.
                let _ = self.with_own_database(|db| db.remove_unreferenced_attachments());
                Ok(Some(info))
            }
            Err(error) if error.code == ErrorCode::Locked => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Keeps a file read for import until the user confirms or cancels its preview.
    pub fn set_pending_import(&self, parsed: Option<ParsedImport>) {
        *lock(&self.pending_import) = parsed;
    }

    /// Runs `operation` with the file waiting for import.
    pub fn with_pending_import<T>(
        &self,
        operation: impl FnOnce(&ParsedImport) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let pending = lock(&self.pending_import);
        let parsed = pending.as_ref().ok_or_else(|| AppError {
            code: ErrorCode::NotFound,
            message: "There is no file waiting to be imported; choose it again.".to_owned(),
        })?;
        operation(parsed)
    }

    /// What the window needs for its first screen (see [`StartState`]), read in one go so the
    /// window waits for one answer instead of several in a row. `page_size` is how many of the
    /// newest entries the journal view shows first.
    pub fn start_state(&self, info: AppInfo, page_size: u32) -> StartState {
        let status = self.journal_status();
        let open = status.state == JournalState::Open;
        let welcome_pending = open && self.welcome_pending();
        let first_entries = if open { self.with_database(|db| db.entries().list(None, page_size)).ok() } else { None };
        StartState { status, kind: self.journal_kind(), info, welcome_pending, first_entries }
    }

    /// Whether the first-run welcome is still to be shown: never over a locked, damaged or
    /// unreadable journal.
    pub fn welcome_pending(&self) -> bool {
        self.with_own_database(|db| db.settings().welcome_pending()).unwrap_or(false)
    }

    pub fn journal_kind(&self) -> JournalKind {
        if lock(&self.sample).is_some() {
            JournalKind::Sample
        } else {
            JournalKind::Own
        }
    }

    /// Switches to a freshly generated sample journal (or stays on the open one).
    pub fn open_sample(&self) -> Result<(), AppError> {
        let mut sample = lock(&self.sample);
        if sample.is_some() {
            return Ok(());
        }
        let dir = self.sample_dir();
        remove_sample_folder(&dir)?;
        let mut database = Database::open_in_dir(&dir, self.clock.clone())?;
        sample::fill(&mut database)?;
        *sample = Some(database);
        drop(sample);
        self.changed_if(true);
        Ok(())
    }

    /// Closes the sample journal and deletes its folder; the user's journal is in use again.
    pub fn close_sample(&self) -> Result<(), AppError> {
        let mut sample = lock(&self.sample);
        // Dropping the connection first lets SQLite finish with its files before they go.
        let was_open = sample.take().is_some();
        let removed = remove_sample_folder(&self.sample_dir());
        drop(sample);
        self.changed_if(was_open);
        removed
    }

    fn sample_dir(&self) -> PathBuf {
        self.folder.dir().join(SAMPLE_DIR_NAME)
    }

    /// Runs an operation that replaces the open journal (encryption on or off, restore). If
    /// it fails, the journal as it was is opened again.
    fn replace_journal(
        &self,
        operation: impl FnOnce(&JournalFolder, Option<Database>) -> Result<Database>,
    ) -> Result<(), AppError> {
        let mut journal = lock(&self.journal);
        let current = match std::mem::replace(&mut *journal, Journal::Locked) {
            Journal::Open(database) => Some(database),
            Journal::Damaged { .. } => None,
            other => {
                let error = other.not_open_error();
                *journal = other;
                return Err(error);
            }
        };
        let previous_key = current.as_ref().and_then(Database::key_pair);
        match operation(&self.folder, current) {
            Ok(database) => {
                *journal = Journal::Open(database);
                drop(journal);
                self.changed_if(true);
                Ok(())
            }
            Err(error) => {
                let app_error = AppError::from(&error);
                *journal = Journal::reopen(&self.folder, previous_key);
                Err(app_error)
            }
        }
    }

    /// Calls the change hook if `changed`. Only ever called with no lock of the session held.
    fn changed_if(&self, changed: bool) {
        if changed {
            (self.on_change)();
        }
    }
}

/// Runs `operation` on `database`, answering its result and whether it changed anything that
/// can change what reminders are due.
fn run_noting_changes<T>(
    database: &mut Database,
    operation: impl FnOnce(&mut Database) -> Result<T>,
) -> (Result<T, AppError>, bool) {
    let before = database.changes();
    let result = operation(database).map_err(AppError::from);
    (result, database.changes() != before)
}

impl Journal {
    /// The state for the result of opening the journal; a damaged one is moved aside now.
    fn classify(folder: &JournalFolder, opened: Result<Database>) -> Journal {
        match opened {
            Ok(database) => Journal::Open(database),
            Err(CoreError::Locked) => Journal::Locked,
            Err(CoreError::DatabaseDamaged { reason, .. }) => match folder.move_aside_damaged() {
                Ok(moved_aside_to) => {
                    eprintln!("failup: the journal is damaged ({reason}); moved aside to {}", moved_aside_to.display());
                    Journal::Damaged { moved_aside_to, reason }
                }
                Err(error) => Journal::Unavailable(AppError::from(error)),
            },
            Err(error) => {
                eprintln!("failup: {error}");
                Journal::Unavailable(AppError::from(error))
            }
        }
    }

    /// Opens the journal again after a failed replacement: with the key it had, or as at start.
    fn reopen(folder: &JournalFolder, key: Option<(DatabaseKey, KeyFile)>) -> Journal {
        match folder.reopen(key) {
            Ok(database) => Journal::Open(database),
            Err(_) => Journal::classify(folder, folder.open()),
        }
    }

    fn not_open_error(&self) -> AppError {
        match self {
            Journal::Open(_) => unreachable!("the journal is open"),
            Journal::Locked => CoreError::Locked.into(),
            Journal::Damaged { moved_aside_to, reason } => AppError {
                code: ErrorCode::DatabaseDamaged,
                message: format!(
                    "The journal was damaged ({reason}) and moved aside to {}. Restore a backup or start a new journal.",
                    moved_aside_to.display()
                ),
            },
            Journal::Unavailable(error) => error.clone(),
        }
    }
}

/// Creates the data folder (private to its owner) and finishes or discards a change of the
/// journal that a crash interrupted.
fn prepare_folder(folder: &JournalFolder) -> Result<()> {
    create_private_dir(folder.dir())?;
    folder.recover()
}

fn remove_sample_folder(dir: &Path) -> Result<(), AppError> {
    match std::fs::remove_dir_all(dir) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(AppError {
            code: ErrorCode::Storage,
            message: format!("Could not remove the sample journal at {}: {error}.", dir.display()),
        }),
        _ => Ok(()),
    }
}

/// A panic while a lock was held cannot leave a journal half-written (every write is one
/// SQLite transaction), so a poisoned lock is safe to take over.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
