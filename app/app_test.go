package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"xiaoneng/app/apptest"
	"xiaoneng/app/apptest/testapp"
	"xiaoneng/data"
	"xiaoneng/data/store"
)

func TestMain(m *testing.M) {
	// Changes made elsewhere are followed only where a test asks for it
	// (TestOpenListFollowsOtherDesktops): under the test driver the
	// follower's refresh would run on its own goroutine, beside the test's.
	watchEvery = time.Hour
	apptest.Main(m)
}

// newTestBench builds the main window with the test app over a new ledger.
func newTestBench(t testing.TB) (*Workbench, *store.DB) {
	t.Helper()
	a := testapp.New(t)
	db := apptest.OpenDB(t)
	w := NewWorkbench(a, db)
	w.Window().Resize(fyne.NewSize(1280, 800))
	return w, db
}

// goTo selects the navigation entry titled title, as a click would.
func goTo[S screen](t *testing.T, w *Workbench, title string) S {
	t.Helper()
	for i, d := range w.defs {
		if d.title == title {
			w.nav.Select(i)
			s, ok := w.currentScreen().(S)
			if !ok {
				t.Fatalf("%s: the screen shown is %T", title, w.currentScreen())
			}
			return s
		}
	}
	t.Fatalf("no navigation entry %s", title)
	panic("unreachable")
}

// press runs the menu item bound to Ctrl+key, as the window does when the
// keys are pressed; it reports whether there was one.
func press(w *Workbench, key fyne.KeyName) bool {
	want := (&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}).ShortcutName()
	for _, m := range w.Window().MainMenu().Items {
		for _, it := range m.Items {
			if it.Shortcut != nil && it.Shortcut.ShortcutName() == want {
				it.Action()
				return true
			}
		}
	}
	return false
}

// menuLabels lists the labels of the 文件 menu.
func menuLabels(w *Workbench) []string {
	var out []string
	for _, it := range w.Window().MainMenu().Items[0].Items {
		if !it.IsSeparator {
			out = append(out, it.Label)
		}
	}
	return out
}

// waitJobs waits until the workbench's background jobs have finished,
// their completions included.
func waitJobs(t *testing.T, w *Workbench) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Minute) // a hang, not a slow machine: the race detector under load took over 30 s
	for w.running.Load() > 0 {
		if time.Now().After(deadline) {
			t.Fatal("background job still running after 5 minutes")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A failed automatic backup shows in the status bar, in Chinese, until a
// backup succeeds; a ledger closed since tells nothing.
func TestBackupFailureShows(t *testing.T) {
	w, db := newTestBench(t)
	w.showBackupOutcome(db.Path(), &data.FileError{Path: "/备份/台账.db", Err: data.ErrDiskFull})
	if !w.backupNote.Visible() || !strings.Contains(w.backupNote.Text, "自动备份失败") || !apptest.Shows(w.win.Content(), "自动备份失败") {
		t.Fatalf("after a failed backup the status bar says %q (shown %v)", w.backupNote.Text, w.backupNote.Visible())
	}
	w.showBackupOutcome(db.Path(), nil)
	if w.backupNote.Visible() {
		t.Error("the failure still shows after a backup was made")
	}
	w.showBackupOutcome("/另一个/台账.db", data.ErrDiskFull)
	if w.backupNote.Visible() {
		t.Error("another ledger's failure shows")
	}
}
