//! Sync through a folder that a file-sync tool keeps in step between the user's computers
//! (Syncthing, Nextcloud, Dropbox, a USB stick): no server, and no network code in the app.
//!
//! The live journal never goes into that folder. Each computer writes only its own numbered,
//! encrypted change files there (`files`) and reads the others'; the changes are operations on
//! the journal's cells that merge the same way on every computer whatever order they arrive
//! in, and that never drop the user's writing (`engine`); what syncs, and how a row is named
//! the same everywhere, is `model`. `docs/sync.md` is the user's account of it.
//!
//! A computer starts a sync group ([`Database::start_sync`]) and gets a pairing code; another
//! joins it with that code ([`Database::join_sync`]). [`Database::sync_now`] then does one
//! round: note what changed here, read what the others wrote, merge, and write this computer's
//! new changes. The shell calls it when the folder changes and after local changes.

mod engine;
mod files;
mod model;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use ts_rs::TS;

pub use files::{CHANGE_FILE_VERSION, SYNC_DIR_NAME, SYNC_KEY_FILE_NAME};

use crate::db::Database;
use crate::error::{CoreError, Result, StorageContext};
use crate::vault::{random_hex, DatabaseKey, KeyFile, PassphraseKey};
use engine::{Op, OpSource};
use files::{ChangeFile, Read};

/// One other computer in the sync group, as Settings lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncComputer {
    pub name: String,
    /// When its newest change file read here was written, Unix milliseconds (UTC).
    #[ts(type = "number")]
    pub last_write: i64,
}

/// Where sync stands, for Settings → Sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    /// The folder chosen, or `None` while sync is off.
    pub folder: Option<String>,
    pub this_computer: Option<String>,
    /// The code another computer joins with.
    pub pairing_code: Option<String>,
    pub computers: Vec<SyncComputer>,
    /// Records whose changes wait for something (a record they belong to, or a rule of the
    /// journal the merged record breaks), with why.
    pub waiting: Vec<String>,
    /// Files that could not be applied, each with why.
    pub problems: Vec<String>,
    /// How many texts have two versions to choose from.
    pub conflicts: usize,
}

/// What one round of sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    /// Changes from other computers applied here.
    pub received: usize,
    /// Changes of this computer written to the folder.
    pub sent: usize,
    /// Change files still being copied by the sync tool, left for the next round.
    pub incomplete_files: usize,
    /// Files that could not be applied, each with why (damaged, or from a newer version).
    pub problems: Vec<String>,
}

/// A text written differently on two computers while they were apart: every version is kept
/// until the user chooses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncConflict {
    /// The table and the row's sync name, to choose with ([`Database::choose_sync_version`]).
    pub table: String,
    pub row: String,
    pub column: String,
    /// The local id of the record, when the row is one (an entry, a setback …).
    #[ts(type = "number | null")]
    pub record_id: Option<i64>,
    /// What the record is called (its title, or the start of its text), to tell it by.
    pub record_title: Option<String>,
    /// The versions, the one shown first.
    pub versions: Vec<SyncVersion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncVersion {
    pub text: String,
    /// The computer that wrote it.
    pub computer: String,
}

/// How many change files this computer keeps in the folder before folding them into one: a
/// sync tool copes with thousands, but each is a file to list and open on every computer.
const COMPACT_AFTER_FILES: usize = 64;

/// Sync's settings and record identities, carried from a journal to the backup restored over
/// it.
pub(crate) struct SyncCarry {
    local: Local,
    key_id: String,
    identities: Vec<(String, i64, String)>,
}

/// This computer's sync settings, in `sync_local`.
struct Local {
    folder: PathBuf,
    device: String,
    device_name: String,
    key: DatabaseKey,
    pairing_code: Option<String>,
}

const FOLDER: &str = "folder";
const DEVICE: &str = "device";
const DEVICE_NAME: &str = "device_name";
const KEY: &str = "key";
/// The id of the sync key in the folder's `sync.key`: how a moved folder is recognised.
const KEY_ID: &str = "key_id";
const PAIRING_CODE: &str = "pairing_code";
const COUNTER: &str = "counter";
const HLC: &str = "hlc";
const WRITTEN: &str = "written";

fn get(connection: &Connection, key: &str) -> Result<Option<String>> {
    connection
        .query_row("SELECT value FROM sync_local WHERE key = ?1", [key], |row| row.get(0))
        .optional()
        .context("read the sync settings")
}

