//! `cargo xtask bundle` (the release packages this machine can make) and
//! `cargo xtask test-install` (install the `.deb`, look at what it put on the system, start the
//! installed app under Xvfb, uninstall, and check that the user's journal is still there).
//!
//! The packages are made by the Tauri CLI, pinned in `ui/package.json` as the prebuilt npm
//! package `@tauri-apps/cli`: building `tauri-cli` with cargo takes many minutes, the npm
//! package seconds. The version comes from one place, `[workspace.package]` in the root
//! `Cargo.toml`: `tauri.conf.json` has no `version`, so the CLI takes the app crate's.

use std::collections::BTreeMap;
use std::env;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::setup::{self, Purpose};
use crate::{root, step, Result};

/// The window title the installed app must show (`app.windows[0].title` in tauri.conf.json).
const WINDOW_TITLE: &str = "Failing Up";

/// The installed program (`mainBinaryName` in tauri.conf.json).
const INSTALLED_BINARY: &str = "/usr/bin/failup";

/// The Debian package's name: Tauri derives it from `productName` ("Failing Up").
const DEB_PACKAGE: &str = "failing-up";

/// The app's identifier, which names its data folder (`identifier` in tauri.conf.json).
const IDENTIFIER: &str = "org.failingup.journal";

/// The icon sizes the `.deb` installs into the hicolor theme, from `bundle.icon`.
const HICOLOR_ICONS: &[u32] = &[32, 64, 128, 256, 512];

/// A first start under Xvfb on a busy 2-core machine can take several seconds; waiting ends
/// as soon as the window is there.
const WINDOW_PATIENCE: Duration = Duration::from_secs(60);

/// Which packages each system can build without downloading tools at build time. AppImage is
/// left out on Linux: the Tauri bundler downloads AppRun and linuxdeploy while it builds.
fn bundles_for_this_system() -> &'static str {
    if cfg!(target_os = "macos") {
        "app,dmg"
    } else if cfg!(target_os = "windows") {
        "msi,nsis"
    } else {
        "deb,rpm"
    }
}

/// `cargo xtask bundle [--icons]`.
pub fn bundle(args: &[String]) -> Result {
    let mut render_icons = false;
    for arg in args {
        match arg.as_str() {
            "--icons" => render_icons = true,
            other => return Err(format!("unknown argument {other:?} for `cargo xtask bundle`")),
        }
    }
    let started = Instant::now();
    setup::system_packages(Purpose::Run)?;
    crate::build_ui()?;
    if render_icons {
        icons()?;
    }
    let bundles = bundles_for_this_system();
    step(
        &format!("Build the release app and its packages ({bundles})"),
        tauri_cli().args(["build", "--ci", "--bundles", bundles, "--", "--locked"]),
    )?;
    let packages = built_packages(&workspace_version()?)?;
    println!("\nPackages (version {}):", workspace_version()?);
    for package in &packages {
        let size = std::fs::metadata(package).map(|metadata| metadata.len()).unwrap_or(0);
        println!("  {:>6.1} MiB  {}", size as f64 / (1024.0 * 1024.0), package.display());
    }
    println!("xtask: packages built in {:.0} s.", started.elapsed().as_secs_f64());
    Ok(())
}

/// Renders every icon the bundles need from the one design, `icons/icon.svg`. The mobile
/// icons the CLI also writes are removed: this is a desktop app.
fn icons() -> Result {
    step("Render the icons from icons/icon.svg", tauri_cli().args(["icon", "icons/icon.svg", "--output", "icons"]))?;
    let icons = root().join("icons");
    for mobile in ["android", "ios"] {
        let dir = icons.join(mobile);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|error| format!("cannot remove {}: {error}", dir.display()))?;
        }
    }
    // The CLI names its 256-pixel icon 128x128@2x.png, which the Linux bundles install into
    // hicolor's 256x256@2 folder (meant for 512-pixel images); named by its size it goes to
    // 256x256, where icon themes look for it.
    let doubled = icons.join("128x128@2x.png");
    if doubled.exists() {
        std::fs::rename(&doubled, icons.join("256x256.png"))
            .map_err(|error| format!("cannot rename {}: {error}", doubled.display()))?;
    }
    for entry in std::fs::read_dir(&icons).map_err(|error| format!("cannot list {}: {error}", icons.display()))? {
        let path = entry.map_err(|error| error.to_string())?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        // Windows Store (appx) tiles: Tauri builds no appx, so they would only be clutter.
        if name.starts_with("Square") || name == "StoreLogo.png" {
            std::fs::remove_file(&path).map_err(|error| format!("cannot remove {}: {error}", path.display()))?;
        }
    }
    Ok(())
}

