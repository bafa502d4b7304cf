package cli

import (
	"context"
	"database/sql"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"xiaoneng/data"
	"xiaoneng/data/store/storetest"
)

// as is the environment of a command run by login with password; extra
// adds variables (XIAONENG_NEW_PASSWORD).
func as(login, password string, extra ...string) []string {
	return append([]string{"XIAONENG_USER=" + login, "XIAONENG_PASSWORD=" + password}, extra...)
}

// The command line's users: an administrator adds one, whose password
// works once, to change it; the roles hold (a 督查员 neither reveals nor
// manages users, and is told who may); five wrong passwords lock the
// login, which an administrator's reset opens; a disabled user cannot sign
// in; without XIAONENG_USER and nothing typed the command says what to set.
func TestUsersCommands(t *testing.T) {
	cfg := config(t)
	path := filepath.Join(t.TempDir(), "台账.db")
	wantOK(t, xiaoneng(t, cfg, "-db", path, "init"))
	wantOK(t, xiaoneng(t, cfg, "-db", path, "init", "-admin", storetest.Login, "-name", storetest.Name, "-roles", "受理员"))
	admin := as(storetest.Login, storetest.Password)
	run := func(env []string, args ...string) result {
		t.Helper()
		return xiaonengAs(t, cfg, env, append([]string{"-db", path}, args...)...)
	}

	// A password too weak is refused, and no user is added.
	wantFailure(t, run(append(admin, "XIAONENG_NEW_PASSWORD=short1"), "users", "add", "ducha1", "-name", "督查甲", "-roles", "督查员"), 1, "密码至少8位")
	r := run(append(admin, "XIAONENG_NEW_PASSWORD=chushi-2026"), "users", "add", "ducha1", "-name", "督查甲", "-roles", "督查员")
	wantOK(t, r)
	if !strings.Contains(r.stdout, "已新增用户 ducha1（督查甲）：督查员") || !strings.Contains(r.stdout, "首次登录时须修改密码") {
		t.Errorf("users add: %q", r.stdout)
	}

	// The password the administrator chose serves only to change it.
	first := as("ducha1", "chushi-2026")
	wantFailure(t, run(first, "check"), 1, "users passwd")
	wantOK(t, run(append(first, "XIAONENG_NEW_PASSWORD=ducha-2026x"), "users", "passwd"))
	ducha := as("ducha1", "ducha-2026x")
	wantOK(t, run(ducha, "check"))

	// What the table does not give a 督查员 is refused, naming who may.
	wantFailure(t, run(ducha, "export", "complaints", "-", "-with-identity"), 1, "只有受理员、领导可以查看、打印或导出投诉人身份", "督查甲（ducha1）")
	wantFailure(t, run(append(ducha, "XIAONENG_NEW_PASSWORD=another-2026"), "users", "add", "x2", "-name", "某某", "-roles", "外勤"), 1, "只有管理员可以管理用户")
	wantFailure(t, run(ducha, "backup", filepath.Join(t.TempDir(), "备份.db")), 1, "只有管理员可以备份台账")

	// Five wrong passwords lock the login, even for the right one.
	wrong := as("ducha1", "wrong-2026")
	for i := 1; i <= 4; i++ {
		wantFailure(t, run(wrong, "check"), 1, "登录名或密码不正确", "将锁定15分钟")
	}
	wantFailure(t, run(wrong, "check"), 1, "连续5次密码错误，该用户已锁定")
	wantFailure(t, run(ducha, "check"), 1, "该用户已锁定")

	// The administrator's reset opens the lock; the new password, again,
	// is to be changed first.
	wantOK(t, run(append(admin, "XIAONENG_NEW_PASSWORD=reset-2026"), "users", "passwd", "ducha1"))
	wantFailure(t, run(as("ducha1", "reset-2026"), "check"), 1, "users passwd")

	// A disabled user cannot sign in; the list says so.
	r = run(admin, "users", "disable", "ducha1")
	wantOK(t, r)
	if !strings.Contains(r.stdout, "已停用用户 ducha1") {
		t.Errorf("users disable: %q", r.stdout)
	}
	wantFailure(t, run(as("ducha1", "reset-2026"), "check"), 1, "该用户已停用")
	r = run(admin, "users", "list")
	wantOK(t, r)
	if !strings.Contains(r.stdout, "ducha1") || !strings.Contains(r.stdout, "已停用") || !strings.Contains(r.stdout, "ceshi") {
		t.Errorf("users list: %q", r.stdout)
	}
	// Nor can an administrator disable itself.
	wantFailure(t, run(admin, "users", "disable", storetest.Login), 1, "不能停用自己")

	// Nothing in the environment and nothing typed: the command says what
	// a script sets.
	wantFailure(t, run(nil, "check"), 1, "XIAONENG_USER")

	// The audit chain holds all of it.
	r = run(admin, "check")
	wantOK(t, r)
	if !strings.Contains(r.stdout, "审计日志") {
		t.Errorf("check: %q", r.stdout)
	}
}

// check verifies the audit chain: it names the first row changed and the
// rows a deletion fell between, and exits 1. What the chain cannot see, a
// deletion of its last rows, shows against the head check printed before.
func TestCheckVerifiesTheAuditChain(t *testing.T) {
	cfg := config(t)
	path := newLedger(t)
	db := openLedger(t, path)
	for _, name := range []string{"县财政局", "县税务局", "县公安局", "县教育局", "县民政局"} {
		if err := db.CreateUnit(context.Background(), &data.Unit{Name: name, Category: data.UnitDepartment}); err != nil {
			t.Fatal(err)
		}
	}
	closeLedger(t, db)
	r := xiaoneng(t, cfg, "-db", path, "check")
	wantOK(t, r)
	head := regexp.MustCompile(`审计日志共\d+条，末条第\d+条，校验值 [0-9A-F]{4}(-[0-9A-F]{4}){3}`).FindString(r.stdout)
	if head == "" {
		t.Fatalf("check prints no chain head: %q", r.stdout)
	}
	tamper := func(q string) {
		t.Helper()
		conn, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := conn.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	// the last row away: the chain still holds, its head is not the one
	// written down
	tamper("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
	r = xiaoneng(t, cfg, "-db", path, "check")
	wantOK(t, r)
	if strings.Contains(r.stdout, head) {
		t.Errorf("the head after the last row went is the one before: %q", r.stdout)
	}
	tamper("UPDATE audit_log SET actor = 'someone' WHERE id = 3")
	tamper("DELETE FROM audit_log WHERE id = 6")
	r = xiaoneng(t, cfg, "-db", path, "check")
	wantFailure(t, r, 1, "审计日志第3条", "someone", "被修改", "第5条", "第7条", "之间的记录被删除")
}
