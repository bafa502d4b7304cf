-- Twin of postgres/0018_state_counts.sql: a file's FTS5 index counts a
-- search within a state's tab from its own lists of rowids (migration 0015).
SELECT 1;
