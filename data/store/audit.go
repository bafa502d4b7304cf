package store

import (
	"context"
	"encoding/json"
	"fmt"

	"xiaoneng/data"
)

// AuditTrail returns the audit rows of one record, oldest first.
func (db *DB) AuditTrail(ctx context.Context, table, recordID string) ([]data.AuditEntry, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT id, at, actor, device, table_name, record_id, action, coalesce(before, ''), coalesce(after, '')
		FROM audit_log WHERE table_name = ? AND record_id = ? ORDER BY id`, table, recordID)
	if err != nil {
		return nil, fmt.Errorf("store: audit trail: %w", err)
	}
	defer rows.Close()
	var out []data.AuditEntry
	for rows.Next() {
		var e data.AuditEntry
		var before, after string
		if err := rows.Scan(&e.ID, scanTime{&e.At}, &e.Actor, &e.Device, &e.Table, &e.RecordID, &e.Action, &before, &after); err != nil {
			return nil, fmt.Errorf("store: audit trail: %w", err)
		}
		if e.Before, err = decodeAudit(before); err != nil {
			return nil, err
		}
		if e.After, err = decodeAudit(after); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: audit trail: %w", err)
	}
	return out, nil
}

func decodeAudit(s string) (map[string]any, error) {
	if s == "" {
		return nil, nil
	}
	m := map[string]any{}
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, fmt.Errorf("store: audit row: %w", err)
	}
	return m, nil
}
