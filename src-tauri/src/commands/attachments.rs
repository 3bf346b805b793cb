//! Files attached to journal entries, setbacks and reflections. Files are chosen in a native
//! dialog opened from Rust, so the window can ask to "attach files to this entry", never to
//! "read this path"; their bytes reach the window through the `attachment:` protocol
//! (`crate::protocol`).

use base64::Engine as _;
use failup_core::attachments::{Attachment, Owner};
use failup_core::{AppError, ErrorCode};
use tauri_plugin_dialog::DialogExt;

use crate::export::{chosen_path, debug_dialog_answer};

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

    fn list_attachments(app, owner: Owner) -> Vec<Attachment> {
        app.with_database(|db| db.attachments().of(owner))
    }

    fn remove_attachment(app, reference: String) -> () {
        app.with_database(|db| db.attachments().remove(&reference))
    }
}
