//! Encryption at rest, the passphrase, backups, restore and a damaged journal, on real files.

use std::fs;
use std::path::{Path, PathBuf};

use failup_core::attachments::Owner;
use failup_core::backup::{self, retained};
use failup_core::db::{migrations, DATABASE_FILE_NAME};
use failup_core::{BackupReason, Database, EntryDraft, ErrorCode, JournalFolder};
use jiff::tz::TimeZone;
use jiff::Timestamp;

use crate::fixed_clock;

const PASSPHRASE: &str = "correct horse battery staple";
const CANARY: &str = "zebracanary-7f3e9a";

fn folder() -> (tempfile::TempDir, JournalFolder) {
    let dir = tempfile::tempdir().unwrap();
    let folder = JournalFolder::new(dir.path().join("data"), fixed_clock());
    fs::create_dir_all(folder.dir()).unwrap();
    (dir, folder)
}

fn write_canary(database: &mut Database) {
    database
        .entries()
        .create(&EntryDraft { title: "secret".into(), body: format!("today {CANARY} happened"), ..Default::default() })
        .unwrap();
}

/// Every file under `dir` whose bytes contain `needle`.
fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_containing(&path, needle));
        } else if fs::read(&path).unwrap().windows(needle.len()).any(|window| window == needle.as_bytes()) {
            found.push(path);
        }
    }
    found
}

#[test]
fn an_encrypted_journal_leaves_no_readable_text_in_the_folder_and_opens_only_with_the_passphrase() {
    let (_dir, folder) = folder();
    let mut database = folder.open().unwrap();
    write_canary(&mut database);
    database.create_backup(BackupReason::Manual).unwrap();
    assert!(
        !files_containing(folder.dir(), CANARY).is_empty(),
        "the check below must be able to fail: in clear, the journal and its backup hold the canary"
    );

    let mut database = folder.enable_encryption(database, PASSPHRASE).unwrap();
    write_canary(&mut database);
    database.create_backup(BackupReason::Manual).unwrap();
    let hits = database.entries().search(CANARY, 10).unwrap();
    assert_eq!(hits.len(), 2, "full-text search works inside the encrypted journal");

    assert_eq!(
        files_containing(folder.dir(), CANARY),
        Vec::<PathBuf>::new(),
        "with the journal open and its -wal/-shm in use, no file (journal, log, backups) holds the text"
    );
    drop(database);
    assert_eq!(files_containing(folder.dir(), CANARY), Vec::<PathBuf>::new(), "nor after closing");

    assert_eq!(folder.open().unwrap_err().code(), ErrorCode::Locked, "an encrypted journal asks for its passphrase");
    assert_eq!(
        folder.unlock("not the passphrase").unwrap_err().code(),
        ErrorCode::WrongPassphrase,
        "a wrong passphrase is told as such, not as damage"
    );
    let mut database = folder.unlock(PASSPHRASE).unwrap();
    assert_eq!(database.entries().list(None, 10).unwrap().entries.len(), 2, "both entries are there after unlocking");
    for backup in backup::list(&folder.database_path()).unwrap() {
        assert!(backup.encrypted, "every backup is encrypted once the journal is: {}", backup.id);
    }
}

#[test]
fn changing_the_passphrase_rewrites_only_the_key_file() {
    let (_dir, folder) = folder();
    let database = folder.open().unwrap();
    let mut database = folder.enable_encryption(database, PASSPHRASE).unwrap();
    write_canary(&mut database);
    database.close().unwrap();
    let journal_before = fs::read(folder.database_path()).unwrap();

    let mut database = folder.unlock(PASSPHRASE).unwrap();
    folder.change_passphrase(&mut database, PASSPHRASE, "a new and longer passphrase").unwrap();
    database.close().unwrap();

    assert_eq!(
        fs::read(folder.database_path()).unwrap(),
        journal_before,
        "the journal is not re-encrypted when the passphrase changes"
    );
    assert_eq!(
        folder.unlock(PASSPHRASE).unwrap_err().code(),
        ErrorCode::WrongPassphrase,
        "the old one no longer opens"
    );
    let mut database = folder.unlock("a new and longer passphrase").unwrap();
    assert_eq!(database.entries().list(None, 10).unwrap().entries.len(), 1);

    let backup = backup::list(&folder.database_path())
        .unwrap()
        .into_iter()
        .find(|info| info.reason == BackupReason::BeforePassphraseChange)
        .expect("a backup is made before the passphrase changes");
    drop(database);
    let database = folder
        .restore(None, &backup.id, Some("a new and longer passphrase"))
        .expect("backups follow the new passphrase");
    drop(database);
    assert!(folder
        .change_passphrase(&mut folder.unlock("a new and longer passphrase").unwrap(), "wrong one!", "x")
        .is_err());
}

