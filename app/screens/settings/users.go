package settings

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
)

// usersTab is 用户 (管理员 only): who may sign in, with which roles; a new
// user with the password they must change at first sign-in, a password
// reset, disabling and enabling, lifting a lock-out; and the permission
// table, read-only, from data's one table of who may do what. Users are
// never deleted: the audit log keeps naming them.
type usersTab struct {
	w       host.Host
	tab     *container.TabItem
	records *kit.Records[*data.User]
	table   *kit.Table[*data.User]
	form    *kit.Form

	user    *data.User // in the form; nil while a new one is entered
	users   []*data.User
	heading *widget.Label

	login, name, password *widget.Entry
	roles                 *widget.CheckGroup
	status                *kit.WrapLabel

	reset, disable, enable, unlock *widget.Button
}

func newUsersTab(w host.Host) *usersTab {
	u := &usersTab{w: w}
	u.table = kit.NewTable([]kit.Column[*data.User]{
		{Title: "登录名", Width: 90, Text: func(x *data.User) string { return x.Login }},
		{Title: "姓名", Width: 70, Text: func(x *data.User) string { return x.Name }},
		{Title: "角色", Width: 150, Grow: true, Shrink: true, Text: func(x *data.User) string { return x.RoleText() }},
		{Title: "状态", Width: 50, Text: activeText},
		{Title: "锁定至", Width: 90, Text: u.lockedText},
		{Title: "须改密码", Width: 75, Text: func(x *data.User) string { return yes(x.MustChangePassword) }},
		{Title: "查看身份", Width: 75, Text: func(x *data.User) string { return string(x.IdentityAccess) }},
		{Title: "上次登录", Width: 130, Shrink: true, Text: func(x *data.User) string { return timeText(x.LastSignIn) }},
	}, nil, nil)
	u.table.AddChip("启用", func(x *data.User) bool { return x.Active })
	u.table.AddChip("停用", func(x *data.User) bool { return !x.Active })

	u.form = kit.NewForm(u.save)
	u.records = kit.NewRecords(w.Window(), u.table, u.form, &u.user, u.open)
	u.records.What, u.records.Reload, u.records.Fresh = "用户信息", u.reload, func() { u.fill(nil) }
	u.form.SetCheck(func() error { return u.edited().Validate() })

	u.login, u.name = widget.NewEntry(), widget.NewEntry()
	u.login.SetPlaceHolder("如 zhangsan")
	u.password = widget.NewPasswordEntry()
	u.roles = widget.NewCheckGroup(kit.ChoiceLabels(data.Roles), nil)
	u.roles.Horizontal = true
	u.status = kit.NewWrapLabel("")
	u.form.Add("登录名", "Login", u.login, true)
	u.form.Add("姓名", "Name", u.name, true)
	u.form.Add("角色", "Roles", u.roles, true)
	u.form.Add("初始密码", "Password", u.password, false)
	u.form.AddBelow(u.status)
	u.form.AddBelow(widget.NewSeparator())
	u.form.AddBelow(widget.NewLabelWithStyle("各角色的权限", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	u.form.AddBelow(permissionTable())

	u.reset = widget.NewButtonWithIcon("重设密码…", fynetheme.AccountIcon(), u.askReset)
	u.unlock = widget.NewButtonWithIcon("解除锁定", fynetheme.ConfirmIcon(), u.unlockUser)
	u.disable = widget.NewButtonWithIcon("停用", fynetheme.CancelIcon(), u.askDisable)
	u.disable.Importance = widget.DangerImportance
	u.enable = widget.NewButtonWithIcon("启用", fynetheme.ConfirmIcon(), func() { u.setActive(true) })
	for _, b := range []*widget.Button{u.reset, u.unlock, u.disable, u.enable} {
		u.form.AddButton(b)
	}

	u.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	add := widget.NewButtonWithIcon("新建用户", fynetheme.ContentAddIcon(), u.create)
	hint := kit.HintLabel("用户不能删除：离开的人请停用，审计日志仍记着他们")
	u.records.Lay(container.NewHBox(add, hint), container.NewBorder(u.heading, nil, nil, nil, u.form.Widget()), 0.6)
	u.tab = container.NewTabItem("用户", u.records.Widget())
	u.fill(nil)
	return u
}

func yes(b bool) string {
	if b {
		return "是"
	}
	return ""
}

func activeText(x *data.User) string {
	if x.Active {
		return "启用"
	}
	return "停用"
}

func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(data.Zone).Format("2006-01-02 15:04")
}

// locked reports whether x is locked out now (by the ledger's clock).
func (u *usersTab) locked(x *data.User) bool { return x.LockedUntil.After(u.w.DB().Now()) }

func (u *usersTab) lockedText(x *data.User) string {
	if !u.locked(x) {
		return ""
	}
	return x.LockedUntil.In(data.Zone).Format("01-02 15:04")
}

// permissionTable is data's permission table as the administrator reads it:
// a row per permission, a column per role, ✓ where the role holds it.
func permissionTable() fyne.CanvasObject {
	bold := fyne.TextStyle{Bold: true}
	row := func(head *widget.Label, marks []fyne.CanvasObject) fyne.CanvasObject {
		grid := container.New(layout.NewGridLayoutWithColumns(len(marks)), marks...)
		return container.NewBorder(nil, nil, nil, kit.Wide(roleColumnWidth*float32(len(marks)), grid), head)
	}
	var heads []fyne.CanvasObject
	for _, r := range data.Roles {
		heads = append(heads, widget.NewLabelWithStyle(string(r), fyne.TextAlignCenter, bold))
	}
	rows := []fyne.CanvasObject{row(widget.NewLabelWithStyle("权限", fyne.TextAlignLeading, bold), heads)}
	for _, p := range data.Permissions {
		var marks []fyne.CanvasObject
		for _, r := range data.Roles {
			mark := ""
			if p.Allows(r) {
				mark = "✓"
			}
			marks = append(marks, widget.NewLabelWithStyle(mark, fyne.TextAlignCenter, fyne.TextStyle{}))
		}
		rows = append(rows, row(widget.NewLabel(string(p)), marks))
	}
	return container.NewVBox(rows...)
}

// roleColumnWidth fits a role's name (受理员) in the permission table.
const roleColumnWidth = 64

// load reads the users again and shows the one shown afresh.
func (u *usersTab) load() { u.records.Reshow() }

func (u *usersTab) reload() error {
	users, err := u.w.DB().Users(u.w.Context())
	if err != nil {
		return err
	}
	u.users = users
	u.table.SetRows(users)
	return nil
}

func (u *usersTab) create() { u.records.Create(u.login) }

// open shows the user whose record is id, read afresh (users are read by
// their login, which never changes).
func (u *usersTab) open(id string) {
	for _, x := range u.users {
		if x.ID == id {
			kit.ShowRead(u.w.Window(), u.fill)(u.w.DB().UserByLogin(u.w.Context(), x.Login))
			return
		}
	}
}

// fill shows x in the form; nil starts a new user.
func (u *usersTab) fill(x *data.User) {
	u.user = x
	if x == nil {
		x = &data.User{}
		u.heading.SetText("新建用户")
	} else {
		u.heading.SetText(x.Display())
	}
	u.login.SetText(x.Login)
	kit.SetEnabled(u.login, u.user == nil) // the audit log names users by login
	u.name.SetText(x.Name)
	roles := make([]string, len(x.Roles))
	for i, r := range x.Roles {
		roles[i] = string(r)
	}
	u.roles.SetSelected(roles)
	u.password.SetText("")
	kit.SetEnabled(u.password, u.user == nil)
	if u.user == nil {
		u.password.SetPlaceHolder(fmt.Sprintf("至少%d位，含字母、数字、符号中的两类", data.MinPasswordLength))
	} else {
		u.password.SetPlaceHolder("忘记密码时用“重设密码”")
	}
	u.showStatus()
	u.form.MarkClean()
}

// showStatus says what the form does not edit: whether the user may sign
// in, a lock-out, the password to change, the key that reveals identities;
// and offers the buttons that change them.
func (u *usersTab) showStatus() {
	x := u.user
	for _, b := range []*widget.Button{u.reset, u.unlock, u.disable, u.enable} {
		b.Hide()
	}
	if x == nil {
		u.status.SetText("新用户首次登录时须修改管理员设置的初始密码。")
		return
	}
	var lines []string
	if x.Active {
		lines = append(lines, "状态：启用")
		u.disable.Show()
	} else {
		lines = append(lines, "状态：已停用，不能登录")
		u.enable.Show()
	}
	if u.locked(x) {
		lines = append(lines, fmt.Sprintf("连续%d次密码错误，锁定至%s", data.MaxSignInFailures, x.LockedUntil.In(data.Zone).Format("15:04")))
		u.unlock.Show()
	}
	if x.MustChangePassword {
		lines = append(lines, "密码由管理员设置，下次登录时须修改")
	}
	switch x.IdentityAccess {
	case data.KeyHeld:
		lines = append(lines, "查看投诉人身份：已授权")
	case data.KeyPending:
		lines = append(lines, "查看投诉人身份：待授权（由受理员或领导登录一次后生效）")
	}
	if !x.LastSignIn.IsZero() {
		lines = append(lines, "上次登录："+timeText(x.LastSignIn))
	}
	u.status.SetText(strings.Join(lines, "\n"))
	u.reset.Show()
}

// edited is the user as the form has it.
func (u *usersTab) edited() *data.User {
	x := &data.User{Active: true}
	if u.user != nil {
		cp := *u.user
		x = &cp
	}
	if u.user == nil {
		x.Login = data.NormalizeLogin(u.login.Text)
	}
	x.Name = strings.TrimSpace(u.name.Text)
	x.Roles = nil
	for _, r := range u.roles.Selected {
		x.Roles = append(x.Roles, data.Role(r))
	}
	x.Roles = data.SortRoles(x.Roles)
	return x
}

func (u *usersTab) save() error {
	x := u.edited()
	ctx, db := u.w.Context(), u.w.DB()
	var err error
	if u.user == nil {
		err = db.CreateUser(ctx, x, u.password.Text)
	} else {
		err = db.UpdateUser(ctx, x)
	}
	if err != nil {
		return err
	}
	return u.reloadShowing(x.Login)
}

// reloadShowing reads the list again and shows login's user, as stored.
func (u *usersTab) reloadShowing(login string) error {
	x, err := u.w.DB().UserByLogin(u.w.Context(), login)
	if err != nil {
		return err
	}
	return u.records.Saved(x)
}

// act runs do on the user shown once the form's changes are settled, then
// shows the user as stored; a refusal is shown in the store's words.
func (u *usersTab) act(do func(x *data.User) error) {
	x := u.user
	if x == nil {
		return
	}
	u.records.ConfirmLeave(func() {
		err := do(x)
		if err == nil {
			err = u.reloadShowing(x.Login)
		}
		kit.ShowError(u.w.Window(), err)
	})
}

func (u *usersTab) setActive(on bool) {
	u.act(func(x *data.User) error {
		cp := *x
		cp.Active = on
		return u.w.DB().UpdateUser(u.w.Context(), &cp)
	})
}

func (u *usersTab) askDisable() {
	x := u.user
	kit.ConfirmAction(u.w.Window(), "停用用户", "停用", fmt.Sprintf("停用后%s不能再登录，查看投诉人身份的授权也随之收回；其经办记录和审计日志保留。确定停用吗？", x.Display()),
		func(ok bool) {
			if ok {
				u.setActive(false)
			}
		})
}

func (u *usersTab) unlockUser() {
	u.act(func(x *data.User) error { return u.w.DB().UnlockUser(u.w.Context(), x.Login) })
}

// askReset asks for a new password for the user shown (who forgot
// theirs) and sets it: the user must change it at next sign-in, and a
// lock-out ends. A refusal (a weak password) shows under the field, and
// the dialog stays open.
func (u *usersTab) askReset() {
	x := u.user
	if x == nil {
		return
	}
	u.records.ConfirmLeave(func() {
		pw := widget.NewPasswordEntry()
		var d *dialog.CustomDialog
		form := kit.NewForm(func() error {
			if err := u.w.DB().ResetPassword(u.w.Context(), x.Login, pw.Text); err != nil {
				return err
			}
			d.Hide()
			return u.reloadShowing(x.Login)
		})
		form.Add("新密码", "Password", pw, true)
		d = kit.ShowStepDialog(u.w.Window(), "重设密码", form, 520,
			fmt.Sprintf("为%s设置新密码。请把新密码当面告诉本人：下次登录时须改为只有本人知道的密码。", x.Display()))
		u.w.Window().Canvas().Focus(pw)
	})
}
