-- Twin of ../0003_import_stats.sql. No ledger on a server is older than
-- version 6, so the figures of tickets already there are not counted here
-- (the Go step of 0006 counts them all).

-- Tickets imported from the office's Excel 台账 remember where they came
-- from: the file's own 编号, or a hash of receipt time, unit and subject
-- when the file has none. Importing the same file again finds them by it
-- and adds nothing twice.
ALTER TABLE complaints ADD COLUMN import_key TEXT;
CREATE UNIQUE INDEX complaints_import_key ON complaints(import_key) WHERE import_key IS NOT NULL;

-- Ticket figures by month received, kept by triggers in the same transaction
-- as every change, so that a year's statistics read a few thousand rows
-- instead of every ticket of the year. Each ticket counts once under each of
-- its dimensions: the unit complained about ('unit'), its category
-- ('category'), its channel ('channel') and, once assigned, the handling
-- unit ('handler').
-- Duplicates merged into another ticket do not count (the master does).
--   received       every ticket
--   accepted       受理 (accepted_at set)
--   rejected       不予受理 (a reason recorded)
--   transferred    转办 to the competent body
--   assigned       交办 to a handler
--   concluded      办结 (closed at 回访 with 满意 or 基本满意)
--   on_time        concluded with the unit's result in by the due date
--   late           the unit's result came in after the due date
--   substantiated  verified 属实 or 部分属实
--   satisfied      the verdict at 回访 is 满意 or 基本满意
-- Tickets still being handled past their due date depend on the day, and
-- verdicts of 不满意 live in the history: both are counted when asked.
CREATE TABLE complaint_stats (
	month         TEXT NOT NULL, -- YYYY-MM of received_at
	dim           TEXT NOT NULL,
	key           TEXT NOT NULL,
	received      BIGINT NOT NULL DEFAULT 0,
	accepted      BIGINT NOT NULL DEFAULT 0,
	rejected      BIGINT NOT NULL DEFAULT 0,
	transferred   BIGINT NOT NULL DEFAULT 0,
	assigned      BIGINT NOT NULL DEFAULT 0,
	concluded     BIGINT NOT NULL DEFAULT 0,
	on_time       BIGINT NOT NULL DEFAULT 0,
	late          BIGINT NOT NULL DEFAULT 0,
	substantiated BIGINT NOT NULL DEFAULT 0,
	satisfied     BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (month, dim, key)
);

