package kit

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// Activity lies under the workbench and takes the mouse moving over its
// parts that do not follow the mouse themselves as the user's activity,
// for the idle lock. (Fyne has no hook for every event; the ledger calls
// the screens make count too.)
type Activity struct {
	widget.BaseWidget
	touch func()
}

// NewActivity calls touch whenever the mouse moves over it.
func NewActivity(touch func()) *Activity {
	a := &Activity{touch: touch}
	a.ExtendBaseWidget(a)
	return a
}

func (a *Activity) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

func (a *Activity) MouseIn(*desktop.MouseEvent)    { a.touch() }
func (a *Activity) MouseMoved(*desktop.MouseEvent) { a.touch() }
func (a *Activity) MouseOut()                      {}
