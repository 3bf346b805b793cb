//! End-to-end tests: the real, built app in a real WebKit window, driven over WebDriver.
//!
//! They are `#[ignore]`d for a plain `cargo test`, because they need the built app,
//! tauri-driver and a display; `cargo xtask test` (or `cargo xtask e2e`) runs them under a
//! private Xvfb display and D-Bus session, one at a time.

mod attachments;
mod data;
mod display;
mod driver;
mod failing_up;
mod instance;
mod journal;
mod network;
mod notifications;
mod privacy;
mod sync;
mod trends;
