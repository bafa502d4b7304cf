package parts

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"

	"xiaoneng/data"
	"xiaoneng/data/store"
)

// Follower looks at the open ledger for changes made elsewhere every
// Every (store.DB.Watch) and has Changed run on the UI thread (UI) after
// each, from Start until Stop (before the ledger is closed). A look that
// fails (the server gone a while) is logged and tried again after a
// pause: the next action the user takes says what is wrong.
type Follower struct {
	Every   time.Duration
	UI      func(func())
	Changed func()
	stop    context.CancelFunc
}

// Start follows db, instead of the ledger followed before.
func (f *Follower) Start(db *store.DB) {
	f.Stop()
	ctx, cancel := context.WithCancel(context.Background())
	f.stop = cancel
	every, ui, changed := f.Every, f.UI, f.Changed
	go func() {
		for ctx.Err() == nil {
			if err := db.Watch(ctx, every, func() { ui(changed) }); err != nil {
				fyne.LogError("watching the ledger for changes", err)
			}
			select {
			case <-ctx.Done():
			case <-time.After(10 * every):
			}
		}
	}()
}

// Stop stops following the ledger.
func (f *Follower) Stop() {
	if f.stop != nil {
		f.stop()
		f.stop = nil
	}
}

// LedgerName names a ledger in the title bar: its file's name, or the
// server and database (never the password).
func LedgerName(path string) string {
	if !store.IsServer(path) {
		return filepath.Base(path)
	}
	u, err := url.Parse(path)
	if err != nil {
		return "单位服务器"
	}
	return "单位服务器 " + u.Host + u.Path
}

// BackupName proposes 台账-备份-YYYYMMDD.db in dir, numbered when a backup
// of the day is there already.
func BackupName(dir string, day data.Date) string {
	base := fmt.Sprintf("台账-备份-%04d%02d%02d", day.Year(), int(day.Month()), day.Day())
	name := base + ".db"
	for i := 2; ; i++ {
		if _, err := os.Stat(filepath.Join(dir, name)); errors.Is(err, os.ErrNotExist) {
			return name
		}
		name = fmt.Sprintf("%s-%d.db", base, i)
	}
}
