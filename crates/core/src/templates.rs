//! Reflection templates, stored as data.
//!
//! The built-ins (Failing-up review, After Action Review, What? So what? Now what?, Thought
//! record) are seeded by the migration; they can be hidden or duplicated but not edited or
//! deleted, so that every user has the same well-known forms to come back to. The user's own
//! templates can be created, edited, reordered and deleted freely: a reflection keeps a
//! snapshot of the prompts it answered, so no change here can alter or break one.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result, StorageContext};
use crate::fields::{self, text_enum, MAX_TITLE_CHARS};

/// Most prompts in one template.
pub const MAX_PROMPTS: usize = 30;
/// Longest prompt, in characters.
pub const MAX_PROMPT_CHARS: usize = 1_000;
/// Longest description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 2_000;

/// How a prompt is answered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PromptKind {
    /// In words.
    #[default]
    Text,
    /// With a number from 0 to 100 (and, optionally, words).
    Rating,
}

text_enum!(PromptKind { Text => "text", Rating => "rating" });

/// One question of a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Prompt {
    pub text: String,
    pub kind: PromptKind,
}

/// A template as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub description: String,
    /// Built-ins can be hidden and duplicated, not edited or deleted.
    pub built_in: bool,
    /// Hidden templates are not offered for new reflections.
    pub hidden: bool,
    /// The template's place in the list, from 1.
    pub position: u32,
    pub prompts: Vec<Prompt>,
}

/// What the user writes to create a template or replace one of their own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateDraft {
    pub name: String,
    pub description: String,
    pub prompts: Vec<Prompt>,
}

/// The reflection templates of one database.
pub struct Templates<'a> {
    connection: &'a mut Connection,
}

impl<'a> Templates<'a> {
    pub(crate) fn new(connection: &'a mut Connection) -> Self {
        Self { connection }
    }

    /// The templates in the user's order; hidden ones only if `include_hidden`.
    pub fn list(&self, include_hidden: bool) -> Result<Vec<Template>> {
        let mut statement = self
            .connection
            .prepare_cached(
                "SELECT id, name, description, built_in, hidden, position FROM templates
                 WHERE ?1 OR NOT hidden ORDER BY position, id",
            )
            .context("list the templates")?;
        let rows = statement.query_map([include_hidden], template_from_row).context("list the templates")?;
        let mut templates = rows.collect::<rusqlite::Result<Vec<_>>>().context("list the templates")?;
        for template in &mut templates {
            template.prompts = read_prompts(self.connection, template.id)?;
        }
        Ok(templates)
    }

    /// Template `id`.
    pub fn get(&self, id: i64) -> Result<Template> {
        get(self.connection, id)
    }

    /// Creates a template of the user's own, placed last.
    pub fn create(&mut self, draft: &TemplateDraft) -> Result<Template> {
        let valid = validate(draft)?;
        let transaction = self.connection.transaction().context("start saving the template")?;
        let id = insert(&transaction, &valid)?;
        transaction.commit().context("save the template")?;
        self.get(id)
    }

    /// Replaces the name, description and prompts of one of the user's templates.
    /// Reflections already written with it keep the prompts they answered.
    pub fn update(&mut self, id: i64, draft: &TemplateDraft) -> Result<Template> {
        let valid = validate(draft)?;
        let transaction = self.connection.transaction().context("start saving the template")?;
        let existing = get(&transaction, id)?;
        if existing.built_in {
            return Err(CoreError::InvalidInput(format!(
                "“{}” is built in and cannot be edited; duplicate it to make your own version.",
                existing.name
            )));
        }
        transaction
            .execute(
                "UPDATE templates SET name = ?2, description = ?3 WHERE id = ?1",
                params![id, valid.name, valid.description],
            )
            .context("save the template")?;
        transaction.execute("DELETE FROM template_prompts WHERE template_id = ?1", [id]).context("save the prompts")?;
        write_prompts(&transaction, id, &valid.prompts)?;
        transaction.commit().context("save the template")?;
        self.get(id)
    }

    /// Deletes one of the user's templates. Reflections written with it are kept, with the
    /// prompts they answered.
    pub fn delete(&mut self, id: i64) -> Result<()> {
        let transaction = self.connection.transaction().context("start deleting the template")?;
        let existing = get(&transaction, id)?;
        if existing.built_in {
            return Err(CoreError::InvalidInput(format!(
                "“{}” is built in and cannot be deleted; hide it instead.",
                existing.name
            )));
        }
        transaction.execute("DELETE FROM templates WHERE id = ?1", [id]).context("delete the template")?;
        transaction.commit().context("delete the template")
    }

    /// Copies template `id` (built in or not) into a new template of the user's own, named
    /// "… (copy)" and placed last.
    pub fn duplicate(&mut self, id: i64) -> Result<Template> {
        let transaction = self.connection.transaction().context("start copying the template")?;
        let original = get(&transaction, id)?;
        let mut name = format!("{} (copy)", original.name);
        if name.chars().count() > MAX_TITLE_CHARS {
            name = original.name.clone();
        }
        let copy = TemplateDraft { name, description: original.description, prompts: original.prompts };
        let new_id = insert(&transaction, &copy)?;
        transaction.commit().context("copy the template")?;
        self.get(new_id)
    }

