-- plantrack schema v12: plan decomposition (指标分解) and review (填报 →
-- 审核). Departments become organisational units in a tree: each keeps
-- its code, name and accounts, and is a department at the top until an
-- administrator places it. A plan may hold one district's share of its
-- parent plan (unit_id) and turn review on; a city indicator says how its
-- districts' figures roll up, a district's its fixed weight. Accounts gain
-- the reviewer role (the CHECK is rebuilt: SQLite cannot change it in
-- place; foreign keys are off while migrations run). Reviews are
-- append-only, the latest of a value being its state.
ALTER TABLE departments ADD COLUMN parent_id INTEGER REFERENCES departments(id) ON DELETE RESTRICT;
ALTER TABLE departments ADD COLUMN kind TEXT NOT NULL DEFAULT 'department'
    CHECK (kind IN ('city', 'district', 'county_city', 'county', 'zone', 'department'));
ALTER TABLE departments ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
CREATE INDEX departments_parent ON departments(parent_id);

ALTER TABLE plans ADD COLUMN unit_id INTEGER REFERENCES departments(id) ON DELETE RESTRICT;
ALTER TABLE plans ADD COLUMN review INTEGER NOT NULL DEFAULT 0;
CREATE INDEX plans_parent ON plans(parent_id);

ALTER TABLE indicators ADD COLUMN rollup TEXT NOT NULL DEFAULT ''
    CHECK (rollup IN ('', 'sum', 'weighted_mean', 'each', 'none'));
ALTER TABLE indicators ADD COLUMN rollup_weight_code TEXT NOT NULL DEFAULT '';
ALTER TABLE indicators ADD COLUMN rollup_weight REAL;
CREATE INDEX indicators_parent ON indicators(parent_id);

CREATE TABLE users_new (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'reviewer', 'viewer')),
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    display_name  TEXT NOT NULL DEFAULT ''
);
INSERT INTO users_new (id, name, role, password_hash, disabled, created_at, display_name)
    SELECT id, name, role, password_hash, disabled, created_at, display_name FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

CREATE TABLE reviews (
    id             INTEGER PRIMARY KEY,
    observation_id INTEGER NOT NULL REFERENCES observations(id) ON DELETE CASCADE,
    state          TEXT NOT NULL CHECK (state IN ('submitted', 'approved', 'returned')),
    actor          TEXT NOT NULL,
    at             TEXT NOT NULL,
    comment        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reviews_observation ON reviews(observation_id, id);
CREATE INDEX reviews_state ON reviews(state);
CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews
BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews
BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
