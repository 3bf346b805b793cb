//! The app's state: the journal's session (`failup_core::session`), which decides everything
//! about the journal in use — open, locked, damaged, the sample, the auto-lock — and wakes the
//! reminder thread after every write that can change what is due. The shell only manages it.

use std::ops::Deref;
use std::path::PathBuf;
use std::sync::Arc;

use failup_core::session::Session;
use failup_core::Clock;

/// The state every command reaches; its methods are the [`Session`]'s.
pub struct AppState(Session);

impl AppState {
    /// Opens the journal in `data_dir` (see [`Session::open`]). `on_change` wakes the reminder
    /// thread; the session calls it after every write that can change what reminders are due.
    pub fn open(data_dir: PathBuf, clock: Arc<dyn Clock>, on_change: impl Fn() + Send + Sync + 'static) -> Self {
        Self(Session::open(data_dir, clock, on_change))
    }
}

impl Deref for AppState {
    type Target = Session;

    fn deref(&self) -> &Session {
        &self.0
    }
}
