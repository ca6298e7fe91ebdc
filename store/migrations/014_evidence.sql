-- plantrack schema v14: evidence files (支撑材料) attached to an
-- indicator's value of a year or to a project's year, kept in the database
-- with who attached them and when; never changed afterwards.
CREATE TABLE evidence (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    indicator_id INTEGER REFERENCES indicators(id) ON DELETE CASCADE,
    project_id   INTEGER REFERENCES projects(id) ON DELETE CASCADE,
    year         INTEGER NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    data         BLOB NOT NULL,
    actor        TEXT NOT NULL,
    at           TEXT NOT NULL,
    CHECK ((indicator_id IS NULL) <> (project_id IS NULL))
);
CREATE INDEX evidence_indicator ON evidence(indicator_id, year);
CREATE INDEX evidence_project ON evidence(project_id, year);
CREATE TRIGGER evidence_no_update BEFORE UPDATE ON evidence
BEGIN SELECT RAISE(ABORT, 'evidence files do not change'); END;
