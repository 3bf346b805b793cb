//! IPC commands: each takes the state, calls core and maps the error to `{code, message}`.
//!
//! They are `async` so that Tauri runs them off the main thread: a slow disk must not freeze
//! the window. Their names are listed in `command_names.rs`, which the build turns into
//! permissions.

pub mod goals;
pub mod journal;
pub mod lessons;
pub mod privacy;
pub mod reflection;
pub mod reminders;
pub mod setbacks;
pub mod support;
pub mod transfer;
pub mod trends;
pub mod window;

use failup_core::{AppError, AppInfo, AppSettings, Area, Today};
use tauri::State;

use crate::state::AppState;

pub(crate) type Answer<T> = Result<T, AppError>;

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Answer<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: state.data_dir().display().to_string(),
        time_zone: state.time_zone().to_owned(),
    })
}

/// Whether the first-run welcome is still to be shown (never over a locked or damaged journal).
#[tauri::command]
pub async fn welcome_state(state: State<'_, AppState>) -> Answer<bool> {
    Ok(state.with_own_database(|db| db.settings().welcome_pending()).unwrap_or(false))
}

#[tauri::command]
pub async fn finish_welcome(state: State<'_, AppState>) -> Answer<()> {
    state.with_own_database(|db| db.settings().finish_welcome())
}

/// Opens the system's file manager at the data folder. The folder is the app's own: the
/// window cannot name another.
#[tauri::command]
pub async fn reveal_data_folder(state: State<'_, AppState>) -> Answer<()> {
    let folder = state.data_dir();
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    std::process::Command::new(opener).arg(folder).spawn().map(drop).map_err(|error| AppError {
        code: failup_core::ErrorCode::Storage,
        message: format!("Could not open the file manager at {}: {error}.", folder.display()),
    })
}

#[tauri::command]
pub async fn list_areas(state: State<'_, AppState>) -> Answer<Vec<Area>> {
    state.with_database(|db| db.areas().list())
}

#[tauri::command]
pub async fn create_area(state: State<'_, AppState>, name: String) -> Answer<Area> {
    state.with_database(|db| db.areas().create(&name))
}

#[tauri::command]
pub async fn delete_area(state: State<'_, AppState>, id: i64) -> Answer<()> {
    state.with_database(|db| db.areas().delete(id))
}

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Answer<AppSettings> {
    state.with_database(|db| db.settings().get())
}

#[tauri::command]
pub async fn update_settings(
    state: State<'_, AppState>,
    waker: State<'_, std::sync::Arc<crate::reminders::Waker>>,
    settings: AppSettings,
) -> Answer<AppSettings> {
    let saved = state.with_database(|db| db.settings().update(&settings));
    waker.poke();
    saved
}

#[tauri::command]
pub async fn today(state: State<'_, AppState>) -> Answer<Today> {
    state.with_database(|db| db.today())
}

/// Moves the app's clock by `hours` (debug builds only), so that an end-to-end test can step
/// over a cool-down in the real window. Returns the clock's total offset in hours.
#[cfg(debug_assertions)]
#[tauri::command]
pub async fn debug_shift_clock(
    clock: State<'_, std::sync::Arc<failup_core::ShiftedClock>>,
    waker: State<'_, std::sync::Arc<crate::reminders::Waker>>,
    hours: i64,
) -> Answer<i64> {
    let offset = clock.shift_by(hours * 3600) / 3600;
    waker.poke();
    Ok(offset)
}

/// Shows a sample reminder, so the user can see that notifications reach them (Settings).
#[tauri::command]
pub async fn send_test_notification<R: tauri::Runtime>(app: tauri::AppHandle<R>) -> Answer<()> {
    crate::notify::show(
        &app,
        "Failing Up",
        "Reminders will look like this. They never show what you wrote unless you allow it in Settings.",
    )
}
