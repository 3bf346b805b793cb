//! Sync through a folder, at the sizes the budget names (issue 14):
//! - a second computer joining a journal of 10,000 entries and 1,000 setbacks is in step in
//!   under 15 s (the pairing code's key derivation included);
//! - one new entry is applied on the other computer in under 1 s of CPU after its file arrives;
//! - the change files of a year of daily use take less than 5 MB.
//!
//! Run with `cargo xtask bench` (or `cargo bench -p failup-core --bench sync`). A measurement,
//! not a test: it reports and never fails on a slow machine.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use failup_core::{CheckInDraft, Database, EntryDraft, FixedClock, LessonDraft, SetbackDraft, Timestamp};

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new("2026-06-01T12:00:00Z".parse::<Timestamp>().unwrap(), "Europe/Berlin"))
}

/// CPU time (user + system) of this process so far, from `/proc/self/stat` (in clock ticks of
/// 10 ms).
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("/proc/self/stat");
    let after_name = &stat[stat.rfind(')').expect("the process name ends") + 2..];
    let fields: Vec<u64> = after_name.split(' ').skip(11).take(2).map(|field| field.parse().unwrap()).collect();
    Duration::from_millis((fields[0] + fields[1]) * 10)
}

/// A CPU time as the kernel counts it, in 10 ms ticks.
fn ticks(time: Duration) -> String {
    if time.is_zero() {
        "< 10 ms".to_owned()
    } else {
        format!("{} ms", time.as_millis())
    }
}

fn folder_bytes(folder: &Path) -> u64 {
    let mut total = 0;
    for entry in std::fs::read_dir(folder).unwrap().flatten() {
        let path = entry.path();
        total += if path.is_dir() { folder_bytes(&path) } else { entry.metadata().unwrap().len() };
    }
    total
}

/// About 1,200 characters of varied prose, as a day's entry runs: words drawn from a few
/// hundred by a fixed generator, so that it compresses about as much as real writing does
/// (a sentence repeated would flatter the compression of change files).
fn body(day: usize) -> String {
    const WORDS: &str = "the a I my it was to and of in that not but so then went felt said \
        review numbers promised ready late differently Monday Thursday walk came back clearer head team \
        manager deadline demo crashed stage client rehearsed slides question answer nervous calm \
        tired proud angry relieved learned next time will ask early help plan write down notes \
        meeting morning evening train home desk coffee email draft feedback mistake fix test \
        build failed passed release bug chart budget sprint goal habit sleep run friend mentor \
        call talked listened idea try small step practice again better worse honest fear hope";
    let words: Vec<&str> = WORDS.split_whitespace().collect();
    let mut state = (day as u64).wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
    let mut text = format!("Day {day}.");
    while text.len() < 1_200 {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let word = words[(state >> 33) as usize % words.len()];
        text.push(' ');
        text.push_str(word);
        if (state >> 20) % 11 == 0 {
            text.push('.');
        }
    }
    text
}

fn row(label: &str, measured: String, budget: &str) {
    println!("{label:<62} {measured:>12} {budget:>12}");
}

fn main() {
    println!("{:<62} {:>12} {:>12}", "Sync through a folder", "measured", "budget");
    join_a_large_journal();
    a_year_of_daily_use();
}

