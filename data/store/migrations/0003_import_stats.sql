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
	received      INTEGER NOT NULL DEFAULT 0,
	accepted      INTEGER NOT NULL DEFAULT 0,
	rejected      INTEGER NOT NULL DEFAULT 0,
	transferred   INTEGER NOT NULL DEFAULT 0,
	assigned      INTEGER NOT NULL DEFAULT 0,
	concluded     INTEGER NOT NULL DEFAULT 0,
	on_time       INTEGER NOT NULL DEFAULT 0,
	late          INTEGER NOT NULL DEFAULT 0,
	substantiated INTEGER NOT NULL DEFAULT 0,
	satisfied     INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (month, dim, key)
) STRICT, WITHOUT ROWID;

INSERT INTO complaint_stats (month, dim, key, received, accepted, rejected, transferred, assigned, concluded, on_time, late, substantiated, satisfied)
SELECT substr(c.received_at, 1, 7), d.dim,
	CASE d.dim WHEN 'unit' THEN c.unit_id WHEN 'category' THEN c.category WHEN 'channel' THEN c.channel ELSE c.handler_unit_id END AS k,
	count(*), sum(c.accepted_at IS NOT NULL), sum(c.reject_reason != ''), sum(c.transfer_to != ''),
	sum(c.assigned_at IS NOT NULL), sum(c.closed_at IS NOT NULL),
	sum(coalesce(c.closed_at IS NOT NULL AND substr(c.fed_back_at, 1, 10) <= c.due_date, 0)),
	sum(coalesce(substr(c.fed_back_at, 1, 10) > c.due_date, 0)),
	sum(c.verification IN ('属实', '部分属实')), sum(c.satisfaction IN ('满意', '基本满意'))
FROM complaints c, (SELECT 'unit' AS dim UNION ALL SELECT 'category' UNION ALL SELECT 'channel' UNION ALL SELECT 'handler') d
WHERE c.deleted_at IS NULL AND c.merged_into_id IS NULL AND k IS NOT NULL
GROUP BY 1, 2, 3;

CREATE TRIGGER complaints_stats_insert AFTER INSERT ON complaints
WHEN NEW.deleted_at IS NULL AND NEW.merged_into_id IS NULL
BEGIN
	INSERT INTO complaint_stats (month, dim, key, received, accepted, rejected, transferred, assigned, concluded, on_time, late, substantiated, satisfied)
	SELECT substr(NEW.received_at, 1, 7), d.dim, d.k, 1, NEW.accepted_at IS NOT NULL, NEW.reject_reason != '', NEW.transfer_to != '',
		NEW.assigned_at IS NOT NULL, NEW.closed_at IS NOT NULL,
		coalesce(NEW.closed_at IS NOT NULL AND substr(NEW.fed_back_at, 1, 10) <= NEW.due_date, 0),
		coalesce(substr(NEW.fed_back_at, 1, 10) > NEW.due_date, 0),
		NEW.verification IN ('属实', '部分属实'), NEW.satisfaction IN ('满意', '基本满意')
	FROM (SELECT 'unit' AS dim, NEW.unit_id AS k UNION ALL SELECT 'category', NEW.category
		UNION ALL SELECT 'channel', NEW.channel UNION ALL SELECT 'handler', NEW.handler_unit_id) d
	WHERE d.k IS NOT NULL
	ON CONFLICT DO UPDATE SET received = received + excluded.received, accepted = accepted + excluded.accepted,
		rejected = rejected + excluded.rejected, transferred = transferred + excluded.transferred,
		assigned = assigned + excluded.assigned, concluded = concluded + excluded.concluded, on_time = on_time + excluded.on_time,
		late = late + excluded.late, substantiated = substantiated + excluded.substantiated, satisfied = satisfied + excluded.satisfied;
END;

CREATE TRIGGER complaints_stats_update AFTER UPDATE OF received_at, category, channel, unit_id, handler_unit_id, accepted_at, reject_reason,
	transfer_to, assigned_at, closed_at, fed_back_at, due_date, verification, satisfaction, merged_into_id, deleted_at ON complaints
BEGIN
	INSERT INTO complaint_stats (month, dim, key, received, accepted, rejected, transferred, assigned, concluded, on_time, late, substantiated, satisfied)
	SELECT substr(OLD.received_at, 1, 7), d.dim, d.k, -1, -(OLD.accepted_at IS NOT NULL), -(OLD.reject_reason != ''), -(OLD.transfer_to != ''),
		-(OLD.assigned_at IS NOT NULL), -(OLD.closed_at IS NOT NULL),
		-coalesce(OLD.closed_at IS NOT NULL AND substr(OLD.fed_back_at, 1, 10) <= OLD.due_date, 0),
		-coalesce(substr(OLD.fed_back_at, 1, 10) > OLD.due_date, 0),
		-(OLD.verification IN ('属实', '部分属实')), -(OLD.satisfaction IN ('满意', '基本满意'))
	FROM (SELECT 'unit' AS dim, OLD.unit_id AS k UNION ALL SELECT 'category', OLD.category
		UNION ALL SELECT 'channel', OLD.channel UNION ALL SELECT 'handler', OLD.handler_unit_id) d
	WHERE d.k IS NOT NULL AND OLD.deleted_at IS NULL AND OLD.merged_into_id IS NULL
	ON CONFLICT DO UPDATE SET received = received + excluded.received, accepted = accepted + excluded.accepted,
		rejected = rejected + excluded.rejected, transferred = transferred + excluded.transferred,
		assigned = assigned + excluded.assigned, concluded = concluded + excluded.concluded, on_time = on_time + excluded.on_time,
		late = late + excluded.late, substantiated = substantiated + excluded.substantiated, satisfied = satisfied + excluded.satisfied;
	INSERT INTO complaint_stats (month, dim, key, received, accepted, rejected, transferred, assigned, concluded, on_time, late, substantiated, satisfied)
	SELECT substr(NEW.received_at, 1, 7), d.dim, d.k, 1, NEW.accepted_at IS NOT NULL, NEW.reject_reason != '', NEW.transfer_to != '',
		NEW.assigned_at IS NOT NULL, NEW.closed_at IS NOT NULL,
		coalesce(NEW.closed_at IS NOT NULL AND substr(NEW.fed_back_at, 1, 10) <= NEW.due_date, 0),
		coalesce(substr(NEW.fed_back_at, 1, 10) > NEW.due_date, 0),
		NEW.verification IN ('属实', '部分属实'), NEW.satisfaction IN ('满意', '基本满意')
	FROM (SELECT 'unit' AS dim, NEW.unit_id AS k UNION ALL SELECT 'category', NEW.category
		UNION ALL SELECT 'channel', NEW.channel UNION ALL SELECT 'handler', NEW.handler_unit_id) d
	WHERE d.k IS NOT NULL AND NEW.deleted_at IS NULL AND NEW.merged_into_id IS NULL
	ON CONFLICT DO UPDATE SET received = received + excluded.received, accepted = accepted + excluded.accepted,
		rejected = rejected + excluded.rejected, transferred = transferred + excluded.transferred,
		assigned = assigned + excluded.assigned, concluded = concluded + excluded.concluded, on_time = on_time + excluded.on_time,
		late = late + excluded.late, substantiated = substantiated + excluded.substantiated, satisfied = satisfied + excluded.satisfied;
END;

-- Tickets reopened by hand or after a verdict of 不满意 and not since
-- concluded satisfied: the few whose latest 回访 verdict must be looked up
-- in their history.
CREATE INDEX complaints_reopened ON complaints(received_at, unit_id) WHERE round > 1 AND satisfaction = '' AND deleted_at IS NULL;
