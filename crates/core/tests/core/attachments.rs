//! The store of attached files: one copy per content, sealed under the journal's key when it
//! has one, crash-safe, and refusing what cannot be attached without writing anything.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use failup_core::attachments::{ContentStore, ATTACHMENTS_DIR_NAME, MAX_ATTACHMENT_BYTES};
use failup_core::error::ErrorCode;
use failup_core::vault::DatabaseKey;
use sha2::{Digest, Sha256};

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

/// A photo-sized, varied content that contains `canary` in clear.
fn photo_with(canary: &[u8], size: usize) -> Vec<u8> {
    let mut bytes: Vec<u8> = (0..size).map(|index| (index * 31 % 251) as u8).collect();
    bytes[size / 2..size / 2 + canary.len()].copy_from_slice(canary);
    bytes
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|byte| format!("{byte:02x}")).collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

#[test]
fn the_same_file_attached_twice_is_stored_once_under_its_hash() {
    let dir = tempfile::tempdir().unwrap();
    let store = ContentStore::open(dir.path(), None).unwrap();
    let photo = photo_with(b"beach", 300_000);
    let first = store.store_bytes(&photo, "beach.jpg").unwrap();
    let again = store.store_bytes(&photo, "copy of beach.jpg").unwrap();
    let other = store.store_bytes(b"another file", "notes.txt").unwrap();

    assert!(first.newly_written);
    assert!(!again.newly_written, "nothing new is written for content already stored");
    assert_eq!(first.content, again.content);
    assert_ne!(first.content, other.content);
    assert_eq!(first.content, sha256_hex(&photo), "a plain journal names a file by its SHA-256");
    assert_eq!(first.size, 300_000);
    assert_eq!(files_under(&dir.path().join(ATTACHMENTS_DIR_NAME)).len(), 2, "two contents, two files");
    assert_eq!(store.read(&first.content).unwrap(), photo);
    assert_eq!(store.contents().unwrap(), BTreeSet::from([first.content, other.content]));
}

#[test]
fn an_encrypted_journal_stores_nothing_in_clear_and_reads_back_every_size() {
    let dir = tempfile::tempdir().unwrap();
    let key = DatabaseKey::generate().unwrap();
    let store = ContentStore::open(dir.path(), Some(&key)).unwrap();
    let canary = b"canary-kestrel-4417";
    // Around the 64 KiB chunk: empty, one byte, a chunk less one, exactly one, one more, many.
    for size in [0, 1, 65_535, 65_536, 65_537, 3 * 65_536, 1_000_000] {
        let photo = if size >= 100 { photo_with(canary, size) } else { vec![7u8; size] };
        let stored = store.store_bytes(&photo, "photo.jpg").unwrap();
        assert_eq!(store.read(&stored.content).unwrap(), photo, "{size} bytes come back as they were");
        if size > 0 {
            assert_ne!(stored.content, sha256_hex(&photo), "the name does not reveal the content's hash");
        }
    }
    for file in files_under(&dir.path().join(ATTACHMENTS_DIR_NAME)) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(!contains(&bytes, canary), "{} holds the canary in clear", file.display());
    }

    let other_key = DatabaseKey::generate().unwrap();
    let other = ContentStore::open(dir.path(), Some(&other_key)).unwrap();
    assert!(other.contents().unwrap().is_empty(), "files sealed under one key are not another key's");
    let plain = ContentStore::open(dir.path(), None).unwrap();
    assert!(plain.contents().unwrap().is_empty(), "nor a plain journal's");
}