fn set(connection: &Connection, key: &str, value: &str) -> Result<()> {
    connection
        .execute("INSERT OR REPLACE INTO sync_local (key, value) VALUES (?1, ?2)", (key, value))
        .context("save the sync settings")?;
    Ok(())
}

fn get_number(connection: &Connection, key: &str) -> Result<i64> {
    Ok(get(connection, key)?.and_then(|value| value.parse().ok()).unwrap_or(0))
}

impl Local {
    fn load(connection: &Connection) -> Result<Option<Self>> {
        let Some(folder) = get(connection, FOLDER)? else { return Ok(None) };
        let damaged = || {
            CoreError::InvalidInput("This journal's sync settings are incomplete; turn sync off and on again.".into())
        };
        let key = get(connection, KEY)?.and_then(|hex| DatabaseKey::from_hex(&hex)).ok_or_else(damaged)?;
        Ok(Some(Local {
            folder: PathBuf::from(folder),
            device: get(connection, DEVICE)?.ok_or_else(damaged)?,
            device_name: get(connection, DEVICE_NAME)?.unwrap_or_default(),
            key,
            pairing_code: get(connection, PAIRING_CODE)?,
        }))
    }
}

/// Numbers this computer's operations and stamps them with a hybrid logical clock: never
/// behind the wall clock, never behind anything seen from another computer, always rising.
struct Stamps<'a> {
    connection: &'a Connection,
    device: String,
    now_ms: i64,
}

impl OpSource for Stamps<'_> {
    fn next(&mut self) -> Result<(String, i64, i64)> {
        let counter = get_number(self.connection, COUNTER)? + 1;
        let hlc = (self.now_ms << 16).max(get_number(self.connection, HLC)? + 1);
        set(self.connection, COUNTER, &counter.to_string())?;
        set(self.connection, HLC, &hlc.to_string())?;
        Ok((self.device.clone(), counter, hlc))
    }
}

/// A pairing code: 20 letters and digits that cannot be misread (no 0/O, 1/I/L), about 100
/// bits, in groups of four.
fn new_pairing_code() -> Result<String> {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let mut bytes = [0u8; 20];
    crate::vault::fill_random(&mut bytes)?;
    let letters: Vec<char> = bytes.iter().map(|byte| ALPHABET[*byte as usize % ALPHABET.len()] as char).collect();
    Ok(letters.chunks(4).map(|group| group.iter().collect::<String>()).collect::<Vec<_>>().join("-"))
}

fn normalise_pairing_code(code: &str) -> String {
    let letters: String = code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect();
    letters.as_bytes().chunks(4).map(|group| String::from_utf8_lossy(group).into_owned()).collect::<Vec<_>>().join("-")
}

fn check_folder(folder: &Path) -> Result<()> {
    if !folder.is_dir() {
        return Err(CoreError::InvalidInput(format!(
            "The sync folder {} is not a folder that can be reached; choose the folder your sync tool keeps in step.",
            folder.display()
        )));
    }
    Ok(())
}

impl Database {
    /// Starts a new sync group in `folder` for this journal, naming this computer
    /// `computer_name`, and returns the pairing code the other computers join with. Everything
    /// in the journal is written to the folder (encrypted) at once.
    pub fn start_sync(&mut self, folder: &Path, computer_name: &str) -> Result<String> {
        check_folder(folder)?;
        let key_path = files::sync_dir(folder).join(SYNC_KEY_FILE_NAME);
        if key_path.exists() {
            return Err(CoreError::InvalidInput(format!(
                "{} already holds a Failing Up journal's sync; to add this computer to it, join it with its pairing \
                 code instead.",
                folder.display()
            )));
        }
        let code = new_pairing_code()?;
        let key = DatabaseKey::generate()?;
        let wrapped = PassphraseKey::derive_new(&code)?.wrap(&key, &random_hex(8)?)?;
        let key_id = wrapped.key_id.clone();
        std::fs::create_dir_all(files::sync_dir(folder)).map_err(|source| CoreError::Io {
            action: "create the sync folder",
            path: files::sync_dir(folder),
            source,
        })?;
        wrapped.write(&key_path)?;
        self.turn_sync_on(folder, computer_name, &key, &key_id, Some(&code))?;
        self.sync_now()?;
        Ok(code)
    }

