//! Imports from other journaling apps (jrnl, Day One, Daylio): choosing the parser for a
//! format, and previewing and applying the plan it makes (the plan and what the parsers share
//! to build it are in `foreign_plan`).
//!
//! A parser turns a file into a [`ForeignImport`]: the records it would add, each with a key
//! that is stable within its source, and what it leaves out and why. Nothing is written
//! then. [`preview`] places every record in time (records without a zone are placed in the
//! user's), compares the keys with `import_records` and reports; [`apply`] does the same and
//! writes the new records in one transaction, noting each key, so that importing the same
//! file again adds nothing.

use std::collections::HashSet;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use rusqlite::{params, Connection};

use super::foreign_plan::same_label;
pub use super::foreign_plan::{
    ForeignAttachment, ForeignCheckIn, ForeignEntry, ForeignImport, ForeignTime, DAYLIO_DEFAULT_MOODS,
};
use super::limits::{media_member, Archive};
use super::{ImportCount, ImportFormat, ImportOptions, ImportPreview, ImportReport, MoodMapping, SkippedItem};
use crate::attachments::media::is_picture;
use crate::attachments::store::is_fault_of_the_file;
use crate::attachments::{attachment_markdown, insert_row, ContentStore, Owner, Stored, MAX_ATTACHMENT_BYTES};
use crate::clock::{time_zone_name, Clock};
use crate::error::{CoreError, Result, StorageContext};
use crate::vault::random_hex;

/// The most skipped records a preview or report lists one by one; the rest are summed up in
/// one line, so that a file of 100,000 broken rows still gives a readable preview.
pub const MAX_SKIPPED_LISTED: usize = 200;

const ENTRIES_KIND: &str = "journal entries";
const ATTACHMENTS_KIND: &str = "attached files";
const CHECK_INS_KIND: &str = "check-ins";

/// Reads `bytes` (the file called `file_name`) as `format` into a plan. A file that is not
/// of that format at all is refused with an error naming the problem; single records that
/// cannot be imported are listed in the plan's `skipped`.
pub fn parse(format: ImportFormat, bytes: &[u8], file_name: &str) -> Result<ForeignImport> {
    match format {
        ImportFormat::Jrnl => super::jrnl::parse(bytes, file_name),
        ImportFormat::DayOne => super::dayone::parse(bytes, file_name),
        ImportFormat::Daylio => super::daylio::parse(bytes, file_name),
        ImportFormat::FailingUp => Err(CoreError::InvalidInput(
            "A Failing Up export is not a foreign import; it is read by the Failing Up importer.".to_owned(),
        )),
    }
}

/// What [`apply`] would do with `plan` now. Writes nothing.
pub fn preview(
    conn: &Connection,
    clock: &dyn Clock,
    plan: &ForeignImport,
    options: &ImportOptions,
) -> Result<ImportPreview> {
    let evaluation = evaluate(conn, clock, plan, options)?;
    Ok(ImportPreview {
        format: plan.format,
        counts: evaluation.counts(plan),
        first_date: evaluation.first_date.map(|date| date.to_string()),
        last_date: evaluation.last_date.map(|date| date.to_string()),
        skipped: listed(evaluation.skipped),
        mood_scale: evaluation.mood_scale,
        notes: evaluation.notes,
    })
}

