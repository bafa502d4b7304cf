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

-- Undoing a batch asks whether any record refers to one of it (a ticket
-- merged into one, a step naming it, a handler unit, a document, an
-- action): these references had no index, and a question for each would
-- read the whole table. Most rows have none of them, so the indexes hold
-- only the rows that do.
CREATE INDEX complaints_merged_into ON complaints(merged_into_id) WHERE merged_into_id IS NOT NULL;
CREATE INDEX complaint_events_related ON complaint_events(related_id) WHERE related_id IS NOT NULL;
CREATE INDEX complaint_events_handler ON complaint_events(handler_unit_id) WHERE handler_unit_id IS NOT NULL;
CREATE INDEX documents_complaint ON documents(complaint_id) WHERE complaint_id IS NOT NULL;
CREATE INDEX actions_complaint ON actions(complaint_id) WHERE complaint_id IS NOT NULL;
CREATE INDEX activity_logs_complaint ON activity_logs(complaint_id) WHERE complaint_id IS NOT NULL;
