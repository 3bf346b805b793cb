//! Validation and storage helpers for fields that several records share: short and long
//! texts, lists of linked ids, and enums stored as text.

use rusqlite::{params, Connection};

use crate::error::{CoreError, Result, StorageContext};

/// Longest title or name accepted, in characters.
pub const MAX_TITLE_CHARS: usize = 500;
/// Longest free text accepted (what happened, an answer, a lesson), in characters. Generous
/// for writing, small enough that one record cannot make the app sluggish.
pub const MAX_TEXT_CHARS: usize = 100_000;
/// Most links of one kind on one record.
pub const MAX_LINKS: usize = 200;

/// Trims `value` and checks it: no NUL, at most `max_chars` characters and, when `required`,
/// not empty. `label` names the field in a message, e.g. "the title".
pub(crate) fn text(label: &str, value: &str, max_chars: usize, required: bool) -> Result<String> {
    let trimmed = value.trim();
    if required && trimmed.is_empty() {
        return Err(CoreError::InvalidInput(format!("{} is empty; write a few words.", capitalised(label))));
    }
    if trimmed.contains('\0') {
        return Err(CoreError::InvalidInput(format!(
            "{} contains a NUL character, which cannot be saved.",
            capitalised(label)
        )));
    }
    let chars = trimmed.chars().count();
    if chars > max_chars {
        return Err(CoreError::InvalidInput(format!(
            "{} is too long ({chars} characters); keep it under {max_chars}.",
            capitalised(label)
        )));
    }
    Ok(trimmed.to_owned())
}

/// Like [`text`], for a field the user may leave out: blank becomes `None`.
pub(crate) fn optional_text(label: &str, value: Option<&str>, max_chars: usize) -> Result<Option<String>> {
    match value {
        None => Ok(None),
        Some(value) => {
            let value = text(label, value, max_chars, false)?;
            Ok((!value.is_empty()).then_some(value))
        }
    }
}

fn capitalised(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Drops repeated ids (keeping the first), and checks that each names a row of `table`.
/// `what` names one row for the user, e.g. "Setback".
pub(crate) fn existing_ids(connection: &Connection, table: &'static str, what: &str, ids: &[i64]) -> Result<Vec<i64>> {
    let mut kept: Vec<i64> = Vec::new();
    for &id in ids {
        if !kept.contains(&id) {
            kept.push(id);
        }
    }
    if kept.len() > MAX_LINKS {
        return Err(CoreError::InvalidInput(format!("Up to {MAX_LINKS} links can be kept, not {}.", kept.len())));
    }
    let mut statement = connection
        .prepare_cached(&format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"))
        .context("check the linked records")?;
    for &id in &kept {
        let exists: bool = statement.query_row([id], |row| row.get(0)).context("check the linked records")?;
        if !exists {
            return Err(CoreError::InvalidInput(format!("{what} {id} does not exist; it may have been deleted.")));
        }
    }
    Ok(kept)
}

/// Replaces the links of `owner_id` in a two-column link table.
pub(crate) fn replace_links(
    connection: &Connection,
    table: &'static str,
    owner_column: &'static str,
    owner_id: i64,
    other_column: &'static str,
    other_ids: &[i64],
) -> Result<()> {
    connection
        .execute(&format!("DELETE FROM {table} WHERE {owner_column} = ?1"), [owner_id])
        .context("save the links")?;
    let mut statement = connection
        .prepare_cached(&format!("INSERT INTO {table} ({owner_column}, {other_column}) VALUES (?1, ?2)"))
        .context("save the links")?;
    for other_id in other_ids {
        statement.execute(params![owner_id, other_id]).context("save the links")?;
    }
    Ok(())
}

/// Reads the ids linked to `owner_id` in a two-column link table, smallest first.
pub(crate) fn linked_ids(
    connection: &Connection,
    table: &'static str,
    owner_column: &'static str,
    owner_id: i64,
    other_column: &'static str,
) -> Result<Vec<i64>> {
    let mut statement = connection
        .prepare_cached(&format!(
            "SELECT {other_column} FROM {table} WHERE {owner_column} = ?1 ORDER BY {other_column}"
        ))
        .context("read the links")?;
    let rows = statement.query_map([owner_id], |row| row.get(0)).context("read the links")?;
    rows.collect::<rusqlite::Result<Vec<i64>>>().context("read the links")
}

/// Gives a fieldless enum its text form in the database (`as_str`, `ToSql`, `FromSql`), the
/// same words as its serde form, so that a stored row reads like the JSON the UI sees.
macro_rules! text_enum {
    ($name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $name {
            /// The word stored in the database and sent to the UI.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                match value.as_str()? {
                    $($text => Ok(Self::$variant),)+
                    other => Err(rusqlite::types::FromSqlError::Other(
                        format!("unexpected {} {other:?} in the database", stringify!($name)).into(),
                    )),
                }
            }
        }
    };
}

pub(crate) use text_enum;
