//! A small WebDriver client for driving the real Failing Up window through tauri-driver.
//!
//! Each [`App`] starts its own tauri-driver on free ports, which starts WebKitWebDriver, which
//! starts the app binary with `--data-dir`. Dropping the [`App`] deletes the session (which
//! ends the app) and stops tauri-driver, so the next test can start afresh: tauri-driver
//! allows one session at a time.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::display::{Rect, Screen, FRAMEBUFFER_DIR};

/// The W3C key under which WebDriver returns an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// How long to wait for the UI to reach an expected state. Generous, because the first
/// start of WebKit under Xvfb on a busy 2-core machine can take a few seconds; waiting ends
/// as soon as the state is reached.
const PATIENCE: Duration = Duration::from_secs(20);

fn required_env(name: &str) -> PathBuf {
    std::env::var_os(name).map(PathBuf::from).unwrap_or_else(|| {
        panic!("{name} is not set: run the end-to-end tests with `cargo xtask test` or `cargo xtask e2e`")
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|listener| listener.local_addr()).map(|address| address.port()).unwrap()
}

/// A running app window under WebDriver control.
pub struct App {
    data_dir: PathBuf,
    driver: Child,
    agent: ureq::Agent,
    session: String,
    base: String,
}

/// A reference to an element of the page.
#[derive(Clone)]
pub struct Element(String);

/// How to start the app, beyond its data folder.
#[derive(Default)]
pub struct Launch<'a> {
    /// Extra environment for the app's process.
    pub env: &'a [(&'a str, &'a str)],
    /// Start as a first-time user: the welcome is shown. Otherwise the journal is created
    /// beforehand with the welcome already finished, as a returning user's is.
    pub first_run: bool,
    /// A program to start instead of the app binary (a wrapper script that runs the binary
    /// under strace, say); it gets the app's arguments.
    pub application: Option<PathBuf>,
}

impl App {
    /// Starts the app on the journal in `data_dir`, with extra environment for its process.
    pub fn launch_with_env(data_dir: &Path, env: &[(&str, &str)]) -> App {
        App::launch_with(data_dir, Launch { env, ..Launch::default() })
    }

    /// Starts the app on the journal in `data_dir` as `launch` says.
    pub fn launch_with(data_dir: &Path, launch: Launch<'_>) -> App {
        if !launch.first_run && !data_dir.join(failup_core::db::DATABASE_FILE_NAME).exists() {
            let clock = std::sync::Arc::new(failup_core::SystemClock);
            let mut journal = failup_core::Database::open_in_dir(data_dir, clock).expect("a journal for the test");
            journal.settings().finish_welcome().expect("the welcome is marked as seen");
        }
        let env = launch.env;
        let binary = launch.application.unwrap_or_else(|| required_env("FAILUP_APP_BINARY"));
        let tauri_driver = required_env("FAILUP_TAURI_DRIVER");
        let (port, native_port) = (free_port(), free_port());
        let driver = Command::new(tauri_driver)
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver starts");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let base = format!("http://127.0.0.1:{port}");
        let mut app = App { data_dir: data_dir.to_owned(), driver, agent, session: String::new(), base };
        app.wait_until_ready();
        let capabilities = json!({
            "capabilities": { "alwaysMatch": { "tauri:options": {
                "application": binary,
                "args": ["--data-dir", data_dir],
            }}}
        });
        let created = app.send("POST", "/session", Some(capabilities));
        app.session = created["sessionId"].as_str().expect("a new session has an id").to_owned();
        // The window stays hidden until its first screen is drawn; a person cannot click
        // before that either.
        app.wait_for("the window to be shown", "document.visibilityState === 'visible'");
        app
    }

    pub fn launch(data_dir: &Path) -> App {
        App::launch_with_env(data_dir, &[])
    }

