//! Builds the Tauri context: the config, the capabilities in `src-tauri/capabilities/` and
//! the access-control manifest of the app's own commands.
//!
//! Every command is declared once, in a `commands! { … }` block of `src-tauri/src/commands/`.
//! This script reads their names from those blocks (it cannot compile them: they need the
//! app's dependencies) and gives each an `allow-<name>` permission, gathered in the permission
//! set `window-commands` that the main window's capability grants. The app's test
//! `commands_build_rs_found_are_the_ones_declared` checks that this reading finds exactly the
//! commands the macro declares, so the two cannot drift.

use std::path::{Path, PathBuf};

fn main() {
    let commands_dir = Path::new("src-tauri/src/commands");
    println!("cargo:rerun-if-changed={}", commands_dir.display());
    let names = declared_command_names(commands_dir);
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    write(
        &out_dir.join("command_names.rs"),
        &format!("/// The commands `build.rs` found declared.\npub const FOUND_BY_BUILD: &[&str] = &{names:?};\n"),
    );
    let permissions_dir = out_dir.join("app-permissions");
    std::fs::create_dir_all(&permissions_dir).expect("the build's output folder is writable");
    let allowed: Vec<String> = names.iter().map(|name| format!("allow-{}", name.replace('_', "-"))).collect();
    write(
        &permissions_dir.join("window-commands.toml"),
        &format!(
            "[[set]]\nidentifier = \"window-commands\"\ndescription = \"Every command the app declares.\"\npermissions = {allowed:?}\n"
        ),
    );
    // Both lists must outlive the build: tauri-build takes them as `'static`.
    let names: &'static [&'static str] = Vec::leak(names.into_iter().map(|name| &*String::leak(name)).collect());
    let pattern: &'static str = String::leak(permissions_dir.join("*").to_string_lossy().into_owned());
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(names).permissions_path_pattern(pattern));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}

/// The name of every `fn` at the top level of a `commands! { … }` block, in file order.
/// Braces are counted per line, outside `//` comments; the declarations keep them balanced.
fn declared_command_names(dir: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()))
        .map(|entry| entry.expect("a readable folder entry").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "rs"))
        .collect();
    files.sort();
    let mut names = Vec::new();
    for file in files {
        let source =
            std::fs::read_to_string(&file).unwrap_or_else(|error| panic!("cannot read {}: {error}", file.display()));
        // How deep in braces the line is inside a `commands!` block; `None` outside one.
        let mut depth: Option<usize> = None;
        for line in source.lines() {
            let code = line.split("//").next().unwrap_or_default();
            match depth {
                None if code.starts_with("commands! {") => depth = Some(1),
                None => {}
                Some(level) => {
                    if level == 1 {
                        if let Some(rest) = code.trim_start().strip_prefix("fn ") {
                            names.push(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
                        }
                    }
                    let level = level + code.matches('{').count() - code.matches('}').count();
                    depth = (level > 0).then_some(level);
                }
            }
        }
    }
    names
}

fn write(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents).unwrap_or_else(|error| panic!("cannot write {}: {error}", path.display()));
    }
}
