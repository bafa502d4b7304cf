package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"xiaoneng/data"
)

// Statistics of a period for 统计与通报 and 评议考核: complaints from the
// figures the triggers keep (complaint_stats by month, complaint_day_stats
// by day), supervision and accountability from their tables. Complaints are counted by the day they were received (the
// cohort of the period), as the 工作台 counts a year's.

// ComplaintFigures are the figures of a set of complaints; duplicates merged into
// another complaint are left out (the master counts for them).
type ComplaintFigures struct {
	Received      int // registered
	Accepted      int // 受理
	Rejected      int // 不予受理
	Transferred   int // 转办 to the competent body
	Assigned      int // 交办 to a handler
	Concluded     int // 办结: closed at 回访 with 满意 or 基本满意
	OnTime        int // concluded with the unit's result in by the due date
	Late          int // the unit's result came in after the due date
	OverdueOpen   int // still 办理中 past the due date on the day counted
	Substantiated int // verified 属实 or 部分属实
	Satisfied     int // latest verdict at 回访 满意 or 基本满意
	Dissatisfied  int // latest verdict 不满意 (the complaint was reopened)
}

// Overdue counts the complaints that missed their due date: handled late, or
// still being handled past it.
func (c ComplaintFigures) Overdue() int { return c.Late + c.OverdueOpen }

// InProgress counts the complaints accepted and not yet concluded (在办).
func (c ComplaintFigures) InProgress() int { return c.Accepted - c.Concluded }

// Surveyed counts the complaints whose complainant gave a verdict at 回访.
func (c ComplaintFigures) Surveyed() int { return c.Satisfied + c.Dissatisfied }

func (c *ComplaintFigures) add(o ComplaintFigures) {
	c.Received += o.Received
	c.Accepted += o.Accepted
	c.Rejected += o.Rejected
	c.Transferred += o.Transferred
	c.Assigned += o.Assigned
	c.Concluded += o.Concluded
	c.OnTime += o.OnTime
	c.Late += o.Late
	c.OverdueOpen += o.OverdueOpen
	c.Substantiated += o.Substantiated
	c.Satisfied += o.Satisfied
	c.Dissatisfied += o.Dissatisfied
}

// ComplaintStats are the complaint figures of a period by each dimension.
type ComplaintStats struct {
	Total      ComplaintFigures
	ByUnit     map[string]ComplaintFigures // the unit complained about, by id
	ByHandler  map[string]ComplaintFigures // the handling unit, by id (complaints assigned)
	ByCategory map[data.Category]ComplaintFigures
	ByChannel  map[data.Channel]ComplaintFigures
	ByMonth    map[string]ComplaintFigures // YYYY-MM
}

// statDims are the dimensions the counts are kept under.
const (
	dimUnit     = "unit"
	dimCategory = "category"
	dimChannel  = "channel"
	dimHandler  = "handler"
)

// statCounters are the counters of complaint_stats and complaint_day_stats
// as SQL sums over the complaints c: the same expressions as the triggers of
// migration 0007, for an import's complaints and counting the figures again.
// A result is late when it came in on or after overdue_from, the day the
// due date was missed (data.Complaint.MissedDue); a complaint is dissatisfied
// while its latest verdict at 回访 is 不满意.
const statCounters = `count(*), sum(c.accepted_at IS NOT NULL), sum(c.reject_reason != ''), sum(c.transfer_to != ''),
	sum(c.assigned_at IS NOT NULL), sum(c.closed_at IS NOT NULL),
	sum(coalesce(c.closed_at IS NOT NULL AND substr(c.fed_back_at, 1, 10) < c.overdue_from, false)),
	sum(coalesce(substr(c.fed_back_at, 1, 10) >= c.overdue_from, false)),
	sum(c.verification IN ('属实', '部分属实')), sum(c.satisfaction IN ('满意', '基本满意')), sum(c.verdict = '不满意')`

// statColumns are the kept counters, in statCounters' order.
const statColumns = `received, accepted, rejected, transferred, assigned, concluded, on_time, late, substantiated, satisfied, dissatisfied`

