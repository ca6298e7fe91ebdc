-- plantrack schema v5: the history of values cannot be deleted either (v1
-- refused updates only), and an import records its rows without a value.
CREATE TRIGGER observations_no_delete BEFORE DELETE ON observations
BEGIN SELECT RAISE(ABORT, 'observations are append-only'); END;

ALTER TABLE imports ADD COLUMN empty INTEGER NOT NULL DEFAULT 0;
