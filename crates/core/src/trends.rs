//! Trends: the charts and numbers of the growth dashboard, for a range of days ending today.
//!
//! This module only loads what [`crate::metrics`] needs, in a handful of queries over whole
//! tables (ten years of daily check-ins are a few thousand small rows), and arranges the
//! results in the shapes of `docs/trends-contract.md`. The definitions live in `metrics`
//! and `docs/metrics.md`. Every chart carries a `summary`: one plain sentence that says what
//! the chart shows, for screen-reader users and for anyone who would rather read than look.

use std::collections::{BTreeSet, HashMap};

use jiff::civil::Date;
use rusqlite::{Connection, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::checkins::{self, BrsResult};
use crate::clock::Clock;
use crate::error::{Result, StorageContext};
use crate::lessons::RevisitAnswer;
use crate::local_time;
use crate::metrics::{
    self, date_of, day_number, days_text, format_number, DailyMoods, LessonFacts, MoodReading, QuarterMedian,
    RecoveredSetback, RecoveryReading, SetbackAnalysis, SetbackFacts,
};

/// Days the calendar chart always covers, ending today.
pub const CALENDAR_DAYS: i32 = 365;

/// The period a report covers, ending today in the user's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TrendRange {
    /// The 30 days ending today.
    Days30,
    /// The 90 days ending today.
    Days90,
    /// The 365 days ending today.
    Year,
    /// From the earliest check-in, setback or resilience result to today.
    All,
}

impl TrendRange {
    /// How many days the range covers, or `None` for [`TrendRange::All`].
    pub fn days(self) -> Option<i32> {
        match self {
            TrendRange::Days30 => Some(30),
            TrendRange::Days90 => Some(90),
            TrendRange::Year => Some(365),
            TrendRange::All => None,
        }
    }
}

/// A setback on the mood chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetbackMarker {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    /// The local date it happened.
    pub day: String,
    pub impact: u8,
    /// The name of its area.
    pub area: String,
}

/// Daily mood and confidence, with the setbacks of the range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MoodChart {
    /// Every day of the range, oldest first.
    pub days: Vec<String>,
    /// One per day: the mean of that day's check-ins, `None` without one.
    pub mood: Vec<Option<f64>>,
    pub confidence: Vec<Option<f64>>,
    /// The setbacks that happened in the range, oldest first.
    pub markers: Vec<SetbackMarker>,
    pub summary: String,
}

/// One setback's recovery time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryPoint {
    #[ts(type = "number")]
    pub setback_id: i64,
    pub title: String,
    pub happened_on: String,
    pub impact: u8,
    /// `None` while still recovering.
    pub days: Option<f64>,
    /// `days ÷ impact`.
    pub days_per_impact: Option<f64>,
}

/// Recovery times, one point per setback of the range, with the quarterly trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryChart {
    pub points: Vec<RecoveryPoint>,
    pub trend: Vec<QuarterMedian>,
    pub summary: String,
}

/// The daily mood around one setback, against its baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BounceCurve {
    #[ts(type = "number")]
    pub setback_id: i64,
    pub title: String,
    /// 0 to 28 days after the setback.
    pub offsets: Vec<i32>,
    /// The daily mood minus the setback's baseline; `None` on a day without a check-in.
    pub delta: Vec<Option<f64>>,
}

/// Bounce-back curves of the setbacks of the range that have a baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BounceBackChart {
    pub curves: Vec<BounceCurve>,
    pub summary: String,
}

/// How many setbacks of the range were in one area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AreaCount {
    pub area: String,
    pub count: u32,
}

/// Setbacks by area, the most first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AreaChart {
    pub areas: Vec<AreaCount>,
    pub summary: String,
}

/// How far the setbacks of the range went through the loop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FunnelChart {
    pub setbacks: u32,
    /// With at least one completed reflection.
    pub reflected: u32,
    /// With at least one lesson.
    pub with_lessons: u32,
    /// With at least one lesson whose status is applied or validated.
    pub applied: u32,
    pub summary: String,
}

/// Daily check-ins on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DayCount {
    pub day: String,
    pub count: u32,
}

/// The check-in calendar: the 365 days ending today, every day present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarChart {
    pub days: Vec<DayCount>,
    pub summary: String,
}

