package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"xiaoneng/data"
	"xiaoneng/data/seal"
)

// A field ledger carries the accounts of the users who work in the field,
// with their password hashes (which check the office password) and
// nothing of keys, grants or lock-outs; a disabled one without a hash.
// Someone who may not take rounds out is refused.
func TestFieldAccounts(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t) // 测试员 (ceshi): every role, so a 督查员 too
	addTestUser(t, db, "ducha", "督查甲", data.InspectorRole)
	addTestUser(t, db, "waiqin", "外勤乙", data.FieldRole)
	addTestUser(t, db, "shouli", "受理丙", data.ClerkRole)
	addTestUser(t, db, "lingdao", "领导丁", data.LeaderRole, data.InspectorRole)
	addTestUser(t, db, "tingyong", "停用戊", data.FieldRole)
	gone, err := db.UserByLogin(ctx, "tingyong")
	if err != nil {
		t.Fatal(err)
	}
	gone.Active = false
	if err := db.UpdateUser(ctx, gone); err != nil {
		t.Fatal(err)
	}

	list, err := db.FieldAccounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var logins []string
	for _, a := range list {
		logins = append(logins, a.User.Login)
		if a.User.Key != data.KeyNone || !a.User.LockedUntil.IsZero() || !a.User.LastSignIn.IsZero() {
			t.Errorf("%s carries key or sign-in state: %+v", a.User.Login, a.User)
		}
		if !a.User.Active {
			if a.PasswordHash != "" {
				t.Errorf("disabled %s carries a password hash", a.User.Login)
			}
			continue
		}
		h, err := seal.ParsePasswordHash(a.PasswordHash)
		if err != nil {
			t.Fatalf("%s: %v", a.User.Login, err)
		}
		if _, ok := h.Check(testPassword, db.suite.KeySize()); !ok {
			t.Errorf("%s's hash does not check the office password", a.User.Login)
		}
	}
	if got := strings.Join(logins, ","); got != "ceshi,ducha,lingdao,tingyong,waiqin" {
		t.Errorf("field accounts %s", got)
	}
	// The data key's holders here hold grants the accounts do not carry.
	var grants int
	if err := db.reader.QueryRowContext(ctx, "SELECT count(*) FROM key_grants g JOIN users u ON u.id = g.user_id WHERE u.login IN ('ceshi', 'lingdao')").Scan(&grants); err != nil || grants != 2 {
		t.Fatalf("the test cannot fail: %d grants (%v)", grants, err)
	}

	signInAs(t, db, "shouli")
	var pe *data.PermissionError
	if _, err := db.FieldAccounts(ctx); !errors.As(err, &pe) || !strings.Contains(data.UserMessage(err), "督查员") {
		t.Errorf("a 受理员 asks for field accounts: %v", err)
	}
}
