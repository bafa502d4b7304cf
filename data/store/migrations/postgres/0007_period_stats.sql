-- Twin of ../0007_period_stats.sql.

-- Statistics of any period from kept figures alone, and the indexes that
-- keep the 工作台 and the import bounded on a ledger of a million tickets.
--
-- verdict is a ticket's latest verdict at 回访, kept when 不满意 reopens it
-- (which clears satisfaction): the store writes it with the step. The kept
-- figures count it as dissatisfied, so that no statistics walk the events
-- of every ticket to find the verdicts of 不满意.
ALTER TABLE complaints ADD COLUMN verdict TEXT NOT NULL DEFAULT '';
UPDATE complaints SET verdict = satisfaction WHERE satisfaction != '';
UPDATE complaints SET verdict = coalesce((SELECT e.result FROM complaint_events e
	WHERE e.complaint_id = complaints.id AND e.kind = '回访' AND e.deleted_at IS NULL
	ORDER BY e.at DESC, e.rowid DESC LIMIT 1), '')
WHERE satisfaction = '' AND round > 1;
DROP INDEX complaints_reopened;

ALTER TABLE complaint_stats ADD COLUMN dissatisfied BIGINT NOT NULL DEFAULT 0;

-- The same figures by day received: a period that begins or ends within a
-- month reads the days of its first and last month from here, the whole
-- months between from complaint_stats.
CREATE TABLE complaint_day_stats (
	day           TEXT NOT NULL, -- YYYY-MM-DD of received_at
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
	dissatisfied  BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (day, dim, key)
);

DROP TRIGGER complaints_stats_insert ON complaints;
DROP TRIGGER complaints_stats_update ON complaints;

