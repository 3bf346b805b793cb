//! The app's state: the open journal, or why it could not be opened.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use failup_core::{AppError, Clock, Database};

pub struct AppState {
    data_dir: PathBuf,
    time_zone: String,
    database: Result<Mutex<Database>, AppError>,
}

impl AppState {
    /// Opens the journal in `data_dir`, keeping the error if that fails.
    pub fn open(data_dir: PathBuf, clock: Arc<dyn Clock>) -> Self {
        let time_zone = failup_core::clock::time_zone_name(&clock.time_zone());
        let database = Database::open_in_dir(&data_dir, clock).map(Mutex::new).map_err(|error| {
            eprintln!("failup: {error}");
            AppError::from(error)
        });
        Self { data_dir, time_zone, database }
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn time_zone(&self) -> &str {
        &self.time_zone
    }

    /// Runs `operation` on the open journal, or answers with the reason it is not open.
    pub fn with_database<T>(
        &self,
        operation: impl FnOnce(&mut Database) -> failup_core::Result<T>,
    ) -> Result<T, AppError> {
        let database = self.database.as_ref().map_err(Clone::clone)?;
        // A panic while the lock was held cannot leave the database half-written (every write
        // is one SQLite transaction), so a poisoned lock is safe to take over.
        let mut database = database.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        operation(&mut database).map_err(AppError::from)
    }
}
