// The name of every IPC command the app exposes, in one list shared by `build.rs` (which
// gives each an `allow-<name>` permission) and the app's tests (which check that the
// capability grants exactly these and that each is registered). It is `include!`d, so it
// holds nothing but the list.

/// Every IPC command of the app.
pub const COMMANDS: &[&str] = &[
    // The app
    "app_info",
    // Journal
    "list_entries",
    "entries_on_day",
    "search_entries",
    "get_entry",
    "create_entry",
    "update_entry",
    "delete_entry",
    // Areas and settings
    "list_areas",
    "create_area",
    "delete_area",
    "get_settings",
    "update_settings",
    // Setbacks
    "list_setbacks",
    "get_setback",
    "create_setback",
    "update_setback",
    "delete_setback",
    "mark_recovered",
    "unmark_recovered",
    "suggested_emotions",
    // Templates
    "list_templates",
    "get_template",
    "create_template",
    "update_template",
    "delete_template",
    "duplicate_template",
    "set_template_hidden",
    "reorder_templates",
    // Reflections
    "start_reflection",
    "save_reflection_draft",
    "complete_reflection",
    "get_reflection",
    "reflections_for_setback",
    "delete_reflection",
    // Lessons
    "list_lessons",
    "lessons_for_setback",
    "get_lesson",
    "create_lesson",
    "update_lesson",
    "revise_lesson",
    "set_lesson_status",
    "delete_lesson",
    "add_revisit",
    "move_revisit",
    "remove_revisit",
    "answer_revisit",
    "lesson_roadmap",
    // Goals
    "list_goals",
    "get_goal",
    "create_goal",
    "update_goal",
    "goal_from_lesson",
    "set_goal_status",
    "pair_goals",
    "goal_check_in",
    "delete_goal",
    // Today
    "today",
    // Support network, mentor brief, failure résumé, search
    "list_people",
    "get_person",
    "create_person",
    "update_person",
    "delete_person",
    "create_conversation",
    "update_conversation",
    "delete_conversation",
    "get_conversation",
    "conversations_with_person",
    "conversations_about_setback",
    "mentor_brief",
    "save_mentor_brief",
    "failure_resume",
    "save_failure_resume",
    "search",
    // Check-ins, resilience, trends and the sample journal
    "log_check_in",
    "recent_check_ins",
    "delete_check_in",
    "log_recovery_check_in",
    "brs_status",
    "submit_brs",
    "trends",
    "journal_kind",
    "open_sample_journal",
    "close_sample_journal",
    // Reminders
    "send_test_notification",
    "reminder_pause",
    "pause_reminders",
    "resume_reminders",
    "missed_reminders",
    // The window and login
    "close_main_window",
    "autostart_enabled",
    "set_autostart",
    // Debug builds only: moves the app's clock so end-to-end tests can pass a cool-down.
    // Release builds do not register a handler for it, so it answers "not found" there.
    "debug_shift_clock",
];
