package store

import (
	"encoding/json"
	"fmt"
	"path/filepath"

	"xiaoneng/data"
	"xiaoneng/data/exchange"
)

// send writes a package from side to side to and keeps it for delivery.
func (w *propWorld) send(from, to int) *opkg {
	p := &opkg{path: filepath.Join(w.dir, fmt.Sprintf("p%d-%d-%d.xnpkg", len(w.pkgs), from, to)), from: from, to: to, state: map[string]*orec{}}
	db := w.dbs[from]
	var err error
	if from == 0 {
		out := FieldOut{Laptop: w.laptop[to], Path: p.path, Cipher: testCipher}
		if w.unitOut[to] != "" {
			out.Units = []string{w.unitOut[to]}
		} else {
			out.Rounds = []string{w.rounds[to]}
		}
		var m *exchange.Manifest
		m, err = db.WritePackageForLaptop(w.ctx, out)
		if err == nil && w.unitOut[to] != "" {
			// the round the 出库 made for the unit, the same every time
			if len(m.Checkout.Rounds) != 1 || !m.Checkout.Rounds[0].ForUnits || w.rounds[to] != "" && w.rounds[to] != m.Checkout.Rounds[0].ID {
				w.t.Fatalf("a unit's checkout: %+v", m.Checkout)
			}
			w.rounds[to] = m.Checkout.Rounds[0].ID
			w.inScope[to][w.rounds[to]] = true
		}
		for k := range w.scope(to) {
			if r := w.sides[0].recs[k]; r != nil {
				p.state[k] = r.clone()
				w.known[to][k] = true
			}
		}
	} else {
		_, err = db.WriteReturnPackage(w.ctx, p.path, testCipher)
		for k, r := range w.sides[from].recs {
			p.state[k] = r.clone()
		}
	}
	if err != nil {
		w.t.Fatal(err)
	}
	w.pkgs = append(w.pkgs, p)
	return p
}

// deliver imports a random package written before: any of them, the newest
// or an old one, one imported already or not.
func (w *propWorld) deliver() {
	if len(w.pkgs) == 0 {
		return
	}
	p := w.pkgs[w.rng.IntN(len(w.pkgs))]
	w.importPackage(p)
}

func (w *propWorld) importPackage(p *opkg) *data.FieldPreview {
	pv, err := w.dbs[p.to].ImportPackage(w.ctx, p.path, testCipher)
	if err != nil {
		w.t.Fatalf("import %s: %v", p.path, err)
	}
	// A package imported before says so, or (an old one, which changed
	// nothing and so was not recorded) that it brings nothing new.
	if p.imported && !pv.Imported && !(pv.Stale && pv.Nothing()) || !p.imported && pv.Imported {
		w.t.Fatalf("import %s: imported before %v, says %+v", p.path, p.imported, pv)
	}
	// A package the ledger did not record (an old one that brought nothing)
	// is imported afresh: merging it again is the oracle's part too.
	if !pv.Imported {
		w.merge(p.to, p)
		p.imported = true
		if p.to == 0 {
			for k := range p.state {
				w.known[p.from][k] = true
			}
		}
	}
	w.check(p.to, p.path)
	return pv
}

// merge is the oracle's import: the sender's whole state, field by field.
func (w *propWorld) merge(to int, p *opkg) {
	side := w.sides[to]
	for _, k := range sortedKeys(p.state) {
		in := p.state[k]
		local := side.recs[k]
		if local == nil {
			side.recs[k] = in.clone()
			continue
		}
		before := local.clone()
		held := w.heldOn(to, k)
		w.log = append(w.log, fmt.Sprintf("merge into %d from %d (%s): %s\n local %v\n incoming %v", to, p.from, p.path, k, before.fields, in.fields))
		var newInfo []string
		for _, f := range propFields[in.table] {
			i, l := in.fields[f], before.fields[f]
			if i.d == nil {
				i = in.fields[propDel] // never changed: the creation's version
				i.val = ""
			}
			switch {
			case subset(i.d, l.d):
			case subset(l.d, i.d):
				local.fields[f] = in.fields[f].clone()
				newInfo = append(newInfo, f)
			case i.val == l.val:
				local.fields[f] = ofield{val: l.val, d: union(i.d, l.d)}
				newInfo = append(newInfo, f)
			default:
				w.hold(side, k, f, in.fields[f].val, in.fields[f].d)
				newInfo = append(newInfo, f)
			}
		}
		i, l := in.fields[propDel], before.fields[propDel]
		inDel, locDel := i.val != "", l.val != ""
		switch {
		case subset(i.d, l.d):
			if locDel && !inDel {
				edit := ovec{}
				for _, f := range newInfo {
					if d := in.fields[f].d; !subset(d, l.d) && !subset(l.d, d) {
						edit = union(edit, in.fields[f].d)
					}
				}
				if len(edit) > 0 {
					w.hold(side, k, propDel, "", edit)
				}
			}
		case subset(l.d, i.d):
			if inDel && !locDel && !subset(union(before.knowledge(), held), i.d) {
				w.hold(side, k, propDel, "x", i.d)
				break
			}
			local.fields[propDel] = i.clone()
		case inDel == locDel:
			local.fields[propDel] = ofield{val: l.val, d: union(i.d, l.d)}
		default:
			d := i.d
			for _, f := range newInfo {
				d = union(d, in.fields[f].d)
			}
			w.hold(side, k, propDel, i.val, d)
		}
		w.settle(side, k, local)
	}
}

