//! The files people attach to their journal (photos, letters, recordings), each stored once
//! per content, beside the journal file and never inside it.
//!
//! A stored file is named by its content: the SHA-256 of its bytes in a journal without a key,
//! an HMAC-SHA-256 of them under a key derived from the journal's key in an encrypted one (a
//! plain hash would let anyone holding a copy of a known photo confirm it is there). So the
//! same photo attached twice, or imported again, is stored once, and a stored file never
//! changes: backups of the journal refer to the same files instead of copying them, and a sync
//! can later copy them one by one.
//!
//! Layout, under the data folder:
//! `attachments/<keyring>/<first two characters of the name>/<name>`. The keyring is `plain`
//! for a journal without a key, `k-<16 hex digits>` (derived from the key) for an encrypted
//! one, so that files sealed under one key never meet files under another; `attachments/staged/`
//! holds files being written.
//!
//! In an encrypted journal each file is sealed with XChaCha20-Poly1305 in chunks of 64 KiB
//! (the STREAM construction: each chunk's nonce is the file's random prefix, the chunk's number
//! and whether it is the last), so a file of any size is written and read without holding it
//! in memory, and a reordered, truncated or altered file fails to open instead of showing
//! something else. Nothing is written in clear, not even while it is being written.
//!
//! Unless the journal keeps them (the setting "Keep the location of photos"), a JPEG or PNG
//! loses the GPS location in its EXIF block on the way in, while its date taken stays (see
//! [`super::exif`]): the store reads a larger head of such a file, changes it in place and
//! streams the rest as it comes. The name is of the bytes stored, so the same photo attached
//! twice is still stored once.
//!
//! Writing is crash-safe: the file is written under `staged/`, flushed, renamed to its name
//! and the folder flushed; a crash leaves either no file or the whole file, and what was left
//! staged is removed at the next tidy-up (after the daily backup).

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::XChaCha20Poly1305;
use sha2::{Digest, Sha256};

use super::exif::{remove_location, LOCATION_HEAD_LEN};
use super::media::{media_type_of, HEAD_LEN};
use crate::error::{CoreError, Result};
use crate::private_files::create_private_dir;
use crate::vault::{fill_random, hex, random_hex, sync_folder, DatabaseKey, HmacSha256};

/// The folder, inside the data folder, that holds the attached files.
pub const ATTACHMENTS_DIR_NAME: &str = "attachments";
/// The largest file that can be attached: a long phone video or a scanned book fits; a file
/// larger than this is refused before anything is written.
pub const MAX_ATTACHMENT_BYTES: u64 = 256 * 1024 * 1024;

const STAGED_DIR_NAME: &str = "staged";
const PLAIN_KEYRING: &str = "plain";
/// What a sealed file starts with: the format's name and version.
const SEALED_MAGIC: &[u8; 8] = b"FUATT\x00\x01\n";
const NONCE_PREFIX_LEN: usize = 16;
const HEADER_LEN: usize = SEALED_MAGIC.len() + NONCE_PREFIX_LEN;
const CHUNK_LEN: usize = 64 * 1024;
const TAG_LEN: usize = 16;

/// A file now in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The name the file is stored and referred to by: 64 hex digits.
    pub content: String,
    /// Its size in bytes, before sealing.
    pub size: u64,
    /// `false` when the same content was already stored (nothing new was written).
    pub newly_written: bool,
    /// What its bytes show it is (see [`media_type_of`]).
    pub media_type: &'static str,
}

/// The attached files of one journal, under one key (or none).
pub struct ContentStore {
    root: PathBuf,
    staged: PathBuf,
    keys: Option<Keys>,
    keeps_location: bool,
}

struct Keys {
    naming: [u8; 32],
    sealing: [u8; 32],
}

impl Drop for Keys {
    fn drop(&mut self) {
        self.naming.iter_mut().chain(self.sealing.iter_mut()).for_each(|byte| *byte = 0);
    }
}

impl ContentStore {
    /// The store of the journal in `data_dir`, sealed with keys derived from `key` when the
    /// journal has one, removing the location from photos (see
    /// [`ContentStore::keeping_location`]). Nothing is read or written until it is used.
    pub fn new(data_dir: &Path, key: Option<&DatabaseKey>) -> Self {
        let base = data_dir.join(ATTACHMENTS_DIR_NAME);
        let keys =
            key.map(|key| Keys { naming: key.subkey("attachment names"), sealing: key.subkey("attachment sealing") });
        let keyring = match key {
            None => PLAIN_KEYRING.to_owned(),
            Some(key) => format!("k-{}", hex(&key.subkey("attachment keyring")[..8])),
        };
        Self { root: base.join(keyring), staged: base.join(STAGED_DIR_NAME), keys, keeps_location: false }
    }

