//! Builds the Tauri context: the config, the capabilities in `src-tauri/capabilities/` and
//! the access-control manifest of the app's own commands.

// `COMMANDS`: every IPC command the app exposes. Each gets an `allow-<name>` permission, and
// only those granted in a capability file can be called from the UI (least privilege).
include!("src/command_names.rs");

fn main() {
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}
