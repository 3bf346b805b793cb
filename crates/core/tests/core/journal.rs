use failup_core::journal::MAX_BODY_BYTES;
use failup_core::{EntryDraft, ErrorCode};

use crate::open_temp;

fn draft(title: &str, at: &str) -> EntryDraft {
    EntryDraft { title: title.into(), local_date_time: Some(at.into()), ..Default::default() }
}

#[test]
fn an_entry_is_stored_as_written_and_read_back() {
    let (_dir, mut database) = open_temp();
    let written = database
        .entries()
        .create(&EntryDraft {
            title: "  Missed the deadline  ".into(),
            body: "# What happened\n\nThe demo slipped.".into(),
            local_date_time: Some("2026-03-13T18:45".into()),
            time_zone: Some("America/New_York".into()),
            mood: Some(2),
            tags: vec!["work".into(), " Work ".into(), "#demo".into()],
        })
        .unwrap();

    let read = database.entries().get(written.id).unwrap();
    assert_eq!(read, written, "what create returns is what is stored");
    assert_eq!(read.title, "Missed the deadline", "titles are trimmed");
    assert_eq!(read.body, "# What happened\n\nThe demo slipped.", "the body is kept exactly");
    assert_eq!(read.local_date_time, "2026-03-13T18:45");
    assert_eq!(read.time_zone, "America/New_York");
    assert_eq!(read.mood, Some(2));
    assert_eq!(read.tags, vec!["work", "demo"], "tags are trimmed, de-duplicated and keep their order");
    assert_eq!(read.created_at, "2026-03-14T08:30:00Z", "timestamps come from the injected clock");
}

#[test]
fn an_entry_without_a_date_is_dated_now_in_the_users_time_zone() {
    let (_dir, mut database) = open_temp();
    let entry = database.entries().create(&EntryDraft { title: "Now".into(), ..Default::default() }).unwrap();
    assert_eq!(entry.local_date_time, "2026-03-14T09:30", "08:30 UTC is 09:30 in Berlin");
    assert_eq!(entry.time_zone, "Europe/Berlin");
}

#[test]
fn editing_replaces_the_fields_and_keeps_the_creation_time() {
    let (_dir, mut database) = open_temp();
    let id = database.entries().create(&draft("First", "2026-03-01T10:00")).unwrap().id;
    let updated = database
        .entries()
        .update(
            id,
            &EntryDraft {
                title: "Second".into(),
                body: "more".into(),
                mood: Some(5),
                tags: vec!["x".into()],
                ..draft("", "2026-03-02T11:30")
            },
        )
        .unwrap();
    assert_eq!(updated.title, "Second");
    assert_eq!(updated.local_date_time, "2026-03-02T11:30");
    assert_eq!(updated.tags, vec!["x"]);
    assert_eq!(updated.created_at, "2026-03-14T08:30:00Z");
    let hits = database.entries().search("more", 10).unwrap();
    assert_eq!(hits.len(), 1, "search sees the edited body");
    assert!(database.entries().search("First", 10).unwrap().is_empty(), "search forgets the old title");
}

#[test]
fn deleting_removes_the_entry_its_tags_and_its_search_index() {
    let (_dir, mut database) = open_temp();
    let id = database
        .entries()
        .create(&EntryDraft { title: "Gone".into(), tags: vec!["t".into()], ..Default::default() })
        .unwrap()
        .id;
    database.entries().delete(id).unwrap();
    assert_eq!(database.entries().get(id).unwrap_err().code(), ErrorCode::NotFound);
    assert!(database.entries().search("Gone", 10).unwrap().is_empty());
    let tags: i64 = database.connection().query_row("SELECT count(*) FROM entry_tags", [], |r| r.get(0)).unwrap();
    assert_eq!(tags, 0, "tags are deleted with their entry");
    assert_eq!(database.entries().delete(id).unwrap_err().code(), ErrorCode::NotFound, "deleting twice says not found");
    assert_eq!(database.entries().update(id, &draft("x", "2026-01-01T00:00")).unwrap_err().code(), ErrorCode::NotFound);
}