#[test]
fn a_too_short_passphrase_is_refused_before_anything_changes() {
    let (_dir, folder) = folder();
    let database = folder.open().unwrap();
    let error = folder.enable_encryption(database, "short").unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidInput);
    assert!(error.to_string().contains("at least 8 characters"), "{error}");
    assert!(!folder.is_encrypted().unwrap(), "nothing was encrypted");
    folder.open().expect("the journal still opens in clear");
}

#[test]
fn turning_encryption_off_gives_back_a_journal_in_clear() {
    let (_dir, folder) = folder();
    let database = folder.open().unwrap();
    let mut database = folder.enable_encryption(database, PASSPHRASE).unwrap();
    write_canary(&mut database);
    let error = folder.disable_encryption(database, "wrong passphrase").unwrap_err();
    assert_eq!(error.code(), ErrorCode::WrongPassphrase, "turning encryption off needs the passphrase");
    let database = folder.unlock(PASSPHRASE).unwrap();
    let mut database = folder.disable_encryption(database, PASSPHRASE).unwrap();
    assert!(!database.is_encrypted());
    assert!(!folder.key_path().exists(), "the key file goes with the encryption");
    assert_eq!(database.entries().list(None, 10).unwrap().entries.len(), 1);
    drop(database);
    assert_eq!(
        folder.open().unwrap().entries().list(None, 10).unwrap().entries.len(),
        1,
        "it opens without a passphrase"
    );
}

#[test]
fn a_change_interrupted_before_its_marker_is_discarded_and_one_after_it_is_finished() {
    let (_dir, folder) = folder();
    let mut database = folder.open().unwrap();
    write_canary(&mut database);
    database.close().unwrap();

    // Interrupted before the decision: staged files without a marker are leftovers.
    let staged_journal = folder.dir().join(format!("{DATABASE_FILE_NAME}.staged"));
    let staged_key = folder.dir().join("journal.key.staged");
    fs::write(&staged_journal, b"half a journal").unwrap();
    fs::write(&staged_key, b"{}").unwrap();
    let mut database = folder.open().expect("the old journal opens as it was");
    assert_eq!(database.entries().list(None, 10).unwrap().entries.len(), 1);
    assert!(!staged_journal.exists() && !staged_key.exists(), "leftovers are removed");

    // Interrupted after the decision: encrypting got as far as the marker, then the app died.
    let database = {
        let encrypted = folder.enable_encryption(database, PASSPHRASE).unwrap();
        encrypted.close().unwrap();
        // Put the journal back as it was just before the renames: the encrypted file and key
        // staged, the journal in clear in place, and the marker written.
        fs::rename(folder.database_path(), &staged_journal).unwrap();
        fs::rename(folder.key_path(), &staged_key).unwrap();
        let clear = backup::list(&folder.database_path())
            .unwrap()
            .into_iter()
            .find(|info| info.reason == BackupReason::BeforeEncryptionChange)
            .unwrap();
        assert!(clear.encrypted, "the backup made in clear before encrypting was encrypted afterwards");
        fs::write(folder.database_path(), b"the old journal in clear").unwrap();
        fs::write(folder.dir().join("journal.swap"), b"\"replace\"").unwrap();
        folder.unlock(PASSPHRASE).expect("the interrupted change is completed at the next start")
    };
    assert!(database.is_encrypted());
    assert!(!folder.dir().join("journal.swap").exists(), "the marker is gone once the change is complete");
}

#[test]
fn backups_are_verified_listed_and_restored() {
    let (_dir, folder) = folder();
    let mut database = folder.open().unwrap();
    write_canary(&mut database);
    let first = database.create_backup(BackupReason::Manual).unwrap();
    assert_eq!(first.reason, BackupReason::Manual);
    assert!(!first.encrypted);
    assert!(first.size_bytes > 0);
    database.entries().create(&EntryDraft { title: "after the backup".into(), ..Default::default() }).unwrap();

    let database = folder.restore(Some(database), &first.id, None).unwrap();
    let mut database = database;
    let titles: Vec<String> =
        database.entries().list(None, 10).unwrap().entries.into_iter().map(|entry| entry.title).collect();
    assert_eq!(titles, vec!["secret".to_owned()], "the journal is as it was at the backup");
    let reasons: Vec<BackupReason> =
        backup::list(&folder.database_path()).unwrap().into_iter().map(|info| info.reason).collect();
    assert!(reasons.contains(&BackupReason::BeforeRestore), "the replaced journal was backed up first: {reasons:?}");

    for id in ["../journal.sqlite3", "journal.sqlite3", "/etc/passwd", "journal-20260314T083000Z-manual.sqlite3/.."] {
        assert_eq!(
            backup::path_of(&folder.database_path(), id).unwrap_err().code(),
            ErrorCode::NotFound,
            "“{id}” does not name a backup"
        );
    }
}

