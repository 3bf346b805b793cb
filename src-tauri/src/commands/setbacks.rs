//! Setbacks.

use failup_core::{Setback, SetbackDraft, SetbackPage};
use tauri::State;

use super::Answer;
use crate::state::AppState;

#[tauri::command]
pub async fn list_setbacks(state: State<'_, AppState>, cursor: Option<String>, limit: u32) -> Answer<SetbackPage> {
    state.with_database(|db| db.setbacks().list(cursor.as_deref(), limit))
}

#[tauri::command]
pub async fn get_setback(state: State<'_, AppState>, id: i64) -> Answer<Setback> {
    state.with_database(|db| db.setbacks().get(id))
}

#[tauri::command]
pub async fn create_setback(
    state: State<'_, AppState>,
    waker: State<'_, std::sync::Arc<crate::reminders::Waker>>,
    draft: SetbackDraft,
) -> Answer<Setback> {
    let created = state.with_database(|db| db.setbacks().create(&draft));
    // Its cool-down's end is a new reminder.
    waker.poke();
    created
}

#[tauri::command]
pub async fn update_setback(state: State<'_, AppState>, id: i64, draft: SetbackDraft) -> Answer<Setback> {
    state.with_database(|db| db.setbacks().update(id, &draft))
}

#[tauri::command]
pub async fn delete_setback(state: State<'_, AppState>, id: i64) -> Answer<()> {
    state.with_database(|db| db.setbacks().delete(id))
}

#[tauri::command]
pub async fn mark_recovered(state: State<'_, AppState>, id: i64, on: Option<String>) -> Answer<Setback> {
    state.with_database(|db| db.setbacks().mark_recovered(id, on.as_deref()))
}

#[tauri::command]
pub async fn unmark_recovered(state: State<'_, AppState>, id: i64) -> Answer<Setback> {
    state.with_database(|db| db.setbacks().unmark_recovered(id))
}

#[tauri::command]
pub async fn suggested_emotions() -> Answer<Vec<String>> {
    Ok(failup_core::setbacks::SUGGESTED_EMOTIONS.iter().map(|emotion| (*emotion).to_owned()).collect())
}
