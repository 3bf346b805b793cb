//! Sync through a folder: two or three journals, each on its own "computer", sharing a folder
//! the way a file-sync tool would — on real SQLite files and real change files.

use std::path::{Path, PathBuf};

use failup_core::attachments::Owner;
use failup_core::sync::{SYNC_DIR_NAME, SYNC_KEY_FILE_NAME};
use failup_core::{
    BackupReason, CheckInDraft, Database, EntryDraft, EntryText, ErrorCode, JournalFolder, LessonDraft, SetbackDraft,
};
use proptest::prelude::*;

use crate::{files_under, fixed_clock};

/// One computer: its own journal in its own folder.
struct Computer {
    _dir: tempfile::TempDir,
    database: Database,
}

fn computer() -> Computer {
    let dir = tempfile::tempdir().unwrap();
    let database = Database::open_in_dir(&dir.path().join("data"), fixed_clock()).unwrap();
    Computer { _dir: dir, database }
}

/// A laptop that started sync in a shared folder and a desktop that joined it.
fn pair() -> (tempfile::TempDir, Computer, Computer) {
    let folder = tempfile::tempdir().unwrap();
    let mut laptop = computer();
    let mut desktop = computer();
    let code = laptop.database.start_sync(folder.path(), "Laptop").unwrap();
    desktop.database.join_sync(folder.path(), &code, "Desktop").unwrap();
    laptop.database.sync_now().unwrap();
    (folder, laptop, desktop)
}

fn entry(title: &str, body: &str) -> EntryDraft {
    EntryDraft {
        title: title.into(),
        body: body.into(),
        local_date_time: Some("2026-03-10T18:00".into()),
        ..Default::default()
    }
}

/// Every entry as (title, body, mood), sorted: what a person would compare.
fn journal(database: &mut Database) -> Vec<(String, String, Option<u8>)> {
    let ids: Vec<i64> = database.entries().list(None, 10_000).unwrap().entries.iter().map(|entry| entry.id).collect();
    let mut entries: Vec<_> = ids
        .into_iter()
        .map(|id| {
            let entry = database.entries().get(id).unwrap();
            (entry.title, entry.body, entry.mood)
        })
        .collect();
    entries.sort();
    entries
}

fn entry_id(database: &mut Database, title: &str) -> i64 {
    database.entries().list(None, 10_000).unwrap().entries.iter().find(|entry| entry.title == title).unwrap().id
}

/// Every change file of the group, by path.
fn change_files(folder: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = files_under(&folder.join(SYNC_DIR_NAME))
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "fuc"))
        .collect();
    found.sort();
    found
}

/// The change file written last.
fn newest_change_file(folder: &Path) -> PathBuf {
    change_files(folder).into_iter().max_by_key(|path| std::fs::metadata(path).unwrap().modified().unwrap()).unwrap()
}

#[test]
fn what_one_computer_writes_appears_on_the_other_with_its_links() {
    let folder = tempfile::tempdir().unwrap();
    let mut laptop = computer();
    let mut desktop = computer();
    // The desktop has a journal of its own before it joins: both journals are merged.
    desktop.database.entries().create(&entry("Written on the desktop first", "Before sync.")).unwrap();
    let code = laptop.database.start_sync(folder.path(), "Laptop").unwrap();
    desktop.database.join_sync(folder.path(), &code, "Desktop").unwrap();

    let written = laptop.database.entries().create(&entry("Demo day", "The demo crashed.")).unwrap();
    let setback = laptop
        .database
        .setbacks()
        .create(&SetbackDraft {
            title: "The demo crashed".into(),
            what_happened: "The build failed on stage.".into(),
            impact: 6,
            entry_ids: vec![written.id],
            ..Default::default()
        })
        .unwrap();
    laptop
        .database
        .lessons()
        .create(&LessonDraft {
            text: "Rehearse on the real machine.".into(),
            if_situation: Some("a demo is coming".into()),
            then_action: Some("rehearse it on the machine I will present from".into()),
            setback_ids: vec![setback.id],
            ..Default::default()
        })
        .unwrap();
    laptop
        .database
        .check_ins()
        .log(&CheckInDraft { mood: 4, confidence: 6, note: "Shaky".into(), ..Default::default() })
        .unwrap();

    let sent = laptop.database.sync_now().unwrap();
    assert!(sent.sent > 0, "the laptop's changes are written to the folder");
    let received = desktop.database.sync_now().unwrap();
    assert!(received.received > 0, "the desktop applies them");
    laptop.database.sync_now().unwrap();

    assert_eq!(journal(&mut laptop.database), journal(&mut desktop.database), "both journals hold the same entries");
    let titles: Vec<String> = journal(&mut desktop.database).into_iter().map(|(title, ..)| title).collect();
    assert_eq!(titles, vec!["Demo day", "Written on the desktop first"]);

    let setbacks = desktop.database.setbacks().list(None, 100).unwrap().setbacks;
    assert_eq!(setbacks.len(), 1);
    let there = desktop.database.setbacks().get(setbacks[0].id).unwrap();
    assert_eq!(there.what_happened, "The build failed on stage.");
    assert_eq!(there.impact, 6);
    let area = desktop.database.areas().get(there.area_id).unwrap();
    assert_eq!(area.name, "Other", "the built-in area is the same area on both computers");
    let linked = desktop.database.entries().get(there.entry_ids[0]).unwrap();
    assert_eq!(linked.title, "Demo day", "the link to the entry points at the desktop's copy of it");

    let lessons = desktop.database.lessons().list().unwrap();
    assert_eq!(lessons.len(), 1);
    let lesson = desktop.database.lessons().get(lessons[0].id).unwrap();
    assert_eq!(lesson.then_action.as_deref(), Some("rehearse it on the machine I will present from"));
    assert_eq!(lesson.setback_ids, vec![there.id]);

    let check_ins = desktop.database.check_ins().recent(10).unwrap();
    assert_eq!(check_ins.len(), 1);
    assert_eq!((check_ins[0].mood, check_ins[0].note.as_str()), (4, "Shaky"));

    let status = desktop.database.sync_status().unwrap();
    assert_eq!(status.this_computer.as_deref(), Some("Desktop"));
    assert_eq!(status.computers.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), vec!["Laptop"]);
    assert!(status.waiting.is_empty() && status.problems.is_empty() && status.conflicts == 0, "{status:?}");
}

