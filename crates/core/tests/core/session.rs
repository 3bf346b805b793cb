//! The journal's session: the auto-lock, lock and unlock, the sample journal, a damaged
//! journal, and the change hook that wakes the reminder thread, on real files and a fixed clock.
//!
//! Each Argon2id derivation (turning encryption on, every unlock attempt) costs about half a
//! second even here (the workspace builds `argon2` optimised in debug), so only the two
//! encryption tests derive keys, four times in all.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use failup_core::db::DATABASE_FILE_NAME;
use failup_core::sample::SAMPLE_SETBACKS;
use failup_core::session::{Session, SAMPLE_DIR_NAME};
use failup_core::{Clock, EntryDraft, ErrorCode, FixedClock, JournalKind, JournalState, PauseLength};
use jiff::SignedDuration;

use crate::fixed_clock;

const PASSPHRASE: &str = "correct horse battery staple";

/// A session on a data folder of its own, with its clock and a count of the times it asked to
/// wake the reminder thread.
struct Fixture {
    // Declared first so that it is dropped (and the journal closed) before the folder goes.
    session: Session,
    clock: Arc<FixedClock>,
    wakes: Arc<AtomicUsize>,
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        Self::open_in(tempfile::tempdir().unwrap())
    }

    fn open_in(dir: tempfile::TempDir) -> Self {
        let clock = fixed_clock();
        let wakes = Arc::new(AtomicUsize::new(0));
        let counter = wakes.clone();
        let session = Session::open(data_dir(dir.path()), clock.clone(), move || {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        Self { session, clock, wakes, dir }
    }

    /// Closes the session and opens a new one on the same folder, as a restart does.
    fn restart(self) -> Self {
        drop(self.session);
        Self::open_in(self.dir)
    }

    fn data_dir(&self) -> PathBuf {
        data_dir(self.dir.path())
    }

    fn wakes(&self) -> usize {
        self.wakes.load(Ordering::SeqCst)
    }

    fn advance(&self, seconds: i64) {
        self.clock.set(self.clock.now() + SignedDuration::from_secs(seconds));
    }

    fn write_entry(&self, title: &str) {
        self.session
            .with_database(|db| db.entries().create(&EntryDraft { title: title.into(), ..Default::default() }))
            .unwrap();
    }

    /// The titles of the entries of the journal in use.
    fn titles(&self) -> Vec<String> {
        let page = self.session.with_database(|db| db.entries().list(None, 50)).unwrap();
        page.entries.into_iter().map(|entry| entry.title).collect()
    }
}

fn data_dir(root: &Path) -> PathBuf {
    root.join("data")
}

#[test]
fn an_idle_encrypted_journal_locks_once_its_idle_time_has_passed_and_activity_puts_that_off() {
    let f = Fixture::new();
    f.session.with_database(|db| db.settings().set_auto_lock_minutes(Some(5))).unwrap();
    f.advance(3600);
    assert!(!f.session.lock_if_idle(), "a journal in clear cannot lock, however long it is idle");

    f.session.enable_encryption(PASSPHRASE).unwrap();
    f.session.note_activity();
    f.advance(5 * 60 - 1);
    assert!(!f.session.lock_if_idle(), "4 min 59 s idle is not yet 5 minutes");
    f.session.note_activity();
    f.advance(5 * 60 - 1);
    assert!(!f.session.lock_if_idle(), "activity started the idle time again");
    assert!(!f.session.security_status().locked);

    f.advance(1);
    assert!(f.session.lock_if_idle(), "5 minutes after the last activity it locks");
    assert!(f.session.security_status().locked);
    assert_eq!(f.session.with_database(|db| db.entries().list(None, 10)).unwrap_err().code, ErrorCode::Locked);
    assert!(!f.session.lock_if_idle(), "a locked journal does not lock again");
}

#[test]
fn a_locked_journal_answers_locked_everywhere_until_the_right_passphrase_unlocks_it() {
    let f = Fixture::new();
    f.write_entry("before the lock");
    assert!(!f.session.lock(), "a journal in clear cannot be locked");
    f.session.enable_encryption(PASSPHRASE).unwrap();

    assert!(f.session.lock());
    assert_eq!(f.session.journal_status().state, JournalState::Locked);
    assert!(f.session.security_status().locked);
    assert_eq!(f.session.with_database(|db| db.entries().list(None, 10)).unwrap_err().code, ErrorCode::Locked);
    assert_eq!(f.session.with_own_database(|db| db.settings().get()).unwrap_err().code, ErrorCode::Locked);
    assert_eq!(f.session.create_backup(failup_core::BackupReason::Manual).unwrap_err().code, ErrorCode::Locked);
    assert_eq!(f.session.daily_backup_if_due().unwrap(), None, "the day's backup waits for the unlock");

    let wakes = f.wakes();
    assert_eq!(f.session.unlock("not the passphrase").unwrap_err().code, ErrorCode::WrongPassphrase);
    assert_eq!(f.session.journal_status().state, JournalState::Locked, "a wrong passphrase leaves it locked");
    assert_eq!(f.wakes(), wakes, "nothing changed");

    f.session.unlock(PASSPHRASE).unwrap();
    assert_eq!(f.session.journal_status().state, JournalState::Open);
    assert_eq!(f.titles(), ["before the lock"]);
    assert_eq!(f.wakes(), wakes + 1, "the unlock wakes the reminder thread, which could read nothing");

    let f = f.restart();
    assert_eq!(f.session.journal_status().state, JournalState::Locked, "an encrypted journal starts locked");
}

#[test]
fn the_sample_journal_is_a_separate_file_and_is_deleted_when_closed() {
    let f = Fixture::new();
    f.write_entry("mine");
    assert_eq!(f.session.journal_kind(), JournalKind::Own);

    f.session.open_sample().unwrap();
    let sample_dir = f.data_dir().join(SAMPLE_DIR_NAME);
    assert_eq!(f.session.journal_kind(), JournalKind::Sample);
    assert!(sample_dir.join(DATABASE_FILE_NAME).exists(), "the sample is a file of its own");
    let setbacks = f.session.with_database(|db| db.setbacks().list(None, 50)).unwrap();
    assert_eq!(setbacks.setbacks.len(), SAMPLE_SETBACKS, "the commands work on the sample");
    f.write_entry("while exploring");
    assert!(f.titles().contains(&"while exploring".to_owned()));
    f.session.open_sample().unwrap();
    assert!(f.titles().contains(&"while exploring".to_owned()), "opening it again keeps the one in use");

    let own = f.session.with_own_database(|db| db.entries().list(None, 50)).unwrap();
    assert_eq!(own.entries.len(), 1, "the user's journal is untouched");
    let own_setbacks = f.session.with_own_database(|db| db.setbacks().list(None, 50)).unwrap();
    assert!(own_setbacks.setbacks.is_empty());

    f.session.close_sample().unwrap();
    assert_eq!(f.session.journal_kind(), JournalKind::Own);
    assert!(!sample_dir.exists(), "closing the sample deletes its folder");
    assert_eq!(f.titles(), ["mine"]);
}

#[test]
fn a_sample_left_behind_by_a_crash_is_deleted_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let sample_dir = data_dir(dir.path()).join(SAMPLE_DIR_NAME);
    fs::create_dir_all(&sample_dir).unwrap();
    fs::write(sample_dir.join(DATABASE_FILE_NAME), b"a sample the app never closed").unwrap();

    let f = Fixture::open_in(dir);
    assert!(!sample_dir.exists());
    assert_eq!(f.session.journal_kind(), JournalKind::Own);
    assert_eq!(f.session.journal_status().state, JournalState::Open);
}

