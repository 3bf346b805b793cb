//! Writing an export to a file the user picks.
//!
//! The native Save dialog is opened from Rust, so the window needs no dialog or file-system
//! permission: it can ask for "save the brief", never "write this path".

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

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
    save_streamed(app, file_name, filter, |out| out.write_all(bytes).map_err(write_failed))
}

/// Like [`save_bytes`], for an export too large to hold in memory: `write` streams it into the
/// temporary file, which becomes the chosen file only once it is whole and on disk.
pub fn save_streamed<R: Runtime>(
    app: &AppHandle<R>,
    file_name: &str,
    filter: (&str, &[&str]),
    write: impl FnOnce(&mut Staged) -> Result<(), AppError>,
) -> Result<Option<String>, AppError> {
    let Some(path) = ask_where_to_save(app, file_name, Some(filter))? else { return Ok(None) };
    write_atomically(&path, write)?;
    Ok(Some(path.display().to_string()))
}

/// The Save dialog, suggesting `file_name` and offering `filter` (when there is one): the
/// path chosen, or `None` if the user cancelled.
pub fn ask_where_to_save<R: Runtime>(
    app: &AppHandle<R>,
    file_name: &str,
    filter: Option<(&str, &[&str])>,
) -> Result<Option<PathBuf>, AppError> {
    if let Some(path) = debug_dialog_answer() {
        return Ok(Some(path));
    }
    let mut dialog = app.dialog().file().set_file_name(file_name);
    if let Some((name, extensions)) = filter {
        dialog = dialog.add_filter(name, extensions);
    }
    dialog.blocking_save_file().map(chosen_path).transpose()
}

/// A file being written beside its final place (see [`write_atomically`]).
pub type Staged = BufWriter<File>;

/// Writes what `write` writes into a temporary file beside `path`, flushes it to disk and
/// renames it over `path`, so that neither a failure nor a crash ever leaves a half-written
/// file where the user expects a whole one (nor the temporary file, after a failure).
pub fn write_atomically(path: &Path, write: impl FnOnce(&mut Staged) -> Result<(), AppError>) -> Result<(), AppError> {
    let failed = |error: std::io::Error| AppError {
        code: ErrorCode::Storage,
        message: format!("Could not save {}: {error}.", path.display()),
    };
    let folder = path.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let (temporary, file) = tempfile_in(folder, path).map_err(failed)?;
    let mut out = BufWriter::new(file);
    let placed = write(&mut out)
        .and_then(|()| {
            let file = out.into_inner().map_err(|error| failed(error.into_error()))?;
            file.sync_all().map_err(failed)
        })
        .and_then(|()| std::fs::rename(&temporary, path).map_err(failed));
    if placed.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    placed
}

/// A failure to write into a staged file, as the window is told it.
pub fn write_failed(error: std::io::Error) -> AppError {
    AppError { code: ErrorCode::Storage, message: format!("Could not save the file: {error}.") }
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
    fn an_atomic_write_replaces_the_file_whole_and_leaves_nothing_after_a_failure() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("brief.md");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, |out| out.write_all(b"# New brief\n").map_err(write_failed)).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "# New brief\n");
        let failed = write_atomically(&dir.path().join("letter.pdf"), |out| {
            out.write_all(b"half").unwrap();
            Err(AppError { code: ErrorCode::Storage, message: "damaged".into() })
        });
        assert!(failed.is_err());
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["brief.md"], "no half file and no temporary file are left behind");
    }
}
