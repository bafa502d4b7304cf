package kit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// A row of buttons wraps onto a second row when the pane is narrow, and
// asks only for its widest button's width.
func TestFlowWrapsButtons(t *testing.T) {
	a, b, c := widget.NewButton("送达…", nil), widget.NewButton("登记回复…", nil), widget.NewButton("打印送达回证…", nil)
	flow := NewFlow(a, b, c)
	w := newWindow(t, flow, 800, 300)
	if a.Position().Y != c.Position().Y {
		t.Fatal("at 800 px the buttons are not on one row")
	}
	w.Resize(fyne.NewSize(c.MinSize().Width+20, 300))
	if c.Position().Y <= a.Position().Y || flow.MinSize().Width > c.MinSize().Width+1 {
		t.Fatalf("narrow: rows at %v and %v, minimum width %v", a.Position().Y, c.Position().Y, flow.MinSize().Width)
	}
	if flow.MinSize().Height < 2*a.MinSize().Height {
		t.Errorf("two rows ask for %v pixels", flow.MinSize().Height)
	}
}
