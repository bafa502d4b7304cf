package settings

import (
	"context"
	"errors"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/apptest"
	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/data/store/storetest"
)

// showUsers shows 设置 on its 用户 tab, as the administrator.
func showUsers(t *testing.T, w *apptest.Host) (*Screen, *usersTab) {
	t.Helper()
	s := apptest.Show(t, w, "设置", New)
	if s.users == nil {
		t.Fatal("the administrator is not offered 用户")
	}
	s.tabs.Select(s.users.tab)
	return s, s.users
}

func logins(t *testing.T, db *store.DB) []string {
	t.Helper()
	users, err := db.Users(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, u := range users {
		out = append(out, u.Login)
	}
	return out
}

// The administrator adds a user with two roles; a weak password is refused
// in the store's words under the field, and nobody is added.
func TestAdminAddsUserWithTwoRoles(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	_, u := showUsers(t, w)
	rows, err := db.CountAudit(context.Background(), data.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}

	apptest.TapButton(t, u.tab.Content, "新建用户")
	test.Type(u.login, "WangJG")
	test.Type(u.name, "王建国")
	u.roles.SetSelected([]string{string(data.ClerkRole), string(data.LeaderRole)})
	test.Type(u.password, "abc12")
	w.Press(fyne.KeyS)
	if !apptest.Shows(u.form.Widget(), "密码至少8位，并包含字母、数字、符号中的至少两类") {
		t.Errorf("a weak password: the form shows %v", apptest.Texts(u.form.Widget()))
	}
	if got := logins(t, db); !slices.Equal(got, []string{storetest.Login}) {
		t.Fatalf("after a refused save the users are %v", got)
	}
	if n, err := db.CountAudit(context.Background(), data.AuditFilter{}); err != nil || n != rows {
		t.Errorf("a refused save wrote %d audit rows (%v)", n-rows, err)
	}

	u.password.SetText("")
	test.Type(u.password, "wangjg-2026")
	w.Press(fyne.KeyS)
	if u.form.Dirty() {
		t.Fatalf("not saved: %v", apptest.Texts(u.form.Widget()))
	}
	got, err := db.UserByLogin(context.Background(), "wangjg")
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "王建国" || !slices.Equal(got.Roles, []data.Role{data.ClerkRole, data.LeaderRole}) || !got.Active || !got.MustChangePassword {
		t.Errorf("stored %+v", got)
	}
	if u.user == nil || u.user.ID != got.ID || !u.login.Disabled() || !apptest.Shows(u.form.Widget(), "下次登录时须修改") {
		t.Errorf("the form shows %v", apptest.Texts(u.form.Widget()))
	}
	if row, ok := u.table.Selected(); !ok || row.ID != got.ID {
		t.Errorf("the list does not mark the user saved")
	}
}

// addUser adds a user through the store, as the administrator signed in.
func addUser(t *testing.T, db *store.DB, login, name string, roles ...data.Role) *data.User {
	t.Helper()
	u := &data.User{Login: login, Name: name, Roles: roles}
	if err := db.CreateUser(context.Background(), u, login+"-pass1"); err != nil {
		t.Fatal(err)
	}
	return u
}

// as runs do with login signed in (password pw), then signs the
// administrator back in.
func signInAs(t *testing.T, db *store.DB, login, pw string) error {
	t.Helper()
	admin, ok := db.Session()
	if !ok {
		t.Fatal("nobody signed in")
	}
	defer db.Resume(admin)
	_, err := db.SignIn(context.Background(), login, pw)
	return err
}

// 停用 asks, then the user can no longer sign in; 启用 lets them again.
// 重设密码 refuses a weak password in the dialog and sets a strong one,
// which the user must change.
func TestDisableEnableAndResetPassword(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	x := addUser(t, db, "lisi", "李四", data.InspectorRole)
	_, u := showUsers(t, w)
	u.load()
	openUser(t, u, "lisi")

	test.Tap(u.disable)
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "停用")
	if got, _ := db.UserByLogin(ctx, "lisi"); got.Active {
		t.Fatal("not disabled")
	}
	var se *data.SignInError
	if err := signInAs(t, db, "lisi", "lisi-pass1"); !errors.As(err, &se) || se.Reason != data.SignInDisabled {
		t.Errorf("a disabled user signs in: %v", err)
	}
	if u.disable.Visible() || !u.enable.Visible() || !apptest.Shows(u.form.Widget(), "已停用") {
		t.Errorf("after 停用 the form shows %v", apptest.Texts(u.form.Widget()))
	}
	test.Tap(u.enable)
	if got, _ := db.UserByLogin(ctx, "lisi"); !got.Active {
		t.Fatal("not enabled again")
	}

	test.Tap(u.reset)
	d := apptest.TopOverlay(t, w.Window())
	pw := apptest.Find[*widget.Entry](t, d)
	test.Type(pw, "12345678")
	apptest.TapButton(t, d, "保存")
	if !apptest.Shows(d, "密码至少8位") {
		t.Errorf("a weak password: the dialog shows %v", apptest.Texts(d))
	}
	if err := signInAs(t, db, "lisi", "lisi-pass1"); err != nil {
		t.Errorf("the refused reset changed the password: %v", err)
	}
	pw.SetText("")
	test.Type(pw, "Lisi-new-2026")
	apptest.TapButton(t, d, "保存")
	if err := signInAs(t, db, "lisi", "Lisi-new-2026"); err != nil {
		t.Errorf("the new password: %v", err)
	}
	if got, _ := db.UserByLogin(ctx, x.Login); !got.MustChangePassword {
		t.Error("the user need not change the password an administrator set")
	}
}

