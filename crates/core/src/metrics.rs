//! The growth metrics, as pure functions over plain inputs: no SQL, no clock.
//!
//! Every definition here is written out for people in `docs/metrics.md`, and the two must
//! say the same thing. Keeping the arithmetic apart from storage means each rule can be
//! tested on a fixture small enough to compute by hand, and the `trends` module only has
//! to load the inputs and arrange the results.
//!
//! Days are *local calendar days*, each record's date in its own time zone: a check-in at
//! 23:30 in Tokyo counts for that Tokyo day, even if the setback it follows was written in
//! Lisbon. Internally a day is a day number ([`day_number`]) so that windows and runs are
//! integer arithmetic.

use std::collections::HashMap;

use jiff::civil::Date;
use jiff::ToSpan;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::lessons::RevisitAnswer;

/// Days before a setback whose mood makes up its baseline.
pub const BASELINE_DAYS: i32 = 14;
/// Fewest days with a check-in, among the [`BASELINE_DAYS`], for a baseline to exist. Three
/// is the least that is not one odd day, and few enough that someone who checks in every
/// few days still gets one.
pub const BASELINE_MIN_DAYS: usize = 3;
/// Days in a row the daily mood must be back at or above the baseline to count as recovered.
pub const MOOD_RECOVERY_RUN: i32 = 3;
/// A recovery check-in at or above this (out of 10) counts as recovered.
pub const RECOVERED_AT: u8 = 8;
/// Days after recovery over which bounce-forward is measured.
pub const BOUNCE_FORWARD_DAYS: i32 = 14;
/// Days after a setback its bounce-back curve covers (offsets 0 to this, inclusive).
pub const BOUNCE_CURVE_DAYS: i32 = 28;
/// A setback is a repeat when another in the same area happened at most this many days before.
pub const REPEAT_WITHIN_DAYS: i32 = 90;
/// Fewest recovered setbacks in each half-year for the trend headline to compare them.
pub const TREND_MIN_RECOVERED: usize = 3;
/// The length of each of the two periods the headline compares.
pub const TREND_HALF_MONTHS: i32 = 6;

/// The number of days from 1970-01-01 to `date` (negative before), in the proleptic
/// Gregorian calendar (H. Hinnant's `days_from_civil`).
pub fn day_number(date: Date) -> i32 {
    let (year, month, day) = (i32::from(date.year()), i32::from(date.month()), i32::from(date.day()));
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of day number `number` (the inverse of [`day_number`]).
///
/// # Panics
/// Outside the years 1 to 9999, which no record can hold.
pub fn date_of(number: i32) -> Date {
    let shifted = number + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i32::from(month <= 2);
    jiff::civil::date(year as i16, month as i8, day as i8)
}

/// One daily check-in, as far as the metrics care.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MoodReading {
    /// Its local date in its own time zone.
    pub day: Date,
    /// 1 to 10.
    pub mood: u8,
    /// 1 to 10; `None` for an imported check-in without one, which confidence means skip.
    pub confidence: Option<u8>,
}

/// The daily mood and confidence: for each day with at least one check-in, the mean of that
/// day's check-ins. Days without one are simply absent: nothing is interpolated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DailyMoods {
    /// Day numbers, ascending, each once.
    days: Vec<i32>,
    mood: Vec<f64>,
    /// The mean of the day's check-ins that have a confidence; `None` when none has.
    confidence: Vec<Option<f64>>,
    count: Vec<u32>,
}

impl DailyMoods {
    /// Groups `readings` (in any order) by day.
    pub fn from_readings(readings: &[MoodReading]) -> Self {
        let mut sorted: Vec<(i32, u8, Option<u8>)> =
            readings.iter().map(|reading| (day_number(reading.day), reading.mood, reading.confidence)).collect();
        sorted.sort_unstable_by_key(|&(day, _, _)| day);
        let mut moods = DailyMoods::default();
        let mut index = 0;
        while index < sorted.len() {
            let day = sorted[index].0;
            let (mut mood_sum, mut confidence_sum, mut confidence_count, mut end) = (0u32, 0u32, 0u32, index);
            while end < sorted.len() && sorted[end].0 == day {
                mood_sum += u32::from(sorted[end].1);
                if let Some(confidence) = sorted[end].2 {
                    confidence_sum += u32::from(confidence);
                    confidence_count += 1;
                }
                end += 1;
            }
            let count = (end - index) as u32;
            moods.days.push(day);
            moods.mood.push(f64::from(mood_sum) / f64::from(count));
            moods
                .confidence
                .push((confidence_count > 0).then(|| f64::from(confidence_sum) / f64::from(confidence_count)));
            moods.count.push(count);
            index = end;
        }
        moods
    }

