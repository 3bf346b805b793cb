//! Migrations from every earlier schema version, on populated journals: a journal written by
//! any earlier version of Failing Up opens in this one with every record intact and readable
//! through the core API.
//!
//! `tests/fixtures/schema-v{v}.sql` holds the rows migration `v` made room for, written
//! against that version's schema; a journal at version `v` is built by migrating an empty
//! file to `v` and loading fixtures 1 to `v` in order.

use std::path::{Path, PathBuf};

use failup_core::db::{latest_schema_version, migrations, rusqlite::Connection};
use failup_core::{Control, Database, Feeling, GoalKind, LessonStatus, SearchQuery, SupportKind};

use crate::fixed_clock;

fn fixture(version: i64) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/schema-v{version}.sql"))
}

/// A journal file at `version`, holding the fixtures of versions 1 to `version`.
pub fn journal_at(dir: &Path, version: i64) -> PathBuf {
    let path = dir.join("journal.sqlite3");
    let mut connection = Connection::open(&path).unwrap();
    migrations().to_version(&mut connection, version as usize).unwrap();
    connection.pragma_update(None, "foreign_keys", "ON").unwrap();
    for step in 0..=version {
        let rows = std::fs::read_to_string(fixture(step)).unwrap();
        connection.execute_batch(&rows).unwrap_or_else(|error| panic!("fixture v{step} loads at v{version}: {error}"));
    }
    let broken: i64 =
        connection.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| row.get(0)).unwrap();
    assert_eq!(broken, 0, "the fixtures of v{version} are consistent");
    let stored: i64 = connection.pragma_query_value(None, "user_version", |row| row.get(0)).unwrap();
    assert_eq!(stored, version, "the file is at version {version} before it is opened");
    path
}

fn feeling(emotion: &str, intensity: u8) -> Feeling {
    Feeling { emotion: emotion.into(), intensity }
}

#[test]
fn there_is_a_fixture_for_every_earlier_schema_version() {
    for version in 0..latest_schema_version() {
        assert!(fixture(version).exists(), "tests/fixtures/schema-v{version}.sql exists");
    }
}

#[test]
fn a_journal_from_every_earlier_schema_version_opens_with_its_records_intact() {
    for version in 0..latest_schema_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = journal_at(dir.path(), version);
        let mut database = Database::open(&path, fixed_clock())
            .unwrap_or_else(|error| panic!("a journal at v{version} opens: {error}"));
        assert_eq!(database.schema_version().unwrap(), latest_schema_version(), "v{version} is migrated to the latest");
        check_records(&mut database, version);
    }
}

