use failup_core::{Database, SetbackDraft, TrendRange};

use crate::open_temp;
use crate::setbacks::setback;

/// A setback on `day` (`YYYY-MM-DD`, 10:00 Berlin) in area `area_id`, marked recovered
/// `days` days later.
fn recovered(database: &mut Database, day: &str, days: i64, area_id: i64) -> i64 {
    let id = database
        .setbacks()
        .create(&SetbackDraft { area_id: Some(area_id), impact: 4, ..setback("s", &format!("{day}T10:00")) })
        .unwrap()
        .id;
    let on: jiff::civil::Date = day.parse().unwrap();
    let on = on.checked_add(jiff::Span::new().days(days)).unwrap();
    database.setbacks().mark_recovered(id, Some(&on.to_string())).unwrap();
    id
}

#[test]
fn an_empty_journal_has_every_chart_in_shape_and_says_so_plainly() {
    let (_dir, database) = open_temp();
    for (range, days) in [(TrendRange::Days30, 30), (TrendRange::Days90, 90), (TrendRange::Year, 365)] {
        let report = database.trends(range).unwrap();
        assert_eq!(report.to, "2026-03-14", "the range ends today in the user's zone");
        assert_eq!(report.mood.days.len(), days, "{range:?}: one element per day");
        assert_eq!((report.mood.mood.len(), report.mood.confidence.len()), (days, days));
        assert_eq!(report.mood.days.last().map(String::as_str), Some("2026-03-14"));
        assert_eq!(report.calendar.days.len(), 365, "the calendar is always the last 365 days");
        assert!(report.calendar.days.iter().all(|d| d.count == 0));
        assert!(!report.has_enough_data);
        assert!(report.headline.starts_with("Too little data for a trend yet:"), "{}", report.headline);
        assert_eq!(report.metrics.reflection_rate, None, "no setbacks: no rate, not zero");
    }
    let report = database.trends(TrendRange::Days30).unwrap();
    assert_eq!(report.from, "2026-02-13", "30 days ending on the 14th of March");
    assert_eq!(report.mood.summary, "No check-ins in these 30 days; no setbacks.");
    assert_eq!(report.calendar.summary, "No check-ins in the last 365 days.");
    assert_eq!(report.by_area.summary, "No setbacks in this period.");
    assert_eq!(report.brs.summary, "No resilience check in this period.");
    let all = database.trends(TrendRange::All).unwrap();
    assert_eq!((all.from.as_str(), all.mood.days.len()), ("2026-03-14", 1), "with no records, all is today");
}

#[test]
fn the_ranges_bound_what_is_shown_and_all_starts_at_the_earliest_record() {
    let (_dir, mut database) = open_temp();
    recovered(&mut database, "2024-06-01", 3, 1);
    let recent = recovered(&mut database, "2026-03-01", 2, 2);
    database.check_ins().log(&crate::checkins::check_in(6, "2026-03-13T20:00")).unwrap();
    database.check_ins().log(&crate::checkins::check_in(8, "2026-03-13T21:00")).unwrap();
    database.check_ins().submit_brs(&[4, 2, 4, 2, 4, 2]).unwrap();

    let report = database.trends(TrendRange::Days30).unwrap();
    assert_eq!(report.mood.markers.iter().map(|m| m.id).collect::<Vec<_>>(), [recent], "only setbacks in range");
    assert_eq!(report.mood.markers[0].area, "Learning");
    assert_eq!(report.mood.mood[28], Some(7.0), "the 13th: the mean of 6 and 8");
    assert_eq!(report.mood.summary, "Mood averaged 7 over 30 days; 1 setback (impact 4) on 1 March.");
    assert_eq!(report.calendar.days[363].count, 2, "two check-ins on the 13th");
    assert_eq!(report.calendar.summary, "Checked in on 1 of the last 365 days; the longest run was 1 day in a row.");
    assert_eq!(report.by_area.areas.len(), 1);
    assert_eq!(report.brs.points.len(), 1);
    assert_eq!(report.brs.points[0].score, 4.0);
    assert_eq!(report.recovery.summary, "Median recovery time 2 days across 1 recovered setback.");

    let all = database.trends(TrendRange::All).unwrap();
    assert_eq!(all.from, "2024-06-01", "all starts at the earliest record");
    assert_eq!(all.mood.days.len(), 652, "1 June 2024 to 14 March 2026, inclusive");
    assert_eq!(all.mood.markers.len(), 2);
    assert_eq!(all.mood.summary, "Mood averaged 7 over 652 days; 2 setbacks, the hardest (impact 4) on 1 March.");
    assert_eq!(all.recovery.trend.len(), 2, "one quarter each");
    assert_eq!(all.recovery.trend[0].quarter, "2024-Q2");
    assert_eq!(all.recovery.trend[0].median_days_per_impact, 0.75, "3 days ÷ impact 4");
    assert_eq!(all.calendar.days.len(), 365, "the calendar does not follow the range");
}

