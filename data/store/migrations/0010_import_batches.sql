-- Each import is a batch: the records it added are tied to it, so that
-- 撤销导入 removes exactly those, refusing when later work depends on them.
-- It replaces the copy of the whole ledger made before every import, whose
-- cost grew with the ledger (minutes at a million tickets). A ticket's
-- history written by its import carries the batch's time as created_at.
CREATE TABLE import_batches (
	id        INTEGER PRIMARY KEY,
	kind      TEXT NOT NULL, -- units | complaints
	source    TEXT NOT NULL DEFAULT '',
	at        TEXT NOT NULL,
	actor     TEXT NOT NULL, -- the login of who imported
	added     INTEGER NOT NULL,
	undone_at TEXT,
	undone_by TEXT
) STRICT;

CREATE TABLE import_batch_records (
	batch_id   INTEGER NOT NULL REFERENCES import_batches(id),
	table_name TEXT NOT NULL,
	record_id  TEXT NOT NULL,
	PRIMARY KEY (batch_id, table_name, record_id)
) STRICT, WITHOUT ROWID;
