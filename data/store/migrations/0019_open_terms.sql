-- Each live complaint 待受理 or 办理中 that has a deadline
-- (data.Complaint.Deadline) is in two more FTS5 indexes, the twins of the
-- search indexes, under a rowid that orders them as the alerts list them:
-- the day of the deadline, then the newest key first (openKey, Go's
-- xn_open_key). A search within 已超期 or 临近到期 is each part's state and
-- terms within a range of rowids: FTS5 counts it and reads a page of it
-- without reading a complaint. Finding the tab's matches by the terms of
-- their deadline's month and day, and each match's deadline in the
-- complaints (migration 0017), took 38 ms for the first page of 已超期 +
-- 窗口 at a million and 120-130 ms for its middle page.
--
-- The rows of the search indexes hold a complaint's state again, not its
-- deadline: the triggers write both indexes and their twins, and the rows
-- that held a deadline are written again, as migration 0015 wrote them.

DROP TRIGGER complaints_search_insert;
DROP TRIGGER complaints_search_update;
DROP TRIGGER complaints_state_update;
DROP TRIGGER units_search_update;
DROP TRIGGER complaint_identity_terms_insert;
DROP TRIGGER complaint_identity_terms_update;

CREATE VIRTUAL TABLE complaint_open_bigrams USING fts5(terms, content='', contentless_delete=1, tokenize='ascii', detail=none);
CREATE VIRTUAL TABLE complaint_open_trigrams USING fts5(terms, content='', contentless_delete=1, tokenize='ascii');

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
		WHERE c.rowid = NEW.rowid AND c.search_key IS NOT NULL;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.longer, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.rowid = NEW.rowid AND c.search_key IS NOT NULL;
	INSERT INTO complaint_open_bigrams (rowid, terms)
		SELECT xn_open_key(c.status, c.accept_due, c.due_date, c.search_key), xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.bigrams, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.rowid = NEW.rowid AND xn_open_key(c.status, c.accept_due, c.due_date, c.search_key) IS NOT NULL;
	INSERT INTO complaint_open_trigrams (rowid, terms)
		SELECT xn_open_key(c.status, c.accept_due, c.due_date, c.search_key), xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.longer, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.rowid = NEW.rowid AND xn_open_key(c.status, c.accept_due, c.due_date, c.search_key) IS NOT NULL;
END;

CREATE TRIGGER complaints_search_update AFTER UPDATE OF number, subject, content, unit_id, received_at, deleted_at ON complaints
BEGIN
	DELETE FROM complaint_bigrams WHERE rowid = OLD.search_key;
	DELETE FROM complaint_trigrams WHERE rowid = OLD.search_key;
	DELETE FROM complaint_open_bigrams WHERE rowid IN (xn_open_key(OLD.status, OLD.accept_due, OLD.due_date, OLD.search_key),
		(SELECT xn_open_key(status, accept_due, due_date, search_key) FROM complaints WHERE rowid = NEW.rowid));
	DELETE FROM complaint_open_trigrams WHERE rowid IN (xn_open_key(OLD.status, OLD.accept_due, OLD.due_date, OLD.search_key),
		(SELECT xn_open_key(status, accept_due, due_date, search_key) FROM complaints WHERE rowid = NEW.rowid));
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
	INSERT INTO complaint_open_bigrams (rowid, terms)
		SELECT xn_open_key(c.status, c.accept_due, c.due_date, c.search_key), xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.bigrams, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.rowid = NEW.rowid AND xn_open_key(c.status, c.accept_due, c.due_date, c.search_key) IS NOT NULL;
	INSERT INTO complaint_open_trigrams (rowid, terms)
		SELECT xn_open_key(c.status, c.accept_due, c.due_date, c.search_key), xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.longer, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.rowid = NEW.rowid AND xn_open_key(c.status, c.accept_due, c.due_date, c.search_key) IS NOT NULL;
END;

