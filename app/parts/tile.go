package parts

import (
	"image/color"
	"strconv"

	"fyne.io/fyne/v2/driver/desktop"
	fynetheme "fyne.io/fyne/v2/theme"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// Tile shows one figure and its caption side by side; a tap opens the list
// behind it.
type Tile struct {
	widget.BaseWidget
	Value   *canvas.Text
	Caption *widget.Label
	onTap   func()
}

func (t *Tile) Set(n int, c tone) {
	t.Value.Text = strconv.Itoa(n)
	t.Value.Color = fynetheme.Color(c(n))
	t.Value.Refresh()
}

func (t *Tile) SetText(s string) {
	t.Value.Text = s
	t.Value.Color = fynetheme.Color(fynetheme.ColorNamePrimary)
	t.Value.Refresh()
}

func (t *Tile) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(fynetheme.Color(fynetheme.ColorNameInputBackground))
	bg.CornerRadius = fynetheme.InputRadiusSize()
	return widget.NewSimpleRenderer(container.NewStack(bg,
		container.NewBorder(nil, nil, container.NewCenter(container.NewPadded(t.Value)), nil,
			container.NewVBox(layout.NewSpacer(), t.Caption, layout.NewSpacer()))))
}

func NewTile(caption string, onTap func()) *Tile {
	t := &Tile{Value: canvas.NewText("—", color.Black), Caption: widget.NewLabel(caption), onTap: onTap}
	t.Value.TextSize = 22
	t.Value.TextStyle = fyne.TextStyle{Bold: true}
	t.Caption.Truncation = fyne.TextTruncateEllipsis
	t.ExtendBaseWidget(t)
	t.SetText("—")
	return t
}

func Plain(int) fyne.ThemeColorName { return fynetheme.ColorNamePrimary }

func WarnIfAny(n int) fyne.ThemeColorName {
	if n > 0 {
		return fynetheme.ColorNameWarning
	}
	return fynetheme.ColorNamePrimary
}

func ErrorIfAny(n int) fyne.ThemeColorName {
	if n > 0 {
		return fynetheme.ColorNameError
	}
	return fynetheme.ColorNamePrimary
}

// tone says which colour a figure takes.
type tone func(n int) fyne.ThemeColorName

// Tapped opens the list behind the figure.
func (t *Tile) Tapped(*fyne.PointEvent) { t.onTap() }

// Cursor shows the hand: the figure is a link.
func (t *Tile) Cursor() desktop.Cursor { return desktop.PointerCursor }
