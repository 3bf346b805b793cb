//! Export and import. Files are chosen in native dialogs opened from Rust, so the window needs
//! no file-system permission: it can ask to "export everything", never to "read this path".

use failup_core::transfer::{ImportFormat, ImportOptions, ImportPreview, ImportReport, ParsedImport};
use failup_core::BackupReason;
use tauri_plugin_dialog::DialogExt;

use crate::export::{chosen_path, debug_dialog_answer, save_bytes, save_streamed};

commands! {
    // The Failing Up export: the JSON, or (format version 2) a zip of the JSON and the attached
    // files when the journal has any.
    fn export_json(app) -> Option<String> {
        if app.with_database(|db| db.has_attached_files())? {
            let name = format!("failing-up-export-{}.zip", app.today_stamp());
            return save_streamed(app.handle(), &name, ("Failing Up export with files", &["zip"]), |file| {
                app.with_database(|db| db.export_archive(file).map(drop))
            });
        }
        let bytes = app.with_database(|db| db.export_json())?;
        let name = format!("failing-up-export-{}.json", app.today_stamp());
        save_bytes(app.handle(), &name, ("Failing Up export", &["json"]), &bytes)
    }

    fn export_markdown(app, as_zip: bool) -> Option<String> {
        if as_zip {
            let name = format!("failing-up-markdown-{}.zip", app.today_stamp());
            return save_streamed(app.handle(), &name, ("Zip archive", &["zip"]), |file| {
                app.with_database(|db| db.export_markdown_zip_to(file).map(drop))
            });
        }
        let folder = match debug_dialog_answer() {
            Some(folder) => folder,
            None => {
                let dialog = app.handle().dialog().file().set_title("Choose an empty folder for the Markdown files");
                let Some(folder) = dialog.blocking_pick_folder() else { return Ok(None) };
                chosen_path(folder)?
            }
        };
        app.with_database(|db| db.export_markdown_folder(&folder))?;
        Ok(Some(folder.display().to_string()))
    }

    fn choose_import(app, format: ImportFormat) -> Option<ImportPreview> {
        let (label, extensions): (&str, &[&str]) = match format {
            ImportFormat::FailingUp => ("Failing Up export", &["json", "zip"]),
            ImportFormat::Jrnl => ("jrnl JSON export", &["json"]),
            ImportFormat::DayOne => ("Day One export", &["zip", "json"]),
            ImportFormat::Daylio => ("Daylio CSV export", &["csv"]),
        };
        let path = match debug_dialog_answer() {
            Some(path) => path,
            None => {
                let Some(file) = app.handle().dialog().file().add_filter(label, extensions).blocking_pick_file() else {
                    return Ok(None);
                };
                chosen_path(file)?
            }
        };
        let parsed = ParsedImport::read(format, &path)?;
        let preview = app.with_database(|db| db.import_preview(&parsed, &ImportOptions::default()))?;
        app.set_pending_import(Some(parsed));
        Ok(Some(preview))
    }

    fn preview_import(app, options: ImportOptions) -> ImportPreview {
        app.with_pending_import(|parsed| app.with_database(|db| db.import_preview(parsed, &options)))
    }

    fn apply_import(app, options: ImportOptions) -> ImportReport {
        let report = app.with_pending_import(|parsed| {
            app.with_database(|db| {
                db.create_backup(BackupReason::BeforeImport)?;
                db.import(parsed, &options)
            })
        })?;
        app.set_pending_import(None);
        Ok(report)
    }

    fn cancel_import(app) -> () {
        app.set_pending_import(None);
        Ok(())
    }
}
