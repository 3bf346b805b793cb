use std::time::Instant;

use failup_core::search::{highlighted_words, HIGHLIGHT_END, HIGHLIGHT_START};
use failup_core::{
    AnswerDraft, Database, EntryDraft, ErrorCode, GoalDraft, GoalKind, LessonDraft, LessonWording, SearchHit,
    SearchKind, SearchQuery, SetbackDraft,
};
use jiff::civil::{date, Date};
use jiff::ToSpan;

use crate::open_temp;
use crate::setbacks::setback;

fn query(text: &str) -> SearchQuery {
    SearchQuery { text: text.into(), ..Default::default() }
}

fn found(database: &Database, query: &SearchQuery) -> Vec<(SearchKind, i64)> {
    database.search(query).unwrap().into_iter().map(|hit| (hit.kind, hit.id)).collect()
}

/// A row of the search index: rowid, title, body, kind, record id, local date, area id.
type IndexRow = (i64, String, String, String, i64, String, Option<i64>);

/// Checks that the index holds exactly one row per record, as the migration's views describe
/// it now: the triggers kept it in step through every write the test made.
fn assert_index_in_step(database: &Database) {
    let read = |sql: &str| -> Vec<IndexRow> {
        let mut statement = database.connection().prepare(sql).unwrap();
        let rows = statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
            .unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    let indexed =
        read("SELECT rowid, title, body, kind, record_id, local_date, area_id FROM search_index ORDER BY rowid");
    let expected = read(
        "SELECT * FROM (SELECT * FROM search_entry_documents UNION ALL SELECT * FROM search_setback_documents
                        UNION ALL SELECT * FROM search_reflection_documents UNION ALL SELECT * FROM search_lesson_documents
                        UNION ALL SELECT * FROM search_goal_documents)
         ORDER BY doc_id",
    );
    assert_eq!(indexed, expected, "the search index mirrors the records");
    database
        .connection()
        .execute("INSERT INTO search_index (search_index) VALUES ('integrity-check')", [])
        .expect("the FTS5 index agrees with its own copy of the text");
}