// statDimsOf are the dimensions a complaint c counts under, as a join: the
// key is k, NULL when the complaint has none (no handler yet).
const statDimsOf = `(SELECT 'unit' AS dim UNION ALL SELECT 'category' UNION ALL SELECT 'channel' UNION ALL SELECT 'handler') d`

const statKey = `CASE d.dim WHEN 'unit' THEN c.unit_id WHEN 'category' THEN c.category WHEN 'channel' THEN c.channel ELSE c.handler_unit_id END`

// statTables are the tables of kept figures with their period column and
// the length of the prefix of received_at that is the period.
var statTables = []struct {
	table, period string
	prefix        int
}{{"complaint_stats", "month", 7}, {"complaint_day_stats", "day", 10}}

// statInserts add the counts of the complaints c that cond selects to both
// tables of kept figures: what the insert trigger adds for each.
func statInserts(cond string) []string {
	var out []string
	for _, st := range statTables {
		out = append(out, fmt.Sprintf(`INSERT INTO %s AS s (%s, dim, key, `+statColumns+`)
	SELECT substr(c.received_at, 1, %d), d.dim, `+statKey+` AS k, `+statCounters+`
	FROM complaints c, `+statDimsOf+`
	WHERE %s AND c.deleted_at IS NULL AND c.merged_into_id IS NULL AND `+statKey+` IS NOT NULL
	GROUP BY 1, 2, 3
	ON CONFLICT (%[2]s, dim, key) DO UPDATE SET received = s.received + excluded.received, accepted = s.accepted + excluded.accepted,
		rejected = s.rejected + excluded.rejected, transferred = s.transferred + excluded.transferred,
		assigned = s.assigned + excluded.assigned, concluded = s.concluded + excluded.concluded, on_time = s.on_time + excluded.on_time,
		late = s.late + excluded.late, substantiated = s.substantiated + excluded.substantiated, satisfied = s.satisfied + excluded.satisfied,
		dissatisfied = s.dissatisfied + excluded.dissatisfied`, st.table, st.period, st.prefix, cond))
	}
	return out
}

// recountStats counts the kept figures of every complaint again.
func (t *tx) recountStats() error {
	for _, st := range statTables {
		if _, err := t.exec("DELETE FROM " + st.table); err != nil {
			return err
		}
	}
	for _, q := range statInserts("true") {
		if _, err := t.exec(q); err != nil {
			return err
		}
	}
	return nil
}

