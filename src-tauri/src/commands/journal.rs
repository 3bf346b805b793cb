//! Journal entries.

use failup_core::{Entry, EntryDraft, EntryPage, EntrySummary};
use tauri::State;

use super::Answer;
use crate::state::AppState;

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