    /// True when there is no check-in at all.
    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    /// The first day with a check-in.
    pub fn first_day(&self) -> Option<Date> {
        self.days.first().map(|&day| date_of(day))
    }

    /// The mean mood of day `day`, if it has a check-in.
    pub fn mood_on(&self, day: Date) -> Option<f64> {
        self.mood_at(day_number(day))
    }

    /// The mean confidence of day `day`, if it has a check-in with one.
    pub fn confidence_on(&self, day: Date) -> Option<f64> {
        self.index_of(day_number(day)).and_then(|index| self.confidence[index])
    }

    /// How many check-ins day `day` has.
    pub fn count_on(&self, day: Date) -> u32 {
        self.index_of(day_number(day)).map_or(0, |index| self.count[index])
    }

    fn index_of(&self, day: i32) -> Option<usize> {
        self.days.binary_search(&day).ok()
    }

    fn mood_at(&self, day: i32) -> Option<f64> {
        self.index_of(day).map(|index| self.mood[index])
    }

    /// The indexes of the days from `from` to `to` (day numbers, inclusive).
    fn between(&self, from: i32, to: i32) -> std::ops::Range<usize> {
        let start = self.days.partition_point(|&day| day < from);
        let end = self.days.partition_point(|&day| day <= to);
        start..end.max(start)
    }

    /// The mean daily mood over the days from `from` to `to` (inclusive) that have data, with
    /// how many days that is.
    fn mean_mood(&self, from: i32, to: i32) -> (Option<f64>, usize) {
        let range = self.between(from, to);
        let days = range.len();
        (mean(&self.mood[range]), days)
    }

    /// Calls `visit` with the mean mood, mean confidence and count of every day from `from`
    /// to `to` in order (`None` where a day has no check-in, and a `None` confidence where
    /// none of the day's check-ins has one), for charts.
    pub fn each_day(&self, from: Date, to: Date, mut visit: impl FnMut(Date, Option<(f64, Option<f64>, u32)>)) {
        let (from, to) = (day_number(from), day_number(to));
        let mut index = self.days.partition_point(|&day| day < from);
        for day in from..=to {
            let value = match self.days.get(index) {
                Some(&found) if found == day => {
                    index += 1;
                    Some((self.mood[index - 1], self.confidence[index - 1], self.count[index - 1]))
                }
                _ => None,
            };
            visit(date_of(day), value);
        }
    }

    /// The mean of the daily moods of the days from `from` to `to` that have data, and how
    /// many such days there are.
    pub fn average_between(&self, from: Date, to: Date) -> (Option<f64>, usize) {
        self.mean_mood(day_number(from), day_number(to))
    }
}

/// A recovery check-in, as far as the metrics care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecoveryReading {
    /// Its local date.
    pub day: Date,
    /// 0 to 10.
    pub recovered: u8,
}

/// What the metrics need to know about one setback.
#[derive(Debug, Clone, PartialEq)]
pub struct SetbackFacts {
    pub id: i64,
    /// The local date it happened, in its own time zone.
    pub day: Date,
    /// Unix milliseconds (UTC) of when it happened.
    pub happened_at: i64,
    pub impact: u8,
    pub area_id: i64,
    /// The local date the user marked it recovered.
    pub recovered_on: Option<Date>,
    /// Its recovery check-ins, in any order.
    pub recovery_check_ins: Vec<RecoveryReading>,
    /// Unix milliseconds (UTC) of its first completed reflection.
    pub first_reflection_completed_at: Option<i64>,
    /// The lessons linked to it.
    pub lesson_ids: Vec<i64>,
}

/// What the metrics need to know about one lesson.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonFacts {
    pub id: i64,
    /// Its status is *applied* or *validated*.
    pub applied: bool,
    /// The answers of its answered revisits.
    pub answers: Vec<RevisitAnswer>,
}

