//! Journal entries.

use failup_core::{Entry, EntryDraft, EntryPage, EntrySummary};

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

    fn update_entry(app, id: i64, draft: EntryDraft) -> Entry {
        app.with_database(|db| db.entries().update(id, &draft))
    }

    fn delete_entry(app, id: i64) -> () {
        app.with_database(|db| db.entries().delete(id))
    }
}
