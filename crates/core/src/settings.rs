//! The user's preferences, kept as key/value rows and read through typed accessors.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result, StorageContext};

/// The cool-down a setback gets unless it has its own: a day, long enough for the first
/// sting to pass and short enough that the details are still fresh.
pub const DEFAULT_COOL_DOWN_HOURS: u32 = 24;
/// The longest cool-down accepted, here and per setback: 30 days.
pub const MAX_COOL_DOWN_HOURS: u32 = 30 * 24;

const COOL_DOWN_HOURS: &str = "cool_down_hours";

/// The settings as the UI reads and writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppSettings {
    /// Hours between a setback and the suggestion to reflect on it, unless the setback has
    /// its own.
    pub cool_down_hours: u32,
}

/// The settings of one database.
pub struct Settings<'a> {
    connection: &'a mut Connection,
}

impl<'a> Settings<'a> {
    pub(crate) fn new(connection: &'a mut Connection) -> Self {
        Self { connection }
    }

    /// All settings.
    pub fn get(&self) -> Result<AppSettings> {
        Ok(AppSettings { cool_down_hours: cool_down_hours(self.connection)? })
    }

    /// Replaces all settings.
    pub fn update(&mut self, settings: &AppSettings) -> Result<AppSettings> {
        check_cool_down_hours(settings.cool_down_hours)?;
        let transaction = self.connection.transaction().context("start saving the settings")?;
        write(&transaction, COOL_DOWN_HOURS, &settings.cool_down_hours.to_string())?;
        transaction.commit().context("save the settings")?;
        self.get()
    }

    /// The default cool-down, in hours.
    pub fn cool_down_hours(&self) -> Result<u32> {
        cool_down_hours(self.connection)
    }

    /// Changes the default cool-down. Setbacks without their own cool-down follow it at once,
    /// because their stage is computed when read.
    pub fn set_cool_down_hours(&mut self, hours: u32) -> Result<()> {
        check_cool_down_hours(hours)?;
        write(self.connection, COOL_DOWN_HOURS, &hours.to_string())
    }
}

/// The default cool-down, in hours. A missing or unreadable value (say, edited by hand) falls
/// back to the default rather than making every setback unreadable.
pub(crate) fn cool_down_hours(connection: &Connection) -> Result<u32> {
    let value = read(connection, COOL_DOWN_HOURS)?;
    Ok(value
        .and_then(|text| text.parse::<u32>().ok())
        .filter(|hours| *hours <= MAX_COOL_DOWN_HOURS)
        .unwrap_or(DEFAULT_COOL_DOWN_HOURS))
}

/// Refuses a cool-down longer than [`MAX_COOL_DOWN_HOURS`].
pub(crate) fn check_cool_down_hours(hours: u32) -> Result<()> {
    if hours > MAX_COOL_DOWN_HOURS {
        return Err(CoreError::InvalidInput(format!(
            "A cool-down of {hours} hours is too long; it can be at most {MAX_COOL_DOWN_HOURS} hours (30 days)."
        )));
    }
    Ok(())
}

fn read(connection: &Connection, key: &str) -> Result<Option<String>> {
    connection
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| row.get(0))
        .optional()
        .context("read the settings")
}

fn write(connection: &Connection, key: &str, value: &str) -> Result<()> {
    connection
        .execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )
        .context("save the settings")?;
    Ok(())
}
