package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"xiaoneng/data"
	"xiaoneng/data/exchange"
)

// FieldOut is an office's 出库: rounds, or units, going out to a laptop.
type FieldOut struct {
	Rounds []string // round ids
	// Units are units taken out one by one rather than with a round: the
	// checkout puts them on a round of its own (see unitsRound), on which
	// the laptop's work there hangs.
	Units  []string
	Laptop string // the laptop's name: 外勤笔记本-1
	Path   string // the package file to write
	Cipher exchange.Cipher
}

// Validate refuses a 出库 without a laptop's name, or with neither a round
// nor a unit, before the passphrase and the file are asked for.
func (out FieldOut) Validate() error {
	switch {
	case strings.TrimSpace(out.Laptop) == "":
		return data.Invalid("Laptop", "请填写外勤笔记本的名称，如“外勤笔记本-1”")
	case len(out.Rounds)+len(out.Units) == 0:
		return data.Invalid("Rounds", "请选择要带出的督查活动或单位")
	}
	return nil
}

// WritePackageForLaptop writes, in an office ledger, the package for a
// laptop (出库): the rounds, the units taken out one by one, and everything
// the field needs of them (see checkoutScope). For a laptop already out
// (its checkout still open) it is a refreshed package (补充) with everything
// the laptop is not known to have, the rounds and units given joining those
// it has.
func (db *DB) WritePackageForLaptop(ctx context.Context, out FieldOut) (*exchange.Manifest, error) {
	out.Laptop = strings.TrimSpace(out.Laptop)
	if err := out.Validate(); err != nil {
		return nil, err
	}
	var id string
	err := db.write(ctx, data.PermSupervision, func(t *tx) error {
		if err := t.officeOnly("出库"); err != nil {
			return err
		}
		var rounds []exchange.RoundRef
		for _, rid := range sortedUnique(out.Rounds) {
			var title string
			err := t.queryRow("SELECT title FROM rounds WHERE id = ? AND deleted_at IS NULL", rid).Scan(&title)
			if errors.Is(err, sql.ErrNoRows) {
				return data.Invalid("Rounds", "所选督查活动已删除或不存在")
			}
			if err != nil {
				return fmt.Errorf("store: round: %w", err)
			}
			rounds = append(rounds, exchange.RoundRef{ID: rid, Title: title})
		}
		units := sortedUnique(out.Units)
		if err := t.checkLive("units", units, "Units", "所选单位中有已删除或不存在的单位"); err != nil {
			return err
		}
		c, err := scanCheckout(t.queryRow("SELECT "+checkoutColumns+" FROM field_checkouts WHERE role = 'office' AND laptop = ? AND closed_at IS NULL", out.Laptop))
		var before []exchange.RoundRef
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return fmt.Errorf("store: checkout: %w", err)
		default:
			id, before = c.ID, c.roundRefs()
		}
		all := slices.Clone(before)
		for _, r := range rounds {
			if !slices.ContainsFunc(all, func(x exchange.RoundRef) bool { return x.ID == r.ID }) {
				all = append(all, r)
			}
		}
		if len(units) > 0 {
			if all, err = t.unitsRound(out.Laptop, all, units); err != nil {
				return err
			}
		}
		if id == "" {
			return t.newCheckout(&id, out.Laptop, all)
		}
		if len(all) == len(before) {
			return nil
		}
		b, err := json.Marshal(all)
		if err != nil {
			return fmt.Errorf("store: checkout: %w", err)
		}
		if _, err := t.exec("UPDATE field_checkouts SET rounds = ? WHERE id = ?", string(b), id); err != nil {
			return fmt.Errorf("store: checkout: %w", err)
		}
		return t.audit("field_checkouts", id, data.AuditUpdate, map[string]any{"rounds": before}, map[string]any{"rounds": all})
	})
	if err != nil {
		return nil, err
	}
	return db.writePackage(ctx, data.PermSupervision, id, out.Path, out.Cipher)
}