CREATE OR REPLACE FUNCTION complaints_stats_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO complaint_stats AS s (month, dim, key, received, accepted, rejected, transferred, assigned, concluded, on_time, late, substantiated, satisfied, dissatisfied)
	SELECT substr(NEW.received_at, 1, 7), d.dim, d.k, 1, (NEW.accepted_at IS NOT NULL)::int, (NEW.reject_reason != '')::int, (NEW.transfer_to != '')::int,
		(NEW.assigned_at IS NOT NULL)::int, (NEW.closed_at IS NOT NULL)::int,
		coalesce(NEW.closed_at IS NOT NULL AND substr(NEW.fed_back_at, 1, 10) < NEW.overdue_from, false)::int,
		coalesce(substr(NEW.fed_back_at, 1, 10) >= NEW.overdue_from, false)::int,
		(NEW.verification IN ('属实', '部分属实'))::int, (NEW.satisfaction IN ('满意', '基本满意'))::int, (NEW.verdict = '不满意')::int
	FROM (SELECT 'unit' AS dim, NEW.unit_id AS k UNION ALL SELECT 'category', NEW.category
		UNION ALL SELECT 'channel', NEW.channel UNION ALL SELECT 'handler', NEW.handler_unit_id) d
	WHERE d.k IS NOT NULL
	ON CONFLICT (month, dim, key) DO UPDATE SET received = s.received + excluded.received, accepted = s.accepted + excluded.accepted, rejected = s.rejected + excluded.rejected, transferred = s.transferred + excluded.transferred, assigned = s.assigned + excluded.assigned, concluded = s.concluded + excluded.concluded, on_time = s.on_time + excluded.on_time, late = s.late + excluded.late, substantiated = s.substantiated + excluded.substantiated, satisfied = s.satisfied + excluded.satisfied, dissatisfied = s.dissatisfied + excluded.dissatisfied;
	INSERT INTO complaint_day_stats AS s (day, dim, key, received, accepted, rejected, transferred, assigned, concluded, on_time, late, substantiated, satisfied, dissatisfied)
	SELECT substr(NEW.received_at, 1, 10), d.dim, d.k, 1, (NEW.accepted_at IS NOT NULL)::int, (NEW.reject_reason != '')::int, (NEW.transfer_to != '')::int,
		(NEW.assigned_at IS NOT NULL)::int, (NEW.closed_at IS NOT NULL)::int,
		coalesce(NEW.closed_at IS NOT NULL AND substr(NEW.fed_back_at, 1, 10) < NEW.overdue_from, false)::int,
		coalesce(substr(NEW.fed_back_at, 1, 10) >= NEW.overdue_from, false)::int,
		(NEW.verification IN ('属实', '部分属实'))::int, (NEW.satisfaction IN ('满意', '基本满意'))::int, (NEW.verdict = '不满意')::int
	FROM (SELECT 'unit' AS dim, NEW.unit_id AS k UNION ALL SELECT 'category', NEW.category
		UNION ALL SELECT 'channel', NEW.channel UNION ALL SELECT 'handler', NEW.handler_unit_id) d
	WHERE d.k IS NOT NULL
	ON CONFLICT (day, dim, key) DO UPDATE SET received = s.received + excluded.received, accepted = s.accepted + excluded.accepted, rejected = s.rejected + excluded.rejected, transferred = s.transferred + excluded.transferred, assigned = s.assigned + excluded.assigned, concluded = s.concluded + excluded.concluded, on_time = s.on_time + excluded.on_time, late = s.late + excluded.late, substantiated = s.substantiated + excluded.substantiated, satisfied = s.satisfied + excluded.satisfied, dissatisfied = s.dissatisfied + excluded.dissatisfied;
	RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION complaints_stats_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO complaint_stats AS s (month, dim, key, received, accepted, rejected, transferred, assigned, concluded, on_time, late, substantiated, satisfied, dissatisfied)
	SELECT substr(OLD.received_at, 1, 7), d.dim, d.k, -1, -(OLD.accepted_at IS NOT NULL)::int, -(OLD.reject_reason != '')::int, -(OLD.transfer_to != '')::int,
		-(OLD.assigned_at IS NOT NULL)::int, -(OLD.closed_at IS NOT NULL)::int,
		-coalesce(OLD.closed_at IS NOT NULL AND substr(OLD.fed_back_at, 1, 10) < OLD.overdue_from, false)::int,
		-coalesce(substr(OLD.fed_back_at, 1, 10) >= OLD.overdue_from, false)::int,
		-(OLD.verification IN ('属实', '部分属实'))::int, -(OLD.satisfaction IN ('满意', '基本满意'))::int, -(OLD.verdict = '不满意')::int
	FROM (SELECT 'unit' AS dim, OLD.unit_id AS k UNION ALL SELECT 'category', OLD.category
		UNION ALL SELECT 'channel', OLD.channel UNION ALL SELECT 'handler', OLD.handler_unit_id) d
	WHERE d.k IS NOT NULL AND OLD.deleted_at IS NULL AND OLD.merged_into_id IS NULL
	ON CONFLICT (month, dim, key) DO UPDATE SET received = s.received + excluded.received, accepted = s.accepted + excluded.accepted, rejected = s.rejected + excluded.rejected, transferred = s.transferred + excluded.transferred, assigned = s.assigned + excluded.assigned, concluded = s.concluded + excluded.concluded, on_time = s.on_time + excluded.on_time, late = s.late + excluded.late, substantiated = s.substantiated + excluded.substantiated, satisfied = s.satisfied + excluded.satisfied, dissatisfied = s.dissatisfied + excluded.dissatisfied;
	INSERT INTO complaint_day_stats AS s (day, dim, key, received, accepted, rejected, transferred, assigned, concluded, on_time, late, substantiated, satisfied, dissatisfied)
	SELECT substr(OLD.received_at, 1, 10), d.dim, d.k, -1, -(OLD.accepted_at IS NOT NULL)::int, -(OLD.reject_reason != '')::int, -(OLD.transfer_to != '')::int,
		-(OLD.assigned_at IS NOT NULL)::int, -(OLD.closed_at IS NOT NULL)::int,
		-coalesce(OLD.closed_at IS NOT NULL AND substr(OLD.fed_back_at, 1, 10) < OLD.overdue_from, false)::int,
		-coalesce(substr(OLD.fed_back_at, 1, 10) >= OLD.overdue_from, false)::int,
		-(OLD.verification IN ('属实', '部分属实'))::int, -(OLD.satisfaction IN ('满意', '基本满意'))::int, -(OLD.verdict = '不满意')::int
	FROM (SELECT 'unit' AS dim, OLD.unit_id AS k UNION ALL SELECT 'category', OLD.category
		UNION ALL SELECT 'channel', OLD.channel UNION ALL SELECT 'handler', OLD.handler_unit_id) d
	WHERE d.k IS NOT NULL AND OLD.deleted_at IS NULL AND OLD.merged_into_id IS NULL
	ON CONFLICT (day, dim, key) DO UPDATE SET received = s.received + excluded.received, accepted = s.accepted + excluded.accepted, rejected = s.rejected + excluded.rejected, transferred = s.transferred + excluded.transferred, assigned = s.assigned + excluded.assigned, concluded = s.concluded + excluded.concluded, on_time = s.on_time + excluded.on_time, late = s.late + excluded.late, substantiated = s.substantiated + excluded.substantiated, satisfied = s.satisfied + excluded.satisfied, dissatisfied = s.dissatisfied + excluded.dissatisfied;
	INSERT INTO complaint_stats AS s (month, dim, key, received, accepted, rejected, transferred, assigned, concluded, on_time, late, substantiated, satisfied, dissatisfied)
	SELECT substr(NEW.received_at, 1, 7), d.dim, d.k, 1, (NEW.accepted_at IS NOT NULL)::int, (NEW.reject_reason != '')::int, (NEW.transfer_to != '')::int,
		(NEW.assigned_at IS NOT NULL)::int, (NEW.closed_at IS NOT NULL)::int,
		coalesce(NEW.closed_at IS NOT NULL AND substr(NEW.fed_back_at, 1, 10) < NEW.overdue_from, false)::int,
		coalesce(substr(NEW.fed_back_at, 1, 10) >= NEW.overdue_from, false)::int,
		(NEW.verification IN ('属实', '部分属实'))::int, (NEW.satisfaction IN ('满意', '基本满意'))::int, (NEW.verdict = '不满意')::int
	FROM (SELECT 'unit' AS dim, NEW.unit_id AS k UNION ALL SELECT 'category', NEW.category
		UNION ALL SELECT 'channel', NEW.channel UNION ALL SELECT 'handler', NEW.handler_unit_id) d
	WHERE d.k IS NOT NULL AND NEW.deleted_at IS NULL AND NEW.merged_into_id IS NULL
	ON CONFLICT (month, dim, key) DO UPDATE SET received = s.received + excluded.received, accepted = s.accepted + excluded.accepted, rejected = s.rejected + excluded.rejected, transferred = s.transferred + excluded.transferred, assigned = s.assigned + excluded.assigned, concluded = s.concluded + excluded.concluded, on_time = s.on_time + excluded.on_time, late = s.late + excluded.late, substantiated = s.substantiated + excluded.substantiated, satisfied = s.satisfied + excluded.satisfied, dissatisfied = s.dissatisfied + excluded.dissatisfied;
	INSERT INTO complaint_day_stats AS s (day, dim, key, received, accepted, rejected, transferred, assigned, concluded, on_time, late, substantiated, satisfied, dissatisfied)
	SELECT substr(NEW.received_at, 1, 10), d.dim, d.k, 1, (NEW.accepted_at IS NOT NULL)::int, (NEW.reject_reason != '')::int, (NEW.transfer_to != '')::int,
		(NEW.assigned_at IS NOT NULL)::int, (NEW.closed_at IS NOT NULL)::int,
		coalesce(NEW.closed_at IS NOT NULL AND substr(NEW.fed_back_at, 1, 10) < NEW.overdue_from, false)::int,
		coalesce(substr(NEW.fed_back_at, 1, 10) >= NEW.overdue_from, false)::int,
		(NEW.verification IN ('属实', '部分属实'))::int, (NEW.satisfaction IN ('满意', '基本满意'))::int, (NEW.verdict = '不满意')::int
	FROM (SELECT 'unit' AS dim, NEW.unit_id AS k UNION ALL SELECT 'category', NEW.category
		UNION ALL SELECT 'channel', NEW.channel UNION ALL SELECT 'handler', NEW.handler_unit_id) d
	WHERE d.k IS NOT NULL AND NEW.deleted_at IS NULL AND NEW.merged_into_id IS NULL
	ON CONFLICT (day, dim, key) DO UPDATE SET received = s.received + excluded.received, accepted = s.accepted + excluded.accepted, rejected = s.rejected + excluded.rejected, transferred = s.transferred + excluded.transferred, assigned = s.assigned + excluded.assigned, concluded = s.concluded + excluded.concluded, on_time = s.on_time + excluded.on_time, late = s.late + excluded.late, substantiated = s.substantiated + excluded.substantiated, satisfied = s.satisfied + excluded.satisfied, dissatisfied = s.dissatisfied + excluded.dissatisfied;
	RETURN NULL;
