package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// NewFlow is a row of buttons (or other objects at their minimum size)
// that wraps onto further rows when the width runs out, so that a pane
// never needs the width of all its buttons side by side.
func NewFlow(objects ...fyne.CanvasObject) *fyne.Container {
	return &fyne.Container{Layout: &flowLayout{}, Objects: objects}
}

type flowLayout struct {
	width float32 // the width last laid out at, for MinSize's height
}

// rows places the objects in rows no wider than width and returns the
// height they take; place, if not nil, gets each object's position.
func (l *flowLayout) rows(objects []fyne.CanvasObject, width float32, place func(o fyne.CanvasObject, at fyne.Position)) float32 {
	pad := theme.Padding()
	var x, y, rowH float32
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		if x > 0 && x+m.Width > width {
			x, y = 0, y+rowH+pad
			rowH = 0
		}
		if place != nil {
			place(o, fyne.NewPos(x, y))
		}
		x += m.Width + pad
		rowH = max(rowH, m.Height)
	}
	return y + rowH
}

func (l *flowLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var widest float32
	for _, o := range objects {
		if o.Visible() {
			widest = max(widest, o.MinSize().Width)
		}
	}
	return fyne.NewSize(widest, l.rows(objects, max(l.width, widest), nil))
}

func (l *flowLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	l.rows(objects, size.Width, func(o fyne.CanvasObject, at fyne.Position) {
		o.Move(at)
		o.Resize(o.MinSize())
	})
}
