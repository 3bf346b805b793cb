-- Sync through a folder (src/sync/, docs/sync.md). These tables are this computer's own: they
-- are neither exported nor synced themselves.

-- The global identity of every synced row that has an integer id: ids are this journal's own
-- and mean nothing on another computer. A built-in area or template is named after its `key`
-- (`k:career`), so that every computer's seeded rows are the same rows.
CREATE TABLE sync_rows (
    tbl      TEXT    NOT NULL,
    local_id INTEGER NOT NULL,
    uid      TEXT    NOT NULL,
    PRIMARY KEY (tbl, local_id)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX sync_rows_by_uid ON sync_rows (tbl, uid);

-- Every change known here, from this computer or another: the value of one column of one row
-- (`col`, with `value` as JSON), or the deletion of the row (`col` NULL). An operation names
-- the versions of its cell it replaced (`replaces`, JSON [[device, counter], …]); a version no
-- operation replaces is a head. Two heads of a prose column are two versions of the user's
-- writing, both kept until the user chooses.
CREATE TABLE sync_ops (
    device   TEXT    NOT NULL,
    counter  INTEGER NOT NULL,
    hlc      INTEGER NOT NULL, -- hybrid logical clock: Unix milliseconds × 65,536 + a counter.
    tbl      TEXT    NOT NULL,
    row_key  TEXT    NOT NULL,
    col      TEXT,
    value    TEXT,
    replaces TEXT    NOT NULL,
    head     INTEGER NOT NULL CHECK (head IN (0, 1)),
    PRIMARY KEY (device, counter)
) STRICT, WITHOUT ROWID;
CREATE INDEX sync_ops_by_row ON sync_ops (tbl, row_key, col, head);

-- Every version some operation replaced, whether or not that version has arrived yet: a
-- version that arrives after the operation that replaced it is not a head.
CREATE TABLE sync_replaced (
    device  TEXT    NOT NULL,
    counter INTEGER NOT NULL,
    PRIMARY KEY (device, counter)
) STRICT, WITHOUT ROWID;

-- Rows changed here since the last capture, noted by temporary triggers while sync is on.
CREATE TABLE sync_dirty (
    tbl       TEXT NOT NULL,
    local_key TEXT NOT NULL,
    PRIMARY KEY (tbl, local_key)
) STRICT, WITHOUT ROWID;

-- Rows whose changes could not be written yet (their parent has not arrived, or the journal's
-- rules refuse the merged row); tried again after every sync.
CREATE TABLE sync_pending (
    tbl     TEXT NOT NULL,
    row_key TEXT NOT NULL,
    reason  TEXT NOT NULL,
    PRIMARY KEY (tbl, row_key)
) STRICT, WITHOUT ROWID;

-- The change files read from the folder, by device and name, with what became of them.
CREATE TABLE sync_files (
    device     TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    size       INTEGER NOT NULL,
    status     TEXT    NOT NULL CHECK (status IN ('applied', 'damaged', 'newer')),
    PRIMARY KEY (device, name)
) STRICT, WITHOUT ROWID;

-- Attached files sent to or brought from the sync folder: the content's name in this journal's
-- store and in the sync folder's own store (sealed with the sync key, named under it), so that
-- a file is copied once each way.
CREATE TABLE sync_contents (
    local  TEXT NOT NULL PRIMARY KEY,
    shared TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sync_contents_by_shared ON sync_contents (shared);

-- The other computers, as their change files name them.
CREATE TABLE sync_devices (
    device      TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    last_write  INTEGER NOT NULL -- Unix milliseconds (UTC) of its newest change file read here.
) STRICT, WITHOUT ROWID;

-- This computer's sync: folder, identity, key, clock and how far it has written.
CREATE TABLE sync_local (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
