//! Errors, and the shape in which they cross to the UI.
//!
//! Every failure the user can meet has an [`ErrorCode`] the UI can branch on and a message
//! written for a person. [`AppError`] is that pair as it crosses IPC: `{code, message}`.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What kind of failure happened, for the UI to branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The thing asked for does not exist (any more).
    NotFound,
    /// The request was refused because of what it contained; nothing was written.
    InvalidInput,
    /// The journal was written by a newer version of the app and is left untouched.
    DatabaseTooNew,
    /// The journal could not be opened at all.
    DatabaseUnavailable,
    /// Reading or writing the journal failed.
    Storage,
    /// The journal is encrypted and locked: the UI asks for the passphrase.
    Locked,
    /// The passphrase given does not unlock the journal (or the backup).
    WrongPassphrase,
    /// The journal failed its integrity check; it has been moved aside, never deleted.
    DatabaseDamaged,
    /// A bug: something that should not happen did.
    Internal,
}

/// An error as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppError {
    pub code: ErrorCode,
    /// A full sentence for the user.
    pub message: String,
}

/// Everything that can go wrong in core.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("{0}")]
    InvalidInput(String),

    #[error("{what} was not found; it may have been deleted.")]
    NotFound { what: String },

    #[error(
        "This journal ({path}) was written by a newer version of Failing Up (schema version \
         {found}; this version understands up to {supported}). It has been left untouched: \
         update Failing Up to open it."
    )]
    DatabaseTooNew { path: PathBuf, found: i64, supported: i64 },

    #[error("The journal at {path} could not be opened: {reason}")]
    DatabaseUnavailable { path: PathBuf, reason: String },

    #[error("The journal is locked. Enter your passphrase to open it.")]
    Locked,

    #[error("That passphrase is not right.")]
    WrongPassphrase,

    #[error("The journal at {path} is damaged ({reason}).")]
    DatabaseDamaged { path: PathBuf, reason: String },

    #[error("Could not {action}: {source}")]
    Storage {
        action: &'static str,
        #[source]
        source: rusqlite::Error,
    },

    #[error("There is no space left on the disk to {what}. Nothing was changed: free some space and try again.")]
    DiskFull { what: String },

    #[error("Could not {action} ({path}): {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl CoreError {
    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::InvalidInput(_) => ErrorCode::InvalidInput,
            CoreError::NotFound { .. } => ErrorCode::NotFound,
            CoreError::DatabaseTooNew { .. } => ErrorCode::DatabaseTooNew,
            CoreError::DatabaseUnavailable { .. } => ErrorCode::DatabaseUnavailable,
            CoreError::Storage { .. } | CoreError::Io { .. } | CoreError::DiskFull { .. } => ErrorCode::Storage,
            CoreError::Locked => ErrorCode::Locked,
            CoreError::WrongPassphrase => ErrorCode::WrongPassphrase,
            CoreError::DatabaseDamaged { .. } => ErrorCode::DatabaseDamaged,
        }
    }
}

impl From<&CoreError> for AppError {
    fn from(error: &CoreError) -> Self {
        AppError { code: error.code(), message: error.to_string() }
    }
}

impl From<CoreError> for AppError {
    fn from(error: CoreError) -> Self {
        AppError::from(&error)
    }
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

/// Adds what was being done to a SQLite error, in the manner of `anyhow::Context`.
pub(crate) trait StorageContext<T> {
    fn context(self, action: &'static str) -> Result<T>;
}

impl<T> StorageContext<T> for rusqlite::Result<T> {
    fn context(self, action: &'static str) -> Result<T> {
        self.map_err(|source| CoreError::Storage { action, source })
    }
}
