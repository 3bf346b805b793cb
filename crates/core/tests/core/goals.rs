use failup_core::{ErrorCode, GoalDraft, GoalKind, GoalStatus, LessonDraft};

use crate::open_temp;
use crate::setbacks::open_at;

fn goal(kind: GoalKind, title: &str) -> GoalDraft {
    GoalDraft { kind, title: title.into(), ..Default::default() }
}

#[test]
fn a_learning_goal_is_made_from_a_lesson_in_one_call() {
    let (_dir, mut database) = open_temp();
    let plain = database
        .lessons()
        .create(&LessonDraft { text: "Rehearse out loud\nwith a timer".into(), ..Default::default() })
        .unwrap();
    let from_plain = database.goals().from_lesson(plain.id).unwrap();
    assert_eq!(from_plain.kind, GoalKind::Learning);
    assert_eq!(from_plain.status, GoalStatus::Active);
    assert_eq!(from_plain.title, "Rehearse out loud", "the lesson's first line");
    assert_eq!(from_plain.lesson_ids, vec![plain.id], "linked to the lesson");

    let planned = database
        .lessons()
        .create(&LessonDraft {
            text: "Plan for nerves".into(),
            if_situation: Some("my hands shake".into()),
            then_action: Some("breathe out slowly".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        database.goals().from_lesson(planned.id).unwrap().title,
        "If my hands shake, then I will breathe out slowly"
    );
    assert_eq!(database.goals().from_lesson(999).unwrap_err().code(), ErrorCode::NotFound);
}

#[test]
fn an_output_goal_suggests_pairing_with_a_learning_goal() {
    let (_dir, mut database) = open_temp();
    let output = database.goals().create(&goal(GoalKind::Output, "Ship the app")).unwrap();
    assert!(output.suggest_learning_pair, "an unpaired output goal suggests a learning goal");
    let learning = database.goals().create(&goal(GoalKind::Learning, "Learn to estimate")).unwrap();
    assert!(!learning.suggest_learning_pair, "learning goals need no pair");

    let paired = database.goals().pair(output.id, Some(learning.id)).unwrap();
    assert_eq!(paired.paired_learning_goal_id, Some(learning.id));
    assert!(!paired.suggest_learning_pair, "paired: nothing more to suggest");
    assert_eq!(database.goals().pair(learning.id, Some(output.id)).unwrap_err().code(), ErrorCode::InvalidInput);
    let other_output = database.goals().create(&goal(GoalKind::Output, "Get a promotion")).unwrap();
    assert_eq!(database.goals().pair(output.id, Some(other_output.id)).unwrap_err().code(), ErrorCode::InvalidInput);

    database.goals().delete(learning.id).unwrap();
    assert_eq!(database.goals().get(output.id).unwrap().paired_learning_goal_id, None, "deleting the pair unpairs");
    assert_eq!(
        database.goals().update(output.id, &goal(GoalKind::Learning, "Ship the app")).unwrap_err().code(),
        ErrorCode::InvalidInput,
        "a goal's kind is fixed"
    );
}

#[test]
fn check_ins_are_timestamped_from_the_clock_and_statuses_change() {
    let (_dir, mut database, clock) = open_at("2026-03-14T08:30:00Z", "Europe/Berlin");
    let id = database
        .goals()
        .create(&GoalDraft {
            why: "It matters".into(),
            target_on: Some("2026-06-30".into()),
            ..goal(GoalKind::Learning, "Run 5 km")
        })
        .unwrap()
        .id;
    database.goals().check_in(id, 20, "first run").unwrap();
    clock.set("2026-03-21T08:30:00Z".parse().unwrap());
    let checked = database.goals().check_in(id, 45, "").unwrap();
    assert_eq!(checked.check_ins.len(), 2);
    assert_eq!(checked.check_ins[1].checked_in_at, "2026-03-21T08:30:00Z");
    assert_eq!(checked.latest_progress, Some(45));
    assert_eq!(checked.target_on.as_deref(), Some("2026-06-30"));

    let error = database.goals().check_in(id, 101, "").unwrap_err();
    assert!(error.to_string().contains("not 101"), "{error}");
    assert_eq!(database.goals().get(id).unwrap().check_ins.len(), 2, "a refused check-in writes nothing");

    database.goals().set_status(id, GoalStatus::Achieved).unwrap();
    assert!(database.goals().list(Some(GoalStatus::Active)).unwrap().is_empty());
    let achieved = database.goals().list(Some(GoalStatus::Achieved)).unwrap();
    assert_eq!((achieved.len(), achieved[0].latest_progress), (1, Some(45)));
    assert_eq!(database.goals().list(None).unwrap().len(), 1);
}

#[test]
fn invalid_goals_are_refused_and_nothing_is_written() {
    let (_dir, mut database) = open_temp();
    let cases = [
        (goal(GoalKind::Learning, " "), "goal is empty"),
        (GoalDraft { target_on: Some("2026-13-01".into()), ..goal(GoalKind::Learning, "x") }, "2026-13-01"),
        (GoalDraft { lesson_ids: vec![5], ..goal(GoalKind::Learning, "x") }, "Lesson 5"),
        (GoalDraft { setback_ids: vec![6], ..goal(GoalKind::Output, "x") }, "Setback 6"),
    ];
    for (bad, expected) in cases {
        let error = database.goals().create(&bad).unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidInput);
        assert!(error.to_string().contains(expected), "message {error:?} should name {expected:?}");
    }
    assert!(database.goals().list(None).unwrap().is_empty());
}
