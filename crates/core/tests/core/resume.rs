use failup_core::{LessonDraft, LessonStatus, SetbackDraft};

use crate::open_temp;
use crate::setbacks::setback;

#[test]
fn the_resume_is_a_timeline_of_setbacks_and_what_each_taught_exactly() {
    let (_dir, mut database) = open_temp();
    let driving = database
        .setbacks()
        .create(&SetbackDraft { area_id: Some(2), impact: 5, ..setback("Failed the driving test", "2025-11-20T09:00") })
        .unwrap()
        .id;
    database
        .setbacks()
        .create(&SetbackDraft { area_id: Some(4), impact: 4, ..setback("Lost the match", "2026-01-10T15:00") })
        .unwrap();
    let pitch = database
        .setbacks()
        .create(&SetbackDraft { area_id: Some(1), impact: 8, ..setback("Pitch <rejected>", "2026-03-09T11:00") })
        .unwrap()
        .id;
    let roundabouts = database
        .lessons()
        .create(&LessonDraft {
            text: "Practise roundabouts".into(),
            if_situation: Some("I feel rushed".into()),
            then_action: Some("take the next exit and loop back".into()),
            setback_ids: vec![driving],
            ..Default::default()
        })
        .unwrap()
        .id;
    database.lessons().set_status(roundabouts, LessonStatus::Validated).unwrap();
    database
        .lessons()
        .create(&LessonDraft { text: "Lead with *the* problem".into(), setback_ids: vec![pitch], ..Default::default() })
        .unwrap();
    database.lessons().create(&LessonDraft { text: "Not from a setback".into(), ..Default::default() }).unwrap();

    let resume = database.failure_resume().unwrap();
    assert_eq!(resume, EXPECTED_RESUME, "newest first, by year; a lesson not drawn from a setback is not counted");
}

/// `<rejected>` and `*the*` are escaped so that they show as typed.
const EXPECTED_RESUME: &str = r#"# Failure résumé

3 setbacks, 2 lessons drawn from them, 1 validated in practice.

## 2026

### Pitch \<rejected\>

2026-03-09 · Career · impact 8 of 10

What it taught me:

- Lead with \*the\* problem (untested)

### Lost the match

2026-01-10 · Health · impact 4 of 10

No lesson drawn yet.

## 2025

### Failed the driving test

2025-11-20 · Learning · impact 5 of 10

What it taught me:

- Practise roundabouts — If I feel rushed, then I will take the next exit and loop back (validated)
"#;

#[test]
fn an_empty_resume_says_so() {
    let (_dir, database) = open_temp();
    assert_eq!(
        database.failure_resume().unwrap(),
        "# Failure résumé\n\nNo setbacks recorded yet. Every entry here will be one you grew from.\n"
    );
}
