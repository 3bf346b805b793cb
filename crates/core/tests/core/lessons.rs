use failup_core::lessons::status_after_answer;
use failup_core::{ErrorCode, LessonDraft, LessonStatus, LessonWording, RevisitAnswer, SetbackDraft, Stage};

use crate::open_temp;
use crate::setbacks::setback;

fn lesson(text: &str, setback_ids: &[i64]) -> LessonDraft {
    LessonDraft { text: text.into(), setback_ids: setback_ids.to_vec(), ..Default::default() }
}

#[test]
fn revisits_are_scheduled_7_30_and_90_days_after_the_lesson_and_can_be_edited() {
    let (_dir, mut database) = open_temp();
    let created = database.lessons().create(&lesson("Ask for feedback early", &[])).unwrap();
    assert_eq!(created.written_on, "2026-03-14", "today in the user's zone");
    assert_eq!(created.status, LessonStatus::Untested);
    let due: Vec<_> = created.revisits.iter().map(|r| r.due_on.as_str()).collect();
    assert_eq!(due, ["2026-03-21", "2026-04-13", "2026-06-12"], "local dates 7, 30 and 90 days later");

    let added = database.lessons().add_revisit(created.id, "2026-05-01").unwrap();
    assert_eq!(added.revisits.len(), 4);
    assert_eq!(added.revisits[2].due_on, "2026-05-01", "revisits are listed by date");
    let first = added.revisits[0].id;
    let moved = database.lessons().move_revisit(first, "2026-03-25").unwrap();
    assert_eq!(moved.revisits[0].due_on, "2026-03-25");
    let removed = database.lessons().remove_revisit(first).unwrap();
    assert_eq!(removed.revisits.len(), 3);

    let error = database.lessons().add_revisit(created.id, "2026-03-01").unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidInput, "a revisit before the lesson was written is refused");
    assert_eq!(database.lessons().add_revisit(created.id, "2026-02-30").unwrap_err().code(), ErrorCode::InvalidInput);
    let answered = removed.revisits[0].id;
    database.lessons().answer_revisit(answered, RevisitAnswer::NotYet, "").unwrap();
    let error = database.lessons().move_revisit(answered, "2026-07-01").unwrap_err();
    assert!(error.to_string().contains("already been answered"), "{error}");
    assert_eq!(database.lessons().remove_revisit(answered).unwrap_err().code(), ErrorCode::InvalidInput);
    assert_eq!(
        database.lessons().answer_revisit(answered, RevisitAnswer::Yes, "").unwrap_err().code(),
        ErrorCode::InvalidInput,
        "answered once"
    );
}

#[test]
fn revisit_answers_move_the_status_by_the_documented_rules() {
    use LessonStatus::*;
    use RevisitAnswer::*;
    let table = [
        (Untested, Yes, Applied),
        (Untested, Partly, Applied),
        (Untested, NotYet, Untested),
        (Untested, NotRelevant, Untested),
        (Applied, Yes, Validated),
        (Applied, Partly, Applied),
        (Applied, NotYet, Applied),
        (Validated, Yes, Validated),
        (Validated, NotRelevant, Validated),
        (Revised, Yes, Applied),
        (Revised, Partly, Applied),
        (Revised, NotYet, Revised),
    ];
    for (status, answer, expected) in table {
        assert_eq!(status_after_answer(status, answer), expected, "{status:?} answered {answer:?}");
    }

    let (_dir, mut database) = open_temp();
    let created = database.lessons().create(&lesson("Sleep before exams", &[])).unwrap();
    let ids: Vec<i64> = created.revisits.iter().map(|r| r.id).collect();
    let after_not_yet = database.lessons().answer_revisit(ids[0], NotYet, "no exam yet").unwrap();
    assert_eq!(after_not_yet.status, Untested, "not having had the chance is not evidence");
    assert_eq!(after_not_yet.revisits[0].answer, Some(NotYet));
    assert_eq!(after_not_yet.revisits[0].note, "no exam yet");
    assert_eq!(after_not_yet.revisits[0].answered_at.as_deref(), Some("2026-03-14T08:30:00Z"));
    assert_eq!(database.lessons().answer_revisit(ids[1], Yes, "").unwrap().status, Applied, "a first yes");
    assert_eq!(database.lessons().answer_revisit(ids[2], Yes, "").unwrap().status, Validated, "a second yes");
}

#[test]
fn revising_keeps_the_old_wording_and_marks_the_lesson_revised() {
    let (_dir, mut database) = open_temp();
    let created = database
        .lessons()
        .create(&LessonDraft {
            if_situation: Some("a deadline slips".into()),
            then_action: Some("tell my manager the same day".into()),
            ..lesson("Speak up early", &[])
        })
        .unwrap();
    database.lessons().set_status(created.id, LessonStatus::Applied).unwrap();
    let revised = database
        .lessons()
        .revise(created.id, &LessonWording { text: "Speak up before it slips".into(), ..Default::default() })
        .unwrap();
    assert_eq!(revised.status, LessonStatus::Revised);
    assert_eq!((revised.if_situation.as_deref(), revised.then_action.as_deref()), (None, None));
    assert_eq!(revised.revisions.len(), 1);
    assert_eq!(revised.revisions[0].text, "Speak up early", "the old wording is kept");
    assert_eq!(revised.revisions[0].then_action.as_deref(), Some("tell my manager the same day"));
    assert_eq!(
        database.lessons().set_status(created.id, LessonStatus::Revised).unwrap_err().code(),
        ErrorCode::InvalidInput,
        "revised comes only from rewording"
    );
}

