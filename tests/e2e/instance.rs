//! Living in the background: one running copy, and closing the window keeps reminders going.

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::driver::{app_processes, App};
use crate::notifications::NotificationWatch;

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn starting_the_app_twice_leaves_one_process() {
    let data = tempfile::tempdir().unwrap();
    let app = App::launch(data.path());
    app.find("button[data-nav=\"journal\"][aria-current=\"page\"]");
    assert_eq!(app_processes(data.path()).len(), 1);

    let binary = std::env::var("FAILUP_APP_BINARY").unwrap();
    let mut second = Command::new(binary).arg("--data-dir").arg(data.path()).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = second.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the second copy handed over to the first and exited");
        sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "the second copy exits cleanly: {status}");
    assert_eq!(app_processes(data.path()).len(), 1, "one process is left running");
    app.find("button[data-nav=\"journal\"]");
}

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn closing_the_window_with_reminders_on_keeps_the_app_running_and_says_so_once() {
    let watch = NotificationWatch::start();
    let data = tempfile::tempdir().unwrap();
    let app = App::launch(data.path());
    app.find("button[data-nav=\"journal\"][aria-current=\"page\"]");
    // What the window does once it has saved pending text after a close request.
    app.invoke("close_main_window", json!({}));
    watch.wait_for_text("Failing Up is still running", "the notice that the app stays in the tray");
    assert!(
        app.execute("return document.visibilityState;", json!([])) == json!("hidden")
            || !app_processes(data.path()).is_empty()
    );
    assert_eq!(app_processes(data.path()).len(), 1, "the app keeps running so reminders can fire");
    app.invoke("close_main_window", json!({}));
    sleep(Duration::from_secs(1));
    assert_eq!(watch.count("Failing Up is still running"), 1, "the notice is given once only");
}
