package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/exchange"
)

// heldRow is a row of field_conflicts.
type heldRow struct {
	id, pkg, table, recordID, field string
	localValue, incomingValue       string // JSON
	clock                           exchange.Vector
	by, device, at                  string
	raisedAt                        sql.NullString
}

const heldColumns = `c.id, c.package_id, c.table_name, c.record_id, c.field, coalesce(c.local_value, 'null'), coalesce(c.incoming_value, 'null'),
	c.incoming_clock, c.incoming_by, c.incoming_device, c.incoming_at, c.raised_at`

func scanHeld(r rowScanner) (*heldRow, error) {
	h := &heldRow{}
	var clock string
	if err := r.Scan(&h.id, &h.pkg, &h.table, &h.recordID, &h.field, &h.localValue, &h.incomingValue, &clock, &h.by, &h.device, &h.at, &h.raisedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(clock), &h.clock); err != nil {
		return nil, fmt.Errorf("store: conflict %s: %w", h.id, err)
	}
	return h, nil
}

// Conflicts lists the conflicts waiting for a person, oldest first, each
// with this ledger's value now and the other side's.
func (db *DB) Conflicts(ctx context.Context) ([]data.FieldConflict, error) {
	var out []data.FieldConflict
	err := db.read(ctx, data.PermRead, func(q *sql.Tx) error {
		held, err := queryList(ctx, q, "conflicts", scanHeld, "SELECT "+heldColumns+" FROM field_conflicts c WHERE c.decided_at IS NULL ORDER BY c.raised_at, c.rowid")
		if err != nil {
			return err
		}
		for _, h := range held {
			c, err := describeHeld(ctx, q, h)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

// describeHeld says a held conflict in the user's words, with the record's
// value now.
func describeHeld(ctx context.Context, q querier, h *heldRow) (data.FieldConflict, error) {
	x := exchangeByName[h.table]
	if x == nil {
		return data.FieldConflict{}, fmt.Errorf("store: conflict %s on %s", h.id, h.table)
	}
	cols, err := x.columns(ctx, q)
	if err != nil {
		return data.FieldConflict{}, err
	}
	local, found, err := loadLocal(ctx, q, x, cols, h.recordID)
	if err != nil {
		return data.FieldConflict{}, err
	}
	if !found {
		return data.FieldConflict{}, fmt.Errorf("store: conflict %s: %s %s: %w", h.id, h.table, h.recordID, data.ErrNotFound)
	}
	incoming, err := decodeHeld(x, cols, h.field, h.incomingValue)
	if err != nil {
		return data.FieldConflict{}, err
	}
	var pkg string
	var kind string
	var seq int64
	var laptop string
	if err := q.QueryRowContext(ctx, `SELECT p.kind, p.seq, c.laptop FROM field_packages p JOIN field_checkouts c ON c.id = p.checkout_id WHERE p.id = ?`,
		h.pkg).Scan(&kind, &seq, &laptop); err == nil {
		pkg = fmt.Sprintf("%s包（%s，第%d号）", kind, laptop, seq)
	}
	c := data.FieldConflict{ID: h.id, Table: h.table, RecordID: h.recordID, Field: h.field,
		TableLabel: x.label, FieldLabel: fieldLabel(h.table, h.field),
		Title:      recordTitle(h.table, local.values, func(id string) string { return unitName(ctx, q, id) }),
		Local:      showValue(h.field, heldLocal(local, h.field)),
		Incoming:   showValue(h.field, incoming),
		Editable:   h.field != exchange.DeletedField && x.linkSpec(h.field) == nil,
		IncomingBy: h.by, IncomingOn: h.device, IncomingAt: changeTime(h.at), Package: pkg}
	if h.raisedAt.Valid {
		if err := (scanTime{&c.RaisedAt}).Scan(h.raisedAt.String); err != nil {
			return data.FieldConflict{}, err
		}
	}
	return c, nil
}

func unitName(ctx context.Context, q querier, id string) string {
	var name string
	if err := q.QueryRowContext(ctx, "SELECT name FROM units WHERE id = ?", id).Scan(&name); err != nil {
		return ""
	}
	return name
}

func (x *exTable) linkSpec(name string) *linkSpec {
	for _, l := range x.links {
		if l.table == name {
			return &l
		}
	}
	return nil
}

// heldLocal is the record's value of a field now.
func heldLocal(r *localRecord, field string) any {
	switch {
	case field == exchange.DeletedField:
		return r.deleted
	case r.links[field] != nil:
		return r.links[field]
	}
	if v, ok := r.values[field]; ok {
		return v
	}
	return r.links[field]
}

// decodeHeld reads a held value back into what the field stores.
func decodeHeld(x *exTable, cols []exColumn, field, raw string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	switch {
	case field == exchange.DeletedField:
		var s string
		err := dec.Decode(&s)
		return s, err
	case x.linkSpec(field) != nil:
		var ids []string
		err := dec.Decode(&ids)
		return ids, err
	}
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("store: held value: %w", err)
	}
	c, ok := x.column(cols, field)
	if !ok {
		return nil, fmt.Errorf("store: held value of %s.%s: no such column", x.name, field)
	}
	return c.stored(v)
}

// DecideConflict decides a conflict: this ledger's value, the other side's,
// or a value a person types (value, for EditValue). The decision is a
// change here whose version includes both sides', so it travels back
// without conflicting again; the record's history keeps both values.
func (db *DB) DecideConflict(ctx context.Context, id string, choice data.ConflictChoice, value string) error {
	p, err := db.exchangePermission(ctx)
	if err != nil {
		return err
	}
	return db.write(ctx, p, func(t *tx) error {
		h, err := scanHeld(t.queryRow("SELECT "+heldColumns+" FROM field_conflicts c WHERE c.id = ? AND c.decided_at IS NULL", id))
		if errors.Is(err, sql.ErrNoRows) {
			return &data.StateError{Action: "处理冲突", Reason: "该冲突已处理过或不存在"}
		}
		if err != nil {
			return fmt.Errorf("store: conflict %s: %w", id, err)
		}
		x := exchangeByName[h.table]
		cols, err := x.columns(t.ctx, t.Tx)
		if err != nil {
			return err
		}
		local, found, err := loadLocal(t.ctx, t.Tx, x, cols, h.recordID)
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("store: conflict %s: %w", id, data.ErrNotFound)
		}
		incoming, err := decodeHeld(x, cols, h.field, h.incomingValue)
		if err != nil {
			return err
		}
		before := heldLocal(local, h.field)
		var decided any
		var what string
		switch choice {
		case data.KeepLocal:
			decided, what = before, "保留本台账的值"
		case data.TakeIncoming:
			decided, what = incoming, "采用对方的值"
		case data.EditValue:
			c, ok := x.column(cols, h.field)
			if !ok || h.field == exchange.DeletedField {
				return data.Invalid("Value", "删除与否、人员名单等不能改为其他值，请选择保留本台账的或采用对方的")
			}
			if decided, err = typedValue(c, value); err != nil {
				return err
			}
			what = "改为：" + showValue(h.field, decided)
		default:
			return fmt.Errorf("store: no conflict choice %d", choice)
		}
		// The decision's version includes both sides' and this change; a
		// deletion's includes everything the record's fields know and the
		// conflicts held on it, as every deletion's does. A field decided on
		// a deleted record includes the deletion too: the person saw it, so
		// where the record was deleted the value is no edit made unaware.
		n, err := t.counter()
		if err != nil {
			return err
		}
		clock := cloneClock(local.clock)
		v := local.clock.Field(h.field).Merge(h.clock)
		switch {
		case h.field == exchange.DeletedField:
			v = local.knowledge()
		case local.deleted != "":
			v = v.Merge(local.clock.Field(exchange.DeletedField))
		}
		clock.Set(h.field, v.With(selfReplica, n))
		p := put{table: x.name, id: h.recordID, clock: clock, before: map[string]any{h.field: before}, masks: x.masked}
		switch {
		case h.field == exchange.DeletedField:
			d, _ := decided.(string)
			p.deleted = &d
		case x.linkSpec(h.field) != nil:
			ids, _ := decided.([]string)
			p.links = map[string][]string{h.field: ids}
		default:
			p.fields = []field{{h.field, decided}}
		}
		if err := t.putRecord(p); err != nil {
			return err
		}
		// Every conflict on the field the decision includes ends with it.
		return eachHeldOn(t, h, func(other *heldRow) error {
			if other.id == h.id {
				return t.closeConflict(other.id, what)
			}
			if other.clock.LessEq(clock.Field(h.field)) {
				return t.closeConflict(other.id, "与另一处冲突一并处理："+what)
			}
			return nil
		})
	})
}

func eachHeldOn(t *tx, h *heldRow, fn func(*heldRow) error) error {
	held, err := queryList(t.ctx, t.Tx, "conflicts", scanHeld, "SELECT "+heldColumns+
		" FROM field_conflicts c WHERE c.table_name = ? AND c.record_id = ? AND c.field = ? AND c.decided_at IS NULL", h.table, h.recordID, h.field)
	if err != nil {
		return err
	}
	for _, o := range held {
		if err := fn(o); err != nil {
			return err
		}
	}
	return nil
}

// typedValue reads a value a person typed for column c.
func typedValue(c exColumn, s string) (any, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		if c.notNull && c.typ != "TEXT" {
			return nil, data.Invalid("Value", "请填写新的值")
		}
		if !c.notNull {
			return nil, nil
		}
		return "", nil
	}
	switch c.typ {
	case "INTEGER":
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, data.Invalid("Value", "请填写整数")
		}
		return n, nil
	case "REAL":
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, data.Invalid("Value", "请填写数字")
		}
		return f, nil
	}
	if strings.HasSuffix(c.name, "_on") || strings.HasSuffix(c.name, "_date") || strings.HasSuffix(c.name, "_due") {
		if _, err := data.ParseDate(s); err != nil {
			return nil, data.Invalid("Value", "日期请写作 2026-11-21")
		}
	}
	return s, nil
}

// changeTime is when the other side changed a field, as the user reads it:
// 2026-11-21 10:00 in office time (as sent when it does not parse).
func changeTime(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return t.In(data.Zone).Format("2006-01-02 15:04")
}
