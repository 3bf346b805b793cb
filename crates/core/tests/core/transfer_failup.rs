//! The Failing Up JSON export and its import: lossless round trips, merging, idempotence, the
//! preview, hostile files, and the Markdown export.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use failup_core::attachments::Owner;
use failup_core::transfer::{limits, ImportFormat, ImportOptions, ImportPreview, ParsedImport};
use failup_core::{
    AnswerDraft, CheckInDraft, Control, Database, EntryDraft, Feeling, GoalDraft, GoalKind, LessonDraft, LessonWording,
    PersonDraft, Prompt, PromptKind, RevisitAnswer, SetbackDraft, SupportKind, SupportRole, TemplateDraft,
};
use serde_json::Value as Json;
use sha2::Digest;

use crate::open_temp;

/// A fingerprint of everything the journal holds: for each table (and the search index, which
/// the triggers rebuild), a SHA-256 of its rows in primary-key order. Two journals with equal
/// fingerprints hold the same content.
pub fn fingerprint(database: &Database) -> BTreeMap<String, String> {
    let connection = database.connection();
    let mut names: Vec<String> = connection
        .prepare(
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    names.sort();
    let mut fingerprints = BTreeMap::new();
    for name in names.iter().map(String::as_str).chain(["search_index"]) {
        let sql = if name == "search_index" {
            "SELECT rowid, * FROM search_index ORDER BY rowid".to_owned()
        } else {
            let width = connection.prepare(&format!("SELECT * FROM \"{name}\"")).unwrap().column_count();
            let order = (1..=width).map(|column| column.to_string()).collect::<Vec<_>>().join(", ");
            format!("SELECT * FROM \"{name}\" ORDER BY {order}")
        };
        let mut statement = connection.prepare(&sql).unwrap();
        let width = statement.column_count();
        let mut hasher = sha2::Sha256::new();
        let mut rows = statement.query([]).unwrap();
        let mut count = 0;
        while let Some(row) = rows.next().unwrap() {
            for index in 0..width {
                let value: rusqlite::types::Value = row.get(index).unwrap();
                hasher.update(format!("{value:?}\u{1f}").as_bytes());
            }
            hasher.update(b"\n");
            count += 1;
        }
        let digest = hasher.finalize().iter().map(|byte| format!("{byte:02x}")).collect::<String>();
        fingerprints.insert(name.to_owned(), format!("{count} rows {digest}"));
    }
    fingerprints
}

fn parse(bytes: &[u8]) -> ParsedImport {
    ParsedImport::from_bytes(ImportFormat::FailingUp, bytes, "export.json").expect("a Failing Up export is readable")
}

fn refused(bytes: &[u8]) -> String {
    ParsedImport::from_bytes(ImportFormat::FailingUp, bytes, "export.json")
        .expect_err("the file is refused")
        .to_string()
}

fn new_count(preview: &ImportPreview, kind: &str) -> u32 {
    preview.counts.iter().find(|count| count.kind == kind).map_or(0, |count| count.new)
}

fn feeling(emotion: &str, intensity: u8) -> Feeling {
    Feeling { emotion: emotion.into(), intensity }
}

/// Fills `database` through the core APIs with `entries` journal entries and
/// `check_ins` daily check-ins, and a few of every other kind of record, linked together.
pub fn populate(database: &mut Database, entries: usize, check_ins: usize) {
    let drafts: Vec<EntryDraft> = (0..entries)
        .map(|index| EntryDraft {
            title: format!("Entry {index} — “quoted”, naïve, 日本"),
            body: format!("Line one of {index}.\nLine two with **Markdown** and a tab\there."),
            local_date_time: Some(format!(
                "20{:02}-{:02}-{:02}T{:02}:{:02}",
                15 + index % 11,
                1 + index % 12,
                1 + index % 28,
                index % 24,
                index % 60
            )),
            time_zone: Some(["Europe/Berlin", "Asia/Tokyo", "America/New_York"][index % 3].into()),
            mood: (index % 4 != 0).then_some((1 + index % 5) as u8),
            tags: (0..index % 3).map(|tag| format!("tag{tag}")).collect(),
        })
        .collect();
    let entry_ids = database.entries().create_many(&drafts).unwrap();
    let check_in_drafts: Vec<CheckInDraft> = (0..check_ins)
        .map(|index| CheckInDraft {
            mood: (1 + index % 10) as u8,
            confidence: (1 + (index * 3) % 10) as u8,
            energy: (index % 2 == 0).then_some((1 + index % 7) as u8),
            note: if index % 5 == 0 { format!("note {index}") } else { String::new() },
            local_date_time: Some(format!("2025-{:02}-{:02}T{:02}:15", 1 + index % 12, 1 + index % 28, 6 + index % 14)),
            time_zone: Some("Europe/Lisbon".into()),
        })
        .collect();
    database.check_ins().log_many(&check_in_drafts).unwrap();

    let template = database
        .templates()
        .create(&TemplateDraft {
            name: "My own review".into(),
            description: "Two questions".into(),
            prompts: vec![
                Prompt { text: "What happened?".into(), kind: PromptKind::Text },
                Prompt { text: "How bad, 0–100?".into(), kind: PromptKind::Rating },
            ],
        })
        .unwrap();
    let side_project = database.areas().create("Side project").unwrap();
    let mut people = Vec::new();
    for index in 0..5 {
        people.push(
            database
                .people()
                .create(&PersonDraft {
                    name: format!("Person {index}"),
                    role: [SupportRole::Mentor, SupportRole::Peer, SupportRole::Friend][index % 3],
                    support_kinds: vec![SupportKind::Advice, SupportKind::Encouragement],
                    notes: "Met at work".into(),
                })
                .unwrap()
                .id,
        );
    }
    let mut learning_goal = None;
    for index in 0..30usize {
        let setback = database
            .setbacks()
            .create(&SetbackDraft {
                title: format!("Setback {index}"),
                what_happened: format!("It went wrong the {index}th time."),
                local_date_time: Some(format!("2025-{:02}-{:02}T09:30", 1 + index % 12, 1 + index % 28)),
                time_zone: Some("Europe/Berlin".into()),
                area_id: Some(if index % 4 == 0 { side_project.id } else { 1 + (index % 7) as i64 }),
                impact: (1 + index % 10) as u8,
                control: [Control::None, Control::Some, Control::Most, Control::All][index % 4],
                feelings: vec![feeling("disappointed", 70), feeling("angry", 30)],
                entry_ids: vec![entry_ids[index % entries], entry_ids[(index + 1) % entries]],
                cool_down_hours: (index % 5 == 0).then_some(48),
            })
            .unwrap();
        if index % 3 == 0 {
            database.setbacks().mark_recovered(setback.id, Some("2026-01-10")).unwrap();
        }
        database.check_ins().log_recovery(setback.id, (index % 11) as u8).unwrap();
        let (template_id, answers) = if index % 2 == 0 {
            (
                template.id,
                vec![
                    AnswerDraft { text: "It broke.".into(), rating: None },
                    AnswerDraft { text: String::new(), rating: Some(40) },
                ],
            )
        } else {
            (3, (0..3).map(|answer| AnswerDraft { text: format!("Answer {answer}"), rating: None }).collect())
        };
        let reflection = database.reflections().start(setback.id, template_id).unwrap();
        if index % 3 != 2 {
            database.reflections().complete(reflection.id, &answers, &[feeling("disappointed", 20)]).unwrap();
        } else {
            database.reflections().save_draft(reflection.id, &answers).unwrap();
        }
        let lesson = database
            .lessons()
            .create(&LessonDraft {
                text: format!("Lesson {index}"),
                if_situation: (index % 2 == 0).then(|| "a demo is coming".into()),
                then_action: (index % 2 == 0).then(|| "rehearse on the real setup".into()),
                area_id: Some(side_project.id),
                setback_ids: vec![setback.id],
            })
            .unwrap();
        if index % 4 == 1 {
            database
                .lessons()
                .revise(
                    lesson.id,
                    &LessonWording { text: format!("Lesson {index}, revised"), if_situation: None, then_action: None },
                )
                .unwrap();
        }
        if let Some(revisit) = lesson.revisits.first() {
            if index % 2 == 1 {
                database.lessons().answer_revisit(revisit.id, RevisitAnswer::Partly, "halfway").unwrap();
            }
        }
        if index % 5 == 0 {
            let goal = database
                .goals()
                .create(&GoalDraft {
                    kind: if index % 10 == 0 { GoalKind::Learning } else { GoalKind::Output },
                    title: format!("Goal {index}"),
                    why: "Because".into(),
                    how_ill_know: "I will see it".into(),
                    target_on: Some("2026-12-31".into()),
                    lesson_ids: vec![lesson.id],
                    setback_ids: vec![setback.id],
                })
                .unwrap();
            database.goals().check_in(goal.id, (index * 3 % 101) as u8, "moving").unwrap();
            match (goal.kind, learning_goal) {
                (GoalKind::Learning, _) => learning_goal = Some(goal.id),
                (GoalKind::Output, Some(learning)) => {
                    database.goals().pair(goal.id, Some(learning)).unwrap();
                }
                _ => {}
            }
        }
        database
            .conversations()
            .create(&failup_core::ConversationDraft {
                person_id: people[index % people.len()],
                setback_id: (index % 2 == 0).then_some(setback.id),
                held_on: Some("2026-02-01".into()),
                what_they_said: "Keep going".into(),
                what_ill_try: "Ask earlier".into(),
            })
            .unwrap();
    }
    database.check_ins().submit_brs(&[4, 2, 4, 2, 4, 2]).unwrap();
    database.settings().set_cool_down_hours(12).unwrap();
}

fn record_count(database: &Database) -> i64 {
    fingerprint(database)
        .iter()
        .filter(|(table, _)| table.as_str() != "search_index")
        .map(|(_, print)| print.split(' ').next().unwrap().parse::<i64>().unwrap())
        .sum()
}

#[test]
fn ten_thousand_records_round_trip_losslessly_and_a_second_import_adds_nothing() {
    let (_dir, mut original) = open_temp();
    populate(&mut original, 7_000, 3_000);
    assert!(record_count(&original) >= 10_000, "the journal holds at least 10,000 rows");
    let export = original.export_json().unwrap();
    let original_print = fingerprint(&original);

    let (_dir2, mut restored) = open_temp();
    let parsed = parse(&export);
    let preview = restored.import_preview(&parsed, &ImportOptions::default()).unwrap();
    assert_eq!(new_count(&preview, "journal entries"), 7_000, "the preview counts every entry");
    assert_eq!(new_count(&preview, "daily check-ins"), 3_000);
    assert_eq!(new_count(&preview, "setbacks"), 30);
    assert!(
        preview.notes.iter().any(|note| note.contains("restored")),
        "the preview says it restores: {:?}",
        preview.notes
    );
    restored.import(&parsed, &ImportOptions::default()).unwrap();
    assert_eq!(fingerprint(&restored), original_print, "every table, and the search index, is identical");

    let again = restored.import(&parse(&export), &ImportOptions::default()).unwrap();
    assert!(again.counts.iter().all(|count| count.new == 0), "the second import adds nothing: {:?}", again.counts);
    assert_eq!(fingerprint(&restored), original_print, "and changes nothing");

    // The export of the restored journal is the same file but for the time it was made.
    let second_export = restored.export_json().unwrap();
    assert_eq!(String::from_utf8(second_export).unwrap(), String::from_utf8(export).unwrap());
}

#[test]
fn merging_into_a_journal_with_content_renumbers_keeps_links_and_is_idempotent() {
    let (_dir, mut source) = open_temp();
    populate(&mut source, 20, 10);
    let export = source.export_json().unwrap();

    let (_dir2, mut target) = open_temp();
    let own_entry = target.entries().create(&EntryDraft { title: "Mine".into(), ..Default::default() }).unwrap();
    let own_setback = target
        .setbacks()
        .create(&SetbackDraft {
            title: "My own setback".into(),
            local_date_time: Some("2026-01-02T10:00".into()),
            ..Default::default()
        })
        .unwrap();
    target.areas().create("Side project").unwrap();
    target.settings().set_cool_down_hours(36).unwrap();

    let preview = target.import_preview(&parse(&export), &ImportOptions::default()).unwrap();
    assert!(
        preview.notes.iter().any(|note| note.contains("settings")),
        "the preview says settings are kept: {:?}",
        preview.notes
    );
    assert_eq!(new_count(&preview, "setbacks"), 30);
    assert_eq!(
        new_count(&preview, "life areas"),
        0,
        "built-in areas and an area of the same name are matched, not added"
    );
    let report = target.import(&parse(&export), &ImportOptions::default()).unwrap();
    assert_eq!(report.counts, preview.counts, "the import does what the preview announced");

    assert_eq!(target.entries().get(own_entry.id).unwrap().title, "Mine", "the journal's own records stay");
    assert_eq!(target.setbacks().get(own_setback.id).unwrap().title, "My own setback");
    assert_eq!(target.settings().cool_down_hours().unwrap(), 36, "the journal keeps its own settings");
    let setbacks = target.setbacks().list(None, 100).unwrap().setbacks;
    assert_eq!(setbacks.len(), 31, "the file's 30 setbacks are added beside the journal's one");
    let imported = setbacks.iter().find(|setback| setback.title == "Setback 7").expect("Setback 7 was imported");
    assert_ne!(imported.id, 8, "ids are renumbered after the journal's own");
    let lessons = target.lessons().for_setback(imported.id).unwrap();
    assert_eq!(
        lessons.iter().map(|lesson| lesson.text.as_str()).collect::<Vec<_>>(),
        ["Lesson 7"],
        "the lesson is still linked to its setback"
    );
    let setback = target.setbacks().get(imported.id).unwrap();
    assert_eq!(setback.entry_ids.len(), 2, "the setback still links its two entries");
    let entry = target.entries().get(setback.entry_ids[0]).unwrap();
    assert_eq!(entry.title, "Entry 7 — “quoted”, naïve, 日本", "and they are the right entries");
    let side_projects = target.areas().list().unwrap().into_iter().filter(|area| area.name == "Side project").count();
    assert_eq!(side_projects, 1, "the area of the same name is reused");

    let before = fingerprint(&target);
    let again = target.import(&parse(&export), &ImportOptions::default()).unwrap();
    assert!(again.counts.iter().all(|count| count.new == 0), "a second import adds nothing: {:?}", again.counts);
    assert_eq!(fingerprint(&target), before, "and changes nothing");
}

#[test]
fn an_export_imported_into_its_own_journal_adds_nothing() {
    let (_dir, mut journal) = open_temp();
    populate(&mut journal, 10, 5);
    let export = journal.export_json().unwrap();
    let before = fingerprint(&journal);
    let preview = journal.import_preview(&parse(&export), &ImportOptions::default()).unwrap();
    assert!(preview.counts.iter().all(|count| count.new == 0), "nothing would be added: {:?}", preview.counts);
    assert!(preview.notes.iter().any(|note| note.contains("exported from this journal")), "{:?}", preview.notes);
    journal.import(&parse(&export), &ImportOptions::default()).unwrap();
    assert_eq!(fingerprint(&journal), before, "importing its own export changes nothing");
}

#[test]
fn the_preview_counts_dates_and_skips_and_writes_nothing() {
    let (_dir, mut source) = open_temp();
    populate(&mut source, 12, 4);
    let export = source.export_json().unwrap();

    let (_dir2, mut target) = open_temp();
    target.entries().create(&EntryDraft { title: "Mine".into(), ..Default::default() }).unwrap();
    let first = target.import(&parse(&export), &ImportOptions::default()).unwrap();
    assert_eq!(first.counts.iter().find(|count| count.kind == "journal entries").unwrap().new, 12);
    // The user deletes an imported setback; its reflections would come back with the file,
    // but they belong to a setback that is gone, so they are skipped and the reason given.
    let imported_setback =
        target.setbacks().list(None, 100).unwrap().setbacks.into_iter().find(|s| s.title == "Setback 3").unwrap();
    target.setbacks().delete(imported_setback.id).unwrap();
    target.connection().execute("DELETE FROM import_records WHERE external_key LIKE '%/reflections/%'", []).unwrap();
    let before = fingerprint(&target);

    let preview = target.import_preview(&parse(&export), &ImportOptions::default()).unwrap();
    assert_eq!(fingerprint(&target), before, "a preview writes nothing");
    assert_eq!(new_count(&preview, "journal entries"), 0, "entries imported before are not counted again");
    assert_eq!(preview.counts.iter().find(|count| count.kind == "journal entries").unwrap().already_imported, 12);
    assert_eq!(new_count(&preview, "setbacks"), 0, "a deleted imported setback is not brought back");
    assert!(
        preview.skipped.iter().any(|item| item.item.starts_with("reflections") && item.reason.contains("deleted")),
        "the reflection of the deleted setback is listed as skipped, with why: {:?}",
        preview.skipped
    );

    let (_dir3, mut empty) = open_temp();
    let preview = empty.import_preview(&parse(&export), &ImportOptions::default()).unwrap();
    let dated = "SELECT local_date AS day FROM entries UNION ALL SELECT local_date FROM setbacks
                 UNION ALL SELECT local_date FROM daily_check_ins UNION ALL SELECT local_date FROM recovery_check_ins
                 UNION ALL SELECT written_on FROM lessons UNION ALL SELECT held_on FROM conversations
                 UNION ALL SELECT taken_on FROM brs_results";
    let entry_dates = source
        .connection()
        .query_row(&format!("SELECT min(day), max(day) FROM ({dated})"), [], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })
        .unwrap();
    assert_eq!(
        (preview.first_date.clone().unwrap(), preview.last_date.clone().unwrap()),
        entry_dates,
        "the date range spans what would be added"
    );
    assert_eq!(
        new_count(&preview, "life areas"),
        1,
        "only the area the user added is new; the built-ins are already there"
    );
}

