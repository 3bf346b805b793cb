//! Opening things in the system's own apps: the data folder in the file manager, an attached
//! file in the default app for its type.
//!
//! An attached file is opened from a copy, since the stored one may be sealed (an encrypted
//! journal) and is named by its content. The copy is never written to disk in clear: it goes
//! to a private folder in `$XDG_RUNTIME_DIR` (a per-user tmpfs, memory),
//! `$XDG_RUNTIME_DIR/failup/open/<random>/<name>`, folders 0700 and the file 0600. Without
//! such a folder (or on macOS and Windows), the OS temporary folder is used only for a journal
//! that is not encrypted; an encrypted one is refused, and the user can save a copy where
//! they choose instead. The copies are removed when the app starts, when the journal locks and
//! when the app quits.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use failup_core::{AppError, ErrorCode};

/// Opens `target` (a folder or a file) in the system's default app for it. The variables set
/// for WebKit are kept out of that app (see [`crate::rendering::keep_out_of`]).
pub fn open_in_system(target: &Path) -> io::Result<()> {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    let mut child = crate::rendering::keep_out_of(std::process::Command::new(opener).arg(target)).spawn()?;
    // The opener hands over to the app and ends; it is waited for so that it leaves no zombie.
    let _ = std::thread::Builder::new().name("opener".into()).spawn(move || child.wait());
    Ok(())
}

/// Why an encrypted journal's file cannot be opened here.
pub const NO_PRIVATE_PLACE: &str = "Your journal is encrypted, and this computer has no private folder in memory \
     (XDG_RUNTIME_DIR) where a copy could be opened without writing it to disk in clear. Use “Save a copy…” to put a \
     copy where you choose.";

/// Where copies opened for viewing go: a folder of the app's own under `base`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopiesPlace {
    /// A folder the system made private to the user (`XDG_RUNTIME_DIR`), or the OS temporary
    /// folder; the app does not create it.
    base: PathBuf,
    /// The app's folders under it, created private, the last one holding the copies.
    folders: Vec<String>,
}

impl CopiesPlace {
    fn root(&self) -> PathBuf {
        self.folders.iter().fold(self.base.clone(), |path, folder| path.join(folder))
    }
}

/// Where copies for viewing go for a journal that is `encrypted` or not, or why nowhere.
pub fn copies_place(encrypted: bool) -> Result<CopiesPlace, AppError> {
    let runtime = runtime_dir();
    let in_memory = runtime.as_deref().is_some_and(is_in_memory);
    choose_place(runtime, in_memory, encrypted, &std::env::temp_dir(), user_id())
        .ok_or_else(|| AppError { code: ErrorCode::InvalidInput, message: NO_PRIVATE_PLACE.to_owned() })
}

fn choose_place(
    runtime: Option<PathBuf>,
    runtime_in_memory: bool,
    encrypted: bool,
    temp: &Path,
    user: Option<u32>,
) -> Option<CopiesPlace> {
    match runtime {
        Some(base) if runtime_in_memory || !encrypted => {
            Some(CopiesPlace { base, folders: vec!["failup".into(), "open".into()] })
        }
        _ if !encrypted => Some(CopiesPlace { base: temp.to_owned(), folders: vec![temp_folder_name(user)] }),
        _ => None,
    }
}

/// The temporary folder may be shared by every user (`/tmp`): the app's folder there is named
/// for the user, and used only if it is theirs and private.
fn temp_folder_name(user: Option<u32>) -> String {
    match user {
        Some(user) => format!("failup-open-{user}"),
        None => "failup-open".to_owned(),
    }
}

/// `$XDG_RUNTIME_DIR`, where the system has one: an absolute path to an existing folder. Not
/// looked at on macOS and Windows, which have no such thing.
fn runtime_dir() -> Option<PathBuf> {
    if cfg!(any(target_os = "macos", target_os = "windows")) {
        return None;
    }
    let dir = PathBuf::from(std::env::var_os("XDG_RUNTIME_DIR")?);
    (dir.is_absolute() && dir.is_dir()).then_some(dir)
}

