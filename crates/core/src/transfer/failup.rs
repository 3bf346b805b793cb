//! Importing a Failing Up JSON export (`docs/export-format.md`).
//!
//! Reading a file validates all of it before anything touches the journal: the header (format,
//! format version, schema version), every table and column against the schema the file was
//! exported at, every value's type, and the dates, times and time zones through the same rules
//! core applies to what the user types. The rows are loaded into a private in-memory database
//! at the file's schema version, where SQLite's own constraints (CHECKs, NOT NULL, UNIQUE,
//! foreign keys) check them too, and that database is then migrated to the current schema
//! exactly as an old journal would be. An export from an older version therefore imports like
//! any other.
//!
//! The journal is then written in one transaction, in one of two modes:
//! - **restore**, into a journal with no user content (only what a new journal is seeded
//!   with): the seeded rows are replaced and every row keeps its id, so that the result is the
//!   exported journal itself, settings and identity included;
//! - **merge**, into a journal with content: every record gets a new id (foreign keys are
//!   remapped, table-driven through `PRAGMA foreign_key_list`), the journal keeps its own
//!   settings and reminder history, seeded rows (built-in areas and templates) are matched by
//!   their natural keys, and each record is noted in `import_records` so that a second import
//!   adds nothing.
//!
//! The preview walks exactly the same decisions without writing, so that what it announces is
//! what the import does.
//!
//! Attached files: an export of format version 2 is a zip that holds the JSON and, under
//! `files/<content>`, each attached file once. Importing it streams each file into this
//! journal's store (under this journal's key, so under a new content name) before the rows are
//! written, and the rows are written with the new names. A JSON file alone (version 1, or 2
//! taken out of its zip) carries no files: a merge leaves its attachment rows out, and a
//! restore keeps only those whose file this journal's store already holds (the same computer).

use std::collections::HashMap;

use base64::Engine as _;
use jiff::Timestamp;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use serde::Deserialize;
use serde_json::Value as Json;

use crate::attachments::store::is_fault_of_the_file;
use crate::attachments::{ContentStore, MAX_ATTACHMENT_BYTES};
use crate::clock::Clock;
use crate::db::{latest_schema_version, migrations};
use crate::error::{CoreError, Result, StorageContext};
use crate::local_time::{parse_local_date, parse_time_zone};
use crate::transfer::export::{quote, tables, Table, FORMAT_NAME, FORMAT_VERSION, JOURNAL_ID_SETTING};
use crate::transfer::limits::{media_member, read_member, ArchiveSource, MAX_FAILING_UP_FILE_BYTES};
use crate::transfer::{indexing, ImportCount, ImportFormat, ImportPreview, ImportReport, SkippedItem};

/// Tables whose rows belong to one journal rather than to the user's records: a merge keeps the
/// journal's own, and a restore takes the file's.
const JOURNAL_OWN_TABLES: [&str; 3] = ["settings", "reminder_state", "reminder_deliveries"];
/// Where earlier imports are remembered; merged last, translated to the new ids.
const IMPORT_RECORDS: &str = "import_records";
/// Which records hold which attached file (see the module's comment for where the files come
/// from).
const ATTACHMENTS: &str = "attachments";
/// The JSON inside a version 2 export's zip.
pub const ARCHIVE_JSON_NAME: &str = "failing-up-export.json";
/// The folder of a version 2 export's zip that holds the attached files, each named by the
/// `content` of its rows.
pub const ARCHIVE_FILES_FOLDER: &str = "files";

/// A Failing Up export, read and validated, waiting in memory to be previewed or imported.
pub struct FailingUpImport {
    /// The identity of the journal the file was exported from.
    pub journal_id: String,
    /// The schema version the file was exported at (it has since been migrated to the current
    /// one in memory).
    pub schema_version: i64,
    pub exported_at: String,
    /// The file's rows, at the current schema.
    staging: Connection,
    /// The tables of `staging`, parents first.
    tables: Vec<Table>,
    /// The zip the file came in (format version 2), which holds the attached files, and its
    /// file name for messages.
    archive: Option<(ArchiveSource, String)>,
}

impl std::fmt::Debug for FailingUpImport {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("FailingUpImport")
            .field("journal_id", &self.journal_id)
            .field("schema_version", &self.schema_version)
            .finish_non_exhaustive()
    }
}

/// The header, read first and on its own: a file from a newer Failing Up may be laid out
/// differently, and must be refused for that reason rather than for a confusing detail.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Header {
    format: Option<Json>,
    format_version: Option<Json>,
    schema_version: Option<Json>,
    exported_at: Option<Json>,
    journal_id: Option<Json>,
}

#[derive(Deserialize)]
struct Body {
    tables: Option<HashMap<String, Vec<serde_json::Map<String, Json>>>>,
}

fn invalid(message: String) -> CoreError {
    CoreError::InvalidInput(message)
}

fn json_error(what: &str, error: &serde_json::Error) -> CoreError {
    use serde_json::error::Category;
    match error.classify() {
        Category::Eof => invalid(format!(
            "The file ends too early: its JSON stops in the middle (line {}, column {}). It may have been cut \
             short while copying; export it again.",
            error.line(),
            error.column()
        )),
        Category::Syntax | Category::Io => invalid(format!("The file is not valid JSON: {error}.")),
        Category::Data => invalid(format!("The file's {what} cannot be read: {error}.")),
    }
}

