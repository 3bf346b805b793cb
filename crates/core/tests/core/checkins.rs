use failup_core::checkins::{brs_score, BRS_STATEMENTS};
use failup_core::{CheckInDraft, ErrorCode};

use crate::open_temp;
use crate::setbacks::{open_at, setback};

pub fn check_in(mood: u8, at: &str) -> CheckInDraft {
    CheckInDraft { mood, confidence: 5, local_date_time: Some(at.into()), ..Default::default() }
}

#[test]
fn a_daily_check_in_is_stored_as_given_and_listed_newest_first() {
    let (_dir, mut database) = open_temp();
    let first = database
        .check_ins()
        .log(&CheckInDraft {
            mood: 7,
            confidence: 6,
            energy: Some(4),
            note: "  Slept well  ".into(),
            local_date_time: Some("2026-03-13T21:00".into()),
            time_zone: Some("Asia/Tokyo".into()),
        })
        .unwrap();
    assert_eq!((first.mood, first.confidence, first.energy), (7, Some(6), Some(4)));
    assert_eq!(first.note, "Slept well", "notes are trimmed");
    assert_eq!((first.local_date_time.as_str(), first.time_zone.as_str()), ("2026-03-13T21:00", "Asia/Tokyo"));
    assert_eq!(first.created_at, "2026-03-14T08:30:00Z", "timestamps come from the injected clock");
    let now = database.check_ins().log(&CheckInDraft { mood: 3, confidence: 2, ..Default::default() }).unwrap();
    assert_eq!((now.local_date_time.as_str(), now.time_zone.as_str()), ("2026-03-14T09:30", "Europe/Berlin"));
    let again = database.check_ins().log(&check_in(5, "2026-03-14T09:00")).unwrap();

    let recent: Vec<i64> = database.check_ins().recent(10).unwrap().into_iter().map(|c| c.id).collect();
    assert_eq!(recent, [now.id, again.id, first.id], "newest first by when they were made, several a day allowed");
    assert_eq!(database.check_ins().recent(1).unwrap().len(), 1);
    database.check_ins().delete(again.id).unwrap();
    assert_eq!(database.check_ins().recent(10).unwrap().len(), 2);
    assert_eq!(database.check_ins().delete(again.id).unwrap_err().code(), ErrorCode::NotFound, "already deleted");
}

#[test]
fn invalid_check_ins_are_refused_with_a_message_naming_the_problem_and_nothing_is_written() {
    let (_dir, mut database) = open_temp();
    let cases: Vec<(CheckInDraft, &str)> = vec![
        (check_in(0, "2026-03-13T21:00"), "Mood must be between 1 and 10, not 0"),
        (check_in(11, "2026-03-13T21:00"), "Mood"),
        (CheckInDraft { confidence: 11, ..check_in(5, "2026-03-13T21:00") }, "Confidence"),
        (CheckInDraft { energy: Some(0), ..check_in(5, "2026-03-13T21:00") }, "Energy"),
        (check_in(5, "2026-02-30T21:00"), "2026-02-30T21:00"),
        (CheckInDraft { time_zone: Some("Mars/Base".into()), ..check_in(5, "2026-03-13T21:00") }, "Mars/Base"),
    ];
    for (bad, expected_in_message) in cases {
        let error = database.check_ins().log(&bad).unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidInput, "{error}");
        assert!(error.to_string().contains(expected_in_message), "{error:?} should name {expected_in_message:?}");
    }
    let error = database.check_ins().log_many(&[check_in(5, "2026-03-13T21:00"), check_in(12, "2026-03-13T22:00")]);
    assert!(error.unwrap_err().to_string().contains("Check-in 2 of 2"), "a batch names the refused check-in");
    assert!(database.check_ins().recent(10).unwrap().is_empty(), "nothing refused was written, not even half a batch");
}

