//! `cargo xtask`: the project's automation, in Rust so that it runs wherever cargo does.
//!
//! - `cargo xtask run [--release] [--data-dir DIR]` — set up, build and start the app.
//! - `cargo xtask test` — set up, then every check and test, end-to-end included.
//! - `cargo xtask e2e` — only the end-to-end tests (after building the app).
//! - `cargo xtask bench` — the performance budget's figures, measured.
//! - `cargo xtask bindings` — regenerate the UI's TypeScript bindings (types and the command map).
//! - `cargo xtask bundle [--icons]` — the release packages this machine can make.
//! - `cargo xtask test-install [--deb FILE]` — install the `.deb`, start it, uninstall it.
//!
//! Set-up means: the system packages (installed with apt-get when we are root or have
//! password-less sudo, otherwise the exact command is printed), tauri-driver for the
//! end-to-end tests, the UI's npm packages and the UI build.

mod bundle;
mod setup;

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use setup::Purpose;

type Result<T = ()> = std::result::Result<T, String>;

const USAGE: &str = "Usage: cargo xtask <command>

Commands:
  run [--release] [--data-dir DIR]   set up, build and start Failing Up
  test                               set up, then run every check and test
  e2e                                build the app and run only the end-to-end tests
  bench                              measure the performance budget's figures (release build)
  bindings                           regenerate ui/src/lib/bindings from the commands' declarations
  bundle [--icons]                   build the release packages this system can make (Linux: .deb,
                                     .rpm); --icons first renders every icon from icons/icon.svg
  test-install [--deb FILE]          bundle (or take FILE), install the .deb, check its files, start
                                     it under Xvfb, uninstall it and check the journal is kept";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test(),
        Some("e2e") => end_to_end_only(&args[1..]),
        Some("bench") => bench(),
        Some("bindings") => bindings(),
        Some("bundle") => bundle::bundle(&args[1..]),
        Some("test-install") => bundle::test_install(&args[1..]),
        Some("-h" | "--help") | None => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(format!("unknown command {other:?}\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The repository's root folder (the parent of `xtask/`).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the repository").to_owned()
}

fn cargo() -> Command {
    let mut command = Command::new(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(root());
    command
}

fn npm(args: &[&str]) -> Command {
    let mut command = Command::new("npm");
    command.args(args).current_dir(root().join("ui"));
    command
}

/// Runs `command`, streaming its output, and fails with `what` if it fails.
fn step(what: &str, command: &mut Command) -> Result {
    println!("\n==> {what}");
    let started = Instant::now();
    let status =
        command.status().map_err(|error| format!("{what}: could not start {:?}: {error}", command.get_program()))?;
    println!("    ({what}: {:.1} s)", started.elapsed().as_secs_f64());
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

fn run(args: &[String]) -> Result {
    let mut release = false;
    let mut app_args = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--release" => release = true,
            "--data-dir" => {
                let dir = args.next().ok_or("--data-dir needs a folder")?;
                app_args.push("--data-dir".to_owned());
                app_args.push(dir.clone());
            }
            other if other.starts_with("--data-dir=") => app_args.push(other.to_owned()),
            other => return Err(format!("unknown argument {other:?} for `cargo xtask run`\n\n{USAGE}")),
        }
    }
    setup::system_packages(Purpose::Run)?;
    build_ui()?;
    let mut build = cargo();
    build.args(["build", "--package", "failup"]);
    if release {
        build.arg("--release");
    }
    step("Build the app", &mut build)?;
    let binary = app_binary(release);
    step("Start Failing Up", Command::new(&binary).args(&app_args).current_dir(root()))
}

fn test() -> Result {
    let started = Instant::now();
    setup::system_packages(Purpose::Test)?;
    let tauri_driver = setup::tauri_driver()?;
    build_ui()?;

    step("Rust formatting", cargo().args(["fmt", "--all", "--", "--check"]))?;
    step("Clippy", cargo().args(["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"]))?;
    no_network_client()?;
    // Core tests (domain, storage, migrations) and the app's (IPC, the bindings check).
    // The end-to-end tests are ignored here; they run below under a display.
    step("Rust tests", cargo().args(["test", "--workspace", "--locked"]))?;
    step("UI type-check", &mut npm(&["run", "check"]))?;
    step("UI unit tests", &mut npm(&["run", "test"]))?;
    end_to_end(&tauri_driver)?;
    println!("\nxtask: every check and test passed in {:.0} s.", started.elapsed().as_secs_f64());
    Ok(())
}