#[test]
fn an_area_added_on_both_computers_is_one_area() {
    let (_folder, mut laptop, mut desktop) = pair();
    laptop.database.areas().create("Fitness").unwrap();
    desktop.database.areas().create("fitness").unwrap();
    for _ in 0..2 {
        laptop.database.sync_now().unwrap();
        desktop.database.sync_now().unwrap();
    }
    let names = |database: &mut Database| {
        let mut names: Vec<String> = database.areas().list().unwrap().into_iter().map(|area| area.name).collect();
        names.sort();
        names
    };
    assert_eq!(names(&mut laptop.database), names(&mut desktop.database));
    assert_eq!(names(&mut laptop.database).iter().filter(|name| name.eq_ignore_ascii_case("fitness")).count(), 1);
    assert!(desktop.database.sync_status().unwrap().waiting.is_empty());
}

#[test]
fn the_same_text_edited_on_both_computers_while_apart_keeps_both_versions_until_the_user_chooses() {
    let (_folder, mut laptop, mut desktop) = pair();
    let id = laptop.database.entries().create(&entry("Interview", "First draft.")).unwrap().id;
    laptop.database.sync_now().unwrap();
    desktop.database.sync_now().unwrap();
    let there = entry_id(&mut desktop.database, "Interview");

    // Apart: each computer rewrites the body; the desktop also changes the mood.
    laptop
        .database
        .entries()
        .update(id, &EntryDraft { mood: None, ..entry("Interview", "Written on the train.") })
        .unwrap();
    desktop
        .database
        .entries()
        .update(there, &EntryDraft { mood: Some(2), ..entry("Interview", "Written at home.") })
        .unwrap();
    for _ in 0..2 {
        laptop.database.sync_now().unwrap();
        desktop.database.sync_now().unwrap();
    }

    assert_eq!(journal(&mut laptop.database), journal(&mut desktop.database), "both computers show the same");
    let shown = desktop.database.entries().get(there).unwrap();
    assert_eq!(shown.mood, Some(2), "a field changed on one side only is simply taken");
    for database in [&mut laptop.database, &mut desktop.database] {
        let conflicts = database.sync_conflicts().unwrap();
        assert_eq!(conflicts.len(), 1, "{conflicts:?}");
        let conflict = &conflicts[0];
        assert_eq!((conflict.table.as_str(), conflict.column.as_str()), ("entries", "body"));
        let mut texts: Vec<&str> = conflict.versions.iter().map(|version| version.text.as_str()).collect();
        assert_eq!(
            texts[0],
            database.entries().get(conflict.record_id.unwrap()).unwrap().body,
            "shown first: the text in the entry"
        );
        texts.sort();
        assert_eq!(texts, vec!["Written at home.", "Written on the train."], "neither text is dropped");
        let mut computers: Vec<&str> = conflict.versions.iter().map(|version| version.computer.as_str()).collect();
        computers.sort();
        assert_eq!(computers, vec!["Desktop", "Laptop"]);
    }

    // The user blends them on the desktop; every computer ends with the blend, and no conflict.
    let conflict = desktop.database.sync_conflicts().unwrap().remove(0);
    desktop
        .database
        .choose_sync_version(
            &conflict.table,
            &conflict.row,
            &conflict.column,
            "Written on the train, finished at home.",
        )
        .unwrap();
    desktop.database.sync_now().unwrap();
    laptop.database.sync_now().unwrap();
    assert_eq!(laptop.database.entries().get(id).unwrap().body, "Written on the train, finished at home.");
    assert_eq!(desktop.database.entries().get(there).unwrap().body, "Written on the train, finished at home.");
    assert!(laptop.database.sync_conflicts().unwrap().is_empty());
    assert_eq!(desktop.database.sync_status().unwrap().conflicts, 0);
}

