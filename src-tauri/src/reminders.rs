//! The reminder loop: a background thread that shows reminders as desktop notifications.
//!
//! What is due, when, and how it is worded is decided in `failup_core::reminders`; this loop
//! only asks and shows. It sleeps until the next reminder but never longer than a minute,
//! and asks again with the wall clock each time, so a suspend, a resume or a changed clock
//! neither loses nor repeats a reminder (core claims each one at most once).

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use failup_core::{Clock, Notification};
use tauri::{AppHandle, Manager, Runtime};

use crate::state::AppState;

/// The longest the loop sleeps before looking at the clock again.
const LONGEST_SLEEP: Duration = Duration::from_secs(60);

/// Wakes the loop early, so that what the user just did (a new setback, changed settings, a
/// pause) is scheduled at once instead of at the next minute.
#[derive(Default)]
pub struct Waker {
    poked: Mutex<bool>,
    signal: Condvar,
}

impl Waker {
    pub fn poke(&self) {
        *self.poked.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = true;
        self.signal.notify_all();
    }

    /// Sleeps for `duration` or until poked.
    pub fn sleep(&self, duration: Duration) {
        let poked = self.poked.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let (mut poked, _) = self
            .signal
            .wait_timeout_while(poked, duration, |poked| !*poked)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *poked = false;
    }
}

/// Starts the loop. It first catches up on what fell due while the app was closed.
pub fn spawn<R: Runtime>(app: AppHandle<R>, clock: Arc<dyn Clock>, waker: Arc<Waker>) {
    let started = std::thread::Builder::new().name("reminders".into()).spawn(move || {
        let state = app.state::<AppState>();
        // While an encrypted journal is locked nothing can be read, so the catch-up waits for
        // the unlock (which wakes the loop) and then runs once.
        let mut caught_up = false;
        let started = clock.now();
        loop {
            let now = clock.now();
            if !caught_up {
                let catch_up = state.with_database(|db| db.reminders().claim_catch_up(now));
                caught_up = catch_up.is_ok();
                show_all(&app, catch_up);
            }
            show_all(&app, state.with_database(|db| db.reminders().claim_due(now)));
            // The chores wait a minute after start, so that they never compete with showing
            // the journal.
            if (clock.now() - started).get_seconds() >= 60 {
                housekeeping(&app, &state);
            }
            let next = state.with_database(|db| db.reminders().next_due(now)).ok().flatten();
            let until_next = next
                .map(|due| Duration::from_millis(due.duration_since(now).as_millis().clamp(250, i128::MAX) as u64))
                .unwrap_or(LONGEST_SLEEP);
            waker.sleep(until_next.min(LONGEST_SLEEP));
        }
    });
    if let Err(error) = started {
        eprintln!("failup: reminders are off because their thread could not start: {error}");
    }
}

/// The other chores that run at least once a minute: the auto-lock of an idle encrypted
/// journal, and the day's backup.
fn housekeeping<R: Runtime>(app: &AppHandle<R>, state: &AppState) {
    if state.lock_if_idle() {
        use tauri::Emitter;
        crate::tray::refresh_lock_item(app);
        let _ = app.emit(crate::commands::privacy::JOURNAL_LOCKED_EVENT, ());
    }
    if let Err(error) = state.daily_backup_if_due() {
        eprintln!("failup: the daily backup failed: {}", error.message);
    }
}

fn show_all<R: Runtime>(app: &AppHandle<R>, notifications: Result<Vec<Notification>, failup_core::AppError>) {
    match notifications {
        Ok(notifications) => {
            for notification in notifications {
                if let Err(error) = crate::notify::show(app, &notification.title, &notification.body) {
                    eprintln!("failup: {}", error.message);
                }
            }
        }
        // A journal that cannot be opened has already been explained in the window.
        Err(error) if error.code == failup_core::ErrorCode::DatabaseTooNew => {}
        // A locked journal is not an error: reminders wait for the unlock.
        Err(error) if error.code == failup_core::ErrorCode::Locked => {}
        Err(error) => eprintln!("failup: reminders: {}", error.message),
    }
}
