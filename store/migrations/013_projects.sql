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
