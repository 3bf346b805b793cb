//! Unified search across everything the user writes: journal entries, setbacks, reflections,
//! lessons and goals.
//!
//! One FTS5 index, `search_index`, holds a copy of the searchable text of every record; the
//! triggers of migration 0003 keep it in step with the records, so no domain module needs to
//! know about it. Its rowid is a sort key that starts with the record's local date (see the
//! migration), which is what makes a search cheap whatever the size of the journal: walking
//! the index by descending rowid finds the newest matches first and stops after `limit`, a
//! date range is a rowid range FTS5 seeks to, and the kind filter reads the rowid alone.
//!
//! Snippets mark the matched words with [`HIGHLIGHT_START`] and [`HIGHLIGHT_END`], two
//! control characters, not HTML: the UI splits on them and renders every part as text, so
//! nothing the user wrote is ever treated as markup. The index's copy of the text has those
//! two characters replaced by spaces, so a marker in a snippet always comes from the search.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result, StorageContext};
use crate::fields::text_enum;
use crate::journal::fts_query;
use crate::local_time;
use crate::markdown::shorten;

/// Marks the start of a matched word in [`SearchHit::snippet`].
pub const HIGHLIGHT_START: char = '\u{2}';
/// Marks the end of a matched word in [`SearchHit::snippet`].
pub const HIGHLIGHT_END: char = '\u{3}';
/// Most hits one search returns, whatever is asked.
pub const MAX_RESULTS: u32 = 200;
/// Hits returned when the query does not say.
pub const DEFAULT_RESULTS: u32 = 50;
/// Words of context in a snippet (FTS5 counts tokens; at most 64).
const SNIPPET_TOKENS: i64 = 16;
/// Longest title shown for a lesson, whose title is its text, in characters.
const LESSON_TITLE_CHARS: usize = 120;

/// What kind of record a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    Entry,
    Setback,
    Reflection,
    Lesson,
    Goal,
}

text_enum!(SearchKind {
    Entry => "entry",
    Setback => "setback",
    Reflection => "reflection",
    Lesson => "lesson",
    Goal => "goal",
});

impl SearchKind {
    /// Every kind, in the order of their codes.
    pub const ALL: [SearchKind; 5] =
        [SearchKind::Entry, SearchKind::Setback, SearchKind::Reflection, SearchKind::Lesson, SearchKind::Goal];

    /// The kind's code in the low three bits of the index's rowid (see migration 0003).
    fn code(self) -> i64 {
        match self {
            SearchKind::Entry => 1,
            SearchKind::Setback => 2,
            SearchKind::Reflection => 3,
            SearchKind::Lesson => 4,
            SearchKind::Goal => 5,
        }
    }

    fn from_code(code: i64) -> Option<SearchKind> {
        SearchKind::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// What to search for, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchQuery {
    /// What the user typed: every word must match, as the start of a word.
    pub text: String,
    /// The kinds to search; empty means all of them.
    pub kinds: Vec<SearchKind>,
    /// Only records filed under this life area: setbacks, their reflections and lessons
    /// (entries and goals have no area, so they never match an area filter).
    #[ts(type = "number | null")]
    pub area_id: Option<i64>,
    /// Only journal entries with this tag (ignoring case and a leading `#`); other kinds have
    /// no tags, so they never match a tag filter.
    pub tag: Option<String>,
    /// The first local date, `YYYY-MM-DD`, included.
    pub from: Option<String>,
    /// The last local date, `YYYY-MM-DD`, included.
    pub to: Option<String>,
    /// At most this many hits (1 to [`MAX_RESULTS`]).
    pub limit: u32,
}

impl Default for SearchQuery {
    fn default() -> Self {
        Self {
            text: String::new(),
            kinds: Vec::new(),
            area_id: None,
            tag: None,
            from: None,
            to: None,
            limit: DEFAULT_RESULTS,
        }
    }
}

/// A record that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    pub kind: SearchKind,
    /// The record's id, for its kind.
    #[ts(type = "number")]
    pub id: i64,
    /// The entry's, setback's or goal's title; for a reflection, the title of its setback; for
    /// a lesson, its text, shortened.
    pub title: String,
    /// Where the words matched, with each matched word between [`HIGHLIGHT_START`] (U+0002)
    /// and [`HIGHLIGHT_END`] (U+0003), and `…` where text was left out. Plain text: render
    /// every part as text.
    pub snippet: String,
    /// The local date the record is filed under, `YYYY-MM-DD`: an entry's or setback's date,
    /// a reflection's setback's date, the date a lesson was written, the (UTC) date a goal
    /// was set.
    pub local_date: String,
    #[ts(type = "number | null")]
    pub area_id: Option<i64>,
}

