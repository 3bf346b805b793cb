//! The failing-up loop, walked through the real window: log a setback, let it cool down,
//! reflect with a template, draw a lesson, make it a learning goal, answer a revisit, and
//! prepare a mentor brief.

use serde_json::json;

use crate::driver::App;

/// Moves the app's clock forward (debug builds only) and returns to `view` so it reloads.
fn pass_time(app: &App, hours: i64, view: &str) {
    app.invoke("debug_shift_clock", json!({ "hours": hours }));
    let elsewhere = if view == "today" { "journal" } else { "today" };
    app.click(&app.find(&format!("button[data-nav=\"{elsewhere}\"]")));
    app.find(&format!("button[data-nav=\"{elsewhere}\"][aria-current=\"page\"]"));
    app.click(&app.find(&format!("button[data-nav=\"{view}\"]")));
    app.find(&format!("button[data-nav=\"{view}\"][aria-current=\"page\"]"));
}

#[test]
#[ignore = "drives the built app: run with `cargo xtask test`"]
fn the_whole_loop_from_setback_to_mentor_brief() {
    let data = tempfile::tempdir().unwrap();
    let app = App::launch(data.path());

    // 1. Log a setback, from the keyboard shortcut's button.
    app.click(&app.find("button[data-nav=\"setbacks\"]"));
    app.click(&app.find("#log-setback"));
    app.type_text(&app.find("#setback-title"), "Conference talk rejected");
    app.type_text(&app.find("#setback-facts"), "The programme committee turned down my proposal.");
    app.set_value("#setback-impact", "7");
    app.click(&app.find(".chips button.chip"));
    app.set_value("#setback-intensity-0", "80");
    app.screenshot("20-log-a-setback");
    app.click(&app.find("#save-setback"));
    app.find("li[data-setback-id] .stage-badge[data-stage=\"cooling_down\"]");
    app.screenshot("21-setback-cooling-down");

    // 2. A day passes: the cool-down (24 hours by default) is over, and Today says so.
    pass_time(&app, 25, "today");
    app.wait_for(
        "the setback in Today's ready list",
        "document.querySelector('#today-ready')?.textContent.includes('Conference talk rejected')",
    );
    app.screenshot("22-today-ready-to-reflect");

    // 3. Reflect with the Failing-up review.
    app.click(&app.find("button[data-nav=\"setbacks\"]"));
    app.click(&app.find("li[data-setback-id] button"));
    app.find("#setback-heading");
    app.find(".detail .stage-badge[data-stage=\"ready_to_reflect\"], .stage-badge[data-stage=\"ready_to_reflect\"]");
    app.click(&app.find("#start-reflection"));
    app.wait_for(
        "the Failing-up review among the templates",
        "[...document.querySelectorAll('input[name=\"template\"]')].some(radio => radio.closest('label').textContent.includes('Failing-up review'))",
    );
    let review = app.execute(
        "return [...document.querySelectorAll('input[name=\"template\"]')]
            .find(radio => radio.closest('label').textContent.includes('Failing-up review'))?.value ?? null;",
        json!([]),
    );
    let review = review.as_str().expect("the Failing-up review template is offered").to_owned();
    assert_eq!(app.count("#cooldown-note"), 0, "no cool-down note once the setback is ready");
    app.click(&app.find(&format!("input[name=\"template\"][value=\"{review}\"]")));
    app.click(&app.find("#begin-reflection"));
    app.find("[data-prompt-index=\"0\"]");
    let prompts =
        app.execute("return document.querySelectorAll('[data-prompt-index]').length;", json!([])).as_u64().unwrap();
    assert_eq!(prompts, 6, "the Failing-up review asks six questions");
    let answers = [
        "That a strong topic would carry a vague abstract.",
        "The abstract did not say what attendees would learn.",
        "The topic itself interested the committee.",
        "Write the abstract around outcomes.",
        "My enthusiasm made me skip asking for feedback.",
        "Ask two people to review an abstract before submitting.",
    ];
    for (index, answer) in answers.iter().enumerate() {
        app.type_text(&app.find(&format!("[data-prompt-index=\"{index}\"]")), answer);
    }
    app.wait_for_text("#reflection-status", "Saved");
    app.set_value("[data-feeling-index=\"0\"]", "30");
    app.screenshot("23-reflection-answers");
    app.click(&app.find("#complete-reflection"));
    app.find("#reflection-done-heading");
    app.find("#draw-lesson");
    let shift = app.text(&app.find("#feeling-shift"));
    assert!(shift.contains("80") && shift.contains("30"), "the feeling's shift from 80 to 30 is shown: {shift}");
    app.screenshot("24-reflection-complete");
    app.execute("document.querySelector('#attachments-heading').scrollIntoView({ block: 'center' });", json!([]));
    app.find("#attach-files");
    app.screenshot("24-reflection-attachments");

    // 4. Draw a lesson from it.
    app.click(&app.find("#draw-lesson"));
    app.type_text(&app.find("#lesson-text"), "Get feedback on proposals before sending them");
    app.type_text(&app.find("#lesson-if"), "I am about to submit a proposal");
    app.type_text(&app.find("#lesson-then"), "ask two people to review it first");
    app.click(&app.find("#save-lesson"));
    app.find("li[data-lesson-id]");
    app.screenshot("25-lesson-drawn");

    // 5. Make it a learning goal.
    app.click(&app.find("button[data-nav=\"lessons\"]"));
    app.click(&app.find("li[data-lesson-id] button"));
    app.find("#lesson-heading");
    app.click(&app.find("#make-learning-goal"));
    app.find("button[data-nav=\"goals\"][aria-current=\"page\"]");
    app.find("li[data-goal-id] .goal-kind[data-kind=\"learning\"]");
    app.screenshot("26-learning-goal");

    // 6. A week later, the first revisit is due; answering "yes" marks the lesson applied.
    pass_time(&app, 7 * 24, "today");
    app.wait_for(
        "the revisit in Today",
        "document.querySelector('#today-revisits')?.textContent.includes('Get feedback on proposals')",
    );
    app.click(&app.find("button[data-nav=\"lessons\"]"));
    app.click(&app.find("li[data-lesson-id] button"));
    app.find("#lesson-heading");
    app.click(&app.find("input[name=\"revisit-answer\"][value=\"yes\"]"));
    app.type_text(&app.find("#revisit-note"), "Two colleagues reviewed my next abstract; it was accepted.");
    app.click(&app.find("#save-revisit-answer"));
    app.find("#lesson-heading ~ * .lesson-status[data-status=\"applied\"], .lesson-status[data-status=\"applied\"]");
    app.screenshot("27-revisit-answered");

    // 7. A mentor brief for the period holds the setback, the reflection and the lesson.
    app.click(&app.find("button[data-nav=\"people\"]"));
    app.set_value("#brief-from", "2000-01-01");
    app.click(&app.find("#preview-brief"));
    app.wait_for(
        "the brief's preview",
        "document.querySelector('#brief-preview')?.textContent.includes('Conference talk rejected')",
    );
    let brief = app.text(&app.find("#brief-preview"));
    for expected in [
        "Conference talk rejected",
        "Ask two people to review an abstract before submitting.",
        "Get feedback on proposals before sending them",
        "ask two people to review it first",
    ] {
        assert!(brief.contains(expected), "the mentor brief mentions {expected:?}:\n{brief}");
    }
    app.screenshot("28-mentor-brief");

    // 8. Search everywhere finds the reflection's words, highlighted as text.
    app.click(&app.find("#open-search"));
    app.find("#search-input");
    app.screenshot("29-search-empty");
    app.type_text(&app.find("#search-input"), "abstract");
    app.find("li[data-hit-kind=\"reflection\"] mark");
    let marked = app.text(&app.find("li[data-hit-kind=\"reflection\"] mark"));
    assert_eq!(marked.to_lowercase(), "abstract", "the matched word is highlighted");
    app.wait_for(
        "the result to take up room on screen",
        "document.querySelector('li[data-hit-kind=\"reflection\"]').getBoundingClientRect().height > 10",
    );
    app.screenshot("29-search-everywhere");
    app.execute("document.querySelector('dialog[open]')?.close();", json!([]));

    // 9. The failure résumé lists the setback with what it taught.
    app.click(&app.find("button[data-nav=\"setbacks\"]"));
    app.click(&app.find("#failure-resume"));
    app.wait_for(
        "the résumé preview",
        "document.querySelector('#resume-preview')?.textContent.includes('Conference talk rejected')",
    );
    let resume = app.text(&app.find("#resume-preview"));
    assert!(resume.contains("Get feedback on proposals before sending them"), "the résumé shows the lesson:\n{resume}");
    app.screenshot("29-failure-resume");
}