// unitsRound puts units taken out one by one (按单位出库) on the checkout's
// own round, made here when the checkout has none yet. A visit needs a
// round, and the office's 督查活动 are its plan and its statistics (how many
// 明察暗访, 回访复查 a quarter): so the office makes it, in the transaction
// of the checkout, rather than the laptop inventing one in the field. It is
// on the 督查检查 screen from the start, a 回访复查 from today (what a laptop
// going to units rather than on a round mostly does: re-check open
// findings, verify complaints), open until the checkout ends; it may be
// renamed or given another kind or team like any round. Units taken out
// later for the same laptop join it.
func (t *tx) unitsRound(laptop string, refs []exchange.RoundRef, units []string) ([]exchange.RoundRef, error) {
	for i := len(refs) - 1; i >= 0; i-- {
		if !refs[i].ForUnits {
			continue
		}
		var live bool
		if err := t.queryRow("SELECT EXISTS (SELECT 1 FROM rounds WHERE id = ? AND deleted_at IS NULL)", refs[i].ID).Scan(&live); err != nil {
			return nil, fmt.Errorf("store: round: %w", err)
		}
		if !live { // deleted in the office: a new one takes its place
			break
		}
		have, err := t.links("round_units", "round_id", "unit_id", refs[i].ID)
		if err != nil {
			return nil, err
		}
		return refs, t.setLinks("round_units", "round_id", "unit_id", "rounds", refs[i].ID, append(have, units...))
	}
	today := data.DateOf(t.now)
	r := &data.Round{Title: fmt.Sprintf("%s%s按单位出库", today.Chinese(), laptop), Kind: data.RoundFollowUp, Start: today,
		Description: "按单位出库时建立：带出的单位在外勤中的检查、复查和核实记在这个督查活动下；结束出库时填上结束日期。",
		UnitIDs:     units}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if err := t.insert("rounds", &r.Record, roundFields(r)); err != nil {
		return nil, err
	}
	if err := t.saveRoundLinks(r); err != nil {
		return nil, err
	}
	return append(refs, exchange.RoundRef{ID: r.ID, Title: r.Title, ForUnits: true}), nil
}

// newCheckout starts a laptop's checkout. The office's history before it
// stays home: only audit rows written after it travel.
func (t *tx) newCheckout(id *string, laptop string, rounds []exchange.RoundRef) error {
	*id = newID()
	self, err := ledgerID(t.ctx, t.Tx)
	if err != nil {
		return err
	}
	s, err := readSettings(t.ctx, t.Tx)
	if err != nil {
		return err
	}
	var lastAudit int64
	if err := t.queryRow("SELECT coalesce(max(id), 0) FROM audit_log").Scan(&lastAudit); err != nil {
		return fmt.Errorf("store: checkout: %w", err)
	}
	b, err := json.Marshal(rounds)
	if err != nil {
		return fmt.Errorf("store: checkout: %w", err)
	}
	_, err = t.exec(`INSERT INTO field_checkouts (id, role, created_at, created_by, office_id, office_name, laptop, rounds, audit_acked)
		VALUES (?, 'office', ?, ?, ?, ?, ?, ?, ?)`, *id, t.nowText(), t.actor, self, s.OfficeName, laptop, string(b), lastAudit)
	if err != nil {
		return fmt.Errorf("store: checkout: %w", err)
	}
	return t.audit("field_checkouts", *id, data.AuditInsert, nil, map[string]any{"laptop": laptop, "rounds": rounds})
}

// WriteReturnPackage writes, in a field ledger, the package that goes back
// to the office (交回): everything the office is not known to have.
func (db *DB) WriteReturnPackage(ctx context.Context, path string, c exchange.Cipher) (*exchange.Manifest, error) {
	fc, laptop, err := fieldCheckout(ctx, db.reader)
	if err != nil {
		return nil, err
	}
	if !laptop {
		return nil, &data.StateError{Action: "交回", Reason: "这是主台账，不是外勤台账：主台账用“出库”给外勤笔记本写包"}
	}
	return db.writePackage(ctx, data.PermFieldWork, fc.ID, path, c)
}

// writePackage writes the next package of a checkout for the other side:
// its number is taken first; the records are read from one snapshot; what
// it carried is recorded once the file is complete. A package that failed
// leaves its number unused, which costs nothing: packages are cumulative.
func (db *DB) writePackage(ctx context.Context, p data.Permission, checkoutID, path string, cipher exchange.Cipher) (*exchange.Manifest, error) {
	var seq int64
	err := db.write(ctx, p, func(t *tx) error {
		return t.queryRow("UPDATE field_checkouts SET sent_seq = sent_seq + 1 WHERE id = ? RETURNING sent_seq", checkoutID).Scan(&seq)
	})
	if err != nil {
		return nil, fmt.Errorf("store: package number: %w", err)
	}
	w, err := exchange.Create(path, cipher)
	if err != nil {
		return nil, err
	}
	var m *exchange.Manifest
	var sent scope
	err = db.read(ctx, p, func(q *sql.Tx) error {
		var err error
		m, sent, err = db.fillPackage(ctx, q, w, checkoutID, seq)
		return err
	})
	if err == nil {
		err = w.Finish(m)
	} else {
		err = errors.Join(err, w.Abort())
	}
	if err != nil {
		return nil, err
	}
	err = db.write(ctx, p, func(t *tx) error { return t.recordSent(checkoutID, m, sent, path) })
	if err != nil {
		return nil, errors.Join(err, os.Remove(path))
	}
	return m, nil
}

