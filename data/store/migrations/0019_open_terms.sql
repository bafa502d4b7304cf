-- Twin of postgres/0019_open_terms.sql: a file's FTS5 indexes hold each
-- open complaint's deadline among its terms (migration 0017).
SELECT 1;
