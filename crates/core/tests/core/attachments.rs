//! The store of attached files: one copy per content, sealed under the journal's key when it
//! has one, crash-safe, and refusing what cannot be attached without writing anything.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use failup_core::attachments::{ContentStore, Owner, ATTACHMENTS_DIR_NAME, MAX_ATTACHMENT_BYTES};
use failup_core::backup::BackupReason;
use failup_core::error::ErrorCode;
use failup_core::journal::EntryDraft;
use failup_core::transfer::{ImportFormat, ImportOptions, ParsedImport};
use failup_core::vault::{DatabaseKey, KeyFile};
use failup_core::Database;

use super::{files_under, fixed_clock, open_temp};
use sha2::{Digest, Sha256};

/// A photo of `size` bytes (its first bytes say JPEG), varied, holding `canary` in clear.
fn photo_with(canary: &[u8], size: usize) -> Vec<u8> {
    let mut bytes: Vec<u8> = (0..size).map(|index| (index * 31 % 251) as u8).collect();
    bytes[..4].copy_from_slice(&[0xFF, 0xD8, 0xFF, 0xE0]);
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
        let stored = store.store_bytes(&photo, "photo").unwrap();
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
    let kept = store.store_bytes(b"still in an entry", "a.txt").unwrap().content;
    let in_a_backup = store.store_bytes(b"only in last week's backup", "b.txt").unwrap().content;
    let orphan = store.store_bytes(b"deleted everywhere", "c.txt").unwrap().content;

    let removed = store.remove_unreferenced(&BTreeSet::from([kept.clone(), in_a_backup.clone()])).unwrap();
    assert_eq!(removed, 1);
    assert!(store.contains(&kept) && store.contains(&in_a_backup));
    assert!(!store.contains(&orphan));
}

fn entry(database: &mut Database, title: &str) -> i64 {
    database
        .entries()
        .create(&EntryDraft { title: title.into(), body: "text".into(), ..Default::default() })
        .unwrap()
        .id
}

fn total_size(dir: &Path) -> u64 {
    files_under(dir).iter().map(|file| file.metadata().unwrap().len()).sum()
}

#[test]
fn files_attach_to_entries_once_per_content_and_come_back() {
    let (dir, mut database) = open_temp();
    let data = dir.path().join("data");
    let first = entry(&mut database, "Rejected");
    let second = entry(&mut database, "Rejected again");
    let photo = photo_with(b"letter", 500_000);
    let outside = tempfile::tempdir().unwrap();
    let source = outside.path().join("rejection.jpg");
    std::fs::write(&source, &photo).unwrap();

    let attached = database.attachments().attach_file(Owner::Entry(first), &source).unwrap();
    let pasted = database.attachments().attach_bytes(Owner::Entry(second), "pasted.jpg", &photo).unwrap();
    database.attachments().attach_bytes(Owner::Entry(second), "notes.txt", b"what they said").unwrap();

    assert_eq!(attached.file_name, "rejection.jpg");
    assert_eq!(attached.media_type, "image/jpeg");
    assert_eq!(attached.size_bytes, 500_000);
    assert_ne!(attached.reference, pasted.reference, "each attachment has its own reference");
    let mut names =
        |owner| database.attachments().of(owner).unwrap().into_iter().map(|a| a.file_name).collect::<Vec<_>>();
    assert_eq!(names(Owner::Entry(first)), ["rejection.jpg"]);
    assert_eq!(names(Owner::Entry(second)), ["pasted.jpg", "notes.txt"]);
    let (read, bytes) = database.attachments().read(&pasted.reference).unwrap();
    assert_eq!((read, bytes), (pasted, photo));
    assert_eq!(files_under(&data.join(ATTACHMENTS_DIR_NAME)).len(), 2, "the photo twice is stored once, the note once");
}