#[test]
fn an_editor_open_while_another_computers_change_arrives_keeps_both_texts() {
    let (_folder, mut laptop, mut desktop) = pair();
    let id = laptop.database.entries().create(&entry("Notes", "Shared start.")).unwrap().id;
    laptop.database.sync_now().unwrap();
    desktop.database.sync_now().unwrap();
    let there = entry_id(&mut desktop.database, "Notes");
    let loaded = desktop.database.entries().get(there).unwrap();
    let base = EntryText { title: loaded.title.clone(), body: loaded.body.clone() };
    assert!(!desktop.database.sync_has_unsent_changes().unwrap());

    // The laptop's change arrives while the desktop's editor is open on the entry.
    laptop.database.entries().update(id, &entry("Notes", "Rewritten on the laptop.")).unwrap();
    laptop.database.sync_now().unwrap();
    desktop.database.sync_now().unwrap();
    assert_eq!(desktop.database.entries().get(there).unwrap().body, "Rewritten on the laptop.");

    // The editor then saves what the user typed, from the text it loaded, with a new mood.
    let saved = desktop
        .database
        .entries()
        .update_from(there, &EntryDraft { mood: Some(4), ..entry("Notes", "Typed on the desktop.") }, &base)
        .unwrap();
    assert_eq!((saved.body.as_str(), saved.mood), ("Typed on the desktop.", Some(4)), "the user's text is shown");
    assert!(desktop.database.sync_has_unsent_changes().unwrap());
    desktop.database.sync_now().unwrap();
    laptop.database.sync_now().unwrap();
    for database in [&mut laptop.database, &mut desktop.database] {
        let conflicts = database.sync_conflicts().unwrap();
        let mut texts: Vec<&str> = conflicts[0].versions.iter().map(|version| version.text.as_str()).collect();
        texts.sort();
        assert_eq!(texts, vec!["Rewritten on the laptop.", "Typed on the desktop."], "neither is silently lost");
    }
    assert_eq!(journal(&mut laptop.database), journal(&mut desktop.database));

    // Saved from the text now shown, an edit simply replaces it.
    let shown = desktop.database.entries().get(there).unwrap();
    let base = EntryText { title: shown.title, body: shown.body };
    desktop.database.entries().update_from(there, &entry("Notes", "Typed on the desktop, then more."), &base).unwrap();
    desktop.database.sync_now().unwrap();
    laptop.database.sync_now().unwrap();
    let texts: Vec<String> =
        laptop.database.sync_conflicts().unwrap()[0].versions.iter().map(|v| v.text.clone()).collect();
    assert!(
        texts.contains(&"Typed on the desktop, then more.".to_owned())
            && texts.contains(&"Rewritten on the laptop.".to_owned())
    );
    assert_eq!(texts.len(), 2, "the desktop's earlier text was replaced by its own continuation: {texts:?}");
}

#[test]
fn a_deletion_removes_the_record_everywhere_unless_its_text_was_changed_without_seeing_it() {
    let (_folder, mut laptop, mut desktop) = pair();
    let kept = laptop.database.entries().create(&entry("Kept", "Old words.")).unwrap().id;
    let gone = laptop.database.entries().create(&entry("Gone", "Nobody wants this.")).unwrap().id;
    let moody = laptop.database.entries().create(&entry("Moody", "Text.")).unwrap().id;
    laptop.database.sync_now().unwrap();
    desktop.database.sync_now().unwrap();

    // Apart: the laptop deletes all three; the desktop rewrites one, re-rates another.
    for id in [kept, gone, moody] {
        laptop.database.entries().delete(id).unwrap();
    }
    let kept_there = entry_id(&mut desktop.database, "Kept");
    desktop.database.entries().update(kept_there, &entry("Kept", "New words, written while apart.")).unwrap();
    let moody_there = entry_id(&mut desktop.database, "Moody");
    desktop.database.entries().update(moody_there, &EntryDraft { mood: Some(5), ..entry("Moody", "Text.") }).unwrap();
    for _ in 0..2 {
        laptop.database.sync_now().unwrap();
        desktop.database.sync_now().unwrap();
    }

    let expected = vec![("Kept".to_owned(), "New words, written while apart.".to_owned(), None)];
    assert_eq!(journal(&mut desktop.database), expected, "the rewritten entry stays; the others are deleted");
    assert_eq!(journal(&mut laptop.database), expected, "and the laptop gets the rewritten entry back");

    // A deletion made after seeing the text removes it everywhere.
    let id = entry_id(&mut laptop.database, "Kept");
    laptop.database.entries().delete(id).unwrap();
    laptop.database.sync_now().unwrap();
    desktop.database.sync_now().unwrap();
    assert!(journal(&mut desktop.database).is_empty());
}

