package app

import (
	"net/url"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/app/parts"
	"xiaoneng/data/store"
)

// secretsDir is where the server's password is kept: the user's
// configuration folder, else the program's own storage.
func secretsDir(a fyne.App) string {
	if dir, err := host.DefaultSecretsDir(); err == nil {
		return dir
	}
	return filepath.Join(a.Storage().RootURI().Path(), "secrets")
}

// Server is this desktop's way to the office's server.
func (w *Workbench) Server() *host.ServerLogin { return w.login }

// ConnectServer opens the office's ledger on server s, once unsaved
// changes are dealt with, and keeps s for the next start once it opened.
func (w *Workbench) ConnectServer(s store.Server) error {
	if err := s.Validate(); err != nil {
		return err
	}
	w.leaveThen(func() {
		w.openLedger(s.DSN(), true, func() {
			if err := w.login.Save(s); err != nil {
				kit.ShowError(w.win, err)
			}
		})
	}, func() {})
	return nil
}

// serverDialog asks for the office's server and connects (the first
// start's 连接单位服务器…, and the 文件 menu's, before and after sign-in,
// for every user: 设置 is only for those who may change settings).
func (w *Workbench) serverDialog() {
	saved, _, err := w.login.Saved()
	if err != nil {
		kit.ShowError(w.win, err)
	}
	var d dialog.Dialog
	form := parts.NewServerForm(w.win, saved, func(s store.Server) error {
		if err := w.ConnectServer(s); err != nil {
			return err
		}
		d.Hide()
		return nil
	})
	d = dialog.NewCustom("连接单位服务器", "关闭", form.Form.Widget(), w.win)
	d.Resize(fyne.NewSize(600, 560))
	d.Show()
}

// ledgerName names the open ledger in the title bar: its file's name, or
// the server and database (never the password).
func ledgerName(path string) string {
	if !store.IsServer(path) {
		return filepath.Base(path)
	}
	u, err := url.Parse(path)
	if err != nil {
		return "单位服务器"
	}
	return "单位服务器 " + u.Host + u.Path
}