/// Reads and validates a Failing Up export; nothing is written anywhere.
pub fn parse(bytes: &[u8]) -> Result<FailingUpImport> {
    let text = std::str::from_utf8(bytes).map_err(|error| {
        invalid(format!(
            "The file is not valid UTF-8 text (the byte at offset {} cannot be read); a Failing Up export is \
             always UTF-8.",
            error.valid_up_to()
        ))
    })?;
    let header: Header = serde_json::from_str(text).map_err(|error| json_error("header", &error))?;
    let format = header.format.as_ref().and_then(Json::as_str);
    if format != Some(FORMAT_NAME) {
        return Err(invalid(format!(
            "The file is not a Failing Up export: its \"format\" is {}, not \"{FORMAT_NAME}\".",
            header.format.map_or_else(|| "missing".to_owned(), |value| value.to_string())
        )));
    }
    let format_version = header.format_version.as_ref().and_then(Json::as_i64).filter(|version| *version >= 1);
    let Some(format_version) = format_version else {
        return Err(invalid("The file's \"formatVersion\" is missing or not a whole number from 1.".into()));
    };
    if format_version > FORMAT_VERSION {
        return Err(invalid(format!(
            "This export was made by a newer Failing Up (format version {format_version}; this version reads up \
             to {FORMAT_VERSION}). Update Failing Up to import it."
        )));
    }
    let latest = latest_schema_version();
    let schema_version = header.schema_version.as_ref().and_then(Json::as_i64).filter(|version| *version >= 1);
    let Some(schema_version) = schema_version else {
        return Err(invalid("The file's \"schemaVersion\" is missing or not a whole number from 1.".into()));
    };
    if schema_version > latest {
        return Err(invalid(format!(
            "This export was made by a newer Failing Up (schema version {schema_version}; this version \
             understands up to {latest}). Update Failing Up to import it."
        )));
    }
    let journal_id = header.journal_id.as_ref().and_then(Json::as_str).unwrap_or_default().to_owned();
    if journal_id.is_empty()
        || journal_id.len() > 64
        || !journal_id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(invalid(
            "The file's \"journalId\" is missing or malformed (expected up to 64 letters, digits, - or _).".into(),
        ));
    }
    let exported_at = header.exported_at.as_ref().and_then(Json::as_str).unwrap_or_default().to_owned();
    if exported_at.parse::<Timestamp>().is_err() {
        return Err(invalid(format!(
            "The file's \"exportedAt\" ({exported_at:?}) is not a date and time such as 2024-03-05T14:30:00Z."
        )));
    }

    let body: Body = serde_json::from_str(text).map_err(|error| json_error("tables", &error))?;
    let file_tables = body.tables.ok_or_else(|| invalid("The file has no \"tables\": it holds no journal.".into()))?;
    let staging = load(schema_version, file_tables)?;
    let tables = tables(&staging)?;
    Ok(FailingUpImport { journal_id, schema_version, exported_at, staging, tables, archive: None })
}

/// Reads and validates a Failing Up export of format version 2: the zip at `source` (called
/// `file_name`), whose JSON is read here and whose files are streamed in by the import.
pub fn parse_archive(source: ArchiveSource, file_name: &str) -> Result<FailingUpImport> {
    let mut archive = source.open(file_name)?;
    let json =
        read_member(&mut archive, file_name, ARCHIVE_JSON_NAME, MAX_FAILING_UP_FILE_BYTES).map_err(
            |error| match error {
                CoreError::InvalidInput(message) => invalid(format!(
                    "{message} A Failing Up export in a zip holds {ARCHIVE_JSON_NAME}; is this a zip of another kind?"
                )),
                other => other,
            },
        )?;
    let mut import = parse(&json)?;
    import.archive = Some((source, file_name.to_owned()));
    Ok(import)
}

/// Loads the file's tables into a new in-memory journal at `schema_version`, checks them there,
/// and migrates that journal to the current schema.
fn load(schema_version: i64, file_tables: HashMap<String, Vec<serde_json::Map<String, Json>>>) -> Result<Connection> {
    let mut staging = Connection::open_in_memory().context("prepare the import")?;
    let version = usize::try_from(schema_version).unwrap_or(usize::MAX);
    migrations()
        .to_version(&mut staging, version)
        .map_err(|error| invalid(format!("The import could not prepare schema version {schema_version}: {error}.")))?;
    let known = tables(&staging)?;
    let mut names: Vec<&String> = file_tables.keys().collect();
    names.sort();
    if let Some(unknown) = names.iter().find(|name| !known.iter().any(|table| table.name.as_str() == name.as_str())) {
        return Err(invalid(format!(
            "The file has a table “{unknown}” that a Failing Up journal at schema version {schema_version} does \
             not have; it was not made by Failing Up, or was edited."
        )));
    }

    // Rows are loaded parents first, but a row may refer to a later row of its own table (an
    // output goal paired with a learning goal of a higher id); the links are checked once
    // every row is in.
    staging.pragma_update(None, "foreign_keys", "OFF").context("prepare the import")?;
    let transaction = staging.transaction().context("prepare the import")?;
    // The triggers keep derived rows (the search indexes) in step with what is written; the
    // file's rows are copied as they are and nothing derived is read from here, so they only
    // cost time. Later migrations recreate the ones they need.
    let triggers: Vec<String> = transaction
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger'")
        .and_then(|mut statement| statement.query_map([], |row| row.get(0))?.collect())
        .context("prepare the import")?;
    for trigger in triggers {
        transaction.execute(&format!("DROP TRIGGER {}", quote(&trigger)), []).context("prepare the import")?;
    }
    // Tables in the file replace what a new journal is seeded with; tables it leaves out keep
    // their seeded rows, as a journal of that version would have them.
    for table in known.iter().rev().filter(|table| file_tables.contains_key(&table.name)) {
        transaction.execute(&format!("DELETE FROM {}", quote(&table.name)), []).context("prepare the import")?;
    }
    for table in &known {
        let Some(rows) = file_tables.get(&table.name) else { continue };
        for (index, row) in rows.iter().enumerate() {
            insert_file_row(&transaction, table, index + 1, row)?;
        }
    }
    check_foreign_keys(&transaction)?;
    transaction.commit().context("prepare the import")?;
    staging.pragma_update(None, "foreign_keys", "ON").context("prepare the import")?;

    migrations().to_latest(&mut staging).map_err(|error| {
        invalid(format!(
            "The file could not be brought up to this version's schema (from version {schema_version}): {error}."
        ))
    })?;
    Ok(staging)
}

