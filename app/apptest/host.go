// Package apptest is what the screens' tests share: a host.Host over a real
// ledger in a test window, which shows one screen at a time and records
// where the screen asked to go, and the helpers that look into the window
// and act on it as a user does.
package apptest

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/apptest/testapp"
	"xiaoneng/app/host"
	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/data/store/storetest"
)

// FixedNow is the clock of every test ledger (the store's tests use the
// same): Saturday 2026-11-21 10:00.
var FixedNow = time.Date(2026, 11, 21, 10, 0, 0, 0, data.Zone)

// Setup makes the office's day FixedNow's, and runs the work screens put
// in the background in place: Fyne's test driver runs fyne.Do where it is
// called, so work left running would race with the next step of a test.
// A GUI test package's TestMain calls it.
func Setup() {
	host.Today = func() data.Date { return data.DateOf(FixedNow) }
	kit.OffUI = func(work func()) { work() }
}

// OpenDB opens a new ledger under t.TempDir() with the fixed clock.
func OpenDB(t testing.TB) *store.DB {
	t.Helper()
	db := storetest.New(t)
	db.SetClock(func() time.Time { return FixedNow })
	return db
}

// Host is a host.Host for tests: a window of the test app over a ledger.
type Host struct {
	win     fyne.Window
	db      *store.DB
	running atomic.Int32
	screens map[string]host.Screen
	current host.Screen
	login   *host.ServerLogin
	secrets string // the folder of the server's password

	// Opened records each call of the Navigator, e.g. "OpenUnit u1" or
	// "ShowComplaints 已超期": where the screen shown sent the user.
	Opened []string
	// MenuChanges, SettingsChanges and ExchangeChanges count the calls of
	// MenuChanged, SettingsChanged and ExchangeChanged.
	MenuChanges, SettingsChanges, ExchangeChanges int
}

var _ host.Host = (*Host)(nil)

// New opens a window of the test app at 1280×800 over a new ledger.
func New(t testing.TB) *Host {
	t.Helper()
	return Over(t, OpenDB(t))
}

// Over opens a window of the test app at 1280×800 over db (the server's
// password, if one is saved, in a folder of the test's). The test app is
// the package's one (testapp.New), put back as new when the test ends.
func Over(t testing.TB, db *store.DB) *Host {
	t.Helper()
	a := testapp.New(t)
	h := &Host{db: db, screens: map[string]host.Screen{}, secrets: t.TempDir()}
	h.win = a.NewWindow("效能台账")
	h.win.Resize(fyne.NewSize(1280, 800))
	return h
}

func (h *Host) Window() fyne.Window       { return h.win }
func (h *Host) DB() *store.DB             { return h.db }
func (h *Host) Context() context.Context  { return context.Background() }
func (h *Host) MenuChanged()              { h.MenuChanges++ }
func (h *Host) SettingsChanged()          { h.SettingsChanges++ }
func (h *Host) ExchangeChanged()          { h.ExchangeChanges++ }
func (h *Host) Backup()                   { h.Opened = append(h.Opened, "Backup") }
func (h *Host) RestoreBackup(path string) { h.opened("RestoreBackup %s", path) }
func (h *Host) Server() *host.ServerLogin {
	if h.login == nil {
		h.login = host.NewServerLogin(fyne.CurrentApp().Preferences(), h.secrets)
	}
	return h.login
}

// Secrets is the folder the server's password is kept in.
func (h *Host) Secrets() string { return h.secrets }
func (h *Host) ConnectServer(s store.Server) error {
	if err := h.Server().Save(s); err != nil {
		return err
	}
	h.opened("ConnectServer %s", store.Redact(s.DSN()))
	return nil
}
func (h *Host) Current() host.Screen { return h.current }
func (h *Host) opened(format string, a ...any) {
	h.Opened = append(h.Opened, fmt.Sprintf(format, a...))
}

// RunJob runs work as the workbench does (kit.RunJob), counting it until
// done has run.
func (h *Host) RunJob(title string, work func(ctx context.Context, progress func(done, total int)) error, done func(err error)) {
	h.running.Add(1)
	kit.RunJob(h.win, title, work, func(err error) {
		defer h.running.Add(-1)
		if done != nil {
			done(err)
		}
	})
}