/// The Tauri CLI from the UI's npm packages, run from the repository root (where
/// tauri.conf.json is). Started through node so that it works the same on every system.
fn tauri_cli() -> Command {
    let mut command = Command::new("node");
    command.arg(root().join("ui/node_modules/@tauri-apps/cli/tauri.js")).current_dir(root());
    command
}

/// The version in `[workspace.package]` of the root `Cargo.toml`: the one place it is set.
fn workspace_version() -> Result<String> {
    let manifest_path = root().join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path)
        .map_err(|error| format!("cannot read {}: {error}", manifest_path.display()))?;
    let mut in_workspace_package = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_workspace_package = line == "[workspace.package]";
        } else if in_workspace_package {
            if let Some(value) = line.strip_prefix("version").map(str::trim).and_then(|rest| rest.strip_prefix('=')) {
                return Ok(value.trim().trim_matches('"').to_owned());
            }
        }
    }
    Err(format!("{} has no version in [workspace.package]", manifest_path.display()))
}

fn bundle_dir() -> PathBuf {
    crate::app_binary(true).parent().expect("the binary is in a profile folder").join("bundle")
}

/// The packages of this version that the last bundle wrote, or an error naming the ones
/// missing: a package named with another version would mean the version has two sources.
fn built_packages(version: &str) -> Result<Vec<PathBuf>> {
    let mut packages = Vec::new();
    for format in bundles_for_this_system().split(',') {
        let (folder, extension) = match format {
            "app" => ("macos", "app"),
            "nsis" => ("nsis", "exe"),
            other => (other, other),
        };
        let dir = bundle_dir().join(folder);
        let found: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|entries| entries.filter_map(|entry| entry.ok().map(|entry| entry.path())).collect())
            .unwrap_or_default();
        let matching: Vec<PathBuf> = found
            .into_iter()
            .filter(|path| {
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                name.ends_with(&format!(".{extension}")) && (format == "app" || name.contains(version))
            })
            .collect();
        if matching.is_empty() {
            return Err(format!("no .{extension} package of version {version} in {}", dir.display()));
        }
        packages.extend(matching);
    }
    Ok(packages)
}

/// `cargo xtask test-install [--deb FILE]`: builds the packages (unless given a `.deb`) and
/// tests the `.deb` the way a user meets it. Needs root or password-less sudo for dpkg.
pub fn test_install(args: &[String]) -> Result {
    let mut given_deb = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--deb" => given_deb = Some(PathBuf::from(args.next().ok_or("--deb needs a .deb file")?)),
            // Internal: the part that runs inside the private X display and D-Bus session.
            "--launch-in-display" => {
                let home = args.next().ok_or("--launch-in-display needs a home folder")?;
                let screenshot = args.next().ok_or("--launch-in-display needs a screenshot path")?;
                return launch_installed_app(Path::new(home), Path::new(screenshot));
            }
            other => return Err(format!("unknown argument {other:?} for `cargo xtask test-install`")),
        }
    }
    if !cfg!(target_os = "linux") || !setup::has_program("dpkg") {
        return Err("the install test needs a Debian or Ubuntu system (dpkg and apt-get)".to_owned());
    }
    let started = Instant::now();
    setup::system_packages(Purpose::InstallTest)?;
    let deb = match given_deb {
        Some(deb) => std::path::absolute(&deb).map_err(|error| format!("{}: {error}", deb.display()))?,
        None => {
            bundle(&[])?;
            let version = workspace_version()?;
            built_packages(&version)?
                .into_iter()
                .find(|path| path.extension().is_some_and(|extension| extension == "deb"))
                .ok_or("the bundle made no .deb")?
        }
    };
    let admin = Admin::find()?;
    install_test(&deb, &admin)?;
    println!("\nxtask: the install test passed in {:.0} s.", started.elapsed().as_secs_f64());
    Ok(())
}

