package store

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"xiaoneng/data"
	"xiaoneng/data/exchange"
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
		if a.User.IdentityAccess != data.KeyNone || !a.User.LockedUntil.IsZero() || !a.User.LastSignIn.IsZero() {
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

// The office's packages carry its field accounts: on the laptop they sign
// in with their office password, hold only the roles of field work and no
// key; a user disabled in the office is disabled on the laptop by the next
// package. No package carries a sealed identity or a plain one: a complaint
// to verify goes out with its masks only, and nothing of it, nor of the
// audit rows that travel, names the complainant.
func TestFieldAccountsTravel(t *testing.T) {
	ctx := context.Background()
	office := newTestDB(t)
	addTestUser(t, office, "ducha", "督查甲", data.InspectorRole)
	addTestUser(t, office, "shouli", "受理丙", data.ClerkRole)
	signInAs(t, office, "ceshi")
	unit := svUnit(t, office, "县市场监督管理局", data.UnitDepartment)
	round := svRound(t, office, "2026年第四季度明察暗访", svDay(2026, 10, 1), unit)
	c := &data.Complaint{ReceivedAt: svAt(2026, 11, 2, 9), Channel: data.ChannelPhone, UnitID: unit.ID,
		Complainant: data.Complainant{Name: "欧阳秀英", Phone: "13987654321", IDNumber: "530102198001011234", Address: "城关镇解放路12号"},
		Category:    "事难办", Subject: "多次往返", Content: "办理登记被要求补充材料三次。"}
	plain := c.Complainant // RegisterComplaint leaves c masked
	if _, err := office.RegisterComplaint(ctx, c); err != nil {
		t.Fatal(err)
	}
	// waiting to be verified on site: such complaints go out with the round
	if _, err := office.writer.Exec("UPDATE complaints SET status = ? WHERE id = ?", string(data.StatusVerifying), c.ID); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "出库.xnpkg")
	m, err := office.WritePackageForLaptop(ctx, FieldOut{Rounds: []string{round.ID}, Laptop: "外勤笔记本-1", Path: out, Cipher: testCipher})
	if err != nil {
		t.Fatal(err)
	}
	var logins []string
	for _, a := range m.Accounts {
		logins = append(logins, a.Login+":"+strings.Join(a.Roles, ","))
	}
	if got := strings.Join(logins, " "); got != "ceshi:督查员,外勤 ducha:督查员" {
		t.Errorf("accounts carried: %s", got)
	}
	wantNoIdentity(t, out, c.ID, plain, "complainant_name_mask")

	opt := testOptions
	opt.Device = "laptop-1"
	field, _, err := CreateFieldLedger(ctx, filepath.Join(dir, "外勤台账.db"), out, testCipher, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer field.Close()
	var se *data.SignInError
	if _, err := field.SignIn(ctx, "ducha", "wrong-password-1"); !errors.As(err, &se) {
		t.Errorf("a wrong password on the laptop: %v", err)
	}
	if _, err := field.SignIn(ctx, "shouli", testPassword); !errors.As(err, &se) {
		t.Errorf("a 受理员 on the laptop: %v", err)
	}
	u, err := field.SignIn(ctx, "ducha", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if u.IdentityAccess != data.KeyNone || u.May(data.PermReveal) {
		t.Errorf("ducha on the laptop: %+v", u)
	}
	masked, err := field.Complaint(ctx, c.ID)
	if err != nil || masked.Complainant.Name != "欧***" || masked.Complainant.Phone != "139****4321" {
		t.Errorf("the complaint on the laptop: %+v (%v)", masked.Complainant, err)
	}
	if _, err := field.RevealComplainant(ctx, c.ID); err == nil {
		t.Error("the laptop revealed a complainant")
	}

	// disabled in the office, then a refreshed package
	signInAs(t, office, "ceshi")
	gone, err := office.UserByLogin(ctx, "ducha")
	if err != nil {
		t.Fatal(err)
	}
	gone.Active = false
	if err := office.UpdateUser(ctx, gone); err != nil {
		t.Fatal(err)
	}
	more := filepath.Join(dir, "补充.xnpkg")
	if _, err := office.WritePackageForLaptop(ctx, FieldOut{Rounds: []string{round.ID}, Laptop: "外勤笔记本-1", Path: more, Cipher: testCipher}); err != nil {
		t.Fatal(err)
	}
	if _, err := field.ImportPackage(ctx, more, testCipher); err != nil {
		t.Fatal(err)
	}
	if _, err := field.SignIn(ctx, "ducha", testPassword); !errors.As(err, &se) || se.Reason != data.SignInDisabled {
		t.Errorf("ducha disabled in the office signs in on the laptop: %v", err)
	}
	signInAs(t, field, "ceshi")
	back := filepath.Join(dir, "交回.xnpkg")
	if _, err := field.WriteReturnPackage(ctx, back, testCipher); err != nil {
		t.Fatal(err)
	}
	wantNoIdentity(t, back, c.ID, plain, "")
}

// wantNoIdentity fails unless the package at path holds nothing of the
// complainant of complaint id but the masks (and holds the column mask of the
// complaint, if named).
func wantNoIdentity(t *testing.T, path, id string, plain data.Complainant, mask string) {
	t.Helper()
	pkg, err := exchange.Open(path, testCipher)
	if err != nil {
		t.Fatal(err)
	}
	defer pkg.Close()
	var all strings.Builder
	sawMask := false
	err = pkg.Changes(func(ch *exchange.Change) error {
		if _, ok := ch.Fields["complainant_sealed"]; ok {
			t.Errorf("%s carries a sealed identity", ch.ID)
		}
		if _, ok := ch.Fields[mask]; ok && ch.ID == id {
			sawMask = true
		}
		b, err := json.Marshal(ch)
		all.Write(b)
		return err
	})
	if err == nil {
		err = pkg.Audit(func(r *exchange.AuditRow) error {
			b, err := json.Marshal(r)
			all.Write(b)
			return err
		})
	}
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(pkg.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	all.Write(b)
	for _, s := range []string{plain.Name, plain.Phone, plain.IDNumber, plain.Address} {
		if strings.Contains(all.String(), s) {
			t.Errorf("%s holds %q", filepath.Base(path), s)
		}
	}
	if mask != "" && !sawMask {
		t.Errorf("%s does not carry the complaint with its masks", filepath.Base(path))
	}
}
