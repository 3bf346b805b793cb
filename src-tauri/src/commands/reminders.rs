//! Reminders: a test notification, pausing, and the ones missed while the app was closed.

use failup_core::{MissedReminder, PauseLength};

commands! {
    /// Shows a sample reminder, so the user can see that notifications reach them (Settings).
    fn send_test_notification(app) -> () {
        crate::notify::show(
            app.handle(),
            "Failing Up",
            "Reminders will look like this. They never show what you wrote unless you allow it in Settings.",
        )
    }

    /// When reminders are paused until (RFC 3339), or `None`.
    fn reminder_pause(app) -> Option<String> {
        app.with_database(|db| db.reminders().status()).map(|status| status.paused_until)
    }

    /// Pauses reminders for `length`; answers until when (RFC 3339).
    fn pause_reminders(app, length: PauseLength) -> Option<String> {
        app.with_database(|db| db.reminders().pause(length)).map(|until| Some(until.to_string()))
    }

    fn resume_reminders(app) -> () {
        app.with_database(|db| db.reminders().resume())
    }

    fn missed_reminders(app) -> Vec<MissedReminder> {
        app.with_database(|db| db.reminders().missed_for_today())
    }
}