fn install_test(deb: &Path, admin: &Admin) -> Result {
    let version = workspace_version()?;
    let size = std::fs::metadata(deb).map_err(|error| format!("cannot read {}: {error}", deb.display()))?.len();
    println!("\n==> Install test of {} ({:.1} MiB)", deb.display(), size as f64 / (1024.0 * 1024.0));
    if is_installed(DEB_PACKAGE) {
        return Err(format!(
            "{DEB_PACKAGE} is already installed on this machine. This test installs and removes it, so it \
             will not touch an installation you use; remove it first with `apt-get remove {DEB_PACKAGE}`."
        ));
    }
    let control_version = capture(Command::new("dpkg-deb").args(["--field"]).arg(deb).arg("Version"))?;
    expect(
        control_version.trim() == version,
        format!("the .deb's Version is {:?}, but the workspace version is {version:?}", control_version.trim()),
    )?;

    // From here on the package is on the system: the guard removes it whatever happens.
    step(
        "Install the .deb with apt-get (as a user would)",
        admin.command("apt-get").args(["install", "-y", "--no-install-recommends"]).arg(deb),
    )?;
    let mut installed = InstalledPackage { admin, removed: false };

    check_installed_files(&version)?;

    let work = crate::app_binary(true).parent().expect("profile folder").join("install-test");
    let home = work.join("home");
    if work.exists() {
        std::fs::remove_dir_all(&work).map_err(|error| format!("cannot clear {}: {error}", work.display()))?;
    }
    std::fs::create_dir_all(&home).map_err(|error| format!("cannot create {}: {error}", home.display()))?;
    let screenshot = work.join("installed-app.png");
    step(
        "Start the installed app under Xvfb, find its window and its journal",
        Command::new("xvfb-run")
            .args(["--auto-servernum", "--server-args=-screen 0 1280x800x24", "dbus-run-session", "--"])
            .arg(env::current_exe().map_err(|error| format!("cannot find xtask itself: {error}"))?)
            .arg("test-install")
            .arg("--launch-in-display")
            .arg(&home)
            .arg(&screenshot),
    )?;

    // The default data folder, as the README documents it for Linux.
    let data_dir = home.join(".local/share").join(IDENTIFIER);
    let journal_before = folder_contents(&data_dir)?;
    expect(
        journal_before.get(Path::new("journal.sqlite3")).is_some_and(|bytes| !bytes.is_empty()),
        format!("the installed app made no journal.sqlite3 in its default data folder {}", data_dir.display()),
    )?;

    installed.remove()?;
    for path in [INSTALLED_BINARY, &desktop_file_path()] {
        expect(!Path::new(path).exists(), format!("{path} is still there after the package was removed"))?;
    }
    let journal_after = folder_contents(&data_dir)?;
    let missing: Vec<&PathBuf> = journal_before.keys().filter(|path| !journal_after.contains_key(*path)).collect();
    let changed: Vec<&PathBuf> = journal_before
        .iter()
        .filter(|(path, bytes)| journal_after.get(*path).is_some_and(|after| after != *bytes))
        .map(|(path, _)| path)
        .collect();
    expect(
        missing.is_empty() && changed.is_empty(),
        format!(
            "removing the package touched the user's data folder {}: gone {missing:?}, changed {changed:?}",
            data_dir.display()
        ),
    )?;
    println!(
        "    The journal survived the uninstall byte for byte: {} file(s) in {}.",
        journal_after.len(),
        data_dir.display()
    );
    if screenshot.exists() {
        println!("    Screenshot of the installed app: {}", screenshot.display());
    }
    Ok(())
}

/// What the package must have put on the system: the program (reporting the workspace
/// version), a valid desktop entry that starts it, and its icon at every size.
fn check_installed_files(version: &str) -> Result {
    println!("\n==> Check the installed files");
    let installed_version =
        capture(Command::new("dpkg-query").args(["--show", "--showformat=${Version}", DEB_PACKAGE]))?;
    expect(
        installed_version == version,
        format!("dpkg reports version {installed_version:?}, the workspace says {version:?}"),
    )?;
    let reported = capture(Command::new(INSTALLED_BINARY).arg("--version"))?;
    expect(
        reported.trim() == format!("Failing Up {version}"),
        format!("`failup --version` says {:?}, not the workspace version {version}", reported.trim()),
    )?;

    let desktop_path = desktop_file_path();
    let desktop = std::fs::read_to_string(&desktop_path)
        .map_err(|error| format!("the package installed no desktop entry at {desktop_path}: {error}"))?;
    for line in
        ["Name=Failing Up", "Exec=failup", "Icon=failup", "Type=Application", "Terminal=false", "StartupWMClass=failup"]
    {
        expect(desktop.lines().any(|actual| actual == line), format!("{desktop_path} lacks the line {line:?}"))?;
    }
    for key in ["Categories=", "Comment="] {
        expect(
            desktop.lines().any(|line| line.starts_with(key) && line.len() > key.len()),
            format!("{desktop_path} has no {key} value, so menus cannot file or describe the app"),
        )?;
    }
    step("Validate the desktop entry", Command::new("desktop-file-validate").arg(&desktop_path))?;

    for size in HICOLOR_ICONS {
        let icon = format!("/usr/share/icons/hicolor/{size}x{size}/apps/failup.png");
        let bytes = std::fs::read(&icon).map_err(|error| format!("the icon {icon} is missing: {error}"))?;
        let dimensions = png_dimensions(&bytes).ok_or_else(|| format!("{icon} is not a PNG file"))?;
        expect(dimensions == (*size, *size), format!("{icon} is {dimensions:?} pixels, not {size}×{size}"))?;
    }
    let scalable = "/usr/share/icons/hicolor/scalable/apps/failup.svg";
    let svg = std::fs::read_to_string(scalable)
        .map_err(|error| format!("the scalable icon {scalable} is missing: {error}"))?;
    expect(svg.contains("<svg"), format!("{scalable} is not an SVG image"))?;
    let copyright = "/usr/share/doc/failing-up/copyright";
    let licence = std::fs::read_to_string(copyright).map_err(|error| format!("{copyright} is missing: {error}"))?;
    expect(licence.contains("License: MIT"), format!("{copyright} does not name the MIT licence"))?;
    println!(
        "    {INSTALLED_BINARY} reports {version}; desktop entry valid; icons at {} sizes and as SVG; licence in {copyright}.",
        HICOLOR_ICONS.len()
    );
    Ok(())
}

