use failup_core::{ConversationDraft, ErrorCode, PersonDraft, SupportKind, SupportRole};

use crate::open_temp;
use crate::setbacks::setback;

pub fn person(name: &str, role: SupportRole) -> PersonDraft {
    PersonDraft { name: name.into(), role, ..Default::default() }
}

pub fn conversation(person_id: i64, held_on: &str, said: &str) -> ConversationDraft {
    ConversationDraft { person_id, held_on: Some(held_on.into()), what_they_said: said.into(), ..Default::default() }
}

#[test]
fn a_person_is_stored_as_written_and_listed_by_name() {
    let (_dir, mut database) = open_temp();
    let ana = database
        .people()
        .create(&PersonDraft {
            name: "  Ana  ".into(),
            role: SupportRole::Mentor,
            support_kinds: vec![SupportKind::Advice, SupportKind::Perspective, SupportKind::Advice],
            notes: "Former team lead".into(),
        })
        .unwrap();
    assert_eq!(database.people().get(ana.id).unwrap(), ana, "what create returns is what is stored");
    assert_eq!(ana.name, "Ana", "names are trimmed");
    assert_eq!(ana.role, SupportRole::Mentor);
    assert_eq!(
        ana.support_kinds,
        vec![SupportKind::Perspective, SupportKind::Advice],
        "each kind once, in the documented order"
    );
    assert_eq!((ana.conversation_count, ana.last_conversation_on.as_deref()), (0, None));
    assert_eq!(ana.created_at, "2026-03-14T08:30:00Z", "timestamps come from the injected clock");

    database.people().create(&person("bo", SupportRole::Friend)).unwrap();
    database.people().create(&person("Cy", SupportRole::Coach)).unwrap();
    let names: Vec<String> = database.people().list().unwrap().into_iter().map(|p| p.name).collect();
    assert_eq!(names, ["Ana", "bo", "Cy"], "by name, ignoring case");

    let edited = database
        .people()
        .update(
            ana.id,
            &PersonDraft { support_kinds: vec![SupportKind::PracticalHelp], ..person("Ana P.", SupportRole::Peer) },
        )
        .unwrap();
    assert_eq!((edited.name.as_str(), edited.role), ("Ana P.", SupportRole::Peer));
    assert_eq!(edited.support_kinds, vec![SupportKind::PracticalHelp], "the kinds are replaced, not added to");
    assert_eq!(
        database.people().update(999, &person("x", SupportRole::Other)).unwrap_err().code(),
        ErrorCode::NotFound
    );
}

#[test]
fn invalid_people_and_conversations_are_refused_with_a_message_naming_the_problem() {
    let (_dir, mut database) = open_temp();
    let error = database.people().create(&person("   ", SupportRole::Mentor)).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidInput);
    assert!(error.to_string().contains("name is empty"), "{error}");
    assert!(database.people().list().unwrap().is_empty(), "nothing was written");

    let ana = database.people().create(&person("Ana", SupportRole::Mentor)).unwrap().id;
    let cases = [
        (ConversationDraft { what_they_said: " ".into(), ..conversation(ana, "2026-03-01", "") }, "what they said or"),
        (conversation(404, "2026-03-01", "hi"), "Person 404"),
        (ConversationDraft { setback_id: Some(77), ..conversation(ana, "2026-03-01", "hi") }, "Setback 77"),
        (conversation(ana, "2026-02-30", "hi"), "2026-02-30"),
    ];
    for (bad, expected) in cases {
        let error = database.conversations().create(&bad).unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidInput, "{error}");
        assert!(error.to_string().contains(expected), "message {error:?} should name {expected:?}");
    }
    assert!(database.conversations().with_person(ana).unwrap().is_empty(), "nothing was logged");
}

