package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"xiaoneng/data"
	"xiaoneng/data/pinyin"
)

func unitFields(u *data.Unit) []field {
	return []field{
		{"name", strings.TrimSpace(u.Name)}, {"short_name", strings.TrimSpace(u.ShortName)},
		{"category", string(u.Category)}, {"parent_id", ref(u.ParentID)},
		{"principal", u.Principal}, {"leader_in_charge", u.LeaderInCharge},
		{"contact", u.Contact}, {"phone", u.Phone}, {"hotline", u.Hotline}, {"address", u.Address},
		{"status", string(u.Status)}, {"merged_into_id", ref(u.MergedIntoID)}, {"note", u.Note},
		{"initials", pinyin.Initials(u.Name) + " " + pinyin.Initials(u.ShortName)},
	}
}

// CreateUnit adds a unit to the registry.
func (db *DB) CreateUnit(ctx context.Context, u *data.Unit) error {
	if u.Status == "" {
		u.Status = data.UnitActive
	}
	if err := u.Validate(); err != nil {
		return err
	}
	return db.write(ctx, data.PermRegistry, func(t *tx) error {
		if err := t.checkUnitName(u); err != nil {
			return err
		}
		if err := t.insert("units", &u.Record, unitFields(u)); err != nil {
			return err
		}
		return t.saveDisclosures(u)
	})
}

// UpdateUnit saves changed fields of a unit and its 制度公示 checklist.
func (db *DB) UpdateUnit(ctx context.Context, u *data.Unit) error {
	if err := u.Validate(); err != nil {
		return err
	}
	return db.write(ctx, data.PermRegistry, func(t *tx) error {
		if err := t.checkUnitName(u); err != nil {
			return err
		}
		if err := t.checkParent(u); err != nil {
			return err
		}
		if _, err := t.update("units", &u.Record, unitFields(u)); err != nil {
			return err
		}
		return t.saveDisclosures(u)
	})
}

func (t *tx) checkUnitName(u *data.Unit) error {
	if u.Status != data.UnitActive {
		return nil
	}
	var n int
	err := t.queryRow("SELECT count(*) FROM units WHERE name = ? AND status = '在用' AND deleted_at IS NULL AND id != ?",
		strings.TrimSpace(u.Name), u.ID).Scan(&n)
	if err != nil {
		return fmt.Errorf("store: check unit name: %w", err)
	}
	if n > 0 {
		return &data.ConflictError{Field: "Name", Message: fmt.Sprintf("已有在用单位名为“%s”", strings.TrimSpace(u.Name))}
	}
	return nil
}

// checkParent refuses a parent that would make a cycle.
func (t *tx) checkParent(u *data.Unit) error {
	for id, depth := u.ParentID, 0; id != "" && depth < 64; depth++ {
		if id == u.ID {
			return data.Invalid("ParentID", "上级单位不能是本单位或其下属单位")
		}
		var parent sql.NullString
		if err := t.queryRow("SELECT parent_id FROM units WHERE id = ?", id).Scan(&parent); err != nil {
			return fmt.Errorf("store: check parent: %w", err)
		}
		id = parent.String
	}
	return nil
}

// disclosureSpace names the identities of 制度公示 items.
var disclosureSpace = uuid.MustParse("6f8a3c1e-19d2-4b7a-9e51-0c2d4f6a8b10")

// saveDisclosures writes the checklist items given; items not given are
// left as they are.
func (t *tx) saveDisclosures(u *data.Unit) error {
	for _, d := range u.Disclosures {
		fields := []field{
			{"unit_id", u.ID}, {"item", string(d.Item)}, {"posted", d.Posted},
			{"checked_on", d.CheckedOn}, {"visit_id", ref(d.VisitID)},
		}
		var rec data.Record
		err := t.queryRow("SELECT id FROM unit_disclosures WHERE unit_id = ? AND item = ?", u.ID, string(d.Item)).Scan(&rec.ID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			// One item of one unit is one record on every ledger: made on
			// two at once (an office and a laptop), it is the same record.
			rec.ID = uuid.NewSHA1(disclosureSpace, []byte(u.ID+"/"+string(d.Item))).String()
			err = t.insert("unit_disclosures", &rec, fields)
		case err == nil:
			_, err = t.update("unit_disclosures", &rec, fields)
		}
		if err != nil {
			return fmt.Errorf("store: disclosures of %s: %w", u.Name, err)
		}
	}
	return nil
}

// RetireUnit marks a unit 已撤并 (into another unit, if given). Its history
// stays with it; its name becomes free for a new unit.
func (db *DB) RetireUnit(ctx context.Context, id, mergedInto string) error {
	return db.write(ctx, data.PermRegistry, func(t *tx) error {
		if mergedInto == id {
			return data.Invalid("MergedIntoID", "不能并入本单位")
		}
		r := data.Record{ID: id}
		_, err := t.update("units", &r, []field{{"status", string(data.UnitRetired)}, {"merged_into_id", ref(mergedInto)}})
		return err
	})
}

