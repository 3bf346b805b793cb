//! The IPC surface, tested through Tauri's mock runtime: requests go through the real
//! command handlers, argument deserialisation and error serialisation, without a desktop.

use std::sync::Arc;

use failup_core::{FixedClock, Timestamp};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

struct TestApp {
    _app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    data_dir: tempfile::TempDir,
}

impl TestApp {
    fn start() -> Self {
        let data_dir = tempfile::tempdir().unwrap();
        Self::start_in(data_dir)
    }

    fn start_in(data_dir: tempfile::TempDir) -> Self {
        let clock = Arc::new(FixedClock::new("2026-03-14T08:30:00Z".parse::<Timestamp>().unwrap(), "Europe/Berlin"));
        let app = crate::app_builder(mock_builder(), Some(data_dir.path().to_owned()), clock)
            .build(mock_context(noop_assets()))
            .expect("the app builds on the mock runtime");
        let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
        Self { _app: app, window, data_dir }
    }

    /// Invokes `command` as the UI would, returning the JSON answer or the JSON error.
    fn invoke(&self, command: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: command.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request).map(|body| body.deserialize::<Value>().unwrap())
    }
}

fn draft(title: &str, body: &str, at: Option<&str>) -> Value {
    json!({ "title": title, "body": body, "localDateTime": at, "timeZone": null, "mood": 3, "tags": ["work"] })
}

#[test]
fn an_entry_written_over_ipc_is_listed_read_back_and_deleted() {
    let app = TestApp::start();
    let created =
        app.invoke("create_entry", json!({ "draft": draft("First", "Hello", Some("2026-03-13T21:05")) })).unwrap();
    assert_eq!(created["title"], "First");
    assert_eq!(created["localDateTime"], "2026-03-13T21:05", "fields cross IPC in camelCase");
    assert_eq!(created["timeZone"], "Europe/Berlin", "the user's zone comes from the clock");

    let page = app.invoke("list_entries", json!({ "cursor": null, "limit": 50 })).unwrap();
    assert_eq!(page["entries"].as_array().unwrap().len(), 1);
    assert_eq!(page["nextCursor"], Value::Null);

    let id = created["id"].clone();
    let updated =
        app.invoke("update_entry", json!({ "id": id, "draft": draft("First, edited", "Hello", None) })).unwrap();
    assert_eq!(updated["title"], "First, edited");
    assert_eq!(app.invoke("get_entry", json!({ "id": id })).unwrap(), updated);
    assert_eq!(app.invoke("entries_on_day", json!({ "day": "2026-03-14" })).unwrap()[0]["id"], id);
    assert_eq!(app.invoke("search_entries", json!({ "query": "edit", "limit": 10 })).unwrap()[0]["id"], id);

    assert_eq!(app.invoke("delete_entry", json!({ "id": id })).unwrap(), Value::Null);
    let error = app.invoke("get_entry", json!({ "id": id })).unwrap_err();
    assert_eq!(error["code"], "not_found");
}

#[test]
fn the_start_state_brings_the_first_screen_in_one_answer() {
    let app = TestApp::start();
    for (title, at) in [("Older", "2026-03-12T10:00"), ("Newer", "2026-03-13T10:00")] {
        app.invoke("create_entry", json!({ "draft": draft(title, "", Some(at)) })).unwrap();
    }
    let start = app.invoke("start_state", json!({ "pageSize": 1 })).unwrap();
    assert_eq!(start["status"]["state"], "open");
    assert_eq!(start["kind"], "own");
    assert_eq!(start["welcomePending"], true, "a journal made by the app greets its user");
    assert_eq!(start["info"]["timeZone"], "Europe/Berlin");
    assert_eq!(start["info"]["dataDir"], app.data_dir.path().display().to_string());
    let first = &start["firstEntries"];
    assert_eq!(first["entries"].as_array().unwrap().len(), 1, "as many entries as the page holds");
    assert_eq!(first["entries"][0]["title"], "Newer");
    assert!(first["nextCursor"].is_string(), "and where the journal view goes on reading");
}

