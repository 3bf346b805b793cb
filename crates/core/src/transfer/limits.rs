//! Hard limits on what an import reads, so that a hostile or broken file gets a clear error
//! instead of exhausting memory or hanging the app.
//!
//! Every import file goes through [`read_file_up_to`] (a cap on its size, checked before a
//! byte is read) and a zip through [`read_zip`] (caps on the number of entries, on each
//! entry's and the total uncompressed size and on the compression ratio, and no names that
//! climb out of the archive). The caps are far above any real journal from another app:
//! 100,000 jrnl entries of a few paragraphs each are about 40–55 MB of JSON.
//!
//! A Failing Up export has a cap of its own, [`MAX_FAILING_UP_FILE_BYTES`]: it holds the whole
//! journal (setbacks, reflections, lessons, check-ins as well as entries), and the user must
//! always be able to import their own export back.

use std::fs::File;
use std::io::{Cursor, Read};
use std::path::Path;

use super::ImportFormat;
use crate::error::{CoreError, Result};

/// The largest file from another app (jrnl, Day One, Daylio) an import reads. A bigger file
/// is refused before it is read.
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

/// The largest uncompressed size of one extracted zip entry, and of all of them together.
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

/// Opens the zip in `bytes` and extracts the members for which `wanted(name)` holds, within
/// the caps above. The whole archive is refused when it lists too many entries or any name
/// that is absolute or contains `..`, wanted or not: such a zip was not made by the app that
/// claims to have exported it. Directories are never extracted.
pub fn read_zip(bytes: &[u8], file_name: &str, wanted: impl Fn(&str) -> bool) -> Result<Vec<ZipMember>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|error| {
        CoreError::InvalidInput(format!("The file {file_name} is not a readable zip archive ({error})."))
    })?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(CoreError::InvalidInput(format!(
            "The zip {file_name} lists {} files; Failing Up reads zips of up to {MAX_ZIP_ENTRIES} files.",
            archive.len()
        )));
    }
    let mut members = Vec::new();
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|error| {
            CoreError::InvalidInput(format!("The zip {file_name} has a damaged entry (number {}): {error}.", index + 1))
        })?;
        let name = entry.name().to_owned();
        if is_unsafe_name(&name) {
            return Err(CoreError::InvalidInput(format!(
                "The zip {file_name} contains an entry named “{name}”, which points outside the archive; \
                 it was not imported."
            )));
        }
        if entry.is_dir() || !wanted(&name) {
            continue;
        }
        let declared = entry.size();
        let compressed = entry.compressed_size().max(1);
        check_entry_size(file_name, &name, declared, compressed)?;
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
        check_entry_size(file_name, &name, actual, compressed)?;
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

fn check_entry_size(file_name: &str, name: &str, size: u64, compressed: u64) -> Result<()> {
    if size > MAX_ZIP_ENTRY_BYTES {
        return Err(CoreError::InvalidInput(format!(
            "The entry {name} of the zip {file_name} unpacks to more than {}, more than Failing Up reads from \
             one file.",
            human_size(MAX_ZIP_ENTRY_BYTES)
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