/// The records matching `query`, newest local date first, at most `query.limit` of them. On
/// the same day, the highest record id comes first (so, within a kind, the most recently
/// written), then the kind, goals before lessons, reflections, setbacks and entries. A query
/// with no words finds nothing.
pub(crate) fn search(connection: &Connection, query: &SearchQuery) -> Result<Vec<SearchHit>> {
    let from = query.from.as_deref().map(local_time::parse_local_date).transpose()?;
    let to = query.to.as_deref().map(local_time::parse_local_date).transpose()?;
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            return Err(CoreError::InvalidInput(format!(
                "The search starts on {from}, after it ends on {to}; choose a start on or before the end."
            )));
        }
    }
    let Some(match_expression) = fts_query(&query.text) else {
        return Ok(Vec::new());
    };
    let kinds = if query.kinds.is_empty() { &SearchKind::ALL[..] } else { &query.kinds[..] };
    let kind_mask: i64 = kinds.iter().fold(0, |mask, kind| mask | (1 << kind.code()));
    let tag = query.tag.as_deref().map(|tag| tag.trim().trim_start_matches('#').trim()).filter(|tag| !tag.is_empty());
    let from = from.map_or_else(|| "0001-01-01".to_owned(), |date| date.to_string());
    let to = to.map_or_else(|| "9999-12-31".to_owned(), |date| date.to_string());
    let limit = query.limit.clamp(1, MAX_RESULTS);

    // The date range becomes the rowid range of its days (the day is the rowid's top bits),
    // which FTS5 seeks to instead of filtering every match; ORDER BY rowid DESC is the
    // index's own order, so SQLite stops after `limit` rows that pass the filters.
    let mut statement = connection
        .prepare_cached(
            "SELECT rowid & 7, record_id, local_date, area_id,
                    CASE rowid & 7
                        WHEN 3 THEN (SELECT s.title FROM reflections r JOIN setbacks s ON s.id = r.setback_id
                                     WHERE r.id = search_index.record_id)
                        ELSE title
                    END,
                    snippet(search_index, -1, char(2), char(3), '…', ?8)
             FROM search_index
             WHERE search_index MATCH ?1
               AND rowid BETWEEN (CAST(julianday(?2) - 1721425.5 AS INTEGER) << 41)
                             AND ((CAST(julianday(?3) - 1721425.5 AS INTEGER) + 1) << 41) - 1
               AND (?4 >> (rowid & 7)) & 1
               AND (?5 IS NULL OR area_id = ?5)
               AND (?6 IS NULL OR ((rowid & 7) = 1 AND EXISTS (
                        SELECT 1 FROM entry_tags t WHERE t.entry_id = search_index.record_id AND t.tag = ?6 COLLATE NOCASE)))
             ORDER BY rowid DESC
             LIMIT ?7",
        )
        .context("search the journal")?;
    let rows = statement
        .query_map(params![match_expression, from, to, kind_mask, query.area_id, tag, limit, SNIPPET_TOKENS], |row| {
            let code: i64 = row.get(0)?;
            Ok((code, row.get(1)?, row.get(2)?, row.get(3)?, row.get::<_, Option<String>>(4)?, row.get(5)?))
        })
        .context("search the journal")?;
    let mut hits = Vec::new();
    for row in rows {
        let (code, id, local_date, area_id, title, snippet) = row.context("search the journal")?;
        // Every rowid the triggers write ends in a known code; anything else is not a record.
        let Some(kind) = SearchKind::from_code(code) else { continue };
        let title = title.unwrap_or_default();
        let title = match kind {
            SearchKind::Lesson => shorten(title.lines().next().unwrap_or_default(), LESSON_TITLE_CHARS),
            _ => title,
        };
        hits.push(SearchHit { kind, id, title, snippet, local_date, area_id });
    }
    Ok(hits)
}

/// The highlighted words of a snippet, in order: what lies between each [`HIGHLIGHT_START`]
/// and the next [`HIGHLIGHT_END`].
pub fn highlighted_words(snippet: &str) -> Vec<&str> {
    snippet
        .split(HIGHLIGHT_START)
        .skip(1)
        .filter_map(|part| part.split_once(HIGHLIGHT_END).map(|(word, _)| word))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlighted_words_are_read_between_the_markers() {
        assert_eq!(highlighted_words("a \u{2}deadline\u{3} and \u{2}dead\u{3}lines…"), ["deadline", "dead"]);
        assert!(highlighted_words("no markers").is_empty());
    }

    #[test]
    fn kind_codes_round_trip_and_fit_in_three_bits() {
        for kind in SearchKind::ALL {
            assert!((1..8).contains(&kind.code()), "{kind:?} fits the rowid's low three bits");
            assert_eq!(SearchKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(SearchKind::from_code(0), None);
    }
}
