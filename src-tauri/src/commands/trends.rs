//! Check-ins, the Brief Resilience Scale, trends, and the sample journal.

use failup_core::{BrsResult, BrsStatus, CheckInDraft, DailyCheckIn, RecoveryCheckIn, TrendRange, TrendsReport};
use tauri::State;

use super::Answer;
use crate::state::{AppState, JournalKind};

#[tauri::command]
pub async fn log_check_in(state: State<'_, AppState>, draft: CheckInDraft) -> Answer<DailyCheckIn> {
    state.with_database(|db| db.check_ins().log(&draft))
}

#[tauri::command]
pub async fn recent_check_ins(state: State<'_, AppState>, limit: u32) -> Answer<Vec<DailyCheckIn>> {
    state.with_database(|db| db.check_ins().recent(limit))
}

#[tauri::command]
pub async fn delete_check_in(state: State<'_, AppState>, id: i64) -> Answer<()> {
    state.with_database(|db| db.check_ins().delete(id))
}

#[tauri::command]
pub async fn log_recovery_check_in(
    state: State<'_, AppState>,
    setback_id: i64,
    recovered: u8,
) -> Answer<RecoveryCheckIn> {
    state.with_database(|db| db.check_ins().log_recovery(setback_id, recovered))
}

#[tauri::command]
pub async fn brs_status(state: State<'_, AppState>) -> Answer<BrsStatus> {
    state.with_database(|db| db.check_ins().brs_status())
}

#[tauri::command]
pub async fn submit_brs(state: State<'_, AppState>, answers: Vec<u8>) -> Answer<BrsResult> {
    state.with_database(|db| db.check_ins().submit_brs(&answers))
}

#[tauri::command]
pub async fn trends(state: State<'_, AppState>, range: TrendRange) -> Answer<TrendsReport> {
    state.with_database(|db| db.trends(range))
}

/// `"own"` or `"sample"`: which journal the app is showing.
#[tauri::command]
pub async fn journal_kind(state: State<'_, AppState>) -> Answer<&'static str> {
    Ok(match state.journal_kind() {
        JournalKind::Own => "own",
        JournalKind::Sample => "sample",
    })
}

#[tauri::command]
pub async fn open_sample_journal(state: State<'_, AppState>) -> Answer<()> {
    state.open_sample()
}

#[tauri::command]
pub async fn close_sample_journal(state: State<'_, AppState>) -> Answer<()> {
    state.close_sample()
}
