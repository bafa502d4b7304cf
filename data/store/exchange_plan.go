package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"

	"xiaoneng/data"
	"xiaoneng/data/exchange"
)

// recPlan is what a package does to one record.
type recPlan struct {
	x      *exTable
	ch     *exchange.Change // its clock by this ledger's numbers
	insert bool
	title  string
	// what is taken from the package
	take        []field
	takeLinks   map[string][]string
	takeDeleted *string
	before      map[string]any
	clock       exchange.Clock // the record's versions afterwards
	clockOnly   bool           // only versions merge: the values are the same
	conflicts   []*conflictPlan
	resolved    []string // held conflicts the record's new versions include
	superseded  []string // held conflicts a newer version of the other side replaces
}

// conflictPlan is a conflict to hold.
type conflictPlan struct {
	field           string
	local, incoming any
	clock           exchange.Vector
}

// heldConflict is a conflict waiting for a person.
type heldConflict struct {
	id, field string
	clock     exchange.Vector
}

// localRecord is a record as this ledger has it.
type localRecord struct {
	values  map[string]any
	links   map[string][]string
	deleted string
	clock   exchange.Clock
	held    []heldConflict
}

// plan reads the package's changes and decides, field by field, what each
// does to this ledger (see docs/外勤交换.md):
//   - the incoming version is included in this ledger's: nothing (it had it);
//   - this ledger's is included in the incoming one: the incoming value;
//   - neither, with the same value: the versions merge;
//   - neither, with different values: a conflict held for a person.
//
// A deletion is the field deleted_at, and meets an edit its deleter had not
// seen as a conflict.
func (in *incoming) plan(ctx context.Context, q querier, pkg *exchange.Package) error {
	number := func(k string) (string, error) {
		i, err := strconv.Atoi(k)
		if err != nil || i < 0 || i >= len(in.m.Replicas) {
			return "", &data.PackageError{Message: "外勤包中有记录的版本指向清单未列出的台账，包已损坏。"}
		}
		if n, ok := in.reps.byID[in.m.Replicas[i]]; ok {
			return n, nil
		}
		// A ledger this one has not met yet gets its number when applied;
		// until then it is named by its id.
		return "?" + in.m.Replicas[i], nil
	}
	units := map[string]string{}
	unitName := func(id string) string {
		if n, ok := units[id]; ok {
			return n
		}
		var name string
		if err := q.QueryRowContext(ctx, "SELECT name FROM units WHERE id = ?", id).Scan(&name); err != nil {
			name = ""
		}
		units[id] = name
		return name
	}
	blobs := map[string]bool{}
	err := pkg.Changes(func(ch *exchange.Change) error {
		x := exchangeByName[ch.Table]
		if x == nil {
			return &data.PackageError{Message: fmt.Sprintf("外勤包中有本程序不交换的记录（%s），不是本程序写出的包。", ch.Table)}
		}
		clock, err := ch.Clock.Remap(number)
		if err != nil {
			return err
		}
		ch.Clock = clock
		if ch.Table == "units" {
			if name, ok := ch.Fields["name"].(string); ok {
				units[ch.ID] = name
			}
		}
		p, ok, err := in.planRecord(ctx, q, x, ch)
		if err != nil || !ok {
			return err
		}
		p.title = recordTitle(x.name, ch.Fields, unitName)
		if err := checkUnique(ctx, q, p); err != nil {
			return err
		}
		in.records = append(in.records, p)
		in.describe(p)
		if x.name == "attachments" && p.insert {
			sha, _ := ch.Fields["sha256"].(string)
			if !blobs[sha] {
				blobs[sha] = true
				var have bool
				if err := q.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM blobs WHERE sha256 = ?)", sha).Scan(&have); err != nil {
					return fmt.Errorf("store: blobs: %w", err)
				}
				if !have {
					if !pkg.HasFile(sha) {
						return &data.PackageError{Message: fmt.Sprintf("外勤包缺少照片或附件“%s”的内容，包不完整。", showValue("name", ch.Fields["name"]))}
					}
					in.files = append(in.files, sha)
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	in.preview.Files = len(in.files)
	return pkg.Audit(func(r *exchange.AuditRow) error {
		if r.ID > in.checkout.auditPeer {
			in.audit++
		}
		in.preview.History = in.audit
		return nil
	})
}

// planRecord decides what ch does to the record; planned is false when
// nothing.
func (in *incoming) planRecord(ctx context.Context, q querier, x *exTable, ch *exchange.Change) (p *recPlan, planned bool, err error) {
	cols, err := x.columns(ctx, q)
	if err != nil {
		return nil, false, err
	}
	p = &recPlan{x: x, ch: ch}
	// Normalized incoming values, by column: only the columns this ledger
	// has, and never a masked one coming into the office.
	incomingVals := map[string]any{}
	for _, c := range cols {
		v, ok := ch.Fields[c.name]
		if !ok || (!in.field && x.masked[c.name] != nil) {
			continue
		}
		if incomingVals[c.name], err = c.stored(v); err != nil {
			return nil, false, err
		}
	}
	local, found, err := loadLocal(ctx, q, x, cols, ch.ID)
	if err != nil {
		return nil, false, err
	}
	if !found {
		p.insert, p.clock = true, ch.Clock
		for _, c := range cols {
			if v, ok := incomingVals[c.name]; ok {
				p.take = append(p.take, field{c.name, v})
			} else if c.notNull {
				return nil, false, &data.PackageError{Message: fmt.Sprintf("外勤包中的%s缺少“%s”，包已损坏。", x.label, fieldLabel(x.name, c.name))}
			}
		}
		p.takeLinks = ch.Links
		deleted := ch.DeletedAt
		p.takeDeleted = &deleted
		return p, true, nil
	}
	p.clock = cloneClock(local.clock)
	p.before = map[string]any{}
	type verdict int
	const (
		skip verdict = iota
		take
		merge
		conflict
	)
	decide := func(name string, same bool) verdict {
		inV, locV := ch.Clock.Field(name), local.clock.Field(name)
		switch {
		case inV.LessEq(locV):
			return skip
		case locV.LessEq(inV):
			return take
		case same:
			return merge
		}
		return conflict
	}
	// newInfo are the fields whose incoming versions this ledger lacks: an
	// edit a deletion here may not have seen.
	var newInfo []string
	for _, c := range cols {
		v, ok := incomingVals[c.name]
		if !ok {
			continue
		}
		same := sameValue(v, local.values[c.name])
		switch decide(c.name, same) {
		case take:
			if !same {
				p.take = append(p.take, field{c.name, v})
				p.before[c.name] = local.values[c.name]
			}
			p.clock.Set(c.name, ch.Clock.Field(c.name))
			newInfo = append(newInfo, c.name)
		case merge:
			p.clock.Set(c.name, ch.Clock.Field(c.name).Merge(local.clock.Field(c.name)))
			newInfo = append(newInfo, c.name)
		case conflict:
			in.hold(p, local, c.name, local.values[c.name], v, ch.Clock.Field(c.name))
			newInfo = append(newInfo, c.name)
		}
	}
	for _, l := range x.links {
		v, ok := ch.Links[l.table]
		if !ok {
			continue
		}
		same := sameLinks(v, local.links[l.table])
		switch decide(l.table, same) {
		case take:
			if !same {
				if p.takeLinks == nil {
					p.takeLinks = map[string][]string{}
				}
				p.takeLinks[l.table] = v
				p.before[l.table] = local.links[l.table]
			}
			p.clock.Set(l.table, ch.Clock.Field(l.table))
			newInfo = append(newInfo, l.table)
		case merge:
			p.clock.Set(l.table, ch.Clock.Field(l.table).Merge(local.clock.Field(l.table)))
			newInfo = append(newInfo, l.table)
		case conflict:
			in.hold(p, local, l.table, local.links[l.table], v, ch.Clock.Field(l.table))
			newInfo = append(newInfo, l.table)
		}
	}
	const del = exchange.DeletedField
	inDel, locDel := ch.DeletedAt != "", local.deleted != ""
	inV := ch.Clock.Field(del)
	switch decide(del, inDel == locDel) {
	case take:
		// A deletion whose deleter had not seen an edit made here, or one
		// held here in a conflict, is a conflict, not a loss.
		if inDel && !locDel && !local.knowledge().LessEq(inV) {
			in.hold(p, local, del, local.deleted, ch.DeletedAt, inV)
			break
		}
		if ch.DeletedAt != local.deleted {
			deleted := ch.DeletedAt
			p.takeDeleted = &deleted
			p.before[del] = local.deleted
		}
		p.clock.Set(del, inV)
	case merge:
		p.clock.Set(del, inV.Merge(local.clock.Field(del)))
		if ch.DeletedAt > local.deleted {
			deleted := ch.DeletedAt // deleted on both sides: the later time, everywhere
			p.takeDeleted = &deleted
		}
	case conflict:
		// Deleted on one side, kept (and maybe edited) on the other: the
		// incoming version includes the edits that came with it.
		v := inV
		for _, name := range newInfo {
			v = v.Merge(ch.Clock.Field(name))
		}
		in.hold(p, local, del, local.deleted, ch.DeletedAt, v)
	default:
		// Deleted here, edited there by someone who had not seen the
		// deletion: the edits are kept on the deleted record, and whether
		// it stays deleted is a conflict.
		// An edit coming from a side where the record is deleted too is no
		// such edit: that side saw both, and held the conflict itself if
		// there was one. (Nor is one whose version includes the deletion
		// here: a decision made on the deleted record.)
		if !locDel || inDel {
			break
		}
		var edit exchange.Vector
		locV := local.clock.Field(del)
		for _, name := range newInfo {
			if v := ch.Clock.Field(name); !v.LessEq(locV) && !locV.LessEq(v) {
				edit = edit.Merge(v)
			}
		}
		if edit != nil {
			in.hold(p, local, del, local.deleted, "", edit)
		}
	}
	p.settle(local)
	if len(p.take) == 0 && len(p.takeLinks) == 0 && p.takeDeleted == nil && len(p.conflicts) == 0 &&
		len(p.resolved) == 0 && len(p.superseded) == 0 {
		if clocksEqual(p.clock, local.clock) {
			return nil, false, nil
		}
		p.clockOnly = true
	}
	return p, true, nil
}

// hold holds a conflict on field name, whose incoming version is v; a
// conflict already held with a version including v stays as it is, and one
// whose version v includes is replaced.
func (in *incoming) hold(p *recPlan, local *localRecord, name string, localValue, incomingValue any, v exchange.Vector) {
	for _, h := range local.held {
		if h.field == name && v.LessEq(h.clock) {
			return
		}
	}
	for _, h := range local.held {
		if h.field == name && h.clock.LessEq(v) {
			p.superseded = append(p.superseded, h.id)
		}
	}
	p.conflicts = append(p.conflicts, &conflictPlan{field: name, local: localValue, incoming: incomingValue, clock: v})
}

// settle notes the held conflicts of the record that its new versions
// include: the other side decided them, or changed the field again knowing
// both values.
func (p *recPlan) settle(local *localRecord) {
	gone := map[string]bool{}
	for _, id := range p.superseded {
		gone[id] = true
	}
	for _, h := range local.held {
		if !gone[h.id] && h.clock.LessEq(p.clock.Field(h.field)) {
			p.resolved = append(p.resolved, h.id)
		}
	}
}

// loadLocal reads record id as this ledger has it, with the conflicts held
// on it; found is false when it has no such record.
func loadLocal(ctx context.Context, q querier, x *exTable, cols []exColumn, id string) (r *localRecord, found bool, err error) {
	names := make([]string, len(cols))
	vals := make([]any, len(cols))
	r = &localRecord{values: map[string]any{}, links: map[string][]string{}}
	var stored string
	dest := []any{&r.deleted, &stored}
	for i, c := range cols {
		names[i] = c.name
		dest = append(dest, &vals[i])
	}
	err = q.QueryRowContext(ctx, fmt.Sprintf("SELECT coalesce(deleted_at, ''), coalesce(clock, ''), %s FROM %s WHERE id = ?",
		strings.Join(names, ", "), x.name), id).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: %s %s: %w", x.name, id, err)
	}
	for i, c := range cols {
		if b, ok := vals[i].([]byte); ok {
			vals[i] = string(b)
		}
		r.values[c.name] = vals[i]
	}
	if r.clock, err = exchange.ParseClock(stored); err != nil {
		return nil, false, err
	}
	for _, l := range x.links {
		list, err := queryStrings(ctx, q, fmt.Sprintf("SELECT %s FROM %s WHERE %s = ? ORDER BY %s", l.otherCol, l.table, l.ownerCol, l.otherCol), id)
		if err != nil {
			return nil, false, err
		}
		r.links[l.table] = list
	}
	err = eachRow(ctx, q, "conflicts", "SELECT id, field, incoming_clock FROM field_conflicts WHERE table_name = ? AND record_id = ? AND decided_at IS NULL",
		[]any{x.name, id}, func(row rowScanner) error {
			var h heldConflict
			var v string
			if err := row.Scan(&h.id, &h.field, &v); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(v), &h.clock); err != nil {
				return err
			}
			r.held = append(r.held, h)
			return nil
		})
	if err != nil {
		return nil, false, err
	}
	return r, true, nil
}

// knowledge is every change the record's fields include and those its held
// conflicts bring: this ledger has seen them all, taken or not.
func (r *localRecord) knowledge() exchange.Vector {
	k := r.clock.Knowledge()
	for _, h := range r.held {
		k = k.Merge(h.clock)
	}
	return k
}

func cloneClock(c exchange.Clock) exchange.Clock {
	out := exchange.Clock{Base: maps.Clone(c.Base)}
	for f, v := range c.Fields {
		out.Set(f, maps.Clone(v))
	}
	return out
}

func clocksEqual(a, b exchange.Clock) bool { return a.String() == b.String() }

// describe adds a planned record to the preview.
func (in *incoming) describe(p *recPlan) {
	item := data.FieldItem{Table: p.x.label, Title: p.title}
	for _, f := range p.take {
		item.Fields = append(item.Fields, fieldLabel(p.x.name, f.col))
	}
	for _, l := range sortedKeys(p.takeLinks) {
		item.Fields = append(item.Fields, fieldLabel(p.x.name, l))
	}
	switch {
	case p.insert:
		in.preview.Added = append(in.preview.Added, item)
	case p.takeDeleted != nil && *p.takeDeleted != "" && p.before[exchange.DeletedField] == "":
		in.preview.Deleted = append(in.preview.Deleted, item)
	case len(item.Fields) > 0 || p.takeDeleted != nil && *p.takeDeleted == "":
		if p.takeDeleted != nil && *p.takeDeleted == "" {
			item.Fields = append(item.Fields, "恢复（取消删除）")
		}
		in.preview.Changed = append(in.preview.Changed, item)
	}
	for _, c := range p.conflicts {
		in.preview.Conflicts = append(in.preview.Conflicts, data.FieldConflict{
			Table: p.x.name, RecordID: p.ch.ID, Field: c.field, TableLabel: p.x.label, FieldLabel: fieldLabel(p.x.name, c.field),
			Title: p.title, Local: showValue(c.field, c.local), Incoming: showValue(c.field, c.incoming),
			IncomingBy: p.ch.UpdatedBy, IncomingOn: p.ch.Device, IncomingAt: changeTime(p.ch.UpdatedAt), Package: in.m.Describe(),
		})
	}
}
