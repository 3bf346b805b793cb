//! Start-up of the real app the way a person sees it, at 0, 36,500 and 100,000 entries and on
//! first run. Run by `cargo xtask bench` under a private Xvfb display (with `-fbdir`, so the
//! screen can be read as a file), against the release binary.
//!
//! For each case, five launches of the app itself (no WebDriver) measure:
//! - **visually complete**: from exec until the screen stops changing — the first captured
//!   frame from which every later one differs from the finished screen in under 0.5 % of its
//!   pixels; the screen is read about every 10 ms for 7 s;
//! - **white frames**: captured frames in which the window shows as a blank white rectangle
//!   (there must be none: the window is shown only with its first screen, on the app's colour);
//! - **PSS** 7 s after exec, of the app and all its WebKit processes, and of the app's own
//!   process alone (which must not grow with the journal).
//!
//! Then five launches under WebDriver measure the time from the process's start to the
//! journal's `journal-shown` mark (its first page in the DOM), and how much PSS grows after
//! opening every view once and returning to the journal.
//!
//! Set `FAILUP_BASELINE_BINARY` to an older build to measure it too, in the same run and on
//! the same journals, for a before-and-after table; `FAILUP_BENCH_ONLY=<text>` measures only
//! the cases whose label contains the text (`empty|photos`: either), and `cargo xtask bench`
//! then skips the core benchmarks; `FAILUP_BENCH_FRAMES=<folder>` keeps every frame
//! the screen showed, named by its time since exec.

#[path = "../e2e/display.rs"]
mod display;
#[path = "../e2e/driver.rs"]
#[allow(dead_code)]
mod driver;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use failup_core::{Database, EntryDraft, FixedClock, Timestamp};
use serde_json::json;

use display::{Frame, Screen};
use driver::{App, Launch};

const RUNS: usize = 5;
/// How long the screen is watched after exec; memory is read at its end.
const WATCH: Duration = Duration::from_secs(7);
/// Frames differing from the finished screen in fewer pixels than this count as complete
/// (a blinking caret, the pointer).
const COMPLETE: f64 = 0.005;
const VIEWS: [&str; 8] = ["today", "journal", "setbacks", "lessons", "goals", "people", "trends", "settings"];

/// One case: a label, and how to prepare a data folder for each launch.
struct Case {
    label: &'static str,
    entries: Option<usize>,
    /// Photos of about 3 MB attached to the entries, one each, with the last
    /// [`PHOTOS_ON_ONE_ENTRY`] all on the newest entry.
    photos: usize,
}

/// The photos on the newest entry of a case with photos, whose thumbnail list is timed.
const PHOTOS_ON_ONE_ENTRY: usize = 100;

fn main() {
    let screen = Screen::from_env().expect("run with `cargo xtask bench`: the screen is read from Xvfb's -fbdir");
    let binary = PathBuf::from(std::env::var_os("FAILUP_APP_BINARY").expect("FAILUP_APP_BINARY"));
    // An older build to compare with, measured in the same run on the same journals.
    let baseline = std::env::var_os("FAILUP_BASELINE_BINARY").map(PathBuf::from);
    let cases = [
        Case { label: "first run (welcome)", entries: None, photos: 0 },
        Case { label: "empty journal", entries: Some(0), photos: 0 },
        Case { label: "36,500 entries", entries: Some(36_500), photos: 0 },
        Case { label: "100,000 entries", entries: Some(100_000), photos: 0 },
        Case { label: "5,000 photos", entries: Some(4_901), photos: 5_000 },
    ];
    // `FAILUP_BENCH_ONLY=36,500` measures only the cases whose label contains that text;
    // `empty|photos`, those that contain either.
    let only = std::env::var("FAILUP_BENCH_ONLY").unwrap_or_default();
    let cases: Vec<&Case> = cases.iter().filter(|case| only.split('|').any(|text| case.label.contains(text))).collect();
    let builds: Vec<(String, PathBuf)> = baseline
        .into_iter()
        .map(|path| (format!("Baseline ({})", path.display()), path))
        .chain([("This build".to_owned(), binary)])
        .collect();
    let mut tables: Vec<(String, Vec<Row>)> = builds.iter().map(|(name, _)| (name.clone(), Vec::new())).collect();
    for case in cases {
        // A returning user's journal is made once and launched by every build; a first run
        // needs a folder with nothing in it each time.
        let prepared = tempfile::tempdir().unwrap();
        if let Some(count) = case.entries {
            fill(prepared.path(), count);
            attach_photos(prepared.path(), case.photos);
        }
        for ((_, binary), (_, rows)) in builds.iter().zip(tables.iter_mut()) {
            rows.push(measure(case, &screen, binary, prepared.path()));
        }
        eprintln!("measured: {}", case.label);
    }
    for (name, rows) in &tables {
        print_table(name, rows);
    }
}