/// Runs inside `xvfb-run` and `dbus-run-session`: starts the installed program with a
/// throwaway HOME (so its default data folder is a temporary one), waits for its window and
/// its journal, takes a screenshot, and stops it.
fn launch_installed_app(home: &Path, screenshot: &Path) -> Result {
    let mut command = Command::new(INSTALLED_BINARY);
    command.env("HOME", home).current_dir(home).stdout(Stdio::inherit()).stderr(Stdio::inherit());
    // With HOME replaced and these unset, every per-user folder (data, config, cache) is
    // derived from the throwaway HOME: nothing of the real user's is read or written.
    for variable in ["XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"] {
        command.env_remove(variable);
    }
    let started = Instant::now();
    let mut app = RunningApp(command.spawn().map_err(|error| format!("cannot start {INSTALLED_BINARY}: {error}"))?);
    let journal = home.join(".local/share").join(IDENTIFIER).join("journal.sqlite3");

    let window = loop {
        if let Some(status) = app.0.try_wait().map_err(|error| error.to_string())? {
            return Err(format!("the installed app exited before showing its window ({status})"));
        }
        let found = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", &format!("^{WINDOW_TITLE}$")])
            .stderr(Stdio::null())
            .output()
            .map_err(|error| format!("cannot run xdotool: {error}"))?;
        let ids = String::from_utf8_lossy(&found.stdout);
        if let Some(id) = ids.lines().next() {
            break id.trim().to_owned();
        }
        if started.elapsed() > WINDOW_PATIENCE {
            return Err(format!("no visible window titled {WINDOW_TITLE:?} within {WINDOW_PATIENCE:?}"));
        }
        sleep(Duration::from_millis(200));
    };
    println!("    Window {window} titled {WINDOW_TITLE:?} is visible after {:.1} s.", started.elapsed().as_secs_f64());
    let geometry = capture(Command::new("xdotool").args(["getwindowgeometry", "--shell", &window]))?;
    let dimension = |key: &str| {
        geometry.lines().find_map(|line| line.strip_prefix(key)).and_then(|value| value.parse::<u32>().ok())
    };
    let (width, height) = (dimension("WIDTH=").unwrap_or(0), dimension("HEIGHT=").unwrap_or(0));
    expect(
        width >= 720 && height >= 480,
        format!("the main window is {width}×{height}, smaller than its minimum size 720×480"),
    )?;

    // Docks and task switchers tie a window to its desktop entry through the window's class:
    // the entry says StartupWMClass=failup, so the window must carry that name.
    let same_class = capture(Command::new("xdotool").args(["search", "--onlyvisible", "--classname", "^failup$"]))?;
    expect(
        same_class.lines().any(|id| id.trim() == window),
        "the window's WM_CLASS instance is not \"failup\", so the desktop entry's StartupWMClass misses it".to_owned(),
    )?;

    while !journal.exists() {
        if started.elapsed() > WINDOW_PATIENCE {
            return Err(format!("the app made no journal at {} (its default data folder)", journal.display()));
        }
        sleep(Duration::from_millis(200));
    }
    println!("    The journal is in the default data folder: {}", journal.display());

    // Give the web view a moment to draw, so that the screenshot shows the app, not a blank.
    sleep(Duration::from_secs(3));
    if setup::has_program("import") {
        let saved = Command::new("import").args(["-window", "root"]).arg(screenshot).status();
        if !saved.is_ok_and(|status| status.success()) {
            println!("    (no screenshot: ImageMagick's import failed)");
        }
    }
    app.stop();
    Ok(())
}

