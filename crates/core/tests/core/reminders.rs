//! Reminders: the schedule of each kind, quiet hours, the pause, the delivery ledger with
//! catch-up, the notification text, and a property test over 1,000 generated schedules.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use failup_core::reminders::{catch_up_text, pause_end, GoalFacts, RevisitFacts, SetbackFacts, LATE_AFTER};
use failup_core::setbacks::StageFacts;
use failup_core::{
    due_between, next_due, notification_text, AppSettings, Clock, Database, ErrorCode, GoalDraft, GoalKind,
    LessonDraft, PauseLength, QuietHours, Reminder, ReminderKind, ReminderSettings, ScheduleInputs, SetbackDraft,
    Weekday, WeeklyReview,
};
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::setbacks::{open_at, setback};

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn tz(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap()
}

/// Settings with every kind off, for tests that turn on the one they are about.
fn nothing() -> ReminderSettings {
    ReminderSettings {
        enabled: true,
        daily_prompt_times: vec![],
        daily_prompt_weekdays: vec![],
        weekly_review: None,
        ready_to_reflect: false,
        revisit_time: None,
        goal_check_in_every_days: 0,
        recovery_check_in_every_days: 0,
        quiet_hours: None,
        discreet: true,
    }
}

fn inputs(settings: ReminderSettings) -> ScheduleInputs {
    ScheduleInputs { settings, ..Default::default() }
}

fn daily(times: &[&str]) -> ScheduleInputs {
    inputs(ReminderSettings {
        daily_prompt_times: times.iter().map(|&t| t.to_owned()).collect(),
        daily_prompt_weekdays: Weekday::ALL.to_vec(),
        ..nothing()
    })
}

fn due_at(reminders: &[Reminder]) -> Vec<String> {
    reminders.iter().map(|r| r.due_at.to_string()).collect()
}

fn open_setback(id: i64, happened_at: &str, cool_down_hours: u32) -> SetbackFacts {
    SetbackFacts {
        id,
        facts: StageFacts {
            happened_at: at(happened_at),
            cool_down_hours,
            completed_reflections: 0,
            lessons: 0,
            recovered: false,
        },
        last_recovery_check_in: None,
        bounced_back: false,
    }
}

// ---------------------------------------------------------------------------------------------
// Settings

