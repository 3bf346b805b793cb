//! Launch-to-journal time and memory of the real app, with an empty journal and with 100,000
//! entries. Run by `cargo xtask bench` under a private Xvfb display, against the release
//! binary.
//!
//! The time is measured from the app process's start (its start time in /proc) to the
//! moment the UI marks the first page of the journal as rendered (`performance.mark
//! ('journal-shown')`), both as wall-clock instants, so WebDriver's own start-up overhead is
//! not counted. Memory is the proportional set size (PSS) of the app and its WebKit
//! processes, read from /proc once the journal is shown.

#[path = "../e2e/display.rs"]
#[allow(dead_code)]
mod display;
#[path = "../e2e/driver.rs"]
#[allow(dead_code)]
mod driver;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use failup_core::{Database, EntryDraft, FixedClock, SystemClock, Timestamp};
use serde_json::json;

use driver::App;

const RUNS: usize = 5;

fn main() {
    let empty = tempfile::tempdir().unwrap();
    Database::open_in_dir(empty.path(), Arc::new(SystemClock)).unwrap();
    measure("empty journal", empty.path());

    let full = tempfile::tempdir().unwrap();
    fill(full.path(), 100_000);
    measure("100,000 entries", full.path());
}

fn fill(dir: &Path, count: usize) {
    let clock = Arc::new(FixedClock::new("2026-06-01T12:00:00Z".parse::<Timestamp>().unwrap(), "Europe/Berlin"));
    let mut database = Database::open_in_dir(dir, clock).unwrap();
    let drafts: Vec<EntryDraft> = (0..count)
        .map(|index| EntryDraft {
            title: format!("Entry {index}"),
            body: "Today the review went badly, and I learned to ask earlier. ".repeat(8),
            local_date_time: Some(format!(
                "20{:02}-{:02}-{:02}T{:02}:{:02}",
                10 + index % 16,
                1 + index % 12,
                1 + index % 28,
                index % 24,
                index % 60
            )),
            tags: vec!["work".into()],
            ..Default::default()
        })
        .collect();
    for chunk in drafts.chunks(10_000) {
        database.entries().create_many(chunk).unwrap();
    }
    // A returning user: the first-run welcome is not what is measured.
    database.settings().finish_welcome().unwrap();
}

fn measure(label: &str, data_dir: &Path) {
    let mut times = Vec::new();
    let mut page_starts = Vec::new();
    let mut memory = Vec::new();
    for _ in 0..RUNS {
        let app = App::launch(data_dir);
        app.wait_for("the journal to be shown", "performance.getEntriesByName('journal-shown').length > 0");
        let shown_at_ms = app
            .execute(
                "return performance.timeOrigin + performance.getEntriesByName('journal-shown')[0].startTime;",
                json!([]),
            )
            .as_f64()
            .unwrap();
        let pid = app_pid(data_dir).expect("the app process is found by its --data-dir");
        let started_at_ms = process_start_epoch_ms(pid);
        times.push(Duration::from_secs_f64(((shown_at_ms - started_at_ms) / 1e3).max(0.0)));
        // When the page began to load, after the process started: the part of the time spent
        // before any of our UI code runs (process, GTK, WebKit start-up).
        let page_origin_ms = app.execute("return performance.timeOrigin;", json!([])).as_f64().unwrap();
        page_starts.push(Duration::from_secs_f64(((page_origin_ms - started_at_ms) / 1e3).max(0.0)));
        memory.push(pss_kib_of_tree(pid));
        app.quit();
    }
    times.sort();
    page_starts.sort();
    memory.sort();
    println!(
        "{label:<18} launch to journal shown: median {:>5.0} ms (of which before the page starts loading: {:>4.0} ms) (runs: {:?} ms; budget 600 ms)   memory: median {:>4} MB PSS (app + WebKit processes)",
        times[RUNS / 2].as_secs_f64() * 1e3,
        page_starts[RUNS / 2].as_secs_f64() * 1e3,
        times.iter().map(|t| t.as_millis()).collect::<Vec<_>>(),
        memory[RUNS / 2] / 1024,
    );
}

/// The pid of the app process started with `--data-dir data_dir`.
fn app_pid(data_dir: &Path) -> Option<u32> {
    let needle = data_dir.to_string_lossy().into_owned();
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|entry| {
        let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
        let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
        let args: Vec<String> = cmdline.split(|b| *b == 0).map(|a| String::from_utf8_lossy(a).into_owned()).collect();
        let is_app = args.first().is_some_and(|program| program.ends_with("/failup"));
        (is_app && args.contains(&needle)).then_some(pid)
    })
}

/// When process `pid` started, in milliseconds since the Unix epoch.
fn process_start_epoch_ms(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Field 22 (starttime, in clock ticks since boot) counts from after the command name,
    // which is in parentheses and may contain spaces.
    let after_name = &stat[stat.rfind(')').unwrap() + 2..];
    let start_ticks: f64 = after_name.split_whitespace().nth(19).unwrap().parse().unwrap();
    let boot_time_s: f64 = std::fs::read_to_string("/proc/stat")
        .unwrap()
        .lines()
        .find_map(|line| line.strip_prefix("btime ").map(|value| value.trim().parse().unwrap()))
        .unwrap();
    // Linux reports starttime in USER_HZ, which is 100 on every architecture it supports.
    (boot_time_s + start_ticks / 100.0) * 1e3
}

/// The PSS, in KiB, of `pid` and all its descendants (WebKit's web and network processes).
fn pss_kib_of_tree(pid: u32) -> u64 {
    let mut total = 0;
    let mut pending = vec![pid];
    while let Some(current) = pending.pop() {
        total += std::fs::read_to_string(format!("/proc/{current}/smaps_rollup"))
            .ok()
            .and_then(|text| {
                text.lines().find_map(|line| {
                    line.strip_prefix("Pss:")
                        .map(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().unwrap_or(0))
                })
            })
            .unwrap_or(0);
        for task in std::fs::read_dir(format!("/proc/{current}/task")).into_iter().flatten().flatten() {
            if let Ok(children) = std::fs::read_to_string(task.path().join("children")) {
                pending.extend(children.split_whitespace().filter_map(|child| child.parse::<u32>().ok()));
            }
        }
    }
    total
}
