//! Set-up of a fresh Debian or Ubuntu machine: system packages, Node.js and tauri-driver.
//!
//! Nothing here relies on something installed by hand: what is missing is installed (as root,
//! or with password-less sudo) or named in an exact command for the user to run.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::{step, Result};

/// What the machine is being set up for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Building and running the app.
    Run,
    /// Also the end-to-end tests: a virtual display, WebKit's WebDriver and a D-Bus session.
    Test,
    /// The install test: the test packages, and tools to find the installed app's window and
    /// to validate its desktop entry.
    InstallTest,
}

/// Debian packages needed to build and run a Tauri 2 app on Linux.
const BUILD_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "file",
    "libwebkit2gtk-4.1-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "libxdo-dev",
    "libssl-dev",
];

/// Debian packages the end-to-end tests need on top.
/// (dunst is a real notification server and dbus-monitor, in dbus-bin, records what reaches it.)
const TEST_PACKAGES: &[&str] = &[
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "dbus-daemon",
    "dbus-x11",
    "dbus-bin",
    "dunst",
    // The network proof: a namespace with no interface but loopback (`unshare`, `ip`) and a
    // trace of every network system call of the app (`strace`).
    "util-linux",
    "iproute2",
    "strace",
    // The drop test's drag source: a GTK 3 window in Debian's Python (PyGObject) that offers
    // files as a file manager does, dragged by real pointer input through XTEST.
    "python3",
    "python3-gi",
    "gir1.2-gtk-3.0",
    "libxtst6",
    // The sync test's real file-sync tool: two Syncthing daemons sharing a folder over
    // loopback, inside the test's network namespace.
    "syncthing",
];

/// Debian packages the install test needs on top of the test packages.
const INSTALL_TEST_PACKAGES: &[&str] = &["xdotool", "desktop-file-utils"];

/// The tauri-driver release the end-to-end tests are written against.
const TAURI_DRIVER_VERSION: &str = "2.1.0";

/// Vite 8 needs Node.js 20.19 or newer.
const MINIMUM_NODE: (u32, u32) = (20, 19);

/// Makes sure the system packages for `purpose` are installed.
pub fn system_packages(purpose: Purpose) -> Result {
    if !cfg!(target_os = "linux") {
        println!("xtask: not on Linux; the system packages are not checked (see README.md for your OS).");
        return Ok(());
    }
    if !has_program("dpkg-query") {
        println!("xtask: no dpkg here, so the system packages are not checked; see README.md for what the app needs.");
        return Ok(());
    }
    let mut wanted: Vec<&str> = BUILD_PACKAGES.to_vec();
    if purpose != Purpose::Run {
        wanted.extend_from_slice(TEST_PACKAGES);
    }
    if purpose == Purpose::InstallTest {
        wanted.extend_from_slice(INSTALL_TEST_PACKAGES);
    }
    if !has_program("node") || !has_program("npm") {
        wanted.extend_from_slice(&["nodejs", "npm"]);
    }
    let missing: Vec<&str> = wanted.into_iter().filter(|package| !is_installed(package)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    install(&missing)
}

fn install(packages: &[&str]) -> Result {
    let list = packages.join(" ");
    let command = format!("apt-get update && apt-get install -y --no-install-recommends {list}");
    let as_root = is_root();
    let with_sudo = !as_root && has_program("sudo") && quietly(Command::new("sudo").args(["-n", "true"]));
    if !as_root && !with_sudo {
        return Err(format!(
            "these system packages are missing: {list}\nInstall them with:\n\n    sudo sh -c '{command}'\n\nthen run this command again."
        ));
    }
    let mut shell = if as_root {
        Command::new("sh")
    } else {
        let mut sudo = Command::new("sudo");
        sudo.args(["-n", "sh"]);
        sudo
    };
    shell.args(["-c", &command]).env("DEBIAN_FRONTEND", "noninteractive");
    step(&format!("Install system packages: {list}"), &mut shell)
}

/// Makes sure Node.js and npm are there and new enough for the UI's build tools.
pub fn node() -> Result {
    let output = Command::new("node").arg("--version").output().map_err(|_| {
        "Node.js is not installed; install Node.js 20.19 or newer (with npm) and run this again.".to_owned()
    })?;
    let version = String::from_utf8_lossy(&output.stdout).trim().trim_start_matches('v').to_owned();
    let mut parts = version.split('.').map(|part| part.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    if (major, minor) < MINIMUM_NODE {
        return Err(format!(
            "Node.js {version} is too old for the UI's build tools; install Node.js {}.{} or newer.",
            MINIMUM_NODE.0, MINIMUM_NODE.1
        ));
    }
    if !has_program("npm") {
        return Err("npm is not installed; install it beside Node.js and run this again.".to_owned());
    }
    Ok(())
}

/// Finds tauri-driver, installing the known version with cargo when it is missing.
pub fn tauri_driver() -> Result<PathBuf> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .ok_or("neither CARGO_HOME nor HOME is set")?;
    let installed = cargo_home.join("bin").join(format!("tauri-driver{}", std::env::consts::EXE_SUFFIX));
    // tauri-driver has no --version; cargo's own list of installed crates says which it is.
    let listed = crate::cargo()
        .args(["install", "--list"])
        .output()
        .map_err(|error| format!("cargo install --list: {error}"))?;
    let wanted = format!("tauri-driver v{TAURI_DRIVER_VERSION}:");
    let up_to_date = installed.exists() && String::from_utf8_lossy(&listed.stdout).lines().any(|line| line == wanted);
    if !up_to_date {
        step(
            &format!("Install tauri-driver {TAURI_DRIVER_VERSION}"),
            crate::cargo().args(["install", "tauri-driver", "--locked", "--version", TAURI_DRIVER_VERSION]),
        )?;
    }
    Ok(installed)
}

fn is_installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${db:Status-Abbrev}", package])
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|output| output.status.success() && output.stdout.starts_with(b"ii"))
}

pub fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "0")
}

pub fn has_program(name: &str) -> bool {
    quietly(Command::new("sh").args(["-c", &format!("command -v {name}")]))
}

pub fn quietly(command: &mut Command) -> bool {
    command.stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|status| status.success())
}