/// `cargo xtask e2e [FILTER…]`: only the end-to-end tests (those whose names contain a filter).
fn end_to_end_only(filters: &[String]) -> Result {
    setup::system_packages(Purpose::Test)?;
    let tauri_driver = setup::tauri_driver()?;
    build_ui()?;
    end_to_end_filtered(&tauri_driver, filters)
}

/// Builds the real app and drives its window over WebDriver, under a private X display and
/// a private D-Bus session that end with the run.
fn end_to_end(tauri_driver: &Path) -> Result {
    end_to_end_filtered(tauri_driver, &[])
}

fn end_to_end_filtered(tauri_driver: &Path, filters: &[String]) -> Result {
    step("Build the app for the end-to-end tests", cargo().args(["build", "--package", "failup", "--locked"]))?;
    let screenshots = root().join("target/e2e-screenshots");
    std::fs::create_dir_all(&screenshots)
        .map_err(|error| format!("cannot create {}: {error}", screenshots.display()))?;
    // Built here, with the network, so that the isolated run below only runs it.
    step(
        "Build the end-to-end tests",
        cargo().args(["test", "--package", "failup", "--test", "e2e", "--locked", "--no-run"]),
    )?;
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let framebuffer = framebuffer_dir()?;
    // Inside a network namespace of its own (`unshare --net`, root or user namespaces) whose
    // only interface is loopback, brought up for WebDriver: the app can reach nothing outside
    // the machine, and every test must pass anyway. `tests/e2e/network.rs` checks it.
    let result = step(
        "End-to-end tests (real window, Xvfb, private D-Bus, no network)",
        Command::new("unshare")
            .args(isolation_flags())
            .args(["--net", "--", "sh", "-c", "ip link set lo up && exec \"$0\" \"$@\""])
            .arg("xvfb-run")
            .args(xvfb_run_args(&framebuffer))
            .args(["dbus-run-session", "--"])
            .arg(cargo)
            .args(["test", "--package", "failup", "--test", "e2e", "--locked", "--offline"])
            .args(["--", "--ignored", "--test-threads=1"])
            .args(filters)
            .env("FAILUP_APP_BINARY", app_binary(false))
            .env("FAILUP_TAURI_DRIVER", tauri_driver)
            .env("FAILUP_SCREENSHOTS", &screenshots)
            .env("FAILUP_XVFB_FBDIR", &framebuffer.0)
            .current_dir(root()),
    );
    println!("    Screenshots: {}", screenshots.display());
    result
}

/// A folder of its own for a private display's framebuffer, removed when dropped.
struct FramebufferDir(PathBuf);

impl Drop for FramebufferDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn framebuffer_dir() -> Result<FramebufferDir> {
    let dir = root().join("target/screens").join(std::process::id().to_string());
    std::fs::create_dir_all(&dir).map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    Ok(FramebufferDir(dir))
}

/// `xvfb-run`'s arguments for a private display of 1280×800 whose framebuffer Xvfb keeps as a
/// file in `framebuffer` (`-fbdir`): tests and benchmarks read the screen from there. The
/// pointer is not drawn, so it never hides part of a screenshot.
fn xvfb_run_args(framebuffer: &FramebufferDir) -> [String; 2] {
    [
        "--auto-servernum".into(),
        format!("--server-args=-screen 0 1280x800x24 -nocursor -fbdir {}", framebuffer.0.display()),
    ]
}

/// Crates that speak to other machines. None may be in the app's own dependency tree (normal
/// and build dependencies); the end-to-end tests' WebDriver client is a dev-dependency.
const NETWORK_CLIENT_CRATES: &[&str] = &[
    "reqwest",
    "ureq",
    "hyper",
    "hyper-util",
    "h2",
    "h3",
    "quinn",
    "isahc",
    "curl",
    "curl-sys",
    "attohttpc",
    "surf",
    "minreq",
    "awc",
    "tungstenite",
    "tokio-tungstenite",
    "rustls",
    "native-tls",
    "trust-dns-resolver",
    "hickory-resolver",
];

