//! Lessons, their revisits, and the roadmap.

use failup_core::{Lesson, LessonDraft, LessonStatus, LessonSummary, LessonWording, RevisitAnswer, RoadmapArea};

commands! {
    fn list_lessons(app) -> Vec<LessonSummary> {
        app.with_database(|db| db.lessons().list())
    }

    fn lessons_for_setback(app, setback_id: i64) -> Vec<LessonSummary> {
        app.with_database(|db| db.lessons().for_setback(setback_id))
    }

    fn get_lesson(app, id: i64) -> Lesson {
        app.with_database(|db| db.lessons().get(id))
    }

    fn create_lesson(app, draft: LessonDraft) -> Lesson {
        app.with_database(|db| db.lessons().create(&draft))
    }

    fn update_lesson(app, id: i64, draft: LessonDraft) -> Lesson {
        app.with_database(|db| db.lessons().update(id, &draft))
    }

    fn revise_lesson(app, id: i64, wording: LessonWording) -> Lesson {
        app.with_database(|db| db.lessons().revise(id, &wording))
    }

    fn set_lesson_status(app, id: i64, status: LessonStatus) -> Lesson {
        app.with_database(|db| db.lessons().set_status(id, status))
    }

    fn delete_lesson(app, id: i64) -> () {
        app.with_database(|db| db.lessons().delete(id))
    }

    fn add_revisit(app, lesson_id: i64, due_on: String) -> Lesson {
        app.with_database(|db| db.lessons().add_revisit(lesson_id, &due_on))
    }

    fn move_revisit(app, revisit_id: i64, due_on: String) -> Lesson {
        app.with_database(|db| db.lessons().move_revisit(revisit_id, &due_on))
    }

    fn remove_revisit(app, revisit_id: i64) -> Lesson {
        app.with_database(|db| db.lessons().remove_revisit(revisit_id))
    }

    fn answer_revisit(app, revisit_id: i64, answer: RevisitAnswer, note: String) -> Lesson {
        app.with_database(|db| db.lessons().answer_revisit(revisit_id, answer, &note))
    }

    fn lesson_roadmap(app) -> Vec<RoadmapArea> {
        app.with_database(|db| db.lessons().roadmap())
    }
}
