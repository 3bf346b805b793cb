//! Lessons, their revisits, and the roadmap.

use failup_core::{Lesson, LessonDraft, LessonStatus, LessonSummary, LessonWording, RevisitAnswer, RoadmapArea};
use tauri::State;

use super::Answer;
use crate::state::AppState;

#[tauri::command]
pub async fn list_lessons(state: State<'_, AppState>) -> Answer<Vec<LessonSummary>> {
    state.with_database(|db| db.lessons().list())
}

#[tauri::command]
pub async fn lessons_for_setback(state: State<'_, AppState>, setback_id: i64) -> Answer<Vec<LessonSummary>> {
    state.with_database(|db| db.lessons().for_setback(setback_id))
}

#[tauri::command]
pub async fn get_lesson(state: State<'_, AppState>, id: i64) -> Answer<Lesson> {
    state.with_database(|db| db.lessons().get(id))
}

#[tauri::command]
pub async fn create_lesson(state: State<'_, AppState>, draft: LessonDraft) -> Answer<Lesson> {
    state.with_database(|db| db.lessons().create(&draft))
}

#[tauri::command]
pub async fn update_lesson(state: State<'_, AppState>, id: i64, draft: LessonDraft) -> Answer<Lesson> {
    state.with_database(|db| db.lessons().update(id, &draft))
}

#[tauri::command]
pub async fn revise_lesson(state: State<'_, AppState>, id: i64, wording: LessonWording) -> Answer<Lesson> {
    state.with_database(|db| db.lessons().revise(id, &wording))
}

#[tauri::command]
pub async fn set_lesson_status(state: State<'_, AppState>, id: i64, status: LessonStatus) -> Answer<Lesson> {
    state.with_database(|db| db.lessons().set_status(id, status))
}

#[tauri::command]
pub async fn delete_lesson(state: State<'_, AppState>, id: i64) -> Answer<()> {
    state.with_database(|db| db.lessons().delete(id))
}

#[tauri::command]
pub async fn add_revisit(state: State<'_, AppState>, lesson_id: i64, due_on: String) -> Answer<Lesson> {
    state.with_database(|db| db.lessons().add_revisit(lesson_id, &due_on))
}

#[tauri::command]
pub async fn move_revisit(state: State<'_, AppState>, revisit_id: i64, due_on: String) -> Answer<Lesson> {
    state.with_database(|db| db.lessons().move_revisit(revisit_id, &due_on))
}

#[tauri::command]
pub async fn remove_revisit(state: State<'_, AppState>, revisit_id: i64) -> Answer<Lesson> {
    state.with_database(|db| db.lessons().remove_revisit(revisit_id))
}

#[tauri::command]
pub async fn answer_revisit(
    state: State<'_, AppState>,
    revisit_id: i64,
    answer: RevisitAnswer,
    note: String,
) -> Answer<Lesson> {
    state.with_database(|db| db.lessons().answer_revisit(revisit_id, answer, &note))
}

#[tauri::command]
pub async fn lesson_roadmap(state: State<'_, AppState>) -> Answer<Vec<RoadmapArea>> {
    state.with_database(|db| db.lessons().roadmap())
}
