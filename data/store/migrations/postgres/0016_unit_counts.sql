-- Twin of ../0016_unit_counts.sql: a unit's complaints counted from the
-- index (an index-only scan where the visibility map allows), alone or within
-- a state, a channel or a category.
DROP INDEX complaints_unit;
CREATE INDEX complaints_unit ON complaints(unit_id, received_at DESC, deleted_at, status, channel, category);
DROP INDEX complaints_handler;
CREATE INDEX complaints_handler ON complaints(handler_unit_id, received_at DESC, deleted_at, status, channel, category);