#[test]
fn reminder_settings_have_modest_defaults_and_are_normalised_when_saved() {
    let (_dir, mut database, _clock) = open_at("2026-03-14T08:30:00Z", "Europe/Berlin");
    let defaults = database.settings().reminders().unwrap();
    assert_eq!(defaults, ReminderSettings::default(), "a new journal reads the defaults");
    assert!(defaults.enabled && defaults.discreet, "on, and discreet, by default");
    assert_eq!(defaults.recovery_check_in_every_days, 3);
    assert_eq!(defaults.goal_check_in_every_days, 7, "goal check-ins weekly by default");
    assert_eq!(database.settings().get().unwrap().reminders, Some(defaults.clone()), "always present when read");

    let saved = database
        .settings()
        .set_reminders(&ReminderSettings {
            daily_prompt_times: vec!["21:00".into(), " 07:15 ".into(), "21:00".into()],
            daily_prompt_weekdays: vec![Weekday::Friday, Weekday::Monday, Weekday::Friday],
            quiet_hours: Some(QuietHours { start: "23:00".into(), end: "06:30".into() }),
            ..ReminderSettings::default()
        })
        .unwrap();
    assert_eq!(saved.daily_prompt_times, ["07:15", "21:00"], "trimmed, sorted, each once");
    assert_eq!(saved.daily_prompt_weekdays, [Weekday::Monday, Weekday::Friday], "week order, each once");
    assert_eq!(database.settings().reminders().unwrap(), saved, "what is answered is what is stored");

    // The UI of today sends only the cool-down: that must not reset the reminders.
    let older_payload: AppSettings = serde_json::from_str(r#"{"coolDownHours": 12}"#).unwrap();
    assert_eq!(older_payload.reminders, None, "a payload without reminders still deserialises");
    database.settings().update(&older_payload).unwrap();
    assert_eq!(database.settings().reminders().unwrap(), saved, "reminders absent from an update are kept");
    let partial: ReminderSettings = serde_json::from_str(r#"{"enabled": false}"#).unwrap();
    assert_eq!(partial, ReminderSettings { enabled: false, ..ReminderSettings::default() }, "missing fields default");
    let round_trip: AppSettings =
        serde_json::from_str(&serde_json::to_string(&database.settings().get().unwrap()).unwrap()).unwrap();
    assert_eq!(round_trip, database.settings().get().unwrap(), "the JSON the UI gets back reads the same");
}

#[test]
fn invalid_reminder_settings_are_refused_with_a_message_and_nothing_is_written() {
    let (_dir, mut database, _clock) = open_at("2026-03-14T08:30:00Z", "Europe/Berlin");
    let cases: Vec<(ReminderSettings, &str)> = vec![
        (ReminderSettings { daily_prompt_times: vec!["25:00".into()], ..Default::default() }, "“25:00” is not a time"),
        (ReminderSettings { daily_prompt_times: vec!["8:00".into()], ..Default::default() }, "expected HH:MM"),
        (
            ReminderSettings { daily_prompt_times: (0..7).map(|h| format!("0{h}:00")).collect(), ..Default::default() },
            "Up to 6 daily prompts",
        ),
        (
            ReminderSettings {
                weekly_review: Some(WeeklyReview { day: Weekday::Sunday, time: "noon".into() }),
                ..Default::default()
            },
            "The weekly review time “noon”",
        ),
        (ReminderSettings { revisit_time: Some("09:60".into()), ..Default::default() }, "The revisit time"),
        (ReminderSettings { goal_check_in_every_days: 91, ..Default::default() }, "at most 90 days apart, not 91"),
        (ReminderSettings { recovery_check_in_every_days: 31, ..Default::default() }, "at most 30 days apart"),
        (
            ReminderSettings {
                quiet_hours: Some(QuietHours { start: "22:00".into(), end: "22:00".into() }),
                ..Default::default()
            },
            "choose two different times",
        ),
    ];
    for (bad, expected) in cases {
        let error = database.settings().set_reminders(&bad).unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidInput, "{error}");
        assert!(error.to_string().contains(expected), "{error} should say {expected:?}");
        let error = database.settings().update(&AppSettings { cool_down_hours: 5, reminders: Some(bad) }).unwrap_err();
        assert!(error.to_string().contains(expected), "update refuses the same: {error}");
    }
    assert_eq!(database.settings().get().unwrap().cool_down_hours, 24, "a refused update writes nothing at all");
    assert_eq!(database.settings().reminders().unwrap(), ReminderSettings::default());

    // A value edited by hand into nonsense falls back to its own default, alone.
    database.settings().set_reminders(&ReminderSettings { discreet: false, ..Default::default() }).unwrap();
    database
        .connection()
        .execute("UPDATE settings SET value = '\"lunchtime\"' WHERE key = 'reminders.revisit_time'", [])
        .unwrap();
    let read = database.settings().reminders().unwrap();
    assert_eq!(read.revisit_time.as_deref(), Some("09:00"), "the unreadable value falls back to its default");
    assert!(!read.discreet, "the other values are kept");
}

// ---------------------------------------------------------------------------------------------
// Each kind

#[test]
fn the_daily_prompt_comes_at_each_local_time_on_the_chosen_weekdays() {
    let mut schedule = daily(&["08:00", "20:30"]);
    schedule.settings.daily_prompt_weekdays = vec![Weekday::Friday, Weekday::Monday];
    // Friday 13 to Tuesday 17 March 2026 in Berlin (UTC+1).
    let due = due_between(&schedule, at("2026-03-12T23:00:00Z"), at("2026-03-17T23:00:00Z"), &tz("Europe/Berlin"));
    assert_eq!(
        due_at(&due),
        ["2026-03-13T07:00:00Z", "2026-03-13T19:30:00Z", "2026-03-16T07:00:00Z", "2026-03-16T19:30:00Z"],
        "Friday and Monday only, at 08:00 and 20:30 local"
    );
    assert!(due.iter().all(|r| r.kind == ReminderKind::DailyPrompt && r.subject_id.is_none()));
    assert_eq!(due[0].key, "daily_prompt:-:2026-03-13T07:00:00Z", "kind, subject and instant");
    assert!(
        due_between(&schedule, at("2026-03-13T07:00:00Z"), at("2026-03-13T19:00:00Z"), &tz("Europe/Berlin")).is_empty(),
        "the window excludes its start: a reminder due exactly at `from` belongs to the window before"
    );
    let mut off = schedule.clone();
    off.settings.enabled = false;
    assert!(due_between(&off, at("2026-03-12T23:00:00Z"), at("2026-03-17T23:00:00Z"), &tz("Europe/Berlin")).is_empty());
}

#[test]
fn a_local_time_the_clocks_skip_fires_at_the_first_instant_after_and_a_repeated_one_fires_once_the_first_time() {
    let berlin = tz("Europe/Berlin");
    // 29 March 2026: Berlin jumps from 02:00 to 03:00 (01:00 UTC).
    let gap = due_between(&daily(&["02:30"]), at("2026-03-28T12:00:00Z"), at("2026-03-29T12:00:00Z"), &berlin);
    assert_eq!(due_at(&gap), ["2026-03-29T01:00:00Z"], "02:30 does not exist: 03:00 CEST, the first instant after");
    // 25 October 2026: 02:30 happens twice, at 00:30 and 01:30 UTC.
    let fold = due_between(&daily(&["02:30"]), at("2026-10-24T12:00:00Z"), at("2026-10-25T12:00:00Z"), &berlin);
    assert_eq!(due_at(&fold), ["2026-10-25T00:30:00Z"], "once, at the earlier 02:30 (CEST)");

    // Lord Howe Island moves its clocks by 30 minutes: 02:00 → 02:30 on 4 October 2026
    // (UTC+10:30 → +11), and 02:00 → 01:30 on 5 April 2026.
    let lord_howe = tz("Australia/Lord_Howe");
    let gap = due_between(&daily(&["02:15"]), at("2026-10-03T00:00:00Z"), at("2026-10-04T00:00:00Z"), &lord_howe);
    assert_eq!(due_at(&gap), ["2026-10-03T15:30:00Z"], "02:15 is skipped: 02:30 +11:00");
    let fold = due_between(&daily(&["01:45"]), at("2026-04-04T00:00:00Z"), at("2026-04-05T00:00:00Z"), &lord_howe);
    assert_eq!(due_at(&fold), ["2026-04-04T14:45:00Z"], "01:45 +11:00, not again at 01:45 +10:30");

    // New York: 8 March 2026, 02:00 → 03:00 (07:00 UTC).
    let new_york = tz("America/New_York");
    let gap = due_between(&daily(&["02:00"]), at("2026-03-08T00:00:00Z"), at("2026-03-09T00:00:00Z"), &new_york);
    assert_eq!(due_at(&gap), ["2026-03-08T07:00:00Z"], "02:00 itself is skipped: 03:00 EDT");
    // Kolkata has no daylight saving and a half-hour offset.
    let kolkata =
        due_between(&daily(&["09:00"]), at("2028-02-28T12:00:00Z"), at("2028-03-01T12:00:00Z"), &tz("Asia/Kolkata"));
    assert_eq!(due_at(&kolkata), ["2028-02-29T03:30:00Z", "2028-03-01T03:30:00Z"], "29 February 2028 is a day too");
}

#[test]
fn ready_to_reflect_comes_when_the_cool_down_ends_unless_the_setback_has_moved_on() {
    let mut schedule = inputs(ReminderSettings { ready_to_reflect: true, ..nothing() });
    let mut reflected = open_setback(2, "2026-03-14T09:00:00Z", 24);
    reflected.facts.completed_reflections = 1;
    let mut with_lesson = open_setback(3, "2026-03-14T09:00:00Z", 24);
    with_lesson.facts.lessons = 1;
    let mut recovered = open_setback(4, "2026-03-14T09:00:00Z", 24);
    recovered.facts.recovered = true;
    schedule.setbacks = vec![open_setback(1, "2026-03-14T09:00:00Z", 24), reflected, with_lesson, recovered];
    let due = due_between(&schedule, at("2026-03-14T00:00:00Z"), at("2026-03-16T00:00:00Z"), &TimeZone::UTC);
    assert_eq!(due.len(), 1, "only the setback still waiting to be reflected on: {due:?}");
    assert_eq!((due[0].kind, due[0].subject_id), (ReminderKind::ReadyToReflect, Some(1)));
    assert_eq!(due[0].due_at, failup_core::setbacks::ready_at(at("2026-03-14T09:00:00Z"), 24), "at `ready_at`");
    assert_eq!(due[0].key, "ready_to_reflect:1:2026-03-15T09:00:00Z");
}

#[test]
fn a_lesson_revisit_is_announced_at_the_revisit_time_on_its_local_due_date() {
    let mut schedule = inputs(ReminderSettings { revisit_time: Some("09:00".into()), ..nothing() });
    let date = |text: &str| text.parse::<Date>().unwrap();
    schedule.revisits = vec![
        RevisitFacts { lesson_id: 7, due_on: date("2026-03-21") },
        RevisitFacts { lesson_id: 7, due_on: date("2026-03-21") },
        RevisitFacts { lesson_id: 8, due_on: date("2026-04-13") },
    ];
    let new_york = tz("America/New_York");
    let due = due_between(&schedule, at("2026-03-20T00:00:00Z"), at("2026-04-20T00:00:00Z"), &new_york);
    assert_eq!(
        due_at(&due),
        ["2026-03-21T13:00:00Z", "2026-04-13T13:00:00Z"],
        "09:00 EDT; two revisits on a day, once"
    );
    assert_eq!(due.iter().map(|r| r.subject_id).collect::<Vec<_>>(), [Some(7), Some(8)], "the subject is the lesson");
    schedule.settings.revisit_time = None;
    assert!(due_between(&schedule, at("2026-03-20T00:00:00Z"), at("2026-04-20T00:00:00Z"), &new_york).is_empty());
}

#[test]
fn goal_check_in_reminders_come_every_n_days_after_the_last_check_in() {
    let mut schedule = inputs(ReminderSettings { goal_check_in_every_days: 7, ..nothing() });
    schedule.goals = vec![GoalFacts { id: 5, since: at("2026-03-01T10:00:00Z") }];
    let due = due_between(&schedule, at("2026-03-01T00:00:00Z"), at("2026-03-22T00:00:00Z"), &TimeZone::UTC);
    assert_eq!(due_at(&due), ["2026-03-08T10:00:00Z", "2026-03-15T10:00:00Z"], "weekly, counted in elapsed days");
    assert!(due.iter().all(|r| r.kind == ReminderKind::GoalCheckIn && r.subject_id == Some(5)));
}

#[test]
fn the_weekly_review_comes_on_its_day_at_its_time() {
    let schedule = inputs(ReminderSettings {
        weekly_review: Some(WeeklyReview { day: Weekday::Sunday, time: "18:00".into() }),
        ..nothing()
    });
    let due = due_between(&schedule, at("2026-03-01T00:00:00Z"), at("2026-03-31T00:00:00Z"), &tz("Europe/Berlin"));
    assert_eq!(
        due_at(&due),
        [
            "2026-03-01T17:00:00Z",
            "2026-03-08T17:00:00Z",
            "2026-03-15T17:00:00Z",
            "2026-03-22T17:00:00Z",
            "2026-03-29T16:00:00Z"
        ],
        "Sundays at 18:00 Berlin time, in summer time from 29 March"
    );
}

#[test]
fn recovery_check_ins_are_asked_every_n_days_until_the_user_has_bounced_back() {
    let mut schedule = inputs(ReminderSettings { recovery_check_in_every_days: 3, ..nothing() });
    let setback = open_setback(9, "2026-03-01T12:00:00Z", 24);
    schedule.setbacks = vec![setback];
    let month = |schedule: &ScheduleInputs| {
        due_between(schedule, at("2026-03-01T00:00:00Z"), at("2026-03-11T00:00:00Z"), &TimeZone::UTC)
    };
    assert_eq!(
        due_at(&month(&schedule)),
        ["2026-03-04T12:00:00Z", "2026-03-07T12:00:00Z", "2026-03-10T12:00:00Z"],
        "every 3 days after the setback"
    );
    schedule.setbacks[0].last_recovery_check_in = Some(at("2026-03-05T08:00:00Z"));
    assert_eq!(
        due_at(&month(&schedule)),
        ["2026-03-08T08:00:00Z"],
        "a check-in restarts the count from itself, and stands for those before it"
    );
    schedule.setbacks[0].bounced_back = true;
    assert!(month(&schedule).is_empty(), "a check-in of 8 or more means bounced back: no more asking");
    schedule.setbacks[0].bounced_back = false;
    schedule.setbacks[0].facts.recovered = true;
    assert!(month(&schedule).is_empty(), "nor once marked recovered");
    schedule.setbacks = vec![setback];
    let late = due_between(&schedule, at("2026-05-20T00:00:00Z"), at("2026-07-01T00:00:00Z"), &TimeZone::UTC);
    assert!(
        late.iter().all(|r| r.due_at <= at("2026-05-30T12:00:00Z")),
        "no more than 90 days after the setback: {:?}",
        due_at(&late)
    );
}

// ---------------------------------------------------------------------------------------------
// Quiet hours and the pause

#[test]
fn a_reminder_in_quiet_hours_that_wrap_midnight_waits_for_their_end() {
    let mut schedule = daily(&["07:59", "08:00", "21:59", "23:30"]);
    schedule.settings.quiet_hours = Some(QuietHours { start: "22:00".into(), end: "08:00".into() });
    let due = due_between(&schedule, at("2026-06-10T00:00:00Z"), at("2026-06-11T12:00:00Z"), &TimeZone::UTC);
    let pairs: Vec<(String, String)> = due.iter().map(|r| (r.occurs_at.to_string(), r.due_at.to_string())).collect();
    let pair = |occurs: &str, due: &str| (occurs.to_owned(), due.to_owned());
    assert_eq!(
        pairs,
        [
            pair("2026-06-09T23:30:00Z", "2026-06-10T08:00:00Z"),
            pair("2026-06-10T07:59:00Z", "2026-06-10T08:00:00Z"),
            pair("2026-06-10T08:00:00Z", "2026-06-10T08:00:00Z"),
            pair("2026-06-10T21:59:00Z", "2026-06-10T21:59:00Z"),
            pair("2026-06-10T23:30:00Z", "2026-06-11T08:00:00Z"),
            pair("2026-06-11T07:59:00Z", "2026-06-11T08:00:00Z"),
            pair("2026-06-11T08:00:00Z", "2026-06-11T08:00:00Z"),
        ],
        "07:59 and 23:30 wait for 08:00 (the next morning for 23:30, so the 9th's falls in this window); 08:00 \
         and 21:59 are outside; the key keeps the instant it was for"
    );
    assert_ne!(due[4].key, due[5].key, "deferred to the same instant, still two reminders");

    let mut lunch = daily(&["12:30"]);
    lunch.settings.quiet_hours = Some(QuietHours { start: "12:00".into(), end: "13:00".into() });
    let due = due_between(&lunch, at("2026-06-10T00:00:00Z"), at("2026-06-11T00:00:00Z"), &tz("Asia/Kolkata"));
    assert_eq!(due_at(&due), ["2026-06-10T07:30:00Z"], "quiet hours within a day: 13:00 IST");
}

#[test]
fn reminders_due_while_paused_are_recorded_as_missed_and_never_shown() {
    let (_dir, mut database, clock) = open_at("2026-03-14T08:00:00Z", "UTC");
    database
        .settings()
        .set_reminders(&ReminderSettings {
            daily_prompt_times: vec!["09:00".into(), "11:00".into()],
            ..daily_settings()
        })
        .unwrap();
    assert!(database.reminders().due_now(clock.now()).unwrap().is_empty(), "the first look only starts the clock");
    let until = database.reminders().pause(PauseLength::Hour).unwrap();
    assert_eq!(until, at("2026-03-14T09:00:00Z"));
    assert_eq!(database.reminders().status().unwrap().paused_until.as_deref(), Some("2026-03-14T09:00:00Z"));
    assert_eq!(
        database.reminders().next_due(clock.now()).unwrap(),
        Some(at("2026-03-14T09:00:00Z")),
        "09:00 is not before the end"
    );

    database.reminders().pause(PauseLength::UntilTomorrow).unwrap();
    let caught = database.reminders().catch_up(at("2026-03-14T11:30:00Z")).unwrap();
    assert!(caught.fire.is_empty(), "nothing is shown while paused: {caught:?}");
    assert_eq!(due_at(&caught.missed), ["2026-03-14T09:00:00Z", "2026-03-14T11:00:00Z"], "both recorded as missed");
    assert_eq!(database.reminders().missed().unwrap().len(), 2, "and listed for Today");
    assert_eq!(
        database.reminders().next_due(at("2026-03-14T11:30:00Z")).unwrap(),
        Some(at("2026-03-15T09:00:00Z")),
        "the next one after the pause"
    );

    database.reminders().resume().unwrap();
    let fired = database.reminders().due_now(at("2026-03-15T09:00:30Z")).unwrap();
    assert_eq!(due_at(&fired), ["2026-03-15T09:00:00Z"], "after the pause, reminders come again");
    assert!(database.reminders().catch_up(at("2026-03-15T09:01:00Z")).unwrap().missed.is_empty());
    database.reminders().dismiss_missed().unwrap();
    assert!(database.reminders().missed().unwrap().is_empty(), "dismissed from Today");
    assert_eq!(database.reminders().status().unwrap().missed, 0);
}

#[test]
fn a_pause_lasts_an_hour_or_until_local_midnight() {
    let berlin = tz("Europe/Berlin");
    assert_eq!(pause_end(PauseLength::Hour, at("2026-03-14T21:45:00Z"), &berlin), at("2026-03-14T22:45:00Z"));
    assert_eq!(
        pause_end(PauseLength::UntilTomorrow, at("2026-03-14T21:45:00Z"), &berlin),
        at("2026-03-14T23:00:00Z"),
        "22:45 in Berlin: until 00:00 on the 15th"
    );
    assert_eq!(
        pause_end(PauseLength::UntilTomorrow, at("2026-03-14T23:15:00Z"), &berlin),
        at("2026-03-15T23:00:00Z"),
        "00:15 on the 15th is already tomorrow: until the next midnight"
    );
}

fn daily_settings() -> ReminderSettings {
    ReminderSettings { daily_prompt_weekdays: Weekday::ALL.to_vec(), ..nothing() }
}

// ---------------------------------------------------------------------------------------------
// The ledger and catch-up

#[test]
fn each_reminder_is_delivered_at_most_once_and_an_unclaimed_one_is_offered_again() {
    let (_dir, mut database, clock) = open_at("2026-03-14T08:00:00Z", "UTC");
    database
        .settings()
        .set_reminders(&ReminderSettings { daily_prompt_times: vec!["09:00".into()], ..daily_settings() })
        .unwrap();
    database.reminders().due_now(clock.now()).unwrap();
    assert!(database.reminders().due_now(at("2026-03-14T08:59:59Z")).unwrap().is_empty(), "none before its time");

    let due = database.reminders().due_now(at("2026-03-14T09:00:00Z")).unwrap();
    assert_eq!(due_at(&due), ["2026-03-14T09:00:00Z"], "due at its instant exactly");
    let again = database.reminders().due_now(at("2026-03-14T09:01:00Z")).unwrap();
    assert_eq!(again, due, "not claimed yet (the shell stopped before showing it): offered again");
    assert!(database.reminders().mark_delivered(&due[0].key, at("2026-03-14T09:01:00Z")).unwrap(), "claimed once");
    assert!(!database.reminders().mark_delivered(&due[0].key, at("2026-03-14T09:01:00Z")).unwrap(), "never twice");
    assert!(database.reminders().due_now(at("2026-03-14T09:02:00Z")).unwrap().is_empty(), "delivered: never again");
    let error = database.reminders().mark_delivered("daily_prompt:-:1999-01-01T00:00:00Z", clock.now()).unwrap_err();
    assert_eq!(error.code(), ErrorCode::NotFound, "{error}");

    // The clock is set back an hour, then runs forward past 09:00 a second time.
    assert!(database.reminders().due_now(at("2026-03-14T08:10:00Z")).unwrap().is_empty());
    assert!(
        database.reminders().due_now(at("2026-03-14T09:30:00Z")).unwrap().is_empty(),
        "shown before the clock went back: not shown again when it passes a second time"
    );
}

#[test]
fn catch_up_fires_what_is_less_than_12_hours_late_once_and_records_the_rest_as_missed() {
    // 08:30 in Berlin (UTC+1).
    let (_dir, mut database, clock) = open_at("2026-03-14T07:30:00Z", "Europe/Berlin");
    database
        .settings()
        .set_reminders(&ReminderSettings {
            daily_prompt_times: vec!["09:00".into(), "21:00".into(), "23:30".into()],
            ready_to_reflect: true,
            ..daily_settings()
        })
        .unwrap();
    let id = database
        .setbacks()
        .create(&SetbackDraft {
            cool_down_hours: Some(2),
            ..setback("Bodged the Quarterly Zephyr demo", "2026-03-14T08:15")
        })
        .unwrap()
        .id;
    database.reminders().due_now(clock.now()).unwrap();

    // The app was closed from 08:30 on the 14th to 10:30 on the 15th.
    let now = at("2026-03-15T09:30:00Z");
    clock.set(now);
    let caught = database.reminders().catch_up(now).unwrap();
    let summary = |list: &[Reminder]| list.iter().map(|r| (r.kind, r.due_at.to_string())).collect::<Vec<_>>();
    assert_eq!(
        summary(&caught.missed),
        [
            (ReminderKind::DailyPrompt, "2026-03-14T08:00:00Z".to_owned()),
            (ReminderKind::ReadyToReflect, "2026-03-14T09:15:00Z".to_owned()),
            (ReminderKind::DailyPrompt, "2026-03-14T20:00:00Z".to_owned()),
        ],
        "12 hours late or more: missed, never shown"
    );
    assert_eq!(
        summary(&caught.fire),
        [
            (ReminderKind::DailyPrompt, "2026-03-14T22:30:00Z".to_owned()),
            (ReminderKind::DailyPrompt, "2026-03-15T08:00:00Z".to_owned()),
        ],
        "less than 12 hours late: shown once"
    );
    assert_eq!(caught.missed[1].subject_id, Some(id));
    for reminder in &caught.fire {
        assert!(database.reminders().mark_delivered(&reminder.key, now).unwrap());
    }
    let second = database.reminders().catch_up(now).unwrap();
    assert_eq!(second, Default::default(), "a second start finds nothing new");
    let missed = database.reminders().missed().unwrap();
    assert_eq!(summary(&missed), summary(&caught.missed).into_iter().rev().collect::<Vec<_>>(), "the latest first");

    let (title, body) = catch_up_text(&caught.fire).unwrap();
    assert_eq!(title, "2 reminders while you were away");
    assert_eq!(body, "Waiting for you: a check-in.");
    assert_eq!(catch_up_text(&caught.fire[..1]), None, "a single one gets its own notification");
    let exactly_12 = now.checked_sub(LATE_AFTER).unwrap();
    assert!(caught.missed.iter().all(|r| r.due_at <= exactly_12));
}

#[test]
fn the_database_reads_the_schedule_inputs_from_the_records() {
    let (_dir, mut database, clock) = open_at("2026-03-14T08:30:00Z", "Europe/Berlin");
    database
        .settings()
        .set_reminders(&ReminderSettings { daily_prompt_times: vec![], ..ReminderSettings::default() })
        .unwrap();
    let setback_id = database.setbacks().create(&setback("Missed the train", "2026-03-14T09:00")).unwrap().id;
    let recovered = database.setbacks().create(&setback("Old one", "2026-03-01T09:00")).unwrap().id;
    database.setbacks().mark_recovered(recovered, None).unwrap();
    database.check_ins().log_recovery(setback_id, 8).unwrap();
    let lesson =
        database.lessons().create(&LessonDraft { text: "Leave earlier".into(), ..Default::default() }).unwrap();
    let goal = database
        .goals()
        .create(&GoalDraft { kind: GoalKind::Learning, title: "Plan trips".into(), ..Default::default() })
        .unwrap();
    let inputs = database.reminders().inputs().unwrap();
    assert_eq!(inputs.setbacks.len(), 1, "recovered setbacks are left out");
    assert_eq!(inputs.setbacks[0].id, setback_id);
    assert_eq!(inputs.setbacks[0].facts.cool_down_hours, 24, "the default cool-down applies");
    assert!(inputs.setbacks[0].bounced_back, "a recovery check-in of 8");
    assert_eq!(inputs.setbacks[0].last_recovery_check_in, Some(clock.now()));
    assert_eq!(inputs.revisits.len(), 3, "the lesson's three revisits");
    assert!(inputs.revisits.iter().all(|r| r.lesson_id == lesson.id));
    assert_eq!(inputs.goals, [GoalFacts { id: goal.id, since: clock.now() }]);

    // A week on, the revisit is announced at 09:00 Berlin time and the goal is due.
    database.reminders().due_now(clock.now()).unwrap();
    let due = database.reminders().due_now(at("2026-03-21T08:30:00Z")).unwrap();
    let kinds: Vec<_> = due.iter().map(|r| (r.kind, r.subject_id, r.due_at.to_string())).collect();
    assert_eq!(
        kinds,
        [
            (ReminderKind::LessonRevisit, Some(lesson.id), "2026-03-21T08:00:00Z".to_owned()),
            (ReminderKind::GoalCheckIn, Some(goal.id), "2026-03-21T08:30:00Z".to_owned()),
        ],
        "the revisit at 09:00 local, then the goal a week after it was set"
    );
    let missed: Vec<_> = database.reminders().missed().unwrap().into_iter().map(|r| (r.kind, r.subject_id)).collect();
    assert_eq!(
        missed,
        [(ReminderKind::WeeklyReview, None), (ReminderKind::ReadyToReflect, Some(setback_id))],
        "the cool-down ended and the review came six days ago, while nothing looked: missed"
    );
    let details = database.reminders().details(&due[0]).unwrap();
    assert_eq!(details.as_deref(), Some("Leave earlier"), "details name the subject");
}

// ---------------------------------------------------------------------------------------------
// Notification text

#[test]
fn discreet_notifications_never_show_any_part_of_the_title() {
    // Titles as people write them (whose parts are not common English, so that a match
    // would be a leak, not a coincidence).
    let titles = ["Kowalczyk merger fiasco", "Żółć: flunked Ørsted viva", "Q3 audit — Hargreaves fiasco"];
    let kinds = [
        ReminderKind::DailyPrompt,
        ReminderKind::ReadyToReflect,
        ReminderKind::LessonRevisit,
        ReminderKind::GoalCheckIn,
        ReminderKind::WeeklyReview,
        ReminderKind::RecoveryCheckIn,
    ];
    let mut random = Random::new(4);
    for kind in kinds {
        let reminder = Reminder {
            kind,
            subject_id: Some(1),
            occurs_at: at("2026-03-14T08:00:00Z"),
            due_at: at("2026-03-14T08:00:00Z"),
            key: String::new(),
        };
        for title in titles {
            let (heading, body) = notification_text(&reminder, Some(title), true);
            let shown = format!("{heading}\n{body}").to_lowercase();
            let chars: Vec<char> = title.to_lowercase().chars().collect();
            for window in chars.windows(4) {
                let part: String = window.iter().collect();
                assert!(!shown.contains(&part), "discreet {kind:?} text {shown:?} shows {part:?} of {title:?}");
            }
            let (_, detailed) = notification_text(&reminder, Some(title), false);
            if matches!(kind, ReminderKind::DailyPrompt | ReminderKind::WeeklyReview) {
                assert!(!detailed.contains(title), "the prompts are about no record");
            } else {
                assert!(detailed.contains(title), "with details on, the {kind:?} names its subject: {detailed}");
            }
        }
        // Whatever the details, the discreet text is the same: they are never read.
        let discreet = notification_text(&reminder, None, true);
        for _ in 0..200 {
            let length = random.below(60) as usize;
            let details: String =
                (0..length).map(|_| char::from_u32(random.below(0x250) as u32 + 0x20).unwrap_or('x')).collect();
            assert_eq!(notification_text(&reminder, Some(&details), true), discreet, "{kind:?} with {details:?}");
        }
    }
    let reminder = Reminder {
        kind: ReminderKind::ReadyToReflect,
        subject_id: Some(1),
        occurs_at: Timestamp::UNIX_EPOCH,
        due_at: Timestamp::UNIX_EPOCH,
        key: String::new(),
    };
    assert_eq!(
        notification_text(&reminder, Some("Lost\nthe <b>pitch</b>"), false).1,
        "“Lost the <b>pitch</b>”: its cool-down has ended. Reflect when you feel ready.",
        "plain text on one line: markup is left as typed, never interpreted"
    );
    assert_eq!(notification_text(&reminder, None, false), notification_text(&reminder, Some("x"), true));
}

#[test]
fn next_due_is_the_earliest_reminder_to_show() {
    let mut schedule = daily(&["20:00"]);
    schedule.settings.quiet_hours = Some(QuietHours { start: "19:00".into(), end: "21:00".into() });
    let berlin = tz("Europe/Berlin");
    assert_eq!(
        next_due(&schedule, at("2026-03-14T08:00:00Z"), &berlin),
        Some(at("2026-03-14T20:00:00Z")),
        "21:00 local"
    );
    assert_eq!(
        next_due(&schedule, at("2026-03-14T20:00:00Z"), &berlin),
        Some(at("2026-03-15T20:00:00Z")),
        "strictly after"
    );
    schedule.paused_until = Some(at("2026-03-16T00:00:00Z"));
    assert_eq!(
        next_due(&schedule, at("2026-03-14T08:00:00Z"), &berlin),
        Some(at("2026-03-16T20:00:00Z")),
        "not while paused"
    );
    let mut far = inputs(ReminderSettings { revisit_time: Some("09:00".into()), ..nothing() });
    far.revisits = vec![RevisitFacts { lesson_id: 1, due_on: "2028-02-29".parse().unwrap() }];
    assert_eq!(
        next_due(&far, at("2026-03-14T08:00:00Z"), &TimeZone::UTC),
        Some(at("2028-02-29T09:00:00Z")),
        "years ahead"
    );
    assert_eq!(next_due(&inputs(nothing()), at("2026-03-14T08:00:00Z"), &TimeZone::UTC), None);
}

// ---------------------------------------------------------------------------------------------
// The property test

/// SplitMix64: a small seeded generator, so that every failure names a seed that repeats it.
struct Random(u64);

impl Random {
    fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn time(&mut self) -> String {
        // Early-morning hours often, to land in daylight-saving gaps and folds.
        let hour = if self.chance(30) { self.below(4) } else { self.below(24) };
        let any = self.below(60);
        let minute = *self.pick(&[0, 0, 15, 30, 45, any]);
        format!("{hour:02}:{minute:02}")
    }
}

/// A clock the walk moves by hand.
struct WalkClock {
    now: Mutex<Timestamp>,
    time_zone: TimeZone,
}

impl Clock for WalkClock {
    fn now(&self) -> Timestamp {
        *self.now.lock().unwrap()
    }

    fn time_zone(&self) -> TimeZone {
        self.time_zone.clone()
    }
}

const ZONES: [&str; 5] = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"];
/// Starting points a few days before daylight-saving changes (Berlin, New York, Lord Howe,
/// both ways) and 29 February 2028.
const STARTS: [&str; 8] = [
    "2026-03-26T10:00:00Z",
    "2026-10-22T10:00:00Z",
    "2026-03-06T10:00:00Z",
    "2026-10-30T10:00:00Z",
    "2026-04-02T10:00:00Z",
    "2026-10-01T10:00:00Z",
    "2028-02-26T10:00:00Z",
    "2027-03-25T10:00:00Z",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Model {
    Unseen,
    Pending,
    Delivered,
    Missed,
}

#[test]
fn generated_schedules_deliver_every_reminder_once_never_early_and_catch_up_by_the_rules() {
    // SQLite files on tmpfs where there is one: the walk commits a transaction per step.
    let shm = std::path::Path::new("/dev/shm");
    let mut total_fired = 0;
    let mut total_missed = 0;
    for seed in 0..1_000u64 {
        let mut random = Random::new(seed);
        let zone = *random.pick(&ZONES);
        let start = {
            let anchor: &&str = random.pick(&STARTS);
            at(anchor).checked_add(SignedDuration::from_mins(random.below(3 * 24 * 60) as i64)).unwrap()
        };
        let clock = Arc::new(WalkClock { now: Mutex::new(start), time_zone: tz(zone) });
        let dir = if shm.is_dir() { tempfile::tempdir_in(shm) } else { tempfile::tempdir() }.unwrap();
        let mut database = Database::open_in_dir(&dir.path().join("data"), clock.clone()).unwrap();
        let failure = |what: &str| format!("seed {seed} ({zone}, from {start}): {what}");

        let settings = ReminderSettings {
            enabled: random.chance(95),
            daily_prompt_times: (0..random.below(4)).map(|_| random.time()).collect(),
            daily_prompt_weekdays: Weekday::ALL.iter().copied().filter(|_| random.chance(70)).collect(),
            weekly_review: random
                .chance(60)
                .then(|| WeeklyReview { day: *random.pick(&Weekday::ALL), time: random.time() }),
            ready_to_reflect: random.chance(80),
            revisit_time: random.chance(70).then(|| random.time()),
            goal_check_in_every_days: *random.pick(&[0, 1, 2, 7]),
            recovery_check_in_every_days: *random.pick(&[0, 1, 2, 3]),
            quiet_hours: random.chance(60).then(|| {
                let start = random.time();
                let mut end = random.time();
                while end == start {
                    end = random.time();
                }
                QuietHours { start, end }
            }),
            discreet: true,
        };
        database.settings().set_reminders(&settings).unwrap();
        let local = |at: Timestamp| at.to_zoned(tz(zone)).strftime("%Y-%m-%dT%H:%M").to_string();
        for index in 0..random.below(4) {
            let happened = start.checked_sub(SignedDuration::from_mins(random.below(3 * 24 * 60) as i64)).unwrap();
            let draft = SetbackDraft {
                cool_down_hours: Some(*random.pick(&[0, 1, 6, 24, 48])),
                ..setback(&format!("Setback {index}"), &local(happened))
            };
            let id = database.setbacks().create(&draft).unwrap().id;
            if random.chance(30) {
                database.check_ins().log_recovery(id, random.below(11) as u8).unwrap();
            }
        }
        for _ in 0..random.below(3) {
            let lesson =
                database.lessons().create(&LessonDraft { text: "A lesson".into(), ..Default::default() }).unwrap();
            let on = start.checked_add(SignedDuration::from_hours(random.below(6 * 24) as i64)).unwrap();
            database.lessons().add_revisit(lesson.id, &local(on)[..10]).unwrap();
        }
        for _ in 0..random.below(3) {
            let goal = database.goals().create(&GoalDraft {
                kind: GoalKind::Learning,
                title: "A goal".into(),
                ..Default::default()
            });
            if random.chance(50) {
                database.goals().check_in(goal.unwrap().id, 10, "").unwrap();
            }
        }
        if random.chance(20) {
            database.reminders().pause(*random.pick(&[PauseLength::Hour, PauseLength::UntilTomorrow])).unwrap();
        }
        let inputs = database.reminders().inputs().unwrap();

        // The walk: small steps, hours, suspends of days, and the clock set back.
        assert!(
            database.reminders().catch_up(start).unwrap() == Default::default(),
            "{}",
            failure("the first look starts the clock")
        );
        let mut calls = vec![start];
        let mut now = start;
        let mut fired: HashMap<String, Timestamp> = HashMap::new();
        let mut offers: Vec<(Timestamp, Vec<Reminder>, bool)> = Vec::new();
        for _ in 0..random.below(40) + 10 {
            let minutes: i64 = match random.below(100) {
                0..=54 => random.below(90) as i64 + 1,
                55..=79 => random.below(10 * 60) as i64 + 60,
                80..=87 => random.below(4 * 24 * 60) as i64 + 24 * 60,
                88..=89 => 0,
                _ => -(random.below(6 * 60) as i64 + 1),
            };
            now = now.checked_add(SignedDuration::from_mins(minutes)).unwrap();
            *clock.now.lock().unwrap() = now;
            let restart = random.chance(15);
            let offered = if restart {
                database.reminders().catch_up(now).unwrap().fire
            } else {
                database.reminders().due_now(now).unwrap()
            };
            let claim = random.chance(92);
            for reminder in &offered {
                assert!(reminder.due_at <= now, "{}", failure(&format!("{} offered early at {now}", reminder.key)));
                assert!(
                    now.duration_since(reminder.due_at) < LATE_AFTER,
                    "{}",
                    failure(&format!("{} offered 12 h late", reminder.key))
                );
                if claim {
                    assert!(database.reminders().mark_delivered(&reminder.key, now).unwrap(), "{}", failure("a claim"));
                    let first = fired.insert(reminder.key.clone(), now);
                    assert!(first.is_none(), "{}", failure(&format!("{} delivered twice", reminder.key)));
                }
            }
            if restart && claim {
                let again = database.reminders().catch_up(now).unwrap();
                assert_eq!(again, Default::default(), "{}", failure("a second start right after finds nothing new"));
            }
            calls.push(now);
            offers.push((now, offered, claim));
        }

        // Every reminder the schedule holds for the walked time, and what the rules say became of it.
        let low = *calls.iter().min().unwrap();
        let high = *calls.iter().max().unwrap();
        let all = due_between(&inputs, low, high, &tz(zone));
        check_schedule(&inputs, &all, low, high, &tz(zone), &failure);
        let mut state: HashMap<&str, Model> = all.iter().map(|r| (r.key.as_str(), Model::Unseen)).collect();
        let missed_now = |r: &Reminder, now: Timestamp| {
            inputs.paused_until.is_some_and(|until| r.due_at < until) || now.duration_since(r.due_at) >= LATE_AFTER
        };
        for (index, (now, offered, claim)) in offers.iter().enumerate() {
            let previous = calls[index];
            let mut expected = HashSet::new();
            for reminder in &all {
                let entry = state.get_mut(reminder.key.as_str()).unwrap();
                if *now < previous && reminder.due_at > *now && matches!(*entry, Model::Pending | Model::Missed) {
                    *entry = Model::Unseen;
                }
                let covered = previous < reminder.due_at && reminder.due_at <= *now;
                let offer = match *entry {
                    Model::Pending if reminder.due_at <= *now => true,
                    Model::Unseen if covered => true,
                    _ => false,
                };
                if offer {
                    if missed_now(reminder, *now) {
                        *entry = Model::Missed;
                    } else {
                        expected.insert(reminder.key.as_str());
                        *entry = if *claim { Model::Delivered } else { Model::Pending };
                    }
                }
            }
            let actual: HashSet<&str> = offered.iter().map(|r| r.key.as_str()).collect();
            assert_eq!(actual, expected, "{}", failure(&format!("what was offered at {now} (call {index})")));
        }
        let expected_missed: HashSet<&str> =
            state.iter().filter(|(_, s)| **s == Model::Missed).map(|(key, _)| *key).collect();
        let missed = database.reminders().missed().unwrap();
        let actual_missed: HashSet<&str> = missed.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(actual_missed, expected_missed, "{}", failure("the missed list"));
        for (key, s) in &state {
            assert_eq!(
                fired.contains_key(*key),
                *s == Model::Delivered,
                "{}",
                failure(&format!("{key} delivered once"))
            );
        }
        total_fired += fired.len();
        total_missed += missed.len();
    }
    assert!(
        total_fired > 2_000 && total_missed > 500,
        "the generated walks exercise both paths: {total_fired} fired, {total_missed} missed"
    );
}

/// Rules of the schedule checked against jiff directly, not against the code under test.
fn check_schedule(
    inputs: &ScheduleInputs,
    all: &[Reminder],
    low: Timestamp,
    high: Timestamp,
    tz: &TimeZone,
    failure: &dyn Fn(&str) -> String,
) {
    let settings = &inputs.settings;
    let keys: HashSet<&str> = all.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys.len(), all.len(), "{}", failure("each reminder once"));
    let quiet =
        settings.quiet_hours.as_ref().map(|q| (q.start.parse::<Time>().unwrap(), q.end.parse::<Time>().unwrap()));
    let in_quiet = |at: Timestamp| {
        quiet.is_some_and(|(start, end)| {
            let time = at.to_zoned(tz.clone()).time();
            if start < end {
                start <= time && time < end
            } else {
                time >= start || time < end
            }
        })
    };
    for reminder in all {
        assert!(low < reminder.due_at && reminder.due_at <= high, "{}", failure("in the window"));
        let deferral = reminder.due_at.duration_since(reminder.occurs_at);
        assert!(
            deferral >= SignedDuration::ZERO && deferral < SignedDuration::from_hours(26),
            "{}",
            failure(&format!("{} deferred {deferral:?}", reminder.key))
        );
        assert_eq!(
            deferral.is_zero(),
            !in_quiet(reminder.occurs_at),
            "{}",
            failure(&format!("{} deferred only out of quiet hours", reminder.key))
        );
        assert!(!in_quiet(reminder.due_at), "{}", failure(&format!("{} due in quiet hours", reminder.key)));
    }
    // Every configured daily slot on every whole local day of the walk, at the right instant.
    if !settings.enabled {
        assert!(all.is_empty(), "{}", failure("nothing while off"));
        return;
    }
    let mut day = low.to_zoned(tz.clone()).date().tomorrow().unwrap().tomorrow().unwrap();
    let last = high.to_zoned(tz.clone()).date().yesterday().unwrap().yesterday().unwrap();
    while day <= last {
        if settings.daily_prompt_weekdays.iter().any(|d| d.to_jiff() == day.weekday()) {
            for time in &settings.daily_prompt_times {
                let time: Time = time.parse().unwrap();
                let slot = tz.to_ambiguous_timestamp(day.to_datetime(time));
                let expected = match slot.offset() {
                    // A skipped time: the first instant whose local time is past it.
                    jiff::tz::AmbiguousOffset::Gap { .. } => {
                        let found = all.iter().find(|r| {
                            r.kind == ReminderKind::DailyPrompt && {
                                let local = r.occurs_at.to_zoned(tz.clone());
                                let before =
                                    r.occurs_at.checked_sub(SignedDuration::from_secs(1)).unwrap().to_zoned(tz.clone());
                                local.date() == day && local.time() > time && before.time() < time
                            }
                        });
                        assert!(found.is_some(), "{}", failure(&format!("the skipped {time} on {day}")));
                        continue;
                    }
                    _ => slot.earlier().unwrap(),
                };
                assert!(
                    all.iter().any(|r| r.kind == ReminderKind::DailyPrompt && r.occurs_at == expected),
                    "{}",
                    failure(&format!("the daily prompt at {time} on {day} ({expected})"))
                );
            }
        }
        day = day.tomorrow().unwrap();
    }
    let prompts = all.iter().filter(|r| r.kind == ReminderKind::DailyPrompt);
    for prompt in prompts {
        let local = prompt.occurs_at.to_zoned(tz.clone());
        assert!(
            settings.daily_prompt_weekdays.iter().any(|d| d.to_jiff() == local.date().weekday()),
            "{}",
            failure("on a chosen day")
        );
    }
}

#[test]
fn claiming_words_reminders_discreetly_collapses_several_and_never_repeats() {
    let (_dir, mut database, clock) = open_at("2026-05-04T09:00:00Z", "Europe/Berlin");
    database.settings().set_reminders(&ReminderSettings { ready_to_reflect: true, ..nothing() }).unwrap();
    database.settings().set_cool_down_hours(1).unwrap();
    let first_look = database.reminders().claim_catch_up(clock.now()).unwrap();
    assert!(first_look.is_empty(), "the very first look only starts the clock");
    // 11:00 and 11:05 Berlin time are 09:00 and 09:05 UTC.
    database.setbacks().create(&setback("Secret merger leak", "2026-05-04T11:00")).unwrap();
    clock.set(at("2026-05-04T10:30:00Z"));
    let one = database.reminders().claim_due(clock.now()).unwrap();
    assert_eq!(one.len(), 1, "one cool-down ended: one notification");
    assert_eq!(one[0].title, "Ready to reflect");
    assert!(!format!("{} {}", one[0].title, one[0].body).contains("merger"), "discreet: no title in the text");

    database.setbacks().create(&setback("Second", "2026-05-04T11:40")).unwrap();
    database.setbacks().create(&setback("Third", "2026-05-04T11:45")).unwrap();
    clock.set(at("2026-05-04T12:00:00Z"));
    let summary = database.reminders().claim_due(clock.now()).unwrap();
    assert_eq!(summary.len(), 1, "two reminders due together are shown as one summary: {summary:?}");
    assert!(database.reminders().claim_due(clock.now()).unwrap().is_empty(), "claimed reminders are never shown twice");
}