/// Which signal ended a recovery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecoverySignal {
    /// The user marked the setback recovered.
    MarkedRecovered,
    /// A recovery check-in of [`RECOVERED_AT`] or more.
    CheckIn,
    /// The daily mood was back at or above the baseline for [`MOOD_RECOVERY_RUN`] days in a row.
    MoodBackToBaseline,
}

/// When a setback was recovered from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Recovery {
    pub day: Date,
    /// Whole calendar days from the setback's day to `day` (0: the same day).
    pub days: f64,
    pub signal: RecoverySignal,
}

/// The baseline of a setback: the mean daily mood of the [`BASELINE_DAYS`] days before its day
/// (not counting the day itself, whose mood the setback may already have touched), if at
/// least [`BASELINE_MIN_DAYS`] of them have a check-in.
pub fn baseline(setback_day: Date, moods: &DailyMoods) -> Option<f64> {
    let day = day_number(setback_day);
    match moods.mean_mood(day - BASELINE_DAYS, day - 1) {
        (Some(mean), days) if days >= BASELINE_MIN_DAYS => Some(mean),
        _ => None,
    }
}

/// When setback `setback` was recovered from: the earliest day of
///
/// 1. the day the user marked it recovered (a date before the setback's day, possible only
///    if the setback was moved later, counts as its day);
/// 2. the first recovery check-in of [`RECOVERED_AT`] or more on or after its day;
/// 3. the first day after its day that starts [`MOOD_RECOVERY_RUN`] consecutive calendar days,
///    each with a check-in and a daily mood at or above the baseline (see [`baseline`]); a day
///    without a check-in breaks the run. Needs a baseline.
///
/// On a tie the earlier-listed signal is named. `None` while still recovering: an open
/// setback has no recovery time, rather than a recovery time of zero.
pub fn recovery(setback: &SetbackFacts, moods: &DailyMoods) -> Option<Recovery> {
    recovery_with_baseline(setback, moods, baseline(setback.day, moods))
}

fn recovery_with_baseline(setback: &SetbackFacts, moods: &DailyMoods, baseline: Option<f64>) -> Option<Recovery> {
    let start = day_number(setback.day);
    let mut best: Option<(i32, RecoverySignal)> =
        setback.recovered_on.map(|day| (day_number(day).max(start), RecoverySignal::MarkedRecovered));
    let consider = |best: &mut Option<(i32, RecoverySignal)>, day: i32, signal: RecoverySignal| {
        if best.is_none_or(|(best_day, _)| day < best_day) {
            *best = Some((day, signal));
        }
    };
    for reading in &setback.recovery_check_ins {
        let day = day_number(reading.day);
        if reading.recovered >= RECOVERED_AT && day >= start {
            consider(&mut best, day, RecoverySignal::CheckIn);
        }
    }
    if let Some(baseline) = baseline {
        let limit = best.map_or(i32::MAX, |(day, _)| day);
        if let Some(day) = first_mood_run(moods, start + 1, limit, baseline) {
            consider(&mut best, day, RecoverySignal::MoodBackToBaseline);
        }
    }
    best.map(|(day, signal)| Recovery { day: date_of(day), days: f64::from(day - start), signal })
}

/// The first day from `from` (and before `limit`) that starts a run of [`MOOD_RECOVERY_RUN`]
/// consecutive days with a mood at or above `baseline`.
fn first_mood_run(moods: &DailyMoods, from: i32, limit: i32, baseline: f64) -> Option<i32> {
    let start = moods.days.partition_point(|&day| day < from);
    let mut run_start = None;
    let mut run_length = 0;
    let mut previous = None;
    for index in start..moods.days.len() {
        let day = moods.days[index];
        if run_length == 0 && day >= limit {
            return None;
        }
        if moods.mood[index] >= baseline {
            if run_length > 0 && previous == Some(day - 1) {
                run_length += 1;
            } else {
                run_start = Some(day);
                run_length = 1;
            }
            if run_length >= MOOD_RECOVERY_RUN {
                return run_start;
            }
        } else {
            run_length = 0;
        }
        previous = Some(day);
    }
    None
}

