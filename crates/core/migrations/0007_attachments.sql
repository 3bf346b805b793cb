-- Files attached to entries, setbacks and reflections. Their bytes live beside the journal
-- in the content store (`attachments/`, see `attachments/store.rs`), once per content; a row
-- says which record holds which content under which name. Text refers to an attachment by
-- `reference`, 32 random hex digits that never change: not by id, which a merging import
-- renumbers, nor by content name, which changes with the journal's key.
CREATE TABLE attachments (
    id            INTEGER PRIMARY KEY,
    reference     TEXT    NOT NULL UNIQUE CHECK (length(reference) = 32),
    entry_id      INTEGER REFERENCES entries (id) ON DELETE CASCADE,
    setback_id    INTEGER REFERENCES setbacks (id) ON DELETE CASCADE,
    reflection_id INTEGER REFERENCES reflections (id) ON DELETE CASCADE,
    content       TEXT    NOT NULL CHECK (length(content) = 64),
    file_name     TEXT    NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    media_type    TEXT    NOT NULL,
    size_bytes    INTEGER NOT NULL CHECK (size_bytes >= 0),
    added_at      INTEGER NOT NULL, -- Unix milliseconds (UTC).
    CHECK ((entry_id IS NOT NULL) + (setback_id IS NOT NULL) + (reflection_id IS NOT NULL) = 1)
) STRICT;

CREATE INDEX attachments_by_entry ON attachments (entry_id) WHERE entry_id IS NOT NULL;
CREATE INDEX attachments_by_setback ON attachments (setback_id) WHERE setback_id IS NOT NULL;
CREATE INDEX attachments_by_reflection ON attachments (reflection_id) WHERE reflection_id IS NOT NULL;
-- The content store asks which contents are still referred to.
CREATE INDEX attachments_by_content ON attachments (content);
