package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"xiaoneng/data"
)

// ActionBasis is what a 责任追究 decision rests on, in brief: a finding's
// category and description, or a ticket's number and 事由.
type ActionBasis struct {
	FindingID   string
	Category    data.FindingCategory
	Description string
	FoundOn     data.Date

	ComplaintID string
	Number      string
	Subject     string

	// Deleted is set when the finding or ticket was removed after the
	// decision was recorded: the decision still names it.
	Deleted bool
}

// ActionBases reads the findings and tickets named by refs (the FindingID
// and ComplaintID of actions; empty strings are skipped) and maps each ID
// found to its basis. One query per kind whatever the number of refs: a
// list of decisions shows the basis of every line.
func (db *DB) ActionBases(ctx context.Context, refs []string) (map[string]ActionBasis, error) {
	ids := make([]string, 0, len(refs))
	for _, r := range refs {
		if r != "" {
			ids = append(ids, r)
		}
	}
	out := make(map[string]ActionBasis, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, fmt.Errorf("store: action bases: %w", err)
	}
	err = db.read(ctx, func(q *sql.Tx) error {
		rows, err := q.QueryContext(ctx, `SELECT id, category, description, found_on, deleted_at IS NOT NULL
			FROM findings WHERE id IN (SELECT value FROM json_each(?))`, string(list))
		if err != nil {
			return err
		}
		for rows.Next() {
			var b ActionBasis
			if err := rows.Scan(&b.FindingID, &b.Category, &b.Description, &b.FoundOn, &b.Deleted); err != nil {
				rows.Close()
				return err
			}
			out[b.FindingID] = b
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = q.QueryContext(ctx, `SELECT id, number, subject, deleted_at IS NOT NULL
			FROM complaints WHERE id IN (SELECT value FROM json_each(?))`, string(list))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var b ActionBasis
			if err := rows.Scan(&b.ComplaintID, &b.Number, &b.Subject, &b.Deleted); err != nil {
				return err
			}
			out[b.ComplaintID] = b
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: action bases: %w", err)
	}
	return out, nil
}

// ActionYears lists the years in which decisions were made, the latest
// first, for a year filter that offers only years with something in them.
func (db *DB) ActionYears(ctx context.Context) ([]int, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT DISTINCT substr(decided_on, 1, 4) FROM actions
		WHERE deleted_at IS NULL ORDER BY 1 DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: action years: %w", err)
	}
	defer rows.Close()
	var years []int
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("store: action years: %w", err)
		}
		y, err := strconv.Atoi(s)
		if err != nil {
			return nil, fmt.Errorf("store: action years: decided_on %q: %w", s, err)
		}
		years = append(years, y)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: action years: %w", err)
	}
	return years, nil
}