#[test]
fn an_altered_or_cut_file_is_refused_with_a_clear_error() {
    for key in [None, Some(DatabaseKey::generate().unwrap())] {
        let dir = tempfile::tempdir().unwrap();
        let store = ContentStore::open(dir.path(), key.as_ref()).unwrap();
        let photo = photo_with(b"x", 200_000);
        let stored = store.store_bytes(&photo, "photo.jpg").unwrap();
        let path = files_under(&dir.path().join(ATTACHMENTS_DIR_NAME)).pop().unwrap();
        let original = std::fs::read(&path).unwrap();

        let mut altered = original.clone();
        altered[100_000] ^= 1;
        std::fs::write(&path, &altered).unwrap();
        let error = store.read(&stored.content).unwrap_err();
        assert_eq!(error.code(), ErrorCode::Storage);
        assert!(error.to_string().contains("damaged"), "{error}");

        // Cut at the end of the first sealed chunk (header + 64 KiB + tag) and mid-file.
        for cut in [24 + 65_536 + 16, 150_000] {
            std::fs::write(&path, &original[..cut]).unwrap();
            let error = store.read(&stored.content).unwrap_err();
            assert!(error.to_string().contains("damaged"), "cut at {cut}: {error}");
        }
        std::fs::write(&path, &original).unwrap();
        assert_eq!(store.read(&stored.content).unwrap(), photo, "the intact file reads again");
    }
}

#[test]
fn what_cannot_be_attached_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = ContentStore::open(dir.path(), None).unwrap();
    let outside = tempfile::tempdir().unwrap();

    let huge = outside.path().join("holiday.mp4");
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(MAX_ATTACHMENT_BYTES + 1).unwrap(); // sparse: no disk is used
    let error = store.store_file(&huge).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidInput);
    assert!(error.to_string().contains("holiday.mp4") && error.to_string().contains("256 MB"), "{error}");

    let error = store.store_file(outside.path()).unwrap_err();
    assert!(error.to_string().contains("is a folder"), "{error}");
    #[cfg(unix)]
    {
        let error = store.store_file(Path::new("/dev/zero")).unwrap_err();
        assert!(error.to_string().contains("not a regular file"), "{error}");
    }
    let error = store.store_file(&outside.path().join("gone.pdf")).unwrap_err();
    assert!(error.to_string().contains("gone.pdf"), "a missing file is named: {error}");

    assert!(files_under(&dir.path().join(ATTACHMENTS_DIR_NAME)).is_empty(), "nothing stored, nothing left staged");
    assert!(store.read("../../journal.sqlite3").is_err(), "a name that is not a content name reads nothing");
}

#[test]
fn a_file_from_disk_is_stored_and_what_a_crash_left_staged_is_removed() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let letter = outside.path().join("rejection letter.pdf");
    std::fs::write(&letter, b"%PDF-1.7 We regret to inform you").unwrap();
    let store = ContentStore::open(dir.path(), None).unwrap();
    let stored = store.store_file(&letter).unwrap();
    assert_eq!(store.read(&stored.content).unwrap(), b"%PDF-1.7 We regret to inform you");

    let staged = dir.path().join(ATTACHMENTS_DIR_NAME).join("staged");
    std::fs::write(staged.join("0123456789abcdef"), b"half a photo").unwrap();
    let reopened = ContentStore::open(dir.path(), None).unwrap();
    assert_eq!(std::fs::read_dir(&staged).unwrap().count(), 0, "a crash's leftover is gone");
    assert!(reopened.contains(&stored.content), "stored files stay");
}

#[test]
fn only_files_nothing_refers_to_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let store = ContentStore::open(dir.path(), None).unwrap();
    let kept = store.store_bytes(b"still in an entry", "a.png").unwrap().content;
    let in_a_backup = store.store_bytes(b"only in last week's backup", "b.png").unwrap().content;
    let orphan = store.store_bytes(b"deleted everywhere", "c.png").unwrap().content;

    let removed = store.remove_unreferenced(&BTreeSet::from([kept.clone(), in_a_backup.clone()])).unwrap();
    assert_eq!(removed, 1);
    assert!(store.contains(&kept) && store.contains(&in_a_backup));
    assert!(!store.contains(&orphan));
}
