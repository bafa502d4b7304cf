-- Twin of ../0015_state_terms.sql. Each live complaint's state is a term of
-- its rows in both search indexes, 's' and the state ('s待受理'; grams are
-- hexadecimal digits and x, identity hashes start with k): a search within
-- a tab of the 效能投诉 screen has the GIN index intersect the tab's states
-- with the search's terms. Without it the server either checked every
-- complaint of the tab (84-119 ms at a million for 待受理 and 办理中,
-- 369-414 ms for 已超期) or joined every complaint the index found to its
-- state. Go writes the term as stateTerm (complaint_search_tab.go).
CREATE FUNCTION xn_state_term(status TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $f$ SELECT 's' || status $f$;

CREATE OR REPLACE FUNCTION xn_index_complaint(ticket TEXT) RETURNS VOID LANGUAGE sql AS $f$
	DELETE FROM complaint_bigrams WHERE rowid IN (SELECT search_key FROM complaints WHERE id = ticket);
	DELETE FROM complaint_trigrams WHERE rowid IN (SELECT search_key FROM complaints WHERE id = ticket);
	INSERT INTO complaint_bigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name)
			|| coalesce(string_to_array(t.bigrams, ' '), '{}') || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.id = ticket AND c.search_key IS NOT NULL;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, u.name, u.short_name)
			|| coalesce(string_to_array(t.longer, ' '), '{}') || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.id = ticket AND c.search_key IS NOT NULL;
$f$;

-- A complaint moved to another state has its state term replaced, the rest
-- of its rows left as they are. Its key is read again: the search trigger,
-- which fires first, may have given it a new one.
CREATE FUNCTION complaints_state_update() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
	UPDATE complaint_bigrams SET terms = array_replace(terms, xn_state_term(OLD.status), xn_state_term(NEW.status))
	WHERE rowid = (SELECT search_key FROM complaints WHERE id = NEW.id);
	UPDATE complaint_trigrams SET terms = array_replace(terms, xn_state_term(OLD.status), xn_state_term(NEW.status))
	WHERE rowid = (SELECT search_key FROM complaints WHERE id = NEW.id);
	RETURN NULL;
END $f$;
CREATE TRIGGER complaints_state_update AFTER UPDATE OF status ON complaints
	FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION complaints_state_update();

-- An updated row moves only the counts of the terms it gained or lost: a
-- state term replaced moves two counts, where every gram of the complaint
-- was taken off and put back (some two hundred rows each way).
CREATE OR REPLACE FUNCTION complaint_bigram_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
	IF TG_OP = 'DELETE' THEN
		UPDATE complaint_bigram_counts k SET n = k.n - d.n
		FROM (SELECT g, count(*) AS n FROM removed, unnest(removed.terms) AS g WHERE g NOT LIKE 'k%' GROUP BY g) d
		WHERE k.gram = d.g;
	ELSIF TG_OP = 'INSERT' THEN
		INSERT INTO complaint_bigram_counts AS k (gram, n)
			SELECT g, count(*) FROM added, unnest(added.terms) AS g WHERE g NOT LIKE 'k%' GROUP BY g
			ON CONFLICT (gram) DO UPDATE SET n = k.n + excluded.n;
	ELSE
		INSERT INTO complaint_bigram_counts AS k (gram, n)
			SELECT g, sum(d) FROM (
				SELECT g, -1 AS d FROM removed, unnest(removed.terms) AS g WHERE g NOT LIKE 'k%'
				UNION ALL SELECT g, 1 FROM added, unnest(added.terms) AS g WHERE g NOT LIKE 'k%') x
			GROUP BY g HAVING sum(d) <> 0
			ON CONFLICT (gram) DO UPDATE SET n = k.n + excluded.n;
	END IF;
	RETURN NULL;
END $f$;

-- The rows there are get their state term. The GIN indexes are built
-- again rather than updated row by row (each row's every term again), and
-- the counts of the states are added at once.
DROP INDEX complaint_bigrams_terms;
DROP INDEX complaint_trigrams_terms;
ALTER TABLE complaint_bigrams DISABLE TRIGGER complaint_bigram_counts_update;
UPDATE complaint_bigrams s SET terms = s.terms || xn_state_term(c.status) FROM complaints c WHERE c.search_key = s.rowid;
UPDATE complaint_trigrams s SET terms = s.terms || xn_state_term(c.status) FROM complaints c WHERE c.search_key = s.rowid;
ALTER TABLE complaint_bigrams ENABLE TRIGGER complaint_bigram_counts_update;
INSERT INTO complaint_bigram_counts (gram, n)
	SELECT xn_state_term(status), count(*) FROM complaints WHERE search_key IS NOT NULL GROUP BY status;
CREATE INDEX complaint_bigrams_terms ON complaint_bigrams USING gin (terms);
CREATE INDEX complaint_trigrams_terms ON complaint_trigrams USING gin (terms);
