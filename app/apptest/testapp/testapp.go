// Package testapp gives the GUI tests of a package one Fyne test app with
// the office theme, handed to each test as a new one would be.
//
// Every new Fyne app (test.NewApp, test.NewTempApp) empties Fyne's caches
// of parsed fonts, measured texts and coloured icons, so each test that made
// its own parsed the theme's Chinese font (4.6 MB) and Fyne's emoji font
// (4.1 MB) again, for regular and bold text, and measured every label
// again. One app keeps them: they depend only on the theme, which stays the
// same. What a test can change in an app is put back after it, so the next
// test finds it as a new app: no window of a test's open, no preference
// kept, an empty clipboard.
package testapp

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"xiaoneng/app/theme"
)

var (
	shared fyne.App
	office fyne.Theme
	// born are the windows a new app has: Fyne's test driver makes one
	// for rendering tests.
	born []fyne.Window
	// holders counts the tests running that asked for the app: a test and
	// its subtests, or a test that asks twice (two windows of the program),
	// share it, and it is put back when the last of them ends.
	holders int
)

// valueWriter is how Fyne's in-memory preferences (the test app's) give
// their values to change all at once.
type valueWriter interface {
	WriteValues(func(map[string]any))
}

// New makes the package's test app the current app, with the office
// theme, no window of a test's open, no preference set and nothing on the
// clipboard, and puts it back so when t ends: its windows closed, its
// preferences and its clipboard emptied.
func New(t testing.TB) fyne.App {
	t.Helper()
	switch {
	case shared == nil:
		shared, office = test.NewApp(), theme.New()
		shared.Settings().SetTheme(office)
		born = slices.Clone(shared.Driver().AllWindows())
	case fyne.CurrentApp() != shared || shared.Settings().Theme() != office:
		// Another app was made current since (test.NewTempApp), and what
		// Fyne cached may have been measured under its theme: setting the
		// theme again empties the caches.
		fyne.SetCurrentApp(shared)
		shared.Settings().SetTheme(office)
	}
	if _, ok := shared.Preferences().(valueWriter); !ok {
		t.Fatalf("testapp: the test app's preferences (%T) cannot be emptied after a test", shared.Preferences())
	}
	if open := shared.Driver().AllWindows(); holders == 0 && !slices.Equal(open, born) {
		t.Fatalf("testapp: the app has %d windows, not the %d it was made with", len(open), len(born))
	}
	holders++
	t.Cleanup(func() {
		if holders--; holders > 0 {
			return
		}
		for _, w := range slices.Clone(shared.Driver().AllWindows()) {
			if !slices.Contains(born, w) {
				w.Close()
			}
		}
		shared.Preferences().(valueWriter).WriteValues(func(values map[string]any) { clear(values) })
		shared.Clipboard().SetContent("")
	})
	return shared
}