#[test]
fn an_attachment_that_cannot_be_made_writes_nothing() {
    let (dir, mut database) = open_temp();
    let data = dir.path().join("data");
    let error =
        database.attachments().attach_bytes(Owner::Entry(42), "photo.jpg", &photo_with(b"x", 1000)).unwrap_err();
    assert_eq!(error.code(), ErrorCode::NotFound);
    assert!(error.to_string().contains("Journal entry 42"), "{error}");

    let id = entry(&mut database, "Review");
    let error = database.attachments().attach_bytes(Owner::Entry(id), "review.pdf", b"not a pdf at all").unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidInput);
    assert!(error.to_string().contains("review.pdf") && error.to_string().contains("PDF document"), "{error}");

    assert!(database.attachments().of(Owner::Entry(id)).unwrap().is_empty());
    assert!(files_under(&data.join(ATTACHMENTS_DIR_NAME)).is_empty(), "no file stored, none left staged");
}

#[test]
fn a_deleted_entrys_photo_stays_while_a_backup_needs_it() {
    let (dir, mut database) = open_temp();
    let data = dir.path().join("data");
    let id = entry(&mut database, "Marathon");
    let photo = photo_with(b"finish line", 100_000);
    let attached = database.attachments().attach_bytes(Owner::Entry(id), "finish.jpg", &photo).unwrap();
    let backup = database.create_backup(BackupReason::Manual).unwrap();
    database.entries().delete(id).unwrap();

    assert_eq!(database.remove_unreferenced_attachments().unwrap(), 0, "the backup still refers to the photo");
    assert_eq!(files_under(&data.join(ATTACHMENTS_DIR_NAME)).len(), 1);
    assert!(database.attachments().read(&attached.reference).is_err(), "the journal itself no longer has it");

    std::fs::remove_file(data.join("backups").join(&backup.id)).unwrap();
    assert_eq!(database.remove_unreferenced_attachments().unwrap(), 1, "with the backup gone, so is the photo");
    assert!(files_under(&data.join(ATTACHMENTS_DIR_NAME)).is_empty());
}

#[test]
fn backups_do_not_multiply_the_photos() {
    let (dir, mut database) = open_temp();
    let data = dir.path().join("data");
    let id = entry(&mut database, "Holiday that went wrong");
    for index in 0..4u8 {
        database
            .attachments()
            .attach_bytes(Owner::Entry(id), &format!("{index}.jpg"), &photo_with(&[index; 8], 1_000_000))
            .unwrap();
    }
    for _ in 0..23 {
        database.create_backup(BackupReason::Manual).unwrap();
    }
    let photos = total_size(&data.join(ATTACHMENTS_DIR_NAME));
    assert!((4_000_000..4_100_000).contains(&photos), "4 MB of photos stored once: {photos} bytes");
    let backups = files_under(&data.join("backups"));
    assert_eq!(backups.len(), 23);
    for backup in backups {
        let size = backup.metadata().unwrap().len();
        assert!(size < 1_000_000, "a backup is the database alone, smaller than one photo: {size} bytes");
    }
}

#[test]
fn an_encrypted_journals_attachments_are_sealed_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let (key_file, key) = KeyFile::create("a long enough passphrase").unwrap();
    let mut database =
        Database::open_with_key(&dir.path().join("journal.sqlite3"), fixed_clock(), Some((key, key_file))).unwrap();
    let id = entry(&mut database, "Private");
    let canary = b"canary-ocelot-9931";
    let photo = photo_with(canary, 300_000);
    let attached = database.attachments().attach_bytes(Owner::Entry(id), "scan.jpg", &photo).unwrap();
    database.create_backup(BackupReason::Manual).unwrap();
    database.entries().delete(id).unwrap();

    assert_eq!(database.remove_unreferenced_attachments().unwrap(), 0, "the encrypted backup is read with the key");
    for file in files_under(dir.path()) {
        assert!(!contains(&std::fs::read(&file).unwrap(), canary), "{} holds the canary in clear", file.display());
    }
    assert!(database.attachments().read(&attached.reference).is_err());
}

