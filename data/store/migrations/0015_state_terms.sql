-- Twin of postgres/0015_state_terms.sql, which puts each complaint's state
-- into its rows of the server's search indexes. A file merges a tab's keys
-- with its FTS5 index's (complaints_status_key, migration 0014): nothing
-- changes in a file.
SELECT 1;