/// Fails if the app could speak to the network: no HTTP, TLS, QUIC, WebSocket or DNS client
/// crate may be among its dependencies.
fn no_network_client() -> Result {
    println!("\n==> No network client in the app's dependencies");
    let output = cargo()
        .args(["tree", "--package", "failup", "--edges", "normal,build", "--prefix", "none", "--locked"])
        .args(["--format", "{p}"])
        .output()
        .map_err(|error| format!("cargo tree could not run: {error}"))?;
    if !output.status.success() {
        return Err(format!("cargo tree failed: {}", String::from_utf8_lossy(&output.stderr)));
    }
    let tree = String::from_utf8_lossy(&output.stdout);
    let names: std::collections::BTreeSet<&str> =
        tree.lines().filter_map(|line| line.split_whitespace().next()).collect();
    let found: Vec<&&str> = NETWORK_CLIENT_CRATES.iter().filter(|name| names.contains(**name)).collect();
    if !found.is_empty() {
        return Err(format!("the app depends on network client crates: {found:?}"));
    }
    println!("    {} crates checked; none of {} is among them.", names.len(), NETWORK_CLIENT_CRATES.join(", "));
    Ok(())
}

/// As root, `unshare --net` makes a network namespace directly; otherwise a user namespace
/// (`--map-root-user`) gives the same without privileges, where the kernel allows it.
fn isolation_flags() -> &'static [&'static str] {
    if setup::is_root() {
        &[]
    } else {
        &["--map-root-user"]
    }
}

/// Measures what the performance budget promises: journal operations at 100,000 entries in
/// core, a 2 GB Day One import's time and peak memory, then launch-to-journal time and memory
/// of the release app under Xvfb.
fn bench() -> Result {
    setup::system_packages(Purpose::Test)?;
    let tauri_driver = setup::tauri_driver()?;
    build_ui()?;
    // Choosing start-up cases (see tests/bench/startup.rs) is for measuring those alone.
    if env::var_os("FAILUP_BENCH_ONLY").is_none() {
        core_benches()?;
    }
    step("Build the release app", cargo().args(["build", "--release", "--package", "failup", "--locked"]))?;
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let framebuffer = framebuffer_dir()?;
    step(
        "Start-up benchmark (release app, Xvfb)",
        Command::new("xvfb-run")
            .args(xvfb_run_args(&framebuffer))
            .args(["dbus-run-session", "--"])
            .arg(cargo)
            .args(["bench", "--package", "failup", "--bench", "startup", "--locked"])
            .env("FAILUP_APP_BINARY", app_binary(true))
            .env("FAILUP_TAURI_DRIVER", tauri_driver)
            .env("FAILUP_SCREENSHOTS", root().join("target/bench-screenshots"))
            .env("FAILUP_XVFB_FBDIR", &framebuffer.0)
            .current_dir(root()),
    )
}

/// The benchmarks of core alone: journal operations, trends and a Day One import.
fn core_benches() -> Result {
    step(
        "Core benchmarks (100,000 entries)",
        cargo().args(["bench", "--package", "failup-core", "--bench", "journal"]),
    )?;
    step(
        "Trends benchmark (10 years of check-ins, 1,000 setbacks)",
        cargo().args(["bench", "--package", "failup-core", "--bench", "trends"]),
    )?;
    step(
        "Day One import benchmark (2 GB export, 1,000 photos)",
        cargo().args(["bench", "--package", "failup-core", "--bench", "attachments"]),
    )
}

fn bindings() -> Result {
    step(
        "Regenerate the TypeScript bindings",
        cargo().args(["test", "--package", "failup", "--lib", "bindings"]).env("FAILUP_UPDATE_BINDINGS", "1"),
    )
}

/// Installs the UI's npm packages when they are missing or older than the lock file, then
/// builds the UI into `ui/dist`, which the app embeds at compile time.
fn build_ui() -> Result {
    setup::node()?;
    let ui = root().join("ui");
    let installed = ui.join("node_modules/.package-lock.json");
    let modified = |path: &Path| std::fs::metadata(path).and_then(|metadata| metadata.modified()).ok();
    let stale = match (modified(&installed), modified(&ui.join("package-lock.json"))) {
        (Some(installed), Some(locked)) => installed < locked,
        _ => true,
    };
    if stale {
        step("Install the UI's npm packages (npm ci)", &mut npm(&["ci", "--no-audit", "--no-fund"]))?;
    }
    step("Build the UI", &mut npm(&["run", "build"]))
}

fn app_binary(release: bool) -> PathBuf {
    let target = env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"));
    target.join(if release { "release" } else { "debug" }).join(format!("failup{}", env::consts::EXE_SUFFIX))
}
