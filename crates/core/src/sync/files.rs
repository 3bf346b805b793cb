//! The sync folder's files: what a file-sync tool carries between computers.
//!
//! ```text
//! <the folder the user chose>/failing-up/
//!   sync.key                   the sync key, wrapped under the pairing code (Argon2id +
//!                              XChaCha20-Poly1305, the journal key file's format)
//!   <device>/<first>-<last>.fuc  one computer's changes, numbered; written once, never changed
//! ```
//! Each computer writes only in its own folder, so two computers never write the same file and
//! a sync tool never has a conflict to resolve. A change file is
//! `FUSYNC\0\0 | version u32 | length u64 | nonce (24) | XChaCha20-Poly1305(deflate(JSON))`, all
//! little-endian, with the first 20 bytes, the device and the file's name bound into the tag:
//! a file moved to another name or folder, cut short or altered fails to open. Nothing of the
//! journal is in clear: the JSON (the changes, the computer's name) is encrypted.
//!
//! A file shorter than its header says is still being copied: it is left for later, without a
//! word. A file of the right length that fails authentication is damaged (or not ours): it is
//! reported and never applied. A file of a newer version is kept and reported, for the newer
//! app to read.

use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::XChaCha20Poly1305;
use serde::{Deserialize, Serialize};

use super::engine::Op;
use crate::error::{CoreError, Result};
use crate::vault::{fill_random, write_file_atomically, DatabaseKey};

/// The folder the app writes in, inside the folder the user chose.
pub const SYNC_DIR_NAME: &str = "failing-up";
/// The wrapped sync key's name in it.
pub const SYNC_KEY_FILE_NAME: &str = "sync.key";
const MAGIC: &[u8; 8] = b"FUSYNC\0\0";
/// The change files' layout version this build writes and reads.
pub const CHANGE_FILE_VERSION: u32 = 1;
const HEADER_LEN: usize = 8 + 4 + 8;
const NONCE_LEN: usize = 24;
const EXTENSION: &str = "fuc";
/// The most a change file's changes may take once inflated (a first file of 100,000 entries
/// is about 350 MB of JSON).
const MAX_CHANGES_BYTES: u64 = 4 << 30;

/// What a change file holds, once opened.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ChangeFile {
    /// The name the user gave the computer that wrote it.
    pub device_name: String,
    /// When it was written, Unix milliseconds (UTC).
    pub written_at: i64,
    pub ops: Vec<Op>,
}

/// What reading one change file came to.
#[derive(Debug)]
pub(crate) enum Read {
    Opened(ChangeFile),
    /// Shorter than its header says: the sync tool is still copying it.
    Incomplete,
    Damaged(String),
    Newer(u32),
}

pub(crate) fn sync_dir(folder: &Path) -> PathBuf {
    folder.join(SYNC_DIR_NAME)
}

fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> CoreError + 'a {
    move |source| CoreError::Io { action, path: path.to_owned(), source }
}

/// The change file's name for operations `first..=last`: sorted by name is sorted by counter.
pub(crate) fn change_file_name(first: i64, last: i64) -> String {
    format!("{first:016}-{last:016}.{EXTENSION}")
}

fn aad(header: &[u8], device: &str, name: &str) -> Vec<u8> {
    let mut aad = header.to_vec();
    aad.extend_from_slice(device.as_bytes());
    aad.push(b'/');
    aad.extend_from_slice(name.as_bytes());
    aad
}

fn cipher(key: &DatabaseKey) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new_from_slice(&key.subkey("failing-up sync change files v1")).expect("a 32-byte key")
}

/// Writes this computer's change file, whole or not at all (a sync tool never sees half of it
/// under its final name).
pub(crate) fn write_change_file(
    folder: &Path,
    key: &DatabaseKey,
    device: &str,
    name: &str,
    file: &ChangeFile,
) -> Result<()> {
    let dir = sync_dir(folder).join(device);
    fs::create_dir_all(&dir).map_err(io("create this computer's folder in the sync folder", &dir))?;
    let plain = {
        use std::io::Write as _;
        let mut deflater = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        serde_json::to_writer(&mut deflater, file).expect("changes serialise");
        deflater.flush().and_then(|()| deflater.finish()).map_err(io("compress the changes", &dir))?
    };
    let mut nonce = [0u8; NONCE_LEN];
    fill_random(&mut nonce)?;
    let length = (HEADER_LEN + NONCE_LEN + plain.len() + 16) as u64;
    let mut bytes = Vec::with_capacity(length as usize);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&CHANGE_FILE_VERSION.to_le_bytes());
    bytes.extend_from_slice(&length.to_le_bytes());
    let sealed = cipher(key)
        .encrypt(&nonce.into(), Payload { msg: &plain, aad: &aad(&bytes, device, name) })
        .map_err(|_| CoreError::InvalidInput("The changes could not be encrypted for sync.".into()))?;
    bytes.extend_from_slice(&nonce);
    bytes.extend_from_slice(&sealed);
    write_file_atomically(&dir.join(name), &bytes)
}

