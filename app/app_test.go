package app

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/theme"
	"xiaoneng/app/widgets"
	"xiaoneng/data"
	"xiaoneng/data/store"
	"xiaoneng/data/store/storetest"
)

// fixedNow is the clock of every test ledger (the store's tests use the
// same): Saturday 2026-11-21 10:00.
var fixedNow = time.Date(2026, 11, 21, 10, 0, 0, 0, data.Zone)

func TestMain(m *testing.M) {
	today = func() data.Date { return data.DateOf(fixedNow) }
	code := m.Run()
	removeBenchLedgers()
	os.Exit(code)
}

// openTestDB opens a new ledger under t.TempDir() with the fixed clock.
func openTestDB(t testing.TB) *store.DB {
	t.Helper()
	db := storetest.Open(t, store.Options{Actor: "测试员", Device: "test-pc"})
	db.SetClock(func() time.Time { return fixedNow })
	return db
}

// newTestBench builds the main window with the test app over a new ledger.
func newTestBench(t testing.TB) (*Workbench, *store.DB) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.New())
	db := openTestDB(t)
	w := NewWorkbench(a, db)
	w.win.Resize(fyne.NewSize(1280, 800))
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
	for _, m := range w.win.MainMenu().Items {
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
	for _, it := range w.win.MainMenu().Items[0].Items {
		if !it.IsSeparator {
			out = append(out, it.Label)
		}
	}
	return out
}

// walk calls fn for o and every object inside it that is visible.
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	fn(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, fn)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(x)
		for _, c := range r.Objects() {
			walk(c, fn)
		}
	}
}

// texts collects the visible labels' texts under o.
func texts(o fyne.CanvasObject) []string {
	var out []string
	walk(o, func(c fyne.CanvasObject) {
		switch l := c.(type) {
		case *widget.Label:
			if l.Text != "" {
				out = append(out, l.Text)
			}
		case *widgets.WrapLabel:
			if l.Text != "" {
				out = append(out, l.Text)
			}
		}
	})
	return out
}

// shows reports whether a visible label under o contains text.
func shows(o fyne.CanvasObject, text string) bool {
	for _, s := range texts(o) {
		if strings.Contains(s, text) {
			return true
		}
	}
	return false
}

// topOverlay is the dialog or popup on top of the window.
func topOverlay(t *testing.T, w *Workbench) fyne.CanvasObject {
	t.Helper()
	top := w.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is shown")
	}
	return top
}

// tapButton taps the visible button labelled label under o.
func tapButton(t *testing.T, o fyne.CanvasObject, label string) {
	t.Helper()
	var found *widget.Button
	walk(o, func(c fyne.CanvasObject) {
		if b, ok := c.(*widget.Button); ok && b.Text == label && found == nil {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q", label)
	}
	test.Tap(found)
}

// find returns the first visible object of type T under o.
func find[T fyne.CanvasObject](t *testing.T, o fyne.CanvasObject) T {
	t.Helper()
	var found T
	ok := false
	walk(o, func(c fyne.CanvasObject) {
		if x, is := c.(T); is && !ok {
			found, ok = x, true
		}
	})
	if !ok {
		t.Fatalf("no %T shown", found)
	}
	return found
}

// waitJobs waits until the workbench's background jobs have finished,
// their completions included.
func waitJobs(t *testing.T, w *Workbench) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for w.running.Load() > 0 {
		if time.Now().After(deadline) {
			t.Fatal("background job still running after 30 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// pickUnit chooses a unit in a picker the way a user does: type part of
// the name or its pinyin initials, arrow down to the first match, Enter.
func pickUnit(t *testing.T, w *Workbench, p *widgets.UnitPicker, typed string) {
	t.Helper()
	test.Type(p, typed)
	p.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	focused := w.win.Canvas().Focused()
	if focused == nil {
		t.Fatal("the picker's dropdown did not take the focus")
	}
	focused.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// mustUnit creates a unit in the ledger.
func mustUnit(t testing.TB, db *store.DB, name string, cat data.UnitCategory) *data.Unit {
	t.Helper()
	u := &data.Unit{Name: name, Category: cat}
	if err := db.CreateUnit(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u
}
