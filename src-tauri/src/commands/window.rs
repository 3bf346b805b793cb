//! Closing the window, and opening the app at login.

use tauri::Manager;
use tauri_plugin_autostart::ManagerExt;

fn autostart_error(error: impl std::fmt::Display) -> failup_core::AppError {
    failup_core::AppError {
        code: failup_core::ErrorCode::Storage,
        message: format!("Could not change whether Failing Up opens at login: {error}."),
    }
}

commands! {
    /// The page has its first screen in place: the hidden window is shown, and the start-up
    /// chores begin (see `start`). Only the first call does anything.
    fn first_view_shown(app) -> () {
        crate::start::first_view_shown(app.handle());
        Ok(())
    }

    /// Closes the main window after the UI has saved what was pending. While reminders are on,
    /// the app keeps running in the tray so that they still fire (the first time, a notification
    /// says so); otherwise it quits.
    fn close_main_window(app) -> () {
        let reminders_on =
            app.with_database(|db| db.settings().reminders()).map(|settings| settings.enabled).unwrap_or(false);
        if !reminders_on {
            app.handle().exit(0);
            return Ok(());
        }
        if let Some(window) = app.handle().get_webview_window("main") {
            let _ = window.hide();
        }
        if app.with_database(|db| db.settings().first_close_to_tray()).unwrap_or(false) {
            crate::notify::show(
                app.handle(),
                "Failing Up is still running",
                "It stays in the tray so your reminders can reach you. Quit from the tray icon, or turn reminders off in Settings.",
            )?;
        }
        Ok(())
    }

    fn autostart_enabled(app) -> bool {
        app.handle().autolaunch().is_enabled().map_err(autostart_error)
    }

    fn set_autostart(app, enabled: bool) -> () {
        let autolaunch = app.handle().autolaunch();
        if enabled { autolaunch.enable() } else { autolaunch.disable() }.map_err(autostart_error)
    }
}
