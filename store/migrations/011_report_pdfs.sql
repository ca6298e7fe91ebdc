-- plantrack schema v11: an issued report's PDF, printed once in each
-- language (and once more with the mark, if it is withdrawn) and served
-- from here afterwards, so that it reads the same forever and no reader
-- waits for a print.
CREATE TABLE report_pdfs (
    report_id TEXT NOT NULL REFERENCES reports(id),
    lang      TEXT NOT NULL CHECK (lang IN ('zh', 'en')),
    withdrawn INTEGER NOT NULL CHECK (withdrawn IN (0, 1)),
    pdf       BLOB NOT NULL,
    made_at   TEXT NOT NULL,
    PRIMARY KEY (report_id, lang, withdrawn)
);
CREATE TRIGGER report_pdfs_no_update BEFORE UPDATE ON report_pdfs
BEGIN SELECT RAISE(ABORT, 'a printed report cannot change'); END;
