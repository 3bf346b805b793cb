//! The journal, as a user meets it in the window.

use serde_json::json;

use crate::driver::App;

/// The entry ids currently listed, in list order.
fn listed_titles(app: &App) -> Vec<String> {
    let titles = app.execute(
        "return [...document.querySelectorAll('li[data-entry-id] .entry-title')].map(e => e.textContent.trim());",
        json!([]),
    );
    serde_json::from_value(titles).unwrap()
}

fn write_entry(app: &App, title: &str, body: &str) {
    app.click(&app.find("#new-entry"));
    app.type_text(&app.find("#entry-title"), title);
    app.type_text(&app.find("#entry-body"), body);
}

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn an_entry_written_in_the_window_survives_a_restart() {
    let data = tempfile::tempdir().unwrap();

    let app = App::launch(data.path());
    app.find("button[data-nav=\"journal\"][aria-current=\"page\"]");
    app.screenshot("01-journal-empty");
    write_entry(
        &app,
        "Missed the launch date",
        "We shipped **two weeks late**.\n\n- scope grew\n- I said yes too often",
    );
    app.wait_for_text("#save-status", "Saved");
    app.wait_for("the new entry in the list", "document.querySelector('li[data-entry-id] .entry-title')");
    assert_eq!(listed_titles(&app), ["Missed the launch date"]);
    app.screenshot("02-journal-entry");
    app.quit();

    let journal = data.path().join("journal.sqlite3");
    assert!(journal.exists(), "the journal lives in the --data-dir folder");

    let app = App::launch(data.path());
    app.wait_for("the saved entry after a restart", "document.querySelector('li[data-entry-id] .entry-title')");
    assert_eq!(listed_titles(&app), ["Missed the launch date"], "the entry is still there after the restart");
    app.click(&app.find("li[data-entry-id] button.entry-item"));
    assert_eq!(app.value(&app.find("#entry-title")), "Missed the launch date");
    assert!(app.value(&app.find("#entry-body")).contains("two weeks late"), "the body was kept");
}

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn text_typed_just_before_leaving_the_view_is_saved() {
    let data = tempfile::tempdir().unwrap();
    let app = App::launch(data.path());
    write_entry(&app, "Typed then left", "No pause before switching views.");
    // No wait for the autosave's debounce: switching views must save what is pending.
    app.click(&app.find("button[data-nav=\"today\"]"));
    app.find("button[data-nav=\"today\"][aria-current=\"page\"]");
    app.click(&app.find("button[data-nav=\"journal\"]"));
    app.wait_for("the entry in the list", "document.querySelector('li[data-entry-id] .entry-title')");
    assert_eq!(listed_titles(&app), ["Typed then left"]);
    app.quit();

    let app = App::launch(data.path());
    app.wait_for("the entry after a restart", "document.querySelector('li[data-entry-id] .entry-title')");
    assert_eq!(listed_titles(&app), ["Typed then left"], "the flushed save reached the journal file");
}

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn markup_in_an_entry_is_shown_as_text_and_never_runs() {
    let data = tempfile::tempdir().unwrap();
    let app = App::launch(data.path());
    let title = "<img src=x onerror=\"document.body.dataset.pwned='title'\">";
    let body = "Plain **bold**\n\n<script>document.body.dataset.pwned='script'</script>\n\n<img src=x onerror=\"document.body.dataset.pwned='img'\">\n\n[link](javascript:document.body.dataset.pwned='link')";
    write_entry(&app, title, body);
    app.wait_for_text("#save-status", "Saved");
    app.click(&app.find("#toggle-preview"));
    let preview = app.find("#entry-preview");
    app.wait_for("the preview's bold text", "document.querySelector('#entry-preview strong')");
    let shown = app.text(&preview);
    assert!(shown.contains("<script>"), "raw HTML is shown as text, not dropped silently: {shown}");
    app.click(&app.find("#entry-preview a"));
    assert_eq!(
        app.execute("return document.body.dataset.pwned ?? null;", json!([])),
        serde_json::Value::Null,
        "no user-supplied script, handler or javascript: link ran"
    );
    assert_eq!(app.count("#entry-preview script, #entry-preview [onerror], #entry-preview img"), 0);
    assert_eq!(app.count("[onerror]"), 0, "the title is text in the list too");
    app.wait_for("the title shown as text in the list", "document.querySelector('li[data-entry-id] .entry-title')");
    assert_eq!(listed_titles(&app), [title]);
    app.screenshot("03-entry-preview-markup-as-text");
}

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn every_area_has_a_titled_view_and_the_dark_theme_follows_the_system() {
    let data = tempfile::tempdir().unwrap();
    for (theme, env) in [("light", vec![]), ("dark", vec![("GTK_THEME", "Adwaita:dark")])] {
        let app = App::launch_with_env(data.path(), &env);
        for area in ["today", "journal", "setbacks", "lessons", "goals", "people", "trends", "settings"] {
            app.click(&app.find(&format!("button[data-nav=\"{area}\"]")));
            app.find(&format!("button[data-nav=\"{area}\"][aria-current=\"page\"]"));
            let heading = app.text(&app.find("main h1"));
            assert!(!heading.is_empty(), "the {area} view has a heading");
            app.screenshot(&format!("10-{area}-{theme}"));
        }
        let unnamed = app.execute(
            "return [...document.querySelectorAll('button, input, textarea, select, a[href]')]
                .filter(e => !(e.getAttribute('aria-label') || e.labels?.length || e.textContent.trim() || e.title || e.getAttribute('aria-labelledby')))
                .map(e => e.outerHTML.slice(0, 80));",
            json!([]),
        );
        assert_eq!(unnamed, json!([]), "every control has an accessible name ({theme})");
        app.quit();
    }
}

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn scrolling_to_the_end_of_the_list_brings_the_next_entries_without_a_click() {
    const ENTRIES: usize = 45;
    let data = tempfile::tempdir().unwrap();
    {
        let clock = std::sync::Arc::new(failup_core::SystemClock);
        let mut journal = failup_core::Database::open_in_dir(data.path(), clock).unwrap();
        let drafts: Vec<failup_core::EntryDraft> = (0..ENTRIES)
            .map(|day| failup_core::EntryDraft {
                title: format!("Day {:02}", day + 1),
                local_date_time: Some(format!("2026-{:02}-{:02}T09:00", day / 28 + 1, day % 28 + 1)),
                ..Default::default()
            })
            .collect();
        journal.entries().create_many(&drafts).unwrap();
        journal.settings().finish_welcome().unwrap();
    }
    let app = App::launch(data.path());
    app.wait_for("the first page", "document.querySelector('li[data-entry-id]') !== null");
    let first_page = listed_titles(&app).len();
    assert!(first_page < ENTRIES, "the journal starts with one page, not all {ENTRIES} entries");

    // Scroll as a reader would, to the end of the list each time it grows; never a click.
    for _ in 0..ENTRIES {
        if listed_titles(&app).len() == ENTRIES {
            break;
        }
        let shown = listed_titles(&app).len();
        app.execute("document.querySelector('.list-pane li[data-entry-id]:last-of-type').scrollIntoView();", json!([]));
        app.wait_for(
            "the next page after scrolling to the end",
            &format!("document.querySelectorAll('li[data-entry-id]').length > {shown}"),
        );
    }
    let titles = listed_titles(&app);
    let expected: Vec<String> = (1..=ENTRIES).rev().map(|day| format!("Day {day:02}")).collect();
    assert_eq!(titles, expected, "every entry, newest first, each once");
}