/// A small valid export, as JSON, to break in the hostile-input tests.
fn small_export() -> (tempfile::TempDir, Database, Json) {
    let (dir, mut database) = open_temp();
    populate(&mut database, 3, 2);
    let export: Json = serde_json::from_slice(&database.export_json().unwrap()).unwrap();
    (dir, database, export)
}

fn with(mut export: Json, change: impl FnOnce(&mut Json)) -> Vec<u8> {
    change(&mut export);
    serde_json::to_vec(&export).unwrap()
}

#[test]
fn hostile_files_are_refused_with_the_problem_named_and_nothing_written() {
    let (_dir, _source, export) = small_export();
    let (_dir2, mut target) = open_temp();
    target.entries().create(&EntryDraft { title: "Mine".into(), ..Default::default() }).unwrap();
    let before = fingerprint(&target);
    let bytes = serde_json::to_vec(&export).unwrap();

    let mut invalid_utf8 = bytes.clone();
    invalid_utf8.splice(40..40, [0xff, 0xfe]);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("invalid UTF-8", invalid_utf8, "UTF-8"),
        ("truncated", bytes[..bytes.len() / 2].to_vec(), "ends too early"),
        ("not JSON", b"hello".to_vec(), "not valid JSON"),
        ("another format", with(export.clone(), |e| e["format"] = "jrnl".into()), "not a Failing Up export"),
        ("a newer format", with(export.clone(), |e| e["formatVersion"] = 3.into()), "newer Failing Up"),
        ("a newer schema", with(export.clone(), |e| e["schemaVersion"] = 99.into()), "newer Failing Up"),
        ("an unknown table", with(export.clone(), |e| e["tables"]["secrets"] = Json::Array(vec![])), "“secrets”"),
        ("an unknown column", with(export.clone(), |e| e["tables"]["entries"][0]["colour"] = "red".into()), "“colour”"),
        (
            "the 30th of February",
            with(export.clone(), |e| e["tables"]["entries"][0]["local_date"] = "2023-02-30".into()),
            "2023-02-30",
        ),
        ("year 0", with(export.clone(), |e| e["tables"]["setbacks"][0]["local_date"] = "0000-06-01".into()), "year 0"),
        ("a NUL character", with(export.clone(), |e| e["tables"]["entries"][1]["body"] = "a\u{0}b".into()), "NUL"),
        ("text for a number", with(export.clone(), |e| e["tables"]["entries"][0]["mood"] = "3".into()), "whole number"),
        ("a fraction", with(export.clone(), |e| e["tables"]["setbacks"][0]["impact"] = 2.5.into()), "2.5"),
        (
            "an unknown zone",
            with(export.clone(), |e| e["tables"]["entries"][0]["time_zone"] = "Mars/Olympus".into()),
            "Mars/Olympus",
        ),
        ("a broken rule", with(export.clone(), |e| e["tables"]["setbacks"][0]["impact"] = 11.into()), "impact"),
        ("a dangling link", with(export.clone(), |e| e["tables"]["lessons"][0]["area_id"] = 999.into()), "“lessons”"),
        ("a bad time", with(export.clone(), |e| e["tables"]["entries"][0]["local_time"] = "25:00".into()), "25:00"),
    ];
    for (case, file, named) in cases {
        let message = refused(&file);
        assert!(message.contains(named), "{case}: the message names the problem ({named}): {message}");
        assert_eq!(fingerprint(&target), before, "{case}: nothing is written");
    }
}

