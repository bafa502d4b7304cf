package app

import (
	"context"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/apptest"
	"xiaoneng/app/screens/settings"
	"xiaoneng/app/screens/units"
	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/data/store/storetest"
)

// fillIn types texts into the entries of the window's content, in order.
func fillIn(t *testing.T, w *Workbench, texts ...string) {
	t.Helper()
	entries := apptest.Entries(w.Window().Content())
	if len(entries) < len(texts) {
		t.Fatalf("%d entries shown, want %d: %v", len(entries), len(texts), apptest.Texts(w.Window().Content()))
	}
	for i, s := range texts {
		entries[i].SetText(s)
	}
}

// signInThrough signs in through the sign-in window shown.
func signInThrough(t *testing.T, w *Workbench, login, password string) {
	t.Helper()
	if !apptest.Shows(w.Window().Content(), "登录效能台账") {
		t.Fatalf("no sign-in shown: %v", apptest.Texts(w.Window().Content()))
	}
	fillIn(t, w, login, password)
	apptest.TapButton(t, w.Window().Content(), "登录")
}

// ledgerWithUsers makes a ledger whose administrator is storetest's, with
// a 督查员 (ducha) whose password is changed already and a 受理员 (shouli)
// whose password the administrator set, and returns its path.
func ledgerWithUsers(t *testing.T) string {
	t.Helper()
	db := apptest.OpenDB(t)
	storetest.AddUser(t, db, "ducha", "督查甲", data.InspectorRole)
	ctx := context.Background()
	if err := db.CreateUser(ctx, &data.User{Login: "shouli", Name: "受理乙", Roles: []data.Role{data.ClerkRole}}, "chushi-2026"); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return db.Path()
}

// openThroughStart opens the ledger at path as the program does at start.
func openThroughStart(t *testing.T, path string) *Workbench {
	t.Helper()
	w := newStartBench(t)
	w.openOrStart(path)
	waitJobs(t, w)
	return w
}

// A wrong password is refused with how many tries are left; the fifth
// locks the login with when to try again, which the right password then
// does not lift; a disabled user is told so. Nothing opens meanwhile.
func TestSignInRefusals(t *testing.T) {
	path := ledgerWithUsers(t)
	w := openThroughStart(t, path)
	if w.currentScreen() != nil || len(menuLabels(w)) != 5 { // 打开台账, 新建台账, 连接单位服务器, 打开外勤包, 退出
		t.Fatalf("before sign-in: screen %T, menu %v", w.currentScreen(), menuLabels(w))
	}
	signInThrough(t, w, "ducha", "wrong-2026")
	if !apptest.Shows(w.Window().Content(), "登录名或密码不正确（再错4次将锁定15分钟）") {
		t.Errorf("a wrong password shows %v", apptest.Texts(w.Window().Content()))
	}
	for range 4 {
		signInThrough(t, w, "ducha", "wrong-2026")
	}
	signInThrough(t, w, "ducha", storetest.Password)
	if !apptest.Shows(w.Window().Content(), "连续5次密码错误，该用户已锁定，请于") || w.signedIn() {
		t.Errorf("after five wrong passwords: %v", apptest.Texts(w.Window().Content()))
	}

	// disabled by the administrator
	db := storetest.Open(t, path)
	u, err := db.UserByLogin(context.Background(), "shouli")
	if err != nil {
		t.Fatal(err)
	}
	u.Active = false
	if err := db.UpdateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	signInThrough(t, w, "shouli", "chushi-2026")
	if !apptest.Shows(w.Window().Content(), "该用户已停用，请联系管理员") || w.signedIn() {
		t.Errorf("a disabled user: %v", apptest.Texts(w.Window().Content()))
	}
}

// A password the administrator set is changed before the workbench opens;
// a weak one is refused in the store's words.
func TestSignInForcesPasswordChange(t *testing.T) {
	w := openThroughStart(t, ledgerWithUsers(t))
	signInThrough(t, w, "shouli", "chushi-2026")
	content := w.Window().Content()
	if !apptest.Shows(content, "修改密码") || w.currentScreen() != nil {
		t.Fatalf("after signing in with the administrator's password: %v", apptest.Texts(content))
	}
	fillIn(t, w, "12345678", "12345678")
	apptest.TapButton(t, content, "修改密码")
	if !apptest.Shows(content, "至少两类") {
		t.Errorf("a weak password: %v", apptest.Texts(content))
	}
	fillIn(t, w, "shouli-2026", "shouli-2027")
	apptest.TapButton(t, content, "修改密码")
	if !apptest.Shows(content, "两次输入的密码不一致") {
		t.Errorf("two passwords: %v", apptest.Texts(content))
	}
	fillIn(t, w, "shouli-2026", "shouli-2026")
	apptest.TapButton(t, content, "修改密码")
	if w.currentScreen() == nil || !apptest.Shows(w.Window().Content(), "当前用户：受理乙（shouli）") {
		t.Fatalf("after the change: %v", apptest.Texts(w.Window().Content()))
	}
	if u, _ := w.DB().User(); u.MustChangePassword {
		t.Error("the user must still change the password")
	}
}

// A 督查员 sees neither 设置 nor the backup; the status bar names the user.
func TestSignedInUserSeesTheirScreens(t *testing.T) {
	w := openThroughStart(t, ledgerWithUsers(t))
	signInThrough(t, w, "ducha", storetest.Password)
	if !apptest.Shows(w.Window().Content(), "当前用户：督查甲（ducha）　督查员") {
		t.Errorf("status bar: %v", apptest.Texts(w.Window().Content()))
	}
	for _, d := range w.defs {
		if d.title == "设置" {
			t.Error("a 督查员 is offered 设置")
		}
	}
	for _, l := range menuLabels(w) {
		if l == "备份台账…" {
			t.Error("a 督查员 is offered the backup")
		}
	}
	// 退出登录 leads back to the sign-in, and the administrator sees 设置
	apptest.TapButton(t, w.Window().Content(), "退出登录")
	signInThrough(t, w, storetest.Login, storetest.Password)
	goTo[*settings.Screen](t, w, "设置")
}

