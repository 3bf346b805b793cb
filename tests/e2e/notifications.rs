//! Notifications, observed on the test's own D-Bus session: a real notification server
//! (dunst) displays them, and `dbus-monitor` records every `Notify` call the app makes.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::driver::App;

/// A notification server and a recording of every `org.freedesktop.Notifications.Notify`
/// call on the session bus, both ended when dropped.
pub struct NotificationWatch {
    server: Child,
    monitor: Child,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl NotificationWatch {
    pub fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("notify.log");
        let monitor = Command::new("dbus-monitor")
            .args(["--session", "type='method_call',interface='org.freedesktop.Notifications',member='Notify'"])
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-monitor starts (package dbus-bin)");
        let server = Command::new("dunst").stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("dunst starts");
        let watch = NotificationWatch { server, monitor, log, _dir: dir };
        // dbus-monitor prints the bus's greeting once it is listening.
        watch.wait_for_text("NameAcquired", "dbus-monitor to be listening");
        watch
    }

    /// Everything recorded so far.
    pub fn recorded(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// How many `Notify` calls carried `text`.
    pub fn count(&self, text: &str) -> usize {
        self.recorded().split("member=Notify").skip(1).filter(|call| call.contains(text)).count()
    }

    pub fn wait_for_text(&self, text: &str, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !self.recorded().contains(text) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}; recorded:\n{}", self.recorded());
            sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for NotificationWatch {
    fn drop(&mut self) {
        let _ = self.monitor.kill();
        let _ = self.server.kill();
        let _ = self.monitor.wait();
        let _ = self.server.wait();
    }
}

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn a_test_notification_reaches_the_notification_server() {
    let watch = NotificationWatch::start();
    let data = tempfile::tempdir().unwrap();
    let app = App::launch(data.path());
    app.click(&app.find("button[data-nav=\"settings\"]"));
    app.click(&app.find("#send-test-notification"));
    watch.wait_for_text("Reminders will look like this", "the test notification");
    app.wait_for_text("#test-notification-status", "Sent — check your notifications.");
    app.screenshot("40-settings-reminders");
    assert_eq!(watch.count("Reminders will look like this"), 1, "exactly one notification was sent");
    let displayed = Command::new("dunstctl").arg("count").arg("displayed").output().unwrap();
    let history = Command::new("dunstctl").arg("count").arg("history").output().unwrap();
    let shown = String::from_utf8_lossy(&displayed.stdout).trim().parse::<u32>().unwrap_or(0)
        + String::from_utf8_lossy(&history.stdout).trim().parse::<u32>().unwrap_or(0);
    assert!(shown >= 1, "dunst displayed the notification");
}

/// Settings that make the test independent of the time of day it runs at: no quiet hours,
/// no daily prompt or weekly review, a one-hour cool-down, discreet notifications.
fn quiet_free_settings(app: &App) {
    let mut settings = app.invoke("get_settings", json!({}));
    settings["coolDownHours"] = json!(1);
    settings["reminders"]["enabled"] = json!(true);
    settings["reminders"]["quietHours"] = json!(null);
    settings["reminders"]["dailyPromptTimes"] = json!([]);
    settings["reminders"]["weeklyReview"] = json!(null);
    settings["reminders"]["discreet"] = json!(true);
    app.invoke("update_settings", json!({ "settings": settings }));
}

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn a_cool_down_ending_sends_one_discreet_reminder_and_a_restart_sends_none_again() {
    let watch = NotificationWatch::start();
    let data = tempfile::tempdir().unwrap();
    let app = App::launch(data.path());
    quiet_free_settings(&app);

    let title = "Secret promotion fiasco";
    app.click(&app.find("button[data-nav=\"setbacks\"]"));
    app.click(&app.find("#log-setback"));
    app.type_text(&app.find("#setback-title"), title);
    app.type_text(&app.find("#setback-facts"), "Passed over for the promotion.");
    app.click(&app.find("#save-setback"));
    app.find("li[data-setback-id] .stage-badge[data-stage=\"cooling_down\"]");

    // Two hours later (debug builds can move their clock), the one-hour cool-down is over.
    app.invoke("debug_shift_clock", json!({ "hours": 2 }));
    watch.wait_for_text("Ready to reflect", "the ready-to-reflect reminder");
    sleep(Duration::from_secs(2));
    assert_eq!(watch.count("Ready to reflect"), 1, "the reminder is shown exactly once");
    let recorded = watch.recorded();
    for word in ["Secret", "promotion", "fiasco"] {
        assert!(
            !recorded.contains(word),
            "a discreet notification never shows the setback's title ({word}):\n{recorded}"
        );
    }
    app.quit();

    // Starting again must not show it a second time: it was claimed before it was shown.
    let app = App::launch(data.path());
    app.find("button[data-nav=\"journal\"][aria-current=\"page\"]");
    sleep(Duration::from_secs(3));
    assert_eq!(watch.count("Ready to reflect"), 1, "a restart repeats no reminder");
    app.quit();
}

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn a_reminder_due_while_the_app_was_closed_is_caught_up_once() {
    let watch = NotificationWatch::start();
    let data = tempfile::tempdir().unwrap();
    let app = App::launch(data.path());
    quiet_free_settings(&app);
    app.click(&app.find("button[data-nav=\"setbacks\"]"));
    app.click(&app.find("#log-setback"));
    app.type_text(&app.find("#setback-title"), "Missed flight");
    app.click(&app.find("#save-setback"));
    app.find("li[data-setback-id] .stage-badge[data-stage=\"cooling_down\"]");
    app.quit();
    assert_eq!(watch.count("Ready to reflect"), 0, "nothing was due while the app ran");

    // Started again as if two hours had passed while it was closed: the cool-down ended an
    // hour ago, less than 12 hours late, so the reminder is caught up, once.
    let later = [("FAILUP_DEBUG_CLOCK_SHIFT_HOURS", "2")];
    let app = App::launch_with_env(data.path(), &later);
    watch.wait_for_text("Ready to reflect", "the caught-up reminder");
    app.quit();
    let app = App::launch_with_env(data.path(), &later);
    app.find("button[data-nav=\"journal\"][aria-current=\"page\"]");
    sleep(Duration::from_secs(3));
    assert_eq!(watch.count("Ready to reflect"), 1, "a second restart catches up nothing new");
    app.quit();
}