#[cfg(unix)]
#[test]
fn backups_are_private_to_their_owner() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, folder) = folder();
    let database = folder.open().unwrap();
    let info = database.create_backup(BackupReason::Manual).unwrap();
    let path = backup::path_of(&folder.database_path(), &info.id).unwrap();
    assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(fs::metadata(path.parent().unwrap()).unwrap().permissions().mode() & 0o777, 0o700);
}

#[test]
fn the_schedule_keeps_seven_daily_four_weekly_and_twelve_monthly_backups() {
    // One backup every 6 hours for two years.
    let start: Timestamp = "2024-01-01T00:00:00Z".parse().unwrap();
    let backups: Vec<(String, Timestamp)> = (0..(2 * 365 * 4))
        .map(|index| {
            let at = start + jiff::SignedDuration::from_hours(6 * index);
            (format!("b{index:05}"), at)
        })
        .collect();
    let newest = backups.last().unwrap();
    let now = newest.1 + jiff::SignedDuration::from_hours(1);
    let keep = retained(&backups, now, &TimeZone::UTC);
    assert!(keep.contains(&newest.0), "the newest backup is always kept");
    let last_day: Vec<&String> =
        backups.iter().filter(|(_, at)| (now - *at).get_seconds() < 24 * 3600).map(|(id, _)| id).collect();
    assert_eq!(last_day.len(), 4);
    assert!(last_day.iter().all(|id| keep.contains(*id)), "every backup of the last 24 hours is kept");
    // Those four, then 7 daily (the newest is one of both), then weeks and months whose newest
    // backup is not already kept add one each: at most 4 + 7 + 4 + 12 - 1.
    assert!(keep.len() < 4 + 7 + 4 + 12, "kept {}", keep.len());
    assert!(keep.len() > 12, "at least one a month for a year and the newest, kept {}", keep.len());
    let kept_days: std::collections::BTreeSet<_> =
        backups.iter().filter(|(id, _)| keep.contains(id)).map(|(_, at)| at.to_zoned(TimeZone::UTC).date()).collect();
    let last_day = newest.1.to_zoned(TimeZone::UTC).date();
    for days_back in 0..7 {
        let day = last_day.checked_sub(jiff::Span::new().days(days_back)).unwrap();
        assert!(kept_days.contains(&day), "a backup of each of the last 7 days: missing {day}");
    }
    let oldest_kept = backups.iter().find(|(id, _)| keep.contains(id)).unwrap().1;
    assert!(
        (newest.1 - oldest_kept).get_seconds() > 300 * 24 * 3600,
        "monthly backups reach back about a year (oldest kept {oldest_kept})"
    );
    assert!(retained(&[], now, &TimeZone::UTC).is_empty());
    let a_week_later = now + jiff::SignedDuration::from_hours(24 * 7);
    assert!(
        retained(&backups, a_week_later, &TimeZone::UTC).len() < keep.len(),
        "a week later the day's extra backups have gone"
    );
}

#[test]
fn a_damaged_journal_is_detected_moved_aside_with_its_log_and_a_good_backup_is_offered() {
    let (_dir, folder) = folder();
    let mut database = folder.open().unwrap();
    for index in 0..300 {
        database
            .entries()
            .create(&EntryDraft { title: format!("entry {index}"), body: "x".repeat(2000), ..Default::default() })
            .unwrap();
    }
    let good = database.create_backup(BackupReason::Daily).unwrap();
    database.close().unwrap();
    let wal = folder.dir().join(format!("{DATABASE_FILE_NAME}-wal"));
    fs::write(&wal, b"a stray log that must never be deleted").unwrap();

    // Scribble over pages in the middle of the file, as a failing disk would.
    let mut bytes = fs::read(folder.database_path()).unwrap();
    let middle = bytes.len() / 2;
    for byte in &mut bytes[middle..middle + 8192] {
        *byte = 0x5a;
    }
    fs::write(folder.database_path(), &bytes).unwrap();

    let opened = folder.open().expect("the damage is past the first page: the journal opens");
    let error = folder.check_integrity(None).unwrap_err();
    assert_eq!(error.code(), ErrorCode::DatabaseDamaged, "{error}");
    opened.close_untouched().unwrap();
    assert_eq!(fs::read(folder.database_path()).unwrap(), bytes, "detection changes nothing");
    assert_eq!(fs::read(&wal).unwrap(), b"a stray log that must never be deleted", "nor the -wal");

    // A journal whose first page is gone does not even open.
    let mut unreadable = bytes.clone();
    unreadable[..4096].fill(0);
    let other = tempfile::tempdir().unwrap();
    let other_folder = JournalFolder::new(other.path(), fixed_clock());
    fs::write(other_folder.database_path(), &unreadable).unwrap();
    assert_eq!(other_folder.open().unwrap_err().code(), ErrorCode::DatabaseDamaged);

    let moved = folder.move_aside_damaged().unwrap();
    assert_eq!(fs::read(&moved).unwrap(), bytes, "the damaged file is kept, byte for byte");
    let moved_wal = PathBuf::from(format!("{}-wal", moved.display()));
    assert_eq!(fs::read(&moved_wal).unwrap(), b"a stray log that must never be deleted", "its -wal goes with it");
    assert!(!folder.database_path().exists());

    let offered = folder.newest_good_backup(None).unwrap().expect("a good backup is offered");
    assert_eq!(offered.id, good.id);
    let restored = folder.restore(None, &offered.id, None).unwrap();
    let count: i64 = restored.connection().query_row("SELECT count(*) FROM entries", [], |row| row.get(0)).unwrap();
    assert_eq!(count, 300, "everything in the backup is back");
}

