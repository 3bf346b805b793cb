//! The IPC commands: each is declared once, in a `commands!` block of the module for its area.
//!
//! A declaration reads like a function whose first parameter is the [`Shell`] (the app's
//! state and handle) and whose other parameters are what the window sends:
//!
//! ```ignore
//! commands! {
//!     /// Setbacks, newest first.
//!     fn list_setbacks(app, cursor: Option<String>, limit: u32) -> SetbackPage {
//!         app.with_database(|db| db.setbacks().list(cursor.as_deref(), limit))
//!     }
//! }
//! ```
//!
//! From that one declaration come: the `#[tauri::command]` function (`async`, so Tauri runs
//! it off the main thread: a slow disk must not freeze the window), the module's entry in the
//! app's handler ([`handler`]), its `allow-<name>` permission (`build.rs` reads the names from
//! these blocks; [`NAMES`] is checked against them by a test), and its line in the UI's
//! typed command map `ui/src/lib/bindings/commands.ts` (generated from the declared argument
//! and result types; a test fails when it is stale).

use std::ops::Deref;

use failup_core::AppError;
use tauri::ipc::Invoke;
use tauri::{AppHandle, Manager, Runtime};

use crate::state::AppState;

pub(crate) type Answer<T> = Result<T, AppError>;

/// Declares a module's commands; see the module documentation.
macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])*
        fn $name:ident($app:ident $(, $arg:ident: $type:ty)* $(,)?) -> $result:ty $body:block
    )*) => {
        $(
            $(#[doc = $doc])*
            #[tauri::command]
            pub async fn $name<R: tauri::Runtime>(
                app: tauri::AppHandle<R>,
                $($arg: $type),*
            ) -> $crate::commands::Answer<$result> {
                #[allow(unused_variables)]
                let $app = $crate::commands::Shell::new(app);
                $body
            }
        )*

        /// The names of this module's commands.
        pub(crate) const NAMES: &[&str] = &[$(stringify!($name)),*];

        /// Dispatches a call to one of this module's commands.
        pub(crate) fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }

        /// What the UI's command map says of each of this module's commands.
        #[cfg(test)]
        pub(crate) fn signatures() -> Vec<$crate::bindings::Signature> {
            vec![$(
                $crate::bindings::Signature::new(
                    stringify!($name),
                    vec![$($crate::bindings::Signature::argument::<$type>(stringify!($arg))),*],
                    $crate::bindings::Signature::result::<$result>(),
                )
            ),*]
        }
    };
}

/// Lists the command modules once: each is declared, and its commands join the app's.
macro_rules! command_modules {
    ($($(#[$attribute:meta])* $module:ident),* $(,)?) => {
        $($(#[$attribute])* pub mod $module;)*

        /// Every command's name, in the order of the modules.
        #[cfg(test)]
        pub fn names() -> Vec<&'static str> {
            let mut names = Vec::new();
            $($(#[$attribute])* names.extend_from_slice($module::NAMES);)*
            names
        }

        /// The app's invoke handler: finds the module that declares the called command and lets
        /// its generated handler parse the arguments and run it.
        pub fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
            type Dispatch<R> = Box<dyn Fn(Invoke<R>) -> bool + Send + Sync>;
            let modules: Vec<(&[&str], Dispatch<R>)> =
                vec![$($(#[$attribute])* ($module::NAMES, Box::new($module::handler::<R>()))),*];
            move |invoke| {
                let command = invoke.message.command();
                match modules.iter().find(|(names, _)| names.contains(&command)) {
                    Some((_, dispatch)) => dispatch(invoke),
                    None => false,
                }
            }
        }

        /// Every command's signature, for the UI's command map.
        #[cfg(test)]
        pub(crate) fn signatures() -> Vec<crate::bindings::Signature> {
            let mut signatures = Vec::new();
            $($(#[$attribute])* signatures.extend($module::signatures());)*
            signatures
        }
    };
}

command_modules!(
    app,
    privacy,
    transfer,
    journal,
    attachments,
    settings,
    today,
    setbacks,
    reflections,
    lessons,
    goals,
    people,
    search,
    checkins,
    trends,
    sample,
    reminders,
    sync,
    window,
    // Moves the app's clock, so that end-to-end tests can pass a cool-down; release builds
    // register no handler for it.
    #[cfg(debug_assertions)]
    debug,
);

/// What a command body reaches the app through: the journal's state (by `Deref`) and the app
/// handle (for events, dialogs, notifications and the tray).
pub struct Shell<R: Runtime> {
    app: AppHandle<R>,
}

impl<R: Runtime> Shell<R> {
    pub fn new(app: AppHandle<R>) -> Self {
        Self { app }
    }

    pub fn handle(&self) -> &AppHandle<R> {
        &self.app
    }
}

impl<R: Runtime> Deref for Shell<R> {
    type Target = AppState;

    fn deref(&self) -> &AppState {
        self.app.state::<AppState>().inner()
    }
}