#[test]
fn nothing_the_user_wrote_is_in_the_sync_folder_in_clear() {
    let (folder, mut laptop, mut desktop) = pair();
    const CANARY: &str = "Quokkafeather";
    laptop.database.entries().create(&entry(&format!("{CANARY} title"), &format!("The {CANARY} body"))).unwrap();
    laptop
        .database
        .setbacks()
        .create(&SetbackDraft { title: CANARY.into(), what_happened: CANARY.into(), impact: 3, ..Default::default() })
        .unwrap();
    laptop.database.sync_now().unwrap();
    desktop.database.sync_now().unwrap();
    assert_eq!(journal(&mut desktop.database).len(), 1, "the entry went through the folder");

    let files = files_under(folder.path());
    assert!(files.len() >= 3, "a key file and change files of both computers: {files:?}");
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        for needle in [CANARY, "Laptop", "Desktop", "entries", "what_happened"] {
            assert!(
                !bytes.windows(needle.len()).any(|window| window == needle.as_bytes()),
                "{needle} is in {} in clear",
                path.display()
            );
        }
    }
}

#[test]
fn a_change_file_still_being_copied_waits_and_is_applied_once_complete() {
    let (folder, mut laptop, mut desktop) = pair();
    laptop.database.entries().create(&entry("Late", "Arrives in pieces.")).unwrap();
    laptop.database.sync_now().unwrap();
    let newest = newest_change_file(folder.path());
    let whole = std::fs::read(&newest).unwrap();

    // The sync tool has copied half of it so far (some write the final name at once).
    std::fs::write(&newest, &whole[..whole.len() / 2]).unwrap();
    let report = desktop.database.sync_now().unwrap();
    assert_eq!(report.incomplete_files, 1, "{report:?}");
    assert!(report.problems.is_empty(), "an incomplete file is not an error: {report:?}");
    assert!(journal(&mut desktop.database).is_empty());

    std::fs::write(&newest, &whole).unwrap();
    let report = desktop.database.sync_now().unwrap();
    assert_eq!(report.incomplete_files, 0);
    assert_eq!(journal(&mut desktop.database)[0].0, "Late");
}

#[test]
fn a_change_file_that_was_altered_is_reported_and_never_applied() {
    let (folder, mut laptop, mut desktop) = pair();
    laptop.database.entries().create(&entry("Genuine", "Real words.")).unwrap();
    laptop.database.sync_now().unwrap();
    let newest = newest_change_file(folder.path());
    let mut bytes = std::fs::read(&newest).unwrap();
    let middle = bytes.len() - 20;
    bytes[middle] ^= 0x40;
    std::fs::write(&newest, &bytes).unwrap();

    let report = desktop.database.sync_now().unwrap();
    assert_eq!(report.problems.len(), 1, "{report:?}");
    assert!(report.problems[0].contains("fails authentication"), "{}", report.problems[0]);
    assert!(journal(&mut desktop.database).is_empty(), "nothing of it is applied");
    let status = desktop.database.sync_status().unwrap();
    assert_eq!(status.problems.len(), 1, "Settings lists it: {status:?}");
}

#[test]
fn a_change_file_from_a_newer_version_is_kept_and_reported_not_applied() {
    let (folder, mut laptop, mut desktop) = pair();
    laptop.database.entries().create(&entry("From the future", "Newer format.")).unwrap();
    laptop.database.sync_now().unwrap();
    let newest = newest_change_file(folder.path());
    let mut bytes = std::fs::read(&newest).unwrap();
    bytes[8..12].copy_from_slice(&(failup_core::sync::CHANGE_FILE_VERSION + 1).to_le_bytes());
    std::fs::write(&newest, &bytes).unwrap();

    let report = desktop.database.sync_now().unwrap();
    assert!(report.problems.iter().any(|problem| problem.contains("newer version")), "{report:?}");
    assert!(journal(&mut desktop.database).is_empty());
    assert!(newest.exists(), "the file is kept for the newer app");
    let again = desktop.database.sync_now().unwrap();
    assert_eq!(again.problems, report.problems, "and reported until it can be read");
}

#[test]
fn a_wrong_pairing_code_is_refused_and_changes_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let mut laptop = computer();
    let mut desktop = computer();
    let code = laptop.database.start_sync(folder.path(), "Laptop").unwrap();
    assert_eq!(code.len(), 24, "five groups of four: {code}");
    let wrong: String = code.chars().rev().collect();
    let error = desktop.database.join_sync(folder.path(), &wrong, "Desktop").unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidInput);
    assert!(error.to_string().contains("pairing code"), "{error}");
    assert_eq!(desktop.database.sync_status().unwrap().folder, None, "sync stays off");

    let empty = tempfile::tempdir().unwrap();
    let error = desktop.database.join_sync(empty.path(), &code, "Desktop").unwrap_err();
    assert!(error.to_string().contains("holds no Failing Up sync"), "{error}");
    let error = laptop.database.start_sync(folder.path(), "Laptop again").unwrap_err();
    assert!(error.to_string().contains("already holds"), "{error}");

    // Typed by hand, in lower case without dashes, the right code works.
    let typed = code.replace('-', " ").to_lowercase();
    desktop.database.join_sync(folder.path(), &typed, "Desktop").unwrap();
    assert!(folder.path().join(SYNC_DIR_NAME).join(SYNC_KEY_FILE_NAME).exists());
}

