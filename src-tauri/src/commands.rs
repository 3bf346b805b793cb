//! IPC commands: each takes the state, calls core and maps the error to `{code, message}`.
//!
//! They are `async` so that Tauri runs them off the main thread: a slow disk must not freeze
//! the window.

use failup_core::{AppError, AppInfo, Entry, EntryDraft, EntryPage, EntrySummary};
use tauri::State;

use crate::state::AppState;

type Answer<T> = Result<T, AppError>;

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Answer<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: state.data_dir().display().to_string(),
        time_zone: state.time_zone().to_owned(),
    })
}

#[tauri::command]
pub async fn list_entries(state: State<'_, AppState>, cursor: Option<String>, limit: u32) -> Answer<EntryPage> {
    state.with_database(|db| db.entries().list(cursor.as_deref(), limit))
}

#[tauri::command]
pub async fn entries_on_day(state: State<'_, AppState>, day: String) -> Answer<Vec<EntrySummary>> {
    state.with_database(|db| db.entries().on_day(&day))
}

#[tauri::command]
pub async fn search_entries(state: State<'_, AppState>, query: String, limit: u32) -> Answer<Vec<EntrySummary>> {
    state.with_database(|db| db.entries().search(&query, limit))
}

#[tauri::command]
pub async fn get_entry(state: State<'_, AppState>, id: i64) -> Answer<Entry> {
    state.with_database(|db| db.entries().get(id))
}

#[tauri::command]
pub async fn create_entry(state: State<'_, AppState>, draft: EntryDraft) -> Answer<Entry> {
    state.with_database(|db| db.entries().create(&draft))
}

#[tauri::command]
pub async fn update_entry(state: State<'_, AppState>, id: i64, draft: EntryDraft) -> Answer<Entry> {
    state.with_database(|db| db.entries().update(id, &draft))
}

#[tauri::command]
pub async fn delete_entry(state: State<'_, AppState>, id: i64) -> Answer<()> {
    state.with_database(|db| db.entries().delete(id))
}