#[test]
fn deleting_a_setback_never_deletes_a_lesson() {
    let (_dir, mut database) = open_temp();
    let first = database.setbacks().create(&setback("first", "2026-03-01T10:00")).unwrap().id;
    let second = database.setbacks().create(&setback("second", "2026-03-02T10:00")).unwrap().id;
    let shared = database.lessons().create(&lesson("shared", &[first, second])).unwrap().id;
    let only_first = database.lessons().create(&lesson("only first", &[first])).unwrap().id;
    assert_eq!(database.setbacks().get(first).unwrap().stage, Stage::LessonsDrawn);

    database.setbacks().delete(first).unwrap();

    assert_eq!(database.lessons().get(shared).unwrap().setback_ids, vec![second], "the other setback's link stays");
    let unlinked = database.lessons().get(only_first).unwrap();
    assert!(unlinked.setback_ids.is_empty(), "a lesson left with no setback is kept, unlinked");
    assert_eq!(unlinked.revisits.len(), 3, "with its revisits");
    assert_eq!(database.lessons().list().unwrap().len(), 2, "no lesson was deleted");
    assert_eq!(database.setbacks().get(second).unwrap().lesson_ids, vec![shared]);
}

#[test]
fn the_roadmap_groups_lessons_by_area_and_status() {
    let (_dir, mut database) = open_temp();
    let health = database
        .setbacks()
        .create(&SetbackDraft { area_id: Some(4), ..setback("injury", "2026-03-01T10:00") })
        .unwrap()
        .id;
    let warm_up = database.lessons().create(&lesson("Warm up", &[health])).unwrap();
    assert_eq!(warm_up.area_id, 4, "a lesson takes its first setback's area unless one is chosen");
    let rest = database.lessons().create(&lesson("Rest days", &[health])).unwrap();
    database.lessons().set_status(rest.id, LessonStatus::Applied).unwrap();
    database.lessons().create(&LessonDraft { area_id: Some(1), ..lesson("Negotiate", &[]) }).unwrap();
    let unfiled = database.lessons().create(&lesson("Loose", &[])).unwrap();
    assert_eq!(unfiled.area_id, 7, "no area and no setback: “Other”");

    let roadmap = database.lessons().roadmap().unwrap();
    let areas: Vec<_> = roadmap.iter().map(|group| group.area.name.as_str()).collect();
    assert_eq!(areas, ["Career", "Health", "Other"], "areas in their order, empty ones left out");
    let health_group = &roadmap[1];
    assert_eq!(health_group.untested.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), ["Warm up"]);
    assert_eq!(health_group.applied.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), ["Rest days"]);
    assert!(health_group.validated.is_empty() && health_group.revised.is_empty());
    assert_eq!(health_group.untested[0].next_revisit_on.as_deref(), Some("2026-03-21"));
}

#[test]
fn invalid_lessons_are_refused_and_nothing_is_written() {
    let (_dir, mut database) = open_temp();
    let cases = [
        (lesson("  ", &[]), "lesson is empty"),
        (LessonDraft { if_situation: Some("it rains".into()), ..lesson("x", &[]) }, "both parts"),
        (lesson("x", &[404]), "Setback 404"),
        (LessonDraft { area_id: Some(99), ..lesson("x", &[]) }, "no life area 99"),
    ];
    for (bad, expected) in cases {
        let error = database.lessons().create(&bad).unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidInput);
        assert!(error.to_string().contains(expected), "message {error:?} should name {expected:?}");
    }
    assert!(database.lessons().list().unwrap().is_empty());
    let revisits: i64 = database.connection().query_row("SELECT count(*) FROM revisits", [], |r| r.get(0)).unwrap();
    assert_eq!(revisits, 0, "no revisit was scheduled for a refused lesson");
}

#[test]
fn a_lesson_says_what_each_answer_would_do_to_its_status() {
    let (_dir, mut database) = open_temp();
    let lesson = database.lessons().create(&lesson("Ask for feedback early", &[])).unwrap();
    assert_eq!(lesson.status_after.yes, LessonStatus::Applied, "yes applies an untested lesson");
    assert_eq!(lesson.status_after.not_yet, LessonStatus::Untested, "not yet leaves it as it is");
    let answered = database.lessons().answer_revisit(lesson.revisits[0].id, RevisitAnswer::Yes, "").unwrap();
    assert_eq!(answered.status, LessonStatus::Applied);
    assert_eq!(answered.status_after.yes, LessonStatus::Validated, "a second yes would validate it");
    assert_eq!(answered.status_after.partly, LessonStatus::Applied);
}