#[test]
fn a_journal_reopened_keeps_syncing_and_follows_its_folder_when_moved() {
    let (folder, laptop, mut desktop) = pair();
    let laptop_dir = laptop._dir.path().join("data");
    laptop.database.close().unwrap();
    let mut reopened = Database::open_in_dir(&laptop_dir, fixed_clock()).unwrap();
    reopened.entries().create(&entry("After a restart", "Still synced.")).unwrap();
    assert!(reopened.sync_now().unwrap().sent > 0, "changes made after a restart are noticed");
    desktop.database.sync_now().unwrap();
    assert_eq!(journal(&mut desktop.database)[0].0, "After a restart");

    let moved = tempfile::tempdir().unwrap();
    copy_dir(folder.path(), moved.path());
    let elsewhere = tempfile::tempdir().unwrap();
    let error = reopened.move_sync_folder(elsewhere.path()).unwrap_err();
    assert!(error.to_string().contains("does not hold this journal's sync"), "{error}");
    reopened.move_sync_folder(moved.path()).unwrap();
    assert_eq!(reopened.sync_status().unwrap().folder.as_deref(), Some(moved.path().to_str().unwrap()));
    reopened.entries().create(&entry("In the moved folder", "")).unwrap();
    reopened.sync_now().unwrap();
    assert_eq!(change_files(moved.path()).len(), change_files(folder.path()).len() + 1, "it writes there now");
}

#[test]
fn a_computers_change_files_are_folded_into_one_and_a_late_joiner_gets_the_same_journal() {
    let (folder, mut laptop, mut desktop) = pair();
    let id = laptop.database.entries().create(&entry("Draft", "0")).unwrap().id;
    laptop.database.sync_now().unwrap();
    desktop.database.sync_now().unwrap();
    // Apart, the desktop rewrites it once; the laptop autosaves seventy times.
    let there = entry_id(&mut desktop.database, "Draft");
    desktop.database.entries().update(there, &entry("Draft", "the desktop's words")).unwrap();
    desktop.database.sync_now().unwrap();
    // The laptop's editor stays open: each autosave is from the text it saved last.
    let mut base = EntryText { title: "Draft".into(), body: "0".into() };
    for round in 1..=70 {
        let text = format!("the laptop's words, take {round}");
        laptop.database.entries().update_from(id, &entry("Draft", &text), &base).unwrap();
        base.body = text;
        laptop.database.sync_now().unwrap();
    }
    let mut files_per_computer = std::collections::BTreeMap::<PathBuf, usize>::new();
    for path in change_files(folder.path()) {
        *files_per_computer.entry(path.parent().unwrap().to_owned()).or_default() += 1;
    }
    let most = files_per_computer.values().max().copied().unwrap();
    assert!(most <= 65, "71 rounds of the laptop are folded into fewer files: {files_per_computer:?}");

    desktop.database.sync_now().unwrap();
    let mut late = computer();
    let code = laptop.database.sync_status().unwrap().pairing_code.unwrap();
    late.database.join_sync(folder.path(), &code, "Late laptop").unwrap();
    laptop.database.sync_now().unwrap();
    desktop.database.sync_now().unwrap();
    late.database.sync_now().unwrap();

    let expected = journal(&mut desktop.database);
    assert_eq!(journal(&mut laptop.database), expected);
    assert_eq!(journal(&mut late.database), expected, "the late joiner reads the folded file");
    let versions = |database: &mut Database| {
        let mut texts: Vec<String> = database
            .sync_conflicts()
            .unwrap()
            .into_iter()
            .flat_map(|conflict| conflict.versions)
            .map(|v| v.text)
            .collect();
        texts.sort();
        texts
    };
    let expected_versions = vec!["the desktop's words".to_owned(), "the laptop's words, take 70".to_owned()];
    assert_eq!(versions(&mut desktop.database), expected_versions, "only the two last texts are versions");
    assert_eq!(versions(&mut late.database), expected_versions, "and no replaced take comes back for the late joiner");
}

