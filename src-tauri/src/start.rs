//! The start: the window stays hidden until its first screen is in the page, so no blank
//! window ever shows; nothing that the first screen does not need competes with drawing it.
//!
//! The window's first screen (the journal's first page, the lock screen, the damaged-journal
//! screen, the welcome) calls `first_view_shown`; then the window is shown and the start-up
//! chores run: the tray icon, the reminder thread (whose first act is the catch-up on what fell
//! due while the app was closed) and the integrity check. Should the page never call (it failed
//! to load), the window and the chores come anyway after [`LONGEST_WAIT`].

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use failup_core::Clock;
use tauri::window::Color;
use tauri::{AppHandle, Manager, Runtime, Theme};

use crate::reminders::{self, Waker};

/// How long a page that never reports its first screen keeps the window hidden.
const LONGEST_WAIT: Duration = Duration::from_secs(4);

/// The page's background (`--bg` in `ui/src/app.css`), painted by the window before the page
/// draws, so the first thing on screen is never a white rectangle.
const LIGHT_BACKGROUND: Color = Color(0xf6, 0xf5, 0xf1, 0xff);
const DARK_BACKGROUND: Color = Color(0x16, 0x1a, 0x19, 0xff);

/// Whether the first view was shown (by the page or by the fallback), so it happens once.
/// Managed by `run` before the app is built, so a page quicker than the app's `Ready` event is
/// heard too; without it (the tests' mock app) `first_view_shown` does nothing.
pub struct FirstView {
    shown: AtomicBool,
    clock: Arc<dyn Clock>,
}

impl FirstView {
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self { shown: AtomicBool::new(false), clock }
    }
}

/// Paints the hidden window in the app's background colour and starts the fallback's wait, on
/// a thread of its own. Called once the app is ready (`RunEvent::Ready`).
pub fn begin<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let background = match window.theme() {
            Ok(Theme::Dark) => DARK_BACKGROUND,
            _ => LIGHT_BACKGROUND,
        };
        let _ = window.set_background_color(Some(background));
    }
    let waiting = app.clone();
    let spawned = std::thread::Builder::new().name("start-fallback".into()).spawn(move || {
        std::thread::sleep(LONGEST_WAIT);
        first_view_shown(&waiting);
    });
    if let Err(error) = spawned {
        eprintln!("failup: no start-up fallback ({error}); showing the window now");
        first_view_shown(app);
    }
}

/// Shows the window and runs the start-up chores, the first time it is called.
pub fn first_view_shown<R: Runtime>(app: &AppHandle<R>) {
    let Some(first_view) = app.try_state::<FirstView>() else {
        return;
    };
    if first_view.shown.swap(true, Ordering::SeqCst) {
        return;
    }
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.show();
    }
    let main_thread = app.clone();
    let _ = app.run_on_main_thread(move || {
        if let Err(error) = crate::tray::install(&main_thread) {
            eprintln!("failup: no tray icon: {error}");
        }
    });
    reminders::spawn(app.clone(), first_view.clock.clone(), app.state::<Arc<Waker>>().inner().clone());
    crate::thumbnails::spawn(app.clone());
    crate::sync::spawn(app.clone());
    crate::commands::privacy::check_integrity_in_background(app);
}