/// Writes the new records of `plan` in one transaction, noting each in `import_records`:
/// all of them or, if anything fails, none. Their files are streamed from the plan's archive
/// into `store` one at a time; a file that cannot be attached (damaged, not what its name
/// says, too large) is left out and reported, and a failure to store one (a full disk) stops
/// the import with nothing written. Files stored before such a stop are referred to by
/// nothing and go with the next tidy-up.
pub fn apply(
    conn: &mut Connection,
    clock: &dyn Clock,
    plan: &ForeignImport,
    options: &ImportOptions,
    store: &ContentStore,
) -> Result<ImportReport> {
    let mut evaluation = evaluate(conn, clock, plan, options)?;
    let mut archive = match &plan.archive {
        Some((source, file_name)) if evaluation.entries.iter().any(|(entry, _)| !entry.attachments.is_empty()) => {
            Some((source.open(file_name)?, file_name.as_str()))
        }
        _ => None,
    };
    let mut attachments_added = 0u32;
    let mut attachment_skips = Vec::new();
    // Entries of files only, none of which could be attached: not written, so that importing
    // the file again once it is repaired brings them.
    let mut left_out = Vec::new();
    let source = source_name(plan.format);
    let now = clock.now().as_millisecond();
    const ACTION: &str = "save the imported records";
    let transaction = conn.transaction().context("start the import")?;
    {
        let mut insert_entry = transaction
            .prepare_cached(
                "INSERT INTO entries (title, body, local_date, local_time, time_zone, occurred_at, mood, created_at,
                                      updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7, ?7)",
            )
            .context(ACTION)?;
        let mut insert_tag = transaction
            .prepare_cached("INSERT INTO entry_tags (entry_id, position, tag) VALUES (?1, ?2, ?3)")
            .context(ACTION)?;
        let mut insert_check_in = transaction
            .prepare_cached(
                "INSERT INTO daily_check_ins (mood, confidence, energy, note, local_date, local_time, time_zone,
                                              checked_in_at, created_at)
                 VALUES (?1, NULL, NULL, '', ?2, ?3, ?4, ?5, ?6)",
            )
            .context(ACTION)?;
        let mut record = transaction
            .prepare_cached(
                "INSERT INTO import_records (source, external_key, entity, local_id, imported_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .context(ACTION)?;
        // The entries are indexed for search in bulk once all are written (see `indexing`).
        super::indexing::write_entries_then_index(&transaction, || {
            for (index, (entry, placed)) in evaluation.entries.iter().enumerate() {
                let (body, attached) = match &mut archive {
                    Some((archive, file_name)) => bring_files(store, archive, file_name, entry, &mut attachment_skips)?,
                    None => (entry.body.clone(), Vec::new()),
                };
                if entry.title.is_empty() && body.trim().is_empty() {
                    attachment_skips.push(SkippedItem {
                        item: entry.item.clone(),
                        reason: "It has no text, and none of its files could be attached.".to_owned(),
                    });
                    left_out.push(index);
                    continue;
                }
                insert_entry
                    .execute(params![
                        entry.title,
                        body,
                        placed.local_date,
                        placed.local_time,
                        placed.time_zone,
                        placed.instant,
                        now
                    ])
                    .context(ACTION)?;
                let id = transaction.last_insert_rowid();
                for (position, tag) in entry.tags.iter().enumerate() {
                    insert_tag.execute(params![id, position as i64, tag]).context(ACTION)?;
                }
                for (reference, stored, attachment) in attached {
                    insert_row(&transaction, Owner::Entry(id), &stored, &attachment.file_name, &reference, now)?;
                    attachments_added += 1;
                }
                record.execute(params![source, entry.key, "entries", id, now]).context(ACTION)?;
            }
            Ok(())
        })?;
        for (check_in, placed, mood) in &evaluation.check_ins {
            insert_check_in
                .execute(params![mood, placed.local_date, placed.local_time, placed.time_zone, placed.instant, now])
                .context(ACTION)?;
            let id = transaction.last_insert_rowid();
            record.execute(params![source, check_in.key, "daily_check_ins", id, now]).context(ACTION)?;
        }
    }
    transaction.commit().context("finish the import")?;
    evaluation.attachments = attachments_added;
    evaluation.skipped.extend(attachment_skips);
    let mut index = 0;
    evaluation.entries.retain(|_| {
        index += 1;
        !left_out.contains(&(index - 1))
    });
    Ok(ImportReport { format: plan.format, counts: evaluation.counts(plan), skipped: listed(evaluation.skipped) })
}

/// A file stored for an entry that is about to be written: its new reference, the stored
/// content, and what the plan said of it.
type FileToAttach<'plan> = (String, Stored, &'plan ForeignAttachment);

/// The body of `entry` with each of its files streamed from `archive` into `store` and its
/// placeholder replaced by a link to it, and the files to attach to it once it is written. A
/// file that cannot be attached is left out (its placeholder removed) and listed in `skips`.
fn bring_files<'plan>(
    store: &ContentStore,
    archive: &mut Archive,
    file_name: &str,
    entry: &'plan ForeignEntry,
    skips: &mut Vec<SkippedItem>,
) -> Result<(String, Vec<FileToAttach<'plan>>)> {
    let mut body = entry.body.clone();
    let mut attached = Vec::new();
    for attachment in &entry.attachments {
        let link = match stream_into(store, archive, file_name, attachment) {
            Ok(stored) => {
                let reference = random_hex(16)?;
                let link = attachment_markdown(&attachment.file_name, &reference, is_picture(stored.media_type));
                attached.push((reference, stored, attachment));
                link
            }
            Err(error) if is_fault_of_the_file(&error) => {
                skips.push(SkippedItem {
                    item: attachment.item.clone(),
                    reason: format!("It was not attached: {}", error_sentence(&error)),
                });
                String::new()
            }
            Err(error) => return Err(error),
        };
        body = body.replace(&attachment.placeholder, &link);
    }
    Ok((body.trim().to_owned(), attached))
}