-- Whichever of this and the trigger above fires first, each writes the
-- rows at the complaint's key and deadline as they then are, and removes
-- those at the ones before. Assigning a complaint sets its due date as it
-- changes its state, in one update.
CREATE TRIGGER complaints_state_update AFTER UPDATE OF status, accept_due, due_date ON complaints
WHEN OLD.status IS NOT NEW.status OR OLD.accept_due IS NOT NEW.accept_due OR OLD.due_date IS NOT NEW.due_date
BEGIN
	DELETE FROM complaint_bigrams WHERE rowid = (SELECT search_key FROM complaints WHERE rowid = NEW.rowid);
	DELETE FROM complaint_trigrams WHERE rowid = (SELECT search_key FROM complaints WHERE rowid = NEW.rowid);
	DELETE FROM complaint_open_bigrams WHERE rowid IN (xn_open_key(OLD.status, OLD.accept_due, OLD.due_date, OLD.search_key),
		(SELECT xn_open_key(status, accept_due, due_date, search_key) FROM complaints WHERE rowid = NEW.rowid));
	DELETE FROM complaint_open_trigrams WHERE rowid IN (xn_open_key(OLD.status, OLD.accept_due, OLD.due_date, OLD.search_key),
		(SELECT xn_open_key(status, accept_due, due_date, search_key) FROM complaints WHERE rowid = NEW.rowid));
	INSERT INTO complaint_bigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.bigrams, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.rowid = NEW.rowid AND c.search_key IS NOT NULL;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.longer, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.rowid = NEW.rowid AND c.search_key IS NOT NULL;
	INSERT INTO complaint_open_bigrams (rowid, terms)
		SELECT xn_open_key(c.status, c.accept_due, c.due_date, c.search_key), xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.bigrams, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.rowid = NEW.rowid AND xn_open_key(c.status, c.accept_due, c.due_date, c.search_key) IS NOT NULL;
	INSERT INTO complaint_open_trigrams (rowid, terms)
		SELECT xn_open_key(c.status, c.accept_due, c.due_date, c.search_key), xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.longer, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.rowid = NEW.rowid AND xn_open_key(c.status, c.accept_due, c.due_date, c.search_key) IS NOT NULL;
END;

