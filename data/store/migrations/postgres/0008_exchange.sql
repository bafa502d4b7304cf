-- Twin of ../0008_exchange.sql.

-- The field exchange (外勤): the office ledger sends rounds out to field
-- ledgers on laptops and takes back what they did (docs/外勤交换.md).

-- Every record carries the versions of its fields (data/exchange.Clock as
-- JSON): for each field, a version vector, the counter of each ledger's last
-- change it includes. NULL for records written before the exchange existed:
-- the empty version, which every later one includes.
ALTER TABLE calendar_years ADD COLUMN clock TEXT;
ALTER TABLE units ADD COLUMN clock TEXT;
ALTER TABLE people ADD COLUMN clock TEXT;
ALTER TABLE rounds ADD COLUMN clock TEXT;
ALTER TABLE visits ADD COLUMN clock TEXT;
ALTER TABLE unit_disclosures ADD COLUMN clock TEXT;
ALTER TABLE findings ADD COLUMN clock TEXT;
ALTER TABLE finding_events ADD COLUMN clock TEXT;
ALTER TABLE complaints ADD COLUMN clock TEXT;
ALTER TABLE complaint_events ADD COLUMN clock TEXT;
ALTER TABLE activity_logs ADD COLUMN clock TEXT;
ALTER TABLE actions ADD COLUMN clock TEXT;
ALTER TABLE documents ADD COLUMN clock TEXT;
ALTER TABLE attachments ADD COLUMN clock TEXT;
ALTER TABLE tasks ADD COLUMN clock TEXT;
ALTER TABLE task_units ADD COLUMN clock TEXT;
ALTER TABLE task_milestones ADD COLUMN clock TEXT;
ALTER TABLE task_events ADD COLUMN clock TEXT;
ALTER TABLE appraisal_rounds ADD COLUMN clock TEXT;
ALTER TABLE appraisal_results ADD COLUMN clock TEXT;
ALTER TABLE appraisal_posts ADD COLUMN clock TEXT;

-- The ledgers this one knows, by a small number its clocks use: itself
-- (n = 1) and those it exchanged with. seen is, for itself, its change
-- counter (one step per write transaction); for another, the latest of its
-- changes this ledger has, with every one before.
CREATE TABLE replicas (
	n         BIGINT PRIMARY KEY,
	ledger_id TEXT NOT NULL UNIQUE,
	seen      BIGINT NOT NULL DEFAULT 0
);
INSERT INTO replicas (n, ledger_id, seen) SELECT 1, value, 0 FROM meta WHERE key = 'ledger_id';

-- A laptop taken out with some rounds. In the office ledger, one row per
-- laptop (role 'office'); a field ledger has the one row it was made from
-- (role 'field'). peer is the other ledger: the field ledger, once its first
-- 交回 arrives, or the office.
CREATE TABLE field_checkouts (
	id            TEXT PRIMARY KEY,
	role          TEXT NOT NULL CHECK (role IN ('office', 'field')),
	created_at    TEXT NOT NULL,
	created_by    TEXT NOT NULL,
	office_id     TEXT NOT NULL,
	office_name   TEXT NOT NULL DEFAULT '',
	laptop        TEXT NOT NULL,
	rounds        TEXT NOT NULL,             -- JSON: [{"id", "title"}]
	peer          TEXT,
	sent_seq      BIGINT NOT NULL DEFAULT 0, -- this ledger's latest package for the peer
	acked_seq     BIGINT NOT NULL DEFAULT 0, -- the latest of them the peer has imported
	peer_seq      BIGINT NOT NULL DEFAULT 0, -- the peer's latest package imported here
	peer_summary  TEXT NOT NULL DEFAULT '{}', -- what the peer has: vector by ledger id
	audit_acked   BIGINT NOT NULL DEFAULT 0, -- this ledger's audit rows up to this the peer has
	audit_peer    BIGINT NOT NULL DEFAULT 0, -- the peer's audit rows up to this are here
	closed_at     TEXT
);
CREATE UNIQUE INDEX field_checkouts_laptop ON field_checkouts(laptop) WHERE closed_at IS NULL;

