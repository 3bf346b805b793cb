//! Trends at a size well beyond a real journal's: ten years of daily check-ins (two on some
//! days) and 1,000 setbacks with recoveries, reflections and lessons.
//!
//! Run with `cargo xtask bench` (or `cargo bench -p failup-core --bench trends`): criterion
//! measures the whole report, SQL loading included, for three ranges. The budget is 50 ms.

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};

use failup_core::{AnswerDraft, CheckInDraft, Database, FixedClock, LessonDraft, SetbackDraft, Timestamp, TrendRange};

const DAYS: i64 = 3_652;
const SETBACKS: i64 = 1_000;

fn trends(criterion: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let clock = Arc::new(FixedClock::new("2026-06-01T12:00:00Z".parse::<Timestamp>().unwrap(), "Europe/Berlin"));
    let mut database = Database::open_in_dir(dir.path(), clock).expect("a new journal");
    // Loading only: each domain write is its own durable transaction, and ten thousand fsyncs
    // would measure the disk, not the trends.
    database.connection().pragma_update(None, "synchronous", "OFF").unwrap();

    let first = jiff::civil::date(2016, 6, 2);
    let day = |offset: i64| first.checked_add(jiff::Span::new().days(offset)).unwrap();
    let drafts: Vec<CheckInDraft> = (0..DAYS)
        .flat_map(|offset| {
            let twice = offset % 7 == 3;
            (0..if twice { 2 } else { 1 }).map(move |n| CheckInDraft {
                mood: (3 + (offset * 7 + n * 3) % 7) as u8,
                confidence: (2 + (offset * 5) % 8) as u8,
                energy: None,
                note: String::new(),
                local_date_time: Some(format!("{}T{}:00", day(offset), 12 + n * 8)),
                time_zone: None,
            })
        })
        .collect();
    database.check_ins().log_many(&drafts).expect("the generated check-ins are valid");

    for index in 0..SETBACKS {
        let offset = index * (DAYS - 20) / SETBACKS;
        let id = database
            .setbacks()
            .create(&SetbackDraft {
                title: format!("setback {index}"),
                local_date_time: Some(format!("{}T09:00", day(offset))),
                area_id: Some(1 + index % 7),
                impact: (1 + index % 10) as u8,
                ..Default::default()
            })
            .unwrap()
            .id;
        if index % 3 == 0 {
            database.setbacks().mark_recovered(id, Some(&day(offset + 1 + index % 20).to_string())).unwrap();
        }
        if index % 2 == 0 {
            let reflection = database.reflections().start(id, 3).unwrap();
            database
                .reflections()
                .complete(reflection.id, &[AnswerDraft { text: "x".into(), rating: None }], &[])
                .unwrap();
        }
        if index % 4 == 0 {
            let lesson = database
                .lessons()
                .create(&LessonDraft { text: format!("lesson {index}"), setback_ids: vec![id], ..Default::default() })
                .unwrap();
            database.lessons().answer_revisit(lesson.revisits[0].id, failup_core::RevisitAnswer::Yes, "").unwrap();
        }
    }
    database.connection().pragma_update(None, "synchronous", "FULL").unwrap();

    let mut group = criterion.benchmark_group("trends of 10 years and 1,000 setbacks");
    for range in [TrendRange::Days30, TrendRange::Year, TrendRange::All] {
        group.bench_function(format!("{range:?}"), |bench| bench.iter(|| database.trends(range).unwrap()));
    }
    group.finish();
}

criterion_group! {
    name = benches;
    // A report takes milliseconds; 30 samples give a stable median in a few seconds.
    config = Criterion::default().sample_size(30);
    targets = trends
}
criterion_main!(benches);