// ComplaintStats counts the complaints received from from to to (both days
// included), as of day asOf for those still being handled past their due
// date. The whole months of the period are read from the figures kept by
// month, its other days from those kept by day: a period of any length
// reads a few thousand rows. The complaints past their due date depend on the
// day counted and are found by the index of complaints being handled.
func (db *DB) ComplaintStats(ctx context.Context, from, to, asOf data.Date) (ComplaintStats, error) {
	s := ComplaintStats{ByUnit: map[string]ComplaintFigures{}, ByHandler: map[string]ComplaintFigures{},
		ByCategory: map[data.Category]ComplaintFigures{}, ByChannel: map[data.Channel]ComplaintFigures{}, ByMonth: map[string]ComplaintFigures{}}
	if from.IsZero() || to.IsZero() {
		return s, data.Invalid("From", "请选择统计期间的起止日期")
	}
	if to.Before(from) {
		return s, data.Invalid("To", "结束日期不能早于开始日期")
	}
	cal, err := db.Calendar(ctx)
	if err != nil {
		return s, err
	}
	overdueBefore, _ := data.AlertBounds(cal, asOf, 0)
	// whole months [m1, m2) and the days outside them
	m1 := data.NewDate(from.Year(), from.Month(), 1)
	if m1.Before(from) {
		m1 = data.NewDate(from.Year(), from.Month()+1, 1)
	}
	m2 := data.NewDate(to.Year(), to.Month()+1, 1)
	if !to.Equal(m2.AddDays(-1)) {
		m2 = data.NewDate(to.Year(), to.Month(), 1)
	}
	end := to.AddDays(1)
	if !m1.Before(m2) {
		m1, m2 = end, end // no whole month: every day from the figures by day
	}
	err = db.read(ctx, data.PermRead, func(q *sql.Tx) error {
		put := func(dim, key, month string, n ComplaintFigures) {
			switch dim {
			case dimUnit:
				s.Total.add(n)
				addTo(s.ByMonth, month, n)
				addTo(s.ByUnit, key, n)
			case dimHandler:
				addTo(s.ByHandler, key, n)
			case dimCategory:
				addTo(s.ByCategory, data.Category(key), n)
			case dimChannel:
				addTo(s.ByChannel, data.Channel(key), n)
			}
		}
		if m1.Before(m2) {
			if err := scanCounts(ctx, q, put, `SELECT dim, key, month, `+statColumns+`
				FROM complaint_stats WHERE month >= ? AND month < ?`, monthOf(m1), monthOf(m2)); err != nil {
				return err
			}
		}
		for _, part := range [][2]data.Date{{from, m1}, {m2, end}} {
			if !part[0].Before(part[1]) {
				continue
			}
			if err := scanCounts(ctx, q, put, `SELECT dim, key, substr(day, 1, 7), `+statColumns+`
				FROM complaint_day_stats WHERE day >= ? AND day < ?`, part[0].String(), part[1].String()); err != nil {
				return err
			}
		}
		// Complaints still being handled past their due date, read from the
		// index on due dates of complaints being handled alone.
		return scanComplaintRows(ctx, q, func(n ComplaintFigures, unit, handler, category, channel, month string) {
			n.OverdueOpen = n.Received
			n.Received = 0
			countComplaint(put, n, unit, handler, category, channel, month)
		}, `SELECT c.unit_id, coalesce(c.handler_unit_id, ''), c.category, c.channel, substr(c.received_at, 1, 7), count(*)
			FROM complaints c
			WHERE c.status = `+handlingStatus+` AND c.deleted_at IS NULL AND c.due_date < ?
				AND c.received_at >= ? AND c.received_at < ? AND c.merged_into_id IS NULL
			GROUP BY 1, 2, 3, 4, 5`, overdueBefore.String(), formatTime(from.Time()), formatTime(end.Time()))
	})
	if err != nil {
		return s, fmt.Errorf("store: complaint statistics: %w", err)
	}
	return s, nil
}

func monthOf(d data.Date) string { return fmt.Sprintf("%04d-%02d", d.Year(), int(d.Month())) }

func addTo[K comparable](m map[K]ComplaintFigures, k K, n ComplaintFigures) {
	c := m[k]
	c.add(n)
	m[k] = c
}

// countComplaint puts a count of complaints under each of their dimensions.
func countComplaint(put func(dim, key, month string, n ComplaintFigures), n ComplaintFigures, unit, handler, category, channel, month string) {
	put(dimUnit, unit, month, n)
	put(dimCategory, category, month, n)
	put(dimChannel, channel, month, n)
	if handler != "" {
		put(dimHandler, handler, month, n)
	}
}

// scanCounts reads rows of dim, key, month and the kept counters
// (statColumns).
func scanCounts(ctx context.Context, q querier, put func(dim, key, month string, n ComplaintFigures), query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var dim, key, month string
		var n ComplaintFigures
		if err := rows.Scan(&dim, &key, &month, &n.Received, &n.Accepted, &n.Rejected, &n.Transferred, &n.Assigned,
			&n.Concluded, &n.OnTime, &n.Late, &n.Substantiated, &n.Satisfied, &n.Dissatisfied); err != nil {
			return err
		}
		put(dim, key, month, n)
	}
	return rows.Err()
}

// scanComplaintRows reads rows of unit, handler, category, channel, month and a
// count (handed over as Received).
func scanComplaintRows(ctx context.Context, q querier, fn func(n ComplaintFigures, unit, handler, category, channel, month string), query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var unit, handler, category, channel, month string
		var n ComplaintFigures
		if err := rows.Scan(&unit, &handler, &category, &channel, &month, &n.Received); err != nil {
			return err
		}
		fn(n, unit, handler, category, channel, month)
	}
	return rows.Err()
}

