package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"xiaoneng/data"
)

// recordNameQueries name a table's records for the 审计日志, deleted ones
// too (a row may refer to a record deleted since): each selects id and
// name of the rows whose ids are bound to the IN list it ends with. A
// complaint is named by its number, never its complainant.
var recordNameQueries = map[string]string{
	"units":            "SELECT id, name FROM units WHERE id IN",
	"people":           "SELECT id, name FROM people WHERE id IN",
	"complaints":       "SELECT id, number FROM complaints WHERE id IN",
	"rounds":           "SELECT id, title FROM rounds WHERE id IN",
	"appraisal_rounds": "SELECT id, title FROM appraisal_rounds WHERE id IN",
	"task_milestones":  "SELECT id, title FROM task_milestones WHERE id IN",
	"attachments":      "SELECT id, name FROM attachments WHERE id IN",
	"tasks":            "SELECT id, number || ' ' || title FROM tasks WHERE id IN",
	"documents":        "SELECT id, coalesce(nullif(number, ''), title) FROM documents WHERE id IN",
	"calendar_years":   "SELECT id, year || '年' FROM calendar_years WHERE id IN",
	"users":            "SELECT id, name || '（' || login || '）' FROM users WHERE id IN",
	"findings": `SELECT f.id, coalesce(u.name || '：', '') || substr(f.description, 1, 24) FROM findings f
		LEFT JOIN units u ON u.id = f.unit_id WHERE f.id IN`,
	"visits": `SELECT v.id, coalesce(u.name || ' ', '') || substr(v.visited_at, 1, 10) FROM visits v
		LEFT JOIN units u ON u.id = v.unit_id WHERE v.id IN`,
	"unit_disclosures": `SELECT d.id, coalesce(u.name || ' ', '') || d.item FROM unit_disclosures d
		LEFT JOIN units u ON u.id = d.unit_id WHERE d.id IN`,
	"actions": `SELECT a.id, a.measure || '（' || coalesce(nullif(a.person_name, ''), u.name, '') || '）' FROM actions a
		LEFT JOIN units u ON u.id = a.unit_id WHERE a.id IN`,
	"activity_logs": `SELECT l.id, coalesce(u.name || ' ', '') || l.on_date FROM activity_logs l
		LEFT JOIN units u ON u.id = l.unit_id WHERE l.id IN`,
	"finding_events": `SELECT e.id, e.kind || ' ' || substr(e.at, 1, 10) FROM finding_events e WHERE e.id IN`,
	"complaint_events": `SELECT e.id, coalesce(c.number || ' ', '') || e.kind FROM complaint_events e
		LEFT JOIN complaints c ON c.id = e.complaint_id WHERE e.id IN`,
	"task_events": `SELECT e.id, coalesce(t.number || ' ', '') || e.kind FROM task_events e
		LEFT JOIN tasks t ON t.id = e.task_id WHERE e.id IN`,
	"task_units": `SELECT x.id, coalesce(t.number || ' ', '') || coalesce(u.name, '') FROM task_units x
		LEFT JOIN tasks t ON t.id = x.task_id LEFT JOIN units u ON u.id = x.unit_id WHERE x.id IN`,
	"appraisal_results": `SELECT x.id, coalesce(r.title || ' ', '') || coalesce(u.name, '') FROM appraisal_results x
		LEFT JOIN appraisal_rounds r ON r.id = x.round_id LEFT JOIN units u ON u.id = x.unit_id WHERE x.id IN`,
	"appraisal_posts": `SELECT x.id, coalesce(u.name || ' ', '') || x.post FROM appraisal_posts x
		LEFT JOIN units u ON u.id = x.unit_id WHERE x.id IN`,
}

// namesBatch bounds the ids bound to one query.
const namesBatch = 500

// AuditNames names the records the audit rows refer to (and the records
// they are about), for showing them to a person: data.AuditEntry.Changes.
func (db *DB) AuditNames(ctx context.Context, entries []data.AuditEntry) (data.RecordNames, error) {
	q, err := db.reads(data.PermAudit)
	if err != nil {
		return nil, err
	}
	wanted := map[string]map[string]bool{}
	for _, e := range entries {
		e.Refs(func(table, id string) {
			if recordNameQueries[table] == "" {
				return
			}
			if wanted[table] == nil {
				wanted[table] = map[string]bool{}
			}
			wanted[table][id] = true
		})
	}
	names := data.RecordNames{}
	for _, e := range entries {
		if e.Table == "settings" {
			names.Add(e.Table, e.RecordID, "本办设置") // the one row of settings
		}
	}
	for table, set := range wanted {
		list := make([]string, 0, len(set))
		for id := range set {
			list = append(list, id)
		}
		slices.Sort(list)
		for chunk := range slices.Chunk(list, namesBatch) {
			args := make([]any, len(chunk))
			for i, id := range chunk {
				args[i] = id
			}
			query := recordNameQueries[table] + " (?" + strings.Repeat(", ?", len(chunk)-1) + ")"
			err := eachRow(ctx, q, "audit names", query, args, func(row rowScanner) error {
				var id string
				var name sql.NullString
				if err := row.Scan(&id, &name); err != nil {
					return err
				}
				if name.Valid {
					names.Add(table, id, name.String)
				}
				return nil
			})
			if err != nil {
				return nil, fmt.Errorf("store: audit names of %s: %w", table, err)
			}
		}
	}
	return names, nil
}