/// Whether `path` is on a file system held in memory (tmpfs), as `/proc/self/mountinfo` says.
fn is_in_memory(path: &Path) -> bool {
    let Ok(path) = fs::canonicalize(path) else { return false };
    let Ok(mounts) = fs::read_to_string("/proc/self/mountinfo") else { return false };
    file_system_of(&mounts, &path).is_some_and(|kind| kind == "tmpfs" || kind == "ramfs")
}

/// The type of the file system `path` is on, from the text of a `mountinfo` file: that of the
/// mount point deepest above it (the last such, if one was mounted over another).
fn file_system_of(mountinfo: &str, path: &Path) -> Option<String> {
    let mut found: Option<(usize, String)> = None;
    for line in mountinfo.lines() {
        let Some((mount, rest)) = line.split_once(" - ") else { continue };
        let Some(point) = mount.split(' ').nth(4) else { continue };
        let Some(kind) = rest.split(' ').next() else { continue };
        let point = PathBuf::from(unescape_mount_point(point));
        if path.starts_with(&point) {
            let depth = point.components().count();
            if found.as_ref().is_none_or(|(deepest, _)| depth >= *deepest) {
                found = Some((depth, kind.to_owned()));
            }
        }
    }
    found.map(|(_, kind)| kind)
}

/// `mountinfo` writes a space, tab, newline or backslash in a path as `\` and three octal digits.
fn unescape_mount_point(point: &str) -> String {
    let bytes = point.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = bytes.get(index + 1..index + 4).filter(|digits| digits.iter().all(|d| (b'0'..=b'7').contains(d)));
        match (bytes[index], escaped) {
            (b'\\', Some(digits)) => {
                out.push(digits.iter().fold(0u8, |value, digit| value.wrapping_mul(8) + (digit - b'0')));
                index += 4;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The user the app runs as, on Linux (the owner of `/proc/self`).
fn user_id() -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        fs::metadata("/proc/self").ok().map(|metadata| metadata.uid())
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Writes a copy named `file_name` in a new private folder of `place`, `fill` writing its
/// content, and returns its path. If `fill` fails, nothing is left.
pub fn private_copy(
    place: &CopiesPlace,
    file_name: &str,
    fill: impl FnOnce(&mut fs::File) -> Result<(), AppError>,
) -> Result<PathBuf, AppError> {
    let storage = |path: &Path, error: io::Error| AppError {
        code: ErrorCode::Storage,
        message: format!("Could not make a private copy to open in {}: {error}.", path.display()),
    };
    let mut folder = place.base.clone();
    for name in &place.folders {
        folder.push(name);
        private_dir(&folder).map_err(|error| storage(&folder, error))?;
    }
    let folder = new_private_dir(&folder).map_err(|error| storage(&folder, error))?;
    let path = folder.join(safe_file_name(file_name));
    let written = private_file(&path).map_err(|error| storage(&path, error)).and_then(|mut file| fill(&mut file));
    if let Err(error) = written {
        let _ = fs::remove_dir_all(&folder);
        return Err(error);
    }
    Ok(path)
}

/// Makes sure `dir` is a folder of the user's own, readable by them alone: created so, or
/// already so (a symbolic link, or a folder of someone else's, is refused).
fn private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    match builder.create(dir) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
            let metadata = fs::symlink_metadata(dir)?;
            if !metadata.is_dir() {
                return Err(io::Error::other("it is not a folder"));
            }
            #[cfg(unix)]
            {
                use std::os::unix::fs::{MetadataExt, PermissionsExt};
                if user_id().is_some_and(|user| user != metadata.uid()) {
                    return Err(io::Error::other("it belongs to another user"));
                }
                if metadata.mode() & 0o077 != 0 {
                    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
                }
            }
            Ok(())
        }
        Err(error) => Err(error),
    }
}

