use failup_core::{ErrorCode, Prompt, PromptKind, TemplateDraft};

use crate::open_temp;

pub fn prompt(text: &str) -> Prompt {
    Prompt { text: text.into(), kind: PromptKind::Text }
}

#[test]
fn the_built_in_templates_are_seeded_with_their_prompts() {
    let (_dir, mut database) = open_temp();
    let templates = database.templates().list(false).unwrap();
    let names: Vec<_> = templates.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Failing-up review", "After Action Review", "What? So what? Now what?", "Thought record"]);
    assert!(templates.iter().all(|t| t.built_in && !t.hidden));
    assert_eq!(templates[0].prompts.len(), 6);
    assert_eq!(templates[0].prompts[4].text, "Where did a strength turn into a blind spot?");
    assert_eq!(templates[1].prompts.len(), 4);
    assert_eq!(templates[2].prompts.len(), 3);
    let kinds: Vec<_> = templates[3].prompts.iter().map(|p| p.kind).collect();
    use PromptKind::{Rating, Text};
    assert_eq!(kinds, [Text, Text, Rating, Text, Text, Text, Rating], "the thought record rates the emotion twice");
}

#[test]
fn the_users_templates_can_be_created_edited_reordered_and_deleted() {
    let (_dir, mut database) = open_temp();
    let mine = database
        .templates()
        .create(&TemplateDraft {
            name: " Quick look ".into(),
            description: "".into(),
            prompts: vec![
                prompt("What happened?"),
                Prompt { text: "How bad, 0–100?".into(), kind: PromptKind::Rating },
            ],
        })
        .unwrap();
    assert_eq!((mine.name.as_str(), mine.built_in, mine.position), ("Quick look", false, 5), "placed last");

    let edited = database
        .templates()
        .update(
            mine.id,
            &TemplateDraft { name: "Quicker look".into(), prompts: vec![prompt("One line?")], ..Default::default() },
        )
        .unwrap();
    assert_eq!(edited.name, "Quicker look");
    assert_eq!(edited.prompts, vec![prompt("One line?")]);

    let ids: Vec<i64> = database.templates().list(true).unwrap().iter().map(|t| t.id).collect();
    let mut reversed = ids.clone();
    reversed.reverse();
    let reordered = database.templates().reorder(&reversed).unwrap();
    assert_eq!(reordered.iter().map(|t| t.id).collect::<Vec<_>>(), reversed, "the new order is kept");
    assert_eq!(reordered[0].position, 1);
    assert_eq!(
        database.templates().reorder(&reversed[1..]).unwrap_err().code(),
        ErrorCode::InvalidInput,
        "an order missing a template is refused"
    );
    assert_eq!(database.templates().list(true).unwrap()[0].id, mine.id, "a refused order changes nothing");

    database.templates().delete(mine.id).unwrap();
    assert_eq!(database.templates().get(mine.id).unwrap_err().code(), ErrorCode::NotFound);
}

#[test]
fn built_ins_cannot_be_edited_or_deleted_but_can_be_hidden_and_duplicated() {
    let (_dir, mut database) = open_temp();
    let error = database
        .templates()
        .update(1, &TemplateDraft { name: "Mine".into(), prompts: vec![prompt("?")], ..Default::default() })
        .unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidInput);
    assert!(error.to_string().contains("duplicate it"), "the message says what to do instead: {error}");
    assert!(database.templates().delete(1).unwrap_err().to_string().contains("hide it"));

    let copy = database.templates().duplicate(4).unwrap();
    assert_eq!(copy.name, "Thought record (copy)");
    assert!(!copy.built_in, "a copy is the user's own");
    assert_eq!(copy.prompts, database.templates().get(4).unwrap().prompts, "with the same prompts");

    database.templates().set_hidden(4, true).unwrap();
    assert!(database.templates().list(false).unwrap().iter().all(|t| t.id != 4), "hidden is not offered");
    assert!(database.templates().list(true).unwrap().iter().any(|t| t.id == 4 && t.hidden), "but still exists");
}

#[test]
fn invalid_templates_are_refused_and_nothing_is_written() {
    let (_dir, mut database) = open_temp();
    let cases = [
        (TemplateDraft { name: "".into(), prompts: vec![prompt("?")], ..Default::default() }, "name is empty"),
        (TemplateDraft { name: "No prompts".into(), ..Default::default() }, "at least one prompt"),
        (
            TemplateDraft { name: "Blank".into(), prompts: vec![prompt("ok"), prompt(" ")], ..Default::default() },
            "Prompt 2",
        ),
    ];
    for (bad, expected) in cases {
        let error = database.templates().create(&bad).unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidInput);
        assert!(error.to_string().contains(expected), "message {error:?} should name {expected:?}");
    }
    assert_eq!(database.templates().list(true).unwrap().len(), 4, "only the built-ins");
}