#[test]
fn a_backup_restored_on_a_synced_computer_comes_back_everywhere_and_keeps_what_was_written_since() {
    let (_folder, mut laptop, mut desktop) = pair();
    let kept = laptop.database.entries().create(&entry("Kept in the backup", "Original.")).unwrap().id;
    laptop.database.sync_now().unwrap();
    desktop.database.sync_now().unwrap();
    let backup = laptop.database.create_backup(BackupReason::Manual).unwrap();

    // After the backup: the laptop deletes the entry and writes another; the desktop writes.
    laptop.database.entries().delete(kept).unwrap();
    laptop.database.entries().create(&entry("After the backup", "On the laptop.")).unwrap();
    laptop.database.sync_now().unwrap();
    desktop.database.sync_now().unwrap();
    desktop.database.entries().create(&entry("Desktop after the backup", "On the desktop.")).unwrap();
    desktop.database.sync_now().unwrap();
    assert_eq!(titles(&mut desktop.database), ["After the backup", "Desktop after the backup"]);

    let folder = JournalFolder::new(laptop._dir.path().join("data"), fixed_clock());
    let Computer { _dir, database } = laptop;
    let mut restored = folder.restore(Some(database), &backup.id, None).unwrap();
    assert!(restored.sync_status().unwrap().folder.is_some(), "sync stays on after the restore");
    restored.sync_now().unwrap();
    desktop.database.sync_now().unwrap();
    restored.sync_now().unwrap();

    let expected = ["After the backup", "Desktop after the backup", "Kept in the backup"];
    assert_eq!(titles(&mut desktop.database), expected, "the restored entry comes back on the other computer");
    assert_eq!(titles(&mut restored), expected, "and nothing written since is lost");
    assert!(desktop.database.sync_conflicts().unwrap().is_empty(), "the same text is not two versions");
    assert_eq!(journal(&mut restored), journal(&mut desktop.database));
}

#[test]
fn an_encrypted_journal_syncs_like_any_other() {
    let (_folder, laptop, mut desktop) = pair();
    let folder = JournalFolder::new(laptop._dir.path().join("data"), fixed_clock());
    let Computer { _dir, database } = laptop;
    let mut encrypted = folder.enable_encryption(database, "correct horse battery staple").unwrap();
    assert!(encrypted.is_encrypted());
    encrypted.entries().create(&entry("Written encrypted", "Sealed at rest, sealed in the folder.")).unwrap();
    encrypted.sync_now().unwrap();
    desktop.database.sync_now().unwrap();
    assert_eq!(titles(&mut desktop.database), ["Written encrypted"]);
    desktop.database.entries().create(&entry("Back to the encrypted one", "")).unwrap();
    desktop.database.sync_now().unwrap();
    encrypted.sync_now().unwrap();
    assert_eq!(titles(&mut encrypted), ["Back to the encrypted one", "Written encrypted"]);
}

#[test]
fn an_attached_picture_travels_sealed_and_is_stored_once_on_the_other_computer() {
    let (folder, mut laptop, mut desktop) = pair();
    let picture = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/media/sunset.png")).unwrap();
    let letter =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/media/rejection-letter.pdf")).unwrap();
    let id = laptop.database.entries().create(&entry("The evening after", "![sunset](attachment:…)")).unwrap().id;
    let attached = laptop.database.attachments().attach_bytes(Owner::Entry(id), "sunset.png", &picture).unwrap();
    laptop.database.attachments().attach_bytes(Owner::Entry(id), "letter.pdf", &letter).unwrap();
    // The same picture on a second entry is the same file.
    let other = laptop.database.entries().create(&entry("Again", "")).unwrap().id;
    laptop.database.attachments().attach_bytes(Owner::Entry(other), "sunset again.png", &picture).unwrap();
    laptop.database.sync_now().unwrap();

    // The desktop sees the record before the sync tool has copied the file: it waits.
    let shared_files: Vec<PathBuf> =
        files_under(&folder.path().join(SYNC_DIR_NAME).join("attachments")).into_iter().collect();
    assert_eq!(shared_files.len(), 2, "two files in the folder, each once: {shared_files:?}");
    let hidden = tempfile::tempdir().unwrap();
    for path in &shared_files {
        std::fs::rename(path, hidden.path().join(path.file_name().unwrap())).unwrap();
    }
    desktop.database.sync_now().unwrap();
    let waiting = desktop.database.sync_status().unwrap().waiting;
    assert!(waiting.iter().any(|why| why.contains("“sunset.png” has not arrived yet")), "{waiting:?}");
    for path in &shared_files {
        std::fs::rename(hidden.path().join(path.file_name().unwrap()), path).unwrap();
    }
    desktop.database.sync_now().unwrap();
    assert!(desktop.database.sync_status().unwrap().waiting.is_empty());

    let there = entry_id(&mut desktop.database, "The evening after");
    let files = desktop.database.attachments().of(Owner::Entry(there)).unwrap();
    let names: Vec<&str> = files.iter().map(|file| file.file_name.as_str()).collect();
    assert_eq!(names, ["sunset.png", "letter.pdf"]);
    assert_eq!(files[0].reference, attached.reference, "the text's reference finds the picture on the desktop too");
    let (_, bytes) = desktop.database.attachments().read(&attached.reference).unwrap();
    assert_eq!(bytes, laptop.database.attachments().read(&attached.reference).unwrap().1, "the same bytes arrive");

    // Nothing of the picture is in the folder in clear.
    let stored = laptop.database.attachments().read(&attached.reference).unwrap().1;
    for path in files_under(folder.path()) {
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            !bytes.windows(64).any(|window| window == &stored[stored.len() / 2..stored.len() / 2 + 64]),
            "{path:?}"
        );
    }
    // Detaching travels too.
    laptop.database.attachments().remove(&attached.reference).unwrap();
    laptop.database.sync_now().unwrap();
    desktop.database.sync_now().unwrap();
    assert_eq!(desktop.database.attachments().of(Owner::Entry(there)).unwrap().len(), 1);
}

