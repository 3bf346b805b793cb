//! Nothing leaves the machine.
//!
//! `cargo xtask test` runs every end-to-end test inside a network namespace of its own whose
//! only interface is loopback (WebDriver speaks HTTP to tauri-driver on 127.0.0.1), so every
//! feature the tests exercise works without a network. On top of that, one scripted session
//! runs the app under `strace -f -e trace=network`: no socket of the app or of its WebKit
//! processes may connect to an internet address (AF_INET or AF_INET6).

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::driver::{wrapper_script, App, Launch};

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn the_end_to_end_tests_run_in_a_network_namespace_with_only_loopback() {
    let devices = std::fs::read_to_string("/proc/net/dev").unwrap();
    let interfaces: Vec<&str> =
        devices.lines().skip(2).filter_map(|line| line.split(':').next()).map(str::trim).collect();
    assert_eq!(interfaces, ["lo"], "cargo xtask test runs the app with no network interface but loopback");
    let outside =
        std::net::TcpStream::connect_timeout(&"192.0.2.1:443".parse().unwrap(), std::time::Duration::from_secs(2));
    assert!(outside.is_err(), "nothing outside the machine is reachable from here");
}

/// A script that runs the app binary under strace, writing every network system call of it
/// and of the processes it starts (WebKit's) to `trace`, and the environment it was given
/// to `environment`.
fn traced_app(dir: &Path, trace: &Path, environment: &Path) -> PathBuf {
    wrapper_script(dir, "failup-traced.sh", &|binary| {
        format!(
            "env > '{}'\nexec strace -f -qq -e trace=network -o '{}' '{binary}' \"$@\"",
            environment.display(),
            trace.display()
        )
    })
}

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn a_scripted_session_connects_no_internet_socket() {
    let temp = tempfile::tempdir().unwrap();
    let data = temp.path().join("data");
    let trace = temp.path().join("network.trace");
    let environment = temp.path().join("app.env");
    let export = temp.path().join("export.json");
    let app = App::launch_with(
        &data,
        Launch {
            env: &[("FAILUP_DEBUG_DIALOG_ANSWER", export.to_str().unwrap())],
            application: Some(traced_app(temp.path(), &trace, &environment)),
            ..Launch::default()
        },
    );

    // Every kind of work the app does: write, search, the loop, trends over the sample,
    // encryption and the lock, backups, export, a notification.
    app.click(&app.find("#new-entry"));
    app.type_text(&app.find("#entry-title"), "Traced");
    app.type_text(&app.find("#entry-body"), "Written while strace watches every socket.");
    app.wait_for_text("#save-status", "Saved");
    app.invoke("search_entries", json!({ "query": "strace", "limit": 5 }));
    app.invoke(
        "create_setback",
        json!({ "draft": { "title": "Pitch rejected", "whatHappened": "No.", "localDateTime": null,
                           "timeZone": null, "areaId": null, "impact": 6, "control": "some",
                           "feelings": [], "entryIds": [], "coolDownHours": null } }),
    );
    app.click(&app.find("button[data-nav=\"trends\"]"));
    app.invoke("trends", json!({ "range": "year" }));
    app.invoke("enable_encryption", json!({ "passphrase": "traced passphrase" }));
    app.invoke("lock", json!({}));
    app.invoke("unlock", json!({ "passphrase": "traced passphrase" }));
    app.invoke("create_backup", json!({}));
    app.invoke("export_json", json!({}));
    app.invoke("send_test_notification", json!({}));
    app.click(&app.find("button[data-nav=\"settings\"]"));
    app.find("#privacy-card");
    app.quit();

    let text = std::fs::read_to_string(&trace).expect("strace wrote its trace");
    let connects: Vec<&str> = text.lines().filter(|line| line.contains("connect(")).collect();
    assert!(
        connects.iter().any(|line| line.contains("AF_UNIX")),
        "the trace saw the app's local sockets (X11, D-Bus), so it would have seen others:\n{text}"
    );
    // Under WebDriver, WebKitWebDriver hands the app the loopback address of its automation
    // channel in its environment, and WebKit connects to it: that is the test harness, which
    // exists only in a test. Every other AF_INET/AF_INET6 connection fails the test.
    let given = std::fs::read_to_string(&environment).unwrap();
    let automation: Vec<String> = given
        .lines()
        .filter_map(|line| line.split_once('=').map(|(_, value)| value))
        .filter_map(|value| value.strip_prefix("127.0.0.1:"))
        .filter(|port| !port.is_empty() && port.bytes().all(|byte| byte.is_ascii_digit()))
        .map(str::to_owned)
        .collect();
    let is_automation = |line: &str| {
        line.contains("sa_family=AF_INET,")
            && line.contains("inet_addr(\"127.0.0.1\")")
            && automation.iter().any(|port| line.contains(&format!("sin_port=htons({port})")))
    };
    let internet: Vec<&&str> =
        connects.iter().filter(|line| line.contains("AF_INET") && !is_automation(line)).collect();
    assert!(
        internet.is_empty(),
        "no connection to an internet address: {internet:#?} (the automation channel is {automation:?})"
    );
    assert!(std::fs::metadata(&export).is_ok_and(|meta| meta.len() > 0), "the export ran in the traced session");
}