// A user locked out after five wrong passwords is shown locked; 解除锁定
// lets them sign in again with their password, and the log says who did.
func TestUnlockAfterLockOut(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	addUser(t, db, "lisi", "李四", data.InspectorRole)
	for range data.MaxSignInFailures {
		signInAs(t, db, "lisi", "wrong-pass1")
	}
	_, u := showUsers(t, w)
	openUser(t, u, "lisi")
	if !u.unlock.Visible() || !apptest.Shows(u.form.Widget(), "锁定至") {
		t.Fatalf("a locked user: the form shows %v", apptest.Texts(u.form.Widget()))
	}
	test.Tap(u.unlock)
	if err := signInAs(t, db, "lisi", "lisi-pass1"); err != nil {
		t.Errorf("after 解除锁定: %v", err)
	}
	rows, err := db.AuditLog(ctx, data.AuditFilter{Actor: storetest.Login, Kind: data.KindSignIn})
	if err != nil || len(rows) == 0 || rows[0].Action != data.AuditUnlockUser {
		t.Errorf("the log's last sign-in row of the administrator: %+v, %v", rows, err)
	}
}

// A 督查员 is not offered 用户.
func TestInspectorDoesNotSeeUsers(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	addUser(t, db, "lisi", "李四", data.InspectorRole)
	ctx := context.Background()
	if _, err := db.SignIn(ctx, "lisi", "lisi-pass1"); err != nil {
		t.Fatal(err)
	}
	if err := db.ChangePassword(ctx, "lisi-pass1", "lisi-pass2"); err != nil {
		t.Fatal(err)
	}
	s := apptest.Show(t, w, "设置", New)
	if s.users != nil {
		t.Fatal("a 督查员 is offered 用户")
	}
	for _, tab := range s.tabs.Items {
		if tab.Text == "用户" {
			t.Error("a 督查员 sees the 用户 tab")
		}
	}
}

// The store's refusals come in its words, and change nothing: the
// administrator cannot disable themselves, nor take the last
// administrator's role away.
func TestRefusalsInTheStoresWords(t *testing.T) {
	w := apptest.New(t)
	db := w.DB()
	ctx := context.Background()
	_, u := showUsers(t, w)
	openUser(t, u, storetest.Login)

	test.Tap(u.disable)
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "停用")
	if !apptest.Shows(apptest.TopOverlay(t, w.Window()), "不能停用自己") {
		t.Errorf("disabling oneself: %v", apptest.Texts(apptest.TopOverlay(t, w.Window())))
	}
	w.Window().Canvas().Overlays().Top().Hide()

	u.roles.SetSelected([]string{string(data.ClerkRole)})
	w.Press(fyne.KeyS)
	if !apptest.Shows(u.form.Widget(), "不能停用或撤下最后一个管理员") {
		t.Errorf("the last administrator's role: %v", apptest.Texts(u.form.Widget()))
	}
	if me, err := db.UserByLogin(ctx, storetest.Login); err != nil || !me.Active || !me.Has(data.AdminRole) {
		t.Errorf("after the refusals: %+v, %v", me, err)
	}
}

// openUser shows login's user in the form, as choosing its row does.
func openUser(t *testing.T, u *usersTab, login string) {
	t.Helper()
	for _, x := range u.users {
		if x.Login == login {
			u.open(x.ID)
			return
		}
	}
	t.Fatalf("%s is not listed", login)
}
