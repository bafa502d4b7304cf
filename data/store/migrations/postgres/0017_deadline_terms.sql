-- Twin of ../0017_deadline_terms.sql. The server's index rows hold no
-- deadline's month: its search within 已超期 or 临近到期 checks the tab's
-- complaints, or finds the tab's states in its GIN index and checks the
-- deadlines of what it finds (complaint_search_tab.go), and a term more
-- would only be rechecked with the rest of the row's array.
SELECT 1;