/// Streams one file of the archive into the store, checking that it unpacks to the size the
/// zip declares.
fn stream_into(
    store: &ContentStore,
    archive: &mut Archive,
    file_name: &str,
    attachment: &ForeignAttachment,
) -> Result<Stored> {
    let member = media_member(archive, file_name, &attachment.member, MAX_ATTACHMENT_BYTES)?;
    let stored = store.store_reader(member.reader, &attachment.file_name)?;
    if stored.size != member.declared {
        return Err(CoreError::InvalidInput(format!(
            "{} unpacks to another size than the zip says ({} bytes), so the zip is damaged.",
            attachment.member, member.declared
        )));
    }
    Ok(stored)
}

/// An error's message as the end of a sentence.
fn error_sentence(error: &CoreError) -> String {
    let message = error.to_string();
    if message.ends_with('.') {
        message
    } else {
        format!("{message}.")
    }
}

/// The word `import_records.source` keeps for a format.
fn source_name(format: ImportFormat) -> &'static str {
    match format {
        ImportFormat::FailingUp => "failup",
        ImportFormat::Jrnl => "jrnl",
        ImportFormat::DayOne => "dayone",
        ImportFormat::Daylio => "daylio",
    }
}

/// A record placed in time.
#[derive(Debug, Clone)]
struct Placed {
    date: Date,
    local_date: String,
    local_time: String,
    time_zone: String,
    instant: i64,
}

/// What importing the plan would do now: the new records placed in time, the rest counted or
/// skipped.
struct Evaluation<'plan> {
    entries: Vec<(&'plan ForeignEntry, Placed)>,
    check_ins: Vec<(&'plan ForeignCheckIn, Placed, u8)>,
    entries_already: u32,
    check_ins_already: u32,
    /// The files the new entries would bring (in a report: the files they brought).
    attachments: u32,
    skipped: Vec<SkippedItem>,
    mood_scale: Vec<MoodMapping>,
    notes: Vec<String>,
    first_date: Option<Date>,
    last_date: Option<Date>,
}

impl Evaluation<'_> {
    fn counts(&self, plan: &ForeignImport) -> Vec<ImportCount> {
        let mut counts = vec![ImportCount {
            kind: ENTRIES_KIND.to_owned(),
            new: self.entries.len() as u32,
            already_imported: self.entries_already,
        }];
        if plan.archive.is_some() {
            counts.push(ImportCount { kind: ATTACHMENTS_KIND.to_owned(), new: self.attachments, already_imported: 0 });
        }
        if plan.format == ImportFormat::Daylio {
            counts.push(ImportCount {
                kind: CHECK_INS_KIND.to_owned(),
                new: self.check_ins.len() as u32,
                already_imported: self.check_ins_already,
            });
        }
        counts
    }

    fn widen_range(&mut self, date: Date) {
        self.first_date = Some(self.first_date.map_or(date, |first| first.min(date)));
        self.last_date = Some(self.last_date.map_or(date, |last| last.max(date)));
    }
}

fn evaluate<'plan>(
    conn: &Connection,
    clock: &dyn Clock,
    plan: &'plan ForeignImport,
    options: &ImportOptions,
) -> Result<Evaluation<'plan>> {
    let source = source_name(plan.format);
    let known = known_keys(conn, source)?;
    let user_zone = clock.time_zone();
    let mood_scale = mood_scale(plan, options)?;
    let mut evaluation = Evaluation {
        entries: Vec::new(),
        check_ins: Vec::new(),
        entries_already: 0,
        check_ins_already: 0,
        attachments: 0,
        skipped: plan.skipped.clone(),
        mood_scale: Vec::new(),
        notes: plan.notes.clone(),
        first_date: None,
        last_date: None,
    };

    let mut placed_in_user_zone = 0usize;
    for entry in &plan.entries {
        if known.contains(&entry.key) {
            evaluation.entries_already += 1;
            continue;
        }
        if matches!(entry.when, ForeignTime::Instant { zone: None, .. }) {
            placed_in_user_zone += 1;
        }
        match place(&entry.when, &user_zone) {
            Ok(placed) => {
                evaluation.widen_range(placed.date);
                evaluation.attachments += entry.attachments.len() as u32;
                evaluation.entries.push((entry, placed));
            }
            Err(reason) => evaluation.skipped.push(SkippedItem { item: entry.item.clone(), reason }),
        }
    }
    if placed_in_user_zone > 0 {
        evaluation.notes.push(format!(
            "{} has no usable time zone in the file; {} dated in your current time zone ({}).",
            count_phrase(placed_in_user_zone, "entry", "entries"),
            if placed_in_user_zone == 1 { "it is" } else { "they are" },
            time_zone_name(&user_zone)
        ));
    }

    let mut unmapped: Vec<(String, usize)> = Vec::new();
    for check_in in &plan.check_ins {
        if known.contains(&check_in.key) {
            evaluation.check_ins_already += 1;
            continue;
        }
        let mood = mood_scale.iter().find(|mapping| same_label(&mapping.label, &check_in.mood_label));
        let Some(mood) = mood.map(|mapping| mapping.mood).filter(|mood| *mood != 0) else {
            match unmapped.iter_mut().find(|(label, _)| same_label(label, &check_in.mood_label)) {
                Some((_, count)) => *count += 1,
                None => unmapped.push((check_in.mood_label.clone(), 1)),
            }
            evaluation.skipped.push(SkippedItem {
                item: check_in.item.clone(),
                reason: format!(
                    "The mood “{}” is not mapped to the 1–10 scale, so this check-in is left out.",
                    check_in.mood_label
                ),
            });
            continue;
        };
        match place(&check_in.when, &user_zone) {
            Ok(placed) => {
                evaluation.widen_range(placed.date);
                evaluation.check_ins.push((check_in, placed, mood));
            }
            Err(reason) => evaluation.skipped.push(SkippedItem { item: check_in.item.clone(), reason }),
        }
    }
    for (label, count) in unmapped {
        evaluation.notes.push(format!(
            "The mood “{label}” has no place on the 1–10 scale yet; map it to import its {}.",
            count_phrase(count, "check-in", "check-ins")
        ));
    }
    evaluation.mood_scale = mood_scale;
    Ok(evaluation)
}

