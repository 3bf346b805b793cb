//! Encryption, the lock, backups and the journal's state at start.

use failup_core::{BackupInfo, BackupReason, JournalStatus, SecurityStatus};
use tauri::{AppHandle, Emitter, Manager, Runtime, State};

use super::Answer;
use crate::state::AppState;

/// Sent to the window when the journal locks (tray, auto-lock or the Lock button).
pub const JOURNAL_LOCKED_EVENT: &str = "journal-locked";
/// Sent to the window when the integrity check after opening found damage.
pub const JOURNAL_DAMAGED_EVENT: &str = "journal-damaged";
/// Sent to the window when the journal has been unlocked.
pub const JOURNAL_UNLOCKED_EVENT: &str = "journal-unlocked";

#[tauri::command]
pub async fn journal_status(state: State<'_, AppState>) -> Answer<JournalStatus> {
    Ok(state.journal_status())
}

#[tauri::command]
pub async fn security_status(state: State<'_, AppState>) -> Answer<SecurityStatus> {
    Ok(state.security_status())
}

#[tauri::command]
pub async fn unlock<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, passphrase: String) -> Answer<()> {
    state.unlock(&passphrase)?;
    crate::tray::refresh_lock_item(&app);
    let _ = app.emit(JOURNAL_UNLOCKED_EVENT, ());
    crate::reminders::wake(&app);
    check_integrity_in_background(&app);
    Ok(())
}

#[tauri::command]
pub async fn lock<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Answer<()> {
    lock_journal(&app, &state);
    Ok(())
}

/// Locks the journal and tells the window, from a command, the tray or the auto-lock.
pub fn lock_journal<R: Runtime>(app: &AppHandle<R>, state: &AppState) {
    if state.lock() {
        crate::tray::refresh_lock_item(app);
        let _ = app.emit(JOURNAL_LOCKED_EVENT, ());
    }
}

/// Checks the open journal's integrity on a thread of its own (half a second at 100,000
/// entries), so the journal is shown at once; damage found later switches the window to the
/// start screen.
pub fn check_integrity_in_background<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    let spawned = std::thread::Builder::new().name("integrity-check".into()).spawn(move || {
        // A moment's wait lets the window load the journal first on a small machine.
        std::thread::sleep(std::time::Duration::from_secs(2));
        let state = app.state::<AppState>();
        state.check_integrity(|| {
            let _ = app.emit(JOURNAL_DAMAGED_EVENT, ());
        });
    });
    if let Err(error) = spawned {
        eprintln!("failup: the integrity check could not start: {error}");
    }
}

#[tauri::command]
pub async fn note_activity(state: State<'_, AppState>) -> Answer<()> {
    state.note_activity();
    Ok(())
}

#[tauri::command]
pub async fn enable_encryption<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    passphrase: String,
) -> Answer<()> {
    let result = state.enable_encryption(&passphrase);
    crate::tray::refresh_lock_item(&app);
    result
}

#[tauri::command]
pub async fn change_passphrase(state: State<'_, AppState>, current: String, next: String) -> Answer<()> {
    state.change_passphrase(&current, &next)
}

#[tauri::command]
pub async fn disable_encryption<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    passphrase: String,
) -> Answer<()> {
    let result = state.disable_encryption(&passphrase);
    crate::tray::refresh_lock_item(&app);
    result
}

#[tauri::command]
pub async fn set_auto_lock(state: State<'_, AppState>, minutes: Option<u32>) -> Answer<()> {
    state.with_own_database(|db| db.settings().set_auto_lock_minutes(minutes))?;
    state.note_activity();
    Ok(())
}

#[tauri::command]
pub async fn list_backups(state: State<'_, AppState>) -> Answer<Vec<BackupInfo>> {
    state.list_backups()
}

#[tauri::command]
pub async fn create_backup(state: State<'_, AppState>) -> Answer<BackupInfo> {
    state.create_backup(BackupReason::Manual)
}

#[tauri::command]
pub async fn restore_backup<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    passphrase: Option<String>,
) -> Answer<()> {
    state.restore_backup(&id, passphrase.as_deref())?;
    crate::tray::refresh_lock_item(&app);
    crate::reminders::wake(&app);
    Ok(())
}

#[tauri::command]
pub async fn start_fresh_journal(state: State<'_, AppState>) -> Answer<()> {
    state.start_fresh_journal()
}
