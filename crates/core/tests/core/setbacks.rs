use std::sync::Arc;

use failup_core::setbacks::{ready_at, stage, StageFacts};
use failup_core::{
    AppSettings, Control, Database, EntryDraft, ErrorCode, Feeling, FixedClock, SetbackDraft, Stage, Timestamp,
};

use crate::open_temp;

/// A fresh journal whose clock the test can move: stopped at `now` (RFC 3339) in `time_zone`.
pub fn open_at(now: &str, time_zone: &str) -> (tempfile::TempDir, Database, Arc<FixedClock>) {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(now.parse().unwrap(), time_zone));
    let database = Database::open_in_dir(&dir.path().join("data"), clock.clone()).unwrap();
    (dir, database, clock)
}

pub fn feeling(emotion: &str, intensity: u8) -> Feeling {
    Feeling { emotion: emotion.into(), intensity }
}

pub fn setback(title: &str, at: &str) -> SetbackDraft {
    SetbackDraft { title: title.into(), local_date_time: Some(at.into()), ..Default::default() }
}

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

#[test]
fn a_setback_is_stored_as_written_and_read_back() {
    let (_dir, mut database) = open_temp();
    let entry = database.entries().create(&EntryDraft { title: "Notes".into(), ..Default::default() }).unwrap();
    let written = database
        .setbacks()
        .create(&SetbackDraft {
            title: "  Rejected from the program  ".into(),
            what_happened: "The email came at noon.".into(),
            local_date_time: Some("2026-03-13T12:00".into()),
            time_zone: Some("America/New_York".into()),
            area_id: Some(2),
            impact: 7,
            control: Control::Most,
            feelings: vec![feeling(" disappointed ", 80), feeling("embarrassed", 40)],
            entry_ids: vec![entry.id, entry.id],
            cool_down_hours: None,
        })
        .unwrap();
    let read = database.setbacks().get(written.id).unwrap();
    assert_eq!(read, written, "what create returns is what is stored");
    assert_eq!(read.title, "Rejected from the program", "titles are trimmed");
    assert_eq!(read.local_date_time, "2026-03-13T12:00");
    assert_eq!(read.time_zone, "America/New_York");
    assert_eq!((read.area_id, read.impact, read.control), (2, 7, Control::Most));
    assert_eq!(read.feelings, vec![feeling("disappointed", 80), feeling("embarrassed", 40)]);
    assert_eq!(read.entry_ids, vec![entry.id], "a repeated link is kept once");
    assert_eq!(read.effective_cool_down_hours, 24, "the default cool-down is a day");
    assert_eq!(read.ready_at, "2026-03-14T16:00:00Z", "12:00 in New York (16:00 UTC) plus 24 hours");
    assert_eq!(read.stage, Stage::CoolingDown, "at 08:30 UTC on the 14th the day is not over");
    assert_eq!(read.created_at, "2026-03-14T08:30:00Z", "timestamps come from the injected clock");

    let now = database.setbacks().create(&SetbackDraft { title: "Now".into(), ..Default::default() }).unwrap();
    assert_eq!(now.local_date_time, "2026-03-14T09:30", "no date means now, in the user's zone");
    assert_eq!(now.area_id, 7, "no area means the built-in “Other”");
}

#[test]
fn the_stage_follows_its_rules_in_order() {
    let facts = StageFacts {
        happened_at: at("2026-03-01T10:00:00Z"),
        cool_down_hours: 24,
        completed_reflections: 0,
        lessons: 0,
        recovered: false,
    };
    let during = at("2026-03-02T09:59:59Z");
    let after = at("2026-03-02T10:00:00Z");
    assert_eq!(stage(&facts, during), Stage::CoolingDown);
    assert_eq!(stage(&facts, after), Stage::ReadyToReflect, "the cool-down ends exactly at ready_at");
    assert_eq!(stage(&StageFacts { cool_down_hours: 0, ..facts }, facts.happened_at), Stage::ReadyToReflect);
    let reflected = StageFacts { completed_reflections: 1, ..facts };
    assert_eq!(stage(&reflected, during), Stage::Reflected, "a completed reflection counts even during cool-down");
    let with_lesson = StageFacts { lessons: 2, ..reflected };
    assert_eq!(stage(&with_lesson, after), Stage::LessonsDrawn);
    assert_eq!(stage(&StageFacts { lessons: 1, ..facts }, during), Stage::LessonsDrawn, "lessons without reflection");
    assert_eq!(stage(&StageFacts { recovered: true, ..with_lesson }, after), Stage::Recovered, "recovery wins");
    assert_eq!(stage(&StageFacts { recovered: true, ..facts }, during), Stage::Recovered);
}

