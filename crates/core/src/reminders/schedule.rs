//! The schedule: which reminders fall due between two instants. Pure functions of
//! [`ScheduleInputs`] and a time zone, so that every rule is testable without SQLite or a
//! clock. The rules are written out in `docs/reminders.md`.

use jiff::civil::{Date, Time};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{SignedDuration, Timestamp};

use super::{Reminder, ReminderKind, ScheduleInputs};
use crate::setbacks;
use crate::settings::parse_time;

/// A reminder shown this late or later is not shown at all but recorded as missed: a nudge
/// half a day late is about a moment that has passed.
pub const LATE_AFTER: SignedDuration = SignedDuration::from_hours(12);
/// Recovery check-ins are asked for up to this many days after the setback, and no longer:
/// a question every few days that never stops becomes noise, and after a season the open
/// setback is still in the trends and the setback list.
pub const RECOVERY_REMINDERS_FOR_DAYS: i64 = 90;
/// A recovery check-in of this much (out of 10) or more counts as having bounced back, as in
/// the recovery metrics (`docs/metrics.md`): no more recovery reminders for that setback.
pub const BOUNCED_BACK_SCORE: u8 = 8;

/// Quiet hours defer a reminder by less than a day, and daylight saving moves a local time by
/// at most a few hours: occurrences this long before a window can still fall due inside it.
const MAX_DEFERRAL: SignedDuration = SignedDuration::from_hours(27);
/// How far ahead [`next_due`] looks before saying there is nothing to wait for.
const NEXT_DUE_HORIZON_DAYS: i64 = 3 * 366;

/// The reminders due in `(from, to]` (due: when they are to be shown, after quiet hours),
/// earliest first, each once. Reminders due while paused are included: whoever delivers them
/// decides, with [`is_paused`], that they are missed rather than shown.
pub fn due_between(inputs: &ScheduleInputs, from: Timestamp, to: Timestamp, tz: &TimeZone) -> Vec<Reminder> {
    let settings = &inputs.settings;
    if !settings.enabled || to <= from {
        return Vec::new();
    }
    let quiet = settings.quiet_hours.as_ref().and_then(|quiet| {
        Some((parse_time("", &quiet.start).ok()?, parse_time("", &quiet.end).ok()?)).filter(|(s, e)| s != e)
    });
    let earliest = from.saturating_sub(MAX_DEFERRAL).unwrap_or(from);
    let mut due = Vec::new();
    let mut add = |kind: ReminderKind, subject_id: Option<i64>, occurs_at: Timestamp| {
        if occurs_at <= earliest || occurs_at > to {
            return;
        }
        let due_at = defer_past_quiet_hours(occurs_at, quiet, tz);
        if from < due_at && due_at <= to {
            due.push(Reminder::new(kind, subject_id, occurs_at, due_at));
        }
    };

    // Local times of day, on the local dates the window covers (a day either side, for the
    // deferral and for zones far from UTC).
    let first_date = earliest.to_zoned(tz.clone()).date().yesterday().unwrap_or(Date::MIN);
    let last_date = to.to_zoned(tz.clone()).date().tomorrow().unwrap_or(Date::MAX);
    let daily_times: Vec<Time> =
        settings.daily_prompt_times.iter().filter_map(|time| parse_time("", time).ok()).collect();
    let weekly = settings
        .weekly_review
        .as_ref()
        .and_then(|review| Some((review.day.to_jiff(), parse_time("", &review.time).ok()?)));
    let mut date = first_date;
    while date <= last_date {
        if settings.daily_prompt_weekdays.iter().any(|day| day.to_jiff() == date.weekday()) {
            for &time in &daily_times {
                add(ReminderKind::DailyPrompt, None, local_instant(date, time, tz));
            }
        }
        if let Some((day, time)) = weekly {
            if date.weekday() == day {
                add(ReminderKind::WeeklyReview, None, local_instant(date, time, tz));
            }
        }
        match date.tomorrow() {
            Ok(next) => date = next,
            Err(_) => break,
        }
    }

    if let Some(time) = settings.revisit_time.as_deref().and_then(|time| parse_time("", time).ok()) {
        for revisit in &inputs.revisits {
            if (first_date..=last_date).contains(&revisit.due_on) {
                add(ReminderKind::LessonRevisit, Some(revisit.lesson_id), local_instant(revisit.due_on, time, tz));
            }
        }
    }

    for setback in &inputs.setbacks {
        let facts = &setback.facts;
        if facts.recovered {
            continue;
        }
        if settings.ready_to_reflect && facts.lessons == 0 && facts.completed_reflections == 0 {
            add(
                ReminderKind::ReadyToReflect,
                Some(setback.id),
                setbacks::ready_at(facts.happened_at, facts.cool_down_hours),
            );
        }
        let every = settings.recovery_check_in_every_days;
        if every > 0 && !setback.bounced_back {
            let since = setback.last_recovery_check_in.map_or(facts.happened_at, |last| last.max(facts.happened_at));
            let until = add_days(facts.happened_at, RECOVERY_REMINDERS_FOR_DAYS);
            for occurs_at in every_days(since, every, earliest, to.min(until)) {
                add(ReminderKind::RecoveryCheckIn, Some(setback.id), occurs_at);
            }
        }
    }

    let every = settings.goal_check_in_every_days;
    if every > 0 {
        for goal in &inputs.goals {
            for occurs_at in every_days(goal.since, every, earliest, to) {
                add(ReminderKind::GoalCheckIn, Some(goal.id), occurs_at);
            }
        }
    }

    due.sort_by(|a, b| a.due_at.cmp(&b.due_at).then_with(|| a.key.cmp(&b.key)));
    due.dedup_by(|a, b| a.key == b.key);
    due
}