/// Opens another computer's change file.
pub(crate) fn read_change_file(bytes: &[u8], key: &DatabaseKey, device: &str, name: &str) -> Read {
    if bytes.len() < HEADER_LEN {
        return Read::Incomplete;
    }
    if &bytes[..8] != MAGIC {
        return Read::Damaged("it is not a Failing Up change file".into());
    }
    let version = u32::from_le_bytes(bytes[8..12].try_into().expect("four bytes"));
    if version > CHANGE_FILE_VERSION {
        return Read::Newer(version);
    }
    let length = u64::from_le_bytes(bytes[12..20].try_into().expect("eight bytes"));
    if (bytes.len() as u64) < length {
        return Read::Incomplete;
    }
    if bytes.len() as u64 > length || bytes.len() < HEADER_LEN + NONCE_LEN {
        return Read::Damaged(format!("it is {} bytes long where its header says {length}", bytes.len()));
    }
    let nonce: [u8; NONCE_LEN] = bytes[HEADER_LEN..HEADER_LEN + NONCE_LEN].try_into().expect("a nonce");
    let Ok(plain) = cipher(key).decrypt(
        &nonce.into(),
        Payload { msg: &bytes[HEADER_LEN + NONCE_LEN..], aad: &aad(&bytes[..HEADER_LEN], device, name) },
    ) else {
        return Read::Damaged("it fails authentication: it was altered, or written with another sync key".into());
    };
    // Authenticated, so written by a computer holding the key; the limit only keeps a bug
    // elsewhere from exhausting memory.
    let inflated = flate2::read::DeflateDecoder::new(plain.as_slice()).take(MAX_CHANGES_BYTES);
    match serde_json::from_reader::<_, ChangeFile>(std::io::BufReader::new(inflated)) {
        Ok(file) if file.ops.iter().all(|op| op.device == device) => Read::Opened(file),
        Ok(_) => Read::Damaged("it holds changes of another computer".into()),
        Err(error) => Read::Damaged(format!("its changes cannot be read ({error})")),
    }
}

/// A change file found in the folder.
#[derive(Debug)]
pub(crate) struct Found {
    pub device: String,
    pub name: String,
    pub path: PathBuf,
    pub size: u64,
}

/// The change files of every computer but `own_device`, by device and name.
pub(crate) fn list_change_files(folder: &Path, own_device: &str) -> Result<Vec<Found>> {
    let root = sync_dir(folder);
    let mut found = Vec::new();
    let devices = fs::read_dir(&root).map_err(io("read the sync folder", &root))?;
    for device in devices {
        let device = device.map_err(io("read the sync folder", &root))?;
        let Some(device_name) = device.file_name().to_str().map(str::to_owned) else { continue };
        if device_name == own_device || !is_device_id(&device_name) || !device.path().is_dir() {
            continue;
        }
        let dir = device.path();
        for file in fs::read_dir(&dir).map_err(io("read the sync folder", &dir))? {
            let file = file.map_err(io("read the sync folder", &dir))?;
            let Some(name) = file.file_name().to_str().map(str::to_owned) else { continue };
            if !name.ends_with(&format!(".{EXTENSION}")) {
                continue;
            }
            let size = file.metadata().map_err(io("read the sync folder", &dir))?.len();
            found.push(Found { device: device_name.clone(), name, path: file.path(), size });
        }
    }
    found.sort_by(|a, b| (&a.device, &a.name).cmp(&(&b.device, &b.name)));
    Ok(found)
}

/// A device's folder name: 32 hex digits (sync tools add folders of their own, such as
/// `.stfolder`, which are not computers).
pub(crate) fn is_device_id(name: &str) -> bool {
    name.len() == 32 && name.bytes().all(|byte| byte.is_ascii_hexdigit())
}

/// This computer's own change files.
pub(crate) fn own_change_files(folder: &Path, device: &str) -> Result<Vec<PathBuf>> {
    let dir = sync_dir(folder).join(device);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(CoreError::Io { action: "read the sync folder", path: dir, source }),
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|extension| extension == EXTENSION))
        .collect();
    found.sort();
    Ok(found)
}

/// The counter of the last operation in this computer's own change files (after a restore of
/// the journal from a backup, the folder may be ahead of the journal).
pub(crate) fn last_written_counter(folder: &Path, device: &str) -> Result<i64> {
    let dir = sync_dir(folder).join(device);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(source) => return Err(CoreError::Io { action: "read the sync folder", path: dir, source }),
    };
    let mut last = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if let Some(counter) = name
            .strip_suffix(&format!(".{EXTENSION}"))
            .and_then(|stem| stem.split_once('-'))
            .and_then(|(_, last)| last.parse::<i64>().ok())
        {
            last = last.max(counter);
        }
    }
    Ok(last)
}
