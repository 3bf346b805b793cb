//! Pausing reminders and listing the ones missed while the app was closed.

use failup_core::{AppError, ErrorCode, MissedReminder, PauseLength};
use tauri::State;

use super::Answer;
use crate::state::AppState;

/// When reminders are paused until (RFC 3339), or `None`.
#[tauri::command]
pub async fn reminder_pause(state: State<'_, AppState>) -> Answer<Option<String>> {
    state.with_database(|db| db.reminders().status()).map(|status| status.paused_until)
}

/// Pauses reminders for an hour (`"hour"`) or until tomorrow (`"tomorrow"`).
#[tauri::command]
pub async fn pause_reminders(
    state: State<'_, AppState>,
    waker: State<'_, std::sync::Arc<crate::reminders::Waker>>,
    until: String,
) -> Answer<Option<String>> {
    let length = match until.as_str() {
        "hour" => PauseLength::Hour,
        "tomorrow" => PauseLength::UntilTomorrow,
        other => {
            return Err(AppError {
                code: ErrorCode::InvalidInput,
                message: format!("Reminders can be paused for an hour or until tomorrow, not “{other}”."),
            })
        }
    };
    let paused = state.with_database(|db| db.reminders().pause(length)).map(|until| Some(until.to_string()));
    waker.poke();
    paused
}

#[tauri::command]
pub async fn resume_reminders(state: State<'_, AppState>) -> Answer<()> {
    state.with_database(|db| db.reminders().resume())
}

#[tauri::command]
pub async fn missed_reminders(state: State<'_, AppState>) -> Answer<Vec<MissedReminder>> {
    state.with_database(|db| db.reminders().missed_for_today())
}