#[test]
fn a_journal_is_backed_up_before_a_migration() {
    let (_dir, folder) = folder();
    {
        let mut connection = rusqlite::Connection::open(folder.database_path()).unwrap();
        migrations().to_version(&mut connection, 3).unwrap();
    }
    folder.open().unwrap();
    let backups = backup::list(&folder.database_path()).unwrap();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(backups[0].reason, BackupReason::BeforeMigration);
    let old = rusqlite::Connection::open(backup::path_of(&folder.database_path(), &backups[0].id).unwrap()).unwrap();
    let version: i64 = old.pragma_query_value(None, "user_version", |row| row.get(0)).unwrap();
    assert_eq!(version, 3, "the backup holds the journal as it was before the migration");
}

#[test]
fn attached_files_are_sealed_with_the_journal_and_come_back_from_every_backup() {
    let (_dir, folder) = folder();
    let mut database = folder.open().unwrap();
    let entry = database.entries().create(&EntryDraft { title: "scan".into(), ..Default::default() }).unwrap().id;
    let mut photo = format!("%PDF-1.7 letter {CANARY} end").into_bytes();
    photo.extend(std::iter::repeat_n(b'.', 200_000));
    let attached = database.attachments().attach_bytes(Owner::Entry(entry), "letter.pdf", &photo).unwrap();
    let before_encryption = database.create_backup(BackupReason::Manual).unwrap();
    assert!(!files_containing(folder.dir(), CANARY).is_empty(), "in clear, the stored letter holds the canary");

    let mut database = folder.enable_encryption(database, PASSPHRASE).unwrap();
    assert_eq!(files_containing(folder.dir(), CANARY), Vec::<PathBuf>::new(), "no attached file is left in clear");
    assert_eq!(database.attachments().read(&attached.reference).unwrap().1, photo, "the letter opens, sealed");
    database.entries().delete(entry).unwrap();
    database.remove_unreferenced_attachments().unwrap();

    // The backup from before encryption is encrypted now, and still brings its letter back.
    let mut restored = folder.restore(Some(database), &before_encryption.id, Some(PASSPHRASE)).unwrap();
    assert_eq!(restored.attachments().read(&attached.reference).unwrap().1, photo, "restored with its letter");

    let mut plain = folder.disable_encryption(restored, PASSPHRASE).unwrap();
    assert_eq!(plain.attachments().read(&attached.reference).unwrap().1, photo, "and in clear once encryption is off");
}

#[test]
fn a_photo_kept_with_its_location_keeps_it_when_encryption_is_turned_on_and_off() {
    let (_dir, folder) = folder();
    let mut database = folder.open().unwrap();
    database.settings().set_keep_photo_location(true).unwrap();
    let entry = database.entries().create(&EntryDraft { title: "beach".into(), ..Default::default() }).unwrap().id;
    let photo =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/media/beach-with-gps.jpg")).unwrap();
    let attached = database.attachments().attach_bytes(Owner::Entry(entry), "beach.jpg", &photo).unwrap();
    assert_eq!(database.attachments().read(&attached.reference).unwrap().1, photo, "kept as it was, location and all");

    let mut database = folder.enable_encryption(database, PASSPHRASE).unwrap();
    assert_eq!(database.attachments().read(&attached.reference).unwrap().1, photo, "sealing carries the bytes as kept");
    let mut plain = folder.disable_encryption(database, PASSPHRASE).unwrap();
    assert_eq!(plain.attachments().read(&attached.reference).unwrap().1, photo, "and so does unsealing");
}