/// Bounce-forward: the mean daily mood over the [`BOUNCE_FORWARD_DAYS`] days after the
/// recovery day (days with data only), minus the baseline. Positive means the user came out
/// of it feeling better than before. `None` without a baseline, a recovery, or any check-in
/// in those days. It does not wait for the fourteen days to pass: it uses the days so far.
pub fn bounce_forward(baseline: Option<f64>, recovery: Option<&Recovery>, moods: &DailyMoods) -> Option<f64> {
    let (baseline, recovery) = (baseline?, recovery?);
    let day = day_number(recovery.day);
    moods.mean_mood(day + 1, day + BOUNCE_FORWARD_DAYS).0.map(|mean| mean - baseline)
}

/// The bounce-back curve: for each offset 0 to [`BOUNCE_CURVE_DAYS`] days after the setback's
/// day, the daily mood minus the baseline (`None` on a day without a check-in).
pub fn bounce_curve(setback_day: Date, baseline: f64, moods: &DailyMoods) -> Vec<Option<f64>> {
    let start = day_number(setback_day);
    (0..=BOUNCE_CURVE_DAYS).map(|offset| moods.mood_at(start + offset).map(|mood| mood - baseline)).collect()
}

/// Hours from when the setback happened to its first completed reflection (elapsed time, so
/// daylight saving and time-zone changes do not bend it); never negative. `None` without one.
pub fn hours_to_reflection(setback: &SetbackFacts) -> Option<f64> {
    setback.first_reflection_completed_at.map(|completed| (completed - setback.happened_at).max(0) as f64 / 3_600_000.0)
}

/// Everything the metrics say about one setback.
#[derive(Debug, Clone, PartialEq)]
pub struct SetbackAnalysis {
    pub baseline: Option<f64>,
    pub recovery: Option<Recovery>,
    pub bounce_forward: Option<f64>,
    pub hours_to_reflection: Option<f64>,
}

/// Computes [`baseline`], [`recovery`], [`bounce_forward`] and [`hours_to_reflection`] at once.
pub fn analyse(setback: &SetbackFacts, moods: &DailyMoods) -> SetbackAnalysis {
    let baseline = baseline(setback.day, moods);
    let recovery = recovery_with_baseline(setback, moods, baseline);
    SetbackAnalysis {
        baseline,
        bounce_forward: bounce_forward(baseline, recovery.as_ref(), moods),
        recovery,
        hours_to_reflection: hours_to_reflection(setback),
    }
}

/// The share of `setbacks` with at least one completed reflection; `None` without setbacks.
pub fn reflection_rate<'a>(setbacks: impl IntoIterator<Item = &'a SetbackFacts>) -> Option<f64> {
    let (reflected, total) = setbacks.into_iter().fold((0usize, 0usize), |(reflected, total), setback| {
        (reflected + usize::from(setback.first_reflection_completed_at.is_some()), total + 1)
    });
    (total > 0).then(|| reflected as f64 / total as f64)
}

/// The mean number of lessons linked to each of `setbacks` (a lesson drawn from two setbacks
/// counts for each); `None` without setbacks.
pub fn lessons_per_setback<'a>(setbacks: impl IntoIterator<Item = &'a SetbackFacts>) -> Option<f64> {
    let (lessons, total) = setbacks
        .into_iter()
        .fold((0usize, 0usize), |(lessons, total), setback| (lessons + setback.lesson_ids.len(), total + 1));
    (total > 0).then(|| lessons as f64 / total as f64)
}

/// The lesson application rate: of the answered revisits of `lessons`, the share answered
/// *yes* or *partly*. Every answer counts in the denominator, *not yet* and *not relevant*
/// included: the rate says how often a lesson came back to mind and was used, out of every
/// time the user was asked and answered. `None` without an answered revisit.
pub fn lesson_application_rate<'a>(lessons: impl IntoIterator<Item = &'a LessonFacts>) -> Option<f64> {
    let (applied, answered) =
        lessons.into_iter().flat_map(|lesson| &lesson.answers).fold((0usize, 0usize), |(applied, answered), answer| {
            (applied + usize::from(matches!(answer, RevisitAnswer::Yes | RevisitAnswer::Partly)), answered + 1)
        });
    (answered > 0).then(|| applied as f64 / answered as f64)
}

