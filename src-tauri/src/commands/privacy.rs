//! Encryption, the lock, backups, the location of photos and the journal's state at start.

use failup_core::{BackupInfo, BackupReason, JournalStatus, SecurityStatus};
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::state::AppState;

/// Sent to the window when the journal locks (tray, auto-lock or the Lock button).
pub const JOURNAL_LOCKED_EVENT: &str = "journal-locked";
/// Sent to the window when the integrity check after opening found damage.
pub const JOURNAL_DAMAGED_EVENT: &str = "journal-damaged";
/// Sent to the window when the journal has been unlocked.
pub const JOURNAL_UNLOCKED_EVENT: &str = "journal-unlocked";

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

commands! {
    fn journal_status(app) -> JournalStatus {
        Ok(app.journal_status())
    }

    fn security_status(app) -> SecurityStatus {
        Ok(app.security_status())
    }

    fn unlock(app, passphrase: String) -> () {
        app.unlock(&passphrase)?;
        crate::tray::refresh_lock_item(app.handle());
        let _ = app.handle().emit(JOURNAL_UNLOCKED_EVENT, ());
        check_integrity_in_background(app.handle());
        Ok(())
    }

    fn lock(app) -> () {
        lock_journal(app.handle(), &app);
        Ok(())
    }

    fn note_activity(app) -> () {
        app.note_activity();
        Ok(())
    }

    fn enable_encryption(app, passphrase: String) -> () {
        let result = app.enable_encryption(&passphrase);
        crate::tray::refresh_lock_item(app.handle());
        result
    }

    fn change_passphrase(app, current: String, next: String) -> () {
        app.change_passphrase(&current, &next)
    }

    fn disable_encryption(app, passphrase: String) -> () {
        let result = app.disable_encryption(&passphrase);
        crate::tray::refresh_lock_item(app.handle());
        result
    }

    fn set_auto_lock(app, minutes: Option<u32>) -> () {
        app.with_own_database(|db| db.settings().set_auto_lock_minutes(minutes))?;
        app.note_activity();
        Ok(())
    }

    /// Whether photos attached or imported into the journal in use keep their GPS location.
    fn get_keep_photo_location(app) -> bool {
        app.with_database(|db| db.settings().keep_photo_location())
    }

    fn set_keep_photo_location(app, keep: bool) -> () {
        app.with_database(|db| db.settings().set_keep_photo_location(keep))
    }

    fn list_backups(app) -> Vec<BackupInfo> {
        app.list_backups()
    }

    fn create_backup(app) -> BackupInfo {
        app.create_backup(BackupReason::Manual)
    }

    fn restore_backup(app, id: String, passphrase: Option<String>) -> () {
        app.restore_backup(&id, passphrase.as_deref())?;
        crate::tray::refresh_lock_item(app.handle());
        Ok(())
    }

    fn start_fresh_journal(app) -> () {
        app.start_fresh_journal()
    }
}