#[test]
fn an_export_larger_than_its_cap_is_refused_by_its_size_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge-export.json");
    // A sparse file: 300 MB to the file system, nothing on the disk.
    std::fs::File::create(&path).unwrap().set_len(300 * 1024 * 1024).unwrap();
    let message = ParsedImport::read(ImportFormat::FailingUp, &path).expect_err("the file is refused").to_string();
    assert!(
        message.contains("huge-export.json is 300.0 MB") && message.contains("up to 256.0 MB"),
        "the message names the file, its size and the cap: {message}"
    );
}

#[test]
fn an_export_larger_than_the_cap_for_other_apps_files_is_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big-export.json");
    // 100 MB of zeros: over the 64 MB other apps' files may have, so only a Failing Up export
    // this big gets as far as being read (and is then refused for what it holds).
    std::fs::File::create(&path).unwrap().set_len(100 * 1024 * 1024).unwrap();
    // The caps this test sits between, checked when it is compiled.
    const { assert!(limits::MAX_FAILING_UP_FILE_BYTES > 100 * 1024 * 1024 && limits::MAX_FILE_BYTES < 100 * 1024 * 1024) };
    let message = ParsedImport::read(ImportFormat::FailingUp, &path).expect_err("zeros are no export").to_string();
    assert!(message.contains("not valid JSON"), "a user's big export is read, not refused by its size: {message}");
}

