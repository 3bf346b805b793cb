//! The desktop shell of Failing Up: a thin Tauri layer over `failup-core`.
//!
//! It parses the command line, opens the journal, and exposes core's operations to the UI as
//! IPC commands. Domain logic lives in `failup-core`; a command here takes the state, calls
//! core and maps the error.

#[cfg(test)]
mod command_names;
mod commands;
mod export;
mod launch;
mod notify;
mod reminders;
mod state;
#[cfg(test)]
mod tests;
mod tray;

use std::path::PathBuf;
use std::sync::Arc;

use failup_core::Clock;
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
    // Debug builds run on a clock that end-to-end tests can move forward (see
    // `commands::debug_shift_clock`); release builds run on the plain system clock.
    #[cfg(debug_assertions)]
    let (builder, clock) = {
        let clock = Arc::new(failup_core::ShiftedClock::default());
        // A test can also start the app already moved on (to see what it catches up on).
        if let Some(hours) = std::env::var("FAILUP_DEBUG_CLOCK_SHIFT_HOURS").ok().and_then(|h| h.parse::<i64>().ok()) {
            clock.shift_by(hours * 3600);
        }
        (tauri::Builder::default().manage(clock.clone()), clock as Arc<dyn Clock>)
    };
    #[cfg(not(debug_assertions))]
    let (builder, clock) = (tauri::Builder::default(), Arc::new(failup_core::SystemClock) as Arc<dyn Clock>);
    // The single-instance plugin must come first: a second start hands over to the running
    // app (which shows its window) and exits before doing anything else, so two copies never
    // both remind.
    let builder = builder
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| tray::show_main_window(app)))
        .plugin(tauri_plugin_autostart::init(tauri_plugin_autostart::MacosLauncher::LaunchAgent, None));
    let app = match app_builder(builder, options.data_dir, clock.clone()).build(context) {
        Ok(app) => app,
        Err(error) => {
            eprintln!("failup: the app could not start: {error}");
            std::process::exit(1);
        }
    };
    app.run(move |handle, event| {
        // The journal is open once the app is ready; only then can reminders be read.
        if let tauri::RunEvent::Ready = event {
            if let Err(error) = tray::install(handle) {
                eprintln!("failup: no tray icon: {error}");
            }
            reminders::spawn(handle.clone(), clock.clone(), handle.state::<Arc<reminders::Waker>>().inner().clone());
            commands::privacy::check_integrity_in_background(handle);
        }
    });
}

/// The app's command handler: every command in `command_names.rs`, plus `$extra`.
macro_rules! handler {
    ($($extra:path),*) => {
        tauri::generate_handler![
            commands::app_info,
            commands::welcome_state,
            commands::finish_welcome,
            commands::reveal_data_folder,
            commands::privacy::journal_status,
            commands::privacy::security_status,
            commands::privacy::unlock,
            commands::privacy::lock,
            commands::privacy::note_activity,
            commands::privacy::enable_encryption,
            commands::privacy::change_passphrase,
            commands::privacy::disable_encryption,
            commands::privacy::set_auto_lock,
            commands::privacy::list_backups,
            commands::privacy::create_backup,
            commands::privacy::restore_backup,
            commands::privacy::start_fresh_journal,
            commands::transfer::export_json,
            commands::transfer::export_markdown,
            commands::transfer::choose_import,
            commands::transfer::preview_import,
            commands::transfer::apply_import,
            commands::transfer::cancel_import,
            commands::journal::list_entries,
            commands::journal::entries_on_day,
            commands::journal::search_entries,
            commands::journal::get_entry,
            commands::journal::create_entry,
            commands::journal::update_entry,
            commands::journal::delete_entry,
            commands::list_areas,
            commands::create_area,
            commands::delete_area,
            commands::get_settings,
            commands::update_settings,
            commands::setbacks::list_setbacks,
            commands::setbacks::get_setback,
            commands::setbacks::create_setback,
            commands::setbacks::update_setback,
            commands::setbacks::delete_setback,
            commands::setbacks::mark_recovered,
            commands::setbacks::unmark_recovered,
            commands::setbacks::suggested_emotions,
            commands::reflection::list_templates,
            commands::reflection::get_template,
            commands::reflection::create_template,
            commands::reflection::update_template,
            commands::reflection::delete_template,
            commands::reflection::duplicate_template,
            commands::reflection::set_template_hidden,
            commands::reflection::reorder_templates,
            commands::reflection::start_reflection,
            commands::reflection::save_reflection_draft,
            commands::reflection::complete_reflection,
            commands::reflection::get_reflection,
            commands::reflection::reflections_for_setback,
            commands::reflection::delete_reflection,
            commands::lessons::list_lessons,
            commands::lessons::lessons_for_setback,
            commands::lessons::get_lesson,
            commands::lessons::create_lesson,
            commands::lessons::update_lesson,
            commands::lessons::revise_lesson,
            commands::lessons::set_lesson_status,
            commands::lessons::delete_lesson,
            commands::lessons::add_revisit,
            commands::lessons::move_revisit,
            commands::lessons::remove_revisit,
            commands::lessons::answer_revisit,
            commands::lessons::lesson_roadmap,
            commands::goals::list_goals,
            commands::goals::get_goal,
            commands::goals::create_goal,
            commands::goals::update_goal,
            commands::goals::goal_from_lesson,
            commands::goals::set_goal_status,
            commands::goals::pair_goals,
            commands::goals::goal_check_in,
            commands::goals::delete_goal,
            commands::today,
            commands::support::list_people,
            commands::support::get_person,
            commands::support::create_person,
            commands::support::update_person,
            commands::support::delete_person,
            commands::support::create_conversation,
            commands::support::update_conversation,
            commands::support::delete_conversation,
            commands::support::get_conversation,
            commands::support::conversations_with_person,
            commands::support::conversations_about_setback,
            commands::support::mentor_brief,
            commands::support::save_mentor_brief,
            commands::support::failure_resume,
            commands::support::save_failure_resume,
            commands::support::search,
            commands::trends::log_check_in,
            commands::trends::recent_check_ins,
            commands::trends::delete_check_in,
            commands::trends::log_recovery_check_in,
            commands::trends::brs_status,
            commands::trends::submit_brs,
            commands::trends::trends,
            commands::trends::journal_kind,
            commands::trends::open_sample_journal,
            commands::trends::close_sample_journal,
            commands::send_test_notification,
            commands::reminders::reminder_pause,
            commands::reminders::pause_reminders,
            commands::reminders::resume_reminders,
            commands::reminders::missed_reminders,
            commands::window::close_main_window,
            commands::window::autostart_enabled,
            commands::window::set_autostart,
            $($extra),*
        ]
    };
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
    let builder = builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .manage(Arc::new(reminders::Waker::default()));
    let builder = match data_dir {
        Some(data_dir) => builder.manage(AppState::open(data_dir, clock)),
        // The OS app-data folder is known only once the app exists.
        None => builder.setup(move |app| {
            let data_dir = app.path().app_data_dir()?;
            app.manage(AppState::open(data_dir, clock.clone()));
            Ok(())
        }),
    };
    #[cfg(debug_assertions)]
    let builder = builder.invoke_handler(handler![commands::debug_shift_clock]);
    #[cfg(not(debug_assertions))]
    let builder = builder.invoke_handler(handler![]);
    builder
}
