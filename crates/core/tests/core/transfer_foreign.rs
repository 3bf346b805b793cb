//! Imports from jrnl, Day One and Daylio: what the preview promises, what lands, that a second
//! import adds nothing, and that hostile files get a clear refusal with nothing written.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use failup_core::attachments::Owner;
use failup_core::transfer::foreign::{self, ForeignImport};
use failup_core::transfer::limits::{self, read_file, read_zip};
use failup_core::transfer::{
    ImportCount, ImportFormat, ImportOptions, ImportPreview, MoodMapping, ParsedImport, SkippedItem,
};
use failup_core::{CoreError, Database, EntrySummary, ErrorCode};
use proptest::prelude::*;
use zip::write::SimpleFileOptions;

use crate::open_temp;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)
}

fn read(format: ImportFormat, name: &str) -> ParsedImport {
    ParsedImport::read(format, &fixture(name)).unwrap_or_else(|error| panic!("{name} should parse: {error}"))
}

fn count(kind: &str, new: u32, already_imported: u32) -> ImportCount {
    ImportCount { kind: kind.to_owned(), new, already_imported }
}

/// Every journal entry, oldest first.
fn all_entries(database: &mut Database) -> Vec<EntrySummary> {
    let mut entries = database.entries().list(None, 200).unwrap().entries;
    entries.reverse();
    entries
}

fn skipped_reason<'a>(preview: &'a [SkippedItem], item_start: &str) -> &'a str {
    preview
        .iter()
        .find(|skipped| skipped.item.starts_with(item_start))
        .map(|skipped| skipped.reason.as_str())
        .unwrap_or_else(|| panic!("{item_start:?} should be listed as skipped: {preview:#?}"))
}

fn import_rows(database: &Database) -> i64 {
    database.connection().query_row("SELECT count(*) FROM import_records", [], |row| row.get(0)).unwrap()
}

fn check_in_rows(database: &Database) -> i64 {
    database.connection().query_row("SELECT count(*) FROM daily_check_ins", [], |row| row.get(0)).unwrap()
}

/// Asserts that `result` is a refusal naming `expected`.
fn assert_refused<T: std::fmt::Debug>(result: Result<T, CoreError>, expected: &str) {
    let error = result.expect_err(&format!("a refusal naming {expected:?}"));
    assert_eq!(error.code(), ErrorCode::InvalidInput, "{error}");
    assert!(error.to_string().contains(expected), "{error} should name {expected:?}");
}

// -----------------------------------------------------------------------------------------
// jrnl
// -----------------------------------------------------------------------------------------

#[test]
fn a_jrnl_export_is_previewed_imported_with_its_dates_and_tags_and_not_imported_twice() {
    let (_dir, mut database) = open_temp();
    let parsed = read(ImportFormat::Jrnl, "jrnl.json");
    let options = ImportOptions::default();

    let preview = database.import_preview(&parsed, &options).unwrap();
    assert_eq!(preview.counts, [count("journal entries", 2, 0)], "two distinct, valid entries");
    assert_eq!((preview.first_date.as_deref(), preview.last_date.as_deref()), (Some("2023-03-05"), Some("2023-03-07")));
    assert!(skipped_reason(&preview.skipped, "entry 3").contains("appears earlier"), "the duplicate is named");
    assert!(skipped_reason(&preview.skipped, "entry 4 (2023-02-30)").contains("not a real calendar date"));
    assert!(skipped_reason(&preview.skipped, "entry 5 (0000-01-01)").contains("outside the years"));
    assert!(skipped_reason(&preview.skipped, "entry 6").contains("NUL"));
    assert!(skipped_reason(&preview.skipped, "entry 7").contains("not a jrnl entry"));
    assert_eq!(preview.skipped.len(), 5, "{:#?}", preview.skipped);
    assert!(all_entries(&mut database).is_empty(), "a preview writes nothing");

    let report = database.import(&parsed, &options).unwrap();
    assert_eq!(report.counts, [count("journal entries", 2, 0)]);
    let entries = all_entries(&mut database);
    assert_eq!(entries.len(), 2);
    let first = database.entries().get(entries[0].id).unwrap();
    assert_eq!(first.title, "Missed the promotion.");
    assert_eq!(first.body, "Talked to Sam afterwards; the feedback was fair.\nNext time I prepare the numbers.");
    assert_eq!(
        (first.local_date_time.as_str(), first.time_zone.as_str()),
        ("2023-03-05T14:30", "Europe/Berlin"),
        "jrnl's wall-clock time is kept, in the user's zone"
    );
    assert_eq!(first.tags, ["work", "starred"], "jrnl's @ is dropped and a star becomes a tag");
    assert_eq!(entries[1].tags, ["family", "work"]);
    assert_eq!(database.entries().search("feedback", 10).unwrap().len(), 1, "imported text is searchable");

    let again = database.import(&read(ImportFormat::Jrnl, "jrnl.json"), &options).unwrap();
    assert_eq!(again.counts, [count("journal entries", 0, 2)], "the second import adds nothing");
    assert_eq!(all_entries(&mut database).len(), 2);
}