/// For each of `setbacks` (in their order), whether it is a repeat: another setback in the same
/// area happened before it (earlier instant) at most [`REPEAT_WITHIN_DAYS`] calendar days
/// earlier by local date. Pass every setback, not only those in a range, so that a repeat of
/// one just before the range is seen.
pub fn repeats(setbacks: &[SetbackFacts]) -> Vec<bool> {
    let mut order: Vec<usize> = (0..setbacks.len()).collect();
    order.sort_by_key(|&index| (setbacks[index].area_id, setbacks[index].happened_at, setbacks[index].id));
    let mut repeat = vec![false; setbacks.len()];
    for pair in order.windows(2) {
        let (previous, current) = (&setbacks[pair[0]], &setbacks[pair[1]]);
        if previous.area_id == current.area_id
            && previous.happened_at < current.happened_at
            && day_number(current.day) - day_number(previous.day) <= REPEAT_WITHIN_DAYS
        {
            repeat[pair[1]] = true;
        }
    }
    repeat
}

/// The median of `values` (the mean of the middle two for an even count); `None` when empty.
pub fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    Some(if sorted.len() % 2 == 0 { (sorted[middle - 1] + sorted[middle]) / 2.0 } else { sorted[middle] })
}

/// The mean of `values`; `None` when empty.
pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// A recovered setback, for the trend.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecoveredSetback {
    /// The local date it happened.
    pub day: Date,
    /// Its recovery time in days.
    pub days: f64,
    pub impact: u8,
}

// The dashboard shows this result as it is, so the metric's result is also the DTO, and it
// lives here with the metric rather than in `trends`, which depends on this module.
/// The median recovery time of the setbacks of one calendar quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QuarterMedian {
    /// `2026-Q1`.
    pub quarter: String,
    /// The middle of the quarter, where a chart puts the point.
    pub mid_day: String,
    pub median_days: f64,
    pub median_days_per_impact: f64,
    /// Recovered setbacks that happened in the quarter.
    pub count: u32,
}

/// The median recovery time, and median days per point of impact, of the setbacks that
/// happened in each calendar quarter (by their local date), oldest quarter first; quarters
/// without a recovered setback are left out. `midDay` is the quarter's first day plus half
/// its length in days, rounded down, where a chart puts the point.
pub fn quarter_medians(recovered: &[RecoveredSetback]) -> Vec<QuarterMedian> {
    let mut quarters: HashMap<(i16, i8), (Vec<f64>, Vec<f64>)> = HashMap::new();
    for setback in recovered {
        let key = (setback.day.year(), (setback.day.month() - 1) / 3 + 1);
        let entry = quarters.entry(key).or_default();
        entry.0.push(setback.days);
        entry.1.push(setback.days / f64::from(setback.impact.max(1)));
    }
    let mut keys: Vec<(i16, i8)> = quarters.keys().copied().collect();
    keys.sort_unstable();
    keys.into_iter()
        .map(|(year, quarter)| {
            let (days, per_impact) = &quarters[&(year, quarter)];
            let first = jiff::civil::date(year, (quarter - 1) * 3 + 1, 1);
            let next = day_number(first.checked_add(3.months()).unwrap_or(first));
            let start = day_number(first);
            QuarterMedian {
                quarter: format!("{year}-Q{quarter}"),
                mid_day: date_of(start + (next - start) / 2).to_string(),
                median_days: median(days).unwrap_or_default(),
                median_days_per_impact: median(per_impact).unwrap_or_default(),
                count: days.len() as u32,
            }
        })
        .collect()
}

/// The trend headline, and whether there was enough data for a trend.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendHeadline {
    pub text: String,
    /// At least [`TREND_MIN_RECOVERED`] recovered setbacks in each half-year.
    pub enough_data: bool,
    /// The median recovery time in the six months before the latest six, if there was enough data.
    pub earlier_median: Option<f64>,
    /// The median recovery time in the latest six months, if there was enough data.
    pub latest_median: Option<f64>,
}

