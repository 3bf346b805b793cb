//! The desktop shell of Failing Up: a thin Tauri layer over `failup-core`.
//!
//! It parses the command line, opens the journal, and exposes core's operations to the UI as
//! IPC commands. Domain logic lives in `failup-core`; a command here takes the state, calls
//! core and maps the error.

mod commands;
mod launch;
mod state;
#[cfg(test)]
mod tests;

use std::path::PathBuf;
use std::sync::Arc;

use failup_core::{Clock, SystemClock};
use tauri::{Manager, Runtime};

pub use launch::LaunchOptions;
pub use state::AppState;

/// Starts the app with the process's command line. Called by `main`.
pub fn run() {
    let options = match LaunchOptions::parse(std::env::args_os().skip(1)) {
        Ok(launch::Parsed::Run(options)) => options,
        Ok(launch::Parsed::Exit(text)) => {
            println!("{text}");
            return;
        }
        Err(message) => {
            eprintln!("failup: {message}\n\n{}", launch::USAGE);
            std::process::exit(2);
        }
    };
    let context = tauri::generate_context!("tauri.conf.json");
    if let Err(error) = app_builder(tauri::Builder::default(), options.data_dir, Arc::new(SystemClock)).run(context) {
        eprintln!("failup: the app could not start: {error}");
        std::process::exit(1);
    }
}

/// Everything the app adds to a Tauri builder, for any runtime: the real one in `run`, the
/// mock one in tests. `data_dir` overrides the OS app-data folder.
pub fn app_builder<R: Runtime>(
    builder: tauri::Builder<R>,
    data_dir: Option<PathBuf>,
    clock: Arc<dyn Clock>,
) -> tauri::Builder<R> {
    // A journal that cannot be opened (a newer schema, a damaged file) does not stop the app:
    // the state remembers why, and every command answers with that reason, so the window can
    // explain it instead of vanishing.
    let builder = match data_dir {
        Some(data_dir) => builder.manage(AppState::open(data_dir, clock)),
        // The OS app-data folder is known only once the app exists.
        None => builder.setup(move |app| {
            let data_dir = app.path().app_data_dir()?;
            app.manage(AppState::open(data_dir, clock.clone()));
            Ok(())
        }),
    };
    builder.invoke_handler(tauri::generate_handler![
        commands::app_info,
        commands::list_entries,
        commands::entries_on_day,
        commands::search_entries,
        commands::get_entry,
        commands::create_entry,
        commands::update_entry,
        commands::delete_entry,
    ])
}
