//! Journal entries: validation, storage, listing by page and by day, and full-text search.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::Clock;
use crate::error::{CoreError, Result, StorageContext};
use crate::local_time::{self, rfc3339};

/// Longest title accepted, in characters.
pub const MAX_TITLE_CHARS: usize = 500;
/// Largest body accepted, in bytes (UTF-8). Big enough for a long diary entry with pasted
/// notes; small enough that one entry cannot make the journal sluggish.
pub const MAX_BODY_BYTES: usize = 5 * 1024 * 1024;
/// Most tags on one entry.
pub const MAX_TAGS: usize = 50;
/// Longest tag, in characters.
pub const MAX_TAG_CHARS: usize = 60;
/// Largest page the list returns, whatever is asked.
pub const MAX_PAGE_SIZE: u32 = 200;
/// Characters of body shown in a list excerpt.
const EXCERPT_CHARS: usize = 160;

/// A journal entry as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    /// Markdown.
    pub body: String,
    /// When it happened, as the writer saw it: `YYYY-MM-DDTHH:MM` in `time_zone`.
    pub local_date_time: String,
    /// The IANA time zone of `local_date_time`.
    pub time_zone: String,
    /// 1 (very low) to 5 (very good).
    pub mood: Option<u8>,
    pub tags: Vec<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

/// The title and body an editor loaded, sent back with its changes: what the user's writing
/// started from (see [`Entries::update_from`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EntryText {
    pub title: String,
    pub body: String,
}

/// What the user writes: used both to create an entry and to replace its editable fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EntryDraft {
    pub title: String,
    pub body: String,
    /// `YYYY-MM-DDTHH:MM` (seconds are accepted and dropped); `None` means now.
    pub local_date_time: Option<String>,
    /// An IANA time zone; `None` means the user's current time zone.
    pub time_zone: Option<String>,
    pub mood: Option<u8>,
    pub tags: Vec<String>,
}

/// An entry as the list shows it: no full body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EntrySummary {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    /// The start of the body as plain text.
    pub excerpt: String,
    pub local_date_time: String,
    pub time_zone: String,
    pub mood: Option<u8>,
    pub tags: Vec<String>,
}

/// One page of the journal, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EntryPage {
    pub entries: Vec<EntrySummary>,
    /// Pass this back to get the next page; `None` when there is no more.
    pub next_cursor: Option<String>,
}

/// The journal entries of one database.
pub struct Entries<'a> {
    connection: &'a mut Connection,
    clock: &'a dyn Clock,
}

/// A draft that passed validation, with its time resolved.
struct ValidDraft {
    title: String,
    body: String,
    local_date: String,
    local_time: String,
    time_zone: String,
    occurred_at: i64,
    mood: Option<u8>,
    tags: Vec<String>,
}

impl<'a> Entries<'a> {
    pub(crate) fn new(connection: &'a mut Connection, clock: &'a dyn Clock) -> Self {
        Self { connection, clock }
    }

    /// Writes a new entry.
    pub fn create(&mut self, draft: &EntryDraft) -> Result<Entry> {
        let valid = self.validate(draft)?;
        let now = self.clock.now().as_millisecond();
        let transaction = self.connection.transaction().context("start saving the entry")?;
        let id = insert(&transaction, &valid, now)?;
        transaction.commit().context("save the entry")?;
        self.get(id)
    }