CREATE OR REPLACE FUNCTION complaints_stats_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO complaint_stats AS s (month, dim, key, received, accepted, rejected, transferred, assigned, concluded, on_time, late, substantiated, satisfied)
	SELECT substr(NEW.received_at, 1, 7), d.dim, d.k, 1, (NEW.accepted_at IS NOT NULL)::int, (NEW.reject_reason != '')::int, (NEW.transfer_to != '')::int,
		(NEW.assigned_at IS NOT NULL)::int, (NEW.closed_at IS NOT NULL)::int,
		coalesce(NEW.closed_at IS NOT NULL AND substr(NEW.fed_back_at, 1, 10) <= NEW.due_date, false)::int,
		coalesce(substr(NEW.fed_back_at, 1, 10) > NEW.due_date, false)::int,
		(NEW.verification IN ('属实', '部分属实'))::int, (NEW.satisfaction IN ('满意', '基本满意'))::int
	FROM (SELECT 'unit' AS dim, NEW.unit_id AS k UNION ALL SELECT 'category', NEW.category
		UNION ALL SELECT 'channel', NEW.channel UNION ALL SELECT 'handler', NEW.handler_unit_id) d
	WHERE d.k IS NOT NULL
	ON CONFLICT (month, dim, key) DO UPDATE SET received = s.received + excluded.received, accepted = s.accepted + excluded.accepted,
		rejected = s.rejected + excluded.rejected, transferred = s.transferred + excluded.transferred,
		assigned = s.assigned + excluded.assigned, concluded = s.concluded + excluded.concluded, on_time = s.on_time + excluded.on_time,
		late = s.late + excluded.late, substantiated = s.substantiated + excluded.substantiated, satisfied = s.satisfied + excluded.satisfied;
	RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION complaints_stats_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO complaint_stats AS s (month, dim, key, received, accepted, rejected, transferred, assigned, concluded, on_time, late, substantiated, satisfied)
	SELECT substr(OLD.received_at, 1, 7), d.dim, d.k, -1, -(OLD.accepted_at IS NOT NULL)::int, -(OLD.reject_reason != '')::int, -(OLD.transfer_to != '')::int,
		-(OLD.assigned_at IS NOT NULL)::int, -(OLD.closed_at IS NOT NULL)::int,
		-coalesce(OLD.closed_at IS NOT NULL AND substr(OLD.fed_back_at, 1, 10) <= OLD.due_date, false)::int,
		-coalesce(substr(OLD.fed_back_at, 1, 10) > OLD.due_date, false)::int,
		-(OLD.verification IN ('属实', '部分属实'))::int, -(OLD.satisfaction IN ('满意', '基本满意'))::int
	FROM (SELECT 'unit' AS dim, OLD.unit_id AS k UNION ALL SELECT 'category', OLD.category
		UNION ALL SELECT 'channel', OLD.channel UNION ALL SELECT 'handler', OLD.handler_unit_id) d
	WHERE d.k IS NOT NULL AND OLD.deleted_at IS NULL AND OLD.merged_into_id IS NULL
	ON CONFLICT (month, dim, key) DO UPDATE SET received = s.received + excluded.received, accepted = s.accepted + excluded.accepted,
		rejected = s.rejected + excluded.rejected, transferred = s.transferred + excluded.transferred,
		assigned = s.assigned + excluded.assigned, concluded = s.concluded + excluded.concluded, on_time = s.on_time + excluded.on_time,
		late = s.late + excluded.late, substantiated = s.substantiated + excluded.substantiated, satisfied = s.satisfied + excluded.satisfied;
	INSERT INTO complaint_stats AS s (month, dim, key, received, accepted, rejected, transferred, assigned, concluded, on_time, late, substantiated, satisfied)
	SELECT substr(NEW.received_at, 1, 7), d.dim, d.k, 1, (NEW.accepted_at IS NOT NULL)::int, (NEW.reject_reason != '')::int, (NEW.transfer_to != '')::int,
		(NEW.assigned_at IS NOT NULL)::int, (NEW.closed_at IS NOT NULL)::int,
		coalesce(NEW.closed_at IS NOT NULL AND substr(NEW.fed_back_at, 1, 10) <= NEW.due_date, false)::int,
		coalesce(substr(NEW.fed_back_at, 1, 10) > NEW.due_date, false)::int,
		(NEW.verification IN ('属实', '部分属实'))::int, (NEW.satisfaction IN ('满意', '基本满意'))::int
	FROM (SELECT 'unit' AS dim, NEW.unit_id AS k UNION ALL SELECT 'category', NEW.category
		UNION ALL SELECT 'channel', NEW.channel UNION ALL SELECT 'handler', NEW.handler_unit_id) d
	WHERE d.k IS NOT NULL AND NEW.deleted_at IS NULL AND NEW.merged_into_id IS NULL
	ON CONFLICT (month, dim, key) DO UPDATE SET received = s.received + excluded.received, accepted = s.accepted + excluded.accepted,
		rejected = s.rejected + excluded.rejected, transferred = s.transferred + excluded.transferred,
		assigned = s.assigned + excluded.assigned, concluded = s.concluded + excluded.concluded, on_time = s.on_time + excluded.on_time,
		late = s.late + excluded.late, substantiated = s.substantiated + excluded.substantiated, satisfied = s.satisfied + excluded.satisfied;
	RETURN NULL;
END $$;

CREATE TRIGGER complaints_stats_insert AFTER INSERT ON complaints
	FOR EACH ROW WHEN (NEW.deleted_at IS NULL AND NEW.merged_into_id IS NULL) EXECUTE FUNCTION complaints_stats_insert();
CREATE TRIGGER complaints_stats_update AFTER UPDATE OF received_at, category, channel, unit_id, handler_unit_id, accepted_at, reject_reason,
	transfer_to, assigned_at, closed_at, fed_back_at, due_date, verification, satisfaction, merged_into_id, deleted_at ON complaints
	FOR EACH ROW EXECUTE FUNCTION complaints_stats_update();

-- Tickets reopened by hand or after a verdict of 不满意 and not since
-- concluded satisfied: the few whose latest 回访 verdict must be looked up
-- in their history.
CREATE INDEX complaints_reopened ON complaints(received_at, unit_id) WHERE round > 1 AND satisfaction = '' AND deleted_at IS NULL;
