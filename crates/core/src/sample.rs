//! A sample journal: a year of made-up but believable data, so that a new user can see what
//! the trends look like before they have a year of their own.
//!
//! The data is deterministic (a fixed seed and a simple linear congruential generator, no
//! dependency): the same clock gives the same journal, which keeps tests and screenshots
//! stable. It ends today by the database's clock. Every title starts with "Sample:" so that
//! nothing in it can be mistaken for the user's own writing, and [`fill`] refuses a journal
//! that already holds check-ins or setbacks: sample data belongs in its own, separate file.
//!
//! Everything is written in one transaction, directly as rows, because the domain APIs stamp
//! reflections and lessons with *now*, and a sample year needs them spread over the year.

use rusqlite::{params, Connection};

use crate::checkins;
use crate::clock::{time_zone_name, Clock};
use crate::db::Database;
use crate::error::{CoreError, Result, StorageContext};
use crate::lessons::{status_after_answer, LessonStatus, RevisitAnswer, REVISIT_AFTER_DAYS};
use crate::local_time;
use crate::metrics::{date_of, day_number};

/// How many setbacks the sample year holds; the end-to-end test expects as many markers in
/// the "year" range.
pub const SAMPLE_SETBACKS: usize = 12;
/// Days of daily check-ins, ending today.
pub const SAMPLE_DAYS: i32 = 365;

/// What [`fill`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SampleSummary {
    pub check_ins: u32,
    pub setbacks: u32,
    pub recovery_check_ins: u32,
    pub reflections: u32,
    pub lessons: u32,
    pub answered_revisits: u32,
    pub goals: u32,
    pub brs_results: u32,
}

