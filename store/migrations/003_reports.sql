-- plantrack schema v3: narratives per indicator and year, and issued reports.
CREATE TABLE narratives (
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    year         INTEGER NOT NULL,
    progress     TEXT NOT NULL DEFAULT '',
    problems     TEXT NOT NULL DEFAULT '',
    measures     TEXT NOT NULL DEFAULT '',
    updated_by   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (indicator_id, year)
);

-- An issued report keeps the data it was made from and its rendered text,
-- so it reads the same forever, whatever is revised later.
CREATE TABLE reports (
    id             TEXT PRIMARY KEY,
    plan_id        INTEGER NOT NULL REFERENCES plans(id) ON DELETE RESTRICT,
    kind           TEXT NOT NULL CHECK (kind IN ('annual', 'midterm', 'final')),
    year           INTEGER NOT NULL,
    issued_at      TEXT NOT NULL,
    issued_by      TEXT NOT NULL,
    method_version TEXT NOT NULL,
    snapshot       TEXT NOT NULL,
    html_zh        BLOB NOT NULL,
    html_en        BLOB NOT NULL
);
CREATE INDEX reports_plan ON reports(plan_id, year);

CREATE TRIGGER reports_no_update BEFORE UPDATE ON reports
BEGIN SELECT RAISE(ABORT, 'issued reports cannot change'); END;
CREATE TRIGGER reports_no_delete BEFORE DELETE ON reports
BEGIN SELECT RAISE(ABORT, 'issued reports cannot be deleted'); END;
