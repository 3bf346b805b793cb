//! Hard limits on what an import reads, so that a hostile or broken file gets a clear error
//! instead of exhausting memory or hanging the app.
//!
//! Every import file read whole goes through [`read_file_up_to`] (a cap on its size, checked
//! before a byte is read). A zip is never read whole: [`read_zip_from`] reads its directory and
//! extracts only the text members an import needs (caps on the number of entries, on each
//! entry's and the total uncompressed size and on the compression ratio, and no names that
//! climb out of the archive), and [`media_member`] opens one media file at a time to be
//! streamed into the attachment store, with the same checks per file. The caps are far above
//! any real journal from another app: 100,000 jrnl entries of a few paragraphs each are about
//! 40–55 MB of JSON.
//!
//! A Failing Up export has a cap of its own, [`MAX_FAILING_UP_FILE_BYTES`]: it holds the whole
//! journal (setbacks, reflections, lessons, check-ins as well as entries), and the user must
//! always be able to import their own export back.

use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::ImportFormat;
use crate::error::{CoreError, Result};

/// The largest file from another app (jrnl, Day One, Daylio) an import reads whole. A bigger
/// file is refused before it is read. A Day One zip is not read whole and has no such cap.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The largest Failing Up export an import reads. 100,000 entries of a paragraph each export
/// to 40–75 MB, so this leaves room for a journal three to six times that size. It is bounded
/// because the file is read whole and checked in memory: the parsed JSON takes about twice
/// the file's size beside it, and the in-memory copy of the journal about its size again, so
/// the worst case stays near 1 GB. Raising it much further would first need the tables to be
/// read row by row instead of whole.
pub const MAX_FAILING_UP_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The largest file an import of `format` reads.
pub fn max_file_bytes(format: ImportFormat) -> u64 {
    match format {
        ImportFormat::FailingUp => MAX_FAILING_UP_FILE_BYTES,
        ImportFormat::Jrnl | ImportFormat::DayOne | ImportFormat::Daylio => MAX_FILE_BYTES,
    }
}

/// The most entries a zip may list. Day One zips hold one file per photo, so this is
/// generous; a zip with more is refused rather than walked.
pub const MAX_ZIP_ENTRIES: usize = 100_000;

/// The largest uncompressed size of one zip entry extracted into memory (a journal's JSON),
/// and of all of them together. Media files are streamed to the attachment store instead and
/// have the attachment limit ([`crate::attachments::MAX_ATTACHMENT_BYTES`]).
pub const MAX_ZIP_ENTRY_BYTES: u64 = MAX_FILE_BYTES;
pub const MAX_ZIP_TOTAL_BYTES: u64 = MAX_FILE_BYTES;

/// The highest compression ratio (uncompressed ÷ compressed) of an extracted entry. Journal
/// JSON compresses about 5–20 times; a zip bomb of zeros compresses about 1,000 times.
pub const MAX_ZIP_RATIO: u64 = 200;

/// Reads a file from another app whole, refusing one larger than [`MAX_FILE_BYTES`] with a
/// message that names its size.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    read_file_up_to(path, MAX_FILE_BYTES)
}

/// Reads an import file whole, refusing one larger than `cap` bytes with a message that names
/// its size and the cap.
pub fn read_file_up_to(path: &Path, cap: u64) -> Result<Vec<u8>> {
    let io_error = |source| CoreError::Io { action: "read the import file", path: path.to_path_buf(), source };
    let file = File::open(path).map_err(io_error)?;
    let declared = file.metadata().map_err(io_error)?.len();
    if declared > cap {
        return Err(too_big_file(path, declared, cap));
    }
    // The size is checked again while reading, because a file can grow after its metadata
    // was read (or lie about its size, as some special files do).
    let mut bytes = Vec::with_capacity(declared as usize);
    file.take(cap + 1).read_to_end(&mut bytes).map_err(io_error)?;
    if bytes.len() as u64 > cap {
        return Err(too_big_file(path, bytes.len() as u64, cap));
    }
    Ok(bytes)
}

fn too_big_file(path: &Path, size: u64, cap: u64) -> CoreError {
    let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    CoreError::InvalidInput(format!(
        "The file {name} is {} and cannot be imported: Failing Up imports files of this kind up to {}.",
        human_size(size),
        human_size(cap)
    ))
}