    /// The same store, storing photos with their GPS location when `keep` is true, as the
    /// user may choose; by default it is removed, because a journal's photos would otherwise
    /// map where its writer lives and goes.
    pub fn keeping_location(mut self, keep: bool) -> Self {
        self.keeps_location = keep;
        self
    }

    /// The store as [`ContentStore::new`] gives it, after removing what a crash left staged:
    /// only for a moment when nothing can be storing (the tidy-up after the daily backup).
    pub fn open(data_dir: &Path, key: Option<&DatabaseKey>) -> Result<Self> {
        let store = Self::new(data_dir, key);
        store.remove_staged()?;
        Ok(store)
    }

    /// Stores the file at `source`. Refuses, with a message that names the problem and without
    /// writing anything, a folder, a device or anything else that is not a regular file, a
    /// file larger than [`MAX_ATTACHMENT_BYTES`], and one whose name claims a type its bytes
    /// are not.
    pub fn store_file(&self, source: &Path) -> Result<Stored> {
        let read_error =
            |source_error| CoreError::Io { action: READ_ACTION, path: source.to_owned(), source: source_error };
        let metadata = fs::metadata(source).map_err(read_error)?;
        let name =
            source.file_name().map_or_else(|| source.display().to_string(), |name| name.to_string_lossy().into());
        if metadata.is_dir() {
            return Err(CoreError::InvalidInput(format!("“{name}” is a folder; attach the files in it instead.")));
        }
        if !metadata.is_file() {
            return Err(CoreError::InvalidInput(format!(
                "“{name}” is not a regular file (a device or a pipe), so it cannot be attached."
            )));
        }
        if metadata.len() > MAX_ATTACHMENT_BYTES {
            return Err(too_large(&name, metadata.len()));
        }
        let file = fs::File::open(source).map_err(read_error)?;
        self.store_reader(file, &name)
    }

    /// Stores `bytes` named `name` (a picture pasted from the clipboard, a file inside an
    /// import), refused as [`ContentStore::store_file`] refuses.
    pub fn store_bytes(&self, bytes: &[u8], name: &str) -> Result<Stored> {
        if bytes.len() as u64 > MAX_ATTACHMENT_BYTES {
            return Err(too_large(name, bytes.len() as u64));
        }
        self.store_reader(bytes, name)
    }

    /// Stores what `reader` yields, named `name` (a file streamed out of an import's zip),
    /// refused as [`ContentStore::store_file`] refuses; a read that fails or yields more than
    /// [`MAX_ATTACHMENT_BYTES`] stops it, and nothing is kept. A JPEG or PNG loses its
    /// location unless the store keeps it.
    pub fn store_reader(&self, mut reader: impl Read, name: &str) -> Result<Stored> {
        let mut head = vec![0u8; HEAD_LEN];
        let mut read = fill(&mut reader, &mut head).map_err(read_error(name))?;
        let media_type = media_type_of(name, &head[..read]).map_err(CoreError::InvalidInput)?;
        if !self.keeps_location && matches!(media_type, "image/jpeg" | "image/png") {
            // The EXIF block is within the file's first bytes; the rest streams as it comes.
            head.resize(LOCATION_HEAD_LEN, 0);
            read += fill(&mut reader, &mut head[read..]).map_err(read_error(name))?;
            remove_location(&mut head[..read]);
        }
        self.store_from(io::Cursor::new(&head[..read]).chain(reader), name, media_type)
    }

    /// Writes the content of the stored file `content` to `out`, checking on the way that it is
    /// the content stored: a file altered, truncated or sealed under another key is an error
    /// and what was written to `out` must be discarded. Returns the number of bytes written.
    pub fn copy_to(&self, content: &str, out: &mut impl Write) -> Result<u64> {
        let path = self.path_of(content)?;
        let damaged = |reason: &str| CoreError::Io {
            action: "read an attached file",
            path: path.clone(),
            source: io::Error::new(io::ErrorKind::InvalidData, format!("it is damaged: {reason}")),
        };
        let io_error = |source| CoreError::Io { action: "read an attached file", path: path.clone(), source };
        let mut file = fs::File::open(&path).map_err(io_error)?;
        let mut written = 0u64;
        let mut write = |bytes: &[u8]| -> Result<()> {
            written += bytes.len() as u64;
            out.write_all(bytes).map_err(|source| CoreError::Io {
                action: "pass on an attached file",
                path: path.clone(),
                source,
            })
        };
        match &self.keys {
            None => {
                let mut hasher = Sha256::new();
                let mut buffer = vec![0u8; CHUNK_LEN];
                loop {
                    let read = fill(&mut file, &mut buffer).map_err(io_error)?;
                    hasher.update(&buffer[..read]);
                    write(&buffer[..read])?;
                    if read < buffer.len() {
                        break;
                    }
                }
                if hex(&hasher.finalize()) != content {
                    return Err(damaged("its bytes no longer match its name"));
                }
            }
            Some(keys) => {
                let mut header = [0u8; HEADER_LEN];
                let read = fill(&mut file, &mut header).map_err(io_error)?;
                if read < HEADER_LEN || &header[..SEALED_MAGIC.len()] != SEALED_MAGIC {
                    return Err(damaged("it does not start like a sealed attachment"));
                }
                let cipher = XChaCha20Poly1305::new_from_slice(&keys.sealing).expect("a 32-byte key");
                let mut namer = HmacSha256::new(&keys.naming);
                let mut sealed = vec![0u8; CHUNK_LEN + TAG_LEN];
                for index in 0u32.. {
                    let read = fill(&mut file, &mut sealed).map_err(io_error)?;
                    let last = read < sealed.len();
                    if read < TAG_LEN {
                        return Err(damaged("it ends early"));
                    }
                    let nonce = chunk_nonce(&header, index, last);
                    let plain = cipher.decrypt(&nonce.into(), Payload { msg: &sealed[..read], aad: &header }).map_err(
                        |_| {
                            damaged(
                                "a part of it does not authenticate (altered, cut short, or sealed under another key)",
                            )
                        },
                    )?;
                    namer.update(&plain);
                    write(&plain)?;
                    if last {
                        break;
                    }
                }
                if hex(&namer.finish()) != content {
                    return Err(damaged("its content no longer matches its name"));
                }
            }
        }
        Ok(written)
    }

