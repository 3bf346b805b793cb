//! Writing an export to a file the user picks.
//!
//! The native Save dialog is opened from Rust, so the window needs no dialog or file-system
//! permission: it can ask for "save the brief", never "write this path".

use std::path::Path;

use failup_core::{AppError, ErrorCode};
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

/// Asks where to save `contents` (suggesting `file_name`) and writes it there atomically.
/// Returns the path written, or `None` if the user cancelled.
pub fn save_markdown<R: Runtime>(
    app: &AppHandle<R>,
    file_name: &str,
    contents: &str,
) -> Result<Option<String>, AppError> {
    save_bytes(app, file_name, ("Markdown", &["md"]), contents.as_bytes())
}

/// Asks where to save `bytes` (suggesting `file_name`, offering `filter`) and writes them
/// there atomically. Returns the path written, or `None` if the user cancelled.
pub fn save_bytes<R: Runtime>(
    app: &AppHandle<R>,
    file_name: &str,
    filter: (&str, &[&str]),
    bytes: &[u8],
) -> Result<Option<String>, AppError> {
    let path = match debug_dialog_answer() {
        Some(path) => path,
        None => {
            let dialog = app.dialog().file().set_file_name(file_name).add_filter(filter.0, filter.1);
            let Some(chosen) = dialog.blocking_save_file() else { return Ok(None) };
            chosen_path(chosen)?
        }
    };
    write_atomically(&path, bytes).map_err(|error| AppError {
        code: ErrorCode::Storage,
        message: format!("Could not save {}: {error}.", path.display()),
    })?;
    Ok(Some(path.display().to_string()))
}

/// Like [`save_bytes`], for an export too large to hold in memory: `write` streams it into the
/// temporary file, which becomes the chosen file only once it is whole and on disk.
pub fn save_streamed<R: Runtime>(
    app: &AppHandle<R>,
    file_name: &str,
    filter: (&str, &[&str]),
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> Result<(), AppError>,
) -> Result<Option<String>, AppError> {
    let path = match debug_dialog_answer() {
        Some(path) => path,
        None => {
            let dialog = app.dialog().file().set_file_name(file_name).add_filter(filter.0, filter.1);
            let Some(chosen) = dialog.blocking_save_file() else { return Ok(None) };
            chosen_path(chosen)?
        }
    };
    let storage_error = |error: std::io::Error| AppError {
        code: ErrorCode::Storage,
        message: format!("Could not save {}: {error}.", path.display()),
    };
    let folder = path.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let (temporary, file) = tempfile_in(folder, &path).map_err(storage_error)?;
    let mut out = std::io::BufWriter::new(file);
    let written = write(&mut out).and_then(|()| {
        let file = out.into_inner().map_err(|error| storage_error(error.into_error()))?;
        file.sync_all().map_err(storage_error)
    });
    let placed = written.and_then(|()| std::fs::rename(&temporary, &path).map_err(storage_error));
    if placed.is_err() {
        // A half-written export is never left where the user would find it.
        let _ = std::fs::remove_file(&temporary);
    }
    placed?;
    Ok(Some(path.display().to_string()))
}

/// In debug builds only, `FAILUP_DEBUG_DIALOG_ANSWER` answers every file dialog with its path
/// without showing it, so that the end-to-end tests can export and import (WebDriver cannot
/// reach a native GTK dialog). Release builds always ask the user.
pub fn debug_dialog_answer() -> Option<std::path::PathBuf> {
    if cfg!(debug_assertions) {
        std::env::var_os("FAILUP_DEBUG_DIALOG_ANSWER").map(std::path::PathBuf::from)
    } else {
        None
    }
}

/// The local path of a file or folder chosen in a dialog.
pub fn chosen_path(chosen: tauri_plugin_dialog::FilePath) -> Result<std::path::PathBuf, AppError> {
    chosen.into_path().map_err(|error| AppError {
        code: ErrorCode::InvalidInput,
        message: format!("That location cannot be used: {error}."),
    })
}

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk and renames it over
/// `path`, so that a crash never leaves a half-written file where the user expects a whole one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let folder = path.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut temporary = tempfile_in(folder, path)?;
    temporary.1.write_all(bytes)?;
    temporary.1.sync_all()?;
    std::fs::rename(&temporary.0, path)
}

fn tempfile_in(folder: &Path, path: &Path) -> std::io::Result<(std::path::PathBuf, std::fs::File)> {
    let stem = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    for attempt in 0..100u32 {
        let candidate = folder.join(format!(".{stem}.{}.{attempt}.tmp", std::process::id()));
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&candidate) {
            Ok(file) => return Ok((candidate, file)),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
    Err(std::io::Error::other("no free temporary file name"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_atomic_write_replaces_the_file_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("brief.md");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, b"# New brief\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "# New brief\n");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["brief.md"], "no temporary file is left behind");
    }
}