fn join_a_large_journal() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    let mut laptop = Database::open_in_dir(&dir.path().join("laptop"), clock()).unwrap();
    let drafts: Vec<EntryDraft> = (0..10_000)
        .map(|day| EntryDraft {
            title: format!("Day {day}"),
            body: body(day),
            local_date_time: Some(format!(
                "20{:02}-{:02}-{:02}T20:00",
                10 + day / 365 % 16,
                day / 28 % 12 + 1,
                day % 28 + 1
            )),
            tags: vec!["work".into()],
            ..Default::default()
        })
        .collect();
    for chunk in drafts.chunks(5_000) {
        laptop.entries().create_many(chunk).unwrap();
    }
    for index in 0..1_000 {
        laptop
            .setbacks()
            .create(&SetbackDraft {
                title: format!("Setback {index}"),
                what_happened: "The demo failed in front of the client.".into(),
                impact: (index % 10 + 1) as u8,
                ..Default::default()
            })
            .unwrap();
    }
    let started = Instant::now();
    let code = laptop.start_sync(&folder, "Laptop").unwrap();
    row(
        "first computer writes 10,000 entries + 1,000 setbacks",
        format!("{:.1} s", started.elapsed().as_secs_f64()),
        "",
    );
    row("  change files in the folder", format!("{:.1} MB", folder_bytes(&folder) as f64 / 1e6), "");

    let mut desktop = Database::open_in_dir(&dir.path().join("desktop"), clock()).unwrap();
    let started = Instant::now();
    desktop.join_sync(&folder, &code, "Desktop").unwrap();
    row("second computer joins and is in step", format!("{:.1} s", started.elapsed().as_secs_f64()), "15 s");
    assert_eq!(desktop.entries().list(None, 1).unwrap().entries.len(), 1);

    laptop.entries().create(&EntryDraft { title: "One more".into(), body: body(0), ..Default::default() }).unwrap();
    let (cpu, wall) = (cpu_time(), Instant::now());
    laptop.sync_now().unwrap();
    row("  one new entry written out (10,000 in the journal), CPU", ticks(cpu_time() - cpu), "");
    row("  … wall time", format!("{} ms", wall.elapsed().as_millis()), "");
    let (cpu, wall) = (cpu_time(), Instant::now());
    let report = desktop.sync_now().unwrap();
    assert!(report.received > 0);
    row("  one new entry applied on the other computer, CPU", ticks(cpu_time() - cpu), "1000 ms");
    row("  … wall time", format!("{} ms", wall.elapsed().as_millis()), "");
}

fn a_year_of_daily_use() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    let mut laptop = Database::open_in_dir(&dir.path().join("laptop"), clock()).unwrap();
    laptop.start_sync(&folder, "Laptop").unwrap();
    // Every change file written over the year, counted once as it appears (folded files are
    // counted apart: the budget is for what a year writes before folding).
    let mut seen = std::collections::BTreeSet::new();
    let mut written = 0u64;
    let mut count_new_files = |folder: &Path| {
        for path in change_files(folder) {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if seen.insert(name.clone()) && !(name.starts_with("0000000000000001-") && seen.len() > 1) {
                written += std::fs::metadata(&path).unwrap().len();
            }
        }
    };
    count_new_files(&folder);
    let mut sync = |laptop: &mut Database| {
        laptop.sync_now().unwrap();
        count_new_files(&folder);
    };
    // A day: an entry written, then edited twice (autosave rounds), a check-in; a setback and
    // a lesson every week; a sync round after each change, as the app does.
    for day in 0..365 {
        let date = format!("2025-{:02}-{:02}T21:00", day / 31 % 12 + 1, day % 28 + 1);
        let draft = EntryDraft {
            title: format!("Day {day}"),
            body: body(day),
            local_date_time: Some(date.clone()),
            ..Default::default()
        };
        let id = laptop.entries().create(&draft).unwrap().id;
        sync(&mut laptop);
        for edit in 0..2 {
            let longer =
                EntryDraft { body: format!("{}\n\nLater ({edit}): it was fine.", draft.body), ..draft.clone() };
            laptop.entries().update(id, &longer).unwrap();
            sync(&mut laptop);
        }
        laptop
            .check_ins()
            .log(&CheckInDraft {
                mood: 6,
                confidence: 7,
                note: "ok".into(),
                local_date_time: Some(date),
                ..Default::default()
            })
            .unwrap();
        sync(&mut laptop);
        if day % 7 == 0 {
            let setback = laptop
                .setbacks()
                .create(&SetbackDraft {
                    title: format!("Week {day}"),
                    what_happened: body(day),
                    impact: 5,
                    ..Default::default()
                })
                .unwrap();
            laptop
                .lessons()
                .create(&LessonDraft {
                    text: "Say it early.".into(),
                    setback_ids: vec![setback.id],
                    ..Default::default()
                })
                .unwrap();
            sync(&mut laptop);
        }
    }
    row(
        "a year of daily use: change files written (before folding)",
        format!("{:.2} MB", written as f64 / 1e6),
        "5 MB",
    );
    row(
        "  … in the folder at the year's end (after folding)",
        format!("{:.2} MB", folder_bytes(&folder) as f64 / 1e6),
        "",
    );
}

/// Every change file under a sync folder.
fn change_files(folder: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(change_files(&path));
        } else if path.extension().is_some_and(|extension| extension == "fuc") {
            found.push(path);
        }
    }
    found
}
