//! Sync between computers through a folder.
//!
//! In the real window: Settings → Sync starts a group in a folder (the native dialog answered
//! with its path), shows the pairing code, a second computer (core, in this process) joins
//! with it, and what that computer writes appears in the window through the sync loop; an
//! entry being edited in the window while the other computer rewrites it keeps both texts,
//! and Settings offers them to choose from.
//!
//! With a real sync tool: two Syncthing daemons, each with its own configuration folder,
//! share one folder between two data folders over loopback — inside the test's network
//! namespace that has nothing but loopback, listening on 127.0.0.1 only, with discovery
//! (global and local), relays, NAT traversal, STUN, usage reporting, crash reporting and
//! upgrades all off. Two computers (core, as the window is not what is tested there) write,
//! see each other's setback, entry, lesson and check-in, then both edit while Syncthing is
//! paused, and converge with no text lost once it resumes.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::thread::sleep;
use std::time::{Duration, Instant};

use failup_core::{CheckInDraft, Database, EntryDraft, LessonDraft, SetbackDraft, SystemClock};

use crate::driver::{App, Launch};

fn journal_in(dir: &Path) -> Database {
    let mut database = Database::open_in_dir(dir, Arc::new(SystemClock)).expect("a journal");
    database.settings().finish_welcome().expect("the welcome is marked as seen");
    database
}

fn entry(title: &str, body: &str) -> EntryDraft {
    EntryDraft { title: title.into(), body: body.into(), ..Default::default() }
}

fn titles(database: &mut Database) -> Vec<String> {
    let mut titles: Vec<String> =
        database.entries().list(None, 1_000).unwrap().entries.into_iter().map(|entry| entry.title).collect();
    titles.sort();
    titles
}

fn body_of(database: &mut Database, title: &str) -> Option<String> {
    let id = database.entries().list(None, 1_000).unwrap().entries.into_iter().find(|entry| entry.title == title)?.id;
    Some(database.entries().get(id).unwrap().body)
}

