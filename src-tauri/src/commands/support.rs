//! The support network, the mentor brief, the failure résumé and search everywhere.

use failup_core::{Conversation, ConversationDraft, Person, PersonDraft, SearchHit, SearchQuery};
use tauri::{AppHandle, Runtime, State};

use super::Answer;
use crate::export::save_markdown;
use crate::state::AppState;

#[tauri::command]
pub async fn list_people(state: State<'_, AppState>) -> Answer<Vec<Person>> {
    state.with_database(|db| db.people().list())
}

#[tauri::command]
pub async fn get_person(state: State<'_, AppState>, id: i64) -> Answer<Person> {
    state.with_database(|db| db.people().get(id))
}

#[tauri::command]
pub async fn create_person(state: State<'_, AppState>, draft: PersonDraft) -> Answer<Person> {
    state.with_database(|db| db.people().create(&draft))
}

#[tauri::command]
pub async fn update_person(state: State<'_, AppState>, id: i64, draft: PersonDraft) -> Answer<Person> {
    state.with_database(|db| db.people().update(id, &draft))
}

#[tauri::command]
pub async fn delete_person(state: State<'_, AppState>, id: i64) -> Answer<()> {
    state.with_database(|db| db.people().delete(id))
}

#[tauri::command]
pub async fn create_conversation(state: State<'_, AppState>, draft: ConversationDraft) -> Answer<Conversation> {
    state.with_database(|db| db.conversations().create(&draft))
}

#[tauri::command]
pub async fn update_conversation(
    state: State<'_, AppState>,
    id: i64,
    draft: ConversationDraft,
) -> Answer<Conversation> {
    state.with_database(|db| db.conversations().update(id, &draft))
}

#[tauri::command]
pub async fn delete_conversation(state: State<'_, AppState>, id: i64) -> Answer<()> {
    state.with_database(|db| db.conversations().delete(id))
}

#[tauri::command]
pub async fn get_conversation(state: State<'_, AppState>, id: i64) -> Answer<Conversation> {
    state.with_database(|db| db.conversations().get(id))
}

#[tauri::command]
pub async fn conversations_with_person(state: State<'_, AppState>, person_id: i64) -> Answer<Vec<Conversation>> {
    state.with_database(|db| db.conversations().with_person(person_id))
}

#[tauri::command]
pub async fn conversations_about_setback(state: State<'_, AppState>, setback_id: i64) -> Answer<Vec<Conversation>> {
    state.with_database(|db| db.conversations().about_setback(setback_id))
}

#[tauri::command]
pub async fn mentor_brief(state: State<'_, AppState>, from: String, to: String) -> Answer<String> {
    state.with_database(|db| db.mentor_brief(&from, &to))
}

/// Asks where to save the mentor brief (a native dialog) and writes it there. Returns the
/// path, or `None` when the user cancelled.
#[tauri::command]
pub async fn save_mentor_brief<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Answer<Option<String>> {
    let markdown = state.with_database(|db| db.mentor_brief(&from, &to))?;
    save_markdown(&app, &format!("mentor-brief-{from}-to-{to}.md"), &markdown)
}

#[tauri::command]
pub async fn failure_resume(state: State<'_, AppState>) -> Answer<String> {
    state.with_database(|db| db.failure_resume())
}

/// Asks where to save the failure résumé and writes it there; `None` when cancelled.
#[tauri::command]
pub async fn save_failure_resume<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Answer<Option<String>> {
    let markdown = state.with_database(|db| db.failure_resume())?;
    save_markdown(&app, "failure-resume.md", &markdown)
}

#[tauri::command]
pub async fn search(state: State<'_, AppState>, query: SearchQuery) -> Answer<Vec<SearchHit>> {
    state.with_database(|db| db.search(&query))
}