    /// Hides template `id` from the templates offered for new reflections, or shows it again.
    pub fn set_hidden(&mut self, id: i64, hidden: bool) -> Result<Template> {
        let changed = self
            .connection
            .execute("UPDATE templates SET hidden = ?2 WHERE id = ?1", params![id, hidden])
            .context("save the template")?;
        if changed == 0 {
            return Err(template_not_found(id));
        }
        self.get(id)
    }

    /// Puts the templates in the order of `ids`, which must name every template (hidden ones
    /// included) exactly once, so that no template is left without a place.
    pub fn reorder(&mut self, ids: &[i64]) -> Result<Vec<Template>> {
        let transaction = self.connection.transaction().context("start reordering the templates")?;
        let mut all: Vec<i64> = {
            let mut statement =
                transaction.prepare_cached("SELECT id FROM templates").context("reorder the templates")?;
            let rows = statement.query_map([], |row| row.get(0)).context("reorder the templates")?;
            rows.collect::<rusqlite::Result<Vec<i64>>>().context("reorder the templates")?
        };
        let mut given = ids.to_vec();
        all.sort_unstable();
        given.sort_unstable();
        if all != given {
            return Err(CoreError::InvalidInput(
                "The new order must list every template exactly once; the list may be out of date, so reload it."
                    .to_owned(),
            ));
        }
        {
            let mut statement = transaction
                .prepare_cached("UPDATE templates SET position = ?2 WHERE id = ?1")
                .context("reorder the templates")?;
            for (index, id) in ids.iter().enumerate() {
                statement.execute(params![id, index as i64 + 1]).context("reorder the templates")?;
            }
        }
        transaction.commit().context("reorder the templates")?;
        self.list(true)
    }
}

fn validate(draft: &TemplateDraft) -> Result<TemplateDraft> {
    let name = fields::text("the template's name", &draft.name, MAX_TITLE_CHARS, true)?;
    let description = fields::text("the description", &draft.description, MAX_DESCRIPTION_CHARS, false)?;
    if draft.prompts.is_empty() {
        return Err(CoreError::InvalidInput("A template needs at least one prompt.".to_owned()));
    }
    if draft.prompts.len() > MAX_PROMPTS {
        return Err(CoreError::InvalidInput(format!(
            "A template can have up to {MAX_PROMPTS} prompts, not {}.",
            draft.prompts.len()
        )));
    }
    let prompts = draft
        .prompts
        .iter()
        .enumerate()
        .map(|(index, prompt)| {
            let text = fields::text(&format!("prompt {}", index + 1), &prompt.text, MAX_PROMPT_CHARS, true)?;
            Ok(Prompt { text, kind: prompt.kind })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(TemplateDraft { name, description, prompts })
}

fn insert(connection: &Connection, valid: &TemplateDraft) -> Result<i64> {
    connection
        .execute(
            "INSERT INTO templates (name, description, built_in, hidden, position)
             VALUES (?1, ?2, 0, 0, (SELECT coalesce(max(position), 0) + 1 FROM templates))",
            params![valid.name, valid.description],
        )
        .context("save the template")?;
    let id = connection.last_insert_rowid();
    write_prompts(connection, id, &valid.prompts)?;
    Ok(id)
}

fn write_prompts(connection: &Connection, template_id: i64, prompts: &[Prompt]) -> Result<()> {
    let mut statement = connection
        .prepare_cached("INSERT INTO template_prompts (template_id, position, text, kind) VALUES (?1, ?2, ?3, ?4)")
        .context("save the prompts")?;
    for (position, prompt) in prompts.iter().enumerate() {
        statement
            .execute(params![template_id, position as i64, prompt.text, prompt.kind])
            .context("save the prompts")?;
    }
    Ok(())
}

fn read_prompts(connection: &Connection, template_id: i64) -> Result<Vec<Prompt>> {
    let mut statement = connection
        .prepare_cached("SELECT text, kind FROM template_prompts WHERE template_id = ?1 ORDER BY position")
        .context("read the prompts")?;
    let rows = statement
        .query_map([template_id], |row| Ok(Prompt { text: row.get(0)?, kind: row.get(1)? }))
        .context("read the prompts")?;
    rows.collect::<rusqlite::Result<Vec<_>>>().context("read the prompts")
}

fn template_from_row(row: &Row<'_>) -> rusqlite::Result<Template> {
    Ok(Template {
        id: row.get(0)?,
        name: row.get(1)?,
        description: row.get(2)?,
        built_in: row.get(3)?,
        hidden: row.get(4)?,
        position: row.get(5)?,
        prompts: Vec::new(),
    })
}

/// Template `id`, with its prompts.
pub(crate) fn get(connection: &Connection, id: i64) -> Result<Template> {
    let mut template = connection
        .query_row(
            "SELECT id, name, description, built_in, hidden, position FROM templates WHERE id = ?1",
            [id],
            template_from_row,
        )
        .optional()
        .context("read the template")?
        .ok_or_else(|| template_not_found(id))?;
    template.prompts = read_prompts(connection, id)?;
    Ok(template)
}

fn template_not_found(id: i64) -> CoreError {
    CoreError::NotFound { what: format!("Template {id}") }
}
