//! Closing the window, and opening the app at login.

use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_autostart::ManagerExt;

use super::Answer;
use crate::state::AppState;

/// Closes the main window after the UI has saved what was pending. While reminders are on,
/// the app keeps running in the tray so that they still fire (the first time, a notification
/// says so); otherwise it quits.
#[tauri::command]
pub async fn close_main_window<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Answer<()> {
    let reminders_on =
        state.with_database(|db| db.settings().reminders()).map(|settings| settings.enabled).unwrap_or(false);
    if !reminders_on {
        app.exit(0);
        return Ok(());
    }
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.hide();
    }
    if state.with_database(|db| db.settings().first_close_to_tray()).unwrap_or(false) {
        crate::notify::show(
            &app,
            "Failing Up is still running",
            "It stays in the tray so your reminders can reach you. Quit from the tray icon, or turn reminders off in Settings.",
        )?;
    }
    Ok(())
}

#[tauri::command]
pub async fn autostart_enabled<R: Runtime>(app: AppHandle<R>) -> Answer<bool> {
    app.autolaunch().is_enabled().map_err(autostart_error)
}

#[tauri::command]
pub async fn set_autostart<R: Runtime>(app: AppHandle<R>, enabled: bool) -> Answer<()> {
    let autolaunch = app.autolaunch();
    if enabled { autolaunch.enable() } else { autolaunch.disable() }.map_err(autostart_error)
}

fn autostart_error(error: impl std::fmt::Display) -> failup_core::AppError {
    failup_core::AppError {
        code: failup_core::ErrorCode::Storage,
        message: format!("Could not change whether Failing Up opens at login: {error}."),
    }
}