/// Runs sync rounds on `database` until `done` holds, or panics after `within`.
fn sync_until(database: &mut Database, within: Duration, what: &str, mut done: impl FnMut(&mut Database) -> bool) {
    let deadline = Instant::now() + within;
    loop {
        database.sync_now().expect("a sync round");
        if done(database) {
            return;
        }
        assert!(Instant::now() < deadline, "{what} did not happen within {within:?}");
        sleep(Duration::from_millis(200));
    }
}

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn the_window_syncs_with_another_computer_and_keeps_both_texts_of_an_entry_edited_on_both() {
    let data = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let other = tempfile::tempdir().unwrap();
    {
        let mut laptop = journal_in(data.path());
        laptop.entries().create(&entry("Interview notes", "First draft.")).unwrap();
    }
    let app = App::launch_with(
        data.path(),
        Launch { env: &[("FAILUP_DEBUG_DIALOG_ANSWER", folder.path().to_str().unwrap())], ..Launch::default() },
    );

    // Settings → Sync: start in the folder, as the laptop.
    app.click(&app.find("button[data-nav=\"settings\"]"));
    app.find("#sync-card");
    app.set_value("#sync-computer-name", "Laptop");
    app.click(&app.find("#sync-start"));
    let code = app.text(&app.find("#sync-pairing-code-shown"));
    app.execute("document.getElementById('sync-card').scrollIntoView();", serde_json::json!([]));
    assert_eq!(code.len(), 24, "a pairing code of five groups: {code}");
    app.screenshot("70-sync-started");

    // The desktop joins with the code shown and gets the laptop's journal.
    let mut desktop = journal_in(other.path());
    desktop.join_sync(folder.path(), &code, "Desktop").expect("the desktop joins with the code shown");
    assert_eq!(titles(&mut desktop), ["Interview notes"]);

    // The desktop's joining changes arrive: the window says so, and shows them when asked.
    app.find("#show-synced-changes");
    app.wait_for(
        "the desktop listed among the other computers",
        "[...document.querySelectorAll('#sync-card li')].some(li => li.textContent.includes('Desktop'))",
    );
    app.click(&app.find("button[data-nav=\"journal\"]"));
    app.click(&app.find("#show-synced-changes"));
    app.wait_for("the notice gone once shown", "document.querySelector('#show-synced-changes') === null");

    // What the desktop writes later reaches the window by the sync loop, which says so again.
    desktop.entries().create(&entry("Written on the desktop", "Arrived by the folder.")).unwrap();
    desktop.sync_now().unwrap();
    app.click(&app.find("#show-synced-changes"));
    app.wait_for(
        "the desktop's entry in the journal",
        "[...document.querySelectorAll('li[data-entry-id] .entry-title')].some(t => t.textContent.includes('Written on the desktop'))",
    );
    app.screenshot("71-sync-arrived");

    // The window's editor is open on an entry while the desktop rewrites it.
    let row = app.execute(
        "return [...document.querySelectorAll('li[data-entry-id]')].find(li => li.textContent.includes('Interview notes')).dataset.entryId;",
        serde_json::json!([]),
    );
    app.click(&app.find(&format!("li[data-entry-id=\"{}\"] button.entry-item", row.as_str().unwrap())));
    app.wait_for("the entry in the editor", "document.querySelector('#entry-title')?.value === 'Interview notes'");
    let interview =
        desktop.entries().list(None, 10).unwrap().entries.into_iter().find(|e| e.title == "Interview notes").unwrap();
    desktop.entries().update(interview.id, &entry("Interview notes", "Rewritten on the desktop.")).unwrap();
    desktop.sync_now().unwrap();
    // Applied underneath the open editor, which is left as the user had it.
    app.find("#show-synced-changes");
    assert_eq!(app.value(&app.find("#entry-body")), "First draft.");
    app.type_text(&app.find("#entry-body"), " Finished in the window.");
    app.wait_for_text("#save-status", "Saved");

    // Settings offers both texts; the window's is kept, and the desktop gets it.
    app.click(&app.find("button[data-nav=\"settings\"]"));
    app.wait_for("both texts offered", "document.querySelectorAll('#sync-card .conflict .version').length === 2");
    let offered = app.execute(
        "return [...document.querySelectorAll('#sync-card .conflict blockquote')].map(q => q.textContent).sort();",
        serde_json::json!([]),
    );
    assert_eq!(offered, serde_json::json!(["First draft. Finished in the window.", "Rewritten on the desktop."]));
    app.execute("document.querySelector('#sync-card .conflict').scrollIntoView();", serde_json::json!([]));
    app.screenshot("72-sync-two-versions");
    app.click(&app.find("button[aria-label^=\"Keep the version from Laptop\"]"));
    app.wait_for("no text left to choose", "document.querySelectorAll('#sync-card .conflict').length === 0");
    sync_until(&mut desktop, Duration::from_secs(20), "the kept text reaching the desktop", |desktop| {
        body_of(desktop, "Interview notes").as_deref() == Some("First draft. Finished in the window.")
            && desktop.sync_conflicts().unwrap().is_empty()
    });
}

// ---- Two real Syncthing daemons ----

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|listener| listener.local_addr()).map(|address| address.port()).unwrap()
}

/// One Syncthing daemon with its own configuration folder.
struct Syncthing {
    home: PathBuf,
    device_id: String,
    listen_port: u16,
    gui_port: u16,
    api_key: String,
    process: Option<Child>,
}

impl Syncthing {
    /// Generates its keys (no configuration is kept from the generator but the keys).
    fn generate(home: &Path) -> Syncthing {
        let output = Command::new("syncthing")
            .args(["generate", "--no-default-folder", "--skip-port-probing"])
            .arg(format!("--home={}", home.display()))
            .output()
            .expect("syncthing runs (xtask installs Debian's package)");
        assert!(output.status.success(), "syncthing generate: {}", String::from_utf8_lossy(&output.stderr));
        let printed = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        let device_id = printed
            .lines()
            .find_map(|line| line.split("Device ID: ").nth(1))
            .map(|id| id.trim().to_owned())
            .expect("syncthing generate prints the device ID");
        Syncthing {
            home: home.to_owned(),
            device_id,
            listen_port: free_port(),
            gui_port: free_port(),
            api_key: format!("failup-test-{}", std::process::id()),
            process: None,
        }
    }

