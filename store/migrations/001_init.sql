-- plantrack schema v1: plans, their document structure, indicators with
-- every target kind, and observations that keep every revision.
CREATE TABLE plans (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    jurisdiction  TEXT NOT NULL DEFAULT '',
    name_zh       TEXT NOT NULL,
    name_en       TEXT NOT NULL DEFAULT '',
    base_year     INTEGER NOT NULL,
    target_year   INTEGER NOT NULL CHECK (target_year > base_year),
    tolerance     REAL NOT NULL DEFAULT 0.05,
    parent_id     INTEGER REFERENCES plans(id) ON DELETE SET NULL,
    sample        INTEGER NOT NULL DEFAULT 0,
    source_zh     TEXT NOT NULL DEFAULT '',
    position      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sections (
    id        INTEGER PRIMARY KEY,
    plan_id   INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    code      TEXT NOT NULL,
    parent_id INTEGER REFERENCES sections(id) ON DELETE CASCADE,
    level     TEXT NOT NULL CHECK (level IN ('part', 'chapter', 'section', 'box')),
    number    TEXT NOT NULL DEFAULT '',
    title_zh  TEXT NOT NULL,
    title_en  TEXT NOT NULL DEFAULT '',
    position  INTEGER NOT NULL,
    UNIQUE (plan_id, code)
);

CREATE TABLE indicators (
    id              INTEGER PRIMARY KEY,
    plan_id         INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    code            TEXT NOT NULL,
    name_zh         TEXT NOT NULL,
    name_en         TEXT NOT NULL DEFAULT '',
    unit            TEXT NOT NULL DEFAULT '',
    section_id      INTEGER REFERENCES sections(id) ON DELETE SET NULL,
    attribute       TEXT NOT NULL CHECK (attribute IN ('expected', 'binding', 'reference')),
    direction       TEXT NOT NULL CHECK (direction IN ('increase', 'decrease')),
    department      TEXT NOT NULL DEFAULT '',
    baseline_year   INTEGER NOT NULL,
    baseline_value  REAL,
    baseline_source TEXT NOT NULL DEFAULT '',
    target_kind     TEXT NOT NULL CHECK (target_kind IN ('level', 'increase_by', 'avg_growth',
                        'cumulative_change', 'pp_change', 'ceiling', 'floor', 'milestone', 'none')),
    target_year     INTEGER NOT NULL DEFAULT 0,
    target_value    REAL NOT NULL DEFAULT 0,
    comparator      TEXT NOT NULL DEFAULT '' CHECK (comparator IN ('', '>=', '>', '<=', '<', '~')),
    band            REAL NOT NULL DEFAULT 0,
    from_zero       INTEGER NOT NULL DEFAULT 0,
    plan_text       TEXT NOT NULL DEFAULT '',
    parent_id       INTEGER REFERENCES indicators(id) ON DELETE SET NULL,
    note            TEXT NOT NULL DEFAULT '',
    position        INTEGER NOT NULL,
    UNIQUE (plan_id, code)
);

CREATE TABLE interim_targets (
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    year         INTEGER NOT NULL,
    value        REAL NOT NULL,
    PRIMARY KEY (indicator_id, year)
);

-- Never updated: a new value for (indicator, year) is a new revision.
CREATE TABLE observations (
    id           INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    year         INTEGER NOT NULL,
    revision     INTEGER NOT NULL CHECK (revision >= 1),
    value        REAL NOT NULL,
    qualifier    TEXT NOT NULL CHECK (qualifier IN ('exact', 'lower_bound', 'upper_bound', 'estimate')),
    status       TEXT NOT NULL CHECK (status IN ('preliminary', 'final')),
    source       TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    recorded_by  TEXT NOT NULL DEFAULT '',
    recorded_at  TEXT NOT NULL,
    UNIQUE (indicator_id, year, revision)
);

CREATE TRIGGER observations_no_update BEFORE UPDATE ON observations
BEGIN SELECT RAISE(ABORT, 'observations are append-only'); END;