#[test]
fn entries_imported_on_one_computer_reach_the_other() {
    use failup_core::transfer::{ImportFormat, ImportOptions, ParsedImport};
    let (_folder, mut laptop, mut desktop) = pair();
    let export = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/jrnl.json");
    let parsed = ParsedImport::read(ImportFormat::Jrnl, &export).unwrap();
    let report = laptop.database.import(&parsed, &ImportOptions::default()).unwrap();
    laptop.database.sync_now().unwrap();
    desktop.database.sync_now().unwrap();
    let imported = titles(&mut laptop.database);
    assert!(!imported.is_empty(), "{report:?}");
    assert_eq!(titles(&mut desktop.database), imported, "a bulk import is noticed like any other write");
}

fn titles(database: &mut Database) -> Vec<String> {
    journal(database).into_iter().map(|(title, ..)| title).collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

// ---- Any order, any duplication, any delay: three computers converge and lose no writing ----

/// What happens next in the simulated world.
#[derive(Debug, Clone)]
enum Step {
    /// A computer changes its journal: 0 adds an entry, 1 rewrites a body, 2 re-rates, 3 deletes.
    Write { computer: usize, kind: u8, target: usize },
    /// The sync tool copies one file from one computer's folder to another's, maybe only part.
    Copy { from: usize, to: usize, file: usize, partial: bool },
    /// A computer runs a round of sync on its own folder.
    Sync { computer: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..3usize, 0..4u8, 0..6usize).prop_map(|(computer, kind, target)| Step::Write { computer, kind, target }),
        4 => (0..3usize, 0..3usize, 0..40usize, proptest::bool::weighted(0.2))
            .prop_map(|(from, to, file, partial)| Step::Copy { from, to, file, partial }),
        3 => (0..3usize).prop_map(|computer| Step::Sync { computer }),
    ]
}

/// Three journals in one sync group, made once (pairing derives keys slowly, on purpose) and
/// copied for every case.
fn group_template() -> &'static Path {
    static TEMPLATE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let root = tempfile::tempdir().unwrap().keep();
        let folder = root.join("folder");
        std::fs::create_dir_all(&folder).unwrap();
        let mut first = Database::open_in_dir(&root.join("c0"), fixed_clock()).unwrap();
        let code = first.start_sync(&folder, "Computer 0").unwrap();
        first.close().unwrap();
        for index in 1..3 {
            let mut other = Database::open_in_dir(&root.join(format!("c{index}")), fixed_clock()).unwrap();
            other.join_sync(&folder, &code, &format!("Computer {index}")).unwrap();
            other.close().unwrap();
        }
        root
    })
}

/// What one computer shows: its entries (title, body, mood) and, for each text with two or
/// more versions, the versions.
type View = (Vec<(String, String, Option<u8>)>, Vec<Vec<String>>);

struct World {
    _root: tempfile::TempDir,
    folders: Vec<PathBuf>,
    computers: Vec<Database>,
    written: usize,
    /// Every text written, and the texts a computer replaced or deleted while showing them:
    /// the only texts that may go.
    texts: std::collections::BTreeSet<String>,
    replaced: std::collections::BTreeSet<String>,
}