END $$;

CREATE TRIGGER complaints_stats_insert AFTER INSERT ON complaints
	FOR EACH ROW WHEN (NEW.deleted_at IS NULL AND NEW.merged_into_id IS NULL) EXECUTE FUNCTION complaints_stats_insert();
CREATE TRIGGER complaints_stats_update AFTER UPDATE OF received_at, category, channel, unit_id, handler_unit_id, accepted_at, reject_reason,
	transfer_to, assigned_at, closed_at, fed_back_at, due_date, overdue_from, verification, satisfaction, verdict, merged_into_id, deleted_at ON complaints
	FOR EACH ROW EXECUTE FUNCTION complaints_stats_update();

-- Tickets being handled by due date, with what the statistics group those
-- past it by: the figure of tickets still open past their due date reads
-- this index alone (deleted_at and status are columns of it, though fixed,
-- because SQLite does not count a partial index's WHERE column as covered).
DROP INDEX complaints_due;
CREATE INDEX complaints_due ON complaints(due_date, status, deleted_at, received_at, merged_into_id, unit_id, handler_unit_id, category, channel)
	WHERE status = '办理中' AND deleted_at IS NULL;

-- Tickets still open, by unit and receipt: the tickets a new one may repeat
-- (registration and import look for them; most of a unit's tickets are
-- long concluded).
CREATE INDEX complaints_open ON complaints(unit_id, received_at)
	WHERE status IN ('待受理', '待交办', '办理中', '待核实', '待答复', '待回访') AND deleted_at IS NULL;

-- Tickets waiting to be accepted by their 受理期限, as complaints_due has
-- those being handled by due date: the 工作台's 临近到期 and 已超期 and the
-- register's lists of them read an index each instead of every ticket 待受理.
CREATE INDEX complaints_accept_due ON complaints(accept_due, status, deleted_at)
	WHERE status = '待受理' AND deleted_at IS NULL;

-- The store counts the figures of both tables again after this migration
-- (migrate.go).