/// One case's launches by one build.
struct Row {
    label: &'static str,
    seen: Vec<Seen>,
    driven: Vec<Driven>,
}

fn measure(case: &Case, screen: &Screen, binary: &Path, prepared: &Path) -> Row {
    let mut seen = Vec::new();
    for _ in 0..RUNS {
        let fresh = tempfile::tempdir().unwrap();
        let dir = if case.entries.is_some() { prepared } else { fresh.path() };
        seen.push(watch_launch(screen, binary, dir));
    }
    let mut driven = Vec::new();
    if case.entries.is_some() {
        for _ in 0..RUNS {
            driven.push(drive_launch(binary, prepared, case.photos > 0));
        }
    }
    Row { label: case.label, seen, driven }
}

/// What one launch of the app, watched on the screen, showed.
struct Seen {
    visually_complete: Duration,
    white_frames: usize,
    frames: usize,
    pss_tree_kib: u64,
    pss_app_kib: u64,
}

/// What one launch under WebDriver showed.
struct Driven {
    journal_shown: Duration,
    growth_kib: i64,
    /// With photos: from clicking the entry with [`PHOTOS_ON_ONE_ENTRY`] photos until its list
    /// is drawn with every thumbnail on screen decoded.
    thumbnails: Option<Duration>,
}