#[test]
fn the_cool_down_is_elapsed_time_across_the_spring_dst_change() {
    // Berlin moves from CET (+01:00) to CEST (+02:00) at 02:00 on 2026-03-29.
    let (_dir, mut database, clock) = open_at("2026-03-28T11:00:00Z", "Europe/Berlin");
    let id = database.setbacks().create(&setback("Bad review", "2026-03-28T12:00")).unwrap().id;
    let read = database.setbacks().get(id).unwrap();
    assert_eq!(read.ready_at, "2026-03-29T11:00:00Z", "24 elapsed hours after 11:00 UTC");
    assert_eq!(
        ready_at(at("2026-03-28T11:00:00Z"), 24).to_zoned(jiff::tz::TimeZone::get("Europe/Berlin").unwrap()).datetime(),
        "2026-03-29T13:00".parse::<jiff::civil::DateTime>().unwrap(),
        "which is 13:00 local, not 12:00: the night had only 23 hours"
    );
    clock.set(at("2026-03-29T10:30:00Z")); // 12:30 local: a wall-clock day has passed, 23.5 hours have.
    assert_eq!(database.setbacks().get(id).unwrap().stage, Stage::CoolingDown, "23.5 hours is not 24");
    clock.set(at("2026-03-29T11:00:00Z"));
    assert_eq!(database.setbacks().get(id).unwrap().stage, Stage::ReadyToReflect, "24 hours have passed");
}

#[test]
fn a_setbacks_own_cool_down_wins_and_the_setting_applies_to_the_others_at_once() {
    let (_dir, mut database, clock) = open_at("2026-03-14T08:30:00Z", "UTC");
    let own = database
        .setbacks()
        .create(&SetbackDraft { cool_down_hours: Some(2), ..setback("own", "2026-03-14T08:00") })
        .unwrap();
    let default = database.setbacks().create(&setback("default", "2026-03-14T08:00")).unwrap();
    assert_eq!((own.effective_cool_down_hours, own.ready_at.as_str()), (2, "2026-03-14T10:00:00Z"));
    assert_eq!(default.ready_at, "2026-03-15T08:00:00Z");

    assert_eq!(database.settings().get().unwrap().cool_down_hours, 24, "the seeded default");
    database.settings().update(&AppSettings { cool_down_hours: 1, reminders: None }).unwrap();
    clock.set(at("2026-03-14T09:15:00Z"));
    assert_eq!(database.setbacks().get(default.id).unwrap().stage, Stage::ReadyToReflect, "follows the new setting");
    assert_eq!(database.setbacks().get(own.id).unwrap().stage, Stage::CoolingDown, "keeps its own 2 hours");
    let error = database.settings().set_cool_down_hours(10_000).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidInput, "{error}");
    assert_eq!(database.settings().cool_down_hours().unwrap(), 1, "a refused setting leaves the old one");
}

#[test]
fn bouncing_back_is_recorded_on_a_local_date_and_can_be_undone() {
    let (_dir, mut database) = open_temp();
    let id = database.setbacks().create(&setback("Lost the match", "2026-03-10T18:00")).unwrap().id;
    let recovered = database.setbacks().mark_recovered(id, None).unwrap();
    assert_eq!(recovered.recovered_on.as_deref(), Some("2026-03-14"), "today in Berlin");
    assert_eq!(recovered.stage, Stage::Recovered);
    let error = database.setbacks().mark_recovered(id, Some("2026-03-09")).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidInput, "bouncing back before it happened is refused");
    assert_eq!(database.setbacks().get(id).unwrap().recovered_on.as_deref(), Some("2026-03-14"), "nothing changed");
    let undone = database.setbacks().unmark_recovered(id).unwrap();
    assert_eq!(undone.recovered_on, None);
    assert_eq!(undone.stage, Stage::ReadyToReflect, "back to where the loop was");
}

#[test]
fn editing_replaces_the_fields_and_keeps_recovery() {
    let (_dir, mut database) = open_temp();
    let id = database.setbacks().create(&setback("First", "2026-03-01T10:00")).unwrap().id;
    database.setbacks().mark_recovered(id, Some("2026-03-05")).unwrap();
    let updated = database
        .setbacks()
        .update(
            id,
            &SetbackDraft { impact: 3, feelings: vec![feeling("sad", 20)], ..setback("Second", "2026-03-02T11:30") },
        )
        .unwrap();
    assert_eq!((updated.title.as_str(), updated.local_date_time.as_str()), ("Second", "2026-03-02T11:30"));
    assert_eq!(updated.feelings, vec![feeling("sad", 20)]);
    assert_eq!(updated.recovered_on.as_deref(), Some("2026-03-05"), "editing does not undo recovery");
    assert_eq!(
        database.setbacks().update(999, &setback("x", "2026-03-02T11:30")).unwrap_err().code(),
        ErrorCode::NotFound
    );
}