// -----------------------------------------------------------------------------------------
// Day One
// -----------------------------------------------------------------------------------------

fn day_one_zip(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in members {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn media_fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/media").join(name)).unwrap()
}

/// The fixture journal zipped the way Day One exports it, with the files its entries list
/// (but not the video, which the zip lacks).
fn day_one_export_zip() -> Vec<u8> {
    day_one_zip(&[
        ("Journal.json", &std::fs::read(fixture("dayone.json")).unwrap()),
        ("photos/0123456789abcdef0123456789abcdef.jpeg", &media_fixture("beach-with-gps.jpg")),
        ("photos/ffffffffffffffffffffffffffffffff.png", &media_fixture("sunset.png")),
        ("pdfs/abababababababababababababababab.pdf", &media_fixture("rejection-letter.pdf")),
    ])
}

fn check_day_one_dates_and_zones(preview: &ImportPreview) {
    assert_eq!((preview.first_date.as_deref(), preview.last_date.as_deref()), (Some("2023-03-06"), Some("2023-05-10")));
    assert!(skipped_reason(&preview.skipped, "entry 5").contains("not a date and time"));
    assert!(
        preview
            .notes
            .iter()
            .any(|note| note.contains("1 entry has no usable time zone") && note.contains("Europe/Berlin")),
        "the preview says which zone an entry without one gets: {:?}",
        preview.notes
    );
}

/// The entry whose body starts with `start`.
fn entry_starting(database: &mut Database, start: &str) -> failup_core::journal::Entry {
    let found = all_entries(database).into_iter().find(|summary| {
        let entry = database.entries().get(summary.id).unwrap();
        entry.body.starts_with(start)
    });
    database.entries().get(found.unwrap_or_else(|| panic!("an entry starting {start:?}")).id).unwrap()
}

#[test]
fn a_day_one_json_alone_imports_the_text_and_says_the_files_are_in_the_zip() {
    let (_dir, mut database) = open_temp();
    let parsed = read(ImportFormat::DayOne, "dayone.json");
    let options = ImportOptions::default();
    let preview = database.import_preview(&parsed, &options).unwrap();
    assert_eq!(preview.counts, [count("journal entries", 4, 0)], "no files are promised from the JSON alone");
    check_day_one_dates_and_zones(&preview);
    assert!(skipped_reason(&preview.skipped, "entry 3").contains("only 1 photo, which are in the zip"));
    assert!(preview.notes.iter().any(|note| note.contains("Import the zip instead")), "{:?}", preview.notes);
    assert!(all_entries(&mut database).is_empty(), "a preview writes nothing");

    database.import(&parsed, &options).unwrap();
    let entries = all_entries(&mut database);
    assert_eq!(entries.len(), 4);
    let tokyo = database.entries().get(entries[0].id).unwrap();
    assert_eq!(
        (tokyo.local_date_time.as_str(), tokyo.time_zone.as_str()),
        ("2023-03-06T08:30", "Asia/Tokyo"),
        "23:30 UTC is 08:30 the next day in Tokyo, where it was written"
    );
    assert_eq!(tokyo.title, "Rejected by the publisher", "the heading becomes the title");
    assert_eq!(
        tokyo.body, "They said no. I re-read the letter twice! Next: 3 more agents (by Friday).\n\n\\- not a list",
        "Day One's escapes are undone, except where the text would turn into a list"
    );
    assert_eq!(tokyo.tags, ["writing", "Rejection", "starred"]);
    let beach = database.entries().get(entries[1].id).unwrap();
    assert_eq!(beach.body, "Beach walk after the interview.\n\n\n\nFelt lighter.", "the photo link is gone");
    assert_eq!(beach.local_date_time, "2023-04-01T11:00", "Lisbon is on summer time in April");
    let zoneless = database.entries().get(entries[2].id).unwrap();
    assert_eq!((zoneless.local_date_time.as_str(), zoneless.time_zone.as_str()), ("2023-04-04T00:15", "Europe/Berlin"));
}

#[test]
fn a_day_one_zip_brings_its_photos_and_documents_as_attachments_in_their_place() {
    let (_dir, mut database) = open_temp();
    let exported = tempfile::tempdir().unwrap();
    let path = exported.path().join("Day One Export.zip");
    std::fs::write(&path, day_one_export_zip()).unwrap();
    let parsed = ParsedImport::read(ImportFormat::DayOne, &path).unwrap();
    let options = ImportOptions::default();
    let preview = database.import_preview(&parsed, &options).unwrap();
    assert_eq!(preview.counts, [count("journal entries", 5, 0), count("attached files", 3, 0)]);
    check_day_one_dates_and_zones(&preview);
    assert!(
        skipped_reason(&preview.skipped, "video 1 of entry 6").contains("The zip does not hold this video"),
        "a file the zip lacks is named: {:#?}",
        preview.skipped
    );
    assert!(!preview.skipped.iter().any(|skipped| skipped.item.starts_with("entry 3")), "a photo-only entry is kept");

    let report = database.import(&parsed, &options).unwrap();
    assert_eq!(report.counts, preview.counts, "the import does what the preview said");

    let beach = entry_starting(&mut database, "Beach walk");
    let files = database.attachments().of(Owner::Entry(beach.id)).unwrap();
    assert_eq!(files.len(), 1);
    let photo = &files[0];
    assert_eq!((photo.media_type.as_str(), photo.picture), ("image/jpeg", true));
    assert_eq!(
        beach.body,
        format!(
            "Beach walk after the interview.\n\n![photo 2023-04-01 1.jpeg](attachment:{})\n\nFelt lighter.",
            photo.reference
        ),
        "the photo stands where Day One placed it"
    );
    let (_, bytes) = database.attachments().read(&photo.reference).unwrap();
    assert!(bytes.starts_with(&[0xFF, 0xD8, 0xFF]), "the stored photo is the JPEG from the zip");

    let photo_only = entry_starting(&mut database, "![photo 2023-04-02 1.png](attachment:");
    assert_eq!(database.attachments().of(Owner::Entry(photo_only.id)).unwrap()[0].media_type, "image/png");

    let letter = entry_starting(&mut database, "The letter came.");
    let files = database.attachments().of(Owner::Entry(letter.id)).unwrap();
    assert_eq!((files[0].file_name.as_str(), files[0].picture), ("rejection-letter.pdf", false));
    assert_eq!(
        letter.body,
        format!(
            "The letter came.\n\n[rejection-letter.pdf](attachment:{})\n\nAnd the call I recorded after.",
            files[0].reference
        ),
        "a document is a link, not an image, under Day One's own file name"
    );
    assert_eq!(database.attachments().read(&files[0].reference).unwrap().1, media_fixture("rejection-letter.pdf"));

    let again = database.import(&ParsedImport::read(ImportFormat::DayOne, &path).unwrap(), &options).unwrap();
    assert_eq!(
        again.counts,
        [count("journal entries", 0, 5), count("attached files", 0, 0)],
        "importing the same export again adds no entry and no file"
    );
}

#[test]
fn a_day_one_file_that_cannot_be_attached_is_named_and_the_rest_imports() {
    let (_dir, mut database) = open_temp();
    let mut bomb = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    bomb.start_file("Journal.json", deflated).unwrap();
    bomb.write_all(&std::fs::read(fixture("dayone.json")).unwrap()).unwrap();
    // The beach photo is a PNG under a .jpeg name; the photo-only entry's picture is 10 MB of
    // zeros, compressed as only a zip bomb is.
    bomb.start_file("photos/0123456789abcdef0123456789abcdef.jpeg", deflated).unwrap();
    bomb.write_all(&media_fixture("sunset.png")).unwrap();
    bomb.start_file("photos/ffffffffffffffffffffffffffffffff.png", deflated).unwrap();
    let mut zeros = media_fixture("sunset.png");
    zeros.resize(10 * 1024 * 1024, 0);
    bomb.write_all(&zeros).unwrap();
    let zip = bomb.finish().unwrap().into_inner();

    let parsed = ParsedImport::from_bytes(ImportFormat::DayOne, &zip, "Export.zip").unwrap();
    let report = database.import(&parsed, &ImportOptions::default()).unwrap();
    assert_eq!(report.counts, [count("journal entries", 4, 0), count("attached files", 0, 0)]);
    assert!(skipped_reason(&report.skipped, "photo 1 of entry 2").contains("its content is a PNG picture"));
    assert!(skipped_reason(&report.skipped, "photo 1 of entry 3").contains("only a zip bomb is"));
    assert!(skipped_reason(&report.skipped, "entry 3").contains("none of its files could be attached"));
    let beach = entry_starting(&mut database, "Beach walk");
    assert_eq!(
        beach.body, "Beach walk after the interview.\n\n\n\nFelt lighter.",
        "no link to a file that is not there"
    );
    let attached: i64 =
        database.connection().query_row("SELECT count(*) FROM attachments", [], |row| row.get(0)).unwrap();
    assert_eq!(attached, 0);
}

#[test]
fn a_day_one_zip_larger_than_a_whole_file_read_is_streamed() {
    let (_dir, mut database) = open_temp();
    // One 80 MB video, stored uncompressed as Day One stores media: more than any file an
    // import reads whole.
    let mut video = vec![0u8; 80 * 1024 * 1024];
    video[..12].copy_from_slice(b"\0\0\0\x18ftypmp42");
    for (index, byte) in video.iter_mut().enumerate().skip(12) {
        *byte = (index.wrapping_mul(2_654_435_761) >> 13) as u8;
    }
    let journal =
        br#"{"entries": [{"uuid": "V", "creationDate": "2023-06-01T10:00:00Z", "text": "![](dayone-moment:/video/VID)",
        "videos": [{"identifier": "VID", "md5": "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "type": "mp4"}]}]}"#;
    let exported = tempfile::tempdir().unwrap();
    let path = exported.path().join("Export.zip");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    writer.start_file("Journal.json", SimpleFileOptions::default()).unwrap();
    writer.write_all(journal).unwrap();
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    writer.start_file("videos/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee.mp4", stored).unwrap();
    writer.write_all(&video).unwrap();
    writer.finish().unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() > limits::MAX_FILE_BYTES);

    let parsed = ParsedImport::read(ImportFormat::DayOne, &path).unwrap();
    let report = database.import(&parsed, &ImportOptions::default()).unwrap();
    assert_eq!(report.counts, [count("journal entries", 1, 0), count("attached files", 1, 0)], "{:?}", report.skipped);
    let entry = entry_starting(&mut database, "[video 2023-06-01 1.mp4](attachment:");
    let files = database.attachments().of(Owner::Entry(entry.id)).unwrap();
    assert_eq!((files[0].media_type.as_str(), files[0].size_bytes), ("video/mp4", video.len() as u64));
    assert!(database.attachments().read(&files[0].reference).unwrap().1 == video, "the video arrives whole");
}

// -----------------------------------------------------------------------------------------
// Daylio
// -----------------------------------------------------------------------------------------

#[test]
fn daylio_rows_become_check_ins_without_confidence_and_notes_become_entries() {
    let (_dir, mut database) = open_temp();
    let parsed = read(ImportFormat::Daylio, "daylio_without_note_title.csv");
    let options = ImportOptions::default();
    let preview = database.import_preview(&parsed, &options).unwrap();
    assert_eq!(preview.counts, [count("journal entries", 1, 0), count("check-ins", 2, 0)]);
    assert_eq!((preview.first_date.as_deref(), preview.last_date.as_deref()), (Some("2023-03-04"), Some("2023-03-05")));
    assert_eq!(
        preview.mood_scale,
        [MoodMapping { label: "good".into(), mood: 8 }, MoodMapping { label: "awful".into(), mood: 1 }],
        "Daylio's default moods are mapped without asking, best first"
    );
    assert!(preview.skipped.is_empty(), "{:?}", preview.skipped);
    assert_eq!(check_in_rows(&database), 0, "a preview writes nothing");

    database.import(&parsed, &options).unwrap();
    let check_ins = database.check_ins().recent(10).unwrap();
    let summary: Vec<(&str, u8, Option<u8>)> =
        check_ins.iter().map(|c| (c.local_date_time.as_str(), c.mood, c.confidence)).collect();
    assert_eq!(
        summary,
        [("2023-03-05T21:30", 8, None), ("2023-03-04T08:00", 1, None)],
        "12-hour times are read, and no confidence is invented"
    );
    let entries = all_entries(&mut database);
    assert_eq!(entries.len(), 1, "only the row with a note becomes an entry");
    let entry = database.entries().get(entries[0].id).unwrap();
    assert_eq!((entry.title.as_str(), entry.body.as_str()), ("", "Long day.\nProud anyway."), "<br> is a line break");
    assert_eq!(entry.tags, ["work", "reading"], "activities become tags");
    assert_eq!(entry.local_date_time, "2023-03-05T21:30");

    let trends = database.trends(failup_core::TrendRange::All).unwrap();
    assert!(
        trends.mood.confidence.iter().all(Option::is_none),
        "check-ins without a confidence add nothing to the confidence chart"
    );

    let again = database.import(&read(ImportFormat::Daylio, "daylio_without_note_title.csv"), &options).unwrap();
    assert_eq!(again.counts, [count("journal entries", 0, 1), count("check-ins", 0, 2)]);
    assert_eq!(check_in_rows(&database), 2, "the second import adds nothing");
}

#[test]
fn daylio_custom_moods_wait_for_the_users_mapping_and_bad_rows_are_named() {
    let (_dir, mut database) = open_temp();
    let parsed = read(ImportFormat::Daylio, "daylio_with_note_title.csv");
    let preview = database.import_preview(&parsed, &ImportOptions::default()).unwrap();
    assert_eq!(preview.counts, [count("journal entries", 1, 0), count("check-ins", 1, 0)]);
    assert_eq!(
        preview.mood_scale,
        [MoodMapping { label: "rad".into(), mood: 10 }, MoodMapping { label: "tired".into(), mood: 0 }],
        "a label of the user's own comes last, unmapped (0); labels only of skipped rows are not asked about"
    );
    assert!(skipped_reason(&preview.skipped, "row 3 (2023-03-05)").contains("“tired” is not mapped"));
    assert!(skipped_reason(&preview.skipped, "row 4 (2023-02-30)").contains("not a real calendar date"));
    assert!(skipped_reason(&preview.skipped, "row 5 (2023-03-04)").contains("“25:00” is not a time of day"));
    assert!(preview.notes.iter().any(|note| note.contains("“tired”")), "{:?}", preview.notes);

    let mapped = ImportOptions { mood_scale: vec![MoodMapping { label: "Tired".into(), mood: 4 }] };
    assert_refused(
        database.import(&parsed, &ImportOptions { mood_scale: vec![MoodMapping { label: "tired".into(), mood: 11 }] }),
        "mapped to 11",
    );
    assert_eq!(check_in_rows(&database), 0, "a refused mapping writes nothing");
    let report = database.import(&parsed, &mapped).unwrap();
    assert_eq!(report.counts, [count("journal entries", 1, 0), count("check-ins", 2, 0)]);
    let moods: Vec<(String, u8)> =
        database.check_ins().recent(10).unwrap().into_iter().map(|c| (c.local_date_time, c.mood)).collect();
    assert_eq!(moods, [("2023-03-06T21:15".to_owned(), 10), ("2023-03-05T07:45".to_owned(), 4)]);
    let first_id = all_entries(&mut database)[0].id;
    let entry = database.entries().get(first_id).unwrap();
    assert_eq!((entry.title.as_str(), entry.body.as_str()), ("Won the match", "We came back from 0-2."));
    assert_eq!(entry.tags, ["friends", "sport"]);
}

#[test]
fn the_newest_daylio_header_with_scales_is_read_and_says_scales_are_not_imported() {
    let (_dir, mut database) = open_temp();
    let parsed = read(ImportFormat::Daylio, "daylio_with_scales.csv");
    let preview = database.import_preview(&parsed, &ImportOptions::default()).unwrap();
    assert_eq!(preview.counts, [count("journal entries", 1, 0), count("check-ins", 2, 0)]);
    assert!(preview.notes.iter().any(|note| note.contains("scales")), "{:?}", preview.notes);
    database.import(&parsed, &ImportOptions::default()).unwrap();
    let first_id = all_entries(&mut database)[0].id;
    let entry = database.entries().get(first_id).unwrap();
    assert_eq!(entry.body, "Quoted, with a comma", "quoted CSV fields keep their commas");
    assert_eq!(entry.local_date_time, "2023-03-07T18:10");
}

// -----------------------------------------------------------------------------------------
// Hostile input
// -----------------------------------------------------------------------------------------

/// Parses `bytes` as `format`, expecting a refusal that names `expected`, and checks that an
/// open journal is untouched.
fn assert_file_refused(format: ImportFormat, bytes: &[u8], expected: &str) {
    assert_refused(ParsedImport::from_bytes(format, bytes, "hostile.bin"), expected);
}

#[test]
fn files_that_are_not_text_or_not_the_format_are_refused_by_name() {
    let mut invalid_utf8 = br#"{"entries":[{"title":"caf"#.to_vec();
    invalid_utf8.extend_from_slice(&[0xC3, 0x28]);
    invalid_utf8.extend_from_slice(br#"","date":"2023-03-05"}]}"#);
    for format in [ImportFormat::Jrnl, ImportFormat::DayOne, ImportFormat::Daylio] {
        assert_file_refused(format, &invalid_utf8, "is not UTF-8 text (the byte at position 25 is invalid)");
    }
    assert_file_refused(ImportFormat::Jrnl, b"{\"entries\":[\0]}", "not a jrnl JSON export");
    assert_file_refused(ImportFormat::DayOne, b"\0\0\0\0", "not a Day One JSON export");
    assert_file_refused(ImportFormat::Jrnl, br#"{"tags":{}}"#, "missing field `entries`");
    assert_file_refused(ImportFormat::Jrnl, &b"[".repeat(100_000), "not a jrnl JSON export");
    assert_file_refused(
        ImportFormat::Daylio,
        b"name,value\nrad,1\n",
        "is not a Daylio export: its first line lacks the columns full_date, time, mood (it has: name, value)",
    );
    assert_file_refused(ImportFormat::Daylio, b"", "lacks the columns full_date, time, mood (it has: nothing)");
    // A NUL inside a CSV field is text like any other, so it reaches the journal's checks.
    let with_nul =
        foreign::parse(ImportFormat::Daylio, b"full_date,time,mood,note\n2023-03-05,10:00,rad,a\0b\n", "daylio.csv")
            .unwrap();
    assert!(with_nul.entries.is_empty() && with_nul.skipped[0].reason.contains("NUL"), "{:?}", with_nul.skipped);
    assert_eq!(with_nul.check_ins.len(), 1, "the row's mood is still a valid check-in");
}

#[test]
fn a_file_of_100_mb_is_refused_before_it_is_read_with_its_size_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    // A sparse file: 100 MB long without writing 100 MB.
    std::fs::File::create(&path).unwrap().set_len(100 * 1024 * 1024).unwrap();
    assert_refused(read_file(&path), "The file huge.json is 100.0 MB and cannot be imported");
    for format in [ImportFormat::Jrnl, ImportFormat::DayOne, ImportFormat::Daylio] {
        // Only a Failing Up export may be bigger (`transfer_failup`).
        assert_refused(ParsedImport::read(format, &path).map(|_| ()), "up to 64.0 MB");
    }
    std::fs::File::create(&path).unwrap().set_len(limits::MAX_FILE_BYTES).unwrap();
    assert_eq!(read_file(&path).unwrap().len() as u64, limits::MAX_FILE_BYTES, "a file at the cap is read");
}

fn zip_error(bytes: &[u8]) -> String {
    let error = ParsedImport::from_bytes(ImportFormat::DayOne, bytes, "Export.zip").unwrap_err();
    assert_eq!(error.code(), ErrorCode::InvalidInput, "{error}");
    error.to_string()
}

#[test]
fn zips_that_climb_out_hold_no_journal_or_are_damaged_are_refused() {
    let journal = std::fs::read(fixture("dayone.json")).unwrap();
    for name in ["../evil.json", "photos/../../evil.json", "/etc/evil.json", "C:\\evil.json"] {
        let message = zip_error(&day_one_zip(&[("Journal.json", &journal), (name, b"{}")]));
        assert!(message.contains("points outside the archive") && message.contains(name), "{name}: {message}");
    }
    let message = zip_error(&day_one_zip(&[("photos/a.jpeg", b"jpeg")]));
    assert!(message.contains("holds no Day One journal (a .json file)"), "{message}");
    let mut truncated = day_one_zip(&[("Journal.json", &journal)]);
    truncated.truncate(truncated.len() / 2);
    assert!(zip_error(&truncated).contains("not a readable zip archive"), "a damaged zip is named as such");
}

#[test]
fn zip_bombs_are_refused_by_size_and_by_ratio_without_unpacking_them() {
    // 256 MB of zeros, compressed as it is written (about 250 KB): four times the cap. A
    // gigabyte would test nothing more and take minutes to compress in a debug build.
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    writer.start_file("Journal.json", options).unwrap();
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..256 {
        writer.write_all(&zeros).unwrap();
    }
    let bomb = writer.finish().unwrap().into_inner();
    let started = Instant::now();
    let message = zip_error(&bomb);
    assert!(message.contains("unpacks to more than 64.0 MB"), "{message}");
    assert!(started.elapsed().as_secs() < 2, "the bomb is refused from its header, not by unpacking it");

    // 10 MB of zeros is under the size cap but compresses far beyond any journal.
    let dense = day_one_zip(&[("Journal.json", &vec![0u8; 10 * 1024 * 1024])]);
    let message = zip_error(&dense);
    assert!(message.contains("which only a zip bomb is"), "{message}");

    let members =
        read_zip(&day_one_zip(&[("a.json", b"{}"), ("b.txt", b"x")]), "small.zip", |name| name.ends_with(".json"))
            .unwrap();
    assert_eq!(members.len(), 1, "only the wanted members are unpacked");
}

#[test]
fn nothing_is_written_when_a_file_is_refused() {
    let (_dir, mut database) = open_temp();
    database.import(&read(ImportFormat::Jrnl, "jrnl.json"), &ImportOptions::default()).unwrap();
    let before = (all_entries(&mut database).len(), import_rows(&database));
    for (format, bytes) in [
        (ImportFormat::Jrnl, b"{\"entries\": [".to_vec()),
        (ImportFormat::DayOne, day_one_zip(&[("../evil.json", b"{}")])),
        (ImportFormat::Daylio, b"a,b\n1,2\n".to_vec()),
    ] {
        assert!(ParsedImport::from_bytes(format, &bytes, "bad").is_err());
    }
    assert_eq!((all_entries(&mut database).len(), import_rows(&database)), before);
}

/// jrnl entries as `jrnl --export json` writes them, one per minute from 2000-01-01.
fn jrnl_export(count: usize) -> Vec<u8> {
    let entries: Vec<serde_json::Value> = (0..count)
        .map(|index| {
            let minutes = index as i64;
            let day = jiff::civil::date(2000, 1, 1).checked_add(jiff::Span::new().days(minutes / 1440)).unwrap();
            serde_json::json!({
                "title": format!("Entry {index}."),
                "body": "A few sentences about the day, what went wrong and what I will try next time. ".repeat(3),
                "date": day.to_string(),
                "time": format!("{:02}:{:02}", (minutes % 1440) / 60, minutes % 60),
                "tags": ["@work", "@lesson"],
                "starred": index % 10 == 0,
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({ "tags": {}, "entries": entries })).unwrap()
}

#[test]
fn a_jrnl_export_of_100_000_entries_imports_whole_and_reports_its_time() {
    const COUNT: usize = 100_000;
    let (dir, mut database) = open_temp();
    let path = dir.path().join("big.json");
    std::fs::write(&path, jrnl_export(COUNT)).unwrap();

    let started = Instant::now();
    let parsed = ParsedImport::read(ImportFormat::Jrnl, &path).unwrap();
    let parsed_in = started.elapsed();
    let preview = database.import_preview(&parsed, &ImportOptions::default()).unwrap();
    assert_eq!(preview.counts, [count("journal entries", COUNT as u32, 0)]);
    let report = database.import(&parsed, &ImportOptions::default()).unwrap();
    let total = started.elapsed();
    assert_eq!(report.counts, [count("journal entries", COUNT as u32, 0)]);
    let per_entry_ms = total.as_secs_f64() * 1000.0 / COUNT as f64;
    eprintln!(
        "jrnl import of {COUNT} entries: parse {:.2} s, parse + preview + import {:.2} s = {per_entry_ms:.4} ms per entry \
         ({} build)",
        parsed_in.as_secs_f64(),
        total.as_secs_f64(),
        if cfg!(debug_assertions) { "debug" } else { "release" }
    );
    let stored: i64 = database.connection().query_row("SELECT count(*) FROM entries", [], |row| row.get(0)).unwrap();
    assert_eq!(stored, COUNT as i64, "every entry landed");
    // The time is printed, not asserted: the budget (0.1 ms per entry) is proven by
    // `cargo xtask bench` (benches/journal.rs, group import-jrnl).
    let _ = per_entry_ms;
    let again = database.import_preview(&parsed, &ImportOptions::default()).unwrap();
    assert_eq!(again.counts, [count("journal entries", 0, COUNT as u32)], "all are known after the import");
}

// -----------------------------------------------------------------------------------------
// Fuzzing in the normal test suite: no input may panic a parser.
// -----------------------------------------------------------------------------------------

const FORMATS: [ImportFormat; 4] =
    [ImportFormat::Jrnl, ImportFormat::DayOne, ImportFormat::Daylio, ImportFormat::FailingUp];

fn parse_any(bytes: &[u8]) {
    for format in FORMATS {
        // Ok or a clear refusal; a panic fails the property.
        if let Err(error) = ParsedImport::from_bytes(format, bytes, "fuzz") {
            assert!(!error.to_string().is_empty(), "a refusal says something");
        }
    }
}

fn fixture_bytes() -> Vec<Vec<u8>> {
    let mut files: Vec<Vec<u8>> = [
        "jrnl.json",
        "dayone.json",
        "daylio_without_note_title.csv",
        "daylio_with_note_title.csv",
        "daylio_with_scales.csv",
    ]
    .iter()
    .map(|name| std::fs::read(fixture(name)).unwrap())
    .collect();
    files.push(day_one_zip(&[("Journal.json", &files[1].clone())]));
    files
}

fn plan_is_consistent(plan: &ForeignImport) {
    for entry in &plan.entries {
        assert!(!entry.title.contains('\0') && !entry.body.contains('\0'), "no NUL reaches the journal");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_a_parser(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        parse_any(&bytes);
    }

    #[test]
    fn mutated_exports_never_panic_a_parser(
        which in 0usize..6,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = fixture_bytes().swap_remove(which);
        for (at, byte) in edits {
            let index = at.index(bytes.len());
            bytes[index] = byte;
        }
        parse_any(&bytes);
        bytes.truncate(cut.index(bytes.len() + 1));
        parse_any(&bytes);
    }

    #[test]
    fn generated_jrnl_entries_are_imported_or_skipped_with_a_reason(
        title in "\\PC{0,20}",
        body in "(\\PC|\\n|\u{0}){0,40}",
        date in "[0-9]{4}-[0-9]{2}-[0-9]{2}|\\PC{0,12}",
        time in "[0-9]{1,2}:[0-9]{2}( ?[ap]m)?|\\PC{0,6}",
        tags in proptest::collection::vec("[@#]?\\PC{0,70}", 0..4),
        starred in any::<bool>(),
    ) {
        let file = serde_json::json!({"entries": [{"title": title, "body": body, "date": date, "time": time, "tags": tags, "starred": starred}]});
        let plan = foreign::parse(ImportFormat::Jrnl, &serde_json::to_vec(&file).unwrap(), "fuzz.json").unwrap();
        prop_assert_eq!(plan.entries.len() + plan.skipped.len(), 1, "each entry is imported or skipped, never lost");
        plan_is_consistent(&plan);
    }

    #[test]
    fn generated_daylio_rows_are_imported_or_skipped_with_a_reason(
        date in "[0-9]{4}-[0-9]{2}-[0-9]{2}|\\PC{0,12}",
        time in "[0-9]{1,2}:[0-9]{2}( ?[ap]m)?|\\PC{0,6}",
        mood in "\\PC{0,10}",
        note in "(\\PC|<br>|\u{0}){0,30}",
    ) {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(["full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note"]).unwrap();
        writer.write_record([date.as_str(), "", "", time.as_str(), mood.as_str(), "a | b", "", note.as_str()]).unwrap();
        let bytes = writer.into_inner().unwrap();
        let plan = foreign::parse(ImportFormat::Daylio, &bytes, "fuzz.csv").unwrap();
        prop_assert!(plan.check_ins.len() == 1 || !plan.skipped.is_empty(), "the row is a check-in or skipped");
        prop_assert_eq!(plan.entries.len() + plan.skipped.len() <= 2, true);
        plan_is_consistent(&plan);
    }
}
