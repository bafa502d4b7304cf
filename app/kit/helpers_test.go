package kit

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xiaoneng/app/apptest/testapp"
	"xiaoneng/data"
)

// newWindow shows content in a window of the given size of the package's
// headless app with the office theme (testapp.New: as new in every test).
func newWindow(t testing.TB, content fyne.CanvasObject, w, h float32) fyne.Window {
	t.Helper()
	testapp.New(t)
	win := test.NewTempWindow(t, content)
	win.Resize(fyne.NewSize(w, h))
	return win
}

// fixToday pins the calendar's today for the test.
func fixToday(t testing.TB, d data.Date) {
	t.Helper()
	old := today
	today = func() data.Date { return d }
	t.Cleanup(func() { today = old })
}

// objects lists every object in the canvas, overlays included. It walks
// the renderers itself: test.LaidOutObjects stops at Fyne's table cells.
func objects(c fyne.Canvas) []fyne.CanvasObject {
	var all []fyne.CanvasObject
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		all = append(all, o)
		switch v := o.(type) {
		case *fyne.Container:
			for _, child := range v.Objects {
				walk(child)
			}
		case fyne.Widget:
			for _, child := range test.WidgetRenderer(v).Objects() {
				walk(child)
			}
		}
	}
	walk(c.Content())
	for _, o := range c.Overlays().List() {
		walk(o)
	}
	return all
}

// find returns the drawn objects of type O that satisfy ok.
func find[O any](c fyne.Canvas, ok func(O) bool) []O {
	var out []O
	for _, o := range objects(c) {
		if v, is := o.(O); is && (ok == nil || ok(v)) {
			out = append(out, v)
		}
	}
	return out
}

// button finds the visible button with the given text.
func button(t *testing.T, c fyne.Canvas, text string) *widget.Button {
	t.Helper()
	bs := find(c, func(b *widget.Button) bool { return b.Text == text })
	if len(bs) == 0 {
		t.Fatalf("no button %q on screen", text)
	}
	return bs[0]
}

// hasLabel reports whether a visible label shows text.
func hasLabel(c fyne.Canvas, text string) bool {
	return len(find(c, func(l *widget.Label) bool { return l.Text == text })) > 0 ||
		len(find(c, func(l *WrapLabel) bool { return l.Text == text })) > 0
}

// popupShown reports whether a pop-up is on its canvas (a new pop-up
// reports Visible before it is shown).
func popupShown(p *widget.PopUp) bool {
	return p != nil && p.Visible() && slices.Contains(p.Canvas.Overlays().List(), fyne.CanvasObject(p))
}
