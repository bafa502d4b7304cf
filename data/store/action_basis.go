package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"xiaoneng/data"
)

// ActionBasis is what a 责任追究 decision rests on, in brief: a finding's
// category and description, a complaint's number and 事由, a 督办事项's number
// and title, or the 评议 that warned a key post. A decision may rest on more
// than one. A record removed after the decision was taken is still named,
// marked deleted.
type ActionBasis struct {
	FindingID          string
	FindingCategory    data.FindingCategory
	FindingDescription string
	FindingDeleted     bool

	ComplaintID      string
	ComplaintNumber  string
	ComplaintSubject string
	ComplaintDeleted bool

	TaskID      string
	TaskNumber  string
	TaskTitle   string
	TaskDeleted bool

	AppraisalID    string // the 评议 round
	AppraisalTitle string
}

// ActionBases reads the bases of the decisions ids in one query, keyed by
// decision; a decision resting on nothing recorded has no entry.
func (db *DB) ActionBases(ctx context.Context, ids []string) (map[string]ActionBasis, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	out := make(map[string]ActionBasis, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, fmt.Errorf("store: action bases: %w", err)
	}
	if err := eachRow(ctx, rd, "action bases", `SELECT a.id,
		coalesce(f.id, ''), coalesce(f.category, ''), coalesce(f.description, ''), f.deleted_at IS NOT NULL,
		coalesce(c.id, ''), coalesce(c.number, ''), coalesce(c.subject, ''), c.deleted_at IS NOT NULL,
		coalesce(t.id, ''), coalesce(t.number, ''), coalesce(t.title, ''), t.deleted_at IS NOT NULL,
		coalesce(r.id, ''), coalesce(r.title, '')
		FROM actions a
		LEFT JOIN findings f ON f.id = a.finding_id
		LEFT JOIN complaints c ON c.id = a.complaint_id
		LEFT JOIN tasks t ON t.id = a.task_id
		LEFT JOIN appraisal_posts p ON p.action_id = a.id AND p.deleted_at IS NULL
		LEFT JOIN appraisal_rounds r ON r.id = p.round_id
		WHERE a.id IN (SELECT value FROM json_each(?))
			AND coalesce(f.id, c.id, t.id, r.id) IS NOT NULL`, []any{string(list)}, func(row rowScanner) error {
		var id string
		var b ActionBasis
		if err := row.Scan(&id, &b.FindingID, &b.FindingCategory, &b.FindingDescription, &b.FindingDeleted,
			&b.ComplaintID, &b.ComplaintNumber, &b.ComplaintSubject, &b.ComplaintDeleted,
			&b.TaskID, &b.TaskNumber, &b.TaskTitle, &b.TaskDeleted, &b.AppraisalID, &b.AppraisalTitle); err != nil {
			return err
		}
		out[id] = b
		return nil
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// ActionYears lists the years in which decisions were made, the latest
// first, for a year filter that offers only years with something in them.
func (db *DB) ActionYears(ctx context.Context) ([]int, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	var years []int
	if err := eachRow(ctx, rd, "action years", `SELECT DISTINCT substr(decided_on, 1, 4) FROM actions
		WHERE deleted_at IS NULL ORDER BY 1 DESC`, nil, func(row rowScanner) error {
		var s string
		if err := row.Scan(&s); err != nil {
			return err
		}
		y, err := strconv.Atoi(s)
		if err != nil {
			return fmt.Errorf("decided_on %q: %w", s, err)
		}
		years = append(years, y)
		return nil
	}); err != nil {
		return nil, err
	}
	return years, nil
}