-- The records an office package carried to a laptop (seq: the first
-- package that did), and those the laptop sent (seq 0): once the laptop has
-- imported package seq, it has them.
CREATE TABLE field_checkout_records (
	checkout_id TEXT NOT NULL REFERENCES field_checkouts(id) DEFERRABLE,
	table_name  TEXT NOT NULL,
	record_id   TEXT NOT NULL,
	seq         BIGINT NOT NULL,
	PRIMARY KEY (checkout_id, table_name, record_id)
);

-- Packages written here and imported here: a package imported twice is
-- known by its id.
CREATE TABLE field_packages (
	id          TEXT PRIMARY KEY,
	checkout_id TEXT NOT NULL REFERENCES field_checkouts(id) DEFERRABLE,
	direction   TEXT NOT NULL CHECK (direction IN ('写出', '导入')),
	kind        TEXT NOT NULL,
	seq         BIGINT NOT NULL,
	at          TEXT NOT NULL,
	actor       TEXT NOT NULL,
	file        TEXT NOT NULL DEFAULT '',
	summary     TEXT NOT NULL DEFAULT ''     -- what it carried or changed, in words
);
CREATE INDEX field_packages_checkout ON field_packages(checkout_id, at);

-- A field changed on both sides to different values, held for a person:
-- the ledger keeps its value until someone decides; the other side's value
-- and version wait here.
CREATE TABLE field_conflicts (
	id              TEXT PRIMARY KEY,
	raised_at       TEXT NOT NULL,
	package_id      TEXT NOT NULL,
	table_name      TEXT NOT NULL,
	record_id       TEXT NOT NULL,
	field           TEXT NOT NULL,
	local_value     TEXT,          -- JSON, as it was when raised
	incoming_value  TEXT,          -- JSON
	incoming_clock  TEXT NOT NULL, -- the incoming version, by this ledger's replica numbers
	incoming_by     TEXT NOT NULL DEFAULT '',
	incoming_device TEXT NOT NULL DEFAULT '',
	incoming_at     TEXT NOT NULL DEFAULT '',
	decided_at      TEXT,
	decided_by      TEXT NOT NULL DEFAULT '',
	decision        TEXT NOT NULL DEFAULT '',
	rowid           BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE -- the order raised, as SQLite's rowid
);
CREATE INDEX field_conflicts_record ON field_conflicts(table_name, record_id, field) WHERE decided_at IS NULL;

-- Audit rows written in another ledger and brought by a package: origin is
-- that ledger, origin_id the row's id there.
ALTER TABLE audit_log ADD COLUMN origin TEXT;
ALTER TABLE audit_log ADD COLUMN origin_id BIGINT;

-- The exchange reads which columns its tables have and what they point
-- at from the schema (exchange_tables.go, exchange_scope.go), by SQLite's
-- catalog functions: the server answers them too, in SQLite's words (its
-- types as the file spells them; the rowid that orders the server's lists
-- is no column of the file's).
CREATE FUNCTION pragma_table_info(tbl TEXT) RETURNS TABLE (cid BIGINT, name TEXT, type TEXT, "notnull" BIGINT)
LANGUAGE sql STABLE AS $$
	SELECT row_number() OVER (ORDER BY a.attnum) - 1, a.attname::text,
		CASE format_type(a.atttypid, NULL) WHEN 'bigint' THEN 'INTEGER' WHEN 'integer' THEN 'INTEGER'
			WHEN 'double precision' THEN 'REAL' WHEN 'bytea' THEN 'BLOB' ELSE 'TEXT' END,
		a.attnotnull::int
	FROM pg_attribute a
	WHERE a.attrelid = tbl::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attname != 'rowid'
	ORDER BY a.attnum
$$;
CREATE FUNCTION pragma_foreign_key_list(tbl TEXT) RETURNS TABLE ("table" TEXT, "from" TEXT, "to" TEXT)
LANGUAGE sql STABLE AS $$
	SELECT c.confrelid::regclass::text, a.attname::text, b.attname::text
	FROM pg_constraint c
	JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
	JOIN pg_attribute b ON b.attrelid = c.confrelid AND b.attnum = c.confkey[1]
	WHERE c.contype = 'f' AND c.conrelid = tbl::regclass
	ORDER BY a.attnum
$$;
