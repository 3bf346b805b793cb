//! Journal benchmarks at the size the performance budget names: 100,000 entries.
//!
//! Run with `cargo xtask bench` (or `cargo bench -p failup-core --bench journal`). Each figure
//! is the median of repeated runs, printed beside its budget. This is a measurement, not a
//! test: it never fails on a slow machine, it reports.
//!
//! The groups: `journal` (writing, listing, searching), `import-jrnl` and `import-failup` (a
//! jrnl file and a Failing Up export of 100,000 entries each, into an empty journal) and
//! `unlock` (the passphrase's key derivation). The whole run takes minutes, so groups can be
//! chosen after `--` by the start of their names:
//! `cargo bench -p failup-core --bench journal -- import unlock`.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use failup_core::transfer::{ImportFormat, ImportOptions, ParsedImport};
use failup_core::vault::KeyFile;
use failup_core::{Database, EntryDraft, FixedClock, Timestamp};

const ENTRIES: usize = 100_000;

/// The import budget: 0.1 ms per entry, for reading, checking, previewing and importing.
const IMPORT_BUDGET_PER_ENTRY: Duration = Duration::from_micros(100);

fn main() {
    // Cargo passes `--bench` to a benchmark without a harness; everything else not starting
    // with a dash chooses groups.
    let chosen: Vec<String> = std::env::args().skip(1).filter(|argument| !argument.starts_with('-')).collect();
    let selected = |group: &str| chosen.is_empty() || chosen.iter().any(|start| group.starts_with(start.as_str()));
    if selected("journal") {
        journal_operations();
    }
    if selected("import-jrnl") {
        jrnl_import();
    }
    if selected("import-failup") {
        failing_up_import();
    }
    if selected("unlock") {
        unlock();
    }
}

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new("2026-06-01T12:00:00Z".parse::<Timestamp>().unwrap(), "Europe/Berlin"))
}

fn journal_operations() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let clock = clock();
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

/// jrnl's export (`jrnl --export json`) of 100,000 entries like [`generated_entry`]'s, read
/// from a file, previewed and imported into an empty journal, as the app does.
fn jrnl_import() {
    let entries: Vec<serde_json::Value> = (0..ENTRIES)
        .map(|index| {
            let draft = generated_entry(index);
            let (date, time) = draft.local_date_time.as_deref().unwrap().split_once('T').unwrap();
            serde_json::json!({
                "title": draft.title,
                "body": draft.body,
                "date": date,
                "time": time,
                "tags": draft.tags.iter().map(|tag| format!("@{tag}")).collect::<Vec<_>>(),
                "starred": index % 10 == 0,
            })
        })
        .collect();
    let file = serde_json::to_vec(&serde_json::json!({ "tags": {}, "entries": entries })).unwrap();
    import_file("jrnl", ImportFormat::Jrnl, &file);
}

/// A Failing Up export of a journal of 100,000 entries, restored into an empty journal.
fn failing_up_import() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut source = Database::open_in_dir(dir.path(), clock()).expect("a new journal");
    let drafts: Vec<EntryDraft> = (0..ENTRIES).map(generated_entry).collect();
    for chunk in drafts.chunks(10_000) {
        source.entries().create_many(chunk).expect("the generated entries are valid");
    }
    let file = source.export_json().expect("the journal exports");
    import_file("Failing Up", ImportFormat::FailingUp, &file);
}

/// Reads, previews and imports `file` into a new journal, reporting each step and their sum
/// per entry.
fn import_file(name: &str, format: ImportFormat, file: &[u8]) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("import-file");
    std::fs::write(&path, file).expect("the import file is written");
    let mut database = Database::open_in_dir(&dir.path().join("journal"), clock()).expect("a new journal");
    let options = ImportOptions::default();

    let started = Instant::now();
    let parsed = ParsedImport::read(format, Path::new(&path)).expect("the file is readable");
    let read = started.elapsed();
    let started = Instant::now();
    let preview = database.import_preview(&parsed, &options).expect("the preview");
    let previewed = started.elapsed();
    let started = Instant::now();
    let outcome = database.import(&parsed, &options).expect("the import");
    let imported = started.elapsed();
    assert_eq!(outcome.counts, preview.counts, "the import does what the preview announced");
    let stored: i64 = database.connection().query_row("SELECT count(*) FROM entries", [], |row| row.get(0)).unwrap();
    assert_eq!(stored, ENTRIES as i64, "every entry of the {name} file is imported");

    let per_entry = |took: Duration| took / ENTRIES as u32;
    println!("{name} file of 100,000 entries: {:.1} MB", file.len() as f64 / (1024.0 * 1024.0));
    report_figure(&format!("{name}: read and check (per entry)"), per_entry(read));
    report_figure(&format!("{name}: preview (per entry)"), per_entry(previewed));
    report_figure(&format!("{name}: import (per entry)"), per_entry(imported));
    report(
        &format!("{name}: whole import (per entry)"),
        per_entry(read + previewed + imported),
        IMPORT_BUDGET_PER_ENTRY,
    );
}

/// The passphrase's key derivation (Argon2id), which sets how long locking a journal and
/// unlocking it take. Measured once each: a run takes about a second by design.
fn unlock() {
    let passphrase = "correct horse battery staple";
    let started = Instant::now();
    let (key_file, key) = KeyFile::create(passphrase).expect("a key file");
    report("encrypt: derive and wrap a new key", started.elapsed(), Duration::from_secs(1));
    let started = Instant::now();
    let unwrapped = key_file.unwrap_key(passphrase).expect("the passphrase unwraps the key");
    report("unlock: derive and unwrap the key", started.elapsed(), Duration::from_secs(1));
    assert_eq!(unwrapped.to_hex(), key.to_hex(), "the unwrapped key is the one wrapped");
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

/// A figure that has no budget of its own (a step of one that has).
fn report_figure(what: &str, took: Duration) {
    println!("{what:<45} {:>10.3} ms", took.as_secs_f64() * 1e3);
}

fn report(what: &str, took: Duration, budget: Duration) {
    let verdict = if took <= budget { "within" } else { "OVER" };
    println!(
        "{what:<45} {:>10.3} ms   ({verdict} budget {:.3} ms)",
        took.as_secs_f64() * 1e3,
        budget.as_secs_f64() * 1e3
    );
}
