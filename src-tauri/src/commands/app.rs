//! The app itself: what it is and where its data lives, and the first-run welcome.

use failup_core::{AppError, AppInfo, ErrorCode, StartState};

use crate::state::AppState;

fn app_info_of(state: &AppState) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: state.data_dir().display().to_string(),
        time_zone: state.time_zone().to_owned(),
        rendering: crate::rendering::summary(),
    }
}

commands! {
    fn app_info(app) -> AppInfo {
        Ok(app_info_of(&app))
    }

    /// What the window needs for its first screen, in one answer (see `StartState`).
    fn start_state(app, page_size: u32) -> StartState {
        Ok(app.start_state(app_info_of(&app), page_size))
    }

    /// The format version of the user's journal (its schema), shown in About so that a bug
    /// report or a copied file can say which one it is.
    fn journal_format_version(app) -> i64 {
        app.with_own_database(|db| db.schema_version())
    }

    /// Whether the first-run welcome is still to be shown (never over a locked or damaged journal).
    fn welcome_state(app) -> bool {
        Ok(app.welcome_pending())
    }

    fn finish_welcome(app) -> () {
        app.with_own_database(|db| db.settings().finish_welcome())
    }

    /// Opens the system's file manager at the data folder. The folder is the app's own: the
    /// window cannot name another.
    fn reveal_data_folder(app) -> () {
        let folder = app.data_dir();
        crate::opening::open_in_system(folder).map_err(|error| AppError {
            code: ErrorCode::Storage,
            message: format!("Could not open the file manager at {}: {error}.", folder.display()),
        })
    }
}
