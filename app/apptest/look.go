package apptest

import (
	"context"
	"strings"
	"testing"
	"xiaoneng/app/kit"
	"xiaoneng/data"
	"xiaoneng/data/store"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Walk calls fn for o and every object inside it that is visible.
func Walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	fn(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			Walk(c, fn)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(x)
		for _, c := range r.Objects() {
			Walk(c, fn)
		}
	}
}

// Texts collects the visible labels' Texts under o.
func Texts(o fyne.CanvasObject) []string {
	var out []string
	Walk(o, func(c fyne.CanvasObject) {
		switch l := c.(type) {
		case *widget.Label:
			if l.Text != "" {
				out = append(out, l.Text)
			}
		case *kit.WrapLabel:
			if l.Text != "" {
				out = append(out, l.Text)
			}
		}
	})
	return out
}

// Shows reports whether a visible label under o contains text.
func Shows(o fyne.CanvasObject, text string) bool {
	for _, s := range Texts(o) {
		if strings.Contains(s, text) {
			return true
		}
	}
	return false
}

// TopOverlay is the dialog or popup on top of the window.
func TopOverlay(t testing.TB, w fyne.Window) fyne.CanvasObject {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is shown")
	}
	return top
}

// TapButton taps the visible button labelled label under o.
func TapButton(t testing.TB, o fyne.CanvasObject, label string) {
	t.Helper()
	var found *widget.Button
	Walk(o, func(c fyne.CanvasObject) {
		if b, ok := c.(*widget.Button); ok && b.Text == label && found == nil {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q", label)
	}
	test.Tap(found)
}

// Find returns the first visible object of type T under o.
func Find[T fyne.CanvasObject](t testing.TB, o fyne.CanvasObject) T {
	t.Helper()
	var found T
	ok := false
	Walk(o, func(c fyne.CanvasObject) {
		if x, is := c.(T); is && !ok {
			found, ok = x, true
		}
	})
	if !ok {
		t.Fatalf("no %T shown", found)
	}
	return found
}

// PickUnit chooses a unit in a picker the way a user does: type part of
// the name or its pinyin initials, arrow down to the first match, Enter.
func PickUnit(t testing.TB, w fyne.Window, p *kit.UnitPicker, typed string) {
	t.Helper()
	test.Type(p, typed)
	p.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	focused := w.Canvas().Focused()
	if focused == nil {
		t.Fatal("the picker's dropdown did not take the focus")
	}
	focused.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// MustUnit creates a unit in the ledger.
func MustUnit(t testing.TB, db *store.DB, name string, cat data.UnitCategory) *data.Unit {
	t.Helper()
	u := &data.Unit{Name: name, Category: cat}
	if err := db.CreateUnit(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u
}

// TapFirstRow clicks the first row of the first record list under o, as a
// user selecting a record does; it reports whether the row is then painted
// selected (false when there was no row, or the click selected nothing).
func TapFirstRow(o fyne.CanvasObject) bool {
	// A list's cells are the objects a click, a double click, a right click
	// and the mouse buttons all reach; its header takes clicks only.
	type cell interface {
		fyne.Widget
		fyne.Tappable
		fyne.DoubleTappable
		fyne.SecondaryTappable
		desktop.Mouseable
	}
	var first cell
	Walk(o, func(c fyne.CanvasObject) {
		if x, ok := c.(cell); ok && first == nil {
			first = x
		}
	})
	if first == nil {
		return false
	}
	test.Tap(first)
	return paintedSelected(first)
}

// paintedSelected reports whether a list's cell is drawn in the selection
// colour, as the user sees a selected row.
func paintedSelected(cell fyne.CanvasObject) bool {
	selected := false
	Walk(cell, func(c fyne.CanvasObject) {
		if r, ok := c.(*canvas.Rectangle); ok && r.FillColor == fynetheme.Color(fynetheme.ColorNameSelection) {
			selected = true
		}
	})
	return selected
}

// ShowsRows reports whether a record list under o shows a row.
func ShowsRows(o fyne.CanvasObject) bool {
	found := false
	Walk(o, func(c fyne.CanvasObject) {
		if _, ok := c.(interface {
			fyne.DoubleTappable
			fyne.SecondaryTappable
			desktop.Mouseable
		}); ok && !found {
			found = Texts(c) != nil
		}
	})
	return found
}
