package store

import (
	"context"
	"fmt"

	"xiaoneng/data"
)

// ComplaintYear are a year's complaint figures for the 工作台, over the
// complaints received in the year (duplicates merged into another complaint are
// left out: the master complaint counts for them).
type ComplaintYear struct {
	Received  int // registered in the year
	Accepted  int // 受理 (including those assigned straight away)
	Concluded int // 办结: closed at 回访 with 满意 or 基本满意, archived or not
	Surveyed  int // 回访 made (a complaint's latest verdict counts, even when 不满意 reopened it)
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

// ComplaintYearFigures counts the complaints of year (the year of their number,
// which is the year they were received) from the figures kept by month: a
// twelfth of the rows of one dimension, however many complaints the year has.
// A verdict of 不满意 reopens the complaint and clears its satisfaction; the
// kept figures count it by the complaint's latest verdict.
func (db *DB) ComplaintYearFigures(ctx context.Context, year int) (ComplaintYear, error) {
	var y ComplaintYear
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return y, err
	}
	var dissatisfied int
	err = rd.QueryRowContext(ctx, `SELECT coalesce(sum(received), 0), coalesce(sum(accepted), 0), coalesce(sum(concluded), 0),
		coalesce(sum(satisfied), 0), coalesce(sum(dissatisfied), 0)
		FROM complaint_stats WHERE dim = 'unit' AND month >= ? AND month <= ?`,
		fmt.Sprintf("%04d-01", year), fmt.Sprintf("%04d-12", year)).
		Scan(&y.Received, &y.Accepted, &y.Concluded, &y.Satisfied, &dissatisfied)
	if err != nil {
		return y, fmt.Errorf("store: complaint figures %d: %w", year, err)
	}
	y.Surveyed = y.Satisfied + dissatisfied
	return y, nil
}
