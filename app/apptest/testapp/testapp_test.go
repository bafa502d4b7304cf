package testapp

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// What a test leaves in the app (a window, a preference, the clipboard,
// another app made current with another theme) is gone for the next test,
// which finds the app as a new one with the office theme; a test and its
// subtests share it.
func TestEachTestFindsTheAppAsNew(t *testing.T) {
	isNew := func(t *testing.T, a fyne.App) {
		t.Helper()
		if fyne.CurrentApp() != a || a.Settings().Theme() != office {
			t.Errorf("the current app %p (theme %T), want %p with the office theme", fyne.CurrentApp(), a.Settings().Theme(), a)
		}
		if n := len(a.Driver().AllWindows()); n != 1 {
			t.Errorf("%d windows open, want the test driver's one", n)
		}
		if v := a.Preferences().String("server.host"); v != "" {
			t.Errorf("a preference kept: %q", v)
		}
		if c := a.Clipboard().Content(); c != "" {
			t.Errorf("the clipboard holds %q", c)
		}
	}
	// a text's width depends on the theme's font, and Fyne keeps it
	const text = "Xiaoneng 2026"
	width := func() float32 { return fyne.MeasureText(text, 14, fyne.TextStyle{}).Width }
	var first fyne.App
	var officeWidth float32
	t.Run("leaves things behind", func(t *testing.T) {
		first = New(t)
		isNew(t, first)
		officeWidth = width()
		first.NewWindow("单位")
		first.NewWindow("照片")
		first.Preferences().SetString("server.host", "192.168.1.10")
		first.Clipboard().SetContent("县数据资源局")
		t.Run("a subtest shares the app", func(t *testing.T) {
			if a := New(t); a != first || len(a.Driver().AllWindows()) != 3 || a.Preferences().String("server.host") == "" {
				t.Error("the subtest got another app, or the test's windows and preferences were put back before it ended")
			}
		})
		if len(first.Driver().AllWindows()) != 3 {
			t.Error("the subtest's end closed the test's windows")
		}
	})
	t.Run("finds it as new", func(t *testing.T) {
		a := New(t)
		if a != first {
			t.Error("a second app was made")
		}
		isNew(t, a)
	})
	t.Run("makes another app", func(t *testing.T) {
		test.NewTempApp(t).Settings().SetTheme(test.Theme())
	})
	// measured under the app test.NewTempApp leaves current, Fyne's own
	if other := width(); other == officeWidth {
		t.Fatalf("%q is %v wide in both themes: the test cannot tell them apart", text, other)
	}
	t.Run("finds the office theme again", func(t *testing.T) {
		isNew(t, New(t))
		if w := width(); w != officeWidth {
			t.Errorf("%q measured %v wide, not %v as in the office theme", text, w, officeWidth)
		}
	})
}