/// Creates a new folder with an unguessable name in `parent`, readable by the user alone.
fn new_private_dir(parent: &Path) -> io::Result<PathBuf> {
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    loop {
        let dir = parent.join(crate::drops::unguessable_name());
        match builder.create(&dir) {
            Ok(()) => return Ok(dir),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
}

/// Creates the new file `path`, readable and writable by the user alone.
fn private_file(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// `name` as a file name that stays in its folder and that every system accepts: no
/// separators, control or reserved characters, no leading dot, at most 150 bytes (the
/// extension, which tells the system what opens it, kept).
pub fn safe_file_name(name: &str) -> String {
    let cleaned: String =
        name.chars()
            .map(|c| {
                if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                    '_'
                } else {
                    c
                }
            })
            .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim_end_matches(['.', ' ']);
    let mut safe = if trimmed.is_empty() { "attachment".to_owned() } else { trimmed.to_owned() };
    const LONGEST: usize = 150;
    if safe.len() > LONGEST {
        let extension =
            safe.rfind('.').map(|dot| safe[dot..].to_owned()).filter(|ext| ext.len() <= 16).unwrap_or_default();
        let mut stem_end = LONGEST - extension.len();
        while !safe.is_char_boundary(stem_end) {
            stem_end -= 1;
        }
        safe = format!("{}{extension}", &safe[..stem_end]);
    }
    let stem = safe.split('.').next().unwrap_or_default().to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        safe.insert(0, '_');
    }
    safe
}

/// Removes every copy made for viewing (and the viewers' own open files lose their name): at
/// start, when the journal locks and when the app quits.
pub fn remove_private_copies() {
    let mut places = Vec::new();
    if let Some(runtime) = runtime_dir() {
        places.push(CopiesPlace { base: runtime, folders: vec!["failup".into(), "open".into()] });
    }
    let temp = std::env::temp_dir();
    places.push(CopiesPlace { base: temp, folders: vec![temp_folder_name(user_id())] });
    for place in places {
        let root = place.root();
        // A symbolic link put there is not followed; a folder of another user's cannot be
        // emptied anyway.
        if fs::symlink_metadata(&root).is_ok_and(|metadata| metadata.is_dir()) {
            if let Err(error) = fs::remove_dir_all(&root) {
                eprintln!("failup: the copies opened for viewing in {} could not be removed: {error}", root.display());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_encrypted_journal_opens_copies_only_in_memory() {
        let temp = Path::new("/tmp");
        let runtime = || Some(PathBuf::from("/run/user/1000"));
        let in_runtime =
            CopiesPlace { base: PathBuf::from("/run/user/1000"), folders: vec!["failup".into(), "open".into()] };
        let in_temp = CopiesPlace { base: PathBuf::from("/tmp"), folders: vec!["failup-open-1000".into()] };
        assert_eq!(choose_place(runtime(), true, true, temp, Some(1000)), Some(in_runtime.clone()));
        assert_eq!(choose_place(runtime(), true, false, temp, Some(1000)), Some(in_runtime.clone()));
        assert_eq!(in_runtime.root(), Path::new("/run/user/1000/failup/open"));
        // A runtime folder on disk is as good as the temporary folder: fine in clear only.
        assert_eq!(choose_place(runtime(), false, false, temp, Some(1000)), Some(in_runtime));
        assert_eq!(choose_place(runtime(), false, true, temp, Some(1000)), None);
        assert_eq!(choose_place(None, false, false, temp, Some(1000)), Some(in_temp));
        assert_eq!(choose_place(None, false, true, temp, Some(1000)), None);
        assert!(NO_PRIVATE_PLACE.contains("Save a copy"), "the refusal says what to do instead");
    }

    #[test]
    #[cfg(unix)]
    fn a_copy_is_private_in_a_folder_of_its_own_and_all_copies_go_together() {
        use std::os::unix::fs::PermissionsExt;
        let base = tempfile::tempdir().unwrap();
        let place = CopiesPlace { base: base.path().to_owned(), folders: vec!["failup".into(), "open".into()] };
        let first = private_copy(&place, "letter.pdf", |file| {
            io::Write::write_all(file, b"%PDF-1.7")
                .map_err(|error| AppError { code: ErrorCode::Storage, message: error.to_string() })
        })
        .unwrap();
        let second = private_copy(&place, "letter.pdf", |_| Ok(())).unwrap();
        assert_ne!(first.parent(), second.parent(), "each copy has a folder of its own");
        assert_eq!(first.file_name().unwrap(), "letter.pdf");
        assert_eq!(fs::read(&first).unwrap(), b"%PDF-1.7");
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&first), 0o600);
        for folder in [base.path().join("failup"), place.root(), first.parent().unwrap().to_owned()] {
            assert_eq!(mode(&folder), 0o700, "{}", folder.display());
        }
        let failed = private_copy(&place, "broken.pdf", |_| {
            Err(AppError { code: ErrorCode::Storage, message: "damaged".into() })
        });
        assert!(failed.is_err());
        assert_eq!(fs::read_dir(place.root()).unwrap().count(), 2, "a failed copy leaves nothing");
    }

    #[test]
    #[cfg(unix)]
    fn a_folder_that_is_a_link_or_not_private_is_not_trusted() {
        use std::os::unix::fs::PermissionsExt;
        let base = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), base.path().join("failup")).unwrap();
        let place = CopiesPlace { base: base.path().to_owned(), folders: vec!["failup".into(), "open".into()] };
        assert!(private_copy(&place, "a.pdf", |_| Ok(())).is_err(), "a link is not followed");
        let open = base.path().join("open");
        fs::create_dir(&open).unwrap();
        fs::set_permissions(&open, fs::Permissions::from_mode(0o755)).unwrap();
        let place = CopiesPlace { base: base.path().to_owned(), folders: vec!["open".into()] };
        private_copy(&place, "a.pdf", |_| Ok(())).unwrap();
        assert_eq!(fs::metadata(&open).unwrap().permissions().mode() & 0o777, 0o700, "tightened");
    }

    #[test]
    fn names_stay_in_their_folder_and_keep_their_extension() {
        assert_eq!(safe_file_name("letter.pdf"), "letter.pdf");
        assert_eq!(safe_file_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_file_name(".."), "attachment");
        assert_eq!(safe_file_name(""), "attachment");
        assert_eq!(safe_file_name(".hidden.txt"), "hidden.txt");
        assert_eq!(safe_file_name("a\nb:c?.png"), "a_b_c_.png");
        assert_eq!(safe_file_name("con.txt"), "_con.txt");
        assert_eq!(safe_file_name("Café « menu ».pdf"), "Café « menu ».pdf");
        let long = format!("{}.mp3", "é".repeat(200));
        let safe = safe_file_name(&long);
        assert!(safe.len() <= 150 && safe.ends_with(".mp3"), "{safe}");
    }

    #[test]
    fn the_file_system_of_a_path_is_that_of_its_deepest_mount() {
        let mountinfo = "\
22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw
25 22 0:23 / /run rw,nosuid - tmpfs tmpfs rw
26 25 0:24 / /run/user/1000 rw,nosuid - tmpfs tmpfs rw,mode=700
27 22 0:25 / /home/ada/My\\040Disk rw - ext4 /dev/sdb1 rw";
        assert_eq!(file_system_of(mountinfo, Path::new("/run/user/1000/failup")).as_deref(), Some("tmpfs"));
        assert_eq!(file_system_of(mountinfo, Path::new("/home/ada/My Disk/x")).as_deref(), Some("ext4"));
        assert_eq!(file_system_of(mountinfo, Path::new("/runaway")).as_deref(), Some("ext4"));
        assert_eq!(unescape_mount_point("a\\040b\\134c"), "a b\\c");
    }
}