/// Where a row is in the file, for messages: "row 12 (id 40) of the table “entries”".
fn place(table: &Table, number: usize, row: &serde_json::Map<String, Json>) -> String {
    match row.get("id").and_then(Json::as_i64) {
        Some(id) if table.has_id => format!("row {number} (id {id}) of the table “{}”", table.name),
        _ => format!("row {number} of the table “{}”", table.name),
    }
}

fn insert_file_row(
    connection: &Connection,
    table: &Table,
    number: usize,
    row: &serde_json::Map<String, Json>,
) -> Result<()> {
    let mut columns = Vec::with_capacity(row.len());
    let mut values = Vec::with_capacity(row.len());
    for column in &table.columns {
        if let Some(json) = row.get(&column.name) {
            let value = to_sql_value(&column.declared_type, json)
                .and_then(|value| check_domain(&column.name, &value).map(|()| value))
                .map_err(|problem| {
                    invalid(format!("In {}, the column “{}” {problem}", place(table, number, row), column.name))
                })?;
            columns.push(quote(&column.name));
            values.push(value);
        }
    }
    if let Some(unknown) = row.keys().find(|key| table.column(key).is_none()) {
        return Err(invalid(format!(
            "{} has a column “{unknown}” that this table does not have.",
            capitalised(&place(table, number, row))
        )));
    }
    let placeholders = vec!["?"; columns.len()].join(", ");
    let sql = format!("INSERT INTO {} ({}) VALUES ({placeholders})", quote(&table.name), columns.join(", "));
    let mut statement = connection.prepare_cached(&sql).context("prepare the import")?;
    statement.execute(rusqlite::params_from_iter(values.iter())).map_err(|error| {
        invalid(format!("{} breaks the journal's rules: {error}.", capitalised(&place(table, number, row))))
    })?;
    Ok(())
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Converts a JSON value to the SQLite value of a column of `declared_type`, or says what is
/// wrong (completing "the column “x” …").
fn to_sql_value(declared_type: &str, json: &Json) -> std::result::Result<Value, String> {
    let found = |json: &Json| match json {
        Json::Null => "null".to_owned(),
        Json::Bool(_) => "true or false".to_owned(),
        Json::Number(number) => format!("the number {number}"),
        Json::String(_) => "text".to_owned(),
        Json::Array(_) => "a list".to_owned(),
        Json::Object(_) => "an object".to_owned(),
    };
    match (declared_type, json) {
        (_, Json::Null) => Ok(Value::Null),
        ("INTEGER", Json::Number(number)) => {
            number.as_i64().map(Value::Integer).ok_or_else(|| format!("should hold a whole number, not {number}."))
        }
        ("REAL", Json::Number(number)) => {
            number.as_f64().map(Value::Real).ok_or_else(|| format!("should hold a number, not {number}."))
        }
        ("TEXT", Json::String(text)) => {
            if text.contains('\0') {
                Err("contains a NUL character (U+0000), which Failing Up does not store.".to_owned())
            } else {
                Ok(Value::Text(text.clone()))
            }
        }
        ("BLOB", Json::Object(object)) if object.len() == 1 && object.contains_key("base64") => object["base64"]
            .as_str()
            .and_then(|text| base64::engine::general_purpose::STANDARD.decode(text).ok())
            .map(Value::Blob)
            .ok_or_else(|| "should hold {\"base64\": …} with valid base64 text.".to_owned()),
        ("INTEGER", other) => Err(format!("should hold a whole number, not {}.", found(other))),
        ("TEXT", other) => Err(format!("should hold text, not {}.", found(other))),
        (kind, other) => Err(format!("cannot hold {} (its type is {kind}).", found(other))),
    }
}

/// The rules SQLite's CHECKs cannot express, applied by column name as core applies them to
/// what the user types: dates are calendar dates from year 1 to 9999, times are real times of
/// day, zones are known IANA zones, and instants are within the range dates can have.
fn check_domain(column: &str, value: &Value) -> std::result::Result<(), String> {
    match value {
        Value::Text(text) if column == "local_date" || column.ends_with("_on") => {
            let date = parse_local_date(text).map_err(|error| format!("holds “{text}”: {error}"))?;
            if date.to_string() != *text {
                return Err(format!("holds “{text}”, which is not written as YYYY-MM-DD."));
            }
            Ok(())
        }
        Value::Text(text) if column == "local_time" => {
            let valid = text.len() == 5
                && text.as_bytes()[2] == b':'
                && text[..2].parse::<u8>().is_ok_and(|hour| hour < 24)
                && text[3..].parse::<u8>().is_ok_and(|minute| minute < 60);
            if valid {
                Ok(())
            } else {
                Err(format!("holds “{text}”, which is not a time of day written as HH:MM."))
            }
        }
        Value::Text(text) if column == "time_zone" => {
            parse_time_zone(text).map(drop).map_err(|error| format!("holds an unknown time zone: {error}"))
        }
        Value::Integer(milliseconds) if column.ends_with("_at") || column.ends_with("_until") => {
            if Timestamp::from_millisecond(*milliseconds).is_ok_and(|instant| {
                let year = instant.to_zoned(jiff::tz::TimeZone::UTC).year();
                (1..=9999).contains(&year)
            }) {
                Ok(())
            } else {
                Err(format!("holds {milliseconds}, which is not an instant between the years 1 and 9999."))
            }
        }
        _ => Ok(()),
    }
}

fn check_foreign_keys(connection: &Connection) -> Result<()> {
    let mut statement = connection.prepare("PRAGMA foreign_key_check").context("check the file's links")?;
    let first = statement
        .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, Option<i64>>(1)?, row.get::<_, String>(2)?)))
        .context("check the file's links")?
        .next()
        .transpose()
        .context("check the file's links")?;
    match first {
        None => Ok(()),
        Some((table, rowid, parent)) => Err(invalid(format!(
            "A row of the table “{table}”{} refers to a row of “{parent}” that is not in the file.",
            rowid.map(|id| format!(" (id {id})")).unwrap_or_default()
        ))),
    }
}

