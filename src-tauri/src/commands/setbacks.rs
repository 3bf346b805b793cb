//! Setbacks.

use failup_core::{Setback, SetbackDraft, SetbackPage};

commands! {
    fn list_setbacks(app, cursor: Option<String>, limit: u32) -> SetbackPage {
        app.with_database(|db| db.setbacks().list(cursor.as_deref(), limit))
    }

    fn get_setback(app, id: i64) -> Setback {
        app.with_database(|db| db.setbacks().get(id))
    }

    fn create_setback(app, draft: SetbackDraft) -> Setback {
        app.with_database(|db| db.setbacks().create(&draft))
    }

    fn update_setback(app, id: i64, draft: SetbackDraft) -> Setback {
        app.with_database(|db| db.setbacks().update(id, &draft))
    }

    fn delete_setback(app, id: i64) -> () {
        app.with_database(|db| db.setbacks().delete(id))
    }

    fn mark_recovered(app, id: i64, on: Option<String>) -> Setback {
        app.with_database(|db| db.setbacks().mark_recovered(id, on.as_deref()))
    }

    fn unmark_recovered(app, id: i64) -> Setback {
        app.with_database(|db| db.setbacks().unmark_recovered(id))
    }

    fn suggested_emotions(app) -> Vec<String> {
        Ok(failup_core::setbacks::SUGGESTED_EMOTIONS.iter().map(|emotion| (*emotion).to_owned()).collect())
    }
}
