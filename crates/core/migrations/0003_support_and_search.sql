-- The support network (people and the conversations had with them) and one full-text index
-- across everything the user writes. As in 0001 and 0002, local dates are stored as the user
-- saw them (`YYYY-MM-DD`) and instants as Unix milliseconds (UTC).

-- People who support the user. Names need not be unique: two friends may share one.
CREATE TABLE people (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    role       TEXT    NOT NULL CHECK (role IN ('mentor', 'peer', 'coach', 'friend', 'other')),
    notes      TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

-- The kinds of support a person gives; a set, so no position.
CREATE TABLE person_support_kinds (
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    kind      TEXT    NOT NULL CHECK (kind IN ('perspective', 'advice', 'encouragement', 'practical_help')),
    PRIMARY KEY (person_id, kind)
) STRICT, WITHOUT ROWID;

-- The support log. A person with conversations cannot be deleted (core refuses with a
-- message first; the foreign key without an action is the backstop), because a conversation
-- means little once it is no longer known who said it. Deleting a setback keeps the
-- conversations about it, unlinked, as it keeps lessons.
CREATE TABLE conversations (
    id             INTEGER PRIMARY KEY,
    person_id      INTEGER NOT NULL REFERENCES people (id),
    setback_id     INTEGER REFERENCES setbacks (id) ON DELETE SET NULL,
    held_on        TEXT    NOT NULL CHECK (held_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    what_they_said TEXT    NOT NULL,
    what_ill_try   TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
) STRICT;

CREATE INDEX conversations_by_person ON conversations (person_id, held_on);
CREATE INDEX conversations_by_setback ON conversations (setback_id, held_on) WHERE setback_id IS NOT NULL;
CREATE INDEX conversations_by_date ON conversations (held_on);

-- Unified search: one FTS5 index over journal entries, setbacks, reflections, lessons and
-- goals. It keeps its own copy of the text (external content cannot span several tables, and
-- snippet() needs the text), with the characters U+0002 and U+0003 replaced by spaces: core
-- uses them to mark highlighted words in snippets, so the copy must never contain them.
--
-- The rowid is a sort key, (day << 41) | (record id << 3) | kind, where day counts from
-- 0001-01-01 (the Julian day of 0001-01-01 is 1721425.5) and kind is 1 entry, 2 setback,
-- 3 reflection, 4 lesson, 5 goal. Walking the index by rowid therefore walks it newest local
-- date first, so a search can stop after `limit` matches, a date range is a rowid range that
-- FTS5 seeks to, and the kind filter reads only the rowid. Record ids must stay below 2^38,
-- which SQLite's ids never reach in a journal written by hand.
--
-- What each kind indexes, and the local date it is filed under:
--   entry       title, body                      its local date
--   setback     title, what happened             its local date (and its area)
--   reflection  (none), its answers              the date and area of its setback
--   lesson      text, the "if" and "then" parts  the date it was written (and its area)
--   goal        title, why and how I'll know     the UTC date it was set: goals keep no time
--                                                zone, so near midnight this can be a day off
CREATE VIRTUAL TABLE search_index USING fts5 (
    title,
    body,
    kind UNINDEXED,
    record_id UNINDEXED,
    local_date UNINDEXED,
    area_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- One view per kind gives the row the index holds for each record, so that the triggers and
-- the backfill below share one definition.
CREATE VIEW search_entry_documents AS
SELECT (CAST(julianday(e.local_date) - 1721425.5 AS INTEGER) << 41) | (e.id << 3) | 1 AS doc_id,
       replace(replace(e.title, char(2), ' '), char(3), ' ') AS title,
       replace(replace(e.body, char(2), ' '), char(3), ' ') AS body,
       'entry' AS kind, e.id AS record_id, e.local_date AS local_date, NULL AS area_id
FROM entries e;

CREATE VIEW search_setback_documents AS
SELECT (CAST(julianday(s.local_date) - 1721425.5 AS INTEGER) << 41) | (s.id << 3) | 2 AS doc_id,
       replace(replace(s.title, char(2), ' '), char(3), ' ') AS title,
       replace(replace(s.what_happened, char(2), ' '), char(3), ' ') AS body,
       'setback' AS kind, s.id AS record_id, s.local_date AS local_date, s.area_id AS area_id
FROM setbacks s;

CREATE VIEW search_reflection_documents AS
SELECT (CAST(julianday(s.local_date) - 1721425.5 AS INTEGER) << 41) | (r.id << 3) | 3 AS doc_id,
       '' AS title,
       coalesce((SELECT group_concat(replace(replace(a.answer, char(2), ' '), char(3), ' '), char(10) ORDER BY a.position)
                 FROM reflection_answers a WHERE a.reflection_id = r.id AND a.answer <> ''), '') AS body,
       'reflection' AS kind, r.id AS record_id, s.local_date AS local_date, s.area_id AS area_id
FROM reflections r JOIN setbacks s ON s.id = r.setback_id;

CREATE VIEW search_lesson_documents AS
SELECT (CAST(julianday(l.written_on) - 1721425.5 AS INTEGER) << 41) | (l.id << 3) | 4 AS doc_id,
       replace(replace(l.text, char(2), ' '), char(3), ' ') AS title,
       replace(replace(coalesce(l.if_situation || char(10) || l.then_action, ''), char(2), ' '), char(3), ' ') AS body,
       'lesson' AS kind, l.id AS record_id, l.written_on AS local_date, l.area_id AS area_id
FROM lessons l;

CREATE VIEW search_goal_documents AS
SELECT (CAST(julianday(g.created_at / 1000, 'unixepoch') - 1721425.5 AS INTEGER) << 41) | (g.id << 3) | 5 AS doc_id,
       replace(replace(g.title, char(2), ' '), char(3), ' ') AS title,
       replace(replace(g.why || char(10) || g.how_ill_know, char(2), ' '), char(3), ' ') AS body,
       'goal' AS kind, g.id AS record_id, date(g.created_at / 1000, 'unixepoch') AS local_date, NULL AS area_id
FROM goals g;

-- Journal entries.
CREATE TRIGGER search_entries_after_insert AFTER INSERT ON entries BEGIN
    INSERT INTO search_index (rowid, title, body, kind, record_id, local_date, area_id)
    SELECT * FROM search_entry_documents WHERE record_id = new.id;
END;

CREATE TRIGGER search_entries_after_update AFTER UPDATE OF title, body, local_date ON entries BEGIN
    DELETE FROM search_index
    WHERE rowid = (CAST(julianday(old.local_date) - 1721425.5 AS INTEGER) << 41) | (old.id << 3) | 1;
    INSERT INTO search_index (rowid, title, body, kind, record_id, local_date, area_id)
    SELECT * FROM search_entry_documents WHERE record_id = new.id;
END;

CREATE TRIGGER search_entries_after_delete AFTER DELETE ON entries BEGIN
    DELETE FROM search_index
    WHERE rowid = (CAST(julianday(old.local_date) - 1721425.5 AS INTEGER) << 41) | (old.id << 3) | 1;
END;

-- Setbacks, and the reflections filed under their date and area.
CREATE TRIGGER search_setbacks_after_insert AFTER INSERT ON setbacks BEGIN
    INSERT INTO search_index (rowid, title, body, kind, record_id, local_date, area_id)
    SELECT * FROM search_setback_documents WHERE record_id = new.id;
END;

CREATE TRIGGER search_setbacks_after_update AFTER UPDATE OF title, what_happened, local_date, area_id ON setbacks BEGIN
    DELETE FROM search_index
    WHERE rowid = (CAST(julianday(old.local_date) - 1721425.5 AS INTEGER) << 41) | (old.id << 3) | 2;
    INSERT INTO search_index (rowid, title, body, kind, record_id, local_date, area_id)
    SELECT * FROM search_setback_documents WHERE record_id = new.id;
    DELETE FROM search_index
    WHERE rowid IN (SELECT (CAST(julianday(old.local_date) - 1721425.5 AS INTEGER) << 41) | (r.id << 3) | 3
                    FROM reflections r WHERE r.setback_id = old.id);
    INSERT INTO search_index (rowid, title, body, kind, record_id, local_date, area_id)
    SELECT d.* FROM search_reflection_documents d JOIN reflections r ON r.id = d.record_id WHERE r.setback_id = new.id;
END;

-- When a setback is deleted, SQLite deletes its reflections (ON DELETE CASCADE) after the
-- setback row is gone and before this trigger runs, so the reflections' own trigger can no
-- longer find the setback's date, and this one can no longer list the reflections. Their
-- documents are found instead among the setback's day, as reflections that no longer exist.
CREATE TRIGGER search_setbacks_after_delete AFTER DELETE ON setbacks BEGIN
    DELETE FROM search_index
    WHERE rowid = (CAST(julianday(old.local_date) - 1721425.5 AS INTEGER) << 41) | (old.id << 3) | 2;
    DELETE FROM search_index
    WHERE rowid BETWEEN (CAST(julianday(old.local_date) - 1721425.5 AS INTEGER) << 41)
                    AND ((CAST(julianday(old.local_date) - 1721425.5 AS INTEGER) + 1) << 41) - 1
      AND (rowid & 7) = 3
      AND record_id NOT IN (SELECT id FROM reflections);
END;

-- Reflections: one document per reflection, its answers in prompt order.
CREATE TRIGGER search_reflections_after_insert AFTER INSERT ON reflections BEGIN
    INSERT INTO search_index (rowid, title, body, kind, record_id, local_date, area_id)
    SELECT * FROM search_reflection_documents WHERE record_id = new.id;
END;

CREATE TRIGGER search_reflection_answers_after_insert AFTER INSERT ON reflection_answers WHEN new.answer <> '' BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT doc_id FROM search_reflection_documents WHERE record_id = new.reflection_id);
    INSERT INTO search_index (rowid, title, body, kind, record_id, local_date, area_id)
    SELECT * FROM search_reflection_documents WHERE record_id = new.reflection_id;
END;

CREATE TRIGGER search_reflection_answers_after_update AFTER UPDATE OF answer ON reflection_answers BEGIN
    DELETE FROM search_index WHERE rowid = (SELECT doc_id FROM search_reflection_documents WHERE record_id = new.reflection_id);
    INSERT INTO search_index (rowid, title, body, kind, record_id, local_date, area_id)
    SELECT * FROM search_reflection_documents WHERE record_id = new.reflection_id;
END;

-- A reflection deleted on its own: its setback is still there to date it. (Deleted with its
-- setback, the setback's trigger above removes the document.)
CREATE TRIGGER search_reflections_after_delete AFTER DELETE ON reflections BEGIN
    DELETE FROM search_index
    WHERE rowid = (SELECT (CAST(julianday(s.local_date) - 1721425.5 AS INTEGER) << 41) | (old.id << 3) | 3
                   FROM setbacks s WHERE s.id = old.setback_id);
END;

-- Lessons.
CREATE TRIGGER search_lessons_after_insert AFTER INSERT ON lessons BEGIN
    INSERT INTO search_index (rowid, title, body, kind, record_id, local_date, area_id)
    SELECT * FROM search_lesson_documents WHERE record_id = new.id;
END;

CREATE TRIGGER search_lessons_after_update AFTER UPDATE OF text, if_situation, then_action, area_id, written_on ON lessons
BEGIN
    DELETE FROM search_index
    WHERE rowid = (CAST(julianday(old.written_on) - 1721425.5 AS INTEGER) << 41) | (old.id << 3) | 4;
    INSERT INTO search_index (rowid, title, body, kind, record_id, local_date, area_id)
    SELECT * FROM search_lesson_documents WHERE record_id = new.id;
END;

CREATE TRIGGER search_lessons_after_delete AFTER DELETE ON lessons BEGIN
    DELETE FROM search_index
    WHERE rowid = (CAST(julianday(old.written_on) - 1721425.5 AS INTEGER) << 41) | (old.id << 3) | 4;
END;

-- Goals.
CREATE TRIGGER search_goals_after_insert AFTER INSERT ON goals BEGIN
    INSERT INTO search_index (rowid, title, body, kind, record_id, local_date, area_id)
    SELECT * FROM search_goal_documents WHERE record_id = new.id;
END;

CREATE TRIGGER search_goals_after_update AFTER UPDATE OF title, why, how_ill_know, created_at ON goals BEGIN
    DELETE FROM search_index
    WHERE rowid = (CAST(julianday(old.created_at / 1000, 'unixepoch') - 1721425.5 AS INTEGER) << 41) | (old.id << 3) | 5;
    INSERT INTO search_index (rowid, title, body, kind, record_id, local_date, area_id)
    SELECT * FROM search_goal_documents WHERE record_id = new.id;
END;

CREATE TRIGGER search_goals_after_delete AFTER DELETE ON goals BEGIN
    DELETE FROM search_index
    WHERE rowid = (CAST(julianday(old.created_at / 1000, 'unixepoch') - 1721425.5 AS INTEGER) << 41) | (old.id << 3) | 5;
END;

-- Index what journals written before this migration already hold.
INSERT INTO search_index (rowid, title, body, kind, record_id, local_date, area_id) SELECT * FROM search_entry_documents;
INSERT INTO search_index (rowid, title, body, kind, record_id, local_date, area_id) SELECT * FROM search_setback_documents;
INSERT INTO search_index (rowid, title, body, kind, record_id, local_date, area_id) SELECT * FROM search_reflection_documents;
INSERT INTO search_index (rowid, title, body, kind, record_id, local_date, area_id) SELECT * FROM search_lesson_documents;
INSERT INTO search_index (rowid, title, body, kind, record_id, local_date, area_id) SELECT * FROM search_goal_documents;