#[test]
fn conversations_are_logged_per_person_and_per_setback_newest_first() {
    let (_dir, mut database) = open_temp();
    let ana = database.people().create(&person("Ana", SupportRole::Mentor)).unwrap().id;
    let bo = database.people().create(&person("Bo", SupportRole::Peer)).unwrap().id;
    let slipped = database.setbacks().create(&setback("Deadline slipped", "2026-03-02T10:00")).unwrap().id;

    let first = database
        .conversations()
        .create(&ConversationDraft {
            setback_id: Some(slipped),
            what_ill_try: "Estimate with a buffer".into(),
            ..conversation(ana, "2026-03-03", "Everyone misses one")
        })
        .unwrap();
    assert_eq!(first.person_name, "Ana");
    assert_eq!(first.setback_title.as_deref(), Some("Deadline slipped"));
    assert_eq!(first.held_on, "2026-03-03");
    assert_eq!(first.what_ill_try, "Estimate with a buffer");
    let later = database.conversations().create(&conversation(ana, "2026-03-10", "How did it go?")).unwrap();
    let from_bo = database
        .conversations()
        .create(&ConversationDraft { setback_id: Some(slipped), ..conversation(bo, "2026-03-05", "Same here") })
        .unwrap();
    let today = database
        .conversations()
        .create(&ConversationDraft { held_on: None, ..conversation(bo, "", "Coffee?") })
        .unwrap();
    assert_eq!(today.held_on, "2026-03-14", "no date means today in the user's time zone");

    let with_ana: Vec<i64> = database.conversations().with_person(ana).unwrap().iter().map(|c| c.id).collect();
    assert_eq!(with_ana, [later.id, first.id], "per person, newest first");
    let about: Vec<i64> = database.conversations().about_setback(slipped).unwrap().iter().map(|c| c.id).collect();
    assert_eq!(about, [from_bo.id, first.id], "per setback, newest first, whoever it was with");
    let ana_now = database.people().get(ana).unwrap();
    assert_eq!((ana_now.conversation_count, ana_now.last_conversation_on.as_deref()), (2, Some("2026-03-10")));

    let moved = database
        .conversations()
        .update(later.id, &ConversationDraft { what_ill_try: "Ask Bo".into(), ..conversation(bo, "2026-03-11", "x") })
        .unwrap();
    assert_eq!((moved.person_id, moved.held_on.as_str(), moved.what_ill_try.as_str()), (bo, "2026-03-11", "Ask Bo"));
    database.conversations().delete(today.id).unwrap();
    assert_eq!(database.conversations().get(today.id).unwrap_err().code(), ErrorCode::NotFound);
    assert_eq!(database.conversations().delete(today.id).unwrap_err().code(), ErrorCode::NotFound, "deleted once");
    assert_eq!(database.conversations().with_person(404).unwrap_err().code(), ErrorCode::NotFound);
}

#[test]
fn a_person_with_conversations_cannot_be_deleted_until_they_are() {
    let (_dir, mut database) = open_temp();
    let ana = database.people().create(&person("Ana", SupportRole::Mentor)).unwrap().id;
    let talk = database.conversations().create(&conversation(ana, "2026-03-01", "Keep going")).unwrap().id;

    let error = database.people().delete(ana).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidInput);
    assert!(error.to_string().contains("“Ana” still has 1 conversation(s)"), "the message says why: {error}");
    assert_eq!(database.conversations().get(talk).unwrap().what_they_said, "Keep going", "nothing was deleted");

    database.conversations().delete(talk).unwrap();
    database.people().delete(ana).unwrap();
    assert_eq!(database.people().get(ana).unwrap_err().code(), ErrorCode::NotFound);
    assert_eq!(database.people().delete(ana).unwrap_err().code(), ErrorCode::NotFound, "deleting twice says not found");
    let kinds: i64 =
        database.connection().query_row("SELECT count(*) FROM person_support_kinds", [], |r| r.get(0)).unwrap();
    assert_eq!(kinds, 0, "the kinds of support go with their person");
}

#[test]
fn deleting_a_setback_keeps_the_conversations_about_it_unlinked() {
    let (_dir, mut database) = open_temp();
    let ana = database.people().create(&person("Ana", SupportRole::Mentor)).unwrap().id;
    let slipped = database.setbacks().create(&setback("Deadline slipped", "2026-03-02T10:00")).unwrap().id;
    let talk = database
        .conversations()
        .create(&ConversationDraft { setback_id: Some(slipped), ..conversation(ana, "2026-03-03", "It happens") })
        .unwrap()
        .id;
    database.setbacks().delete(slipped).unwrap();
    let kept = database.conversations().get(talk).unwrap();
    assert_eq!((kept.setback_id, kept.setback_title), (None, None), "the link goes, the conversation stays");
    assert_eq!(kept.what_they_said, "It happens");
}