fn watch_launch(screen: &Screen, binary: &Path, data_dir: &Path) -> Seen {
    let before = screen.capture();
    let started = Instant::now();
    let mut app = Command::new(binary)
        .arg("--data-dir")
        .arg(data_dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the app starts");
    // Raw frames are compared as they come; only the ones that changed are kept.
    let mut frames: Vec<(Duration, Frame)> = vec![(Duration::ZERO, before)];
    let mut captures = 0;
    while started.elapsed() < WATCH {
        let frame = screen.capture();
        captures += 1;
        if frame != frames.last().unwrap().1 {
            frames.push((started.elapsed(), frame));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let pss_tree_kib = pss_kib_of_tree(app.id());
    let pss_app_kib = pss_kib(app.id());
    // SIGTERM, then wait, so the next launch starts on a quiet machine.
    let _ = Command::new("kill").arg(app.id().to_string()).status();
    let _ = app.wait();
    std::thread::sleep(Duration::from_millis(500));
    if let Some(folder) = std::env::var_os("FAILUP_BENCH_FRAMES") {
        keep_frames(Path::new(&folder), &frames);
    }
    let finished = &frames.last().unwrap().1;
    let last_incomplete = frames.iter().rposition(|(_, frame)| frame.difference(finished) >= COMPLETE);
    let visually_complete = match last_incomplete {
        Some(index) => frames.get(index + 1).map_or(WATCH, |(at, _)| *at),
        None => Duration::ZERO,
    };
    let white_frames = frames.iter().filter(|(_, frame)| shows_blank_white_window(frame)).count();
    Seen { visually_complete, white_frames, frames: captures, pss_tree_kib, pss_app_kib }
}

/// Writes every distinct frame of a launch as `<ms since exec>.png` into a new numbered folder
/// under `folder`, to see what the screen showed and when (`FAILUP_BENCH_FRAMES=<folder>`).
fn keep_frames(folder: &Path, frames: &[(Duration, Frame)]) {
    let launch = (0..).map(|n| folder.join(format!("launch-{n:02}"))).find(|path| !path.exists()).unwrap();
    std::fs::create_dir_all(&launch).unwrap();
    for (at, frame) in frames {
        std::fs::write(launch.join(format!("{:05}.png", at.as_millis())), frame.png()).unwrap();
    }
}

/// A frame in which the window's area (top left, where it opens on a display without a
/// window manager) is nearly all pure white: a window shown before anything was drawn in it.
fn shows_blank_white_window(frame: &Frame) -> bool {
    let window = frame.crop(display::Rect { x: 0, y: 0, width: 1180, height: 780 });
    let white = window.rgb.chunks_exact(3).filter(|pixel| pixel == &[255, 255, 255]).count();
    white as f64 > 0.9 * (window.width * window.height) as f64
}

fn drive_launch(binary: &Path, data_dir: &Path, photos: bool) -> Driven {
    let app = App::launch_with(data_dir, Launch { application: Some(binary.to_owned()), ..Launch::default() });
    app.wait_for("the journal to be shown", "performance.getEntriesByName('journal-shown').length > 0");
    let shown_at_ms = app
        .execute(
            "return performance.timeOrigin + performance.getEntriesByName('journal-shown')[0].startTime;",
            json!([]),
        )
        .as_f64()
        .unwrap();
    let program = binary.to_string_lossy().into_owned();
    let pid = *driver::processes_with_data_dir(data_dir, |started| started == program)
        .first()
        .expect("the app process is found by its --data-dir");
    let started_at_ms = process_start_epoch_ms(pid);
    let journal_shown = Duration::from_secs_f64(((shown_at_ms - started_at_ms) / 1e3).max(0.0));
    std::thread::sleep(Duration::from_secs(2));
    let thumbnails = photos.then(|| time_thumbnail_list(&app));
    let before = pss_kib_of_tree(pid) as i64;
    for view in VIEWS.iter().chain(["journal"].iter()) {
        app.click(&app.find(&format!("button[data-nav=\"{view}\"]")));
        app.find(&format!("button[data-nav=\"{view}\"][aria-current=\"page\"]"));
        app.wait_for("the view's heading", "document.querySelector('main h1') !== null");
    }
    std::thread::sleep(Duration::from_secs(2));
    let growth_kib = pss_kib_of_tree(pid) as i64 - before;
    app.quit();
    Driven { journal_shown, growth_kib, thumbnails }
}

/// Opens the newest entry (the one with [`PHOTOS_ON_ONE_ENTRY`] photos) and times, in the
/// page, until all its attachments are listed, scrolled to, and every thumbnail on screen is
/// decoded: what a person waits for.
fn time_thumbnail_list(app: &App) -> Duration {
    app.execute(
        "const expected = arguments[0];
         window.__thumbnails = null;
         let scrolled = false;
         const started = performance.now();
         document.querySelector('li[data-entry-id] button').click();
         const check = () => {
           const items = document.querySelectorAll('.attachment');
           if (items.length >= expected) {
             if (!scrolled) { items[0].scrollIntoView(); scrolled = true; }
             const onScreen = [...document.querySelectorAll('.attachment img.thumbnail')].filter((img) => {
               const box = img.getBoundingClientRect();
               return box.bottom > 0 && box.top < innerHeight;
             });
             if (onScreen.length > 0 && onScreen.every((img) => img.complete && img.naturalWidth > 0)) {
               window.__thumbnails = performance.now() - started;
               return;
             }
           }
           requestAnimationFrame(check);
         };
         requestAnimationFrame(check);
         return true;",
        json!([PHOTOS_ON_ONE_ENTRY]),
    );
    app.wait_for("the thumbnail list", "window.__thumbnails !== null");
    let ms = app.execute("return window.__thumbnails;", json!([])).as_f64().unwrap();
    Duration::from_secs_f64(ms / 1e3)
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

/// Attaches `count` real JPEG photos of about 3 MB each: one to each entry from the oldest,
/// and the last [`PHOTOS_ON_ONE_ENTRY`] to the newest entry. They share their pixels (one
/// 2400 × 1600 picture of noise, which compresses as poorly as a photo) and differ in a JPEG
/// comment, so each is stored on its own; for the same reason they share one thumbnail, made
/// once and noted for all, as the app's thumbnail loop would have left them.
fn attach_photos(dir: &Path, count: usize) {
    if count == 0 {
        return;
    }
    let clock = Arc::new(FixedClock::new("2026-06-01T12:00:00Z".parse::<Timestamp>().unwrap(), "Europe/Berlin"));
    let mut database = Database::open_in_dir(dir, clock).unwrap();
    // Each attachment is its own durable write; thousands of fsyncs would measure the disk.
    database.connection().pragma_update(None, "synchronous", "OFF").unwrap();
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let noise = image::RgbImage::from_fn(2400, 1600, |_, _| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        image::Rgb([state as u8 / 2 + 60, (state >> 8) as u8 / 2 + 40, (state >> 16) as u8 / 3 + 80])
    });
    let mut base = std::io::Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut base, 80).encode_image(&noise).unwrap();
    let base = base.into_inner();
    let mut ids: Vec<i64> = database
        .connection()
        .prepare("SELECT id FROM entries ORDER BY occurred_at, id")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let newest = ids.pop().expect("a case with photos has entries");
    for index in 0..count {
        let owner = ids.get(index).copied().unwrap_or(newest);
        let comment = format!("photo {index}");
        let mut photo = Vec::with_capacity(base.len() + 32);
        photo.extend_from_slice(&base[..2]);
        photo.extend_from_slice(&[0xFF, 0xFE]);
        photo.extend_from_slice(&((comment.len() + 2) as u16).to_be_bytes());
        photo.extend_from_slice(comment.as_bytes());
        photo.extend_from_slice(&base[2..]);
        database
            .attachments()
            .attach_bytes(failup_core::attachments::Owner::Entry(owner), &format!("IMG_{index:04}.jpg"), &photo)
            .unwrap();
    }
    database.make_thumbnails(1).unwrap();
    let thumbnail: String = database
        .connection()
        .query_row("SELECT thumbnail FROM attachments WHERE thumbnail IS NOT NULL", [], |row| row.get(0))
        .unwrap();
    database.connection().execute("UPDATE attachments SET thumbnail = ?1", [&thumbnail]).unwrap();
    println!("attached {count} photos of {:.1} MB each", base.len() as f64 / 1e6);
}

/// Median and range of `values`, printed with `unit`.
fn summary<T: Copy + Ord + std::fmt::Display>(values: &[T], unit: &str) -> String {
    if values.is_empty() {
        return "—".to_owned();
    }
    let mut sorted = values.to_vec();
    sorted.sort();
    format!("{}{unit} ({}–{})", sorted[sorted.len() / 2], sorted[0], sorted[sorted.len() - 1])
}

fn print_table(name: &str, rows: &[Row]) {
    println!();
    println!("{name}: start-up, release build, private Xvfb 1280×800, {RUNS} runs each: median (range).");
    println!("Budget: visually complete ≤ 800 ms (first run ≤ 1,000 ms); PSS ≤ 220 MB; app process within 10 MB of the empty journal; growth after every view ≤ 15 MB.");
    println!();
    println!("| case | visually complete | white frames | journal-shown mark | PSS, app + WebKit | PSS, app process | growth after every view |");
    println!("|---|---|---|---|---|---|---|");
    for Row { label, seen, driven } in rows {
        let ms = |d: &Duration| d.as_millis() as u64;
        println!(
            "| {label} | {} | {} | {} | {} | {} | {} |",
            summary(&seen.iter().map(|s| ms(&s.visually_complete)).collect::<Vec<_>>(), " ms"),
            seen.iter().map(|s| s.white_frames).sum::<usize>(),
            summary(&driven.iter().map(|d| ms(&d.journal_shown)).collect::<Vec<_>>(), " ms"),
            summary(&seen.iter().map(|s| s.pss_tree_kib / 1024).collect::<Vec<_>>(), " MB"),
            summary(&seen.iter().map(|s| s.pss_app_kib / 1024).collect::<Vec<_>>(), " MB"),
            summary(&driven.iter().map(|d| d.growth_kib / 1024).collect::<Vec<_>>(), " MB"),
        );
    }
    for Row { label, driven, .. } in rows {
        let times: Vec<u64> = driven.iter().filter_map(|d| d.thumbnails.map(|t| t.as_millis() as u64)).collect();
        if !times.is_empty() {
            println!();
            println!(
                "{label}: opening the entry with {PHOTOS_ON_ONE_ENTRY} photos until every thumbnail on screen is drawn: {} (budget 300 ms).",
                summary(&times, " ms")
            );
        }
    }
    let captures: usize = rows.iter().flat_map(|row| row.seen.iter().map(|s| s.frames)).sum();
    let launches: usize = rows.iter().map(|row| row.seen.len()).sum();
    println!();
    println!(
        "(The screen was read {} times a launch on average: one frame every {:.0} ms.)",
        captures / launches.max(1),
        WATCH.as_millis() as f64 / (captures / launches.max(1)).max(1) as f64
    );
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

/// The PSS, in KiB, of process `pid` alone (0 once it has ended).
fn pss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|text| {
            text.lines().find_map(|line| {
                line.strip_prefix("Pss:").map(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().unwrap_or(0))
            })
        })
        .unwrap_or(0)
}

/// The PSS, in KiB, of `pid` and all its descendants (WebKit's web and network processes).
fn pss_kib_of_tree(pid: u32) -> u64 {
    let mut total = 0;
    let mut pending = vec![pid];
    while let Some(current) = pending.pop() {
        total += pss_kib(current);
        for task in std::fs::read_dir(format!("/proc/{current}/task")).into_iter().flatten().flatten() {
            if let Ok(children) = std::fs::read_to_string(task.path().join("children")) {
                pending.extend(children.split_whitespace().filter_map(|child| child.parse::<u32>().ok()));
            }
        }
    }
    total
}
