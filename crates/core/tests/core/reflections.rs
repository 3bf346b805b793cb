use failup_core::{AnswerDraft, ErrorCode, FeelingShift, SetbackDraft, Stage, TemplateDraft};

use crate::open_temp;
use crate::setbacks::{feeling, open_at, setback};
use crate::templates::prompt;

fn answer(text: &str) -> AnswerDraft {
    AnswerDraft { text: text.into(), rating: None }
}

fn rating(value: u8) -> AnswerDraft {
    AnswerDraft { text: String::new(), rating: Some(value) }
}

#[test]
fn a_draft_is_autosaved_then_completed_with_the_emotional_shift() {
    let (_dir, mut database, clock) = open_at("2026-03-14T08:30:00Z", "Europe/Berlin");
    let setback_id = database
        .setbacks()
        .create(&SetbackDraft {
            feelings: vec![feeling("anxious", 90), feeling("ashamed", 60)],
            ..setback("Froze in the interview", "2026-03-14T09:00")
        })
        .unwrap()
        .id;

    // During the cool-down: allowed; the setback's ready_at lets the UI say so gently.
    let started = database.reflections().start(setback_id, 4).unwrap();
    assert_eq!(started.template_name, "Thought record");
    assert_eq!(started.answers.len(), 7, "one blank answer per prompt");
    assert!(started.completed_at.is_none());
    assert_eq!(started.feelings_before, vec![feeling("anxious", 90), feeling("ashamed", 60)]);
    assert_eq!(
        database.setbacks().get(setback_id).unwrap().stage,
        Stage::CoolingDown,
        "a draft does not move the stage"
    );

    database.reflections().save_draft(started.id, &[answer("Panel interview")]).unwrap();
    clock.set("2026-03-14T08:40:00Z".parse().unwrap());
    let saved = database
        .reflections()
        .save_draft(started.id, &[answer("Panel interview"), answer("I'll never get a job"), rating(85)])
        .unwrap();
    assert_eq!(saved.answers[1].text, "I'll never get a job", "the latest autosave wins");
    assert_eq!(saved.answers[2].rating, Some(85));
    assert_eq!(saved.answers[3].text, "", "unanswered prompts stay blank");
    assert_eq!(saved.updated_at, "2026-03-14T08:40:00Z");

    let mut answers = vec![answer("Panel interview"), answer("I'll never get a job"), rating(85)];
    answers.extend([answer("I froze"), answer("Two offers last year"), answer("One bad hour"), rating(40)]);
    let completed = database
        .reflections()
        .complete(started.id, &answers, &[feeling("Anxious", 40), feeling("hopeful", 30)])
        .unwrap();
    assert_eq!(completed.completed_at.as_deref(), Some("2026-03-14T08:40:00Z"), "completion time from the clock");
    assert_eq!(completed.answers[6].rating, Some(40));
    assert_eq!(
        completed.shift,
        vec![
            FeelingShift { emotion: "anxious".into(), before: Some(90), after: Some(40) },
            FeelingShift { emotion: "ashamed".into(), before: Some(60), after: None },
            FeelingShift { emotion: "hopeful".into(), before: None, after: Some(30) },
        ],
        "feelings pair up by emotion ignoring case; new ones come last"
    );
    assert_eq!(database.setbacks().get(setback_id).unwrap().stage, Stage::Reflected);

    database.setbacks().update(setback_id, &setback("Froze in the interview", "2026-03-14T09:00")).unwrap();
    let reread = database.reflections().get(started.id).unwrap();
    assert_eq!(reread.feelings_before.len(), 2, "“before” is kept as it was at completion");
    assert_eq!(database.reflections().for_setback(setback_id).unwrap(), vec![reread]);
}

#[test]
fn a_reflection_survives_its_template_being_edited_and_deleted() {
    let (_dir, mut database) = open_temp();
    let setback_id = database.setbacks().create(&setback("Missed the train", "2026-03-10T08:00")).unwrap().id;
    let template = database
        .templates()
        .create(&TemplateDraft {
            name: "Mine".into(),
            prompts: vec![prompt("Why?"), prompt("Next?")],
            ..Default::default()
        })
        .unwrap();
    let reflection = database.reflections().start(setback_id, template.id).unwrap();
    database.reflections().save_draft(reflection.id, &[answer("Late night")]).unwrap();

    database
        .templates()
        .update(
            template.id,
            &TemplateDraft { name: "Renamed".into(), prompts: vec![prompt("Other")], ..Default::default() },
        )
        .unwrap();
    let after_edit = database.reflections().get(reflection.id).unwrap();
    assert_eq!(after_edit.template_name, "Mine", "the name it was written with");
    let prompts: Vec<_> = after_edit.answers.iter().map(|a| a.prompt.as_str()).collect();
    assert_eq!(prompts, ["Why?", "Next?"], "the prompts it answered, not the template's new ones");

    database.templates().delete(template.id).unwrap();
    let after_delete = database.reflections().get(reflection.id).unwrap();
    assert_eq!(after_delete.template_id, None, "it forgets where it came from");
    assert_eq!(after_delete.answers[0].text, "Late night", "and keeps everything else");
    let completed =
        database.reflections().complete(reflection.id, &[answer("Late night"), answer("Earlier")], &[]).unwrap();
    assert!(completed.completed_at.is_some(), "it can still be completed");
}

#[test]
fn answers_that_do_not_fit_the_prompts_are_refused_and_the_draft_is_kept() {
    let (_dir, mut database) = open_temp();
    let setback_id = database.setbacks().create(&setback("x", "2026-03-10T08:00")).unwrap().id;
    let reflection = database.reflections().start(setback_id, 4).unwrap();
    database.reflections().save_draft(reflection.id, &[answer("kept")]).unwrap();
    let too_many = vec![answer(""); 8];
    let cases: Vec<(Vec<AnswerDraft>, &str)> = vec![
        (vec![rating(50)], "Prompt 1 is answered in words"),
        (vec![answer(""), answer(""), rating(101)], "between 0 and 100, not 101"),
        (too_many, "7 prompts, but 8 answers"),
    ];
    for (bad, expected) in cases {
        let error = database.reflections().save_draft(reflection.id, &bad).unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidInput);
        assert!(error.to_string().contains(expected), "message {error:?} should name {expected:?}");
    }
    let error = database.reflections().complete(reflection.id, &[answer("kept")], &[feeling("calm", 101)]).unwrap_err();
    assert!(error.to_string().contains("101"), "{error}");
    let error = database.reflections().complete(reflection.id, &[], &[]).unwrap_err();
    assert!(error.to_string().contains("at least one prompt"), "{error}");
    let kept = database.reflections().get(reflection.id).unwrap();
    assert_eq!(kept.answers[0].text, "kept", "refused saves leave the draft as it was");
    assert!(kept.completed_at.is_none(), "and refused completions leave it a draft");
    assert_eq!(database.reflections().start(setback_id, 999).unwrap_err().code(), ErrorCode::NotFound);
    assert_eq!(database.reflections().start(999, 1).unwrap_err().code(), ErrorCode::NotFound);
}
