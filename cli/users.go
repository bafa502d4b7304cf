package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"xiaoneng/data"
	"xiaoneng/data/store"
)

// The environment variables the command line signs in with (their names
// are fixed: scripts use them).
const (
	envUser         = "XIAONENG_USER"
	envPassword     = "XIAONENG_PASSWORD"
	envNewPassword  = "XIAONENG_NEW_PASSWORD"
	envRecoveryCode = "XIAONENG_RECOVERY_CODE"
)

var errNoUsers = failure("台账还没有用户：请先用 init -admin 登录名 创建管理员（全新的台账也可以用 demo 填入演示数据和演示用户）。")

// signIn signs the command's user in: login and password from the
// environment, else asked for.
func (e *env) signIn(db *store.DB) error {
	has, err := db.HasUsers(e.ctx)
	if err != nil {
		return err
	}
	if !has {
		return errNoUsers
	}
	login, err := e.secret(envUser, "登录名：", false)
	if err != nil {
		return err
	}
	password, err := e.secret(envPassword, "密码：", true)
	if err != nil {
		return err
	}
	u, err := db.SignIn(e.ctx, login, password)
	if err != nil {
		return err
	}
	e.password = password
	if u.MustChangePassword && !(e.inv.args[0] == "users" && e.args[0] == "passwd" && len(e.args) == 1) {
		return failure("管理员设置的密码只能用来登录一次：请先运行 xiaoneng users passwd 修改密码。")
	}
	return nil
}

// secret is the value of an environment variable, or what the user types
// after prompt (hidden when hide and typed at a terminal).
func (e *env) secret(variable, prompt string, hide bool) (string, error) {
	if v := os.Getenv(variable); v != "" {
		return v, nil
	}
	fmt.Fprint(e.stderr, prompt)
	if f, ok := e.stdin.(*os.File); ok && hide && term.IsTerminal(int(f.Fd())) {
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", err
		}
		return string(b), nil
	}
	if e.input == nil {
		e.input = bufio.NewReader(e.stdin)
	}
	line, err := e.input.ReadString('\n')
	if errors.Is(err, io.EOF) && line == "" {
		fmt.Fprintln(e.stderr)
		return "", failure(fmt.Sprintf("没有输入。在脚本中运行时请设置环境变量 %s。", variable))
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// newPassword is a new password: from the environment, else typed twice.
func (e *env) newPassword(whose string) (string, error) {
	if v := os.Getenv(envNewPassword); v != "" {
		return v, nil
	}
	first, err := e.secret(envNewPassword, whose+"的新密码：", true)
	if err != nil {
		return "", err
	}
	again, err := e.secret(envNewPassword, "再输入一次：", true)
	if err != nil {
		return "", err
	}
	if first != again {
		return "", failure("两次输入的密码不一致。")
	}
	return first, nil
}

// runUsers manages users: list, add, disable, enable, passwd, recover.
func runUsers(e *env) (err error) {
	sub := e.args[0]
	login := ""
	if len(e.args) > 1 {
		login = e.args[1]
	}
	needs := map[string]bool{"add": true, "disable": true, "enable": true}
	switch {
	case !contains([]string{"list", "add", "disable", "enable", "passwd", "recover"}, sub):
		return usageError(fmt.Sprintf("users 没有“%s”这个操作：可用 list、add、disable、enable、passwd、recover。", sub))
	case needs[sub] && login == "":
		return usageError(fmt.Sprintf("users %s 缺少登录名。", sub))
	case (sub == "list" || sub == "recover") && login != "":
		return usageError(fmt.Sprintf("users %s 不带登录名。", sub))
	case sub != "add" && (e.inv.userName != "" || e.inv.roles != nil):
		return usageError("-name 和 -roles 只用于 users add。")
	}
	db, err := e.openSignedIn()
	if err != nil {
		return err
	}
	defer closeDB(db, &err)
	switch sub {
	case "list":
		return e.listUsers(db)
	case "add":
		return e.addUser(db, login)
	case "disable", "enable":
		return e.setActive(db, login, sub == "enable")
	case "passwd":
		return e.passwd(db, login)
	}
	return e.recover(db)
}

func (e *env) listUsers(db *store.DB) error {
	users, err := db.Users(e.ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "登录名\t姓名\t角色\t状态\t查看身份\t最后登录")
	for _, u := range users {
		state := "在用"
		if !u.Active {
			state = "已停用"
		}
		last := "从未登录"
		if !u.LastSignIn.IsZero() {
			last = u.LastSignIn.In(data.Zone).Format("2006-01-02 15:04")
		}
		key := string(u.IdentityAccess)
		if key == "" {
			key = "—"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Login, u.Name, u.RoleText(), state, key, last)
	}
	return w.Flush()
}

func (e *env) addUser(db *store.DB, login string) error {
	if e.inv.userName == "" || e.inv.roles == nil {
		return usageError("users add 须写明 -name 姓名 和 -roles 角色（管理员、受理员、督查员、领导、外勤，多个用逗号隔开）。")
	}
	u := &data.User{Login: login, Name: e.inv.userName, Roles: e.inv.roles}
	if err := u.Validate(); err != nil {
		return err
	}
	password, err := e.newPassword(data.NormalizeLogin(login))
	if err != nil {
		return err
	}
	if err := db.CreateUser(e.ctx, u, password); err != nil {
		return err
	}
	created, err := db.UserByLogin(e.ctx, u.Login)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "已新增用户 %s（%s）：%s。首次登录时须修改密码。\n", created.Login, created.Name, created.RoleText())
	if created.IdentityAccess == data.KeyPending {
		fmt.Fprintln(e.stdout, "查看投诉人身份的授权将在能查看身份的用户（受理员或领导）下次登录时生效。")
	}
	return nil
}