/// A size for people: "100.0 MB", "512 bytes".
pub fn human_size(bytes: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / MB)
    } else if bytes >= 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} bytes")
    }
}

/// One file taken out of a zip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZipMember {
    /// Its name inside the zip, with `/` between folders.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Whether `bytes` start like a zip archive (a local file header or an empty archive).
pub fn looks_like_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Whether the file at `path` starts like a zip archive.
pub fn file_looks_like_zip(path: &Path) -> Result<bool> {
    let mut head = Vec::with_capacity(4);
    File::open(path).and_then(|file| file.take(4).read_to_end(&mut head)).map_err(|source| CoreError::Io {
        action: "read the import file",
        path: path.to_path_buf(),
        source,
    })?;
    Ok(looks_like_zip(&head))
}

/// Something both readable and seekable, as a zip is read.
pub trait ReadSeek: Read + Seek + Send {}
impl<T: Read + Seek + Send> ReadSeek for T {}

/// An open zip archive, whatever it is read from.
pub type Archive = zip::ZipArchive<Box<dyn ReadSeek>>;

/// Where an import's zip is, so that it can be opened again when the import is applied and its
/// media streamed from it one by one: the file on disk, or (for a file handed over in memory)
/// its bytes.
#[derive(Debug, Clone)]
pub enum ArchiveSource {
    File(PathBuf),
    Memory(Arc<[u8]>),
}

impl ArchiveSource {
    /// Opens the archive (its directory only), refusing one that is not a readable zip, lists
    /// too many entries, or names a file outside itself.
    pub fn open(&self, file_name: &str) -> Result<Archive> {
        let reader: Box<dyn ReadSeek> = match self {
            ArchiveSource::File(path) => {
                Box::new(BufReader::new(File::open(path).map_err(|source| CoreError::Io {
                    action: "read the import file",
                    path: path.clone(),
                    source,
                })?))
            }
            ArchiveSource::Memory(bytes) => Box::new(Cursor::new(Arc::clone(bytes))),
        };
        let archive = zip::ZipArchive::new(reader).map_err(|error| {
            CoreError::InvalidInput(format!("The file {file_name} is not a readable zip archive ({error})."))
        })?;
        check_directory(&archive, file_name)?;
        Ok(archive)
    }
}

/// Opens the zip in `bytes` and extracts the members for which `wanted(name)` holds, within
/// the caps above (see [`read_zip_from`]).
pub fn read_zip(bytes: &[u8], file_name: &str, wanted: impl Fn(&str) -> bool) -> Result<Vec<ZipMember>> {
    let mut archive = ArchiveSource::Memory(Arc::from(bytes)).open(file_name)?;
    read_zip_from(&mut archive, file_name, wanted)
}

/// Refuses an archive that lists too many entries or any name that is absolute or contains
/// `..`, wanted or not: such a zip was not made by the app that claims to have exported it.
fn check_directory(archive: &Archive, file_name: &str) -> Result<()> {
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(CoreError::InvalidInput(format!(
            "The zip {file_name} lists {} files; Failing Up reads zips of up to {MAX_ZIP_ENTRIES} files.",
            archive.len()
        )));
    }
    if let Some(name) = archive.file_names().find(|name| is_unsafe_name(name)) {
        return Err(CoreError::InvalidInput(format!(
            "The zip {file_name} contains an entry named “{name}”, which points outside the archive; it was not \
             imported."
        )));
    }
    Ok(())
}

/// Extracts from an open archive the members for which `wanted(name)` holds, within the caps
/// above. Directories are never extracted.
pub fn read_zip_from(archive: &mut Archive, file_name: &str, wanted: impl Fn(&str) -> bool) -> Result<Vec<ZipMember>> {
    let mut members = Vec::new();
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        // Only the directory is consulted for the members not wanted (most of a Day One zip:
        // its photos), so their data is never touched here.
        if !archive.name_for_index(index).is_some_and(&wanted) {
            continue;
        }
        let mut entry = archive.by_index(index).map_err(|error| {
            CoreError::InvalidInput(format!("The zip {file_name} has a damaged entry (number {}): {error}.", index + 1))
        })?;
        let name = entry.name().to_owned();
        if entry.is_dir() {
            continue;
        }
        let declared = entry.size();
        let compressed = entry.compressed_size().max(1);
        check_entry_size(file_name, &name, declared, compressed, MAX_ZIP_ENTRY_BYTES)?;
        if total + declared > MAX_ZIP_TOTAL_BYTES {
            return Err(too_big_total(file_name));
        }
        // The header's sizes may lie, so the read is capped too and the caps are checked
        // against what actually came out.
        let mut content = Vec::with_capacity(declared.min(MAX_ZIP_ENTRY_BYTES) as usize);
        (&mut entry).take(MAX_ZIP_ENTRY_BYTES + 1).read_to_end(&mut content).map_err(|error| {
            CoreError::InvalidInput(format!("The entry {name} of the zip {file_name} could not be read: {error}."))
        })?;
        let actual = content.len() as u64;
        check_entry_size(file_name, &name, actual, compressed, MAX_ZIP_ENTRY_BYTES)?;
        total += actual;
        if total > MAX_ZIP_TOTAL_BYTES {
            return Err(too_big_total(file_name));
        }
        members.push(ZipMember { name, bytes: content });
    }
    Ok(members)
}