#[test]
fn the_list_is_newest_first_and_pages_without_gaps_or_repeats() {
    let (_dir, mut database) = open_temp();
    for (title, at) in [
        ("b", "2026-01-02T09:00"),
        ("a", "2026-01-01T09:00"),
        ("c1", "2026-01-03T09:00"),
        ("c2", "2026-01-03T09:00"),
        ("d", "2026-01-04T09:00"),
    ] {
        database.setbacks().create(&setback(title, at)).unwrap();
    }
    let mut titles = Vec::new();
    let mut cursor = None;
    loop {
        let page = database.setbacks().list(cursor.as_deref(), 2).unwrap();
        assert!(page.setbacks.iter().all(|s| s.stage == Stage::ReadyToReflect), "old setbacks are past cool-down");
        titles.extend(page.setbacks.into_iter().map(|s| s.title));
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(titles, ["d", "c2", "c1", "b", "a"], "newest first; later-written wins a tie");
    assert_eq!(database.setbacks().list(Some("nope"), 2).unwrap_err().code(), ErrorCode::InvalidInput);
}

#[test]
fn invalid_setbacks_are_refused_with_a_message_naming_the_problem_and_nothing_is_written() {
    let (_dir, mut database) = open_temp();
    let cases: Vec<(SetbackDraft, &str)> = vec![
        (SetbackDraft { impact: 11, ..setback("x", "2026-03-01T10:00") }, "Impact must be between 1 and 10, not 11"),
        (SetbackDraft { impact: 0, ..setback("x", "2026-03-01T10:00") }, "Impact"),
        (
            SetbackDraft { feelings: vec![feeling("angry", 101)], ..setback("x", "2026-03-01T10:00") },
            "“angry” must be between 0 and 100, not 101",
        ),
        (
            SetbackDraft { feelings: vec![feeling("sad", 1), feeling("Sad", 2)], ..setback("x", "2026-03-01T10:00") },
            "twice",
        ),
        (SetbackDraft { feelings: vec![feeling("  ", 1)], ..setback("x", "2026-03-01T10:00") }, "emotion"),
        (SetbackDraft { area_id: Some(999), ..setback("x", "2026-03-01T10:00") }, "no life area 999"),
        (setback("x", "2026-02-30T10:00"), "2026-02-30T10:00"),
        (SetbackDraft { time_zone: Some("Mars/Base".into()), ..setback("x", "2026-03-01T10:00") }, "Mars/Base"),
        (setback("   ", "2026-03-01T10:00"), "title is empty"),
        (SetbackDraft { entry_ids: vec![42], ..setback("x", "2026-03-01T10:00") }, "Journal entry 42"),
        (SetbackDraft { cool_down_hours: Some(1_000), ..setback("x", "2026-03-01T10:00") }, "cool-down"),
    ];
    for (bad, expected_in_message) in cases {
        let error = database.setbacks().create(&bad).unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidInput, "{error}");
        assert!(
            error.to_string().contains(expected_in_message),
            "message {error:?} should name {expected_in_message:?}"
        );
    }
    assert!(database.setbacks().list(None, 10).unwrap().setbacks.is_empty(), "no refused draft left anything behind");
    let feelings: i64 =
        database.connection().query_row("SELECT count(*) FROM setback_feelings", [], |r| r.get(0)).unwrap();
    assert_eq!(feelings, 0, "nor any feeling");
}

#[test]
fn areas_are_seeded_and_user_areas_are_unique_ignoring_case() {
    let (_dir, mut database) = open_temp();
    let names: Vec<_> = database.areas().list().unwrap().into_iter().map(|a| a.name).collect();
    assert_eq!(names, ["Career", "Learning", "Relationships", "Health", "Finances", "Creative", "Other"]);
    let music = database.areas().create(" Music ").unwrap();
    assert_eq!((music.name.as_str(), music.built_in), ("Music", false));
    let error = database.areas().create("MUSIC").unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidInput, "names are unique whatever their case");
    assert_eq!(database.areas().create("career").unwrap_err().code(), ErrorCode::InvalidInput);
    assert_eq!(database.areas().delete(1).unwrap_err().code(), ErrorCode::InvalidInput, "built-ins stay");
    let id = database
        .setbacks()
        .create(&SetbackDraft { area_id: Some(music.id), ..setback("gig", "2026-03-01T20:00") })
        .unwrap()
        .id;
    assert_eq!(database.areas().delete(music.id).unwrap_err().code(), ErrorCode::InvalidInput, "an area in use stays");
    database.setbacks().delete(id).unwrap();
    database.areas().delete(music.id).unwrap();
    assert_eq!(database.areas().list().unwrap().len(), 7);
}
