//! A save the user was told succeeded survives a crash.
//!
//! A writer process (this test binary, run again as [`crash_writer`]) saves entries through the
//! core API into an encrypted journal and prints each entry's id once `create` has returned,
//! which is the moment the UI says "Saved". The test kills it with SIGKILL at a random moment,
//! reopens the journal, and checks that every acknowledged entry is there, whole, and that
//! `integrity_check` passes; then it starts the next writer on the same file.
//! `FAILUP_CRASH_CYCLES` raises the number of cycles (200 by default) for a longer run.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use failup_core::db::DATABASE_FILE_NAME;
use failup_core::vault::{DatabaseKey, KeyFile};
use failup_core::{Database, EntryDraft, FixedClock};

const DATA_DIR_VARIABLE: &str = "FAILUP_CRASH_WRITER_DIR";
const KEY_VARIABLE: &str = "FAILUP_CRASH_WRITER_KEY";
const PASSPHRASE: &str = "crash test passphrase";

fn body_for(id_hint: u64) -> String {
    // Long enough to span pages, so a torn write would show.
    format!("entry {id_hint}: ") + &"the quick brown fox jumps over the lazy dog. ".repeat(40)
}

/// Opens the journal with its key given in hex: unwrapping it from the passphrase costs half
/// a second by design, which 200 cycles need not pay each time.
fn open(dir: &Path, key_hex: &str) -> Database {
    let key_file = KeyFile::read(&dir.join("journal.key")).unwrap().expect("the journal is encrypted");
    let key = DatabaseKey::from_hex(key_hex).unwrap();
    let clock = Arc::new(FixedClock::new("2026-03-14T08:30:00Z".parse().unwrap(), "Europe/Berlin"));
    Database::open_with_key(&dir.join(DATABASE_FILE_NAME), clock, Some((key, key_file))).unwrap()
}

/// The writer: not a test of its own (it does nothing unless the parent test set the data
/// folder), run by [`acknowledged_saves_survive_sigkill`] in a child process.
#[test]
fn crash_writer() {
    let Some(dir) = std::env::var_os(DATA_DIR_VARIABLE) else { return };
    let key_hex = std::env::var(KEY_VARIABLE).unwrap();
    let mut database = open(Path::new(&dir), &key_hex);
    let mut stdout = std::io::stdout().lock();
    for hint in 0u64.. {
        let entry = database
            .entries()
            .create(&EntryDraft { title: format!("crash {hint}"), body: body_for(hint), ..Default::default() })
            .unwrap();
        use std::io::Write;
        writeln!(stdout, "ack {} {hint}", entry.id).unwrap();
        stdout.flush().unwrap();
    }
}

/// A small deterministic generator, so that a failing run can be repeated with its seed.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

#[test]
fn acknowledged_saves_survive_sigkill() {
    let cycles: u32 = std::env::var("FAILUP_CRASH_CYCLES").ok().and_then(|value| value.parse().ok()).unwrap_or(200);
    let seed: u64 = std::env::var("FAILUP_CRASH_SEED").ok().and_then(|value| value.parse().ok()).unwrap_or(20261129);
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("data");
    let clock = Arc::new(FixedClock::new("2026-03-14T08:30:00Z".parse().unwrap(), "Europe/Berlin"));
    let folder = failup_core::JournalFolder::new(&dir, clock);
    std::fs::create_dir_all(&dir).unwrap();
    folder.enable_encryption(folder.open().unwrap(), PASSPHRASE).unwrap();
    let key_hex = KeyFile::read(&folder.key_path()).unwrap().unwrap().unwrap_key(PASSPHRASE).unwrap().to_hex();
    let executable = std::env::current_exe().unwrap();
    let mut random = SplitMix(seed);
    let mut acknowledged: Vec<(i64, u64)> = Vec::new();
    let mut killed_mid_write = 0;

    for cycle in 0..cycles {
        let mut child = Command::new(&executable)
            .args(["crash::crash_writer", "--exact", "--nocapture", "--test-threads=1"])
            .env(DATA_DIR_VARIABLE, &dir)
            .env(KEY_VARIABLE, &key_hex)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        // Read acknowledgements on a thread, so the kill lands at a time of our choosing
        // rather than between reads.
        let (first_ack, first_ack_seen) = std::sync::mpsc::channel::<()>();
        let reader = std::thread::spawn(move || {
            let mut acks = Vec::new();
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let mut parts = line.split_whitespace();
                if parts.next() == Some("ack") {
                    if acks.is_empty() {
                        let _ = first_ack.send(());
                    }
                    let id: i64 = parts.next().unwrap().parse().unwrap();
                    let hint: u64 = parts.next().unwrap().parse().unwrap();
                    acks.push((id, hint));
                }
            }
            acks
        });
        // One cycle in four kills at any moment after the start (perhaps while the journal
        // opens); the others once the writer is saving, within the next 0–20 ms.
        let started = Instant::now();
        if random.next() % 4 == 0 {
            std::thread::sleep(Duration::from_micros(random.next() % 40_000));
        } else {
            let _ = first_ack_seen.recv_timeout(Duration::from_secs(20));
            std::thread::sleep(Duration::from_micros(random.next() % 20_000));
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let acks = reader.join().unwrap();
        if !acks.is_empty() {
            killed_mid_write += 1;
        }
        acknowledged.extend(acks);

        let mut database = open(&dir, &key_hex);
        let verdict: String = database.connection().query_row("PRAGMA integrity_check", [], |row| row.get(0)).unwrap();
        assert_eq!(
            verdict,
            "ok",
            "cycle {cycle} (seed {seed}, killed after {:?}): the journal is sound",
            started.elapsed()
        );
        for &(id, hint) in &acknowledged {
            let entry = database.entries().get(id).unwrap_or_else(|error| {
                panic!("cycle {cycle} (seed {seed}): acknowledged entry {id} was lost: {error}")
            });
            assert_eq!(entry.body, body_for(hint), "cycle {cycle}: acknowledged entry {id} is whole");
        }
        drop(database);
    }
    assert!(
        killed_mid_write * 2 >= cycles,
        "most cycles must kill a writer that had saved something, or the test proves little: {killed_mid_write} of {cycles}"
    );
    assert!(!acknowledged.is_empty());
}