#[test]
fn a_damaged_journal_is_moved_aside_and_only_it_can_be_replaced_by_a_fresh_one() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = vec![0x5a; 8192];
    fs::create_dir_all(data_dir(dir.path())).unwrap();
    fs::write(data_dir(dir.path()).join(DATABASE_FILE_NAME), &garbage).unwrap();

    let f = Fixture::open_in(dir);
    let status = f.session.journal_status();
    assert_eq!(status.state, JournalState::Damaged);
    assert!(status.message.is_some_and(|message| message.contains("integrity check")));
    let moved_aside_to = PathBuf::from(status.moved_aside_to.expect("where the damaged file went"));
    assert_eq!(fs::read(&moved_aside_to).unwrap(), garbage, "the damaged file is kept as it was");
    let error = f.session.with_database(|db| db.entries().list(None, 10)).unwrap_err();
    assert_eq!(error.code, ErrorCode::DatabaseDamaged);
    assert!(error.message.contains(&moved_aside_to.display().to_string()), "{}", error.message);

    f.session.start_fresh_journal().unwrap();
    assert_eq!(f.session.journal_status().state, JournalState::Open);
    assert!(f.titles().is_empty(), "the new journal is empty");
    assert!(moved_aside_to.exists(), "and the damaged one is still there");
    assert_eq!(
        f.session.start_fresh_journal().unwrap_err().code,
        ErrorCode::InvalidInput,
        "a journal that is not damaged is never replaced"
    );
}