    /// Joins the sync group in `folder` with the pairing code shown on a computer already in
    /// it; this journal's records are merged with the group's.
    pub fn join_sync(&mut self, folder: &Path, pairing_code: &str, computer_name: &str) -> Result<SyncReport> {
        check_folder(folder)?;
        let key_path = files::sync_dir(folder).join(SYNC_KEY_FILE_NAME);
        let Some(wrapped) = KeyFile::read(&key_path)? else {
            return Err(CoreError::InvalidInput(format!(
                "{} holds no Failing Up sync yet: start sync on the first computer, wait for your sync tool to copy \
                 the folder here, then join.",
                folder.display()
            )));
        };
        let code = normalise_pairing_code(pairing_code);
        let key = wrapped.unwrap_key(&code).map_err(|error| match error {
            CoreError::WrongPassphrase => CoreError::InvalidInput(
                "That pairing code does not open this sync folder; check it on the other computer (Settings → Sync)."
                    .into(),
            ),
            other => other,
        })?;
        self.turn_sync_on(folder, computer_name, &key, &wrapped.key_id, Some(&code))?;
        self.sync_now()
    }

    fn turn_sync_on(
        &mut self,
        folder: &Path,
        computer_name: &str,
        key: &DatabaseKey,
        key_id: &str,
        code: Option<&str>,
    ) -> Result<()> {
        let name = computer_name.trim();
        if name.is_empty() {
            return Err(CoreError::InvalidInput("Give this computer a name, so the others can tell it apart.".into()));
        }
        let device = random_hex(16)?;
        let transaction = self.connection.transaction().context("turn sync on")?;
        for table in
            ["sync_ops", "sync_replaced", "sync_dirty", "sync_pending", "sync_files", "sync_devices", "sync_local"]
        {
            transaction.execute(&format!("DELETE FROM {table}"), []).context("turn sync on")?;
        }
        set(&transaction, FOLDER, &folder.to_string_lossy())?;
        set(&transaction, DEVICE, &device)?;
        set(&transaction, DEVICE_NAME, name)?;
        set(&transaction, KEY, &key.to_hex())?;
        set(&transaction, KEY_ID, key_id)?;
        if let Some(code) = code {
            set(&transaction, PAIRING_CODE, code)?;
        }
        engine::mark_all(&transaction)?;
        transaction.commit().context("turn sync on")?;
        engine::install_triggers(&self.connection)?;
        Ok(())
    }

    /// Follows the sync folder to a new place (the user moved it, or the sync tool keeps it
    /// elsewhere on this computer): `folder` must hold this journal's sync group.
    pub fn move_sync_folder(&mut self, folder: &Path) -> Result<()> {
        if Local::load(&self.connection)?.is_none() {
            return Err(CoreError::InvalidInput("Sync is off; choose a sync folder in Settings → Sync first.".into()));
        }
        check_folder(folder)?;
        let key_path = files::sync_dir(folder).join(SYNC_KEY_FILE_NAME);
        let found = KeyFile::read(&key_path)?.map(|file| file.key_id);
        if found.is_none() || found != get(&self.connection, KEY_ID)? {
            return Err(CoreError::InvalidInput(format!(
                "{} does not hold this journal's sync; choose the folder your sync tool keeps in step with your other \
                 computers.",
                folder.display()
            )));
        }
        set(&self.connection, FOLDER, &folder.to_string_lossy())
    }

    /// What a restore carries from the journal it replaces, while sync is on: the group it
    /// is in and the identities of its records.
    pub(crate) fn sync_to_carry(&self) -> Result<Option<SyncCarry>> {
        let Some(local) = Local::load(&self.connection)? else { return Ok(None) };
        let identities = self
            .connection
            .prepare("SELECT tbl, local_id, uid FROM sync_rows")
            .and_then(|mut statement| {
                statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?.collect()
            })
            .context("read the sync state")?;
        let key_id = get(&self.connection, KEY_ID)?.unwrap_or_default();
        Ok(Some(SyncCarry { local, key_id, identities }))
    }