fn is_unsafe_name(name: &str) -> bool {
    let name = name.replace('\\', "/");
    name.starts_with('/')
        || name.split('/').any(|part| part == "..")
        // A drive letter ("C:") makes a Windows path absolute.
        || name.as_bytes().get(1) == Some(&b':')
        || name.contains('\0')
}

/// Opens the media file `name` of an archive to be streamed, after the same checks as an
/// extracted member (at most `cap` bytes, no bomb-like ratio). The reader stops one byte after
/// the size the zip declares, so a member that unpacks to more than it declared is seen (the
/// store's size then differs from [`MediaMember::declared`]) without unpacking the rest.
pub fn media_member<'a>(archive: &'a mut Archive, file_name: &str, name: &str, cap: u64) -> Result<MediaMember<'a>> {
    let entry = archive.by_name(name).map_err(|error| match error {
        zip::result::ZipError::FileNotFound => {
            CoreError::InvalidInput(format!("The zip {file_name} does not hold the file {name}."))
        }
        error => CoreError::InvalidInput(format!("The entry {name} of the zip {file_name} cannot be read: {error}.")),
    })?;
    let declared = entry.size();
    check_entry_size(file_name, name, declared, entry.compressed_size().max(1), cap)?;
    Ok(MediaMember { declared, reader: Box::new(entry.take(declared + 1)) })
}

/// Reads the member `name` of an archive whole, within `cap` bytes and the bomb checks.
pub fn read_member(archive: &mut Archive, file_name: &str, name: &str, cap: u64) -> Result<Vec<u8>> {
    let member = media_member(archive, file_name, name, cap)?;
    let mut bytes = Vec::with_capacity(member.declared as usize);
    let mut reader = member.reader;
    reader.read_to_end(&mut bytes).map_err(|error| {
        CoreError::InvalidInput(format!("The entry {name} of the zip {file_name} could not be read: {error}."))
    })?;
    if bytes.len() as u64 != member.declared {
        return Err(CoreError::InvalidInput(format!(
            "The entry {name} of the zip {file_name} unpacks to another size than the zip says; the zip is damaged."
        )));
    }
    Ok(bytes)
}

/// A media file of a zip, open to be read once.
pub struct MediaMember<'a> {
    /// The size the zip says the file unpacks to.
    pub declared: u64,
    pub reader: Box<dyn Read + 'a>,
}

fn check_entry_size(file_name: &str, name: &str, size: u64, compressed: u64, cap: u64) -> Result<()> {
    if size > cap {
        return Err(CoreError::InvalidInput(format!(
            "The entry {name} of the zip {file_name} unpacks to more than {}, more than Failing Up reads from \
             one file.",
            human_size(cap)
        )));
    }
    // Tiny entries are exempt: a few hundred zeros compress very well without being a bomb.
    if size > 64 * 1024 && size / compressed > MAX_ZIP_RATIO {
        return Err(CoreError::InvalidInput(format!(
            "The entry {name} of the zip {file_name} is compressed {}:1, which only a zip bomb is; it was not \
             unpacked (the most Failing Up accepts is {MAX_ZIP_RATIO}:1).",
            size / compressed
        )));
    }
    Ok(())
}

fn too_big_total(file_name: &str) -> CoreError {
    CoreError::InvalidInput(format!(
        "The zip {file_name} unpacks to more than {}, more than Failing Up imports at once.",
        human_size(MAX_ZIP_TOTAL_BYTES)
    ))
}
