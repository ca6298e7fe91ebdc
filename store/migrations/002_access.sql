-- plantrack schema v2: departments, accounts, sessions, sign-in attempts and
-- the audit log.
CREATE TABLE departments (
    id      INTEGER PRIMARY KEY,
    code    TEXT NOT NULL UNIQUE,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT ''
);

-- Indicators name their department by reference from now on; the free-text
-- names of v1 become departments of their own.
ALTER TABLE indicators ADD COLUMN department_id INTEGER REFERENCES departments(id) ON DELETE SET NULL;
INSERT INTO departments (code, name_zh)
    SELECT 'dept-' || lower(hex(department)), department FROM indicators
    WHERE department <> '' GROUP BY department;
UPDATE indicators SET department_id =
    (SELECT d.id FROM departments d WHERE d.name_zh = indicators.department)
    WHERE department <> '';
ALTER TABLE indicators DROP COLUMN department;
CREATE INDEX indicators_department ON indicators(department_id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);

CREATE TABLE user_departments (
    user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    department_id INTEGER NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, department_id)
);

-- The cookie carries a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_attempts (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL COLLATE NOCASE,
    address TEXT NOT NULL,
    at      TEXT NOT NULL,
    ok      INTEGER NOT NULL
);
CREATE INDEX login_attempts_name ON login_attempts(name, at);
CREATE INDEX login_attempts_address ON login_attempts(address, at);

-- Every write, with who, when, what, before and after; written in the same
-- transaction as the write, and never changed afterwards.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    entity  TEXT NOT NULL,
    key     TEXT NOT NULL,
    before  TEXT,
    after   TEXT
);
CREATE INDEX audit_log_entity ON audit_log(entity, key);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