func (e *env) setActive(db *store.DB, login string, active bool) error {
	u, err := db.UserByLogin(e.ctx, login)
	if errors.Is(err, data.ErrNotFound) {
		return failure(fmt.Sprintf("没有登录名为“%s”的用户。", login))
	}
	if err != nil {
		return err
	}
	u.Active = active
	if err := db.UpdateUser(e.ctx, u); err != nil {
		return err
	}
	if active {
		fmt.Fprintf(e.stdout, "已恢复用户 %s（%s）。\n", u.Login, u.Name)
	} else {
		fmt.Fprintf(e.stdout, "已停用用户 %s（%s）：不能再登录，查看投诉人身份的授权已撤销。\n", u.Login, u.Name)
	}
	return nil
}

func (e *env) passwd(db *store.DB, login string) error {
	me, _ := db.User()
	if login == "" || data.NormalizeLogin(login) == me.Login {
		password, err := e.newPassword(me.Login)
		if err != nil {
			return err
		}
		if err := db.ChangePassword(e.ctx, e.password, password); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "已修改 %s 的密码。\n", me.Login)
		return nil
	}
	password, err := e.newPassword(data.NormalizeLogin(login))
	if err != nil {
		return err
	}
	if err := db.ResetPassword(e.ctx, login, password); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "已重设 %s 的密码，并解除锁定；该用户下次登录时须修改密码。查看投诉人身份的授权须由能查看身份的用户下次登录时重新生效。\n",
		data.NormalizeLogin(login))
	return nil
}

func (e *env) recover(db *store.DB) error {
	code, err := e.secret(envRecoveryCode, "恢复码：", false)
	if err != nil {
		return err
	}
	granted, err := db.RecoverGrants(e.ctx, code)
	if err != nil {
		return err
	}
	if len(granted) == 0 {
		fmt.Fprintln(e.stdout, "恢复码正确；没有等待授权的用户。")
		return nil
	}
	fmt.Fprintf(e.stdout, "已为 %s 恢复查看投诉人身份的授权。\n", strings.Join(granted, "、"))
	return nil
}