#[test]
fn an_export_from_an_earlier_schema_version_imports() {
    let (_dir, _source, export) = small_export();
    // An export made at schema version 1 has only the journal.
    let old = with(export, |e| {
        e["schemaVersion"] = 1.into();
        let tables = e["tables"].as_object_mut().unwrap();
        tables.retain(|name, _| name == "entries" || name == "entry_tags");
    });
    let (_dir2, mut target) = open_temp();
    let parsed = parse(&old);
    let preview = target.import_preview(&parsed, &ImportOptions::default()).unwrap();
    assert!(preview.notes.iter().any(|note| note.contains("schema version 1")), "{:?}", preview.notes);
    target.import(&parsed, &ImportOptions::default()).unwrap();
    let page = target.entries().list(None, 10).unwrap();
    assert_eq!(page.entries.len(), 3, "the old export's entries are there");
    assert_eq!(
        target.search(&failup_core::SearchQuery { text: "quoted".into(), ..Default::default() }).unwrap().len(),
        3,
        "and searchable"
    );
    assert_eq!(target.areas().list().unwrap().len(), 7, "what later versions seed is there too");
    let before = fingerprint(&target);
    let again = target.import(&parse(&old), &ImportOptions::default()).unwrap();
    assert!(again.counts.iter().all(|count| count.new == 0), "importing it again adds nothing: {:?}", again.counts);
    assert_eq!(fingerprint(&target), before, "and changes nothing");
}

