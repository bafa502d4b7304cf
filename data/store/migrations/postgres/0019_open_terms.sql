-- The server's search within 已超期 and 临近到期: the live complaints 待受理
-- and 办理中 — those an alert can hold — each with its state, its deadline
-- (data.Complaint.Deadline: the 受理期限 while 待受理, the due date while
-- 办理中) and the terms of its rows in both search indexes, under their
-- key. The GIN index finds a search's matches among these alone, and their
-- deadlines are read here, where a search of a million complaints' 已超期
-- for 窗口 checked each overdue complaint's text (786-888 ms), and the GIN
-- index of the whole ledger found 窗口's rows all over its 3 GB. The terms
-- are kept out of line (toast_tuple_target), so that the table itself is a
-- few MB of keys, states and deadlines: 85,258 complaints at a million, 6 MB.
-- Go reads it in complaint_search_tab.go.
CREATE TABLE complaint_open_terms (
	rowid BIGINT PRIMARY KEY,
	status TEXT NOT NULL,
	deadline TEXT COLLATE "C", -- a date, sorted as its characters
	terms TEXT[] NOT NULL
) WITH (toast_tuple_target = 128);

-- A complaint's row follows its rows in the search indexes: written when
-- they are, both there, while it is live and 待受理 or 办理中; removed with
-- them. A statement writing many rows (an import, a ledger moved here)
-- writes these at once.
CREATE FUNCTION complaint_open_terms_keep() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
	IF TG_OP IN ('DELETE', 'UPDATE') THEN
		DELETE FROM complaint_open_terms o USING removed r WHERE o.rowid = r.rowid;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		DELETE FROM complaint_open_terms o USING added a WHERE o.rowid = a.rowid;
		INSERT INTO complaint_open_terms (rowid, status, deadline, terms)
			SELECT c.search_key, c.status, CASE c.status WHEN '待受理' THEN c.accept_due ELSE c.due_date END, b.terms || t.terms
			FROM added a JOIN complaints c ON c.search_key = a.rowid
				JOIN complaint_bigrams b ON b.rowid = a.rowid JOIN complaint_trigrams t ON t.rowid = a.rowid
			WHERE c.status IN ('待受理', '办理中') AND c.deleted_at IS NULL;
	END IF;
	RETURN NULL;
END $f$;
CREATE TRIGGER complaint_open_terms_insert AFTER INSERT ON complaint_bigrams
	REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION complaint_open_terms_keep();
CREATE TRIGGER complaint_open_terms_delete AFTER DELETE ON complaint_bigrams
	REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION complaint_open_terms_keep();
CREATE TRIGGER complaint_open_terms_update AFTER UPDATE ON complaint_bigrams
	REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION complaint_open_terms_keep();
CREATE TRIGGER complaint_open_terms_insert AFTER INSERT ON complaint_trigrams
	REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION complaint_open_terms_keep();
CREATE TRIGGER complaint_open_terms_delete AFTER DELETE ON complaint_trigrams
	REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION complaint_open_terms_keep();
CREATE TRIGGER complaint_open_terms_update AFTER UPDATE ON complaint_trigrams
	REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION complaint_open_terms_keep();

-- A deadline set or extended leaves the search indexes as they are.
CREATE FUNCTION complaints_open_deadline() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
	UPDATE complaint_open_terms SET deadline = CASE NEW.status WHEN '待受理' THEN NEW.accept_due ELSE NEW.due_date END
	WHERE rowid = NEW.search_key AND deadline IS DISTINCT FROM CASE NEW.status WHEN '待受理' THEN NEW.accept_due ELSE NEW.due_date END;
	RETURN NULL;
END $f$;
CREATE TRIGGER complaints_open_deadline AFTER UPDATE OF accept_due, due_date ON complaints
	FOR EACH ROW EXECUTE FUNCTION complaints_open_deadline();

INSERT INTO complaint_open_terms (rowid, status, deadline, terms)
	SELECT c.search_key, c.status, CASE c.status WHEN '待受理' THEN c.accept_due ELSE c.due_date END, b.terms || t.terms
	FROM complaints c JOIN complaint_bigrams b ON b.rowid = c.search_key JOIN complaint_trigrams t ON t.rowid = c.search_key
	WHERE c.status IN ('待受理', '办理中') AND c.deleted_at IS NULL;
CREATE INDEX complaint_open_terms_terms ON complaint_open_terms USING gin (terms);

-- the planner knows its size and its deadlines from the start
ANALYZE complaint_open_terms;
