package store

import (
	"context"
	"fmt"
	"strings"

	"xiaoneng/data"
)

func actionFields(a *data.Action) []field {
	return []field{
		{"target_kind", string(a.TargetKind)}, {"unit_id", a.UnitID},
		{"person_name", strings.TrimSpace(a.PersonName)}, {"person_post", strings.TrimSpace(a.PersonPost)},
		{"measure", string(a.Measure)}, {"finding_id", ref(a.FindingID)}, {"complaint_id", ref(a.ComplaintID)},
		{"reason", strings.TrimSpace(a.Reason)}, {"decided_on", a.DecidedOn},
		{"decided_by", strings.TrimSpace(a.DecidedBy)}, {"doc_number", strings.TrimSpace(a.DocNumber)},
	}
}

// checkActionRefs turns a reference to a missing or deleted record into a
// message naming the field, rather than a foreign-key failure.
func (t *tx) checkActionRefs(a *data.Action) error {
	if err := t.requireLive("units", a.UnitID, "UnitID", "所选被追究单位不存在或已删除"); err != nil {
		return err
	}
	if err := t.requireLive("findings", a.FindingID, "FindingID", "所依据的问题不存在或已删除"); err != nil {
		return err
	}
	return t.requireLive("complaints", a.ComplaintID, "ComplaintID", "所依据的投诉件不存在或已删除")
}

// CreateAction records a 责任追究 decision.
func (db *DB) CreateAction(ctx context.Context, a *data.Action) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.write(ctx, data.PermActions, func(t *tx) error {
		if err := t.checkActionRefs(a); err != nil {
			return err
		}
		return t.insert("actions", &a.Record, actionFields(a))
	})
}

// UpdateAction saves the changed fields of a decision.
func (db *DB) UpdateAction(ctx context.Context, a *data.Action) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.write(ctx, data.PermActions, func(t *tx) error {
		if err := t.checkActionRefs(a); err != nil {
			return err
		}
		_, err := t.update("actions", &a.Record, actionFields(a))
		return err
	})
}

// DeleteAction removes a decision entered by mistake (a tombstone stays).
func (db *DB) DeleteAction(ctx context.Context, id string) error {
	return db.write(ctx, data.PermActions, func(t *tx) error { return t.tombstone("actions", id) })
}

var actionSelect = `SELECT ` + prefixed("a") + `,
	a.target_kind, a.unit_id, coalesce(u.name, ''), a.person_name, a.person_post, a.measure,
	coalesce(a.finding_id, ''), coalesce(a.complaint_id, ''), a.reason, a.decided_on, a.decided_by, a.doc_number
	FROM actions a LEFT JOIN units u ON u.id = a.unit_id`

func scanAction(row interface{ Scan(...any) error }) (*data.Action, error) {
	a := &data.Action{}
	dest := append(recordDest(&a.Record), &a.TargetKind, &a.UnitID, &a.UnitName, &a.PersonName, &a.PersonPost, &a.Measure,
		&a.FindingID, &a.ComplaintID, &a.Reason, &a.DecidedOn, &a.DecidedBy, &a.DocNumber)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	return a, nil
}

// Action returns one decision with the name of its unit.
func (db *DB) Action(ctx context.Context, id string) (*data.Action, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	return queryByID(ctx, rd, "action", scanAction, actionSelect+" WHERE a.id = ? AND a.deleted_at IS NULL", id)
}

// Actions lists decisions matching f, the latest decided first.
func (db *DB) Actions(ctx context.Context, f data.ActionFilter) ([]*data.Action, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	w := where("a.deleted_at IS NULL")
	if f.UnitID != "" {
		w.add("a.unit_id = ?", f.UnitID)
	}
	if f.FindingID != "" {
		w.add("a.finding_id = ?", f.FindingID)
	}
	if f.ComplaintID != "" {
		w.add("a.complaint_id = ?", f.ComplaintID)
	}
	if f.Measure != "" {
		w.add("a.measure = ?", string(f.Measure))
	}
	w.days("a.decided_on", f.From, f.To)
	q := actionSelect + " WHERE " + w.sql() + " ORDER BY a.decided_on DESC, a.created_at DESC, a.id"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	return queryList(ctx, rd, "actions", scanAction, q, w.args...)
}
