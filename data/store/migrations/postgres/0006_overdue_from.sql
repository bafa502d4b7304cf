-- Twin of ../0006_overdue_from.sql.

-- A ticket's result came in late when it came on a day its due date was
-- already missed: once a working day after the due date had begun (the
-- deadline rule of data/deadline.go). The kept figures (complaint_stats)
-- cannot count working days, so each ticket keeps overdue_from, the first
-- working day after its due date (data.Calendar.OverdueFrom), written by
-- the store with the due date and again when the holidays of a year
-- change. The figures count on_time and late by it; until now they
-- counted calendar days, so a result in on the Saturday after a Friday
-- due date was late while the ticket had never been shown overdue.
-- The store fills overdue_from for the tickets there and counts the
-- figures again after this migration (migrate.go).
ALTER TABLE complaints ADD COLUMN overdue_from TEXT;

DROP TRIGGER complaints_stats_insert ON complaints;
DROP TRIGGER complaints_stats_update ON complaints;

CREATE OR REPLACE FUNCTION complaints_stats_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO complaint_stats AS s (month, dim, key, received, accepted, rejected, transferred, assigned, concluded, on_time, late, substantiated, satisfied)
	SELECT substr(NEW.received_at, 1, 7), d.dim, d.k, 1, (NEW.accepted_at IS NOT NULL)::int, (NEW.reject_reason != '')::int, (NEW.transfer_to != '')::int,
		(NEW.assigned_at IS NOT NULL)::int, (NEW.closed_at IS NOT NULL)::int,
		coalesce(NEW.closed_at IS NOT NULL AND substr(NEW.fed_back_at, 1, 10) < NEW.overdue_from, false)::int,
		coalesce(substr(NEW.fed_back_at, 1, 10) >= NEW.overdue_from, false)::int,
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
		-coalesce(OLD.closed_at IS NOT NULL AND substr(OLD.fed_back_at, 1, 10) < OLD.overdue_from, false)::int,
		-coalesce(substr(OLD.fed_back_at, 1, 10) >= OLD.overdue_from, false)::int,
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
		coalesce(NEW.closed_at IS NOT NULL AND substr(NEW.fed_back_at, 1, 10) < NEW.overdue_from, false)::int,
		coalesce(substr(NEW.fed_back_at, 1, 10) >= NEW.overdue_from, false)::int,
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
	transfer_to, assigned_at, closed_at, fed_back_at, due_date, overdue_from, verification, satisfaction, merged_into_id, deleted_at ON complaints
	FOR EACH ROW EXECUTE FUNCTION complaints_stats_update();
