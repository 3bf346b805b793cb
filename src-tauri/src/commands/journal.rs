//! Journal entries.

use failup_core::{Entry, EntryDraft, EntryPage, EntrySummary, EntryText};

commands! {
    fn list_entries(app, cursor: Option<String>, limit: u32) -> EntryPage {
        app.with_database(|db| db.entries().list(cursor.as_deref(), limit))
    }

    fn entries_on_day(app, day: String) -> Vec<EntrySummary> {
        app.with_database(|db| db.entries().on_day(&day))
    }

    fn search_entries(app, query: String, limit: u32) -> Vec<EntrySummary> {
        app.with_database(|db| db.entries().search(&query, limit))
    }

    fn get_entry(app, id: i64) -> Entry {
        app.with_database(|db| db.entries().get(id))
    }

    fn create_entry(app, draft: EntryDraft) -> Entry {
        app.with_database(|db| db.entries().create(&draft))
    }

    /// Saves an edit; `base` is the title and body the editor loaded, so that a change another
    /// computer made meanwhile is kept beside the user's text, not overwritten.
    fn update_entry(app, id: i64, draft: EntryDraft, base: Option<EntryText>) -> Entry {
        app.with_database(|db| match &base {
            Some(base) => db.entries().update_from(id, &draft, base),
            None => db.entries().update(id, &draft),
        })
    }

    fn delete_entry(app, id: i64) -> () {
        app.with_database(|db| db.entries().delete(id))
    }
}
