-- Twin of ../0005_complaint_search.sql: the key that orders live tickets
-- by receipt. The server's search indexes are not built yet: SQLite's are
-- FTS5 tables, which PostgreSQL does not have.
ALTER TABLE complaints ADD COLUMN search_key BIGINT;
CREATE UNIQUE INDEX complaints_search_key ON complaints(search_key);
