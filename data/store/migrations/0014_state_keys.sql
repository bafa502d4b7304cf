-- The keys (search_key) of each state's live complaints, in order: a search
-- within a tab of the 效能投诉 screen merges them with the keys its index
-- finds, reading no complaint (complaint_search_tab.go), where it read and
-- checked every complaint of the tab (0.3 s for 待受理 at a million). On
-- the 1M benchmark ledger: built in 13 s, 25 MB.
CREATE INDEX complaints_status_key ON complaints(status, search_key) WHERE deleted_at IS NULL;
