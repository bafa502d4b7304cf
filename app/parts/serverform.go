package parts

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data/store"
)

// ServerForm is 连接单位服务器: the office's PostgreSQL server (address,
// port, database, user, password, encryption), 测试连接, and 连接, which
// hands the address to connect. The first start and 设置 both show it.
type ServerForm struct {
	Form *kit.Form

	win                              fyne.Window
	host, port, database, user, pass *widget.Entry
	tls                              *widget.Check
	status                           *kit.WrapLabel
	probe                            func(ctx context.Context, dsn string) (string, error)
}

// NewServerForm shows s (the address saved, or the defaults) and calls
// connect with the address typed once it is valid; connect's error is
// shown in the form.
func NewServerForm(win fyne.Window, s store.Server, connect func(store.Server) error) *ServerForm {
	f := &ServerForm{win: win, probe: store.Probe}
	f.host = widget.NewEntry()
	f.host.SetPlaceHolder("如：192.168.1.20 或 xnb-server")
	f.port = widget.NewEntry()
	f.port.SetPlaceHolder(store.DefaultPort)
	f.database = widget.NewEntry()
	f.database.SetPlaceHolder("数据库名，如 xiaoneng")
	f.user = widget.NewEntry()
	f.user.SetPlaceHolder("用户名，如 xiaoneng")
	f.pass = widget.NewPasswordEntry()
	f.tls = widget.NewCheck("加密连接（TLS，服务器须已配置证书）", nil)
	f.status = kit.NewWrapLabel("")
	f.status.Hide()

	f.Form = kit.NewForm(func() error {
		typed := f.Server()
		if err := typed.Validate(); err != nil {
			return err
		}
		return connect(typed)
	})
	f.Form.SetSaveButton("连接", theme.LoginIcon())
	f.Form.SetCheck(func() error { return f.Server().Validate() })
	f.Form.Add("服务器地址", "Host", f.host, true)
	f.Form.Add("端口", "Port", f.port, false)
	f.Form.Add("数据库", "Database", f.database, true)
	f.Form.Add("用户名", "User", f.user, true)
	f.Form.Add("密码", "Password", f.pass, false)
	f.Form.Add("", "TLS", f.tls, false)
	f.Form.AddBelow(f.status)
	f.Form.AddBelow(kit.NewWrapLabel("密码保存在本机只有当前用户能读取的文件中，不写入程序设置。服务器的建立方法见说明书“单位服务器”一节。"))
	f.Form.AddButton(widget.NewButton("测试连接", f.Test))
	f.Show(s)
	return f
}

// Show puts s in the form.
func (f *ServerForm) Show(s store.Server) {
	f.host.SetText(s.Host)
	f.port.SetText(s.Port)
	f.database.SetText(s.Database)
	f.user.SetText(s.User)
	f.pass.SetText(s.Password)
	f.tls.SetChecked(s.TLS)
	f.Form.MarkClean()
}

// Server is the address as typed.
func (f *ServerForm) Server() store.Server {
	return store.Server{
		Host:     strings.TrimSpace(f.host.Text),
		Port:     strings.TrimSpace(f.port.Text),
		Database: strings.TrimSpace(f.database.Text),
		User:     strings.TrimSpace(f.user.Text),
		Password: f.pass.Text,
		TLS:      f.tls.Checked,
	}
}

// Status is what 测试连接 found, "" before.
func (f *ServerForm) Status() string { return f.status.Text }

// Test connects to the server typed, in the background, and says what it
// found there (a ledger, an empty database, or why not); an address that
// cannot be one is refused under its fields first.
func (f *ServerForm) Test() {
	s := f.Server()
	if err := s.Validate(); err != nil {
		f.Form.ShowError(err)
		return
	}
	var found string
	kit.RunJob(f.win, "正在连接服务器", func(ctx context.Context, _ func(done, total int)) error {
		var err error
		found, err = f.probe(ctx, s.DSN())
		return err
	}, func(err error) {
		if err != nil { // RunJob has told the user
			found = "连接失败。"
		}
		f.status.SetText(found)
		f.status.Show()
	})
}

// ShowServerDialog asks for the office's server in a dialog, filled with
// what h's desktop saved, and connects through h, which refuses an address
// it cannot keep (in Chinese, under the form): the first start's
// 连接单位服务器…, and the 文件 menu's, before and after sign-in, for every
// user (设置 is only for those who may change settings).
func ShowServerDialog(h interface {
	Window() fyne.Window
	Server() *host.ServerLogin
	ConnectServer(store.Server) error
}) {
	win := h.Window()
	saved, _, err := h.Server().Saved()
	if err != nil {
		kit.ShowError(win, err)
	}
	var d dialog.Dialog
	form := NewServerForm(win, saved, func(s store.Server) error {
		if err := h.ConnectServer(s); err != nil {
			return err
		}
		d.Hide()
		return nil
	})
	d = dialog.NewCustom("连接单位服务器", "关闭", form.Form.Widget(), win)
	d.Resize(fyne.NewSize(600, 560))
	d.Show()
}
