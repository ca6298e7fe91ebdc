-- plantrack schema v10: versions of the data, for caches.
--
-- version: every committed write of data bumps it in its own transaction
-- (store.tx), so that rendered pages can be cached per version of the
-- data and a write shows on the very next request. Sessions and sign-in
-- attempts are bookkeeping and leave it.
--
-- definitions: bumped by triggers on every change to a plan's definitions
-- (plans, sections, indicators, their interim targets, departments),
-- whichever code makes it, so that definitions read once are reused until
-- they change, while values come and go.
CREATE TABLE data_version (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    version     INTEGER NOT NULL,
    definitions INTEGER NOT NULL
);
INSERT INTO data_version (id, version, definitions) VALUES (1, 1, 1);

CREATE TRIGGER plans_defs_insert AFTER INSERT ON plans BEGIN UPDATE data_version SET definitions = definitions + 1; END;
CREATE TRIGGER plans_defs_update AFTER UPDATE ON plans BEGIN UPDATE data_version SET definitions = definitions + 1; END;
CREATE TRIGGER plans_defs_delete AFTER DELETE ON plans BEGIN UPDATE data_version SET definitions = definitions + 1; END;
CREATE TRIGGER sections_defs_insert AFTER INSERT ON sections BEGIN UPDATE data_version SET definitions = definitions + 1; END;
CREATE TRIGGER sections_defs_update AFTER UPDATE ON sections BEGIN UPDATE data_version SET definitions = definitions + 1; END;
CREATE TRIGGER sections_defs_delete AFTER DELETE ON sections BEGIN UPDATE data_version SET definitions = definitions + 1; END;
CREATE TRIGGER indicators_defs_insert AFTER INSERT ON indicators BEGIN UPDATE data_version SET definitions = definitions + 1; END;
CREATE TRIGGER indicators_defs_update AFTER UPDATE ON indicators BEGIN UPDATE data_version SET definitions = definitions + 1; END;
CREATE TRIGGER indicators_defs_delete AFTER DELETE ON indicators BEGIN UPDATE data_version SET definitions = definitions + 1; END;
CREATE TRIGGER interim_targets_defs_insert AFTER INSERT ON interim_targets BEGIN UPDATE data_version SET definitions = definitions + 1; END;
CREATE TRIGGER interim_targets_defs_update AFTER UPDATE ON interim_targets BEGIN UPDATE data_version SET definitions = definitions + 1; END;
CREATE TRIGGER interim_targets_defs_delete AFTER DELETE ON interim_targets BEGIN UPDATE data_version SET definitions = definitions + 1; END;
CREATE TRIGGER departments_defs_insert AFTER INSERT ON departments BEGIN UPDATE data_version SET definitions = definitions + 1; END;
CREATE TRIGGER departments_defs_update AFTER UPDATE ON departments BEGIN UPDATE data_version SET definitions = definitions + 1; END;
CREATE TRIGGER departments_defs_delete AFTER DELETE ON departments BEGIN UPDATE data_version SET definitions = definitions + 1; END;
