-- Chinese substring search over tickets (see complaint_search.go): a
-- bigram index for two-character terms and a trigram index for longer ones,
-- content-less, keyed by complaints.search_key and kept by the triggers
-- below. xn_search_terms is a function the program registers: it writes a
-- text's n-grams as index terms.

-- search_key orders live tickets by receipt: eight keys a second, the next
-- free key when the second's are taken. NULL for deleted tickets.
ALTER TABLE complaints ADD COLUMN search_key INTEGER;
CREATE UNIQUE INDEX complaints_search_key ON complaints(search_key);

CREATE VIRTUAL TABLE complaint_bigrams USING fts5(terms, content='', contentless_delete=1, tokenize='ascii', detail=none);
CREATE VIRTUAL TABLE complaint_trigrams USING fts5(terms, content='', contentless_delete=1, tokenize='ascii');

-- The tickets already in the ledger, in order of receipt: each key is its
-- second's first key, or one more than the key before it when that is
-- taken (key_i = max(base_i, key_i-1 + 1), unrolled as a running maximum).
UPDATE complaints SET search_key = k.key
FROM (
	SELECT r, rn + max(base - rn) OVER (ORDER BY rn ROWS UNBOUNDED PRECEDING) AS key
	FROM (
		SELECT rowid AS r, unixepoch(received_at) * 8 AS base,
			row_number() OVER (ORDER BY unixepoch(received_at, 'subsec'), rowid) AS rn
		FROM complaints WHERE deleted_at IS NULL
	)
) k
WHERE complaints.rowid = k.r;

INSERT INTO complaint_bigrams (rowid, terms)
	SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, c.complainant_name, u.name, u.short_name)
	FROM complaints c LEFT JOIN units u ON u.id = c.unit_id WHERE c.search_key IS NOT NULL;
INSERT INTO complaint_trigrams (rowid, terms)
	SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, c.complainant_name, u.name, u.short_name)
	FROM complaints c LEFT JOIN units u ON u.id = c.unit_id WHERE c.search_key IS NOT NULL;
INSERT INTO complaint_bigrams (complaint_bigrams) VALUES ('optimize');
INSERT INTO complaint_trigrams (complaint_trigrams) VALUES ('optimize');

-- A new ticket gets its key and enters both indexes.
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
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, c.complainant_name, u.name, u.short_name)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id WHERE c.rowid = NEW.rowid;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, c.complainant_name, u.name, u.short_name)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id WHERE c.rowid = NEW.rowid;
END;

-- An edited ticket is indexed again; one received at another time gets a
-- new key; a deleted one leaves the indexes and gives up its key.
CREATE TRIGGER complaints_search_update AFTER UPDATE OF number, subject, content, complainant_name, unit_id, received_at, deleted_at ON complaints
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
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, c.complainant_name, u.name, u.short_name)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id WHERE c.rowid = NEW.rowid AND c.search_key IS NOT NULL;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, c.complainant_name, u.name, u.short_name)
		FROM complaints c LEFT JOIN units u ON u.id = c.unit_id WHERE c.rowid = NEW.rowid AND c.search_key IS NOT NULL;
END;

-- A unit renamed: its tickets are found under the new name.
CREATE TRIGGER units_search_update AFTER UPDATE OF name, short_name ON units
BEGIN
	DELETE FROM complaint_bigrams WHERE rowid IN (SELECT search_key FROM complaints WHERE unit_id = NEW.id AND search_key IS NOT NULL);
	DELETE FROM complaint_trigrams WHERE rowid IN (SELECT search_key FROM complaints WHERE unit_id = NEW.id AND search_key IS NOT NULL);
	INSERT INTO complaint_bigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(2, c.number, c.subject, c.content, c.complainant_name, NEW.name, NEW.short_name)
		FROM complaints c WHERE c.unit_id = NEW.id AND c.search_key IS NOT NULL;
	INSERT INTO complaint_trigrams (rowid, terms)
		SELECT c.search_key, xn_search_terms(3, c.number, c.subject, c.content, c.complainant_name, NEW.name, NEW.short_name)
		FROM complaints c WHERE c.unit_id = NEW.id AND c.search_key IS NOT NULL;
END;