/// Reads every row of `table`, in primary-key order.
fn read_rows(connection: &Connection, table: &Table) -> Result<Vec<Vec<Value>>> {
    let mut statement = connection.prepare(&table.select_all()).context("read the rows to import")?;
    let width = table.columns.len();
    let rows = statement
        .query_map([], |row| (0..width).map(|index| row.get::<_, Value>(index)).collect::<rusqlite::Result<Vec<_>>>())
        .context("read the rows to import")?;
    rows.collect::<rusqlite::Result<Vec<_>>>().context("read the rows to import")
}

/// True when the journal holds nothing but what a new journal is seeded with, apart from its
/// own settings and reminder bookkeeping (which a fresh install may already have touched).
pub(crate) fn has_no_user_content(connection: &Connection) -> Result<bool> {
    let mut seeded = Connection::open_in_memory().context("compare with a new journal")?;
    migrations()
        .to_latest(&mut seeded)
        .map_err(|error| invalid(format!("A new journal could not be prepared for comparison: {error}.")))?;
    for table in tables(connection)? {
        if JOURNAL_OWN_TABLES.contains(&table.name.as_str()) {
            continue;
        }
        let count = format!("SELECT count(*) FROM {}", quote(&table.name));
        let here: i64 = connection.query_row(&count, [], |row| row.get(0)).context("compare with a new journal")?;
        let fresh: i64 = seeded.query_row(&count, [], |row| row.get(0)).context("compare with a new journal")?;
        if here != fresh || read_rows(connection, &table)? != read_rows(&seeded, &table)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The user's words for the records of a table, for counts; `None` for rows that only come
/// with a record (tags, feelings, answers, links).
fn kind_of(table: &str) -> Option<&'static str> {
    Some(match table {
        "entries" => "journal entries",
        "setbacks" => "setbacks",
        "reflections" => "reflections",
        "lessons" => "lessons",
        "lesson_revisions" => "lesson revisions",
        "revisits" => "lesson revisits",
        "goals" => "goals",
        "goal_check_ins" => "goal check-ins",
        "people" => "people",
        "conversations" => "conversations",
        "daily_check_ins" => "daily check-ins",
        "recovery_check_ins" => "recovery check-ins",
        "brs_results" => "Brief Resilience Scale results",
        "templates" => "reflection templates",
        "areas" => "life areas",
        ATTACHMENTS => "attached files",
        _ => return None,
    })
}

/// The local date a record is filed under, for the preview's date range.
fn date_column(table: &Table) -> Option<usize> {
    ["local_date", "written_on", "held_on", "taken_on"]
        .iter()
        .find_map(|name| table.columns.iter().position(|column| column.name == *name))
}

/// Where a row of the file went, or goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mapped {
    /// Added by this import with this id (a placeholder in a preview).
    New(i64),
    /// Already in the journal with this id.
    Existing(i64),
    /// Imported before and deleted since: not added again.
    Gone,
}

/// What a walk over the file found (and, unless a preview, did).
#[derive(Default)]
struct Outcome {
    counts: Vec<ImportCount>,
    skipped: Vec<SkippedItem>,
    notes: Vec<String>,
    first_date: Option<String>,
    last_date: Option<String>,
}

impl Outcome {
    fn count(&mut self, table: &str, new: bool) {
        let Some(kind) = kind_of(table) else { return };
        let index = match self.counts.iter().position(|count| count.kind == kind) {
            Some(index) => index,
            None => {
                self.counts.push(ImportCount { kind: kind.to_owned(), new: 0, already_imported: 0 });
                self.counts.len() - 1
            }
        };
        if new {
            self.counts[index].new += 1;
        } else {
            self.counts[index].already_imported += 1;
        }
    }