    /// The content of the stored file `content`, checked as [`ContentStore::copy_to`] does.
    pub fn read(&self, content: &str) -> Result<Vec<u8>> {
        let mut bytes = Vec::new();
        self.copy_to(content, &mut bytes)?;
        Ok(bytes)
    }

    /// Whether the file `content` is stored.
    pub fn contains(&self, content: &str) -> bool {
        self.path_of(content).is_ok_and(|path| path.is_file())
    }

    /// Every stored file's name.
    pub fn contents(&self) -> Result<BTreeSet<String>> {
        let mut names = BTreeSet::new();
        let io_error = |source| CoreError::Io { action: "list the attached files", path: self.root.clone(), source };
        let Ok(shards) = fs::read_dir(&self.root) else {
            return Ok(names);
        };
        for shard in shards {
            let shard = shard.map_err(io_error)?;
            if !shard.file_type().map_err(io_error)?.is_dir() {
                continue;
            }
            for file in fs::read_dir(shard.path()).map_err(io_error)? {
                let name = file.map_err(io_error)?.file_name().to_string_lossy().into_owned();
                if is_content_name(&name) {
                    names.insert(name);
                }
            }
        }
        Ok(names)
    }

    /// Deletes every stored file that is not in `referenced` (which must hold every file the
    /// journal and each of its kept backups still refer to). Returns how many were deleted.
    pub fn remove_unreferenced(&self, referenced: &BTreeSet<String>) -> Result<usize> {
        let mut removed = 0;
        for content in self.contents()?.difference(referenced) {
            let path = self.path_of(content)?;
            fs::remove_file(&path).map_err(|source| CoreError::Io {
                action: "delete an attached file",
                path,
                source,
            })?;
            removed += 1;
        }
        Ok(removed)
    }

    fn path_of(&self, content: &str) -> Result<PathBuf> {
        if !is_content_name(content) {
            return Err(CoreError::InvalidInput(format!("“{content}” does not name an attached file.")));
        }
        Ok(self.root.join(&content[..2]).join(content))
    }

    fn store_from(&self, mut reader: impl Read, name: &str, media_type: &'static str) -> Result<Stored> {
        create_private_dir(&self.staged)?;
        let staged = self.staged.join(random_hex(16)?);
        let written = self.write_staged(&mut reader, &staged, name);
        let (content, size) = match written {
            Ok(done) => done,
            Err(error) => {
                let _ = fs::remove_file(&staged);
                return Err(error);
            }
        };
        let path = self.path_of(&content)?;
        if path.is_file() {
            let _ = fs::remove_file(&staged);
            return Ok(Stored { content, size, newly_written: false, media_type });
        }
        let shard = path.parent().expect("a stored file has a folder");
        let placed = create_private_dir(shard)
            .and_then(|()| {
                fs::rename(&staged, &path).map_err(|source| CoreError::Io {
                    action: "save the attached file",
                    path: path.clone(),
                    source,
                })
            })
            .and_then(|()| sync_folder(shard));
        if let Err(error) = placed {
            let _ = fs::remove_file(&staged);
            return Err(error);
        }
        Ok(Stored { content, size, newly_written: true, media_type })
    }

