use failup_core::{GoalDraft, GoalKind, LessonDraft, SetbackDraft, Stage};

use crate::setbacks::{open_at, setback};

#[test]
fn today_lists_what_the_loop_asks_of_the_user_now() {
    // 2026-03-14 09:30 in Berlin.
    let (_dir, mut database, clock) = open_at("2026-03-14T08:30:00Z", "Europe/Berlin");
    let fresh = database.setbacks().create(&setback("fresh", "2026-03-14T09:00")).unwrap().id;
    let fresher = database
        .setbacks()
        .create(&SetbackDraft { cool_down_hours: Some(1), ..setback("short cool-down", "2026-03-14T09:15") })
        .unwrap()
        .id;
    let ready = database.setbacks().create(&setback("ready", "2026-03-10T09:00")).unwrap().id;
    let reflected = database.setbacks().create(&setback("reflected", "2026-03-09T09:00")).unwrap().id;
    let reflection = database.reflections().start(reflected, 3).unwrap();
    database
        .reflections()
        .complete(reflection.id, &[failup_core::AnswerDraft { text: "x".into(), rating: None }], &[])
        .unwrap();
    let recovered = database.setbacks().create(&setback("recovered", "2026-03-08T09:00")).unwrap().id;
    database.setbacks().mark_recovered(recovered, None).unwrap();
    let lesson =
        database.lessons().create(&LessonDraft { text: "Check the map".into(), ..Default::default() }).unwrap();
    let goal = database
        .goals()
        .create(&GoalDraft { kind: GoalKind::Learning, title: "Navigate".into(), ..Default::default() })
        .unwrap();

    let today = database.today().unwrap();
    assert_eq!(today.date, "2026-03-14");
    let ids = |list: &[failup_core::SetbackSummary]| list.iter().map(|s| s.id).collect::<Vec<_>>();
    assert_eq!(ids(&today.ready_to_reflect), [ready], "only the setback past its cool-down with no reflection");
    assert_eq!(ids(&today.cooling_down), [fresher, fresh], "the soonest ready first");
    assert_eq!(today.cooling_down[0].ready_at, "2026-03-14T09:15:00Z", "09:15 local + 1 hour, in UTC");
    assert!(today.revisits_due.is_empty(), "the first revisit is a week away");
    assert!(today.check_ins_due.is_empty(), "a goal set today is not due a check-in");

    // A week later, 00:30 in Berlin on the 21st (23:30 UTC on the 20th): the revisit dated the
    // 21st is due, because due dates are read in the user's zone.
    clock.set("2026-03-20T23:30:00Z".parse().unwrap());
    let today = database.today().unwrap();
    assert_eq!(today.date, "2026-03-21");
    assert_eq!(ids(&today.ready_to_reflect), [fresher, fresh, ready], "newest first");
    assert!(today.cooling_down.is_empty());
    assert_eq!(today.revisits_due.len(), 1);
    assert_eq!((today.revisits_due[0].lesson.id, today.revisits_due[0].due_on.as_str()), (lesson.id, "2026-03-21"));
    assert!(today.check_ins_due.is_empty(), "6 days 15 hours since the goal was set is not a week");

    clock.set("2026-03-21T08:30:00Z".parse().unwrap());
    assert_eq!(database.today().unwrap().check_ins_due.iter().map(|g| g.id).collect::<Vec<_>>(), [goal.id]);
    database.goals().check_in(goal.id, 10, "").unwrap();
    let revisit = database.today().unwrap().revisits_due[0].revisit_id;
    database.lessons().answer_revisit(revisit, failup_core::RevisitAnswer::Yes, "").unwrap();
    let reflection = database.reflections().start(ready, 1).unwrap();
    database
        .reflections()
        .complete(reflection.id, &[failup_core::AnswerDraft { text: "y".into(), rating: None }], &[])
        .unwrap();
    let today = database.today().unwrap();
    assert!(today.check_ins_due.is_empty(), "checked in just now");
    assert!(today.revisits_due.is_empty(), "answered");
    assert_eq!(ids(&today.ready_to_reflect), [fresher, fresh], "reflected on");
    assert_eq!(database.setbacks().get(ready).unwrap().stage, Stage::Reflected);
}
