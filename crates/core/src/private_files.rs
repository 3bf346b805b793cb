//! Files and folders readable by their owner only: the data folder, the journal, its backups
//! and staged copies. Kept apart from `db` because `backup` and `folder` create such files
//! too, and `db` itself depends on `backup`.

use std::fs;
use std::path::Path;

use crate::error::{CoreError, Result};

/// Creates `dir` (and its parents) readable by its owner only.
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    let io_error = |source| CoreError::Io { action: "create the data folder", path: dir.to_owned(), source };
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(io_error)?;
    // A folder that already existed keeps its mode with DirBuilder; tighten it, because the
    // journal is private whoever created the folder.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(io_error)?;
    }
    Ok(())
}

/// Creates an empty journal file readable by its owner only. SQLite gives its `-wal` and
/// `-shm` files the same mode as the database file.
pub(crate) fn create_private_file(path: &Path, action: &'static str) -> Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop).map_err(|source| CoreError::Io { action, path: path.to_owned(), source })
}