    /// Writes its whole configuration: one folder shared with `peer`, reached at its loopback
    /// port, and nothing that looks beyond this machine.
    fn configure(&self, folder: &Path, peer: &Syncthing) {
        std::fs::create_dir_all(folder.join(".stfolder")).unwrap();
        let config = format!(
            r#"<configuration version="36">
    <folder id="failing-up" label="Failing Up" path="{folder}" type="sendreceive" rescanIntervalS="2" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
        <device id="{me}"></device>
        <device id="{peer}"></device>
    </folder>
    <device id="{me}" name="this computer"><address>dynamic</address></device>
    <device id="{peer}" name="the other computer"><address>tcp://127.0.0.1:{peer_port}</address></device>
    <gui enabled="true" tls="false"><address>127.0.0.1:{gui_port}</address><apikey>{api_key}</apikey></gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{listen_port}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <stunKeepaliveStartS>0</stunKeepaliveStartS>
        <stunServer></stunServer>
        <announceLANAddresses>false</announceLANAddresses>
        <urAccepted>-1</urAccepted>
        <crashReportingEnabled>false</crashReportingEnabled>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <startBrowser>false</startBrowser>
        <reconnectionIntervalS>1</reconnectionIntervalS>
    </options>
</configuration>
"#,
            folder = folder.display(),
            me = self.device_id,
            peer = peer.device_id,
            peer_port = peer.listen_port,
            gui_port = self.gui_port,
            api_key = self.api_key,
            listen_port = self.listen_port,
        );
        std::fs::write(self.home.join("config.xml"), config).unwrap();
    }

    fn start(&mut self) {
        let log = std::fs::File::create(self.home.join("syncthing.log")).unwrap();
        let child = Command::new("syncthing")
            .args(["serve", "--no-browser", "--no-restart", "--no-upgrade"])
            .arg(format!("--home={}", self.home.display()))
            .env("STNOUPGRADE", "1")
            .env("STNODEFAULTFOLDER", "1")
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .spawn()
            .expect("syncthing serve starts");
        self.process = Some(child);
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.rest("GET", "/rest/system/ping").is_err() {
            assert!(Instant::now() < deadline, "syncthing did not answer; its log:\n{}", self.log());
            sleep(Duration::from_millis(200));
        }
    }

    fn rest(&self, method: &str, path: &str) -> Result<String, String> {
        let agent: ureq::Agent =
            ureq::Agent::config_builder().timeout_global(Some(Duration::from_secs(10))).build().into();
        let url = format!("http://127.0.0.1:{}{path}", self.gui_port);
        let response = match method {
            "GET" => agent.get(&url).header("X-API-Key", &self.api_key).call(),
            _ => agent.post(&url).header("X-API-Key", &self.api_key).send_empty(),
        };
        response.map_err(|error| error.to_string())?.body_mut().read_to_string().map_err(|error| error.to_string())
    }

    /// Pauses (or resumes) its connection to every other device.
    fn pause(&self, paused: bool) {
        let path = if paused { "/rest/system/pause" } else { "/rest/system/resume" };
        self.rest("POST", path).unwrap_or_else(|error| panic!("{path}: {error}"));
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.home.join("syncthing.log")).unwrap_or_default()
    }
}