#[test]
fn the_headline_says_when_recovery_got_faster() {
    let (_dir, mut database) = open_temp();
    // The half-year before (15 March – 14 September 2025): 10, 8 and 9 days; median 9.
    for (day, days) in [("2025-04-01", 10), ("2025-05-01", 8), ("2025-06-01", 9)] {
        recovered(&mut database, day, days, 1);
    }
    // The last six months: 4, 3 and 5 days; median 4.
    for (day, days) in [("2025-10-01", 4), ("2025-11-01", 3), ("2026-01-01", 5)] {
        recovered(&mut database, day, days, 2);
    }
    let report = database.trends(TrendRange::Days30).unwrap();
    assert_eq!(report.headline, "Over the last 6 months your median recovery time fell from 9 days to 4");
    let year = database.trends(TrendRange::Year).unwrap();
    assert_eq!(year.headline, report.headline, "the headline compares half-years whatever the range");
    assert_eq!(year.metrics.median_recovery_days, Some(6.5), "the range's own median: (5 + 8) / 2");
    assert_eq!(year.metrics.repeat_setbacks, 4, "each setback but the first of its area follows one within 90 days");
}

#[test]
fn the_headline_says_when_recovery_got_slower_or_stayed_the_same() {
    let (_dir, mut database) = open_temp();
    for (day, days) in [("2025-04-01", 2), ("2025-05-01", 1), ("2025-06-01", 1)] {
        recovered(&mut database, day, days, 1);
    }
    for (day, days) in [("2025-10-01", 4), ("2025-11-01", 3), ("2026-01-01", 6), ("2026-02-01", 2)] {
        recovered(&mut database, day, days, 2);
    }
    let headline = database.trends(TrendRange::Year).unwrap().headline;
    assert_eq!(headline, "Over the last 6 months your median recovery time rose from 1 day to 3.5");

    let (_dir, mut database) = open_temp();
    for day in ["2025-04-01", "2025-05-01", "2025-06-01", "2025-10-01", "2025-11-01", "2026-01-01"] {
        recovered(&mut database, day, 3, 1);
    }
    let headline = database.trends(TrendRange::Year).unwrap().headline;
    assert_eq!(headline, "Over the last 6 months your median recovery time stayed at 3 days");
}

#[test]
fn with_too_few_recovered_setbacks_the_headline_says_so_instead_of_a_trend() {
    let (_dir, mut database) = open_temp();
    for (day, days) in [("2025-04-01", 10), ("2025-05-01", 8), ("2025-10-01", 4), ("2025-11-01", 3)] {
        recovered(&mut database, day, days, 1);
    }
    recovered(&mut database, "2026-01-01", 5, 1);
    // Still open: counts for nothing.
    database.setbacks().create(&setback("open", "2025-06-01T10:00")).unwrap();
    let report = database.trends(TrendRange::Year).unwrap();
    assert!(report.has_enough_data, "setbacks in the range are charted even when a trend needs more");
    assert_eq!(
        report.headline,
        "Too little data for a trend yet: a trend needs at least 3 recovered setbacks in each of the last two \
         half-years, and there are 3 in the last 6 months and 2 in the 6 months before."
    );
    assert_eq!(report.recovery.points.len(), 6);
    assert_eq!(report.recovery.summary, "Median recovery time 5 days across 5 recovered setbacks; 1 still recovering.");
    assert_eq!(report.by_area.summary, "Most setbacks were in Career (5 of 6).");
}