    fn note_date(&mut self, table: &Table, row: &[Value]) {
        let Some(index) = date_column(table) else { return };
        if let Value::Text(date) = &row[index] {
            if self.first_date.as_ref().is_none_or(|first| date < first) {
                self.first_date = Some(date.clone());
            }
            if self.last_date.as_ref().is_none_or(|last| date > last) {
                self.last_date = Some(date.clone());
            }
        }
    }
}

impl FailingUpImport {
    /// What importing into the journal on `connection` would do; writes nothing.
    pub(crate) fn preview(
        &self,
        connection: &mut Connection,
        clock: &dyn Clock,
        store: &ContentStore,
    ) -> Result<ImportPreview> {
        // The walk runs in a transaction that is always rolled back; a preview only reads.
        let transaction = connection.transaction().context("preview the import")?;
        let outcome = self.walk(&transaction, clock, store, true)?;
        transaction.rollback().context("preview the import")?;
        Ok(ImportPreview {
            format: ImportFormat::FailingUp,
            counts: outcome.counts,
            first_date: outcome.first_date,
            last_date: outcome.last_date,
            skipped: outcome.skipped,
            mood_scale: Vec::new(),
            notes: outcome.notes,
        })
    }

    /// Imports into the journal on `connection`, in one transaction, its attached files into
    /// `store`. A file that cannot be brought (missing from the zip, damaged, too large) leaves
    /// its attachments out, listed with the reason; a failure to store one (a full disk) stops
    /// the import with nothing written (files stored before it are referred to by nothing and
    /// go with the next tidy-up).
    pub(crate) fn apply(
        &self,
        connection: &mut Connection,
        clock: &dyn Clock,
        store: &ContentStore,
    ) -> Result<ImportReport> {
        let transaction = connection.transaction().context("import the file")?;
        let outcome = self.walk(&transaction, clock, store, false)?;
        transaction.commit().context("import the file")?;
        Ok(ImportReport { format: ImportFormat::FailingUp, counts: outcome.counts, skipped: outcome.skipped })
    }

    /// Walks the file against the journal on `connection`, whose attached files are in
    /// `store`: a preview writes nothing, an import writes. The attachment rows are first
    /// settled against the files (see [`FailingUpImport::settle_files`]) inside a savepoint of
    /// the staging database, which is always rolled back, so that the same parsed file can be
    /// previewed and imported again.
    fn walk(&self, connection: &Connection, clock: &dyn Clock, store: &ContentStore, preview: bool) -> Result<Outcome> {
        const ACTION: &str = "prepare the attached files";
        self.staging.execute_batch("SAVEPOINT settle_files").context(ACTION)?;
        let walked = self.walk_settled(connection, clock, store, preview);
        self.staging.execute_batch("ROLLBACK TO settle_files; RELEASE settle_files").context(ACTION)?;
        walked
    }

    fn walk_settled(
        &self,
        connection: &Connection,
        clock: &dyn Clock,
        store: &ContentStore,
        preview: bool,
    ) -> Result<Outcome> {
        let mut outcome = Outcome::default();
        if self.schema_version < latest_schema_version() {
            outcome.notes.push(format!(
                "The file was exported by an earlier version of Failing Up (schema version {}); it is brought up \
                 to date as it is imported.",
                self.schema_version
            ));
        }
        let target_tables = tables(connection)?;
        if let Some(table) = self.tables.iter().find(|table| !target_tables.contains(table)) {
            // Both sides are at the latest schema, so this only happens to a damaged journal.
            return Err(invalid(format!(
                "The table “{}” of this journal does not match the current schema; the file was not imported.",
                table.name
            )));
        }
        let restoring = has_no_user_content(connection)?;
        self.settle_files(store, preview, restoring, &mut outcome)?;
        if restoring {
            outcome.notes.push(
                "This journal has no records of its own yet, so the file is restored as it is: every record keeps \
                 its id, and the file's settings replace this journal's."
                    .to_owned(),
            );
            self.restore(connection, preview, &mut outcome)?;
        } else {
            let own_id = journal_id_if_any(connection)?;
            if own_id.as_deref() == Some(self.journal_id.as_str()) {
                outcome.notes.push(
                    "This file was exported from this journal: records that are still here are recognised and not \
                     added again."
                        .to_owned(),
                );
            }
            outcome.notes.push(
                "This journal already has records, so the file's are added beside them with new numbers. The \
                 file's settings and reminder history are not applied: this journal keeps its own."
                    .to_owned(),
            );
            self.merge(connection, clock, own_id.as_deref(), preview, &mut outcome)?;
        }
        Ok(outcome)
    }