/// Compares the median recovery time of the setbacks that happened in the latest half-year
/// (the [`TREND_HALF_MONTHS`] months up to and including `today`) with the half-year before,
/// in plain words. With fewer than [`TREND_MIN_RECOVERED`] recovered setbacks in either half,
/// it says so instead of drawing a trend from one or two points.
pub fn trend_headline(recovered: &[RecoveredSetback], today: Date) -> TrendHeadline {
    let today_number = day_number(today);
    let half_ago = day_number(today.checked_sub(TREND_HALF_MONTHS.months()).unwrap_or(today));
    let year_ago = day_number(today.checked_sub((2 * TREND_HALF_MONTHS).months()).unwrap_or(today));
    let mut latest = Vec::new();
    let mut earlier = Vec::new();
    for setback in recovered {
        let day = day_number(setback.day);
        if day > half_ago && day <= today_number {
            latest.push(setback.days);
        } else if day > year_ago && day <= half_ago {
            earlier.push(setback.days);
        }
    }
    if latest.len() < TREND_MIN_RECOVERED || earlier.len() < TREND_MIN_RECOVERED {
        return TrendHeadline {
            text: format!(
                "Too little data for a trend yet: a trend needs at least {TREND_MIN_RECOVERED} recovered setbacks in \
                 each of the last two half-years, and there {} in the last 6 months and {} in the 6 months before.",
                if latest.len() == 1 { "is 1".to_owned() } else { format!("are {}", latest.len()) },
                earlier.len()
            ),
            enough_data: false,
            earlier_median: None,
            latest_median: None,
        };
    }
    let (before, now) = (median(&earlier).unwrap_or_default(), median(&latest).unwrap_or_default());
    let (before_text, now_text) = (format_number(before), format_number(now));
    let text = if before_text == now_text {
        format!("Over the last 6 months your median recovery time stayed at {}", days_text(before))
    } else {
        let direction = if now < before { "fell" } else { "rose" };
        format!("Over the last 6 months your median recovery time {direction} from {} to {now_text}", days_text(before))
    };
    TrendHeadline { text, enough_data: true, earlier_median: Some(before), latest_median: Some(now) }
}