/// The scale the issue asks for: 100,000 entries import correctly. It prints the time taken
/// (the budget is 0.1 ms per entry; timings belong in benchmarks, so it is not asserted).
/// Slow in a debug build (SQLite unoptimised), so it runs on demand:
/// `cargo test -p failup-core --release --test core hundred_thousand -- --ignored --nocapture`.
#[test]
#[ignore = "100,000 entries take about a minute in a debug build; run with --release --ignored"]
fn a_hundred_thousand_entries_import() {
    let (_dir, mut source) = open_temp();
    let started = Instant::now();
    populate(&mut source, 100_000, 0);
    let populated = started.elapsed();
    let started = Instant::now();
    let export = source.export_json().unwrap();
    let exported = started.elapsed();
    let (_dir2, mut target) = open_temp();
    let started = Instant::now();
    let parsed = parse(&export);
    let read = started.elapsed();
    target.import_preview(&parsed, &ImportOptions::default()).unwrap();
    let previewed = started.elapsed() - read;
    target.import(&parsed, &ImportOptions::default()).unwrap();
    let total = started.elapsed();
    let per_entry = |duration: std::time::Duration| duration.as_secs_f64() * 1000.0 / 100_000.0;
    println!(
        "100,000 entries, {} MB: written through the API in {populated:?}; export {exported:?}; \
         read and check {read:?}; preview {previewed:?}; \
         read, check and import {:?} ({:.4} ms per entry)",
        export.len() / 1_000_000,
        total - previewed,
        per_entry(total - previewed)
    );
    assert_eq!(
        target.connection().query_row("SELECT count(*) FROM entries", [], |row| row.get::<_, i64>(0)).unwrap(),
        100_000
    );
}

