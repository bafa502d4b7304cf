-- The first schema of a 效能台账 ledger: the twin of ../0001_init.sql for a
-- ledger on a PostgreSQL server. Tables and columns are the same (a test
-- compares them); SQLite's INTEGER is BIGINT, REAL DOUBLE PRECISION, BLOB
-- BYTEA; references are DEFERRABLE, so that migrate can copy a ledger table
-- by table; the tables whose lists are ordered by insertion have the rowid
-- that SQLite gives every table.
-- Every user record has: id (UUID, never changes), created_at, updated_at
-- (RFC 3339, office time), updated_by (user), device (the machine that last
-- changed it), deleted_at (set on tombstones; records are never removed).
-- Dates are TEXT YYYY-MM-DD; flags are BIGINT 0/1; enumerations are the
-- Chinese terms the office uses.

-- A sum over a condition counts the rows where it holds, as in SQLite,
-- where a condition is 0 or 1: the store's figures are written so.
CREATE FUNCTION xn_count_true(n BIGINT, b BOOLEAN) RETURNS BIGINT LANGUAGE sql IMMUTABLE
	AS 'SELECT coalesce(n, 0) + CASE WHEN b THEN 1 ELSE 0 END';
CREATE AGGREGATE sum(BOOLEAN) (SFUNC = xn_count_true, STYPE = BIGINT);

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE settings (
	key        TEXT PRIMARY KEY,
	value      TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL DEFAULT '',
	device     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE calendar_years (
	id         TEXT PRIMARY KEY,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL DEFAULT '',
	device     TEXT NOT NULL DEFAULT '',
	deleted_at TEXT,
	year       BIGINT NOT NULL,
	days_off   TEXT NOT NULL DEFAULT '',
	work_days  TEXT NOT NULL DEFAULT '',
	note       TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX calendar_years_year ON calendar_years(year) WHERE deleted_at IS NULL;

CREATE TABLE units (
	id               TEXT PRIMARY KEY,
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL,
	updated_by       TEXT NOT NULL DEFAULT '',
	device           TEXT NOT NULL DEFAULT '',
	deleted_at       TEXT,
	name             TEXT NOT NULL,
	short_name       TEXT NOT NULL DEFAULT '',
	category         TEXT NOT NULL,
	parent_id        TEXT REFERENCES units(id) DEFERRABLE,
	principal        TEXT NOT NULL DEFAULT '',
	leader_in_charge TEXT NOT NULL DEFAULT '',
	contact          TEXT NOT NULL DEFAULT '',
	phone            TEXT NOT NULL DEFAULT '',
	hotline          TEXT NOT NULL DEFAULT '',
	address          TEXT NOT NULL DEFAULT '',
	status           TEXT NOT NULL DEFAULT '在用',
	merged_into_id   TEXT REFERENCES units(id) DEFERRABLE,
	note             TEXT NOT NULL DEFAULT '',
	initials         TEXT NOT NULL DEFAULT ''
);
-- A name is unique among active units; a retired unit's name may be reused.
CREATE UNIQUE INDEX units_active_name ON units(name) WHERE status = '在用' AND deleted_at IS NULL;
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE people (
	id               TEXT PRIMARY KEY,
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL,
	updated_by       TEXT NOT NULL DEFAULT '',
	device           TEXT NOT NULL DEFAULT '',
	deleted_at       TEXT,
	name             TEXT NOT NULL,
	role             TEXT NOT NULL,
	post             TEXT NOT NULL DEFAULT '',
	organization     TEXT NOT NULL DEFAULT '',
	phone            TEXT NOT NULL DEFAULT '',
	can_sign         BIGINT NOT NULL DEFAULT 0,
	can_see_identity BIGINT NOT NULL DEFAULT 0,
	active           BIGINT NOT NULL DEFAULT 1,
	note             TEXT NOT NULL DEFAULT ''
);

CREATE TABLE rounds (
	id          TEXT PRIMARY KEY,
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	updated_by  TEXT NOT NULL DEFAULT '',
	device      TEXT NOT NULL DEFAULT '',
	deleted_at  TEXT,
	title       TEXT NOT NULL,
	kind        TEXT NOT NULL,
	start_date  TEXT NOT NULL,
	end_date    TEXT,
	description TEXT NOT NULL DEFAULT '',
	leader_id   TEXT REFERENCES people(id) DEFERRABLE
);

-- Set-valued fields of a round; changes are audited on the round.
CREATE TABLE round_members (
	round_id  TEXT NOT NULL REFERENCES rounds(id) DEFERRABLE,
	person_id TEXT NOT NULL REFERENCES people(id) DEFERRABLE,
	PRIMARY KEY (round_id, person_id)
);

CREATE TABLE round_units (
	round_id TEXT NOT NULL REFERENCES rounds(id) DEFERRABLE,
	unit_id  TEXT NOT NULL REFERENCES units(id) DEFERRABLE,
	PRIMARY KEY (round_id, unit_id)
);

CREATE TABLE visits (
	id           TEXT PRIMARY KEY,
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	updated_by   TEXT NOT NULL DEFAULT '',
	device       TEXT NOT NULL DEFAULT '',
	deleted_at   TEXT,
	round_id     TEXT NOT NULL REFERENCES rounds(id) DEFERRABLE,
	unit_id      TEXT NOT NULL REFERENCES units(id) DEFERRABLE,
	visited_at   TEXT NOT NULL,
	place        TEXT NOT NULL DEFAULT '',
	summary      TEXT NOT NULL DEFAULT '',
	phone_number TEXT NOT NULL DEFAULT '',
	answered     TEXT NOT NULL DEFAULT '',
	attitude     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE visit_inspectors (
	visit_id  TEXT NOT NULL REFERENCES visits(id) DEFERRABLE,
	person_id TEXT NOT NULL REFERENCES people(id) DEFERRABLE,
	PRIMARY KEY (visit_id, person_id)
);

CREATE TABLE unit_disclosures (
	id         TEXT PRIMARY KEY,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL DEFAULT '',
	device     TEXT NOT NULL DEFAULT '',
	deleted_at TEXT,
	unit_id    TEXT NOT NULL REFERENCES units(id) DEFERRABLE,
	item       TEXT NOT NULL,
	posted     BIGINT NOT NULL DEFAULT 0,
	checked_on TEXT,
	visit_id   TEXT REFERENCES visits(id) DEFERRABLE,
	UNIQUE (unit_id, item)
);

CREATE TABLE findings (
	id              TEXT PRIMARY KEY,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	updated_by      TEXT NOT NULL DEFAULT '',
	device          TEXT NOT NULL DEFAULT '',
	deleted_at      TEXT,
	visit_id        TEXT REFERENCES visits(id) DEFERRABLE,
	unit_id         TEXT NOT NULL REFERENCES units(id) DEFERRABLE,
	found_on        TEXT NOT NULL,
	category        TEXT NOT NULL,
	description     TEXT NOT NULL,
	staff_name      TEXT NOT NULL DEFAULT '',
	staff_post      TEXT NOT NULL DEFAULT '',
	disposition     TEXT NOT NULL,
	rect_status     TEXT NOT NULL DEFAULT '无需整改',
	rect_limit_days BIGINT NOT NULL DEFAULT 0,
	rect_due        TEXT,
	report_on       TEXT,
	report_content  TEXT NOT NULL DEFAULT '',
	recheck_on      TEXT,
	recheck_result  TEXT NOT NULL DEFAULT '',
	recheck_by      TEXT NOT NULL DEFAULT '',
	closed_on       TEXT
);

CREATE TABLE finding_events (
	id         TEXT PRIMARY KEY,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL DEFAULT '',
	device     TEXT NOT NULL DEFAULT '',
	deleted_at TEXT,
	finding_id TEXT NOT NULL REFERENCES findings(id) DEFERRABLE,
	kind       TEXT NOT NULL,
	at         TEXT NOT NULL,
	actor      TEXT NOT NULL DEFAULT '',
	on_date    TEXT,
	limit_days BIGINT NOT NULL DEFAULT 0,
	due_date   TEXT,
	result     TEXT NOT NULL DEFAULT '',
	note       TEXT NOT NULL DEFAULT '',
	rowid BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE
);

CREATE TABLE complaints (
	id                    TEXT PRIMARY KEY,
	created_at            TEXT NOT NULL,
	updated_at            TEXT NOT NULL,
	updated_by            TEXT NOT NULL DEFAULT '',
	device                TEXT NOT NULL DEFAULT '',
	deleted_at            TEXT,
	number                TEXT NOT NULL UNIQUE,
	year                  BIGINT NOT NULL,
	seq                   BIGINT NOT NULL,
	received_at           TEXT NOT NULL,
	channel               TEXT NOT NULL,
	source_ref            TEXT NOT NULL DEFAULT '',
	anonymous             BIGINT NOT NULL DEFAULT 0,
	complainant_name      TEXT NOT NULL DEFAULT '',
	complainant_phone     TEXT NOT NULL DEFAULT '',
	complainant_id_number TEXT NOT NULL DEFAULT '',
	complainant_address   TEXT NOT NULL DEFAULT '',
	complainant_unit      TEXT NOT NULL DEFAULT '',
	unit_id               TEXT NOT NULL REFERENCES units(id) DEFERRABLE,
	person_name           TEXT NOT NULL DEFAULT '',
	person_post           TEXT NOT NULL DEFAULT '',
	category              TEXT NOT NULL,
	subject               TEXT NOT NULL,
	content               TEXT NOT NULL,
	status                TEXT NOT NULL,
	accept_due            TEXT,
	accepted_at           TEXT,
	reject_reason         TEXT NOT NULL DEFAULT '',
	transfer_to           TEXT NOT NULL DEFAULT '',
	handler_unit_id       TEXT REFERENCES units(id) DEFERRABLE,
	assigned_at           TEXT,
	limit_days            BIGINT NOT NULL DEFAULT 0,
	due_date              TEXT,
	fed_back_at           TEXT,
	feedback              TEXT NOT NULL DEFAULT '',
	verification          TEXT NOT NULL DEFAULT '',
	replied_at            TEXT,
	satisfaction          TEXT NOT NULL DEFAULT '',
	closed_at             TEXT,
	archived_at           TEXT,
	merged_into_id        TEXT REFERENCES complaints(id) DEFERRABLE,
	round                 BIGINT NOT NULL DEFAULT 1,
	UNIQUE (year, seq),
	rowid BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE
);

-- Tickets by month received × state × channel, kept by triggers in the
-- same transaction as every change, so that the statistics of a year read a
-- few hundred rows instead of every ticket of it (a million-ticket ledger
-- takes SQLite in pure Go a fifth of a second to group).
CREATE TABLE complaint_month_counts (
	month   TEXT NOT NULL, -- YYYY-MM of received_at
	status  TEXT NOT NULL,
	channel TEXT NOT NULL,
	n       BIGINT NOT NULL,
	PRIMARY KEY (month, status, channel)
);

-- The SQLite ledger's triggers, as PostgreSQL writes them: a function
-- each, run for each row.
CREATE FUNCTION complaints_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO complaint_month_counts (month, status, channel, n)
		VALUES (substr(NEW.received_at, 1, 7), NEW.status, NEW.channel, 1)
		ON CONFLICT (month, status, channel) DO UPDATE SET n = complaint_month_counts.n + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER complaints_count_insert AFTER INSERT ON complaints
	FOR EACH ROW WHEN (NEW.deleted_at IS NULL) EXECUTE FUNCTION complaints_count_insert();

CREATE FUNCTION complaints_count_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE complaint_month_counts SET n = n - 1
		WHERE OLD.deleted_at IS NULL AND month = substr(OLD.received_at, 1, 7) AND status = OLD.status AND channel = OLD.channel;
	INSERT INTO complaint_month_counts (month, status, channel, n)
		SELECT substr(NEW.received_at, 1, 7), NEW.status, NEW.channel, 1 WHERE NEW.deleted_at IS NULL
		ON CONFLICT (month, status, channel) DO UPDATE SET n = complaint_month_counts.n + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER complaints_count_update AFTER UPDATE OF received_at, status, channel, deleted_at ON complaints
	FOR EACH ROW EXECUTE FUNCTION complaints_count_update();

CREATE TABLE complaint_events (
	id              TEXT PRIMARY KEY,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	updated_by      TEXT NOT NULL DEFAULT '',
	device          TEXT NOT NULL DEFAULT '',
	deleted_at      TEXT,
	complaint_id    TEXT NOT NULL REFERENCES complaints(id) DEFERRABLE,
	kind            TEXT NOT NULL,
	at              TEXT NOT NULL,
	actor           TEXT NOT NULL DEFAULT '',
	round           BIGINT NOT NULL DEFAULT 1,
	handler_unit_id TEXT REFERENCES units(id) DEFERRABLE,
	limit_days      BIGINT NOT NULL DEFAULT 0,
	due_date        TEXT,
	method          TEXT NOT NULL DEFAULT '',
	result          TEXT NOT NULL DEFAULT '',
	note            TEXT NOT NULL DEFAULT '',
	approved_by     TEXT NOT NULL DEFAULT '',
	done_by         TEXT NOT NULL DEFAULT '',
	transfer_to     TEXT NOT NULL DEFAULT '',
	related_id      TEXT REFERENCES complaints(id) DEFERRABLE,
	rowid BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE
);
CREATE INDEX complaint_events_complaint ON complaint_events(complaint_id, at);

CREATE TABLE activity_logs (
	id           TEXT PRIMARY KEY,
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	updated_by   TEXT NOT NULL DEFAULT '',
	device       TEXT NOT NULL DEFAULT '',
	deleted_at   TEXT,
	unit_id      TEXT NOT NULL REFERENCES units(id) DEFERRABLE,
	on_date      TEXT NOT NULL,
	agency       TEXT NOT NULL,
	officers     TEXT NOT NULL DEFAULT '',
	purpose      TEXT NOT NULL,
	basis        TEXT NOT NULL DEFAULT '',
	form_filled  BIGINT NOT NULL DEFAULT 0,
	note         TEXT NOT NULL DEFAULT '',
	complaint_id TEXT REFERENCES complaints(id) DEFERRABLE
);

CREATE TABLE actions (
	id           TEXT PRIMARY KEY,
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	updated_by   TEXT NOT NULL DEFAULT '',
	device       TEXT NOT NULL DEFAULT '',
	deleted_at   TEXT,
	target_kind  TEXT NOT NULL,
	unit_id      TEXT NOT NULL REFERENCES units(id) DEFERRABLE,
	person_name  TEXT NOT NULL DEFAULT '',
	person_post  TEXT NOT NULL DEFAULT '',
	measure      TEXT NOT NULL,
	finding_id   TEXT REFERENCES findings(id) DEFERRABLE,
	complaint_id TEXT REFERENCES complaints(id) DEFERRABLE,
	reason       TEXT NOT NULL DEFAULT '',
	decided_on   TEXT NOT NULL,
	decided_by   TEXT NOT NULL DEFAULT '',
	doc_number   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE documents (
	id                TEXT PRIMARY KEY,
	created_at        TEXT NOT NULL,
	updated_at        TEXT NOT NULL,
	updated_by        TEXT NOT NULL DEFAULT '',
	device            TEXT NOT NULL DEFAULT '',
	deleted_at        TEXT,
	kind              TEXT NOT NULL,
	status            TEXT NOT NULL DEFAULT '草稿',
	title             TEXT NOT NULL,
	recipient_unit_id TEXT REFERENCES units(id) DEFERRABLE,
	recipient         TEXT NOT NULL DEFAULT '',
	body              TEXT NOT NULL DEFAULT '',
	prefix            TEXT NOT NULL DEFAULT '',
	year              BIGINT,
	seq               BIGINT,
	number            TEXT NOT NULL DEFAULT '',
	issuing_body      TEXT NOT NULL DEFAULT '',
	signed_on         TEXT,
	signer            TEXT NOT NULL DEFAULT '',
	reply_due         TEXT,
	with_identity     BIGINT NOT NULL DEFAULT 0,
	delivered_on      TEXT,
	delivery_method   TEXT NOT NULL DEFAULT '',
	delivered_to      TEXT NOT NULL DEFAULT '',
	delivered_by      TEXT NOT NULL DEFAULT '',
	delivery_place    TEXT NOT NULL DEFAULT '',
	refusal_note      TEXT NOT NULL DEFAULT '',
	witness           TEXT NOT NULL DEFAULT '',
	replied_on        TEXT,
	reply_content     TEXT NOT NULL DEFAULT '',
	archived_on       TEXT,
	void_reason       TEXT NOT NULL DEFAULT '',
	complaint_id      TEXT REFERENCES complaints(id) DEFERRABLE,
	round_id          TEXT REFERENCES rounds(id) DEFERRABLE,
	visit_id          TEXT REFERENCES visits(id) DEFERRABLE
);
-- Numbers are sequential per kind per year and never reused: a voided or
-- deleted document keeps its row, so its number stays taken.
CREATE UNIQUE INDEX documents_number ON documents(kind, year, seq) WHERE seq IS NOT NULL;

CREATE TABLE document_findings (
	document_id TEXT NOT NULL REFERENCES documents(id) DEFERRABLE,
	finding_id  TEXT NOT NULL REFERENCES findings(id) DEFERRABLE,
	PRIMARY KEY (document_id, finding_id)
);

-- File contents, stored once per hash.
CREATE TABLE blobs (
	sha256 TEXT PRIMARY KEY,
	size   BIGINT NOT NULL,
	data   BYTEA NOT NULL
);

CREATE TABLE attachments (
	id         TEXT PRIMARY KEY,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL DEFAULT '',
	device     TEXT NOT NULL DEFAULT '',
	deleted_at TEXT,
	owner_kind TEXT NOT NULL,
	owner_id   TEXT NOT NULL,
	name       TEXT NOT NULL,
	mime       TEXT NOT NULL DEFAULT '',
	sha256     TEXT NOT NULL REFERENCES blobs(sha256) DEFERRABLE,
	size       BIGINT NOT NULL,
	rowid BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE
);
CREATE INDEX attachments_owner ON attachments(owner_kind, owner_id);

CREATE TABLE audit_log (
	id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	at         TEXT NOT NULL,
	actor      TEXT NOT NULL,
	device     TEXT NOT NULL,
	table_name TEXT NOT NULL,
	record_id  TEXT NOT NULL,
	action     TEXT NOT NULL,
	before     TEXT,
	after      TEXT
);
CREATE INDEX audit_log_record ON audit_log(table_name, record_id);
