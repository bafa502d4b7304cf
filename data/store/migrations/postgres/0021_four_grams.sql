-- Twin of ../0021_four_grams.sql. The server's trigram index rows also hold
-- each complaint's 4-grams. Its grams carry no positions: a term of four
-- characters found by its two trigrams had every candidate looked up and
-- checked on its complaint (多次往返: 31,345 at a million, 216-241 ms for a
-- page with its count, 90 ms of it finding the complaints), where its one
-- 4-gram is an exact match read from the GIN index alone (20 ms). A term of
-- three characters is its one trigram; one of five or more is found by its
-- 4-grams and still checked (complaintSearch).

-- The distinct n-grams of the fields' runs of characters between white
-- space, for each n of ns (2 or more), each the hexadecimal code points of
-- its characters joined by x (gramTerms), all in one pass over each run's
-- characters. xn_search_terms is now this for one n, built gram by gram:
-- joining a slice of the characters for each gram took longer (10,000
-- complaints' bigrams 3.4 against 4.6 s; their trigrams and 4-grams 4.9-5.7
-- s, against 9.4 s for xn_search_terms twice).
CREATE FUNCTION xn_grams(ns INTEGER[], VARIADIC fields TEXT[]) RETURNS TEXT[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $f$
DECLARE
	grams TEXT[] := '{}';
	lo INTEGER := (SELECT min(x) FROM unnest(ns) AS x);
	top INTEGER := (SELECT max(x) FROM unnest(ns) AS x);
	f TEXT;
	run TEXT;
	cs TEXT[];
	m INTEGER;
	g TEXT;
BEGIN
	FOREACH f IN ARRAY fields LOOP
		CONTINUE WHEN f IS NULL;
		FOREACH run IN ARRAY regexp_split_to_array(xn_fold(f), '[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+') LOOP
			CONTINUE WHEN char_length(run) < lo;
			SELECT array_agg(to_hex(ascii(c))) INTO cs FROM regexp_split_to_table(run, '') AS c;
			m := array_length(cs, 1);
			FOR i IN 1 .. m - lo + 1 LOOP
				g := cs[i];
				FOR k IN 2 .. least(top, m - i + 1) LOOP
					g := g || 'x' || cs[i + k - 1];
					IF k = ANY (ns) THEN
						grams := grams || g;
					END IF;
				END LOOP;
			END LOOP;
		END LOOP;
	END LOOP;
	RETURN ARRAY(SELECT DISTINCT unnest(grams));
END $f$;

CREATE OR REPLACE FUNCTION xn_search_terms(n INTEGER, VARIADIC fields TEXT[]) RETURNS TEXT[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $f$ SELECT xn_grams(ARRAY[n], VARIADIC fields) $f$;

CREATE OR REPLACE FUNCTION xn_index_complaint(ticket TEXT) RETURNS VOID LANGUAGE sql AS $f$
	DELETE FROM complaint_bigrams WHERE rowid IN (SELECT search_key FROM complaints WHERE id = ticket);
	DELETE FROM complaint_trigrams WHERE rowid IN (SELECT search_key FROM complaints WHERE id = ticket);
	INSERT INTO complaint_bigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, u.name, u.short_name)
			|| coalesce(string_to_array(t.bigrams, ' '), '{}') || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.id = ticket AND c.search_key IS NOT NULL;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_grams(ARRAY[3, 4], c.number, c.subject, c.content, u.name, u.short_name)
			|| coalesce(string_to_array(t.longer, ' '), '{}') || xn_state_term(c.status)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id
		WHERE c.id = ticket AND c.search_key IS NOT NULL;
$f$;

-- Every row is written anew, as xn_index_complaint writes it, and the GIN
-- index built after, as migration 0020 did; the triggers rest meanwhile.
-- The open complaints' rows (migration 0019) are made again from the index
-- rows.
SET LOCAL maintenance_work_mem = '256MB';

CREATE TEMP TABLE xn_rows AS
	SELECT s.rowid, xn_grams(ARRAY[3, 4], c.number, c.subject, c.content, u.name, u.short_name)
			|| coalesce(string_to_array(t.longer, ' '), '{}') || xn_state_term(c.status) AS terms
	FROM complaint_trigrams s JOIN complaints c ON c.search_key = s.rowid
		LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN complaint_identity_terms t ON t.complaint_id = c.id;
ALTER TABLE complaint_trigrams DISABLE TRIGGER USER;
TRUNCATE complaint_trigrams;
DROP INDEX complaint_trigrams_terms;
-- each array made afresh, so that it goes out of line (migration 0020)
INSERT INTO complaint_trigrams (rowid, terms) SELECT rowid, terms || '{}'::TEXT[] FROM xn_rows;
CREATE INDEX complaint_trigrams_terms ON complaint_trigrams USING gin (terms);
ALTER TABLE complaint_trigrams ENABLE TRIGGER USER;
DROP TABLE xn_rows;

TRUNCATE complaint_open_terms;
DROP INDEX complaint_open_terms_terms;
INSERT INTO complaint_open_terms (rowid, status, deadline, terms)
	SELECT c.search_key, c.status, CASE c.status WHEN '待受理' THEN c.accept_due ELSE c.due_date END, b.terms || t.terms
	FROM complaints c JOIN complaint_bigrams b ON b.rowid = c.search_key JOIN complaint_trigrams t ON t.rowid = c.search_key
	WHERE c.status IN ('待受理', '办理中') AND c.deleted_at IS NULL;
CREATE INDEX complaint_open_terms_terms ON complaint_open_terms USING gin (terms);

ANALYZE complaint_trigrams;
ANALYZE complaint_open_terms;