    /// Settles the file's attachment rows against the files before the walk, in the staging
    /// database: with the export's zip, each file is looked up in it (a preview) or streamed into
    /// `store` and its rows renamed to the new content (an import); without it, a restore keeps
    /// the rows whose file `store` already holds (a merge leaves them all out, in
    /// [`FailingUpImport::merge`]). Rows whose file cannot be had are dropped and listed.
    fn settle_files(&self, store: &ContentStore, preview: bool, restoring: bool, outcome: &mut Outcome) -> Result<()> {
        const ACTION: &str = "prepare the attached files";
        // Thumbnails are not in the export: this journal makes its own.
        self.staging.execute("UPDATE attachments SET thumbnail = NULL", []).context(ACTION)?;
        let mut statement = self
            .staging
            .prepare("SELECT content, min(file_name), count(*) FROM attachments GROUP BY content ORDER BY content")
            .context(ACTION)?;
        let contents = statement
            .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, i64>(2)?)))
            .context(ACTION)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .context(ACTION)?;
        if contents.is_empty() {
            return Ok(());
        }
        let mut drop_rows = |content: &str, file_name: &str, rows: i64, reason: String| -> Result<()> {
            self.staging.execute("DELETE FROM attachments WHERE content = ?1", [content]).context(ACTION)?;
            let item = if rows == 1 {
                format!("attached file “{file_name}”")
            } else {
                format!("attached file “{file_name}” ({rows} attachments)")
            };
            outcome.skipped.push(SkippedItem { item, reason });
            Ok(())
        };
        let Some((source, archive_name)) = &self.archive else {
            if restoring {
                for (content, file_name, rows) in contents {
                    if !store.contains(&content) {
                        drop_rows(
                            &content,
                            &file_name,
                            rows,
                            "This export holds which records had files attached, not the files themselves, and the \
                             file is not on this computer: import the zip the export came in."
                                .to_owned(),
                        )?;
                    }
                }
            }
            return Ok(());
        };
        let mut archive = source.open(archive_name)?;
        for (content, file_name, rows) in contents {
            let member = format!("{ARCHIVE_FILES_FOLDER}/{content}");
            let brought = match preview {
                true => media_member(&mut archive, archive_name, &member, MAX_ATTACHMENT_BYTES).map(|_| None),
                false => media_member(&mut archive, archive_name, &member, MAX_ATTACHMENT_BYTES).and_then(|opened| {
                    let declared = opened.declared;
                    let stored = store.store_reader(opened.reader, &file_name)?;
                    if stored.size != declared {
                        return Err(invalid(format!(
                            "{member} unpacks to another size than the zip says ({declared} bytes), so the zip \
                                 is damaged."
                        )));
                    }
                    Ok(Some(stored.content))
                }),
            };
            match brought {
                Ok(None) => {}
                Ok(Some(new_content)) => {
                    self.staging
                        .execute(
                            "UPDATE attachments SET content = ?1 WHERE content = ?2",
                            [new_content.as_str(), content.as_str()],
                        )
                        .context(ACTION)?;
                }
                Err(error) if is_fault_of_the_file(&error) => {
                    drop_rows(&content, &file_name, rows, format!("It cannot be brought from the zip: {error}"))?;
                }
                Err(error) => return Err(error),
            }
        }
        Ok(())
    }

    fn restore(&self, connection: &Connection, preview: bool, outcome: &mut Outcome) -> Result<()> {
        let action = "restore the file";
        if !preview {
            // A goal may be paired with a goal of a higher id: links are checked at commit.
            connection.pragma_update(None, "defer_foreign_keys", "ON").context(action)?;
        }
        let mut existing: HashMap<String, Vec<Vec<Value>>> = HashMap::new();
        for table in &self.tables {
            existing.insert(table.name.clone(), read_rows(connection, table)?);
        }
        if !preview {
            for table in self.tables.iter().rev() {
                connection.execute(&format!("DELETE FROM {}", quote(&table.name)), []).context(action)?;
            }
        }
        for table in &self.tables {
            let mut copy_table = || -> Result<()> {
                let seeded = &existing[&table.name];
                let columns = table.columns.iter().map(|column| quote(&column.name)).collect::<Vec<_>>().join(", ");
                let placeholders = vec!["?"; table.columns.len()].join(", ");
                let mut insert = connection
                    .prepare(&format!("INSERT INTO {} ({columns}) VALUES ({placeholders})", quote(&table.name)))
                    .context(action)?;
                for row in read_rows(&self.staging, table)? {
                    let already = seeded.contains(&row);
                    outcome.count(&table.name, !already);
                    if !already {
                        outcome.note_date(table, &row);
                    }
                    if !preview {
                        insert.execute(rusqlite::params_from_iter(row.iter())).context(action)?;
                    }
                }
                Ok(())
            };
            if table.name == "entries" && !preview {
                // Indexed for search in bulk once all are written (see `indexing`).
                indexing::write_entries_then_index(connection, copy_table)?;
            } else {
                copy_table()?;
            }
        }
        if !preview {
            // The journal is now the exported one, and takes its identity even when the file
            // did not carry it in its settings (an export from before settings existed), so
            // that importing the same file again recognises every record.
            connection
                .execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [JOURNAL_ID_SETTING, &self.journal_id],
                )
                .context(action)?;
        }
        Ok(())
    }

    fn merge(
        &self,
        connection: &Connection,
        clock: &dyn Clock,
        own_id: Option<&str>,
        preview: bool,
        outcome: &mut Outcome,
    ) -> Result<()> {
        let action = "merge the file";
        let now = clock.now().as_millisecond();
        let mut maps: HashMap<String, HashMap<i64, Mapped>> = HashMap::new();
        let mut next_placeholder = -1i64;
        let same_journal = own_id == Some(self.journal_id.as_str());

        for table in &self.tables {
            if JOURNAL_OWN_TABLES.contains(&table.name.as_str()) || table.name == IMPORT_RECORDS {
                continue;
            }
            if table.name == ATTACHMENTS && self.archive.is_none() {
                let count: i64 =
                    self.staging.query_row("SELECT count(*) FROM attachments", [], |row| row.get(0)).context(action)?;
                // Into the journal the file came from, they are all still here.
                if count > 0 && !same_journal {
                    outcome.skipped.push(SkippedItem {
                        item: format!("{count} attached file(s)"),
                        reason: "This export holds which records had files attached, not the files themselves: \
                                 import the zip it came in, or attach them again after the import."
                            .to_owned(),
                    });
                }
                continue;
            }
            let name = quote(&table.name);
            let self_references: Vec<usize> = table
                .foreign_keys
                .iter()
                .filter(|key| key.parent_table == table.name)
                .filter_map(|key| table.columns.iter().position(|column| column.name == key.column))
                .collect();
            let mut deferred: Vec<(i64, usize, i64)> = Vec::new();
            let mut map: HashMap<i64, Mapped> = HashMap::new();
            let id_index = table.columns.iter().position(|column| column.name == "id");

            let merge_table = || -> Result<()> {
                for row in read_rows(&self.staging, table)? {
                    let old_id = match (table.has_id, id_index.map(|index| &row[index])) {
                        (true, Some(Value::Integer(id))) => Some(*id),
                        _ => None,
                    };
                    if let Some(old_id) = old_id {
                        let key = format!("{}/{}/{old_id}", self.journal_id, table.name);
                        if let Some(found) = self.find_existing(connection, table, &row, &key, old_id, same_journal)? {
                            map.insert(old_id, found);
                            outcome.count(&table.name, false);
                            continue;
                        }
                    }
                    // Remap every link to a parent; a row whose required parent is gone is left out.
                    let mut values = row.clone();
                    let mut any_parent_new = false;
                    let mut lost_parent: Option<&str> = None;
                    for key in &table.foreign_keys {
                        let Some(index) = table.columns.iter().position(|column| column.name == key.column) else {
                            continue;
                        };
                        let Value::Integer(parent_id) = values[index] else { continue };
                        if key.parent_table == table.name {
                            values[index] = Value::Null;
                            continue;
                        }
                        match maps.get(&key.parent_table).and_then(|parent_map| parent_map.get(&parent_id)) {
                            Some(Mapped::New(id)) => {
                                any_parent_new = true;
                                values[index] = Value::Integer(*id);
                            }
                            Some(Mapped::Existing(id)) => values[index] = Value::Integer(*id),
                            Some(Mapped::Gone) | None => {
                                if table.column(&key.column).is_some_and(|column| column.not_null) {
                                    lost_parent = Some(&key.parent_table);
                                } else {
                                    values[index] = Value::Null;
                                }
                            }
                        }
                    }
                    if let Some(parent) = lost_parent {
                        if let Some(old_id) = old_id {
                            map.insert(old_id, Mapped::Gone);
                            outcome.skipped.push(SkippedItem {
                                item: format!("{} {old_id}", kind_of(&table.name).unwrap_or(&table.name)),
                                reason: format!(
                                    "It belongs to a record of “{parent}” that was deleted from this journal after an \
                                     earlier import."
                                ),
                            });
                        }
                        continue;
                    }
                    let Some(old_id) = old_id else {
                        // A row without its own identity (tags, feelings, answers, links) comes with a
                        // record added now, and is already here with a record that was.
                        let belongs_to_a_new_record = any_parent_new
                            || (table.foreign_keys.is_empty() && !self.row_exists(connection, table, &values)?);
                        if belongs_to_a_new_record && !preview {
                            insert(connection, table, &values, false)?;
                        }
                        continue;
                    };
                    let new_id = if preview {
                        next_placeholder -= 1;
                        next_placeholder
                    } else {
                        let new_id = insert(connection, table, &values, true)?;
                        connection
                            .prepare_cached(
                                "INSERT INTO import_records (source, external_key, entity, local_id, imported_at) \
                                 VALUES ('failup', ?1, ?2, ?3, ?4)",
                            )
                            .and_then(|mut statement| {
                                statement.execute(rusqlite::params![
                                    format!("{}/{}/{old_id}", self.journal_id, table.name),
                                    table.name,
                                    new_id,
                                    now
                                ])
                            })
                            .context(action)?;
                        new_id
                    };
                    for &index in &self_references {
                        if let Value::Integer(parent_id) = row[index] {
                            deferred.push((new_id, index, parent_id));
                        }
                    }
                    map.insert(old_id, Mapped::New(new_id));
                    outcome.count(&table.name, true);
                    outcome.note_date(table, &row);
                }
                if !preview {
                    for (new_id, index, old_parent) in deferred {
                        let parent = match map.get(&old_parent) {
                            Some(Mapped::New(id) | Mapped::Existing(id)) => Value::Integer(*id),
                            _ => Value::Null,
                        };
                        connection
                            .execute(
                                &format!("UPDATE {name} SET {} = ?1 WHERE id = ?2", quote(&table.columns[index].name)),
                                rusqlite::params![parent, new_id],
                            )
                            .context(action)?;
                    }
                }
                Ok(())
            };
            if table.name == "entries" && !preview {
                // Indexed for search in bulk once all are written (see `indexing`).
                indexing::write_entries_then_index(connection, merge_table)?;
            } else {
                merge_table()?;
            }
            maps.insert(table.name.clone(), map);
        }
        if !preview {
            self.merge_import_records(connection, &maps)?;
        }
        Ok(())
    }

    /// Whether a row of the file is already in the journal: noted by an earlier import, the
    /// same record of this very journal, or a row with the same natural key (a built-in area
    /// or template, an area of the same name).
    fn find_existing(
        &self,
        connection: &Connection,
        table: &Table,
        row: &[Value],
        key: &str,
        old_id: i64,
        same_journal: bool,
    ) -> Result<Option<Mapped>> {
        let action = "compare the file with the journal";
        let noted: Option<i64> = connection
            .prepare_cached("SELECT local_id FROM import_records WHERE source = 'failup' AND external_key = ?1")
            .and_then(|mut statement| statement.query_row([key], |found| found.get(0)).optional())
            .context(action)?;
        let exists = |id: i64| -> Result<bool> {
            connection
                .prepare_cached(&format!("SELECT EXISTS (SELECT 1 FROM {} WHERE id = ?1)", quote(&table.name)))
                .and_then(|mut statement| statement.query_row([id], |found| found.get(0)))
                .context(action)
        };
        if let Some(local_id) = noted {
            return Ok(Some(if exists(local_id)? { Mapped::Existing(local_id) } else { Mapped::Gone }));
        }
        if same_journal && exists(old_id)? {
            return Ok(Some(Mapped::Existing(old_id)));
        }
        for unique in &table.unique {
            let indexes: Vec<usize> = unique
                .iter()
                .filter_map(|column| table.columns.iter().position(|candidate| &candidate.name == column))
                .collect();
            if indexes.iter().any(|&index| row[index] == Value::Null) {
                continue;
            }
            let condition =
                unique.iter().map(|column| format!("{} = ?", quote(column))).collect::<Vec<_>>().join(" AND ");
            let found: Option<i64> = connection
                .prepare_cached(&format!("SELECT id FROM {} WHERE {condition}", quote(&table.name)))
                .and_then(|mut statement| {
                    statement
                        .query_row(rusqlite::params_from_iter(indexes.iter().map(|&index| &row[index])), |found| {
                            found.get(0)
                        })
                        .optional()
                })
                .context(action)?;
            if let Some(id) = found {
                return Ok(Some(Mapped::Existing(id)));
            }
        }
        Ok(None)
    }

    fn row_exists(&self, connection: &Connection, table: &Table, values: &[Value]) -> Result<bool> {
        let indexes: Vec<usize> = table
            .primary_key
            .iter()
            .filter_map(|column| table.columns.iter().position(|candidate| &candidate.name == column))
            .collect();
        let condition =
            table.primary_key.iter().map(|column| format!("{} = ?", quote(column))).collect::<Vec<_>>().join(" AND ");
        connection
            .prepare_cached(&format!("SELECT EXISTS (SELECT 1 FROM {} WHERE {condition})", quote(&table.name)))
            .and_then(|mut statement| {
                statement.query_row(rusqlite::params_from_iter(indexes.iter().map(|&index| &values[index])), |found| {
                    found.get(0)
                })
            })
            .context("compare the file with the journal")
    }

    /// Keeps what the file's journal remembered of its own imports (a jrnl or Day One file),
    /// translated to the ids the records have here, so that importing that file here now adds
    /// nothing either.
    fn merge_import_records(
        &self,
        connection: &Connection,
        maps: &HashMap<String, HashMap<i64, Mapped>>,
    ) -> Result<()> {
        let Some(table) = self.tables.iter().find(|table| table.name == IMPORT_RECORDS) else { return Ok(()) };
        for row in read_rows(&self.staging, table)? {
            let get = |name: &str| table.columns.iter().position(|column| column.name == name).map(|index| &row[index]);
            let (Some(Value::Text(entity)), Some(Value::Integer(local_id))) = (get("entity"), get("local_id")) else {
                continue;
            };
            let Some(Mapped::New(id) | Mapped::Existing(id)) = maps.get(entity).and_then(|map| map.get(local_id))
            else {
                continue;
            };
            let mut values = row.clone();
            if let Some(index) = table.columns.iter().position(|column| column.name == "local_id") {
                values[index] = Value::Integer(*id);
            }
            if !self.row_exists(connection, table, &values)? {
                insert(connection, table, &values, false)?;
            }
        }
        Ok(())
    }
}

/// Inserts `values` into `table`; with `new_id`, without the `id` column so that SQLite gives
/// the row a new one, which is returned.
fn insert(connection: &Connection, table: &Table, values: &[Value], new_id: bool) -> Result<i64> {
    let action = "write an imported record";
    let kept: Vec<usize> =
        (0..table.columns.len()).filter(|&index| !(new_id && table.columns[index].name == "id")).collect();
    let columns = kept.iter().map(|&index| quote(&table.columns[index].name)).collect::<Vec<_>>().join(", ");
    let placeholders = vec!["?"; kept.len()].join(", ");
    let mut statement = connection
        .prepare_cached(&format!("INSERT INTO {} ({columns}) VALUES ({placeholders})", quote(&table.name)))
        .context(action)?;
    statement.execute(rusqlite::params_from_iter(kept.iter().map(|&index| &values[index]))).context(action)?;
    Ok(connection.last_insert_rowid())
}

fn journal_id_if_any(connection: &Connection) -> Result<Option<String>> {
    connection
        .query_row("SELECT value FROM settings WHERE key = ?1", [JOURNAL_ID_SETTING], |row| row.get(0))
        .optional()
        .context("read the journal's identity")
}
