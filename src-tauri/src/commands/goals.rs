//! Goals and their check-ins.

use failup_core::{Goal, GoalDraft, GoalStatus, GoalSummary};
use tauri::State;

use super::Answer;
use crate::state::AppState;

#[tauri::command]
pub async fn list_goals(state: State<'_, AppState>, status: Option<GoalStatus>) -> Answer<Vec<GoalSummary>> {
    state.with_database(|db| db.goals().list(status))
}

#[tauri::command]
pub async fn get_goal(state: State<'_, AppState>, id: i64) -> Answer<Goal> {
    state.with_database(|db| db.goals().get(id))
}

#[tauri::command]
pub async fn create_goal(state: State<'_, AppState>, draft: GoalDraft) -> Answer<Goal> {
    state.with_database(|db| db.goals().create(&draft))
}

#[tauri::command]
pub async fn update_goal(state: State<'_, AppState>, id: i64, draft: GoalDraft) -> Answer<Goal> {
    state.with_database(|db| db.goals().update(id, &draft))
}

#[tauri::command]
pub async fn goal_from_lesson(state: State<'_, AppState>, lesson_id: i64) -> Answer<Goal> {
    state.with_database(|db| db.goals().from_lesson(lesson_id))
}

#[tauri::command]
pub async fn set_goal_status(state: State<'_, AppState>, id: i64, status: GoalStatus) -> Answer<Goal> {
    state.with_database(|db| db.goals().set_status(id, status))
}

#[tauri::command]
pub async fn pair_goals(
    state: State<'_, AppState>,
    output_goal_id: i64,
    learning_goal_id: Option<i64>,
) -> Answer<Goal> {
    state.with_database(|db| db.goals().pair(output_goal_id, learning_goal_id))
}

#[tauri::command]
pub async fn goal_check_in(state: State<'_, AppState>, id: i64, progress: u8, note: String) -> Answer<Goal> {
    state.with_database(|db| db.goals().check_in(id, progress, &note))
}

#[tauri::command]
pub async fn delete_goal(state: State<'_, AppState>, id: i64) -> Answer<()> {
    state.with_database(|db| db.goals().delete(id))
}
