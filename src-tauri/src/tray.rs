//! The system-tray icon, which keeps reminders within reach while the window is closed:
//! Open, Log a setback, Check in, Pause reminders for an hour, Lock the journal, Quit.

use failup_core::PauseLength;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::state::AppState;

/// The event the window receives when a tray item asks it to open a view.
pub const TRAY_ACTION_EVENT: &str = "tray-action";

/// The tray's "Lock the journal" item, kept to enable it only while there is an open,
/// encrypted journal to lock.
pub struct TrayLockItem<R: Runtime>(MenuItem<R>);

/// Enables "Lock the journal" exactly when locking would do something.
pub fn refresh_lock_item<R: Runtime>(app: &AppHandle<R>) {
    if let Some(item) = app.try_state::<TrayLockItem<R>>() {
        let status = app.state::<AppState>().security_status();
        let _ = item.0.set_enabled(status.encrypted && !status.locked);
    }
}

/// Adds the tray icon and its menu.
pub fn install<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let open = MenuItem::with_id(app, "open", "Open Failing Up", true, None::<&str>)?;
    let log_setback = MenuItem::with_id(app, "log-setback", "Log a setback…", true, None::<&str>)?;
    let check_in = MenuItem::with_id(app, "check-in", "Check in…", true, None::<&str>)?;
    let pause = MenuItem::with_id(app, "pause-hour", "Pause reminders for an hour", true, None::<&str>)?;
    let lock = MenuItem::with_id(app, "lock", "Lock the journal", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "Quit Failing Up", true, None::<&str>)?;
    let menu = Menu::with_items(
        app,
        &[
            &open,
            &log_setback,
            &check_in,
            &PredefinedMenuItem::separator(app)?,
            &pause,
            &lock,
            &PredefinedMenuItem::separator(app)?,
            &quit,
        ],
    )?;
    let mut tray = TrayIconBuilder::with_id("main").tooltip("Failing Up").menu(&menu).on_menu_event(|app, event| {
        match event.id().as_ref() {
            "open" => show_main_window(app),
            action @ ("log-setback" | "check-in") => {
                show_main_window(app);
                if let Err(error) = app.emit_to("main", TRAY_ACTION_EVENT, action) {
                    eprintln!("failup: the window did not get the tray's request: {error}");
                }
            }
            "pause-hour" => {
                let state = app.state::<AppState>();
                if let Err(error) = state.with_database(|db| db.reminders().pause(PauseLength::Hour)) {
                    eprintln!("failup: could not pause reminders: {}", error.message);
                }
            }
            "lock" => crate::commands::privacy::lock_journal(app, &app.state::<AppState>()),
            "quit" => app.exit(0),
            _ => {}
        }
    });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    app.manage(TrayLockItem(lock));
    refresh_lock_item(app);
    Ok(())
}

/// Brings the main window back: shown, restored and focused.
pub fn show_main_window<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}
