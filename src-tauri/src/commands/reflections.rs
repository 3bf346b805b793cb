//! Reflection templates and reflections.

use failup_core::{AnswerDraft, Feeling, Reflection, Template, TemplateDraft};
use tauri::State;

use super::Answer;
use crate::state::AppState;

#[tauri::command]
pub async fn list_templates(state: State<'_, AppState>, include_hidden: bool) -> Answer<Vec<Template>> {
    state.with_database(|db| db.templates().list(include_hidden))
}

#[tauri::command]
pub async fn get_template(state: State<'_, AppState>, id: i64) -> Answer<Template> {
    state.with_database(|db| db.templates().get(id))
}

#[tauri::command]
pub async fn create_template(state: State<'_, AppState>, draft: TemplateDraft) -> Answer<Template> {
    state.with_database(|db| db.templates().create(&draft))
}

#[tauri::command]
pub async fn update_template(state: State<'_, AppState>, id: i64, draft: TemplateDraft) -> Answer<Template> {
    state.with_database(|db| db.templates().update(id, &draft))
}

#[tauri::command]
pub async fn delete_template(state: State<'_, AppState>, id: i64) -> Answer<()> {
    state.with_database(|db| db.templates().delete(id))
}

#[tauri::command]
pub async fn duplicate_template(state: State<'_, AppState>, id: i64) -> Answer<Template> {
    state.with_database(|db| db.templates().duplicate(id))
}

#[tauri::command]
pub async fn set_template_hidden(state: State<'_, AppState>, id: i64, hidden: bool) -> Answer<Template> {
    state.with_database(|db| db.templates().set_hidden(id, hidden))
}

#[tauri::command]
pub async fn reorder_templates(state: State<'_, AppState>, ids: Vec<i64>) -> Answer<Vec<Template>> {
    state.with_database(|db| db.templates().reorder(&ids))
}

#[tauri::command]
pub async fn start_reflection(state: State<'_, AppState>, setback_id: i64, template_id: i64) -> Answer<Reflection> {
    state.with_database(|db| db.reflections().start(setback_id, template_id))
}

#[tauri::command]
pub async fn save_reflection_draft(
    state: State<'_, AppState>,
    id: i64,
    answers: Vec<AnswerDraft>,
) -> Answer<Reflection> {
    state.with_database(|db| db.reflections().save_draft(id, &answers))
}

#[tauri::command]
pub async fn complete_reflection(
    state: State<'_, AppState>,
    id: i64,
    answers: Vec<AnswerDraft>,
    feelings_after: Vec<Feeling>,
) -> Answer<Reflection> {
    state.with_database(|db| db.reflections().complete(id, &answers, &feelings_after))
}

#[tauri::command]
pub async fn get_reflection(state: State<'_, AppState>, id: i64) -> Answer<Reflection> {
    state.with_database(|db| db.reflections().get(id))
}

#[tauri::command]
pub async fn reflections_for_setback(state: State<'_, AppState>, setback_id: i64) -> Answer<Vec<Reflection>> {
    state.with_database(|db| db.reflections().for_setback(setback_id))
}

#[tauri::command]
pub async fn delete_reflection(state: State<'_, AppState>, id: i64) -> Answer<()> {
    state.with_database(|db| db.reflections().delete(id))
}
