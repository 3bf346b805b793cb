//! Sync through a folder (`failup_core::sync`; the loop that runs it is `crate::sync`). The
//! folder is chosen in a native dialog opened from Rust: the window never names a path.

use failup_core::sync::{SyncConflict, SyncReport, SyncStatus};
use tauri::Manager;
use tauri_plugin_dialog::DialogExt;

use crate::commands::{Answer, Shell};
use crate::export::{chosen_path, debug_dialog_answer};
use crate::sync::SyncWaker;

commands! {
    fn sync_status(app) -> SyncStatus {
        app.with_own_database(|db| db.sync_status())
    }

    /// The name this computer goes by, to suggest as its name among the user's computers.
    fn suggested_computer_name(app) -> String {
        Ok(this_computers_name())
    }

    /// Starts a sync group in a folder the user chooses; answers the pairing code, or `None`
    /// when the dialog was cancelled.
    fn start_sync(app, computer_name: String) -> Option<String> {
        let Some(folder) = choose_folder(&app, "Choose the folder your sync tool keeps in step")? else { return Ok(None) };
        let code = app.with_own_database(|db| db.start_sync(&folder, &computer_name))?;
        app.handle().state::<SyncWaker>().0.poke();
        Ok(Some(code))
    }

    /// Joins the sync group in a folder the user chooses, with the pairing code shown on a
    /// computer already in it; `None` when the dialog was cancelled.
    fn join_sync(app, pairing_code: String, computer_name: String) -> Option<SyncReport> {
        let Some(folder) = choose_folder(&app, "Choose the sync folder, as your sync tool copied it here")? else {
            return Ok(None);
        };
        let report = app.with_own_database(|db| db.join_sync(&folder, &pairing_code, &computer_name))?;
        app.handle().state::<SyncWaker>().0.poke();
        Ok(Some(report))
    }

    /// Follows the sync folder to where the user says it is now; false when cancelled.
    fn move_sync_folder(app) -> bool {
        let Some(folder) = choose_folder(&app, "Choose where the sync folder is now")? else { return Ok(false) };
        app.with_own_database(|db| db.move_sync_folder(&folder))?;
        app.handle().state::<SyncWaker>().0.poke();
        Ok(true)
    }

    fn stop_sync(app) -> () {
        app.with_own_database(|db| db.stop_sync())
    }

    fn sync_now(app) -> SyncReport {
        app.with_own_database(|db| db.sync_now())
    }

    fn sync_conflicts(app) -> Vec<SyncConflict> {
        app.with_own_database(|db| db.sync_conflicts())
    }

    /// Settles a text with two versions: `text` becomes the text on every computer.
    fn choose_sync_version(app, table: String, row: String, column: String, text: String) -> () {
        app.with_own_database(|db| db.choose_sync_version(&table, &row, &column, &text))?;
        app.handle().state::<SyncWaker>().0.poke();
        Ok(())
    }
}

fn choose_folder<R: tauri::Runtime>(app: &Shell<R>, title: &str) -> Answer<Option<std::path::PathBuf>> {
    if let Some(folder) = debug_dialog_answer() {
        return Ok(Some(folder));
    }
    match app.handle().dialog().file().set_title(title).blocking_pick_folder() {
        Some(folder) => Ok(Some(chosen_path(folder)?)),
        None => Ok(None),
    }
}

/// The computer's own name (its host name), or a plain one when the system gives none.
fn this_computers_name() -> String {
    let from_system = std::env::var("COMPUTERNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok())
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty() && name != "localhost");
    from_system.unwrap_or_else(|| "This computer".to_owned())
}