#[test]
fn the_change_hook_wakes_the_reminders_after_each_write_and_never_after_a_read() {
    let f = Fixture::new();
    assert_eq!(f.wakes(), 0, "opening wakes nothing");

    f.titles();
    f.session.with_database(|db| db.today()).unwrap();
    f.session.journal_status();
    assert_eq!(f.wakes(), 0, "reads wake nothing");

    f.write_entry("a write");
    assert_eq!(f.wakes(), 1, "a write wakes the reminder thread once");
    let refused = f.session.with_database(|db| {
        db.entries().create(&EntryDraft { title: "refused".into(), mood: Some(9), ..Default::default() })
    });
    assert_eq!(refused.unwrap_err().code, ErrorCode::InvalidInput);
    assert_eq!(f.wakes(), 1, "a request refused before it wrote wakes nothing");

    let now = f.clock.now();
    f.session.with_database(|db| db.reminders().claim_due(now)).unwrap();
    f.advance(3600);
    let later = f.clock.now();
    f.session.with_database(|db| db.reminders().claim_due(later)).unwrap();
    assert_eq!(f.wakes(), 1, "the reminder thread's own look is bookkeeping: it must not wake itself");

    f.session.with_database(|db| db.reminders().pause(PauseLength::Hour)).unwrap();
    assert_eq!(f.wakes(), 2, "a pause changes what is due");
    f.session.open_sample().unwrap();
    assert_eq!(f.wakes(), 3, "switching to the sample changes the journal in use");
    f.session.close_sample().unwrap();
    assert_eq!(f.wakes(), 4, "and so does switching back");
    f.session.close_sample().unwrap();
    assert_eq!(f.wakes(), 4, "closing a sample that is not open changes nothing");
}

#[test]
fn the_start_state_has_the_first_screen_in_one_answer_and_nothing_of_a_locked_journal() {
    let info = || failup_core::AppInfo {
        version: "1".into(),
        data_dir: "d".into(),
        time_zone: "Europe/Berlin".into(),
        rendering: "r".into(),
    };
    let f = Fixture::new();
    let first = f.session.start_state(info(), 2);
    assert_eq!(first.status.state, JournalState::Open);
    assert!(first.welcome_pending, "a new journal greets its user");
    assert_eq!(first.first_entries.map(|page| page.entries.len()), Some(0));

    for title in ["one", "two", "three"] {
        f.write_entry(title);
    }
    f.session.with_own_database(|db| db.settings().finish_welcome()).unwrap();
    let returning = f.session.start_state(info(), 2);
    assert!(!returning.welcome_pending);
    assert_eq!(returning.kind, JournalKind::Own);
    let page = returning.first_entries.expect("the open journal's first page");
    assert_eq!(
        page.entries.iter().map(|entry| entry.title.as_str()).collect::<Vec<_>>(),
        ["three", "two"],
        "the newest entries, as many as asked for"
    );
    assert!(page.next_cursor.is_some(), "and where the next page starts");

    f.session.enable_encryption(PASSPHRASE).unwrap();
    assert!(f.session.lock());
    let locked = f.session.start_state(info(), 2);
    assert_eq!(locked.status.state, JournalState::Locked);
    assert_eq!(locked.first_entries, None, "nothing of a locked journal is sent");
    assert!(!locked.welcome_pending);
}
