-- Twin of ../0014_state_keys.sql. The server's index gives no keys in order
-- to merge with: its GIN index yields the rows of complaint_bigrams, whose
-- keys are read from the table (140,000 pages for 窗口 at a million), so a
-- search within a tab still checks the tab's complaints (searchWalks).
SELECT 1;
