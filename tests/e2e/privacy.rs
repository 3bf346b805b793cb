//! Privacy in the real window: the first-run welcome that offers encryption, the lock screen,
//! and the canary: a word written into an encrypted journal is found nowhere on disk (journal,
//! its -wal and -shm, backups, logs, WebView storage) except in an export the user chose to
//! make in clear after being warned.

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::driver::{wrapper_script, App, Launch};

const PASSPHRASE: &str = "a quiet lake at dawn";
const CANARY: &str = "quokkacanary-5d1e";

/// Every file under `dir` whose bytes contain `needle`.
pub fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return found };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_containing(&path, needle));
        } else if std::fs::read(&path).is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes())) {
            found.push(path);
        }
    }
    found
}

fn count_files(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries.flatten().map(|entry| if entry.path().is_dir() { count_files(&entry.path()) } else { 1 }).sum()
}

/// A script that starts the app binary with its standard error appended to `log`, so that
/// the test can read what the app logged.
fn logging_wrapper(dir: &Path, log: &Path) -> PathBuf {
    wrapper_script(dir, "failup-logged.sh", &|binary| format!("exec '{binary}' \"$@\" 2>>'{}'", log.display()))
}

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn the_welcome_encrypts_and_nothing_of_an_encrypted_journal_is_readable_on_disk() {
    let temp = tempfile::tempdir().unwrap();
    let data = temp.path().join("data");
    let home = temp.path().join("home");
    let export = temp.path().join("export.json");
    let log = temp.path().join("app.log");
    let (xdg_data, xdg_cache, xdg_config) = (home.join("share"), home.join("cache"), home.join("config"));
    for dir in [&xdg_data, &xdg_cache, &xdg_config] {
        std::fs::create_dir_all(dir).unwrap();
    }
    let env = [
        ("HOME", home.to_str().unwrap()),
        ("XDG_DATA_HOME", xdg_data.to_str().unwrap()),
        ("XDG_CACHE_HOME", xdg_cache.to_str().unwrap()),
        ("XDG_CONFIG_HOME", xdg_config.to_str().unwrap()),
        ("FAILUP_DEBUG_DIALOG_ANSWER", export.to_str().unwrap()),
    ];
    let app = App::launch_with(
        &data,
        Launch { env: &env, first_run: true, application: Some(logging_wrapper(temp.path(), &log)) },
    );

    // The welcome: five habits, then the offer to encrypt.
    app.find("#welcome-dialog");
    app.wait_for_text("#welcome-step-heading", "The five habits");
    app.screenshot("40-welcome-habits");
    app.click(&app.find("#welcome-next"));
    app.find("#welcome-pass-next");
    app.screenshot("41-welcome-private");
    app.type_text(&app.find("#welcome-pass-next"), PASSPHRASE);
    app.type_text(&app.find("#welcome-pass-repeat"), PASSPHRASE);
    app.click(&app.find("#welcome-pass-ack"));
    app.click(&app.find("#welcome-encrypt"));
    app.find("#welcome-encrypted");
    assert_eq!(app.invoke("security_status", json!({}))["encrypted"], true, "the welcome encrypted the journal");
    app.click(&app.find("#welcome-next"));
    app.find("#welcome-reminders");
    app.screenshot("42-welcome-reminders");
    app.click(&app.find("#welcome-next"));
    app.find("#welcome-start");
    app.screenshot("43-welcome-explore");
    app.click(&app.find("#welcome-start"));
    app.wait_for("the welcome to close", "!document.querySelector('#welcome-dialog[open]')");

    // An entry with the canary, found by search inside the encrypted journal.
    app.click(&app.find("button[data-nav=\"journal\"]"));
    app.click(&app.find("#new-entry"));
    app.type_text(&app.find("#entry-title"), "Private");
    app.type_text(&app.find("#entry-body"), &format!("The word is {CANARY}."));
    app.wait_for_text("#save-status", "Saved");
    let found = app.invoke("search_entries", json!({ "query": CANARY, "limit": 5 }));
    assert_eq!(found.as_array().map(Vec::len), Some(1), "search works in the encrypted journal: {found}");

    // A backup, and an export in clear after the warning.
    app.click(&app.find("button[data-nav=\"settings\"]"));
    app.find("#privacy-card");
    app.wait_for_text("#privacy-card .badge[data-encrypted=\"true\"]", "Encrypted");
    app.execute("document.querySelector('#privacy-card').scrollIntoView();", json!([]));
    app.screenshot("44-settings-privacy-encrypted");
    let backups_before = app.count("#backups-card li[data-backup-id]");
    app.click(&app.find("#back-up-now"));
    app.wait_for(
        "the new backup in the list",
        &format!("document.querySelectorAll('#backups-card li[data-backup-id]').length > {backups_before}"),
    );
    app.execute("document.querySelector('#backups-card').scrollIntoView();", json!([]));
    app.screenshot("45-settings-backups");
    app.click(&app.find("#export-json"));
    app.find("#confirm-unencrypted-export");
    app.screenshot("46-export-in-clear-warning");
    app.click(&app.find("#confirm-unencrypted-export"));
    app.wait_for("the export's path", "document.querySelector('#export-result')?.textContent.includes('export.json')");

    // Lock, a wrong passphrase, then the right one.
    app.click(&app.find("#lock-now"));
    app.find("#lock-screen");
    assert_eq!(app.count("li[data-entry-id]"), 0, "nothing of the journal is shown behind the lock screen");
    app.screenshot("47-lock-screen");
    app.type_text(&app.find("#unlock-passphrase"), "not the passphrase");
    app.click(&app.find("#unlock"));
    app.wait_for_text("#unlock-error", "That passphrase is not right.");
    app.screenshot("48-lock-screen-wrong-passphrase");
    app.execute("document.querySelector('#unlock-passphrase').value = '';", json!([]));
    app.type_text(&app.find("#unlock-passphrase"), PASSPHRASE);
    app.click(&app.find("#unlock"));
    app.wait_for("the lock screen to go", "!document.querySelector('#lock-screen')");
    app.click(&app.find("button[data-nav=\"journal\"]"));
    app.wait_for_text("li[data-entry-id] .entry-title", "Private");
    app.quit();

    // The canary is in the export the user made in clear, and nowhere else.
    assert!(std::fs::read_to_string(&export).unwrap().contains(CANARY), "the test can find the canary");
    let backups = std::fs::read_dir(data.join("backups")).unwrap().count();
    assert!(backups >= 2, "the backups (and their key files) are there to be searched: {backups}");
    let webkit_files = count_files(&xdg_data) + count_files(&xdg_cache) + count_files(&xdg_config);
    assert!(webkit_files > 0, "WebKit wrote its storage under the test's XDG folders, so they were searched");
    let everywhere: Vec<PathBuf> =
        files_containing(temp.path(), CANARY).into_iter().filter(|path| path != &export).collect();
    assert_eq!(
        everywhere,
        Vec::<PathBuf>::new(),
        "no journal file, -wal/-shm, backup, log ({}) or WebView storage holds the canary",
        log.display()
    );
}

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn about_shows_the_version_journal_format_licence_and_data_folder() {
    let data = tempfile::tempdir().unwrap();
    let app = App::launch(data.path());
    app.click(&app.find("#open-about"));
    app.wait_for("the About dialog to open", "document.querySelector('#about-dialog')?.open === true");
    assert!(
        app.text(&app.find("#about-version")).contains(env!("CARGO_PKG_VERSION")),
        "the version comes from the workspace Cargo.toml"
    );
    let format = format!("version {}", failup_core::db::latest_schema_version());
    app.wait_for_text("#about-journal-format", &format);
    let rendering = app.text(&app.find("#about-rendering"));
    assert!(
        ["software, DMA-BUF off", "GPU, WebKit's default", "NVIDIA proprietary driver, DMA-BUF off", "as you set it"]
            .iter()
            .any(|known| rendering.starts_with(known)),
        "About says which rendering path the app chose: {rendering:?}"
    );
    assert!(app.text(&app.find("#about-licence")).contains("MIT"));
    assert!(app.text(&app.find("#about-data-folder")).contains(&data.path().display().to_string()));
    app.screenshot("50-about");
}
