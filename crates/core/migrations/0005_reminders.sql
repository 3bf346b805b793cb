-- Reminders. What is due, and when, is computed from the settings and the records (see
-- crates/core/src/reminders/ and docs/reminders.md); only what cannot be recomputed is stored
-- here: how far the app has looked, the user's pause, and what became of each reminder. The
-- reminder settings themselves are rows of `settings` (keys `reminders.*`), absent until the
-- user changes them, when the defaults apply. Instants are Unix milliseconds (UTC).

-- One row. `checked_until`: the instant up to which the schedule has been looked at (NULL
-- until the first look, which only starts the clock: nothing before the app first looked is
-- ever due). `paused_until`: reminders due before it are not shown.
CREATE TABLE reminder_state (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    checked_until INTEGER,
    paused_until  INTEGER
) STRICT;

INSERT INTO reminder_state (id) VALUES (1);

-- Every reminder that fell due, once: its key (kind, subject and the instant it was for) is
-- the primary key, which is what makes delivery at most once. `pending`: due and offered to
-- the shell, not yet shown; `delivered`: claimed by the shell to be shown at `delivered_at`;
-- `missed`: never shown, because it was 12 hours late or more ('late') or fell due while
-- reminders were paused ('paused'). Missed reminders are listed in Today until dismissed.
CREATE TABLE reminder_deliveries (
    key            TEXT    NOT NULL PRIMARY KEY,
    kind           TEXT    NOT NULL CHECK (kind IN ('daily_prompt', 'ready_to_reflect', 'lesson_revisit',
                                                    'goal_check_in', 'weekly_review', 'recovery_check_in')),
    subject_id     INTEGER,
    occurs_at      INTEGER NOT NULL, -- The instant it was for, before quiet hours.
    due_at         INTEGER NOT NULL, -- When it was to be shown, after quiet hours.
    state          TEXT    NOT NULL CHECK (state IN ('pending', 'delivered', 'missed')),
    missed_because TEXT CHECK (missed_because IN ('late', 'paused')),
    delivered_at   INTEGER,
    dismissed_at   INTEGER,
    CHECK ((state = 'delivered') = (delivered_at IS NOT NULL)),
    CHECK ((state = 'missed') = (missed_because IS NOT NULL))
) STRICT, WITHOUT ROWID;

CREATE INDEX reminder_deliveries_by_state ON reminder_deliveries (state, due_at);
