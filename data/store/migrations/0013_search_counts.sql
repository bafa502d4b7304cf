-- Twin of postgres/0013_search_counts.sql, which gives the server a count
-- of the complaints holding each bigram. A file's FTS5 index counts a
-- term's complaints from its own compact lists of rowids, as fast as the
-- server does from that table: nothing changes in a file.
SELECT 1;
