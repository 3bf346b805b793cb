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

-- A daily check-in's confidence becomes optional: Daylio's moods are imported as check-ins,
-- and Daylio asks for no confidence; inventing one would put false data in the trends.
-- Check-ins logged in the app still require it (CheckInDraft). SQLite cannot drop a NOT NULL
-- constraint in place, so the table is rebuilt as 0004 made it, with the same ids, checks
-- and indexes.
CREATE TABLE daily_check_ins_rebuilt (
    id            INTEGER PRIMARY KEY,
    mood          INTEGER NOT NULL CHECK (mood BETWEEN 1 AND 10),
    confidence    INTEGER CHECK (confidence BETWEEN 1 AND 10),
    energy        INTEGER CHECK (energy BETWEEN 1 AND 10),
    note          TEXT    NOT NULL DEFAULT '',
    local_date    TEXT    NOT NULL CHECK (local_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    local_time    TEXT    NOT NULL CHECK (local_time GLOB '[0-9][0-9]:[0-9][0-9]'),
    time_zone     TEXT    NOT NULL,
    checked_in_at INTEGER NOT NULL, -- Unix milliseconds (UTC) of local_date + local_time in time_zone.
    created_at    INTEGER NOT NULL
) STRICT;

INSERT INTO daily_check_ins_rebuilt
    (id, mood, confidence, energy, note, local_date, local_time, time_zone, checked_in_at, created_at)
SELECT id, mood, confidence, energy, note, local_date, local_time, time_zone, checked_in_at, created_at
FROM daily_check_ins;

DROP TABLE daily_check_ins;
ALTER TABLE daily_check_ins_rebuilt RENAME TO daily_check_ins;

CREATE INDEX daily_check_ins_by_instant ON daily_check_ins (checked_in_at DESC, id DESC);
CREATE INDEX daily_check_ins_by_local_date ON daily_check_ins (local_date);
