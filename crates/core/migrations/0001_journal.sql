-- The journal: one row per entry. Local date and time are stored as the writer saw them
-- (with their IANA time zone), beside the UTC instant used for ordering, so that an entry
-- written at 23:30 in Tokyo stays on that day after the user moves to Lisbon.
CREATE TABLE entries (
    id            INTEGER PRIMARY KEY,
    title         TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    local_date    TEXT    NOT NULL CHECK (local_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    local_time    TEXT    NOT NULL CHECK (local_time GLOB '[0-9][0-9]:[0-9][0-9]'),
    time_zone     TEXT    NOT NULL,
    occurred_at   INTEGER NOT NULL, -- Unix milliseconds (UTC) of local_date + local_time in time_zone.
    mood          INTEGER CHECK (mood BETWEEN 1 AND 5),
    created_at    INTEGER NOT NULL, -- Unix milliseconds (UTC).
    updated_at    INTEGER NOT NULL  -- Unix milliseconds (UTC).
) STRICT;

-- Newest first is the journal's natural order; the id breaks ties so that keyset
-- pagination is total.
CREATE INDEX entries_by_occurrence ON entries (occurred_at DESC, id DESC);
CREATE INDEX entries_by_local_date ON entries (local_date, occurred_at DESC);

CREATE TABLE entry_tags (
    entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    tag      TEXT    NOT NULL,
    PRIMARY KEY (entry_id, position)
) STRICT, WITHOUT ROWID;

CREATE INDEX entry_tags_by_tag ON entry_tags (tag COLLATE NOCASE);

-- Full-text search over title and body. The index holds no copy of the text
-- (external content); the triggers keep it in step with the entries table.
CREATE VIRTUAL TABLE entries_fts USING fts5 (
    title,
    body,
    content = 'entries',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER entries_fts_after_insert AFTER INSERT ON entries BEGIN
    INSERT INTO entries_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;

CREATE TRIGGER entries_fts_after_delete AFTER DELETE ON entries BEGIN
    INSERT INTO entries_fts (entries_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;

CREATE TRIGGER entries_fts_after_update AFTER UPDATE OF title, body ON entries BEGIN
    INSERT INTO entries_fts (entries_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO entries_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