    /// After a restore: the restored journal takes part in the same group as a new computer,
    /// with what it holds — so the restore reaches the other computers, and what they wrote
    /// since is kept. Its records keep the identities they had (from the backup where it has
    /// them, else from the journal it replaced, whose ids are the same records'), so that
    /// nothing comes back twice.
    pub(crate) fn resume_sync_after_restore(&mut self, carried: SyncCarry) -> Result<()> {
        let transaction = self.connection.transaction().context("keep sync on after the restore")?;
        for (table, local_id, uid) in &carried.identities {
            transaction
                .execute(
                    "INSERT OR IGNORE INTO sync_rows (tbl, local_id, uid) VALUES (?1, ?2, ?3)",
                    (table, local_id, uid),
                )
                .context("keep sync on after the restore")?;
        }
        transaction.commit().context("keep sync on after the restore")?;
        let SyncCarry { local, key_id, .. } = carried;
        self.turn_sync_on(&local.folder, &local.device_name, &local.key, &key_id, local.pairing_code.as_deref())
    }

    /// Turns sync off on this computer: the folder and the other computers are left as they are.
    pub fn stop_sync(&mut self) -> Result<()> {
        engine::drop_triggers(&self.connection)?;
        let transaction = self.connection.transaction().context("turn sync off")?;
        for table in [
            "sync_ops",
            "sync_replaced",
            "sync_dirty",
            "sync_pending",
            "sync_files",
            "sync_devices",
            "sync_local",
            "sync_rows",
        ] {
            transaction.execute(&format!("DELETE FROM {table}"), []).context("turn sync off")?;
        }
        transaction.commit().context("turn sync off")
    }

    /// Called when the journal is opened: watches for changes if sync is on.
    pub(crate) fn resume_sync(&self) -> Result<()> {
        if get(&self.connection, FOLDER)?.is_some() {
            engine::install_triggers(&self.connection)?;
        }
        Ok(())
    }