/// The mapping the import uses for each mood label of the file: the user's, else Daylio's
/// default, else 0 (not mapped: those check-ins are skipped). A mapping outside 1–10 is
/// refused, since it would silently store a mood the scale does not have.
fn mood_scale(plan: &ForeignImport, options: &ImportOptions) -> Result<Vec<MoodMapping>> {
    for mapping in &options.mood_scale {
        if !(1..=10).contains(&mapping.mood) {
            return Err(CoreError::InvalidInput(format!(
                "The mood “{}” is mapped to {}; choose a number from 1 to 10.",
                mapping.label, mapping.mood
            )));
        }
    }
    Ok(plan
        .mood_labels
        .iter()
        .map(|label| {
            let chosen = options.mood_scale.iter().find(|mapping| same_label(&mapping.label, label));
            let default = DAYLIO_DEFAULT_MOODS.iter().find(|(name, _)| same_label(name, label));
            let mood = chosen.map(|mapping| mapping.mood).or(default.map(|(_, mood)| *mood)).unwrap_or(0);
            MoodMapping { label: label.clone(), mood }
        })
        .collect())
}

/// The keys a source has already imported. One query for all of them: an import of 100,000
/// records would otherwise make 100,000 lookups.
fn known_keys(conn: &Connection, source: &str) -> Result<HashSet<String>> {
    const ACTION: &str = "read what was imported before";
    let mut statement =
        conn.prepare_cached("SELECT external_key FROM import_records WHERE source = ?1").context(ACTION)?;
    let keys = statement.query_map([source], |row| row.get::<_, String>(0)).context(ACTION)?;
    keys.collect::<rusqlite::Result<HashSet<_>>>().context(ACTION)
}

/// Places a record in time, or says why it cannot be.
fn place(when: &ForeignTime, user_zone: &TimeZone) -> std::result::Result<Placed, String> {
    let zoned = match when {
        ForeignTime::Local(local) => local.to_zoned(user_zone.clone()),
        ForeignTime::Instant { at, zone } => Ok(at.to_zoned(zone.clone().unwrap_or_else(|| user_zone.clone()))),
    }
    .map_err(|error| format!("Its date and time cannot be placed in a time zone: {error}."))?;
    let date = zoned.date();
    if !(1..=9999).contains(&date.year()) {
        return Err(format!("Its date ({date}) is outside the years Failing Up can record (1 to 9999)."));
    }
    Ok(Placed {
        date,
        local_date: date.to_string(),
        local_time: format!("{:02}:{:02}", zoned.hour(), zoned.minute()),
        time_zone: time_zone_name(zoned.time_zone()),
        instant: zoned.timestamp().as_millisecond(),
    })
}

fn listed(mut skipped: Vec<SkippedItem>) -> Vec<SkippedItem> {
    if skipped.len() > MAX_SKIPPED_LISTED {
        let more = skipped.len() - MAX_SKIPPED_LISTED;
        skipped.truncate(MAX_SKIPPED_LISTED);
        skipped.push(SkippedItem {
            item: format!("{more} more"),
            reason: "Left out as well, for reasons like those above.".to_owned(),
        });
    }
    skipped
}

fn count_phrase(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}
