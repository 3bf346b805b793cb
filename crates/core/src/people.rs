//! The support network: the people who help the user through setbacks, and the support log
//! of conversations with them.
//!
//! **A person with conversations in the log cannot be deleted.** What someone said means
//! little once it is no longer known who said it, and deleting the conversations silently
//! would lose advice the user chose to keep; so [`People::delete`] refuses, naming how many
//! conversations are left, and the user deletes those first if they really mean to.
//! Deleting a setback keeps the conversations about it, unlinked, as it keeps lessons.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::Clock;
use crate::error::{CoreError, Result, StorageContext};
use crate::fields::{self, text_enum, MAX_TEXT_CHARS};
use crate::local_time::{self, rfc3339};

/// Longest name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// What a person is to the user.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SupportRole {
    Mentor,
    Peer,
    Coach,
    Friend,
    #[default]
    Other,
}

text_enum!(SupportRole { Mentor => "mentor", Peer => "peer", Coach => "coach", Friend => "friend", Other => "other" });

/// A kind of support a person gives. Ordered as listed, which is the order they are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SupportKind {
    /// Helps see the setback differently.
    Perspective,
    /// Says what they would do.
    Advice,
    /// Keeps the user going.
    Encouragement,
    /// Does something: an introduction, a review, a hand.
    PracticalHelp,
}

text_enum!(SupportKind {
    Perspective => "perspective",
    Advice => "advice",
    Encouragement => "encouragement",
    PracticalHelp => "practical_help",
});

/// A person in the support network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub role: SupportRole,
    /// Each kind once, in [`SupportKind`]'s order.
    pub support_kinds: Vec<SupportKind>,
    pub notes: String,
    /// Conversations with them in the support log.
    pub conversation_count: u32,
    /// The local date of the latest conversation, `YYYY-MM-DD`.
    pub last_conversation_on: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

/// What the user writes to add a person or edit one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonDraft {
    pub name: String,
    pub role: SupportRole,
    /// In any order, repeats allowed; stored once each.
    pub support_kinds: Vec<SupportKind>,
    pub notes: String,
}

/// A conversation in the support log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
    /// The person's name now, for lists.
    pub person_name: String,
    /// The setback it was about; `None` if none, or once that setback is deleted.
    #[ts(type = "number | null")]
    pub setback_id: Option<i64>,
    pub setback_title: Option<String>,
    /// The local date it was held, `YYYY-MM-DD`.
    pub held_on: String,
    pub what_they_said: String,
    pub what_ill_try: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

/// What the user writes to log a conversation or edit one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConversationDraft {
    #[ts(type = "number")]
    pub person_id: i64,
    #[ts(type = "number | null")]
    pub setback_id: Option<i64>,
    /// `YYYY-MM-DD`; `None` means today in the user's time zone.
    pub held_on: Option<String>,
    pub what_they_said: String,
    pub what_ill_try: String,
}

/// The people of one database.
pub struct People<'a> {
    connection: &'a mut Connection,
    clock: &'a dyn Clock,
}

/// A person draft that passed validation.
struct ValidPerson {
    name: String,
    notes: String,
    support_kinds: Vec<SupportKind>,
}

impl<'a> People<'a> {
    pub(crate) fn new(connection: &'a mut Connection, clock: &'a dyn Clock) -> Self {
        Self { connection, clock }
    }

    /// Adds a person to the support network.
    pub fn create(&mut self, draft: &PersonDraft) -> Result<Person> {
        let valid = validate_person(draft)?;
        let now = self.clock.now().as_millisecond();
        let transaction = self.connection.transaction().context("start saving the person")?;
        transaction
            .execute(
                "INSERT INTO people (name, role, notes, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
                params![valid.name, draft.role, valid.notes, now],
            )
            .context("save the person")?;
        let id = transaction.last_insert_rowid();
        write_support_kinds(&transaction, id, &valid.support_kinds)?;
        transaction.commit().context("save the person")?;
        self.get(id)
    }

    /// Replaces the editable fields of person `id`. Their conversations are kept.
    pub fn update(&mut self, id: i64, draft: &PersonDraft) -> Result<Person> {
        let valid = validate_person(draft)?;
        let now = self.clock.now().as_millisecond();
        let transaction = self.connection.transaction().context("start saving the person")?;
        let changed = transaction
            .execute(
                "UPDATE people SET name = ?2, role = ?3, notes = ?4, updated_at = ?5 WHERE id = ?1",
                params![id, valid.name, draft.role, valid.notes, now],
            )
            .context("save the person")?;
        if changed == 0 {
            return Err(person_not_found(id));
        }
        transaction
            .execute("DELETE FROM person_support_kinds WHERE person_id = ?1", [id])
            .context("save the person")?;
        write_support_kinds(&transaction, id, &valid.support_kinds)?;
        transaction.commit().context("save the person")?;
        self.get(id)
    }