/// A number for a sentence: whole numbers without decimals, others to one decimal.
pub fn format_number(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// "1 day", "4 days", "2.5 days".
pub fn days_text(days: f64) -> String {
    let text = format_number(days);
    if text == "1" {
        "1 day".to_owned()
    } else {
        format!("{text} days")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn reading(day: &str, mood: u8) -> MoodReading {
        MoodReading { day: day.parse().unwrap(), mood, confidence: Some(5) }
    }

    /// Moods on consecutive days from `first`.
    fn run(first: &str, moods: &[u8]) -> Vec<MoodReading> {
        let start = day_number(first.parse().unwrap());
        moods
            .iter()
            .enumerate()
            .map(|(offset, &mood)| reading(&date_of(start + offset as i32).to_string(), mood))
            .collect()
    }

    fn setback(day: &str) -> SetbackFacts {
        SetbackFacts {
            id: 1,
            day: day.parse().unwrap(),
            happened_at: 0,
            impact: 5,
            area_id: 1,
            recovered_on: None,
            recovery_check_ins: Vec::new(),
            first_reflection_completed_at: None,
            lesson_ids: Vec::new(),
        }
    }

    #[test]
    fn check_ins_without_confidence_count_for_mood_and_are_left_out_of_confidence() {
        let imported = |day: &str, mood: u8| MoodReading { confidence: None, ..reading(day, mood) };
        let moods = DailyMoods::from_readings(&[
            reading("2026-03-01", 4),
            imported("2026-03-01", 8),
            imported("2026-03-02", 6),
        ]);
        assert_eq!(moods.mood_on(date(2026, 3, 1)), Some(6.0), "both check-ins count for the day's mood");
        assert_eq!(moods.confidence_on(date(2026, 3, 1)), Some(5.0), "only the one with a confidence counts");
        assert_eq!(moods.confidence_on(date(2026, 3, 2)), None, "no confidence is invented for a day without one");
        assert_eq!(moods.count_on(date(2026, 3, 2)), 1);
    }

    #[test]
    fn day_numbers_agree_with_the_calendar() {
        assert_eq!(day_number(date(1970, 1, 1)), 0);
        assert_eq!(day_number(date(2000, 3, 1)) - day_number(date(2000, 2, 28)), 2, "2000 was a leap year");
        assert_eq!(day_number(date(1900, 3, 1)) - day_number(date(1900, 2, 28)), 1, "1900 was not");
        let mut day = date(1, 1, 1);
        let mut number = day_number(day);
        while day < date(2400, 1, 1) {
            assert_eq!(date_of(number), day, "day {number} round-trips");
            day = day.checked_add(97.days()).unwrap();
            number += 97;
            assert_eq!(day_number(day), number, "{day} is 97 days after the previous");
        }
    }

    #[test]
    fn the_day_value_is_the_mean_of_its_check_ins() {
        let moods =
            DailyMoods::from_readings(&[reading("2026-03-02", 4), reading("2026-03-01", 6), reading("2026-03-02", 7)]);
        assert_eq!(moods.mood_on(date(2026, 3, 2)), Some(5.5), "(4 + 7) / 2");
        assert_eq!(moods.count_on(date(2026, 3, 2)), 2);
        assert_eq!(moods.mood_on(date(2026, 3, 1)), Some(6.0));
        assert_eq!(moods.count_on(date(2026, 3, 1)), 1);
        assert_eq!(moods.mood_on(date(2026, 3, 3)), None, "a day without a check-in has no value");
    }

    #[test]
    fn the_baseline_is_the_mean_of_the_fourteen_days_before_and_needs_three_of_them() {
        // 2026-03-01..14 are the 14 days before the 15th; the 15th itself does not count.
        let mut readings = vec![reading("2026-02-28", 1), reading("2026-03-01", 6), reading("2026-03-14", 8)];
        readings.push(reading("2026-03-15", 1));
        let moods = DailyMoods::from_readings(&readings);
        assert_eq!(baseline(date(2026, 3, 15), &moods), None, "two days with data are too few");
        readings.push(reading("2026-03-07", 7));
        let moods = DailyMoods::from_readings(&readings);
        assert_eq!(baseline(date(2026, 3, 15), &moods), Some(7.0), "(6 + 7 + 8) / 3; the 28th Feb is too early");
    }

    #[test]
    fn mood_recovery_is_the_first_of_three_days_in_a_row_at_or_above_the_baseline() {
        // Baseline 6 from 1–3 March; setback on the 10th.
        let mut readings = run("2026-03-01", &[6, 6, 6]);
        // 11th 7, 12th 7, 13th missing (breaks the run), 14th 6, 15th 5, 16th–18th 6, 8, 6.
        readings.extend([reading("2026-03-11", 7), reading("2026-03-12", 7)]);
        readings.extend(run("2026-03-14", &[6, 5, 6, 8, 6]));
        let moods = DailyMoods::from_readings(&readings);
        let found = recovery(&setback("2026-03-10"), &moods).unwrap();
        assert_eq!(found.day, date(2026, 3, 16), "the gap on the 13th and the dip on the 15th break the runs");
        assert_eq!(found.days, 6.0, "from the 10th to the 16th");
        assert_eq!(found.signal, RecoverySignal::MoodBackToBaseline);
    }

    #[test]
    fn the_earliest_signal_wins() {
        let mut readings = run("2026-03-01", &[5, 5, 5]);
        readings.extend(run("2026-03-20", &[5, 5, 5]));
        let moods = DailyMoods::from_readings(&readings);
        let mut facts = setback("2026-03-10");
        facts.recovered_on = Some(date(2026, 3, 25));
        assert_eq!(recovery(&facts, &moods).unwrap().signal, RecoverySignal::MoodBackToBaseline, "the 20th");
        facts.recovery_check_ins = vec![
            RecoveryReading { day: date(2026, 3, 12), recovered: 7 },
            RecoveryReading { day: date(2026, 3, 18), recovered: 8 },
            RecoveryReading { day: date(2026, 3, 15), recovered: 9 },
        ];
        let found = recovery(&facts, &moods).unwrap();
        assert_eq!((found.day, found.signal), (date(2026, 3, 15), RecoverySignal::CheckIn), "7 is not enough; 9 is");
        facts.recovered_on = Some(date(2026, 3, 11));
        let found = recovery(&facts, &moods).unwrap();
        assert_eq!((found.days, found.signal), (1.0, RecoverySignal::MarkedRecovered));
    }

    #[test]
    fn without_a_baseline_mood_cannot_end_a_recovery_and_an_open_setback_has_none() {
        let moods = DailyMoods::from_readings(&run("2026-03-11", &[9, 9, 9, 9]));
        assert_eq!(recovery(&setback("2026-03-10"), &moods), None, "still recovering: None, not zero");
        let mut facts = setback("2026-03-10");
        facts.recovered_on = Some(date(2026, 3, 10));
        assert_eq!(recovery(&facts, &DailyMoods::default()).unwrap().days, 0.0, "recovered the same day");
    }

    #[test]
    fn bounce_forward_compares_the_fortnight_after_recovery_with_the_baseline() {
        let mut readings = run("2026-03-01", &[5, 6, 7]); // baseline 6
        readings.extend([reading("2026-03-20", 9), reading("2026-03-21", 7), reading("2026-04-04", 1)]);
        let moods = DailyMoods::from_readings(&readings);
        let mut facts = setback("2026-03-10");
        facts.recovered_on = Some(date(2026, 3, 19));
        let analysis = analyse(&facts, &moods);
        assert_eq!(analysis.baseline, Some(6.0));
        assert_eq!(analysis.bounce_forward, Some(2.0), "(9 + 7) / 2 − 6; the 4th of April is day 16");
        facts.recovered_on = Some(date(2026, 4, 10));
        assert_eq!(analyse(&facts, &moods).bounce_forward, None, "no check-in after recovery");
        let curve = bounce_curve(date(2026, 3, 10), 6.0, &moods);
        assert_eq!(curve.len(), 29, "offsets 0 to 28");
        assert_eq!((curve[0], curve[10], curve[11]), (None, Some(3.0), Some(1.0)));
    }

    #[test]
    fn rates_and_repeats_follow_their_definitions() {
        let mut a = setback("2026-01-01");
        a.first_reflection_completed_at = Some(90 * 60_000);
        a.lesson_ids = vec![1, 2];
        let b = SetbackFacts { id: 2, happened_at: 10, ..setback("2026-03-31") };
        let c = SetbackFacts { id: 3, happened_at: 20, ..setback("2026-07-01") };
        let d = SetbackFacts { id: 4, area_id: 2, happened_at: 30, ..setback("2026-04-03") };
        assert_eq!(hours_to_reflection(&a), Some(1.5));
        let all = [a, b, c, d];
        assert_eq!(reflection_rate(&all), Some(0.25));
        assert_eq!(lessons_per_setback(&all), Some(0.5));
        assert_eq!(
            repeats(&all),
            [false, true, false, false],
            "b, 89 days after a, is a repeat; c, 92 days after b, is not; d is in another area"
        );
        assert_eq!(reflection_rate(&[]), None);
        let lessons = [
            LessonFacts { id: 1, applied: true, answers: vec![RevisitAnswer::Yes, RevisitAnswer::NotRelevant] },
            LessonFacts { id: 2, applied: false, answers: vec![RevisitAnswer::Partly, RevisitAnswer::NotYet] },
        ];
        assert_eq!(lesson_application_rate(&lessons), Some(0.5), "yes and partly, of four answers");
        assert_eq!(lesson_application_rate(&[]), None);
    }

    #[test]
    fn medians_quarters_and_headlines() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        let point = |day: &str, days: f64, impact: u8| RecoveredSetback { day: day.parse().unwrap(), days, impact };
        let quarters =
            quarter_medians(&[point("2026-02-01", 4.0, 2), point("2026-01-05", 10.0, 5), point("2025-12-31", 3.0, 3)]);
        assert_eq!(quarters.len(), 2);
        assert_eq!(
            (quarters[0].quarter.as_str(), quarters[0].mid_day.as_str()),
            ("2025-Q4", "2025-11-16"),
            "92 days from 1 October, 46 in"
        );
        assert_eq!(
            (quarters[1].quarter.as_str(), quarters[1].median_days, quarters[1].median_days_per_impact),
            ("2026-Q1", 7.0, 2.0),
            "days 4 and 10; per impact 2 and 2"
        );
        assert_eq!(quarters[1].mid_day, "2026-02-15", "90 days from 1 January, 45 in");
        assert_eq!(format_number(4.0), "4");
        assert_eq!(format_number(4.25), "4.3");
        assert_eq!(days_text(1.0), "1 day");
    }
}