    /// Writes many new entries in one transaction (an import): all of them, or, if any draft
    /// is refused, none. Returns their ids in the drafts' order.
    pub fn create_many(&mut self, drafts: &[EntryDraft]) -> Result<Vec<i64>> {
        // Everything is validated before the first write, so a refusal names the draft and
        // leaves the journal as it was.
        let valid = drafts
            .iter()
            .enumerate()
            .map(|(index, draft)| {
                self.validate(draft).map_err(|error| match error {
                    CoreError::InvalidInput(message) => {
                        CoreError::InvalidInput(format!("Entry {}: {message}", index + 1))
                    }
                    other => other,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let now = self.clock.now().as_millisecond();
        let transaction = self.connection.transaction().context("start saving the entries")?;
        let ids = valid.iter().map(|draft| insert(&transaction, draft, now)).collect::<Result<Vec<_>>>()?;
        transaction.commit().context("save the entries")?;
        Ok(ids)
    }

    /// Replaces the editable fields of entry `id`.
    pub fn update(&mut self, id: i64, draft: &EntryDraft) -> Result<Entry> {
        let valid = self.validate(draft)?;
        let now = self.clock.now().as_millisecond();
        let transaction = self.connection.transaction().context("start saving the entry")?;
        let changed = transaction
            .execute(
                "UPDATE entries SET title = ?2, body = ?3, local_date = ?4, local_time = ?5, time_zone = ?6,
                        occurred_at = ?7, mood = ?8, updated_at = ?9
                 WHERE id = ?1",
                params![
                    id,
                    valid.title,
                    valid.body,
                    valid.local_date,
                    valid.local_time,
                    valid.time_zone,
                    valid.occurred_at,
                    valid.mood,
                    now
                ],
            )
            .context("save the entry")?;
        if changed == 0 {
            return Err(entry_not_found(id));
        }
        transaction.execute("DELETE FROM entry_tags WHERE entry_id = ?1", [id]).context("save the tags")?;
        write_tags(&transaction, id, &valid.tags)?;
        transaction.commit().context("save the entry")?;
        self.get(id)
    }

    /// Like [`Entries::update`], for an editor that loaded the entry as `base`. If another
    /// computer changed its title or body since (sync applied it while the editor was open), the
    /// user's text does not silently replace that one: both are kept as two versions to choose
    /// from, the user's shown, and the other fields are saved as usual.
    pub fn update_from(&mut self, id: i64, draft: &EntryDraft, base: &EntryText) -> Result<Entry> {
        let current = self.get(id)?;
        let unchanged_underneath = current.title == base.title && current.body == base.body;
        if unchanged_underneath || !crate::sync::watching(self.connection)? {
            return self.update(id, draft);
        }
        let valid = self.validate(draft)?;
        let others = EntryDraft { title: current.title.clone(), body: current.body.clone(), ..draft.clone() };
        self.update(id, &others)?;
        crate::sync::keep_as_version(
            self.connection,
            self.clock,
            "entries",
            id,
            &[("title", &base.title, &valid.title), ("body", &base.body, &valid.body)],
        )?;
        self.get(id)
    }

    /// Deletes entry `id`.
    pub fn delete(&mut self, id: i64) -> Result<()> {
        let deleted = self.connection.execute("DELETE FROM entries WHERE id = ?1", [id]).context("delete the entry")?;
        if deleted == 0 {
            return Err(entry_not_found(id));
        }
        Ok(())
    }

    /// Reads entry `id` whole.
    pub fn get(&self, id: i64) -> Result<Entry> {
        self.connection
            .query_row(
                "SELECT id, title, body, local_date, local_time, time_zone, mood, created_at, updated_at,
                        (SELECT json_group_array(tag) FROM (SELECT tag FROM entry_tags WHERE entry_id = entries.id ORDER BY position))
                 FROM entries WHERE id = ?1",
                [id],
                |row| {
                    Ok(Entry {
                        id: row.get(0)?,
                        title: row.get(1)?,
                        body: row.get(2)?,
                        local_date_time: format!("{}T{}", row.get::<_, String>(3)?, row.get::<_, String>(4)?),
                        time_zone: row.get(5)?,
                        mood: row.get(6)?,
                        created_at: rfc3339(row.get(7)?),
                        updated_at: rfc3339(row.get(8)?),
                        tags: tags_from_json(&row.get::<_, String>(9)?),
                    })
                },
            )
            .optional()
            .context("read the entry")?
            .ok_or_else(|| entry_not_found(id))
    }

    /// One page of entries, newest first. `cursor` is the `next_cursor` of the page before.
    pub fn list(&self, cursor: Option<&str>, limit: u32) -> Result<EntryPage> {
        let limit = limit.clamp(1, MAX_PAGE_SIZE);
        let (before_occurred_at, before_id) = match cursor {
            None => (i64::MAX, i64::MAX),
            Some(cursor) => parse_cursor(cursor)?,
        };
        // Keyset pagination: the index on (occurred_at DESC, id DESC) serves each page
        // directly, however deep, instead of counting past an OFFSET.
        let mut statement = self
            .connection
            .prepare_cached(&format!(
                "{SUMMARY_SELECT}
                 WHERE (occurred_at, id) < (?1, ?2)
                 ORDER BY occurred_at DESC, id DESC
                 LIMIT ?3"
            ))
            .context("list the journal")?;
        let rows = statement
            .query_map(params![before_occurred_at, before_id, limit + 1], summary_with_key)
            .context("list the journal")?;
        let mut page = rows.collect::<rusqlite::Result<Vec<_>>>().context("list the journal")?;
        let next_cursor = if page.len() > limit as usize {
            page.truncate(limit as usize);
            page.last().map(|(summary, occurred_at)| format!("{occurred_at}:{}", summary.id))
        } else {
            None
        };
        Ok(EntryPage { entries: page.into_iter().map(|(summary, _)| summary).collect(), next_cursor })
    }

    /// The entries written on `day` (`YYYY-MM-DD`, the writer's local date), newest first.
    pub fn on_day(&self, day: &str) -> Result<Vec<EntrySummary>> {
        let date = local_time::parse_local_date(day)?;
        let mut statement = self
            .connection
            .prepare_cached(&format!("{SUMMARY_SELECT} WHERE local_date = ?1 ORDER BY occurred_at DESC, id DESC"))
            .context("list the day's entries")?;
        let rows = statement.query_map([date.to_string()], summary_with_key).context("list the day's entries")?;
        let entries = rows.collect::<rusqlite::Result<Vec<_>>>().context("list the day's entries")?;
        Ok(entries.into_iter().map(|(summary, _)| summary).collect())
    }

    /// Entries whose title or body match every word of `query` (the last as a prefix, see
    /// [`fts_query`]): the `limit` most recently written, shown newest first. Ranking by
    /// relevance (bm25) would score every match before picking the best, which for a common
    /// word in a large journal costs ~100 ms; walking the index by rowid stops after `limit`
    /// matches.
    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<EntrySummary>> {
        let Some(match_expression) = fts_query(query) else {
            return Ok(Vec::new());
        };
        let limit = limit.clamp(1, MAX_PAGE_SIZE);
        let mut statement = self
            .connection
            .prepare_cached(&format!(
                "{SUMMARY_SELECT}
                 WHERE id IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2)
                 ORDER BY occurred_at DESC, id DESC"
            ))
            .context("search the journal")?;
        let rows =
            statement.query_map(params![match_expression, limit], summary_with_key).context("search the journal")?;
        let entries = rows.collect::<rusqlite::Result<Vec<_>>>().context("search the journal")?;
        Ok(entries.into_iter().map(|(summary, _)| summary).collect())
    }

    fn validate(&self, draft: &EntryDraft) -> Result<ValidDraft> {
        let title = draft.title.trim().to_owned();
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err(CoreError::InvalidInput(format!(
                "The title is too long ({} characters); keep it under {MAX_TITLE_CHARS}.",
                title.chars().count()
            )));
        }
        if draft.body.len() > MAX_BODY_BYTES {
            return Err(CoreError::InvalidInput(format!(
                "The entry is too long ({:.1} MB); the most one entry can hold is {} MB.",
                draft.body.len() as f64 / (1024.0 * 1024.0),
                MAX_BODY_BYTES / (1024 * 1024)
            )));
        }
        for (field, text) in [("title", &title), ("text", &draft.body)] {
            if text.contains('\0') {
                return Err(CoreError::InvalidInput(format!(
                    "The {field} contains a NUL character, which a journal entry cannot hold."
                )));
            }
        }
        if let Some(mood) = draft.mood {
            if !(1..=5).contains(&mood) {
                return Err(CoreError::InvalidInput(format!("Mood must be between 1 and 5, not {mood}.")));
            }
        }
        let tags = normalise_tags(&draft.tags)?;

        let resolved = local_time::resolve(draft.local_date_time.as_deref(), draft.time_zone.as_deref(), self.clock)?;

        Ok(ValidDraft {
            title,
            body: draft.body.clone(),
            local_date: resolved.local_date,
            local_time: resolved.local_time,
            time_zone: resolved.time_zone,
            occurred_at: resolved.instant,
            mood: draft.mood,
            tags,
        })
    }
}

/// The columns every summary query selects; `occurred_at` comes last, for the cursor.
const SUMMARY_SELECT: &str = "SELECT id, title, substr(body, 1, 600), local_date, local_time, time_zone, mood,
        (SELECT json_group_array(tag) FROM (SELECT tag FROM entry_tags WHERE entry_id = entries.id ORDER BY position)),
        occurred_at
     FROM entries";

fn summary_with_key(row: &Row<'_>) -> rusqlite::Result<(EntrySummary, i64)> {
    Ok((
        EntrySummary {
            id: row.get(0)?,
            title: row.get(1)?,
            excerpt: excerpt(&row.get::<_, String>(2)?),
            local_date_time: format!("{}T{}", row.get::<_, String>(3)?, row.get::<_, String>(4)?),
            time_zone: row.get(5)?,
            mood: row.get(6)?,
            tags: tags_from_json(&row.get::<_, String>(7)?),
        },
        row.get(8)?,
    ))
}

fn insert(connection: &Connection, valid: &ValidDraft, now: i64) -> Result<i64> {
    connection
        .prepare_cached(
            "INSERT INTO entries (title, body, local_date, local_time, time_zone, occurred_at, mood, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        )
        .and_then(|mut statement| {
            statement.execute(params![
                valid.title,
                valid.body,
                valid.local_date,
                valid.local_time,
                valid.time_zone,
                valid.occurred_at,
                valid.mood,
                now
            ])
        })
        .context("save the entry")?;
    let id = connection.last_insert_rowid();
    write_tags(connection, id, &valid.tags)?;
    Ok(id)
}

fn write_tags(connection: &Connection, entry_id: i64, tags: &[String]) -> Result<()> {
    let mut statement = connection
        .prepare_cached("INSERT INTO entry_tags (entry_id, position, tag) VALUES (?1, ?2, ?3)")
        .context("save the tags")?;
    for (position, tag) in tags.iter().enumerate() {
        statement.execute(params![entry_id, position as i64, tag]).context("save the tags")?;
    }
    Ok(())
}

fn tags_from_json(json: &str) -> Vec<String> {
    // The JSON comes from SQLite's json_group_array over TEXT values, so it is always an array
    // of strings; an empty array is the only other case.
    serde_json::from_str(json).unwrap_or_default()
}

fn entry_not_found(id: i64) -> CoreError {
    CoreError::NotFound { what: format!("Journal entry {id}") }
}

/// Trims tags, drops empty ones and case-insensitive duplicates, keeps the user's order.
fn normalise_tags(tags: &[String]) -> Result<Vec<String>> {
    let mut kept: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.trim().trim_start_matches('#').trim();
        if tag.is_empty() || kept.iter().any(|existing| existing.to_lowercase() == tag.to_lowercase()) {
            continue;
        }
        if tag.chars().count() > MAX_TAG_CHARS {
            return Err(CoreError::InvalidInput(format!(
                "The tag “{}…” is too long; keep tags under {MAX_TAG_CHARS} characters.",
                tag.chars().take(20).collect::<String>()
            )));
        }
        if tag.contains('\0') {
            return Err(CoreError::InvalidInput("A tag contains a NUL character.".to_owned()));
        }
        kept.push(tag.to_owned());
    }
    if kept.len() > MAX_TAGS {
        return Err(CoreError::InvalidInput(format!("An entry can have up to {MAX_TAGS} tags, not {}.", kept.len())));
    }
    Ok(kept)
}

fn parse_cursor(cursor: &str) -> Result<(i64, i64)> {
    let invalid = || CoreError::InvalidInput(format!("“{cursor}” is not a page cursor of the journal list."));
    let (occurred_at, id) = cursor.split_once(':').ok_or_else(invalid)?;
    Ok((occurred_at.parse().map_err(|_| invalid())?, id.parse().map_err(|_| invalid())?))
}

/// Turns what the user typed into an FTS5 query: every word must match; the last word, the
/// one still being typed, may be the start of a longer word ("budg" finds "budget"), the words
/// before it match whole. Only the last word is a prefix because FTS5 answers a prefix by
/// merging the lists of every word it starts, in full, before it can stop at the newest
/// matches: ~3.5 ms for a word in every entry of 100,000, per prefix word; a whole word is
/// read from its newest match onwards and stops after the page (~50 µs). Each word is quoted,
/// so that FTS5 syntax typed by the user (`AND`, `*`, quotes, `:`) is searched for as text
/// instead of being interpreted or failing.
pub(crate) fn fts_query(query: &str) -> Option<String> {
    let words: Vec<&str> = query.split_whitespace().collect();
    let (last, whole) = words.split_last()?;
    let quoted = |word: &str| format!("\"{}\"", word.replace('"', "\"\""));
    let mut terms: Vec<String> = whole.iter().map(|word| quoted(word)).collect();
    terms.push(format!("{}*", quoted(last)));
    Some(terms.join(" "))
}

/// A short plain-text excerpt of Markdown: markup characters dropped, links and pictures
/// shown by their text (a picture's name, never its `attachment:` reference), whitespace
/// collapsed.
fn excerpt(markdown: &str) -> String {
    let plain: String = link_texts(markdown)
        .lines()
        .map(|line| {
            line.trim_start_matches(|c: char| c == '#' || c == '>' || c == '-' || c == '*' || c.is_whitespace())
        })
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['*', '_', '`'], "");
    let collapsed = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= EXCERPT_CHARS {
        collapsed
    } else {
        let cut: String = collapsed.chars().take(EXCERPT_CHARS).collect();
        format!("{}…", cut.trim_end())
    }
}

/// `markdown` with each link `[text](target)` and picture `![name](target)` replaced by its
/// text or name.
fn link_texts(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(open) = rest.find('[') {
        let Some(link) = rest[open..].find("](").map(|close| open + close) else { break };
        let Some(end) = rest[link..].find(')').map(|end| link + end) else { break };
        let text = &rest[open + 1..link];
        if text.contains(['[', '\n']) || rest[link + 2..end].contains(char::is_whitespace) {
            // Not a link after all (a bracket in prose): keep the bracket and look further on.
            out.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        }
        out.push_str(rest[..open].strip_suffix('!').unwrap_or(&rest[..open]));
        out.push_str(text);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_shows_links_and_pictures_by_their_text() {
        assert_eq!(
            excerpt("Done.\n\n![finish-line.png](attachment:c7a96a5a94a4f7d0e50f4ed372341234) and [the letter](attachment:ab)"),
            "Done. finish-line.png and the letter"
        );
        assert_eq!(excerpt("a [bracket] in prose, [x](not a link)"), "a [bracket] in prose, [x](not a link)");
    }

    #[test]
    fn fts_query_quotes_every_word_so_user_syntax_is_text() {
        assert_eq!(fts_query("  "), None, "blank search matches nothing rather than everything");
        assert_eq!(fts_query("team lead"), Some("\"team\" \"lead\"*".to_owned()), "the last word is a prefix");
        assert_eq!(fts_query("say \"no\""), Some("\"say\" \"\"\"no\"\"\"*".to_owned()));
    }

    #[test]
    fn excerpt_drops_markup_and_shortens() {
        assert_eq!(excerpt("# Heading\n\n- **bold** point\n> quote"), "Heading bold point quote");
        let long = "word ".repeat(100);
        let short = excerpt(&long);
        assert!(short.ends_with('…'), "long bodies are cut with an ellipsis: {short}");
        assert!(short.chars().count() <= EXCERPT_CHARS + 1);
    }

    #[test]
    fn tags_are_trimmed_and_deduplicated_case_insensitively() {
        let tags = normalise_tags(&["  work ".into(), "#Work".into(), "".into(), "health".into()]).unwrap();
        assert_eq!(tags, vec!["work".to_owned(), "health".to_owned()]);
    }
}
