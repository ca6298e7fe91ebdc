-- plantrack schema v4: imports of CSV and XLSX files. Every value an import
-- writes is a new revision that names its import: file, SHA-256, who, when.
CREATE TABLE imports (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind IN ('actuals', 'plan')),
    file_name TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    plans     TEXT NOT NULL DEFAULT '', -- codes of the plans touched, comma-separated
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL,
    rows      INTEGER NOT NULL DEFAULT 0,
    new       INTEGER NOT NULL DEFAULT 0,
    changed   INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    warnings  INTEGER NOT NULL DEFAULT 0
);

-- Deferred: an import writes its values first and its own row last, once the
-- counts are known (imports rows are never updated).
ALTER TABLE observations ADD COLUMN import_id INTEGER REFERENCES imports(id) DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX observations_import ON observations(import_id) WHERE import_id IS NOT NULL;

-- A definitions import records each indicator it changes in the audit log.
ALTER TABLE audit_log ADD COLUMN import_id INTEGER REFERENCES imports(id);
CREATE INDEX audit_log_import ON audit_log(import_id) WHERE import_id IS NOT NULL;

CREATE TRIGGER imports_no_update BEFORE UPDATE ON imports
BEGIN SELECT RAISE(ABORT, 'imports are history'); END;
CREATE TRIGGER imports_no_delete BEFORE DELETE ON imports
BEGIN SELECT RAISE(ABORT, 'imports are history'); END;
