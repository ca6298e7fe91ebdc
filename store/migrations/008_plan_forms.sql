-- plantrack schema v8: a plan table as the plan words it (docs/method.md
-- §9-§12). Indicators gain what their values are (levels or yearly rates),
-- the reference of a relative target, the method of a cumulative change,
-- a target the plan assigns later (pending, with its wording), their
-- figures' source and the decimals their baseline was published with; two
-- kinds join the list. SQLite cannot change a CHECK constraint in place, so
-- the table is rebuilt (the migration runs with foreign keys off and checks
-- them afterwards). Values gain a series-break mark and their published
-- decimals; yearly targets and definition changes get tables of their own,
-- append-only like the values.
CREATE TABLE indicators_new (
    id              INTEGER PRIMARY KEY,
    plan_id         INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    code            TEXT NOT NULL,
    name_zh         TEXT NOT NULL,
    name_en         TEXT NOT NULL DEFAULT '',
    unit            TEXT NOT NULL DEFAULT '',
    section_id      INTEGER REFERENCES sections(id) ON DELETE SET NULL,
    attribute       TEXT NOT NULL CHECK (attribute IN ('expected', 'binding', 'reference')),
    direction       TEXT NOT NULL CHECK (direction IN ('increase', 'decrease')),
    baseline_year   INTEGER NOT NULL,
    baseline_value  REAL,
    baseline_source TEXT NOT NULL DEFAULT '',
    target_kind     TEXT NOT NULL CHECK (target_kind IN ('level', 'increase_by', 'avg_growth',
                        'cumulative_change', 'pp_change', 'ceiling', 'floor', 'milestone', 'relative',
                        'yearly', 'none')),
    target_year     INTEGER NOT NULL DEFAULT 0,
    target_value    REAL NOT NULL DEFAULT 0,
    comparator      TEXT NOT NULL DEFAULT '' CHECK (comparator IN ('', '>=', '>', '<=', '<', '~')),
    band            REAL NOT NULL DEFAULT 0,
    from_zero       INTEGER NOT NULL DEFAULT 0,
    plan_text       TEXT NOT NULL DEFAULT '',
    parent_id       INTEGER REFERENCES indicators(id) ON DELETE SET NULL,
    note            TEXT NOT NULL DEFAULT '',
    position        INTEGER NOT NULL,
    department_id   INTEGER REFERENCES departments(id) ON DELETE SET NULL,
    observed_as     TEXT NOT NULL DEFAULT '' CHECK (observed_as IN ('', 'yearly_rate')),
    reference_code  TEXT NOT NULL DEFAULT '',
    method          TEXT NOT NULL DEFAULT '' CHECK (method IN ('', 'log')),
    target_pending  INTEGER NOT NULL DEFAULT 0,
    target_text     TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL DEFAULT '',
    baseline_decimals INTEGER NOT NULL DEFAULT 0,
    UNIQUE (plan_id, code)
);
INSERT INTO indicators_new (id, plan_id, code, name_zh, name_en, unit, section_id, attribute, direction,
        baseline_year, baseline_value, baseline_source, target_kind, target_year, target_value, comparator,
        band, from_zero, plan_text, parent_id, note, position, department_id)
    SELECT id, plan_id, code, name_zh, name_en, unit, section_id, attribute, direction,
        baseline_year, baseline_value, baseline_source, target_kind, target_year, target_value, comparator,
        band, from_zero, plan_text, parent_id, note, position, department_id
    FROM indicators;
DROP TABLE indicators;
ALTER TABLE indicators_new RENAME TO indicators;
CREATE INDEX indicators_department ON indicators(department_id);

ALTER TABLE observations ADD COLUMN brk INTEGER NOT NULL DEFAULT 0;
ALTER TABLE observations ADD COLUMN decimals INTEGER NOT NULL DEFAULT 0;

CREATE TABLE year_targets (
    id           INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    year         INTEGER NOT NULL,
    revision     INTEGER NOT NULL CHECK (revision >= 1),
    comparator   TEXT NOT NULL DEFAULT '' CHECK (comparator IN ('', '>=', '>', '<=', '<', '~')),
    value        REAL NOT NULL,
    band         REAL NOT NULL DEFAULT 0,
    text         TEXT NOT NULL DEFAULT '',
    recorded_by  TEXT NOT NULL DEFAULT '',
    recorded_at  TEXT NOT NULL,
    import_id    INTEGER REFERENCES imports(id) DEFERRABLE INITIALLY DEFERRED,
    UNIQUE (indicator_id, year, revision)
);
CREATE TRIGGER year_targets_no_update BEFORE UPDATE ON year_targets
BEGIN SELECT RAISE(ABORT, 'year targets are append-only'); END;
CREATE TRIGGER year_targets_no_delete BEFORE DELETE ON year_targets
BEGIN SELECT RAISE(ABORT, 'year targets are append-only'); END;

CREATE TABLE definition_changes (
    id           INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    field        TEXT NOT NULL,
    old          TEXT NOT NULL DEFAULT '',
    new          TEXT NOT NULL DEFAULT '',
    reason       TEXT NOT NULL DEFAULT '',
    actor        TEXT NOT NULL,
    at           TEXT NOT NULL,
    import_id    INTEGER REFERENCES imports(id) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX definition_changes_indicator ON definition_changes(indicator_id);
CREATE TRIGGER definition_changes_no_update BEFORE UPDATE ON definition_changes
BEGIN SELECT RAISE(ABORT, 'the history of definitions cannot change'); END;