func (h *Host) OpenUnit(id string)              { h.opened("OpenUnit %s", id) }
func (h *Host) EditVisit(v *data.Visit)         { h.opened("EditVisit %s", v.ID) }
func (h *Host) OpenFinding(id string)           { h.opened("OpenFinding %s", id) }
func (h *Host) ShowFindings(chip string)        { h.opened("ShowFindings %s", chip) }
func (h *Host) OpenComplaint(c *data.Complaint) { h.opened("OpenComplaint %s", c.ID) }
func (h *Host) ShowComplaints(state string)     { h.opened("ShowComplaints %s", state) }
func (h *Host) ShowComplaintsIn(from, to data.Date, state string) {
	h.opened("ShowComplaintsIn %s %s %s", from, to, state)
}
func (h *Host) OpenDocument(id string)    { h.opened("OpenDocument %s", id) }
func (h *Host) ShowDocuments(chip string) { h.opened("ShowDocuments %s", chip) }
func (h *Host) OpenTask(id string)        { h.opened("OpenTask %s", id) }
func (h *Host) ShowTasks(chip string)     { h.opened("ShowTasks %s", chip) }
func (h *Host) OpenAction(a *data.Action) { h.opened("OpenAction %s", a.ID) }
func (h *Host) EditCalendarYear(year int) { h.opened("EditCalendarYear %d", year) }

// LastOpened is the last Navigator call, "" when there was none.
func (h *Host) LastOpened() string {
	if len(h.Opened) == 0 {
		return ""
	}
	return h.Opened[len(h.Opened)-1]
}

// Show selects the screen named name as the shell does: built once by
// build, put in the window and told it is shown. It returns the screen.
func Show[S host.Screen](t testing.TB, h *Host, name string, build func(host.Host) S) S {
	t.Helper()
	s, ok := h.screens[name].(S)
	if !ok {
		s = build(h)
		h.screens[name] = s
	}
	h.current = s
	h.win.SetContent(s.View())
	s.Shown()
	return s
}

// Press runs the menu item of the screen shown bound to Ctrl+key, as the
// window does when the keys are pressed; it reports whether there was one.
func (h *Host) Press(key fyne.KeyName) bool {
	want := (&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}).ShortcutName()
	for _, it := range host.MenuItems(h.current) {
		if it.Shortcut != nil && it.Shortcut.ShortcutName() == want {
			it.Action()
			return true
		}
	}
	return false
}

// WaitJobs waits until the background jobs have finished, their
// completions included.
func WaitJobs(t testing.TB, h *Host) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for h.running.Load() > 0 {
		if time.Now().After(deadline) {
			t.Fatal("background job still running after 30 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// QueueBackground holds the work the screens put in the background until
// the test waits for it, and runs it then on the test's goroutine: Fyne's
// test driver runs fyne.Do where it is called, so work left running would
// race with the test's own use of the kit.
func QueueBackground(t testing.TB) {
	t.Helper()
	prev := kit.OffUI
	kit.OffUI = func(work func()) { queued = append(queued, work) }
	t.Cleanup(func() { kit.OffUI, queued = prev, nil })
}

var queued []func()

// RunQueued runs the work put in the background, in order.
func RunQueued() {
	for len(queued) > 0 {
		work := queued[0]
		queued = queued[1:]
		work()
	}
}

// TakeQueued takes the first piece of work put in the background out of the
// queue, for a test that runs it out of turn; nil when there is none.
func TakeQueued() func() {
	if len(queued) == 0 {
		return nil
	}
	work := queued[0]
	queued = queued[1:]
	return work
}

// Main runs a GUI test package's tests after Setup and removes the
// benchmarks' ledgers after them.
func Main(m *testing.M) {
	Setup()
	code := m.Run()
	RemoveBenchLedgers()
	os.Exit(code)
}

// Leave selects another entry of the navigation, as a click there does: a
// screen with unsaved changes asks first, and stays shown until the user
// gives them up.
func (h *Host) Leave() {
	l, ok := h.current.(host.Leaver)
	if !ok {
		h.left()
		return
	}
	l.ConfirmLeave(h.left)
}

func (h *Host) left() {
	h.current = nil
	h.win.SetContent(widget.NewLabel("工作台"))
}