#[test]
fn the_list_is_newest_first_by_when_it_happened_and_pages_without_gaps_or_repeats() {
    let (_dir, mut database) = open_temp();
    // Written out of order, and two at the same minute, to exercise the ordering tie-break.
    for (title, at) in [
        ("b", "2026-01-02T09:00"),
        ("a", "2026-01-01T09:00"),
        ("d", "2026-01-04T09:00"),
        ("c1", "2026-01-03T09:00"),
        ("c2", "2026-01-03T09:00"),
        ("e", "2026-01-05T09:00"),
    ] {
        database.entries().create(&draft(title, at)).unwrap();
    }
    let mut titles = Vec::new();
    let mut cursor = None;
    let mut pages = 0;
    loop {
        let page = database.entries().list(cursor.as_deref(), 2).unwrap();
        assert!(page.entries.len() <= 2);
        titles.extend(page.entries.into_iter().map(|e| e.title));
        pages += 1;
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(titles, ["e", "d", "c2", "c1", "b", "a"], "newest first; later-written wins a tie");
    assert_eq!(pages, 3, "six entries in pages of two, and no empty page at the end");
}

#[test]
fn ordering_uses_the_real_instant_across_time_zones() {
    let (_dir, mut database) = open_temp();
    // 08:00 in Tokyo is 23:00 UTC the day before: earlier than 01:00 in London on that day.
    database
        .entries()
        .create(&EntryDraft { time_zone: Some("Asia/Tokyo".into()), ..draft("tokyo", "2026-06-02T08:00") })
        .unwrap();
    database
        .entries()
        .create(&EntryDraft { time_zone: Some("Europe/London".into()), ..draft("london", "2026-06-02T01:00") })
        .unwrap();
    let titles: Vec<_> = database.entries().list(None, 10).unwrap().entries.into_iter().map(|e| e.title).collect();
    assert_eq!(titles, ["london", "tokyo"], "by local clock text Tokyo would wrongly come first");
}

#[test]
fn the_day_view_uses_the_writers_local_date() {
    let (_dir, mut database) = open_temp();
    database
        .entries()
        .create(&EntryDraft { time_zone: Some("Asia/Tokyo".into()), ..draft("late in tokyo", "2026-06-02T23:30") })
        .unwrap();
    database.entries().create(&draft("next day", "2026-06-03T00:10")).unwrap();
    let day: Vec<_> = database.entries().on_day("2026-06-02").unwrap().into_iter().map(|e| e.title).collect();
    assert_eq!(day, ["late in tokyo"]);
    assert!(database.entries().on_day("2026-06-04").unwrap().is_empty());
    assert_eq!(database.entries().on_day("2026-02-30").unwrap_err().code(), ErrorCode::InvalidInput);
}

#[test]
fn search_matches_word_prefixes_in_title_and_body_and_treats_syntax_as_text() {
    let (_dir, mut database) = open_temp();
    database
        .entries()
        .create(&EntryDraft { title: "Presentation".into(), body: "I rushed the ending.".into(), ..Default::default() })
        .unwrap();
    database
        .entries()
        .create(&EntryDraft {
            title: "Café chat".into(),
            body: "Mentor said: \"slow down\" AND breathe".into(),
            ..Default::default()
        })
        .unwrap();
    let mut titles = |query: &str| -> Vec<String> {
        database.entries().search(query, 10).unwrap().into_iter().map(|e| e.title).collect()
    };
    assert_eq!(titles("present"), ["Presentation"], "prefix of a title word");
    assert_eq!(titles("rushed ending"), ["Presentation"], "all words of the body");
    assert_eq!(titles("rushed end"), ["Presentation"], "the word still being typed is a prefix");
    assert!(titles("rush ending").is_empty(), "the words before it are whole words");
    assert_eq!(titles("cafe"), ["Café chat"], "diacritics do not matter");
    assert_eq!(titles("\"slow"), ["Café chat"], "a stray quote is text, not a syntax error");
    assert_eq!(titles("AND"), ["Café chat"], "FTS5 operators typed by the user are words");
    assert!(titles("   ").is_empty(), "a blank search finds nothing");
}

#[test]
fn impossible_dates_and_bad_fields_are_refused_with_a_message_and_nothing_is_written() {
    let (_dir, mut database) = open_temp();
    let cases: Vec<(EntryDraft, &str)> = vec![
        (draft("x", "2023-02-30T10:00"), "2023-02-30T10:00"),
        (draft("x", "0000-01-01T10:00"), "year"),
        (draft("x", "yesterday"), "yesterday"),
        (
            EntryDraft { time_zone: Some("Mars/Olympus_Mons".into()), ..draft("x", "2026-01-01T10:00") },
            "Mars/Olympus_Mons",
        ),
        (EntryDraft { mood: Some(9), ..draft("x", "2026-01-01T10:00") }, "Mood"),
        (EntryDraft { title: "t".repeat(501), ..Default::default() }, "title is too long"),
        (EntryDraft { body: "a".repeat(MAX_BODY_BYTES + 1), ..Default::default() }, "too long"),
        (EntryDraft { body: "nul\0byte".into(), ..Default::default() }, "NUL"),
        (EntryDraft { tags: vec!["t".repeat(61)], ..Default::default() }, "tag"),
    ];
    for (bad, expected_in_message) in cases {
        let error = database.entries().create(&bad).unwrap_err();
        assert_eq!(error.code(), ErrorCode::InvalidInput, "{error}");
        assert!(
            error.to_string().contains(expected_in_message),
            "message {error:?} should name {expected_in_message:?}"
        );
    }
    assert!(database.entries().list(None, 10).unwrap().entries.is_empty(), "no refused draft left anything behind");
}

#[test]
fn a_megabyte_of_text_and_markup_are_stored_exactly_as_text() {
    let (_dir, mut database) = open_temp();
    let hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    let big_body = format!("{hostile}\n{}", "lorem ipsum ".repeat(1024 * 1024 / 12));
    let entry = database
        .entries()
        .create(&EntryDraft { title: hostile.into(), body: big_body.clone(), ..Default::default() })
        .unwrap();
    let read = database.entries().get(entry.id).unwrap();
    assert_eq!(read.title, hostile, "markup in a title is kept verbatim; the UI escapes it");
    assert_eq!(read.body, big_body, "a 1 MB body comes back byte for byte");
    let listed = &database.entries().list(None, 1).unwrap().entries[0];
    assert!(listed.excerpt.chars().count() <= 161, "the list carries an excerpt, not the megabyte");
}

#[test]
fn a_bad_cursor_is_refused() {
    let (_dir, mut database) = open_temp();
    assert_eq!(database.entries().list(Some("not-a-cursor"), 10).unwrap_err().code(), ErrorCode::InvalidInput);
}

#[test]
fn many_entries_are_written_all_together_or_not_at_all() {
    let (_dir, mut database) = open_temp();
    let good = vec![draft("one", "2026-01-01T10:00"), draft("two", "2026-01-02T10:00")];
    let ids = database.entries().create_many(&good).unwrap();
    assert_eq!(ids.len(), 2);
    assert_eq!(database.entries().get(ids[1]).unwrap().title, "two", "ids come back in the drafts' order");

    let with_a_bad_one = vec![draft("three", "2026-01-03T10:00"), draft("four", "2026-02-30T10:00")];
    let error = database.entries().create_many(&with_a_bad_one).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidInput);
    assert!(error.to_string().starts_with("Entry 2:"), "the refusal names which draft: {error}");
    let titles: Vec<_> = database.entries().list(None, 10).unwrap().entries.into_iter().map(|e| e.title).collect();
    assert_eq!(titles, ["two", "one"], "a refused batch writes nothing, not even its valid drafts");
}
