package store

import (
	"context"
	"database/sql"
	"fmt"
)

// ComplaintYear are a year's ticket figures for the 工作台, over the
// tickets received in the year (duplicates merged into another ticket are
// left out: the master ticket counts for them).
type ComplaintYear struct {
	Received  int // registered in the year
	Accepted  int // 受理 (including those assigned straight away)
	Concluded int // 办结: closed at 回访 with 满意 or 基本满意, archived or not
	Surveyed  int // 回访 made (a ticket's latest verdict counts, even when 不满意 reopened it)
	Satisfied int // the latest verdict 满意 or 基本满意
}

// ConcludedRate is 办结率: concluded among accepted, in percent; ok is false
// when nothing was accepted.
func (y ComplaintYear) ConcludedRate() (pct float64, ok bool) {
	return percent(y.Concluded, y.Accepted)
}

// SatisfiedRate is 满意率: 满意 and 基本满意 among the verdicts, in percent;
// ok is false when no 回访 was made.
func (y ComplaintYear) SatisfiedRate() (pct float64, ok bool) {
	return percent(y.Satisfied, y.Surveyed)
}

func percent(n, of int) (float64, bool) {
	if of == 0 {
		return 0, false
	}
	return 100 * float64(n) / float64(of), true
}

// ComplaintYearFigures counts the tickets of year (the year of their number,
// which is the year they were received).
func (db *DB) ComplaintYearFigures(ctx context.Context, year int) (ComplaintYear, error) {
	var y ComplaintYear
	err := db.read(ctx, func(q *sql.Tx) error {
		err := q.QueryRowContext(ctx, `SELECT count(*), count(accepted_at), count(closed_at)
			FROM complaints WHERE year = ? AND merged_into_id IS NULL AND deleted_at IS NULL`, year).
			Scan(&y.Received, &y.Accepted, &y.Concluded)
		if err != nil {
			return err
		}
		// A 不满意 verdict reopens the ticket and clears its satisfaction, so
		// the verdicts are read from the 回访 events: the latest of each
		// ticket that had one (a verdict is kept, or 不满意 started a new
		// round).
		return q.QueryRowContext(ctx, `SELECT count(r), coalesce(sum(r IN ('满意', '基本满意')), 0) FROM (
			SELECT (SELECT e.result FROM complaint_events e
				WHERE e.complaint_id = c.id AND e.kind = '回访' AND e.deleted_at IS NULL
				ORDER BY e.at DESC LIMIT 1) AS r
			FROM complaints c
			WHERE c.year = ? AND c.merged_into_id IS NULL AND c.deleted_at IS NULL AND (c.satisfaction != '' OR c.round > 1)) v`, year).
			Scan(&y.Surveyed, &y.Satisfied)
	})
	if err != nil {
		return y, fmt.Errorf("store: complaint figures %d: %w", year, err)
	}
	return y, nil
}