// fillPackage writes into w what the other side of the checkout is not
// known to have, and returns the manifest and what was sent.
func (db *DB) fillPackage(ctx context.Context, q querier, w *exchange.Writer, checkoutID string, seq int64) (*exchange.Manifest, scope, error) {
	c, err := scanCheckout(q.QueryRowContext(ctx, "SELECT "+checkoutColumns+" FROM field_checkouts WHERE id = ?", checkoutID))
	if err != nil {
		return nil, nil, fmt.Errorf("store: checkout %s: %w", checkoutID, err)
	}
	reps, err := loadReplicas(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	m := &exchange.Manifest{ID: uuid.NewString(), Seq: seq, CreatedAt: db.now(), To: c.peer,
		Office:   exchange.Office{LedgerID: c.officeID, Name: c.OfficeName, Suite: db.suite.Name()},
		Checkout: exchange.Checkout{ID: c.ID, Laptop: c.Laptop, Rounds: c.roundRefs()},
		From:     exchange.Sender{LedgerID: reps.self(), Device: db.device, Actor: db.Actor()},
		Replicas: reps.ids, Summary: exchange.Vector{},
		Ack: exchange.Ack{Seq: c.peerSeq, Audit: c.auditPeer}}
	held, err := heldCaps(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	for i, n := range reps.seen {
		if c, ok := held[strconv.Itoa(i+1)]; ok {
			n = min(n, c)
		}
		m.Summary[strconv.Itoa(i)] = n
	}
	var candidates scope
	known := map[string]map[string]bool{}
	if c.Field {
		m.Kind = exchange.KindBack
		candidates = scope{}
		for _, x := range exchangeTables {
			ids, err := queryStrings(ctx, q, "SELECT id FROM "+x.name)
			if err != nil {
				return nil, nil, err
			}
			candidates.add(x.name, ids...)
		}
	} else {
		m.Kind, m.Full = exchange.KindMore, c.ackedSeq == 0 && c.peerSeq == 0
		if seq == 1 {
			m.Kind = exchange.KindOut
		}
		rounds := make([]string, len(c.Rounds))
		for i, r := range c.Rounds {
			rounds[i] = r.ID
		}
		if candidates, err = checkoutScope(ctx, q, rounds, db.today()); err != nil {
			return nil, nil, err
		}
		if m.Accounts, err = accountsOut(ctx, q); err != nil {
			return nil, nil, err
		}
		// What the laptop has (sent and acknowledged, or its own) goes on
		// being kept up to date even when it no longer belongs to the rounds.
		err := eachRow(ctx, q, "checkout records", "SELECT table_name, record_id, seq FROM field_checkout_records WHERE checkout_id = ?", []any{c.ID},
			func(r rowScanner) error {
				var table, id string
				var s int64
				if err := r.Scan(&table, &id, &s); err != nil {
					return err
				}
				candidates.add(table, id)
				if s <= c.ackedSeq {
					if known[table] == nil {
						known[table] = map[string]bool{}
					}
					known[table][id] = true
				}
				return nil
			})
		if err != nil {
			return nil, nil, err
		}
	}
	peerHas := reps.local(c.peerSummary)
	sent := scope{}
	var files []string
	for _, x := range exchangeTables {
		err := db.eachChange(ctx, q, x, candidates.list(x.name), !c.Field, func(ch *exchange.Change, clock exchange.Clock) error {
			// Sent unless the other side is known to have the record and
			// every change of it.
			// (The office has every record a laptop has ever had: only the
			// knowledge matters going back.)
			if (c.Field || known[x.name][ch.ID]) && clock.Knowledge().LessEq(peerHas) {
				return nil
			}
			remapped, err := clock.Remap(func(n string) (string, error) {
				k, err := strconv.Atoi(n)
				if err != nil || k < 1 || k > len(reps.ids) {
					return "", fmt.Errorf("store: %s %s: clock names replica %q", x.name, ch.ID, n)
				}
				return strconv.Itoa(k - 1), nil
			})
			if err != nil {
				return err
			}
			ch.Clock = remapped
			sent.add(x.name, ch.ID)
			// A deleted attachment's bytes go too: its record needs them, and
			// a person may keep it after all.
			if x.name == "attachments" {
				if sha, ok := ch.Fields["sha256"].(string); ok {
					files = append(files, sha)
				}
			}
			return w.Change(ch)
		})
		if err != nil {
			return nil, nil, err
		}
	}
	if err := writeAudit(ctx, q, w, c, candidates); err != nil {
		return nil, nil, err
	}
	if !c.Field {
		var raw string
		err := q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", settingsKey).Scan(&raw)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, nil, fmt.Errorf("store: settings: %w", err)
		}
		if raw != "" {
			if err := w.Settings([]byte(raw)); err != nil {
				return nil, nil, err
			}
		}
	}
	for _, sha := range sortedUnique(files) {
		var b []byte
		if err := q.QueryRowContext(ctx, "SELECT data FROM blobs WHERE sha256 = ?", sha).Scan(&b); err != nil {
			return nil, nil, fmt.Errorf("store: file %s: %w", sha, err)
		}
		if err := w.File(sha, bytes.NewReader(b)); err != nil {
			return nil, nil, err
		}
	}
	return m, sent, nil
}

// heldCaps bounds what a summary may claim while conflicts wait: a held
// conflict's incoming version has changes this ledger has seen but not
// taken into the record. Claiming them would keep the other side from
// sending the version that later includes them (its own merge, say), and
// the conflict would never see it. So the summary claims of each ledger
// only what the held fields' own versions include.
func heldCaps(ctx context.Context, q querier) (map[string]int64, error) {
	// The held fields are read first, their records after: the server
	// answers one query at a time on a connection.
	type held struct {
		table, id, field string
		in               exchange.Vector
	}
	list, err := queryList(ctx, q, "conflicts", func(r rowScanner) (held, error) {
		var h held
		var raw string
		if err := r.Scan(&h.table, &h.id, &h.field, &raw); err != nil {
			return h, err
		}
		if exchangeByName[h.table] == nil {
			return h, fmt.Errorf("conflict on %s", h.table)
		}
		return h, json.Unmarshal([]byte(raw), &h.in)
	}, "SELECT table_name, record_id, field, incoming_clock FROM field_conflicts WHERE decided_at IS NULL")
	if err != nil {
		return nil, err
	}
	caps := map[string]int64{}
	for _, h := range list {
		var stored string
		if err := q.QueryRowContext(ctx, "SELECT coalesce(clock, '') FROM "+h.table+" WHERE id = ?", h.id).Scan(&stored); err != nil {
			return nil, fmt.Errorf("store: conflicts: %w", err)
		}
		clock, err := exchange.ParseClock(stored)
		if err != nil {
			return nil, fmt.Errorf("store: conflicts: %w", err)
		}
		have := clock.Field(h.field)
		for k, n := range h.in {
			if n > have[k] {
				if c, ok := caps[k]; !ok || have[k] < c {
					caps[k] = have[k]
				}
			}
		}
	}
	return caps, nil
}

// eachChange reads the records ids of table x and hands each to fn as a
// change with its clock (by this ledger's numbers). Going out of the
// office, masked columns carry their masks; going back, they stay behind.
func (db *DB) eachChange(ctx context.Context, q querier, x *exTable, ids []string, fromOffice bool, fn func(*exchange.Change, exchange.Clock) error) error {
	cols, err := x.columns(ctx, q)
	if err != nil {
		return err
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	const chunk = 2000
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		links := map[string]map[string][]string{}
		for _, l := range x.links {
			links[l.table] = map[string][]string{}
			err := eachRow(ctx, q, l.table, fmt.Sprintf("SELECT %s, %s FROM %s WHERE %s IN %s ORDER BY %s", l.ownerCol, l.otherCol, l.table, l.ownerCol, inList, l.otherCol),
				[]any{jsonList(part)}, func(r rowScanner) error {
					var owner, other string
					if err := r.Scan(&owner, &other); err != nil {
						return err
					}
					links[l.table][owner] = append(links[l.table][owner], other)
					return nil
				})
			if err != nil {
				return err
			}
		}
		query := fmt.Sprintf("SELECT id, created_at, updated_at, updated_by, device, coalesce(deleted_at, ''), coalesce(clock, ''), %s FROM %s WHERE id IN %s ORDER BY id",
			strings.Join(names, ", "), x.name, inList)
		err := eachRow(ctx, q, x.name, query, []any{jsonList(part)}, func(r rowScanner) error {
			ch := &exchange.Change{Table: x.name, Fields: make(map[string]any, len(cols))}
			var stored string
			vals := make([]any, len(cols))
			dest := []any{&ch.ID, &ch.CreatedAt, &ch.UpdatedAt, &ch.UpdatedBy, &ch.Device, &ch.DeletedAt, &stored}
			for i := range vals {
				dest = append(dest, &vals[i])
			}
			if err := r.Scan(dest...); err != nil {
				return err
			}
			for i, c := range cols {
				v := vals[i]
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				if mask := x.masked[c.name]; mask != nil {
					if !fromOffice {
						continue
					}
					if s, ok := v.(string); ok {
						v = mask(s)
					}
				}
				ch.Fields[c.name] = v
			}
			if len(x.links) > 0 {
				ch.Links = map[string][]string{}
				for _, l := range x.links {
					ch.Links[l.table] = append([]string{}, links[l.table][ch.ID]...)
				}
			}
			clock, err := exchange.ParseClock(stored)
			if err != nil {
				return err
			}
			return fn(ch, clock)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// writeAudit adds this ledger's own audit rows of the records the other
// side shares that it does not have yet: the history travels with them.
func writeAudit(ctx context.Context, q querier, w *exchange.Writer, c *checkout, shared scope) error {
	var tables []string
	for _, x := range exchangeTables {
		tables = append(tables, x.name)
	}
	return eachRow(ctx, q, "audit", `SELECT id, at, actor, device, table_name, record_id, action, coalesce(before, ''), coalesce(after, '')
		FROM audit_log WHERE origin IS NULL AND id > ? AND table_name IN `+inList+` ORDER BY id`, []any{c.auditAcked, jsonList(tables)},
		func(r rowScanner) error {
			var a exchange.AuditRow
			var before, after string
			if err := r.Scan(&a.ID, &a.At, &a.Actor, &a.Device, &a.Table, &a.RecordID, &a.Action, &before, &after); err != nil {
				return err
			}
			if !shared[a.Table][a.RecordID] {
				return nil
			}
			if before != "" {
				a.Before = json.RawMessage(before)
			}
			if after != "" {
				a.After = json.RawMessage(after)
			}
			return w.Audit(&a)
		})
}

// recordSent notes, once a package is complete, what it carried: the
// records the laptop will have once it imports it.
func (t *tx) recordSent(checkoutID string, m *exchange.Manifest, sent scope, path string) error {
	if !m.Kind.FromOffice() {
		return t.notePackage(checkoutID, m, "写出", path, describeCounts(m))
	}
	for _, x := range exchangeTables {
		for _, id := range sent.list(x.name) {
			_, err := t.exec(`INSERT INTO field_checkout_records (checkout_id, table_name, record_id, seq) VALUES (?, ?, ?, ?)
				ON CONFLICT DO NOTHING`, checkoutID, x.name, id, m.Seq)
			if err != nil {
				return fmt.Errorf("store: checkout records: %w", err)
			}
		}
	}
	return t.notePackage(checkoutID, m, "写出", path, describeCounts(m))
}

// notePackage records a package written or imported, with its audit row:
// records leaving the ledger, or coming in, are on its record.
func (t *tx) notePackage(checkoutID string, m *exchange.Manifest, direction, path, summary string) error {
	_, err := t.exec(`INSERT INTO field_packages (id, checkout_id, direction, kind, seq, at, actor, file, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, checkoutID, direction, string(m.Kind), m.Seq, t.nowText(), t.actor, path, summary)
	if err != nil {
		return fmt.Errorf("store: package: %w", err)
	}
	action := data.AuditPackageOut
	if direction == "导入" {
		action = data.AuditPackageIn
	}
	return t.audit("field_packages", m.ID, action, nil, map[string]any{"package": m.Describe(), "file": path, "summary": summary})
}

// describeCounts says what a package holds: 检查记录12条，照片5张.
func describeCounts(m *exchange.Manifest) string {
	var parts []string
	for _, x := range exchangeTables {
		if n := m.Counts.Records[x.name]; n > 0 && x.name != "attachments" {
			parts = append(parts, fmt.Sprintf("%s%d条", x.label, n))
		}
	}
	if n := m.Counts.Records["attachments"]; n > 0 {
		parts = append(parts, fmt.Sprintf("照片和附件%d个", n))
	}
	if len(parts) == 0 {
		return "没有新内容"
	}
	return strings.Join(parts, "，")
}