// SupervisionCounts are the supervision figures of a unit or a kind of unit.
type SupervisionCounts struct {
	Visits     int // visits made (hotline calls of 电话暗访 included)
	Units      int // distinct units visited
	Findings   int // problems found
	RectDue    int // findings ordered to rectify
	RectDone   int // of those, re-checked and closed
	RectFailed int // of those, found 整改不到位 at re-check or past the deadline, and not since put right
}

func (c *SupervisionCounts) add(o SupervisionCounts) {
	c.Visits += o.Visits
	c.Units += o.Units
	c.Findings += o.Findings
	c.RectDue += o.RectDue
	c.RectDone += o.RectDone
	c.RectFailed += o.RectFailed
}

// SupervisionStats are the supervision figures of a period: visits made in
// it and the findings of those days, with their rectification as of the day
// counted.
type SupervisionStats struct {
	Rounds             int // rounds whose period touches the period
	Total              SupervisionCounts
	ByUnit             map[string]SupervisionCounts
	ByUnitCategory     map[data.UnitCategory]SupervisionCounts
	FindingsByCategory map[data.Category]int
}

// SupervisionStats counts the visits and findings from from to to (both
// days included); rectifications past their deadline (data.Finding.Alert)
// count as failed on day asOf.
func (db *DB) SupervisionStats(ctx context.Context, from, to, asOf data.Date) (SupervisionStats, error) {
	s := SupervisionStats{ByUnit: map[string]SupervisionCounts{}, ByUnitCategory: map[data.UnitCategory]SupervisionCounts{},
		FindingsByCategory: map[data.Category]int{}}
	if to.Before(from) {
		return s, data.Invalid("To", "结束日期不能早于开始日期")
	}
	cal, err := db.Calendar(ctx)
	if err != nil {
		return s, err
	}
	overdueBefore, _ := data.AlertBounds(cal, asOf, 0)
	start, end := formatTime(from.Time()), formatTime(to.AddDays(1).Time())
	err = db.read(ctx, data.PermRead, func(q *sql.Tx) error {
		err := q.QueryRowContext(ctx, `SELECT count(*) FROM rounds WHERE deleted_at IS NULL
			AND start_date <= ? AND coalesce(end_date, start_date) >= ?`, to.String(), from.String()).Scan(&s.Rounds)
		if err != nil {
			return err
		}
		byCategory := map[data.UnitCategory]map[string]bool{}
		rows, err := q.QueryContext(ctx, `SELECT v.unit_id, u.category, count(*) FROM visits v JOIN units u ON u.id = v.unit_id
			WHERE v.visited_at >= ? AND v.visited_at < ? AND v.deleted_at IS NULL GROUP BY 1, 2`, start, end)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var unit string
			var cat data.UnitCategory
			var n int
			if err := rows.Scan(&unit, &cat, &n); err != nil {
				return err
			}
			c := s.ByUnit[unit]
			c.Visits, c.Units = c.Visits+n, 1
			s.ByUnit[unit] = c
			if byCategory[cat] == nil {
				byCategory[cat] = map[string]bool{}
			}
			byCategory[cat][unit] = true
			k := s.ByUnitCategory[cat]
			k.Visits += n
			k.Units = len(byCategory[cat])
			s.ByUnitCategory[cat] = k
			s.Total.Visits += n
			s.Total.Units++
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = q.QueryContext(ctx, `SELECT f.unit_id, u.category, f.category, count(*),
			sum(f.rect_status != '无需整改'), sum(f.rect_status = '已整改'),
			sum(f.rect_status != '已整改' AND (f.recheck_result = '整改不到位' OR (f.rect_status = '整改中' AND f.rect_due < ?)))
			FROM findings f JOIN units u ON u.id = f.unit_id
			WHERE f.found_on >= ? AND f.found_on <= ? AND f.deleted_at IS NULL GROUP BY 1, 2, 3`,
			overdueBefore.String(), from.String(), to.String())
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var unit string
			var ucat data.UnitCategory
			var fcat data.Category
			var n SupervisionCounts
			if err := rows.Scan(&unit, &ucat, &fcat, &n.Findings, &n.RectDue, &n.RectDone, &n.RectFailed); err != nil {
				return err
			}
			s.FindingsByCategory[fcat] += n.Findings
			s.Total.add(n)
			u := s.ByUnit[unit]
			u.add(n)
			s.ByUnit[unit] = u
			k := s.ByUnitCategory[ucat]
			k.add(n)
			s.ByUnitCategory[ucat] = k
		}
		return rows.Err()
	})
	if err != nil {
		return s, fmt.Errorf("store: supervision statistics: %w", err)
	}
	return s, nil
}