#[test]
fn the_markdown_export_writes_one_safe_file_per_entry_and_setback() {
    let (_dir, mut journal) = open_temp();
    journal
        .entries()
        .create(&EntryDraft {
            title: "../../etc/passwd: a \"quoted\" / title".into(),
            body: "Body with *Markdown*.".into(),
            local_date_time: Some("2024-03-05T14:30".into()),
            time_zone: Some("Europe/Berlin".into()),
            mood: Some(4),
            tags: vec!["work".into(), "a: b".into()],
        })
        .unwrap();
    journal
        .entries()
        .create(&EntryDraft {
            title: "../../etc/passwd: a \"quoted\" / title".into(),
            local_date_time: Some("2024-03-05T14:30".into()),
            ..Default::default()
        })
        .unwrap();
    let setback = journal
        .setbacks()
        .create(&SetbackDraft {
            title: "Rejected".into(),
            local_date_time: Some("2024-03-06T09:05".into()),
            area_id: Some(2),
            impact: 6,
            control: Control::Most,
            feelings: vec![feeling("sad", 60)],
            ..Default::default()
        })
        .unwrap();
    journal
        .lessons()
        .create(&LessonDraft { text: "Apply earlier".into(), setback_ids: vec![setback.id], ..Default::default() })
        .unwrap();

    let folder = tempfile::tempdir().unwrap();
    let target = folder.path().join("export");
    assert_eq!(journal.export_markdown_folder(&target).unwrap(), 3);
    let mut written: Vec<String> = walk(&target);
    written.sort();
    assert_eq!(
        written,
        [
            "entries/2024-03-05-1430-etc-passwd-a-quoted-title-2.md",
            "entries/2024-03-05-1430-etc-passwd-a-quoted-title.md",
            "setbacks/2024-03-06-0905-rejected.md"
        ],
        "names are dated, slugged, unique and inside the folder"
    );
    let entry = std::fs::read_to_string(target.join("entries/2024-03-05-1430-etc-passwd-a-quoted-title.md")).unwrap();
    let front_matter = concat!(
        "---\ntype: entry\n",
        "title: \"../../etc/passwd: a \\\"quoted\\\" / title\"\n",
        "date: 2024-03-05\ntime: \"14:30\"\ntime_zone: \"Europe/Berlin\"\nmood: 4\n",
        "tags: [\"work\", \"a: b\"]\n---\n"
    );
    assert!(entry.starts_with(front_matter), "front matter: {entry}");
    assert!(entry.ends_with("Body with *Markdown*.\n"), "the body is kept as written: {entry}");
    let setback_file = std::fs::read_to_string(target.join("setbacks/2024-03-06-0905-rejected.md")).unwrap();
    assert!(
        setback_file.contains("area: \"Learning\"\nimpact: 6\ncontrol: most\n"),
        "area, impact and control in the front matter: {setback_file}"
    );
    assert!(
        setback_file.contains("  - {emotion: \"sad\", intensity: 60}"),
        "feelings in the front matter: {setback_file}"
    );
    assert!(setback_file.contains("## Lessons\n\n- Apply earlier (untested)"), "the lesson is listed: {setback_file}");

    let error = journal.export_markdown_folder(&target).unwrap_err().to_string();
    assert!(error.contains("not empty"), "a folder with files is refused: {error}");

    let zip = journal.export_markdown_zip().unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut in_zip: Vec<String> = archive.file_names().map(str::to_owned).collect();
    in_zip.sort();
    assert_eq!(in_zip, written, "the zip holds the same files");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("setbacks/2024-03-06-0905-rejected.md").unwrap(), &mut text)
        .unwrap();
    assert_eq!(text, setback_file, "with the same text");
}

