//! The sync loop: a background thread that runs a round of sync (`failup_core::sync`) when
//! another computer's change files land in the sync folder, and a little after this computer's
//! own changes, so that both travel without the user doing anything.
//!
//! Landing files are noticed by file-system events on the folder and, where those do not come
//! (a network drive, a FUSE mount), by a fingerprint of the folder taken every second: either
//! way a file is applied within about two seconds. Local changes are written out once the
//! journal has been quiet for [`SEND_AFTER`], so that typing makes a few change files, not one
//! per keystroke. While sync is off, the journal is locked or the sample is open, the loop
//! only waits.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ::notify::{RecursiveMode, Watcher};
use failup_core::sync::{folder_fingerprint, SyncReport};
use failup_core::ErrorCode;
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::reminders::Waker;
use crate::state::AppState;

/// Sent to the window after a round that applied other computers' changes, or found a problem,
/// with the round's report: views showing the journal read it again.
pub const SYNC_CHANGED_EVENT: &str = "sync-changed";

/// How often the folder is looked at when no event comes.
const SCAN_EVERY: Duration = Duration::from_secs(1);
/// How often a round is tried again while a record waits for something to arrive.
const RETRY_WAITING_EVERY: Duration = Duration::from_secs(5);
/// How long the journal stays quiet before this computer's changes are written out.
const SEND_AFTER: Duration = Duration::from_secs(3);

/// What wakes the sync loop: local writes (the session's change hook), file-system events, and
/// commands that change sync's settings. Managed as Tauri state.
#[derive(Default)]
pub struct SyncWaker(pub Arc<Waker>);

/// Starts the loop.
pub fn spawn<R: Runtime>(app: AppHandle<R>) {
    let waker = app.state::<SyncWaker>().0.clone();
    let started = std::thread::Builder::new().name("sync".into()).spawn(move || {
        let state = app.state::<AppState>();
        let mut watched: Option<(PathBuf, ::notify::RecommendedWatcher)> = None;
        let mut last_fingerprint = None;
        let mut last_problems: Vec<String> = Vec::new();
        let mut unsent_since: Option<Instant> = None;
        let mut last_round = Instant::now();
        loop {
            waker.sleep(SCAN_EVERY);
            let folder = match state.with_own_database(|db| db.sync_folder()) {
                Ok(Some(folder)) => folder,
                Ok(None) | Err(_) => {
                    watched = None;
                    continue;
                }
            };
            if watched.as_ref().map(|(path, _)| path) != Some(&folder) {
                watched = watch(&folder, waker.clone()).map(|watcher| (folder.clone(), watcher));
                last_fingerprint = None;
            }
            let fingerprint = folder_fingerprint(&folder);
            let unsent = state.with_own_database(|db| db.sync_has_unsent_changes()).unwrap_or(false);
            unsent_since = if unsent { unsent_since.or(Some(Instant::now())) } else { None };
            let arrived = last_fingerprint != Some(fingerprint);
            let send = unsent_since.is_some_and(|since| since.elapsed() >= SEND_AFTER);
            // A record waiting for its attached file: the file lands deeper in the folder than
            // the fingerprint looks, so look again now and then.
            let retry = last_round.elapsed() >= RETRY_WAITING_EVERY
                && state.with_own_database(|db| db.sync_is_waiting()).unwrap_or(false);
            if !arrived && !send && !retry {
                continue;
            }
            last_round = Instant::now();
            match state.with_own_database(|db| db.sync_now()) {
                Ok(report) => {
                    unsent_since = None;
                    // Taken before the round: a file that landed while it ran is looked at
                    // next time (this computer's own new file costs one more, empty round).
                    last_fingerprint = Some(fingerprint);
                    if report.received > 0 || report.problems != last_problems {
                        last_problems.clone_from(&report.problems);
                        let _ = app.emit(SYNC_CHANGED_EVENT, &report);
                    }
                }
                Err(error) if matches!(error.code, ErrorCode::Locked | ErrorCode::DatabaseTooNew) => {}
                Err(error) => {
                    // The folder gone (a USB stick pulled out), a full disk: said once, tried again.
                    let problems = vec![error.message.clone()];
                    if problems != last_problems {
                        eprintln!("failup: sync: {}", error.message);
                        let report = SyncReport { problems: problems.clone(), ..SyncReport::default() };
                        let _ = app.emit(SYNC_CHANGED_EVENT, &report);
                        last_problems = problems;
                    }
                    last_fingerprint = Some(fingerprint);
                }
            }
        }
    });
    if let Err(error) = started {
        eprintln!("failup: sync is paused because its thread could not start: {error}");
    }
}

/// Watches the sync folder (its `failing-up` folder and below) for files landing; `None` where
/// the platform or the file system gives no events (the scan then does the work).
fn watch(folder: &std::path::Path, waker: Arc<Waker>) -> Option<::notify::RecommendedWatcher> {
    let mut watcher = ::notify::recommended_watcher(move |event: ::notify::Result<::notify::Event>| {
        if event.is_ok() {
            waker.poke();
        }
    })
    .ok()?;
    match watcher.watch(folder, RecursiveMode::Recursive) {
        Ok(()) => Some(watcher),
        Err(error) => {
            eprintln!("failup: sync: no file-system events for {} ({error}); scanning every second", folder.display());
            None
        }
    }
}
