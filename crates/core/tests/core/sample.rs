use failup_core::sample::{self, SAMPLE_SETBACKS};
use failup_core::{ErrorCode, TrendRange};

use crate::open_temp;

#[test]
fn the_sample_year_has_twelve_setbacks_and_enough_data_for_a_trend() {
    let (_dir, mut database) = open_temp();
    let summary = sample::fill(&mut database).unwrap();
    assert_eq!(summary.setbacks as usize, SAMPLE_SETBACKS);
    assert!(summary.check_ins > 300, "most days of the year have a check-in: {summary:?}");
    assert!(summary.reflections >= 8 && summary.lessons >= 5 && summary.answered_revisits > 0, "{summary:?}");
    assert_eq!((summary.goals, summary.brs_results), (3, 13), "three goals; a resilience check every 30 days");

    let report = database.trends(TrendRange::Year).unwrap();
    assert_eq!(report.mood.markers.len(), SAMPLE_SETBACKS, "every sample setback is in the year");
    assert!(report.mood.markers.iter().all(|m| m.title.starts_with("Sample: ")), "sample titles say so");
    assert!(report.has_enough_data, "{}", report.headline);
    assert!(report.headline.contains("fell"), "recoveries get shorter in the sample: {}", report.headline);
    let open: Vec<_> = report.recovery.points.iter().filter(|p| p.days.is_none()).collect();
    assert_eq!(open.len(), 1, "one sample setback is still open");
    assert!(report.by_area.areas.len() >= 4, "several areas");
    assert!(report.metrics.repeat_setbacks >= 1);
    assert!(report.metrics.lesson_application_rate.is_some());
    assert_eq!(report.brs.points.len(), 13);
    assert_eq!(report.mood.days.len(), 365);
    assert!(report.mood.mood.last().unwrap().is_some(), "today has a check-in");
    assert!(report.bounce_back.curves.len() >= 10, "almost every sample setback has a baseline");
    assert_eq!(database.setbacks().list(None, 50).unwrap().setbacks.len(), SAMPLE_SETBACKS);
}

#[test]
fn the_sample_is_the_same_every_time_and_only_goes_into_an_empty_journal() {
    let (_dir, mut first) = open_temp();
    let (_dir2, mut second) = open_temp();
    assert_eq!(sample::fill(&mut first).unwrap(), sample::fill(&mut second).unwrap());
    assert_eq!(
        first.trends(TrendRange::All).unwrap(),
        second.trends(TrendRange::All).unwrap(),
        "same clock, same year"
    );
    let error = sample::fill(&mut first).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidInput, "{error}");
    assert!(error.to_string().contains("empty journal"), "{error}");
}