CREATE TRIGGER units_search_update AFTER UPDATE OF name, short_name ON units
BEGIN
	DELETE FROM complaint_bigrams WHERE rowid IN (SELECT search_key FROM complaints WHERE unit_id = NEW.id AND search_key IS NOT NULL);
	DELETE FROM complaint_trigrams WHERE rowid IN (SELECT search_key FROM complaints WHERE unit_id = NEW.id AND search_key IS NOT NULL);
	DELETE FROM complaint_open_bigrams WHERE rowid IN (SELECT xn_open_key(status, accept_due, due_date, search_key) FROM complaints WHERE unit_id = NEW.id AND search_key IS NOT NULL);
	DELETE FROM complaint_open_trigrams WHERE rowid IN (SELECT xn_open_key(status, accept_due, due_date, search_key) FROM complaints WHERE unit_id = NEW.id AND search_key IS NOT NULL);
	INSERT INTO complaint_bigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, NEW.name, NEW.short_name) || coalesce(' ' || t.bigrams, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.unit_id = NEW.id AND c.search_key IS NOT NULL;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, NEW.name, NEW.short_name) || coalesce(' ' || t.longer, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.unit_id = NEW.id AND c.search_key IS NOT NULL;
	INSERT INTO complaint_open_bigrams (rowid, terms)
		SELECT xn_open_key(c.status, c.accept_due, c.due_date, c.search_key), xn_search_terms(2, c.number, c.subject, c.content, NEW.name, NEW.short_name) || coalesce(' ' || t.bigrams, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.unit_id = NEW.id AND xn_open_key(c.status, c.accept_due, c.due_date, c.search_key) IS NOT NULL;
	INSERT INTO complaint_open_trigrams (rowid, terms)
		SELECT xn_open_key(c.status, c.accept_due, c.due_date, c.search_key), xn_search_terms(3, c.number, c.subject, c.content, NEW.name, NEW.short_name) || coalesce(' ' || t.longer, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.unit_id = NEW.id AND xn_open_key(c.status, c.accept_due, c.due_date, c.search_key) IS NOT NULL;
END;

CREATE TRIGGER complaint_identity_terms_insert AFTER INSERT ON complaint_identity_terms
BEGIN
	DELETE FROM complaint_bigrams WHERE rowid = (SELECT search_key FROM complaints WHERE id = NEW.complaint_id);
	DELETE FROM complaint_trigrams WHERE rowid = (SELECT search_key FROM complaints WHERE id = NEW.complaint_id);
	DELETE FROM complaint_open_bigrams WHERE rowid = (SELECT xn_open_key(status, accept_due, due_date, search_key) FROM complaints WHERE id = NEW.complaint_id);
	DELETE FROM complaint_open_trigrams WHERE rowid = (SELECT xn_open_key(status, accept_due, due_date, search_key) FROM complaints WHERE id = NEW.complaint_id);
	INSERT INTO complaint_bigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || NEW.bigrams, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id
		WHERE c.id = NEW.complaint_id AND c.search_key IS NOT NULL;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || NEW.longer, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id
		WHERE c.id = NEW.complaint_id AND c.search_key IS NOT NULL;
	INSERT INTO complaint_open_bigrams (rowid, terms)
		SELECT xn_open_key(c.status, c.accept_due, c.due_date, c.search_key), xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || NEW.bigrams, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id
		WHERE c.id = NEW.complaint_id AND xn_open_key(c.status, c.accept_due, c.due_date, c.search_key) IS NOT NULL;
	INSERT INTO complaint_open_trigrams (rowid, terms)
		SELECT xn_open_key(c.status, c.accept_due, c.due_date, c.search_key), xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || NEW.longer, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id
		WHERE c.id = NEW.complaint_id AND xn_open_key(c.status, c.accept_due, c.due_date, c.search_key) IS NOT NULL;
END;

CREATE TRIGGER complaint_identity_terms_update AFTER UPDATE ON complaint_identity_terms
BEGIN
	DELETE FROM complaint_bigrams WHERE rowid = (SELECT search_key FROM complaints WHERE id = NEW.complaint_id);
	DELETE FROM complaint_trigrams WHERE rowid = (SELECT search_key FROM complaints WHERE id = NEW.complaint_id);
	DELETE FROM complaint_open_bigrams WHERE rowid = (SELECT xn_open_key(status, accept_due, due_date, search_key) FROM complaints WHERE id = NEW.complaint_id);
	DELETE FROM complaint_open_trigrams WHERE rowid = (SELECT xn_open_key(status, accept_due, due_date, search_key) FROM complaints WHERE id = NEW.complaint_id);
	INSERT INTO complaint_bigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || NEW.bigrams, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id
		WHERE c.id = NEW.complaint_id AND c.search_key IS NOT NULL;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || NEW.longer, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id
		WHERE c.id = NEW.complaint_id AND c.search_key IS NOT NULL;
	INSERT INTO complaint_open_bigrams (rowid, terms)
		SELECT xn_open_key(c.status, c.accept_due, c.due_date, c.search_key), xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || NEW.bigrams, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id
		WHERE c.id = NEW.complaint_id AND xn_open_key(c.status, c.accept_due, c.due_date, c.search_key) IS NOT NULL;
	INSERT INTO complaint_open_trigrams (rowid, terms)
		SELECT xn_open_key(c.status, c.accept_due, c.due_date, c.search_key), xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || NEW.longer, '') || ' ' || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id
		WHERE c.id = NEW.complaint_id AND xn_open_key(c.status, c.accept_due, c.due_date, c.search_key) IS NOT NULL;
END;

-- The rows that held a deadline written again, in the order of their
-- keys, and the twins written in the order of theirs.
DELETE FROM complaint_bigrams WHERE rowid IN (SELECT search_key FROM complaints WHERE status IN ('待受理', '办理中') AND search_key IS NOT NULL);
DELETE FROM complaint_trigrams WHERE rowid IN (SELECT search_key FROM complaints WHERE status IN ('待受理', '办理中') AND search_key IS NOT NULL);
INSERT INTO complaint_bigrams (rowid, terms)
	SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.bigrams, '') || ' ' || xn_state_term(c.status)
	FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
	WHERE c.status IN ('待受理', '办理中') AND c.search_key IS NOT NULL ORDER BY c.search_key;
INSERT INTO complaint_trigrams (rowid, terms)
	SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.longer, '') || ' ' || xn_state_term(c.status)
	FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
	WHERE c.status IN ('待受理', '办理中') AND c.search_key IS NOT NULL ORDER BY c.search_key;
INSERT INTO complaint_open_bigrams (rowid, terms)
	SELECT xn_open_key(c.status, c.accept_due, c.due_date, c.search_key), xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.bigrams, '') || ' ' || xn_state_term(c.status)
	FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
	WHERE c.status IN ('待受理', '办理中') AND xn_open_key(c.status, c.accept_due, c.due_date, c.search_key) IS NOT NULL ORDER BY 1;
INSERT INTO complaint_open_trigrams (rowid, terms)
	SELECT xn_open_key(c.status, c.accept_due, c.due_date, c.search_key), xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.longer, '') || ' ' || xn_state_term(c.status)
	FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
	WHERE c.status IN ('待受理', '办理中') AND xn_open_key(c.status, c.accept_due, c.due_date, c.search_key) IS NOT NULL ORDER BY 1;
