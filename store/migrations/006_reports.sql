-- plantrack schema v6: who compiles a plan's reports (编制单位), and
-- withdrawn reports. An issued report never changes; withdrawing it adds a
-- row here, which stays too.
ALTER TABLE plans ADD COLUMN organisation TEXT NOT NULL DEFAULT '';

CREATE TABLE report_withdrawals (
    report_id TEXT PRIMARY KEY REFERENCES reports(id),
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    reason    TEXT NOT NULL
);
CREATE TRIGGER report_withdrawals_no_update BEFORE UPDATE ON report_withdrawals
BEGIN SELECT RAISE(ABORT, 'a withdrawal cannot change'); END;
CREATE TRIGGER report_withdrawals_no_delete BEFORE DELETE ON report_withdrawals
BEGIN SELECT RAISE(ABORT, 'a withdrawal cannot be undone'); END;