#[test]
fn the_markdown_export_copies_attached_files_to_assets_and_links_them() {
    let dir = tempfile::tempdir().unwrap();
    let (key_file, key) = KeyFile::create("a long enough passphrase").unwrap();
    let mut database =
        Database::open_with_key(&dir.path().join("journal.sqlite3"), fixed_clock(), Some((key, key_file))).unwrap();
    let id = entry(&mut database, "Build broke");
    let screenshot = photo_with(b"stack trace", 50_000);
    let shown = database.attachments().attach_bytes(Owner::Entry(id), "build log.jpg", &screenshot).unwrap();
    let listed = database.attachments().attach_bytes(Owner::Entry(id), "../notes.txt", b"what I tried").unwrap();
    let body = format!("It failed here: ![the log](attachment:{}) and attachment:not-a-reference", shown.reference);
    let draft = EntryDraft { title: "Build broke".into(), body, ..Default::default() };
    database.entries().update(id, &draft).unwrap();

    let target = dir.path().join("export");
    assert_eq!(database.export_markdown_folder(&target).unwrap(), 3, "one entry and two attached files");
    let picture = format!("assets/{}-build-log.jpg", &shown.reference[..12]);
    let notes = format!("assets/{}-notes.txt", &listed.reference[..12]);
    assert_eq!(std::fs::read(target.join(&picture)).unwrap(), screenshot, "the picture, unsealed");
    assert_eq!(std::fs::read(target.join(&notes)).unwrap(), b"what I tried", "a name cannot climb out of assets/");
    let entry_file = files_under(&target.join("entries")).pop().unwrap();
    let text = std::fs::read_to_string(entry_file).unwrap();
    assert!(text.contains(&format!("![the log](../{picture})")), "the picture is linked where it was: {text}");
    assert!(text.contains("attachment:not-a-reference"), "text that only looks like a link is kept: {text}");
    assert!(text.contains(&format!("- [../notes.txt](../{notes})")), "every attached file is listed: {text}");

    let zip = database.export_markdown_zip().unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut copied = Vec::new();
    std::io::Read::read_to_end(&mut archive.by_name(&picture).unwrap(), &mut copied).unwrap();
    assert_eq!(copied, screenshot, "the zip holds the same copy");
}

#[test]
fn merging_an_export_leaves_out_the_attachments_whose_files_it_does_not_carry_and_says_so() {
    let (_dir, mut source) = open_temp();
    let id = entry(&mut source, "With a photo");
    source.attachments().attach_bytes(Owner::Entry(id), "photo.jpg", &photo_with(b"x", 1000)).unwrap();
    let export = source.export_json().unwrap();

    let (_dir2, mut target) = open_temp();
    entry(&mut target, "Already here");
    let parsed = ParsedImport::from_bytes(ImportFormat::FailingUp, &export, "export.json").unwrap();
    let report = target.import(&parsed, &ImportOptions::default()).unwrap();
    let imported = target.entries().list(None, 10).unwrap().entries;
    assert_eq!(imported.len(), 2, "the entry is imported");
    let with_photo = imported.iter().find(|entry| entry.title == "With a photo").unwrap();
    assert!(target.attachments().of(Owner::Entry(with_photo.id)).unwrap().is_empty(), "no link to a missing file");
    assert!(
        report
            .skipped
            .iter()
            .any(|skipped| skipped.item == "1 attached file(s)" && skipped.reason.contains("attach them again")),
        "the report says what was left out: {:?}",
        report.skipped
    );
}

fn media_fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/media").join(name)).unwrap()
}

/// `(numerator, denominator)` pairs as a big-endian (`MM`) EXIF block stores TIFF rationals.
fn big_endian_rationals(values: &[(u32, u32)]) -> Vec<u8> {
    values
        .iter()
        .flat_map(|(numerator, denominator)| [numerator.to_be_bytes(), denominator.to_be_bytes()])
        .flatten()
        .collect()
}