/// One sample setback: how many days before today it happened, its area (a built-in area
/// id), impact, title, and how its recovery ends.
struct SampleSetback {
    days_ago: i32,
    area_id: i64,
    impact: u8,
    title: &'static str,
    what_happened: &'static str,
    emotion: &'static str,
    /// Days until recovered, and how: marked recovered or by recovery check-ins. `None`: still
    /// recovering.
    recovery: Option<(i32, Recovered)>,
    lesson: Option<(&'static str, Option<(&'static str, &'static str)>)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Recovered {
    Marked,
    CheckIns,
}

/// Twelve setbacks over the year, in several areas (two Career setbacks within 90 days make a
/// repeat). Recoveries get shorter in the second half-year, so that the headline has a trend
/// to tell; the last one is still open.
const SETBACKS: [SampleSetback; SAMPLE_SETBACKS] = [
    SampleSetback {
        days_ago: 350,
        area_id: 1,
        impact: 7,
        title: "Sample: Passed over for the team lead role",
        what_happened: "The role went to a colleague from another team. My manager said I was not ready yet.",
        emotion: "disappointed",
        recovery: Some((16, Recovered::Marked)),
        lesson: Some((
            "Ask what “ready” looks like before the decision, not after.",
            Some(("a promotion is coming up", "ask my manager for the criteria in writing")),
        )),
    },
    SampleSetback {
        days_ago: 322,
        area_id: 4,
        impact: 5,
        title: "Sample: Injured my knee before the half marathon",
        what_happened: "Pushed the long runs too fast and had to withdraw two weeks before the race.",
        emotion: "frustrated",
        recovery: Some((12, Recovered::Marked)),
        lesson: Some(("Increase distance by no more than ten per cent a week.", None)),
    },
    SampleSetback {
        days_ago: 290,
        area_id: 1,
        impact: 6,
        title: "Sample: Demo crashed in front of the client",
        what_happened: "The build I had not tested on the client's network failed halfway through.",
        emotion: "embarrassed",
        recovery: Some((11, Recovered::CheckIns)),
        lesson: Some((
            "Rehearse on the real setup.",
            Some(("I present to a client", "run the demo on their network the day before")),
        )),
    },
    SampleSetback {
        days_ago: 262,
        area_id: 3,
        impact: 6,
        title: "Sample: Argument with my sister at the wedding",
        what_happened: "A joke about old times went badly and we did not speak for the rest of the evening.",
        emotion: "hurt",
        recovery: Some((14, Recovered::Marked)),
        lesson: None,
    },
    SampleSetback {
        days_ago: 236,
        area_id: 2,
        impact: 4,
        title: "Sample: Failed the statistics exam",
        what_happened: "Ran out of time on the last two questions; 46 %, the pass mark was 50 %.",
        emotion: "discouraged",
        recovery: Some((9, Recovered::Marked)),
        lesson: Some(("Do a timed practice paper before every exam.", None)),
    },
    SampleSetback {
        days_ago: 206,
        area_id: 6,
        impact: 5,
        title: "Sample: Short story rejected by the magazine",
        what_happened: "A form rejection after four months of waiting.",
        emotion: "sad",
        recovery: Some((10, Recovered::CheckIns)),
        lesson: None,
    },
    SampleSetback {
        days_ago: 172,
        area_id: 5,
        impact: 6,
        title: "Sample: Overspent the holiday budget",
        what_happened: "Came home three hundred over, on the credit card.",
        emotion: "guilty",
        recovery: Some((7, Recovered::Marked)),
        lesson: Some((
            "Set the budget per day, not per trip.",
            Some(("I book a trip", "write down a daily budget and check it each evening")),
        )),
    },
    SampleSetback {
        days_ago: 140,
        area_id: 1,
        impact: 8,
        title: "Sample: Project cancelled after six months",
        what_happened: "Leadership stopped the project in a ten-minute meeting. The team is being split up.",
        emotion: "angry",
        recovery: Some((8, Recovered::CheckIns)),
        lesson: Some(("Show progress to the sponsors every month, even when it is small.", None)),
    },
    SampleSetback {
        days_ago: 112,
        area_id: 1,
        impact: 4,
        title: "Sample: Missed an important deadline",
        what_happened: "Underestimated the review and delivered the report two days late.",
        emotion: "anxious",
        recovery: Some((4, Recovered::Marked)),
        lesson: Some((
            "Plan reviews as work, with their own time.",
            Some(("I estimate a task", "add a day for review")),
        )),
    },
    SampleSetback {
        days_ago: 78,
        area_id: 4,
        impact: 3,
        title: "Sample: Broke my streak of morning workouts",
        what_happened: "A cold and a busy week, and three weeks of routine were gone.",
        emotion: "discouraged",
        recovery: Some((3, Recovered::Marked)),
        lesson: None,
    },
    SampleSetback {
        days_ago: 44,
        area_id: 2,
        impact: 5,
        title: "Sample: Stumbled through the conference talk",
        what_happened: "Lost my thread on the third slide and never quite found it again.",
        emotion: "embarrassed",
        recovery: Some((5, Recovered::CheckIns)),
        lesson: Some(("Practise the opening until it needs no notes.", None)),
    },
    SampleSetback {
        days_ago: 6,
        area_id: 3,
        impact: 7,
        title: "Sample: A friend moved away without saying goodbye",
        what_happened: "Found out from someone else that she had already left.",
        emotion: "hurt",
        recovery: None,
        lesson: None,
    },
];

/// The sample's random numbers: a 64-bit linear congruential generator (Knuth's MMIX
/// constants) from a fixed seed. Not for anything but believable noise.
struct Lcg(u64);

impl Lcg {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [-spread, spread).
    fn noise(&mut self, spread: f64) -> f64 {
        (self.unit() * 2.0 - 1.0) * spread
    }