impl Drop for Syncthing {
    fn drop(&mut self) {
        if let Some(mut child) = self.process.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[test]
#[ignore = "runs Syncthing in the test's network namespace: run with `cargo xtask test`"]
fn two_computers_sync_through_real_syncthing_daemons_and_converge_after_a_pause_with_no_text_lost() {
    let root = tempfile::tempdir().unwrap();
    let (laptop_folder, desktop_folder) = (root.path().join("laptop-sync"), root.path().join("desktop-sync"));
    let (laptop_home, desktop_home) = (root.path().join("laptop-syncthing"), root.path().join("desktop-syncthing"));
    let mut laptop_tool = Syncthing::generate(&laptop_home);
    let mut desktop_tool = Syncthing::generate(&desktop_home);
    laptop_tool.configure(&laptop_folder, &desktop_tool);
    desktop_tool.configure(&desktop_folder, &laptop_tool);
    laptop_tool.start();
    desktop_tool.start();

    let mut laptop = journal_in(&root.path().join("laptop-data"));
    let mut desktop = journal_in(&root.path().join("desktop-data"));
    let code = laptop.start_sync(&laptop_folder, "Laptop").unwrap();
    let key = desktop_folder.join(failup_core::sync::SYNC_DIR_NAME).join(failup_core::sync::SYNC_KEY_FILE_NAME);
    let deadline = Instant::now() + Duration::from_secs(30);
    while !key.exists() {
        assert!(
            Instant::now() < deadline,
            "Syncthing did not copy the folder; logs:\n{}\n{}",
            laptop_tool.log(),
            desktop_tool.log()
        );
        sleep(Duration::from_millis(200));
    }
    desktop.join_sync(&desktop_folder, &code, "Desktop").unwrap();

    // The laptop writes; the desktop sees each kind of record within ten seconds.
    let written = laptop.entries().create(&entry("Demo day", "The demo crashed on stage.")).unwrap();
    let setback = laptop
        .setbacks()
        .create(&SetbackDraft {
            title: "The demo crashed".into(),
            what_happened: "The build failed in front of the client.".into(),
            impact: 7,
            entry_ids: vec![written.id],
            ..Default::default()
        })
        .unwrap();
    laptop
        .lessons()
        .create(&LessonDraft {
            text: "Rehearse on the real machine.".into(),
            setback_ids: vec![setback.id],
            ..Default::default()
        })
        .unwrap();
    laptop
        .check_ins()
        .log(&CheckInDraft { mood: 4, confidence: 5, note: "Rattled".into(), ..Default::default() })
        .unwrap();
    laptop.sync_now().unwrap();
    sync_until(&mut desktop, Duration::from_secs(10), "the laptop's records reaching the desktop", |desktop| {
        desktop.check_ins().recent(5).unwrap().iter().any(|check_in| check_in.note == "Rattled")
            && desktop.lessons().list().unwrap().len() == 1
            && desktop.setbacks().list(None, 5).unwrap().setbacks.len() == 1
            && titles(desktop) == ["Demo day"]
    });
    let lesson = desktop.lessons().list().unwrap().remove(0);
    let lesson = desktop.lessons().get(lesson.id).unwrap();
    let setback_there = desktop.setbacks().list(None, 5).unwrap().setbacks.remove(0);
    assert_eq!(lesson.setback_ids, [setback_there.id], "the lesson is linked to the desktop's copy of the setback");

    // And the other way.
    desktop.entries().create(&entry("From the desktop", "Written at home.")).unwrap();
    desktop.sync_now().unwrap();
    sync_until(&mut laptop, Duration::from_secs(10), "the desktop's entry reaching the laptop", |laptop| {
        titles(laptop) == ["Demo day", "From the desktop"]
    });

    // Syncthing pauses; both rewrite the same entry; it resumes.
    laptop_tool.pause(true);
    desktop_tool.pause(true);
    let on_laptop =
        laptop.entries().list(None, 10).unwrap().entries.into_iter().find(|e| e.title == "Demo day").unwrap().id;
    let on_desktop =
        desktop.entries().list(None, 10).unwrap().entries.into_iter().find(|e| e.title == "Demo day").unwrap().id;
    laptop.entries().update(on_laptop, &entry("Demo day", "Rewritten on the train.")).unwrap();
    desktop.entries().update(on_desktop, &entry("Demo day", "Rewritten at home.")).unwrap();
    laptop.entries().create(&entry("Only on the laptop while paused", "")).unwrap();
    laptop.sync_now().unwrap();
    desktop.sync_now().unwrap();
    laptop_tool.pause(false);
    desktop_tool.pause(false);

    let both_texts = |database: &mut Database| {
        let conflicts = database.sync_conflicts().unwrap();
        let mut texts: Vec<String> = conflicts.iter().flat_map(|c| c.versions.iter().map(|v| v.text.clone())).collect();
        texts.sort();
        texts == ["Rewritten at home.", "Rewritten on the train."]
    };
    sync_until(&mut desktop, Duration::from_secs(30), "the desktop keeping both texts", |desktop| {
        both_texts(desktop) && titles(desktop).len() == 3
    });
    sync_until(&mut laptop, Duration::from_secs(30), "the laptop keeping both texts", both_texts);
    assert_eq!(titles(&mut laptop), titles(&mut desktop), "both journals hold the same entries");
    assert_eq!(body_of(&mut laptop, "Demo day"), body_of(&mut desktop, "Demo day"), "and show the same text");
}