fn walk(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for sub in std::fs::read_dir(root).unwrap() {
        let sub = sub.unwrap().path();
        if sub.is_dir() {
            found.extend(
                walk(&sub).into_iter().map(|name| format!("{}/{name}", sub.file_name().unwrap().to_string_lossy())),
            );
        } else {
            found.push(sub.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    found
}

/// A Failing Up export of the journal file at `path` made at whatever schema version it is:
/// what an earlier version of Failing Up wrote (the format has not changed since version 1).
fn export_as_it_was(path: &Path, journal_id: &str) -> Vec<u8> {
    let connection = rusqlite::Connection::open(path).unwrap();
    let version: i64 = connection.pragma_query_value(None, "user_version", |row| row.get(0)).unwrap();
    let names: Vec<String> = connection
        .prepare(
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut tables = serde_json::Map::new();
    for name in names {
        let mut statement = connection.prepare(&format!("SELECT * FROM \"{name}\"")).unwrap();
        let columns: Vec<String> = statement.column_names().into_iter().map(str::to_owned).collect();
        let rows: Vec<Json> = statement
            .query_map([], |row| {
                let mut object = serde_json::Map::new();
                for (index, column) in columns.iter().enumerate() {
                    let value = match row.get::<_, rusqlite::types::Value>(index)? {
                        rusqlite::types::Value::Null => Json::Null,
                        rusqlite::types::Value::Integer(integer) => integer.into(),
                        rusqlite::types::Value::Text(text) => text.into(),
                        other => panic!("no table holds {other:?}"),
                    };
                    object.insert(column.clone(), value);
                }
                Ok(Json::Object(object))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        tables.insert(name, Json::Array(rows));
    }
    serde_json::to_vec_pretty(&serde_json::json!({
        "format": "failing-up-export",
        "formatVersion": 1,
        "schemaVersion": version,
        "exportedAt": "2025-06-01T12:00:00Z",
        "journalId": journal_id,
        "tables": tables,
    }))
    .unwrap()
}

#[test]
fn an_export_from_every_earlier_schema_version_imports_as_its_journal_would_migrate() {
    for version in 1..failup_core::db::latest_schema_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = crate::migrations::journal_at(dir.path(), version);
        let journal_id = format!("fixture-v{version}");
        let export = export_as_it_was(&path, &journal_id);
        // The same journal, migrated by opening it: what the import must arrive at.
        let migrated = Database::open(&path, crate::fixed_clock()).unwrap();

        let (_dir, mut imported) = open_temp();
        let parsed = parse(&export);
        let report = imported.import(&parsed, &ImportOptions::default()).unwrap();
        if version >= 7 {
            // The fixture's attached files are not on this computer, and a JSON file does not
            // carry them: their rows are left out and named, and the rest must be equal.
            let left_out = report.skipped.iter().filter(|skipped| skipped.reason.contains("not on this computer"));
            assert_eq!(left_out.count(), 2, "v{version}: {:?}", report.skipped);
            migrated.connection().execute("DELETE FROM attachments", []).unwrap();
        }
        let restored_id: String = imported
            .connection()
            .query_row("SELECT value FROM settings WHERE key = 'journal_id'", [], |row| row.get(0))
            .unwrap();
        assert_eq!(restored_id, journal_id, "v{version}: the restored journal takes the file's identity");
        imported.connection().execute("DELETE FROM settings WHERE key = 'journal_id'", []).unwrap();
        assert_eq!(
            fingerprint(&imported),
            fingerprint(&migrated),
            "v{version}: the import equals the migrated journal"
        );

        imported
            .connection()
            .execute("INSERT INTO settings (key, value) VALUES ('journal_id', ?1)", [&journal_id])
            .unwrap();
        let again = imported.import(&parsed, &ImportOptions::default()).unwrap();
        assert!(again.counts.iter().all(|count| count.new == 0), "v{version}: importing it again adds nothing");

        // Merged into a journal with content, a goal paired with a goal that comes later in
        // the file stays paired with it.
        let (_dir, mut busy) = open_temp();
        busy.entries().create(&EntryDraft { title: "Mine".into(), ..Default::default() }).unwrap();
        busy.import(&parsed, &ImportOptions::default()).unwrap();
        if version >= 2 {
            let goals = busy.goals().list(None).unwrap();
            let output = goals.iter().find(|goal| goal.title == "Ship the client pilot").unwrap();
            let paired = busy.goals().get(output.id).unwrap().paired_learning_goal_id.expect("still paired");
            assert_eq!(busy.goals().get(paired).unwrap().title, "Learn to run demos safely", "v{version}");
        }
    }
}

// -----------------------------------------------------------------------------------------
// Attached files: format version 2
// -----------------------------------------------------------------------------------------

fn media_fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/media").join(name)).unwrap()
}

/// A journal with an entry that shows a picture in its text and a setback with a letter.
fn journal_with_files(database: &mut Database) -> (String, String) {
    let entry =
        database.entries().create(&EntryDraft { body: "Before the talk.".into(), ..Default::default() }).unwrap();
    let picture =
        database.attachments().attach_bytes(Owner::Entry(entry.id), "sunset.png", &media_fixture("sunset.png"));
    let picture = picture.unwrap();
    let body = format!("Before the talk.\n\n![sunset](attachment:{})", picture.reference);
    database.entries().update(entry.id, &EntryDraft { body, ..Default::default() }).unwrap();
    let setback = database.setbacks().create(&SetbackDraft { title: "Rejected".into(), ..Default::default() }).unwrap();
    let letter = database
        .attachments()
        .attach_bytes(Owner::Setback(setback.id), "rejection-letter.pdf", &media_fixture("rejection-letter.pdf"))
        .unwrap();
    (picture.reference, letter.reference)
}

/// The export of `database` with its files, written to a file in `dir`.
fn export_archive_file(database: &mut Database, dir: &Path) -> std::path::PathBuf {
    let path = dir.join("failing-up-export.zip");
    database.export_archive(std::fs::File::create(&path).unwrap()).unwrap();
    path
}

#[test]
fn an_export_with_attached_files_carries_them_to_another_computer_and_an_encrypted_journal() {
    let (dir, mut source) = open_temp();
    let (picture, letter) = journal_with_files(&mut source);
    let path = export_archive_file(&mut source, dir.path());
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    assert_eq!(names.len(), 3, "the JSON and each file once: {names:?}");
    let mut json = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("failing-up-export.json").unwrap(), &mut json).unwrap();
    let json: Json = serde_json::from_str(&json).unwrap();
    assert_eq!(json["formatVersion"], 2);

    // Restored into a new encrypted journal elsewhere: the files arrive, sealed, under the
    // same references, and the text still shows the picture.
    let elsewhere = tempfile::tempdir().unwrap();
    let (key_file, key) = failup_core::vault::KeyFile::create("a long enough passphrase").unwrap();
    let mut target =
        Database::open_with_key(&elsewhere.path().join("journal.sqlite3"), crate::fixed_clock(), Some((key, key_file)))
            .unwrap();
    let parsed = ParsedImport::read(ImportFormat::FailingUp, &path).unwrap();
    let preview = target.import_preview(&parsed, &ImportOptions::default()).unwrap();
    assert_eq!(new_count(&preview, "attached files"), 2);
    let report = target.import(&parsed, &ImportOptions::default()).unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(target.attachments().read(&picture).unwrap().1, media_fixture("sunset.png"));
    assert_eq!(target.attachments().read(&letter).unwrap().1, media_fixture("rejection-letter.pdf"));
    let entry = target.entries().list(None, 10).unwrap().entries[0].id;
    assert!(target.entries().get(entry).unwrap().body.contains(&format!("attachment:{picture}")));
    let canary = &media_fixture("rejection-letter.pdf")[..];
    for file in walk(elsewhere.path()) {
        let bytes = std::fs::read(elsewhere.path().join(&file)).unwrap();
        assert!(
            !bytes.windows(64).any(|window| canary.windows(64).any(|part| part == window)),
            "{file} holds the letter in clear"
        );
    }

    // Merged into a journal with its own records: added beside them, and only once.
    let (_dir3, mut busy) = open_temp();
    busy.entries().create(&EntryDraft { body: "Mine.".into(), ..Default::default() }).unwrap();
    let parsed = ParsedImport::read(ImportFormat::FailingUp, &path).unwrap();
    busy.import(&parsed, &ImportOptions::default()).unwrap();
    assert_eq!(busy.attachments().read(&picture).unwrap().1, media_fixture("sunset.png"));
    let again = busy.import(&parsed, &ImportOptions::default()).unwrap();
    let files = again.counts.iter().find(|count| count.kind == "attached files").unwrap();
    assert_eq!((files.new, files.already_imported), (0, 2), "a second import adds no file");
}

#[test]
fn a_file_missing_from_the_export_is_named_and_an_export_without_files_keeps_only_those_here() {
    let (dir, mut source) = open_temp();
    let (picture, letter) = journal_with_files(&mut source);
    let path = export_archive_file(&mut source, dir.path());

    // The same zip without the letter, as a sync tool still copying might leave it.
    let mut original = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let partial = dir.path().join("partial.zip");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&partial).unwrap());
    for index in 0..original.len() {
        let member = original.by_index_raw(index).unwrap();
        let is_letter = member.name().starts_with("files/")
            && member.size() as usize == media_fixture("rejection-letter.pdf").len();
        if !is_letter {
            writer.raw_copy_file(member).unwrap();
        }
    }
    writer.finish().unwrap();
    let (_target_dir, mut target) = open_temp();
    let parsed = ParsedImport::read(ImportFormat::FailingUp, &partial).unwrap();
    let preview = target.import_preview(&parsed, &ImportOptions::default()).unwrap();
    assert_eq!(new_count(&preview, "attached files"), 1);
    let missing = preview.skipped.iter().find(|skipped| skipped.item.contains("rejection-letter.pdf"));
    assert!(missing.is_some_and(|skipped| skipped.reason.contains("does not hold")), "{:?}", preview.skipped);
    target.import(&parsed, &ImportOptions::default()).unwrap();
    assert!(target.attachments().read(&picture).is_ok());
    assert!(target.attachments().read(&letter).is_err(), "no row points at a file that is not there");

    // The JSON alone restores, on this computer, the rows whose files are here, and says which
    // are not: here none are missing; in another journal's folder, both are.
    let json = source.export_json().unwrap();
    let (_other_dir, mut other) = open_temp();
    let parsed = ParsedImport::from_bytes(ImportFormat::FailingUp, &json, "export.json").unwrap();
    let report = other.import(&parsed, &ImportOptions::default()).unwrap();
    assert_eq!(report.skipped.len(), 2, "{:?}", report.skipped);
    assert!(report.skipped.iter().all(|skipped| skipped.reason.contains("not on this computer")));
    assert!(other.attachments().read(&picture).is_err());
}
