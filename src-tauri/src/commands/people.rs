//! The support network and its conversation log, the mentor brief and the failure résumé.

use failup_core::{Conversation, ConversationDraft, Person, PersonDraft};

use crate::export::save_markdown;

commands! {
    fn list_people(app) -> Vec<Person> {
        app.with_database(|db| db.people().list())
    }

    fn get_person(app, id: i64) -> Person {
        app.with_database(|db| db.people().get(id))
    }

    fn create_person(app, draft: PersonDraft) -> Person {
        app.with_database(|db| db.people().create(&draft))
    }

    fn update_person(app, id: i64, draft: PersonDraft) -> Person {
        app.with_database(|db| db.people().update(id, &draft))
    }

    fn delete_person(app, id: i64) -> () {
        app.with_database(|db| db.people().delete(id))
    }

    fn create_conversation(app, draft: ConversationDraft) -> Conversation {
        app.with_database(|db| db.conversations().create(&draft))
    }

    fn update_conversation(app, id: i64, draft: ConversationDraft) -> Conversation {
        app.with_database(|db| db.conversations().update(id, &draft))
    }

    fn delete_conversation(app, id: i64) -> () {
        app.with_database(|db| db.conversations().delete(id))
    }

    fn get_conversation(app, id: i64) -> Conversation {
        app.with_database(|db| db.conversations().get(id))
    }

    fn conversations_with_person(app, person_id: i64) -> Vec<Conversation> {
        app.with_database(|db| db.conversations().with_person(person_id))
    }

    fn conversations_about_setback(app, setback_id: i64) -> Vec<Conversation> {
        app.with_database(|db| db.conversations().about_setback(setback_id))
    }

    fn mentor_brief(app, from: String, to: String) -> String {
        app.with_database(|db| db.mentor_brief(&from, &to))
    }

    /// Asks where to save the mentor brief (a native dialog) and writes it there. Returns the
    /// path, or `None` when the user cancelled.
    fn save_mentor_brief(app, from: String, to: String) -> Option<String> {
        let markdown = app.with_database(|db| db.mentor_brief(&from, &to))?;
        save_markdown(app.handle(), &format!("mentor-brief-{from}-to-{to}.md"), &markdown)
    }

    fn failure_resume(app) -> String {
        app.with_database(|db| db.failure_resume())
    }

    /// Asks where to save the failure résumé and writes it there; `None` when cancelled.
    fn save_failure_resume(app) -> Option<String> {
        let markdown = app.with_database(|db| db.failure_resume())?;
        save_markdown(app.handle(), "failure-resume.md", &markdown)
    }
}
