-- Twin of postgres/0021_four_grams.sql, which adds each complaint's 4-grams
-- to the server's trigram index. A file's trigram index holds positions: a
-- term of any length is a phrase of its trigrams and matches exactly.
-- Nothing changes in a file.
SELECT 1;
