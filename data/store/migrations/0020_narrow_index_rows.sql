-- Twin of postgres/0020_narrow_index_rows.sql, which keeps the arrays of
-- the server's index rows out of line. A file's FTS5 indexes keep their
-- own compact lists of rowids: nothing changes in a file.
SELECT 1;
