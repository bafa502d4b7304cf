-- The keys (search_key) of each state's live complaints, in order: a search
-- within a tab of the 效能投诉 screen merges them with the keys its index
-- finds, reading no complaint (complaint_search_tab.go), where it read and
-- checked every complaint of the tab (0.3 s for 待受理 at a million). Its
-- condition is on the key (held by live complaints only, as deleted_at IS
-- NULL) so that no other query can take it: with deleted_at IS NULL,
-- SQLite listed 办理中 by it, reading and sorting the whole tab for a page
-- (7 → 330 ms at a million). On the 1M benchmark ledger: built in 2-13 s
-- (warm, cold), 25 MB.
CREATE INDEX complaints_status_key ON complaints(status, search_key) WHERE search_key IS NOT NULL;