    /// Uniform in `0..bound`.
    fn below(&mut self, bound: u32) -> u32 {
        (self.unit() * f64::from(bound)) as u32
    }
}

/// Fills `database`, which must hold no check-ins and no setbacks, with a sample year ending
/// today by its clock, in one transaction.
pub fn fill(database: &mut Database) -> Result<SampleSummary> {
    let (connection, clock) = database.parts();
    let transaction = connection.transaction().context("start writing the sample journal")?;
    let (check_ins, setbacks): (i64, i64) = transaction
        .query_row("SELECT (SELECT count(*) FROM daily_check_ins), (SELECT count(*) FROM setbacks)", [], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .context("look at the journal")?;
    if check_ins > 0 || setbacks > 0 {
        return Err(CoreError::InvalidInput(format!(
            "Sample data goes into an empty journal of its own; this one already holds {check_ins} check-ins and \
             {setbacks} setbacks."
        )));
    }
    let summary = write(&transaction, clock)?;
    transaction.commit().context("write the sample journal")?;
    Ok(summary)
}

fn write(connection: &Connection, clock: &dyn Clock) -> Result<SampleSummary> {
    const ACTION: &str = "write the sample journal";
    let mut random = Lcg(0x5EED_FA11_0F0F_2026);
    let today = day_number(local_time::today(clock));
    let zone = time_zone_name(&clock.time_zone());
    let now = clock.now().as_millisecond();
    let first = today - SAMPLE_DAYS + 1;
    // The instant of a local date and time, in the user's zone.
    let instant = |day: i32, hour: i32, minute: i32| -> Result<(String, String, i64)> {
        let local = local_time::resolve(Some(&format!("{}T{hour:02}:{minute:02}", date_of(day))), None, clock)?;
        Ok((local.local_date, local.local_time, local.instant))
    };
    let mut summary = SampleSummary {
        check_ins: 0,
        setbacks: 0,
        recovery_check_ins: 0,
        reflections: 0,
        lessons: 0,
        answered_revisits: 0,
        goals: 0,
        brs_results: 0,
    };

    // Daily check-ins: a steady mood with a weekly rhythm and noise, dipping after each
    // setback by its impact and climbing back over its recovery, a little above the old
    // level for a fortnight afterwards. About one day in nine is skipped, and about one in
    // eight has a second check-in at lunch.
    let mut insert_check_in = connection
        .prepare_cached(
            "INSERT INTO daily_check_ins (mood, confidence, energy, note, local_date, local_time, time_zone,
                                          checked_in_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        )
        .context(ACTION)?;
    for day in first..=today {
        let weekday = date_of(day).weekday().to_monday_zero_offset();
        let rhythm = match weekday {
            0 => -0.5,
            5 | 6 => 0.6,
            _ => 0.0,
        };
        let mut effect = 0.0;
        for setback in &SETBACKS {
            let since = day - (today - setback.days_ago);
            if since < 0 {
                continue;
            }
            let length = setback.recovery.map_or(40, |(days, _)| days);
            let depth = f64::from(setback.impact) * 0.45;
            if since < length {
                effect -= depth * (1.0 - f64::from(since) / f64::from(length));
            } else if since < length + 14 {
                effect += 0.4;
            }
        }
        let skip = random.below(9) == 0 && day != today;
        let twice = random.below(8) == 0;
        if skip {
            continue;
        }
        let times: &[(i32, i32)] = if twice { &[(12, 30), (21, 0)] } else { &[(21, 0)] };
        for &(hour, minute) in times {
            let mood = (6.4 + rhythm + effect + random.noise(1.1)).round().clamp(1.0, 10.0) as u8;
            let confidence = (6.0 + effect * 0.7 + random.noise(1.3)).round().clamp(1.0, 10.0) as u8;
            let energy =
                (random.below(3) > 0).then(|| (5.5 + rhythm + random.noise(2.0)).round().clamp(1.0, 10.0) as u8);
            let note = if random.below(10) == 0 { "Sample: a quiet day." } else { "" };
            let (local_date, local_time, at) = instant(day, hour, minute + random.below(25) as i32)?;
            insert_check_in
                .execute(params![mood, confidence, energy, note, local_date, local_time, zone, at])
                .context(ACTION)?;
            summary.check_ins += 1;
        }
    }

    let mut lesson_ids = Vec::new();
    for (index, setback) in SETBACKS.iter().enumerate() {
        let day = today - setback.days_ago;
        let (local_date, local_time, happened_at) = instant(day, 9 + (index as i32 % 8), 15)?;
        let recovered_on = match setback.recovery {
            Some((days, Recovered::Marked)) => Some(date_of(day + days).to_string()),
            _ => None,
        };
        connection
            .execute(
                "INSERT INTO setbacks (title, what_happened, local_date, local_time, time_zone, happened_at, area_id,
                                       impact, control, recovered_on, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'some', ?9, ?6, ?6)",
                params![
                    setback.title,
                    setback.what_happened,
                    local_date,
                    local_time,
                    zone,
                    happened_at,
                    setback.area_id,
                    setback.impact,
                    recovered_on
                ],
            )
            .context(ACTION)?;
        let setback_id = connection.last_insert_rowid();
        summary.setbacks += 1;
        connection
            .execute(
                "INSERT INTO setback_feelings (setback_id, position, emotion, intensity) VALUES (?1, 0, ?2, ?3)",
                params![setback_id, setback.emotion, i64::from(setback.impact) * 10],
            )
            .context(ACTION)?;

        // Recovery check-ins every few days, rising to 8 on the day of recovery (or still low
        // for the open one).
        let length = setback.recovery.map_or(setback.days_ago, |(days, _)| days);
        let mut offsets: Vec<i32> = (2..length).step_by(3).collect();
        offsets.push(length);
        for offset in offsets.into_iter().filter(|&offset| day + offset <= today) {
            let recovered = match setback.recovery {
                Some((days, Recovered::CheckIns)) if offset == days => 8,
                _ => ((offset * 7) / length.max(1)).min(7) as u8,
            };
            let (local_date, _, at) = instant(day + offset, 20, 0)?;
            connection
                .execute(
                    "INSERT INTO recovery_check_ins (setback_id, recovered, local_date, time_zone, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![setback_id, recovered, local_date, zone, at],
                )
                .context(ACTION)?;
            summary.recovery_check_ins += 1;
        }

        // A completed reflection one to three days later, for all but every fourth setback.
        let reflected_day = day + 1 + (index as i32 % 3);
        if index % 4 != 3 && reflected_day <= today {
            let (_, _, completed_at) = instant(reflected_day, 19, 30)?;
            connection
                .execute(
                    "INSERT INTO reflections (setback_id, template_id, template_name, started_at, updated_at, completed_at)
                     SELECT ?1, id, name, ?2, ?2, ?2 FROM templates WHERE key = 'what_so_what_now_what'",
                    params![setback_id, completed_at],
                )
                .context(ACTION)?;
            let reflection_id = connection.last_insert_rowid();
            connection
                .execute(
                    "INSERT INTO reflection_answers (reflection_id, position, prompt, kind, answer)
                     SELECT ?1, p.position, p.text, p.kind, 'Sample answer: ' || p.text
                     FROM template_prompts p JOIN templates t ON t.id = p.template_id
                     WHERE t.key = 'what_so_what_now_what'",
                    [reflection_id],
                )
                .context(ACTION)?;
            summary.reflections += 1;

            if let Some((text, intention)) = setback.lesson {
                let written_on = date_of(reflected_day).to_string();
                connection
                    .execute(
                        "INSERT INTO lessons (text, if_situation, then_action, area_id, status, written_on, time_zone,
                                              created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, 'untested', ?5, ?6, ?7, ?7)",
                        params![
                            format!("Sample: {text}"),
                            intention.map(|(situation, _)| situation),
                            intention.map(|(_, action)| action),
                            setback.area_id,
                            written_on,
                            zone,
                            completed_at
                        ],
                    )
                    .context(ACTION)?;
                let lesson_id = connection.last_insert_rowid();
                lesson_ids.push(lesson_id);
                summary.lessons += 1;
                connection
                    .execute(
                        "INSERT INTO lesson_setbacks (lesson_id, setback_id) VALUES (?1, ?2)",
                        params![lesson_id, setback_id],
                    )
                    .context(ACTION)?;
                // Revisits as the app schedules them; those already due are answered, in a
                // cycle of mostly-yes answers, and move the status as answering would.
                let mut status = LessonStatus::Untested;
                for (number, after) in REVISIT_AFTER_DAYS.into_iter().enumerate() {
                    let due = reflected_day + after;
                    let answer = (due <= today).then(|| {
                        [RevisitAnswer::Yes, RevisitAnswer::Partly, RevisitAnswer::NotYet, RevisitAnswer::Yes]
                            [(index + number) % 4]
                    });
                    let answered_at = match answer {
                        Some(_) => Some(instant(due, 8, 0)?.2),
                        None => None,
                    };
                    connection
                        .execute(
                            "INSERT INTO revisits (lesson_id, due_on, answer, answered_at) VALUES (?1, ?2, ?3, ?4)",
                            params![lesson_id, date_of(due).to_string(), answer, answered_at],
                        )
                        .context(ACTION)?;
                    if let Some(answer) = answer {
                        status = status_after_answer(status, answer);
                        summary.answered_revisits += 1;
                    }
                }
                connection
                    .execute("UPDATE lessons SET status = ?2 WHERE id = ?1", params![lesson_id, status])
                    .context(ACTION)?;
            }
        }
    }