/// Reads back, through the core API, every record the fixtures up to `version` wrote.
fn check_records(database: &mut Database, version: i64) {
    let at = format!("from v{version}");
    assert_eq!(database.areas().list().unwrap().len(), if version >= 2 { 8 } else { 7 }, "{at}: the areas");
    assert!(database.templates().list(true).unwrap().len() >= 4, "{at}: the built-in templates are there");
    if version < 1 {
        assert!(database.entries().list(None, 10).unwrap().entries.is_empty(), "{at}: an empty journal stays empty");
        return;
    }

    let first = database.entries().get(1).unwrap();
    assert_eq!(first.title, "First week at the new job", "{at}");
    assert_eq!(
        (first.local_date_time.as_str(), first.time_zone.as_str()),
        ("2025-01-15T21:40", "Europe/Berlin"),
        "{at}"
    );
    assert_eq!(first.tags, ["work", "Beginnings"], "{at}: tags in their order");
    assert_eq!(first.mood, Some(4), "{at}");
    let second = database.entries().get(2).unwrap();
    assert_eq!(second.mood, None, "{at}: no mood stays no mood");
    let day = database.entries().on_day("2025-02-01").unwrap();
    assert_eq!(
        day.iter().map(|entry| entry.id).collect::<Vec<_>>(),
        [2],
        "{at}: the Tokyo entry stays on its local day"
    );
    let found = database.search(&SearchQuery { text: "questions".into(), ..Default::default() }).unwrap();
    assert_eq!(found.len(), 1, "{at}: older entries are in the search index");
    if version < 2 {
        return;
    }

    assert_eq!(database.settings().cool_down_hours().unwrap(), 12, "{at}: the changed cool-down is kept");
    let setback = database.setbacks().get(1).unwrap();
    assert_eq!(setback.title, "Demo crashed", "{at}");
    assert_eq!((setback.area_id, setback.impact, setback.control), (1, 7, Control::Some), "{at}");
    assert_eq!(setback.feelings, [feeling("embarrassed", 80), feeling("anxious", 50)], "{at}");
    assert_eq!(setback.entry_ids, [1], "{at}: the linked entry");
    assert_eq!(setback.recovered_on.as_deref(), Some("2025-03-20"), "{at}");
    let second_setback = database.setbacks().get(2).unwrap();
    assert_eq!((second_setback.area_id, second_setback.cool_down_hours), (8, Some(48)), "{at}: the user's area");
    let reflection = database.reflections().get(1).unwrap();
    assert_eq!(reflection.template_name, "Quick check", "{at}");
    assert_eq!(reflection.answers[0].text, "I had not tested on their network.", "{at}");
    assert_eq!(reflection.answers[1].rating, Some(70), "{at}");
    assert_eq!(reflection.feelings_after, [feeling("embarrassed", 30)], "{at}");
    let lesson = database.lessons().get(1).unwrap();
    assert_eq!(lesson.setback_ids, [1], "{at}: the lesson is linked to its setback");
    assert_eq!(lesson.status, LessonStatus::Applied, "{at}");
    assert_eq!(lesson.revisits.len(), 3, "{at}");
    assert_eq!(lesson.revisions.len(), 1, "{at}");
    let output = database.goals().get(1).unwrap();
    assert_eq!((output.kind, output.paired_learning_goal_id), (GoalKind::Output, Some(2)), "{at}: the pairing");
    let learning = database.goals().get(2).unwrap();
    assert_eq!(
        (learning.check_ins.len(), learning.lesson_ids.clone(), learning.setback_ids.clone()),
        (1, vec![1], vec![1]),
        "{at}"
    );
    let template = database.templates().get(5).unwrap();
    assert_eq!(template.prompts.len(), 2, "{at}: the user's template keeps its prompts");
    assert!(database.templates().get(4).unwrap().hidden, "{at}: a hidden built-in stays hidden");
    if version < 3 {
        // The loop's records written before search existed are found too.
        let found = database.search(&SearchQuery { text: "network".into(), ..Default::default() }).unwrap();
        assert!(found.len() >= 2, "{at}: setbacks and reflections are backfilled into the search index: {found:?}");
        return;
    }

    let person = database.people().get(1).unwrap();
    assert_eq!(person.name, "Ada", "{at}");
    assert!(
        person.support_kinds.len() == 2
            && person.support_kinds.contains(&SupportKind::Advice)
            && person.support_kinds.contains(&SupportKind::Perspective),
        "{at}: the kinds of support are kept: {:?}",
        person.support_kinds
    );
    let conversation = database.conversations().get(1).unwrap();
    assert_eq!(
        conversation.setback_title.as_deref(),
        Some("Demo crashed"),
        "{at}: the conversation is about its setback"
    );
    if version < 4 {
        return;
    }

    let check_in = database.check_ins().get(1).unwrap();
    assert_eq!((check_in.mood, check_in.local_date_time.as_str()), (7, "2025-05-01T08:00"), "{at}");
    assert_eq!(database.check_ins().recovery_for_setback(2).unwrap().len(), 1, "{at}");
    assert_eq!(database.check_ins().brs_results().unwrap()[0].answers, [4, 2, 4, 2, 4, 2], "{at}");
    if version < 5 {
        return;
    }

    let reminders = database.settings().reminders().unwrap();
    assert!(!reminders.enabled && !reminders.discreet, "{at}: the reminder settings are kept");
    let deliveries: i64 =
        database.connection().query_row("SELECT count(*) FROM reminder_deliveries", [], |row| row.get(0)).unwrap();
    assert_eq!(deliveries, 2, "{at}: the reminder ledger is kept, so nothing is shown twice");
    if version < 6 {
        return;
    }

    let imported = database.check_ins().get(3).unwrap();
    assert_eq!((imported.mood, imported.confidence), (6, None), "{at}: a check-in without confidence");
    let noted: i64 =
        database.connection().query_row("SELECT count(*) FROM import_records", [], |row| row.get(0)).unwrap();
    assert_eq!(noted, 1, "{at}: imported records stay noted, so a second import adds nothing");
    if version < 7 {
        return;
    }

    let attached = database.attachments().of(failup_core::attachments::Owner::Entry(1)).unwrap();
    let summary: Vec<(&str, bool, bool)> =
        attached.iter().map(|file| (file.file_name.as_str(), file.picture, file.thumbnail)).collect();
    let waiting: Vec<String> = database.thumbnail_jobs(10).unwrap().into_iter().map(|job| job.reference).collect();
    if version < 8 {
        assert_eq!(
            summary,
            [("whiteboard.jpg", true, false), ("offer.pdf", false, false)],
            "{at}: attachments are kept, a picture waiting for its thumbnail"
        );
        assert_eq!(waiting, ["0123456789abcdef0123456789abcdef"], "{at}: only the picture waits for a thumbnail");
    } else {
        assert_eq!(
            summary,
            [("whiteboard.jpg", true, true), ("offer.pdf", false, false)],
            "{at}: a thumbnail made is kept"
        );
        assert!(waiting.is_empty(), "{at}: nothing waits for a thumbnail: {waiting:?}");
    }
}