#[test]
fn every_kind_is_found_with_its_title_date_area_and_a_highlighted_snippet() {
    let (_dir, mut database) = open_temp();
    let entry = database
        .entries()
        .create(&EntryDraft {
            title: "Monday".into(),
            body: "The budget meeting went badly.".into(),
            local_date_time: Some("2026-03-02T18:00".into()),
            ..Default::default()
        })
        .unwrap()
        .id;
    let slipped = database
        .setbacks()
        .create(&SetbackDraft {
            area_id: Some(5),
            what_happened: "Overspent the budget by a third.".into(),
            ..setback("Budget blown", "2026-03-05T10:00")
        })
        .unwrap()
        .id;
    let reflection = database.reflections().start(slipped, 3).unwrap().id;
    database
        .reflections()
        .save_draft(
            reflection,
            &[AnswerDraft { text: "I never tracked the budgeting spreadsheet.".into(), rating: None }],
        )
        .unwrap();
    let lesson = database
        .lessons()
        .create(&LessonDraft {
            text: "Check the budget weekly\nwith a simple list".into(),
            if_situation: Some("it is Friday".into()),
            then_action: Some("open the spreadsheet".into()),
            setback_ids: vec![slipped],
            ..Default::default()
        })
        .unwrap()
        .id;
    let goal = database
        .goals()
        .create(&GoalDraft {
            kind: GoalKind::Learning,
            title: "Learn budgeting".into(),
            why: "So money stops surprising me".into(),
            ..Default::default()
        })
        .unwrap()
        .id;

    let hits = database.search(&query("budget")).unwrap();
    let text = |kind: SearchKind| -> (i64, String, String, Option<i64>, Vec<String>) {
        let hit: &SearchHit = hits.iter().find(|hit| hit.kind == kind).unwrap();
        let words = highlighted_words(&hit.snippet).into_iter().map(str::to_owned).collect();
        (hit.id, hit.title.clone(), hit.local_date.clone(), hit.area_id, words)
    };
    assert_eq!(
        hits.iter().map(|hit| hit.kind).collect::<Vec<_>>(),
        [SearchKind::Goal, SearchKind::Lesson, SearchKind::Reflection, SearchKind::Setback, SearchKind::Entry],
        "newest local date first: the goal and lesson today (goal 1 before lesson 1: same id, the kind breaks \
         the tie), then the setback's day, then Monday"
    );
    assert_eq!(text(SearchKind::Entry), (entry, "Monday".into(), "2026-03-02".into(), None, vec!["budget".into()]));
    assert_eq!(
        text(SearchKind::Setback),
        (slipped, "Budget blown".into(), "2026-03-05".into(), Some(5), vec!["Budget".into()]),
        "the snippet comes from the best-matching field, here the title, as written"
    );
    assert_eq!(
        text(SearchKind::Reflection),
        (reflection, "Budget blown".into(), "2026-03-05".into(), Some(5), vec!["budgeting".into()]),
        "a reflection is titled and filed by its setback; prefixes match"
    );
    assert_eq!(
        text(SearchKind::Lesson),
        (lesson, "Check the budget weekly".into(), "2026-03-14".into(), Some(5), vec!["budget".into()]),
        "a lesson is titled by its first line and takes its setback's area"
    );
    assert_eq!(
        text(SearchKind::Goal),
        (goal, "Learn budgeting".into(), "2026-03-14".into(), None, vec!["budgeting".into()])
    );
    let entry_hit = hits.iter().find(|hit| hit.kind == SearchKind::Entry).unwrap();
    assert_eq!(entry_hit.snippet, "The \u{2}budget\u{3} meeting went badly.", "a short text is its own snippet");

    let plan = found(&database, &query("friday spreadsheet"));
    assert_eq!(plan, [(SearchKind::Lesson, lesson)], "every word must match, across the lesson's if–then plan");
    assert_eq!(found(&database, &query("surprising")), [(SearchKind::Goal, goal)], "a goal's why is searched");
    assert!(found(&database, &query("   ")).is_empty(), "a blank search finds nothing rather than everything");
    assert_index_in_step(&database);
}

