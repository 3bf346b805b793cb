//! Reflection templates and reflections.

use failup_core::{AnswerDraft, Feeling, Reflection, Template, TemplateDraft};

commands! {
    fn list_templates(app, include_hidden: bool) -> Vec<Template> {
        app.with_database(|db| db.templates().list(include_hidden))
    }

    fn get_template(app, id: i64) -> Template {
        app.with_database(|db| db.templates().get(id))
    }

    fn create_template(app, draft: TemplateDraft) -> Template {
        app.with_database(|db| db.templates().create(&draft))
    }

    fn update_template(app, id: i64, draft: TemplateDraft) -> Template {
        app.with_database(|db| db.templates().update(id, &draft))
    }

    fn delete_template(app, id: i64) -> () {
        app.with_database(|db| db.templates().delete(id))
    }

    fn duplicate_template(app, id: i64) -> Template {
        app.with_database(|db| db.templates().duplicate(id))
    }

    fn set_template_hidden(app, id: i64, hidden: bool) -> Template {
        app.with_database(|db| db.templates().set_hidden(id, hidden))
    }

    fn reorder_templates(app, ids: Vec<i64>) -> Vec<Template> {
        app.with_database(|db| db.templates().reorder(&ids))
    }

    fn start_reflection(app, setback_id: i64, template_id: i64) -> Reflection {
        app.with_database(|db| db.reflections().start(setback_id, template_id))
    }

    fn save_reflection_draft(app, id: i64, answers: Vec<AnswerDraft>) -> Reflection {
        app.with_database(|db| db.reflections().save_draft(id, &answers))
    }

    fn complete_reflection(app, id: i64, answers: Vec<AnswerDraft>, feelings_after: Vec<Feeling>) -> Reflection {
        app.with_database(|db| db.reflections().complete(id, &answers, &feelings_after))
    }

    fn get_reflection(app, id: i64) -> Reflection {
        app.with_database(|db| db.reflections().get(id))
    }

    fn reflections_for_setback(app, setback_id: i64) -> Vec<Reflection> {
        app.with_database(|db| db.reflections().for_setback(setback_id))
    }

    fn delete_reflection(app, id: i64) -> () {
        app.with_database(|db| db.reflections().delete(id))
    }
}
