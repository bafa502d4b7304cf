-- The rows of each live complaint 待受理 or 办理中 in both search indexes
-- hold its deadline (data.Complaint.Deadline) beside its state, as the
-- terms of its month and its day, 'm202611 m20261119' ('m0' when none is
-- set): a search within 已超期 or 临近到期 is counted by one FTS5 query of
-- its terms and the tab's states and deadlines, and its page is read month
-- by month (complaint_search_tab.go). Merging each state's keys with the
-- rowids FTS5 found took 35-40 ms for 已超期 + 窗口 at a million. Go writes
-- the terms as tabTerms, through xn_tab_terms.
--
-- The triggers of migration 0015 write the deadline's term with the state
-- term, and a change of deadline writes a complaint's rows again, as a
-- change of state does.
DROP TRIGGER complaints_search_insert;
DROP TRIGGER complaints_search_update;
DROP TRIGGER units_search_update;
DROP TRIGGER complaint_identity_terms_insert;
DROP TRIGGER complaint_identity_terms_update;
DROP TRIGGER complaints_state_update;

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
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.bigrams, '') || ' ' || xn_tab_terms(c.status, c.accept_due, c.due_date)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.rowid = NEW.rowid;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.longer, '') || ' ' || xn_tab_terms(c.status, c.accept_due, c.due_date)
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
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.bigrams, '') || ' ' || xn_tab_terms(c.status, c.accept_due, c.due_date)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.rowid = NEW.rowid AND c.search_key IS NOT NULL;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.longer, '') || ' ' || xn_tab_terms(c.status, c.accept_due, c.due_date)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.rowid = NEW.rowid AND c.search_key IS NOT NULL;
END;

-- Whichever of this and the trigger above fires first, each writes the
-- rows at the complaint's key as it then is. A change of deadline writes
-- them too; assigning a complaint sets its due date as it changes its
-- state, in one update.
CREATE TRIGGER complaints_state_update AFTER UPDATE OF status, accept_due, due_date ON complaints
WHEN OLD.status IS NOT NEW.status OR OLD.accept_due IS NOT NEW.accept_due OR OLD.due_date IS NOT NEW.due_date
BEGIN
	DELETE FROM complaint_bigrams WHERE rowid = (SELECT search_key FROM complaints WHERE rowid = NEW.rowid);
	DELETE FROM complaint_trigrams WHERE rowid = (SELECT search_key FROM complaints WHERE rowid = NEW.rowid);
	INSERT INTO complaint_bigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.bigrams, '') || ' ' || xn_tab_terms(c.status, c.accept_due, c.due_date)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.rowid = NEW.rowid AND c.search_key IS NOT NULL;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.longer, '') || ' ' || xn_tab_terms(c.status, c.accept_due, c.due_date)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.rowid = NEW.rowid AND c.search_key IS NOT NULL;
END;

CREATE TRIGGER units_search_update AFTER UPDATE OF name, short_name ON units
BEGIN
	DELETE FROM complaint_bigrams WHERE rowid IN (SELECT search_key FROM complaints WHERE unit_id = NEW.id AND search_key IS NOT NULL);
	DELETE FROM complaint_trigrams WHERE rowid IN (SELECT search_key FROM complaints WHERE unit_id = NEW.id AND search_key IS NOT NULL);
	INSERT INTO complaint_bigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, NEW.name, NEW.short_name) || coalesce(' ' || t.bigrams, '') || ' ' || xn_tab_terms(c.status, c.accept_due, c.due_date)
		FROM complaints c LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.unit_id = NEW.id AND c.search_key IS NOT NULL;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, NEW.name, NEW.short_name) || coalesce(' ' || t.longer, '') || ' ' || xn_tab_terms(c.status, c.accept_due, c.due_date)
		FROM complaints c LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.unit_id = NEW.id AND c.search_key IS NOT NULL;
END;

CREATE TRIGGER complaint_identity_terms_insert AFTER INSERT ON complaint_identity_terms
BEGIN
	DELETE FROM complaint_bigrams WHERE rowid = (SELECT search_key FROM complaints WHERE id = NEW.complaint_id);
	DELETE FROM complaint_trigrams WHERE rowid = (SELECT search_key FROM complaints WHERE id = NEW.complaint_id);
	INSERT INTO complaint_bigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || NEW.bigrams, '') || ' ' || xn_tab_terms(c.status, c.accept_due, c.due_date)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id WHERE c.id = NEW.complaint_id AND c.search_key IS NOT NULL;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || NEW.longer, '') || ' ' || xn_tab_terms(c.status, c.accept_due, c.due_date)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id WHERE c.id = NEW.complaint_id AND c.search_key IS NOT NULL;
END;

CREATE TRIGGER complaint_identity_terms_update AFTER UPDATE ON complaint_identity_terms
BEGIN
	DELETE FROM complaint_bigrams WHERE rowid = (SELECT search_key FROM complaints WHERE id = NEW.complaint_id);
	DELETE FROM complaint_trigrams WHERE rowid = (SELECT search_key FROM complaints WHERE id = NEW.complaint_id);
	INSERT INTO complaint_bigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || NEW.bigrams, '') || ' ' || xn_tab_terms(c.status, c.accept_due, c.due_date)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id WHERE c.id = NEW.complaint_id AND c.search_key IS NOT NULL;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || NEW.longer, '') || ' ' || xn_tab_terms(c.status, c.accept_due, c.due_date)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id WHERE c.id = NEW.complaint_id AND c.search_key IS NOT NULL;
END;

-- The rows of the complaints that now hold a deadline's term written
-- again, in the order of their keys; the others' are as they were.
DELETE FROM complaint_bigrams WHERE rowid IN (SELECT search_key FROM complaints WHERE status IN ('待受理', '办理中') AND search_key IS NOT NULL);
DELETE FROM complaint_trigrams WHERE rowid IN (SELECT search_key FROM complaints WHERE status IN ('待受理', '办理中') AND search_key IS NOT NULL);
INSERT INTO complaint_bigrams (rowid, terms)
	SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.bigrams, '') || ' ' || xn_tab_terms(c.status, c.accept_due, c.due_date)
	FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
	WHERE c.status IN ('待受理', '办理中') AND c.search_key IS NOT NULL ORDER BY c.search_key;
INSERT INTO complaint_trigrams (rowid, terms)
	SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name) || coalesce(' ' || t.longer, '') || ' ' || xn_tab_terms(c.status, c.accept_due, c.due_date)
	FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
	WHERE c.status IN ('待受理', '办理中') AND c.search_key IS NOT NULL ORDER BY c.search_key;