#[test]
fn recovery_check_ins_belong_to_a_setback_and_are_dated_today() {
    let (_dir, mut database) = open_temp();
    let id = database.setbacks().create(&setback("Lost the pitch", "2026-03-10T10:00")).unwrap().id;
    let logged = database.check_ins().log_recovery(id, 6).unwrap();
    assert_eq!((logged.setback_id, logged.recovered, logged.local_date.as_str()), (id, 6, "2026-03-14"));
    assert_eq!(database.check_ins().recovery_for_setback(id).unwrap(), [logged], "what is logged is what is stored");
    let error = database.check_ins().log_recovery(id, 11).unwrap_err();
    assert!(error.to_string().contains("between 0 and 10, not 11"), "{error}");
    assert_eq!(database.check_ins().log_recovery(999, 5).unwrap_err().code(), ErrorCode::NotFound);
    database.setbacks().delete(id).unwrap();
    let left: i64 =
        database.connection().query_row("SELECT count(*) FROM recovery_check_ins", [], |r| r.get(0)).unwrap();
    assert_eq!(left, 0, "recovery check-ins go with their setback");
}

#[test]
fn the_brief_resilience_scale_reverse_scores_items_two_four_and_six() {
    assert_eq!(BRS_STATEMENTS[0], "I tend to bounce back quickly after hard times");
    assert_eq!(BRS_STATEMENTS[5], "I tend to take a long time to get over set-backs in my life");
    assert_eq!(brs_score(&[5, 1, 5, 1, 5, 1]), 5.0, "agreeing with the resilient items and not the others");
    assert_eq!(brs_score(&[1, 5, 1, 5, 1, 5]), 1.0, "the opposite");
    assert_eq!(brs_score(&[4, 2, 3, 3, 5, 1]), 4.0, "(4 + (6−2) + 3 + (6−3) + 5 + (6−1)) / 6 = 24 / 6");
    assert_eq!(brs_score(&[3, 3, 3, 3, 3, 3]), 3.0, "the middle stays the middle");
}

#[test]
fn the_resilience_scale_is_due_monthly_and_refuses_incomplete_answers() {
    let (_dir, mut database, clock) = open_at("2026-03-14T08:30:00Z", "Europe/Berlin");
    let status = database.check_ins().brs_status().unwrap();
    assert!(status.due, "never taken: due");
    assert_eq!(status.last_taken_on, None);
    assert_eq!(status.statements, BRS_STATEMENTS, "the six statements, verbatim and in order");

    let result = database.check_ins().submit_brs(&[4, 2, 3, 3, 5, 1]).unwrap();
    assert_eq!((result.taken_on.as_str(), result.score), ("2026-03-14", 4.0));
    assert_eq!(result.answers, [4, 2, 3, 3, 5, 1], "the answers are kept as given");
    assert_eq!(database.check_ins().brs_results().unwrap(), [result]);
    assert!(!database.check_ins().brs_status().unwrap().due, "just taken");

    clock.set("2026-04-12T20:00:00Z".parse().unwrap()); // 22:00 on 12 April in Berlin: 29 days later.
    assert!(!database.check_ins().brs_status().unwrap().due, "29 days is not a month");
    clock.set("2026-04-12T22:30:00Z".parse().unwrap()); // 00:30 on 13 April in Berlin.
    let status = database.check_ins().brs_status().unwrap();
    assert!(status.due, "30 days after 14 March, counted in local dates");
    assert_eq!(status.last_taken_on.as_deref(), Some("2026-03-14"));

    for (bad, expected) in [(&[1u8, 2, 3, 4, 5][..], "six statements"), (&[1, 2, 3, 4, 5, 6], "statement 6")] {
        let error = database.check_ins().submit_brs(bad).unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidInput, "{error}");
        assert!(error.to_string().contains(expected), "{error:?} should name {expected:?}");
    }
    assert_eq!(database.check_ins().brs_results().unwrap().len(), 1, "refused answers are not stored");
}
