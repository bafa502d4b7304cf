-- Twin of ../0005_complaint_search.sql: Chinese substring search over
-- tickets on the server, with the same terms as in the file (see
-- complaint_search.go). PostgreSQL has no FTS5, and pg_trgm skips Chinese
-- characters under the C collation and needs three characters, so each
-- index is a table of the ticket's n-grams as an array, written in the same
-- hexadecimal form by xn_search_terms below, with a GIN index: a search
-- reads the rows whose array holds every gram of its terms. Grams carry no
-- positions here, so a term of three characters or more is checked on the
-- ticket as well (xn_search_has); a term of two is its one bigram.

-- search_key orders live tickets by receipt: eight keys a second, the next
-- free key when the second's are taken. NULL for deleted tickets.
ALTER TABLE complaints ADD COLUMN search_key BIGINT;
CREATE UNIQUE INDEX complaints_search_key ON complaints(search_key);

CREATE TABLE complaint_bigrams (rowid BIGINT PRIMARY KEY, terms TEXT[] NOT NULL);
CREATE INDEX complaint_bigrams_terms ON complaint_bigrams USING gin (terms);
CREATE TABLE complaint_trigrams (rowid BIGINT PRIMARY KEY, terms TEXT[] NOT NULL);
CREATE INDEX complaint_trigrams_terms ON complaint_trigrams USING gin (terms);

-- A search ignores letter case and full-width forms (foldRune).
CREATE FUNCTION xn_fold(s TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $f$ SELECT translate(s, '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～ABCDEFGHIJKLMNOPQRSTUVWXYZ　', '!"#$%&''()*+,-./0123456789:;<=>?@abcdefghijklmnopqrstuvwxyz[\]^_`abcdefghijklmnopqrstuvwxyz{|}~abcdefghijklmnopqrstuvwxyz ') $f$;

-- The distinct n-grams of the fields' runs of characters between white
-- space, each the hexadecimal code points of its characters joined by x
-- (gramTerms).
CREATE FUNCTION xn_search_terms(n INTEGER, VARIADIC fields TEXT[]) RETURNS TEXT[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $f$
DECLARE
	grams TEXT[] := '{}';
	f TEXT;
	run TEXT;
	cs TEXT[];
	g TEXT;
BEGIN
	FOREACH f IN ARRAY fields LOOP
		CONTINUE WHEN f IS NULL;
		FOREACH run IN ARRAY regexp_split_to_array(xn_fold(f), '[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+') LOOP
			CONTINUE WHEN char_length(run) < n;
			SELECT array_agg(to_hex(ascii(c))) INTO cs FROM regexp_split_to_table(run, '') AS c;
			FOR i IN 1 .. array_length(cs, 1) - n + 1 LOOP
				g := array_to_string(cs[i : i + n - 1], 'x');
				grams := grams || g;
			END LOOP;
		END LOOP;
	END LOOP;
	RETURN ARRAY(SELECT DISTINCT unnest(grams));
END $f$;

-- Whether one of the fields contains the (folded) term.
CREATE FUNCTION xn_search_has(term TEXT, VARIADIC fields TEXT[]) RETURNS BOOLEAN LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $f$ SELECT EXISTS (SELECT 1 FROM unnest(fields) AS f WHERE strpos(xn_fold(f), term) > 0) $f$;

-- The key of a ticket received at received_at: its second's first key, or
-- the next free one after it.
CREATE FUNCTION xn_search_key(received_at TEXT) RETURNS BIGINT LANGUAGE sql AS $f$
	SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM complaints WHERE search_key = b.k) THEN b.k
		ELSE (SELECT a.search_key + 1 FROM complaints a
			WHERE a.search_key >= b.k AND NOT EXISTS (SELECT 1 FROM complaints n WHERE n.search_key = a.search_key + 1)
			ORDER BY a.search_key LIMIT 1) END
	FROM (SELECT floor(extract(epoch FROM received_at::timestamptz))::BIGINT * 8 AS k) b
$f$;

-- A ticket's rows in both indexes, written again.
CREATE FUNCTION xn_index_complaint(ticket TEXT) RETURNS VOID LANGUAGE sql AS $f$
	DELETE FROM complaint_bigrams WHERE rowid IN (SELECT search_key FROM complaints WHERE id = ticket);
	DELETE FROM complaint_trigrams WHERE rowid IN (SELECT search_key FROM complaints WHERE id = ticket);
	INSERT INTO complaint_bigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, c.complainant_name, u.name, u.short_name)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id WHERE c.id = ticket AND c.search_key IS NOT NULL;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, c.complainant_name, u.name, u.short_name)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id WHERE c.id = ticket AND c.search_key IS NOT NULL;
$f$;

-- A new ticket gets its key and enters both indexes.
CREATE FUNCTION complaints_search_insert() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
	UPDATE complaints SET search_key = xn_search_key(NEW.received_at) WHERE id = NEW.id;
	PERFORM xn_index_complaint(NEW.id);
	RETURN NULL;
END $f$;
CREATE TRIGGER complaints_search_insert AFTER INSERT ON complaints
	FOR EACH ROW WHEN (NEW.deleted_at IS NULL) EXECUTE FUNCTION complaints_search_insert();

-- An edited ticket is indexed again; one received at another time gets a
-- new key; a deleted one leaves the indexes and gives up its key.
CREATE FUNCTION complaints_search_update() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
	DELETE FROM complaint_bigrams WHERE rowid = OLD.search_key;
	DELETE FROM complaint_trigrams WHERE rowid = OLD.search_key;
	UPDATE complaints SET search_key = NULL
	WHERE id = NEW.id AND (NEW.deleted_at IS NOT NULL OR NEW.received_at IS DISTINCT FROM OLD.received_at);
	UPDATE complaints SET search_key = xn_search_key(NEW.received_at)
	WHERE id = NEW.id AND search_key IS NULL AND deleted_at IS NULL;
	PERFORM xn_index_complaint(NEW.id);
	RETURN NULL;
END $f$;
CREATE TRIGGER complaints_search_update AFTER UPDATE OF number, subject, content, complainant_name, unit_id, received_at, deleted_at ON complaints
	FOR EACH ROW EXECUTE FUNCTION complaints_search_update();

-- A unit renamed: its tickets are found under the new name.
CREATE FUNCTION units_search_update() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
	PERFORM xn_index_complaint(c.id) FROM complaints c WHERE c.unit_id = NEW.id AND c.search_key IS NOT NULL;
	RETURN NULL;
END $f$;
CREATE TRIGGER units_search_update AFTER UPDATE OF name, short_name ON units
	FOR EACH ROW EXECUTE FUNCTION units_search_update();
