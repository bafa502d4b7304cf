package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"strconv"
	"strings"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/exchange"
)

// PreviewPackage tells what importing the package at path would do, with
// the conflicts it would hold for a person, without writing a byte.
func (db *DB) PreviewPackage(ctx context.Context, path string, c exchange.Cipher) (*data.FieldPreview, error) {
	pkg, err := exchange.Open(path, c)
	if err != nil {
		return nil, err
	}
	defer pkg.Close()
	p, err := db.exchangePermission(ctx)
	if err != nil {
		return nil, err
	}
	var pv *data.FieldPreview
	err = db.read(ctx, p, func(q *sql.Tx) error {
		in, err := admit(ctx, q, &pkg.Manifest)
		if err != nil {
			return err
		}
		if pv = in.preview; in.preview.Imported {
			return nil
		}
		if err := in.plan(ctx, q, pkg); err != nil {
			return err
		}
		pv = in.preview
		return nil
	})
	return pv, err
}

// ImportPackage imports the package at path in one transaction: every
// change that does not conflict is applied, each conflict is held for a
// person (the ledger's value stays until decided), the files new to the
// ledger are stored once each, and the other side's history is added. A
// package already imported changes nothing and says so. Whatever is refused
// leaves the ledger as it was. The automatic backup before a field import
// is made first.
func (db *DB) ImportPackage(ctx context.Context, path string, c exchange.Cipher) (*data.FieldPreview, error) {
	pkg, err := exchange.Open(path, c)
	if err != nil {
		return nil, err
	}
	defer pkg.Close()
	p, err := db.exchangePermission(ctx)
	if err != nil {
		return nil, err
	}
	in, err := db.admitRead(ctx, p, &pkg.Manifest)
	if err != nil || in.preview.Imported {
		return in.previewOrNil(), err
	}
	// The ledger is copied aside before the package writes anything: a
	// package whose import turns out to be unwanted is undone by restoring
	// it (设置 → 备份与恢复).
	if _, err := db.backupBefore(ctx, BackupBeforeFieldImport); err != nil {
		return nil, err
	}
	var pv *data.FieldPreview
	err = db.write(ctx, p, func(t *tx) error {
		var err error
		pv, err = t.importPackage(pkg, path)
		return err
	})
	if err != nil {
		return nil, err
	}
	return pv, nil
}

// admitRead checks a package against the ledger before a write starts.
func (db *DB) admitRead(ctx context.Context, p data.Permission, m *exchange.Manifest) (*incoming, error) {
	var in *incoming
	err := db.read(ctx, p, func(q *sql.Tx) error {
		var err error
		in, err = admit(ctx, q, m)
		return err
	})
	return in, err
}

func (in *incoming) previewOrNil() *data.FieldPreview {
	if in == nil {
		return nil
	}
	return in.preview
}

// importPackage admits, plans and applies pkg in the transaction, and
// tells what it did.
func (t *tx) importPackage(pkg *exchange.Package, path string) (*data.FieldPreview, error) {
	in, err := admit(t.ctx, t.Tx, &pkg.Manifest)
	if err != nil || in.preview.Imported {
		return in.previewOrNil(), err
	}
	// Records arrive parents first, but a unit may point at one later in
	// the package: references are checked when the import commits.
	if _, err := t.ExecContext(t.ctx, t.db.dialect.deferForeignKeys()); err != nil {
		return nil, fmt.Errorf("store: import: %w", err)
	}
	if err := in.plan(t.ctx, t.Tx, pkg); err != nil {
		return nil, err
	}
	// An older package after a newer one finds nothing new: nothing is
	// written, not even its record.
	if in.preview.Stale && len(in.records) == 0 && len(in.files) == 0 && in.audit == 0 {
		return in.preview, nil
	}
	if err := in.apply(t, pkg, path); err != nil {
		return nil, err
	}
	return in.preview, nil
}

// incoming is a package admitted to a ledger: who sent it, and the plan
// of what it changes.
type incoming struct {
	m        *exchange.Manifest
	checkout *checkout // nil for a new field ledger's first package
	field    bool      // this ledger is a field ledger
	reps     *replicaNumbers
	self     string
	preview  *data.FieldPreview
	records  []*recPlan
	files    []string // hashes to store
	audit    int      // the other side's audit rows to add
}

