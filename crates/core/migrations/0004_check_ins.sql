-- Check-ins: how the user feels day to day, how far they have bounced back from a setback,
-- and the Brief Resilience Scale now and then. As in 0001–0003, local dates and times are
-- stored as the user saw them with their IANA time zone, beside the UTC instant (Unix
-- milliseconds): trends count days by the local date, so that a check-in at 23:30 in Tokyo
-- stays on that Tokyo day wherever the user is when they look.

-- Daily check-ins. Several a day are allowed; trends use the day's mean.
CREATE TABLE daily_check_ins (
    id            INTEGER PRIMARY KEY,
    mood          INTEGER NOT NULL CHECK (mood BETWEEN 1 AND 10),
    confidence    INTEGER NOT NULL CHECK (confidence BETWEEN 1 AND 10),
    energy        INTEGER CHECK (energy BETWEEN 1 AND 10),
    note          TEXT    NOT NULL DEFAULT '',
    local_date    TEXT    NOT NULL CHECK (local_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    local_time    TEXT    NOT NULL CHECK (local_time GLOB '[0-9][0-9]:[0-9][0-9]'),
    time_zone     TEXT    NOT NULL,
    checked_in_at INTEGER NOT NULL, -- Unix milliseconds (UTC) of local_date + local_time in time_zone.
    created_at    INTEGER NOT NULL
) STRICT;

CREATE INDEX daily_check_ins_by_instant ON daily_check_ins (checked_in_at DESC, id DESC);
CREATE INDEX daily_check_ins_by_local_date ON daily_check_ins (local_date);

-- "How far have I bounced back from this setback?", 0 (not at all) to 10 (fully). They go
-- with their setback.
CREATE TABLE recovery_check_ins (
    id         INTEGER PRIMARY KEY,
    setback_id INTEGER NOT NULL REFERENCES setbacks (id) ON DELETE CASCADE,
    recovered  INTEGER NOT NULL CHECK (recovered BETWEEN 0 AND 10),
    local_date TEXT    NOT NULL CHECK (local_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    time_zone  TEXT    NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX recovery_check_ins_by_setback ON recovery_check_ins (setback_id, local_date);

-- Brief Resilience Scale results: the six answers as given (1–5), in the order of the
-- statements. The score is computed, never stored, so that it cannot disagree with them.
CREATE TABLE brs_results (
    id         INTEGER PRIMARY KEY,
    taken_on   TEXT    NOT NULL CHECK (taken_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    time_zone  TEXT    NOT NULL,
    answer_1   INTEGER NOT NULL CHECK (answer_1 BETWEEN 1 AND 5),
    answer_2   INTEGER NOT NULL CHECK (answer_2 BETWEEN 1 AND 5),
    answer_3   INTEGER NOT NULL CHECK (answer_3 BETWEEN 1 AND 5),
    answer_4   INTEGER NOT NULL CHECK (answer_4 BETWEEN 1 AND 5),
    answer_5   INTEGER NOT NULL CHECK (answer_5 BETWEEN 1 AND 5),
    answer_6   INTEGER NOT NULL CHECK (answer_6 BETWEEN 1 AND 5),
    created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX brs_results_by_date ON brs_results (taken_on, id);