func (w *propWorld) hold(side *oside, k, field, val string, d ovec) {
	for _, h := range side.held {
		if h.key == k && h.field == field && subset(d, h.d) {
			return
		}
	}
	kept := side.held[:0]
	for _, h := range side.held {
		if !(h.key == k && h.field == field && subset(h.d, d)) {
			kept = append(kept, h)
		}
	}
	side.held = append(kept, &oheld{key: k, field: field, val: val, d: d})
}

// settle ends the held conflicts a record's versions now include.
func (w *propWorld) settle(side *oside, k string, r *orec) {
	kept := side.held[:0]
	for _, h := range side.held {
		if h.key == k && subset(h.d, r.fields[h.field].d) {
			continue
		}
		kept = append(kept, h)
	}
	side.held = kept
}

// heldOn is every write the conflicts held on a record bring.
func (w *propWorld) heldOn(side int, k string) ovec {
	out := ovec{}
	for _, h := range w.sides[side].held {
		if h.key == k {
			out = union(out, h.d)
		}
	}
	return out
}

// decide decides a random held conflict on side, as a person would.
func (w *propWorld) decide(side int) {
	db := w.dbs[side]
	list, err := db.Conflicts(w.ctx)
	if err != nil {
		w.t.Fatal(err)
	}
	if len(list) == 0 {
		return
	}
	i := w.rng.IntN(len(list))
	w.decideOne(side, list, i, w.rng.IntN(3))
}

// decideOne decides conflict i of the list a ledger gives; the ledger and
// the oracle hold their conflicts in the order raised.
func (w *propWorld) decideOne(side int, list []data.FieldConflict, i int, choice int) {
	db := w.dbs[side]
	o := w.sides[side]
	c := list[i]
	k := key(c.Table, c.RecordID)
	// The j-th conflict of the same field with the same incoming value is
	// the oracle's j-th such.
	incoming := func(c data.FieldConflict) string {
		var raw, v string
		if err := db.reader.QueryRowContext(w.ctx, "SELECT incoming_value FROM field_conflicts WHERE id = ?", c.ID).Scan(&raw); err != nil {
			w.t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			w.t.Fatal(err)
		}
		if c.Field == propDel && v != "" {
			v = "x"
		}
		return v
	}
	val0 := incoming(c)
	j := 0
	for _, x := range list[:i] {
		if x.Table == c.Table && x.RecordID == c.RecordID && x.Field == c.Field && incoming(x) == val0 {
			j++
		}
	}
	var h *oheld
	for _, x := range o.held {
		if x.key == k && x.field == c.Field && x.val == val0 {
			if j == 0 {
				h = x
				break
			}
			j--
		}
	}
	if h == nil {
		w.t.Fatalf("side %d holds %+v, the oracle does not", side, c)
	}
	r := o.recs[k]
	n := w.tick(side)
	val := w.write(side, n, k, c.Field)
	cur := r.fields[c.Field]
	d := union(cur.d, h.d, ovec{side: n})
	switch {
	case c.Field == propDel:
		d = union(r.knowledge(), w.heldOn(side, k), ovec{side: n})
		choice %= 2
	case !r.live():
		d = union(d, r.fields[propDel].d)
	}
	var err error
	switch choice {
	case 0:
		err = db.DecideConflict(w.ctx, c.ID, data.KeepLocal, "")
		val = cur.val
	case 1:
		err = db.DecideConflict(w.ctx, c.ID, data.TakeIncoming, "")
		val = h.val
	default:
		err = db.DecideConflict(w.ctx, c.ID, data.EditValue, val)
		w.values[val] = true
	}
	if err != nil {
		w.t.Fatal(err)
	}
	r.fields[c.Field] = ofield{val: val, d: d}
	kept := o.held[:0]
	for _, x := range o.held {
		if x == h || (x.key == k && x.field == c.Field && subset(x.d, d)) {
			continue
		}
		kept = append(kept, x)
	}
	o.held = kept
	w.check(side, "decision")
}
