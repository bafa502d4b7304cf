-- How many live complaints of each state hold each bigram: the count of a
-- two-character search within a state's tab of the 效能投诉 screen is one
-- row, as that of the whole ledger is the sum of a bigram's rows. Checking
-- each complaint of the tab instead took 130-320 ms for 窗口 within 待受理
-- and 办理中 at a million. A row's state is its state term (migration
-- 0015), which a change of state replaces: the counts of every bigram of
-- the complaint move from the old state to the new, some two hundred rows
-- each way. A row's state is worked out once (OFFSET 0 keeps the planner
-- from moving it into the GROUP BY, where it was worked out for each of its
-- terms: a million rows were counted for over 20 minutes).
CREATE FUNCTION xn_row_state(terms TEXT[]) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $f$ SELECT coalesce((SELECT g FROM unnest(terms) AS g WHERE g LIKE 's%' LIMIT 1), '') $f$;

DROP TABLE complaint_bigram_counts;
CREATE TABLE complaint_bigram_counts (gram TEXT NOT NULL, state TEXT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (gram, state));

CREATE OR REPLACE FUNCTION complaint_bigram_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
	IF TG_OP = 'DELETE' THEN
		UPDATE complaint_bigram_counts k SET n = k.n - d.n
		FROM (SELECT g, r.st, count(*) AS n FROM (SELECT terms, xn_row_state(terms) AS st FROM removed OFFSET 0) r, unnest(r.terms) AS g WHERE g NOT LIKE 'k%' GROUP BY 1, 2) d
		WHERE k.gram = d.g AND k.state = d.st;
	ELSIF TG_OP = 'INSERT' THEN
		INSERT INTO complaint_bigram_counts AS k (gram, state, n)
			SELECT g, r.st, count(*) FROM (SELECT terms, xn_row_state(terms) AS st FROM added OFFSET 0) r, unnest(r.terms) AS g WHERE g NOT LIKE 'k%' GROUP BY 1, 2
			ON CONFLICT (gram, state) DO UPDATE SET n = k.n + excluded.n;
	ELSE
		INSERT INTO complaint_bigram_counts AS k (gram, state, n)
			SELECT g, st, sum(d) FROM (
				SELECT g, r.st, -1 AS d FROM (SELECT terms, xn_row_state(terms) AS st FROM removed OFFSET 0) r, unnest(r.terms) AS g WHERE g NOT LIKE 'k%'
				UNION ALL SELECT g, a.st, 1 FROM (SELECT terms, xn_row_state(terms) AS st FROM added OFFSET 0) a, unnest(a.terms) AS g WHERE g NOT LIKE 'k%') x
			GROUP BY 1, 2 HAVING sum(d) <> 0
			ON CONFLICT (gram, state) DO UPDATE SET n = k.n + excluded.n;
	END IF;
	RETURN NULL;
END $f$;

INSERT INTO complaint_bigram_counts (gram, state, n)
	SELECT g, b.st, count(*) FROM (SELECT terms, xn_row_state(terms) AS st FROM complaint_bigrams OFFSET 0) b, unnest(b.terms) AS g
	WHERE g NOT LIKE 'k%' GROUP BY 1, 2;