    fn wait_until_ready(&self) {
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if let Ok(mut response) = self.agent.get(format!("{}/status", self.base)).call() {
                if response.status().is_success() && response.body_mut().read_to_string().is_ok() {
                    return;
                }
            }
            sleep(Duration::from_millis(100));
        }
        panic!("tauri-driver did not answer on {} within {PATIENCE:?}", self.base);
    }

    /// Sends a WebDriver command and returns its `value`, panicking with the driver's error.
    fn send(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.base);
        let response = match method {
            "GET" => self.agent.get(&url).call(),
            "DELETE" => self.agent.delete(&url).call(),
            _ => self.agent.post(&url).send_json(body.unwrap_or_else(|| json!({}))),
        };
        let mut response = response.unwrap_or_else(|error| panic!("{method} {path}: {error}"));
        let status = response.status();
        let answer: Value = response.body_mut().read_json().unwrap_or(Value::Null);
        if !status.is_success() {
            panic!("{method} {path} failed with {status}: {answer}");
        }
        answer["value"].clone()
    }

    fn session_path(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session)
    }

    /// Runs `script` in the page and returns its result.
    pub fn execute(&self, script: &str, args: Value) -> Value {
        self.send("POST", &self.session_path("/execute/sync"), Some(json!({ "script": script, "args": args })))
    }

    /// Invokes an app command from the page, as the UI's backend module does, and returns its
    /// answer (or panics with its error). Used only for test-only commands such as
    /// `debug_shift_clock`; everything a user does goes through the UI.
    pub fn invoke(&self, command: &str, args: Value) -> Value {
        let answer = self.send(
            "POST",
            &self.session_path("/execute/async"),
            Some(json!({
                "script": "const done = arguments[arguments.length - 1];
                           window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])
                             .then(value => done({ ok: value }), error => done({ error }));",
                "args": [command, args],
            })),
        );
        match answer.get("ok") {
            Some(value) => value.clone(),
            None => panic!("{command} failed: {answer}"),
        }
    }

    /// Sets a range or other input's value as a user's drag would, firing `input` and `change`.
    pub fn set_value(&self, css: &str, value: &str) {
        self.find(css);
        self.execute(
            "const field = document.querySelector(arguments[0]);
             field.value = arguments[1];
             field.dispatchEvent(new Event('input', { bubbles: true }));
             field.dispatchEvent(new Event('change', { bubbles: true }));",
            json!([css, value]),
        );
    }

    /// Waits until `condition` (a JavaScript expression) is true in the page.
    pub fn wait_for(&self, description: &str, condition: &str) {
        let deadline = Instant::now() + PATIENCE;
        let script = format!("return !!({condition});");
        loop {
            if self.execute(&script, json!([])) == Value::Bool(true) {
                return;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {description} ({condition})");
            }
            sleep(Duration::from_millis(50));
        }
    }

    /// Finds the element matching `css`, waiting for it to appear.
    pub fn find(&self, css: &str) -> Element {
        self.wait_for(&format!("an element matching {css:?}"), &format!("document.querySelector({css:?})"));
        let found =
            self.send("POST", &self.session_path("/element"), Some(json!({ "using": "css selector", "value": css })));
        Element(found[ELEMENT_KEY].as_str().expect("an element reference").to_owned())
    }

    /// How many elements match `css` right now.
    pub fn count(&self, css: &str) -> usize {
        self.execute("return document.querySelectorAll(arguments[0]).length;", json!([css])).as_u64().unwrap_or(0)
            as usize
    }

    pub fn click(&self, element: &Element) {
        self.send("POST", &self.session_path(&format!("/element/{}/click", element.0)), None);
    }

    /// Types `text` into `element`, as keystrokes; a newline is typed as the Enter key.
    pub fn type_text(&self, element: &Element, text: &str) {
        let keys = text.replace('\n', "\u{E007}");
        self.send("POST", &self.session_path(&format!("/element/{}/value", element.0)), Some(json!({ "text": keys })));
    }

    pub fn text(&self, element: &Element) -> String {
        self.send("GET", &self.session_path(&format!("/element/{}/text", element.0)), None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The `value` property of a form field.
    pub fn value(&self, element: &Element) -> String {
        self.send("GET", &self.session_path(&format!("/element/{}/property/value", element.0)), None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Waits until the element matching `css` shows exactly `expected` as its text.
    pub fn wait_for_text(&self, css: &str, expected: &str) {
        self.wait_for(
            &format!("{css:?} to read {expected:?}"),
            &format!("document.querySelector({css:?})?.textContent.trim() === {expected:?}"),
        );
    }

    /// Saves a PNG of the window as `target/e2e-screenshots/<name>.png`.
    /// Saves what the window shows on the screen as `$FAILUP_SCREENSHOTS/<name>.png`.
    pub fn screenshot(&self, name: &str) {
        // What the DOM already shows may not be painted yet on a busy machine: two animation
        // frames make sure it is drawn, and the screen is read once it has stopped changing.
        self.execute(
            "return new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))));",
            json!([]),
        );
        let screen = Screen::from_env()
            .unwrap_or_else(|| panic!("{FRAMEBUFFER_DIR} is not set: run the end-to-end tests with `cargo xtask e2e`"));
        let rect = self.send("GET", &self.session_path("/window/rect"), None);
        let number = |key: &str| rect[key].as_f64().unwrap_or(0.0).max(0.0) as usize;
        let window = Rect { x: number("x"), y: number("y"), width: number("width"), height: number("height") };
        let frame = screen.capture_settled(Duration::from_secs(2)).crop(window);
        let dir = required_env("FAILUP_SCREENSHOTS");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), frame.png()).unwrap();
    }

    /// Ends the app (by ending the WebDriver session) and stops tauri-driver.
    pub fn quit(self) {
        drop(self);
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            // During a panic the session may already be broken; stopping the driver below
            // still ends everything it started.
            let _ = self.agent.delete(format!("{}/session/{}", self.base, self.session)).call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        // The app process itself must be gone: the next test's app would otherwise find this
        // one still registered as the running instance and hand over to it. An app that was
        // closed to the tray (reminders on) outlives its session, so what is left is ended
        // here, as a user would quit it from the tray.
        let deadline = Instant::now() + Duration::from_secs(3);
        while !app_processes(&self.data_dir).is_empty() && Instant::now() < deadline {
            sleep(Duration::from_millis(50));
        }
        for pid in app_processes(&self.data_dir) {
            let _ = Command::new("kill").arg("-KILL").arg(pid.to_string()).status();
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while !app_processes(&self.data_dir).is_empty() && Instant::now() < deadline {
            sleep(Duration::from_millis(50));
        }
    }
}

/// Writes an executable shell script `dir/name` that starts the app binary as `body` (given
/// the binary's path) says: under strace, with its output logged, …; for [`Launch::application`].
pub fn wrapper_script(dir: &Path, name: &str, body: &dyn Fn(&str) -> String) -> PathBuf {
    let binary = required_env("FAILUP_APP_BINARY");
    let script = dir.join(name);
    std::fs::write(&script, format!("#!/bin/sh\n{}\n", body(&binary.to_string_lossy()))).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

/// The pids of app processes started with `--data-dir <dir>`.
pub fn app_processes(dir: &Path) -> Vec<u32> {
    processes_with_data_dir(dir, |program| program.ends_with("/failup"))
}

/// The pids of processes whose program `is_program` accepts, started with `--data-dir <dir>`.
pub fn processes_with_data_dir(dir: &Path, is_program: impl Fn(&str) -> bool) -> Vec<u32> {
    let needle = dir.to_string_lossy().into_owned();
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .flatten()
        .filter_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            let args: Vec<String> =
                cmdline.split(|b| *b == 0).map(|a| String::from_utf8_lossy(a).into_owned()).collect();
            (is_program(args.first()?) && args.contains(&needle)).then_some(pid)
        })
        .collect()
}