/// When the next reminder after `after` is to be shown (paused ones left out, since they
/// will not be), or `None` if there is none in the next three years. The shell sleeps until
/// then, but wakes at least every minute anyway (see `docs/reminders.md`).
pub fn next_due(inputs: &ScheduleInputs, after: Timestamp, tz: &TimeZone) -> Option<Timestamp> {
    let mut from = after;
    let mut span_days = 1;
    let horizon = add_days(after, NEXT_DUE_HORIZON_DAYS);
    while from < horizon {
        let to = add_days(from, span_days).min(horizon);
        let next = due_between(inputs, from, to, tz)
            .into_iter()
            .filter(|reminder| !is_paused(inputs, reminder))
            .map(|reminder| reminder.due_at)
            .min();
        if next.is_some() {
            return next;
        }
        from = to;
        span_days = (span_days * 4).min(366);
    }
    None
}

/// Whether `reminder` falls due while reminders are paused, and so is not shown.
pub fn is_paused(inputs: &ScheduleInputs, reminder: &Reminder) -> bool {
    inputs.paused_until.is_some_and(|until| reminder.due_at < until)
}

/// How long to pause reminders for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum PauseLength {
    /// An hour from now.
    Hour,
    /// Until the start of tomorrow (local midnight): "nothing more today". Quiet hours, if
    /// any, then keep the night quiet as usual.
    UntilTomorrow,
}

/// When a pause of `length` started at `now` ends.
pub fn pause_end(length: PauseLength, now: Timestamp, tz: &TimeZone) -> Timestamp {
    match length {
        PauseLength::Hour => now.saturating_add(SignedDuration::from_hours(1)).unwrap_or(now),
        PauseLength::UntilTomorrow => {
            let tomorrow = now.to_zoned(tz.clone()).date().tomorrow().unwrap_or(Date::MAX);
            local_instant(tomorrow, Time::midnight(), tz)
        }
    }
}

/// The instant of local `date` and `time` in `tz`. A time that does not exist that day (the
/// clocks jumped over it) is taken as the first instant after the jump; a time that happens
/// twice (the clocks went back) as the first of the two.
pub fn local_instant(date: Date, time: Time, tz: &TimeZone) -> Timestamp {
    let local = date.to_datetime(time);
    let fallback = || local.to_zoned(TimeZone::UTC).map(|zoned| zoned.timestamp()).unwrap_or(Timestamp::MIN);
    match tz.to_ambiguous_timestamp(local).offset() {
        AmbiguousOffset::Unambiguous { offset } => offset.to_timestamp(local).unwrap_or_else(|_| fallback()),
        // The offset before the clocks went back is the larger one: the earlier instant.
        AmbiguousOffset::Fold { before, .. } => before.to_timestamp(local).unwrap_or_else(|_| fallback()),
        // Read with the offset after the jump, the local time names an instant before the
        // jump; the jump (the first valid instant) is the next transition from there.
        AmbiguousOffset::Gap { before, after } => after
            .to_timestamp(local)
            .ok()
            .and_then(|early| tz.following(early).next())
            .map(|transition| transition.timestamp())
            .unwrap_or_else(|| before.to_timestamp(local).unwrap_or_else(|_| fallback())),
    }
}

/// `occurs_at`, or the end of the quiet hours it falls in. Quiet hours are local times of
/// day, `start` included and `end` excluded, wrapping midnight when `start` > `end`.
pub(crate) fn defer_past_quiet_hours(occurs_at: Timestamp, quiet: Option<(Time, Time)>, tz: &TimeZone) -> Timestamp {
    let Some((start, end)) = quiet else {
        return occurs_at;
    };
    let local = occurs_at.to_zoned(tz.clone());
    let (date, time) = (local.date(), local.time());
    let end_date = if start < end {
        if time < start || time >= end {
            return occurs_at;
        }
        date
    } else if time >= start {
        date.tomorrow().unwrap_or(date)
    } else if time < end {
        date
    } else {
        return occurs_at;
    };
    let end_at = local_instant(end_date, end, tz);
    if end_at > occurs_at {
        return end_at;
    }
    // Only when the end time happens twice that night and `occurs_at` lies between the two:
    // the quiet hours end at the second.
    tz.to_ambiguous_timestamp(end_date.to_datetime(end))
        .later()
        .ok()
        .filter(|later| *later > occurs_at)
        .unwrap_or(occurs_at)
}

/// The instants `since` + k × `every` days (of elapsed time), k ≥ 1, in `(after, until]`.
fn every_days(since: Timestamp, every: u32, after: Timestamp, until: Timestamp) -> impl Iterator<Item = Timestamp> {
    let step_hours = i64::from(every) * 24;
    let first_k = if after <= since { 1 } else { (after.duration_since(since).as_hours() / step_hours).max(1) };
    (first_k..)
        .map(move |k| since.saturating_add(SignedDuration::from_hours(step_hours * k)).unwrap_or(Timestamp::MAX))
        .skip_while(move |at| *at <= after)
        .take_while(move |at| *at <= until)
}

fn add_days(at: Timestamp, days: i64) -> Timestamp {
    at.saturating_add(SignedDuration::from_hours(days * 24)).unwrap_or(Timestamp::MAX)
}
