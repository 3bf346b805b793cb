//! Journal benchmarks at the size the performance budget names: 100,000 entries.
//!
//! Run with `cargo xtask bench` (or `cargo bench -p failup-core --bench journal`). Each figure
//! is the median of repeated runs, printed beside its budget. This is a measurement, not a
//! test: it never fails on a slow machine, it reports.

use std::sync::Arc;
use std::time::{Duration, Instant};

use failup_core::{Database, EntryDraft, FixedClock, Timestamp};

const ENTRIES: usize = 100_000;

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let clock = Arc::new(FixedClock::new("2026-06-01T12:00:00Z".parse::<Timestamp>().unwrap(), "Europe/Berlin"));
    let mut database = Database::open_in_dir(dir.path(), clock.clone()).expect("a new journal");

    let drafts: Vec<EntryDraft> = (0..ENTRIES).map(generated_entry).collect();
    let started = Instant::now();
    for chunk in drafts.chunks(10_000) {
        database.entries().create_many(chunk).expect("the generated entries are valid");
    }
    let import = started.elapsed();
    report("import 100,000 entries (per entry)", import / ENTRIES as u32, Duration::from_micros(100));

    // Reopen, as the app does at start, so that no cache from the import flatters the figures.
    drop(database);
    let started = Instant::now();
    let mut database = Database::open_in_dir(dir.path(), clock).expect("the journal reopens");
    let first_page = database.entries().list(None, 50).expect("the first page");
    report("open the journal and read the first page", started.elapsed(), Duration::from_millis(100));
    assert_eq!(first_page.entries.len(), 50);

    let deep_cursor = {
        let mut cursor = first_page.next_cursor.clone();
        for _ in 0..1000 {
            cursor = database.entries().list(cursor.as_deref(), 50).unwrap().next_cursor;
        }
        cursor
    };
    report(
        "first page of the list",
        median(|| drop(database.entries().list(None, 50).unwrap())),
        Duration::from_millis(5),
    );
    report(
        "a page 50,000 entries deep",
        median(|| drop(database.entries().list(deep_cursor.as_deref(), 50).unwrap())),
        Duration::from_millis(5),
    );
    report(
        "entries of one day",
        median(|| drop(database.entries().on_day("2025-03-14").unwrap())),
        Duration::from_millis(5),
    );
    for query in ["deadline", "feedb", "team meeting", "zebra"] {
        report(
            &format!("search {query:?}"),
            median(|| drop(database.entries().search(query, 50).unwrap())),
            Duration::from_millis(10),
        );
    }
    let mut counter = 0;
    report(
        "save an edit (fsync included)",
        median(|| {
            counter += 1;
            let draft = EntryDraft { title: format!("edited {counter}"), ..generated_entry(7) };
            database.entries().update(1, &draft).unwrap();
        }),
        Duration::from_millis(50),
    );
}

/// A varied, deterministic entry: words cycle through a small vocabulary so that searches
/// have realistic numbers of matches.
fn generated_entry(index: usize) -> EntryDraft {
    const WORDS: &[&str] = &[
        "deadline",
        "feedback",
        "team",
        "meeting",
        "presentation",
        "rejected",
        "learned",
        "mentor",
        "tired",
        "progress",
        "interview",
        "budget",
        "family",
        "run",
        "sleep",
        "project",
        "code",
        "review",
    ];
    let word = |n: usize| WORDS[(index * 7 + n * 13) % WORDS.len()];
    let body = (0..60).map(&word).collect::<Vec<_>>().join(" ");
    let minutes = (index * 97) % (60 * 24 * 365 * 5);
    let day = jiff::civil::date(2021, 6, 1).at(0, 0, 0, 0) + jiff::Span::new().minutes(minutes as i64);
    EntryDraft {
        title: format!("{} {} #{index}", word(1), word(2)),
        body,
        local_date_time: Some(day.strftime("%Y-%m-%dT%H:%M").to_string()),
        time_zone: None,
        mood: Some((index % 5 + 1) as u8),
        tags: vec![word(3).to_owned()],
    }
}

/// The median time of 31 runs of `operation`, after 3 to warm up.
fn median(mut operation: impl FnMut()) -> Duration {
    for _ in 0..3 {
        operation();
    }
    let mut times: Vec<Duration> = (0..31)
        .map(|_| {
            let started = Instant::now();
            operation();
            started.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn report(what: &str, took: Duration, budget: Duration) {
    let verdict = if took <= budget { "within" } else { "OVER" };
    println!(
        "{what:<45} {:>10.3} ms   ({verdict} budget {:.3} ms)",
        took.as_secs_f64() * 1e3,
        budget.as_secs_f64() * 1e3
    );
}
