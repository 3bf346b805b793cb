//! Goals and their check-ins.

use failup_core::{Goal, GoalDraft, GoalStatus, GoalSummary};

commands! {
    fn list_goals(app, status: Option<GoalStatus>) -> Vec<GoalSummary> {
        app.with_database(|db| db.goals().list(status))
    }

    fn get_goal(app, id: i64) -> Goal {
        app.with_database(|db| db.goals().get(id))
    }

    fn create_goal(app, draft: GoalDraft) -> Goal {
        app.with_database(|db| db.goals().create(&draft))
    }

    fn update_goal(app, id: i64, draft: GoalDraft) -> Goal {
        app.with_database(|db| db.goals().update(id, &draft))
    }

    fn goal_from_lesson(app, lesson_id: i64) -> Goal {
        app.with_database(|db| db.goals().from_lesson(lesson_id))
    }

    fn set_goal_status(app, id: i64, status: GoalStatus) -> Goal {
        app.with_database(|db| db.goals().set_status(id, status))
    }

    fn pair_goals(app, output_goal_id: i64, learning_goal_id: Option<i64>) -> Goal {
        app.with_database(|db| db.goals().pair(output_goal_id, learning_goal_id))
    }

    fn goal_check_in(app, id: i64, progress: u8, note: String) -> Goal {
        app.with_database(|db| db.goals().check_in(id, progress, &note))
    }

    fn delete_goal(app, id: i64) -> () {
        app.with_database(|db| db.goals().delete(id))
    }
}
