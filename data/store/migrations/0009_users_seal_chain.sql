-- Users and sign-in, the complainant's identity sealed at rest, and the
-- audit log as a hash chain (see users.go, identity.go and audit.go).

-- Users are records (created, changed and disabled with audit rows); what
-- their passwords unlock lives apart in user_credentials, which no audit
-- row ever shows.
CREATE TABLE users (
	id                   TEXT PRIMARY KEY,
	created_at           TEXT NOT NULL,
	updated_at           TEXT NOT NULL,
	updated_by           TEXT NOT NULL DEFAULT '',
	device               TEXT NOT NULL DEFAULT '',
	deleted_at           TEXT,
	login                TEXT NOT NULL,
	name                 TEXT NOT NULL,
	roles                TEXT NOT NULL, -- 管理员,受理员: data.Roles order
	active               INTEGER NOT NULL DEFAULT 1,
	must_change_password INTEGER NOT NULL DEFAULT 0,
	clock                TEXT -- the field exchange's versions (0008), as every record has
) STRICT;
CREATE UNIQUE INDEX users_login ON users(login);

-- The password's argon2id hash; the user's key pair, its private key
-- encrypted under the key the password derives (so a password change
-- re-encrypts only this; a field ledger's accounts have none); wrong
-- passwords in a row and the lock they set, kept here so that every
-- program on the ledger sees them.
CREATE TABLE user_credentials (
	user_id      TEXT PRIMARY KEY REFERENCES users(id),
	password     TEXT NOT NULL,
	public_key   BLOB,
	private_key  BLOB,
	failures     INTEGER NOT NULL DEFAULT 0,
	locked_until TEXT,
	last_sign_in TEXT
) STRICT;

-- The ledger's key pair, made with the first administrator: identities
-- are sealed to its public key; its private key (the data key) is kept
-- only sealed to each user who may reveal identities (key_grants) and
-- encrypted under the recovery code printed once.
CREATE TABLE ledger_keys (
	id            INTEGER PRIMARY KEY CHECK (id = 1),
	public_key    BLOB NOT NULL,
	recovery      TEXT NOT NULL, -- argon2id hash of the recovery code
	recovery_wrap BLOB NOT NULL,
	created_at    TEXT NOT NULL
) STRICT;

-- custodial: sealed to the first administrator only until a user who may
-- reveal holds it, so that the grant can be passed on; it never lets the
-- administrator reveal.
CREATE TABLE key_grants (
	user_id    TEXT PRIMARY KEY REFERENCES users(id),
	data_key   BLOB NOT NULL,
	custodial  INTEGER NOT NULL DEFAULT 0,
	granted_by TEXT NOT NULL,
	granted_at TEXT NOT NULL
) STRICT;

-- The keys identities are encrypted under (SM4 or AES), each sealed to
-- the ledger's public key: a session makes one and seals with it until it
-- ends, so that registering needs no secret and an import of ten thousand
-- tickets one public-key operation.
CREATE TABLE seal_keys (
	id         INTEGER PRIMARY KEY,
	sealed     BLOB NOT NULL,
	created_at TEXT NOT NULL
) STRICT;

-- Identities written before this version, until the first administrator's
-- key pair seals them (in that transaction, which then empties this table
-- and the file is vacuumed).
CREATE TABLE legacy_identities (
	complaint_id TEXT PRIMARY KEY REFERENCES complaints(id),
	name         TEXT NOT NULL,
	phone        TEXT NOT NULL,
	id_number    TEXT NOT NULL,
	address      TEXT NOT NULL,
	unit         TEXT NOT NULL
) STRICT;
INSERT INTO legacy_identities (complaint_id, name, phone, id_number, address, unit)
	SELECT id, complainant_name, complainant_phone, complainant_id_number, complainant_address, complainant_unit FROM complaints
	WHERE complainant_name != '' OR complainant_phone != '' OR complainant_id_number != '' OR complainant_address != '' OR complainant_unit != '';

-- An import key made from a complainant was an unkeyed hash, which hashing
-- a county's names and numbers undoes; keys are keyed from now on
-- (import.go). An imported ticket is still found again by its receipt
-- minute, unit, subject and complainant.
UPDATE complaints SET import_key = NULL WHERE import_key LIKE '投诉人:%';

-- The search triggers read the plain name: they go, and come back below
-- reading the identity's keyed hashes instead.
DROP TRIGGER complaints_search_insert;
DROP TRIGGER complaints_search_update;
DROP TRIGGER units_search_update;

-- The ticket keeps its complainant masked (张*, 138****5678) for screens
-- and audit rows, and sealed.
UPDATE complaints SET complainant_name = xn_mask('name', complainant_name), complainant_phone = xn_mask('phone', complainant_phone),
	complainant_id_number = xn_mask('id_number', complainant_id_number), complainant_address = xn_mask('text', complainant_address),
	complainant_unit = xn_mask('text', complainant_unit)
	WHERE id IN (SELECT complaint_id FROM legacy_identities);
ALTER TABLE complaints RENAME COLUMN complainant_name TO complainant_name_mask;
ALTER TABLE complaints RENAME COLUMN complainant_phone TO complainant_phone_mask;
ALTER TABLE complaints RENAME COLUMN complainant_id_number TO complainant_id_number_mask;
ALTER TABLE complaints RENAME COLUMN complainant_address TO complainant_address_mask;
ALTER TABLE complaints RENAME COLUMN complainant_unit TO complainant_unit_mask;
ALTER TABLE complaints ADD COLUMN complainant_sealed BLOB;

-- Keyed hashes of the complainant's name, phone and ID number and of
-- their parts, as search terms (complaint_search.go): bigrams for the
-- bigram index, longer ones for the trigram index. NULL terms: the ticket
-- was sealed by someone without the key; a key holder's next sign-in
-- writes them. No reference to complaints: a ticket's terms are written
-- before it, so that its insert trigger indexes them.
CREATE TABLE complaint_identity_terms (
	complaint_id TEXT PRIMARY KEY,
	bigrams      TEXT,
	longer       TEXT
) STRICT, WITHOUT ROWID;
CREATE INDEX complaint_identity_terms_pending ON complaint_identity_terms(complaint_id) WHERE bigrams IS NULL;

CREATE TRIGGER complaints_search_insert AFTER INSERT ON complaints WHEN NEW.deleted_at IS NULL
BEGIN
	UPDATE complaints SET search_key = (
		SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM complaints WHERE search_key = b.k) THEN b.k
			ELSE (SELECT a.search_key + 1 FROM complaints a
				WHERE a.search_key >= b.k AND NOT EXISTS (SELECT 1 FROM complaints n WHERE n.search_key = a.search_key + 1)
				ORDER BY a.search_key LIMIT 1) END
		FROM (SELECT unixepoch(NEW.received_at) * 8 AS k) b)
	WHERE rowid = NEW.rowid;
	INSERT INTO complaint_bigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.bigrams, '')
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.rowid = NEW.rowid;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.longer, '')
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.rowid = NEW.rowid;
END;

