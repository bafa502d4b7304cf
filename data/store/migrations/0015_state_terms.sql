-- Each live complaint's state is a term of its rows in both search indexes,
-- 's' and the state ('s待受理'; the grams are hexadecimal digits and x, the
-- identity hashes start with k; FTS5's ascii tokenizer keeps it whole): a
-- search within a tab of the 效能投诉 screen is one FTS5 query of the
-- search's terms and the tab's states, which FTS5 answers from its own
-- lists of rowids (complaint_search_tab.go). Merged with the tab's keys
-- (complaints_status_key, migration 0014) in SQL, every rowid of a common
-- word went through SQLite's virtual machine: 35-41 ms within 待受理 and
-- 办理中 at a million, 209-233 ms within 已超期. Go writes the term as
-- stateTerm; postgres/0015_state_terms.sql does the same on a server.
--
-- The triggers of migration 0009 that write a complaint's rows write its
-- state term too, and a change of state writes its rows again.
DROP TRIGGER complaints_search_insert;
DROP TRIGGER complaints_search_update;
DROP TRIGGER units_search_update;
DROP TRIGGER complaint_identity_terms_insert;
DROP TRIGGER complaint_identity_terms_update;

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
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.bigrams, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.rowid = NEW.rowid;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.longer, '') || ' ' || xn_state_term(c.status)
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
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.bigrams, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.rowid = NEW.rowid AND c.search_key IS NOT NULL;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.longer, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.rowid = NEW.rowid AND c.search_key IS NOT NULL;
END;

-- Whichever of this and the trigger above fires first, each writes the
-- rows at the complaint's key as it then is.
CREATE TRIGGER complaints_state_update AFTER UPDATE OF status ON complaints WHEN OLD.status IS NOT NEW.status
BEGIN
	DELETE FROM complaint_bigrams WHERE rowid = (SELECT search_key FROM complaints WHERE rowid = NEW.rowid);
	DELETE FROM complaint_trigrams WHERE rowid = (SELECT search_key FROM complaints WHERE rowid = NEW.rowid);
	INSERT INTO complaint_bigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.bigrams, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.rowid = NEW.rowid AND c.search_key IS NOT NULL;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.longer, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.rowid = NEW.rowid AND c.search_key IS NOT NULL;
END;

CREATE TRIGGER units_search_update AFTER UPDATE OF name, short_name ON units
BEGIN
	DELETE FROM complaint_bigrams WHERE rowid IN (SELECT search_key FROM complaints WHERE unit_id = NEW.id AND search_key IS NOT NULL);
	DELETE FROM complaint_trigrams WHERE rowid IN (SELECT search_key FROM complaints WHERE unit_id = NEW.id AND search_key IS NOT NULL);
	INSERT INTO complaint_bigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, NEW.name, NEW.short_name) || coalesce(' ' || t.bigrams, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.unit_id = NEW.id AND c.search_key IS NOT NULL;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, NEW.name, NEW.short_name) || coalesce(' ' || t.longer, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.unit_id = NEW.id AND c.search_key IS NOT NULL;
END;

CREATE TRIGGER complaint_identity_terms_insert AFTER INSERT ON complaint_identity_terms
BEGIN
	DELETE FROM complaint_bigrams WHERE rowid = (SELECT search_key FROM complaints WHERE id = NEW.complaint_id);
	DELETE FROM complaint_trigrams WHERE rowid = (SELECT search_key FROM complaints WHERE id = NEW.complaint_id);
	INSERT INTO complaint_bigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || NEW.bigrams, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id WHERE c.id = NEW.complaint_id AND c.search_key IS NOT NULL;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || NEW.longer, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id WHERE c.id = NEW.complaint_id AND c.search_key IS NOT NULL;
END;

CREATE TRIGGER complaint_identity_terms_update AFTER UPDATE ON complaint_identity_terms
BEGIN
	DELETE FROM complaint_bigrams WHERE rowid = (SELECT search_key FROM complaints WHERE id = NEW.complaint_id);
	DELETE FROM complaint_trigrams WHERE rowid = (SELECT search_key FROM complaints WHERE id = NEW.complaint_id);
	INSERT INTO complaint_bigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || NEW.bigrams, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id WHERE c.id = NEW.complaint_id AND c.search_key IS NOT NULL;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || NEW.longer, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id WHERE c.id = NEW.complaint_id AND c.search_key IS NOT NULL;
END;

-- Both indexes made again and written in the order of their keys, as an
-- import writes them (bulk.go). Emptied instead, a contentless index keeps
-- a tombstone for each row deleted, and its 'delete-all' left it
-- unreadable to FTS5's integrity-check.
DROP TABLE complaint_bigrams;
DROP TABLE complaint_trigrams;
CREATE VIRTUAL TABLE complaint_bigrams USING fts5(terms, content='', contentless_delete=1, tokenize='ascii', detail=none);
CREATE VIRTUAL TABLE complaint_trigrams USING fts5(terms, content='', contentless_delete=1, tokenize='ascii');
INSERT INTO complaint_bigrams (rowid, terms)
	SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.bigrams, '') || ' ' || xn_state_term(c.status)
	FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
	WHERE c.search_key IS NOT NULL ORDER BY c.search_key;
INSERT INTO complaint_trigrams (rowid, terms)
	SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.longer, '') || ' ' || xn_state_term(c.status)
	FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
	WHERE c.search_key IS NOT NULL ORDER BY c.search_key;