    /// Deletes person `id`. Refused while the support log holds conversations with them (see
    /// the module documentation): nothing is deleted, and the message says how many are left.
    pub fn delete(&mut self, id: i64) -> Result<()> {
        let transaction = self.connection.transaction().context("start deleting the person")?;
        let person = get(&transaction, id)?;
        if person.conversation_count > 0 {
            return Err(CoreError::InvalidInput(format!(
                "“{}” still has {} conversation(s) in your support log. A conversation keeps who it was \
                 with, so delete those first if you really want to remove {}.",
                person.name, person.conversation_count, person.name
            )));
        }
        transaction.execute("DELETE FROM people WHERE id = ?1", [id]).context("delete the person")?;
        transaction.commit().context("delete the person")
    }

    /// Person `id`.
    pub fn get(&self, id: i64) -> Result<Person> {
        get(self.connection, id)
    }

    /// Everyone in the support network, by name (ignoring case).
    pub fn list(&self) -> Result<Vec<Person>> {
        let ids: Vec<i64> = {
            let mut statement = self
                .connection
                .prepare_cached("SELECT id FROM people ORDER BY name COLLATE NOCASE, id")
                .context("list the people")?;
            let rows = statement.query_map([], |row| row.get(0)).context("list the people")?;
            rows.collect::<rusqlite::Result<Vec<i64>>>().context("list the people")?
        };
        ids.into_iter().map(|id| get(self.connection, id)).collect()
    }
}

/// The support log of one database.
pub struct Conversations<'a> {
    connection: &'a mut Connection,
    clock: &'a dyn Clock,
}

/// A conversation draft that passed validation.
struct ValidConversation {
    person_id: i64,
    setback_id: Option<i64>,
    held_on: String,
    what_they_said: String,
    what_ill_try: String,
}

impl<'a> Conversations<'a> {
    pub(crate) fn new(connection: &'a mut Connection, clock: &'a dyn Clock) -> Self {
        Self { connection, clock }
    }

    /// Logs a conversation.
    pub fn create(&mut self, draft: &ConversationDraft) -> Result<Conversation> {
        let now = self.clock.now().as_millisecond();
        let transaction = self.connection.transaction().context("start saving the conversation")?;
        let valid = validate_conversation(&transaction, self.clock, draft)?;
        transaction
            .execute(
                "INSERT INTO conversations (person_id, setback_id, held_on, what_they_said, what_ill_try,
                                            created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![
                    valid.person_id,
                    valid.setback_id,
                    valid.held_on,
                    valid.what_they_said,
                    valid.what_ill_try,
                    now
                ],
            )
            .context("save the conversation")?;
        let id = transaction.last_insert_rowid();
        transaction.commit().context("save the conversation")?;
        self.get(id)
    }

    /// Replaces the fields of conversation `id`; it may be moved to another person or setback.
    pub fn update(&mut self, id: i64, draft: &ConversationDraft) -> Result<Conversation> {
        let now = self.clock.now().as_millisecond();
        let transaction = self.connection.transaction().context("start saving the conversation")?;
        let valid = validate_conversation(&transaction, self.clock, draft)?;
        let changed = transaction
            .execute(
                "UPDATE conversations SET person_id = ?2, setback_id = ?3, held_on = ?4, what_they_said = ?5,
                        what_ill_try = ?6, updated_at = ?7
                 WHERE id = ?1",
                params![
                    id,
                    valid.person_id,
                    valid.setback_id,
                    valid.held_on,
                    valid.what_they_said,
                    valid.what_ill_try,
                    now
                ],
            )
            .context("save the conversation")?;
        if changed == 0 {
            return Err(conversation_not_found(id));
        }
        transaction.commit().context("save the conversation")?;
        self.get(id)
    }

    /// Deletes conversation `id`.
    pub fn delete(&mut self, id: i64) -> Result<()> {
        let deleted = self
            .connection
            .execute("DELETE FROM conversations WHERE id = ?1", [id])
            .context("delete the conversation")?;
        if deleted == 0 {
            return Err(conversation_not_found(id));
        }
        Ok(())
    }

    /// Conversation `id`.
    pub fn get(&self, id: i64) -> Result<Conversation> {
        conversations(self.connection, "c.id = ?1", [id])?.pop().ok_or_else(|| conversation_not_found(id))
    }

    /// The conversations with person `person_id`, newest first.
    pub fn with_person(&self, person_id: i64) -> Result<Vec<Conversation>> {
        get(self.connection, person_id)?;
        conversations(self.connection, "c.person_id = ?1 ORDER BY c.held_on DESC, c.id DESC", [person_id])
    }

    /// The conversations about setback `setback_id`, newest first.
    pub fn about_setback(&self, setback_id: i64) -> Result<Vec<Conversation>> {
        crate::setbacks::ensure_exists(self.connection, setback_id)?;
        conversations(self.connection, "c.setback_id = ?1 ORDER BY c.held_on DESC, c.id DESC", [setback_id])
    }
}