CREATE TRIGGER complaints_search_update AFTER UPDATE OF number, subject, content, unit_id, received_at, deleted_at ON complaints
BEGIN
	DELETE FROM complaint_bigrams WHERE rowid = OLD.search_key;
	DELETE FROM complaint_trigrams WHERE rowid = OLD.search_key;
	UPDATE complaints SET search_key = NULL
	WHERE rowid = NEW.rowid AND (NEW.deleted_at IS NOT NULL OR NEW.received_at IS NOT OLD.received_at);
	UPDATE complaints SET search_key = (
		SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM complaints WHERE search_key = b.k) THEN b.k
			ELSE (SELECT a.search_key + 1 FROM complaints a
				WHERE a.search_key >= b.k AND NOT EXISTS (SELECT 1 FROM complaints n WHERE n.search_key = a.search_key + 1)
				ORDER BY a.search_key LIMIT 1) END
		FROM (SELECT unixepoch(NEW.received_at) * 8 AS k) b)
	WHERE rowid = NEW.rowid AND search_key IS NULL AND deleted_at IS NULL;
	INSERT INTO complaint_bigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.bigrams, '')
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.rowid = NEW.rowid AND c.search_key IS NOT NULL;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.longer, '')
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.rowid = NEW.rowid AND c.search_key IS NOT NULL;
END;

CREATE TRIGGER units_search_update AFTER UPDATE OF name, short_name ON units
BEGIN
	DELETE FROM complaint_bigrams WHERE rowid IN (SELECT search_key FROM complaints WHERE unit_id = NEW.id AND search_key IS NOT NULL);
	DELETE FROM complaint_trigrams WHERE rowid IN (SELECT search_key FROM complaints WHERE unit_id = NEW.id AND search_key IS NOT NULL);
	INSERT INTO complaint_bigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, NEW.name, NEW.short_name) || coalesce(' ' || t.bigrams, '')
		FROM complaints c LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.unit_id = NEW.id AND c.search_key IS NOT NULL;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, NEW.name, NEW.short_name) || coalesce(' ' || t.longer, '')
		FROM complaints c LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.unit_id = NEW.id AND c.search_key IS NOT NULL;
END;

-- A ticket's terms written or computed later: it is indexed again.
CREATE TRIGGER complaint_identity_terms_insert AFTER INSERT ON complaint_identity_terms
BEGIN
	DELETE FROM complaint_bigrams WHERE rowid = (SELECT search_key FROM complaints WHERE id = NEW.complaint_id);
	DELETE FROM complaint_trigrams WHERE rowid = (SELECT search_key FROM complaints WHERE id = NEW.complaint_id);
	INSERT INTO complaint_bigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || NEW.bigrams, '')
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id WHERE c.id = NEW.complaint_id AND c.search_key IS NOT NULL;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || NEW.longer, '')
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id WHERE c.id = NEW.complaint_id AND c.search_key IS NOT NULL;
END;

CREATE TRIGGER complaint_identity_terms_update AFTER UPDATE ON complaint_identity_terms
BEGIN
	DELETE FROM complaint_bigrams WHERE rowid = (SELECT search_key FROM complaints WHERE id = NEW.complaint_id);
	DELETE FROM complaint_trigrams WHERE rowid = (SELECT search_key FROM complaints WHERE id = NEW.complaint_id);
	INSERT INTO complaint_bigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || NEW.bigrams, '')
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id WHERE c.id = NEW.complaint_id AND c.search_key IS NOT NULL;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || NEW.longer, '')
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id WHERE c.id = NEW.complaint_id AND c.search_key IS NOT NULL;
END;

-- The audit chain: each row carries the hash of the row before it and its
-- own, the hash of that one and of its canonical content (audit.go). The
-- rows already here are chained by the program as this migration runs.
ALTER TABLE audit_log ADD COLUMN prev_hash BLOB;
ALTER TABLE audit_log ADD COLUMN hash BLOB;
CREATE INDEX audit_log_actor ON audit_log(actor, id);
CREATE INDEX audit_log_action ON audit_log(action, id);
