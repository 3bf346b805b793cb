//! The desktop shell of Failing Up: a thin Tauri layer over `failup-core`.
//!
//! It parses the command line, opens the journal, and exposes core's operations to the UI as
//! IPC commands, each declared once in `commands/`. Domain logic lives in `failup-core`; a
//! command here takes the state, calls core and maps the error.

#[cfg(test)]
mod bindings;
mod commands;
mod drops;
mod export;
mod launch;
mod notify;
mod opening;
mod protocol;
mod reminders;
mod rendering;
mod start;
mod state;
mod sync;
#[cfg(test)]
mod tests;
mod thumbnails;
mod tray;

use std::path::PathBuf;
use std::sync::Arc;

use failup_core::Clock;
use tauri::{Listener, Manager, Runtime};

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
    // Before anything starts a thread or GTK: the web view reads its rendering path once.
    rendering::apply();
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
        .plugin(tauri_plugin_autostart::init(tauri_plugin_autostart::MacosLauncher::LaunchAgent, None))
        // Managed before the app is built, so that a page quicker than the Ready event is heard;
        // only the real app shows a window and starts the tray (tests build on a mock runtime).
        .manage(start::FirstView::new(clock.clone()));
    let app = match app_builder(builder, options.data_dir, clock).build(context) {
        Ok(app) => app,
        Err(error) => {
            eprintln!("failup: the app could not start: {error}");
            std::process::exit(1);
        }
    };
    app.run(|handle, event| match event {
        // The journal is open once the app is ready. The tray, the reminders and the integrity
        // check wait until the window has drawn its first screen (see `start`).
        tauri::RunEvent::Ready => {
            // Copies opened for viewing go when the app starts (after a crash), when the journal
            // locks and when it quits. Only now: a second copy of the app has handed over and
            // exited before `Ready`, and must not remove the first one's.
            opening::remove_private_copies();
            handle.listen_any(commands::privacy::JOURNAL_LOCKED_EVENT, |_| opening::remove_private_copies());
            start::begin(handle);
        }
        tauri::RunEvent::Exit => opening::remove_private_copies(),
        _ => {}
    });
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
    let waker = Arc::new(reminders::Waker::default());
    let thumbnail_waker = thumbnails::ThumbnailWaker::default();
    let thumbnails_wanted = thumbnail_waker.0.clone();
    let sync_waker = sync::SyncWaker::default();
    let sync_wanted = sync_waker.0.clone();
    let builder = builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(drops::navigation_guard())
        .manage(waker.clone())
        .manage(thumbnail_waker)
        .manage(sync_waker)
        // Files dropped on the window: their paths stay here (see `drops`).
        .manage(drops::DroppedFiles::default())
        .on_window_event(drops::on_window_event);
    // The session wakes the reminder thread after every write that can change what is due.
    // It wakes the thumbnail thread too (a write may have attached a picture), and the sync
    // loop (a write is a change to send).
    let on_change = move || {
        waker.poke();
        thumbnails_wanted.poke();
        sync_wanted.poke();
    };
    let builder = match data_dir {
        Some(data_dir) => builder.manage(AppState::open(data_dir, clock, on_change)),
        // The OS app-data folder is known only once the app exists.
        None => builder.setup(move |app| {
            let data_dir = app.path().app_data_dir()?;
            app.manage(AppState::open(data_dir, clock.clone(), on_change));
            Ok(())
        }),
    };
    builder
        .register_asynchronous_uri_scheme_protocol(protocol::SCHEME, |context, request, responder| {
            let app = context.app_handle().clone();
            let path = request.uri().path().to_owned();
            // Reading (and unsealing) a large file must not hold up the window's thread.
            std::thread::spawn(move || responder.respond(protocol::respond(&app, &path)));
        })
        .invoke_handler(commands::handler())
}
