//! Importing a Day One export with photos: 1,000 entries, each with one photo of 2.0–2.3 MB
//! (incompressible, as JPEG is), about 2.1 GB in one zip, stored the way Day One stores media.
//!
//! Run with `cargo xtask bench` (or `cargo bench -p failup-core --bench attachments`). The
//! import (read, preview, apply) runs in a child process of its own, so that its peak
//! resident memory (`VmHWM`) is the import's and nothing else's. Budgets: under 60 s, under
//! 300 MB at peak. A measurement, not a test: it reports and never fails on a slow machine.
//! The export is generated in a temporary folder first (it needs about 4.5 GB of free disk,
//! with the journal it is imported into).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use failup_core::transfer::{ImportFormat, ImportOptions, ParsedImport};
use failup_core::{Database, FixedClock, Timestamp};
use zip::write::SimpleFileOptions;

const ENTRIES: usize = 1_000;
const TIME_BUDGET: Duration = Duration::from_secs(60);
const MEMORY_BUDGET_MB: u64 = 300;
/// Where the child finds the export and the journal folder.
const CHILD_ARGUMENTS: &str = "FAILUP_BENCH_IMPORT_CHILD";

fn main() {
    if let Ok(arguments) = std::env::var(CHILD_ARGUMENTS) {
        let (zip, journal) = arguments.split_once('\n').expect("the export's and the journal's paths");
        return import_and_report(Path::new(zip), Path::new(journal));
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let zip = dir.path().join("Day One Export.zip");
    let started = Instant::now();
    let photo_bytes = write_export(&zip);
    println!(
        "generated a Day One export of {ENTRIES} entries and {ENTRIES} photos: {:.2} GB zip in {:.1} s",
        std::fs::metadata(&zip).unwrap().len() as f64 / 1e9,
        started.elapsed().as_secs_f64()
    );
    let journal = dir.path().join("journal");
    std::fs::create_dir(&journal).unwrap();
    let child = Command::new(std::env::current_exe().unwrap())
        .env(CHILD_ARGUMENTS, format!("{}\n{}", zip.display(), journal.display()))
        .output()
        .expect("the import's own process");
    let report = String::from_utf8_lossy(&child.stdout);
    assert!(child.status.success(), "the import failed: {report}{}", String::from_utf8_lossy(&child.stderr));
    let field = |name: &str| -> f64 {
        report
            .lines()
            .find_map(|line| line.strip_prefix(name)?.trim().parse().ok())
            .unwrap_or_else(|| panic!("{name} in the import's report: {report}"))
    };
    let seconds = field("seconds:");
    let peak_mb = field("peak_kb:") / 1024.0;
    println!("{:<58} {:>10} {:>14}", "Day One import, 1,000 entries + 1,000 photos", "measured", "budget");
    println!("{:<58} {:>8.1} s {:>12} s", "  time (read, preview, import)", seconds, TIME_BUDGET.as_secs());
    println!(
        "{:<58} {:>7.0} MB {:>11} MB",
        "  peak resident memory of the import's process", peak_mb, MEMORY_BUDGET_MB
    );
    println!("{:<58} {:>7.0} MB", "  photo bytes imported (stored once each)", field("stored_bytes:") / 1e6,);
    assert_eq!(field("stored_bytes:") as u64, photo_bytes, "every photo arrived");
}

/// Writes the export: `Journal.json` and `photos/<md5>.jpeg`. Returns the photos' total size.
fn write_export(path: &Path) -> u64 {
    let mut zip = zip::ZipWriter::new(BufWriter::new(File::create(path).unwrap()));
    let mut entries = Vec::with_capacity(ENTRIES);
    for index in 0..ENTRIES {
        let md5 = format!("{index:032x}");
        entries.push(format!(
            r#"{{"uuid": "{index:032X}", "creationDate": "2020-01-01T{:02}:{:02}:00Z", "timeZone": "Europe/Berlin",
            "text": "Day {index}: the walk after the rejection.\n\n![](dayone-moment://P{index})\n\nFelt better.",
            "photos": [{{"identifier": "P{index}", "md5": "{md5}", "type": "jpeg"}}]}}"#,
            index / 60 % 24,
            index % 60
        ));
    }
    zip.start_file("Journal.json", SimpleFileOptions::default()).unwrap();
    zip.write_all(format!(r#"{{"metadata": {{"version": "1.0"}}, "entries": [{}]}}"#, entries.join(",")).as_bytes())
        .unwrap();
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored).large_file(true);
    let mut total = 0u64;
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for index in 0..ENTRIES {
        let size = 2_000_000 + (index * 7_919 % 300_000);
        let mut photo = Vec::with_capacity(size);
        photo.extend_from_slice(&[0xFF, 0xD8, 0xFF, 0xE0]);
        while photo.len() < size {
            // xorshift: fast, incompressible enough to stand for JPEG data.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            photo.extend_from_slice(&state.to_le_bytes());
        }
        photo.truncate(size);
        zip.start_file(format!("photos/{index:032x}.jpeg"), stored).unwrap();
        zip.write_all(&photo).unwrap();
        total += size as u64;
    }
    zip.finish().unwrap().flush().unwrap();
    total
}

/// The child: imports the export into a new journal and prints its time and peak memory.
fn import_and_report(zip: &Path, journal: &Path) {
    let clock = Arc::new(FixedClock::new("2026-06-01T12:00:00Z".parse::<Timestamp>().unwrap(), "Europe/Berlin"));
    let mut database = Database::open_in_dir(journal, clock).expect("a new journal");
    let started = Instant::now();
    let parsed = ParsedImport::read(ImportFormat::DayOne, zip).expect("the export reads");
    let options = ImportOptions::default();
    database.import_preview(&parsed, &options).expect("a preview");
    let report = database.import(&parsed, &options).expect("the import");
    let seconds = started.elapsed().as_secs_f64();
    assert!(report.skipped.is_empty(), "nothing is left out: {:?}", report.skipped);
    let stored_bytes: i64 =
        database.connection().query_row("SELECT sum(size_bytes) FROM attachments", [], |row| row.get(0)).unwrap();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak_kb = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0);
    println!("seconds: {seconds}\npeak_kb: {peak_kb}\nstored_bytes: {stored_bytes}");
}