#[test]
fn an_attached_photo_loses_its_location_keeps_its_date_and_is_still_stored_once() {
    let (dir, mut database) = open_temp();
    let stored_files = || files_under(&dir.path().join("data").join(ATTACHMENTS_DIR_NAME));
    let id = entry(&mut database, "Beach walk after the interview");
    let photo = media_fixture("beach-with-gps.jpg");
    // N 52°31'12.5": 52/1, 31/1, 25/2.
    let latitude = big_endian_rationals(&[(52, 1), (31, 1), (25, 2)]);
    assert!(contains(&photo, &latitude), "the fixture holds its latitude");
    let outside = tempfile::tempdir().unwrap();
    let source = outside.path().join("beach.jpg");
    std::fs::write(&source, &photo).unwrap();

    assert!(!database.settings().keep_photo_location().unwrap(), "the location is removed unless the user keeps it");
    let attached = database.attachments().attach_file(Owner::Entry(id), &source).unwrap();
    let (_, stored) = database.attachments().read(&attached.reference).unwrap();
    assert_eq!((attached.media_type.as_str(), attached.size_bytes), ("image/jpeg", photo.len() as u64));
    assert!(!contains(&stored, &latitude), "the stored photo has no location");
    assert!(contains(&stored, b"2021:06:14 18:42:05"), "and still its date taken");
    assert_ne!(stored, photo);

    let again = database.attachments().attach_file(Owner::Entry(id), &source).unwrap();
    let pasted = database.attachments().attach_bytes(Owner::Entry(id), "copy of beach.jpg", &photo).unwrap();
    assert_eq!(database.attachments().read(&again.reference).unwrap().1, stored);
    assert_eq!(database.attachments().read(&pasted.reference).unwrap().1, stored);
    let files = stored_files();
    assert_eq!(files.len(), 1, "the same photo attached three times is stored once");
    assert_eq!(files[0].file_name().unwrap().to_string_lossy(), sha256_hex(&stored), "named by the bytes stored");
    // Only the head is changed in a file larger than it: the rest is streamed as it comes.
    let large = [&photo[..], &photo_with(b"after the picture", 3_000_000)].concat();
    let large = database.attachments().attach_bytes(Owner::Entry(id), "large.jpg", &large).unwrap();
    let (_, stored_large) = database.attachments().read(&large.reference).unwrap();
    assert_eq!(stored_large[..stored.len()], stored[..]);
    assert_eq!(stored_large[stored.len()..], photo_with(b"after the picture", 3_000_000)[..]);

    database.settings().set_keep_photo_location(true).unwrap();
    assert!(database.settings().keep_photo_location().unwrap());
    let kept = database.attachments().attach_file(Owner::Entry(id), &source).unwrap();
    assert_eq!(database.attachments().read(&kept.reference).unwrap().1, photo, "kept as it came, location and all");
    assert_eq!(stored_files().len(), 3);
    assert_eq!(
        database.attachments().read(&attached.reference).unwrap().1,
        stored,
        "photos stored before stay as they were"
    );

    database.settings().set_keep_photo_location(false).unwrap();
    let png = media_fixture("harbour-with-gps.png");
    let harbour = database.attachments().attach_bytes(Owner::Entry(id), "harbour.png", &png).unwrap();
    let (_, stored_png) = database.attachments().read(&harbour.reference).unwrap();
    // S 33°51'35.9", as the little-endian (`II`) block of this PNG stores 359/10.
    assert!(contains(&png, &[0x67, 1, 0, 0, 10, 0, 0, 0]) && !contains(&stored_png, &[0x67, 1, 0, 0, 10, 0, 0, 0]));
    assert!(contains(&stored_png, b"2022:01:09 07:15:30"));
}