    /// Writes `reader` to `staged` (sealed when the journal has a key), flushed to disk; returns
    /// the content's name and size.
    fn write_staged(&self, reader: &mut impl Read, staged: &Path, name: &str) -> Result<(String, u64)> {
        let write_error = |source: io::Error| {
            if source.kind() == io::ErrorKind::StorageFull {
                CoreError::DiskFull { what: format!("save “{name}”") }
            } else {
                CoreError::Io { action: "save the attached file", path: staged.to_owned(), source }
            }
        };
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut out = io::BufWriter::new(options.open(staged).map_err(write_error)?);
        let mut buffer = vec![0u8; CHUNK_LEN];
        let mut size = 0u64;
        let content = match &self.keys {
            None => {
                let mut hasher = Sha256::new();
                loop {
                    let read = fill(reader, &mut buffer).map_err(read_error(name))?;
                    size += read as u64;
                    if size > MAX_ATTACHMENT_BYTES {
                        return Err(too_large(name, size));
                    }
                    hasher.update(&buffer[..read]);
                    out.write_all(&buffer[..read]).map_err(write_error)?;
                    if read < buffer.len() {
                        break;
                    }
                }
                hex(&hasher.finalize())
            }
            Some(keys) => {
                let mut header = [0u8; HEADER_LEN];
                header[..SEALED_MAGIC.len()].copy_from_slice(SEALED_MAGIC);
                fill_random(&mut header[SEALED_MAGIC.len()..])?;
                out.write_all(&header).map_err(write_error)?;
                let cipher = XChaCha20Poly1305::new_from_slice(&keys.sealing).expect("a 32-byte key");
                let mut namer = HmacSha256::new(&keys.naming);
                for index in 0u32.. {
                    let read = fill(reader, &mut buffer).map_err(read_error(name))?;
                    size += read as u64;
                    if size > MAX_ATTACHMENT_BYTES {
                        return Err(too_large(name, size));
                    }
                    // A full chunk is never the last: a file whose size is a multiple of the
                    // chunk ends with an empty last chunk, so a cut at a chunk's end is seen.
                    let last = read < buffer.len();
                    namer.update(&buffer[..read]);
                    let sealed = cipher
                        .encrypt(
                            &chunk_nonce(&header, index, last).into(),
                            Payload { msg: &buffer[..read], aad: &header },
                        )
                        .map_err(|_| CoreError::InvalidInput(format!("“{name}” could not be encrypted.")))?;
                    out.write_all(&sealed).map_err(write_error)?;
                    if last {
                        break;
                    }
                }
                hex(&namer.finish())
            }
        };
        let file = out.into_inner().map_err(|error| write_error(error.into_error()))?;
        file.sync_all().map_err(write_error)?;
        Ok((content, size))
    }

    fn remove_staged(&self) -> Result<()> {
        let Ok(leftovers) = fs::read_dir(&self.staged) else {
            return Ok(());
        };
        for leftover in leftovers.flatten() {
            let path = leftover.path();
            fs::remove_file(&path).map_err(|source| CoreError::Io {
                action: "remove a partly written attachment",
                path: path.clone(),
                source,
            })?;
        }
        Ok(())
    }
}

/// The nonce of chunk `index`: the file's random prefix, the chunk's number and whether it is
/// the last, so that chunks cannot be reordered, dropped or moved to another file.
fn chunk_nonce(header: &[u8; HEADER_LEN], index: u32, last: bool) -> [u8; 24] {
    let mut nonce = [0u8; 24];
    nonce[..NONCE_PREFIX_LEN].copy_from_slice(&header[SEALED_MAGIC.len()..]);
    nonce[NONCE_PREFIX_LEN..20].copy_from_slice(&index.to_be_bytes());
    nonce[23] = u8::from(last);
    nonce
}

/// Reads until `buffer` is full or the input ends; returns how much was read.
fn fill(reader: &mut impl Read, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(filled)
}

const READ_ACTION: &str = "read the file to attach";

fn read_error(name: &str) -> impl Fn(io::Error) -> CoreError + '_ {
    move |source| CoreError::Io { action: READ_ACTION, path: PathBuf::from(name), source }
}

/// Whether `error`, from storing a file, is about the file itself (unreadable, too large, not
/// what its name says) rather than about the journal's disk: an import leaves out such a file
/// and goes on, and stops at the other kind (a full disk).
pub(crate) fn is_fault_of_the_file(error: &CoreError) -> bool {
    match error {
        CoreError::InvalidInput(_) => true,
        CoreError::Io { action, .. } => *action == READ_ACTION,
        _ => false,
    }
}

fn too_large(name: &str, size: u64) -> CoreError {
    CoreError::InvalidInput(format!(
        "“{name}” is {:.1} MB; files up to {} MB can be attached.",
        size as f64 / (1024.0 * 1024.0),
        MAX_ATTACHMENT_BYTES / (1024 * 1024)
    ))
}

fn is_content_name(name: &str) -> bool {
    name.len() == 64 && name.bytes().all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte))
}