/// The started app, stopped when dropped so that a failed check does not leave it running.
struct RunningApp(Child);

impl RunningApp {
    /// Asks the app to end (SIGTERM), and kills it if it does not within a few seconds.
    fn stop(&mut self) {
        if matches!(self.0.try_wait(), Ok(Some(_))) {
            return;
        }
        let _ = Command::new("kill").args(["-TERM", &self.0.id().to_string()]).status();
        let asked = Instant::now();
        while asked.elapsed() < Duration::from_secs(5) {
            if matches!(self.0.try_wait(), Ok(Some(_))) {
                return;
            }
            sleep(Duration::from_millis(100));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for RunningApp {
    fn drop(&mut self) {
        self.stop();
    }
}

/// How to run package-management commands: directly as root, or through password-less sudo.
struct Admin {
    sudo: bool,
}

impl Admin {
    fn find() -> Result<Self> {
        if setup::is_root() {
            return Ok(Self { sudo: false });
        }
        if setup::has_program("sudo") && setup::quietly(Command::new("sudo").args(["-n", "true"])) {
            return Ok(Self { sudo: true });
        }
        Err("the install test installs and removes a package, which needs root. Run it as root, with \
             password-less sudo, or as:\n\n    sudo -E cargo xtask test-install\n"
            .to_owned())
    }

    fn command(&self, program: &str) -> Command {
        if self.sudo {
            // sudo resets the environment, so the variable is handed over through env.
            let mut sudo = Command::new("sudo");
            sudo.args(["-n", "env", "DEBIAN_FRONTEND=noninteractive", program]);
            sudo
        } else {
            let mut command = Command::new(program);
            command.env("DEBIAN_FRONTEND", "noninteractive");
            command
        }
    }
}

/// The installed package: removed (purged) when dropped, so that a failed check never leaves
/// it on the machine.
struct InstalledPackage<'a> {
    admin: &'a Admin,
    removed: bool,
}

impl InstalledPackage<'_> {
    /// Purges the package: the most thorough uninstall dpkg has, the one a user's journal
    /// must survive.
    fn remove(&mut self) -> Result {
        self.removed = true;
        step(
            "Uninstall the package (apt-get purge)",
            self.admin.command("apt-get").args(["purge", "-y", DEB_PACKAGE]),
        )?;
        expect(!is_installed(DEB_PACKAGE), format!("{DEB_PACKAGE} is still installed after apt-get purge"))
    }
}

impl Drop for InstalledPackage<'_> {
    fn drop(&mut self) {
        if !self.removed {
            if let Err(error) = self.remove() {
                eprintln!("xtask: could not remove {DEB_PACKAGE} after the failure: {error}");
            }
        }
    }
}

/// The desktop entry's path: Tauri names it after `productName`.
fn desktop_file_path() -> String {
    format!("/usr/share/applications/{WINDOW_TITLE}.desktop")
}

fn is_installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["--show", "--showformat=${db:Status-Abbrev}", package])
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|output| output.status.success() && output.stdout.starts_with(b"ii"))
}

/// Every file under `dir` (relative path → bytes); empty if the folder does not exist.
fn folder_contents(dir: &Path) -> Result<BTreeMap<PathBuf, Vec<u8>>> {
    let mut contents = BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries {
            let path = entry.map_err(|error| error.to_string())?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
                contents.insert(path.strip_prefix(dir).expect("inside the folder").to_owned(), bytes);
            }
        }
    }
    Ok(contents)
}

/// The width and height in a PNG file's header (its first chunk, IHDR).
fn png_dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let number = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().expect("four bytes"));
    Some((number(16), number(20)))
}

/// Runs `command` and returns its standard output, failing with its error output.
fn capture(command: &mut Command) -> Result<String> {
    let output = command.output().map_err(|error| format!("cannot run {:?}: {error}", command.get_program()))?;
    if !output.status.success() {
        return Err(format!(
            "{:?} failed ({}): {}",
            command.get_program(),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn expect(condition: bool, failure: String) -> Result {
    if condition {
        Ok(())
    } else {
        Err(failure)
    }
}
