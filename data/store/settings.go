package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"xiaoneng/data"
)

// settingsKey keeps the whole Settings as one JSON value: the office edits
// them together on one screen, and new fields take their defaults.
const settingsKey = "office"

// Settings returns the office's settings, defaults filled in for anything
// never saved.
func (db *DB) Settings(ctx context.Context) (data.Settings, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return data.Settings{}, err
	}
	return readSettings(ctx, rd)
}

func readSettings(ctx context.Context, q querier) (data.Settings, error) {
	s := data.DefaultSettings()
	var raw string
	err := q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", settingsKey).Scan(&raw)
	if err == sql.ErrNoRows {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("store: settings: %w", err)
	}
	defaults := s.DocPrefixes
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return s, fmt.Errorf("store: settings: %w", err)
	}
	for k, v := range defaults {
		if s.DocPrefixes[k] == "" {
			s.DocPrefixes[k] = v
		}
	}
	return s, nil
}

// SaveSettings validates and saves the office's settings, auditing what changed.
func (db *DB) SaveSettings(ctx context.Context, s data.Settings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return db.write(ctx, data.PermSettings, func(t *tx) error {
		if err := t.officeOnly("修改设置"); err != nil {
			return err
		}
		return t.saveSettings(s)
	})
}

// saveSettings writes validated settings in the transaction, with the audit
// row of what changed.
func (t *tx) saveSettings(s data.Settings) error {
	b, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("store: settings: %w", err)
	}
	old, err := readSettings(t.ctx, t.Tx)
	if err != nil {
		return err
	}
	before, after, err := diffJSON(old, s)
	if err != nil {
		return err
	}
	if len(after) == 0 {
		return nil
	}
	_, err = t.exec(`INSERT INTO settings(key, value, updated_at, updated_by, device) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
		updated_by = excluded.updated_by, device = excluded.device`,
		settingsKey, string(b), formatTime(t.now), t.actor, t.device)
	if err != nil {
		return fmt.Errorf("store: settings: %w", err)
	}
	return t.audit("settings", settingsKey, data.AuditUpdate, before, after)
}

// diffJSON returns the top-level JSON fields of a and b that differ.
func diffJSON(a, b any) (before, after map[string]any, err error) {
	var ma, mb map[string]any
	if err := roundTrip(a, &ma); err != nil {
		return nil, nil, err
	}
	if err := roundTrip(b, &mb); err != nil {
		return nil, nil, err
	}
	before, after = map[string]any{}, map[string]any{}
	for k, v := range mb {
		if fmt.Sprint(ma[k]) != fmt.Sprint(v) {
			before[k], after[k] = ma[k], v
		}
	}
	return before, after, nil
}

func roundTrip(v any, out *map[string]any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("store: settings: %w", err)
	}
	return json.Unmarshal(b, out)
}