// DeleteUnit removes a unit entered by mistake. A unit that anything refers
// to cannot be deleted: it is retired instead (RetireUnit).
func (db *DB) DeleteUnit(ctx context.Context, id string) error {
	return db.write(ctx, data.PermRegistry, func(t *tx) error {
		var n int
		err := t.queryRow(`SELECT
			(SELECT count(*) FROM units WHERE parent_id = ?1 AND deleted_at IS NULL) +
			(SELECT count(*) FROM visits WHERE unit_id = ?1 AND deleted_at IS NULL) +
			(SELECT count(*) FROM findings WHERE unit_id = ?1 AND deleted_at IS NULL) +
			(SELECT count(*) FROM complaints WHERE (unit_id = ?1 OR handler_unit_id = ?1) AND deleted_at IS NULL) +
			(SELECT count(*) FROM documents WHERE recipient_unit_id = ?1 AND deleted_at IS NULL) +
			(SELECT count(*) FROM actions WHERE unit_id = ?1 AND deleted_at IS NULL) +
			(SELECT count(*) FROM activity_logs WHERE unit_id = ?1 AND deleted_at IS NULL) +
			(SELECT count(*) FROM task_units WHERE unit_id = ?1 AND deleted_at IS NULL) +
			(SELECT count(*) FROM appraisal_results WHERE unit_id = ?1 AND deleted_at IS NULL) +
			(SELECT count(*) FROM appraisal_posts WHERE unit_id = ?1 AND deleted_at IS NULL) +
			(SELECT count(*) FROM round_units WHERE unit_id = ?1)`, id).Scan(&n)
		if err != nil {
			return fmt.Errorf("store: unit references: %w", err)
		}
		if n > 0 {
			return &data.StateError{Action: "删除", Reason: "该单位已有下属单位或检查、投诉、文书等记录，不能删除；如已撤销或合并，请标记为“已撤并”"}
		}
		return t.tombstone("units", id)
	})
}

var unitSelect = `SELECT ` + prefixed("u") + `, u.name, u.short_name, u.category, coalesce(u.parent_id, ''), coalesce(p.name, ''),
	u.principal, u.leader_in_charge, u.contact, u.phone, u.hotline, u.address, u.status,
	coalesce(u.merged_into_id, ''), u.note, u.initials
	FROM units u LEFT JOIN units p ON p.id = u.parent_id`

func scanUnit(row interface{ Scan(...any) error }) (*data.Unit, error) {
	u := &data.Unit{}
	dest := append(recordDest(&u.Record), &u.Name, &u.ShortName, &u.Category, &u.ParentID, &u.ParentName,
		&u.Principal, &u.LeaderInCharge, &u.Contact, &u.Phone, &u.Hotline, &u.Address, &u.Status,
		&u.MergedIntoID, &u.Note, &u.Initials)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	return u, nil
}

// Unit returns one unit with its 制度公示 checklist (all eight items, the
// unchecked ones not posted and without a date).
func (db *DB) Unit(ctx context.Context, id string) (*data.Unit, error) {
	var u *data.Unit
	err := db.read(ctx, data.PermRead, func(q *sql.Tx) error {
		var err error
		u, err = queryByID(ctx, q, "unit", scanUnit, unitSelect+" WHERE u.id = ? AND u.deleted_at IS NULL", id)
		if err != nil {
			return err
		}
		u.Disclosures, err = disclosures(ctx, q, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

func disclosures(ctx context.Context, q querier, unitID string) ([]data.Disclosure, error) {
	got := map[data.DisclosureItem]data.Disclosure{}
	if err := eachRow(ctx, q, "disclosures", "SELECT item, posted, checked_on, coalesce(visit_id, '') FROM unit_disclosures WHERE unit_id = ? AND deleted_at IS NULL", []any{unitID}, func(row rowScanner) error {
		var d data.Disclosure
		if err := row.Scan(&d.Item, &d.Posted, &d.CheckedOn, &d.VisitID); err != nil {
			return err
		}
		got[d.Item] = d
		return nil
	}); err != nil {
		return nil, err
	}
	out := make([]data.Disclosure, len(data.DisclosureItems))
	for i, item := range data.DisclosureItems {
		out[i] = got[item]
		out[i].Item = item
	}
	return out, nil
}

// Units lists units matching f, ordered by category and name. Disclosures
// are not loaded (Unit loads them).
func (db *DB) Units(ctx context.Context, f data.UnitFilter) ([]*data.Unit, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	w := where("u.deleted_at IS NULL")
	if f.Category != "" {
		w.add("u.category = ?", string(f.Category))
	}
	if f.Status != "" {
		w.add("u.status = ?", string(f.Status))
	}
	if f.ParentID != "" {
		w.add("u.parent_id = ?", f.ParentID)
	}
	if s := strings.TrimSpace(f.Search); s != "" {
		like := "%" + escapeLike(s) + "%"
		w.add(`(u.name LIKE ? ESCAPE '\' OR u.short_name LIKE ? ESCAPE '\' OR u.initials LIKE ? ESCAPE '\')`, like, like, strings.ToLower(like))
	}
	q := unitSelect + " WHERE " + w.sql() + " ORDER BY u.category, u.name"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	return queryList(ctx, rd, "units", scanUnit, q, w.args...)
}

// escapeLike escapes LIKE wildcards in user text.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
