-- Where imported records came from, so that importing the same file twice adds nothing the
-- second time: every record an import writes is noted here under a key that is stable within
-- its source (a jrnl entry's date, time and text; a Day One entry's UUID; a Failing Up
-- export's journal id, table and row id), and an import skips keys it has seen.
CREATE TABLE import_records (
    source       TEXT    NOT NULL CHECK (source IN ('failup', 'jrnl', 'dayone', 'daylio')),
    external_key TEXT    NOT NULL,
    entity       TEXT    NOT NULL, -- the table the record went into: 'entries', 'daily_check_ins', …
    local_id     INTEGER NOT NULL, -- its id there
    imported_at  INTEGER NOT NULL, -- Unix milliseconds (UTC).
    PRIMARY KEY (source, external_key)
) STRICT, WITHOUT ROWID;