#[test]
fn an_encrypted_journal_removes_the_location_before_sealing_and_stores_the_photo_once() {
    let dir = tempfile::tempdir().unwrap();
    let (key_file, key) = KeyFile::create("a long enough passphrase").unwrap();
    let mut database =
        Database::open_with_key(&dir.path().join("journal.sqlite3"), fixed_clock(), Some((key, key_file))).unwrap();
    let id = entry(&mut database, "Private beach");
    let photo = media_fixture("beach-with-gps.jpg");
    let first = database.attachments().attach_bytes(Owner::Entry(id), "beach.jpg", &photo).unwrap();
    let second = database.attachments().attach_bytes(Owner::Entry(id), "beach again.jpg", &photo).unwrap();

    let (_, stored) = database.attachments().read(&first.reference).unwrap();
    assert!(!contains(&stored, &big_endian_rationals(&[(52, 1), (31, 1), (25, 2)])));
    assert!(contains(&stored, b"2021:06:14 18:42:05"));
    assert_eq!(database.attachments().read(&second.reference).unwrap().1, stored);
    assert_eq!(files_under(&dir.path().join(ATTACHMENTS_DIR_NAME)).len(), 1, "sealed once");
}

/// Where the full-disk test's child runs: a 4 MB tmpfs, mounted in a mount namespace of its own.
const FULL_DISK_DIR: &str = "FAILUP_TEST_FULL_DISK_DIR";

#[test]
fn on_a_full_disk_the_entry_is_kept_and_the_file_is_reported_not_saved() {
    let Some(dir) = std::env::var_os(FULL_DISK_DIR) else {
        // A real full disk: this test runs itself again inside a private mount namespace (as
        // root, or mapped to root in a user namespace) on a tmpfs of 4 MB.
        let mount_point = tempfile::tempdir().unwrap();
        let output = std::process::Command::new("unshare")
            .args(["--map-root-user", "--mount", "--propagation", "private", "sh", "-c"])
            .arg(r#"mount -t tmpfs -o size=4m failup-full-disk "$0" && exec "$1" --exact "$2" --nocapture"#)
            .arg(mount_point.path())
            .arg(std::env::current_exe().unwrap())
            .arg("attachments::on_a_full_disk_the_entry_is_kept_and_the_file_is_reported_not_saved")
            .env(FULL_DISK_DIR, mount_point.path())
            .output()
            .expect("unshare (util-linux) runs");
        let printed = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        assert!(output.status.success(), "the test on a full disk failed:\n{printed}");
        assert!(printed.contains("1 passed"), "the test ran on the small disk:\n{printed}");
        return;
    };
    let dir = Path::new(&dir);
    let mut database = Database::open_in_dir(&dir.join("data"), fixed_clock()).unwrap();
    let id = entry(&mut database, "The rejection letter came");
    let too_big = photo_with(b"full", 6 * 1024 * 1024);
    let error = database.attachments().attach_bytes(Owner::Entry(id), "letter-scan.jpg", &too_big).unwrap_err();
    assert_eq!(error.code(), ErrorCode::Storage);
    let message = error.to_string();
    assert!(message.contains("no space left") && message.contains("letter-scan.jpg"), "{message}");
    assert_eq!(database.entries().get(id).unwrap().title, "The rejection letter came", "the entry is kept");
    assert!(database.attachments().of(Owner::Entry(id)).unwrap().is_empty(), "no attachment without its file");
    let leftovers: Vec<PathBuf> = files_under(&dir.join("data").join(ATTACHMENTS_DIR_NAME));
    assert_eq!(leftovers, Vec::<PathBuf>::new(), "nothing half-written is left to fill the disk");
    let small = database.attachments().attach_bytes(Owner::Entry(id), "note.jpg", &photo_with(b"ok", 20_000));
    assert!(small.is_ok(), "once the attempt is undone, a file that fits is saved: {small:?}");
}
