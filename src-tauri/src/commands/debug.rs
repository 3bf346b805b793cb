//! Debug builds only: commands that let end-to-end tests drive time.

use std::sync::Arc;

use failup_core::ShiftedClock;
use tauri::Manager;

commands! {
    /// Moves the app's clock by `hours`, so that an end-to-end test can step over a cool-down
    /// in the real window. Returns the clock's total offset in hours.
    fn debug_shift_clock(app, hours: i64) -> i64 {
        let offset = app.handle().state::<Arc<ShiftedClock>>().shift_by(hours * 3600) / 3600;
        // The clock moved, not the journal: what is due may have changed all the same.
        app.handle().state::<Arc<crate::reminders::Waker>>().poke();
        Ok(offset)
    }
}
