package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"xiaoneng/data"
)

func activityFields(a *data.ActivityLog) []field {
	return []field{
		{"unit_id", a.UnitID}, {"on_date", a.On}, {"agency", strings.TrimSpace(a.Agency)},
		{"officers", strings.TrimSpace(a.Officers)}, {"purpose", string(a.Purpose)},
		{"basis", strings.TrimSpace(a.Basis)}, {"form_filled", a.FormFilled},
		{"note", a.Note}, {"complaint_id", ref(a.ComplaintID)},
	}
}

// checkMonitored refuses a 公务活动登记 for a unit that is not a
// monitoring-point enterprise: only those keep the log.
func (t *tx) checkMonitored(unitID string) error {
	var name string
	var category data.UnitCategory
	err := t.queryRow("SELECT name, category FROM units WHERE id = ? AND deleted_at IS NULL", unitID).Scan(&name, &category)
	if errors.Is(err, sql.ErrNoRows) {
		return data.Invalid("UnitID", "所选单位已删除或不存在")
	}
	if err != nil {
		return fmt.Errorf("store: unit %s: %w", unitID, err)
	}
	if category != data.UnitMonitored {
		return data.Invalid("UnitID", fmt.Sprintf("“%s”不是监测点企业，不能登记公务活动", name))
	}
	return nil
}

// CreateActivityLog adds an entry to a monitoring-point enterprise's
// 公务活动登记.
func (db *DB) CreateActivityLog(ctx context.Context, a *data.ActivityLog) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.write(ctx, data.PermSupervision, func(t *tx) error {
		if err := t.checkMonitored(a.UnitID); err != nil {
			return err
		}
		return t.insert("activity_logs", &a.Record, activityFields(a))
	})
}

// UpdateActivityLog saves the changed fields of an entry.
func (db *DB) UpdateActivityLog(ctx context.Context, a *data.ActivityLog) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.write(ctx, data.PermSupervision, func(t *tx) error {
		if err := t.checkMonitored(a.UnitID); err != nil {
			return err
		}
		fields := activityFields(a)
		if a.ComplaintID == "" {
			// An entry loaded before the enterprise complained must not
			// unlink the complaint when saved.
			fields = fields[:len(fields)-1]
		}
		_, err := t.update("activity_logs", &a.Record, fields)
		return err
	})
}

// DeleteActivityLog removes an entry made by mistake (a tombstone stays).
// An entry a complaint was raised over is part of that complaint's record.
func (db *DB) DeleteActivityLog(ctx context.Context, id string) error {
	return db.write(ctx, data.PermSupervision, func(t *tx) error {
		var complaint sql.NullString
		err := t.queryRow("SELECT complaint_id FROM activity_logs WHERE id = ? AND deleted_at IS NULL", id).Scan(&complaint)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: activity log %s: %w", id, data.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: activity log %s: %w", id, err)
		}
		if complaint.Valid {
			return &data.StateError{Action: "删除", Reason: "企业已就该次公务活动提出投诉，该登记不能删除"}
		}
		return t.tombstone("activity_logs", id)
	})
}

// ActivityLogs lists the 公务活动登记 of one enterprise ("" for every
// monitoring point) between two days (both included; a zero day leaves
// that end open), latest first.
func (db *DB) ActivityLogs(ctx context.Context, unitID string, from, to data.Date) ([]*data.ActivityLog, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	w := where("a.deleted_at IS NULL")
	if unitID != "" {
		w.add("a.unit_id = ?", unitID)
	}
	w.days("a.on_date", from, to)
	return queryList(ctx, rd, "activity logs", scanActivityLog, "SELECT "+prefixed("a")+`, a.unit_id, u.name, a.on_date, a.agency, a.officers,
		a.purpose, a.basis, a.form_filled, a.note, coalesce(a.complaint_id, '')
		FROM activity_logs a JOIN units u ON u.id = a.unit_id
		WHERE `+w.sql()+" ORDER BY a.on_date DESC, a.created_at DESC", w.args...)
}

func scanActivityLog(row rowScanner) (*data.ActivityLog, error) {
	a := &data.ActivityLog{}
	return a, row.Scan(append(recordDest(&a.Record), &a.UnitID, &a.UnitName, &a.On, &a.Agency, &a.Officers,
		&a.Purpose, &a.Basis, &a.FormFilled, &a.Note, &a.ComplaintID)...)
}