/// One Brief Resilience Scale result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BrsPoint {
    pub day: String,
    pub score: f64,
}

/// The Brief Resilience Scale results of the range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BrsChart {
    pub points: Vec<BrsPoint>,
    pub summary: String,
}

/// The headline numbers of the setbacks of the range (see `docs/metrics.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Metrics {
    pub median_recovery_days: Option<f64>,
    pub mean_bounce_forward: Option<f64>,
    pub median_hours_to_reflection: Option<f64>,
    /// 0 to 1.
    pub reflection_rate: Option<f64>,
    pub lessons_per_setback: Option<f64>,
    /// 0 to 1.
    pub lesson_application_rate: Option<f64>,
    pub repeat_setbacks: u32,
}

/// The growth dashboard for one range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrendsReport {
    pub range: TrendRange,
    /// The first day of the range, `YYYY-MM-DD`.
    pub from: String,
    /// Today in the user's time zone, the last day of the range.
    pub to: String,
    /// True when the range holds at least one check-in or setback, so there is something to
    /// chart. Whether there is enough for a *trend* is said by `headline`, which never invents
    /// one: a new user with a few weeks of check-ins sees their charts and an honest "too
    /// little data for a trend yet".
    pub has_enough_data: bool,
    pub headline: String,
    pub mood: MoodChart,
    pub recovery: RecoveryChart,
    pub bounce_back: BounceBackChart,
    pub by_area: AreaChart,
    pub funnel: FunnelChart,
    pub calendar: CalendarChart,
    pub brs: BrsChart,
    pub metrics: Metrics,
}

/// A setback as loaded: the metrics' facts and what the charts show of it.
struct LoadedSetback {
    facts: SetbackFacts,
    title: String,
    area: String,
    area_position: i64,
}

/// Everything a report is computed from.
struct Loaded {
    moods: DailyMoods,
    setbacks: Vec<LoadedSetback>,
    lessons: HashMap<i64, LessonFacts>,
    brs: Vec<BrsResult>,
}

/// The report for `range`, ending today by `clock`.
pub(crate) fn trends(connection: &Connection, clock: &dyn Clock, range: TrendRange) -> Result<TrendsReport> {
    let loaded = load(connection)?;
    Ok(report(&loaded, range, local_time::today(clock)))
}

fn date_column(row: &Row<'_>, index: usize) -> rusqlite::Result<Date> {
    let text: String = row.get(index)?;
    text.parse::<Date>()
        .map_err(|error| rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(error)))
}

