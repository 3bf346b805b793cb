//! Export and import. Files are chosen in native dialogs opened from Rust, so the window needs
//! no file-system permission: it can ask to "export everything", never to "read this path".

use failup_core::transfer::{ImportFormat, ImportOptions, ImportPreview, ImportReport, ParsedImport};
use failup_core::BackupReason;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use super::Answer;
use crate::export::{chosen_path, debug_dialog_answer, save_bytes};
use crate::state::AppState;

#[tauri::command]
pub async fn export_json<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Answer<Option<String>> {
    let bytes = state.with_database(|db| db.export_json())?;
    let name = format!("failing-up-export-{}.json", state.today_stamp());
    save_bytes(&app, &name, ("Failing Up export", &["json"]), &bytes)
}

#[tauri::command]
pub async fn export_markdown<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    as_zip: bool,
) -> Answer<Option<String>> {
    if as_zip {
        let bytes = state.with_database(|db| db.export_markdown_zip())?;
        let name = format!("failing-up-markdown-{}.zip", state.today_stamp());
        return save_bytes(&app, &name, ("Zip archive", &["zip"]), &bytes);
    }
    let Some(folder) =
        app.dialog().file().set_title("Choose an empty folder for the Markdown files").blocking_pick_folder()
    else {
        return Ok(None);
    };
    let folder = chosen_path(folder)?;
    state.with_database(|db| db.export_markdown_folder(&folder))?;
    Ok(Some(folder.display().to_string()))
}

#[tauri::command]
pub async fn choose_import<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    format: ImportFormat,
) -> Answer<Option<ImportPreview>> {
    let (label, extensions): (&str, &[&str]) = match format {
        ImportFormat::FailingUp => ("Failing Up export", &["json"]),
        ImportFormat::Jrnl => ("jrnl JSON export", &["json"]),
        ImportFormat::DayOne => ("Day One export", &["zip", "json"]),
        ImportFormat::Daylio => ("Daylio CSV export", &["csv"]),
    };
    let path = match debug_dialog_answer() {
        Some(path) => path,
        None => {
            let Some(file) = app.dialog().file().add_filter(label, extensions).blocking_pick_file() else {
                return Ok(None);
            };
            chosen_path(file)?
        }
    };
    let parsed = ParsedImport::read(format, &path)?;
    let preview = state.with_database(|db| db.import_preview(&parsed, &ImportOptions::default()))?;
    state.set_pending_import(Some(parsed));
    Ok(Some(preview))
}

#[tauri::command]
pub async fn preview_import(state: State<'_, AppState>, options: ImportOptions) -> Answer<ImportPreview> {
    state.with_pending_import(|parsed| state.with_database(|db| db.import_preview(parsed, &options)))
}

#[tauri::command]
pub async fn apply_import(state: State<'_, AppState>, options: ImportOptions) -> Answer<ImportReport> {
    let report = state.with_pending_import(|parsed| {
        state.with_database(|db| {
            db.create_backup(BackupReason::BeforeImport)?;
            db.import(parsed, &options)
        })
    })?;
    state.set_pending_import(None);
    Ok(report)
}

#[tauri::command]
pub async fn cancel_import(state: State<'_, AppState>) -> Answer<()> {
    state.set_pending_import(None);
    Ok(())
}