#[test]
fn an_impossible_date_is_refused_as_code_and_message() {
    let app = TestApp::start();
    let error = app.invoke("create_entry", json!({ "draft": draft("x", "y", Some("2023-02-30T10:00")) })).unwrap_err();
    assert_eq!(error["code"], "invalid_input", "errors cross IPC as {{code, message}}: {error}");
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("2023-02-30T10:00") && message.contains("not a real date"), "{message}");
    let page = app.invoke("list_entries", json!({ "cursor": null, "limit": 50 })).unwrap();
    assert!(page["entries"].as_array().unwrap().is_empty(), "nothing was written");
}

#[test]
fn a_megabyte_of_text_with_markup_round_trips_unchanged() {
    let app = TestApp::start();
    let title = "<script>alert('t')</script>";
    let body = format!("<img src=x onerror=alert(1)>\n{}", "x".repeat(1024 * 1024));
    let created = app.invoke("create_entry", json!({ "draft": draft(title, &body, None) })).unwrap();
    let read = app.invoke("get_entry", json!({ "id": created["id"] })).unwrap();
    assert_eq!(read["title"], title, "markup is stored as text, never interpreted by the backend");
    assert_eq!(read["body"].as_str().unwrap(), body);
}

#[test]
fn a_journal_from_a_newer_version_makes_every_command_explain_why() {
    let data_dir = tempfile::tempdir().unwrap();
    let path = data_dir.path().join(failup_core::db::DATABASE_FILE_NAME);
    {
        let connection = rusqlite_connection(&path);
        connection.pragma_update(None, "user_version", 999).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let app = TestApp::start_in(data_dir);

    let error = app.invoke("list_entries", json!({ "cursor": null, "limit": 50 })).unwrap_err();
    assert_eq!(error["code"], "database_too_new");
    assert!(error["message"].as_str().unwrap().contains("newer version of Failing Up"));
    let error = app.invoke("create_entry", json!({ "draft": draft("x", "y", None) })).unwrap_err();
    assert_eq!(error["code"], "database_too_new", "writes are refused too");
    let info = app.invoke("app_info", json!({})).unwrap();
    assert_eq!(info["dataDir"], app.data_dir.path().display().to_string(), "the app still says where its data is");
    assert_eq!(std::fs::read(&path).unwrap(), before, "the newer journal is untouched");
}

fn rusqlite_connection(path: &std::path::Path) -> failup_core::db::rusqlite::Connection {
    failup_core::db::rusqlite::Connection::open(path).unwrap()
}

mod found_by_build {
    include!(concat!(env!("OUT_DIR"), "/command_names.rs"));
}

#[test]
fn commands_build_rs_found_are_the_ones_declared() {
    // build.rs reads the declarations as text to make their permissions; the macro knows them
    // as code. A command one sees and the other does not would be unreachable or unguarded.
    let mut declared = crate::commands::names();
    let mut found = found_by_build::FOUND_BY_BUILD.to_vec();
    #[cfg(not(debug_assertions))]
    found.retain(|name| *name != "debug_shift_clock");
    declared.sort_unstable();
    found.sort_unstable();
    assert_eq!(declared, found);
}

#[test]
fn the_window_may_call_exactly_the_apps_commands_and_each_is_registered() {
    let capability: Value =
        serde_json::from_str(include_str!("../capabilities/main-window.json")).expect("the capability is JSON");
    let granted: Vec<&str> =
        capability["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    // The app's commands (the set build.rs makes from their declarations), and listening for
    // the close request (the editor saves before the window closes) and the tray's requests.
    assert_eq!(
        granted,
        ["window-commands", "core:event:allow-listen", "core:event:allow-unlisten"],
        "the capability grants the app's commands and nothing else"
    );

    let app = TestApp::start();
    // Called with no arguments, these would act on the desktop: open a native Save dialog and
    // wait for a person, or show a notification.
    let acts_on_the_desktop = [
        "save_failure_resume",
        "send_test_notification",
        "close_main_window",
        "autostart_enabled",
        "set_autostart",
        "reveal_data_folder",
        "export_json",
        "move_sync_folder",
    ];
    for name in crate::commands::names().into_iter().filter(|name| !acts_on_the_desktop.contains(name)) {
        // Called without arguments, a registered command fails on its arguments (or answers);
        // an unregistered one is reported as not found.
        if let Err(error) = app.invoke(name, json!({})) {
            let text = error.to_string();
            assert!(!text.contains("not found"), "command {name} is registered: {text}");
        }
    }
    let unknown = app.invoke("no_such_command", json!({})).unwrap_err().to_string();
    assert!(unknown.contains("not found"), "an undeclared command is refused: {unknown}");
}

#[test]
fn an_encrypted_journal_locks_and_unlocks_over_ipc_and_answers_locked_meanwhile() {
    let app = TestApp::start();
    let status = app.invoke("security_status", json!({})).unwrap();
    assert_eq!(status["encrypted"], false);
    let refused = app.invoke("enable_encryption", json!({ "passphrase": "short" })).unwrap_err();
    assert_eq!(refused["code"], "invalid_input", "{refused}");
    app.invoke("create_entry", json!({ "draft": { "title": "before", "body": "", "localDateTime": null, "timeZone": null, "mood": null, "tags": [] } }))
        .unwrap();
    app.invoke("enable_encryption", json!({ "passphrase": "a long enough passphrase" })).unwrap();
    let status = app.invoke("security_status", json!({})).unwrap();
    assert_eq!((status["encrypted"].clone(), status["locked"].clone()), (json!(true), json!(false)));

    app.invoke("lock", json!({})).unwrap();
    let locked = app.invoke("list_entries", json!({ "cursor": null, "limit": 10 })).unwrap_err();
    assert_eq!(locked["code"], "locked", "every command answers `locked` while locked: {locked}");
    assert_eq!(app.invoke("journal_status", json!({})).unwrap()["state"], "locked");
    let wrong = app.invoke("unlock", json!({ "passphrase": "not it at all" })).unwrap_err();
    assert_eq!(wrong["code"], "wrong_passphrase", "{wrong}");
    app.invoke("unlock", json!({ "passphrase": "a long enough passphrase" })).unwrap();
    let page = app.invoke("list_entries", json!({ "cursor": null, "limit": 10 })).unwrap();
    assert_eq!(page["entries"][0]["title"], "before", "the entry written in clear is there, encrypted");
    let backups = app.invoke("list_backups", json!({})).unwrap();
    assert!(
        backups.as_array().unwrap().iter().all(|backup| backup["encrypted"] == true),
        "backups are encrypted with the journal: {backups}"
    );
}

#[test]
fn the_failing_up_loop_runs_over_ipc() {
    let app = TestApp::start();
    let setback_draft = |at: &str| {
        json!({
            "title": "Pitch rejected", "whatHappened": "The client said no.", "localDateTime": at,
            "timeZone": null, "areaId": null, "impact": 7, "control": "some",
            "feelings": [{ "emotion": "disappointed", "intensity": 80 }], "entryIds": [], "coolDownHours": null
        })
    };
    // The clock says 09:30 on 14 March in Berlin; the default cool-down is 24 hours.
    let fresh = app.invoke("create_setback", json!({ "draft": setback_draft("2026-03-14T08:00") })).unwrap();
    assert_eq!(fresh["stage"], "cooling_down");
    let setback = app.invoke("create_setback", json!({ "draft": setback_draft("2026-03-12T10:00") })).unwrap();
    assert_eq!(setback["stage"], "ready_to_reflect");
    let today = app.invoke("today", json!({})).unwrap();
    assert_eq!(today["readyToReflect"][0]["id"], setback["id"], "Today lists what is ready: {today}");
    assert_eq!(today["coolingDown"][0]["id"], fresh["id"]);

    let templates = app.invoke("list_templates", json!({ "includeHidden": false })).unwrap();
    let template = &templates[0];
    let prompts = template["prompts"].as_array().unwrap().len();
    let reflection =
        app.invoke("start_reflection", json!({ "setbackId": setback["id"], "templateId": template["id"] })).unwrap();
    let answers: Vec<Value> = (0..prompts).map(|n| json!({ "text": format!("answer {n}"), "rating": null })).collect();
    app.invoke("save_reflection_draft", json!({ "id": reflection["id"], "answers": answers })).unwrap();
    let completed = app
        .invoke(
            "complete_reflection",
            json!({ "id": reflection["id"], "answers": answers, "feelingsAfter": [{ "emotion": "disappointed", "intensity": 30 }] }),
        )
        .unwrap();
    assert_eq!(completed["shift"][0]["before"], 80);
    assert_eq!(completed["shift"][0]["after"], 30, "the emotional shift is recorded");
    assert_eq!(app.invoke("get_setback", json!({ "id": setback["id"] })).unwrap()["stage"], "reflected");

    let lesson = app
        .invoke(
            "create_lesson",
            json!({ "draft": { "text": "Ask what they need first", "ifSituation": "a pitch is due",
                              "thenAction": "I will interview the client", "areaId": null, "setbackIds": [setback["id"]] } }),
        )
        .unwrap();
    assert_eq!(lesson["revisits"].as_array().unwrap().len(), 3, "revisits at 7, 30 and 90 days");
    assert_eq!(app.invoke("get_setback", json!({ "id": setback["id"] })).unwrap()["stage"], "lessons_drawn");

    let goal = app.invoke("goal_from_lesson", json!({ "lessonId": lesson["id"] })).unwrap();
    assert_eq!(goal["kind"], "learning");
    assert_eq!(goal["lessonIds"], json!([lesson["id"]]));

    let revisit = lesson["revisits"][0]["id"].clone();
    let answered =
        app.invoke("answer_revisit", json!({ "revisitId": revisit, "answer": "yes", "note": "Did it" })).unwrap();
    assert_eq!(answered["status"], "applied", "a yes moves an untested lesson to applied");

    let recovered = app.invoke("mark_recovered", json!({ "id": setback["id"], "on": null })).unwrap();
    assert_eq!(recovered["stage"], "recovered");
}

#[test]
fn support_brief_resume_and_search_answer_over_ipc() {
    let app = TestApp::start();
    let setback = app
        .invoke(
            "create_setback",
            json!({ "draft": {
                "title": "Demo crashed", "whatHappened": "The build failed on stage.", "localDateTime": "2026-03-10T15:00",
                "timeZone": null, "areaId": null, "impact": 6, "control": "most",
                "feelings": [], "entryIds": [], "coolDownHours": null
            }}),
        )
        .unwrap();
    let person = app
        .invoke(
            "create_person",
            json!({ "draft": { "name": "Ana", "role": "mentor", "supportKinds": ["advice"], "notes": "" } }),
        )
        .unwrap();
    app.invoke(
        "create_conversation",
        json!({ "draft": { "personId": person["id"], "setbackId": setback["id"], "heldOn": "2026-03-12",
                           "whatTheySaid": "Rehearse on the real machine", "whatIllTry": "A dry run the day before" } }),
    )
    .unwrap();
    let refused = app.invoke("delete_person", json!({ "id": person["id"] })).unwrap_err();
    assert_eq!(refused["code"], "invalid_input", "a person with conversations is kept: {refused}");

    let brief = app.invoke("mentor_brief", json!({ "from": "2026-03-01", "to": "2026-03-14" })).unwrap();
    let brief = brief.as_str().unwrap();
    assert!(brief.contains("Demo crashed") && brief.contains("Rehearse on the real machine"), "{brief}");
    let resume = app.invoke("failure_resume", json!({})).unwrap();
    assert!(resume.as_str().unwrap().contains("Demo crashed"));

    let hits = app
        .invoke(
            "search",
            json!({ "query": { "text": "stag", "kinds": [], "areaId": null, "tag": null, "from": null, "to": null, "limit": 10 } }),
        )
        .unwrap();
    assert_eq!(hits[0]["kind"], "setback");
    assert!(hits[0]["snippet"].as_str().unwrap().contains("\u{2}stage\u{3}"), "the match is marked: {hits}");
}
