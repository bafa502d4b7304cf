package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/seal"
)

// ledgerCounts is what a refused call must leave as it was: the rows of
// every table a call below might write, the audit log included.
func ledgerCounts(t *testing.T, db *DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"units", "people", "complaints", "rounds", "visits", "findings", "documents", "actions",
		"tasks", "appraisal_rounds", "settings", "users", "key_grants", "audit_log"} {
		var n int
		if err := db.reader.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

// The permission table holds through the store: a user in each role may do
// what the table gives the role and is refused the rest, with a sentence
// naming the roles that may, and a refusal changes nothing.
func TestPermissionTableThroughTheStore(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	docs := newDocFixture(t, db)
	f := &complaintFixture{db: db, unit: docs.unit.ID}
	complaint := f.register(t, "2026-11-02 09:00")
	draft := createDraft(t, db, docs.draft(data.DocNotice, "关于整改的通知"))
	rect := newRectFixture(t, db)
	for _, r := range data.Roles {
		addTestUser(t, db, "u"+strings.ToLower(string(rune('a'+slices.Index(data.Roles, r)))), string(r)+"甲", r)
	}
	calls := map[data.Permission]func(n int) error{
		data.PermRead: func(int) error { _, err := db.Units(ctx, data.UnitFilter{}); return err },
		data.PermRegistry: func(n int) error {
			return db.CreateUnit(ctx, &data.Unit{Name: "新单位" + string(rune('甲'+n)), Category: data.UnitDepartment})
		},
		data.PermComplaints: func(int) error {
			_, err := db.RegisterComplaint(ctx, &data.Complaint{ReceivedAt: tm("2026-11-03 09:00"), Channel: data.ChannelPhone,
				Complainant: data.Complainant{Anonymous: true}, UnitID: f.unit, Category: "事难办", Subject: "多次往返", Content: "多次往返。"})
			return err
		},
		data.PermReveal: func(int) error { _, err := db.RevealComplainant(ctx, complaint.ID); return err },
		data.PermSupervision: func(n int) error {
			return db.CreateRound(ctx, &data.Round{Title: "暗访" + string(rune('甲'+n)), Kind: data.RoundCovert, Start: svDay(2026, 11, 1)})
		},
		data.PermFieldWork: func(int) error {
			return db.AddFinding(ctx, &data.Finding{VisitID: rect.visit.ID, Category: "脱岗/纪律作风", Description: "窗口无人", Disposition: data.DispositionOnSite})
		},
		data.PermDocuments: func(int) error { return db.CreateDocument(ctx, docs.draft(data.DocNotice, "通知")) },
		data.PermSign: func(int) error {
			_, err := db.SignDocument(ctx, draft.ID, day("2026-11-20"), "李明")
			if errors.As(err, new(*data.StateError)) {
				return nil // signed already by a role before: allowed, refused for its state
			}
			return err
		},
		data.PermActions: func(int) error {
			return db.CreateAction(ctx, &data.Action{TargetKind: data.TargetUnit, UnitID: docs.unit.ID, Measure: "通报批评", DecidedOn: day("2026-11-18")})
		},
		data.PermTasks: func(n int) error {
			return db.CreateTask(ctx, &data.Task{Source: data.SourceStandingCommittee, Title: "督办事项" + string(rune('甲'+n)),
				Content: "按期完成。", LeadUnitID: f.unit, Due: day("2026-12-31"), Handler: "李明", RegisteredOn: day("2026-11-01")})
		},
		data.PermAppraisals: func(n int) error {
			return db.CreateAppraisal(ctx, &data.AppraisalRound{Title: "群众评议" + string(rune('甲'+n)), Kind: data.AppraisalPublic,
				From: day("2026-01-01"), To: day("2026-10-31"), HeldOn: day("2026-10-31")})
		},
		data.PermExport:   func(int) error { return db.LogExport(ctx, "units", false) },
		data.PermSettings: func(int) error { s, err := db.Settings(ctx); return errors.Join(err, db.SaveSettings(ctx, s)) },
		data.PermUsers: func(n int) error {
			return db.CreateUser(ctx, &data.User{Login: "new" + strconv.Itoa(n), Name: "新用户", Roles: []data.Role{data.FieldRole}}, testPassword)
		},
		data.PermBackup: func(n int) error { return db.Backup(ctx, filepath.Join(t.TempDir(), "备份.db")) },
		data.PermAudit:  func(int) error { _, err := db.AuditLog(ctx, data.AuditFilter{Limit: 10}); return err },
	}
	if len(calls) != len(data.Permissions) {
		t.Fatalf("%d permissions tried, the table has %d", len(calls), len(data.Permissions))
	}
	n := 0
	for i, r := range data.Roles {
		signInAs(t, db, "u"+string(rune('a'+i)))
		for _, p := range data.Permissions {
			n++
			before := ledgerCounts(t, db)
			err := calls[p](n)
			if p.Allows(r) {
				if err != nil {
					t.Errorf("%s may %s, but: %v", r, p, err)
				}
				continue
			}
			var pe *data.PermissionError
			if !errors.As(err, &pe) || pe.Permission != p {
				t.Errorf("%s may not %s, yet: %v", r, p, err)
				continue
			}
			if msg := data.UserMessage(err); !strings.HasPrefix(msg, "只有") || !strings.Contains(msg, string(p.Roles()[0])) || !strings.Contains(msg, string(r)+"甲") {
				t.Errorf("refusal of %s to %s: %q", r, p, msg)
			}
			if after := ledgerCounts(t, db); !mapsEqual(before, after) {
				t.Errorf("refusing %s to %s changed the ledger: %v → %v", r, p, before, after)
			}
		}
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// A 督查员 cannot reveal an identity, nor search by it.
func TestInspectorCannotReveal(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	c := f.register(t, "2026-11-02 09:00")
	addTestUser(t, f.db, "ducha", "督查甲", data.InspectorRole)
	signInAs(t, f.db, "ducha")
	before := ledgerCounts(t, f.db)
	_, err := f.db.RevealComplainant(ctx, c.ID)
	var pe *data.PermissionError
	if !errors.As(err, &pe) || data.UserMessage(err) != "只有受理员、领导可以查看、打印或导出投诉人身份（当前用户：督查甲（ducha））" {
		t.Fatalf("reveal by a 督查员: %v", err)
	}
	if !mapsEqual(before, ledgerCounts(t, f.db)) {
		t.Error("the refused reveal changed the ledger")
	}
	if list, err := f.db.Complaints(ctx, data.ComplaintFilter{Search: "张三丰"}); err != nil || len(list) != 0 {
		t.Errorf("a 督查员 found %d complaints by the complainant's name (%v)", len(list), err)
	}
	got, err := f.db.Complaint(ctx, c.ID)
	if err != nil || got.Complainant.Name != "张**" || got.Complainant.Phone != "138****5678" {
		t.Errorf("a 督查员 sees %+v (%v)", got.Complainant, err)
	}
}

func TestSignInRefusals(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	addTestUser(t, db, "wangwu", "王五", data.ClerkRole)
	var se *data.SignInError
	if _, err := db.SignIn(ctx, "nobody", testPassword); !errors.As(err, &se) || se.Reason != data.SignInWrong || err.Error() != "登录名或密码不正确" {
		t.Errorf("unknown login: %v", err)
	}
	if _, ok := db.User(); ok {
		t.Error("a refused sign-in left a session")
	}
	if _, err := db.Units(ctx, data.UnitFilter{}); !errors.Is(err, data.ErrNotSignedIn) {
		t.Errorf("without a session: %v", err)
	}
	// A disabled user cannot sign in.
	signInAs(t, db, "ceshi")
	u, err := db.UserByLogin(ctx, "wangwu")
	if err != nil {
		t.Fatal(err)
	}
	u.Active = false
	if err := db.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SignIn(ctx, "wangwu", testPassword); !errors.As(err, &se) || se.Reason != data.SignInDisabled || data.UserMessage(err) != "该用户已停用，请联系管理员" {
		t.Errorf("disabled user: %v", err)
	}
	// Disabling oneself, or the last administrator, is refused.
	signInAs(t, db, "ceshi")
	me, _ := db.User()
	me.Active = false
	if err := db.UpdateUser(ctx, &me); err == nil {
		t.Error("the administrator disabled themselves")
	}
	me.Active, me.Roles = true, []data.Role{data.ClerkRole}
	if err := db.UpdateUser(ctx, &me); !errors.Is(err, data.ErrLastAdmin) {
		t.Errorf("the last administrator's role taken: %v", err)
	}
	failures, err := db.AuditLog(ctx, data.AuditFilter{Kind: data.KindSignIn})
	if err != nil {
		t.Fatal(err)
	}
	var failed []string
	for _, e := range failures {
		if e.Action == data.AuditSignInFailed {
			failed = append(failed, e.Actor+":"+e.After["reason"].(string))
		}
	}
	if !slices.Equal(failed, []string{"wangwu:已停用", data.UnknownLogin + ":无此用户"}) {
		t.Errorf("failed sign-ins audited as %v", failed)
	}
	// a login no user has may be a password typed in the wrong box: the
	// audit log, which nothing deletes, does not keep it
	for _, e := range failures {
		if strings.Contains(fmt.Sprint(e.Actor, e.Before, e.After), "nobody") {
			t.Errorf("the audit log keeps the login typed: %+v", e)
		}
	}
}

// Five wrong passwords in a row lock the login for 15 minutes, even
// against the right password, for every program on the ledger.
func TestLockoutAfterFiveFailures(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	addTestUser(t, db, "wangwu", "王五", data.ClerkRole)
	now := fixedNow
	db.SetClock(func() time.Time { return now })
	var se *data.SignInError
	for i := 1; i <= 4; i++ {
		if _, err := db.SignIn(ctx, "wangwu", "wrong-pass1"); !errors.As(err, &se) || se.Left != 5-i {
			t.Fatalf("wrong password %d: %v", i, err)
		}
	}
	if _, err := db.SignIn(ctx, "wangwu", "wrong-pass1"); !errors.As(err, &se) || se.Reason != data.SignInLocked ||
		!strings.Contains(se.Error(), "请于10:15后再试") {
		t.Fatalf("fifth wrong password: %v", err)
	}
	if _, err := db.SignIn(ctx, "wangwu", testPassword); !errors.As(err, &se) || se.Reason != data.SignInLocked {
		t.Fatalf("right password while locked: %v", err)
	}
	// another program on the same file sees the lock
	other := openTestDBAt(t, db.Path())
	if _, err := other.SignIn(ctx, "wangwu", testPassword); !errors.As(err, &se) || se.Reason != data.SignInLocked {
		t.Errorf("another program: %v", err)
	}
	now = fixedNow.Add(data.SignInLockout + time.Second)
	if _, err := db.SignIn(ctx, "wangwu", testPassword); err != nil {
		t.Fatalf("after the lock: %v", err)
	}
	// the count starts again after a success
	for i := 1; i <= 4; i++ {
		if _, err := db.SignIn(ctx, "wangwu", "wrong-pass1"); !errors.As(err, &se) || se.Reason != data.SignInWrong {
			t.Fatalf("wrong password %d after the lock: %v", i, err)
		}
	}
	signInAs(t, db, "ceshi")
	log, err := db.AuditLog(ctx, data.AuditFilter{Actor: "wangwu", Kind: data.KindSignIn})
	if err != nil {
		t.Fatal(err)
	}
	var lockouts int
	for _, e := range log {
		if e.Action == data.AuditLockout {
			lockouts++
		}
	}
	if lockouts != 1 {
		t.Errorf("%d lock-outs audited, want 1: %+v", lockouts, log)
	}
}

// openTestDBAt opens a second handle on a ledger, nobody signed in.
func openTestDBAt(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(context.Background(), path, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	db.SetClock(func() time.Time { return fixedNow })
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}

// A password an administrator set lets the user do nothing but change it.
func TestMustChangeAdministratorsPassword(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	if err := db.CreateUser(ctx, &data.User{Login: "wangwu", Name: "王五", Roles: []data.Role{data.ClerkRole}}, "chushi-2026"); err != nil {
		t.Fatal(err)
	}
	u, err := db.SignIn(ctx, "wangwu", "chushi-2026")
	if err != nil || !u.MustChangePassword {
		t.Fatalf("sign in: %+v %v", u, err)
	}
	if _, err := db.Units(ctx, data.UnitFilter{}); !errors.Is(err, data.ErrMustChangePassword) {
		t.Errorf("before changing: %v", err)
	}
	if err := db.ChangePassword(ctx, "chushi-2026", "12345678"); !errors.As(err, new(*data.ValidationError)) {
		t.Errorf("a password of one kind: %v", err)
	}
	if err := db.ChangePassword(ctx, "wrong-2026", "xin-mima-2026"); !errors.Is(err, data.ErrWrongPassword) {
		t.Errorf("wrong old password: %v", err)
	}
	if err := db.ChangePassword(ctx, "chushi-2026", "xin-mima-2026"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Units(ctx, data.UnitFilter{}); err != nil {
		t.Errorf("after changing: %v", err)
	}
	if _, err := db.SignIn(ctx, "wangwu", "chushi-2026"); err == nil {
		t.Error("the old password still signs in")
	}
	if u, err := db.SignIn(ctx, "wangwu", "xin-mima-2026"); err != nil || u.MustChangePassword {
		t.Errorf("new password: %+v %v", u, err)
	}
}

// A password change encrypts the user's own private key again, under the
// new password's key, and touches nothing else: the grant of the data key
// stays, and still opens.
func TestPasswordChangeRewrapsOwnKeyOnly(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	c := f.register(t, "2026-11-02 09:00")
	addTestUser(t, f.db, "lisi", "李四", data.ClerkRole)
	keys := func() (private, grant []byte) {
		t.Helper()
		if err := f.db.reader.QueryRow(`SELECT c.private_key, g.data_key FROM user_credentials c JOIN users u ON u.id = c.user_id
			JOIN key_grants g ON g.user_id = u.id WHERE u.login = 'lisi'`).Scan(&private, &grant); err != nil {
			t.Fatal(err)
		}
		return private, grant
	}
	private, grant := keys()
	signInAs(t, f.db, "lisi")
	if err := f.db.ChangePassword(ctx, testPassword, "xin-mima-2026"); err != nil {
		t.Fatal(err)
	}
	private2, grant2 := keys()
	if bytes.Equal(private, private2) || !bytes.Equal(grant, grant2) {
		t.Errorf("private key re-encrypted: %v; grant kept: %v", !bytes.Equal(private, private2), bytes.Equal(grant, grant2))
	}
	if _, err := f.db.SignIn(ctx, "lisi", "xin-mima-2026"); err != nil {
		t.Fatal(err)
	}
	if p, err := f.db.RevealComplainant(ctx, c.ID); err != nil || p.Name != "张三丰" {
		t.Errorf("reveal after the change: %+v %v", p, err)
	}
}

// A password hashed at another cost than the ledger's present one is hashed
// again at that cost when its user signs in (and only then: a wrong
// password changes nothing), the private key encrypted again under the new
// key, and the sign-in's audit row says so. The next sign-in leaves it.
func TestSignInRehashesOtherCost(t *testing.T) {
	ctx := context.Background()
	f := newComplaintFixture(t)
	c := f.register(t, "2026-11-02 09:00")
	addTestUser(t, f.db, "lisi", "李四", data.ClerkRole)
	stored := func() (hash string, private []byte) {
		t.Helper()
		if err := f.db.reader.QueryRow(`SELECT c.password, c.private_key FROM user_credentials c
			JOIN users u ON u.id = c.user_id WHERE u.login = 'lisi'`).Scan(&hash, &private); err != nil {
			t.Fatal(err)
		}
		return hash, private
	}
	hash, private := stored()
	opt := testOptions
	opt.KDF = seal.KDF{Time: 1, MemoryKiB: 128, Threads: 1}
	db, err := Open(ctx, f.db.path, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetClock(func() time.Time { return fixedNow })
	if _, err := db.SignIn(ctx, "lisi", "wrong-"+testPassword); err == nil {
		t.Fatal("a wrong password signs in")
	}
	if h, p := stored(); h != hash || !bytes.Equal(p, private) {
		t.Fatal("a wrong password changed the stored hash")
	}
	if _, err := db.SignIn(ctx, "lisi", testPassword); err != nil {
		t.Fatal(err)
	}
	hash2, private2 := stored()
	if !strings.Contains(hash2, "$m=128,t=1,p=1$") || bytes.Equal(private, private2) {
		t.Fatalf("after signing in: hash %s (was %s), private key encrypted again: %v", hash2, hash, !bytes.Equal(private, private2))
	}
	if p, err := db.RevealComplainant(ctx, c.ID); err != nil || p.Name != "张三丰" {
		t.Errorf("reveal after the new hash: %+v %v", p, err)
	}
	signIns := func() []data.AuditEntry {
		t.Helper()
		log, err := f.db.AuditLog(ctx, data.AuditFilter{Actor: "lisi", Table: "users"}) // read by the administrator
		if err != nil {
			t.Fatal(err)
		}
		var out []data.AuditEntry
		for _, e := range log {
			if e.Action == data.AuditSignIn {
				out = append(out, e)
			}
		}
		return out
	}
	if log := signIns(); len(log) == 0 || log[0].After["password_cost"] != "argon2id m=128,t=1,p=1" {
		t.Fatalf("the sign-in's audit row: %+v", log)
	}
	n := len(signIns())
	if _, err := db.SignIn(ctx, "lisi", testPassword); err != nil {
		t.Fatal(err)
	}
	if h, _ := stored(); h != hash2 {
		t.Error("a second sign-in hashed the password again")
	}
	if log := signIns(); len(log) != n+1 || log[0].After != nil {
		t.Errorf("the second sign-in's audit row: %+v", log[0])
	}
}

// A user allowed to reveal, created by an administrator who may not, waits
// for a key holder's sign-in; complaints registered meanwhile get their search
// hashes then too.
func TestPendingGrantCompletedByKeyHolder(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t, data.AdminRole) // the first administrator keeps the key in custody only
	unit := &data.Unit{Name: "县自然资源局", Category: data.UnitDepartment}
	if err := db.CreateUnit(ctx, unit); err != nil {
		t.Fatal(err)
	}
	var custodial bool
	if err := db.reader.QueryRow("SELECT custodial FROM key_grants").Scan(&custodial); err != nil || !custodial {
		t.Fatalf("first administrator's grant: custodial %v, %v", custodial, err)
	}
	// the administrator, holding the key in custody, grants it at once
	addTestUser(t, db, "lingdao", "领导甲", data.LeaderRole)
	var grants, custodies int
	if err := db.reader.QueryRow("SELECT count(*), coalesce(sum(custodial), 0) FROM key_grants").Scan(&grants, &custodies); err != nil || grants != 1 || custodies != 0 {
		t.Fatalf("after granting a leader: %d grants, %d in custody (%v)", grants, custodies, err)
	}
	if _, err := db.RevealComplainant(ctx, "x"); !errors.As(err, new(*data.PermissionError)) {
		t.Errorf("the administrator reveals: %v", err)
	}
	// the custody gone, a new clerk waits
	if err := db.CreateUser(ctx, &data.User{Login: "shouli", Name: "受理甲", Roles: []data.Role{data.ClerkRole}}, testPassword+"-0"); err != nil {
		t.Fatal(err)
	}
	if u, err := db.UserByLogin(ctx, "shouli"); err != nil || u.IdentityAccess != data.KeyPending {
		t.Fatalf("new clerk: %+v %v", u, err)
	}
	signInAsWith(t, db, "shouli", testPassword+"-0")
	if err := db.ChangePassword(ctx, testPassword+"-0", testPassword); err != nil {
		t.Fatal(err)
	}
	c := &data.Complaint{ReceivedAt: tm("2026-11-02 09:00"), Channel: data.ChannelPhone, Complainant: data.Complainant{Name: "欧阳娜娜", Phone: "13912345678"},
		UnitID: unit.ID, Category: "慢作为", Subject: "审批超期", Content: "审批超期未办。"}
	if _, err := db.RegisterComplaint(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RevealComplainant(ctx, c.ID); !errors.Is(err, data.ErrNoIdentityKey) {
		t.Errorf("reveal before the grant: %v", err)
	}
	var pending int
	if err := db.reader.QueryRow("SELECT count(*) FROM complaint_identity_terms WHERE bigrams IS NULL").Scan(&pending); err != nil || pending != 1 {
		t.Fatalf("%d complaints wait for their hashes (%v)", pending, err)
	}
	// the leader signs in: the clerk gets the key, the complaint its hashes
	signInAs(t, db, "lingdao")
	if list, err := db.Complaints(ctx, data.ComplaintFilter{Search: "娜娜"}); err != nil || len(list) != 1 {
		t.Errorf("the leader's search by the name: %d, %v", len(list), err)
	}
	signInAs(t, db, "shouli")
	if p, err := db.RevealComplainant(ctx, c.ID); err != nil || p.Name != "欧阳娜娜" {
		t.Errorf("the clerk's reveal after the leader signed in: %+v %v", p, err)
	}
	for _, q := range []string{"欧阳娜娜", "欧阳", "阳娜娜", "13912345678", "5678"} {
		if list, err := db.Complaints(ctx, data.ComplaintFilter{Search: q}); err != nil || len(list) != 1 {
			t.Errorf("search %q: %d, %v", q, len(list), err)
		}
	}
}

// Disabling a user deletes their grant; a reset password makes a new key
// pair; with nobody left holding the key, the recovery code restores it.
func TestDisableResetAndRecover(t *testing.T) {
	ctx := context.Background()
	opt := testOptions
	opt.Create = true
	db, err := Open(ctx, filepath.Join(t.TempDir(), "台账.db"), opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetClock(func() time.Time { return fixedNow })
	created, err := db.CreateFirstAdmin(ctx, &data.User{Login: "admin", Name: "管理甲"}, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	addTestUser(t, db, "shouli", "受理甲", data.ClerkRole) // gets the key from the custody, which ends
	addTestUser(t, db, "lingdao", "领导甲", data.LeaderRole)
	signInAs(t, db, "shouli") // passes the key on to lingdao
	signInAs(t, db, "admin")
	grants := func() []string {
		t.Helper()
		l, err := queryStrings(ctx, db.reader, "SELECT u.login FROM key_grants g JOIN users u ON u.id = g.user_id ORDER BY u.login")
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	if g := grants(); !slices.Equal(g, []string{"lingdao", "shouli"}) {
		t.Fatalf("grants %v", g)
	}
	lingdao, err := db.UserByLogin(ctx, "lingdao")
	if err != nil {
		t.Fatal(err)
	}
	lingdao.Active = false
	if err := db.UpdateUser(ctx, lingdao); err != nil {
		t.Fatal(err)
	}
	if g := grants(); !slices.Equal(g, []string{"shouli"}) {
		t.Fatalf("after disabling lingdao: grants %v", g)
	}
	// the only holder forgets the password
	if err := db.ResetPassword(ctx, "shouli", "chongshe-2026"); err != nil {
		t.Fatal(err)
	}
	if g := grants(); len(g) != 0 {
		t.Fatalf("after the reset: grants %v", g)
	}
	if _, err := db.RecoverGrants(ctx, "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA"); !errors.Is(err, data.ErrWrongRecoveryCode) {
		t.Errorf("wrong code: %v", err)
	}
	typed := strings.ToLower(strings.ReplaceAll(created.RecoveryCode, "-", " "))
	granted, err := db.RecoverGrants(ctx, typed)
	if err != nil || !slices.Equal(granted, []string{"shouli"}) {
		t.Fatalf("recover: %v %v", granted, err)
	}
	signInAsWith(t, db, "shouli", "chongshe-2026")
	if err := db.ChangePassword(ctx, "chongshe-2026", testPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RevealComplainant(ctx, "none"); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("the clerk holds the key again, yet: %v", err)
	}
}

// The idle lock refuses everything until the password is given again;
// wrong passwords count towards the lock-out.
func TestIdleLock(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	db.Lock()
	if _, err := db.Units(ctx, data.UnitFilter{}); !errors.Is(err, data.ErrSessionLocked) {
		t.Errorf("locked: %v", err)
	}
	var se *data.SignInError
	if err := db.Unlock(ctx, "wrong-2026"); !errors.As(err, &se) || se.Left != 4 {
		t.Errorf("wrong password: %v", err)
	}
	if !db.Locked() {
		t.Error("a wrong password unlocked")
	}
	if err := db.Unlock(ctx, testPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Units(ctx, data.UnitFilter{}); err != nil {
		t.Errorf("unlocked: %v", err)
	}
}

// A ledger of the other suite (X25519, AES-256-GCM, SHA-256) works the
// same: seal, reveal, search, the chain.
func TestStandardSuiteLedger(t *testing.T) {
	ctx := context.Background()
	opt := testOptions
	opt.Create, opt.Suite = true, "std"
	db, err := Open(ctx, filepath.Join(t.TempDir(), "台账.db"), opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if db.suite.Name() != "std" {
		t.Fatalf("suite %s", db.suite.Name())
	}
	if _, err := db.CreateFirstAdmin(ctx, &data.User{Login: "ceshi", Name: "测试员", Roles: data.Roles}, testPassword); err != nil {
		t.Fatal(err)
	}
	unit := &data.Unit{Name: "县自然资源局", Category: data.UnitDepartment}
	if err := db.CreateUnit(ctx, unit); err != nil {
		t.Fatal(err)
	}
	c := &data.Complaint{ReceivedAt: time.Now().Add(-time.Hour), Channel: data.ChannelPhone, Complainant: data.Complainant{Name: "林芳", Phone: "13812345678"},
		UnitID: unit.ID, Category: "慢作为", Subject: "审批超期", Content: "审批超期未办。"}
	if _, err := db.RegisterComplaint(ctx, c); err != nil {
		t.Fatal(err)
	}
	if p, err := db.RevealComplainant(ctx, c.ID); err != nil || p.Name != "林芳" {
		t.Errorf("reveal %+v %v", p, err)
	}
	if list, err := db.Complaints(ctx, data.ComplaintFilter{Search: "林芳"}); err != nil || len(list) != 1 {
		t.Errorf("search %d %v", len(list), err)
	}
	if problems, err := db.Check(ctx, true); err != nil || len(problems) != 0 {
		t.Errorf("check %v %v", problems, err)
	}
	var hash []byte
	if err := db.reader.QueryRow("SELECT hash FROM audit_log ORDER BY id LIMIT 1").Scan(&hash); err != nil || len(hash) != 32 {
		t.Errorf("chain hash %x %v", hash, err)
	}
	if _, ok := db.suite.(seal.Std); !ok {
		t.Errorf("suite %T", db.suite)
	}
}

// BenchmarkSignIn is a sign-in at the default cost (seal.DefaultKDF: argon2id
// 19 MiB, two passes), with its audit row; target < 300 ms.
func BenchmarkSignIn(b *testing.B) {
	ctx := context.Background()
	opt := Options{Device: "bench", Create: true}
	db, err := Open(ctx, filepath.Join(b.TempDir(), "台账.db"), opt)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.CreateFirstAdmin(ctx, &data.User{Login: "ceshi", Name: "测试员", Roles: data.Roles}, testPassword); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := db.SignIn(ctx, "ceshi", testPassword); err != nil {
			b.Fatal(err)
		}
	}
}

// The idle lock's time is a setting, 15 minutes unless the office says
// otherwise, including in settings saved before it existed; it cannot be
// switched off.
func TestIdleLockSetting(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	s, err := db.Settings(ctx)
	if err != nil || s.IdleLockMinutes != 15 {
		t.Fatalf("default: %d, %v", s.IdleLockMinutes, err)
	}
	for _, bad := range []int{0, data.MaxIdleLockMinutes + 1} {
		s.IdleLockMinutes = bad
		var ve *data.ValidationError
		if err := db.SaveSettings(ctx, s); !errors.As(err, &ve) || ve.Field != "IdleLockMinutes" || !strings.Contains(ve.Message, "无操作锁定时间") {
			t.Errorf("%d minutes: %v", bad, err)
		}
	}
	s.IdleLockMinutes = 5
	if err := db.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	if s, err := db.Settings(ctx); err != nil || s.IdleLockMinutes != 5 {
		t.Errorf("saved: %d, %v", s.IdleLockMinutes, err)
	}
	// settings saved by a version without it
	var office string
	if err := db.reader.QueryRow("SELECT value FROM settings WHERE key = 'office'").Scan(&office); err != nil {
		t.Fatal(err)
	}
	older := strings.Replace(office, `"IdleLockMinutes":5`, `"x":5`, 1)
	if older == office {
		t.Fatalf("the office's settings hold no IdleLockMinutes: %s", office)
	}
	exec(t, db, "UPDATE settings SET value = ? WHERE key = 'office'", older)
	if s, err := db.Settings(ctx); err != nil || s.IdleLockMinutes != 15 {
		t.Errorf("older settings: %d, %v", s.IdleLockMinutes, err)
	}
}
