package settings

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/apptest"
)

// TestServerFormRefusesBadInput: 连接单位服务器 refuses an address that
// cannot be one, each problem in Chinese under its field, without
// connecting or keeping anything; a good one is handed to the shell, its
// password kept in a file only the user may read.
func TestServerFormRefusesBadInput(t *testing.T) {
	w := apptest.New(t)
	s := apptest.Show(t, w, "设置", New)
	for _, item := range s.tabs.Items {
		if item.Text == "连接单位服务器" {
			s.tabs.Select(item)
		}
	}
	if s.tabs.Selected().Text != "连接单位服务器" {
		t.Fatalf("no tab 连接单位服务器 in %d tabs", len(s.tabs.Items))
	}
	tab := s.tabs.Selected().Content
	retype := func(placeholder, text string) {
		e := apptest.EntryWith(t, tab, placeholder)
		e.SetText("")
		test.Type(e, text)
	}
	retype("如：192.168.1.20 或 xnb-server", "192.168.1.20/xnb")
	retype("5432", "70000")
	retype("数据库名，如 xiaoneng", "")
	retype("用户名，如 xiaoneng", "张三")
	for _, button := range []string{"测试连接", "连接"} {
		apptest.TapButton(t, tab, button)
		for _, want := range []string{
			"服务器地址只填计算机名或IP地址，不含空格、端口或“/”",
			"端口应为1到65535之间的数字（PostgreSQL默认为5432）",
			"请填写数据库名",
			"用户名只能由字母、数字和下划线组成",
		} {
			if !apptest.Shows(tab, want) {
				t.Errorf("%s: the form does not say %q; it shows %v", button, want, apptest.Texts(tab))
			}
		}
	}
	if len(w.Opened) != 0 || w.Window().Canvas().Overlays().Top() != nil {
		t.Fatalf("a refused address went on: %v", w.Opened)
	}
	saved, use, err := w.Server().Saved()
	if err != nil || use || saved.Password != "" || saved.Host != "" {
		t.Fatalf("a refused address was kept: %+v %v %v", saved, use, err)
	}

	retype("如：192.168.1.20 或 xnb-server", "192.168.1.20")
	retype("5432", "")
	retype("数据库名，如 xiaoneng", "xiaoneng")
	retype("用户名，如 xiaoneng", "xnb_user")
	var password *widget.Entry
	for _, e := range apptest.Entries(tab) {
		if e, ok := e.(*widget.Entry); ok && e.Password {
			password = e
		}
	}
	if password == nil {
		t.Fatal("no password entry")
	}
	test.Type(password, "口令pw")
	apptest.TapButton(t, tab, "连接")
	if got := w.LastOpened(); !strings.HasPrefix(got, "ConnectServer postgres://xnb_user:xxxxx@192.168.1.20:5432/xiaoneng?") {
		t.Fatalf("connected to %q", got)
	}
	saved, use, err = w.Server().Saved()
	if err != nil || !use || saved.Password != "口令pw" || saved.User != "xnb_user" {
		t.Fatalf("kept %+v %v %v", saved, use, err)
	}
	for _, key := range []string{"server.host", "server.port", "server.database", "server.user"} {
		if strings.Contains(fyne.CurrentApp().Preferences().String(key), "口令") {
			t.Errorf("the password is in the preference %s", key)
		}
	}
	info, err := os.Stat(filepath.Join(w.Secrets(), "server-password"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("password file: %v %v", info, err)
	}

	// 不再自动连接: the next start opens the file, the password is gone.
	apptest.TapButton(t, tab, "不再自动连接")
	saved, use, err = w.Server().Saved()
	if err != nil || use || saved.Password != "" {
		t.Fatalf("after 不再自动连接: %+v %v %v", saved, use, err)
	}
	if _, err := os.Stat(filepath.Join(w.Secrets(), "server-password")); !os.IsNotExist(err) {
		t.Errorf("the password file is still there: %v", err)
	}
}