#[test]
fn the_index_follows_every_edit_and_delete() {
    let (_dir, mut database) = open_temp();
    let entry = database.entries().create(&EntryDraft { title: "Walrus".into(), ..Default::default() }).unwrap().id;
    let old = database.setbacks().create(&setback("Narwhal", "2026-01-05T10:00")).unwrap().id;
    let reflection = database.reflections().start(old, 3).unwrap().id;
    database.reflections().save_draft(reflection, &[AnswerDraft { text: "pelican".into(), rating: None }]).unwrap();
    let second_reflection = database.reflections().start(old, 3).unwrap().id;
    database
        .reflections()
        .save_draft(second_reflection, &[AnswerDraft { text: "pelican again".into(), rating: None }])
        .unwrap();
    let lesson = database.lessons().create(&LessonDraft { text: "Okapi".into(), ..Default::default() }).unwrap().id;
    let goal = database.goals().create(&GoalDraft { title: "Quokka".into(), ..Default::default() }).unwrap().id;
    assert_index_in_step(&database);

    database
        .entries()
        .update(
            entry,
            &EntryDraft {
                title: "Seal".into(),
                local_date_time: Some("2025-12-01T08:00".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert!(found(&database, &query("walrus")).is_empty(), "the old title is forgotten");
    let seal = database.search(&query("seal")).unwrap();
    assert_eq!((seal[0].id, seal[0].local_date.as_str()), (entry, "2025-12-01"), "and the new date is used");

    // Moving a setback to another day and area moves its reflections with it.
    database
        .setbacks()
        .update(old, &SetbackDraft { area_id: Some(3), ..setback("Narwhal", "2026-02-20T10:00") })
        .unwrap();
    let moved = database.search(&SearchQuery { kinds: vec![SearchKind::Reflection], ..query("pelican") }).unwrap();
    assert_eq!(moved.len(), 2);
    assert!(moved.iter().all(|hit| hit.local_date == "2026-02-20" && hit.area_id == Some(3)), "{moved:?}");
    assert_index_in_step(&database);

    database.reflections().delete(second_reflection).unwrap();
    assert_eq!(found(&database, &query("pelican")), [(SearchKind::Reflection, reflection)]);
    database.lessons().revise(lesson, &LessonWording { text: "Tapir".into(), ..Default::default() }).unwrap();
    assert_eq!(found(&database, &query("tapir")), [(SearchKind::Lesson, lesson)]);
    assert!(found(&database, &query("okapi")).is_empty());
    database.goals().update(goal, &GoalDraft { title: "Wombat".into(), ..Default::default() }).unwrap();
    assert_eq!(found(&database, &query("wombat")), [(SearchKind::Goal, goal)]);
    assert_index_in_step(&database);

    database.setbacks().delete(old).unwrap();
    assert!(found(&database, &query("pelican")).is_empty(), "a setback's reflections leave the index with it");
    assert!(found(&database, &query("narwhal")).is_empty());
    database.entries().delete(entry).unwrap();
    database.lessons().delete(lesson).unwrap();
    database.goals().delete(goal).unwrap();
    assert_index_in_step(&database);
    let left: i64 = database.connection().query_row("SELECT count(*) FROM search_index", [], |r| r.get(0)).unwrap();
    assert_eq!(left, 0, "nothing is left behind");
}

#[test]
fn user_text_cannot_forge_highlights_or_fts_syntax() {
    let (_dir, mut database) = open_temp();
    database
        .entries()
        .create(&EntryDraft {
            title: "Markers".into(),
            body: format!("{HIGHLIGHT_START}fake{HIGHLIGHT_END} and a real kestrel"),
            ..Default::default()
        })
        .unwrap();
    let hits = database.search(&query("kestrel")).unwrap();
    assert_eq!(highlighted_words(&hits[0].snippet), ["kestrel"], "only the search marks words: {:?}", hits[0].snippet);
    assert_eq!(hits[0].snippet, " fake  and a real \u{2}kestrel\u{3}", "the user's markers became spaces");
    for typed in ["kestrel OR", "\"kestrel", "kestrel*", "AND (", "title:kestrel", "-", "NEAR(a b)"] {
        assert!(database.search(&query(typed)).is_ok(), "{typed:?} is searched for as text, never an error");
    }
    assert_eq!(database.search(&query("\"kestrel\"")).unwrap().len(), 1, "quotes typed by the user are text");
}

#[test]
fn invalid_filters_are_refused_with_a_message() {
    let (_dir, database) = open_temp();
    let reversed = SearchQuery { from: Some("2026-03-10".into()), to: Some("2026-03-01".into()), ..query("x") };
    let error = database.search(&reversed).unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidInput);
    assert!(error.to_string().contains("starts on 2026-03-10, after it ends on 2026-03-01"), "{error}");
    let impossible = SearchQuery { from: Some("2026-02-30".into()), ..query("x") };
    assert!(database.search(&impossible).unwrap_err().to_string().contains("2026-02-30"));
}

/// Entry `i` of the generated journal: five a day from 2020-01-01, so that entry order, date
/// order and id order agree. Some words are planted on a schedule that the test can recompute.
struct Generated;

impl Generated {
    const COUNT: usize = 10_000;

    fn day(i: usize) -> Date {
        date(2020, 1, 1).checked_add(((i / 5) as i64).days()).unwrap()
    }

    fn has_zeppelin(i: usize) -> bool {
        i % 1000 == 7
    }

    fn has_review(i: usize) -> bool {
        i % 100 == 3
    }

    fn tags(i: usize) -> Vec<String> {
        let mut tags = vec![if i % 2 == 0 { "even" } else { "odd" }.to_owned()];
        if i % 3 == 0 {
            tags.push("Fizz".to_owned());
        }
        tags
    }

    fn draft(i: usize) -> EntryDraft {
        let mut body = format!("An ordinary day number {i}, with notes about work and home.");
        if Self::has_zeppelin(i) {
            body.push_str(" A Zeppelin drifted over the office.");
        }
        if Self::has_review(i) {
            body.push_str(" The quarterly review was tough.");
        }
        EntryDraft {
            title: format!("Day {i}"),
            body,
            local_date_time: Some(format!("{}T{:02}:00", Self::day(i), 8 + i % 5)),
            time_zone: Some("Europe/Berlin".into()),
            mood: None,
            tags: Self::tags(i),
        }
    }
}

#[test]
fn ten_thousand_entries_are_searched_exactly_and_fast_with_filters() {
    let (_dir, mut database) = open_temp();
    let drafts: Vec<EntryDraft> = (0..Generated::COUNT).map(Generated::draft).collect();
    let ids = database.entries().create_many(&drafts).unwrap();
    let career = database
        .setbacks()
        .create(&SetbackDraft {
            area_id: Some(1),
            what_happened: "The zeppelin tour I organised was cancelled.".into(),
            ..setback("Tour cancelled", "2024-06-01T10:00")
        })
        .unwrap()
        .id;
    let learning = database
        .setbacks()
        .create(&SetbackDraft { area_id: Some(2), ..setback("Zeppelins exam failed", "2021-02-01T10:00") })
        .unwrap()
        .id;
    let lesson = database
        .lessons()
        .create(&LessonDraft {
            text: "Book zeppelin tours early".into(),
            setback_ids: vec![career],
            ..Default::default()
        })
        .unwrap()
        .id;

    let started = Instant::now();

    // Prefix matching, all kinds, newest first: today's lesson, then by date.
    let hits = database.search(&SearchQuery { limit: 200, ..query("zeppel") }).unwrap();
    let mut expected = vec![(SearchKind::Lesson, lesson)];
    let mut entries: Vec<(Date, (SearchKind, i64))> = (0..Generated::COUNT)
        .filter(|&i| Generated::has_zeppelin(i))
        .map(|i| (Generated::day(i), (SearchKind::Entry, ids[i])))
        .collect();
    entries.push((date(2024, 6, 1), (SearchKind::Setback, career)));
    entries.push((date(2021, 2, 1), (SearchKind::Setback, learning)));
    entries.sort_by_key(|(day, _)| std::cmp::Reverse(*day));
    expected.extend(entries.into_iter().map(|(_, hit)| hit));
    assert_eq!(hits.iter().map(|hit| (hit.kind, hit.id)).collect::<Vec<_>>(), expected, "exactly the planted ones");
    for hit in &hits {
        let words = highlighted_words(&hit.snippet);
        assert!(!words.is_empty(), "every hit shows where it matched: {hit:?}");
        assert!(
            words.iter().all(|word| word.to_lowercase().starts_with("zeppel")),
            "only the searched words are highlighted: {hit:?}"
        );
    }
    let first_entry = hits.iter().find(|hit| hit.kind == SearchKind::Entry).unwrap();
    assert_eq!(first_entry.id, ids[9007]);
    assert_eq!(first_entry.local_date, Generated::day(9007).to_string());
    assert_eq!(
        first_entry.snippet, "…A \u{2}Zeppelin\u{3} drifted over the office.",
        "the snippet keeps the text's case, starts at the matching sentence and marks the cut with an ellipsis"
    );

    // Every word must match; the limit keeps the newest.
    let review = |i: usize| Generated::has_review(i);
    let newest_reviews: Vec<i64> =
        (0..Generated::COUNT).rev().filter(|&i| review(i)).take(20).map(|i| ids[i]).collect();
    let hits = found(&database, &SearchQuery { limit: 20, ..query("quarterly rev") });
    assert_eq!(hits, newest_reviews.iter().map(|&id| (SearchKind::Entry, id)).collect::<Vec<_>>());

    // A tag, ignoring case and a leading '#'.
    let fizz_reviews: Vec<(SearchKind, i64)> = (0..Generated::COUNT)
        .rev()
        .filter(|&i| review(i) && Generated::tags(i).contains(&"Fizz".to_owned()))
        .map(|i| (SearchKind::Entry, ids[i]))
        .collect();
    assert!(!fizz_reviews.is_empty() && fizz_reviews.len() < 100, "the tag filter has something to filter");
    let hits = found(&database, &SearchQuery { tag: Some(" #fizz".into()), limit: 200, ..query("review") });
    assert_eq!(hits, fizz_reviews);

    // A date range, both ends included.
    let (from, to) = (date(2022, 3, 1), date(2023, 2, 28));
    let in_range: Vec<(SearchKind, i64)> = (0..Generated::COUNT)
        .rev()
        .filter(|&i| review(i) && (from..=to).contains(&Generated::day(i)))
        .map(|i| (SearchKind::Entry, ids[i]))
        .collect();
    let ranged =
        SearchQuery { from: Some(from.to_string()), to: Some(to.to_string()), limit: 200, ..query("quarterly") };
    assert_eq!(found(&database, &ranged), in_range);
    let one_day = Generated::day(9007).to_string();
    let day_only = SearchQuery { from: Some(one_day.clone()), to: Some(one_day), ..query("zeppelin") };
    assert_eq!(found(&database, &day_only), [(SearchKind::Entry, ids[9007])], "a one-day range");

    // Kinds and areas.
    let kinds = SearchQuery { kinds: vec![SearchKind::Setback, SearchKind::Lesson], ..query("zeppelin") };
    assert_eq!(
        found(&database, &kinds),
        [(SearchKind::Lesson, lesson), (SearchKind::Setback, career), (SearchKind::Setback, learning)]
    );
    let career_only = SearchQuery { area_id: Some(1), ..query("zeppelin") };
    assert_eq!(
        found(&database, &career_only),
        [(SearchKind::Lesson, lesson), (SearchKind::Setback, career)],
        "entries have no area, so an area filter leaves them out"
    );
    let common = found(&database, &SearchQuery { limit: 5, ..query("ordinary day") });
    assert_eq!(common, (9995..10_000).rev().map(|i| (SearchKind::Entry, ids[i])).collect::<Vec<_>>());

    let elapsed = started.elapsed();
    assert!(elapsed.as_millis() < 2_000, "searching 10,000 entries stays fast: {elapsed:?}");
}

#[test]
fn migrating_an_existing_journal_indexes_what_it_already_holds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.sqlite3");
    {
        // A journal as the previous version left it: schema 2, with an entry and a setback.
        let mut connection = rusqlite::Connection::open(&path).unwrap();
        failup_core::db::migrations().to_version(&mut connection, 2).unwrap();
        connection
            .execute_batch(
                "INSERT INTO entries (title, body, local_date, local_time, time_zone, occurred_at, created_at, updated_at)
                 VALUES ('Before', 'written before search existed', '2026-01-02', '09:00', 'UTC', 0, 0, 0);
                 INSERT INTO setbacks (title, what_happened, local_date, local_time, time_zone, happened_at, area_id,
                                       impact, control, created_at, updated_at)
                 VALUES ('Old existed setback', '', '2026-01-01', '09:00', 'UTC', 0, 1, 5, 'some', 0, 0);",
            )
            .unwrap();
    }
    let database = Database::open(&path, crate::fixed_clock()).unwrap();
    let hits = database.search(&query("existed")).unwrap();
    let found: Vec<(SearchKind, &str)> = hits.iter().map(|hit| (hit.kind, hit.local_date.as_str())).collect();
    assert_eq!(found, [(SearchKind::Entry, "2026-01-02"), (SearchKind::Setback, "2026-01-01")]);
    assert_index_in_step(&database);
}
