-- How many live complaints hold each bigram (identity hashes, which start
-- with k, left out): the count of a two-character search and how the
-- search decides to sort its candidates (complaint_search.go), read in a
-- millisecond. Counted from the GIN index, a common word's count read every
-- complaint holding it, 140,000 rows for 窗口 at a million (0.3 s warm,
-- seconds cold): PostgreSQL keeps no count of an index key.
--
-- Kept by the index table's own triggers, once per statement from its
-- transition tables: a complaint indexed again (xn_index_complaint) moves
-- its bigrams' counts, an import's one INSERT of ten thousand rows moves
-- them all at once. Every write on a ledger takes its writer lock first,
-- so two transactions never update the same counts in another order.
CREATE TABLE complaint_bigram_counts (gram TEXT PRIMARY KEY, n BIGINT NOT NULL);

CREATE FUNCTION complaint_bigram_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
	IF TG_OP IN ('DELETE', 'UPDATE') THEN
		UPDATE complaint_bigram_counts k SET n = k.n - d.n
		FROM (SELECT g, count(*) AS n FROM removed, unnest(removed.terms) AS g WHERE g NOT LIKE 'k%' GROUP BY g) d
		WHERE k.gram = d.g;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		INSERT INTO complaint_bigram_counts AS k (gram, n)
			SELECT g, count(*) FROM added, unnest(added.terms) AS g WHERE g NOT LIKE 'k%' GROUP BY g
			ON CONFLICT (gram) DO UPDATE SET n = k.n + excluded.n;
	END IF;
	RETURN NULL;
END $f$;
CREATE TRIGGER complaint_bigram_counts_insert AFTER INSERT ON complaint_bigrams
	REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION complaint_bigram_counts_keep();
CREATE TRIGGER complaint_bigram_counts_delete AFTER DELETE ON complaint_bigrams
	REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION complaint_bigram_counts_keep();
CREATE TRIGGER complaint_bigram_counts_update AFTER UPDATE ON complaint_bigrams
	REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION complaint_bigram_counts_keep();

INSERT INTO complaint_bigram_counts (gram, n)
	SELECT g, count(*) FROM complaint_bigrams, unnest(terms) AS g WHERE g NOT LIKE 'k%' GROUP BY g;

-- A term is now checked on a complaint by strpos over its fields joined
-- (complaint_search.go, has): the function that folded each field apart
-- is no longer called.
DROP FUNCTION xn_search_has(TEXT, VARIADIC TEXT[]);
