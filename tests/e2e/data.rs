//! Bringing history in and getting a damaged journal back, in the real window.

use serde_json::json;

use crate::driver::{App, Launch};

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/core/tests/fixtures/import").join(name)
}

fn import_jrnl(app: &App) {
    app.click(&app.find("button[data-nav=\"settings\"]"));
    app.set_value("#import-format", "jrnl");
    app.click(&app.find("#start-import"));
    app.find("#import-preview");
    app.find("#import-counts");
}

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn a_jrnl_export_is_previewed_imported_and_not_imported_twice() {
    let data = tempfile::tempdir().unwrap();
    let file = fixture("jrnl.json");
    let app = App::launch_with(
        data.path(),
        Launch { env: &[("FAILUP_DEBUG_DIALOG_ANSWER", file.to_str().unwrap())], ..Launch::default() },
    );
    import_jrnl(&app);
    let counts = app.text(&app.find("#import-counts"));
    app.execute("document.querySelector('#import-skipped')?.setAttribute('open', '');", json!([]));
    app.screenshot("51-import-preview");
    app.click(&app.find("#apply-import"));
    app.wait_for("the import's summary", "document.querySelector('#import-result')?.textContent.includes('Imported')");
    app.screenshot("52-import-done");
    let page = app.invoke("list_entries", json!({ "cursor": null, "limit": 100 }));
    let imported = page["entries"].as_array().unwrap().len();
    assert!(imported >= 2, "the entries of the file are in the journal ({imported}); the preview said: {counts}");

    // The same file again: the preview finds everything already imported, and nothing is added.
    import_jrnl(&app);
    app.wait_for("the preview to offer nothing new", "document.querySelector('#apply-import')?.disabled === true");
    app.screenshot("53-import-again-nothing-new");
    app.click(&app.find("#cancel-import"));
    let page = app.invoke("list_entries", json!({ "cursor": null, "limit": 100 }));
    assert_eq!(page["entries"].as_array().unwrap().len(), imported, "a second import adds nothing");
}

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn a_damaged_journal_is_set_aside_and_its_newest_backup_restored() {
    let data = tempfile::tempdir().unwrap();
    let app = App::launch(data.path());
    for index in 0..40 {
        app.invoke(
            "create_entry",
            json!({ "draft": { "title": format!("Entry {index}"), "body": "words ".repeat(500),
                               "localDateTime": null, "timeZone": null, "mood": null, "tags": [] } }),
        );
    }
    app.invoke("create_backup", json!({}));
    app.quit();

    // A failing disk scribbles over the middle of the file.
    let journal = data.path().join("journal.sqlite3");
    let mut bytes = std::fs::read(&journal).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle..middle + 16384].fill(0x5a);
    std::fs::write(&journal, &bytes).unwrap();

    let app = App::launch(data.path());
    app.find("#damaged-journal");
    app.screenshot("54-damaged-journal");
    let moved: Vec<_> = std::fs::read_dir(data.path())
        .unwrap()
        .flatten()
        .filter(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            name.contains(".damaged-") && !name.ends_with("-wal") && !name.ends_with("-shm")
        })
        .collect();
    assert_eq!(moved.len(), 1, "the damaged file was moved aside, not deleted");
    assert_eq!(std::fs::read(moved[0].path()).unwrap(), bytes, "byte for byte");
    app.click(&app.find("#restore-newest"));
    app.wait_for("the journal after the restore", "!document.querySelector('#damaged-journal')");
    app.click(&app.find("button[data-nav=\"journal\"]"));
    app.find("li[data-entry-id]");
    let page = app.invoke("list_entries", json!({ "cursor": null, "limit": 100 }));
    assert_eq!(page["entries"].as_array().unwrap().len(), 40, "every entry of the backup is back");
    app.screenshot("55-restored-from-backup");
}

/// A Day One export as Day One zips it: the journal's JSON beside `photos/<md5>.<type>`.
fn day_one_zip_with_photos(path: &std::path::Path) {
    use std::io::Write as _;
    let journal = json!({
        "metadata": { "version": "1.0" },
        "entries": [
            { "uuid": "6F1C0A52B7E84E6B9B1D2F3A4C5D6E7F", "creationDate": "2024-05-04T17:30:00Z", "timeZone": "Europe/Lisbon",
              "text": "# Lost the final\n\nThe walk after.\n\n![](dayone-moment://PHOTO1)\n\nCalmer by the river.",
              "photos": [{ "identifier": "PHOTO1", "md5": "0a1b2c3d4e5f60718293a4b5c6d7e8f9", "type": "png" }] },
            { "uuid": "7A2D1B63C8F95F7CAC2E3A4B5D6E7F80", "creationDate": "2024-05-05T08:00:00Z", "timeZone": "Europe/Lisbon",
              "text": "![](dayone-moment://PHOTO2)",
              "photos": [{ "identifier": "PHOTO2", "md5": "f9e8d7c6b5a4938271605f4e3d2c1b0a", "type": "png" }] }
        ]
    });
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("Journal.json", zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(journal.to_string().as_bytes()).unwrap();
    zip.start_file("photos/0a1b2c3d4e5f60718293a4b5c6d7e8f9.png", stored).unwrap();
    zip.write_all(&crate::attachments::gradient_png(640, 480)).unwrap();
    zip.start_file("photos/f9e8d7c6b5a4938271605f4e3d2c1b0a.png", stored).unwrap();
    zip.write_all(&crate::attachments::gradient_png(300, 300)).unwrap();
    zip.finish().unwrap();
}

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn a_day_one_export_brings_its_photos_into_their_entries() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let export = files.path().join("Day One export.zip");
    day_one_zip_with_photos(&export);
    let app = App::launch_with(
        data.path(),
        Launch { env: &[("FAILUP_DEBUG_DIALOG_ANSWER", export.to_str().unwrap())], ..Launch::default() },
    );
    app.click(&app.find("button[data-nav=\"settings\"]"));
    app.set_value("#import-format", "day_one");
    app.click(&app.find("#start-import"));
    app.find("#import-preview");
    let counts = app.text(&app.find("#import-counts"));
    assert!(counts.contains("attached files"), "the preview counts the photos: {counts}");
    app.screenshot("54-import-day-one-with-photos");
    app.click(&app.find("#apply-import"));
    app.wait_for("the import's summary", "document.querySelector('#import-result')?.textContent.includes('Imported')");
    let page = app.invoke("list_entries", json!({ "cursor": null, "limit": 10 }));
    assert_eq!(page["entries"].as_array().unwrap().len(), 2, "both entries, the photo-only one too");

    // The photo stands where Day One placed it, shown in the text and by its thumbnail.
    app.click(&app.find("button[data-nav=\"journal\"]"));
    app.wait_for(
        "the imported entries listed",
        "[...document.querySelectorAll('li[data-entry-id]')].some((row) => row.textContent.includes('Lost the final'))",
    );
    let lost = app.execute(
        "return [...document.querySelectorAll('li[data-entry-id]')].findIndex((row) => row.textContent.includes('Lost the final'));",
        json!([]),
    );
    app.execute(
        "document.querySelectorAll('li[data-entry-id] button')[arguments[0]].click(); return true;",
        json!([lost]),
    );
    app.wait_for(
        "the imported photo's thumbnail, made in the background",
        "document.querySelector('.attachment img.thumbnail')?.naturalWidth === 320",
    );
    app.click(&app.find("#toggle-preview"));
    app.wait_for(
        "the photo in the text, where Day One had it",
        "document.querySelector('#entry-preview img')?.naturalWidth === 640",
    );
    app.screenshot("55-day-one-photo-in-its-entry");
}