impl World {
    fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        copy_dir(group_template(), root.path());
        let mut folders = Vec::new();
        let mut computers = Vec::new();
        for index in 0..3 {
            let folder = root.path().join(format!("folder{index}"));
            copy_dir(&root.path().join("folder"), &folder);
            let mut database = Database::open_in_dir(&root.path().join(format!("c{index}")), fixed_clock()).unwrap();
            database.move_sync_folder(&folder).unwrap();
            folders.push(folder);
            computers.push(database);
        }
        World { _root: root, folders, computers, written: 0, texts: Default::default(), replaced: Default::default() }
    }

    fn run(&mut self, step: &Step) {
        match *step {
            Step::Write { computer, kind, target } => {
                let database = &mut self.computers[computer];
                let ids: Vec<i64> = {
                    let mut entries = database.entries().list(None, 10_000).unwrap().entries;
                    entries.sort_by(|a, b| a.title.cmp(&b.title));
                    entries.iter().map(|entry| entry.id).collect()
                };
                self.written += 1;
                let text = format!("text {} from computer {computer}", self.written);
                match (kind, ids.get(target % ids.len().max(1))) {
                    (1, Some(&id)) => {
                        let current = database.entries().get(id).unwrap();
                        self.replaced.insert(current.body.clone());
                        self.texts.insert(text.clone());
                        let draft = EntryDraft { mood: current.mood, ..entry(&current.title, &text) };
                        database.entries().update(id, &draft).unwrap();
                    }
                    (2, Some(&id)) => {
                        let current = database.entries().get(id).unwrap();
                        let mood = Some((self.written % 5) as u8 + 1);
                        database
                            .entries()
                            .update(id, &EntryDraft { mood, ..entry(&current.title, &current.body) })
                            .unwrap();
                    }
                    (3, Some(&id)) => {
                        self.replaced.insert(database.entries().get(id).unwrap().body);
                        database.entries().delete(id).unwrap();
                    }
                    _ => {
                        self.texts.insert(text.clone());
                        database.entries().create(&entry(&format!("entry {}", self.written), &text)).unwrap();
                    }
                }
            }
            Step::Copy { from, to, file, partial } => {
                let files = change_files(&self.folders[from]);
                if files.is_empty() || from == to {
                    return;
                }
                let source = &files[file % files.len()];
                let relative = source.strip_prefix(&self.folders[from]).unwrap().to_owned();
                let target = self.folders[to].join(&relative);
                let bytes = std::fs::read(source).unwrap();
                if self.whole(&relative).is_some_and(|whole| whole.len() > bytes.len()) {
                    return; // A sync tool passes on only what it has whole.
                }
                let complete = std::fs::metadata(&target).map(|meta| meta.len() == bytes.len() as u64).unwrap_or(false);
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                if partial && !complete {
                    std::fs::write(&target, &bytes[..bytes.len() / 3]).unwrap();
                } else {
                    std::fs::write(&target, &bytes).unwrap();
                }
            }
            Step::Sync { computer } => {
                let report = self.computers[computer].sync_now().unwrap();
                assert!(report.problems.is_empty(), "{report:?}");
            }
        }
    }

    /// The sync tool catches up everywhere and every computer syncs, twice.
    fn settle(&mut self) {
        for _ in 0..2 {
            for computer in 0..3 {
                self.computers[computer].sync_now().unwrap();
            }
            let mut every = std::collections::BTreeSet::new();
            for folder in &self.folders {
                every
                    .extend(change_files(folder).into_iter().map(|path| path.strip_prefix(folder).unwrap().to_owned()));
            }
            for relative in every {
                let whole = self.whole(&relative).expect("some folder has it whole");
                for folder in &self.folders {
                    std::fs::create_dir_all(folder.join(&relative).parent().unwrap()).unwrap();
                    std::fs::write(folder.join(&relative), &whole).unwrap();
                }
            }
        }
        for computer in 0..3 {
            self.computers[computer].sync_now().unwrap();
        }
    }

    /// A change file as its computer wrote it: the longest copy of it in any folder (the others
    /// are being copied).
    fn whole(&self, relative: &Path) -> Option<Vec<u8>> {
        self.folders.iter().filter_map(|folder| std::fs::read(folder.join(relative)).ok()).max_by_key(Vec::len)
    }

    /// What each computer shows: its entries and the texts with two versions.
    fn views(&mut self) -> Vec<View> {
        self.computers
            .iter_mut()
            .map(|database| {
                let mut conflicts: Vec<Vec<String>> = database
                    .sync_conflicts()
                    .unwrap()
                    .into_iter()
                    .map(|conflict| {
                        let mut texts: Vec<String> =
                            conflict.versions.into_iter().map(|version| version.text).collect();
                        texts.sort();
                        texts
                    })
                    .collect();
                conflicts.sort();
                (journal(database), conflicts)
            })
            .collect()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn three_computers_converge_whatever_order_duplication_or_delay_and_lose_no_writing(
        steps in proptest::collection::vec(step(), 1..40)
    ) {
        let mut world = World::new();
        for step in &steps {
            world.run(step);
        }
        world.settle();
        let views = world.views();
        prop_assert_eq!(&views[0], &views[1]);
        prop_assert_eq!(&views[1], &views[2]);
        // No text is lost that no computer replaced or deleted while showing it.
        let mut kept: std::collections::BTreeSet<String> = views[0].0.iter().map(|(_, body, _)| body.clone()).collect();
        kept.extend(views[0].1.iter().flatten().cloned());
        let lost: Vec<&String> = world.texts.difference(&world.replaced).filter(|text| !kept.contains(*text)).collect();
        prop_assert!(lost.is_empty(), "lost {:?}; the journal shows {:?}", lost, views[0]);

        // Then all three rewrite the same entry while apart: every text survives everywhere.
        if views[0].0.is_empty() {
            world.run(&Step::Write { computer: 0, kind: 0, target: 0 });
            world.settle();
        }
        for computer in 0..3 {
            world.run(&Step::Write { computer, kind: 1, target: 0 });
        }
        let last_texts: Vec<String> = (0..3)
            .map(|computer| {
                let database = &mut world.computers[computer];
                let mut entries = database.entries().list(None, 10_000).unwrap().entries;
                entries.sort_by(|a, b| a.title.cmp(&b.title));
                database.entries().get(entries[0].id).unwrap().body
            })
            .collect();
        world.settle();
        let views = world.views();
        prop_assert_eq!(&views[0], &views[1]);
        prop_assert_eq!(&views[1], &views[2]);
        let mut expected = last_texts.clone();
        expected.sort();
        prop_assert!(
            views[0].1.iter().any(|versions| expected.iter().all(|text| versions.contains(text))),
            "every text is kept: {:?} in {:?}", expected, views[0].1
        );
    }
}