// admit refuses a package this ledger must not import, with the sentence
// that says why, and tells whether it was imported already.
func admit(ctx context.Context, q querier, m *exchange.Manifest) (*incoming, error) {
	in := &incoming{m: m, preview: &data.FieldPreview{Package: m.Describe(), Laptop: m.Checkout.Laptop, Seq: m.Seq, Created: m.CreatedAt}}
	in.preview.From = "主台账“" + m.Office.Name + "”"
	if !m.Kind.FromOffice() {
		in.preview.From = "外勤笔记本“" + m.Checkout.Laptop + "”"
	}
	if m.SchemaVersion > LatestVersion() {
		return nil, &data.PackageError{Message: fmt.Sprintf("此外勤包由更新版本的效能台账写出（数据结构版本%d，本程序%d），请先升级本程序再导入。", m.SchemaVersion, LatestVersion())}
	}
	var err error
	if in.self, err = ledgerID(ctx, q); err != nil {
		return nil, err
	}
	fc, laptop, err := fieldCheckout(ctx, q)
	if err != nil {
		return nil, err
	}
	refuse := func(format string, args ...any) (*incoming, error) {
		return nil, &data.PackageError{Message: fmt.Sprintf(format, args...)}
	}
	if laptop {
		in.field, in.checkout = true, fc
		switch {
		case !m.Kind.FromOffice():
			return refuse("这是外勤笔记本“%s”写出的交回包，应在主台账上导入；外勤台账只导入主台账发来的包。", m.Checkout.Laptop)
		case m.Office.LedgerID != fc.officeID:
			return refuse("此包来自另一个主台账（%s），不是本外勤台账所属的主台账（%s）。", m.Office.Name, fc.OfficeName)
		case m.Checkout.ID != fc.ID:
			return refuse("此包是主台账发给“%s”的，本外勤台账属于“%s”，不能导入。", m.Checkout.Laptop, fc.Laptop)
		case m.To != "" && m.To != in.self:
			return refuse("此包是发给另一个外勤台账的（“%s”的出库包建过两个外勤台账），不能导入。", m.Checkout.Laptop)
		}
	} else {
		switch {
		case m.Office.LedgerID != in.self && m.Kind.FromOffice():
			return refuse("此包是主台账“%s”发给外勤笔记本的，应在外勤台账上导入（新建外勤台账用“打开外勤包”）。", m.Office.Name)
		case m.Office.LedgerID != in.self:
			return refuse("此包属于另一个主台账（%s）的外勤笔记本“%s”，不是本台账出库的，不能导入。", m.Office.Name, m.Checkout.Laptop)
		case m.Kind.FromOffice():
			return refuse("这是本台账写给“%s”的%s包，应在外勤台账上导入。", m.Checkout.Laptop, m.Kind)
		}
		c, err := scanCheckout(q.QueryRowContext(ctx, "SELECT "+checkoutColumns+" FROM field_checkouts WHERE id = ? AND role = 'office'", m.Checkout.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return refuse("本台账没有外勤笔记本“%s”这次出库的记录，不能导入此包。", m.Checkout.Laptop)
		}
		if err != nil {
			return nil, fmt.Errorf("store: checkout: %w", err)
		}
		if c.peer != "" && c.peer != m.From.LedgerID {
			return refuse("此包来自另一个外勤台账：外勤笔记本“%s”的出库包被用来建了两个外勤台账，只能交回其中先交回的那一个。", m.Checkout.Laptop)
		}
		in.checkout = c
	}
	var at time.Time
	err = q.QueryRowContext(ctx, "SELECT at FROM field_packages WHERE id = ? AND direction = '导入'", m.ID).Scan(scanTime{&at})
	switch {
	case err == nil:
		in.preview.Imported, in.preview.ImportedAt = true, at
	case !errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("store: packages: %w", err)
	}
	in.preview.Stale = m.Seq <= in.checkout.peerSeq
	if in.reps, err = loadReplicas(ctx, q); err != nil {
		return nil, err
	}
	return in, nil
}

// apply carries out the plan in the transaction.
func (in *incoming) apply(t *tx, pkg *exchange.Package, path string) error {
	m := in.m
	// The ledgers the package names get their numbers here.
	numbers := map[string]string{}
	for _, id := range m.Replicas {
		n, err := t.replicaNumber(in.reps, id)
		if err != nil {
			return err
		}
		numbers["?"+id] = n
	}
	fix := func(c exchange.Clock) (exchange.Clock, error) {
		return c.Remap(func(k string) (string, error) {
			if n, ok := numbers[k]; ok {
				return n, nil
			}
			return k, nil
		})
	}
	fixVector := func(v exchange.Vector) exchange.Vector {
		out := exchange.Vector{}
		for k, n := range v {
			if r, ok := numbers[k]; ok {
				k = r
			}
			out[k] = n
		}
		return out
	}
	from := m.From.LedgerID
	for _, p := range in.records {
		clock, err := fix(p.clock)
		if err != nil {
			return err
		}
		if p.clockOnly {
			if err := t.mergeClock(p.x.name, p.ch.ID, clock); err != nil {
				return err
			}
		} else if len(p.take) > 0 || len(p.takeLinks) > 0 || p.takeDeleted != nil || p.insert {
			err := t.putRecord(put{table: p.x.name, id: p.ch.ID, insert: p.insert, createdAt: p.ch.CreatedAt,
				fields: p.take, before: p.before, links: p.takeLinks, deleted: p.takeDeleted, clock: clock,
				updatedAt: p.ch.UpdatedAt, updatedBy: p.ch.UpdatedBy, device: p.ch.Device, origin: from, masks: p.x.masked})
			if err != nil {
				return explainConstraint(err, p)
			}
		} else if !clocksEqual(clock, p.clock) || len(p.conflicts) > 0 || len(p.resolved) > 0 {
			if err := t.mergeClock(p.x.name, p.ch.ID, clock); err != nil {
				return err
			}
		}
		for _, c := range p.conflicts {
			if err := t.holdConflict(m, p, c, fixVector(c.clock)); err != nil {
				return err
			}
		}
		for _, id := range p.superseded {
			if err := t.closeConflict(id, "对方后来又改了，以新的冲突为准"); err != nil {
				return err
			}
		}
		for _, id := range p.resolved {
			if err := t.closeConflict(id, "对方已处理（其新值已包含两边的版本）"); err != nil {
				return err
			}
		}
	}
	for _, sha := range in.files {
		if err := t.storeFile(pkg, sha); err != nil {
			return err
		}
	}
	c := in.checkout
	auditPeer := c.auditPeer
	err := pkg.Audit(func(r *exchange.AuditRow) error {
		if r.ID <= c.auditPeer {
			return nil
		}
		auditPeer = max(auditPeer, r.ID)
		return t.auditRow(auditEntry{at: r.At, actor: r.Actor, device: r.Device, table: r.Table, id: r.RecordID, action: r.Action,
			rawBefore: r.Before, rawAfter: r.After, origin: from, originID: r.ID})
	})
	if err != nil {
		return err
	}
	if in.field {
		if err := t.takeSettings(pkg); err != nil {
			return err
		}
		if err := t.takeAccounts(pkg.Manifest.Accounts); err != nil {
			return err
		}
	}
	summary := maps.Clone(c.peerSummary)
	if summary == nil {
		summary = map[string]int64{}
	}
	for k, n := range m.Summary {
		i, _ := strconv.Atoi(k)
		id := m.Replicas[i]
		summary[id] = max(summary[id], n)
		if id == in.self {
			continue
		}
		if _, err := t.exec("UPDATE replicas SET seen = max(seen, ?) WHERE ledger_id = ?", n, id); err != nil {
			return fmt.Errorf("store: replicas: %w", err)
		}
	}
	b, err := json.Marshal(summary)
	if err != nil {
		return fmt.Errorf("store: checkout: %w", err)
	}
	_, err = t.exec(`UPDATE field_checkouts SET peer = coalesce(peer, ?), peer_seq = max(peer_seq, ?), acked_seq = max(acked_seq, ?),
		audit_acked = max(audit_acked, ?), audit_peer = ?, peer_summary = ? WHERE id = ?`,
		from, m.Seq, m.Ack.Seq, m.Ack.Audit, auditPeer, string(b), c.ID)
	if err != nil {
		return fmt.Errorf("store: checkout: %w", err)
	}
	if in.field && m.Seq > c.peerSeq {
		// A newer package of the office says which rounds the laptop has
		// now: those added since, or a round made for units taken out.
		rounds, err := json.Marshal(m.Checkout.Rounds)
		if err != nil {
			return fmt.Errorf("store: checkout: %w", err)
		}
		if _, err := t.exec("UPDATE field_checkouts SET rounds = ? WHERE id = ?", string(rounds), c.ID); err != nil {
			return fmt.Errorf("store: checkout: %w", err)
		}
	}
	if !in.field {
		// Whatever the laptop sent, it has.
		for _, p := range in.records {
			_, err := t.exec(`INSERT INTO field_checkout_records (checkout_id, table_name, record_id, seq) VALUES (?, ?, ?, 0)
				ON CONFLICT (checkout_id, table_name, record_id) DO UPDATE SET seq = 0`, c.ID, p.x.name, p.ch.ID)
			if err != nil {
				return fmt.Errorf("store: checkout records: %w", err)
			}
		}
	}
	return t.notePackage(c.ID, m, "导入", path, in.previewSummary())
}

// previewSummary says in words what an import did.
func (in *incoming) previewSummary() string {
	pv := in.preview
	if pv.Nothing() {
		return "没有新内容"
	}
	return fmt.Sprintf("新增%d条，修改%d条，删除%d条，冲突%d处，照片和附件%d个", len(pv.Added), len(pv.Changed), len(pv.Deleted), len(pv.Conflicts), pv.Files)
}

// holdConflict writes a conflict for a person.
func (t *tx) holdConflict(m *exchange.Manifest, p *recPlan, c *conflictPlan, clock exchange.Vector) error {
	enc := func(v any) (any, error) {
		b, err := json.Marshal(v)
		return string(b), err
	}
	lv, err := enc(c.local)
	if err != nil {
		return fmt.Errorf("store: conflict: %w", err)
	}
	iv, err := enc(c.incoming)
	if err != nil {
		return fmt.Errorf("store: conflict: %w", err)
	}
	cv, err := json.Marshal(clock)
	if err != nil {
		return fmt.Errorf("store: conflict: %w", err)
	}
	id := newID()
	_, err = t.exec(`INSERT INTO field_conflicts (id, raised_at, package_id, table_name, record_id, field, local_value, incoming_value,
		incoming_clock, incoming_by, incoming_device, incoming_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, t.nowText(), m.ID, p.x.name, p.ch.ID, c.field, lv, iv, string(cv), p.ch.UpdatedBy, p.ch.Device, p.ch.UpdatedAt)
	if err != nil {
		return fmt.Errorf("store: conflict: %w", err)
	}
	return nil
}

// closeConflict ends a held conflict with the reason.
func (t *tx) closeConflict(id, decision string) error {
	_, err := t.exec("UPDATE field_conflicts SET decided_at = ?, decided_by = ?, decision = ? WHERE id = ? AND decided_at IS NULL",
		t.nowText(), t.actor, decision, id)
	if err != nil {
		return fmt.Errorf("store: conflict: %w", err)
	}
	return nil
}

// storeFile stores a file of the package under its hash, read as it
// streams; one file at a time is in memory.
func (t *tx) storeFile(pkg *exchange.Package, sha string) error {
	rc, size, err := pkg.File(sha)
	if err != nil {
		return err
	}
	defer rc.Close()
	b := make([]byte, size)
	if _, err := io.ReadFull(rc, b); err != nil {
		return &data.PackageError{Message: "外勤包中的照片或附件无法读完，包已损坏。"}
	}
	if _, err := t.exec("INSERT INTO blobs(sha256, size, data) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", sha, size, b); err != nil {
		return fmt.Errorf("store: file %s: %w", sha, err)
	}
	return nil
}

// takeSettings makes a field ledger's settings the office's.
func (t *tx) takeSettings(pkg *exchange.Package) error {
	raw, err := pkg.Settings()
	if err != nil || raw == nil {
		return err
	}
	s := data.DefaultSettings()
	if err := json.Unmarshal(raw, &s); err != nil {
		return &data.PackageError{Message: "外勤包中的设置格式不对，包已损坏。"}
	}
	return t.saveSettings(s)
}

// explainConstraint turns a record the ledger's rules refuse (a unit of
// the same name) into a sentence naming it.
func explainConstraint(err error, p *recPlan) error {
	if strings.Contains(err.Error(), "UNIQUE constraint failed") {
		return &data.PackageError{Message: fmt.Sprintf("外勤包中的%s“%s”与本台账已有的记录重复（如同名的在用单位），没有导入任何内容；请在外勤台账中改名或撤并后重新交回。", p.x.label, p.title)}
	}
	return err
}

// checkUnique refuses, before anything is written, a unit that would share
// its name with another active unit (the registry's one rule of unique
// names both sides can break; numbers are the office's alone).
func checkUnique(ctx context.Context, q querier, p *recPlan) error {
	if p.x.name != "units" {
		return nil
	}
	final := func(col string) any {
		for _, f := range p.take {
			if f.col == col {
				return f.val
			}
		}
		if p.insert {
			return nil
		}
		var v any
		if err := q.QueryRowContext(ctx, "SELECT "+col+" FROM units WHERE id = ?", p.ch.ID).Scan(&v); err != nil {
			return nil
		}
		return v
	}
	deleted := p.ch.DeletedAt != ""
	if p.takeDeleted == nil && !p.insert {
		var d sql.NullString
		if err := q.QueryRowContext(ctx, "SELECT deleted_at FROM units WHERE id = ?", p.ch.ID).Scan(&d); err != nil {
			return fmt.Errorf("store: unit %s: %w", p.ch.ID, err)
		}
		deleted = d.Valid
	}
	if deleted || fmt.Sprint(final("status")) != string(data.UnitActive) {
		return nil
	}
	var n int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM units WHERE name = ? AND status = ? AND deleted_at IS NULL AND id != ?",
		final("name"), string(data.UnitActive), p.ch.ID).Scan(&n); err != nil {
		return fmt.Errorf("store: unit names: %w", err)
	}
	if n > 0 {
		return &data.PackageError{Message: fmt.Sprintf("外勤包中的单位“%v”与本台账已有的在用单位同名，没有导入任何内容；请在其中一边改名或撤并后重新交回。", final("name"))}
	}
	return nil
}
