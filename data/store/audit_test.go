package store

import (
	"context"
	"strings"
	"testing"

	"xiaoneng/data"
)

// chainProblems is what Check says of the audit chain.
func chainProblems(t *testing.T, db *DB) []string {
	t.Helper()
	problems, err := db.Check(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range problems {
		if strings.HasPrefix(p.Found, "审计日志") {
			out = append(out, p.Found)
		}
	}
	return out
}

// auditLedger is a ledger with a dozen audit rows, single and bulk.
func auditLedger(t *testing.T) *DB {
	t.Helper()
	ctx := context.Background()
	db := newTestDB(t)
	for _, name := range []string{"县财政局", "县税务局", "县公安局"} {
		if err := db.CreateUnit(ctx, &data.Unit{Name: name, Category: data.UnitDepartment}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ImportUnits(ctx, []*data.Unit{{Name: "县教育局", Category: data.UnitDepartment}, {Name: "县卫健委", Category: data.UnitDepartment}},
		ImportOptions{Rows: []int{2, 3}}); err != nil {
		t.Fatal(err)
	}
	if got := chainProblems(t, db); len(got) != 0 {
		t.Fatalf("a sound chain: %v", got)
	}
	return db
}

func exec(t *testing.T, db *DB, q string, args ...any) {
	t.Helper()
	if _, err := db.writer.Exec(q, args...); err != nil {
		t.Fatal(err)
	}
}

func wantChain(t *testing.T, db *DB, what string, words ...string) {
	t.Helper()
	got := chainProblems(t, db)
	if len(got) == 0 {
		t.Fatalf("%s: check found nothing", what)
	}
	for _, w := range words {
		if !strings.Contains(got[0], w) {
			t.Errorf("%s: check says %q, want it to say %q", what, got[0], w)
		}
	}
}

// The chain check names the first row changed, removed or inserted behind
// the program's back.
func TestAuditChainCatchesTampering(t *testing.T) {
	t.Run("edited", func(t *testing.T) {
		db := auditLedger(t)
		exec(t, db, "UPDATE audit_log SET actor = 'someone' WHERE id = 4")
		wantChain(t, db, "an edited row", "第4条", "someone", "被修改")
	})
	t.Run("edited content", func(t *testing.T) {
		db := auditLedger(t)
		exec(t, db, `UPDATE audit_log SET after = replace(after, '县税务局', '县地税局') WHERE after LIKE '%县税务局%'`)
		wantChain(t, db, "a changed value", "被修改")
	})
	t.Run("deleted", func(t *testing.T) {
		db := auditLedger(t)
		exec(t, db, "DELETE FROM audit_log WHERE id = 5")
		wantChain(t, db, "a deleted row", "第4条", "第6条", "之间的记录被删除")
	})
	t.Run("first deleted", func(t *testing.T) {
		db := auditLedger(t)
		exec(t, db, "DELETE FROM audit_log WHERE id = 1")
		wantChain(t, db, "the first row deleted", "第2条", "之前的记录被删除")
	})
	t.Run("inserted with its hashes", func(t *testing.T) {
		// Rows renumbered to make room, and the forged row given what its
		// hashes would be: the row after it no longer links to it.
		db := auditLedger(t)
		exec(t, db, "UPDATE audit_log SET id = -id WHERE id > 5")
		exec(t, db, "UPDATE audit_log SET id = 1 - id WHERE id < 0")
		var prev []byte
		if err := db.writer.QueryRow("SELECT hash FROM audit_log WHERE id = 5").Scan(&prev); err != nil {
			t.Fatal(err)
		}
		forged := auditRow{id: 6, at: "2026-11-21T09:00:00.000+08:00", actor: "ceshi", device: "test-pc", table: "complaints", recordID: "x", action: "查看身份", prevHash: prev}
		forged.hash = forged.chained(db.suite, prev)
		exec(t, db, "INSERT INTO audit_log ("+auditRowColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, ?, ?)",
			forged.id, forged.at, forged.actor, forged.device, forged.table, forged.recordID, forged.action, forged.prevHash, forged.hash)
		wantChain(t, db, "an inserted row", "第6条", "查看身份", "是插入的")
	})
	t.Run("inserted without hashes", func(t *testing.T) {
		db := auditLedger(t)
		exec(t, db, "INSERT INTO audit_log (id, at, actor, device, table_name, record_id, action) SELECT max(id) + 1, '2026-11-21T09:00:00.000+08:00', 'ceshi', 'pc', 'complaints', 'x', '查看身份' FROM audit_log")
		wantChain(t, db, "a row written with SQL", "没有校验值")
	})
	t.Run("later rows still checked", func(t *testing.T) {
		db := auditLedger(t)
		exec(t, db, "UPDATE audit_log SET actor = 'a' WHERE id = 3")
		exec(t, db, "UPDATE audit_log SET actor = 'b' WHERE id = 6")
		if got := chainProblems(t, db); len(got) != 2 || !strings.Contains(got[1], "第6条") {
			t.Errorf("two edits: %v", got)
		}
	})
}

// The chain's end, for an office to write down with each backup.
func TestAuditChainHead(t *testing.T) {
	ctx := context.Background()
	db := auditLedger(t)
	head, err := db.AuditChainHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := db.reader.QueryRow("SELECT count(*) FROM audit_log").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if head.Rows != n || head.LastID != n || len(head.Hash) != 19 || !strings.Contains(head.String(), "校验值 "+head.Hash) {
		t.Errorf("head %+v (%s) of %d rows", head, head, n)
	}
	if err := db.CreateUnit(ctx, &data.Unit{Name: "县水利局", Category: data.UnitDepartment}); err != nil {
		t.Fatal(err)
	}
	if next, err := db.AuditChainHead(ctx); err != nil || next.Hash == head.Hash || next.Rows != n+1 {
		t.Errorf("after a change: %+v, %v", next, err)
	}
}

// The 审计日志: filters by user, record and kind, newest first.
func TestAuditLogFilters(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	c := f.register(t, "2026-11-02 09:00")
	addTestUser(t, f.db, "lisi", "李四", data.LeaderRole)
	signInAs(t, f.db, "lisi")
	if _, err := f.db.RevealComplainant(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.db.LogExport(ctx, "complaints", false); err != nil {
		t.Fatal(err)
	}
	list, err := f.db.AuditLog(ctx, data.AuditFilter{Actor: "lisi"})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range list {
		actions = append(actions, string(e.Action))
	}
	if !strings.HasPrefix(strings.Join(actions, ","), "导出,查看身份,登录,") {
		t.Errorf("lisi's rows, newest first: %v", actions)
	}
	for kind, want := range map[data.AuditKind]int{data.KindReveal: 1, data.KindExport: 1, data.KindPrint: 0} {
		if n, err := f.db.CountAudit(ctx, data.AuditFilter{Actor: "lisi", Kind: kind}); err != nil || n != want {
			t.Errorf("%s: %d rows (%v), want %d", kind, n, err, want)
		}
	}
	if n, err := f.db.CountAudit(ctx, data.AuditFilter{Table: "complaints", RecordID: c.ID, Kind: data.KindChange}); err != nil || n != 1 {
		t.Errorf("the complaint's changes: %d (%v)", n, err)
	}
	if n, err := f.db.CountAudit(ctx, data.AuditFilter{From: day("2030-01-01")}); err != nil || n != 0 {
		t.Errorf("rows after today: %d (%v)", n, err)
	}
	if list[1].ActorName != "李四" {
		t.Errorf("actor name %q", list[1].ActorName)
	}
}