    /// One round of sync: captures this computer's changes, applies every complete change file
    /// of the others not applied yet, and writes this computer's new changes to the folder.
    pub fn sync_now(&mut self) -> Result<SyncReport> {
        let Some(local) = Local::load(&self.connection)? else {
            return Err(CoreError::InvalidInput("Sync is off; choose a sync folder in Settings → Sync first.".into()));
        };
        check_folder(&local.folder)?;
        // A round runs a few statements per synced table, over and over: all stay prepared.
        self.connection.set_prepared_statement_cache_capacity(256);
        let now_ms = self.clock.now().as_millisecond();
        let mut report = SyncReport::default();

        // A journal behind its own change files was restored from a backup (or copied back by
        // hand): what it knew of the group is older than what the group knows of it. It takes
        // part again as a new computer with what it holds now, so that the restore is a change
        // that syncs and nothing written since, here or elsewhere, is lost (docs/sync.md).
        let in_folder = files::last_written_counter(&local.folder, &local.device)?;
        if in_folder > get_number(&self.connection, WRITTEN)? {
            let key_id = get(&self.connection, KEY_ID)?.unwrap_or_default();
            let (folder, name, key, code) =
                (local.folder.clone(), local.device_name.clone(), local.key, local.pairing_code);
            self.turn_sync_on(&folder, &name, &key, &key_id, code.as_deref())?;
            return self.sync_now();
        }

        let found = files::list_change_files(&local.folder, &local.device)?;
        let bridge = self.files_bridge(&local);
        let transaction = self.connection.transaction().context("sync")?;
        engine::capture(
            &transaction,
            &mut Stamps { connection: &transaction, device: local.device.clone(), now_ms },
            Some(&bridge),
        )?;
        for file in found {
            let seen: Option<(i64, String)> = transaction
                .query_row(
                    "SELECT size, status FROM sync_files WHERE device = ?1 AND name = ?2",
                    (&file.device, &file.name),
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()
                .context("sync")?;
            // A file read before is read again only if it changed size (the sync tool was
            // still copying it), or it was from a newer version (this one may now read it).
            if let Some((size, status)) = &seen {
                if *size as u64 == file.size && status != "newer" {
                    if status != "applied" {
                        report.problems.push(problem_text(&file.device, &file.name, status));
                    }
                    continue;
                }
            }
            let bytes = match std::fs::read(&file.path) {
                Ok(bytes) => bytes,
                // Folded into a newer file by its computer, and removed since it was listed.
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
                Err(source) => {
                    return Err(CoreError::Io { action: "read a change file", path: file.path.clone(), source })
                }
            };
            let status = match files::read_change_file(&bytes, &local.key, &file.device, &file.name) {
                Read::Incomplete => {
                    report.incomplete_files += 1;
                    continue;
                }
                Read::Opened(change) => {
                    let max_hlc = change.ops.iter().map(|op| op.hlc).max().unwrap_or(0);
                    if max_hlc > get_number(&transaction, HLC)? {
                        set(&transaction, HLC, &max_hlc.to_string())?;
                    }
                    report.received += engine::apply(&transaction, &change.ops, Some(&bridge))?;
                    transaction
                        .execute(
                            "INSERT INTO sync_devices (device, name, last_write) VALUES (?1, ?2, ?3)
                             ON CONFLICT (device) DO UPDATE SET name = excluded.name,
                                 last_write = max(last_write, excluded.last_write)",
                            (&file.device, &change.device_name, change.written_at),
                        )
                        .context("sync")?;
                    "applied".to_owned()
                }
                Read::Damaged(reason) => {
                    let status = format!("damaged: {reason}");
                    report.problems.push(problem_text(&file.device, &file.name, &status));
                    status
                }
                Read::Newer(version) => {
                    report.problems.push(problem_text(&file.device, &file.name, &format!("newer: {version}")));
                    format!("newer: {version}")
                }
            };
            let stored_status = status.split(':').next().unwrap_or("damaged").to_owned();
            transaction
                .execute(
                    "INSERT OR REPLACE INTO sync_files (device, name, size, status) VALUES (?1, ?2, ?3, ?4)",
                    (&file.device, &file.name, file.size as i64, stored_status),
                )
                .context("sync")?;
        }
        // What waited (a file still being copied, a parent in a later file) is tried again.
        if any_waiting(&transaction)? {
            let tables = model::synced_tables(&transaction)?;
            engine::write_rows(&transaction, &tables, std::collections::BTreeSet::new(), Some(&bridge))?;
        }
        transaction.commit().context("sync")?;

        // This computer's new operations go out after they are committed here, so that a
        // number in the folder is never one this journal could give to another change.
        let written = get_number(&self.connection, WRITTEN)?;
        let ops: Vec<Op> = engine::own_ops(&self.connection, &local.device, &format!("AND counter > {written}"))?;
        if let (Some(first), Some(last)) = (ops.first().map(|op| op.counter), ops.last().map(|op| op.counter)) {
            let name = files::change_file_name(first, last);
            report.sent = ops.len();
            let change = ChangeFile { device_name: local.device_name.clone(), written_at: now_ms, ops };
            files::write_change_file(&local.folder, &local.key, &local.device, &name, &change)?;
            set(&self.connection, WRITTEN, &last.to_string())?;
            if files::own_change_files(&local.folder, &local.device)?.len() > COMPACT_AFTER_FILES {
                self.compact(&local, now_ms)?;
            }
        }
        Ok(report)
    }

    /// Folds this computer's change files into one that holds only what still matters
    /// ([`engine::still_needed`]), then removes the old ones. Safe whoever has or has not read
    /// them: what is dropped was replaced, and the replacement says so.
    fn compact(&self, local: &Local, now_ms: i64) -> Result<()> {
        let old = files::own_change_files(&local.folder, &local.device)?;
        let ops = engine::still_needed(&self.connection, &local.device)?;
        let last = get_number(&self.connection, WRITTEN)?;
        let name = files::change_file_name(1, last);
        let change = ChangeFile { device_name: local.device_name.clone(), written_at: now_ms, ops };
        files::write_change_file(&local.folder, &local.key, &local.device, &name, &change)?;
        for path in old.into_iter().filter(|path| !path.ends_with(&name)) {
            std::fs::remove_file(&path).map_err(|source| CoreError::Io {
                action: "remove a change file folded into a newer one",
                path,
                source,
            })?;
        }
        Ok(())
    }

    /// The sync folder, while sync is on.
    pub fn sync_folder(&self) -> Result<Option<PathBuf>> {
        Ok(get(&self.connection, FOLDER)?.map(PathBuf::from))
    }

    /// Whether this computer has changes not yet written to the folder.
    pub fn sync_has_unsent_changes(&self) -> Result<bool> {
        let noted: i64 = self
            .connection
            .query_row("SELECT count(*) FROM sync_dirty", [], |row| row.get(0))
            .context("read the sync state")?;
        let last_made = get_number(&self.connection, COUNTER)?;
        Ok(noted > 0 || last_made > get_number(&self.connection, WRITTEN)?)
    }

    /// Whether some record waits to be written (a file or a record it needs has not arrived).
    pub fn sync_is_waiting(&self) -> Result<bool> {
        any_waiting(&self.connection)
    }

    /// Where sync stands.
    pub fn sync_status(&self) -> Result<SyncStatus> {
        let local = Local::load(&self.connection)?;
        let computers = self
            .connection
            .prepare("SELECT name, last_write FROM sync_devices ORDER BY name")
            .and_then(|mut statement| {
                statement
                    .query_map([], |row| Ok(SyncComputer { name: row.get(0)?, last_write: row.get(1)? }))?
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .context("read the sync state")?;
        let waiting = self
            .connection
            .prepare("SELECT tbl, reason FROM sync_pending ORDER BY tbl, row_key")
            .and_then(|mut statement| {
                statement
                    .query_map([], |row| {
                        Ok(format!("A change to {} waits: {}.", row.get::<_, String>(0)?, row.get::<_, String>(1)?))
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .context("read the sync state")?;
        let problems = self
            .connection
            .prepare("SELECT device, name, status FROM sync_files WHERE status <> 'applied' ORDER BY device, name")
            .and_then(|mut statement| {
                statement
                    .query_map([], |row| {
                        Ok(problem_text(
                            &row.get::<_, String>(0)?,
                            &row.get::<_, String>(1)?,
                            &row.get::<_, String>(2)?,
                        ))
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .context("read the sync state")?;
        Ok(SyncStatus {
            folder: local.as_ref().map(|local| local.folder.to_string_lossy().into_owned()),
            this_computer: local.as_ref().map(|local| local.device_name.clone()),
            pairing_code: local.and_then(|local| local.pairing_code),
            computers,
            waiting,
            problems,
            conflicts: self.sync_conflicts()?.len(),
        })
    }

    /// The texts that have two (or more) versions from computers that wrote them while apart.
    pub fn sync_conflicts(&self) -> Result<Vec<SyncConflict>> {
        const ACTION: &str = "read the texts with two versions";
        let tables = model::synced_tables(&self.connection)?;
        let cells: Vec<(String, String, String)> = self
            .connection
            .prepare(
                "SELECT tbl, row_key, col FROM sync_ops WHERE head = 1 AND col IS NOT NULL
                 GROUP BY tbl, row_key, col HAVING count(DISTINCT value) > 1 ORDER BY tbl, row_key, col",
            )
            .and_then(|mut statement| {
                statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?.collect()
            })
            .context(ACTION)?;
        let names: BTreeMap<String, String> = self
            .connection
            .prepare("SELECT device, name FROM sync_devices")
            .and_then(|mut statement| statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?.collect())
            .context(ACTION)?;
        let own = Local::load(&self.connection)?.map(|local| (local.device, local.device_name));
        let mut conflicts = Vec::new();
        for (table_name, row, column) in cells {
            let Some(table) = tables.iter().find(|table| table.name() == table_name) else { continue };
            if !table.is_prose(&column) {
                continue;
            }
            let state = engine::RowState::read(&self.connection, &table_name, &row)?;
            if !state.is_alive(table) {
                continue;
            }
            let mut heads = state.heads.get(&column).cloned().unwrap_or_default();
            heads.sort_by(|a, b| (b.hlc, &b.id).cmp(&(a.hlc, &a.id)));
            let mut versions: Vec<SyncVersion> = Vec::new();
            for head in heads {
                let text = match &head.value {
                    Json::String(text) => text.clone(),
                    Json::Null => String::new(),
                    other => other.to_string(),
                };
                if versions.iter().any(|version| version.text == text) {
                    continue;
                }
                let computer = match &own {
                    Some((device, name)) if *device == head.id.0 => name.clone(),
                    _ => names.get(&head.id.0).cloned().unwrap_or_else(|| "another computer".into()),
                };
                versions.push(SyncVersion { text, computer });
            }
            let record_id =
                if table.table.has_id { model::local_of(&self.connection, &table_name, &row)? } else { None };
            let record_title = match record_id {
                Some(id) => record_title(&self.connection, table, id)?,
                None => None,
            };
            conflicts.push(SyncConflict { table: table_name, row, column, record_id, record_title, versions });
        }
        Ok(conflicts)
    }

    /// Settles a text with two versions: `text` (one of them, or the user's own blend) becomes
    /// the text on every computer.
    pub fn choose_sync_version(&mut self, table: &str, row: &str, column: &str, text: &str) -> Result<()> {
        let Some(local) = Local::load(&self.connection)? else {
            return Err(CoreError::InvalidInput("Sync is off.".into()));
        };
        let tables = model::synced_tables(&self.connection)?;
        let Some(synced) = tables.iter().find(|synced| synced.name() == table) else {
            return Err(CoreError::NotFound { what: format!("The synced table “{table}”") });
        };
        if !synced.is_prose(column) {
            return Err(CoreError::InvalidInput(format!("“{column}” is not a text that can have two versions.")));
        }
        let now_ms = self.clock.now().as_millisecond();
        let bridge = self.files_bridge(&local);
        let transaction = self.connection.transaction().context("keep the chosen version")?;
        let mut stamps = Stamps { connection: &transaction, device: local.device.clone(), now_ms };
        engine::capture(&transaction, &mut stamps, Some(&bridge))?;
        engine::choose(&transaction, synced, row, column, Json::from(text.to_owned()), &mut stamps, Some(&bridge))?;
        transaction.commit().context("keep the chosen version")
    }
}

/// A record's title, or the start of its first text column, for the list of texts to choose.
fn record_title(connection: &Connection, table: &model::SyncedTable, id: i64) -> Result<Option<String>> {
    let Some(column) =
        ["title", "text", "name", "note"].into_iter().find(|column| table.columns.iter().any(|c| c == column))
    else {
        return Ok(None);
    };
    let sql = format!("SELECT {column} FROM {} WHERE id = ?1", crate::transfer::export::quote(table.name()));
    let text: Option<String> = connection
        .query_row(&sql, [id], |row| row.get(0))
        .optional()
        .context("read the texts with two versions")?
        .flatten();
    Ok(text.map(|text| {
        let mut short: String = text.chars().take(80).collect();
        if short.len() < text.len() {
            short.push('…');
        }
        short
    }))
}

/// Whether some record waits in `sync_pending`.
fn any_waiting(connection: &Connection) -> Result<bool> {
    connection
        .query_row("SELECT EXISTS (SELECT 1 FROM sync_pending)", [], |row| row.get(0))
        .context("read the sync state")
}

fn problem_text(device: &str, name: &str, status: &str) -> String {
    match status.split_once(": ") {
        Some(("newer", version)) => format!(
            "The change file {device}/{name} was written by a newer version of Failing Up (change file version \
             {version}); it is kept, and will be applied once this computer runs that version."
        ),
        Some((_, reason)) => format!("The change file {device}/{name} was not applied: {reason}."),
        None if status == "newer" => format!(
            "The change file {device}/{name} was written by a newer version of Failing Up; it is kept, and will be \
             applied once this computer runs that version."
        ),
        None => format!(
            "The change file {device}/{name} was not applied: it is damaged or was written with another sync key."
        ),
    }
}

/// Writes the user's new text of some cells of one record as a version beside the one shown,
/// replacing only what the user's writing started from (`base`): for an editor that was open
/// while another computer's change to the same text arrived. `cells` are (column, base, new).
pub(crate) fn keep_as_version(
    connection: &mut Connection,
    clock: &dyn crate::clock::Clock,
    table: &str,
    local_id: i64,
    cells: &[(&str, &str, &str)],
) -> Result<()> {
    const ACTION: &str = "keep both versions of the text";
    let Some(local) = Local::load(connection)? else { return Ok(()) };
    let now_ms = clock.now().as_millisecond();
    let transaction = connection.transaction().context(ACTION)?;
    let mut stamps = Stamps { connection: &transaction, device: local.device.clone(), now_ms };
    // Records with files wait for the next round, which has the files' bridge.
    engine::capture(&transaction, &mut stamps, None)?;
    let tables = model::synced_tables(&transaction)?;
    let Some(synced) = tables.iter().find(|synced| synced.name() == table) else { return Ok(()) };
    let Some(uid) = model::uid_of(&transaction, table, local_id, true)? else { return Ok(()) };
    for (column, base, new) in cells {
        if base == new {
            continue;
        }
        engine::add_version(&transaction, synced, &uid, column, Json::from(*new), &Json::from(*base), &mut stamps)?;
    }
    let mut rows = std::collections::BTreeSet::new();
    rows.insert((table.to_owned(), uid));
    engine::write_rows(&transaction, &tables, rows, None)?;
    transaction.commit().context(ACTION)
}

/// Attached files between this journal's content store and the sync folder's own, which is
/// sealed with the sync key (`<folder>/failing-up/attachments/`): a file is written there
/// once, under a name every computer gives the same content, and brought into each journal's
/// store (under its own key) when a record that has it arrives.
struct Bridge {
    local: crate::attachments::ContentStore,
    shared: crate::attachments::ContentStore,
}

/// The name given to files in the stores on the way through: the record keeps the real name,
/// and the type was checked when the file was attached.
const BRIDGED_NAME: &str = "file";

impl Bridge {
    fn mapped(connection: &Connection, sql: &str, name: &str) -> Result<Option<String>> {
        connection
            .prepare_cached(sql)
            .and_then(|mut statement| statement.query_row([name], |row| row.get(0)).optional())
            .context("read which attached files went through the sync folder")
    }

    fn remember(connection: &Connection, local: &str, shared: &str) -> Result<()> {
        connection
            .prepare_cached("INSERT OR REPLACE INTO sync_contents (local, shared) VALUES (?1, ?2)")
            .and_then(|mut statement| statement.execute((local, shared)))
            .context("note an attached file that went through the sync folder")?;
        Ok(())
    }
}

impl engine::Files for Bridge {
    fn outgoing(&self, connection: &Connection, local: &str) -> Result<Option<String>> {
        if let Some(shared) = Self::mapped(connection, "SELECT shared FROM sync_contents WHERE local = ?1", local)? {
            if self.shared.contains(&shared) {
                return Ok(Some(shared));
            }
        }
        if !self.local.contains(local) {
            return Ok(None);
        }
        let bytes = self.local.read(local)?;
        let stored = self.shared.store_bytes(&bytes, BRIDGED_NAME)?;
        Self::remember(connection, local, &stored.content)?;
        Ok(Some(stored.content))
    }

    fn incoming(&self, connection: &Connection, shared: &str, _file_name: &str) -> Result<Option<String>> {
        if let Some(local) = Self::mapped(connection, "SELECT local FROM sync_contents WHERE shared = ?1", shared)? {
            if self.local.contains(&local) {
                return Ok(Some(local));
            }
        }
        if !self.shared.contains(shared) {
            return Ok(None);
        }
        let bytes = match self.shared.read(shared) {
            Ok(bytes) => bytes,
            // Still being copied by the sync tool (it fails authentication until whole).
            Err(error) if crate::attachments::store::is_fault_of_the_file(&error) => return Ok(None),
            Err(error) => return Err(error),
        };
        let stored = self.local.store_bytes(&bytes, BRIDGED_NAME)?;
        Self::remember(connection, &stored.content, shared)?;
        Ok(Some(stored.content))
    }
}

impl Database {
    fn files_bridge(&self, local: &Local) -> Bridge {
        use crate::attachments::ContentStore;
        Bridge {
            // As the file was stored here: the user's choice about photo locations was made
            // when it was attached, on the computer it was attached on.
            local: ContentStore::new(self.data_dir(), self.key().map(|(key, _)| key)).keeping_location(true),
            shared: ContentStore::new(&files::sync_dir(&local.folder), Some(&local.key)).keeping_location(true),
        }
    }
}

/// A fingerprint of the change files in a sync folder (names, sizes and times): when it
/// changes, there may be something new to apply. Cheap enough to take every second.
pub fn folder_fingerprint(folder: &Path) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let root = files::sync_dir(folder);
    let mut devices: Vec<_> =
        std::fs::read_dir(&root).into_iter().flatten().flatten().map(|entry| entry.path()).collect();
    devices.sort();
    for device in devices {
        let mut names: Vec<_> = std::fs::read_dir(&device).into_iter().flatten().flatten().collect();
        names.sort_by_key(|entry| entry.file_name());
        for entry in names {
            entry.file_name().hash(&mut hasher);
            if let Ok(metadata) = entry.metadata() {
                metadata.len().hash(&mut hasher);
                metadata.modified().ok().hash(&mut hasher);
            }
        }
    }
    hasher.finish()
}

/// Whether sync watches this connection's writes.
pub(crate) fn watching(connection: &Connection) -> Result<bool> {
    engine::triggers_installed(connection)
}
