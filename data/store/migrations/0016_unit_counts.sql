-- A unit's complaints, and those a unit handles, by receipt, with what the
-- 效能投诉 screen counts them by: the count of a unit's complaints, alone or
-- within a state, a channel or a category, reads this index alone, where it
-- read each complaint for deleted_at (6,736 of them for the busiest unit at
-- a million: a page with its count 54-69 ms). deleted_at is a column, not a
-- partial index's condition, because SQLite does not count that condition
-- as covered (see complaints_due, migration 0007).
DROP INDEX complaints_unit;
CREATE INDEX complaints_unit ON complaints(unit_id, received_at DESC, deleted_at, status, channel, category);
DROP INDEX complaints_handler;
CREATE INDEX complaints_handler ON complaints(handler_unit_id, received_at DESC, deleted_at, status, channel, category);
