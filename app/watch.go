package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"

	"xiaoneng/app/host"
	"xiaoneng/data/store"
)

// watchEvery is how often the open ledger is looked at for changes made
// elsewhere: one indexed row read (store.DB.Watch), cheap on both engines.
var watchEvery = 2 * time.Second

// onUI runs a refresh on the UI thread (a test runs it on its own).
var onUI = fyne.Do

// watch follows the open ledger for changes made elsewhere and has the
// screen shown refresh its lists (host.Refresher), on the UI thread, until
// unwatch. A look that fails (the server gone a while) is logged and
// tried again after a pause: the next action the user takes says what is
// wrong.
func (w *Workbench) watch(db *store.DB) {
	w.unwatch()
	ctx, cancel := context.WithCancel(context.Background())
	w.stopWatch = cancel
	every, ui := watchEvery, onUI
	go func() {
		for ctx.Err() == nil {
			err := db.Watch(ctx, every, func() { ui(w.refreshShown) })
			if err != nil {
				fyne.LogError("watching the ledger for changes", err)
			}
			select {
			case <-ctx.Done():
			case <-time.After(10 * every):
			}
		}
	}()
}

// unwatch stops following the ledger: before it is closed.
func (w *Workbench) unwatch() {
	if w.stopWatch != nil {
		w.stopWatch()
		w.stopWatch = nil
	}
}

// refreshShown refreshes the screen shown if it follows changes, unless
// the idle lock covers it (the store refuses the locked session).
func (w *Workbench) refreshShown() {
	if w.lock != nil {
		return
	}
	if r, ok := w.currentScreen().(host.Refresher); ok && w.db != nil {
		r.Refresh()
	}
}
