-- plantrack schema v13: key projects and key tasks of the 专栏 boxes
-- (docs/method.md §15): where each sits, who is responsible, its stage,
-- planned dates and investment, each year's investment and note, its
-- milestones, and the indicators it serves. Plans gain the day a year's
-- values are due (MM-DD of the following year), for early warning.
ALTER TABLE plans ADD COLUMN data_due TEXT NOT NULL DEFAULT '';
CREATE TABLE projects (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    code        TEXT NOT NULL,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL CHECK (kind IN ('project', 'task')),
    section_id  INTEGER REFERENCES sections(id) ON DELETE SET NULL,
    unit_id     INTEGER REFERENCES departments(id) ON DELETE SET NULL,
    stage       TEXT NOT NULL DEFAULT '' CHECK (stage IN ('', 'planning', 'preparation', 'construction', 'completed',
                    'operating', 'not_started', 'underway', 'done')),
    start_date  TEXT NOT NULL DEFAULT '',
    end_date    TEXT NOT NULL DEFAULT '',
    investment  REAL,
    source      TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL,
    UNIQUE (plan_id, code)
);

CREATE TABLE project_years (
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    year       INTEGER NOT NULL,
    planned    REAL,
    completed  REAL,
    note       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (project_id, year)
);

CREATE TABLE project_milestones (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    planned    TEXT NOT NULL,
    actual     TEXT,
    position   INTEGER NOT NULL
);
CREATE INDEX project_milestones_project ON project_milestones(project_id);

CREATE TABLE project_indicators (
    project_id     INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    indicator_code TEXT NOT NULL,
    PRIMARY KEY (project_id, indicator_code)
);

-- a projects file is an import of its own kind: the CHECK is rebuilt
-- (foreign keys are off while migrations run; the references to imports
-- name the table, so they follow the rename)
CREATE TABLE imports_new (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind IN ('actuals', 'plan', 'projects')),
    file_name TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    plans     TEXT NOT NULL DEFAULT '', -- codes of the plans touched, comma-separated
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL,
    rows      INTEGER NOT NULL DEFAULT 0,
    new       INTEGER NOT NULL DEFAULT 0,
    changed   INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    warnings  INTEGER NOT NULL DEFAULT 0,
    empty     INTEGER NOT NULL DEFAULT 0
);
INSERT INTO imports_new (id, kind, file_name, sha256, plans, actor, at, rows, new, changed, unchanged, warnings, empty)
    SELECT id, kind, file_name, sha256, plans, actor, at, rows, new, changed, unchanged, warnings, empty FROM imports;
DROP TABLE imports;
ALTER TABLE imports_new RENAME TO imports;
CREATE TRIGGER imports_no_update BEFORE UPDATE ON imports
BEGIN SELECT RAISE(ABORT, 'imports are history'); END;
CREATE TRIGGER imports_no_delete BEFORE DELETE ON imports
BEGIN SELECT RAISE(ABORT, 'imports are history'); END;