// ActionCounts are the accountability actions of one measure or unit.
type ActionCounts struct {
	Units   int // against units
	Persons int // against persons
}

// Total is all the actions counted.
func (c ActionCounts) Total() int { return c.Units + c.Persons }

func (c *ActionCounts) add(o ActionCounts) {
	c.Units += o.Units
	c.Persons += o.Persons
}

// ActionStats are the 责任追究 decisions of a period.
type ActionStats struct {
	Total     ActionCounts
	ByMeasure map[data.Measure]ActionCounts
	ByUnit    map[string]ActionCounts // the unit held to account, or the person's unit
}

// ActionStats counts the actions decided from from to to (both days
// included).
func (db *DB) ActionStats(ctx context.Context, from, to data.Date) (ActionStats, error) {
	s := ActionStats{ByMeasure: map[data.Measure]ActionCounts{}, ByUnit: map[string]ActionCounts{}}
	if to.Before(from) {
		return s, data.Invalid("To", "结束日期不能早于开始日期")
	}
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return s, err
	}
	if err := eachRow(ctx, rd, "action statistics", `SELECT measure, unit_id, target_kind, count(*) FROM actions
		WHERE decided_on >= ? AND decided_on <= ? AND deleted_at IS NULL GROUP BY 1, 2, 3`, []any{from.String(), to.String()}, func(row rowScanner) error {
		var m data.Measure
		var unit string
		var kind data.TargetKind
		var n int
		if err := row.Scan(&m, &unit, &kind, &n); err != nil {
			return err
		}
		var c ActionCounts
		if kind == data.TargetPerson {
			c.Persons = n
		} else {
			c.Units = n
		}
		s.Total.add(c)
		bm := s.ByMeasure[m]
		bm.add(c)
		s.ByMeasure[m] = bm
		bu := s.ByUnit[unit]
		bu.add(c)
		s.ByUnit[unit] = bu
		return nil
	}); err != nil {
		return s, err
	}
	return s, nil
}

// UnitsByIDs returns the units with the given ids, live or retired, by id:
// what statistics name and group their figures by.
func (db *DB) UnitsByIDs(ctx context.Context, ids []string) (map[string]*data.Unit, error) {
	out := make(map[string]*data.Unit, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	err := db.read(ctx, data.PermRead, func(q *sql.Tx) error {
		// in chunks: SQLite limits the number of parameters of a statement
		for start := 0; start < len(ids); start += 500 {
			chunk := ids[start:min(start+500, len(ids))]
			args := make([]any, len(chunk))
			for i, id := range chunk {
				args[i] = id
			}
			rows, err := q.QueryContext(ctx, `SELECT id, name, short_name, category, status, coalesce(parent_id, '')
				FROM units WHERE id IN (?`+strings.Repeat(", ?", len(chunk)-1)+`)`, args...)
			if err != nil {
				return err
			}
			for rows.Next() {
				u := &data.Unit{}
				if err := rows.Scan(&u.ID, &u.Name, &u.ShortName, &u.Category, &u.Status, &u.ParentID); err != nil {
					rows.Close()
					return err
				}
				out[u.ID] = u
			}
			if err := rows.Close(); err != nil {
				return err
			}
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: units: %w", err)
	}
	return out, nil
}

// Today is the office's day on the ledger's clock: the day statistics are
// counted on unless another is asked.
func (db *DB) Today() data.Date { return db.today() }
