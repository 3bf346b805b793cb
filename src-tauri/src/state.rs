//! The app's state: the open journal (or why it could not be opened), and the sample
//! journal while the user explores it.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use failup_core::{AppError, Clock, Database, ErrorCode};

pub struct AppState {
    data_dir: PathBuf,
    time_zone: String,
    clock: Arc<dyn Clock>,
    database: Result<Mutex<Database>, AppError>,
    /// The generated sample journal while the user explores it. It is a separate file in its
    /// own folder, so nothing done while exploring can touch the user's journal, and
    /// discarding it is deleting that folder.
    sample: Mutex<Option<Database>>,
}

/// Which journal the commands work on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JournalKind {
    Own,
    Sample,
}

impl AppState {
    /// Opens the journal in `data_dir`, keeping the error if that fails.
    pub fn open(data_dir: PathBuf, clock: Arc<dyn Clock>) -> Self {
        let time_zone = failup_core::clock::time_zone_name(&clock.time_zone());
        // The app always starts on the user's own journal; a sample left by a crash is
        // discarded rather than shown again unannounced.
        if let Err(error) = remove_sample_folder(&sample_dir(&data_dir)) {
            eprintln!("failup: {}", error.message);
        }
        let database = Database::open_in_dir(&data_dir, clock.clone()).map(Mutex::new).map_err(|error| {
            eprintln!("failup: {error}");
            AppError::from(error)
        });
        Self { data_dir, time_zone, clock, database, sample: Mutex::new(None) }
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn time_zone(&self) -> &str {
        &self.time_zone
    }

    /// Runs `operation` on the journal in use (the sample while it is open), or answers with
    /// the reason the user's journal is not open.
    pub fn with_database<T>(
        &self,
        operation: impl FnOnce(&mut Database) -> failup_core::Result<T>,
    ) -> Result<T, AppError> {
        if let Some(sample) = lock(&self.sample).as_mut() {
            return operation(sample).map_err(AppError::from);
        }
        let database = self.database.as_ref().map_err(Clone::clone)?;
        operation(&mut lock(database)).map_err(AppError::from)
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
        let dir = sample_dir(&self.data_dir);
        remove_sample_folder(&dir)?;
        let mut database = Database::open_in_dir(&dir, self.clock.clone())?;
        failup_core::sample::fill(&mut database)?;
        *sample = Some(database);
        Ok(())
    }

    /// Closes the sample journal and deletes its folder; the user's journal is in use again.
    pub fn close_sample(&self) -> Result<(), AppError> {
        let mut sample = lock(&self.sample);
        // Dropping the connection first lets SQLite finish with its files before they go.
        *sample = None;
        remove_sample_folder(&sample_dir(&self.data_dir))
    }
}

fn sample_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("sample")
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