    // A few goals: two learning goals from lessons, and an output goal paired with one.
    let goals: [(&str, &str, &str, Option<usize>, &str); 3] = [
        ("learning", "Sample: Present without notes", "Talks are part of the job I want.", Some(0), "active"),
        ("learning", "Sample: Estimate with a review buffer", "Late work costs trust.", Some(1), "achieved"),
        ("output", "Sample: Give a talk at the spring meetup", "To put the practice to use.", None, "active"),
    ];
    let mut learning_goal = None;
    for (position, (kind, title, why, lesson, status)) in goals.into_iter().enumerate() {
        let created_at = instant(today - 120 + position as i32 * 30, 10, 0)?.2;
        connection
            .execute(
                "INSERT INTO goals (kind, title, why, how_ill_know, status, paired_learning_goal_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, 'Sample: I will know when it feels routine.', ?4, ?5, ?6, ?6)",
                params![kind, title, why, status, if kind == "output" { learning_goal } else { None }, created_at],
            )
            .context(ACTION)?;
        let goal_id = connection.last_insert_rowid();
        learning_goal = learning_goal.or(Some(goal_id));
        if let Some(lesson_id) = lesson.and_then(|index| lesson_ids.get(lesson_ids.len().saturating_sub(1 + index))) {
            connection
                .execute("INSERT INTO goal_lessons (goal_id, lesson_id) VALUES (?1, ?2)", params![goal_id, lesson_id])
                .context(ACTION)?;
        }
        for week in 1..=3 {
            connection
                .execute(
                    "INSERT INTO goal_check_ins (goal_id, progress, note, checked_in_at) VALUES (?1, ?2, '', ?3)",
                    params![goal_id, week * 25, created_at + i64::from(week) * 7 * 86_400_000],
                )
                .context(ACTION)?;
        }
        summary.goals += 1;
    }

    // The Brief Resilience Scale every 30 days, the answers drifting slowly towards resilience.
    let mut day = first;
    let mut month = 0;
    while day <= today {
        let lean = f64::from(month) / 12.0;
        let mut answers = [0u8; 6];
        for (index, answer) in answers.iter_mut().enumerate() {
            let agree = (3.0 + lean + random.noise(0.8)).round().clamp(1.0, 5.0);
            let value = if checkins::BRS_REVERSED[index] { 6.0 - agree } else { agree };
            *answer = value as u8;
        }
        checkins::insert_brs(connection, &date_of(day).to_string(), &zone, &answers, now)?;
        summary.brs_results += 1;
        day += 30;
        month += 1;
    }
    Ok(summary)
}