fn validate_person(draft: &PersonDraft) -> Result<ValidPerson> {
    let name = fields::text("the name", &draft.name, MAX_NAME_CHARS, true)?;
    let notes = fields::text("the notes", &draft.notes, MAX_TEXT_CHARS, false)?;
    let mut support_kinds = draft.support_kinds.clone();
    support_kinds.sort();
    support_kinds.dedup();
    Ok(ValidPerson { name, notes, support_kinds })
}

fn validate_conversation(
    connection: &Connection,
    clock: &dyn Clock,
    draft: &ConversationDraft,
) -> Result<ValidConversation> {
    let what_they_said = fields::text("what they said", &draft.what_they_said, MAX_TEXT_CHARS, false)?;
    let what_ill_try = fields::text("what you'll try", &draft.what_ill_try, MAX_TEXT_CHARS, false)?;
    if what_they_said.is_empty() && what_ill_try.is_empty() {
        return Err(CoreError::InvalidInput(
            "Write what they said or what you'll try, so that the conversation is worth keeping.".to_owned(),
        ));
    }
    let held_on = match draft.held_on.as_deref().map(str::trim) {
        None | Some("") => local_time::today(clock),
        Some(text) => local_time::parse_local_date(text)?,
    }
    .to_string();
    fields::existing_ids(connection, "people", "Person", &[draft.person_id])?;
    if let Some(setback_id) = draft.setback_id {
        fields::existing_ids(connection, "setbacks", "Setback", &[setback_id])?;
    }
    Ok(ValidConversation {
        person_id: draft.person_id,
        setback_id: draft.setback_id,
        held_on,
        what_they_said,
        what_ill_try,
    })
}

fn write_support_kinds(connection: &Connection, person_id: i64, kinds: &[SupportKind]) -> Result<()> {
    let mut statement = connection
        .prepare_cached("INSERT INTO person_support_kinds (person_id, kind) VALUES (?1, ?2)")
        .context("save the kinds of support")?;
    for kind in kinds {
        statement.execute(params![person_id, kind]).context("save the kinds of support")?;
    }
    Ok(())
}

fn get(connection: &Connection, id: i64) -> Result<Person> {
    let mut person = connection
        .query_row(
            "SELECT id, name, role, notes, created_at, updated_at,
                    (SELECT count(*) FROM conversations c WHERE c.person_id = people.id),
                    (SELECT max(held_on) FROM conversations c WHERE c.person_id = people.id)
             FROM people WHERE id = ?1",
            [id],
            |row| {
                Ok(Person {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    role: row.get(2)?,
                    support_kinds: Vec::new(),
                    notes: row.get(3)?,
                    conversation_count: row.get(6)?,
                    last_conversation_on: row.get(7)?,
                    created_at: rfc3339(row.get(4)?),
                    updated_at: rfc3339(row.get(5)?),
                })
            },
        )
        .optional()
        .context("read the person")?
        .ok_or_else(|| person_not_found(id))?;
    person.support_kinds = {
        let mut statement = connection
            .prepare_cached("SELECT kind FROM person_support_kinds WHERE person_id = ?1")
            .context("read the kinds of support")?;
        let rows = statement.query_map([id], |row| row.get(0)).context("read the kinds of support")?;
        let mut kinds = rows.collect::<rusqlite::Result<Vec<SupportKind>>>().context("read the kinds of support")?;
        // Stored as a set; shown in the enum's order whatever order the rows come back in.
        kinds.sort();
        kinds
    };
    Ok(person)
}

/// Conversations matching `condition` (SQL on `conversations c`, with its ORDER BY).
pub(crate) fn conversations<P: rusqlite::Params>(
    connection: &Connection,
    condition: &str,
    params: P,
) -> Result<Vec<Conversation>> {
    let mut statement = connection
        .prepare_cached(&format!(
            "SELECT c.id, c.person_id, p.name, c.setback_id, s.title, c.held_on, c.what_they_said, c.what_ill_try,
                    c.created_at, c.updated_at
             FROM conversations c
             JOIN people p ON p.id = c.person_id
             LEFT JOIN setbacks s ON s.id = c.setback_id
             WHERE {condition}"
        ))
        .context("read the support log")?;
    let rows = statement.query_map(params, conversation_from_row).context("read the support log")?;
    rows.collect::<rusqlite::Result<Vec<_>>>().context("read the support log")
}

fn conversation_from_row(row: &Row<'_>) -> rusqlite::Result<Conversation> {
    Ok(Conversation {
        id: row.get(0)?,
        person_id: row.get(1)?,
        person_name: row.get(2)?,
        setback_id: row.get(3)?,
        setback_title: row.get(4)?,
        held_on: row.get(5)?,
        what_they_said: row.get(6)?,
        what_ill_try: row.get(7)?,
        created_at: rfc3339(row.get(8)?),
        updated_at: rfc3339(row.get(9)?),
    })
}

fn person_not_found(id: i64) -> CoreError {
    CoreError::NotFound { what: format!("Person {id}") }
}

fn conversation_not_found(id: i64) -> CoreError {
    CoreError::NotFound { what: format!("Conversation {id}") }
}
