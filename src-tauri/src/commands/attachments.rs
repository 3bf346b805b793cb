//! Files attached to journal entries, setbacks and reflections. Files are chosen in a native
//! dialog opened from Rust, or dropped on the window (their paths kept in the shell, see
//! `crate::drops`), so the window can ask to "attach files to this entry", never to "read this
//! path"; their bytes reach the window through the `attachment:` protocol (`crate::protocol`).
//! A file is opened in the system's app for it from a private copy (`crate::opening`), or saved
//! as a copy where the user chooses in a native dialog.

use base64::Engine as _;
use failup_core::attachments::{AttachedFiles, Attachment, Owner};
use failup_core::{AppError, ErrorCode};
use tauri::Manager;
use tauri_plugin_dialog::DialogExt;

use crate::drops::DroppedFiles;
use crate::export::{ask_where_to_save, chosen_path, debug_dialog_answer, write_atomically};
use crate::opening;

commands! {
    /// Asks for files and attaches them to `owner`, in the order chosen; an empty list if the
    /// user cancelled. If one is refused, those before it stay attached and the error says so.
    fn attach_files(app, owner: Owner) -> Vec<Attachment> {
        let paths = match debug_dialog_answer() {
            Some(path) => vec![path],
            None => {
                let Some(files) = app.handle().dialog().file().set_title("Attach files").blocking_pick_files() else {
                    return Ok(Vec::new());
                };
                files.into_iter().map(chosen_path).collect::<Result<Vec<_>, _>>()?
            }
        };
        let mut attached = Vec::new();
        for path in &paths {
            match app.with_database(|db| db.attachments().attach_file(owner, path)) {
                Ok(attachment) => attached.push(attachment),
                Err(error) if attached.is_empty() => return Err(error),
                Err(error) => {
                    return Err(AppError {
                        code: error.code,
                        message: format!(
                            "{} of the {} files were attached, then: {}",
                            attached.len(),
                            paths.len(),
                            error.message
                        ),
                    })
                }
            }
        }
        Ok(attached)
    }

    /// Attaches a file pasted into the window (a screenshot), its bytes sent as base64.
    fn attach_pasted(app, owner: Owner, file_name: String, base64: String) -> Attachment {
        let bytes = base64::engine::general_purpose::STANDARD.decode(base64.as_bytes()).map_err(|error| AppError {
            code: ErrorCode::InvalidInput,
            message: format!("The pasted file “{file_name}” did not arrive whole ({error})."),
        })?;
        app.with_database(|db| db.attachments().attach_bytes(owner, &file_name, &bytes))
    }

    /// Attaches to `owner` the files dropped on the window, kept by the shell under `token`
    /// (each drop's token works once). A file refused is named in `refused`; the others are
    /// attached.
    fn attach_dropped(app, owner: Owner, token: String) -> AttachedFiles {
        let paths = app.handle().state::<DroppedFiles>().take(&token).ok_or_else(|| AppError {
            code: ErrorCode::NotFound,
            message: "Those dropped files are no longer at hand; drop them again.".to_owned(),
        })?;
        app.with_database(|db| db.attachments().attach_files(owner, &paths))
    }

    /// Opens the attached file `reference` in the system's default app for its type, from a
    /// private copy in memory (see `crate::opening`); refused for an encrypted journal where
    /// there is no such place, with a message that suggests saving a copy instead.
    fn open_attachment(app, reference: String) -> () {
        let encrypted = app.with_database(|db| Ok(db.is_encrypted()))?;
        let place = opening::copies_place(encrypted)?;
        let attachment = app.with_database(|db| db.attachments().get(&reference))?;
        let copy = opening::private_copy(&place, &attachment.file_name, |file| {
            app.with_database(|db| db.attachments().copy_to(&reference, file)).map(drop)
        })?;
        opening::open_in_system(&copy).map_err(|error| AppError {
            code: ErrorCode::Storage,
            message: format!("Could not open “{}” in another app: {error}.", attachment.file_name),
        })
    }

    /// Asks where to save a copy of the attached file `reference` (its own name suggested)
    /// and writes it there whole. Returns the path written, or `None` if the user cancelled.
    fn save_attachment_copy(app, reference: String) -> Option<String> {
        let attachment = app.with_database(|db| db.attachments().get(&reference))?;
        let Some(path) = ask_where_to_save(app.handle(), &attachment.file_name, None)? else { return Ok(None) };
        write_atomically(&path, |out| app.with_database(|db| db.attachments().copy_to(&reference, out)).map(drop))?;
        Ok(Some(path.display().to_string()))
    }

    fn list_attachments(app, owner: Owner) -> Vec<Attachment> {
        app.with_database(|db| db.attachments().of(owner))
    }

    fn remove_attachment(app, reference: String) -> () {
        app.with_database(|db| db.attachments().remove(&reference))
    }
}
