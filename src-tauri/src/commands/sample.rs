//! The sample journal: a generated year, in a separate file, to explore the charts on.

use failup_core::JournalKind;

commands! {
    /// Which journal the app is showing: the user's own or the sample.
    fn journal_kind(app) -> JournalKind {
        Ok(app.journal_kind())
    }

    fn open_sample_journal(app) -> () {
        app.open_sample()
    }

    fn close_sample_journal(app) -> () {
        app.close_sample()
    }
}
