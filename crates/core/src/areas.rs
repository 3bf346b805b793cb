//! Life areas: the built-in ones (career, learning, relationships, health, finances,
//! creative, other) and those the user adds. Setbacks and lessons each belong to one.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result, StorageContext};
use crate::fields;

/// Longest area name, in characters.
pub const MAX_AREA_NAME_CHARS: usize = 60;

/// A life area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Area {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// Built-in areas cannot be deleted.
    pub built_in: bool,
}

/// The life areas of one database.
pub struct Areas<'a> {
    connection: &'a mut Connection,
}

impl<'a> Areas<'a> {
    pub(crate) fn new(connection: &'a mut Connection) -> Self {
        Self { connection }
    }

    /// All areas: the built-ins first, then the user's in the order they were added.
    pub fn list(&self) -> Result<Vec<Area>> {
        list(self.connection)
    }

    /// Area `id`.
    pub fn get(&self, id: i64) -> Result<Area> {
        self.connection
            .query_row("SELECT id, name, built_in FROM areas WHERE id = ?1", [id], area_from_row)
            .optional()
            .context("read the life area")?
            .ok_or_else(|| CoreError::NotFound { what: format!("Life area {id}") })
    }

    /// Adds an area named `name`, which must differ (ignoring case) from every other area.
    pub fn create(&mut self, name: &str) -> Result<Area> {
        let name = fields::text("the area's name", name, MAX_AREA_NAME_CHARS, true)?;
        let transaction = self.connection.transaction().context("start saving the life area")?;
        let taken: bool = transaction
            .query_row("SELECT EXISTS (SELECT 1 FROM areas WHERE name = ?1)", [&name], |row| row.get(0))
            .context("save the life area")?;
        if taken {
            return Err(CoreError::InvalidInput(format!("There is already a life area called “{name}”.")));
        }
        transaction
            .execute(
                "INSERT INTO areas (name, built_in, position)
                 VALUES (?1, 0, (SELECT coalesce(max(position), 0) + 1 FROM areas))",
                params![name],
            )
            .context("save the life area")?;
        let id = transaction.last_insert_rowid();
        transaction.commit().context("save the life area")?;
        self.get(id)
    }

    /// Deletes an area the user added. Built-in areas, and areas that setbacks or lessons
    /// still belong to, are kept: deleting them would leave those records nowhere.
    pub fn delete(&mut self, id: i64) -> Result<()> {
        let area = self.get(id)?;
        if area.built_in {
            return Err(CoreError::InvalidInput(format!(
                "“{}” is a built-in life area and cannot be deleted.",
                area.name
            )));
        }
        let transaction = self.connection.transaction().context("start deleting the life area")?;
        let used: i64 = transaction
            .query_row(
                "SELECT (SELECT count(*) FROM setbacks WHERE area_id = ?1) + (SELECT count(*) FROM lessons WHERE area_id = ?1)",
                [id],
                |row| row.get(0),
            )
            .context("delete the life area")?;
        if used > 0 {
            return Err(CoreError::InvalidInput(format!(
                "“{}” still has {used} setback(s) or lesson(s); move them to another area first.",
                area.name
            )));
        }
        transaction.execute("DELETE FROM areas WHERE id = ?1", [id]).context("delete the life area")?;
        transaction.commit().context("delete the life area")
    }
}

/// All areas, in their order.
pub(crate) fn list(connection: &Connection) -> Result<Vec<Area>> {
    let mut statement = connection
        .prepare_cached("SELECT id, name, built_in FROM areas ORDER BY position, id")
        .context("list the life areas")?;
    let rows = statement.query_map([], area_from_row).context("list the life areas")?;
    rows.collect::<rusqlite::Result<Vec<_>>>().context("list the life areas")
}

fn area_from_row(row: &Row<'_>) -> rusqlite::Result<Area> {
    Ok(Area { id: row.get(0)?, name: row.get(1)?, built_in: row.get(2)? })
}

/// The area a record is filed under: `area_id` if given (it must exist), else the built-in
/// "Other".
pub(crate) fn resolve(connection: &Connection, area_id: Option<i64>) -> Result<i64> {
    match area_id {
        Some(id) => {
            let exists: bool = connection
                .query_row("SELECT EXISTS (SELECT 1 FROM areas WHERE id = ?1)", [id], |row| row.get(0))
                .context("check the life area")?;
            if !exists {
                return Err(CoreError::InvalidInput(format!(
                    "There is no life area {id}; choose one of the areas listed."
                )));
            }
            Ok(id)
        }
        None => other_area(connection),
    }
}

/// The built-in "Other" area.
pub(crate) fn other_area(connection: &Connection) -> Result<i64> {
    connection
        .query_row("SELECT id FROM areas WHERE key = 'other'", [], |row| row.get(0))
        .context("find the area “Other”")
}
