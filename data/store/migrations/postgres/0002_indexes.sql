-- Indexes for the lists, alerts and statistics the screens open most (twin
-- of ../0002_indexes.sql: the same indexes).

-- SQLite counts with a partial index alone (a covering index) only when the
-- index also holds the columns of its WHERE clause: hence deleted_at (and
-- status) at the end of the indexes that counts read. Counts by month, state
-- and channel have a table of their own (complaint_month_counts).
CREATE INDEX complaints_status_received ON complaints(status, received_at DESC, deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX complaints_received ON complaints(received_at) WHERE deleted_at IS NULL;
CREATE INDEX complaints_unit ON complaints(unit_id, received_at DESC);
CREATE INDEX complaints_handler ON complaints(handler_unit_id, received_at DESC);
-- Tickets being handled, by due date: the 临近到期 and 已超期 lists and counts.
CREATE INDEX complaints_due ON complaints(due_date, status, deleted_at) WHERE status = '办理中' AND deleted_at IS NULL;

CREATE INDEX visits_round ON visits(round_id, visited_at);
CREATE INDEX visits_unit ON visits(unit_id, visited_at);
CREATE INDEX findings_visit ON findings(visit_id);
CREATE INDEX findings_unit ON findings(unit_id, found_on);
-- deleted_at is a column of the rectification, period and visit-time indexes, though
-- always NULL in them, so that the 工作台 counts and the coverage figures
-- are answered from the index alone (SQLite does not count a partial
-- index's WHERE column as covered).
CREATE INDEX findings_rect ON findings(rect_status, rect_due, deleted_at) WHERE deleted_at IS NULL;
-- The 问题整改 list, newest first: the whole ledger, one state, one category.
CREATE INDEX findings_found ON findings(found_on DESC, created_at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX findings_status_found ON findings(rect_status, found_on DESC, created_at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX findings_category_found ON findings(category, found_on DESC, created_at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX findings_period ON findings(found_on, category, rect_status, deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX visits_at ON visits(visited_at, unit_id, deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX finding_events_finding ON finding_events(finding_id, at);
CREATE INDEX activity_logs_unit ON activity_logs(unit_id, on_date);
CREATE INDEX actions_unit ON actions(unit_id, decided_on);
CREATE INDEX documents_kind_status ON documents(kind, status);
CREATE INDEX documents_unit ON documents(recipient_unit_id);
