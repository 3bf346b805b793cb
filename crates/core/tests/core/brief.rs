use failup_core::{
    AnswerDraft, ConversationDraft, Database, ErrorCode, GoalDraft, GoalKind, LessonDraft, SetbackDraft, SupportRole,
};

use crate::open_temp;
use crate::people::{conversation, person};
use crate::setbacks::setback;

fn answer(text: &str) -> AnswerDraft {
    AnswerDraft { text: text.into(), rating: None }
}

/// A small journal: a setback in March with a completed reflection, a lesson and a
/// conversation; one in February, outside the period; a lesson of its own and a goal.
fn fixture(database: &mut Database) {
    let launch = database
        .setbacks()
        .create(&SetbackDraft {
            area_id: Some(1),
            impact: 7,
            what_happened: "The demo slipped a week.".into(),
            ..setback("#1 launch | missed", "2026-03-09T10:00")
        })
        .unwrap()
        .id;
    database.setbacks().create(&setback("Old news", "2026-02-01T10:00")).unwrap();
    // The built-in "Failing-up review": its last prompt is "What can I learn from this?".
    let reflection = database.reflections().start(launch, 1).unwrap().id;
    database
        .reflections()
        .complete(
            reflection,
            &[
                answer("A week would be enough"),
                answer(""),
                answer(""),
                answer(""),
                answer(""),
                answer("Ask for *help* early\n- before the date is set"),
            ],
            &[],
        )
        .unwrap();
    database
        .lessons()
        .create(&LessonDraft {
            text: "Ask for a review".into(),
            if_situation: Some("a date is asked for".into()),
            then_action: Some("ask for a day to check".into()),
            setback_ids: vec![launch],
            ..Default::default()
        })
        .unwrap();
    database.lessons().create(&LessonDraft { text: "Sleep | rest".into(), ..Default::default() }).unwrap();
    let goal = database
        .goals()
        .create(&GoalDraft { kind: GoalKind::Learning, title: "Estimate with a buffer".into(), ..Default::default() })
        .unwrap();
    database.goals().check_in(goal.id, 40, "").unwrap();
    let ana = database.people().create(&person("Ana", SupportRole::Mentor)).unwrap().id;
    database
        .conversations()
        .create(&ConversationDraft {
            setback_id: Some(launch),
            what_ill_try: "Weekly check-ins".into(),
            ..conversation(ana, "2026-03-10", "Everyone misses one.\n\nBreak it into <steps>")
        })
        .unwrap();
}

#[test]
fn the_brief_is_exactly_the_expected_markdown() {
    let (_dir, mut database) = open_temp();
    fixture(&mut database);
    let brief = database.mentor_brief("2026-03-01", "2026-03-14").unwrap();
    assert_eq!(brief, EXPECTED_BRIEF, "the brief, byte for byte; the February setback is outside the period");
    assert_eq!(database.mentor_brief("2026-03-01", "2026-03-14").unwrap(), brief, "the same journal, the same brief");
}

/// User text is escaped throughout: the setback's `#` and `|` stay text in its heading, the
/// table and the question; `*help*`, the answer's `- ` and `<steps>` are shown as typed.
const EXPECTED_BRIEF: &str = r#"# Mentor brief: 2026-03-01 to 2026-03-14

## Setbacks

### \#1 launch \| missed

- When: 2026-03-09
- Area: Career
- Impact: 7 of 10
- Stage: lessons drawn

#### Reflection: Failing-up review

**What did I expect to happen — my assumptions?**

> A week would be enough

**What can I learn from this?**

> Ask for \*help\* early
> \- before the date is set

#### Lessons drawn

- Ask for a review (untested)

## Lessons

| Lesson | If…, then I will… | Status |
| --- | --- | --- |
| Sleep \| rest | — | untested |
| Ask for a review | If a date is asked for, then I will ask for a day to check | untested |

## Goals

| Goal | Kind | Status | Latest progress |
| --- | --- | --- | --- |
| Estimate with a buffer | learning | active | 40% |

## Support conversations

### 2026-03-10 with Ana (mentor)

About: \#1 launch \| missed

**What they said**

> Everyone misses one.
>
> Break it into \<steps\>

**What I'll try**

> Weekly check-ins

## Questions for my mentor

- On “\#1 launch \| missed” I took away: “Ask for \*help\* early - before the date is set”. Is that the right lesson, and what would you add?
"#;

#[test]
fn a_quiet_period_says_so_in_every_section_and_leaves_a_question_to_fill_in() {
    let (_dir, mut database) = open_temp();
    fixture(&mut database);
    let brief = database.mentor_brief("2025-01-01", "2025-01-31").unwrap();
    let expected = [
        "# Mentor brief: 2025-01-01 to 2025-01-31",
        "## Setbacks",
        "No setbacks in this period.",
        "## Lessons",
        "No lessons written or drawn in this period.",
        "## Goals",
        "| Goal | Kind | Status | Latest progress |\n| --- | --- | --- | --- |\n| Estimate with a buffer | learning | active | 40% |",
        "## Support conversations",
        "No conversations logged in this period.",
        "## Questions for my mentor",
        "- (write your first question here)\n",
    ]
    .join("\n\n");
    assert_eq!(brief, expected, "an active goal is shown whatever the period");
}

#[test]
fn the_period_must_be_two_real_dates_in_order() {
    let (_dir, database) = open_temp();
    let error = database.mentor_brief("2026-03-14", "2026-03-01").unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidInput);
    assert!(error.to_string().contains("starts on 2026-03-14, after it ends on 2026-03-01"), "{error}");
    assert_eq!(database.mentor_brief("2026-02-30", "2026-03-01").unwrap_err().code(), ErrorCode::InvalidInput);
    assert!(database.mentor_brief("2026-03-01", "2026-03-01").is_ok(), "a one-day period is a period");
}