fn optional_date_column(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<Date>> {
    match row.get::<_, Option<String>>(index)? {
        None => Ok(None),
        Some(_) => date_column(row, index).map(Some),
    }
}

fn load(connection: &Connection) -> Result<Loaded> {
    const ACTION: &str = "read the data for the trends";
    let readings = {
        let mut statement =
            connection.prepare_cached("SELECT local_date, mood, confidence FROM daily_check_ins").context(ACTION)?;
        let rows = statement
            .query_map([], |row| {
                Ok(MoodReading { day: date_column(row, 0)?, mood: row.get(1)?, confidence: row.get(2)? })
            })
            .context(ACTION)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context(ACTION)?
    };

    let mut setbacks = {
        let mut statement = connection
            .prepare_cached(
                "SELECT s.id, s.title, s.local_date, s.happened_at, s.impact, s.area_id, a.name, a.position,
                        s.recovered_on,
                        (SELECT min(r.completed_at) FROM reflections r WHERE r.setback_id = s.id)
                 FROM setbacks s JOIN areas a ON a.id = s.area_id
                 ORDER BY s.happened_at, s.id",
            )
            .context(ACTION)?;
        let rows = statement
            .query_map([], |row| {
                Ok(LoadedSetback {
                    facts: SetbackFacts {
                        id: row.get(0)?,
                        day: date_column(row, 2)?,
                        happened_at: row.get(3)?,
                        impact: row.get(4)?,
                        area_id: row.get(5)?,
                        recovered_on: optional_date_column(row, 8)?,
                        recovery_check_ins: Vec::new(),
                        first_reflection_completed_at: row.get(9)?,
                        lesson_ids: Vec::new(),
                    },
                    title: row.get(1)?,
                    area: row.get(6)?,
                    area_position: row.get(7)?,
                })
            })
            .context(ACTION)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().context(ACTION)?
    };
    let index: HashMap<i64, usize> =
        setbacks.iter().enumerate().map(|(position, setback)| (setback.facts.id, position)).collect();

    {
        let mut statement = connection
            .prepare_cached("SELECT setback_id, local_date, recovered FROM recovery_check_ins")
            .context(ACTION)?;
        let mut rows = statement.query([]).context(ACTION)?;
        while let Some(row) = rows.next().context(ACTION)? {
            let setback_id: i64 = row.get(0).context(ACTION)?;
            let reading =
                RecoveryReading { day: date_column(row, 1).context(ACTION)?, recovered: row.get(2).context(ACTION)? };
            if let Some(&position) = index.get(&setback_id) {
                setbacks[position].facts.recovery_check_ins.push(reading);
            }
        }
    }
    {
        let mut statement = connection
            .prepare_cached("SELECT setback_id, lesson_id FROM lesson_setbacks ORDER BY setback_id, lesson_id")
            .context(ACTION)?;
        let mut rows = statement.query([]).context(ACTION)?;
        while let Some(row) = rows.next().context(ACTION)? {
            let (setback_id, lesson_id): (i64, i64) = (row.get(0).context(ACTION)?, row.get(1).context(ACTION)?);
            if let Some(&position) = index.get(&setback_id) {
                setbacks[position].facts.lesson_ids.push(lesson_id);
            }
        }
    }

    let mut lessons: HashMap<i64, LessonFacts> = HashMap::new();
    {
        let mut statement = connection
            .prepare_cached(
                "SELECT id, status IN ('applied', 'validated') FROM lessons
                 WHERE id IN (SELECT lesson_id FROM lesson_setbacks)",
            )
            .context(ACTION)?;
        let mut rows = statement.query([]).context(ACTION)?;
        while let Some(row) = rows.next().context(ACTION)? {
            let id: i64 = row.get(0).context(ACTION)?;
            lessons.insert(id, LessonFacts { id, applied: row.get(1).context(ACTION)?, answers: Vec::new() });
        }
        let mut statement = connection
            .prepare_cached("SELECT lesson_id, answer FROM revisits WHERE answer IS NOT NULL ORDER BY lesson_id, id")
            .context(ACTION)?;
        let mut rows = statement.query([]).context(ACTION)?;
        while let Some(row) = rows.next().context(ACTION)? {
            let lesson_id: i64 = row.get(0).context(ACTION)?;
            let answer: RevisitAnswer = row.get(1).context(ACTION)?;
            if let Some(lesson) = lessons.get_mut(&lesson_id) {
                lesson.answers.push(answer);
            }
        }
    }

    Ok(Loaded {
        moods: DailyMoods::from_readings(&readings),
        setbacks,
        lessons,
        brs: checkins::brs_results(connection)?,
    })
}

/// The range's first day: `range.days()` days ending `today`, or for [`TrendRange::All`] the
/// earliest day with a record (today when there is none or all are later).
fn range_start(loaded: &Loaded, range: TrendRange, today: Date) -> Date {
    let today_number = day_number(today);
    match range.days() {
        Some(days) => date_of(today_number - days + 1),
        None => {
            let earliest = [
                loaded.moods.first_day(),
                loaded.setbacks.iter().map(|setback| setback.facts.day).min(),
                loaded.brs.iter().filter_map(|result| result.taken_on.parse::<Date>().ok()).min(),
            ]
            .into_iter()
            .flatten()
            .min();
            earliest.filter(|&day| day < today).unwrap_or(today)
        }
    }
}

fn has_check_ins(moods: &DailyMoods, from: Date, to: Date) -> bool {
    let mut any = false;
    moods.each_day(from, to, |_, reading| any |= reading.is_some());
    any
}

fn report(loaded: &Loaded, range: TrendRange, today: Date) -> TrendsReport {
    let from = range_start(loaded, range, today);
    let in_range = |day: Date| day >= from && day <= today;

    let analyses: Vec<SetbackAnalysis> =
        loaded.setbacks.iter().map(|setback| metrics::analyse(&setback.facts, &loaded.moods)).collect();
    let all_facts: Vec<SetbackFacts> = loaded.setbacks.iter().map(|setback| setback.facts.clone()).collect();
    let repeats = metrics::repeats(&all_facts);
    let recovered_all: Vec<RecoveredSetback> = loaded
        .setbacks
        .iter()
        .zip(&analyses)
        .filter_map(|(setback, analysis)| {
            analysis.recovery.map(|recovery| RecoveredSetback {
                day: setback.facts.day,
                days: recovery.days,
                impact: setback.facts.impact,
            })
        })
        .collect();
    let headline = metrics::trend_headline(&recovered_all, today);

    // The setbacks of the range, oldest first, with their analyses.
    let chosen: Vec<usize> = (0..loaded.setbacks.len()).filter(|&i| in_range(loaded.setbacks[i].facts.day)).collect();

    TrendsReport {
        range,
        from: from.to_string(),
        to: today.to_string(),
        has_enough_data: !chosen.is_empty() || has_check_ins(&loaded.moods, from, today),
        headline: headline.text,
        mood: mood_chart(loaded, &chosen, from, today),
        recovery: recovery_chart(loaded, &analyses, &chosen),
        bounce_back: bounce_back_chart(loaded, &analyses, &chosen),
        by_area: area_chart(loaded, &chosen),
        funnel: funnel_chart(loaded, &chosen),
        calendar: calendar_chart(&loaded.moods, today),
        brs: brs_chart(&loaded.brs, from, today),
        metrics: range_metrics(loaded, &analyses, &repeats, &chosen),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "12 March", or "12 March 2025" when not in the year of `today`.
fn spoken_date(day: Date, today: Date) -> String {
    let month = MONTHS[usize::try_from(day.month() - 1).unwrap_or(0)];
    if day.year() == today.year() {
        format!("{} {month}", day.day())
    } else {
        format!("{} {month} {}", day.day(), day.year())
    }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

fn mood_chart(loaded: &Loaded, chosen: &[usize], from: Date, to: Date) -> MoodChart {
    let length = (day_number(to) - day_number(from) + 1) as usize;
    let (mut days, mut mood, mut confidence) =
        (Vec::with_capacity(length), Vec::with_capacity(length), Vec::with_capacity(length));
    loaded.moods.each_day(from, to, |day, value| {
        days.push(day.to_string());
        mood.push(value.map(|(mood, _, _)| mood));
        confidence.push(value.and_then(|(_, confidence, _)| confidence));
    });
    let markers: Vec<SetbackMarker> = chosen
        .iter()
        .map(|&i| {
            let setback = &loaded.setbacks[i];
            SetbackMarker {
                id: setback.facts.id,
                title: setback.title.clone(),
                day: setback.facts.day.to_string(),
                impact: setback.facts.impact,
                area: setback.area.clone(),
            }
        })
        .collect();

    let period = plural(length, "day", "days");
    let mood_part = match loaded.moods.average_between(from, to).0 {
        Some(average) => format!("Mood averaged {} over {period}", format_number(average)),
        None => format!("No check-ins in these {period}"),
    };
    // The hardest: the highest impact, the latest of equals.
    let hardest =
        chosen.iter().map(|&i| &loaded.setbacks[i].facts).max_by_key(|facts| (facts.impact, facts.happened_at));
    let setback_part = match (chosen.len(), hardest) {
        (0, _) | (_, None) => "no setbacks".to_owned(),
        (1, Some(facts)) => format!("1 setback (impact {}) on {}", facts.impact, spoken_date(facts.day, to)),
        (count, Some(facts)) => {
            format!("{count} setbacks, the hardest (impact {}) on {}", facts.impact, spoken_date(facts.day, to))
        }
    };
    MoodChart { days, mood, confidence, markers, summary: format!("{mood_part}; {setback_part}.") }
}

fn recovery_chart(loaded: &Loaded, analyses: &[SetbackAnalysis], chosen: &[usize]) -> RecoveryChart {
    let points: Vec<RecoveryPoint> = chosen
        .iter()
        .map(|&i| {
            let setback = &loaded.setbacks[i];
            let days = analyses[i].recovery.map(|recovery| recovery.days);
            RecoveryPoint {
                setback_id: setback.facts.id,
                title: setback.title.clone(),
                happened_on: setback.facts.day.to_string(),
                impact: setback.facts.impact,
                days,
                days_per_impact: days.map(|days| days / f64::from(setback.facts.impact.max(1))),
            }
        })
        .collect();
    let recovered: Vec<RecoveredSetback> = chosen
        .iter()
        .filter_map(|&i| {
            analyses[i].recovery.map(|recovery| RecoveredSetback {
                day: loaded.setbacks[i].facts.day,
                days: recovery.days,
                impact: loaded.setbacks[i].facts.impact,
            })
        })
        .collect();
    let open = points.len() - recovered.len();
    let days: Vec<f64> = recovered.iter().map(|setback| setback.days).collect();
    let summary = match metrics::median(&days) {
        None if points.is_empty() => "No setbacks in this period.".to_owned(),
        None => format!(
            "Still recovering from {} in this period; none recovered from yet.",
            plural(points.len(), "setback", "setbacks")
        ),
        Some(median) => {
            let still = if open == 0 { String::new() } else { format!("; {open} still recovering") };
            format!(
                "Median recovery time {} across {}{still}.",
                days_text(median),
                plural(recovered.len(), "recovered setback", "recovered setbacks")
            )
        }
    };
    RecoveryChart { points, trend: metrics::quarter_medians(&recovered), summary }
}

fn bounce_back_chart(loaded: &Loaded, analyses: &[SetbackAnalysis], chosen: &[usize]) -> BounceBackChart {
    let curves: Vec<BounceCurve> = chosen
        .iter()
        .filter_map(|&i| {
            let setback = &loaded.setbacks[i];
            analyses[i].baseline.map(|baseline| BounceCurve {
                setback_id: setback.facts.id,
                title: setback.title.clone(),
                offsets: (0..=metrics::BOUNCE_CURVE_DAYS).collect(),
                delta: metrics::bounce_curve(setback.facts.day, baseline, &loaded.moods),
            })
        })
        .collect();
    let forward: Vec<f64> = chosen.iter().filter_map(|&i| analyses[i].bounce_forward).collect();
    let with_baseline = plural(curves.len(), "setback has", "setbacks have");
    let summary = match metrics::mean(&forward) {
        _ if curves.is_empty() => {
            "No setback in this period has enough check-ins in the 14 days before it for a mood baseline.".to_owned()
        }
        None => format!("{with_baseline} a mood baseline; none has check-ins yet in the two weeks after recovering."),
        Some(mean) => {
            let rounded = format_number(mean.abs());
            let relation = if rounded == "0" {
                "level with it".to_owned()
            } else {
                format!("{rounded} points {} it", if mean > 0.0 { "above" } else { "below" })
            };
            format!("{with_baseline} a mood baseline; in the two weeks after recovering, mood averaged {relation}.")
        }
    };
    BounceBackChart { curves, summary }
}

fn area_chart(loaded: &Loaded, chosen: &[usize]) -> AreaChart {
    let mut counts: HashMap<&str, (u32, i64)> = HashMap::new();
    for &i in chosen {
        let setback = &loaded.setbacks[i];
        counts.entry(setback.area.as_str()).or_insert((0, setback.area_position)).0 += 1;
    }
    let mut areas: Vec<(&str, u32, i64)> =
        counts.into_iter().map(|(area, (count, position))| (area, count, position)).collect();
    areas.sort_by_key(|&(_, count, position)| (std::cmp::Reverse(count), position));
    let top: Vec<&str> = areas.iter().take_while(|area| area.1 == areas[0].1).map(|area| area.0).collect();
    let summary = match top.as_slice() {
        [] => "No setbacks in this period.".to_owned(),
        [only] => format!("Most setbacks were in {only} ({} of {}).", areas[0].1, chosen.len()),
        [rest @ .., last] => {
            format!("{} and {last} had the most setbacks ({} each, of {}).", rest.join(", "), areas[0].1, chosen.len())
        }
    };
    AreaChart {
        areas: areas.into_iter().map(|(area, count, _)| AreaCount { area: area.to_owned(), count }).collect(),
        summary,
    }
}

fn funnel_chart(loaded: &Loaded, chosen: &[usize]) -> FunnelChart {
    let (mut reflected, mut with_lessons, mut applied) = (0u32, 0u32, 0u32);
    for &i in chosen {
        let facts = &loaded.setbacks[i].facts;
        reflected += u32::from(facts.first_reflection_completed_at.is_some());
        with_lessons += u32::from(!facts.lesson_ids.is_empty());
        applied +=
            u32::from(facts.lesson_ids.iter().any(|id| loaded.lessons.get(id).is_some_and(|lesson| lesson.applied)));
    }
    let setbacks = chosen.len() as u32;
    let summary = if setbacks == 0 {
        "No setbacks in this period.".to_owned()
    } else {
        format!(
            "Of {}, {reflected} {} reflected on, {with_lessons} led to lessons and {applied} to a lesson put into practice.",
            plural(chosen.len(), "setback", "setbacks"),
            if reflected == 1 { "was" } else { "were" }
        )
    };
    FunnelChart { setbacks, reflected, with_lessons, applied, summary }
}

fn calendar_chart(moods: &DailyMoods, today: Date) -> CalendarChart {
    let from = date_of(day_number(today) - CALENDAR_DAYS + 1);
    let mut days = Vec::with_capacity(CALENDAR_DAYS as usize);
    let (mut checked_in, mut run, mut longest) = (0usize, 0usize, 0usize);
    moods.each_day(from, today, |day, value| {
        let count = value.map_or(0, |(_, _, count)| count);
        if count > 0 {
            checked_in += 1;
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
        days.push(DayCount { day: day.to_string(), count });
    });
    let summary = if checked_in == 0 {
        format!("No check-ins in the last {CALENDAR_DAYS} days.")
    } else {
        format!(
            "Checked in on {checked_in} of the last {CALENDAR_DAYS} days; the longest run was {} in a row.",
            plural(longest, "day", "days")
        )
    };
    CalendarChart { days, summary }
}

fn brs_chart(results: &[BrsResult], from: Date, to: Date) -> BrsChart {
    let points: Vec<BrsPoint> = results
        .iter()
        .filter(|result| result.taken_on.parse::<Date>().is_ok_and(|day| day >= from && day <= to))
        .map(|result| BrsPoint { day: result.taken_on.clone(), score: result.score })
        .collect();
    let scale = "on the Brief Resilience Scale (1 to 5)";
    let summary = match points.as_slice() {
        [] => "No resilience check in this period.".to_owned(),
        [only] => format!(
            "Resilience scored {} {scale} on {}.",
            format_number(only.score),
            only.day.parse::<Date>().map_or_else(|_| only.day.clone(), |day| spoken_date(day, to))
        ),
        [first, .., last] => {
            let (before, after) = (format_number(first.score), format_number(last.score));
            let change =
                if before == after { format!("stayed at {after}") } else { format!("went from {before} to {after}") };
            format!("Resilience {change} {scale} over {} checks.", points.len())
        }
    };
    BrsChart { points, summary }
}

fn range_metrics(loaded: &Loaded, analyses: &[SetbackAnalysis], repeats: &[bool], chosen: &[usize]) -> Metrics {
    let recovery_days: Vec<f64> = chosen.iter().filter_map(|&i| analyses[i].recovery.map(|r| r.days)).collect();
    let forward: Vec<f64> = chosen.iter().filter_map(|&i| analyses[i].bounce_forward).collect();
    let hours: Vec<f64> = chosen.iter().filter_map(|&i| analyses[i].hours_to_reflection).collect();
    let facts = || chosen.iter().map(|&i| &loaded.setbacks[i].facts);
    let lesson_ids: BTreeSet<i64> = facts().flat_map(|facts| facts.lesson_ids.iter().copied()).collect();
    Metrics {
        median_recovery_days: metrics::median(&recovery_days),
        mean_bounce_forward: metrics::mean(&forward),
        median_hours_to_reflection: metrics::median(&hours),
        reflection_rate: metrics::reflection_rate(facts()),
        lessons_per_setback: metrics::lessons_per_setback(facts()),
        lesson_application_rate: metrics::lesson_application_rate(
            lesson_ids.iter().filter_map(|id| loaded.lessons.get(id)),
        ),
        repeat_setbacks: chosen.iter().filter(|&&i| repeats[i]).count() as u32,
    }
}
