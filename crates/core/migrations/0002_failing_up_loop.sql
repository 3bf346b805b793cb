-- The failing-up loop: setback → cool-down → reflection → lessons → goals, with the settings
-- and life areas they share. As in 0001, local dates and times are stored as the writer saw
-- them with their IANA time zone, beside the UTC instant (Unix milliseconds) used for
-- ordering and for elapsed-time rules such as the cool-down.

-- Small user preferences, one row each. Values are text; core reads them through typed
-- accessors that fall back to the default when a value is missing or unreadable.
CREATE TABLE settings (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO settings (key, value) VALUES ('cool_down_hours', '24');

-- Life areas. The built-ins have a stable `key` so that code can find "other" whatever the
-- user renames; areas the user adds have none. Names are unique whatever their case.
CREATE TABLE areas (
    id       INTEGER PRIMARY KEY,
    key      TEXT UNIQUE,
    name     TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    built_in INTEGER NOT NULL CHECK (built_in IN (0, 1)),
    position INTEGER NOT NULL
) STRICT;

INSERT INTO areas (id, key, name, built_in, position) VALUES
    (1, 'career', 'Career', 1, 1),
    (2, 'learning', 'Learning', 1, 2),
    (3, 'relationships', 'Relationships', 1, 3),
    (4, 'health', 'Health', 1, 4),
    (5, 'finances', 'Finances', 1, 5),
    (6, 'creative', 'Creative', 1, 6),
    (7, 'other', 'Other', 1, 7);

CREATE TABLE setbacks (
    id              INTEGER PRIMARY KEY,
    title           TEXT    NOT NULL,
    what_happened   TEXT    NOT NULL,
    local_date      TEXT    NOT NULL CHECK (local_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    local_time      TEXT    NOT NULL CHECK (local_time GLOB '[0-9][0-9]:[0-9][0-9]'),
    time_zone       TEXT    NOT NULL,
    happened_at     INTEGER NOT NULL, -- Unix milliseconds (UTC) of local_date + local_time in time_zone.
    area_id         INTEGER NOT NULL REFERENCES areas (id),
    impact          INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 10),
    control         TEXT    NOT NULL CHECK (control IN ('none', 'some', 'most', 'all')),
    -- NULL: the cool_down_hours setting applies, read when the stage is computed.
    cool_down_hours INTEGER CHECK (cool_down_hours >= 0),
    recovered_on    TEXT CHECK (recovered_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;

CREATE INDEX setbacks_by_occurrence ON setbacks (happened_at DESC, id DESC);
CREATE INDEX setbacks_by_area ON setbacks (area_id);

-- The feelings written down with the setback, in the user's order.
CREATE TABLE setback_feelings (
    setback_id INTEGER NOT NULL REFERENCES setbacks (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    emotion    TEXT    NOT NULL,
    intensity  INTEGER NOT NULL CHECK (intensity BETWEEN 0 AND 100),
    PRIMARY KEY (setback_id, position)
) STRICT, WITHOUT ROWID;

-- Journal entries the user linked to a setback. Deleting either side removes the link only.
CREATE TABLE setback_entries (
    setback_id INTEGER NOT NULL REFERENCES setbacks (id) ON DELETE CASCADE,
    entry_id   INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    PRIMARY KEY (setback_id, entry_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX setback_entries_by_entry ON setback_entries (entry_id);

-- Reflection templates are data. Built-ins have a stable `key`, cannot be edited or deleted
-- (only hidden or duplicated); the user's own can. `position` orders all of them together.
CREATE TABLE templates (
    id          INTEGER PRIMARY KEY,
    key         TEXT UNIQUE,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    built_in    INTEGER NOT NULL CHECK (built_in IN (0, 1)),
    hidden      INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    position    INTEGER NOT NULL
) STRICT;

CREATE TABLE template_prompts (
    template_id INTEGER NOT NULL REFERENCES templates (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    text        TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('text', 'rating')),
    PRIMARY KEY (template_id, position)
) STRICT, WITHOUT ROWID;

INSERT INTO templates (id, key, name, description, built_in, position) VALUES
    (1, 'failing_up_review', 'Failing-up review',
        'Look at what you assumed, what happened and what you can take from it.', 1, 1),
    (2, 'after_action_review', 'After Action Review',
        'Compare what was meant to happen with what did, and decide what to keep and change.', 1, 2),
    (3, 'what_so_what_now_what', 'What? So what? Now what?',
        'Three steps from describing the setback to deciding what to do next.', 1, 3),
    (4, 'thought_record', 'Thought record',
        'Catch an automatic thought, weigh the evidence, and find a more balanced one.', 1, 4);

INSERT INTO template_prompts (template_id, position, text, kind) VALUES
    (1, 0, 'What did I expect to happen — my assumptions?', 'text'),
    (1, 1, 'What went wrong?', 'text'),
    (1, 2, 'What worked?', 'text'),
    (1, 3, 'What can be improved?', 'text'),
    (1, 4, 'Where did a strength turn into a blind spot?', 'text'),
    (1, 5, 'What can I learn from this?', 'text'),
    (2, 0, 'What was supposed to happen?', 'text'),
    (2, 1, 'What happened?', 'text'),
    (2, 2, 'Why was there a difference?', 'text'),
    (2, 3, 'What will I keep, and what will I change?', 'text'),
    (3, 0, 'What? Describe what happened, plainly.', 'text'),
    (3, 1, 'So what? Why does it matter, and what does it mean for me?', 'text'),
    (3, 2, 'Now what? What will I do next?', 'text'),
    (4, 0, 'Situation: where was I, what was going on?', 'text'),
    (4, 1, 'Automatic thought: what went through my mind?', 'text'),
    (4, 2, 'Emotion: how strong was it (0–100)?', 'rating'),
    (4, 3, 'Evidence for the thought', 'text'),
    (4, 4, 'Evidence against the thought', 'text'),
    (4, 5, 'A balanced thought', 'text'),
    (4, 6, 'Re-rate the emotion now (0–100)', 'rating');

-- A reflection keeps a snapshot of the template's name and prompts (in reflection_answers),
-- so that editing or deleting the template never changes or breaks it; template_id only
-- remembers where it came from.
CREATE TABLE reflections (
    id            INTEGER PRIMARY KEY,
    setback_id    INTEGER NOT NULL REFERENCES setbacks (id) ON DELETE CASCADE,
    template_id   INTEGER REFERENCES templates (id) ON DELETE SET NULL,
    template_name TEXT    NOT NULL,
    started_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    completed_at  INTEGER
) STRICT;

CREATE INDEX reflections_by_setback ON reflections (setback_id, started_at);

CREATE TABLE reflection_answers (
    reflection_id INTEGER NOT NULL REFERENCES reflections (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    prompt        TEXT    NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('text', 'rating')),
    answer        TEXT    NOT NULL DEFAULT '',
    rating        INTEGER CHECK (rating BETWEEN 0 AND 100),
    PRIMARY KEY (reflection_id, position)
) STRICT, WITHOUT ROWID;

-- The emotional shift of a completed reflection: the setback's first feelings as they were
-- at completion ('before') and the user's re-rating ('after').
CREATE TABLE reflection_feelings (
    reflection_id INTEGER NOT NULL REFERENCES reflections (id) ON DELETE CASCADE,
    phase         TEXT    NOT NULL CHECK (phase IN ('before', 'after')),
    position      INTEGER NOT NULL,
    emotion       TEXT    NOT NULL,
    intensity     INTEGER NOT NULL CHECK (intensity BETWEEN 0 AND 100),
    PRIMARY KEY (reflection_id, phase, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE lessons (
    id           INTEGER PRIMARY KEY,
    text         TEXT    NOT NULL,
    -- An optional implementation intention: "If <if_situation>, then I will <then_action>".
    -- Both or neither.
    if_situation TEXT,
    then_action  TEXT,
    area_id      INTEGER NOT NULL REFERENCES areas (id),
    status       TEXT    NOT NULL CHECK (status IN ('untested', 'applied', 'validated', 'revised')),
    written_on   TEXT    NOT NULL CHECK (written_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    time_zone    TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    CHECK ((if_situation IS NULL) = (then_action IS NULL))
) STRICT;

CREATE INDEX lessons_by_area ON lessons (area_id, status);

-- Many-to-many. Deleting a setback removes only its links: the lesson stays, and a lesson
-- left with no setback is kept, unlinked.
CREATE TABLE lesson_setbacks (
    lesson_id  INTEGER NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    setback_id INTEGER NOT NULL REFERENCES setbacks (id) ON DELETE CASCADE,
    PRIMARY KEY (lesson_id, setback_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX lesson_setbacks_by_setback ON lesson_setbacks (setback_id);

-- The wording a lesson had before each revision.
CREATE TABLE lesson_revisions (
    id           INTEGER PRIMARY KEY,
    lesson_id    INTEGER NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    text         TEXT    NOT NULL,
    if_situation TEXT,
    then_action  TEXT,
    revised_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX lesson_revisions_by_lesson ON lesson_revisions (lesson_id, revised_at);

-- Dates on which to ask "did you apply this lesson?", as local dates in the zone the lesson
-- was written in.
CREATE TABLE revisits (
    id          INTEGER PRIMARY KEY,
    lesson_id   INTEGER NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    due_on      TEXT    NOT NULL CHECK (due_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    answer      TEXT CHECK (answer IN ('yes', 'partly', 'not_yet', 'not_relevant')),
    note        TEXT    NOT NULL DEFAULT '',
    answered_at INTEGER,
    CHECK ((answer IS NULL) = (answered_at IS NULL))
) STRICT;

CREATE INDEX revisits_by_lesson ON revisits (lesson_id, due_on);
CREATE INDEX revisits_open_by_due_date ON revisits (due_on) WHERE answer IS NULL;

CREATE TABLE goals (
    id                       INTEGER PRIMARY KEY,
    kind                     TEXT    NOT NULL CHECK (kind IN ('learning', 'output')),
    title                    TEXT    NOT NULL,
    why                      TEXT    NOT NULL,
    how_ill_know             TEXT    NOT NULL,
    target_on                TEXT CHECK (target_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    status                   TEXT    NOT NULL CHECK (status IN ('active', 'achieved', 'let_go')),
    -- For an output goal: the learning goal that builds the skill behind it.
    paired_learning_goal_id  INTEGER REFERENCES goals (id) ON DELETE SET NULL,
    created_at               INTEGER NOT NULL,
    updated_at               INTEGER NOT NULL
) STRICT;

CREATE TABLE goal_check_ins (
    id            INTEGER PRIMARY KEY,
    goal_id       INTEGER NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    progress      INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
    note          TEXT    NOT NULL,
    checked_in_at INTEGER NOT NULL
) STRICT;

CREATE INDEX goal_check_ins_by_goal ON goal_check_ins (goal_id, checked_in_at);

CREATE TABLE goal_lessons (
    goal_id   INTEGER NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    lesson_id INTEGER NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    PRIMARY KEY (goal_id, lesson_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX goal_lessons_by_lesson ON goal_lessons (lesson_id);

CREATE TABLE goal_setbacks (
    goal_id    INTEGER NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    setback_id INTEGER NOT NULL REFERENCES setbacks (id) ON DELETE CASCADE,
    PRIMARY KEY (goal_id, setback_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX goal_setbacks_by_setback ON goal_setbacks (setback_id);
