//! The metrics end to end: records written through the domain APIs, read back through the
//! trends report. The arithmetic itself is unit-tested in `src/metrics.rs`; these check that
//! days are counted by each record's own local date and that the edge cases survive storage.

use failup_core::{CheckInDraft, Database, TrendRange};

use crate::setbacks::{open_at, setback};

fn check_in(database: &mut Database, mood: u8, at: &str, time_zone: &str) {
    database
        .check_ins()
        .log(&CheckInDraft {
            mood,
            confidence: mood,
            local_date_time: Some(at.into()),
            time_zone: Some(time_zone.into()),
            ..Default::default()
        })
        .unwrap();
}

/// Check-ins at 20:00 Berlin time, one per day from `first` (`YYYY-MM-DD`), `None` skipping a day.
fn daily(database: &mut Database, first: &str, moods: &[Option<u8>]) {
    let first: jiff::civil::Date = first.parse().unwrap();
    for (offset, mood) in moods.iter().enumerate() {
        if let Some(mood) = mood {
            let day = first.checked_add(jiff::Span::new().days(offset as i64)).unwrap();
            check_in(database, *mood, &format!("{day}T20:00"), "Europe/Berlin");
        }
    }
}

fn berlin() -> (tempfile::TempDir, Database) {
    let (dir, database, _clock) = open_at("2026-03-14T08:30:00Z", "Europe/Berlin");
    (dir, database)
}

#[test]
fn a_check_in_counts_for_its_own_local_day_even_across_time_zones() {
    let (_dir, mut database) = berlin();
    // 23:30 in Tokyo on the 10th is 15:30 in Berlin on the 10th; 00:30 in Tokyo on the 12th
    // is still the 11th in Berlin. Each counts for its Tokyo day.
    check_in(&mut database, 8, "2026-03-10T23:30", "Asia/Tokyo");
    check_in(&mut database, 2, "2026-03-12T00:30", "Asia/Tokyo");
    check_in(&mut database, 4, "2026-03-12T20:00", "Europe/Berlin");
    let mood = database.trends(TrendRange::Days30).unwrap().mood;
    let on = |day: &str| mood.mood[mood.days.iter().position(|d| d == day).unwrap()];
    assert_eq!(on("2026-03-10"), Some(8.0), "the Tokyo evening stays on the 10th");
    assert_eq!(on("2026-03-11"), None, "nothing was written on a Tokyo 11th");
    assert_eq!(on("2026-03-12"), Some(3.0), "the Tokyo 00:30 and the Berlin evening share the 12th: (2 + 4) / 2");
}

#[test]
fn recovery_by_mood_needs_a_baseline_and_three_days_in_a_row_without_gaps() {
    let (_dir, mut database) = berlin();
    // Baseline 6: 1–3 February (three days, the fewest allowed) before a setback on the 10th.
    daily(&mut database, "2026-02-01", &[Some(5), Some(6), Some(7)]);
    let id = database.setbacks().create(&setback("Lost the pitch", "2026-02-10T10:00")).unwrap().id;
    // 11th–12th back at 6, a gap on the 13th, then 14th–16th at 6, 7, 6.
    daily(&mut database, "2026-02-11", &[Some(6), Some(6), None, Some(6), Some(7), Some(6), Some(4)]);
    let report = database.trends(TrendRange::Days90).unwrap();
    let point = report.recovery.points.iter().find(|p| p.setback_id == id).unwrap();
    assert_eq!(point.days, Some(4.0), "the gap on the 13th breaks the first run; the 14th starts the next");
    assert_eq!(point.days_per_impact, Some(0.8), "4 days ÷ impact 5");
    let curve = &report.bounce_back.curves[0];
    assert_eq!((curve.offsets.len(), curve.delta.len()), (29, 29), "offsets 0 to 28");
    assert_eq!(&curve.delta[..5], &[None, Some(0.0), Some(0.0), None, Some(0.0)], "mood minus the baseline 6");
    let forward = report.metrics.mean_bounce_forward.unwrap();
    assert!((forward - (17.0 / 3.0 - 6.0)).abs() < 1e-12, "the 14 days after the 14th hold 7, 6 and 4: {forward}");
}

#[test]
fn without_a_baseline_or_recovery_a_setback_is_still_recovering() {
    let (_dir, mut database) = berlin();
    daily(&mut database, "2026-02-05", &[Some(6), Some(6)]); // two days: too few for a baseline
    let open = database.setbacks().create(&setback("Open", "2026-02-10T10:00")).unwrap().id;
    daily(&mut database, "2026-02-11", &[Some(9), Some(9), Some(9), Some(9)]);
    let report = database.trends(TrendRange::Days90).unwrap();
    let point = report.recovery.points.iter().find(|p| p.setback_id == open).unwrap();
    assert_eq!(point.days, None, "no baseline, not marked, no check-in: still recovering, not zero");
    assert!(report.bounce_back.curves.is_empty(), "only setbacks with a baseline get a curve");
    assert_eq!(report.metrics.median_recovery_days, None);
    assert!(report.recovery.summary.contains("none recovered from yet"), "{}", report.recovery.summary);
}