// The idle lock covers the workbench after the settings' time and keeps
// what was typed in the open form for the same user; a wrong password is
// refused. 切换用户 at the lock drops the form: the next user starts anew.
func TestIdleLockKeepsTheForm(t *testing.T) {
	w := openThroughStart(t, ledgerWithUsers(t))
	signInThrough(t, w, storetest.Login, storetest.Password)
	s := goTo[*units.Screen](t, w, "单位")
	apptest.TapButton(t, s.View(), "新建单位")
	name, ok := w.Window().Canvas().Focused().(*widget.Entry)
	if !ok {
		t.Fatal("新建单位 does not focus the unit's name")
	}
	name.SetText("县数据资源局")

	start := time.Now()
	w.now = func() time.Time { return start.Add(14 * time.Minute) }
	w.checkIdle()
	if w.DB().Locked() {
		t.Fatal("locked after 14 of 15 minutes")
	}
	w.now = func() time.Time { return start.Add(30 * time.Minute) }
	w.checkIdle()
	lock := apptest.TopOverlay(t, w.Window())
	if !w.DB().Locked() || !apptest.Shows(lock, "工作台已锁定") || apptest.Shows(lock, "县数据资源局") {
		t.Fatalf("after 30 minutes: locked %v, %v", w.DB().Locked(), apptest.Texts(lock))
	}
	if _, err := w.DB().Units(context.Background(), data.UnitFilter{}); err == nil {
		t.Error("the store answers under the lock")
	}
	unlock := func(password string) {
		t.Helper()
		apptest.Find[*widget.Entry](t, lock).SetText(password)
		apptest.TapButton(t, lock, "解锁")
	}
	unlock("wrong-2026")
	if !apptest.Shows(lock, "登录名或密码不正确") || !w.DB().Locked() {
		t.Errorf("a wrong password at the lock: %v", apptest.Texts(lock))
	}
	unlock(storetest.Password)
	if w.DB().Locked() || apptest.TextOf(name) != "县数据资源局" || w.currentScreen() != s {
		t.Fatalf("after unlocking: locked %v, name %q", w.DB().Locked(), apptest.TextOf(name))
	}

	w.lockNow()
	apptest.TapButton(t, apptest.TopOverlay(t, w.Window()), "切换用户")
	signInThrough(t, w, "ducha", storetest.Password)
	other := goTo[*units.Screen](t, w, "单位")
	if other == s || apptest.Shows(w.Window().Content(), "县数据资源局") {
		t.Error("the next user sees the previous user's form")
	}
}

// A new ledger starts with its first administrator, then shows the
// recovery code once, then the workbench at 设置.
func TestFirstAdministrator(t *testing.T) {
	w := newStartBench(t)
	path := filepath.Join(t.TempDir(), "效能台账.db")
	w.openOrStart(path)
	apptest.TapButton(t, w.Window().Content(), "新建空台账")
	waitJobs(t, w)
	content := w.Window().Content()
	if !apptest.Shows(content, "创建管理员") || w.signedIn() {
		t.Fatalf("a new ledger shows %v", apptest.Texts(content))
	}
	fillIn(t, w, "王主任", "wangzr", "wangzr-2026", "wangzr-2027")
	apptest.TapButton(t, content, "创建管理员")
	waitJobs(t, w)
	if !apptest.Shows(content, "两次输入的密码不一致") {
		t.Errorf("two passwords: %v", apptest.Texts(content))
	}
	fillIn(t, w, "王主任", "wangzr", "12345678", "12345678")
	apptest.TapButton(t, content, "创建管理员")
	waitJobs(t, w)
	if !apptest.Shows(content, "至少两类") || w.Window().Canvas().Overlays().Top() != nil || w.signedIn() {
		t.Errorf("a weak password: %v", apptest.Texts(content))
	}
	fillIn(t, w, "王主任", "wangzr", "wangzr-2026", "wangzr-2026")
	apptest.TapButton(t, content, "创建管理员")
	waitJobs(t, w)
	shown := w.Window().Content()
	w.now = func() time.Time { return time.Now().Add(time.Hour) }
	w.checkIdle() // the recovery code is not covered by the idle lock
	if w.DB().Locked() {
		t.Error("the idle lock covered the recovery code")
	}
	code := regexp.MustCompile(`^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$`)
	found := false
	for _, s := range apptest.Texts(shown) {
		found = found || code.MatchString(s)
	}
	if !found || !apptest.Shows(shown, "只显示这一次") || !apptest.Shows(shown, "打印或抄写") {
		t.Fatalf("recovery view %v", apptest.Texts(shown))
	}
	apptest.TapButton(t, shown, "已抄写并妥善保管，进入工作台")
	if _, ok := w.currentScreen().(*settings.Screen); !ok {
		t.Errorf("a new ledger opens on %T, want 设置", w.currentScreen())
	}
	if u, ok := w.DB().User(); !ok || u.Login != "wangzr" || !u.Has(data.AdminRole) {
		t.Errorf("signed in as %+v", u)
	}
	// the administrator signs in with that password next time
	db, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.SignIn(context.Background(), "wangzr", "wangzr-2026"); err != nil {
		t.Error(err)
	}
}
