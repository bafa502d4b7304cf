package store

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"xiaoneng/data"
)

// The 审计日志's text filter finds a word in who acted (login or name),
// the record and what the row records; its wildcards are plain text.
func TestAuditLogTextFilter(t *testing.T) {
	ctx := context.Background()
	db := auditLedger(t)
	addTestUser(t, db, "lisi", "李四", data.LeaderRole)
	signInAs(t, db, "ceshi")
	count := func(text string, kind data.AuditKind) int {
		t.Helper()
		n, err := db.CountAudit(ctx, data.AuditFilter{Text: text, Kind: kind})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count("县税务局", data.KindChange); n != 1 {
		t.Errorf("县税务局: %d rows", n)
	}
	if n := count("李四", data.KindSignIn); n == 0 || n != count("lisi", data.KindSignIn) {
		t.Errorf("李四's sign-in rows found by name %d, by login %d", n, count("lisi", data.KindSignIn))
	}
	if n := count("%", ""); n != 0 {
		t.Errorf("%% matches %d rows", n)
	}
	all, err := db.AuditLog(ctx, data.AuditFilter{Text: "县", Kind: data.KindChange})
	if err != nil || len(all) < 5 {
		t.Fatalf("县's changes: %d rows, %v", len(all), err)
	}
	// Pages of two, each below the last row of the page before, are the
	// whole list in turn, newest first.
	var paged []data.AuditEntry
	for before := int64(0); ; {
		page, err := db.AuditLog(ctx, data.AuditFilter{Text: "县", Kind: data.KindChange, Before: before, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		if len(page) > 2 || (before > 0 && page[0].ID >= before) {
			t.Fatalf("the page below %d: %+v", before, page)
		}
		paged = append(paged, page...)
		before = page[len(page)-1].ID
	}
	if !reflect.DeepEqual(paged, all) {
		t.Errorf("pages of 县's changes:\n%+v\nthe list:\n%+v", paged, all)
	}
	if n, err := db.CountAudit(ctx, data.AuditFilter{Text: "县", Kind: data.KindChange, Before: all[1].ID}); err != nil || n != len(all)-2 {
		t.Errorf("counted %d rows below the second of %d (%v)", n, len(all), err)
	}
	// EachAudit gives the same rows, every page, oldest first.
	var each []int64
	if err := db.EachAudit(ctx, data.AuditFilter{Text: "县", Kind: data.KindChange, Limit: 1}, func(e data.AuditEntry) error {
		each = append(each, e.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(each) != len(all) || len(all) < 5 || each[0] != all[len(all)-1].ID || each[len(each)-1] != all[0].ID {
		t.Errorf("EachAudit gave %v for %d rows", each, len(all))
	}
}

// VerifyAuditChain is for those who may read the log; it names a row
// changed behind the program's back.
func TestVerifyAuditChain(t *testing.T) {
	ctx := context.Background()
	db := auditLedger(t)
	if got, err := db.VerifyAuditChain(ctx); err != nil || len(got) != 0 {
		t.Fatalf("a sound chain: %v, %v", got, err)
	}
	addTestUser(t, db, "ducha", "督查甲", data.InspectorRole)
	signInAs(t, db, "ducha")
	var pe *data.PermissionError
	if _, err := db.VerifyAuditChain(ctx); !errors.As(err, &pe) || !strings.Contains(err.Error(), "只有管理员、领导可以查看审计日志") {
		t.Errorf("a 督查员: %v", err)
	}
	signInAs(t, db, "ceshi")
	exec(t, db, "UPDATE audit_log SET device = 'other' WHERE id = 2")
	if got, err := db.VerifyAuditChain(ctx); err != nil || len(got) != 1 || !strings.Contains(got[0], "第2条") || !strings.Contains(got[0], "被修改") {
		t.Errorf("a row changed: %v, %v", got, err)
	}
}

// An administrator lifts a lock-out without changing the password; the
// audit log says who did; a 督查员 may not, and a user not locked is left
// as is.
func TestUnlockUser(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	addTestUser(t, db, "wangwu", "王五", data.ClerkRole)
	addTestUser(t, db, "ducha", "督查甲", data.InspectorRole)
	for range data.MaxSignInFailures {
		db.SignIn(ctx, "wangwu", "wrong-pass1") //nolint:errcheck // each is refused: that is the point
	}
	signInAs(t, db, "ducha")
	before := ledgerCounts(t, db)
	var pe *data.PermissionError
	if err := db.UnlockUser(ctx, "wangwu"); !errors.As(err, &pe) || !strings.Contains(err.Error(), "只有管理员可以管理用户") {
		t.Errorf("a 督查员 unlocks: %v", err)
	}
	if after := ledgerCounts(t, db); !mapsEqual(before, after) {
		t.Errorf("a refusal changed the ledger: %v → %v", before, after)
	}
	signInAs(t, db, "ceshi")
	u, err := db.UserByLogin(ctx, "wangwu")
	if err != nil || !u.LockedUntil.After(db.Now()) {
		t.Fatalf("locked until %v (now %v), %v", u.LockedUntil, db.Now(), err)
	}
	if err := db.UnlockUser(ctx, "wangwu"); err != nil {
		t.Fatal(err)
	}
	if u, _ := db.UserByLogin(ctx, "wangwu"); !u.LockedUntil.IsZero() {
		t.Errorf("still locked until %v", u.LockedUntil)
	}
	log, err := db.AuditLog(ctx, data.AuditFilter{Actor: "ceshi", Kind: data.KindSignIn, Limit: 1})
	if err != nil || len(log) != 1 || log[0].Action != data.AuditUnlockUser || log[0].RecordID != u.ID {
		t.Errorf("the administrator's last sign-in row: %+v, %v", log, err)
	}
	rows := ledgerCounts(t, db)["audit_log"]
	if err := db.UnlockUser(ctx, "wangwu"); err != nil || ledgerCounts(t, db)["audit_log"] != rows {
		t.Errorf("unlocking a user not locked: %v, audit rows %d → %d", err, rows, ledgerCounts(t, db)["audit_log"])
	}
	// the lock's end passed: nothing to lift
	addTestUser(t, db, "zhaoliu", "赵六", data.ClerkRole)
	for range data.MaxSignInFailures {
		db.SignIn(ctx, "zhaoliu", "wrong-pass1") //nolint:errcheck // refused
	}
	signInAs(t, db, "ceshi")
	db.SetClock(func() time.Time { return fixedNow.Add(data.SignInLockout + time.Minute) })
	rows = ledgerCounts(t, db)["audit_log"]
	if err := db.UnlockUser(ctx, "zhaoliu"); err != nil || ledgerCounts(t, db)["audit_log"] != rows {
		t.Errorf("a lock that ended: %v", err)
	}
}
