//! Showing a desktop notification.
//!
//! The text is plain (never markup) and decided by core (`failup_core::reminders`); this
//! module only hands it to the system through tauri-plugin-notification, from Rust: the
//! window has no notification permission.

use failup_core::{AppError, ErrorCode};
use tauri::{AppHandle, Runtime};
use tauri_plugin_notification::NotificationExt;

/// Shows a notification. `Ok` means the system accepted it for display, not that anybody saw
/// it; tests prove delivery by watching the notification server on D-Bus.
pub fn show<R: Runtime>(app: &AppHandle<R>, title: &str, body: &str) -> Result<(), AppError> {
    app.notification().builder().title(title).body(body).show().map_err(|error| AppError {
        code: ErrorCode::Internal,
        message: format!("The notification could not be shown: {error}."),
    })
}
