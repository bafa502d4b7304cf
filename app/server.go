package app

import (
	"time"

	"fyne.io/fyne/v2"

	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data/store"
)

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

// watchEvery is how often the open ledger is looked at for changes made
// elsewhere (w.follow): one indexed row read, cheap on both engines; onUI
// runs a refresh on the UI thread (a test runs it on its own).
var (
	watchEvery = 2 * time.Second
	onUI       = fyne.Do
)

// refreshShown refreshes the screen shown if it follows changes, unless
// the idle lock covers it (the store refuses the locked session).
func (w *Workbench) refreshShown() {
	if r, ok := w.currentScreen().(host.Refresher); ok && w.db != nil && w.lock == nil {
		r.Refresh()
	}
}