#[test]
fn recovery_before_any_check_in_and_by_recovery_check_in() {
    let (_dir, mut database, clock) = open_at("2026-02-20T08:30:00Z", "Europe/Berlin");
    let marked = database.setbacks().create(&setback("Marked", "2026-02-01T10:00")).unwrap().id;
    database.setbacks().mark_recovered(marked, Some("2026-02-06")).unwrap();
    let by_check_in = database.setbacks().create(&setback("Checked in", "2026-02-10T10:00")).unwrap().id;
    database.check_ins().log_recovery(by_check_in, 7).unwrap(); // the 20th: not yet
    clock.set("2026-02-23T08:30:00Z".parse().unwrap());
    database.check_ins().log_recovery(by_check_in, 8).unwrap(); // the 23rd: recovered
    clock.set("2026-03-14T08:30:00Z".parse().unwrap());
    let report = database.trends(TrendRange::Days90).unwrap();
    let days = |id: i64| report.recovery.points.iter().find(|p| p.setback_id == id).unwrap().days;
    assert_eq!(days(marked), Some(5.0), "marked recovered with no check-in at all: 1st to 6th");
    assert_eq!(days(by_check_in), Some(13.0), "the first recovery check-in of 8 or more: 10th to 23rd");
    assert_eq!(report.metrics.median_recovery_days, Some(9.0), "(5 + 13) / 2");
    assert_eq!(report.metrics.mean_bounce_forward, None, "no daily check-ins, no bounce-forward");
}

#[test]
fn a_move_to_another_time_zone_keeps_each_day_where_it_was_written() {
    let (_dir, mut database) = berlin();
    // Baseline in Berlin, 5 each day; the setback in New York; recovery check-ins in New York
    // late in the evening, which is already the next morning in Berlin.
    daily(&mut database, "2026-02-01", &[Some(5), Some(5), Some(5)]);
    let id = database
        .setbacks()
        .create(&failup_core::SetbackDraft {
            time_zone: Some("America/New_York".into()),
            ..setback("Moved", "2026-02-10T10:00")
        })
        .unwrap()
        .id;
    for day in ["2026-02-12", "2026-02-13", "2026-02-14"] {
        check_in(&mut database, 5, &format!("{day}T23:00"), "America/New_York");
    }
    let report = database.trends(TrendRange::Days90).unwrap();
    let point = report.recovery.points.iter().find(|p| p.setback_id == id).unwrap();
    assert_eq!(point.days, Some(2.0), "New York's 12th, 13th and 14th, not Berlin's 13th to 15th");
    assert_eq!(report.recovery.points[0].happened_on, "2026-02-10");
}

#[test]
fn reflection_lesson_and_repeat_metrics_follow_their_definitions() {
    let (_dir, mut database, clock) = open_at("2026-02-01T09:00:00Z", "Europe/Berlin");
    let first = database.setbacks().create(&setback("First", "2026-02-01T08:00")).unwrap().id; // 07:00 UTC
    let second = database.setbacks().create(&setback("Second", "2026-03-01T08:00")).unwrap().id;
    // Another area, within 90 days: not a repeat.
    database
        .setbacks()
        .create(&failup_core::SetbackDraft { area_id: Some(4), ..setback("Third", "2026-03-02T08:00") })
        .unwrap();
    clock.set("2026-02-02T01:00:00Z".parse().unwrap()); // 18 hours after the first
    let reflection = database.reflections().start(first, 3).unwrap();
    let answer = failup_core::AnswerDraft { text: "x".into(), rating: None };
    database.reflections().complete(reflection.id, &[answer], &[]).unwrap();
    let lesson = database
        .lessons()
        .create(&failup_core::LessonDraft {
            text: "Plan".into(),
            setback_ids: vec![first, second],
            ..Default::default()
        })
        .unwrap();
    database.lessons().answer_revisit(lesson.revisits[0].id, failup_core::RevisitAnswer::Partly, "").unwrap();
    database.lessons().answer_revisit(lesson.revisits[1].id, failup_core::RevisitAnswer::NotRelevant, "").unwrap();
    clock.set("2026-03-14T08:30:00Z".parse().unwrap());

    let report = database.trends(TrendRange::Days90).unwrap();
    let metrics = &report.metrics;
    assert_eq!(metrics.median_hours_to_reflection, Some(18.0), "07:00 UTC to 01:00 UTC the next day");
    assert_eq!(metrics.reflection_rate, Some(1.0 / 3.0), "one of three setbacks reflected on");
    assert_eq!(metrics.lessons_per_setback, Some(2.0 / 3.0), "one lesson linked to two setbacks counts for each");
    assert_eq!(metrics.lesson_application_rate, Some(0.5), "partly, of partly and not relevant");
    assert_eq!(metrics.repeat_setbacks, 1, "the second is in the same area as the first, 28 days later");
    let funnel = &report.funnel;
    assert_eq!((funnel.setbacks, funnel.reflected, funnel.with_lessons, funnel.applied), (3, 1, 2, 2));
    assert_eq!(
        funnel.summary,
        "Of 3 setbacks, 1 was reflected on, 2 led to lessons and 2 to a lesson put into practice."
    );
}
